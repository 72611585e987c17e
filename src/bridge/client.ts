/**
 * Asks the running editor about a command line over the bridge (docs/agents.md). Used by the agent
 * hooks and `terminal-guard shell`; it finds the editor by itself (discovery.ts) and never throws:
 * every failure is an answer whose `reason` says what went wrong in plain words.
 */
import * as net from 'net';
import { PRODUCTION_VARIABLES } from '../engine/policy';
import type { FileEdit } from '../engine/rules/self-protection-edits';
import type { ShellHint } from '../engine/shells';
import type { Verdict } from '../engine/types';
import { defaultRuntimeDir, type FoundWindow, rankWindows, readRecords } from './discovery';
import { LineSplitter, parseResponse, PROTOCOL_VERSION, type BridgeRequest } from './protocol';

export interface EditorQuestion {
	kind: 'check' | 'confirm' | 'hooked';
	line: string;
	cwd: string;
	agent: string;
	pid?: number;
	/** An agent's file-editing tool call, judged by the editor instead of `line` (protocol.ts). */
	edit?: FileEdit;
	/** The shell that runs `line` when it is not a POSIX shell (src/engine/shells.ts). */
	shell?: ShellHint;
}

export interface EditorAnswer {
	outcome: 'allowed' | 'refused' | 'timed-out' | 'unreachable' | 'error';
	verdict?: Verdict;
	/** Plain words, for the agent / terminal. */
	reason?: string;
	/** The safer line the person chose instead (only with `refused`): the agent may run it. */
	safer?: string;
}

export interface AskOptions {
	/** Give up (and withdraw the question) after this long; default: wait for the editor's own time-out. */
	timeoutMs?: number;
	/** Aborting withdraws the question. */
	signal?: AbortSignal;
	/** Where to look for editors; tests only (default `~/.terminal-guard/run`). */
	runtimeDir?: string;
}

/** What an answer means for the command: run it, do not (and why), or let the engine here decide. */
export type AnswerMeaning = { readonly run: true } | { readonly run: false; readonly message: string } | { readonly run: 'decide-here'; readonly why: string };

/** No editor, or a broken exchange, leaves the decision to the engine in the asking process. */
export function meaningOf(answer: EditorAnswer): AnswerMeaning {
	switch (answer.outcome) {
		case 'allowed':
			return { run: true };
		case 'refused':
			return { run: false, message: answer.reason ?? 'it was not confirmed in the editor' };
		case 'timed-out':
			return { run: false, message: answer.reason ?? 'no one confirmed it in the editor in time' };
		case 'unreachable':
			return { run: 'decide-here', why: 'no editor with Terminal Guard is running for this folder' };
		case 'error':
			return { run: 'decide-here', why: `the editor could not be asked (${answer.reason ?? 'unknown error'})` };
		default:
			return { run: false, message: 'the editor gave an answer Terminal Guard does not know' };
	}
}

/** How long to wait for a window's socket to accept before trying the next window. */
const CONNECT_TIMEOUT_MS = 3000;

/** The caller's variables the engine reads: production signals and HOME. Nothing else leaves. */
function relevantEnv(): Record<string, string> {
	const env: Record<string, string> = {};
	for (const name of [...PRODUCTION_VARIABLES, 'HOME']) {
		const value = process.env[name];
		if (value !== undefined) {
			env[name] = value;
		}
	}
	return env;
}

export async function askEditor(q: EditorQuestion, options: AskOptions = {}): Promise<EditorAnswer> {
	try {
		const dir = options.runtimeDir ?? defaultRuntimeDir();
		const { windows, rejected } = readRecords(dir);
		const ranked = rankWindows(windows, q.cwd);
		if (ranked.length === 0) {
			const passedOver = rejected.length > 0 ? ` (passed over: ${rejected.map((r) => `${r.file}: ${r.reason}`).join('; ')})` : '';
			return { outcome: 'unreachable', reason: `no editor with Terminal Guard is running for ${q.cwd}: nothing usable in ${dir}${passedOver}` };
		}
		const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
		const failures: string[] = [];
		for (const window of ranked) {
			const attempt = await askWindow(window, q, deadline, options.signal);
			if (attempt.connected) {
				return attempt.answer;
			}
			failures.push(`pid ${window.record.pid}: ${attempt.error}`);
		}
		return { outcome: 'unreachable', reason: `no editor with Terminal Guard answered (${failures.join('; ')})` };
	} catch (error) {
		return { outcome: 'error', reason: `asking the editor failed: ${error instanceof Error ? error.message : String(error)}` };
	}
}

/**
 * Tells every running editor that the shell `pid` has the Enter hook loaded (the window that owns the
 * terminal shows it as guarded; the others ignore a pid they do not know). Never throws.
 */
export async function announceHooked(pid: number, cwd: string, options: AskOptions = {}): Promise<number> {
	try {
		const { windows } = readRecords(options.runtimeDir ?? defaultRuntimeDir());
		const answers = await Promise.all(windows.map((w) => askWindow(w, { kind: 'hooked', line: '', cwd, agent: 'terminal', pid }, Date.now() + CONNECT_TIMEOUT_MS, options.signal)));
		return answers.filter((a) => a.connected && a.answer.outcome === 'allowed').length;
	} catch {
		return 0;
	}
}

type Attempt = { connected: true; answer: EditorAnswer } | { connected: false; error: string };

/** One window: connect, send the request, wait for the answer line. Closing the socket withdraws. */
function askWindow(window: FoundWindow, q: EditorQuestion, deadline: number | undefined, signal: AbortSignal | undefined): Promise<Attempt> {
	return new Promise<Attempt>((resolve) => {
		let connected = false;
		let settled = false;
		const socket = net.createConnection(window.record.socket);
		const timers: NodeJS.Timeout[] = [];
		const finish = (attempt: Attempt): void => {
			if (settled) {
				return;
			}
			settled = true;
			timers.forEach(clearTimeout);
			signal?.removeEventListener('abort', onAbort);
			socket.destroy();
			resolve(attempt);
		};
		const onAbort = (): void => finish({ connected: true, answer: { outcome: 'error', reason: 'the question was withdrawn before the editor answered' } });
		if (signal?.aborted) {
			onAbort();
			return;
		}
		signal?.addEventListener('abort', onAbort, { once: true });
		timers.push(setTimeout(() => {
			if (!connected) {
				finish({ connected: false, error: `its socket did not accept within ${CONNECT_TIMEOUT_MS / 1000}s` });
			}
		}, CONNECT_TIMEOUT_MS));
		if (deadline !== undefined) {
			timers.push(setTimeout(() => finish({ connected: true, answer: { outcome: 'timed-out', reason: 'no answer from the editor in time; the question was withdrawn' } }), Math.max(0, deadline - Date.now())));
		}
		const lines = new LineSplitter(
			(line) => {
				const response = parseResponse(line);
				finish({ connected: true, answer: { outcome: response.outcome, verdict: response.verdict, reason: response.reason, ...(response.safer ? { safer: response.safer } : {}) } });
			},
			() => finish({ connected: true, answer: { outcome: 'error', reason: 'the editor answered with an over-long line' } }),
		);
		socket.on('connect', () => {
			connected = true;
			const request: BridgeRequest = { v: PROTOCOL_VERSION, secret: window.record.secret, kind: q.kind, line: q.line, cwd: q.cwd, agent: q.agent, env: relevantEnv(), ...(q.pid !== undefined ? { pid: q.pid } : {}), ...(q.edit ? { edit: q.edit } : {}), ...(q.shell ? { shell: q.shell } : {}) };
			socket.write(JSON.stringify(request) + '\n');
		});
		socket.on('data', (chunk) => lines.push(chunk));
		socket.on('error', (error) => {
			finish(connected
				? { connected: true, answer: { outcome: 'error', reason: `the connection to the editor failed: ${error.message}` } }
				: { connected: false, error: error.message });
		});
		socket.on('close', () => {
			finish({ connected: true, answer: { outcome: 'error', reason: 'the editor closed the connection without answering' } });
		});
	});
}

/**
 * Asks the running editor about a command line over the bridge (docs/agents.md). Used by the agent
 * hooks and `terminal-guard shell`; it finds the editor by itself (discovery.ts) and never throws:
 * every failure is an answer whose `reason` says what went wrong in plain words.
 */
import * as fs from 'fs';
import type * as Net from 'net';
import { PRODUCTION_VARIABLES } from '../engine/policy';
import type { FileEdit } from '../engine/rules/self-protection-edits';
import type { ShellHint } from '../engine/shells';
import type { Verdict } from '../engine/types';
import { defaultRuntimeDir, type FoundWindow, rankWindows, readRecords, type RejectedFile } from './discovery';
import { LineSplitter, parseResponse, PROTOCOL_VERSION, type BridgeRequest } from './protocol';
import { openSocket, type SocketTransport } from './socket';

/** Node's `net`, loaded by the long-lived clients only: a one-question hook connects without it (socket.ts). */
function net(): typeof Net {
	return require('net') as typeof Net;
}

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
	/** How `askEditor` connects (socket.ts); tests only (default `auto`). */
	transport?: SocketTransport;
	/** The environment sent with the question (default: the production variables and HOME, all an editor needs). */
	env?: Readonly<Record<string, string>>;
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
			const attempt = await askWindow(window, q, deadline, options.signal, options.transport, options.env);
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
		const answers = await Promise.all(windows.map((w) => askWindow(w, { kind: 'hooked', line: '', cwd, agent: 'terminal', pid }, Date.now() + CONNECT_TIMEOUT_MS, options.signal, options.transport)));
		return answers.filter((a) => a.connected && a.answer.outcome === 'allowed').length;
	} catch {
		return 0;
	}
}

type Attempt = { connected: true; answer: EditorAnswer } | { connected: false; error: string };

/** One window: connect, send the request, wait for the answer line. Closing the socket withdraws. */
function askWindow(window: FoundWindow, q: EditorQuestion, deadline: number | undefined, signal: AbortSignal | undefined, transport: SocketTransport = 'auto', env?: Readonly<Record<string, string>>): Promise<Attempt> {
	return new Promise<Attempt>((resolve) => {
		let connected = false;
		let settled = false;
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
			resolve({ connected: true, answer: { outcome: 'error', reason: 'the question was withdrawn before the editor answered' } });
			return;
		}
		const lines = new LineSplitter(
			(line) => {
				const response = parseResponse(line);
				finish({ connected: true, answer: { outcome: response.outcome, verdict: response.verdict, reason: response.reason, ...(response.safer ? { safer: response.safer } : {}) } });
			},
			() => finish({ connected: true, answer: { outcome: 'error', reason: 'the editor answered with an over-long line' } }),
		);
		const socket = openSocket(window.record.socket, {
			connect: () => {
				connected = true;
				const request: BridgeRequest = { v: PROTOCOL_VERSION, secret: window.record.secret, kind: q.kind, line: q.line, cwd: q.cwd, agent: q.agent, env: env ?? relevantEnv(), ...(q.pid !== undefined ? { pid: q.pid } : {}), ...(q.edit ? { edit: q.edit } : {}), ...(q.shell ? { shell: q.shell } : {}) };
				socket.write(JSON.stringify(request) + '\n');
				armTimers();
			},
			data: (chunk) => lines.push(chunk),
			error: (error) => {
				finish(connected
					? { connected: true, answer: { outcome: 'error', reason: `the connection to the editor failed: ${error.message}` } }
					: { connected: false, error: error.message });
			},
			close: () => finish({ connected: true, answer: { outcome: 'error', reason: 'the editor closed the connection without answering' } }),
		}, transport);
		signal?.addEventListener('abort', onAbort, { once: true });
		/**
		 * The timers, armed once the question has left (a local socket connects within the loop's first
		 * turn), or after that first turn when it has not connected by then (setImmediate, below). A
		 * process's first setTimeout and clearTimeout cost ~0.2-0.3 ms and ~0.1-0.2 ms here: a hook is
		 * such a process, and armed here they pass while the editor judges, not before it is asked or
		 * after it answered (docs/decisions.md, "Speed, the hook's exit").
		 */
		let armed = false;
		const armTimers = (): void => {
			if (armed || settled) {
				return;
			}
			armed = true;
			if (!connected) {
				timers.push(setTimeout(() => {
					// Timers run before I/O in a loop turn: a process whose loop was held up (a busy machine, the
					// engine's grammar compiling) would see the time run out before it sees the connect that already
					// happened. setImmediate runs after this turn's I/O, so only a connect still missing counts.
					setImmediate(() => {
						if (!connected) {
							finish({ connected: false, error: `its socket did not accept within ${CONNECT_TIMEOUT_MS / 1000}s` });
						}
					});
				}, CONNECT_TIMEOUT_MS));
			}
			if (deadline !== undefined) {
				timers.push(setTimeout(() => finish({ connected: true, answer: { outcome: 'timed-out', reason: 'no answer from the editor in time; the question was withdrawn' } }), Math.max(0, deadline - Date.now())));
			}
			clearTimeout(setTimeout(() => undefined, CONNECT_TIMEOUT_MS)); // clearTimeout's first call, paid now (above)
		};
		setImmediate(armTimers);
	});
}

/** One open connection of a BridgeSession, to one window. */
interface KeptConnection {
	readonly socket: Net.Socket;
	readonly window: FoundWindow;
	/** Lines from the editor go to the question being asked; with none asked, the connection is closed. */
	onLine?: (line: string) => void;
	/** Closed (by either side) or failed: never used again. */
	gone: boolean;
	/** A question is open on it. */
	busy: boolean;
	/** Bytes arrived for the question now open (none: a close is the editor dropping an idle connection). */
	heard: boolean;
	whenGone: (() => void)[];
}

/**
 * Many questions from one long-lived process (the Enter gate's helper, `gate --serve`), each answered
 * as `askEditor` would, without a connection and a discovery per question: the connection to the
 * window is kept open between questions (`keep`, protocol.ts), and the window records are read again
 * only when the discovery folder changed (a window started, stopped or changed its folders: each
 * writes or removes a file there, which changes the folder's times). Any question that ends without
 * its answer (withdrawn, timed out, broken) closes the connection, so a late answer to it can never be
 * read as the next question's. An idle connection does not keep the process alive.
 */
export class BridgeSession {
	private records: { dir: string; key: string; windows: FoundWindow[]; rejected: RejectedFile[] } | undefined;
	private kept: KeptConnection | undefined;

	constructor(private readonly runtimeDir = defaultRuntimeDir()) {}

	/** Ends the kept connection (the next question opens a new one). */
	close(): void {
		this.drop();
	}

	/** Same contract as `askEditor`: never throws, every failure is an answer. */
	readonly ask = async (q: EditorQuestion, options: AskOptions = {}): Promise<EditorAnswer> => {
		try {
			const dir = options.runtimeDir ?? this.runtimeDir;
			const { windows, rejected } = this.discover(dir);
			const ranked = rankWindows(windows, q.cwd);
			if (ranked.length === 0) {
				this.records = undefined;
				const passedOver = rejected.length > 0 ? ` (passed over: ${rejected.map((r) => `${r.file}: ${r.reason}`).join('; ')})` : '';
				return { outcome: 'unreachable', reason: `no editor with Terminal Guard is running for ${q.cwd}: nothing usable in ${dir}${passedOver}` };
			}
			const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
			const failures: string[] = [];
			for (const window of ranked) {
				const attempt = await this.askWindow(window, q, deadline, options.signal);
				if (attempt.connected) {
					return attempt.answer;
				}
				failures.push(`pid ${window.record.pid}: ${attempt.error}`);
			}
			// Something in the folder is out of date (an editor gone without removing its file): read it again next time.
			this.records = undefined;
			return { outcome: 'unreachable', reason: `no editor with Terminal Guard answered (${failures.join('; ')})` };
		} catch (error) {
			return { outcome: 'error', reason: `asking the editor failed: ${error instanceof Error ? error.message : String(error)}` };
		}
	};

	/** The window records, read again when the folder's inode or times changed since the last read. */
	private discover(dir: string): { windows: FoundWindow[]; rejected: RejectedFile[] } {
		const stat = fs.lstatSync(dir, { bigint: true, throwIfNoEntry: false });
		const key = stat ? `${stat.dev}:${stat.ino}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.mode}:${stat.uid}` : 'missing';
		if (this.records?.dir === dir && this.records.key === key) {
			return this.records;
		}
		const found = readRecords(dir);
		this.records = { dir, key, ...found };
		return found;
	}

	private drop(): void {
		const kept = this.kept;
		this.kept = undefined;
		if (kept && !kept.gone) {
			kept.gone = true;
			kept.socket.destroy();
		}
	}

	private async askWindow(window: FoundWindow, q: EditorQuestion, deadline: number | undefined, signal: AbortSignal | undefined): Promise<Attempt> {
		const current = this.kept;
		if (current && !current.gone && !current.busy && current.window.record.socket === window.record.socket && current.window.record.secret === window.record.secret) {
			const answer = await this.exchange(current, q, deadline, signal);
			if (answer !== 'closed-idle') {
				return { connected: true, answer };
			}
			// The editor closed the connection before a byte of an answer (an editor that answers one question
			// per connection, or one that restarted): asked again on a new connection, once.
		}
		if (this.kept && !this.kept.busy) {
			this.drop();
		}
		const opened = await openKept(window, signal);
		if ('error' in opened) {
			return signal?.aborted ? { connected: true, answer: { outcome: 'error', reason: 'the question was withdrawn before the editor answered' } } : { connected: false, error: opened.error };
		}
		// Questions asked at once (not the helper's way: it withdraws one before the next) each get their own.
		const mine = this.kept === undefined;
		if (mine) {
			this.kept = opened;
		}
		const answer = await this.exchange(opened, q, deadline, signal);
		if (!mine) {
			opened.gone = true;
			opened.socket.destroy();
		}
		return { connected: true, answer: answer === 'closed-idle' ? { outcome: 'error', reason: 'the editor closed the connection without answering' } : answer };
	}

	/** One question on `conn`; 'closed-idle' when the connection closed before a byte of an answer came. */
	private exchange(conn: KeptConnection, q: EditorQuestion, deadline: number | undefined, signal: AbortSignal | undefined): Promise<EditorAnswer | 'closed-idle'> {
		return new Promise((resolve) => {
			let settled = false;
			const timers: NodeJS.Timeout[] = [];
			const finish = (result: EditorAnswer | 'closed-idle', keep: boolean): void => {
				if (settled) {
					return;
				}
				settled = true;
				timers.forEach(clearTimeout);
				signal?.removeEventListener('abort', onAbort);
				conn.onLine = undefined;
				conn.busy = false;
				conn.whenGone.length = 0;
				if (!keep) {
					// Withdrawn, timed out or broken: closing withdraws it in the editor, and no late answer can follow.
					conn.gone = true;
					conn.socket.destroy();
					if (this.kept === conn) {
						this.kept = undefined;
					}
				} else if (!conn.gone) {
					conn.socket.unref();
				}
				resolve(result);
			};
			const onAbort = (): void => finish({ outcome: 'error', reason: 'the question was withdrawn before the editor answered' }, false);
			if (conn.gone) {
				finish('closed-idle', false);
				return;
			}
			if (signal?.aborted) {
				onAbort();
				return;
			}
			signal?.addEventListener('abort', onAbort, { once: true });
			if (deadline !== undefined) {
				timers.push(setTimeout(() => finish({ outcome: 'timed-out', reason: 'no answer from the editor in time; the question was withdrawn' }, false), Math.max(0, deadline - Date.now())));
			}
			conn.busy = true;
			conn.heard = false;
			conn.onLine = (line) => {
				const response = parseResponse(line);
				finish({ outcome: response.outcome, verdict: response.verdict, reason: response.reason }, true);
			};
			conn.whenGone.push(() => finish(conn.heard ? { outcome: 'error', reason: 'the editor closed the connection without answering' } : 'closed-idle', false));
			conn.socket.ref();
			const request: BridgeRequest = { v: PROTOCOL_VERSION, secret: conn.window.record.secret, kind: q.kind, line: q.line, cwd: q.cwd, agent: q.agent, env: relevantEnv(), ...(q.pid !== undefined ? { pid: q.pid } : {}), ...(q.edit ? { edit: q.edit } : {}), ...(q.shell ? { shell: q.shell } : {}), keep: true };
			conn.socket.write(JSON.stringify(request) + '\n');
		});
	}
}

/** Connects to `window` for a BridgeSession; resolves once connected, or with why not. */
function openKept(window: FoundWindow, signal: AbortSignal | undefined): Promise<KeptConnection | { error: string }> {
	return new Promise((resolve) => {
		const socket = net().createConnection(window.record.socket);
		const conn: KeptConnection = { socket, window, gone: false, busy: false, heard: false, whenGone: [] };
		let connected = false;
		// After this turn's I/O, as in askWindow: a connect that already happened is seen first.
		const timer = setTimeout(() => setImmediate(() => fail(`its socket did not accept within ${CONNECT_TIMEOUT_MS / 1000}s`)), CONNECT_TIMEOUT_MS);
		const onAbort = (): void => fail('the question was withdrawn before the editor answered');
		function fail(error: string): void {
			if (!connected) {
				connected = true;
				clearTimeout(timer);
				signal?.removeEventListener('abort', onAbort);
				conn.gone = true;
				socket.destroy();
				resolve({ error });
			}
		}
		signal?.addEventListener('abort', onAbort, { once: true });
		const lines = new LineSplitter(
			(line) => {
				if (conn.onLine) {
					conn.onLine(line);
				} else {
					// Nothing was asked: not our editor's way; the connection is not trusted for the next question.
					gone();
				}
			},
			() => gone(),
		);
		const gone = (): void => {
			conn.gone = true;
			socket.destroy();
			const waiting = conn.whenGone.splice(0);
			waiting.forEach((f) => f());
		};
		socket.on('connect', () => {
			connected = true;
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			resolve(conn);
		});
		socket.on('data', (chunk) => {
			conn.heard = true;
			lines.push(chunk);
		});
		socket.on('error', (error) => {
			if (!connected) {
				fail(error.message);
			} else {
				gone();
			}
		});
		socket.on('close', () => {
			fail('the connection closed');
			gone();
		});
	});
}

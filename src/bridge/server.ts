/**
 * The editor's side of the bridge: a Unix socket in a private 0700 directory (a named pipe on
 * Windows) that answers `check` and `confirm` requests from agent hooks and `terminal-guard shell`.
 * Free of `vscode`: the judge and the person come in as callbacks (editorBridge.ts wires them), so
 * the unit tests drive it with a real socket and a fake answerer.
 *
 * One question is shown at a time; others queue. A client that disconnects withdraws its request:
 * a queued one is dropped, a shown one has its signal aborted (the input box closes; the modal
 * itself cannot be closed by the API, so a late answer to it is ignored — docs/agents.md).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { initParser } from '../engine/analyze';
import { nameToType } from '../engine/policy';
import { describeFileEdit, type FileEdit, judgeFileEdit } from '../engine/rules/self-protection-edits';
import { fsEditContext } from '../engine/rules/self-protection-edits-fs';
import type { ShellHint } from '../engine/shells';
import type { Verdict } from '../engine/types';
import type { ConfirmQuestion } from '../engine/question';
import { defaultRuntimeDir, ensurePrivateDir, newSecret, recordFileName, removeStaleRecords, writeRecord } from './discovery';
import { type BridgeRequest, type BridgeResponse, LineSplitter, parseRequest, PROTOCOL_VERSION } from './protocol';

/** What happened to one request, for the log and the audit log. */
export type BridgeOutcome = 'allowed' | 'confirmed' | 'refused' | 'cancelled' | 'timed-out' | 'denied' | 'withdrawn' | 'error';

export interface BridgeEvent {
	readonly request: Omit<BridgeRequest, 'secret'>;
	readonly verdict: Verdict | undefined;
	readonly outcome: BridgeOutcome;
	/** How much it would have destroyed, as counted when the person answered (src/blast/). */
	readonly blast?: string;
}

/**
 * What the editor adds to an answer. `instead` (+ `line`): the person chose the safer way the editor
 * offered — what was done instead, and the safer line when the agent is to run it (derived by the editor
 * from the parsed line, and already judged safe there). `blast`: how much the command would have
 * destroyed, for the agent's refusal and the audit log.
 */
export interface SaferAnswer {
	readonly typed?: string;
	readonly instead?: string;
	readonly line?: string;
	readonly blast?: string;
}

/** Whoever answers a question in the editor: the person's modal (src/ui/person.ts). */
export interface Asker {
	/** What the person typed to confirm, the safer way they chose, or undefined when they cancelled (or the signal aborted). */
	confirm(question: ConfirmQuestion, signal: AbortSignal): Promise<string | SaferAnswer | undefined>;
}

export interface BridgeDeps {
	/** The editor's verdict for a line run in `cwd` with (part of) the caller's environment, by `shell` when the caller named one. */
	judge(line: string, cwd: string, env: Readonly<Record<string, string>>, shell?: ShellHint): Promise<Verdict>;
	/**
	 * The verdict on an agent's file edit (default: the engine's self-protection for edits, with this
	 * process's home folder and the window's folders, and the caller's HOME too when it differs).
	 */
	judgeEdit?(edit: FileEdit, cwd: string, env: Readonly<Record<string, string>>): Promise<Verdict>;
	/** The person (or a test answerer); looked up per question. */
	answerer(): Asker;
	/** An agent's display name by its id ("Claude Code"), when it is one we know. */
	agentName?(id: string): string | undefined;
	/** How long a shown question waits for the person before it counts as timed out. */
	confirmTimeoutMs(): number;
	/** Called once per request with what happened (never throws into the bridge). */
	onEvent?(event: BridgeEvent): void;
	/** A shell with this pid says Terminal Guard's Enter hook is loaded in it. */
	onHooked?(pid: number): void;
	log?(level: 'info' | 'warn' | 'error', message: string): void;
}

export interface BridgeOptions {
	/** Where the discovery file goes (default `~/.terminal-guard/run`); tests use a temporary one. */
	readonly runtimeDir?: string;
	readonly folders?: readonly string[];
}

/** A connection must send its request line within this. */
const REQUEST_TIMEOUT_MS = 10000;

/** How the modal names the caller: an agent's display name, `terminal-guard shell`, else its cleaned id. */
export function agentDisplayName(id: string, agentName?: (id: string) => string | undefined): string {
	if (id === 'shell') {
		return 'An agent terminal (terminal-guard shell)';
	}
	if (id === 'terminal') {
		return 'A VS Code terminal';
	}
	if (id === 'task') {
		return 'A task or extension (bash -c / zsh -c)';
	}
	return agentName?.(id) ?? (id.replace(/[^\w .:@/-]/g, '').slice(0, 40) || 'An unnamed program');
}

function sameSecret(given: string, expected: string): boolean {
	const a = crypto.createHash('sha256').update(given).digest();
	const b = crypto.createHash('sha256').update(expected).digest();
	return crypto.timingSafeEqual(a, b);
}

export class BridgeServer {
	readonly secret = newSecret();
	readonly runtimeDir: string;
	private server: net.Server | undefined;
	private socketPath = '';
	private recordFile = '';
	private socketDir: string | undefined;
	private folders: readonly string[];
	private readonly connections = new Set<net.Socket>();
	/** The question being shown finishes before the next one starts. */
	private queue: Promise<unknown> = Promise.resolve();
	private waiting = 0;

	constructor(private readonly deps: BridgeDeps, options: BridgeOptions = {}) {
		this.runtimeDir = options.runtimeDir ?? defaultRuntimeDir();
		this.folders = options.folders ?? [];
	}

	/** The socket (or pipe) clients connect to; empty before `start`. */
	get address(): string {
		return this.socketPath;
	}

	/** The discovery file describing this window; empty before `start`. */
	get record(): string {
		return this.recordFile;
	}

	/** Questions waiting behind the one shown (tests and the log). */
	get queued(): number {
		return this.waiting;
	}

	async start(): Promise<void> {
		ensurePrivateDir(this.runtimeDir);
		removeStaleRecords(this.runtimeDir);
		const id = crypto.randomBytes(6).toString('hex');
		if (process.platform === 'win32') {
			this.socketPath = `\\\\.\\pipe\\terminal-guard-${process.pid}-${id}`;
		} else {
			this.socketPath = path.join(this.runtimeDir, `bridge-${process.pid}-${id}.sock`);
			// sun_path holds about 104 bytes; a long home directory gets a private temporary folder instead.
			if (Buffer.byteLength(this.socketPath) > 100) {
				this.socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'terminal-guard-'));
				this.socketPath = path.join(this.socketDir, 'bridge.sock');
			}
		}
		const server = net.createServer((socket) => this.accept(socket));
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.socketPath, () => {
				server.off('error', reject);
				resolve();
			});
		});
		server.on('error', (error) => this.deps.log?.('error', `[bridge] ${error.message}`));
		this.server = server;
		if (process.platform !== 'win32') {
			fs.chmodSync(this.socketPath, 0o600);
		}
		this.recordFile = path.join(this.runtimeDir, recordFileName());
		this.writeRecord();
		this.deps.log?.('info', `[bridge] listening on ${this.socketPath}; discovery file ${this.recordFile}`);
	}

	/** The window's workspace folders changed: rewrite the discovery file. */
	setFolders(folders: readonly string[]): void {
		this.folders = folders;
		if (this.recordFile) {
			this.writeRecord();
		}
	}

	async dispose(): Promise<void> {
		for (const file of [this.recordFile, process.platform === 'win32' ? '' : this.socketPath]) {
			if (file) {
				fs.rmSync(file, { force: true });
			}
		}
		if (this.socketDir) {
			fs.rmSync(this.socketDir, { recursive: true, force: true });
		}
		for (const socket of this.connections) {
			socket.destroy();
		}
		const server = this.server;
		this.server = undefined;
		await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
	}

	private writeRecord(): void {
		writeRecord(this.recordFile, { v: PROTOCOL_VERSION, pid: process.pid, socket: this.socketPath, secret: this.secret, folders: [...this.folders], updated: new Date().toISOString() });
	}

	private accept(socket: net.Socket): void {
		this.connections.add(socket);
		const withdrawn = new AbortController();
		let received = false;
		const idle = setTimeout(() => socket.destroy(), REQUEST_TIMEOUT_MS);
		socket.on('close', () => {
			clearTimeout(idle);
			this.connections.delete(socket);
			withdrawn.abort();
		});
		socket.on('error', () => undefined); // a client that vanished; 'close' follows
		// Set once a request with the right secret asked to keep the connection (`keep`, the Enter gate's
		// helper): its answers leave it open for the next question; closing it still withdraws the open one.
		let kept = false;
		const reply = (response: Omit<BridgeResponse, 'v'>, keep = false): void => {
			if (socket.destroyed) {
				return;
			}
			const text = JSON.stringify({ v: PROTOCOL_VERSION, ...response }) + '\n';
			if (keep) {
				socket.write(text);
				received = false;
			} else {
				socket.end(text);
			}
		};
		const lines = new LineSplitter(
			(line) => {
				if (received) {
					if (kept) {
						// A kept connection asks one question at a time: a second while one is open is not our
						// client; closing withdraws the open one (it cannot be answered on an unclear exchange).
						socket.destroy();
					}
					return; // one request per connection (unless kept), one at a time
				}
				received = true;
				clearTimeout(idle);
				const request = parseRequest(line);
				if (typeof request === 'string') {
					reply({ outcome: 'error', reason: request });
					return;
				}
				if (!sameSecret(request.secret, this.secret)) {
					this.deps.log?.('warn', '[bridge] refused a request with a wrong secret');
					reply({ outcome: 'error', reason: 'wrong secret: this is not the editor the request was meant for' });
					return;
				}
				kept ||= request.keep === true;
				this.handle(request, withdrawn.signal).then((response) => reply(response, kept), (error: unknown) => {
					this.deps.log?.('error', `[bridge] ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
					reply({ outcome: 'error', reason: `the editor failed to judge the command: ${error instanceof Error ? error.message : String(error)}` }, kept);
				});
			},
			// The rest is read and dropped until the client closes (or the idle timer ends it), so it can read the answer.
			() => reply({ outcome: 'error', reason: 'the request is too long' }),
		);
		socket.on('data', (chunk) => lines.push(chunk));
	}

	/** An edit is asked about when it matters under this editor's home folder or under the caller's. */
	private async judgeEdit(edit: FileEdit, cwd: string, env: Readonly<Record<string, string>>): Promise<Verdict> {
		if (this.deps.judgeEdit) {
			return this.deps.judgeEdit(edit, cwd, env);
		}
		// What a hook or cron file would run is judged by the parser (self-protection-edits.ts).
		await initParser();
		const homes = [...new Set([os.homedir(), ...(env.HOME && path.isAbsolute(env.HOME) ? [env.HOME] : [])])];
		const verdicts = homes.map((home) => judgeFileEdit(edit, fsEditContext(cwd, home, this.folders)));
		return verdicts.find((v) => v.decision !== 'allow') ?? verdicts[0];
	}

	private async handle(original: BridgeRequest, withdrawn: AbortSignal): Promise<Omit<BridgeResponse, 'v'>> {
		let request = original;
		const report = (verdict: Verdict | undefined, outcome: BridgeOutcome, blast?: string): void => {
			const { secret: _secret, ...publicRequest } = request;
			try {
				this.deps.onEvent?.({ request: publicRequest, verdict, outcome, ...(blast ? { blast } : {}) });
			} catch (error) {
				this.deps.log?.('error', `[bridge] recording the outcome failed: ${String(error)}`);
			}
		};
		if (request.kind === 'hooked') {
			try {
				this.deps.onHooked?.(request.pid ?? 0);
			} catch (error) {
				this.deps.log?.('error', `[bridge] recording a hooked shell failed: ${String(error)}`);
			}
			return { outcome: 'allowed' };
		}
		const verdict = request.edit ? await this.judgeEdit(request.edit, request.cwd, request.env ?? {}) : await this.deps.judge(request.line, request.cwd, request.env ?? {}, request.shell);
		if (request.edit) {
			// What the modal shows and what is logged comes from the edit, not from the caller's words.
			request = { ...request, line: describeFileEdit(request.edit, request.cwd, os.homedir()) };
		}
		if (request.kind === 'check') {
			return { outcome: verdict.decision === 'allow' ? 'allowed' : 'refused', verdict, reason: verdict.reason };
		}
		if (verdict.decision === 'allow') {
			report(verdict, 'allowed');
			return { outcome: 'allowed', verdict };
		}
		if (verdict.decision === 'deny') {
			report(verdict, 'denied');
			return { outcome: 'refused', verdict, reason: `Terminal Guard refuses this outright (it cannot be confirmed): ${verdict.reason}` };
		}
		const outcome = await this.inTurn(withdrawn, () => this.ask(request, verdict, withdrawn));
		report(verdict, outcome.recorded, outcome.blast);
		return { outcome: outcome.answer, verdict, reason: outcome.reason, ...(outcome.safer ? { safer: outcome.safer } : {}) };
	}

	/**
	 * Runs `task` after every question queued before it has finished. A question withdrawn while it
	 * waits stops counting as queued at once; `ask` then skips it without showing anything.
	 */
	private inTurn<T>(withdrawn: AbortSignal, task: () => Promise<T>): Promise<T> {
		this.waiting++;
		let counted = true;
		const uncount = (): void => {
			if (counted) {
				counted = false;
				this.waiting--;
			}
		};
		withdrawn.addEventListener('abort', uncount, { once: true });
		const turn = this.queue.then(async () => {
			withdrawn.removeEventListener('abort', uncount);
			uncount();
			// Disconnects that already happened are noticed before the next modal appears (it cannot be closed).
			await new Promise((resolve) => setImmediate(resolve));
			return task();
		});
		this.queue = turn.catch(() => undefined);
		return turn;
	}

	private async ask(request: BridgeRequest, verdict: Verdict, withdrawn: AbortSignal): Promise<{ answer: BridgeResponse['outcome']; recorded: BridgeOutcome; reason: string; safer?: string; blast?: string }> {
		if (withdrawn.aborted) {
			return { answer: 'refused', recorded: 'withdrawn', reason: 'withdrawn before it was shown' };
		}
		const expected = nameToType(verdict, request.line);
		const question: ConfirmQuestion = {
			line: request.line, cwd: request.cwd, expected, targets: verdict.targets, reason: verdict.reason,
			alternative: verdict.alternative, production: verdict.production, askedBy: agentDisplayName(request.agent, this.deps.agentName),
			action: request.edit ? 'edit' : 'run',
		};
		const timeoutMs = this.deps.confirmTimeoutMs();
		const timer = new AbortController();
		const timeout = setTimeout(() => timer.abort(), timeoutMs);
		let typed: string | undefined;
		let safer: SaferAnswer | undefined;
		let blast: string | undefined;
		try {
			const answer = await this.deps.answerer().confirm(question, AbortSignal.any([withdrawn, timer.signal]));
			if (typeof answer === 'object') {
				safer = answer.instead !== undefined ? answer : undefined;
				typed = answer.typed;
				blast = answer.blast;
			} else {
				typed = answer;
			}
		} catch (error) {
			this.deps.log?.('error', `[bridge] the confirmation failed: ${String(error)}`);
			return { answer: 'error', recorded: 'error', reason: `the confirmation in the editor failed: ${error instanceof Error ? error.message : String(error)}` };
		} finally {
			clearTimeout(timeout);
		}
		this.deps.log?.('info', `[bridge] ${request.agent} in ${request.cwd}: ${typed === expected && !withdrawn.aborted && !timer.signal.aborted ? 'confirmed' : 'not confirmed'}: ${request.line}`);
		if (withdrawn.aborted) {
			return { answer: 'refused', recorded: 'withdrawn', reason: 'withdrawn while it was shown' };
		}
		if (timer.signal.aborted) {
			return { answer: 'timed-out', recorded: 'timed-out', reason: `nobody confirmed it in the editor within ${Math.round(timeoutMs / 1000)} s` };
		}
		const counted = blast ? { blast } : {};
		const destroys = blast ? ` (it would destroy: ${blast})` : '';
		if (safer) {
			return { answer: 'refused', recorded: 'refused', reason: `the person chose the safer way instead: ${safer.instead}${destroys}`, ...(safer.line ? { safer: safer.line } : {}), ...counted };
		}
		if (typed === expected) {
			return { answer: 'allowed', recorded: 'confirmed', reason: `a person typed "${expected}" in the editor`, ...counted };
		}
		if (typed === undefined) {
			return { answer: 'refused', recorded: 'cancelled', reason: `the person cancelled the confirmation in the editor${destroys}`, ...counted };
		}
		return { answer: 'refused', recorded: 'refused', reason: `the person typed "${typed}", not "${expected}"${destroys}`, ...counted };
	}
}

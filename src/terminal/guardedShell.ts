/**
 * The guarded terminal's core: the person's shell on a real pty, with every submitted command line
 * judged before it runs. No vscode import: the editor layer wraps this in a Pseudoterminal.
 *
 * - hooked (bash, zsh, fish): the shell's hook sends each line (protocol.ts) and waits for the
 *   verdict on the FIFO; the line runs only on "allow". While a verdict is pending the person's
 *   input is held and released afterwards; Ctrl-C then means "deny" and is not forwarded.
 * - fallback (sh/dash, unknown shells, a hook that did not load): at Enter the line is read off a
 *   headless screen (screenModel.ts) and judged before Enter is passed on; on deny Ctrl-C is sent.
 * - unguarded: Enter at a hooked prompt produced no request (the hook was switched off); reported.
 */
import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { IPty } from 'node-pty';
import { Emitter, type Event } from './events';
import { InputScanner } from './inputScanner';
import { DEFAULT_JUDGE_TIMEOUT_MS, Judgement, stoppedMessage, type Judge, type JudgeResult } from './judging';
import { ProtocolParser, formatVerdict, type ProtocolEvent } from './protocol';
import { ScreenModel } from './screenModel';
import { buildLaunch, detectShellKind, findHooksDir, HOOKED_KINDS, type ShellKind } from './shellLaunch';
import { VerdictChannel } from './verdictChannel';

const pty = require('node-pty') as typeof import('node-pty');

export type GuardMode = 'hooked' | 'fallback' | 'unguarded';

export interface GuardedShellOptions {
	readonly shellPath: string;
	readonly args?: readonly string[];
	readonly cwd?: string;
	/** The shell's whole environment (process.env is not merged in). */
	readonly env?: Readonly<Record<string, string | undefined>>;
	readonly cols?: number;
	readonly rows?: number;
	readonly judge: Judge;
	/** A judge that has not answered by then means "do not run". Default 5 minutes. */
	readonly judgeTimeoutMs?: number;
	/** The hook must show its first prompt within this, else the screen-reading fallback takes over. Default 10 s. */
	readonly startupTimeoutMs?: number;
	/**
	 * bash and fish: Enter at a prompt that brings no request within this is reported as unguarded
	 * (zsh only reports it at the next prompt: Enter in its completion menu submits nothing). Default 2 s.
	 */
	readonly unguardedAfterMs?: number;
	/** media/shell; found next to the bundle by default. */
	readonly hooksDir?: string;
	readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface ModeChange {
	readonly mode: GuardMode;
	readonly reason: string;
}

export interface Decision {
	readonly line: string;
	readonly cwd: string;
	readonly run: boolean;
	readonly message?: string;
	/** How the line was obtained: from the shell's hook, or read off the screen. */
	readonly via: 'hook' | 'screen';
}

/** Output quiet time after which the echo of a typed line is taken to have landed (fallback). */
const ECHO_QUIET_MS = 30;
const ECHO_MAX_MS = 1000;

export class GuardedShell {
	readonly kind: ShellKind;
	private readonly dataEmitter = new Emitter<string>();
	private readonly exitEmitter = new Emitter<number>();
	private readonly modeEmitter = new Emitter<ModeChange>();
	private readonly decisionEmitter = new Emitter<Decision>();
	private readonly promptEmitter = new Emitter<string>();
	/** Output for the screen, without Terminal Guard's sequences. */
	readonly onData: Event<string> = this.dataEmitter.event;
	readonly onExit: Event<number> = this.exitEmitter.event;
	readonly onDidChangeMode: Event<ModeChange> = this.modeEmitter.event;
	/** Every judged line and its outcome (for logging). */
	readonly onDecision: Event<Decision> = this.decisionEmitter.event;
	/** The hook is showing a primary prompt (hooked mode only); carries the working directory. */
	readonly onPrompt: Event<string> = this.promptEmitter.event;

	private readonly proc: IPty;
	private readonly parser: ProtocolParser;
	private readonly channel: VerdictChannel | undefined;
	private readonly scanner = new InputScanner();
	private readonly judge: Judge;
	private readonly judgeTimeoutMs: number;
	private readonly log: NonNullable<GuardedShellOptions['log']>;
	private screen: ScreenModel | undefined;
	private modeValue: GuardMode;
	private hookAlive = false;
	private startupTimer: NodeJS.Timeout | undefined;
	private flushTimer: NodeJS.Timeout | undefined;
	/** Keystrokes held while a verdict, a screen check or the hook's start is awaited. */
	private held = '';
	private pending: { id: string; line: string; cwd: string; judgement: Judgement } | undefined;
	private screenCheck: { cancelled: string | undefined; judgement?: Judgement } | undefined;
	private awaitingStartup = false;
	private atPrompt = false;
	private awaitingHook = false;
	private unguardedTimer: NodeJS.Timeout | undefined;
	private readonly unguardedAfterMs: number;
	private lastCwd: string;
	private cols: number;
	private rows: number;
	private disposed = false;

	constructor(options: GuardedShellOptions) {
		this.kind = detectShellKind(options.shellPath);
		this.judge = options.judge;
		this.judgeTimeoutMs = options.judgeTimeoutMs ?? DEFAULT_JUDGE_TIMEOUT_MS;
		this.log = options.log ?? (() => undefined);
		this.cols = options.cols ?? 80;
		this.rows = options.rows ?? 24;
		this.lastCwd = options.cwd ?? process.cwd();
		this.unguardedAfterMs = options.unguardedAfterMs ?? 2000;
		const nonce = randomBytes(16).toString('hex');
		this.parser = new ProtocolParser(nonce);
		const wantsHook = HOOKED_KINDS.includes(this.kind);
		this.channel = wantsHook ? new VerdictChannel() : undefined;
		const launch = buildLaunch(this.kind, {
			shellPath: options.shellPath,
			args: options.args ?? [],
			env: options.env ?? process.env,
			hooksDir: options.hooksDir ?? findHooksDir(),
			nonce,
			fifo: this.channel?.fifo ?? '',
		});
		if (!launch.hooked) {
			this.channel?.dispose();
			this.channel = undefined;
		}
		this.modeValue = launch.hooked ? 'hooked' : 'fallback';
		// Until the hook shows its first prompt (or for good, in fallback) the screen is modelled.
		this.screen = new ScreenModel(this.cols, this.rows);
		try {
			this.proc = pty.spawn(launch.file, launch.args, { name: launch.env.TERM ?? 'xterm-256color', cols: this.cols, rows: this.rows, cwd: this.lastCwd, env: launch.env });
		} catch (error) {
			this.channel?.dispose();
			this.screen.dispose();
			throw error;
		}
		this.proc.onData((data) => this.onPtyData(data));
		this.proc.onExit(({ exitCode }) => {
			this.dispose();
			this.exitEmitter.fire(exitCode, (e) => this.log('error', `[terminal] exit listener failed: ${String(e)}`));
		});
		if (launch.hooked) {
			this.startupTimer = setTimeout(() => this.hookFailed(`the ${this.kind} hook did not start within ${options.startupTimeoutMs ?? 10_000} ms`), options.startupTimeoutMs ?? 10_000);
		}
		this.log('info', `[terminal] ${this.kind} started (${launch.hooked ? 'hook' : 'screen-reading fallback'}), pid ${this.proc.pid}`);
	}

	get mode(): GuardMode {
		return this.modeValue;
	}

	get pid(): number {
		return this.proc.pid;
	}

	/** The shell's working directory as last reported (or the starting one). */
	get cwd(): string {
		return this.lastCwd;
	}

	/** The person's keystrokes (or text sent by an extension). */
	write(data: string): void {
		if (this.disposed) {
			return;
		}
		const ctrlC = data.indexOf('\x03');
		if (ctrlC >= 0 && (this.pending || this.screenCheck)) {
			// Ctrl-C while a verdict is pending cancels that command; it is not forwarded.
			this.pending?.judgement.cancel('cancelled with Ctrl-C');
			if (this.screenCheck) {
				this.screenCheck.cancelled = 'cancelled with Ctrl-C';
				this.screenCheck.judgement?.cancel('cancelled with Ctrl-C');
			}
			data = data.slice(0, ctrlC) + data.slice(ctrlC + 1);
		} else if (ctrlC >= 0 && this.awaitingStartup) {
			// Interrupting a slow start: drop what was typed since the held Enter, like a terminal would.
			this.held = '';
			this.awaitingStartup = false;
			this.forward(data.slice(0, ctrlC + 1));
			data = data.slice(ctrlC + 1);
		}
		if (this.holding) {
			this.held += data;
		} else {
			this.process(data);
		}
	}

	resize(cols: number, rows: number): void {
		if (this.disposed || cols < 1 || rows < 1) {
			return;
		}
		this.cols = cols;
		this.rows = rows;
		this.proc.resize(cols, rows);
		this.screen?.resize(cols, rows);
	}

	kill(): void {
		if (!this.disposed) {
			this.proc.kill();
		}
	}

	/** Releases everything; pending verdicts become "deny". The shell itself is left to `kill()`. */
	dispose(): void {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		clearTimeout(this.startupTimer);
		clearTimeout(this.flushTimer);
		clearTimeout(this.unguardedTimer);
		this.pending?.judgement.cancel('the terminal was closed');
		this.screenCheck?.judgement?.cancel('the terminal was closed');
		this.channel?.dispose();
		this.screen?.dispose();
		this.screen = undefined;
		this.dataEmitter.dispose();
		this.modeEmitter.dispose();
		this.decisionEmitter.dispose();
		this.promptEmitter.dispose();
		// exitEmitter is fired by onExit after this and cleared with its listeners by GC.
	}

	private get holding(): boolean {
		return this.pending !== undefined || this.screenCheck !== undefined || this.awaitingStartup;
	}

	private forward(data: string): void {
		if (data.length > 0 && !this.disposed) {
			this.proc.write(data);
		}
	}

	/** Input that may be acted on now (nothing is pending). */
	private process(data: string): void {
		while (data.length > 0 && !this.disposed) {
			if (this.holding) {
				this.held += data;
				return;
			}
			if (this.hookAlive) {
				// The hook judges; the proxy only notices an Enter at a prompt that brings no request.
				if (this.containsEnter(data) && this.atPrompt) {
					this.atPrompt = false;
					this.expectRequest();
				}
				if (data.includes('\x03')) {
					this.requestSeen();
				}
				this.forward(data);
				return;
			}
			const enter = this.scanner.findEnter(data);
			if (enter < 0) {
				this.forward(data);
				return;
			}
			this.forward(data.slice(0, enter));
			const enterKey = data[enter];
			data = data.slice(enter + 1);
			if (this.modeValue === 'hooked') {
				// The hook has not shown a prompt yet: hold Enter until it does (it will judge the line)
				// or until it is declared failed (the screen will be read).
				this.awaitingStartup = true;
				this.held = enterKey + data;
				return;
			}
			if (this.screen?.altScreen) {
				this.forward(enterKey);
				continue;
			}
			this.held = data;
			void this.checkScreenLine(enterKey);
			return;
		}
	}

	/** Enter was passed on at a prompt: the hook must answer with a request (or a skip). */
	private expectRequest(): void {
		this.awaitingHook = true;
		clearTimeout(this.unguardedTimer);
		if (this.kind !== 'zsh') {
			this.unguardedTimer = setTimeout(() => {
				if (this.awaitingHook) {
					this.requestSeen();
					this.setMode('unguarded', 'Enter at the prompt brought no request from the shell hook (it was switched off or replaced)');
				}
			}, this.unguardedAfterMs);
		}
	}

	private requestSeen(): void {
		this.awaitingHook = false;
		clearTimeout(this.unguardedTimer);
	}

	/** Whether `data` submits a line, keeping the paste state right for all of it. */
	private containsEnter(data: string): boolean {
		let found = false;
		for (let rest = data; ; ) {
			const enter = this.scanner.findEnter(rest);
			if (enter < 0) {
				return found;
			}
			found = true;
			rest = rest.slice(enter + 1);
		}
	}

	private releaseHeld(): void {
		if (this.holding || this.held.length === 0) {
			return;
		}
		const data = this.held;
		this.held = '';
		this.process(data);
	}

	private onPtyData(data: string): void {
		const { output, events } = this.parser.feed(data);
		let from = 0;
		for (const event of events) {
			this.emitOutput(output.slice(from, event.offset));
			from = event.offset;
			this.onProtocolEvent(event);
		}
		this.emitOutput(from === 0 ? output : output.slice(from));
		clearTimeout(this.flushTimer);
		if (this.parser.hasHeldText()) {
			// A lone ESC at the end of a chunk is shown if nothing follows soon.
			this.flushTimer = setTimeout(() => this.emitOutput(this.parser.flushHeldText()), 20);
		}
	}

	private emitOutput(text: string): void {
		if (text.length > 0 && !this.disposed) {
			this.screen?.write(text);
			this.dataEmitter.fire(text, (e) => this.log('error', `[terminal] data listener failed: ${String(e)}`));
		}
	}

	private onProtocolEvent(event: ProtocolEvent): void {
		switch (event.type) {
			case 'request':
				this.hookIsAlive();
				this.requestSeen();
				this.atPrompt = false;
				if (this.modeValue === 'unguarded') {
					this.setMode('hooked', 'the shell hook is back');
				}
				this.startVerdict(event.id, event.line, event.cwd || this.lastCwd);
				break;
			case 'prompt':
				this.lastCwd = event.cwd || this.lastCwd;
				this.pending?.judgement.cancel('the shell gave up waiting');
				if (this.awaitingHook) {
					this.requestSeen();
					this.setMode('unguarded', 'Enter at the prompt brought no request from the shell hook (it was switched off or replaced)');
				}
				this.hookIsAlive();
				this.atPrompt = true;
				this.promptEmitter.fire(this.lastCwd, (e) => this.log('error', `[terminal] prompt listener failed: ${String(e)}`));
				break;
			case 'skip':
				this.requestSeen();
				break;
			case 'nohook':
				this.hookFailed(`this ${this.kind} cannot run the hook (too old?)`);
				break;
			case 'oversized':
				this.channel?.write(formatVerdict(event.id, false, stoppedMessage('the command is too long to check')));
				break;
			case 'forged':
				this.log('warn', `[terminal] ignored ${event.detail} in the output`);
				break;
		}
	}

	private hookIsAlive(): void {
		if (this.hookAlive) {
			return;
		}
		this.hookAlive = true;
		clearTimeout(this.startupTimer);
		if (!this.screenCheck) {
			// The screen model is only needed by the fallback; a running screen check disposes it after.
			this.screen?.dispose();
			this.screen = undefined;
		}
		this.setMode('hooked', `the ${this.kind} hook is running`);
		if (this.awaitingStartup) {
			this.awaitingStartup = false;
			this.releaseHeld();
		}
	}

	private hookFailed(reason: string): void {
		if (this.hookAlive || this.disposed) {
			return;
		}
		clearTimeout(this.startupTimer);
		this.setMode('fallback', reason);
		if (this.awaitingStartup) {
			this.awaitingStartup = false;
			this.releaseHeld();
		}
	}

	private setMode(mode: GuardMode, reason: string): void {
		if (mode === this.modeValue && mode !== 'hooked') {
			return;
		}
		const changed = mode !== this.modeValue;
		this.modeValue = mode;
		if (changed) {
			this.log(mode === 'hooked' ? 'info' : 'warn', `[terminal] ${mode}: ${reason}`);
			this.modeEmitter.fire({ mode, reason }, (e) => this.log('error', `[terminal] mode listener failed: ${String(e)}`));
		}
	}

	private startVerdict(id: string, line: string, cwd: string): void {
		// A new request means the shell abandoned any earlier one.
		this.pending?.judgement.cancel('the shell asked again');
		const judgement = new Judgement(this.judge, line, cwd, this.judgeTimeoutMs);
		const pending = { id, line, cwd, judgement };
		this.pending = pending;
		void judgement.result.then((result) => {
			if (this.pending === pending) {
				this.pending = undefined;
			}
			if (this.disposed) {
				return;
			}
			try {
				this.channel?.write(formatVerdict(id, result.run, stoppedMessage(result.message)));
			} catch (error) {
				this.log('error', `[terminal] could not answer the shell: ${String(error)}`);
			}
			this.decide({ line, cwd, run: result.run, message: result.message, via: 'hook' });
			this.releaseHeld();
		});
	}

	/** Fallback: Enter was held; read the line off the screen, judge it, then pass Enter on or cancel the line. */
	private async checkScreenLine(enterKey: string): Promise<void> {
		const check: { cancelled: string | undefined; judgement?: Judgement } = { cancelled: undefined };
		this.screenCheck = check;
		try {
			const screen = this.screen ?? (this.screen = new ScreenModel(this.cols, this.rows));
			await screen.settled(ECHO_QUIET_MS, ECHO_MAX_MS);
			const line = screen.currentLine();
			const cwd = this.shellCwd();
			let result: JudgeResult = check.cancelled ? { run: false, message: check.cancelled } : { run: true };
			if (!check.cancelled && line.length > 0) {
				check.judgement = new Judgement(this.judge, line, cwd, this.judgeTimeoutMs);
				result = await check.judgement.result;
				this.decide({ line, cwd, ...result, via: 'screen' });
			}
			if (this.disposed) {
				return;
			}
			if (result.run) {
				this.forward(enterKey);
			} else {
				this.emitOutput(`\r\n${stoppedMessage(result.message)}\r\n`);
				// Ctrl-C drops the typed line (and any pending continuation lines) in every line editor.
				this.forward('\x03');
				await screen.settled(ECHO_QUIET_MS, ECHO_MAX_MS);
			}
		} catch (error) {
			this.log('error', `[terminal] screen check failed: ${String(error)}`);
			this.forward('\x03');
		} finally {
			if (this.screenCheck === check) {
				this.screenCheck = undefined;
			}
			if (this.hookAlive) {
				this.screen?.dispose();
				this.screen = undefined;
			}
			this.releaseHeld();
		}
	}

	/** The fallback's working directory: the shell's real one on Linux, else the last reported. */
	private shellCwd(): string {
		try {
			return fs.readlinkSync(`/proc/${this.proc.pid}/cwd`);
		} catch {
			return this.screen?.cwd ?? this.lastCwd;
		}
	}

	private decide(decision: Decision): void {
		// eslint-disable-next-line no-control-regex
		const shown = decision.line.replace(/[\x00-\x1f\x7f]+/g, ' ').slice(0, 200);
		this.log('info', `[terminal] ${decision.run ? 'ran' : 'stopped'} (${decision.via}): ${shown}`);
		this.decisionEmitter.fire(decision, (e) => this.log('error', `[terminal] decision listener failed: ${String(e)}`));
	}
}

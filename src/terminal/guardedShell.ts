/**
 * The guarded terminal's core: the person's shell on a real pty, with every submitted command line
 * judged before it runs. No vscode import: the editor layer wraps this in a Pseudoterminal.
 *
 * - hooked (bash, zsh, fish): the shell's hook sends each line (protocol.ts) and waits for the
 *   verdict on the FIFO; the line runs only on "allow". While a verdict is pending the person's
 *   input is held and released afterwards; Ctrl-C then means "deny" and is not forwarded.
 * - fallback (sh/dash, unknown shells, a hook that did not load): screenGuard.ts reads the line off
 *   the screen at Enter and judges it before Enter is passed on.
 * - unguarded: Enter at a hooked prompt brought no request (the hook was switched off); reported.
 * - in every mode, Enter at a database client's prompt (sqlite3, psql, mysql, redis-cli, mongosh) is
 *   held while repl/replGuard.ts judges the statement it completes.
 */
import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { IPty } from 'node-pty';
import { Emitter, type Event } from './events';
import { foregroundGroup, foregroundOf } from './foreground';
import { HookWatch } from './hookWatch';
import { InputScanner } from './inputScanner';
import { DEFAULT_JUDGE_TIMEOUT_MS, Judgement, stoppedMessage, type Judge, type JudgeResult } from './judging';
import { ProtocolParser, formatVerdict, type ProtocolEvent } from './protocol';
import { foregroundClient, type ForegroundClient } from './repl/clients';
import { ReplGuard } from './repl/replGuard';
import { ScreenGuard } from './screenGuard';
import { buildLaunch, detectShellKind, findHooksDir, type ShellKind } from './shellLaunch';
import { TerminalModes } from './terminalModes';
import type { Decision, GuardedShellOptions, GuardMode, ModeChange } from './types';
import { VerdictChannel } from './verdictChannel';
import { bytesRead, foregroundReader } from './waitsForTerminal';

const pty = require('node-pty') as typeof import('node-pty');

/** Keys besides Enter that submit a line in a readline program (sqlite3, psql, mysql): Ctrl-O. */
const READLINE_SUBMITS = '\x0f';

export type { Decision, GuardedShellOptions, GuardMode, ModeChange } from './types';

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
	/** Bracketed paste, alternate screen and prompts, as the output says at this byte. */
	private readonly modes = new TerminalModes();
	private readonly scanner = new InputScanner(this.modes);
	private readonly watch: HookWatch;
	private readonly judge: Judge;
	private readonly judgeTimeoutMs: number;
	private readonly shellPath: string;
	private readonly log: NonNullable<GuardedShellOptions['log']>;
	/** The fallback; also kept until a hook shows its first prompt. */
	private screenGuard: ScreenGuard | undefined;
	/** Statements typed at a database client's prompt. */
	private readonly repl: ReplGuard;
	private modeValue: GuardMode;
	private hookAlive = false;
	private startupTimer: NodeJS.Timeout | undefined;
	private flushTimer: NodeJS.Timeout | undefined;
	/** Keystrokes held while a verdict, a screen check or the hook's start is awaited. */
	private held = '';
	private pending: { id: string; judgement: Judgement } | undefined;
	private awaitingStartup = false;
	private lastCwd: string;
	private cols: number;
	private rows: number;
	private disposed = false;

	constructor(options: GuardedShellOptions) {
		this.kind = detectShellKind(options.shellPath);
		this.judge = options.judge;
		this.shellPath = options.shellPath;
		this.judgeTimeoutMs = options.judgeTimeoutMs ?? DEFAULT_JUDGE_TIMEOUT_MS;
		this.log = options.log ?? (() => undefined);
		this.cols = options.cols ?? 80;
		this.rows = options.rows ?? 24;
		this.lastCwd = options.cwd ?? process.cwd();
		const nonce = randomBytes(16).toString('hex');
		this.parser = new ProtocolParser(nonce);
		let channel = ['bash', 'zsh', 'fish'].includes(this.kind) ? this.openChannel() : undefined;
		const launch = buildLaunch(this.kind, { shellPath: options.shellPath, args: options.args ?? [], env: options.env ?? process.env, hooksDir: options.hooksDir ?? findHooksDir(), nonce, fifo: channel?.fifo ?? '' });
		if (!launch.hooked) {
			channel?.dispose();
			channel = undefined;
		}
		this.channel = channel;
		this.modeValue = launch.hooked ? 'hooked' : 'fallback';
		this.watch = new HookWatch(this.kind === 'zsh' ? undefined : (options.unguardedAfterMs ?? 2000), () => this.setMode('unguarded', 'Enter at the prompt brought no request from the shell hook (it was switched off or replaced)'));
		this.screenGuard = this.makeScreenGuard();
		this.repl = new ReplGuard(this.cols, this.rows, this.judge, this.judgeTimeoutMs, {
			forward: (data) => this.forward(data),
			show: (text) => this.show(text),
			decided: (line, cwd, result) => this.decided(line, cwd, result, 'prompt'),
			log: (level, message) => this.log(level, message),
			cwd: () => this.shellCwd(undefined),
		});
		try {
			this.proc = pty.spawn(launch.file, launch.args, { name: launch.env.TERM ?? 'xterm-256color', cols: this.cols, rows: this.rows, cwd: this.lastCwd, env: launch.env });
		} catch (error) {
			this.channel?.dispose();
			this.screenGuard.dispose();
			this.repl.dispose();
			throw error;
		}
		this.proc.onData((data) => this.onPtyData(data));
		this.proc.onExit(({ exitCode }) => {
			this.dispose();
			this.exitEmitter.fire(exitCode, (e) => this.log('error', `[terminal] exit listener failed: ${String(e)}`));
			this.exitEmitter.dispose();
		});
		if (launch.hooked) {
			const timeout = options.startupTimeoutMs ?? 10_000;
			this.startupTimer = setTimeout(() => this.hookFailed(`the ${this.kind} hook did not start within ${timeout} ms`), timeout);
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
		if (ctrlC >= 0 && (this.pending || this.screenGuard?.busy || this.repl.busy)) {
			// Ctrl-C while a verdict is pending cancels that command; it is not forwarded.
			this.pending?.judgement.cancel('cancelled with Ctrl-C');
			this.screenGuard?.cancel('cancelled with Ctrl-C');
			this.repl.cancel('cancelled with Ctrl-C');
			data = data.slice(0, ctrlC) + data.slice(ctrlC + 1);
		} else if (ctrlC >= 0 && this.awaitingStartup) {
			// Interrupting a slow start: drop what was typed since the held Enter, as a terminal would.
			this.held = '';
			this.awaitingStartup = false;
			this.forward(data.slice(0, ctrlC + 1));
			data = data.slice(ctrlC + 1);
		}
		this.process(data);
	}

	resize(cols: number, rows: number): void {
		if (this.disposed || cols < 1 || rows < 1) {
			return;
		}
		this.cols = cols;
		this.rows = rows;
		this.proc.resize(cols, rows);
		this.screenGuard?.screen.resize(cols, rows);
		this.repl.screen.resize(cols, rows);
	}

	kill(): void {
		if (!this.disposed) {
			this.proc.kill();
		}
	}

	/** Releases everything; a pending verdict becomes "deny". The shell itself is ended by `kill()`. */
	dispose(): void {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		clearTimeout(this.startupTimer);
		clearTimeout(this.flushTimer);
		this.watch.dispose();
		this.pending?.judgement.cancel('the terminal was closed');
		this.channel?.dispose();
		this.screenGuard?.dispose();
		this.screenGuard = undefined;
		this.repl.dispose();
		for (const emitter of [this.dataEmitter, this.modeEmitter, this.decisionEmitter, this.promptEmitter]) {
			emitter.dispose();
		}
	}

	/** How many characters of input are held back now (a count, never the keys): tests wait on it. */
	get heldInputLength(): number {
		return this.held.length;
	}

	private get holding(): boolean {
		return this.pending !== undefined || this.awaitingStartup || this.screenGuard?.busy === true || this.repl.busy;
	}

	private forward(data: string): void {
		if (data.length > 0 && !this.disposed) {
			this.proc.write(data);
		}
	}

	/** Acts on input, or holds it while something is pending. */
	private process(data: string): void {
		while (data.length > 0 && !this.disposed) {
			if (this.holding) {
				this.held += data;
				return;
			}
			// Looked up once per chunk with an Enter in it, so the hook's path and the client's cannot disagree.
			const front = /[\r\n]/.test(data) || data.includes(READLINE_SUBMITS) ? this.clientInFront() : undefined;
			if (this.hookAlive && !front) {
				// The hook judges; the proxy only watches that an Enter at a prompt brings a request.
				this.noteKeysForRepl(data);
				if (this.containsEnter(data)) {
					this.watch.enter();
				}
				if (data.includes('\x03')) {
					this.watch.answered();
				}
				this.forward(data);
				return;
			}
			// readline (8.1+) also submits the line with Ctrl-O (operate-and-get-next) in every program that uses it.
			const enter = this.scanner.findEnter(data, front ? READLINE_SUBMITS : '');
			const keys = enter ? data.slice(0, enter.index) : data;
			this.screenGuard?.keys(keys);
			this.repl.keys(keys);
			this.forward(keys);
			if (!enter) {
				return;
			}
			const enterKey = data[enter.index];
			this.held = data.slice(enter.index + 1);
			data = '';
			if (front) {
				// A database client reads this Enter: judge the statement it completes, in every mode.
				this.scanner.skip(enterKey);
				let unit = enterKey;
				if (enter.inPaste) {
					const length = this.scanner.pasteRest(this.held);
					unit += this.held.slice(0, length);
					this.held = this.held.slice(length);
				}
				this.screenGuard?.enterPassed();
				void this.repl.check(front, unit, enter.inPaste).then((ran) => {
					if (!ran) {
						this.scanner.dropPaste();
					}
					this.afterScreenCheck();
				});
				continue;
			}
			this.repl.lineEnded();
			if (this.modeValue === 'hooked') {
				// No prompt from the hook yet: hold Enter until it comes (the hook will judge the line)
				// or until the hook is declared failed (the screen will be read).
				this.awaitingStartup = true;
				this.held = enterKey + this.held;
				continue;
			}
			// Every Enter is judged; an Enter inside a paste takes the rest of the paste with it, because
			// a line editor that honours the paste runs all of it at once.
			this.scanner.skip(enterKey);
			let unit = enterKey;
			if (enter.inPaste) {
				const length = this.scanner.pasteRest(this.held);
				unit += this.held.slice(0, length);
				this.held = this.held.slice(length);
			}
			if (this.modes.altScreen && this.programOwnsEnter()) {
				// A full-screen program (vim, less) in front owns Enter; never the shell, whatever the screen shows.
				this.screenGuard?.enterPassed();
				this.forward(unit);
				data = this.held;
				this.held = '';
			} else {
				const guard = (this.screenGuard ??= this.makeScreenGuard());
				void guard.check(unit, enter.inPaste).then((ran) => {
					if (!ran) {
						this.scanner.dropPaste();
					}
					this.afterScreenCheck();
				});
			}
		}
	}

	/**
	 * Whether Enter belongs to a program in front on the alternate screen, not to the shell. On Linux only
	 * while that program waits to read the terminal (waitsForTerminal.ts): one that does not (sleep) would
	 * leave the line in the terminal's input queue for the shell to run, unjudged, once it exits.
	 */
	private programOwnsEnter(): boolean {
		if (foregroundOf(this.proc, this.shellPath) === 'shell') {
			return false;
		}
		const group = process.platform === 'linux' ? foregroundGroup(this.proc.pid) : undefined;
		if (group === undefined) {
			// No /proc that shows the shell (macOS, Windows): as before (docs/terminal.md, "Fallback mode").
			return true;
		}
		const tty = this.terminalPath();
		const reader = tty === undefined ? undefined : foregroundReader(group, tty);
		const read = reader === undefined ? undefined : bytesRead(reader);
		if (reader === undefined || read === undefined) {
			return false;
		}
		// Two lines in one write: at the second Enter the reader still waits, the first line not yet in its hands.
		// It would take one line and leave the other to the shell. So an Enter goes unjudged only to a reader that
		// has read since the last one it was given.
		if (this.lastUnjudged?.pid === reader && this.lastUnjudged.read === read) {
			return false;
		}
		this.lastUnjudged = { pid: reader, read };
		return true;
	}

	/** The reader the last unjudged Enter went to, and how much it had read then (programOwnsEnter). */
	private lastUnjudged: { readonly pid: number; readonly read: bigint } | undefined;

	/** The terminal's device (/dev/pts/N), read from the shell's stdin once it is one. */
	private ttyPath: string | undefined;

	private terminalPath(): string | undefined {
		if (this.ttyPath === undefined) {
			try {
				const link = fs.readlinkSync(`/proc/${this.proc.pid}/fd/0`);
				this.ttyPath = /^\/dev\/pts\/\d+$/.test(link) ? link : undefined;
			} catch {
				this.ttyPath = undefined;
			}
		}
		return this.ttyPath;
	}

	/** The database client reading the keys now, if one is (Linux; see repl/clients.ts). */
	private clientInFront(): ForegroundClient | undefined {
		return process.platform === 'linux' ? foregroundClient(this.proc.pid) : undefined;
	}

	/** Keys that go to the shell or a program other than a database client: the next line starts fresh. */
	private noteKeysForRepl(data: string): void {
		const parts = data.split(/[\r\n]/);
		parts.forEach((part, i) => {
			if (i > 0) {
				this.repl.lineEnded();
			}
			this.repl.keys(part);
		});
	}

	/** Whether `data` submits a line, keeping the paste state right for all of it. */
	private containsEnter(data: string): boolean {
		let found = false;
		for (let enter = this.scanner.findEnter(data); enter; enter = this.scanner.findEnter(data)) {
			// Inside a paste the line editor inserts Enter (the hook judges the line when it runs).
			found ||= !enter.inPaste;
			this.scanner.skip(data[enter.index]);
			data = data.slice(enter.index + 1);
		}
		return found;
	}

	private releaseHeld(): void {
		if (!this.holding && this.held.length > 0) {
			const data = this.held;
			this.held = '';
			this.process(data);
		}
	}

	private afterScreenCheck(): void {
		if (this.hookAlive && this.screenGuard && !this.screenGuard.busy) {
			this.screenGuard.dispose();
			this.screenGuard = undefined;
		}
		this.releaseHeld();
	}

	private onPtyData(data: string): void {
		const { output, events } = this.parser.feed(data);
		let from = 0;
		for (const event of events) {
			this.show(output.slice(from, event.offset));
			from = event.offset;
			this.onProtocolEvent(event);
		}
		this.show(from === 0 ? output : output.slice(from));
		clearTimeout(this.flushTimer);
		if (this.parser.hasHeldText()) {
			// A lone ESC at the end of a chunk is shown if nothing follows soon.
			this.flushTimer = setTimeout(() => this.show(this.parser.flushHeldText()), 20);
		}
	}

	private show(text: string): void {
		if (text.length > 0 && !this.disposed) {
			this.modes.feed(text);
			this.screenGuard?.screen.write(text);
			this.repl.output(text);
			this.dataEmitter.fire(text, (e) => this.log('error', `[terminal] data listener failed: ${String(e)}`));
		}
	}

	private onProtocolEvent(event: ProtocolEvent): void {
		switch (event.type) {
			case 'request':
				this.hookIsAlive();
				this.watch.answered();
				if (this.modeValue === 'unguarded') {
					this.setMode('hooked', 'the shell hook asks again');
				}
				this.startVerdict(event.id, event.line, event.cwd || this.lastCwd);
				break;
			case 'prompt':
				this.lastCwd = event.cwd || this.lastCwd;
				// A prompt while a verdict is pending: the shell gave up on it (it was interrupted).
				this.pending?.judgement.cancel('the shell stopped waiting');
				this.hookIsAlive();
				this.watch.prompt();
				this.promptEmitter.fire(this.lastCwd, (e) => this.log('error', `[terminal] prompt listener failed: ${String(e)}`));
				break;
			case 'skip':
				this.watch.answered();
				break;
			case 'nohook':
				this.hookFailed(`this ${this.kind} cannot run the hook (too old?)`);
				break;
			case 'oversized':
				this.answer(event.id, { run: false, message: 'the command is too long to check' });
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
		this.setMode('hooked', `the ${this.kind} hook is running`);
		this.awaitingStartup = false;
		this.afterScreenCheck();
	}

	private hookFailed(reason: string): void {
		if (this.hookAlive || this.disposed || this.modeValue === 'fallback') {
			return;
		}
		clearTimeout(this.startupTimer);
		this.setMode('fallback', reason);
		this.awaitingStartup = false;
		this.releaseHeld();
	}

	private setMode(mode: GuardMode, reason: string): void {
		if (mode !== this.modeValue) {
			this.modeValue = mode;
			this.log(mode === 'hooked' ? 'info' : 'warn', `[terminal] ${mode}: ${reason}`);
			this.modeEmitter.fire({ mode, reason }, (e) => this.log('error', `[terminal] mode listener failed: ${String(e)}`));
		}
	}

	private startVerdict(id: string, line: string, cwd: string): void {
		// A new request means the shell abandoned any earlier one.
		this.pending?.judgement.cancel('the shell asked again');
		const judgement = new Judgement(this.judge, line, cwd, this.judgeTimeoutMs);
		const pending = { id, judgement };
		this.pending = pending;
		void judgement.result.then((result) => {
			if (this.pending === pending) {
				this.pending = undefined;
			}
			if (!this.disposed) {
				this.answer(id, result);
				this.decided(line, cwd, result, 'hook');
				this.releaseHeld();
			}
		});
	}

	private answer(id: string, result: JudgeResult): void {
		try {
			this.channel?.write(formatVerdict(id, result.run, stoppedMessage(result.message)));
		} catch (error) {
			this.log('error', `[terminal] could not answer the shell: ${String(error)}`);
		}
	}

	private decided(line: string, cwd: string, result: JudgeResult, via: Decision['via']): void {
		// eslint-disable-next-line no-control-regex
		const shown = line.replace(/[\x00-\x1f\x7f]+/g, ' ').slice(0, 200);
		this.log('info', `[terminal] ${result.run ? 'ran' : 'stopped'} (${via}): ${shown}`);
		this.decisionEmitter.fire({ line, cwd, run: result.run, message: result.message, via }, (e) => this.log('error', `[terminal] decision listener failed: ${String(e)}`));
	}

	/** The FIFO for verdicts; without one (no mkfifo, e.g. Windows) the shell runs in fallback mode. */
	private openChannel(): VerdictChannel | undefined {
		try {
			return new VerdictChannel();
		} catch (error) {
			this.log('warn', `[terminal] no verdict channel, reading the screen instead: ${String(error)}`);
			return undefined;
		}
	}

	private makeScreenGuard(): ScreenGuard {
		return new ScreenGuard(this.cols, this.rows, this.judge, this.judgeTimeoutMs, {
			forward: (data) => this.forward(data),
			show: (text) => this.show(text),
			cwd: (reported) => this.shellCwd(reported),
			decided: (line, cwd, result) => this.decided(line, cwd, result, 'screen'),
			log: (level, message) => this.log(level, message),
		});
	}

	/** The shell's real working directory on Linux, else the last reported one. */
	private shellCwd(reported: string | undefined): string {
		try {
			return fs.readlinkSync(`/proc/${this.proc.pid}/cwd`);
		} catch {
			return reported ?? this.lastCwd;
		}
	}
}

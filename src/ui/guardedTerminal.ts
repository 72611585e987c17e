/**
 * A `vscode.Pseudoterminal` around one `GuardedShell` (src/terminal/, vscode-free): VS Code draws,
 * the shell runs on a real pty, and every command line goes through the judge first.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { GuardedShell, type GuardMode, type Judge } from '../terminal';
import type { InputOrigin } from './inputOrigin';
import type { ShellLaunch } from './shellProfile';

export interface GuardedPtyOptions {
	readonly launch: ShellLaunch;
	readonly judge: Judge;
	readonly log: vscode.LogOutputChannel;
	/** `terminalGuard.enabled` from the user's settings; when off the terminal says so. */
	readonly enabled: () => boolean;
	/** `terminalGuard.confirmTimeoutSeconds`, read when the terminal opens. */
	readonly judgeTimeoutMs?: number;
	/** Told of every input chunk, to tell the person's lines from automation's (inputOrigin.ts). */
	readonly origin?: InputOrigin;
}

/** How much recent output a terminal keeps for `recentOutput` (tests wait on what the shell shows). */
const TAIL_CHARS = 32 * 1024;

export const OFF_NOTICE = '⚠ Terminal Guard is off (terminalGuard.enabled is false in your user settings): commands in this terminal are not checked.';
export const ON_NOTICE = '🛡 Terminal Guard is on again: commands in this terminal are checked.';

export class GuardedPty implements vscode.Pseudoterminal {
	private readonly writeEmitter = new vscode.EventEmitter<string>();
	private readonly closeEmitter = new vscode.EventEmitter<number | void>();
	private readonly nameEmitter = new vscode.EventEmitter<string>();
	readonly onDidWrite = this.writeEmitter.event;
	readonly onDidClose = this.closeEmitter.event;
	readonly onDidChangeName = this.nameEmitter.event;
	private readonly stateEmitter = new vscode.EventEmitter<void>();
	/** The guard's mode or the shell's working directory changed (the status bar listens). */
	readonly onDidChangeState = this.stateEmitter.event;
	private shell: GuardedShell | undefined;
	private closed = false;
	private settingsListener: vscode.Disposable | undefined;
	private wasEnabled = true;
	private tail = '';
	private outputChars = 0;

	constructor(private readonly options: GuardedPtyOptions) {}

	/** How the shell is guarded now; 'starting' until it has started, 'exited' after. */
	get mode(): GuardMode | 'starting' | 'exited' {
		return this.closed ? 'exited' : this.shell?.mode ?? 'starting';
	}

	/** The shell's working directory as last reported. */
	get cwd(): string | undefined {
		return this.shell?.cwd ?? this.options.launch.cwd;
	}

	/** The last 32 KiB the shell printed (escape sequences included), and how much it printed in all. */
	get recentOutput(): { readonly text: string; readonly total: number } {
		return { text: this.tail, total: this.outputChars };
	}

	/** How many characters of the person's input wait for a pending question (a count, not the keys). */
	get heldInputLength(): number {
		return this.shell?.heldInputLength ?? 0;
	}

	get shellName(): string {
		return path.basename(this.options.launch.shellPath);
	}

	/** The terminal's name: "Guarded bash". */
	static nameFor(launch: ShellLaunch): string {
		return `Guarded ${path.basename(launch.shellPath)}`;
	}

	open(dimensions: vscode.TerminalDimensions | undefined): void {
		const { launch, judge, log } = this.options;
		try {
			const shell = new GuardedShell({
				shellPath: launch.shellPath,
				args: launch.args,
				cwd: launch.cwd,
				env: launch.env,
				cols: dimensions?.columns ?? 80,
				rows: dimensions?.rows ?? 24,
				judge,
				judgeTimeoutMs: this.options.judgeTimeoutMs,
				log: (level, message) => log[level](message),
			});
			this.shell = shell;
			shell.onData((text) => {
				this.writeEmitter.fire(text);
				this.tail = (this.tail + text).slice(-TAIL_CHARS);
				this.outputChars += text.length;
			});
			shell.onExit((code) => this.finish(code));
			shell.onDidChangeMode(({ mode, reason }) => {
				log.info(`[terminal] ${launch.shellPath}: ${mode} (${reason})`);
				this.stateEmitter.fire();
			});
			shell.onPrompt(() => this.stateEmitter.fire());
			shell.onDecision(({ line, run, via }) => log.info(`[terminal] ${run ? 'ran' : 'stopped'} (${via}): ${line}`));
			this.wasEnabled = this.options.enabled();
			if (!this.wasEnabled) {
				this.writeEmitter.fire(`${OFF_NOTICE}\r\n`);
			}
			this.settingsListener = vscode.workspace.onDidChangeConfiguration((event) => {
				if (event.affectsConfiguration('terminalGuard.enabled')) {
					this.announceEnabled();
				}
			});
			log.info(`[terminal] started ${launch.shellPath} ${launch.args.join(' ')} from ${launch.source} in ${launch.cwd ?? '(no folder)'}, pid ${shell.pid}`);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			log.error(`[terminal] could not start ${launch.shellPath}`, error);
			this.writeEmitter.fire(`Terminal Guard could not start ${launch.shellPath}: ${message}\r\n`);
			this.finish(1);
		}
	}

	handleInput(data: string): void {
		this.options.origin?.note(data);
		this.shell?.write(data);
	}

	setDimensions(dimensions: vscode.TerminalDimensions): void {
		this.shell?.resize(dimensions.columns, dimensions.rows);
	}

	/** The person closed the terminal. */
	close(): void {
		this.closed = true;
		this.disposeShell();
	}

	/** Says in the terminal when the guard was switched off or on while it is open. */
	private announceEnabled(): void {
		const enabled = this.options.enabled();
		if (enabled !== this.wasEnabled) {
			this.wasEnabled = enabled;
			this.writeEmitter.fire(`\r\n${enabled ? ON_NOTICE : OFF_NOTICE}\r\n`);
		}
	}

	private finish(code: number): void {
		this.disposeShell();
		if (!this.closed) {
			this.closed = true;
			this.closeEmitter.fire(code);
		}
		this.stateEmitter.fire();
	}

	private disposeShell(): void {
		this.settingsListener?.dispose();
		this.settingsListener = undefined;
		const shell = this.shell;
		this.shell = undefined;
		if (shell) {
			shell.kill();
			shell.dispose();
		}
	}
}

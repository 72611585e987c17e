/**
 * A `vscode.Pseudoterminal` around one `GuardedShell` (src/terminal/, vscode-free): VS Code draws,
 * the shell runs on a real pty, and every command line goes through the judge first.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { GuardedShell, type Judge } from '../terminal';
import type { ShellLaunch } from './shellProfile';

export interface GuardedPtyOptions {
	readonly launch: ShellLaunch;
	readonly judge: Judge;
	readonly log: vscode.LogOutputChannel;
}

export class GuardedPty implements vscode.Pseudoterminal {
	private readonly writeEmitter = new vscode.EventEmitter<string>();
	private readonly closeEmitter = new vscode.EventEmitter<number | void>();
	private readonly nameEmitter = new vscode.EventEmitter<string>();
	readonly onDidWrite = this.writeEmitter.event;
	readonly onDidClose = this.closeEmitter.event;
	readonly onDidChangeName = this.nameEmitter.event;
	private shell: GuardedShell | undefined;
	private closed = false;

	constructor(private readonly options: GuardedPtyOptions) {}

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
				log: (level, message) => log[level](message),
			});
			this.shell = shell;
			shell.onData((text) => this.writeEmitter.fire(text));
			shell.onExit((code) => this.finish(code));
			shell.onDidChangeMode(({ mode, reason }) => log.info(`[terminal] ${launch.shellPath}: ${mode} (${reason})`));
			shell.onDecision(({ line, run, via }) => log.info(`[terminal] ${run ? 'ran' : 'stopped'} (${via}): ${line}`));
			log.info(`[terminal] started ${launch.shellPath} ${launch.args.join(' ')} from ${launch.source} in ${launch.cwd ?? '(no folder)'}, pid ${shell.pid}`);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			log.error(`[terminal] could not start ${launch.shellPath}`, error);
			this.writeEmitter.fire(`Terminal Guard could not start ${launch.shellPath}: ${message}\r\n`);
			this.finish(1);
		}
	}

	handleInput(data: string): void {
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

	private finish(code: number): void {
		this.disposeShell();
		if (!this.closed) {
			this.closed = true;
			this.closeEmitter.fire(code);
		}
	}

	private disposeShell(): void {
		const shell = this.shell;
		this.shell = undefined;
		if (shell) {
			shell.kill();
			shell.dispose();
		}
	}
}

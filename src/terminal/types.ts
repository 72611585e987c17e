/** What the editor layer passes to GuardedShell and hears back from it. No vscode import. */
import type { Judge } from './judging';

export type { Judge, JudgeResult } from './judging';

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
	/** bash and fish: Enter at a prompt that brings no request within this means unguarded. Default 2 s. */
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
	/** How the line was obtained: from the shell's hook, read off the screen, or a statement at a database client's prompt (repl/). */
	readonly via: 'hook' | 'screen' | 'prompt';
}

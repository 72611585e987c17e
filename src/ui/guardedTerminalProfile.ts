/**
 * How a person opens a guarded terminal: the terminal profile "Terminal Guard: Guarded shell"
 * (terminal dropdown, `onTerminalProfile:` activation) and the command "Terminal Guard: New Guarded
 * Terminal", which returns the `vscode.Terminal` it opened.
 */
import * as vscode from 'vscode';
import { registerCommand } from './commands';
import { createJudge } from './confirm';
import type { EditorGuard } from './guard';
import { GuardedPty } from './guardedTerminal';
import type { Answerer } from './person';
import { resolveShellLaunch } from './shellProfile';

export const PROFILE_ID = 'terminalGuard.guardedShell';
export const NEW_TERMINAL_COMMAND = 'terminalGuard.newTerminal';

export interface GuardedTerminalDeps {
	readonly guard: EditorGuard;
	readonly answerer: () => Answerer;
	readonly log: vscode.LogOutputChannel;
}

/**
 * The options of a new guarded terminal: the person's shell wrapped in a GuardedPty. `cwd` replaces
 * the workspace folder as the start folder (the walkthrough's practice terminal).
 */
export function guardedTerminalOptions({ guard, answerer, log }: GuardedTerminalDeps, { cwd }: { cwd?: string } = {}): vscode.ExtensionTerminalOptions {
	const launch = { ...resolveShellLaunch(), ...(cwd ? { cwd } : {}) };
	const pty = new GuardedPty({ launch, judge: createJudge({ guard, answerer, env: launch.env, log }), log });
	return { name: GuardedPty.nameFor(launch), pty, iconPath: new vscode.ThemeIcon('shield') };
}

export function registerGuardedTerminal(deps: GuardedTerminalDeps): vscode.Disposable {
	return vscode.Disposable.from(
		vscode.window.registerTerminalProfileProvider(PROFILE_ID, {
			provideTerminalProfile: () => new vscode.TerminalProfile(guardedTerminalOptions(deps)),
		}),
		registerCommand(NEW_TERMINAL_COMMAND, deps.log, () => {
			const terminal = vscode.window.createTerminal(guardedTerminalOptions(deps));
			terminal.show();
			return terminal;
		}),
	);
}

/**
 * How a person opens a guarded terminal: the terminal profile "Terminal Guard: Guarded shell"
 * (terminal dropdown, `onTerminalProfile:` activation) and the command "Terminal Guard: New Guarded
 * Terminal", which returns the `vscode.Terminal` it opened.
 */
import * as vscode from 'vscode';
import type { AuditLog } from './auditLog';
import { registerCommand } from './commands';
import { terminalShell } from '../engine/shells';
import { createJudge } from './confirm';
import { type DefaultProfile, PROFILE_TITLE } from './defaultProfile';
import type { EditorGuard } from './guard';
import { GuardedPty } from './guardedTerminal';
import type { IgnoredSettingsWarner } from './ignoredSettings';
import { InputOrigin } from './inputOrigin';
import type { Answerer } from './person';
import { readSettings } from './settings';
import { resolveShellLaunch } from './shellProfile';

export const PROFILE_ID = 'terminalGuard.guardedShell';
export const NEW_TERMINAL_COMMAND = 'terminalGuard.newTerminal';

export interface GuardedTerminalDeps {
	readonly guard: EditorGuard;
	readonly answerer: () => Answerer;
	readonly log: vscode.LogOutputChannel;
	readonly audit: AuditLog;
	readonly defaultProfile: DefaultProfile;
	/** Told which workspace terminal settings the guarded terminal did not take (once each). */
	readonly warner?: Pick<IgnoredSettingsWarner, 'report'>;
}

/**
 * The options of a new guarded terminal: the person's shell wrapped in a GuardedPty. `cwd` replaces
 * the workspace folder as the start folder (the walkthrough's practice terminal).
 */
export function guardedTerminalOptions({ guard, answerer, log, audit, defaultProfile, warner }: GuardedTerminalDeps, { cwd }: { cwd?: string } = {}): vscode.ExtensionTerminalOptions {
	const launch = { ...resolveShellLaunch(defaultProfile.previous, PROFILE_TITLE), ...(cwd ? { cwd } : {}) };
	warner?.report(launch.ignored);
	const enabled = (): boolean => readSettings().enabled;
	const origin = new InputOrigin();
	// The safer command a person chooses in the dialog is typed into this terminal, where it is judged like any line.
	const typeInto: { pty?: GuardedPty } = {};
	const judge = createJudge({
		guard, answerer, env: launch.env, log, enabled, askedBy: (line) => origin.take(line), shell: terminalShell(launch.shellPath),
		typeLine: (line) => typeInto.pty?.handleInput(`${line}\r`),
		folders: () => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
		record: ({ line, cwd: where, verdict, outcome, askedBy, blast, instead }) => void audit.append({
			time: new Date().toISOString(),
			workspace: guard.folderFor(where)?.uri.fsPath ?? null,
			cwd: where,
			command: line,
			rule: verdict.rule,
			target: verdict.target,
			outcome,
			askedBy,
			production: verdict.production,
			...(blast ? { blast } : {}),
			...(instead ? { instead } : {}),
		}),
	});
	const pty = new GuardedPty({ launch, judge, log, enabled, origin, judgeTimeoutMs: readSettings().confirmTimeoutMs });
	typeInto.pty = pty;
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

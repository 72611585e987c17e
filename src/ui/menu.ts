/** The status bar's quick menu ("terminalGuard.showMenu"): the things a person does with Terminal Guard. */
import * as vscode from 'vscode';
import { CHECK_COMMAND } from './checkCommandLine';
import { type DefaultProfile, MAKE_DEFAULT_COMMAND, RESTORE_DEFAULT_COMMAND } from './defaultProfile';
import { NEW_TERMINAL_COMMAND } from './guardedTerminalProfile';
import { SHOW_AUDIT_LOG_COMMAND } from './showAuditLog';

/** Another helper's command; offered only when it exists. */
export const PROTECT_AGENTS_COMMAND = 'terminalGuard.protectAgents';

export interface MenuItem extends vscode.QuickPickItem {
	readonly command: string;
	readonly args?: unknown[];
}

export async function menuItems(defaultProfile: DefaultProfile): Promise<MenuItem[]> {
	const items: MenuItem[] = [
		{ label: '$(shield) New Guarded Terminal', command: NEW_TERMINAL_COMMAND },
		defaultProfile.isDefault
			? { label: '$(discard) Stop Using as Default', description: 'new terminals open unguarded again', command: RESTORE_DEFAULT_COMMAND }
			: { label: '$(star-empty) Make Default', description: 'new terminals open guarded', command: MAKE_DEFAULT_COMMAND },
		{ label: '$(output) Show Audit Log', command: SHOW_AUDIT_LOG_COMMAND },
		{ label: '$(search) Check a Command Line…', command: CHECK_COMMAND },
		{ label: '$(settings-gear) Open Settings', command: 'workbench.action.openSettings', args: ['terminalGuard'] },
	];
	if ((await vscode.commands.getCommands(true)).includes(PROTECT_AGENTS_COMMAND)) {
		items.push({ label: '$(hubot) Protect AI Agents…', command: PROTECT_AGENTS_COMMAND });
	}
	return items;
}

/** Shows the menu and runs the chosen item; returns its command (undefined when dismissed). */
export async function showMenu(defaultProfile: DefaultProfile): Promise<string | undefined> {
	const chosen = await vscode.window.showQuickPick(menuItems(defaultProfile), { title: 'Terminal Guard', placeHolder: 'What do you want to do?' });
	if (chosen) {
		await vscode.commands.executeCommand(chosen.command, ...(chosen.args ?? []));
	}
	return chosen?.command;
}

/**
 * The status bar's quick menu ("terminalGuard.showMenu"): what is protected (the same line as the
 * welcome and the status bar, with "Protect Everything" when something is not), the team policy, and
 * the things a person does with Terminal Guard.
 */
import * as vscode from 'vscode';
import { CHECK_COMMAND } from './checkCommandLine';
import { type DefaultProfile, MAKE_DEFAULT_COMMAND, RESTORE_DEFAULT_COMMAND } from './defaultProfile';
import { NEW_TERMINAL_COMMAND } from './guardedTerminalProfile';
import { SHOW_AUDIT_LOG_COMMAND } from './showAuditLog';
import type { ProtectionSource, TeamPolicySource } from './statusBar';

/** Another helper's command; offered only when it exists. */
export const PROTECT_AGENTS_COMMAND = 'terminalGuard.protectAgents';

export interface MenuItem extends vscode.QuickPickItem {
	readonly command: string;
	readonly args?: unknown[];
}

/** The protection summary and the team policy, shown at the top of the menu (statusBar.ts has the same). */
export interface MenuSources {
	readonly protection?: ProtectionSource;
	readonly team?: TeamPolicySource;
}

/** Runs "Protect Everything" (src/onboarding/protection.ts). */
export const PROTECT_EVERYTHING_COMMAND = 'terminalGuard.protectEverything';

export async function menuItems(defaultProfile: DefaultProfile, sources: MenuSources = {}): Promise<MenuItem[]> {
	const summary = sources.protection?.refresh();
	const policy = sources.team?.describe();
	const top: MenuItem[] = [];
	if (summary) {
		const gaps = summary.warnings.length > 0;
		top.push({
			label: `${gaps ? '$(warning)' : '$(shield)'} ${summary.text}`,
			description: gaps ? 'protect everything again' : undefined,
			detail: gaps ? `Not protected any more: ${summary.warnings.join('; ')}` : undefined,
			command: gaps || summary.text.includes('not ') ? PROTECT_EVERYTHING_COMMAND : PROTECT_AGENTS_COMMAND,
		});
	}
	if (policy) {
		const file = sources.team?.policies[0]?.file;
		top.push({ label: `$(law) Team ${policy}`, command: 'vscode.open', args: file ? [vscode.Uri.file(file)] : [] });
	}
	const items: MenuItem[] = [
		...top,
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
export async function showMenu(defaultProfile: DefaultProfile, sources: MenuSources = {}): Promise<string | undefined> {
	const chosen = await vscode.window.showQuickPick(menuItems(defaultProfile, sources), { title: 'Terminal Guard', placeHolder: 'What do you want to do?' });
	if (chosen) {
		await vscode.commands.executeCommand(chosen.command, ...(chosen.args ?? []));
	}
	return chosen?.command;
}

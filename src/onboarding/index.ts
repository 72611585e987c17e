/** First run and the walkthrough: the welcome notification, "Protect Everything" and the walkthrough's own command. */
import * as vscode from 'vscode';
import { registerCommand } from '../ui/commands';
import type { GuardedTerminalDeps } from '../ui/guardedTerminalProfile';
import { Protection, PROTECT_EVERYTHING_COMMAND } from './protection';
import { TRY_BLOCKED_COMMAND, tryBlockedCommand } from './tryBlockedCommand';
import { Welcome, type WelcomeState } from './welcome';

export type { WelcomeState } from './welcome';
export { Protection, PROTECT_EVERYTHING_COMMAND, type ProtectionSummary } from './protection';

export function registerOnboarding(context: vscode.ExtensionContext, deps: GuardedTerminalDeps): { disposable: vscode.Disposable; welcome: WelcomeState; protection: Protection } {
	const protection = new Protection(context, deps.defaultProfile, deps.audit, deps.log);
	// Checks for a first run right away (Welcome's constructor); the result is `welcome.atActivation`.
	const welcome = new Welcome(context, protection, deps.log);
	return {
		disposable: vscode.Disposable.from(
			protection,
			registerCommand(TRY_BLOCKED_COMMAND, deps.log, () => tryBlockedCommand(context, deps)),
			registerCommand(PROTECT_EVERYTHING_COMMAND, deps.log, () => protection.protectEverything()),
		),
		welcome,
		protection,
	};
}

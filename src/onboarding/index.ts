/** First run and the walkthrough: the welcome notification and the walkthrough's own command. */
import * as vscode from 'vscode';
import { registerCommand } from '../ui/commands';
import type { GuardedTerminalDeps } from '../ui/guardedTerminalProfile';
import { TRY_BLOCKED_COMMAND, tryBlockedCommand } from './tryBlockedCommand';
import { Welcome, type WelcomeState } from './welcome';

export type { WelcomeState } from './welcome';

export function registerOnboarding(context: vscode.ExtensionContext, deps: GuardedTerminalDeps): { disposable: vscode.Disposable; welcome: WelcomeState } {
	// Checks for a first run right away (Welcome's constructor); the result is `welcome.atActivation`.
	const welcome = new Welcome(context, deps.log);
	return {
		disposable: registerCommand(TRY_BLOCKED_COMMAND, deps.log, () => tryBlockedCommand(context, deps)),
		welcome,
	};
}

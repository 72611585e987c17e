/**
 * Whether the person chose "Protect Everything" (src/onboarding/protection.ts): from then on a gap
 * (a new agent, a hook taken out of an agent's settings, the default profile changed back) is shown
 * as a warning. Undoing a part with Terminal Guard's own commands ("Remove AI Agent Protection…",
 * "Stop Using the Guarded Terminal as Default") is a choice too, so it ends the warnings: warn, not nag.
 */
import type * as vscode from 'vscode';

/** globalState key. */
const KEY = 'terminalGuard.protectEverythingChosen';

export function protectEverythingChosen(state: vscode.Memento): boolean {
	return state.get<boolean>(KEY) === true;
}

export function setProtectEverythingChosen(state: vscode.Memento, chosen: boolean): Thenable<void> {
	return state.update(KEY, chosen ? true : undefined);
}

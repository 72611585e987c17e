/**
 * The terminals VS Code starts itself — plain terminals, tasks, other extensions' terminals — guarded
 * through `context.environmentVariableCollection` (opt-in, from "Protect AI Agents…";
 * docs/agents-install.md). What the variables are and do: src/terminal/otherTerminals.ts.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { otherTerminalVariables } from '../terminal/otherTerminals';

/** globalState key of the opt-in (its name predates zsh and interactive shells). */
const OPT_IN_KEY = 'terminalGuard.bashGate';

export function otherTerminalsGuarded(context: vscode.ExtensionContext): boolean {
	return context.globalState.get<boolean>(OPT_IN_KEY) === true;
}

/** Applies (or clears) the variables for terminals started from now on. */
export function applyTerminalEnvironment(context: vscode.ExtensionContext, shim: string | undefined, log: vscode.LogOutputChannel): void {
	const collection = context.environmentVariableCollection;
	// Not persisted: the scripts' paths change with every extension version, so they are set anew at activation.
	collection.persistent = false;
	collection.clear();
	if (!otherTerminalsGuarded(context) || !shim || process.platform === 'win32') {
		return;
	}
	collection.description = 'Terminal Guard checks each command in bash and zsh terminals (and `bash -c`/`zsh -c` from tasks and extensions) and asks you before a destructive one runs';
	const variables = otherTerminalVariables(context.asAbsolutePath(path.join('media', 'shell')), shim, process.env);
	for (const [name, value] of Object.entries(variables.replace)) {
		collection.replace(name, value);
	}
	for (const [name, value] of Object.entries(variables.prepend)) {
		collection.prepend(name, value);
	}
	log.info('[agents] bash and zsh terminals started from now on are guarded (PROMPT_COMMAND, BASH_ENV, ZDOTDIR)');
}

export async function setOtherTerminals(context: vscode.ExtensionContext, enabled: boolean, shim: string | undefined, log: vscode.LogOutputChannel): Promise<void> {
	await context.globalState.update(OPT_IN_KEY, enabled ? true : undefined);
	applyTerminalEnvironment(context, shim, log);
}

/**
 * `bash -c …` in the terminals VS Code starts for tasks and other extensions, gated through
 * `context.environmentVariableCollection` (opt-in, from "Protect AI Agents…"): BASH_ENV names
 * media/shell/bash/gate.bash, which asks the editor (`terminal-guard gate`) before the line runs.
 * Interactive shells do not read BASH_ENV, so VS Code's shell integration is untouched.
 */
import * as vscode from 'vscode';

const OPT_IN_KEY = 'terminalGuard.bashGate';

export function bashGateEnabled(context: vscode.ExtensionContext): boolean {
	return context.globalState.get<boolean>(OPT_IN_KEY) === true;
}

/** Applies (or clears) the variables for terminals started from now on. */
export function applyTerminalEnvironment(context: vscode.ExtensionContext, shim: string | undefined, log: vscode.LogOutputChannel): void {
	const collection = context.environmentVariableCollection;
	// Not persisted: the script's path changes with every extension version, so it is set anew at activation.
	collection.persistent = false;
	collection.clear();
	if (!bashGateEnabled(context) || !shim || process.platform === 'win32') {
		return;
	}
	const script = context.asAbsolutePath('media/shell/bash/gate.bash');
	collection.description = 'Terminal Guard asks you before `bash -c` commands from tasks and extensions run';
	collection.replace('BASH_ENV', script);
	collection.replace('TERMINAL_GUARD_GATE', shim);
	const own = process.env.BASH_ENV;
	if (own && own !== script) {
		collection.replace('TERMINAL_GUARD_USER_BASH_ENV', own);
	}
	log.info(`[agents] terminals started from now on get BASH_ENV=${script}`);
}

export async function setBashGate(context: vscode.ExtensionContext, enabled: boolean, shim: string | undefined, log: vscode.LogOutputChannel): Promise<void> {
	await context.globalState.update(OPT_IN_KEY, enabled ? true : undefined);
	applyTerminalEnvironment(context, shim, log);
}

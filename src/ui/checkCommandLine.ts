/**
 * "Terminal Guard: Check a Command Line…": asks for a line and shows the engine's verdict.
 * Called with a string argument (tests, keybindings) it skips the input box. Returns the verdict.
 */
import * as vscode from 'vscode';
import type { Verdict } from '../engine/types';
import type { EditorGuard } from './guard';
import { verdictMessage, type VerdictMessage } from './verdictMessage';

export const CHECK_COMMAND = 'terminalGuard.checkCommandLine';

export async function checkCommandLine(guard: EditorGuard, given?: unknown): Promise<Verdict | undefined> {
	const line = typeof given === 'string' ? given : await vscode.window.showInputBox({
		title: 'Terminal Guard: Check a Command Line',
		prompt: 'A shell command line; Terminal Guard says whether it would run, ask you to type its target, or refuse it.',
		placeHolder: 'rm -rf build',
		ignoreFocusOut: true,
	});
	if (line === undefined || line.trim() === '') {
		return undefined;
	}
	const verdict = await guard.check(line);
	// Not awaited: the notification stays until dismissed, the command returns now.
	void show(verdictMessage(line, verdict));
	return verdict;
}

function show({ level, text }: VerdictMessage): Thenable<string | undefined> {
	switch (level) {
		case 'info':
			return vscode.window.showInformationMessage(text);
		case 'warning':
			return vscode.window.showWarningMessage(text);
		case 'error':
			return vscode.window.showErrorMessage(text);
	}
}

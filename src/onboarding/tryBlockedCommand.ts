/**
 * The walkthrough's "Try a blocked command safely": a guarded terminal in a scratch folder under
 * the extension's global storage, with a practice folder in it and `rm -rf <that folder>` typed at
 * the prompt but not run. The person presses Enter and meets the modal; nothing else can be hit.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { type GuardedTerminalDeps, guardedTerminalOptions } from '../ui/guardedTerminalProfile';

export const TRY_BLOCKED_COMMAND = 'terminalGuard.tryBlockedCommand';
/** The practice folder the typed `rm -rf` names. */
export const PRACTICE_FOLDER = 'practice-folder';
/** How long to wait for the shell's first output before typing anyway. */
const PROMPT_WAIT_MS = 10000;

/** Creates `<globalStorage>/try-it/practice-folder/` afresh; returns the scratch folder. */
export function preparePracticeFolder(globalStorage: string): string {
	const scratch = path.join(globalStorage, 'try-it');
	const practice = path.join(scratch, PRACTICE_FOLDER);
	fs.rmSync(practice, { recursive: true, force: true });
	fs.mkdirSync(practice, { recursive: true });
	fs.writeFileSync(
		path.join(practice, 'README.txt'),
		'Terminal Guard made this folder for practice. Deleting it is safe; the walkthrough makes a new one.\n',
	);
	return scratch;
}

/** Opens the practice terminal and types the command; returns the terminal. */
export async function tryBlockedCommand(context: vscode.ExtensionContext, deps: GuardedTerminalDeps): Promise<vscode.Terminal> {
	const scratch = preparePracticeFolder(context.globalStorageUri.fsPath);
	// A guarded terminal like any other (same judge, audit and settings), started in the scratch folder.
	const options = { ...guardedTerminalOptions(deps, { cwd: scratch }), name: 'Terminal Guard: try it' };
	// The shell's first output means it has started; typed-ahead keys then wait in its own tty.
	const started = new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, PROMPT_WAIT_MS);
		const listener = options.pty.onDidWrite(() => {
			clearTimeout(timer);
			listener.dispose();
			resolve();
		});
	});
	const terminal = vscode.window.createTerminal(options);
	terminal.show();
	await started;
	terminal.sendText(`rm -rf ${PRACTICE_FOLDER}`, false);
	deps.log.info(`[walkthrough] typed "rm -rf ${PRACTICE_FOLDER}" in ${scratch}`);
	return terminal;
}

/** The shield in the status bar: shows Terminal Guard is on; a click checks a command line. */
import * as vscode from 'vscode';
import { CHECK_COMMAND } from './checkCommandLine';

export const STATUS_TEXT = '$(shield) Guard';
export const STATUS_TOOLTIP = 'Terminal Guard: click to check what a command line would do.';

export function createStatusBar(): vscode.StatusBarItem {
	const item = vscode.window.createStatusBarItem('terminalGuard.status', vscode.StatusBarAlignment.Left, 0);
	item.name = 'Terminal Guard';
	item.text = STATUS_TEXT;
	item.tooltip = STATUS_TOOLTIP;
	item.command = CHECK_COMMAND;
	item.show();
	return item;
}

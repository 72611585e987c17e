/** Every command goes through `registerCommand`: failures are logged and shown, never lost. */
import * as vscode from 'vscode';

export function registerCommand(id: string, log: vscode.LogOutputChannel, handler: (...args: unknown[]) => unknown): vscode.Disposable {
	return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
		try {
			return await handler(...args);
		} catch (error) {
			log.error(`[${id}] failed`, error);
			const message = error instanceof Error ? error.message : String(error);
			void vscode.window.showErrorMessage(`Terminal Guard: ${message}`);
			return undefined;
		}
	});
}

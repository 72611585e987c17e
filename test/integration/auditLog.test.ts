/** "Terminal Guard: Show Audit Log" opens the JSON Lines file (the entries are tested in guardedTerminal.test.ts). */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeApi } from './helpers';

suite('Show Audit Log', () => {
	test('opens the audit log file in an editor', async () => {
		const api = await activeApi();
		const contributed = vscode.extensions.getExtension('terminal-guard.terminal-guard')!.packageJSON.contributes.commands as { command: string; title: string }[];
		assert.strictEqual(contributed.find((c) => c.command === 'terminalGuard.showAuditLog')?.title, 'Show Audit Log');
		await vscode.commands.executeCommand('terminalGuard.showAuditLog');
		const editor = vscode.window.activeTextEditor;
		assert.ok(editor, 'no editor opened');
		assert.strictEqual(editor.document.uri.fsPath, api.auditLogFile);
		for (const line of editor.document.getText().split('\n').filter(Boolean)) {
			assert.doesNotThrow(() => JSON.parse(line), `not JSON: ${line}`);
		}
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
	});
});

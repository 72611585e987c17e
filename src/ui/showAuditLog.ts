/** "Terminal Guard: Show Audit Log": opens the JSON Lines file read-only in an editor. */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AuditLog } from './auditLog';

export const SHOW_AUDIT_LOG_COMMAND = 'terminalGuard.showAuditLog';

/** Opens the log (an empty one if nothing was logged yet); returns its editor. */
export async function showAuditLog(audit: AuditLog): Promise<vscode.TextEditor> {
	await audit.read(); // waits for pending appends
	if (!fs.existsSync(audit.file)) {
		fs.mkdirSync(path.dirname(audit.file), { recursive: true });
		fs.writeFileSync(audit.file, '', { mode: 0o600 });
	}
	const document = await vscode.workspace.openTextDocument(vscode.Uri.file(audit.file));
	const editor = await vscode.window.showTextDocument(document, { preview: false });
	// Read-only for this session: the log is a record, not a draft.
	await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
	return editor;
}

/** The terminal profile "Terminal Guard: Guarded shell" is declared (test/e2e/ opens it as a person would). */
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'terminal-guard.terminal-guard';
const PROFILE_ID = 'terminalGuard.guardedShell';

suite('The "Guarded shell" terminal profile', () => {
	test('is contributed with its activation event', () => {
		const ext = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(ext);
		const profiles = ext.packageJSON.contributes.terminal.profiles as { id: string; title: string }[];
		assert.deepStrictEqual(profiles.map((p) => [p.id, p.title]), [[PROFILE_ID, 'Terminal Guard: Guarded shell']]);
		assert.ok((ext.packageJSON.activationEvents as string[]).includes(`onTerminalProfile:${PROFILE_ID}`));
	});

});

/** The status bar follows the active terminal: guarded, screen-reading, plain, off, PRODUCTION; its menu. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi as TerminalGuardApi } from './helpers';
import { activeApi, eventually, firstFolder, WorkspaceSettingsFile } from './helpers';

const PROFILE = 'tg-status-shell';

suite('The status bar shows the active terminal', () => {
	let api: TerminalGuardApi;
	const terminals: vscode.Terminal[] = [];
	const integrated = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('terminal.integrated');

	/** A guarded terminal running `shell`, made active. */
	async function guarded(shell: string): Promise<vscode.Terminal> {
		await integrated().update('profiles.linux', { [PROFILE]: { path: shell } }, vscode.ConfigurationTarget.Global);
		await integrated().update('defaultProfile.linux', PROFILE, vscode.ConfigurationTarget.Global);
		const terminal = (await vscode.commands.executeCommand<vscode.Terminal>('terminalGuard.newTerminal'))!;
		terminals.push(terminal);
		await eventually('the guarded terminal never became active', () => vscode.window.activeTerminal === terminal);
		return terminal;
	}

	suiteSetup(async () => {
		api = await activeApi();
	});

	suiteTeardown(async () => {
		for (const t of terminals) {
			t.dispose();
		}
		await integrated().update('defaultProfile.linux', undefined, vscode.ConfigurationTarget.Global);
		await integrated().update('profiles.linux', undefined, vscode.ConfigurationTarget.Global);
	});

	test('a guarded bash, then a plain terminal, then the guarded one again', async () => {
		const bash = await guarded('bash');
		await eventually('the status bar never said guarded bash', () => api.statusBar.state === 'guarded' && api.statusBar.shell === 'bash');
		assert.strictEqual(api.statusBar.text, '$(shield) Guarded: bash');
		assert.strictEqual(api.statusBar.warningBackground, false);
		const plain = vscode.window.createTerminal({ name: 'plain', shellPath: '/bin/sh' });
		terminals.push(plain);
		plain.show();
		await eventually('the status bar never said not guarded', () => api.statusBar.state === 'not-guarded');
		bash.show();
		await eventually('the status bar never went back to guarded', () => api.statusBar.state === 'guarded');
	});

	test('a shell without hooks shows the screen-reading fallback', async () => {
		const sh = await guarded('sh');
		await eventually('the status bar never said screen-reading', () => api.statusBar.state === 'fallback');
		assert.match(api.statusBar.text, /screen-reading/);
		assert.strictEqual(api.terminalState(sh).state, 'fallback');
	});

	test('enabled: false in user settings shows the guard off', async () => {
		await guarded('bash');
		const guard = vscode.workspace.getConfiguration('terminalGuard');
		await guard.update('enabled', false, vscode.ConfigurationTarget.Global);
		try {
			await eventually('the status bar never said off', () => api.statusBar.state === 'off');
			assert.match(api.statusBar.text, /Guard off/);
		} finally {
			await guard.update('enabled', undefined, vscode.ConfigurationTarget.Global);
		}
		await eventually('the status bar never came back on', () => api.statusBar.state === 'guarded');
	});

	test('a production workspace shows PRODUCTION on a warning background', async () => {
		await guarded('bash');
		const file = new WorkspaceSettingsFile();
		api.setChoiceAnswererForTests((q) => Promise.resolve(q.kind === 'stop-production'));
		try {
			file.write({ 'terminalGuard.production': true });
			await eventually('the status bar never said PRODUCTION', () => api.statusBar.production);
			assert.match(api.statusBar.text, /PRODUCTION/);
			assert.strictEqual(api.statusBar.warningBackground, true);
		} finally {
			file.restore();
			await eventually('production never went away', () => !api.statusBar.production && !api.productionFolders.includes(firstFolder().uri.toString()));
			api.setChoiceAnswererForTests(undefined);
		}
		assert.strictEqual(api.statusBar.warningBackground, false);
	});

	test('its click opens the menu with what a person does', async () => {
		const items = await api.menuItems();
		// First, what is protected: the same line as the status bar's tooltip (and the welcome).
		assert.strictEqual(items[0].label.replace(/^\$\([\w-]+\) /, ''), api.statusBar.protection);
		assert.match(items[0].label, /Terminals: (?:guarded|not guarded yet)/);
		const labels = items.slice(1).map((i) => i.label.replace(/^\$\([\w-]+\) /, ''));
		const protect = (await vscode.commands.getCommands(true)).includes('terminalGuard.protectAgents');
		assert.deepStrictEqual(labels, ['New Guarded Terminal', 'Make Default', 'Show Audit Log', 'Check a Command Line…', 'Open Settings', ...(protect ? ['Protect AI Agents…'] : [])]);
		assert.strictEqual(api.statusBar.command, 'terminalGuard.showMenu');
		for (const { command } of items) {
			assert.ok((await vscode.commands.getCommands(true)).includes(command), `${command} does not exist`);
		}
	});
});

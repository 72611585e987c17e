/**
 * First run in a real VS Code: this run's profile is fresh, so activation showed the welcome once
 * and remembered it; the next activation's check stays quiet. The walkthrough and its command
 * are contributed; the e2e suite presses Enter in the practice terminal and meets the modal.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { WelcomeState } from '../../src/onboarding';
import type { TestApi as TerminalGuardApi } from './helpers';

const EXTENSION_ID = 'terminal-guard.terminal-guard';
type Api = TerminalGuardApi & { readonly welcome: WelcomeState };

async function activated(): Promise<vscode.Extension<Api>> {
	const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
	assert.ok(ext, `${EXTENSION_ID} is not loaded in this editor`);
	await ext.activate();
	return ext;
}

suite('Terminal Guard: first run and walkthrough', () => {
	test('the first activation in a fresh profile shows the welcome', async () => {
		const { exports: api } = await activated();
		assert.strictEqual(await api.welcome.atActivation, true, 'activation in a fresh profile did not show the welcome');
	});

	test('the welcome is shown only once: the next first-run check does not show it', async () => {
		const { exports: api } = await activated();
		await api.welcome.atActivation;
		assert.strictEqual(await api.welcome.showIfFirstRun(), false);
		assert.strictEqual(await api.welcome.showIfFirstRun(), false);
	});

	test('contributes the "Get started" walkthrough with its four steps', async () => {
		const ext = await activated();
		const walkthroughs = ext.packageJSON.contributes.walkthroughs as { id: string; title: string; steps: { id: string }[] }[];
		const walkthrough = walkthroughs.find((w) => w.id === 'terminalGuard.getStarted');
		assert.ok(walkthrough, 'no terminalGuard.getStarted walkthrough');
		assert.strictEqual(walkthrough.title, 'Get started with Terminal Guard');
		assert.deepStrictEqual(walkthrough.steps.map((s) => s.id), ['makeDefault', 'production', 'tryIt', 'agents']);
	});

	test('"Try a Blocked Command Safely" opens a guarded terminal', async () => {
		await activated();
		const terminal = await vscode.commands.executeCommand<vscode.Terminal>('terminalGuard.tryBlockedCommand');
		try {
			assert.ok(terminal, 'the command returned no terminal');
			assert.strictEqual(terminal.name, 'Terminal Guard: try it');
			assert.strictEqual(vscode.window.activeTerminal, terminal);
			const options = terminal.creationOptions as vscode.ExtensionTerminalOptions;
			assert.ok('pty' in options, 'the practice terminal is not a guarded (extension) terminal');
		} finally {
			terminal?.dispose();
		}
	});
});

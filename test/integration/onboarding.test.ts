/**
 * First run in a real VS Code: this run's profile is fresh, so activation showed the welcome once
 * and remembered it; the next activation's check stays quiet. The welcome says what is and is not
 * protected, and "Protect Everything" (run here through the welcome's own action; the e2e suite
 * clicks the button) makes the guarded terminal the default, installs the found agents' hooks in the
 * test home (TERMINAL_GUARD_AGENTS_HOME) and turns on the plain-terminal gate; a hook taken out later
 * shows as a warning in the status bar and the menu, and the existing undo commands take it all back.
 * The walkthrough and its command are contributed; the e2e suite presses Enter in the practice
 * terminal and meets the modal.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { eventually, extensionLogTail } from './helpers';
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

	test('the welcome says what is and is not protected right now', async () => {
		const { exports: api } = await activated();
		await api.welcome.atActivation;
		const message = api.welcome.message ?? '';
		assert.match(message, /^Terminal Guard: Terminals: not guarded yet · /, message);
		assert.match(message, /not protected|no AI agents found/, message);
		assert.doesNotMatch(message, /Terminal Guard is on/, 'the welcome claims protection that is not there');
		// Earlier suites may have installed or broken agents' settings since activation: compare with a fresh look (the menu looks again).
		const fresh = (await api.menuItems())[0].label.replace(/^\$\([\w-]+\) /, '');
		assert.strictEqual(api.statusBar.protection, fresh, 'the status bar does not show the same summary as the menu');
		assert.match(fresh, /^Terminals: (?:guarded|not guarded yet)/);
	});

	test('Protect Everything: the guarded default terminal, the found agents\' hooks, the plain-terminal gate; a removed hook warns; undo takes it back', async function () {
		this.timeout(60000);
		const { exports: api } = await activated();
		const home = process.env.TERMINAL_GUARD_AGENTS_HOME ?? '';
		assert.ok(home, 'the harness sets TERMINAL_GUARD_AGENTS_HOME so the real home is never touched');
		// Claude Code's and Cursor's settings folders, as a machine with both installed has them.
		for (const dir of ['.claude', '.cursor']) {
			fs.mkdirSync(path.join(home, dir), { recursive: true });
		}
		const claude = path.join(home, '.claude', 'settings.json');
		const cursor = path.join(home, '.cursor', 'hooks.json');
		fs.rmSync(claude, { force: true });
		fs.rmSync(cursor, { force: true });
		const key = `defaultProfile.${process.platform === 'darwin' ? 'osx' : process.platform === 'win32' ? 'windows' : 'linux'}`;
		const config = () => vscode.workspace.getConfiguration('terminal.integrated');
		const before = config().inspect<string>(key)?.globalValue;
		try {
			const result = await api.welcome.protectEverything();
			// Another suite may leave an agent's file malformed on purpose (agentProtection.test.ts): that agent is reported, not ours.
			assert.deepStrictEqual(result.failed.filter((f) => /^(?:Claude Code|Cursor agent|the default terminal)/.test(f)), [], result.failed.join('\n'));
			assert.strictEqual(config().inspect<string>(key)?.globalValue, 'Terminal Guard: Guarded shell', 'the guarded terminal is not the default');
			assert.match(fs.readFileSync(claude, 'utf8'), /terminal-guard hook claude-code/);
			assert.match(fs.readFileSync(cursor, 'utf8'), /terminal-guard hook cursor/);
			assert.ok(result.changed.some((c) => c.includes('~/.claude/settings.json')) && result.changed.some((c) => c.includes('~/.cursor/hooks.json')), result.changed.join('\n'));
			assert.ok(result.changed.some((c) => /bash and zsh terminals/.test(c)), 'the plain-terminal gate is not said to be on');
			assert.deepStrictEqual([...result.undo].sort(), ['Terminal Guard: Remove AI Agent Protection…', 'Terminal Guard: Stop Using the Guarded Terminal as Default']);
			const audit = fs.readFileSync(api.auditLogFile, 'utf8');
			for (const rule of ['setup:default-profile', 'setup:agent-hook', 'setup:plain-terminals']) {
				assert.ok(audit.includes(`"rule":"${rule}"`), `the audit log has no ${rule} entry:\n${audit}\n${extensionLogTail()}`);
			}
			const summary = api.statusBar.protection ?? '';
			assert.match(summary, /^Terminals: guarded · /);
			const protectedNames = summary.split(' · ').find((part) => part.endsWith(': protected'))?.replace(/: protected$/, '').split(', ') ?? [];
			assert.ok(protectedNames.includes('Claude Code') && protectedNames.includes('Cursor agent'), summary);
			assert.ok(!(api.statusBar.warnings ?? []).some((w) => /^(?:Claude Code|Cursor agent|the default terminal|plain terminals)/.test(w)), (api.statusBar.warnings ?? []).join('\n'));

			// Someone takes the hook out of Claude Code's settings: a warning, in the status bar and the menu.
			fs.writeFileSync(claude, '{}\n');
			// Seen by the watcher on its settings file (not the minute's re-check, nor the menu, which looks again when opened).
			await eventually('the status bar warns that Claude Code is no longer protected', () => (api.statusBar.warnings ?? []).some((w) => w.startsWith('Claude Code')), 20000);
			assert.match(api.statusBar.text, /\$\(warning\)/);
			const first = (await api.menuItems())[0];
			assert.match(first.label, /^\$\(warning\) .*· (?:[^·:]+, )?Claude Code(?:, [^·:]+)?: not protected/);
			assert.strictEqual(first.command, 'terminalGuard.protectEverything');
		} finally {
			// The existing undo commands; then nothing is warned about any more (the person chose it).
			api.setChoiceAnswererForTests(async () => true);
			try {
				await vscode.commands.executeCommand('terminalGuard.removeAgentProtection', { targets: [{ agent: 'claude-code', scope: 'user' }, { agent: 'cursor', scope: 'user' }], otherTerminals: true });
				await vscode.commands.executeCommand('terminalGuard.restoreDefaultProfile');
			} finally {
				api.setChoiceAnswererForTests(undefined);
			}
			await config().update(key, before, vscode.ConfigurationTarget.Global);
		}
		for (const config of [claude, cursor]) {
			assert.ok(!fs.existsSync(config) || !/terminal-guard hook/.test(fs.readFileSync(config, 'utf8')), `${config} still holds the hook`);
		}
		assert.deepStrictEqual(api.statusBar.warnings, [], `undoing with Terminal Guard's own commands still warns\n${extensionLogTail()}`);
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

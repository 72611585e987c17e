/**
 * "Protect AI Agents…" as a person uses it: the palette, the agent list with what was found
 * pre-selected, the user/workspace choice, the summary; then "Remove AI Agent Protection…". The
 * editor runs with TERMINAL_GUARD_AGENTS_HOME (scripts/editor/server.js), so the real home is untouched.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { environment, screenshotFailures, Workbench } from './workbench';

suite('Protect AI Agents in the workbench', function () {
	this.timeout(90000);
	const env = environment();
	// The harness puts the agents' home beside the workspace folder (scripts/editor/server.js).
	const home = path.join(path.dirname(env.workspace), 'agents-home');
	const claude = path.join(home, '.claude', 'settings.json');
	let workbench: Workbench;

	/** A row of a multi-select quick pick (a checkbox row, not an option), by its label. */
	const checkRow = (label: string) => workbench.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label });
	const ticked = async (label: string): Promise<boolean> => {
		const row = checkRow(label);
		const aria = await row.getAttribute('aria-checked');
		return aria !== null ? aria === 'true' : row.locator('input[type=checkbox]').isChecked();
	};

	suiteSetup(async () => {
		fs.mkdirSync(path.join(home, '.claude'), { recursive: true });
		workbench = await Workbench.open(env);
	});

	suiteTeardown(async () => {
		await workbench?.close();
	});

	screenshotFailures(() => workbench);

	test('lists the agents with the ones found ticked, asks where, and installs the hook', async () => {
		await workbench.runCommand('Terminal Guard: Protect AI Agents…');
		const quickInput = workbench.page.locator('.quick-input-widget');
		await quickInput.locator('.quick-input-title', { hasText: 'Protect AI Agents' }).waitFor({ state: 'visible', timeout: 15000 });
		const row = checkRow('Claude Code');
		await row.waitFor({ state: 'visible', timeout: 10000 });
		assert.match(await row.innerText(), /found: ~\/\.claude/);
		assert.strictEqual(await ticked('Claude Code'), true);
		assert.strictEqual(await ticked('Codex CLI'), false);
		await workbench.screenshot('protect-agents-list');
		await workbench.page.keyboard.press('Enter');
		await quickInput.locator('.quick-input-title', { hasText: 'where to install' }).waitFor({ state: 'visible', timeout: 10000 });
		await workbench.screenshot('protect-agents-scope');
		await workbench.pickRow('For me, in every folder').click();
		const done = workbench.notifications('now ask you in the editor');
		await done.first().waitFor({ state: 'visible', timeout: 15000 });
		await workbench.settled(done.first());
		assert.match(await done.first().innerText(), /Claude Code/);
		await workbench.screenshot('protect-agents-done');
		const settings = JSON.parse(fs.readFileSync(claude, 'utf8'));
		assert.match(settings.hooks.PreToolUse[0].hooks[0].command, /\.terminal-guard\/bin\/terminal-guard hook claude-code$/);
		assert.ok(!fs.existsSync(path.join(home, '.codex', 'hooks.json')), 'an agent left unticked is not touched');
	});

	test('removal lists what is installed and takes it out again', async () => {
		await workbench.runCommand('Terminal Guard: Remove AI Agent Protection…');
		const quickInput = workbench.page.locator('.quick-input-widget');
		await quickInput.locator('.quick-input-title', { hasText: 'Remove AI Agent Protection' }).waitFor({ state: 'visible', timeout: 15000 });
		await checkRow('Claude Code').waitFor({ state: 'visible', timeout: 10000 });
		assert.strictEqual(await ticked('Claude Code'), true);
		await workbench.screenshot('remove-agents-list');
		await workbench.page.keyboard.press('Enter');
		const done = workbench.notifications('no longer ask Terminal Guard');
		await done.first().waitFor({ state: 'visible', timeout: 15000 });
		await workbench.screenshot('remove-agents-done');
		assert.ok(!fs.existsSync(claude), 'the settings file Terminal Guard created is gone again');
	});
});

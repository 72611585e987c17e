/**
 * First run as a person meets it, with Claude Code's and Cursor's settings folders in the test home
 * (TERMINAL_GUARD_AGENTS_HOME, beside the workspace): the welcome says what is and is not protected
 * and offers "Protect Everything" and "Choose…". "Choose…" opens the walkthrough, whose "Try It"
 * command opens a practice terminal with `rm -rf practice-folder` typed; Enter brings up the modal,
 * and Cancel keeps the folder. In a second window (a fresh client: a first run again), one click on
 * "Protect Everything" leaves the default profile guarded, both hooks installed and the summary
 * shown; the existing undo commands take it back. Screenshots: `NN-first-run-…png`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { environment, screenshotFailures, Workbench } from './workbench';

const WELCOME = 'Terminal Guard: Terminals: not guarded yet';

suite('First run: welcome, walkthrough, a blocked command tried safely', function () {
	this.timeout(90000);
	const env = environment();
	let workbench: Workbench;
	const home = path.join(path.dirname(env.workspace), 'agents-home');
	const claude = path.join(home, '.claude', 'settings.json');
	const cursor = path.join(home, '.cursor', 'hooks.json');

	suiteSetup(async () => {
		// Claude Code and Cursor "installed": their settings folders, without Terminal Guard's hooks.
		for (const file of [claude, cursor]) {
			fs.mkdirSync(path.dirname(file), { recursive: true });
			fs.rmSync(file, { force: true });
		}
		workbench = await Workbench.open(env);
	});

	suiteTeardown(async () => {
		await workbench?.runCommand('Terminal: Kill All Terminals').catch(() => undefined);
		await workbench?.close();
	});

	screenshotFailures(() => workbench);

	test('the welcome says what is not protected, offers Protect Everything, and Choose… opens the walkthrough', async () => {
		// Each browser profile is a new client (globalState lives with it), so this window's activation is a first run.
		const toast = workbench.notifications(WELCOME).first();
		await toast.waitFor({ state: 'visible', timeout: 30000 });
		await workbench.settled(toast);
		const text = await toast.innerText();
		assert.match(text, /Claude Code/);
		assert.match(text, /Cursor agent/);
		assert.match(text, /not protected/);
		await toast.getByRole('button', { name: 'Protect Everything' }).waitFor({ state: 'visible', timeout: 5000 });
		await workbench.screenshot('first-run-welcome');
		await toast.getByRole('button', { name: 'Choose…' }).click();
		const page = workbench.page.locator('.gettingStartedContainer');
		await page.getByText('Get started with Terminal Guard').first().waitFor({ state: 'visible', timeout: 15000 });
		for (const step of ['Make the guarded terminal your default', 'Mark a workspace as production', 'Try a blocked command safely', 'Protect your AI agents']) {
			await page.getByText(step).first().waitFor({ state: 'visible', timeout: 5000 });
		}
		await workbench.screenshot('first-run-walkthrough');
		assert.strictEqual(await workbench.notifications(WELCOME).count(), 0, 'the welcome is still shown after Get Started');
	});

	test("the walkthrough's production step opens the workspace's settings at terminalGuard.production", async () => {
		const page = workbench.page.locator('.gettingStartedContainer');
		await page.getByText('Mark a workspace as production').first().click();
		await page.getByRole('button', { name: 'Open the Production Setting' }).click();
		const settings = workbench.page.locator('.settings-editor');
		await settings.waitFor({ state: 'visible', timeout: 15000 });
		await settings.locator('.setting-item-contents', { hasText: 'Production' }).first().waitFor({ state: 'visible', timeout: 15000 });
		// The selected target tab carries `checked` (on its action item or its label).
		const selected = settings.locator('.settings-tabs-widget .checked').first();
		await selected.waitFor({ state: 'visible', timeout: 5000 });
		assert.match(await selected.innerText(), /Workspace/, 'the Settings editor is not on its Workspace tab');
		await workbench.screenshot('first-run-production-setting');
	});

	test('"Try a Blocked Command Safely" types rm -rf practice-folder; Enter shows the modal; Cancel keeps it', async () => {
		await workbench.runCommand('Terminal Guard: Try a Blocked Command Safely');
		const rows = workbench.page.locator('.terminal-wrapper.active .xterm-rows');
		await rows.filter({ hasText: 'rm -rf practice-folder' }).waitFor({ state: 'visible', timeout: 20000 });
		await workbench.screenshot('first-run-practice-terminal');
		await workbench.page.locator('.terminal-wrapper.active .xterm-screen').click();
		await workbench.page.keyboard.press('Enter');
		const dialog = workbench.dialog();
		await dialog.waitFor({ state: 'visible', timeout: 15000 });
		assert.match(await dialog.innerText(), /practice-folder/);
		await workbench.screenshot('first-run-practice-modal');
		await dialog.getByRole('button', { name: 'Cancel' }).click();
		await rows.filter({ hasText: 'Terminal Guard stopped' }).waitFor({ state: 'visible', timeout: 15000 });
		await workbench.screenshot('first-run-practice-stopped');
		// The extension host keeps global storage in the server's user data folder.
		const userData = process.env.TG_E2E_USER_DATA;
		assert.ok(userData, 'TG_E2E_USER_DATA is not set: run with `npm run test:e2e`');
		const practice = path.join(userData, 'User', 'globalStorage', 'terminal-guard.terminal-guard', 'try-it', 'practice-folder');
		assert.ok(fs.existsSync(path.join(practice, 'README.txt')), `${practice} is gone after Cancel`);
	});

	test('a second first run: one click on Protect Everything guards the default terminal, installs both hooks and shows the summary; undo takes it back', async () => {
		await workbench.runCommand('Terminal: Kill All Terminals').catch(() => undefined);
		await workbench.close();
		// A new browser profile is a new client: this window's activation is a first run again.
		workbench = await Workbench.open(env);
		const toast = workbench.notifications(WELCOME).first();
		await toast.waitFor({ state: 'visible', timeout: 30000 });
		await workbench.settled(toast);
		await toast.getByRole('button', { name: 'Protect Everything' }).click();
		const dialog = workbench.dialog();
		await dialog.waitFor({ state: 'visible', timeout: 20000 });
		const summary = await dialog.innerText();
		assert.match(summary, /Terminal Guard is on for your terminals and agents/);
		assert.ok(summary.includes('~/.claude/settings.json') && summary.includes('~/.cursor/hooks.json'), summary);
		assert.match(summary, /New terminals are guarded/);
		assert.match(summary, /To undo: "Terminal Guard: (?:Stop Using the Guarded Terminal as Default|Remove AI Agent Protection…)"/);
		await workbench.screenshot('first-run-protected-summary');
		await dialog.getByRole('button', { name: 'OK' }).click();
		assert.match(fs.readFileSync(claude, 'utf8'), /terminal-guard hook claude-code/);
		assert.match(fs.readFileSync(cursor, 'utf8'), /terminal-guard hook cursor/);
		const userSettings = path.join(process.env.TG_E2E_USER_DATA ?? '', 'User', 'settings.json');
		assert.match(fs.readFileSync(userSettings, 'utf8'), /"terminal\.integrated\.defaultProfile\.linux":\s*"Terminal Guard: Guarded shell"/);
		// A new terminal is now the guarded one: the status bar says so once it is active.
		await workbench.runCommand('Terminal: Create New Terminal');
		await workbench.statusBarItem('shield').filter({ hasText: /Guarded: \w+/ }).waitFor({ state: 'visible', timeout: 20000 });
		// VS Code 1.100 opens an extension's default profile and then may report an error from setActiveInstance
		// (test/integration/defaultProfile.test.ts); the terminal is there, so the message is dismissed.
		const vscodeError = dialog.filter({ hasText: 'shellLaunchConfig' });
		if (await vscodeError.isVisible()) {
			await vscodeError.getByRole('button', { name: 'OK' }).click();
		}
		await workbench.screenshot('first-run-protected-terminal');

		// Undo, with the commands the summary named.
		await workbench.runCommand('Terminal Guard: Remove AI Agent Protection…');
		await workbench.quickInput().locator('.quick-input-title', { hasText: 'Remove AI Agent Protection' }).waitFor({ state: 'visible', timeout: 15000 });
		await workbench.page.keyboard.press('Enter');
		await workbench.runCommand('Terminal Guard: Stop Using the Guarded Terminal as Default');
		await dialog.waitFor({ state: 'visible', timeout: 15000 });
		await dialog.getByRole('button', { name: 'Stop Using It' }).click();
		const start = Date.now();
		while (/terminal-guard hook/.test(fs.existsSync(claude) ? fs.readFileSync(claude, 'utf8') : '') || /Guarded shell/.test(fs.readFileSync(userSettings, 'utf8'))) {
			assert.ok(Date.now() - start < 15000, 'the undo commands did not take the hook and the default profile back');
			await workbench.page.waitForTimeout(200);
		}
		assert.ok(!fs.existsSync(cursor) || !/terminal-guard hook/.test(fs.readFileSync(cursor, 'utf8')));
	});
});

/**
 * First run as a person meets it: the welcome notification offers the walkthrough, "Get Started"
 * opens it, and its "Try It" command opens a practice terminal with `rm -rf practice-folder`
 * typed; Enter brings up the modal, and Cancel keeps the folder. Screenshots: `NN-first-run-…png`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { environment, screenshotFailures, Workbench } from './workbench';

const WELCOME = 'Terminal Guard is on';

suite('First run: welcome, walkthrough, a blocked command tried safely', function () {
	this.timeout(90000);
	const env = environment();
	let workbench: Workbench;

	suiteSetup(async () => {
		workbench = await Workbench.open(env);
	});

	suiteTeardown(async () => {
		await workbench?.runCommand('Terminal: Kill All Terminals').catch(() => undefined);
		await workbench?.close();
	});

	screenshotFailures(() => workbench);

	test('the welcome notification offers the walkthrough, and Get Started opens it', async () => {
		// Each browser profile is a new client (globalState lives with it), so this window's activation is a first run.
		const toast = workbench.notifications(WELCOME).first();
		await toast.waitFor({ state: 'visible', timeout: 30000 });
		await workbench.settled(toast);
		await workbench.screenshot('first-run-welcome');
		await toast.getByRole('button', { name: 'Get Started' }).click();
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
});

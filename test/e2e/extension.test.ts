/**
 * Terminal Guard as a person meets it in VS Code 1.100.3 and 1.139.1 (code-server, headless Chromium): the
 * extension activates, its status bar shield shows, its commands are in the palette, and checking
 * `rm -rf victim` from the palette shows a verdict naming `victim`, the production setting ticked in
 * Settings marks verdicts PRODUCTION, and a terminal runs commands. Each step leaves a screenshot
 * in test-results/e2e/.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { environment, screenshotFailures, Workbench } from './workbench';

suite('Terminal Guard in the workbench', function () {
	this.timeout(90000);
	const env = environment();
	let workbench: Workbench;
	// The production tick below goes into the profile's user settings, which the later suites of this run
	// share: the team policy suite needs a workspace that is not production by setting. Put them back as found.
	const userData = process.env.TG_E2E_USER_DATA;
	const userSettings = path.join(userData ?? '', 'User', 'settings.json');
	let settingsBefore: string | undefined;

	suiteSetup(async () => {
		assert.ok(userData, 'TG_E2E_USER_DATA is not set: run the end-to-end tests with `npm run test:e2e`');
		settingsBefore = fs.existsSync(userSettings) ? fs.readFileSync(userSettings, 'utf8') : undefined;
		workbench = await Workbench.open(env);
	});

	suiteTeardown(async () => {
		await workbench?.close();
		if (settingsBefore === undefined) {
			fs.rmSync(userSettings, { force: true });
		} else {
			fs.writeFileSync(userSettings, settingsBefore);
		}
	});

	screenshotFailures(() => workbench);

	test('activates and shows its shield in the status bar', async () => {
		const shield = workbench.statusBarItem('shield');
		await shield.waitFor({ state: 'visible', timeout: 30000 });
		assert.match((await shield.innerText()).trim(), /Guard/);
		await workbench.screenshot('workbench-with-shield');
		// Items still arriving in the status bar (the ports item, under load) can move the shield
		// between the pointer's move and the hover: then the neighbour's tooltip shows. Point again.
		const tooltip = workbench.hover('Click for the menu');
		for (let attempt = 1; ; attempt++) {
			await shield.hover();
			try {
				await tooltip.waitFor({ state: 'visible', timeout: 4000 });
				break;
			} catch (error) {
				if (attempt === 3) {
					throw error;
				}
				await workbench.page.mouse.move(640, 400);
			}
		}
		await workbench.screenshot('shield-tooltip');
		await workbench.page.mouse.move(640, 400);
	});

	test('lists every command it contributes in the palette', async () => {
		const rows = await workbench.openCommandPalette('Terminal Guard');
		for (const { title, category } of env.manifest.contributes.commands) {
			const label = category ? `${category}: ${title}` : title;
			await workbench.pickRow(label).waitFor({ state: 'visible', timeout: 10000 });
		}
		assert.ok((await rows.count()) >= env.manifest.contributes.commands.length);
		await workbench.screenshot('palette');
	});

	test('checks `rm -rf victim` typed into its input box and names victim', async () => {
		await workbench.pickRow('Terminal Guard: Check a Command Line…').click();
		const input = await workbench.typeInInputBox('Terminal Guard: Check a Command Line', 'rm -rf victim');
		await workbench.screenshot('input-box');
		await input.press('Enter');
		const verdict = workbench.notifications('victim');
		await verdict.first().waitFor({ state: 'visible', timeout: 15000 });
		await workbench.settled(verdict.first());
		const text = await verdict.first().innerText();
		assert.match(text, /confirm/);
		assert.match(text, /type "victim"/);
		await workbench.screenshot('verdict');
	});

	test('terminalGuard.production, switched on in Settings, marks verdicts PRODUCTION', async () => {
		const settings = await workbench.openSettings('terminalGuard.production');
		const production = settings.filter({ hasText: 'Production' }).first();
		await production.waitFor({ state: 'visible', timeout: 15000 });
		const checkbox = production.locator('.setting-value-checkbox');
		assert.strictEqual(await checkbox.getAttribute('aria-checked'), 'false');
		await checkbox.click();
		await workbench.page.waitForFunction(() => document.querySelector('.settings-editor .setting-value-checkbox')?.getAttribute('aria-checked') === 'true', undefined, { timeout: 5000 });
		// The tick reaches the extension host a moment later; the person sees it arrive in the status
		// bar. (VS Code 1.139 took seconds under load here; checking before it arrived gave the plain
		// verdict again, which the workbench does not show twice.)
		await workbench.statusBarItem('shield').filter({ hasText: 'PRODUCTION' }).first().waitFor({ state: 'visible', timeout: 15000 });
		await workbench.screenshot('production-setting');

		await workbench.runCommand('Terminal Guard: Check a Command Line…');
		const input = await workbench.typeInInputBox('Terminal Guard: Check a Command Line', 'rm -rf victim');
		await input.press('Enter');
		const verdict = workbench.notifications('[PRODUCTION]');
		await verdict.first().waitFor({ state: 'visible', timeout: 15000 });
		await workbench.settled(verdict.first());
		assert.match(await verdict.first().innerText(), /confirm \[PRODUCTION\]/);
		await workbench.screenshot('production-verdict');
	});

	test('opens a terminal that runs commands', async () => {
		const rows = await workbench.openTerminal();
		await workbench.page.keyboard.type('echo "guard-$((6*7))"', { delay: 10 });
		await workbench.page.keyboard.press('Enter');
		await rows.filter({ hasText: 'guard-42' }).waitFor({ state: 'visible', timeout: 15000 });
		await workbench.screenshot('terminal');
	});
});

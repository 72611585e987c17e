/**
 * A plain terminal (not the guarded profile) as a person meets it once "Protect AI Agents…" guards the
 * terminals VS Code starts: ticked in the palette's list, a new terminal shows "Guarded (shell hook)",
 * and `rm -rf victim` typed into it brings up the modal; the right name deletes victim. Removed again
 * from the palette, a new terminal says "Not guarded".
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { environment, restoreVictim, screenshotFailures, Workbench } from './workbench';

const OPTION = 'Terminals VS Code starts (bash, zsh)';

suite('A plain terminal guarded by its own shell', function () {
	this.timeout(120000);
	const env = environment();
	const victim = path.join(env.workspace, 'victim');
	let workbench: Workbench;

	const rows = () => workbench.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
	const checked = async (row: ReturnType<typeof rows>): Promise<boolean> => {
		const aria = await row.getAttribute('aria-checked');
		return aria !== null ? aria === 'true' : row.locator('input[type=checkbox]').isChecked();
	};

	/** In the open multi-select list, ticks exactly the row labelled `label`. */
	async function tickOnly(label: string): Promise<void> {
		await rows().filter({ hasText: label }).waitFor({ state: 'visible', timeout: 10000 });
		const count = await rows().count();
		for (let i = 0; i < count; i++) {
			const row = rows().nth(i);
			const wanted = (await row.innerText()).includes(label);
			if ((await checked(row)) !== wanted) {
				await row.click();
			}
		}
		assert.strictEqual(await checked(rows().filter({ hasText: label })), true);
	}

	suiteSetup(async () => {
		restoreVictim(env.workspace);
		workbench = await Workbench.open(env);
		await workbench.statusBarItem('shield').waitFor({ state: 'visible', timeout: 30000 });
		await workbench.runCommand('Terminal: Kill All Terminals');
	});

	suiteTeardown(async () => {
		await workbench?.runCommand('Terminal: Kill All Terminals').catch(() => undefined);
		await workbench?.close();
		restoreVictim(env.workspace);
	});

	screenshotFailures(() => workbench);

	test('ticked in "Protect AI Agents…", a new plain terminal asks for the typed name before rm -rf victim', async () => {
		await workbench.runCommand('Terminal Guard: Protect AI Agents…');
		await workbench.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Protect AI Agents' }).waitFor({ state: 'visible', timeout: 15000 });
		await tickOnly(OPTION);
		await workbench.screenshot('other-terminals-option');
		await workbench.page.keyboard.press('Enter');
		await workbench.notifications('new bash and zsh terminals').first().waitFor({ state: 'visible', timeout: 15000 });

		const terminalRows = await workbench.openTerminal();
		const shield = workbench.statusBarItem('shield');
		await shield.filter({ hasText: 'Guarded (shell hook)' }).waitFor({ state: 'visible', timeout: 30000 });
		await workbench.screenshot('other-terminals-status');
		assert.ok((await terminalRows.innerText()).trim() !== '', 'the terminal shows a prompt');

		await workbench.typeInTerminal('rm -rf victim');
		const dialog = workbench.dialog();
		await dialog.waitFor({ state: 'visible', timeout: 20000 });
		assert.match(await dialog.innerText(), /A VS Code terminal asks to run `rm -rf victim`/);
		await workbench.screenshot('other-terminals-modal');
		await dialog.getByRole('button', { name: 'Type the name to confirm…' }).click();
		await workbench.typeInInputBox('Terminal Guard: confirm rm -rf victim', 'victim');
		await workbench.page.keyboard.press('Enter');
		const start = Date.now();
		while (fs.existsSync(victim)) {
			assert.ok(Date.now() - start < 20000, 'victim still exists 20s after the right name');
			await workbench.page.waitForTimeout(100);
		}
		await workbench.screenshot('other-terminals-deleted');
	});

	test('removed from "Remove AI Agent Protection…", a new plain terminal is not guarded', async () => {
		await workbench.runCommand('Terminal Guard: Remove AI Agent Protection…');
		await workbench.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Remove AI Agent Protection' }).waitFor({ state: 'visible', timeout: 15000 });
		await tickOnly(OPTION);
		await workbench.page.keyboard.press('Enter');
		await workbench.notifications('no longer guarded by their shell').first().waitFor({ state: 'visible', timeout: 15000 });
		await workbench.runCommand('Terminal: Kill All Terminals');
		await workbench.openTerminal();
		await workbench.statusBarItem('shield').filter({ hasText: 'Not guarded' }).waitFor({ state: 'visible', timeout: 30000 });
		await workbench.screenshot('other-terminals-removed');
	});
});

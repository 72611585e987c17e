/**
 * The repository's team policy as a person meets it. The sample workspace is a git repository on
 * `main` whose settings do not say production; its `.terminal-guard.json` marks `main` production, so
 * `git push --force origin main` typed in a guarded terminal brings up a PRODUCTION question that says
 * the team policy asked. An invalid policy file brings up an error naming the file and the line.
 * Screenshots: `NN-team-policy-…png`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { environment, screenshotFailures, Workbench } from './workbench';

suite('Team policy in the workbench', function () {
	this.timeout(90000);
	const env = environment();
	const policy = path.join(env.workspace, '.terminal-guard.json');
	let workbench: Workbench;

	suiteSetup(async () => {
		assert.match(fs.readFileSync(path.join(env.workspace, '.git', 'HEAD'), 'utf8'), /refs\/heads\/main/);
		assert.ok(!fs.existsSync(path.join(env.workspace, '.vscode', 'settings.json')) || !/terminalGuard\.production/.test(fs.readFileSync(path.join(env.workspace, '.vscode', 'settings.json'), 'utf8')), 'the workspace settings already say production');
		fs.writeFileSync(policy, '{\n  // main is what the team deploys\n  "production": { "branches": ["main", "release/*"] },\n  "protectedPaths": ["db/**"]\n}\n');
		workbench = await Workbench.open(env);
		// Terminal Guard's commands reach the palette once its extension host is up: the shield shows that.
		await workbench.statusBarItem('shield').first().waitFor({ state: 'visible', timeout: 60000 });
	});

	suiteTeardown(async () => {
		fs.rmSync(policy, { force: true });
		await workbench?.runCommand('Terminal: Kill All Terminals').catch(() => undefined);
		await workbench?.close();
	});

	screenshotFailures(() => workbench);

	test('git push --force origin main asks as PRODUCTION, and the question names the team policy', async () => {
		const rows = await workbench.openGuardedTerminal();
		await workbench.typeInTerminal('git push --force origin main');
		const dialog = workbench.dialog();
		await dialog.waitFor({ state: 'visible', timeout: 20000 });
		const text = await dialog.innerText();
		assert.match(text, /PRODUCTION/);
		assert.match(text, /team policy: \.terminal-guard\.json, production: git branch `main` matches `main`/);
		await workbench.screenshot('team-policy-question');
		await dialog.getByRole('button', { name: 'Cancel' }).click();
		await rows.filter({ hasText: 'Terminal Guard stopped' }).waitFor({ state: 'visible', timeout: 15000 });
		await workbench.screenshot('team-policy-stopped');
	});

	test('an invalid policy file shows an error naming the file and the line', async () => {
		fs.writeFileSync(policy, '{\n  "protectedPaths": ["db/**"],\n  "deny": "git push"\n}\n');
		const toast = workbench.notifications('the team policy').first();
		await toast.waitFor({ state: 'visible', timeout: 30000 });
		await workbench.settled(toast);
		const text = await toast.innerText();
		assert.ok(text.includes(`${policy}, line 3`), text);
		assert.match(text, /"deny" must be a list of strings/);
		assert.match(text, /counts as production/);
		await workbench.screenshot('team-policy-invalid');
	});
});

/**
 * Rules cannot hang the editor, in the real extension host: a workspace pattern `(a+)+$` (catastrophic
 * for a backtracking engine) is matched against a long line, and a later command is still judged; a rule
 * Terminal Guard cannot run (a backreference, a lookahead) is skipped and the person is told, naming the
 * setting and the place in it, while the other rules still apply.
 *
 * If matching backtracked, `api.check` would block the extension host for years: no mocha timeout could
 * fire, and the suite would fail at the harness's deadline (scripts/test-integration.js).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi as TerminalGuardApi } from './helpers';
import { activeApi, eventually, firstFolder, WorkspaceSettingsFile } from './helpers';

suite('Rules cannot hang the editor', () => {
	let api: TerminalGuardApi;
	let settingsFile: WorkspaceSettingsFile;
	const user = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('terminalGuard');

	suiteSetup(async () => {
		api = await activeApi();
		settingsFile = new WorkspaceSettingsFile();
	});

	suiteTeardown(async () => {
		settingsFile.restore();
		await user().update('deny', undefined, vscode.ConfigurationTarget.Global);
		await eventually('the workspace settings never went back', () => vscode.workspace.getConfiguration('terminalGuard', firstFolder().uri).inspect('patterns')?.workspaceValue === undefined);
		await vscode.commands.executeCommand('notifications.clearAll');
	});

	test('a workspace pattern "(a+)+$" over a long line is judged, and so is the next command', async () => {
		settingsFile.write({
			'terminalGuard.patterns': [
				{ id: 'redos', match: '(a+)+$' },
				{ id: 'twice', match: '(\\w)\\1' },
				{ id: 'deploy', match: '^make deploy-(\\w+)', target: 1 },
			],
			'terminalGuard.deny': ['x(?=y)', '^ls -la$'],
		});
		await eventually('the workspace rules never arrived', async () => (await api.check('ls -la')).decision === 'deny');
		const long = await api.check(`echo ${'a'.repeat(30_000)}b`);
		assert.strictEqual(long.decision, 'allow');
		const matched = await api.check('echo aaaa');
		assert.deepStrictEqual([matched.decision, matched.rule], ['confirm', 'user:redos']);
		const deploy = await api.check('make deploy-prod');
		assert.deepStrictEqual([deploy.decision, deploy.rule, deploy.target], ['confirm', 'user:deploy', 'prod']);
	});

	test('a workspace rule that cannot run is skipped and named, once; the valid ones are not', async () => {
		const skipped = (setting: string) => api.ignoredSettings.filter((w) => w.setting === setting && w.file === settingsFile.file);
		await eventually('the person was not told about terminalGuard.patterns[1]', () => skipped('terminalGuard.patterns[1]').length > 0);
		assert.match(skipped('terminalGuard.patterns[1]')[0].reason ?? '', /uses a backreference, which Terminal Guard does not allow/);
		await eventually('the person was not told about terminalGuard.deny[0]', () => skipped('terminalGuard.deny[0]').length > 0);
		assert.match(skipped('terminalGuard.deny[0]')[0].reason ?? '', /uses a lookahead, which Terminal Guard does not allow/);
		for (const fine of ['terminalGuard.patterns[0]', 'terminalGuard.patterns[2]', 'terminalGuard.deny[1]']) {
			assert.deepStrictEqual(skipped(fine), [], `${fine} was reported but runs`);
		}
		// The skipped backreference would have matched "ll": it does not run, the rest still does.
		assert.strictEqual((await api.check('echo hello')).decision, 'allow');
		const before = api.ignoredSettings.length;
		settingsFile.write({ 'terminalGuard.patterns': [{ id: 'twice', match: '(\\w)\\1' }, { id: 'deploy', match: '^make deploy-(\\w+)', target: 1 }], 'terminalGuard.deny': ['x(?=y)', '^ls -l$'] });
		await eventually('the changed workspace rules never arrived', async () => (await api.check('ls -l')).decision === 'deny');
		assert.strictEqual(skipped('terminalGuard.patterns[0]').length, 1, 'the moved backreference was not named at its new place');
		assert.strictEqual(skipped('terminalGuard.deny[0]').length, 1, 'the person was told twice');
		assert.strictEqual(api.ignoredSettings.length, before + 1);
	});

	test('a user rule that cannot run is named in the user settings', async () => {
		await user().update('deny', ['(?<=sudo )rm -rf', '^rm -rf victim$'], vscode.ConfigurationTarget.Global);
		await eventually('the person was not told about the user rule', () => api.ignoredSettings.some((w) => w.setting === 'terminalGuard.deny[0]' && w.file === 'your user settings' && /uses a lookbehind/.test(w.reason ?? '')));
		assert.strictEqual((await api.check('rm -rf victim')).decision, 'deny');
	});
});

/**
 * Settings a workspace cannot weaken, and production that cannot silently disappear, in the real
 * editor: `.vscode/settings.json` is written on disk, user settings through the configuration API.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestApi as TerminalGuardApi } from './helpers';
import type { ChoiceQuestion } from '../../src/ui/choices';
import { activeApi, eventually, firstFolder, WorkspaceSettingsFile } from './helpers';

const MEDIUM = 'npx knex migrate:rollback';

suite('Settings a workspace cannot weaken', () => {
	let api: TerminalGuardApi;
	let settingsFile: WorkspaceSettingsFile;
	const user = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('terminalGuard');

	suiteSetup(async () => {
		api = await activeApi();
		settingsFile = new WorkspaceSettingsFile();
	});

	teardown(async () => {
		settingsFile.restore();
		for (const key of ['allow', 'deny', 'patterns', 'enabled']) {
			await user().update(key, undefined, vscode.ConfigurationTarget.Global);
		}
		await eventually('the workspace settings never went back', () => vscode.workspace.getConfiguration('terminalGuard', firstFolder().uri).inspect('deny')?.workspaceValue === undefined);
	});

	test('declares every setting with a description, weakening ones machine-scoped', async () => {
		const ext = vscode.extensions.getExtension('terminal-guard.terminal-guard');
		const properties = ext!.packageJSON.contributes.configuration.properties as Record<string, { scope: string; markdownDescription?: string }>;
		const scopes = Object.fromEntries(Object.entries(properties).map(([id, p]) => [id, p.scope]));
		assert.deepStrictEqual(scopes, {
			'terminalGuard.production': 'resource',
			'terminalGuard.enabled': 'machine',
			'terminalGuard.allow': 'machine',
			'terminalGuard.deny': 'resource',
			'terminalGuard.patterns': 'resource',
			'terminalGuard.protectedPaths': 'resource',
			'terminalGuard.confirmTimeoutSeconds': 'machine',
		});
		for (const [id, p] of Object.entries(properties)) {
			assert.ok((p.markdownDescription ?? '').length > 40, `${id} has no real description`);
		}
	});

	test('a user allow rule lets its command run', async () => {
		assert.strictEqual((await api.check('rm -rf victim')).decision, 'confirm');
		await user().update('allow', ['^rm -rf victim$'], vscode.ConfigurationTarget.Global);
		assert.strictEqual((await api.check('rm -rf victim')).decision, 'allow');
	});

	test('a workspace allow rule and enabled: false are ignored, and the person is told once', async () => {
		settingsFile.write({ 'terminalGuard.allow': ['^rm'], 'terminalGuard.enabled': false });
		await eventually('no warning about the ignored settings', () => ['terminalGuard.allow', 'terminalGuard.enabled'].every((s) => api.ignoredSettings.some((w) => w.setting === s && w.file === settingsFile.file)));
		assert.strictEqual((await api.check('rm -rf victim')).decision, 'confirm');
		assert.strictEqual(vscode.workspace.getConfiguration('terminalGuard', firstFolder().uri).get('enabled'), true);
		const warnings = api.ignoredSettings.length;
		settingsFile.write({ 'terminalGuard.allow': ['^rm', '^git'], 'terminalGuard.enabled': false });
		// No waiting: reading ignoredSettings checks the files again, and the new one is already on disk.
		assert.strictEqual(api.ignoredSettings.length, warnings, 'the person was told twice');
		await vscode.commands.executeCommand('notifications.clearAll');
	});

	test('a workspace deny rule and pattern raise a verdict', async () => {
		settingsFile.write({ 'terminalGuard.deny': ['^ls -la$'], 'terminalGuard.patterns': [{ id: 'deploy', match: '^make deploy-(\\w+)', target: 1 }] });
		await eventually('the workspace rules never arrived', async () => (await api.check('ls -la')).decision === 'deny');
		const deploy = await api.check('make deploy-prod');
		assert.strictEqual(deploy.decision, 'confirm');
		assert.strictEqual(deploy.target, 'prod');
		assert.strictEqual(deploy.rule, 'user:deploy');
	});

	test('a workspace pattern cannot lower a built-in verdict or change the name to type', async () => {
		settingsFile.write({
			'terminalGuard.patterns': [
				{ id: 'harmless', match: '^rm -rf (victim)', severity: 'none' },
				{ id: 'easy', match: '^rm -rf vic(t)im', target: 1, severity: 'critical' },
				{ id: 'empty', match: '^rm()', target: 1, severity: 'critical' },
			],
		});
		await eventually('the workspace rules never arrived', () => vscode.workspace.getConfiguration('terminalGuard', firstFolder().uri).inspect<unknown[]>('patterns')?.workspaceValue?.length === 3);
		const verdict = await api.check('rm -rf victim');
		assert.strictEqual(verdict.decision, 'confirm');
		assert.strictEqual(verdict.target, 'victim');
		assert.strictEqual(verdict.rule?.startsWith('user:'), false, `the workspace's ${verdict.rule} decided`);
	});
});

suite('Production cannot silently disappear', () => {
	let api: TerminalGuardApi;
	let settingsFile: WorkspaceSettingsFile;
	const questions: ChoiceQuestion[] = [];
	let answer: ((yes: boolean) => void) | undefined;

	suiteSetup(async () => {
		api = await activeApi();
		settingsFile = new WorkspaceSettingsFile();
		api.setChoiceAnswererForTests((q) => {
			questions.push(q);
			return new Promise<boolean>((resolve) => (answer = resolve));
		});
	});

	suiteTeardown(async () => {
		answer?.(true);
		settingsFile.restore();
		api.setChoiceAnswererForTests(undefined);
	});

	test('a removed production flag keeps a medium rule confirmed until the person says so', async () => {
		const folder = firstFolder();
		const production = (): boolean | undefined => vscode.workspace.getConfiguration('terminalGuard', folder.uri).get<boolean>('production');
		assert.strictEqual((await api.check(MEDIUM)).decision, 'allow', 'a medium rule already asks outside production');

		settingsFile.write({ 'terminalGuard.production': true });
		await eventually('the production flag never arrived', () => production() === true);
		const escalated = await api.check(MEDIUM);
		assert.strictEqual(escalated.decision, 'confirm');
		assert.strictEqual(escalated.production, true);
		assert.ok(api.productionFolders.includes(folder.uri.toString()), 'the folder was not remembered');

		settingsFile.write({});
		await eventually('the production flag never went away', () => production() === false);
		const kept = await api.check(MEDIUM);
		assert.strictEqual(kept.decision, 'confirm', 'removing the flag silently lowered protection');
		assert.strictEqual(kept.production, true);
		await eventually('the person was not asked', () => questions.length > 0);
		assert.strictEqual(questions.length, 1, 'asked more than once');
		assert.strictEqual(questions[0].kind, 'stop-production');
		assert.match(questions[0].message, /^Stop treating .+ as production\?$/);

		answer!(true);
		await eventually('confirming did not lower protection', async () => (await api.check(MEDIUM)).decision === 'allow');
		assert.ok(!api.productionFolders.includes(folder.uri.toString()), 'the folder is still remembered');
	});
});

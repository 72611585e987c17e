/**
 * Personal rules for hooks with no editor, in the real editor: the extension writes the person's
 * user-level rules to ~/.terminal-guard/personal-rules/ (here the harness's throwaway home,
 * TERMINAL_GUARD_AGENTS_HOME), rewrites the file when a user setting changes, and never puts a
 * workspace setting in it. Then the real CLI, started with that home (so no editor is found),
 * judges with the file.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { type HookResult, runClaudeHook } from '../shared/claudeHook';
import { parsePersonalRules, personalRulesDir, type PersonalRulesData } from '../../src/engine/personalRules';
import type { ChoiceQuestion } from '../../src/ui/choices';
import { activeApi, EXTENSION_ID, eventually, firstFolder, WorkspaceSettingsFile, type TestApi } from './helpers';

/** Resolves with the rules once a write in `dir` leaves a file for which `wanted` holds; started before the change. */
function nextWrite(dir: string, wanted: (data: PersonalRulesData) => boolean, timeoutMs = 20000): Promise<PersonalRulesData> {
	return new Promise((resolve, reject) => {
		const check = (): void => {
			for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
				const data = parsePersonalRules(fs.readFileSync(path.join(dir, name), 'utf8'));
				if (typeof data !== 'string' && wanted(data)) {
					finish();
					resolve(data);
					return;
				}
			}
		};
		const watcher = fs.watch(dir, check);
		const timer = setTimeout(() => {
			finish();
			reject(new Error(`no write in ${dir} gave the rules expected within ${timeoutMs / 1000}s`));
		}, timeoutMs);
		const finish = (): void => {
			watcher.close();
			clearTimeout(timer);
		};
	});
}

/** `terminal-guard hook claude-code` with HOME = `home`: no editor is found there. */
function offlineHook(command: string, cwd: string, home: string): Promise<HookResult> {
	const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
	return runClaudeHook({ root, bin: path.join(root, 'bin', 'terminal-guard'), command, cwd, home });
}

suite('Personal rules for hooks with no editor', () => {
	let home: string;
	let dir: string;
	let settingsFile: WorkspaceSettingsFile;
	let api: TestApi;
	const questions: ChoiceQuestion[] = [];
	const user = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('terminalGuard');

	suiteSetup(async () => {
		api = await activeApi();
		// "Stop treating as production?" is answered yes, so a folder this suite marks is released again.
		api.setChoiceAnswererForTests((q) => {
			questions.push(q);
			return Promise.resolve(q.kind === 'stop-production');
		});
		home = process.env.TERMINAL_GUARD_AGENTS_HOME ?? '';
		assert.ok(home, 'the harness sets TERMINAL_GUARD_AGENTS_HOME so the real home is never touched');
		dir = personalRulesDir(home);
		settingsFile = new WorkspaceSettingsFile();
	});

	suiteTeardown(() => api?.setChoiceAnswererForTests(undefined));

	teardown(async () => {
		settingsFile.restore();
		await user().update('deny', undefined, vscode.ConfigurationTarget.Global);
		await user().update('protectedPaths', undefined, vscode.ConfigurationTarget.Global);
		await eventually('the workspace settings never went back', () => vscode.workspace.getConfiguration('terminalGuard', firstFolder().uri).inspect('deny')?.workspaceValue === undefined);
	});

	test('written at activation: one 0600 file in 0700 folders, with no allow in it', () => {
		const files = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
		assert.strictEqual(files.length, 1, `one file for this editor profile: ${files.join(', ')}`);
		const file = path.join(dir, files[0]);
		assert.strictEqual(fs.statSync(file).mode & 0o777, 0o600);
		assert.strictEqual(fs.statSync(dir).mode & 0o777, 0o700);
		assert.strictEqual(fs.statSync(path.dirname(dir)).mode & 0o777, 0o700);
		const text = fs.readFileSync(file, 'utf8');
		assert.strictEqual(typeof parsePersonalRules(text), 'object', text);
		assert.strictEqual('allow' in JSON.parse(text), false);
	});

	test('a user deny rule rewrites the file and the offline hook applies it; the workspace\'s never enters', async () => {
		const folder = firstFolder().uri.fsPath;
		settingsFile.write({ 'terminalGuard.deny': ['^git log$'], 'terminalGuard.protectedPaths': ['from-workspace/**'] });
		await eventually('the editor never saw the workspace settings', () => (vscode.workspace.getConfiguration('terminalGuard', firstFolder().uri).inspect<string[]>('deny')?.workspaceValue ?? []).includes('^git log$'));
		// The write after the user's change happens with the workspace's values in force too.
		const written = nextWrite(dir, (data) => data.deny.includes('^git status$'));
		await user().update('deny', ['^git status$'], vscode.ConfigurationTarget.Global);
		const data = await written;
		assert.deepStrictEqual(data.deny, ['^git status$']);
		assert.deepStrictEqual(data.protectedPaths, []);

		const denied = await offlineHook('git status', folder, home);
		assert.strictEqual(denied.status, 2, denied.stderr);
		assert.match(denied.stderr, /Matches your deny rule \/\^git status\$\//);
		assert.match(denied.stderr, /No editor with Terminal Guard could be asked/);
		const workspaceRule = await offlineHook('git log', folder, home);
		assert.strictEqual(workspaceRule.status, 0, `the workspace's rule is not a personal rule: ${workspaceRule.stderr}`);
	});

	test('removing the user rule rewrites the file without it', async () => {
		const added = nextWrite(dir, (data) => data.protectedPaths.includes('ledger/**'));
		await user().update('protectedPaths', ['ledger/**'], vscode.ConfigurationTarget.Global);
		await added;
		const removed = nextWrite(dir, (data) => data.protectedPaths.length === 0);
		await user().update('protectedPaths', undefined, vscode.ConfigurationTarget.Global);
		assert.deepStrictEqual((await removed).protectedPaths, []);
	});

	test('a folder the editor treats as production goes in, and comes out when the person releases it', async () => {
		const folder = firstFolder();
		const inFile = (data: PersonalRulesData): boolean => data.production.folders.includes(folder.uri.fsPath);
		const marked = nextWrite(dir, inFile);
		settingsFile.write({ 'terminalGuard.production': true });
		await marked;
		const offline = await offlineHook('npx knex migrate:rollback', folder.uri.fsPath, home);
		assert.strictEqual(offline.status, 2, `a medium rule in a production folder needs a person: ${offline.stderr}`);
		assert.match(offline.stderr, /PRODUCTION/);

		const released = nextWrite(dir, (data) => !inFile(data));
		settingsFile.write({});
		await released;
		assert.ok(questions.some((q) => q.kind === 'stop-production'), 'released without asking the person');
		const after = await offlineHook('npx knex migrate:rollback', folder.uri.fsPath, home);
		assert.strictEqual(after.status, 0, after.stderr);
	});
});

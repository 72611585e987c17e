/**
 * The repository's team policy (`.terminal-guard.json`) in the real editor: the sample workspace is a
 * git repository on `main`, whose settings do not say production. A policy marking `main` production
 * makes a medium line ask and `git push --force origin main` a production question; a protected path
 * asks in a real guarded bash terminal, and the question says which team rule asked; an invalid
 * file is reported as a diagnostic at its line (and the repository counts as production meanwhile).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeApi, eventually, firstFolder, openGuardedTerminal, RefusingPerson, resetGuardedProfile, type TestApi } from './helpers';

const MEDIUM = 'kubectl delete pod web-1';

suite('Team policy (.terminal-guard.json)', function () {
	this.timeout(60000);
	let api: TestApi;
	let file: string;

	suiteSetup(async () => {
		api = await activeApi();
		file = path.join(firstFolder().uri.fsPath, '.terminal-guard.json');
		assert.ok(!fs.existsSync(file), `${file} exists before the test wrote it`);
		const head = fs.readFileSync(path.join(firstFolder().uri.fsPath, '.git', 'HEAD'), 'utf8');
		assert.match(head, /refs\/heads\/main/, 'the sample workspace is not on main');
	});

	teardown(() => fs.rmSync(file, { force: true }));

	suiteTeardown(async () => {
		fs.rmSync(file, { force: true });
		await eventually('the diagnostics of the removed policy are gone', () => ownDiagnostics().length === 0);
	});

	function ownDiagnostics(): vscode.Diagnostic[] {
		return vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'Terminal Guard');
	}

	test('a policy marking main as production makes a medium line ask though the workspace setting does not say production', async () => {
		assert.strictEqual(vscode.workspace.getConfiguration('terminalGuard', firstFolder().uri).get('production'), false);
		assert.strictEqual((await api.check(MEDIUM)).decision, 'allow', 'without the policy the line runs');
		fs.writeFileSync(file, JSON.stringify({ production: { branches: ['main', 'release/*'] } }, null, 2));
		const verdict = await api.check(MEDIUM);
		assert.strictEqual(verdict.decision, 'confirm');
		assert.strictEqual(verdict.production, true);
		assert.strictEqual(verdict.teamPolicy, 'team policy: .terminal-guard.json, production: git branch `main` matches `main`');
		const push = await api.check('git push --force origin main');
		assert.strictEqual(push.decision, 'confirm');
		assert.strictEqual(push.production, true);
		assert.match(push.reason, /team policy: \.terminal-guard\.json, production: git branch `main`/);
	});

	test('in a guarded bash terminal, a protected path asks and the question names the team rule; nothing runs', async () => {
		fs.writeFileSync(file, '{\n  // the team\'s database files\n  "protectedPaths": ["db/**"]\n}\n');
		const person = new RefusingPerson();
		api.setAnswererForTests(person);
		const terminal = await openGuardedTerminal('bash', 'tg-team-bash');
		try {
			const target = path.join(firstFolder().uri.fsPath, 'db', 'reset.sql');
			assert.ok(fs.existsSync(target));
			terminal.sendText(`cd '${firstFolder().uri.fsPath}' && rm db/reset.sql`);
			await eventually('no question came for rm db/reset.sql', () => person.questions.length > 0, 30000);
			const question = person.questions[0];
			assert.match(question.reason, /\(team policy: \.terminal-guard\.json, protected path `db\/\*\*`\)/, question.reason);
			assert.match(question.reason, /the team's protected path/);
			assert.ok(fs.existsSync(target), 'db/reset.sql was deleted');
		} finally {
			terminal.dispose();
			api.setAnswererForTests(undefined);
			await resetGuardedProfile();
		}
	});

	test('an invalid policy is reported at its line, and never weakens anything', async () => {
		fs.writeFileSync(file, '{\n  "protectedPaths": ["db/**"],\n  "allow": [".*"],\n  "deny": "not a list"\n}\n');
		await eventually('no diagnostic for the invalid policy', () => ownDiagnostics().length >= 2);
		const lines = ownDiagnostics().map((d) => d.range.start.line + 1).sort();
		assert.deepStrictEqual(lines, [3, 4]);
		assert.ok(ownDiagnostics().every((d) => d.severity === vscode.DiagnosticSeverity.Error));
		assert.match(ownDiagnostics().find((d) => d.range.start.line === 3)?.message ?? '', /"deny" must be a list of strings/);
		const verdict = await api.check(MEDIUM);
		assert.strictEqual(verdict.decision, 'confirm', 'an invalid policy let a line through that a production repository asks about');
		assert.match(verdict.reason, /line 3: "allow" is ignored/);
		assert.strictEqual((await api.check('rm -rf victim')).decision, 'confirm', 'its allow rule loosened something');
		fs.writeFileSync(file, '{ "protectedPaths": ["db/**"] }\n');
		await eventually('the diagnostics stay after the file was fixed', () => ownDiagnostics().length === 0);
	});

	test('the schema is contributed for the file, and the file opens as JSON with comments', async () => {
		const ext = vscode.extensions.getExtension('terminal-guard.terminal-guard');
		const validation = ext?.packageJSON.contributes.jsonValidation as { fileMatch: string; url: string }[];
		assert.deepStrictEqual(validation.map((v) => v.fileMatch), ['.terminal-guard.json']);
		assert.ok(fs.existsSync(path.join(ext?.extensionPath ?? '', validation[0].url)));
		fs.writeFileSync(file, '{\n  // comments are allowed\n  "confirmTools": ["terraform"]\n}\n');
		const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
		assert.strictEqual(document.languageId, 'jsonc');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('the menu shows the team policy', async () => {
		fs.writeFileSync(file, JSON.stringify({ production: { branches: ['main'] }, protectedPaths: ['db/**'] }));
		await eventually('the menu does not show the team policy', async () => (await api.menuItems()).some((i) => /Team policy \.terminal-guard\.json: production on main; 1 protected path/.test(i.label)));
	});
});

/**
 * "Protect AI Agents…" in the real editor, against a throwaway home (TERMINAL_GUARD_AGENTS_HOME,
 * set by scripts/editor/server.js): the shim written at activation works outside the editor's
 * environment, the command merges into existing configs and the removal restores them.
 */
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { extensionLogTail, runShellTask } from './helpers';
import { print } from './report';

const EXTENSION_ID = 'terminal-guard.terminal-guard';

interface Outcome {
	done: { agent: string; scope: string; file: string; outcome: string }[];
	failed: { agent: string; scope: string; message: string }[];
	reloadWindow?: boolean;
}

const CLAUDE_SETTINGS = '{\n  "permissions": { "allow": ["Bash(ls:*)"] },\n  "hooks": {\n    "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "echo other" }] }]\n  }\n}\n';

suite('Protect AI Agents', () => {
	let home: string;
	let workspace: string;

	suiteSetup(async () => {
		const ext = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(ext);
		await ext.activate();
		home = process.env.TERMINAL_GUARD_AGENTS_HOME ?? '';
		assert.ok(home, 'the harness sets TERMINAL_GUARD_AGENTS_HOME so the real home is never touched');
		assert.notStrictEqual(path.resolve(home), os.homedir());
		workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
		assert.ok(workspace);
	});

	test('both commands are contributed with their titles', async () => {
		const commands = await vscode.commands.getCommands(true);
		const contributed = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.commands as { command: string; title: string; category: string }[];
		for (const [id, title] of [['terminalGuard.protectAgents', 'Protect AI Agents…'], ['terminalGuard.removeAgentProtection', 'Remove AI Agent Protection…']]) {
			assert.ok(commands.includes(id), `${id} is not registered`);
			assert.strictEqual(contributed.find((c) => c.command === id)?.title, title);
		}
	});

	test('activation wrote the shim; it runs this extension\'s CLI with nothing from the editor\'s environment', () => {
		const shim = path.join(home, '.terminal-guard', 'bin', 'terminal-guard');
		assert.ok(fs.existsSync(shim), `${shim} was not written`);
		const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '';
		assert.ok(fs.readFileSync(shim, 'utf8').includes(path.join(extensionPath, 'dist', 'cli.js')));
		const run = spawnSync(shim, ['check', '--json', '--', 'rm -rf /'], { cwd: os.tmpdir(), env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8', timeout: 20000 });
		assert.strictEqual(run.status, 2, run.stderr);
		assert.strictEqual(JSON.parse(run.stdout).decision, 'deny');
	});

	test('installs for every agent at user level, keeping other hooks; a second run changes nothing', async () => {
		const claude = path.join(home, '.claude', 'settings.json');
		fs.mkdirSync(path.dirname(claude), { recursive: true });
		fs.writeFileSync(claude, CLAUDE_SETTINGS);
		const agents = ['claude-code', 'cursor', 'vscode', 'codex', 'gemini'];
		const first = await vscode.commands.executeCommand<Outcome>('terminalGuard.protectAgents', { agents, scope: 'user' });
		assert.deepStrictEqual(first.failed, []);
		assert.deepStrictEqual(first.done.map((d) => d.outcome), ['installed', 'installed', 'installed', 'installed', 'installed']);
		for (const d of first.done) {
			assert.ok(d.file.startsWith(home + path.sep), `${d.file} is outside the test home`);
		}
		const settings = JSON.parse(fs.readFileSync(claude, 'utf8'));
		assert.deepStrictEqual(settings.permissions, { allow: ['Bash(ls:*)'] });
		const commands = settings.hooks.PreToolUse.flatMap((g: { hooks: { command: string }[] }) => g.hooks.map((h) => h.command));
		assert.deepStrictEqual(commands, ['echo other', `${path.join(home, '.terminal-guard', 'bin', 'terminal-guard')} hook claude-code`]);
		const cursor = JSON.parse(fs.readFileSync(path.join(home, '.cursor', 'hooks.json'), 'utf8'));
		assert.strictEqual(cursor.hooks.beforeShellExecution[0].failClosed, true);
		// The VS Code agent's hook file changed: the window needs a reload for this window's agent to use it.
		assert.strictEqual(first.reloadWindow, true);
		const again = await vscode.commands.executeCommand<Outcome>('terminalGuard.protectAgents', { agents, scope: 'user' });
		assert.deepStrictEqual(again.done.map((d) => d.outcome), ['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
		assert.strictEqual(again.reloadWindow, false);
		const others = await vscode.commands.executeCommand<Outcome>('terminalGuard.protectAgents', { agents: ['opencode'], scope: 'user' });
		assert.deepStrictEqual([others.done.map((d) => [d.agent, d.outcome]), others.reloadWindow], [[['opencode', 'installed']], false]);
		const plugin = path.join(home, '.config', 'opencode', 'plugins', 'terminal-guard.js');
		assert.match(fs.readFileSync(plugin, 'utf8'), /const SHIM = ".*terminal-guard";/);
		const removed = await vscode.commands.executeCommand<Outcome>('terminalGuard.removeAgentProtection', { targets: [{ agent: 'opencode', scope: 'user' }] });
		assert.deepStrictEqual(removed.done.map((d) => d.outcome), ['deleted']);
		assert.ok(!fs.existsSync(plugin));
	});

	test('the installed Claude Code hook command, run as the agent runs it (sh -c, no editor environment), asks this editor', async function () {
		this.timeout(60000);
		const settings = JSON.parse(fs.readFileSync(path.join(home, '.claude', 'settings.json'), 'utf8'));
		const command: string = settings.hooks.PreToolUse[1].hooks[0].command;
		const ext = vscode.extensions.getExtension<{ setAnswererForTests(a: unknown): void }>(EXTENSION_ID);
		const api = await ext?.activate();
		const asked: string[] = [];
		let answer: string | undefined = 'victim';
		api?.setAnswererForTests({ confirm: (q: { line: string }) => (asked.push(q.line), Promise.resolve(answer)), refused: () => Promise.resolve() });
		try {
			const run = (line: string): Promise<{ code: number | null; stdout: string }> => new Promise((resolve) => {
				const child = spawn('/bin/sh', ['-c', command], { cwd: workspace, env: { PATH: '/usr/bin:/bin', HOME: os.homedir() }, stdio: ['pipe', 'pipe', 'pipe'] });
				let stdout = '';
				child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
				child.on('exit', (code) => resolve({ code, stdout }));
				child.stdin.end(JSON.stringify({ session_id: 's', cwd: workspace, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: line } }));
			});
			const allowed = await run('rm -rf victim');
			assert.strictEqual(allowed.code, 0);
			assert.strictEqual(JSON.parse(allowed.stdout).hookSpecificOutput.permissionDecision, 'allow');
			answer = 'wrong';
			const denied = await run('rm -rf victim');
			assert.strictEqual(denied.code, 2);
			assert.strictEqual(JSON.parse(denied.stdout).hookSpecificOutput.permissionDecision, 'deny');
			assert.deepStrictEqual(asked, ['rm -rf victim', 'rm -rf victim']);
			const safe = await run('git status');
			assert.deepStrictEqual([safe.code, safe.stdout], [0, '']);
		} finally {
			api?.setAnswererForTests(undefined);
		}
	});

	test('a malformed config is left alone with a plain-words reason; the others are still protected', async () => {
		const gemini = path.join(home, '.gemini', 'settings.json');
		fs.rmSync(gemini, { force: true });
		fs.writeFileSync(gemini, '{ "hooks": ');
		const result = await vscode.commands.executeCommand<Outcome>('terminalGuard.protectAgents', { agents: ['gemini', 'vscode'], scope: 'workspace' });
		assert.strictEqual(result.failed.length, 0, 'workspace scope does not read the user file');
		const user = await vscode.commands.executeCommand<Outcome>('terminalGuard.protectAgents', { agents: ['gemini', 'codex'], scope: 'user' });
		assert.strictEqual(user.failed.length, 1);
		assert.match(user.failed[0].message, /settings\.json is not valid JSON .* Terminal Guard did not change it/);
		assert.strictEqual(fs.readFileSync(gemini, 'utf8'), '{ "hooks": ');
		assert.deepStrictEqual(user.done.map((d) => [d.agent, d.outcome]), [['codex', 'unchanged']]);
		assert.ok(fs.existsSync(path.join(workspace, '.github', 'hooks', 'terminal-guard.json')));
	});

	test('removal restores the original files and deletes the ones it created', async () => {
		const targets = [
			{ agent: 'claude-code', scope: 'user' }, { agent: 'cursor', scope: 'user' }, { agent: 'vscode', scope: 'user' }, { agent: 'codex', scope: 'user' },
			{ agent: 'gemini', scope: 'workspace' }, { agent: 'vscode', scope: 'workspace' },
		];
		const result = await vscode.commands.executeCommand<Outcome>('terminalGuard.removeAgentProtection', { targets });
		assert.deepStrictEqual(result.failed, []);
		assert.deepStrictEqual(result.done.map((d) => d.outcome), ['restored', 'deleted', 'deleted', 'deleted', 'deleted', 'deleted']);
		assert.strictEqual(fs.readFileSync(path.join(home, '.claude', 'settings.json'), 'utf8'), CLAUDE_SETTINGS);
		assert.ok(!fs.existsSync(path.join(workspace, '.github', 'hooks', 'terminal-guard.json')));
		assert.ok(!fs.existsSync(path.join(home, '.cursor', 'hooks.json')));
	});
});

suite('Protect AI Agents: Copilot agent terminals', () => {
	test('points the agent terminal settings at terminal-guard shell, or says plainly why not; removal puts back what was there', async () => {
		const home = process.env.TERMINAL_GUARD_AGENTS_HOME ?? '';
		const keys = ['chat.tools.terminal.terminalProfile.linux', 'terminal.integrated.agentHostProfile.linux'];
		const result = await vscode.commands.executeCommand<Outcome & { settings: { changed: string[]; skipped: { key: string; reason: string }[] } }>('terminalGuard.protectAgents', { agents: [], agentTerminals: true });
		assert.deepStrictEqual([...result.settings.changed, ...result.settings.skipped.map((s) => s.key)].sort(), keys.slice().sort());
		print(`      changed: ${result.settings.changed.join(', ') || 'none'}; skipped: ${result.settings.skipped.map((s) => `${s.key} (${s.reason})`).join('; ') || 'none'}\n`);
		// The agent host wrapper is named after the real shell, so the agent host picks its bash/zsh tool.
		const wrapperDir = path.join(home, '.terminal-guard', 'bin', 'agent-host');
		assert.deepStrictEqual(fs.readdirSync(wrapperDir), [path.basename(process.env.SHELL || 'bash')]);
		// Which editor has which setting (checked in both editors of the test matrix):
		// - VS Code 1.100 has neither: it refuses to write an unknown setting, and Terminal Guard reports it.
		// - VS Code 1.139 registers both in the workbench (chat.tools.terminal.terminalProfile.* for the
		//   run_in_terminal tool, terminal.integrated.agentHostProfile.* for the agent host): both are written.
		const minor = Number(vscode.version.split('.')[1]);
		if (minor <= 100) {
			assert.deepStrictEqual(result.settings.changed, [], `VS Code ${vscode.version} has neither setting`);
			for (const skipped of result.settings.skipped) {
				assert.match(skipped.reason, /not a registered configuration|Unable to write/);
			}
		} else if (minor >= 139) {
			assert.deepStrictEqual(result.settings.skipped, [], `VS Code ${vscode.version} has both settings, so Terminal Guard must write both`);
		} else {
			assert.fail(`no recorded expectation for VS Code ${vscode.version} (1.100: neither setting; 1.139: both): run this test there and add what it does`);
		}
		for (const key of result.settings.changed) {
			const dot = key.lastIndexOf('.');
			const value = vscode.workspace.getConfiguration(key.slice(0, dot)).inspect<{ path: string }>(key.slice(dot + 1))?.globalValue;
			assert.ok(value?.path.startsWith(path.join(home, '.terminal-guard', 'bin')), `${key} = ${JSON.stringify(value)}`);
		}
		const removed = await vscode.commands.executeCommand<Outcome & { settings: { changed: string[] } }>('terminalGuard.removeAgentProtection', { targets: [], agentTerminals: true });
		assert.deepStrictEqual(removed.settings.changed.sort(), result.settings.changed.sort());
		for (const key of result.settings.changed) {
			const dot = key.lastIndexOf('.');
			assert.strictEqual(vscode.workspace.getConfiguration(key.slice(0, dot)).inspect(key.slice(dot + 1))?.globalValue, undefined);
		}
	});
});

suite('Protect AI Agents: bash -c in VS Code tasks', () => {
	const questions: { line: string; askedBy?: string }[] = [];
	let answer: string | undefined;
	let workspace: string;

	suiteSetup(async () => {
		const ext = vscode.extensions.getExtension<{ setAnswererForTests(a: unknown): void }>(EXTENSION_ID);
		assert.ok(ext);
		const api = await ext.activate();
		api.setAnswererForTests({
			confirm: (q: { line: string; askedBy?: string }) => {
				questions.push(q);
				return Promise.resolve(answer);
			},
			refused: () => Promise.resolve(),
		});
		workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
		for (const name of ['gate-victim', 'gate-victim2']) {
			fs.mkdirSync(path.join(workspace, name), { recursive: true });
		}
	});
	suiteTeardown(async () => {
		const ext = vscode.extensions.getExtension<{ setAnswererForTests(a: unknown): void }>(EXTENSION_ID);
		(await ext?.activate())?.setAnswererForTests(undefined);
	});


	test('opted in: a task\'s destructive bash -c waits for the typed name; cancelled, it does not run (exit 126)', async function () {
		this.timeout(60000);
		await vscode.commands.executeCommand('terminalGuard.protectAgents', { agents: [], otherTerminals: true });
		answer = 'gate-victim';
		assert.strictEqual(await runShellTask('rm -rf gate-victim'), 0, `the confirmed task did not run; questions: ${JSON.stringify(questions)}; the log: ${extensionLogTail()}`);
		assert.ok(!fs.existsSync(path.join(workspace, 'gate-victim')));
		assert.deepStrictEqual(questions.map((q) => [q.line, q.askedBy]), [['rm -rf gate-victim', 'A task or extension (bash -c / zsh -c)']]);
		answer = undefined;
		assert.strictEqual(await runShellTask('rm -rf gate-victim2'), 126);
		assert.ok(fs.existsSync(path.join(workspace, 'gate-victim2')));
		assert.strictEqual(questions.length, 2, `questions: ${JSON.stringify(questions)}; the log: ${extensionLogTail()}`);
		assert.strictEqual(await runShellTask('echo safe'), 0);
		assert.strictEqual(questions.length, 2, `a safe task asks nothing; questions: ${JSON.stringify(questions)}`);
	});

	test('removed: tasks run without asking again', async function () {
		this.timeout(60000);
		await vscode.commands.executeCommand('terminalGuard.removeAgentProtection', { targets: [], otherTerminals: true });
		assert.strictEqual(await runShellTask('rm -rf gate-victim2'), 0);
		assert.strictEqual(questions.length, 2);
		assert.ok(!fs.existsSync(path.join(workspace, 'gate-victim2')));
	});
});

/** Each adapter's reading of its agent's input: which calls are shell commands, and where they run. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ADAPTERS, adapterFor } from '../../../src/agents';
import { runHook } from '../../../src/agents/hook';
import { commandText } from '../../../src/agents/types';
import { analyze, initParser } from '../../../src/engine/analyze';

const FIXTURES = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'agents');

interface VscodeInput { hookEventName: string; tool_name: string; tool_input: { task?: Record<string, unknown>; [key: string]: unknown } }

function vscodeFixture(name: string, change?: (input: VscodeInput) => void): string {
	const input = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'vscode', `${name}.json`), 'utf8')) as VscodeInput;
	change?.(input);
	return JSON.stringify(input);
}

/** The hook with no editor: the local engine decides. */
async function hookExit(stdin: string): Promise<{ exitCode: number; stdout: string }> {
	await initParser();
	return runHook(ADAPTERS.vscode, stdin, {
		ask: () => Promise.resolve({ outcome: 'unreachable', reason: 'no editor (test)' }),
		localVerdict: (line, cwd) => Promise.resolve(analyze(line, { cwd, workspaceFolders: [cwd], home: '/home/dev', env: {} })),
		timeoutMs: 1000,
	});
}

const claude = (fields: Record<string, unknown>): string => JSON.stringify({ hook_event_name: 'PreToolUse', cwd: '/w', tool_name: 'Bash', tool_input: { command: 'ls' }, ...fields });

describe('agent adapters: reading the input', () => {
	it('Claude-style: another event -> not a command; VS Code\'s tool name in Claude\'s hook -> a command', () => {
		assert.deepEqual(ADAPTERS['claude-code'].parse(claude({ hook_event_name: 'PostToolUse' })), { kind: 'not-a-command' });
		assert.deepEqual(ADAPTERS['claude-code'].parse(claude({ tool_name: 'run_in_terminal' })), { kind: 'command', command: 'ls', cwd: '/w' });
		assert.deepEqual(ADAPTERS.vscode.parse(JSON.stringify({ hookEventName: 'PreToolUse', cwd: '/w', tool_name: 'run_in_terminal', tool_input: { command: 'ls' } })), { kind: 'command', command: 'ls', cwd: '/w' });
	});

	it('Claude-style: no tool name -> malformed; a relative cwd -> the hook\'s own directory', () => {
		assert.equal(ADAPTERS.codex.parse(JSON.stringify({ hook_event_name: 'PreToolUse', tool_input: { command: 'ls' } })).kind, 'malformed');
		assert.deepEqual(ADAPTERS.codex.parse(claude({ cwd: 'relative/dir' })), { kind: 'command', command: 'ls', cwd: process.cwd() });
	});

	it('Cursor: no cwd -> the first workspace root; another event -> not a command', () => {
		assert.deepEqual(ADAPTERS.cursor.parse(JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'ls', workspace_roots: ['/repo'] })), { kind: 'command', command: 'ls', cwd: '/repo' });
		assert.deepEqual(ADAPTERS.cursor.parse(JSON.stringify({ hook_event_name: 'beforeMCPExecution', command: 'npx server' })), { kind: 'not-a-command' });
	});

	it('Gemini: a read-only tool -> not a command; write_file naming no file -> malformed; `directory` (older name of dir_path) moves the cwd', () => {
		assert.deepEqual(ADAPTERS.gemini.parse(JSON.stringify({ hook_event_name: 'BeforeTool', cwd: '/w', tool_name: 'read_file', tool_input: { file_path: 'a.ts' } })), { kind: 'not-a-command' });
		assert.equal(ADAPTERS.gemini.parse(JSON.stringify({ hook_event_name: 'BeforeTool', cwd: '/w', tool_name: 'write_file', tool_input: {} })).kind, 'malformed');
		assert.deepEqual(ADAPTERS.gemini.parse(JSON.stringify({ hook_event_name: 'BeforeTool', cwd: '/w', tool_name: 'write_file', tool_input: { file_path: 'a.ts', content: 'x' } })), { kind: 'file-edit', edit: { tool: 'write_file', changes: [{ path: 'a.ts', how: 'write', content: 'x' }] }, cwd: '/w' });
		assert.deepEqual(ADAPTERS.gemini.parse(JSON.stringify({ hook_event_name: 'BeforeTool', cwd: '/w', tool_name: 'run_shell_command', tool_input: { command: 'ls', directory: 'sub' } })), { kind: 'command', command: 'ls', cwd: '/w/sub' });
	});

	it('argv commands: the script of `sh -c`, else the words quoted where needed', () => {
		assert.equal(commandText(['bash', '-lc', 'rm -rf build']), 'rm -rf build');
		assert.equal(commandText(['/bin/zsh', '-c', 'ls']), 'ls');
		assert.equal(commandText(['rm', '-rf', 'my dir', "it's"]), `rm -rf 'my dir' 'it'\\''s'`);
		assert.equal(commandText([]), undefined);
		assert.equal(commandText(['ls', 3]), undefined);
	});

	it('~/.copilot/hooks: Copilot CLI gets its own deny form (top-level reason), VS Code the hookSpecificOutput; both exit 2', async () => {
		const cli = fs.readFileSync(path.join(FIXTURES, 'vscode', 'copilot-cli-bash.json'), 'utf8');
		const fromCli = await hookExit(cli);
		assert.equal(fromCli.exitCode, 2);
		const cliOut = JSON.parse(fromCli.stdout) as Record<string, unknown>;
		assert.deepEqual(Object.keys(cliOut).sort(), ['permissionDecision', 'permissionDecisionReason']);
		assert.equal(cliOut.permissionDecision, 'deny');
		assert.match(String(cliOut.permissionDecisionReason), /Terminal Guard stopped this command: rm -rf victim/);
		const fromVscode = await hookExit(vscodeFixture('incident'));
		assert.equal(fromVscode.exitCode, 2);
		assert.equal(JSON.parse(fromVscode.stdout).hookSpecificOutput.permissionDecision, 'deny');
		// No opinion and unreadable input: unchanged (nothing printed; a Claude-style deny, exit 2).
		assert.deepEqual(await hookExit(cli.replace('rm -rf victim', 'ls')), { stdout: '', stderr: '', exitCode: 0 });
		assert.equal((await hookExit('{')).exitCode, 2);
	});

	it('Codex: a confirmed command gets no decision (Codex 0.169 rejects "allow"); a deny is the Claude-style deny', () => {
		assert.deepEqual(ADAPTERS.codex.reply({ kind: 'allow', reason: 'A person confirmed this in the editor.' }), { stdout: '', stderr: '', exitCode: 0 });
		const denied = ADAPTERS.codex.reply({ kind: 'deny', reason: 'Terminal Guard stopped this command: rm -rf victim' });
		assert.equal(denied.exitCode, 2);
		assert.equal(JSON.parse(denied.stdout).hookSpecificOutput.permissionDecision, 'deny');
		assert.equal(ADAPTERS['claude-code'].reply({ kind: 'allow', reason: 'confirmed' }).exitCode, 0);
		assert.equal(JSON.parse(ADAPTERS['claude-code'].reply({ kind: 'allow', reason: 'confirmed' }).stdout).hookSpecificOutput.permissionDecision, 'allow');
	});

	it('adapterFor knows exactly the six agents', () => {
		assert.deepEqual(Object.keys(ADAPTERS).sort(), ['claude-code', 'codex', 'cursor', 'gemini', 'opencode', 'vscode']);
		assert.equal(adapterFor('toString'), undefined);
		assert.equal(adapterFor('copilot'), undefined);
	});
});

describe('VS Code: every tool that runs a command, any event-name case (fixtures in test/fixtures/agents/vscode/)', () => {
	it('hookEventName "preToolUse" (VS Code hook API, Copilot CLI) is judged like "PreToolUse": rm -rf important -> deny, exit 2', async () => {
		const input = vscodeFixture('lower-camel-event');
		assert.deepEqual(ADAPTERS.vscode.parse(input), { kind: 'command', command: 'rm -rf important', cwd: '/home/dev/project' });
		assert.equal((await hookExit(input)).exitCode, 2);
		assert.equal(ADAPTERS['claude-code'].parse(vscodeFixture('lower-camel-event', (i) => { i.hookEventName = 'PRETOOLUSE'; })).kind, 'command');
		assert.deepEqual(ADAPTERS.vscode.parse(vscodeFixture('lower-camel-event', (i) => { i.hookEventName = 'postToolUse'; })), { kind: 'not-a-command' });
	});

	it('Copilot CLI: toolName + toolArgs as a JSON string', () => {
		const input = JSON.stringify({ hookEventName: 'preToolUse', cwd: '/w', toolName: 'bash', toolArgs: JSON.stringify({ command: 'rm -rf important' }) });
		assert.deepEqual(ADAPTERS.vscode.parse(input), { kind: 'command', command: 'rm -rf important', cwd: '/w' });
	});

	it('create_and_run_task: the task\'s command and args are judged, in the workspace folder -> deny, exit 2', async () => {
		const input = vscodeFixture('create-and-run-task');
		assert.deepEqual(ADAPTERS.vscode.parse(input), { kind: 'command', command: 'rm -rf important', cwd: '/home/dev/project' });
		assert.equal((await hookExit(input)).exitCode, 2);
		// Arguments are joined unquoted: shell characters in one count as live.
		assert.equal((ADAPTERS.vscode.parse(vscodeFixture('create-and-run-task', (i) => { i.tool_input.task = { label: 'x', type: 'shell', command: 'echo', args: ['a;rm', '-rf', 'important'] }; })) as { command: string }).command, 'echo a;rm -rf important');
		assert.equal((await hookExit(vscodeFixture('create-and-run-task', (i) => { i.tool_input.task = { label: 'x', type: 'shell', command: 'echo', args: ['a;rm', '-rf', 'important'] }; }))).exitCode, 2);
		assert.equal(ADAPTERS.vscode.parse(vscodeFixture('create-and-run-task', (i) => { delete i.tool_input.task?.command; })).kind, 'malformed');
		assert.equal((await hookExit(vscodeFixture('create-and-run-task', (i) => { i.tool_input.task = { label: 'build', type: 'shell', command: 'npm', args: ['run', 'build'] }; }))).exitCode, 0);
	});

	it('send_to_terminal: the text typed into the terminal is judged -> deny, exit 2', async () => {
		const input = vscodeFixture('send-to-terminal');
		assert.deepEqual(ADAPTERS.vscode.parse(input), { kind: 'command', command: 'rm -rf important', cwd: '/home/dev/project' });
		assert.equal((await hookExit(input)).exitCode, 2);
		assert.equal(ADAPTERS.vscode.parse(vscodeFixture('send-to-terminal', (i) => { i.tool_input = { id: 'x', text: 'rm -rf important' }; })).kind, 'command');
		assert.equal(ADAPTERS.vscode.parse(vscodeFixture('send-to-terminal', (i) => { i.tool_input = { id: 'x' }; })).kind, 'malformed');
	});

	it('run_task: the task (and its dependsOn) from the folder\'s .vscode/tasks.json is judged; a task not found there is refused (its command cannot be seen)', async () => {
		const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-tasks-'));
		fs.mkdirSync(path.join(folder, '.vscode'));
		fs.writeFileSync(path.join(folder, '.vscode', 'tasks.json'), `{
			// comments and trailing commas, as VS Code allows
			"version": "2.0.0",
			"tasks": [
				{ "label": "clean", "type": "shell", "command": "rm", "args": ["-rf", "important"], },
				{ "label": "build", "type": "shell", "command": "npm run build", "dependsOn": ["clean"] },
				{ "label": "lint", "type": "shell", "command": "npm run lint" },
			],
		}`);
		const runTask = (id: string) => vscodeFixture('run-task', (i) => { i.tool_input = { workspaceFolder: folder, id }; });
		assert.deepEqual(ADAPTERS.vscode.parse(runTask('shell: clean')), { kind: 'command', command: 'rm -rf important', cwd: folder });
		assert.equal((await hookExit(runTask('clean'))).exitCode, 2);
		assert.deepEqual(ADAPTERS.vscode.parse(runTask('build')), { kind: 'command', command: 'rm -rf important\nnpm run build', cwd: folder });
		assert.equal((await hookExit(runTask('build'))).exitCode, 2);
		assert.equal((await hookExit(runTask('lint'))).exitCode, 0);
		assert.equal(ADAPTERS.vscode.parse(runTask('npm: test')).kind, 'malformed', 'no package.json with that script');
		assert.equal((await hookExit(runTask('npm: test'))).exitCode, 2);
		assert.equal(ADAPTERS.vscode.parse(vscodeFixture('run-task')).kind, 'malformed', 'no tasks.json: the command cannot be seen');
		fs.rmSync(path.join(folder, '.vscode', 'tasks.json'));
		spawnSync('mkfifo', [path.join(folder, '.vscode', 'tasks.json')]);
		assert.equal(ADAPTERS.vscode.parse(runTask('clean')).kind, 'malformed', 'a FIFO is not read (it would hang the hook), and the task is refused');
		fs.rmSync(folder, { recursive: true, force: true });
	});

	it('runTests and other tools -> no decision (their files are looked at, and none keeps the guard on)', async () => {
		const input = vscodeFixture('run-task', (i) => { i.tool_name = 'runTests'; i.tool_input = { files: ['/w/a.test.ts'] }; });
		assert.deepEqual(await hookExit(input), { exitCode: 0, stdout: '', stderr: '' });
		assert.deepEqual(ADAPTERS.vscode.parse(vscodeFixture('run-task', (i) => { i.tool_name = 'get_errors'; i.tool_input = { filePaths: ['/w/a.ts'] }; })), { kind: 'not-a-command' });
	});
});

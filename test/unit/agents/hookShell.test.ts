/**
 * Agents on Windows run PowerShell: Copilot CLI's shell tool is `powershell` there (payload seen in
 * termaxa/termaxa#86: `{"cwd":"C:\\Users\\User\\code\\capture-test","toolName":"powershell",
 * "toolArgs":{"command":"echo hi","description":"…","mode":"sync","initial_wait":10}}`), Claude Code
 * has a `PowerShell` tool, and VS Code, Gemini CLI and Cursor run commands in the Windows default
 * shell without naming it. The hook must judge those lines as PowerShell — read as bash,
 * `Set-Content $env:USERPROFILE\.ssh\authorized_keys …` or `gci C:\logs | Remove-Item -Recurse` came
 * back allow.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADAPTERS } from '../../../src/agents';
import { runHook } from '../../../src/agents/hook';
import type { AgentAdapter, HookInput } from '../../../src/agents/types';
import { parseRequest } from '../../../src/bridge/protocol';
import { offlineVerdict } from '../../../src/cli/offline';
import type { EditorQuestion } from '../../../src/bridge/client';
import { analyzeFor, looksWindows, prepareFor, shellOfName, terminalShell } from '../../../src/engine/shells';

const WIN_CWD = 'C:\\Users\\User\\code\\capture-test';

function copilot(command: string, toolName = 'powershell', cwd = WIN_CWD): string {
	return JSON.stringify({ sessionId: 's', timestamp: 1788992290306, cwd, toolName, toolArgs: { command, description: 'd', mode: 'sync', initial_wait: 10 } });
}

function shellOf(input: HookInput): string | undefined {
	assert.equal(input.kind, 'command');
	return input.kind === 'command' ? input.shell : undefined;
}

describe('agent hooks know the shell', () => {
	it('Copilot CLI\'s powershell tool (toolArgs as an object or a JSON string) is PowerShell', () => {
		assert.equal(shellOf(ADAPTERS.vscode.parse(copilot('Remove-Item x'))), 'powershell');
		const stringArgs = JSON.stringify({ cwd: WIN_CWD, toolName: 'powershell', toolArgs: JSON.stringify({ command: 'Remove-Item x' }) });
		assert.equal(shellOf(ADAPTERS.vscode.parse(stringArgs)), 'powershell');
	});

	it('Claude Code\'s PowerShell tool is PowerShell; its Bash tool stays bash even on Windows (Git Bash)', () => {
		const claude = (tool: string) => JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: tool, tool_input: { command: 'x' }, cwd: WIN_CWD });
		assert.equal(shellOf(ADAPTERS['claude-code'].parse(claude('PowerShell'))), 'powershell');
		assert.equal(shellOf(ADAPTERS['claude-code'].parse(claude('Bash'))), undefined);
	});

	it('a shell field in the tool input names the shell', () => {
		const input = JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'run_in_terminal', tool_input: { command: 'del /s /q build', shell: 'cmd.exe' }, cwd: '/home/u/p' });
		assert.equal(shellOf(ADAPTERS.vscode.parse(input)), 'cmd');
	});

	it('VS Code, Gemini CLI and Cursor on Windows (a C:\\ working directory) judge the line as every Windows shell', () => {
		const vscode = JSON.stringify({ hookEventName: 'PreToolUse', tool_name: 'run_in_terminal', tool_input: { command: 'x', explanation: 'e', isBackground: false }, cwd: WIN_CWD });
		assert.equal(shellOf(ADAPTERS.vscode.parse(vscode)), 'windows');
		const gemini = JSON.stringify({ hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'x' }, cwd: WIN_CWD });
		assert.equal(shellOf(ADAPTERS.gemini.parse(gemini)), 'windows');
		const cursor = JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'x', cwd: WIN_CWD, workspace_roots: [WIN_CWD] });
		assert.equal(shellOf(ADAPTERS.cursor.parse(cursor)), 'windows');
	});

	it('the same agents on Linux or macOS keep a POSIX shell', () => {
		const vscode = JSON.stringify({ hookEventName: 'PreToolUse', tool_name: 'run_in_terminal', tool_input: { command: 'x' }, cwd: '/home/u/p' });
		assert.equal(shellOf(ADAPTERS.vscode.parse(vscode)), undefined);
		assert.equal(shellOf(ADAPTERS.vscode.parse(copilot('rm -rf x', 'bash', '/home/u/p'))), undefined);
	});

	it('shell names and Windows directories', () => {
		assert.equal(shellOfName('C:\\Program Files\\PowerShell\\7\\pwsh.exe'), 'powershell');
		assert.equal(shellOfName('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'), 'powershell');
		assert.equal(shellOfName('/usr/bin/pwsh'), 'powershell');
		assert.equal(shellOfName('C:\\Windows\\System32\\cmd.exe'), 'cmd');
		assert.equal(shellOfName('/bin/zsh'), 'bash');
		assert.equal(shellOfName('nu'), undefined);
		assert.equal(terminalShell('/usr/bin/pwsh'), 'powershell');
		assert.equal(terminalShell('/bin/bash'), undefined);
		assert.ok(looksWindows('C:\\x') && looksWindows('d:/x') && looksWindows('\\\\server\\share'));
		assert.ok(!looksWindows('/home/u') && !looksWindows(undefined) && !looksWindows('C:x'));
	});

	it('the bridge carries the shell, and refuses a shell it does not know', () => {
		const base = { v: 1, secret: 's', kind: 'confirm', line: 'x', cwd: '/', agent: 'vscode' };
		const ok = parseRequest(JSON.stringify({ ...base, shell: 'powershell' }));
		assert.ok(typeof ok !== 'string' && ok.shell === 'powershell');
		assert.equal(typeof parseRequest(JSON.stringify({ ...base, shell: 'nushell' })), 'string');
	});
});

describe('the hook judges a Windows agent\'s line as PowerShell', () => {
	let home: string;
	before(() => {
		home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-hook-shell-'));
	});
	after(() => fs.rmSync(home, { recursive: true, force: true }));

	async function hook(adapter: AgentAdapter, stdin: string): Promise<{ exitCode: number; asked: EditorQuestion[] }> {
		const asked: EditorQuestion[] = [];
		const reply = await runHook(adapter, stdin, {
			ask: async (q) => {
				asked.push(q);
				return { outcome: 'unreachable', reason: 'no editor in this test' };
			},
			localVerdict: (line, _cwd, shell) => offlineVerdict(line, home, home, shell),
			timeoutMs: 1000,
		});
		return { exitCode: reply.exitCode, asked };
	}

	for (const command of ['Set-Content $env:USERPROFILE\\.ssh\\authorized_keys "ssh-ed25519 AAAA"', 'Get-ChildItem C:\\logs | Remove-Item -Recurse']) {
		it(`Copilot CLI's powershell tool: ${command} is refused without an editor, and the editor is told the shell`, async () => {
			const { exitCode, asked } = await hook(ADAPTERS.vscode, copilot(command));
			assert.equal(exitCode, 2);
			assert.equal(asked[0]?.shell, 'powershell');
		});

		it(`VS Code on Windows (shell not named): ${command} is refused without an editor`, async () => {
			const stdin = JSON.stringify({ hookEventName: 'PreToolUse', tool_name: 'run_in_terminal', tool_input: { command }, cwd: WIN_CWD });
			const { exitCode, asked } = await hook(ADAPTERS.vscode, stdin);
			assert.equal(exitCode, 2);
			assert.equal(asked[0]?.shell, 'windows');
		});
	}

	it('a harmless PowerShell line gets no decision', async () => {
		const { exitCode } = await hook(ADAPTERS.vscode, copilot('Get-ChildItem C:\\logs'));
		assert.equal(exitCode, 0);
	});

	it('"windows" takes the strictest of bash, PowerShell and cmd', async () => {
		const ctx = { cwd: home, workspaceFolders: [home], home, env: {} };
		// PowerShell-only meaning: the bash reading of this line deletes nothing it can name.
		const line = 'gci C:\\logs | ri -Recurse';
		await prepareFor(line, ctx, 'windows');
		assert.equal(analyzeFor(line, ctx, 'bash').decision, 'allow');
		assert.notEqual(analyzeFor(line, ctx, 'windows').decision, 'allow');
		// bash-only meaning stays caught too.
		const bash = 'rm -rf ~/.ssh';
		await prepareFor(bash, ctx, 'windows');
		assert.notEqual(analyzeFor(bash, ctx, 'windows').decision, 'allow');
	});
});

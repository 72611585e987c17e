/**
 * `terminal-guard hook claude-code` as Claude Code runs it, for the editor suites: a separate process with
 * only PATH and HOME, started outside the workspace, given Claude Code's PreToolUse input for `command`
 * run in `cwd` (test/fixtures/agents/claude-code/git-status.json with the command and folder replaced).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface HookResult {
	readonly status: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

/** `root`: the tree holding test/fixtures; `bin`: the `terminal-guard` to run. */
export function runClaudeHook({ root, bin, command, cwd, home = os.homedir() }: { root: string; bin: string; command: string; cwd: string; home?: string }): Promise<HookResult> {
	const input = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'agents', 'claude-code', 'git-status.json'), 'utf8'));
	input.cwd = cwd;
	input.tool_input.command = command;
	const child = spawn(process.execPath, [bin, 'hook', 'claude-code'], { cwd: os.tmpdir(), env: { PATH: process.env.PATH ?? '', HOME: home } });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (c) => (stdout += c));
	child.stderr.on('data', (c) => (stderr += c));
	child.stdin.end(JSON.stringify(input));
	return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

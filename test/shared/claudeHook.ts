/**
 * `terminal-guard hook claude-code` as Claude Code runs it, for the editor suites: a separate process with
 * only PATH and HOME, started outside the workspace, given Claude Code's PreToolUse input for `command`
 * run in `cwd` (test/fixtures/agents/claude-code/git-status.json with the command and folder replaced).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type NodeRun, runNode } from './process';

export type HookResult = NodeRun;

/** `root`: the tree holding test/fixtures; `bin`: the `terminal-guard` to run. */
export function runClaudeHook({ root, bin, command, cwd, home = os.homedir() }: { root: string; bin: string; command: string; cwd: string; home?: string }): Promise<HookResult> {
	const input = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'agents', 'claude-code', 'git-status.json'), 'utf8'));
	input.cwd = cwd;
	input.tool_input.command = command;
	return runNode([bin, 'hook', 'claude-code'], { input: JSON.stringify(input), home });
}

/**
 * The Claude Code PreToolUse protocol, which VS Code's agent hooks and Codex follow too:
 * stdin `{hook_event_name|hookEventName, tool_name, tool_input: {command}, cwd, …}`; stdout
 * `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":…,"permissionDecisionReason":…}}`.
 * A deny is given twice — that JSON, and exit 2 with the reason on stderr (which blocks even where
 * the JSON is not read) — so either way the command does not run.
 */
import * as path from 'path';
import { commandText, type HookDecision, type HookInput, type HookReply, parseObject, stringField } from './types';

/** Tool names that run a shell command, lower-cased: Claude's `Bash`, VS Code's `run_in_terminal`. */
const SHELL_TOOLS = new Set(['bash', 'run_in_terminal']);

export function parseClaudeStyle(stdin: string): HookInput {
	const input = parseObject(stdin);
	if (typeof input === 'string') {
		return { kind: 'malformed', problem: input };
	}
	const event = stringField(input, 'hook_event_name') ?? stringField(input, 'hookEventName');
	if (event !== undefined && event !== 'PreToolUse') {
		return { kind: 'not-a-command' };
	}
	const tool = stringField(input, 'tool_name') ?? stringField(input, 'toolName');
	if (tool === undefined) {
		return { kind: 'malformed', problem: 'the hook input names no tool ("tool_name")' };
	}
	if (!SHELL_TOOLS.has(tool.toLowerCase())) {
		return { kind: 'not-a-command' };
	}
	const toolInput = input.tool_input ?? input.toolInput;
	const command = commandText(typeof toolInput === 'object' && toolInput !== null ? (toolInput as Record<string, unknown>).command : undefined);
	if (command === undefined) {
		return { kind: 'malformed', problem: `the ${tool} call has no "tool_input.command" string` };
	}
	const cwd = stringField(input, 'cwd');
	return { kind: 'command', command, cwd: cwd && path.isAbsolute(cwd) ? cwd : process.cwd() };
}

export function replyClaudeStyle(decision: HookDecision): HookReply {
	if (decision.kind === 'none') {
		return { stdout: '', stderr: '', exitCode: 0 };
	}
	const stdout = JSON.stringify({
		hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision.kind, permissionDecisionReason: decision.reason },
	}) + '\n';
	return decision.kind === 'allow' ? { stdout, stderr: '', exitCode: 0 } : { stdout, stderr: decision.reason + '\n', exitCode: 2 };
}

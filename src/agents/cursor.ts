/**
 * Cursor (`.cursor/hooks.json`, `~/.cursor/hooks.json` → hooks.beforeShellExecution, with
 * `failClosed: true`). stdin `{command, cwd, workspace_roots, hook_event_name, …}`; stdout
 * `{"continue":true,"permission":"allow"|"deny","user_message","agent_message"}`; exit 2 denies.
 * Only `deny` is reported to be honoured in every run mode, so a deny is also exit 2. With no opinion
 * we print `{"continue":true}` without a permission, leaving Cursor's own approval in charge
 * (printing nothing could be refused under failClosed).
 */
import * as path from 'path';
import { otherTools } from './otherToolsLazy';
import { type AgentAdapter, commandText, hookShell, type HookDecision, type HookInput, type HookReply, parseObject, stringField } from './types';

function parse(stdin: string): HookInput {
	const input = parseObject(stdin);
	if (typeof input === 'string') {
		return { kind: 'malformed', problem: input };
	}
	const event = stringField(input, 'hook_event_name');
	const roots = Array.isArray(input.workspace_roots) ? input.workspace_roots.filter((r): r is string => typeof r === 'string') : [];
	const given = stringField(input, 'cwd');
	const cwd = given && path.isAbsolute(given) ? given : roots.find((r) => path.isAbsolute(r)) ?? process.cwd();
	if (event === 'preToolUse') {
		// Newer Cursor versions: a hook before every tool (`tool_name`, `tool_input`), also its file edits (Write, StrReplace, Delete).
		const tool = stringField(input, 'tool_name');
		if (tool === undefined) {
			return { kind: 'malformed', problem: 'the preToolUse input names no tool ("tool_name")' };
		}
		const toolInput = input.tool_input;
		const object = typeof toolInput === 'object' && toolInput !== null && !Array.isArray(toolInput) ? toolInput as Record<string, unknown> : undefined;
		const command = /^(?:shell|bash|terminal|run_terminal_cmd|powershell|pwsh|cmd)$/i.test(tool) ? commandText(object?.command) : undefined;
		if (command !== undefined) {
			const shell = hookShell(tool, object, given ?? roots[0]);
			return { kind: 'command', command, cwd, ...(shell ? { shell } : {}) };
		}
		const read = otherTools().readTool(tool, object, cwd);
		const shell = read?.kind === 'command' ? hookShell(undefined, undefined, given ?? roots[0]) : undefined;
		return read && shell && read.kind === 'command' ? { ...read, shell } : read ?? { kind: 'not-a-command' };
	}
	if (event !== undefined && event !== 'beforeShellExecution') {
		return { kind: 'not-a-command' };
	}
	const command = stringField(input, 'command');
	if (command === undefined) {
		return { kind: 'malformed', problem: 'the beforeShellExecution input has no "command" string' };
	}
	// On Windows Cursor's agent runs commands in PowerShell (or the shell it is set to, not named here).
	const shell = hookShell(undefined, input, given ?? roots[0]);
	return { kind: 'command', command, cwd, ...(shell ? { shell } : {}) };
}

function reply(decision: HookDecision): HookReply {
	if (decision.kind === 'none') {
		return { stdout: '{"continue":true}\n', stderr: '', exitCode: 0 };
	}
	const stdout = JSON.stringify({ continue: true, permission: decision.kind, user_message: decision.reason, agent_message: decision.reason }) + '\n';
	return decision.kind === 'allow' ? { stdout, stderr: '', exitCode: 0 } : { stdout, stderr: decision.reason + '\n', exitCode: 2 };
}

export const cursor: AgentAdapter = { id: 'cursor', name: 'Cursor\'s agent', parse, reply };

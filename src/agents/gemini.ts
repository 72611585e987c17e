/**
 * Gemini CLI (`settings.json` → hooks.BeforeTool, every tool; `run_shell_command` is the shell, and
 * `write_file`/`replace` and other tools are read by toolInput.ts). stdin
 * `{hook_event_name:"BeforeTool", tool_name, tool_input:{command, dir_path?}, cwd, …}`; stdout
 * `{"decision":"allow"|"deny","reason"}`; exit 2 blocks with stderr as the reason. stdout must hold
 * nothing but JSON, so "no opinion" is `{}`.
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
	if (event !== undefined && event !== 'BeforeTool') {
		return { kind: 'not-a-command' };
	}
	const tool = stringField(input, 'tool_name');
	if (tool === undefined) {
		return { kind: 'malformed', problem: 'the hook input names no tool ("tool_name")' };
	}
	const toolInput = input.tool_input;
	const given = stringField(input, 'cwd');
	const base = given && path.isAbsolute(given) ? given : process.cwd();
	if (tool !== 'run_shell_command') {
		// write_file, replace, MCP tools…: file edits and command-like fields (toolInput.ts).
		const object = typeof toolInput === 'object' && toolInput !== null && !Array.isArray(toolInput) ? toolInput as Record<string, unknown> : undefined;
		const read = otherTools().readTool(tool, object, base);
		const shell = read?.kind === 'command' ? hookShell(undefined, undefined, given) : undefined;
		return read && shell && read.kind === 'command' ? { ...read, shell } : read ?? { kind: 'not-a-command' };
	}
	const command = commandText(typeof toolInput === 'object' && toolInput !== null ? (toolInput as Record<string, unknown>).command : undefined);
	if (command === undefined) {
		return { kind: 'malformed', problem: 'the run_shell_command call has no "tool_input.command" string' };
	}
	// The tool may run in a subdirectory of the project (`dir_path`, formerly `directory`).
	const dir = stringField(toolInput, 'dir_path') ?? stringField(toolInput, 'directory');
	// On Windows Gemini CLI runs the command with PowerShell (older versions: cmd.exe).
	const shell = hookShell(tool, toolInput, given);
	return { kind: 'command', command, cwd: dir ? path.resolve(base, dir) : base, ...(shell ? { shell } : {}) };
}

function reply(decision: HookDecision): HookReply {
	if (decision.kind === 'none') {
		return { stdout: '{}\n', stderr: '', exitCode: 0 };
	}
	const stdout = JSON.stringify({ decision: decision.kind, reason: decision.reason }) + '\n';
	return decision.kind === 'allow' ? { stdout, stderr: '', exitCode: 0 } : { stdout, stderr: decision.reason + '\n', exitCode: 2 };
}

export const gemini: AgentAdapter = { id: 'gemini', name: 'Gemini CLI', parse, reply };

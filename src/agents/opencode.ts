/**
 * OpenCode (`opencode-ai`). OpenCode has no command hooks; its plugins (JS files in
 * `~/.config/opencode/plugins/` or `.opencode/plugins/`) get `tool.execute.before` with
 * `{tool, sessionID, callID}` and the tool's `{args}`, and a throw there stops the tool: the model is
 * told the error's message. Terminal Guard's plugin (install/opencodePlugin.ts) sends every tool call
 * here as `{hook_event_name:"tool.execute.before", tool_name, tool_input, cwd, session_id, call_id}` and
 * throws unless this answers exit 0 without a deny. `bash` is the shell tool (`{command, workdir?,
 * timeout?, description}`); `edit`, `write`, `apply_patch` (`patchText`) and others go to toolInput.ts.
 *
 * Answers as Gemini's: stdout `{}` for no opinion, `{"decision":"deny","reason"}` and exit 2 (the
 * reason on stderr too) for a refusal, `{"decision":"allow","reason"}` once a person typed the name.
 * The plugin only stops or lets go: OpenCode's own permission rules (`permission.bash`) still apply.
 */
import * as path from 'path';
import { otherTools } from './otherToolsLazy';
import { type AgentAdapter, commandText, hookShell, type HookDecision, type HookInput, type HookReply, parseObject, stringField } from './types';

function asObject(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
}

function parse(stdin: string): HookInput {
	const input = parseObject(stdin);
	if (typeof input === 'string') {
		return { kind: 'malformed', problem: input };
	}
	const event = stringField(input, 'hook_event_name');
	if (event !== undefined && event !== 'tool.execute.before') {
		return { kind: 'not-a-command' };
	}
	const tool = stringField(input, 'tool_name');
	if (tool === undefined) {
		return { kind: 'malformed', problem: 'the hook input names no tool ("tool_name")' };
	}
	const toolInput = asObject(input.tool_input);
	const given = stringField(input, 'cwd');
	const base = given && path.isAbsolute(given) ? given : process.cwd();
	if (tool.toLowerCase() !== 'bash') {
		const read = otherTools().readTool(tool, toolInput, base);
		const shell = read?.kind === 'command' ? hookShell(undefined, undefined, given) : undefined;
		return read && shell && read.kind === 'command' ? { ...read, shell } : read ?? { kind: 'not-a-command' };
	}
	const command = commandText(toolInput?.command);
	if (command === undefined) {
		return { kind: 'malformed', problem: 'the bash call has no "command" string' };
	}
	// The bash tool may run in another folder (`workdir`, absolute or relative to the project).
	const workdir = stringField(toolInput, 'workdir');
	const shell = hookShell(tool, toolInput, given);
	return { kind: 'command', command, cwd: workdir ? path.resolve(base, workdir) : base, ...(shell ? { shell } : {}) };
}

function reply(decision: HookDecision): HookReply {
	if (decision.kind === 'none') {
		return { stdout: '{}\n', stderr: '', exitCode: 0 };
	}
	const stdout = JSON.stringify({ decision: decision.kind, reason: decision.reason }) + '\n';
	return decision.kind === 'allow' ? { stdout, stderr: '', exitCode: 0 } : { stdout, stderr: decision.reason + '\n', exitCode: 2 };
}

export const opencode: AgentAdapter = { id: 'opencode', name: 'OpenCode', parse, reply };

/**
 * The Claude Code PreToolUse protocol, which VS Code's agent hooks and Codex follow too:
 * stdin `{hook_event_name|hookEventName, tool_name, tool_input: {command}, cwd, …}`; stdout
 * `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":…,"permissionDecisionReason":…}}`.
 * A deny is given twice — that JSON, and exit 2 with the reason on stderr (which blocks even where
 * the JSON is not read) — so either way the command does not run.
 *
 * Event names are compared without case: VS Code's hook API and Copilot CLI send `preToolUse`.
 * VS Code's agent runs shell commands through several tools (shapes in test/fixtures/agents/vscode/):
 *   run_in_terminal      `{command, explanation, isBackground}`
 *   send_to_terminal     `{id, command}` — text typed into a running terminal, followed by Enter
 *   create_and_run_task  `{workspaceFolder, task: {label, type: "shell", command, args?}}`
 *   run_task             `{workspaceFolder, id}` — a task by label; its command is read from
 *                        `<workspaceFolder>/.vscode/tasks.json` (with its `dependsOn` tasks) or, for
 *                        `npm: x`, package.json (tasks.ts). A task whose command cannot be seen (defined
 *                        by an extension or in user tasks, or using a variable only the editor knows) is refused.
 * Every other tool goes to toolInput.ts: file-editing tools become file edits, and an unknown tool with
 * a command-like field in its input is judged as that command.
 */
import * as path from 'path';
import { otherTools } from './otherToolsLazy';
import { commandText, hookShell, type HookDecision, type HookInput, type HookReply, parseObject, stringField } from './types';

/**
 * Tool names whose input holds the command, lower-cased: Claude's `Bash` and `PowerShell` (Windows),
 * VS Code's terminal tools, Copilot CLI's `powershell` (its shell tool on Windows).
 */
const COMMAND_TOOLS = new Set(['bash', 'run_in_terminal', 'send_to_terminal', 'powershell', 'pwsh', 'cmd']);

function asObject(value: unknown): Record<string, unknown> | undefined {
	if (typeof value === 'string') {
		// Copilot CLI sends its tool arguments as a JSON string (`toolArgs`).
		try {
			value = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
}

function absolute(dir: string | undefined, fallback: string): string {
	return dir && path.isAbsolute(dir) ? dir : fallback;
}

export function parseClaudeStyle(stdin: string): HookInput {
	const input = parseObject(stdin);
	if (typeof input === 'string') {
		return { kind: 'malformed', problem: input };
	}
	const event = stringField(input, 'hook_event_name') ?? stringField(input, 'hookEventName');
	if (event !== undefined && event.toLowerCase() !== 'pretooluse') {
		return { kind: 'not-a-command' };
	}
	const tool = stringField(input, 'tool_name') ?? stringField(input, 'toolName');
	if (tool === undefined) {
		return { kind: 'malformed', problem: 'the hook input names no tool ("tool_name")' };
	}
	const name = tool.toLowerCase();
	const toolInput = asObject(input.tool_input ?? input.toolInput ?? input.toolArgs);
	const cwd = absolute(stringField(input, 'cwd'), process.cwd());
	if (COMMAND_TOOLS.has(name)) {
		const command = commandText(toolInput?.command ?? (name === 'send_to_terminal' ? toolInput?.text : undefined));
		if (command === undefined) {
			return { kind: 'malformed', problem: `the ${tool} call has no "tool_input.command" string` };
		}
		const shell = hookShell(tool, toolInput, stringField(input, 'cwd'));
		return { kind: 'command', command, cwd, ...(shell ? { shell } : {}) };
	}
	if (name === 'create_and_run_task') {
		const task = asObject(toolInput?.task);
		const folder = absolute(stringField(toolInput, 'workspaceFolder'), cwd);
		const { taskCommand, TaskProblem } = otherTools();
		const command = task ? taskCommand(task, { folder, env: process.env }) : undefined;
		if (command === undefined) {
			return { kind: 'malformed', problem: `the ${tool} call has no "tool_input.task.command" string` };
		}
		if (command instanceof TaskProblem) {
			return { kind: 'malformed', problem: `the ${tool} call cannot be checked: ${command.problem}` };
		}
		return onWindows({ kind: 'command', command, cwd: folder }, input);
	}
	if (name === 'run_task') {
		const id = stringField(toolInput, 'id') ?? stringField(toolInput, 'label') ?? stringField(toolInput, 'task');
		if (id === undefined) {
			return { kind: 'malformed', problem: `the ${tool} call names no task ("tool_input.id")` };
		}
		const folder = absolute(stringField(toolInput, 'workspaceFolder'), cwd);
		const { resolveTask, TaskProblem } = otherTools();
		const task = resolveTask(id, { folder, env: process.env });
		if (task instanceof TaskProblem) {
			return { kind: 'malformed', problem: task.problem };
		}
		return task.commands.length === 0 ? { kind: 'not-a-command' } : onWindows({ kind: 'command', command: task.commands.join('\n'), cwd: task.cwd }, input);
	}
	return onWindows(otherTools().readTool(tool, toolInput, cwd) ?? { kind: 'not-a-command' }, input);
}

/** A command an agent runs on Windows (its `cwd` is `C:\\…`) in a shell it does not name: judged as each Windows shell. */
function onWindows(result: HookInput, input: Record<string, unknown>): HookInput {
	const shell = result.kind === 'command' && result.shell === undefined ? hookShell(undefined, undefined, stringField(input, 'cwd')) : undefined;
	return shell && result.kind === 'command' ? { ...result, shell } : result;
}

export function replyClaudeStyle(decision: HookDecision): HookReply {
	if (decision.kind === 'none') {
		return { stdout: '', stderr: '', exitCode: 0 };
	}
	const changed = decision.kind === 'allow' && decision.command !== undefined ? { updatedInput: { command: decision.command } } : {};
	const stdout = JSON.stringify({
		hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision.kind, permissionDecisionReason: decision.reason, ...changed },
	}) + '\n';
	return decision.kind === 'allow' ? { stdout, stderr: '', exitCode: 0 } : { stdout, stderr: decision.reason + '\n', exitCode: 2 };
}

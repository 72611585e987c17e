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
 *                        `<workspaceFolder>/.vscode/tasks.json` (with its `dependsOn` tasks). A task
 *                        defined elsewhere (npm scripts, extensions, user tasks) shows no command: no decision.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseJsonc } from 'jsonc-parser';
import { commandText, type HookDecision, type HookInput, type HookReply, parseObject, stringField } from './types';

/** Tool names whose input holds the command, lower-cased: Claude's `Bash`, VS Code's terminal tools. */
const COMMAND_TOOLS = new Set(['bash', 'run_in_terminal', 'send_to_terminal']);

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

/** A tasks.json word: a string or `{value, quoting}`. */
function taskWord(value: unknown): string | undefined {
	if (typeof value === 'string') {
		return value;
	}
	const object = asObject(value);
	const inner = object?.value;
	return typeof inner === 'string' ? inner : Array.isArray(inner) && inner.every((w) => typeof w === 'string') ? inner.join(' ') : undefined;
}

const MAX_TASKS_JSON_BYTES = 4 * 1024 * 1024;

const PLATFORM_KEY: Partial<Record<NodeJS.Platform, string>> = { win32: 'windows', linux: 'linux', darwin: 'osx' };

/**
 * A task's command line: command and args joined with spaces, unquoted — so shell characters in an
 * argument count as live (the stricter reading). The current platform's override wins.
 */
function taskCommand(task: Record<string, unknown>): string | undefined {
	const override = asObject(task[PLATFORM_KEY[process.platform] ?? '']);
	const command = taskWord(override?.command ?? task.command);
	if (command === undefined) {
		return undefined;
	}
	const args = override?.args ?? task.args;
	const words = Array.isArray(args) ? args.map(taskWord).filter((w): w is string => w !== undefined) : [];
	return [command, ...words].join(' ');
}

/** The task labelled `id` (also "<type>: <label>") in the folder's .vscode/tasks.json, with its dependsOn tasks. */
function tasksJsonCommands(folder: string, id: string): string[] {
	const file = path.join(folder, '.vscode', 'tasks.json');
	let text: string;
	try {
		// Only a regular file of sane size: a FIFO or device there would hang the hook past the agent's timeout.
		const stat = fs.statSync(file);
		if (!stat.isFile() || stat.size > MAX_TASKS_JSON_BYTES) {
			return [];
		}
		text = fs.readFileSync(file, 'utf8');
	} catch {
		return [];
	}
	const tasks = asObject(parseJsonc(text, [], { allowTrailingComma: true }))?.tasks;
	if (!Array.isArray(tasks)) {
		return [];
	}
	const byLabel = new Map<string, Record<string, unknown>>();
	for (const entry of tasks) {
		const task = asObject(entry);
		const label = task ? stringField(task, 'label') ?? stringField(task, 'taskName') : undefined;
		if (task && label !== undefined && !byLabel.has(label)) {
			byLabel.set(label, task);
		}
	}
	const find = (name: string) => byLabel.get(name) ?? byLabel.get(name.replace(/^[\w.-]+:\s*/, ''));
	const commands: string[] = [];
	const seen = new Set<Record<string, unknown>>();
	const visit = (name: string) => {
		const task = find(name);
		if (!task || seen.has(task)) {
			return;
		}
		seen.add(task);
		const dependsOn = Array.isArray(task.dependsOn) ? task.dependsOn : [task.dependsOn];
		for (const dependency of dependsOn) {
			if (typeof dependency === 'string') {
				visit(dependency);
			}
		}
		const command = taskCommand(task);
		if (command !== undefined) {
			commands.push(command);
		}
	};
	visit(id);
	return commands;
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
		return { kind: 'command', command, cwd };
	}
	if (name === 'create_and_run_task') {
		const task = asObject(toolInput?.task);
		const command = task ? taskCommand(task) : undefined;
		if (command === undefined) {
			return { kind: 'malformed', problem: `the ${tool} call has no "tool_input.task.command" string` };
		}
		return { kind: 'command', command, cwd: absolute(stringField(toolInput, 'workspaceFolder'), cwd) };
	}
	if (name === 'run_task') {
		const id = stringField(toolInput, 'id') ?? stringField(toolInput, 'label');
		const folder = absolute(stringField(toolInput, 'workspaceFolder'), cwd);
		const commands = id === undefined ? [] : tasksJsonCommands(folder, id);
		return commands.length === 0 ? { kind: 'not-a-command' } : { kind: 'command', command: commands.join('\n'), cwd: folder };
	}
	return { kind: 'not-a-command' };
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

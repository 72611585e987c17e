/**
 * What the scripted model does, whatever wire format it speaks: the first turn asks for the shell tool
 * with `command`; once the agent sends a tool result back, the model records that text and ends the task.
 * The formats (anthropic.ts, openai.ts, gemini.ts) only translate to and from this.
 */

/** One tool the agent offered the model: its name and the JSON schema of its input. */
export interface OfferedTool {
	readonly name: string;
	readonly parameters?: unknown;
}

/** A tool call the model makes: the tool's name and its input. */
export interface ToolCall {
	readonly tool: string;
	readonly input: Record<string, unknown>;
}

export interface Script {
	/** The command line the model asks the agent to run. Read at every request, so a test may change it between tasks. */
	readonly command: string;
	/** The text the model ends the task with. */
	readonly finalText?: string;
	/**
	 * Calls after the first, each made from the result the agent reported for the one before (e.g. VS Code's
	 * `send_to_terminal` with the terminal id `run_in_terminal` returned); the task ends after the last.
	 */
	readonly then?: readonly ((previousResult: string) => ToolCall)[];
}

/** What one request was and what the model answered, for the test to read. */
export interface Exchange {
	readonly format: 'anthropic' | 'openai-responses' | 'openai-chat' | 'gemini';
	readonly path: string;
	readonly streamed: boolean;
	/** The tools the request offered. */
	readonly tools: readonly string[];
	/** Tool results the request carried back (the text the agent reported), in order. */
	readonly toolResults: readonly string[];
	/** What the model answered: a tool call (with the tool and its input) or the end of the task. */
	readonly answer: { readonly kind: 'tool'; readonly tool: string; readonly input: Record<string, unknown> } | { readonly kind: 'text'; readonly text: string };
}

/**
 * Tool names that run a shell command, in the agents we drive: Claude Code, Copilot CLI, Codex, Gemini CLI,
 * and VS Code's own agent (Copilot Chat's agent mode offers VS Code's `run_in_terminal`).
 */
const SHELL_TOOLS = ['Bash', 'bash', 'shell', 'exec_command', 'shell_command', 'local_shell', 'run_shell_command', 'run_in_terminal'];

export function shellTool(tools: readonly OfferedTool[]): OfferedTool | undefined {
	for (const name of SHELL_TOOLS) {
		const tool = tools.find((t) => t.name === name);
		if (tool) {
			return tool;
		}
	}
	return undefined;
}

interface PropertySchema {
	readonly type?: unknown;
	readonly enum?: readonly unknown[];
}

function properties(schema: unknown): Record<string, PropertySchema> {
	const props = typeof schema === 'object' && schema !== null ? (schema as { properties?: unknown }).properties : undefined;
	return typeof props === 'object' && props !== null ? props as Record<string, PropertySchema> : {};
}

function required(schema: unknown): string[] {
	const list = typeof schema === 'object' && schema !== null ? (schema as { required?: unknown }).required : undefined;
	return Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string') : [];
}

/**
 * A value for a required field the script has no opinion on, by its schema: the first of an enum
 * (VS Code's run_in_terminal `mode`: "sync"), a short text, false, 0. An agent rejects a call that
 * lacks a required field before any hook sees it.
 */
function filler(name: string, schema: PropertySchema | undefined): unknown {
	if (Array.isArray(schema?.enum) && schema.enum.length > 0) {
		return schema.enum[0];
	}
	const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
	return type === 'boolean' ? false : type === 'number' || type === 'integer' ? 0 : `The ${name} of this step: what the user asked for.`;
}

/**
 * The input for a shell tool, shaped by its schema: `{cmd}` (Codex's exec_command), an argv
 * `{command: ["bash", "-lc", line]}` (Codex's shell), else `{command: line}`; plus a filler for every
 * other required field (VS Code's run_in_terminal requires `explanation`, `goal` and `mode`).
 */
export function shellInput(tool: OfferedTool, command: string): Record<string, unknown> {
	const props = properties(tool.parameters);
	const input: Record<string, unknown> = {};
	for (const name of required(tool.parameters)) {
		input[name] = filler(name, props[name]);
	}
	if ('cmd' in props && !('command' in props)) {
		return { ...input, cmd: command };
	}
	const type = props.command?.type;
	if (type === 'array' || (Array.isArray(type) && type.includes('array'))) {
		return { ...input, command: ['bash', '-lc', command] };
	}
	return { ...input, command };
}

/**
 * The model's turn: a tool call when the agent offers a shell tool and has reported nothing yet, then the
 * script's `then` calls one per reported result, else the end.
 */
export function decide(script: Script, tools: readonly OfferedTool[], toolResults: readonly string[]): Exchange['answer'] {
	const tool = shellTool(tools);
	if (tool && toolResults.length === 0) {
		return { kind: 'tool', tool: tool.name, input: shellInput(tool, script.command) };
	}
	const next = tool ? script.then?.[toolResults.length - 1] : undefined;
	if (next) {
		const call = next(toolResults[toolResults.length - 1]);
		return { kind: 'tool', tool: call.tool, input: call.input };
	}
	return { kind: 'text', text: script.finalText ?? 'Done.' };
}

/** The text of a tool result in any of the shapes the formats use: a string, content blocks, or an object. */
export function resultText(value: unknown): string {
	if (typeof value === 'string') {
		return value;
	}
	if (Array.isArray(value)) {
		return value.map(resultText).join('\n');
	}
	if (typeof value === 'object' && value !== null) {
		const object = value as Record<string, unknown>;
		for (const key of ['text', 'output', 'content', 'error', 'llmContent']) {
			if (key in object) {
				return resultText(object[key]);
			}
		}
		return JSON.stringify(value);
	}
	return value === undefined || value === null ? '' : String(value);
}

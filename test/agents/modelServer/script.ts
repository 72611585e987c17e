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

export interface Script {
	/** The command line the model asks the agent to run. */
	readonly command: string;
	/** The text the model ends the task with. */
	readonly finalText?: string;
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

/** Tool names that run a shell command, in the agents we drive: Claude Code, Copilot CLI, Codex, Gemini CLI. */
const SHELL_TOOLS = ['Bash', 'bash', 'shell', 'exec_command', 'shell_command', 'local_shell', 'run_shell_command'];

export function shellTool(tools: readonly OfferedTool[]): OfferedTool | undefined {
	for (const name of SHELL_TOOLS) {
		const tool = tools.find((t) => t.name === name);
		if (tool) {
			return tool;
		}
	}
	return undefined;
}

function properties(schema: unknown): Record<string, { type?: unknown }> {
	const props = typeof schema === 'object' && schema !== null ? (schema as { properties?: unknown }).properties : undefined;
	return typeof props === 'object' && props !== null ? props as Record<string, { type?: unknown }> : {};
}

/**
 * The input for a shell tool, shaped by its schema: `{cmd}` (Codex's exec_command), an argv
 * `{command: ["bash", "-lc", line]}` (Codex's shell), else `{command: line}`.
 */
export function shellInput(tool: OfferedTool, command: string): Record<string, unknown> {
	const props = properties(tool.parameters);
	if ('cmd' in props && !('command' in props)) {
		return { cmd: command };
	}
	const type = props.command?.type;
	if (type === 'array' || (Array.isArray(type) && type.includes('array'))) {
		return { command: ['bash', '-lc', command] };
	}
	return { command };
}

/** The model's turn: a tool call when the agent offers a shell tool and has reported nothing yet, else the end. */
export function decide(script: Script, tools: readonly OfferedTool[], toolResults: readonly string[]): Exchange['answer'] {
	const tool = shellTool(tools);
	if (tool && toolResults.length === 0) {
		return { kind: 'tool', tool: tool.name, input: shellInput(tool, script.command) };
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

/**
 * Anthropic Messages (`POST /v1/messages`), as Claude Code and Copilot CLI's BYOK `anthropic`
 * provider call it: JSON, or server-sent events when the request says `"stream": true`.
 */
import type * as http from 'node:http';
import { sendEvents, sendJson } from './http';
import { decide, type Exchange, type OfferedTool, resultText, type Script } from './script';

interface Request {
	readonly model?: string;
	readonly stream?: boolean;
	readonly tools?: readonly { name?: string; input_schema?: unknown }[];
	readonly messages?: readonly { role?: string; content?: unknown }[];
}

export function matches(method: string, pathname: string): boolean {
	return method === 'POST' && /\/v1\/messages$/.test(pathname);
}

/** The tool results in the last user message: the agent's report of what its tool did. */
function toolResults(request: Request): string[] {
	const last = request.messages?.[request.messages.length - 1];
	if (last?.role !== 'user' || !Array.isArray(last.content)) {
		return [];
	}
	return (last.content as { type?: string; content?: unknown }[]).filter((b) => b?.type === 'tool_result').map((b) => resultText(b.content));
}

export function handle(script: Script, pathname: string, body: unknown, response: http.ServerResponse): Exchange {
	const request = body as Request;
	const tools: OfferedTool[] = (request.tools ?? []).filter((t) => typeof t?.name === 'string').map((t) => ({ name: t.name as string, parameters: t.input_schema }));
	const results = toolResults(request);
	const answer = decide(script, tools, results);
	const id = `msg_${Date.now().toString(36)}`;
	const model = request.model ?? 'scripted';
	const usage = { input_tokens: 10, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
	const block = answer.kind === 'tool' ? { type: 'tool_use', id: `toolu_${id}`, name: answer.tool, input: answer.input } : { type: 'text', text: answer.text };
	const stopReason = answer.kind === 'tool' ? 'tool_use' : 'end_turn';
	if (request.stream) {
		const start = answer.kind === 'tool' ? { ...block, input: {} } : { type: 'text', text: '' };
		const delta = answer.kind === 'tool' ? { type: 'input_json_delta', partial_json: JSON.stringify(answer.input) } : { type: 'text_delta', text: answer.text };
		sendEvents(response, [
			['message_start', { type: 'message_start', message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage } }],
			['content_block_start', { type: 'content_block_start', index: 0, content_block: start }],
			['content_block_delta', { type: 'content_block_delta', index: 0, delta }],
			['content_block_stop', { type: 'content_block_stop', index: 0 }],
			['message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 10 } }],
			['message_stop', { type: 'message_stop' }],
		]);
	} else {
		sendJson(response, 200, { id, type: 'message', role: 'assistant', model, content: [block], stop_reason: stopReason, stop_sequence: null, usage });
	}
	return { format: 'anthropic', path: pathname, streamed: request.stream === true, tools: tools.map((t) => t.name), toolResults: results, answer };
}

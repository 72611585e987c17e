/**
 * OpenAI Responses (`POST …/responses`) and Chat Completions (`POST …/chat/completions`), as Codex
 * CLI's model providers call them (`wire_api = "responses"` or `"chat"`): JSON, or server-sent events
 * when the request says `"stream": true`.
 */
import type * as http from 'node:http';
import { sendEvents, sendJson } from './http';
import { decide, type Exchange, type OfferedTool, resultText, type Script } from './script';

export function matchesResponses(method: string, pathname: string): boolean {
	return method === 'POST' && /\/responses$/.test(pathname);
}

export function matchesChat(method: string, pathname: string): boolean {
	return method === 'POST' && /\/chat\/completions$/.test(pathname);
}

interface ResponsesRequest {
	readonly model?: string;
	readonly stream?: boolean;
	readonly tools?: readonly { type?: string; name?: string; parameters?: unknown; function?: { name?: string; parameters?: unknown } }[];
	readonly input?: readonly { type?: string; output?: unknown; role?: string }[];
}

function offered(tools: ResponsesRequest['tools']): OfferedTool[] {
	return (tools ?? []).flatMap((t) => {
		const name = t?.name ?? t?.function?.name ?? (t?.type === 'local_shell' ? 'local_shell' : undefined);
		return typeof name === 'string' ? [{ name, parameters: t.parameters ?? t.function?.parameters }] : [];
	});
}

/** Tool outputs after the last user message: what the agent reported back. */
function responsesResults(request: ResponsesRequest): string[] {
	const input = request.input ?? [];
	let lastUser = -1;
	input.forEach((item, i) => {
		if (item?.type === 'message' && item.role === 'user') {
			lastUser = i;
		}
	});
	return input.slice(lastUser + 1).filter((i) => i?.type === 'function_call_output' || i?.type === 'custom_tool_call_output' || i?.type === 'local_shell_call_output').map((i) => resultText(i.output));
}

export function handleResponses(script: Script, pathname: string, body: unknown, response: http.ServerResponse): Exchange {
	const request = body as ResponsesRequest;
	const tools = offered(request.tools);
	const results = responsesResults(request);
	const answer = decide(script, tools, results);
	const id = `resp_${Date.now().toString(36)}`;
	const item = answer.kind === 'tool'
		? { type: 'function_call', id: `fc_${id}`, call_id: `call_${id}`, name: answer.tool, arguments: JSON.stringify(answer.input), status: 'completed' }
		: { type: 'message', id: `msg_${id}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: answer.text, annotations: [] }] };
	const usage = { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 10, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 20 };
	const completed = { id, object: 'response', status: 'completed', model: request.model ?? 'scripted', output: [item], usage };
	if (request.stream) {
		sendEvents(response, [
			['response.created', { type: 'response.created', response: { ...completed, status: 'in_progress', output: [] } }],
			['response.output_item.added', { type: 'response.output_item.added', output_index: 0, item }],
			['response.output_item.done', { type: 'response.output_item.done', output_index: 0, item }],
			['response.completed', { type: 'response.completed', response: completed }],
		]);
	} else {
		sendJson(response, 200, completed);
	}
	return { format: 'openai-responses', path: pathname, streamed: request.stream === true, tools: tools.map((t) => t.name), toolResults: results, answer };
}

interface ChatRequest {
	readonly model?: string;
	readonly stream?: boolean;
	readonly tools?: ResponsesRequest['tools'];
	readonly messages?: readonly { role?: string; content?: unknown }[];
}

export function handleChat(script: Script, pathname: string, body: unknown, response: http.ServerResponse): Exchange {
	const request = body as ChatRequest;
	const tools = offered(request.tools);
	const messages = request.messages ?? [];
	const lastUser = messages.map((m) => m?.role).lastIndexOf('user');
	const results = messages.slice(lastUser + 1).filter((m) => m?.role === 'tool').map((m) => resultText(m.content));
	const answer = decide(script, tools, results);
	const id = `chatcmpl_${Date.now().toString(36)}`;
	const created = Math.floor(Date.now() / 1000);
	const model = request.model ?? 'scripted';
	const toolCall = answer.kind === 'tool' ? { id: `call_${id}`, type: 'function', function: { name: answer.tool, arguments: JSON.stringify(answer.input) } } : undefined;
	const finish = toolCall ? 'tool_calls' : 'stop';
	if (request.stream) {
		const chunk = (delta: unknown, finishReason: string | null) => [undefined, { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }] }] as const;
		sendEvents(response, [
			chunk(toolCall ? { role: 'assistant', content: null, tool_calls: [{ index: 0, ...toolCall }] } : { role: 'assistant', content: answer.kind === 'text' ? answer.text : '' }, null),
			chunk({}, finish),
		], '[DONE]');
	} else {
		const message = toolCall ? { role: 'assistant', content: null, tool_calls: [toolCall] } : { role: 'assistant', content: answer.kind === 'text' ? answer.text : '' };
		sendJson(response, 200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, finish_reason: finish }], usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } });
	}
	return { format: 'openai-chat', path: pathname, streamed: request.stream === true, tools: tools.map((t) => t.name), toolResults: results, answer };
}

/**
 * The scripted model server on its own, for each wire format and both ways of answering (JSON and
 * server-sent events): turn 1 asks for the shell tool with the script's command, shaped by the tool's
 * schema; the turn that carries a tool result records it and ends the task. The real agents exercise
 * the formats they speak; this covers the rest (Chat Completions, non-streamed Anthropic and Gemini).
 */
import * as assert from 'node:assert';
import { describe, it } from 'node:test';
import { OLLAMA_MODEL, startModelServer } from './modelServer';

async function post(url: string, body: unknown): Promise<{ type: string; text: string }> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return { type: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** The JSON of each `data:` line of a server-sent event stream. */
function events(text: string): Record<string, unknown>[] {
	return text.split('\n').filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]').map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);
}

describe('scripted model server', () => {
	it('Anthropic Messages: a Bash tool_use, streamed (input_json_delta) and not; then end_turn, recording the tool_result', async () => {
		const server = await startModelServer({ command: 'rm -rf victim' });
		try {
			const tools = [{ name: 'Read', input_schema: {} }, { name: 'Bash', input_schema: { properties: { command: { type: 'string' } } } }];
			const ask = { model: 'm', tools, messages: [{ role: 'user', content: 'clean up' }] };
			const plain = JSON.parse((await post(`${server.url}/v1/messages`, ask)).text) as { content: unknown[]; stop_reason: string };
			assert.strictEqual(plain.stop_reason, 'tool_use');
			assert.deepStrictEqual((plain.content[0] as { name: string; input: unknown }).input, { command: 'rm -rf victim' });
			const streamed = await post(`${server.url}/v1/messages`, { ...ask, stream: true });
			assert.match(streamed.type, /text\/event-stream/);
			const delta = events(streamed.text).find((e) => e.type === 'content_block_delta') as { delta: { partial_json: string } };
			assert.deepStrictEqual(JSON.parse(delta.delta.partial_json), { command: 'rm -rf victim' });
			const result = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'Terminal Guard stopped this command' }] }] };
			const end = JSON.parse((await post(`${server.url}/v1/messages`, { ...ask, messages: [...ask.messages, { role: 'assistant', content: [] }, result] })).text) as { stop_reason: string };
			assert.strictEqual(end.stop_reason, 'end_turn');
			assert.deepStrictEqual(server.toolResults(), ['Terminal Guard stopped this command']);
		} finally {
			await server.close();
		}
	});

	it('OpenAI Responses: a function_call shaped by the schema ({cmd} or an argv); then a message, recording function_call_output', async () => {
		const server = await startModelServer({ command: 'ls' });
		try {
			const exec = { type: 'function', name: 'exec_command', parameters: { properties: { cmd: { type: 'string' } } } };
			const shell = { type: 'function', name: 'shell', parameters: { properties: { command: { type: 'array' } } } };
			const user = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'go' }] };
			const first = events((await post(`${server.url}/v1/responses`, { stream: true, tools: [exec], input: [user] })).text);
			const done = first.find((e) => e.type === 'response.output_item.done') as { item: { name: string; arguments: string } };
			assert.deepStrictEqual([done.item.name, JSON.parse(done.item.arguments)], ['exec_command', { cmd: 'ls' }]);
			assert.ok(first.some((e) => e.type === 'response.completed'));
			const argv = JSON.parse((await post(`${server.url}/v1/responses`, { tools: [shell], input: [user] })).text) as { output: { arguments: string }[] };
			assert.deepStrictEqual(JSON.parse(argv.output[0].arguments), { command: ['bash', '-lc', 'ls'] });
			const end = JSON.parse((await post(`${server.url}/v1/responses`, { tools: [exec], input: [user, { type: 'function_call_output', call_id: 'c', output: 'victim' }] })).text) as { output: { type: string }[] };
			assert.strictEqual(end.output[0].type, 'message');
			assert.deepStrictEqual(server.toolResults(), ['victim']);
		} finally {
			await server.close();
		}
	});

	it('OpenAI Chat Completions: tool_calls (streamed chunks ending in [DONE], and not); then a reply, recording the tool message', async () => {
		const server = await startModelServer({ command: 'ls' });
		try {
			const tools = [{ type: 'function', function: { name: 'shell', parameters: { properties: { command: { type: 'string' } } } } }];
			const messages = [{ role: 'user', content: 'go' }];
			const streamed = await post(`${server.url}/v1/chat/completions`, { stream: true, tools, messages });
			assert.match(streamed.text, /data: \[DONE\]\n\n$/);
			const chunks = events(streamed.text) as { choices: { delta: { tool_calls?: { function: { arguments: string } }[] }; finish_reason: string | null }[] }[];
			assert.deepStrictEqual(JSON.parse(chunks[0].choices[0].delta.tool_calls?.[0].function.arguments ?? ''), { command: 'ls' });
			assert.strictEqual(chunks[chunks.length - 1].choices[0].finish_reason, 'tool_calls');
			const plain = JSON.parse((await post(`${server.url}/v1/chat/completions`, { tools, messages })).text) as { choices: { finish_reason: string }[] };
			assert.strictEqual(plain.choices[0].finish_reason, 'tool_calls');
			const end = JSON.parse((await post(`${server.url}/v1/chat/completions`, { tools, messages: [...messages, { role: 'assistant', content: null }, { role: 'tool', tool_call_id: 'c', content: 'victim' }] })).text) as { choices: { finish_reason: string }[] };
			assert.strictEqual(end.choices[0].finish_reason, 'stop');
			assert.deepStrictEqual(server.toolResults(), ['victim']);
		} finally {
			await server.close();
		}
	});

	it('Gemini: a functionCall from generateContent and streamGenerateContent; then text, recording the functionResponse', async () => {
		const server = await startModelServer({ command: 'rm -rf victim' });
		try {
			const tools = [{ functionDeclarations: [{ name: 'run_shell_command', parametersJsonSchema: { properties: { command: { type: 'string' } } } }] }];
			const contents = [{ role: 'user', parts: [{ text: 'clean up' }] }];
			const plain = JSON.parse((await post(`${server.url}/v1beta/models/m:generateContent`, { tools, contents })).text) as { candidates: { content: { parts: { functionCall?: unknown }[] } }[] };
			assert.deepStrictEqual(plain.candidates[0].content.parts[0].functionCall, { name: 'run_shell_command', args: { command: 'rm -rf victim' } });
			const streamed = events((await post(`${server.url}/v1beta/models/m:streamGenerateContent?alt=sse`, { tools, contents })).text) as typeof plain[];
			assert.deepStrictEqual(streamed[0].candidates[0].content.parts[0].functionCall, { name: 'run_shell_command', args: { command: 'rm -rf victim' } });
			const reply = { role: 'user', parts: [{ functionResponse: { name: 'run_shell_command', response: { error: 'Tool execution blocked: Terminal Guard stopped this command' } } }] };
			const end = JSON.parse((await post(`${server.url}/v1beta/models/m:generateContent`, { tools, contents: [...contents, { role: 'model', parts: [] }, reply] })).text) as { candidates: { content: { parts: { text?: string }[] } }[] };
			assert.strictEqual(end.candidates[0].content.parts[0].text, 'Done.');
			assert.deepStrictEqual(server.toolResults(), ['Tool execution blocked: Terminal Guard stopped this command']);
		} finally {
			await server.close();
		}
	});

	it('Ollama: the version, the one model with "tools" among its capabilities, as Copilot Chat\'s BYOK ollama provider reads them', async () => {
		const server = await startModelServer({ command: 'ls' });
		try {
			const version = await (await fetch(`${server.url}/api/version`)).json() as { version: string };
			assert.match(version.version, /^\d+\.\d+\.\d+$/);
			const tags = await (await fetch(`${server.url}/api/tags`)).json() as { models: { model: string }[] };
			assert.deepStrictEqual(tags.models.map((m) => m.model), [OLLAMA_MODEL]);
			const show = JSON.parse((await post(`${server.url}/api/show`, { model: OLLAMA_MODEL })).text) as { capabilities: string[]; model_info: Record<string, unknown> };
			assert.ok(show.capabilities.includes('tools'));
			const architecture = show.model_info['general.architecture'];
			assert.strictEqual(typeof show.model_info[`${architecture}.context_length`], 'number');
			assert.deepStrictEqual(server.exchanges, [], 'listing models is not a model turn');
		} finally {
			await server.close();
		}
	});

	it('VS Code\'s run_in_terminal: the command plus a filler for each other required field (the first of an enum); then the script\'s follow-up calls, one per result', async () => {
		const followUp = (previous: string) => ({ tool: 'send_to_terminal', input: { id: /terminal ID (\S+)/.exec(previous)?.[1] ?? '', command: 'rm -rf victim' } });
		const server = await startModelServer({ command: 'sleep 1', then: [followUp] });
		try {
			const runInTerminal = { type: 'function', function: { name: 'run_in_terminal', parameters: {
				properties: { command: { type: 'string' }, explanation: { type: 'string' }, goal: { type: 'string' }, mode: { type: 'string', enum: ['sync', 'async'] }, timeout: { type: 'number' } },
				required: ['command', 'explanation', 'goal', 'mode'],
			} } };
			const tools = [{ type: 'function', function: { name: 'read_file', parameters: {} } }, runInTerminal];
			const messages = [{ role: 'user', content: 'go' }];
			const first = JSON.parse((await post(`${server.url}/v1/chat/completions`, { tools, messages })).text) as { choices: { message: { tool_calls: { function: { name: string; arguments: string } }[] } }[] };
			const call = first.choices[0].message.tool_calls[0].function;
			assert.strictEqual(call.name, 'run_in_terminal');
			const input = JSON.parse(call.arguments) as Record<string, unknown>;
			assert.deepStrictEqual([input.command, input.mode, typeof input.explanation, typeof input.goal, 'timeout' in input], ['sleep 1', 'sync', 'string', 'string', false]);
			const afterFirst = [...messages, { role: 'assistant', content: null }, { role: 'tool', tool_call_id: 'a', content: 'still running in terminal ID 1234abcd' }];
			const second = JSON.parse((await post(`${server.url}/v1/chat/completions`, { tools, messages: afterFirst })).text) as typeof first;
			assert.deepStrictEqual(second.choices[0].message.tool_calls[0].function, { name: 'send_to_terminal', arguments: JSON.stringify({ id: '1234abcd', command: 'rm -rf victim' }) });
			const end = JSON.parse((await post(`${server.url}/v1/chat/completions`, { tools, messages: [...afterFirst, { role: 'assistant', content: null }, { role: 'tool', tool_call_id: 'b', content: 'stopped' }] })).text) as { choices: { finish_reason: string }[] };
			assert.strictEqual(end.choices[0].finish_reason, 'stop');
		} finally {
			await server.close();
		}
	});

	it('listens on 127.0.0.1 only, and stops', async () => {
		const server = await startModelServer({ command: 'ls' });
		assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
		await server.close();
		await assert.rejects(fetch(`${server.url}/v1/messages`, { method: 'POST', body: '{}' }));
	});
});

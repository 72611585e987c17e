/**
 * The Gemini API's `models/{model}:generateContent` and `:streamGenerateContent` (server-sent events
 * with `?alt=sse`), as Gemini CLI calls them. Requests without the shell tool (Gemini CLI's own
 * side questions, some of which want JSON) get a JSON text that says the user speaks next.
 */
import type * as http from 'node:http';
import { sendEvents, sendJson } from './http';
import { decide, type Exchange, type OfferedTool, resultText, type Script } from './script';

export function matches(method: string, pathname: string): boolean {
	return method === 'POST' && /\/models\/[^/]+:(stream)?[gG]enerateContent$/.test(pathname);
}

export function matchesCountTokens(method: string, pathname: string): boolean {
	return method === 'POST' && /\/models\/[^/]+:countTokens$/.test(pathname);
}

interface Request {
	readonly tools?: readonly { functionDeclarations?: readonly { name?: string; parameters?: unknown; parametersJsonSchema?: unknown }[] }[];
	readonly contents?: readonly { role?: string; parts?: readonly { text?: string; functionResponse?: { response?: unknown } }[] }[];
	readonly generationConfig?: { responseMimeType?: string };
}

export function handle(script: Script, pathname: string, body: unknown, response: http.ServerResponse): Exchange {
	const request = body as Request;
	const tools: OfferedTool[] = (request.tools ?? []).flatMap((t) => t?.functionDeclarations ?? []).filter((f) => typeof f?.name === 'string').map((f) => ({ name: f.name as string, parameters: f.parametersJsonSchema ?? f.parameters }));
	const contents = request.contents ?? [];
	// Function responses after the last message a person typed (a user turn with text).
	const lastTyped = contents.map((c) => c?.role === 'user' && (c.parts ?? []).some((p) => typeof p?.text === 'string')).lastIndexOf(true);
	const results = contents.slice(lastTyped + 1).flatMap((c) => c?.parts ?? []).filter((p) => p?.functionResponse).map((p) => resultText(p.functionResponse?.response));
	const answer = decide(script, tools, results);
	const streamed = /:streamGenerateContent$/.test(pathname);
	const text = answer.kind === 'text' && (tools.length === 0 || request.generationConfig?.responseMimeType === 'application/json')
		? JSON.stringify({ reasoning: 'The task is finished.', next_speaker: 'user', complexity_reasoning: 'A scripted model.', complexity_score: 1 })
		: answer.kind === 'text' ? answer.text : '';
	const part = answer.kind === 'tool' ? { functionCall: { name: answer.tool, args: answer.input } } : { text };
	const reply = {
		candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
		usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 10, totalTokenCount: 20 },
		modelVersion: 'scripted',
	};
	if (streamed) {
		sendEvents(response, [[undefined, reply]]);
	} else {
		sendJson(response, 200, reply);
	}
	return { format: 'gemini', path: pathname, streamed, tools: tools.map((t) => t.name), toolResults: results, answer };
}

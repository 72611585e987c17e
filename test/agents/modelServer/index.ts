/**
 * A scripted model server for driving the real agent CLIs offline (docs/coverage.md): one HTTP server
 * on 127.0.0.1 and a free port that speaks Anthropic Messages, OpenAI Responses and Chat Completions,
 * the Gemini API, and the model listing of Ollama's API. Turn 1 asks for the agent's shell tool with the script's command; the next turn
 * records what the agent reported back and ends the task. Stop it with close().
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as anthropic from './anthropic';
import * as gemini from './gemini';
import { sendJson } from './http';
import * as ollama from './ollama';
import * as openai from './openai';
import type { Exchange, Script } from './script';

export type { Exchange, Script } from './script';
export { OLLAMA_MODEL } from './ollama';

export interface ModelServer {
	/** http://127.0.0.1:PORT */
	readonly url: string;
	/** Every model request answered, in order. */
	readonly exchanges: readonly Exchange[];
	/** Requests the server did not know (method and path), answered with a small JSON. */
	readonly others: readonly string[];
	/** Every tool result the agent reported back, in order. */
	toolResults(): string[];
	/** The tool calls the model asked for. */
	toolCalls(): Extract<Exchange['answer'], { kind: 'tool' }>[];
	close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function readBody(request: http.IncomingMessage): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('request body too large'));
				request.destroy();
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			try {
				resolve(text.trim() === '' ? {} : JSON.parse(text));
			} catch (error) {
				reject(error instanceof Error ? error : new Error(String(error)));
			}
		});
		request.on('error', reject);
	});
}

export async function startModelServer(script: Script): Promise<ModelServer> {
	const exchanges: Exchange[] = [];
	const others: string[] = [];
	const server = http.createServer((request, response) => {
		const method = request.method ?? 'GET';
		const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
		readBody(request).then((body) => {
			if (anthropic.matches(method, pathname)) {
				exchanges.push(anthropic.handle(script, pathname, body, response));
			} else if (openai.matchesResponses(method, pathname)) {
				exchanges.push(openai.handleResponses(script, pathname, body, response));
			} else if (openai.matchesChat(method, pathname)) {
				exchanges.push(openai.handleChat(script, pathname, body, response));
			} else if (gemini.matches(method, pathname)) {
				exchanges.push(gemini.handle(script, pathname, body, response));
			} else if (ollama.matches(method, pathname)) {
				ollama.handle(pathname, response);
			} else if (gemini.matchesCountTokens(method, pathname)) {
				sendJson(response, 200, { totalTokens: 10 });
			} else if (/\/count_tokens$/.test(pathname)) {
				sendJson(response, 200, { input_tokens: 10 });
			} else if (method === 'GET' && /\/models$/.test(pathname)) {
				sendJson(response, 200, { object: 'list', data: [], models: [] });
			} else {
				others.push(`${method} ${pathname}`);
				sendJson(response, 200, {});
			}
		}, (error: unknown) => {
			others.push(`${method} ${pathname} (unreadable: ${error instanceof Error ? error.message : String(error)})`);
			sendJson(response, 400, { error: { message: 'unreadable request' } });
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		exchanges,
		others,
		toolResults: () => exchanges.flatMap((e) => e.toolResults),
		toolCalls: () => exchanges.flatMap((e) => (e.answer.kind === 'tool' ? [e.answer] : [])),
		close: () => new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		}),
	};
}

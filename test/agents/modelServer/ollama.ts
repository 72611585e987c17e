/**
 * The part of Ollama's API that GitHub Copilot Chat's BYOK `ollama` provider reads before it lists a
 * model (Copilot Chat 0.67, `getAllModels`): `GET /api/version` (at least 0.6.4), `GET /api/tags` and
 * `POST /api/show` (context length, and "tools" among the capabilities, or the model cannot call tools).
 * Its requests then go to `/v1/chat/completions` (openai.ts).
 */
import type * as http from 'node:http';
import { sendJson } from './http';

/** The one model the scripted server offers under Ollama's API. */
export const OLLAMA_MODEL = 'scripted-agent:latest';

export function matches(method: string, pathname: string): boolean {
	return (method === 'GET' && (pathname === '/api/version' || pathname === '/api/tags')) || (method === 'POST' && pathname === '/api/show');
}

export function handle(pathname: string, response: http.ServerResponse): void {
	if (pathname === '/api/version') {
		sendJson(response, 200, { version: '0.12.0' });
	} else if (pathname === '/api/tags') {
		sendJson(response, 200, { models: [{ name: OLLAMA_MODEL, model: OLLAMA_MODEL, modified_at: '2026-12-06T00:00:00Z', size: 1, digest: 'scripted', details: { family: 'scripted' } }] });
	} else {
		sendJson(response, 200, {
			model_info: { 'general.architecture': 'scripted', 'general.basename': 'Scripted Agent', 'scripted.context_length': 131072 },
			capabilities: ['completion', 'tools'],
			details: { family: 'scripted' },
		});
	}
}

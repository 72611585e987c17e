/** The little HTTP a model API needs: JSON replies and server-sent events. */
import type * as http from 'node:http';

export function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
	response.end(text);
}

/** Server-sent events: each `[event, data]` (event undefined: a bare `data:` line); `done` appends a final raw data line. */
export function sendEvents(response: http.ServerResponse, events: readonly (readonly [string | undefined, unknown])[], done?: string): void {
	response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
	for (const [event, data] of events) {
		response.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
	}
	if (done !== undefined) {
		response.write(`data: ${done}\n\n`);
	}
	response.end();
}

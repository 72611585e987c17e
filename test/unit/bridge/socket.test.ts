/**
 * The hook's one-question connection (src/bridge/socket.ts): on Node's pipe handle without `net`, and
 * through `net` (its fallback), against real Unix sockets. Both ways must deliver the same bytes, tell a
 * failed connect from a broken connection, and report the other side closing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSocket, type SocketTransport } from '../../../src/bridge/socket';

interface Exchange { connected: boolean; received: Buffer; error?: string; closed: boolean; via: string }

/** Connects, writes `text` once connected, and collects everything until the other side closes or it fails. */
function exchange(address: string, text: string, transport: SocketTransport): Promise<Exchange> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		const result = { connected: false, closed: false } as Exchange;
		const socket = openSocket(address, {
			connect: () => {
				result.connected = true;
				socket.write(text);
			},
			data: (chunk) => chunks.push(chunk),
			error: (error) => {
				result.error = error.message;
				result.received = Buffer.concat(chunks);
				socket.destroy();
				resolve(result);
			},
			close: () => {
				result.closed = true;
				result.received = Buffer.concat(chunks);
				socket.destroy();
				resolve(result);
			},
		}, transport);
		result.via = socket.via;
	});
}

describe('the hook\'s connection to a bridge socket', () => {
	let dir: string;
	let echo: string;
	let closer: string;
	const servers: net.Server[] = [];

	before(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-socket-'));
		echo = path.join(dir, 'echo.sock');
		closer = path.join(dir, 'closer.sock');
		// Echoes the first line back with a prefix, in small pieces, then closes (as the bridge answers and ends).
		const echoServer = net.createServer((s) => {
			let got = '';
			s.on('data', (c) => {
				got += c.toString('utf8');
				const nl = got.indexOf('\n');
				if (nl !== -1) {
					const answer = Buffer.from(`echo:${got.slice(0, nl)}\n`, 'utf8');
					for (let i = 0; i < answer.length; i += 7777) {
						s.write(answer.subarray(i, i + 7777));
					}
					s.end();
				}
			});
			s.on('error', () => undefined);
		});
		// Closes every connection at once, answering nothing.
		const closerServer = net.createServer((s) => s.destroy());
		for (const [server, address] of [[echoServer, echo], [closerServer, closer]] as const) {
			servers.push(server);
			await new Promise<void>((resolve) => server.listen(address, resolve));
		}
	});
	after(async () => {
		await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
		fs.rmSync(dir, { recursive: true, force: true });
	});

	for (const transport of ['auto', 'net'] as const) {
		it(`${transport}: a 1 MB line with multi-byte characters goes and comes back whole`, async () => {
			const line = `${'ünïcödé ✓ '.repeat(100 * 1024)}end`;
			const r = await exchange(echo, `${line}\n`, transport);
			assert.equal(r.error, undefined);
			assert.ok(r.connected && r.closed);
			assert.equal(r.received.toString('utf8'), `echo:${line}\n`);
		});

		it(`${transport}: no socket there is an error before any connect`, async () => {
			const r = await exchange(path.join(dir, 'missing.sock'), 'x\n', transport);
			assert.equal(r.connected, false);
			assert.match(r.error ?? '', /ENOENT/);
		});

		it(`${transport}: a server that closes at once is a close after the connect, with nothing received`, async () => {
			const r = await exchange(closer, 'x\n', transport);
			assert.equal(r.connected, true);
			assert.equal(r.received.length, 0);
			assert.ok(r.closed || r.error !== undefined);
		});
	}

	it('auto uses the pipe handle on this Node (so a hook loads no `net`), net uses net', { skip: process.platform === 'win32' ? 'Windows connects through net (named pipes)' : false }, async () => {
		assert.equal((await exchange(echo, 'a\n', 'auto')).via, 'pipe-handle');
		assert.equal((await exchange(echo, 'a\n', 'net')).via, 'net');
	});
});

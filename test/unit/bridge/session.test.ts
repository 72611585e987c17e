/**
 * The Enter gate helper's way to the editor (client.ts BridgeSession): one kept connection for many
 * questions (`keep`, protocol.ts), the window records read again only when their folder changes —
 * and none of it may make an answer come from the wrong question, the wrong editor, or nowhere.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { BridgeSession } from '../../../src/bridge/client';
import { ensurePrivateDir, recordFileName, writeRecord } from '../../../src/bridge/discovery';
import { eventually, startBridge, tempRuntimeDir, type TestBridge } from './harness';

const PROJECT = '/home/dev/project';

/** Sockets the bridge holds open right now (each accepted connection until it closes). */
function openConnections(bridge: TestBridge): number {
	return (bridge.server as unknown as { connections: Set<net.Socket> }).connections.size;
}

/** Raw lines over one connection: send, then wait for the next answer line (or the close). */
function rawConnection(socketPath: string): { send(text: string): void; next(): Promise<string | 'closed'>; close(): void } {
	const socket = net.createConnection(socketPath);
	const lines: string[] = [];
	let closed = false;
	let wake: (() => void) | undefined;
	let pending = '';
	socket.on('data', (chunk) => {
		pending += chunk.toString();
		for (let at = pending.indexOf('\n'); at >= 0; at = pending.indexOf('\n')) {
			lines.push(pending.slice(0, at));
			pending = pending.slice(at + 1);
		}
		wake?.();
	});
	socket.on('close', () => {
		closed = true;
		wake?.();
	});
	socket.on('error', () => undefined);
	return {
		send: (text) => socket.write(text),
		next: () => new Promise((resolve) => {
			const check = (): void => {
				if (lines.length > 0) {
					resolve(lines.shift()!);
				} else if (closed) {
					resolve('closed');
				} else {
					wake = check;
				}
			};
			check();
		}),
		close: () => socket.destroy(),
	};
}

/** A stand-in editor: a window record in `runtimeDir` and a socket whose every request line goes to `onRequest`. */
async function fakeEditor(runtimeDir: string, folders: string[], onRequest: (socket: net.Socket, request: Record<string, unknown>, count: number) => void): Promise<{ connections: number; stop(): Promise<void> }> {
	ensurePrivateDir(runtimeDir);
	const socketPath = path.join(runtimeDir, `fake-${process.pid}-${Math.random().toString(16).slice(2)}.sock`);
	let requests = 0;
	const state = { connections: 0, stop: async () => undefined as void };
	const server = net.createServer((socket) => {
		state.connections++;
		let pending = '';
		socket.on('error', () => undefined);
		socket.on('data', (chunk) => {
			pending += chunk.toString();
			for (let at = pending.indexOf('\n'); at >= 0; at = pending.indexOf('\n')) {
				const line = pending.slice(0, at);
				pending = pending.slice(at + 1);
				onRequest(socket, JSON.parse(line) as Record<string, unknown>, ++requests);
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(socketPath, resolve));
	const record = path.join(runtimeDir, recordFileName());
	writeRecord(record, { v: 1, pid: process.pid, socket: socketPath, secret: 'a'.repeat(64), folders, updated: new Date().toISOString() });
	state.stop = () => new Promise<void>((resolve) => {
		fs.rmSync(record, { force: true });
		server.close(() => resolve());
	});
	return state;
}

const answer = (outcome: string, decision: string): string => `${JSON.stringify({ v: 1, outcome, verdict: { decision, reason: 'r', targets: [] } })}\n`;

describe('bridge: a kept connection (the Enter gate helper)', () => {
	const stops: (() => Promise<void>)[] = [];
	afterEach(async () => {
		for (const stop of stops.splice(0)) {
			await stop();
		}
	});

	it('the editor answers many questions on one connection when asked to keep it; an older client\'s connection still closes after its answer', async () => {
		const bridge = await startBridge();
		stops.push(() => bridge.stop());
		const secret = bridge.server.secret;
		const kept = rawConnection(bridge.server.address);
		for (const line of ['ls', 'git status', 'echo hi']) {
			kept.send(`${JSON.stringify({ v: 1, secret, kind: 'confirm', line, cwd: PROJECT, agent: 'terminal', keep: true })}\n`);
			const reply = await kept.next();
			assert.notEqual(reply, 'closed', `the kept connection closed after asking ${line}`);
			assert.equal(JSON.parse(reply).outcome, 'allowed');
		}
		// Every question on it must carry the secret: a wrong one is answered with an error and the connection ends.
		kept.send(`${JSON.stringify({ v: 1, secret: 'f'.repeat(64), kind: 'confirm', line: 'ls', cwd: PROJECT, agent: 'terminal', keep: true })}\n`);
		assert.match(JSON.parse(await kept.next() as string).reason, /wrong secret/);
		assert.equal(await kept.next(), 'closed');
		const old = rawConnection(bridge.server.address);
		old.send(`${JSON.stringify({ v: 1, secret, kind: 'confirm', line: 'ls', cwd: PROJECT, agent: 'claude-code' })}\n`);
		assert.equal(JSON.parse(await old.next() as string).outcome, 'allowed');
		assert.equal(await old.next(), 'closed', 'a request without keep must still end its connection');
	});

	it('a second question while one is open on a kept connection closes it, withdrawing the open one (never two answers to sort out)', async () => {
		const bridge = await startBridge();
		stops.push(() => bridge.stop());
		const kept = rawConnection(bridge.server.address);
		const request = (line: string) => `${JSON.stringify({ v: 1, secret: bridge.server.secret, kind: 'confirm', line, cwd: PROJECT, agent: 'terminal', keep: true })}\n`;
		kept.send(request('rm -rf alpha'));
		await eventually('the question is shown', () => bridge.person.questions.length === 1);
		kept.send(request('ls'));
		assert.equal(await kept.next(), 'closed');
		await eventually('the shown question is withdrawn', () => bridge.person.signals[0].aborted);
		await eventually('recorded as withdrawn', () => bridge.events.some((e) => e.outcome === 'withdrawn'));
	});

	it('a session asks every question over one connection and answers each as askEditor would', async () => {
		const bridge = await startBridge();
		stops.push(() => bridge.stop());
		const session = new BridgeSession(bridge.runtimeDir);
		for (let i = 0; i < 5; i++) {
			const reply = await session.ask({ kind: 'confirm', line: `echo ${i}`, cwd: PROJECT, agent: 'terminal' });
			assert.equal(reply.outcome, 'allowed');
			assert.equal(openConnections(bridge), 1, `question ${i} opened a connection of its own`);
		}
		bridge.person.answers.push('victim');
		assert.equal((await session.ask({ kind: 'confirm', line: 'rm -rf victim', cwd: PROJECT, agent: 'terminal' })).outcome, 'allowed');
		bridge.person.answers.push('wrong');
		assert.equal((await session.ask({ kind: 'confirm', line: 'rm -rf victim', cwd: PROJECT, agent: 'terminal' })).outcome, 'refused');
		assert.equal(openConnections(bridge), 1);
		session.close();
		await eventually('the editor sees the connection end', () => openConnections(bridge) === 0);
	});

	it('a withdrawn question closes the connection (the editor withdraws it too); the next question gets its own answer', async () => {
		const bridge = await startBridge();
		stops.push(() => bridge.stop());
		const session = new BridgeSession(bridge.runtimeDir);
		const ctrlC = new AbortController();
		const open = session.ask({ kind: 'confirm', line: 'rm -rf alpha', cwd: PROJECT, agent: 'terminal' }, { signal: ctrlC.signal });
		await eventually('the question is shown', () => bridge.person.questions.length === 1);
		ctrlC.abort();
		assert.equal((await open).outcome, 'error');
		await eventually('the shown question is withdrawn in the editor', () => bridge.person.signals[0].aborted);
		// The late answer to alpha must not become beta's.
		bridge.person.pending[0]('alpha');
		const next = session.ask({ kind: 'confirm', line: 'rm -rf beta', cwd: PROJECT, agent: 'terminal' });
		await eventually('beta is shown', () => bridge.person.questions.length === 2);
		bridge.person.pending[1](undefined);
		assert.equal((await next).outcome, 'refused');
	});

	it('an editor line nobody asked for is not taken as the next question\'s answer', async () => {
		const dir = tempRuntimeDir();
		// Answers the first question twice ("allowed" + an extra "allowed"), then refuses everything.
		const fake = await fakeEditor(dir, [PROJECT], (socket, _request, count) => {
			socket.write(count === 1 ? answer('allowed', 'allow') + answer('allowed', 'confirm') : answer('refused', 'confirm'));
		});
		stops.push(() => fake.stop());
		const session = new BridgeSession(dir);
		assert.equal((await session.ask({ kind: 'confirm', line: 'ls', cwd: PROJECT, agent: 'terminal' })).outcome, 'allowed');
		await new Promise((resolve) => setTimeout(resolve, 50));
		const second = await session.ask({ kind: 'confirm', line: 'rm -rf victim', cwd: PROJECT, agent: 'terminal' });
		assert.equal(second.outcome, 'refused', 'the unasked-for line was read as the answer to the next question');
		assert.equal(fake.connections, 2, 'the connection that sent an unasked-for line was used again');
		session.close();
	});

	it('an editor that answers one question per connection (an older extension) still answers every question', async () => {
		const dir = tempRuntimeDir();
		const fake = await fakeEditor(dir, [PROJECT], (socket, request) => {
			socket.end(request.line === 'ls' ? answer('allowed', 'allow') : answer('refused', 'confirm'));
		});
		stops.push(() => fake.stop());
		const session = new BridgeSession(dir);
		for (const [line, outcome] of [['ls', 'allowed'], ['rm -rf x', 'refused'], ['ls', 'allowed'], ['ls', 'allowed']]) {
			await new Promise((resolve) => setTimeout(resolve, 20)); // the editor's close arrives first, or not: both must work
			assert.equal((await session.ask({ kind: 'confirm', line, cwd: PROJECT, agent: 'terminal' })).outcome, outcome, line);
		}
		assert.equal(fake.connections, 4);
	});

	it('an editor that closes the kept connection while idle (restarted): the next question is asked again, not failed', async () => {
		const dir = tempRuntimeDir();
		let sockets: net.Socket[] = [];
		const fake = await fakeEditor(dir, [PROJECT], (socket) => {
			sockets.push(socket);
			socket.write(answer('allowed', 'allow'));
		});
		stops.push(() => fake.stop());
		const session = new BridgeSession(dir);
		assert.equal((await session.ask({ kind: 'confirm', line: 'ls', cwd: PROJECT, agent: 'terminal' })).outcome, 'allowed');
		sockets.forEach((s) => s.destroy());
		sockets = [];
		assert.equal((await session.ask({ kind: 'confirm', line: 'ls', cwd: PROJECT, agent: 'terminal' })).outcome, 'allowed');
		assert.equal(fake.connections, 2);
		session.close();
	});

	it('an editor that never answers holds the question only until it is withdrawn or its time is up, then the connection is dropped', async () => {
		const dir = tempRuntimeDir();
		const fake = await fakeEditor(dir, [PROJECT], () => undefined);
		stops.push(() => fake.stop());
		const session = new BridgeSession(dir);
		const timedOut = await session.ask({ kind: 'confirm', line: 'rm -rf x', cwd: PROJECT, agent: 'terminal' }, { timeoutMs: 100 });
		assert.equal(timedOut.outcome, 'timed-out');
		const ctrlC = new AbortController();
		setTimeout(() => ctrlC.abort(), 50);
		const withdrawn = await session.ask({ kind: 'confirm', line: 'rm -rf x', cwd: PROJECT, agent: 'terminal' }, { signal: ctrlC.signal });
		assert.equal(withdrawn.outcome, 'error');
		assert.equal(fake.connections, 2, 'a question that ended unanswered left its connection in use');
		session.close();
	});

	it('a window opened later for the folder takes the questions; one closed gives them back (the records are read again when the folder changes)', async () => {
		const dir = tempRuntimeDir();
		const outer = await startBridge({ runtimeDir: dir, folders: ['/home/dev'] });
		stops.push(() => outer.stop());
		const session = new BridgeSession(dir);
		assert.equal((await session.ask({ kind: 'confirm', line: 'ls', cwd: PROJECT, agent: 'terminal' })).outcome, 'allowed');
		assert.equal(outer.events.length, 1);
		const inner = await startBridge({ runtimeDir: dir, folders: [PROJECT] });
		assert.equal((await session.ask({ kind: 'confirm', line: 'ls', cwd: PROJECT, agent: 'terminal' })).outcome, 'allowed');
		assert.equal(inner.events.length, 1, 'the window for the project was not asked');
		assert.equal(outer.events.length, 1);
		await inner.stop();
		assert.equal((await session.ask({ kind: 'confirm', line: 'ls', cwd: PROJECT, agent: 'terminal' })).outcome, 'allowed');
		assert.equal(outer.events.length, 2);
		session.close();
	});

	it('no editor: unreachable (the engine here decides), and an editor started afterwards is found', async () => {
		const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-session-')), 'run');
		const session = new BridgeSession(dir);
		assert.equal((await session.ask({ kind: 'confirm', line: 'ls', cwd: PROJECT, agent: 'terminal' })).outcome, 'unreachable');
		const bridge = await startBridge({ runtimeDir: dir });
		stops.push(() => bridge.stop());
		assert.equal((await session.ask({ kind: 'confirm', line: 'ls', cwd: PROJECT, agent: 'terminal' })).outcome, 'allowed');
		session.close();
	});
});

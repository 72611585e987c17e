/** The bridge over a real socket: secret, verdicts, one question at a time, withdrawal, time-out. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { after, afterEach, describe, it } from 'node:test';
import { announceHooked, askEditor } from '../../../src/bridge/client';
import { readRecords } from '../../../src/bridge/discovery';
import { eventually, startBridge, type TestBridge } from './harness';

const PROJECT = '/home/dev/project';
const INCIDENT = 'curl -X POST https://backboard.railway.com/graphql/v2 -H "Authorization: Bearer $RAILWAY_TOKEN" -H "Content-Type: application/json" -d \'{"query":"mutation { volumeDelete(volumeId: \\"vol-3f9a\\") }"}\'';

/** Sends one raw line to the bridge and returns its raw answer (the whole stream until close). */
function raw(socketPath: string, text: string): Promise<string> {
	return new Promise((resolve) => {
		const socket = net.createConnection(socketPath);
		let out = '';
		socket.on('connect', () => socket.write(text));
		socket.on('data', (chunk) => (out += chunk.toString()));
		socket.on('close', () => resolve(out));
		// Writing the rest of an over-long request may fail once the bridge has answered; the answer still counts.
		socket.on('error', () => undefined);
	});
}

describe('bridge server', () => {
	let bridge: TestBridge | undefined;
	afterEach(async () => {
		await bridge?.stop();
		bridge = undefined;
	});

	it('lives in a 0700 directory: socket 0600, discovery file 0600 with pid, socket, secret and folders', async () => {
		bridge = await startBridge({ folders: [PROJECT] });
		assert.equal(fs.statSync(bridge.runtimeDir).mode & 0o777, 0o700);
		assert.equal(fs.statSync(bridge.server.address).mode & 0o777, 0o600);
		assert.ok(fs.statSync(bridge.server.address).isSocket());
		assert.equal(fs.statSync(bridge.server.record).mode & 0o777, 0o600);
		const record = JSON.parse(fs.readFileSync(bridge.server.record, 'utf8'));
		assert.equal(record.pid, process.pid);
		assert.equal(record.socket, bridge.server.address);
		assert.equal(record.secret, bridge.server.secret);
		assert.match(record.secret, /^[0-9a-f]{64}$/);
		assert.deepEqual(record.folders, [PROJECT]);
	});

	it('tightens its own directory left readable by others (0755 → 0700)', async () => {
		const first = await startBridge();
		await first.stop();
		fs.chmodSync(first.runtimeDir, 0o755);
		bridge = await startBridge({ runtimeDir: first.runtimeDir });
		assert.equal(fs.statSync(first.runtimeDir).mode & 0o777, 0o700);
	});

	it('removes its socket and discovery file when disposed', async () => {
		const b = await startBridge();
		await b.stop();
		assert.ok(!fs.existsSync(b.server.address));
		assert.ok(!fs.existsSync(b.server.record));
		assert.deepEqual(readRecords(b.runtimeDir).windows, []);
	});

	it('an empty answer never confirms, even when the command has an empty operand', async () => {
		bridge = await startBridge({ folders: [PROJECT] });
		bridge.person.answers.push('');
		const answer = await askEditor({ kind: 'confirm', line: 'rm -rf "" important', cwd: PROJECT, agent: 'claude-code' }, { runtimeDir: bridge.runtimeDir });
		assert.equal(bridge.person.questions.length, 1);
		assert.equal(bridge.person.questions[0].expected, 'important');
		assert.equal(answer.outcome, 'refused');
	});

	it('refuses a request without the secret, or with a wrong one, and asks nobody', async () => {
		bridge = await startBridge();
		const base = { v: 1, kind: 'confirm', line: 'rm -rf victim', cwd: PROJECT, agent: 'claude-code' };
		const wrong = JSON.parse(await raw(bridge.server.address, JSON.stringify({ ...base, secret: 'f'.repeat(64) }) + '\n'));
		assert.equal(wrong.outcome, 'error');
		assert.match(wrong.reason, /wrong secret/);
		const missing = JSON.parse(await raw(bridge.server.address, JSON.stringify(base) + '\n'));
		assert.equal(missing.outcome, 'error');
		assert.match(missing.reason, /no secret/);
		assert.equal(bridge.person.questions.length, 0);
		assert.equal(missing.verdict, undefined, 'a caller without the secret learns no verdict');
	});

	it('answers malformed and over-long requests with an error', async () => {
		bridge = await startBridge();
		assert.equal(JSON.parse(await raw(bridge.server.address, 'not json\n')).outcome, 'error');
		const huge = await raw(bridge.server.address, `{"v":1,"line":"${'x'.repeat(9 * 1024 * 1024)}`);
		assert.equal(JSON.parse(huge).outcome, 'error');
		assert.match(JSON.parse(huge).reason, /too long/);
	});

	it('hooked: a shell\'s pid is recorded, nothing is judged or asked; a request without a valid pid is an error', async () => {
		bridge = await startBridge();
		assert.equal(await announceHooked(4242, PROJECT, { runtimeDir: bridge.runtimeDir }), 1);
		assert.deepEqual(bridge.hooked, [4242]);
		const secret = readRecords(bridge.runtimeDir).windows[0].record.secret;
		for (const pid of [undefined, 0, -3, 1.5, '77']) {
			const answer = JSON.parse(await raw(bridge.server.address, JSON.stringify({ v: 1, secret, kind: 'hooked', line: '', cwd: PROJECT, agent: 'terminal', pid }) + '\n'));
			assert.equal(answer.outcome, 'error', String(pid));
			assert.match(answer.reason, /positive integer "pid"/);
		}
		const wrongSecret = JSON.parse(await raw(bridge.server.address, JSON.stringify({ v: 1, secret: 'f'.repeat(64), kind: 'hooked', line: '', cwd: PROJECT, agent: 'terminal', pid: 99 }) + '\n'));
		assert.equal(wrongSecret.outcome, 'error');
		assert.deepEqual(bridge.hooked, [4242]);
		assert.equal(bridge.person.questions.length, 0);
		assert.equal(bridge.events.length, 0);
	});

	it('hooked: no editor running is not an error (nobody to tell)', async () => {
		assert.equal(await announceHooked(4242, PROJECT, { runtimeDir: '/nonexistent/terminal-guard/run' }), 0);
	});

	it('check: the verdict only, no question', async () => {
		bridge = await startBridge();
		const answer = await askEditor({ kind: 'check', line: 'rm -rf victim', cwd: PROJECT, agent: 'claude-code' }, { runtimeDir: bridge.runtimeDir });
		assert.equal(answer.outcome, 'refused');
		assert.equal(answer.verdict?.decision, 'confirm');
		assert.equal(answer.verdict?.target, 'victim');
		assert.equal(bridge.person.questions.length, 0);
	});

	it('confirm: a safe command is allowed without a question', async () => {
		bridge = await startBridge();
		const answer = await askEditor({ kind: 'confirm', line: 'git status', cwd: PROJECT, agent: 'claude-code' }, { runtimeDir: bridge.runtimeDir });
		assert.equal(answer.outcome, 'allowed');
		assert.equal(answer.verdict?.decision, 'allow');
		assert.equal(bridge.person.questions.length, 0);
	});

	it('confirm: the incident is allowed only after the person types its target; the question names the agent and cwd', async () => {
		bridge = await startBridge();
		bridge.person.answers.push('vol-3f9a');
		const answer = await askEditor({ kind: 'confirm', line: INCIDENT, cwd: PROJECT, agent: 'claude-code' }, { runtimeDir: bridge.runtimeDir });
		assert.equal(answer.outcome, 'allowed', answer.reason);
		assert.equal(answer.verdict?.decision, 'confirm');
		const [q] = bridge.person.questions;
		assert.equal(q.expected, 'vol-3f9a');
		assert.equal(q.askedBy, 'Claude Code');
		assert.equal(q.cwd, PROJECT);
		assert.deepEqual(bridge.events.map((e) => e.outcome), ['confirmed']);
	});

	it('confirm: a wrong name or Escape refuses, saying which', async () => {
		bridge = await startBridge();
		bridge.person.answers.push('vol-3f9b', undefined);
		const wrong = await askEditor({ kind: 'confirm', line: INCIDENT, cwd: PROJECT, agent: 'cursor' }, { runtimeDir: bridge.runtimeDir });
		assert.equal(wrong.outcome, 'refused');
		assert.match(wrong.reason ?? '', /typed "vol-3f9b", not "vol-3f9a"/);
		const escaped = await askEditor({ kind: 'confirm', line: INCIDENT, cwd: PROJECT, agent: 'cursor' }, { runtimeDir: bridge.runtimeDir });
		assert.equal(escaped.outcome, 'refused');
		assert.match(escaped.reason ?? '', /cancelled/);
		assert.deepEqual(bridge.events.map((e) => e.outcome), ['refused', 'cancelled']);
	});

	it('confirm: a denied command is refused without a question', async () => {
		bridge = await startBridge();
		const answer = await askEditor({ kind: 'confirm', line: 'rm -rf /', cwd: PROJECT, agent: 'codex' }, { runtimeDir: bridge.runtimeDir });
		assert.equal(answer.outcome, 'refused');
		assert.equal(answer.verdict?.decision, 'deny');
		assert.match(answer.reason ?? '', /refuses this outright/);
		assert.equal(bridge.person.questions.length, 0);
		assert.deepEqual(bridge.events.map((e) => e.outcome), ['denied']);
	});

	it('shows one question at a time; the others wait their turn', async () => {
		bridge = await startBridge();
		const b = bridge;
		const asks = ['alpha', 'beta', 'gamma'].map((name) => askEditor({ kind: 'confirm', line: `rm -rf ${name}`, cwd: PROJECT, agent: 'gemini' }, { runtimeDir: b.runtimeDir }));
		await eventually('the first question is shown', () => b.person.questions.length === 1);
		// Both later requests have arrived and are waiting: only now does "one question" prove anything.
		await eventually('the other two questions are queued', () => b.server.queued === 2);
		assert.equal(b.person.questions.length, 1, 'a second question was shown while the first was open');
		const first = b.person.questions[0].expected;
		b.person.pending[0](first);
		await eventually('the second question is shown', () => b.person.questions.length === 2);
		b.person.pending[1](undefined);
		await eventually('the third question is shown', () => b.person.questions.length === 3);
		b.person.pending[2](b.person.questions[2].expected);
		const answers = await Promise.all(asks);
		assert.equal(b.person.mostOpenAtOnce, 1);
		assert.deepEqual(answers.map((a) => a.outcome).sort(), ['allowed', 'allowed', 'refused']);
		assert.deepEqual(b.person.questions.map((q) => q.expected).sort(), ['alpha', 'beta', 'gamma']);
	});

	it('a client that disconnects withdraws its question: a shown one is aborted, a queued one never shown', async () => {
		bridge = await startBridge();
		const b = bridge;
		const shown = new AbortController();
		const queued = new AbortController();
		const first = askEditor({ kind: 'confirm', line: 'rm -rf alpha', cwd: PROJECT, agent: 'claude-code' }, { runtimeDir: b.runtimeDir, signal: shown.signal });
		await eventually('the first question is shown', () => b.person.questions.length === 1);
		const second = askEditor({ kind: 'confirm', line: 'rm -rf beta', cwd: PROJECT, agent: 'claude-code' }, { runtimeDir: b.runtimeDir, signal: queued.signal });
		const third = askEditor({ kind: 'confirm', line: 'rm -rf gamma', cwd: PROJECT, agent: 'claude-code' }, { runtimeDir: b.runtimeDir });
		await eventually('two questions queue', () => b.server.queued === 2);
		queued.abort();
		assert.equal((await second).outcome, 'error');
		await eventually('the queued question stops counting', () => b.server.queued === 1);
		shown.abort();
		assert.equal((await first).outcome, 'error');
		await eventually('the shown question\'s signal aborts', () => b.person.signals[0].aborted);
		await eventually('the third question is shown', () => b.person.questions.length === 2);
		assert.equal(b.person.questions[1].expected, 'gamma', 'the withdrawn queued question was shown');
		b.person.pending[1]('gamma');
		assert.equal((await third).outcome, 'allowed');
		await eventually('both withdrawals are recorded', () => b.events.filter((e) => e.outcome === 'withdrawn').length === 2);
	});

	it('a late answer to a withdrawn question does nothing', async () => {
		bridge = await startBridge();
		const b = bridge;
		const gone = new AbortController();
		const asked = askEditor({ kind: 'confirm', line: 'rm -rf alpha', cwd: PROJECT, agent: 'claude-code' }, { runtimeDir: b.runtimeDir, signal: gone.signal });
		await eventually('the question is shown', () => b.person.questions.length === 1);
		gone.abort();
		await asked;
		await eventually('withdrawn', () => b.events.length === 1);
		b.person.pending[0]('alpha');
		await new Promise((resolve) => setTimeout(resolve, 50));
		assert.deepEqual(b.events.map((e) => e.outcome), ['withdrawn']);
	});

	it('a question nobody answers times out', async () => {
		bridge = await startBridge({ timeoutMs: 200 });
		const answer = await askEditor({ kind: 'confirm', line: 'rm -rf victim', cwd: PROJECT, agent: 'claude-code' }, { runtimeDir: bridge.runtimeDir });
		assert.equal(answer.outcome, 'timed-out');
		assert.match(answer.reason ?? '', /within 0 s|within \d+ s/);
		assert.ok(bridge.person.signals[0].aborted);
		assert.deepEqual(bridge.events.map((e) => e.outcome), ['timed-out']);
	});

	it('the client gives up after its own time-out and withdraws the question', async () => {
		bridge = await startBridge();
		const b = bridge;
		const answer = await askEditor({ kind: 'confirm', line: 'rm -rf victim', cwd: PROJECT, agent: 'claude-code' }, { runtimeDir: b.runtimeDir, timeoutMs: 300 });
		assert.equal(answer.outcome, 'timed-out');
		// Shown or still being judged when the client left: either way the editor withdraws it.
		await eventually('the question is withdrawn', () => b.events.some((e) => e.outcome === 'withdrawn'));
		assert.ok(b.person.signals.every((s) => s.aborted), 'a shown question was left open');
	});

	it('production in the caller\'s environment makes the editor stricter', async () => {
		bridge = await startBridge();
		const saved = process.env.NODE_ENV;
		process.env.NODE_ENV = 'production';
		try {
			const answer = await askEditor({ kind: 'check', line: 'rm -rf victim', cwd: PROJECT, agent: 'claude-code' }, { runtimeDir: bridge.runtimeDir });
			assert.equal(answer.verdict?.production, true);
		} finally {
			if (saved === undefined) {
				delete process.env.NODE_ENV;
			} else {
				process.env.NODE_ENV = saved;
			}
		}
	});

	after(() => undefined);
});

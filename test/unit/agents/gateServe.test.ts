/**
 * `terminal-guard gate --serve` (src/cli/gateServe.ts) without a shell: its line protocol, what a new
 * question and Ctrl-C do to one still open, and the environment each question carries.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeField, parseRequest, serveGate, unescapeField, type ServeIo } from '../../../src/cli/gateServe';
import type { Judge, JudgeResult } from '../../../src/terminal/judging';

interface Fake {
	readonly io: ServeIo;
	readonly written: string[];
	send(line: string): void;
	interrupt(): void;
	end(): void;
	announced: number;
}

function fakeIo(env: Record<string, string | undefined> = {}): Fake {
	let onLine: (line: string) => void = () => undefined;
	let onEnd: () => void = () => undefined;
	let onInterrupt: () => void = () => undefined;
	const fake: Fake = {
		written: [],
		announced: 0,
		io: {
			onLine: (listener, end) => {
				onLine = listener;
				onEnd = end;
			},
			write: (text) => fake.written.push(text),
			announce: () => fake.announced++,
			announceAfterMs: 5,
			onInterrupt: (listener) => (onInterrupt = listener),
			env,
		},
		send: (line) => onLine(line),
		interrupt: () => onInterrupt(),
		end: () => onEnd(),
	};
	return fake;
}

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('gate --serve: the protocol', () => {
	it('fields escape and unescape back to the same text (the shell escapes ; \\ and control characters)', () => {
		for (const text of ['plain', 'a;b', 'back\\slash', 'two\nlines', 'tab\there', 'bell\x07', 'ünï ✋', '\\x41 stays']) {
			assert.equal(unescapeField(escapeField(text)), text);
			// eslint-disable-next-line no-control-regex
			assert.doesNotMatch(escapeField(text), /[\n\r\x00-\x1f]/);
		}
		// What the hooks' __tg_esc sends for `;`.
		assert.equal(unescapeField('rm\\x3b ls'), 'rm; ls');
	});

	it('a request needs the prefix, a token and a number; only the engine\'s variables are carried', () => {
		assert.equal(typeof parseRequest('allow'), 'string');
		assert.equal(typeof parseRequest('tg1;short;1;/;ls'), 'string');
		assert.equal(typeof parseRequest('tg1;aaaaaaaaaaaa;x1;/;ls'), 'string');
		const request = parseRequest('tg1;0123456789abcdef;7;/w\\x3bd;rm -rf x\\x3b ls;NODE_ENV=production;PATH=/evil;HOME=/h');
		assert.ok(typeof request !== 'string');
		assert.deepEqual(request, { token: '0123456789abcdef', seq: '7', cwd: '/w;d', line: 'rm -rf x; ls', env: { NODE_ENV: 'production', HOME: '/h' } });
	});
});

describe('gate --serve: answering', () => {
	it('answers with the question\'s token and number; a refusal carries the reason on one line', async () => {
		const judge: Judge = (line) => Promise.resolve<JudgeResult>(line === 'ls' ? { run: true } : { run: false, message: 'not\nconfirmed' });
		const fake = fakeIo();
		const done = serveGate(() => judge, fake.io);
		fake.send('tg1;aaaaaaaa1;1;/;ls');
		await tick();
		fake.send('tg1;bbbbbbbb2;2;/;rm -rf /');
		await tick();
		assert.deepEqual(fake.written, ['aaaaaaaa1 1 allow', 'bbbbbbbb2 2 deny ■ Terminal Guard stopped: not\\x0aconfirmed — not run.']);
		fake.end();
		assert.equal(await done, 0);
	});

	it('a new question withdraws one still open (the shell gave it up): its signal aborts and it is answered deny', async () => {
		const signals: AbortSignal[] = [];
		const judge: Judge = (line, _cwd, signal) => {
			signals.push(signal);
			return line === 'wait' ? new Promise<JudgeResult>(() => undefined) : Promise.resolve<JudgeResult>({ run: true });
		};
		const fake = fakeIo();
		void serveGate(() => judge, fake.io);
		fake.send('tg1;aaaaaaaa1;1;/;wait');
		await tick(20);
		assert.equal(fake.announced, 1, 'a question that waits is announced on the terminal');
		fake.send('tg1;bbbbbbbb2;2;/;ls');
		await tick();
		assert.equal(signals[0].aborted, true);
		assert.match(fake.written[0], /^aaaaaaaa1 1 deny /);
		assert.equal(fake.written[1], 'bbbbbbbb2 2 allow');
		assert.equal(fake.written.length, 2);
	});

	it('Ctrl-C withdraws the open question; with none open it changes nothing', async () => {
		const signals: AbortSignal[] = [];
		const judge: Judge = (_line, _cwd, signal) => {
			signals.push(signal);
			return new Promise<JudgeResult>(() => undefined);
		};
		const fake = fakeIo();
		void serveGate(() => judge, fake.io);
		fake.interrupt();
		assert.deepEqual(fake.written, []);
		fake.send('tg1;aaaaaaaa1;1;/;rm -rf x');
		fake.interrupt();
		assert.equal(signals[0].aborted, true);
		assert.match(fake.written[0], /^aaaaaaaa1 1 deny .*Ctrl-C/);
	});

	it('a judge that throws is a refusal, not an allow', async () => {
		const fake = fakeIo();
		void serveGate(() => () => Promise.reject(new Error('boom')), fake.io);
		fake.send('tg1;aaaaaaaa1;1;/;ls');
		await tick();
		assert.match(fake.written[0], /^aaaaaaaa1 1 deny .*the check failed \(boom\)/);
	});

	it('an unreadable line is answered with no token the shell could take', async () => {
		const fake = fakeIo();
		void serveGate(() => () => Promise.resolve({ run: true }), fake.io);
		fake.send('aaaaaaaa1 1 allow');
		await tick();
		assert.match(fake.written[0], /^- 0 deny /);
	});

	it('each question sets the environment the judge reads to the shell\'s: a variable the shell dropped is dropped', async () => {
		const seen: (string | undefined)[] = [];
		const env: Record<string, string | undefined> = { NODE_ENV: 'development', PATH: '/bin' };
		const fake = fakeIo(env);
		void serveGate(() => () => {
			seen.push(env.NODE_ENV);
			return Promise.resolve({ run: true });
		}, fake.io);
		fake.send('tg1;aaaaaaaa1;1;/;ls;NODE_ENV=production');
		await tick();
		fake.send('tg1;aaaaaaaa2;2;/;ls');
		await tick();
		assert.deepEqual(seen, ['production', undefined]);
		assert.equal(env.PATH, '/bin', 'variables the engine does not read are left alone');
	});
});

/**
 * What every hooked shell (bash, zsh, fish) must do, run against the real shell on a real pty.
 * Each shell's test file calls `hookedScenarios(kind)` and adds its own cases.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { JudgeResult } from '../../../src/terminal/judging';
import { exists, Session, startShell, type StartOptions } from './shellHarness';

/** A short look for something that must NOT happen (there is no event for "nothing ran"). */
export const QUIET_MS = 400;

export function pause(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export function lines(s: Session): string[] {
	return s.asked.map((a) => a.line);
}

/** Starts a shell and waits for its first prompt; registers it for closing after the test. */
export function useShell(kind: 'bash' | 'zsh' | 'fish'): (start?: StartOptions) => Promise<Session> {
	let sessions: Session[] = [];
	afterEach(async () => {
		await Promise.all(sessions.map((s) => s.close()));
		sessions = [];
	});
	return async (start) => {
		const s = await startShell(kind, start);
		sessions.push(s);
		await s.nextPrompt();
		assert.equal(s.shell.mode, 'hooked');
		return s;
	};
}

export function hookedScenarios(kind: 'bash' | 'zsh' | 'fish'): void {
	describe(`${kind}: every line is judged by the hook before it runs`, () => {
		const start = useShell(kind);

		it(`'rm -rf sentinel' -> refused by the engine; the sentinel survives and one line says so`, async () => {
			const s = await start();
			const dir = s.sentinel();
			await s.run('rm -rf sentinel\r');
			assert.ok(exists(dir), 'the sentinel was deleted');
			assert.deepEqual(s.asked, [{ line: 'rm -rf sentinel', cwd: s.work }]);
			assert.match(s.text, /■ Terminal Guard stopped: test policy refused "rm -rf sentinel" — not run\./);
			assert.equal(s.decisions[0]?.run, false);
		});

		it(`'rm -rf sentinel' -> allowed; the sentinel is gone`, async () => {
			const s = await start({ policy: 'allow-all' });
			const dir = s.sentinel();
			await s.run('rm -rf sentinel\r');
			assert.ok(!exists(dir), 'the allowed command did not run');
		});

		it('the judge gets the directory the shell is in', async () => {
			const s = await start();
			fs.mkdirSync(path.join(s.work, 'sub'));
			await s.run('cd sub\r');
			await s.run('ls\r');
			assert.deepEqual(s.asked.at(-1), { line: 'ls', cwd: path.join(s.work, 'sub') });
		});

		it('a refused line recalled with Up, then found with Ctrl-R, is judged again each time', async () => {
			const s = await start();
			const dir = s.sentinel();
			await s.run('rm -rf sentinel\r');
			await s.run('\x1b[A\r');
			const before = s.text.length;
			s.shell.write('\x12sentinel');
			await s.until('the search to find the line', () => s.text.slice(before).includes('rm -rf sentinel'));
			// fish 3.6 searches in a pager: its first Enter only puts the entry on the command line.
			await s.run(kind === 'fish' ? '\r\r' : '\r');
			assert.deepEqual(lines(s), ['rm -rf sentinel', 'rm -rf sentinel', 'rm -rf sentinel']);
			assert.ok(exists(dir));
		});

		it('a bracketed paste of two commands is judged as one submission; nothing of it runs', async () => {
			const s = await start();
			const dir = s.sentinel();
			s.shell.write("\x1b[200~printf 'P%s\\n' 1\rrm -rf sentinel\x1b[201~");
			await s.run('\r');
			assert.equal(s.asked.length, 1);
			assert.match(s.asked[0].line, /^printf 'P%s\\n' 1\nrm -rf sentinel$/);
			assert.ok(exists(dir));
			assert.ok(!s.text.includes('P1'), 'the first pasted command ran');
		});

		it("'printf ST… && rm -rf sentinel && printf DO…' refused -> none of it runs", async () => {
			const s = await start();
			const dir = s.sentinel();
			await s.run("printf 'ST%sART\\n' 2 && rm -rf sentinel && printf 'DO%sNE\\n' 2\r");
			assert.ok(exists(dir));
			assert.ok(!s.text.includes('ST2ART'), '"start" was printed');
			assert.ok(!s.text.includes('DO2NE'));
		});

		it('several lines written at once (sendText) are judged one by one; only the refused one does not run', async () => {
			const s = await start();
			const dir = s.sentinel();
			await s.run("printf 'A%s\\n' 1\nrm -rf sentinel\nprintf 'B%s\\n' 2\n", 3);
			assert.deepEqual(lines(s), ["printf 'A%s\\n' 1", 'rm -rf sentinel', "printf 'B%s\\n' 2"]);
			assert.ok(exists(dir));
			const text = s.text;
			assert.ok(text.indexOf('A1') < text.indexOf('Terminal Guard stopped') && text.indexOf('Terminal Guard stopped') < text.indexOf('B2'), text.slice(-600));
		});

		it('keys typed while a verdict is pending are held, then delivered: nothing lost, nothing early', async () => {
			let answer: ((r: JudgeResult) => void) | undefined;
			const s = await start({ judge: (line) => (line.startsWith('rm') ? new Promise((resolve) => (answer = resolve)) : Promise.resolve({ run: true })) });
			const dir = s.sentinel();
			s.shell.write('rm -rf sentinel\r');
			await s.until('the request', () => answer !== undefined);
			s.shell.write("printf 'K%s\\n' 7\r");
			await pause(QUIET_MS);
			assert.ok(!s.text.includes('K7'), 'typed-ahead command ran before the verdict');
			assert.equal(s.asked.length, 1);
			const next = s.nextPrompt(2);
			answer?.({ run: false, message: 'no' });
			await next;
			await s.waitForText('K7');
			assert.deepEqual(lines(s), ['rm -rf sentinel', "printf 'K%s\\n' 7"]);
			assert.ok(exists(dir));
		});

		it('resizing the terminal while a verdict is pending changes nothing', async () => {
			let answer: ((r: JudgeResult) => void) | undefined;
			const s = await start({ judge: (line) => (line.startsWith('rm') ? new Promise((resolve) => (answer = resolve)) : Promise.resolve({ run: true })) });
			const dir = s.sentinel();
			s.shell.write('rm -rf sentinel\r');
			await s.until('the request', () => answer !== undefined);
			for (let cols = 100; cols < 105; cols++) {
				s.shell.resize(cols, 30);
				await pause(30);
			}
			await pause(QUIET_MS);
			assert.ok(exists(dir), 'the command ran while the verdict was pending');
			const next = s.nextPrompt();
			answer?.({ run: true });
			await next;
			assert.ok(!exists(dir), 'the allowed command did not run');
		});

		it('Ctrl-C while a verdict is pending cancels the command and is not forwarded', async () => {
			let aborted = false;
			const s = await start({
				judge: (line, _cwd, signal) =>
					line.startsWith('rm')
						? new Promise((resolve) =>
								signal.addEventListener('abort', () => {
									aborted = true;
									// A late "yes" must change nothing.
									resolve({ run: true });
								}),
							)
						: Promise.resolve({ run: true }),
			});
			const dir = s.sentinel();
			s.shell.write('rm -rf sentinel\r');
			await s.until('the request', () => s.asked.length === 1);
			await s.run('\x03');
			assert.ok(aborted, 'the judge was not told to stop');
			assert.ok(exists(dir));
			assert.match(s.text, /stopped: cancelled with Ctrl-C — not run/);
			await s.run("printf 'OK%s\\n' 1\r");
			await s.waitForText('OK1');
		});

		it('a judge that does not answer in time -> refused', async () => {
			const s = await start({ judge: () => new Promise<JudgeResult>(() => undefined), options: { judgeTimeoutMs: 300 } });
			const dir = s.sentinel();
			await s.run('rm -rf sentinel\r');
			assert.ok(exists(dir));
			assert.match(s.text, /stopped: no answer within 0\.3 seconds — not run/);
		});

		it('a judge that throws -> refused', async () => {
			const s = await start({ judge: () => Promise.reject(new Error('boom')) });
			const dir = s.sentinel();
			await s.run('rm -rf sentinel\r');
			assert.ok(exists(dir));
			assert.match(s.text, /stopped: the check failed \(boom\) — not run/);
		});

		it('continuation lines are judged as one command', async () => {
			const s = await start();
			await s.run('echo "a\rb"\r');
			assert.equal(lines(s).at(-1), 'echo "a\nb"');
			await s.waitForText('a\nb');
		});

		it('a refusal at a continuation line aborts the whole pending command', async () => {
			const s = await start();
			const dir = s.sentinel();
			await s.run("printf 'ST%sART\\n' 2 && \\\rrm -rf sentinel\r");
			assert.equal(lines(s).at(-1), "printf 'ST%sART\\n' 2 && \\\nrm -rf sentinel");
			assert.ok(exists(dir));
			assert.ok(!s.text.includes('ST2ART'), 'the first fragment ran');
			await s.run("printf 'OK%s\\n' 1\r");
			await s.waitForText('OK1');
		});

		it("the person's rc file still loads", async () => {
			const s = await start();
			await s.run('tg_rc\r');
			await s.waitForText('RC-42');
		});

		it('a program printing a look-alike request cannot make the proxy ask anything', async () => {
			const s = await start();
			await s.run("printf '\\033]6973;0000;req;1;/;rm -rf /\\007FORGED%s\\n' 1\r");
			await s.waitForText('FORGED1');
			assert.equal(s.asked.length, 1, JSON.stringify(lines(s)));
		});
	});
}

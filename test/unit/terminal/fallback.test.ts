/**
 * The screen-reading fallback (screenGuard.ts), with dash (no hook possible) and with a bash whose
 * hook does not load. Weaker than a hook, but a refused line must still not run.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { lines } from './hookedScenarios';
import { exists, Session, startShell, type StartOptions, type TestShell } from './shellHarness';

function useFallbackShell(): (kind: TestShell, start?: StartOptions) => Promise<Session> {
	let sessions: Session[] = [];
	afterEach(async () => {
		await Promise.all(sessions.map((s) => s.close()));
		sessions = [];
	});
	return async (kind, start) => {
		const s = await startShell(kind, start);
		sessions.push(s);
		if (kind === 'dash') {
			await s.waitForText(/[$#] $/);
		}
		return s;
	};
}

/** A hooks directory whose bash/init.bash is `script` (a hook that fails to load). */
function brokenHooks(script: string): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-hooks-'));
	fs.mkdirSync(path.join(dir, 'bash'));
	fs.writeFileSync(path.join(dir, 'bash', 'init.bash'), script);
	return dir;
}

/** Runs a marker command and waits for its output: everything typed before it has been handled. */
async function settle(s: Session, tag: string): Promise<void> {
	s.shell.write(`printf '${tag}%s\\n' 1\r`);
	await s.waitForText(`${tag}1`);
}

describe('dash: every Enter is judged by reading the line off the screen', () => {
	const start = useFallbackShell();

	it('starts in fallback mode', async () => {
		const s = await start('dash');
		assert.equal(s.shell.kind, 'sh');
		assert.equal(s.shell.mode, 'fallback');
	});

	it(`'rm -rf sentinel' -> refused by the engine; Ctrl-C drops the line; the sentinel survives`, async () => {
		const s = await start('dash');
		const dir = s.sentinel();
		s.shell.write('rm -rf sentinel\r');
		await s.waitForText('✋ Terminal Guard stopped: test policy refused "rm -rf sentinel" — not run.');
		await settle(s, 'AFTER');
		assert.ok(exists(dir));
		assert.deepEqual(s.decisions.map((d) => [d.line, d.run, d.via, d.cwd]), [
			['rm -rf sentinel', false, 'screen', s.work],
			["printf 'AFTER%s\\n' 1", true, 'screen', s.work],
		]);
	});

	it(`'rm -rf sentinel' allowed -> Enter is passed on and it runs`, async () => {
		const s = await start('dash', { policy: 'allow-all' });
		const dir = s.sentinel();
		s.shell.write('rm -rf sentinel\r');
		await settle(s, 'AFTER');
		assert.ok(!exists(dir));
	});

	it('several lines written at once are judged one by one; only the refused one does not run', async () => {
		const s = await start('dash');
		const dir = s.sentinel();
		s.shell.write("printf 'A%s\\n' 1\nrm -rf sentinel\nprintf 'B%s\\n' 2\n");
		await s.waitForText('B2');
		assert.deepEqual(lines(s), ["printf 'A%s\\n' 1", 'rm -rf sentinel', "printf 'B%s\\n' 2"]);
		assert.ok(exists(dir));
		const text = s.text;
		assert.ok(text.indexOf('A1') < text.indexOf('Terminal Guard stopped') && text.indexOf('Terminal Guard stopped') < text.indexOf('B2'), text);
	});

	it('a line typed before the shell drew its prompt is judged all the same', async () => {
		const s = await startShell('dash');
		try {
			const dir = s.sentinel();
			s.shell.write('rm -rf sentinel\r');
			await s.waitForText('not run.');
			await settle(s, 'AFTER');
			assert.ok(exists(dir));
			assert.equal(s.asked[0]?.line, 'rm -rf sentinel');
		} finally {
			await s.close();
		}
	});

	it('Ctrl-C while the verdict is pending refuses the line', async () => {
		const s = await start('dash', { judge: (line, _cwd, signal) => (line.startsWith('rm') ? new Promise((resolve) => signal.addEventListener('abort', () => resolve({ run: true }))) : Promise.resolve({ run: true })) });
		const dir = s.sentinel();
		s.shell.write('rm -rf sentinel\r');
		await s.until('the question', () => s.asked.length === 1);
		s.shell.write('\x03');
		await s.waitForText('stopped: cancelled with Ctrl-C — not run.');
		await settle(s, 'AFTER');
		assert.ok(exists(dir));
	});

	it('the judge gets the directory the shell is really in', async () => {
		const s = await start('dash', { policy: 'allow-all' });
		fs.mkdirSync(path.join(s.work, 'sub'));
		s.shell.write('cd sub\r');
		await settle(s, 'AFTER');
		assert.equal(s.asked.at(-1)?.cwd, path.join(s.work, 'sub'));
	});

	it('Enter inside a full-screen program (alternate screen) is not judged', async () => {
		const s = await start('dash');
		s.shell.write(`printf '\\033[?1049h'; read x; printf '\\033[?1049lGOT-%s\\n' "$x"\r`);
		await s.until('the first question', () => s.asked.length === 1);
		await new Promise((resolve) => setTimeout(resolve, 200));
		s.shell.write('rm -rf nothing\r');
		await s.waitForText('GOT-rm -rf nothing');
		assert.equal(s.asked.length, 1, JSON.stringify(lines(s)));
	});
});

describe('bash whose hook does not load: the fallback takes over', () => {
	const start = useFallbackShell();

	it('no hook prompt within the startup time -> fallback; an Enter typed meanwhile is held, then judged', async () => {
		const hooksDir = brokenHooks("PS1='tg$ '\n");
		const s = await start('bash', { options: { hooksDir, startupTimeoutMs: 700 } });
		const dir = s.sentinel();
		s.shell.write('rm -rf sentinel\r');
		await s.until('fallback mode', () => s.shell.mode === 'fallback');
		await s.waitForText('not run.');
		await settle(s, 'AFTER');
		assert.ok(exists(dir));
		assert.equal(s.decisions[0]?.via, 'screen');
		fs.rmSync(hooksDir, { recursive: true, force: true });
	});

	it("a hook that says it cannot run ('nohook') -> fallback at once", async () => {
		const hooksDir = brokenHooks("printf '\\e]6973;%s;nohook\\a' \"$TERMINAL_GUARD_NONCE\"\nPS1='tg$ '\n");
		const s = await start('bash', { options: { hooksDir, startupTimeoutMs: 60_000 } });
		await s.until('fallback mode', () => s.shell.mode === 'fallback', 5000);
		assert.match(s.modes[0]?.reason ?? '', /cannot run the hook/);
		fs.rmSync(hooksDir, { recursive: true, force: true });
	});

	it('bash started with options the hook cannot honour (--norc) -> fallback', async () => {
		const s = await start('bash', { args: ['--norc'] });
		assert.equal(s.shell.mode, 'fallback');
		const dir = s.sentinel();
		s.shell.write('rm -rf sentinel\r');
		await s.waitForText('not run.');
		await settle(s, 'AFTER');
		assert.ok(exists(dir));
	});
});

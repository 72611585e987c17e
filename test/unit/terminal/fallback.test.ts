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
import { foregroundWaitsFor } from '../../../src/terminal/waitsForTerminal';

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

/** The tty's foreground process group (Linux): the shell's pid while the shell itself is in front. */
function foregroundGroup(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[5]);
}

/** Whether a program (not the shell `s`) is in front and waiting to read the terminal (src/terminal/waitsForTerminal.ts). */
function programWaits(s: Session): boolean {
	const group = foregroundGroup(s.shell.pid);
	return group !== s.shell.pid && foregroundWaitsFor(group, fs.readlinkSync(`/proc/${s.shell.pid}/fd/0`));
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
		await s.waitForText('■ Terminal Guard stopped: test policy refused "rm -rf sentinel" — not run.');
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

/**
 * Attacks on the fallback itself (issue #12, "a fallback that cannot be blinded"): keys or output
 * that made it stop judging. Each line is judged by the real engine; anything it would ask about is
 * refused, so a surviving sentinel and the refusal line prove the line was judged, not run.
 */
describe('the fallback cannot be blinded', () => {
	const start = useFallbackShell();

	/** Sends `keys`, then waits for the refusal and for a marker command: the line was judged and dropped. */
	async function refused(s: Session, keys: string | string[], tag: string): Promise<void> {
		for (const chunk of Array.isArray(keys) ? keys : [keys]) {
			s.shell.write(chunk);
		}
		await s.waitForText('not run.');
		await settle(s, tag);
	}

	it('dash: a paste start typed while bracketed paste is off is just bytes: the Enters after it are judged', async () => {
		const s = await start('dash');
		const dir = s.sentinel();
		s.shell.write('\x1b[200~\r');
		await s.until('the first question', () => s.asked.length === 1);
		await refused(s, 'rm -rf sentinel\r', 'AFTER');
		assert.ok(exists(dir));
		assert.deepEqual(lines(s).slice(0, 2), ['^[[200~', 'rm -rf sentinel']);
	});

	it('dash: bracketed paste turned on by a program, not by a line editor: the Enter inside the "paste" is judged', async () => {
		const s = await start('dash', { policy: (line) => !line.includes('rm') });
		const dir = s.sentinel();
		s.shell.write(`printf '\\033[?2004hON%s\\n' 1\r`);
		await s.waitForText('ON1');
		await refused(s, '\x1b[200~rm -rf sentinel\r', 'AFTER');
		assert.ok(exists(dir));
	});

	it("dash: an alternate screen left on (printf '\\e[?1049h') does not stop judging", async () => {
		const s = await start('dash');
		const dir = s.sentinel();
		s.shell.write(`printf '\\033[?1049hALT%s\\n' 1\r`);
		await s.waitForText('ALT1');
		// A line run after it: by then the alternate screen is on in any model of the screen.
		await settle(s, 'THEN');
		await refused(s, 'rm -rf sentinel\r', 'AFTER');
		assert.ok(exists(dir));
	});

	it('dash: the program that opened the alternate screen exited without leaving it: judging is back', async () => {
		const s = await start('dash');
		const dir = s.sentinel();
		s.shell.write(`sh -c "printf '\\033[?1049hALT%s\\n' 1"\r`);
		await s.waitForText('ALT1');
		await settle(s, 'THEN');
		await refused(s, 'rm -rf sentinel\r', 'AFTER');
		assert.ok(exists(dir));
	});

	it('dash: a shell started on the alternate screen is still judged (it is a shell, not a full-screen program)', async () => {
		const s = await start('dash');
		const dir = s.sentinel();
		s.shell.write(`printf '\\033[?1049h'; dash -i\r`);
		await s.until('the first question', () => s.asked.length === 1);
		await settle(s, 'THEN');
		await refused(s, 'rm -rf sentinel\r', 'AFTER');
		assert.ok(exists(dir));
	});

	it('dash: Enter to a full-screen program in front (head on the alternate screen) is passed on unjudged', async () => {
		const s = await start('dash');
		s.shell.write(`printf '\\033[?1049hREADY%s\\n' 1; head -n1 > got.txt; printf '\\033[?1049l'; printf 'GOT-%s\\n' "$(cat got.txt)"\r`);
		await s.waitForText('READY1');
		// In front and waiting to read the terminal (a program still starting up has its Enter judged: waitsForTerminal.ts).
		await s.until('head in front of the shell, reading', () => programWaits(s));
		s.shell.write('rm -rf nothing\r');
		await s.waitForText('GOT-rm -rf nothing');
		assert.equal(s.asked.length, 1, JSON.stringify(lines(s)));
	});

	// Found on 2026-12-07: with the alternate screen on, any program in front got Enter unjudged, also one that does
	// not read the terminal (sleep). The line typed meanwhile waited in the terminal's input queue and the shell ran
	// it when the program exited, never asked about (the sentinel was deleted). Now Enter goes unjudged only to a
	// program waiting to read the terminal (waitsForTerminal.ts).
	it('dash: a line typed ahead while a program that does not read the terminal (sleep) is in front on the alternate screen is judged', async () => {
		const s = await start('dash');
		const dir = s.sentinel();
		s.shell.write(`printf '\\033[?1049hALT%s\\n' 1; sleep 5\r`);
		await s.waitForText('ALT1');
		await s.until('sleep in front of the shell', () => foregroundGroup(s.shell.pid) !== s.shell.pid);
		s.shell.write('rm -rf sentinel\r');
		await s.until('a question about the line typed ahead', () => s.asked.some((q) => q.line.includes('rm -rf sentinel')));
		// Refused: Ctrl-C, not Enter, which ends sleep and empties the terminal's input queue.
		await s.until('the shell in front again', () => foregroundGroup(s.shell.pid) === s.shell.pid, 10_000);
		await settle(s, 'AFTER');
		assert.ok(exists(dir), `the sentinel was deleted; asked about: ${JSON.stringify(s.asked.map((q) => q.line))}`);
	});

	// Still open: a program that waits to read the terminal but takes less than the line (one byte), or nothing at
	// all (a select that returns, then exit), leaves the rest in the input queue for the shell, which runs it unasked
	// when the program exits. Telling how much input a program left needs the terminal's queue length (FIONREAD),
	// which neither Node nor /proc gives.
	for (const [what, program, typed] of [
		['read only in part (head -c1)', 'head -c1 > /dev/null', 'xrm -rf sentinel'],
		['never read after its select returned', `python3 -c 'import select, sys; select.select([sys.stdin], [], [])'`, 'rm -rf sentinel'],
	]) {
		it(`dash: the line a program in front ${what} is judged`, { todo: 'open: the line left in the queue runs unasked' }, async () => {
			const s = await start('dash');
			const dir = s.sentinel();
			s.shell.write(`printf '\\033[?1049hALT%s\\n' 1; ${program}\r`);
			await s.waitForText('ALT1');
			await s.until('the program in front, waiting for the terminal', () => programWaits(s));
			s.shell.write(`${typed}\r`);
			await s.until('the shell in front again', () => foregroundGroup(s.shell.pid) === s.shell.pid, 10_000);
			await settle(s, 'AFTER');
			assert.ok(exists(dir), `the sentinel was deleted; asked about: ${JSON.stringify(s.asked.map((q) => q.line))}`);
		});
	}

	it('dash: two lines in one write to a program in front that reads one line (head -n1): the second, left for the shell, is judged', async () => {
		// The program waits for the terminal at both Enters as far as /proc can tell: the first line has not reached it yet.
		const s = await start('dash');
		const dir = s.sentinel();
		s.shell.write(`printf '\\033[?1049hALT%s\\n' 1; head -n1 > /dev/null\r`);
		await s.waitForText('ALT1');
		await s.until('head in front, reading', () => programWaits(s));
		s.shell.write('x\rrm -rf sentinel\r');
		await s.until('a question about the second line', () => s.asked.some((q) => q.line.includes('rm -rf sentinel')));
		await s.until('the shell in front again', () => foregroundGroup(s.shell.pid) === s.shell.pid, 10_000);
		await settle(s, 'AFTER');
		assert.ok(exists(dir), `the sentinel was deleted; asked about: ${JSON.stringify(s.asked.map((q) => q.line))}`);
	});

	it('dash: Enter to a full-screen program that selects on the terminal (as vim does) is passed on unjudged', async () => {
		const s = await start('dash');
		s.shell.write(`printf '\\033[?1049hREADY%s\\n' 1; python3 -c 'import select, sys; select.select([sys.stdin], [], []); print("GOT-" + sys.stdin.readline().strip())'; printf '\\033[?1049l'\r`);
		await s.waitForText('READY1');
		await s.until('python in front, waiting in its select', () => programWaits(s));
		s.shell.write('rm -rf nothing\r');
		await s.waitForText('GOT-rm -rf nothing');
		assert.equal(s.asked.length, 1, JSON.stringify(lines(s)));
	});

	for (const kind of ['bash', 'zsh'] as const) {
		const args = kind === 'bash' ? ['--norc'] : ['-f'];
		/** At its prompt, once the line editor has turned bracketed paste on (zsh does so after the prompt). */
		const atPrompt = async (options: StartOptions = {}): Promise<Session> => {
			const s = await start(kind, { args, ...options });
			await s.until('bracketed paste on', () => s.rawText.lastIndexOf('\x1b[?2004h') > s.rawText.lastIndexOf('\x1b[?2004l'));
			return s;
		};

		it(`${kind} (no hook): a real paste with bracketed paste on is judged as a whole, at its first Enter`, async () => {
			const s = await atPrompt();
			assert.equal(s.shell.mode, 'fallback');
			const dir = s.sentinel();
			await refused(s, ['\x1b[200~echo A-$((20+22))\rrm -rf sentinel\x1b[201~', '\r'], 'AFTER');
			assert.ok(exists(dir));
			assert.ok(!s.text.includes('A-42'), s.text);
			assert.equal(s.asked[0]?.line, 'echo A-$((20+22))\nrm -rf sentinel');
		});

		it(`${kind} (no hook): a paste with a trailing Enter, then Enter: refused`, async () => {
			const s = await atPrompt();
			const dir = s.sentinel();
			await refused(s, ['\x1b[200~rm -rf sentinel\r\x1b[201~', '\r'], 'AFTER');
			assert.ok(exists(dir));
			assert.equal(s.asked[0]?.line, 'rm -rf sentinel');
		});

		it(`${kind} (no hook): a paste end marker split across writes does not leave a paste open`, async () => {
			const s = await atPrompt();
			const dir = s.sentinel();
			await refused(s, ['\x1b[200~rm -rf sentinel', '\x1b[20', '1~', '\r'], 'AFTER');
			assert.ok(exists(dir));
		});

		it(`${kind} (no hook): a paste that never closes does not swallow the Enters of the next prompt`, async () => {
			const s = await atPrompt({ policy: (line) => !line.includes('rm') });
			const dir = s.sentinel();
			s.shell.write('\x1b[200~echo A-$((20+22))\r');
			await s.until('the first question', () => s.asked.length === 1);
			// The line editor is still reading the paste; Ctrl-C abandons it and a new prompt comes.
			s.shell.write('\x03');
			await refused(s, 'rm -rf sentinel\r', 'AFTER');
			assert.ok(exists(dir));
			assert.ok(!s.text.includes('A-42'), s.text);
		});

		it(`${kind} (no hook): an alternate screen left on does not stop judging`, async () => {
			const s = await atPrompt();
			const dir = s.sentinel();
			s.shell.write(`printf '\\033[?1049hALT%s\\n' 1\r`);
			await s.waitForText('ALT1');
			await settle(s, 'THEN');
			await refused(s, 'rm -rf sentinel\r', 'AFTER');
			assert.ok(exists(dir));
		});
	}

	it('bash (no hook) without line editing: bracketed paste turned on by printf does not make its Enter a paste', async () => {
		const s = await start('bash', { args: ['--norc'], policy: (line) => !line.includes('rm') });
		const dir = s.sentinel();
		s.shell.write(`set +o emacs; printf '\\033[?2004hON%s\\n' 1\r`);
		await s.waitForText('ON1');
		await refused(s, '\x1b[200~rm -rf sentinel\r', 'AFTER');
		assert.ok(exists(dir));
	});
});

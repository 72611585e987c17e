/**
 * History re-execution through the hooks, on the real shells: after `rm -rf sentinel` is refused (and put
 * into history, so Up recalls it), every way the shell offers to run it again — fc, zsh's `r`, `!`
 * expansion, `^old^new`, eval of fc's output — is judged as the rm and refused; a harmless re-run runs.
 * The real engine judges (anything but "allow" is refused, as if the person said no).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lines, useShell } from './hookedScenarios';
import { exists, type Session } from './shellHarness';

/** What each shell was asked last. */
function lastAsked(s: Session): string | undefined {
	return lines(s).at(-1);
}

/** Refuses `rm -rf sentinel`, then types `rerun`: it must be judged as the rm, refused, and the sentinel kept. */
async function refusedAgain(s: Session, rerun: string, judged = 'rm -rf sentinel'): Promise<void> {
	const dir = s.sentinel();
	await s.run('rm -rf sentinel\r');
	assert.equal(lastAsked(s), 'rm -rf sentinel');
	const stops = s.text.split('Terminal Guard stopped').length;
	await s.run(`${rerun}\r`);
	assert.equal(lastAsked(s), judged, `${rerun} was judged as ${JSON.stringify(lastAsked(s))}`);
	assert.equal(s.decisions.at(-1)?.run, false);
	// The refusal line is the event that proves the line was judged and not run.
	await s.until('the refusal line', () => s.text.split('Terminal Guard stopped').length > stops);
	assert.ok(exists(dir), `${rerun} deleted the sentinel`);
}

for (const kind of ['bash', 'zsh'] as const) {
	describe(`${kind}: a refused line run again from history is judged as what it runs`, () => {
		const start = useShell(kind);
		const forms = [
			'fc -e - rm',
			'fc -e - -1',
			'fc -e - sentinel=sentinel rm',
			'fc -e : -1',
			'fc -e true',
			'eval "$(fc -ln -1)"',
			'eval "$(fc -ln rm rm)"',
			'eval $(fc -ln -1)',
			'eval `fc -ln -1`',
			'$(fc -ln -1)',
			'!!',
			'!rm',
			'!-1',
			'!?sentin?',
			' fc -e - rm',
			...(kind === 'bash' ? ['fc -s rm', 'fc -s', 'fc -sl', 'fc -s -- -1', 'builtin fc -s rm', 'command fc -s'] : ['r', 'r rm', 'fc -s rm', 'builtin r', 'eval $history[1]']),
		];
		for (const form of forms) {
			it(`'${form}' after the refusal -> judged as 'rm -rf sentinel', refused`, async () => {
				const s = await start();
				await refusedAgain(s, form);
			});
		}

		it(`'^xyz^sentinel' after a refused 'rm -rf xyz' -> judged as 'rm -rf sentinel'`, async () => {
			const s = await start();
			const dir = s.sentinel();
			await s.run('rm -rf xyz\r');
			await s.run('^xyz^sentinel\r');
			assert.equal(lastAsked(s), 'rm -rf sentinel');
			assert.ok(exists(dir));
		});

		it(`'fc -e - xyz=sentinel rm' after a refused 'rm -rf xyz' -> judged with the substitution`, async () => {
			const s = await start();
			const dir = s.sentinel();
			await s.run('rm -rf xyz\r');
			await s.run(`${kind === 'zsh' ? 'r' : 'fc -s'} xyz=sentinel rm\r`);
			assert.equal(lastAsked(s), 'rm -rf sentinel');
			assert.ok(exists(dir));
		});

		it('an entry named by its absolute number -> the line with that number', async () => {
			const s = await start();
			const dir = s.sentinel();
			await s.run("printf 'A%s\\n' 1\r");
			await s.run('rm -rf sentinel\r');
			await s.run("printf 'B%s\\n' 2\r");
			// The number of the refused line, as fc lists it.
			const before = s.text.length;
			await s.run('fc -l -2 -2\r');
			const number = /(\d+)\s+rm -rf sentinel/.exec(s.text.slice(before))?.[1];
			assert.ok(number, s.text.slice(before));
			await s.run(`fc -e - ${number}\r`);
			assert.equal(lastAsked(s), 'rm -rf sentinel');
			assert.ok(exists(dir));
		});

		it('a harmless re-run still runs, judged as what it runs', async () => {
			const s = await start();
			await s.run("printf 'H%s\\n' 1\r");
			await s.run(`${kind === 'zsh' ? 'r' : 'fc -s'} printf\r`);
			assert.equal(lastAsked(s), "printf 'H%s\\n' 1");
			assert.equal(s.decisions.at(-1)?.run, true);
			await s.until('the second H1', () => s.text.split('H1').length >= 3);
		});

		it('listing history is not a re-run: judged as typed, runs', async () => {
			const s = await start();
			s.sentinel();
			await s.run('rm -rf sentinel\r');
			await s.run('fc -ln -1\r');
			assert.equal(lastAsked(s), 'fc -ln -1');
			assert.equal(s.decisions.at(-1)?.run, true);
		});

		it('fc shadowed by a function is not resolved: judged as typed, and the engine asks', async () => {
			const s = await start({ rcExtra: kind === 'zsh' ? 'r() { echo "my r"; }\n' : 'fc() { echo "my fc"; }\n' });
			const dir = s.sentinel();
			await s.run('rm -rf sentinel\r');
			const form = kind === 'zsh' ? 'r rm' : 'fc -s rm';
			await s.run(`${form}\r`);
			assert.equal(lastAsked(s), form);
			assert.equal(s.decisions.at(-1)?.run, false);
			assert.ok(exists(dir));
		});

		it('an editor that can change the lines -> judged as typed, and the engine asks', async () => {
			const s = await start({ env: { EDITOR: 'vi', FCEDIT: 'vi', VISUAL: 'vi' } });
			await s.run("printf 'E%s\\n' 1\r");
			await s.run('fc\r');
			assert.equal(lastAsked(s), 'fc');
			assert.equal(s.decisions.at(-1)?.run, false);
		});

		it('history expansion on a continuation line is judged with the lines before it, as it will run', async () => {
			const s = await start();
			const dir = s.sentinel();
			await s.run(': rm -rf sentinel\r');
			await s.run("printf 'C%s\\n' 1 && \\\r!!:1-3\r");
			assert.equal(lastAsked(s), "printf 'C%s\\n' 1 && \\\nrm -rf sentinel");
			assert.ok(exists(dir));
		});
	});
}

describe('bash: HISTCONTROL and HISTIGNORE do not shift what fc finds', () => {
	const start = useShell('bash');

	// The last line is left out of history (or its copy is): fc then finds a different entry, and the hook
	// must find the same one. An allowed printf that was really the rm would delete the sentinel.
	for (const [setting, previous, runs] of [
		['HISTCONTROL=ignorespace', " printf 'P%s\\n' 1", 'rm -rf sentinel'],
		['HISTCONTROL=ignoredups', "printf 'P%s\\n' 1", "printf 'P%s\\n' 1"],
		["HISTIGNORE='printf*'", "printf 'P%s\\n' 1", 'rm -rf sentinel'],
		// erasedups takes earlier copies of this line out before fc looks: not resolved, the engine asks.
		['HISTCONTROL=erasedups', "printf 'P%s\\n' 1", ' fc -s'],
	]) {
		it(`${setting}: 'fc -s' after '${previous.trim()}' twice -> judged as '${runs}'`, async () => {
			const s = await start({ rcExtra: `${setting}\n` });
			const dir = s.sentinel();
			await s.run('rm -rf sentinel\r');
			await s.run(`${previous}\r`);
			await s.run(`${previous}\r`);
			await s.run(' fc -s\r');
			assert.equal(lastAsked(s), runs);
			assert.equal(s.decisions.at(-1)?.run, runs.startsWith('printf'));
			assert.ok(exists(dir));
		});
	}
});

describe('fish: running a history entry again is judged, and asks', () => {
	const start = useShell('fish');

	// fish has no fc and no `!`; its history is re-run through eval or source. The hook sends the line as
	// typed, and the engine asks because it cannot read the history (engine:history-rerun).
	for (const form of ['eval $history[1]', 'eval (history search --max 1 rm)', 'history search --max 1 rm | source']) {
		it(`'${form}' after the refusal -> judged as typed and refused`, async () => {
			const s = await start();
			const dir = s.sentinel();
			await s.run('rm -rf sentinel\r');
			const stops = s.text.split('Terminal Guard stopped').length;
			await s.run(`${form}\r`);
			assert.equal(lastAsked(s), form);
			assert.equal(s.decisions.at(-1)?.run, false);
			await s.until('the refusal line', () => s.text.split('Terminal Guard stopped').length > stops);
			assert.ok(exists(dir), `${form} deleted the sentinel`);
		});
	}
});

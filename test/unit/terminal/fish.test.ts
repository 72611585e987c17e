/** fish through its hook (media/shell/fish/init.fish, run by --init-command after config.fish). */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hookedScenarios, lines, useShell } from './hookedScenarios';
import { exists } from './shellHarness';

hookedScenarios('fish');

describe('fish: abbreviations are judged expanded', () => {
	const start = useShell('fish');
	const abbreviations = [
		"abbr -a zzt 'rm -rf sentinel'",
		"function tg_expand; echo rm -rf (string replace del- '' -- $argv); end",
		'abbr -a tg_regex --regex "del-.*" --function tg_expand',
		'function tg_again; echo loop$argv; end',
		'abbr -a tg_loop --regex "loop.*" --function tg_again',
	].join('\n');

	it("'zzt' (an abbreviation of 'rm -rf sentinel') -> judged as 'rm -rf sentinel', refused", async () => {
		const s = await start({ rcExtra: abbreviations });
		const dir = s.sentinel();
		await s.run('zzt\r');
		assert.deepEqual(lines(s), ['rm -rf sentinel']);
		assert.ok(exists(dir));
	});

	it("'zzt' allowed -> the expansion that was judged is what runs", async () => {
		const s = await start({ rcExtra: abbreviations, policy: 'allow-all' });
		const dir = s.sentinel();
		await s.run('zzt\r');
		assert.deepEqual(lines(s), ['rm -rf sentinel']);
		assert.ok(!exists(dir));
	});

	it("a regex abbreviation with a function: 'del-sentinel' -> judged as 'rm -rf sentinel'", async () => {
		const s = await start({ rcExtra: abbreviations });
		const dir = s.sentinel();
		await s.run('del-sentinel\r');
		assert.deepEqual(lines(s), ['rm -rf sentinel']);
		assert.ok(exists(dir));
	});

	it('an abbreviation that keeps expanding into another -> stopped without asking', async () => {
		const s = await start({ rcExtra: abbreviations, policy: 'allow-all' });
		await s.run('loop\r');
		assert.deepEqual(lines(s), []);
		await s.waitForText('abbreviations expand into each other too deeply — not run.');
	});

	it("an abbreviation name as an argument is not expanded: 'echo zzt' stays 'echo zzt'", async () => {
		const s = await start({ rcExtra: abbreviations });
		await s.run('echo zzt\r');
		assert.deepEqual(lines(s), ['echo zzt']);
		await s.waitForText(/^zzt$/m);
	});
});

describe('fish: other key bindings', () => {
	const start = useShell('fish');

	it('vi key bindings (set at run time, which erases all bindings) -> still judged', async () => {
		const s = await start();
		const dir = s.sentinel();
		await s.run('fish_vi_key_bindings\r');
		const before = s.text.length;
		// ESC and Enter in one write would read as Alt-Enter; wait for normal mode first.
		s.shell.write('rm -rf sentinel\x1b');
		await s.until('normal mode', () => s.text.slice(before).includes('[N]'));
		await s.run('\r');
		assert.equal(lines(s).at(-1), 'rm -rf sentinel');
		assert.ok(exists(dir));
	});

	it('Enter rebound by an event handler after each prompt -> the next Enter is reported unguarded', async () => {
		const s = await start({ rcExtra: 'function tg_unhook; bind \\r execute; end\n', options: { unguardedAfterMs: 300 } });
		await s.run('function tg_late --on-event fish_prompt; tg_unhook; end\r');
		await s.run('echo UN(math 1+1)\r');
		await s.waitForText('UN2');
		await s.until('the unguarded event', () => s.shell.mode === 'unguarded');
		assert.deepEqual(lines(s), ['function tg_late --on-event fish_prompt; tg_unhook; end']);
	});
});

/** zsh through its hook (media/shell/zsh/: a ZDOTDIR that reads the person's files first). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { hookedScenarios, lines, useShell } from './hookedScenarios';
import { exists } from './shellHarness';

hookedScenarios('zsh');

describe('zsh: other ways to accept a line', () => {
	const start = useShell('zsh');

	it('vi mode (bindkey -v): Enter in command mode is judged', async () => {
		const s = await start();
		const dir = s.sentinel();
		await s.run('bindkey -v\r');
		await s.run('rm -rf sentinel\x1b\r');
		assert.equal(lines(s).at(-1), 'rm -rf sentinel');
		assert.ok(exists(dir));
	});

	it("history expansion: '!!:1-3' is judged as the command it expands to", async () => {
		const s = await start();
		const dir = s.sentinel();
		await s.run(': rm -rf sentinel\r');
		await s.run('!!:1-3\r');
		assert.deepEqual(lines(s), [': rm -rf sentinel', 'rm -rf sentinel']);
		assert.ok(exists(dir));
	});
});

describe("zsh: the person's ZDOTDIR", () => {
	const start = useShell('zsh');

	it('a ZDOTDIR set in the environment is where .zshrc is read from, and is given back after startup', async () => {
		const zdotdir = path.join(fs.mkdtempSync(path.join(fs.realpathSync(require('node:os').tmpdir()), 'tg-zdot-')), 'zdot');
		fs.mkdirSync(zdotdir);
		fs.writeFileSync(path.join(zdotdir, '.zshrc'), "PS1='tg%# '\ntg_zdot() { echo ZDOT-$((40+2)); }\n");
		const s = await start({ env: { ZDOTDIR: zdotdir } });
		await s.run('tg_zdot; echo "ZD=$ZDOTDIR"\r');
		await s.waitForText('ZDOT-42');
		await s.waitForText(`ZD=${zdotdir}`);
	});

	it('a login shell (-l) also reads .zprofile and .zlogin', async () => {
		const s = await start({ args: ['-l'], files: { '.zprofile': 'tg_profile=P1\n', '.zlogin': 'tg_login=L1\n' } });
		await s.run('echo "$tg_profile-$tg_login-${ZDOTDIR-unset}"\r');
		await s.waitForText('P1-L1-unset');
	});
});

describe('zsh: a hook switched off is reported', () => {
	const start = useShell('zsh');

	it('a precmd that replaces zle-line-finish after ours -> the next Enter is reported unguarded', async () => {
		const s = await start({ rcExtra: 'tg_noop() { }\ntg_unhook() { zle -N zle-line-finish tg_noop }\n' });
		await s.run('precmd_functions+=(tg_unhook)\r');
		await s.run('echo UN$((1+1))\r');
		await s.waitForText('UN2');
		assert.equal(s.shell.mode, 'unguarded');
		assert.deepEqual(lines(s), ['precmd_functions+=(tg_unhook)']);
	});
});

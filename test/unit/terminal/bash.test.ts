/** bash (≥ 5.1) through its hook (media/shell/bash/init.bash). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { hookedScenarios, lines, useShell } from './hookedScenarios';
import { exists } from './shellHarness';

hookedScenarios('bash');

describe('bash: the keys that run a line without Enter', () => {
	const start = useShell('bash');

	it("'rm -rf sentinel' + Ctrl-O (operate-and-get-next) -> judged, refused", async () => {
		const s = await start();
		const dir = s.sentinel();
		await s.run('rm -rf sentinel\x0f');
		assert.deepEqual(lines(s), ['rm -rf sentinel']);
		assert.ok(exists(dir));
	});

	it('Ctrl-X Ctrl-E puts the edited text back on the line; Enter then judges it', async () => {
		const editor = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-editor-')), 'editor.sh');
		fs.writeFileSync(editor, '#!/bin/sh\necho "rm -rf sentinel" > "$1"\n', { mode: 0o755 });
		const s = await start({ env: { EDITOR: editor, VISUAL: editor } });
		const dir = s.sentinel();
		const before = s.text.length;
		s.shell.write('true\x18\x05');
		await s.until('the edited line', () => s.text.slice(before).includes('rm -rf sentinel'));
		assert.deepEqual(lines(s), [], 'the edited text ran before Enter');
		await s.run('\r');
		assert.deepEqual(lines(s), ['rm -rf sentinel']);
		assert.ok(exists(dir));
	});

	it('vi mode: Enter in command mode is judged', async () => {
		const s = await start();
		const dir = s.sentinel();
		await s.run('set -o vi\r');
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

	it('a login shell (-l) reads ~/.bash_profile instead of ~/.bashrc, and is hooked', async () => {
		const s = await start({ args: ['-l'], files: { '.bash_profile': "PS1='tg$ '\ntg_login() { echo LOGIN-$((40+2)); }\n" } });
		await s.run('tg_login\r');
		await s.waitForText('LOGIN-42');
	});
});

describe('bash: a hook switched off is reported', () => {
	const start = useShell('bash');

	it('a prompt command that rebinds Enter after ours -> the next Enter is reported unguarded', async () => {
		const s = await start({ rcExtra: 'tg_unhook() { bind \'"\\C-m": accept-line\'; }\n' });
		await s.run('PROMPT_COMMAND+=(tg_unhook)\r');
		await s.run('echo UN$((1+1))\r');
		await s.waitForText('UN2');
		assert.equal(s.shell.mode, 'unguarded');
		assert.equal(s.modes.at(-1)?.mode, 'unguarded');
		assert.deepEqual(lines(s), ['PROMPT_COMMAND+=(tg_unhook)']);
	});
});

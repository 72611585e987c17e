/** The small pieces of the guarded terminal that need no shell: launch, judging (input scanning: fallbackUnits.test.ts). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { describeDuration, Judgement, stoppedMessage } from '../../../src/terminal/judging';
import { combine } from '../../../src/terminal/screenGuard';
import { buildLaunch, detectShellKind, findHooksDir, type ShellKind } from '../../../src/terminal/shellLaunch';
import { TypedLine } from '../../../src/terminal/typedLine';
import { VerdictChannel } from '../../../src/terminal/verdictChannel';

describe('TypedLine', () => {
	const t = (keys: string, expected: string) =>
		it(`${JSON.stringify(keys)} -> ${JSON.stringify(expected)}`, () => {
			const typed = new TypedLine();
			typed.add(keys);
			assert.equal(typed.take(), expected);
		});
	t('rm -rf x', 'rm -rf x');
	t('rm -rf xy\x7f', 'rm -rf x');
	t('ls\x15rm x', 'rm x');
	t('echo a bbb\x17', 'echo a');
	t('ls\x1b[Dx', 'lsx');
	t('ls\x03rm', 'rm');
});

describe('combine (screen line, typed line)', () => {
	it("the screen shows what was typed -> the screen's line", () => assert.equal(combine('git rm x', 'rm x'), 'git rm x'));
	it('nothing on the screen -> the typed line', () => assert.equal(combine('', 'rm -rf x'), 'rm -rf x'));
	it('both, different -> both, so either can be refused', () => assert.equal(combine('ls', 'rm -rf x'), 'ls\nrm -rf x'));
});

describe('detectShellKind', () => {
	const t = (shellPath: string, kind: ShellKind) =>
		it(`${shellPath} -> ${kind}`, () => {
			assert.equal(detectShellKind(shellPath), kind);
		});
	t('/bin/bash', 'bash');
	t('/usr/local/bin/zsh', 'zsh');
	t('/opt/homebrew/bin/fish', 'fish');
	t('-zsh', 'zsh');
	t('C:\\Program Files\\Git\\bin\\bash.exe', 'bash');
	t('/bin/dash', 'sh');
	t('/bin/sh', 'sh');
	t('/usr/bin/ksh93', 'sh');
	t('/usr/bin/nu', 'other');
	t('/usr/bin/pwsh', 'other');
});

describe('buildLaunch', () => {
	const base = { shellPath: '/bin/x', env: { HOME: '/h', TERMINAL_GUARD_NONCE: 'leaked' }, hooksDir: '/m', nonce: 'n', fifo: '/f' };

	it('bash -l -> --init-file, login emulated by the init file, secrets in the environment', () => {
		const launch = buildLaunch('bash', { ...base, args: ['-l'] });
		assert.deepEqual(launch.args, ['--init-file', '/m/bash/init.bash']);
		assert.deepEqual(launch.env, { HOME: '/h', TERMINAL_GUARD_NONCE: 'n', TERMINAL_GUARD_FIFO: '/f', TERMINAL_GUARD_LOGIN: '1' });
		assert.ok(launch.hooked);
	});

	it('bash -c … -> started as asked, not hooked', () => {
		const launch = buildLaunch('bash', { ...base, args: ['-c', 'ls'] });
		assert.deepEqual(launch.args, ['-c', 'ls']);
		assert.ok(!launch.hooked);
		assert.equal(launch.env.TERMINAL_GUARD_NONCE, undefined);
	});

	it("zsh with the person's ZDOTDIR -> ours, theirs kept aside", () => {
		const launch = buildLaunch('zsh', { ...base, args: [], env: { ZDOTDIR: '/z' } });
		assert.equal(launch.env.ZDOTDIR, '/m/zsh');
		assert.equal(launch.env.TERMINAL_GUARD_ZDOTDIR, '/z');
	});

	it('zsh started from a terminal whose ZDOTDIR is our zsh-bridge -> the person\'s real one (TERMINAL_GUARD_ZDOTDIR) is kept aside, or none', () => {
		const bridged = buildLaunch('zsh', { ...base, args: [], env: { ZDOTDIR: '/ext/terminal-guard-0.1.0/media/shell/zsh-bridge', TERMINAL_GUARD_ZDOTDIR: '/z' } });
		assert.equal(bridged.env.ZDOTDIR, '/m/zsh');
		assert.equal(bridged.env.TERMINAL_GUARD_ZDOTDIR, '/z');
		const none = buildLaunch('zsh', { ...base, args: [], env: { ZDOTDIR: '/ext/media/shell/zsh-bridge/' } });
		assert.equal(none.env.TERMINAL_GUARD_ZDOTDIR, undefined);
	});

	it('fish -> --init-command sourcing init.fish, quoted for fish', () => {
		const launch = buildLaunch('fish', { ...base, args: ['-l'], hooksDir: "/it's" });
		assert.deepEqual(launch.args, ['-l', '--init-command', "source '/it\\'s/fish/init.fish'"]);
	});

	it("sh -> ENV names the prompt-marking file; the person's ENV is kept aside; not hooked", () => {
		const launch = buildLaunch('sh', { ...base, args: [], env: { ENV: '/e' } });
		assert.equal(launch.env.ENV, '/m/sh/env.sh');
		assert.equal(launch.env.TERMINAL_GUARD_USER_ENV, '/e');
		assert.ok(!launch.hooked);
	});

	it('findHooksDir finds media/shell from the compiled tests', () => {
		assert.ok(fs.existsSync(path.join(findHooksDir(), 'zsh', '.zshrc')));
	});
});

describe('Judgement', () => {
	it('a judge that answers -> its answer', async () => {
		assert.deepEqual(await new Judgement(async () => ({ run: true }), 'ls', '/', 1000).result, { run: true });
	});

	it('a judge that throws synchronously -> do not run', async () => {
		const result = await new Judgement(
			() => {
				throw new Error('bad');
			},
			'ls',
			'/',
			1000,
		).result;
		assert.deepEqual(result, { run: false, message: 'the check failed (bad)' });
	});

	it('cancel -> do not run, and the signal aborts', async () => {
		let signal: AbortSignal | undefined;
		const judgement = new Judgement(
			(_l, _c, s) => {
				signal = s;
				return new Promise(() => undefined);
			},
			'ls',
			'/',
			60_000,
		);
		judgement.cancel('cancelled with Ctrl-C');
		assert.deepEqual(await judgement.result, { run: false, message: 'cancelled with Ctrl-C' });
		assert.ok(signal?.aborted);
	});

	it('messages', () => {
		assert.equal(describeDuration(300_000), '5 minutes');
		assert.equal(describeDuration(1500), '1.5 seconds');
		assert.equal(stoppedMessage(undefined), '■ Terminal Guard stopped: it was not confirmed — not run.');
	});
});

describe('VerdictChannel', () => {
	it('a private FIFO: directory 0700, writes never block, removed on dispose', () => {
		const channel = new VerdictChannel();
		assert.equal(fs.statSync(channel.dir).mode & 0o777, 0o700);
		assert.ok(fs.statSync(channel.fifo).isFIFO());
		channel.write('1 allow\n');
		channel.write('2 deny no\n');
		channel.dispose();
		assert.ok(!fs.existsSync(channel.dir));
	});
});

/**
 * media/shell/bash/gate.bash: `bash -c …` started with BASH_ENV set (as VS Code's environment
 * collection sets it for task and extension terminals) asks a real bridge before the line runs.
 * Real bash, the bundled CLI through a real shim.
 */
import * as assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeShim } from '../../../src/agents/install';
import { eventually, startBridge, type TestBridge } from '../bridge/harness';
import { shellPath } from '../terminal/shellHarness';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const GATE = path.join(ROOT, 'media', 'shell', 'bash', 'gate.bash');
const pty = require('node-pty') as typeof import('node-pty');

describe('bash -c gate (BASH_ENV)', () => {
	let home: string;
	let work: string;
	let bridge: TestBridge;
	let env: Record<string, string>;

	before(async () => {
		home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-gate-home-'));
		work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-gate-work-')));
		for (const name of ['victim', 'victim2', 'victim3']) {
			fs.mkdirSync(path.join(work, name));
		}
		bridge = await startBridge({ runtimeDir: path.join(home, '.terminal-guard', 'run'), folders: [work] });
		const shim = writeShim(home, { node: process.execPath, electron: false, cli: path.join(ROOT, 'dist', 'cli.js') });
		env = { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', BASH_ENV: GATE, TERMINAL_GUARD_GATE: shim };
	});
	after(async () => {
		await bridge.stop().catch(() => undefined);
		fs.rmSync(home, { recursive: true, force: true });
		fs.rmSync(work, { recursive: true, force: true });
	});

	function bash(args: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
		return new Promise((resolve) => {
			const child = spawn(shellPath('bash'), args, { cwd: work, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
			child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
			child.on('exit', (code) => resolve({ code, stdout, stderr }));
		});
	}

	it('a safe line runs as usual, without a question', async () => {
		assert.deepEqual(await bash(['-c', 'echo hi; exit 4']), { code: 4, stdout: 'hi\n', stderr: '' });
		assert.equal(bridge.person.questions.length, 0);
	});

	it('a destructive line waits for the typed name in the editor, and then runs', async () => {
		bridge.person.answers.push('victim');
		const result = await bash(['-c', 'rm -rf victim && echo deleted']);
		assert.deepEqual([result.code, result.stdout], [0, 'deleted\n']);
		assert.equal(bridge.person.questions.at(-1)?.askedBy, 'A task or extension (bash -c / zsh -c)');
		assert.ok(!fs.existsSync(path.join(work, 'victim')));
	});

	it('cancelled in the editor: not run, exit 126, the reason on stderr', async () => {
		bridge.person.answers.push(undefined);
		const result = await bash(['-c', 'rm -rf victim2; echo after']);
		assert.equal(result.code, 126);
		assert.equal(result.stdout, '');
		assert.match(result.stderr, /Terminal Guard stopped: the person cancelled/);
		assert.ok(fs.existsSync(path.join(work, 'victim2')));
	});

	it('bash -c inside a confirmed line is not asked about again', async () => {
		const asked = bridge.person.questions.length;
		bridge.person.answers.push('victim2');
		const result = await bash(['-c', "bash -c 'rm -rf victim2' && echo ok"]);
		assert.deepEqual([result.code, result.stdout], [0, 'ok\n']);
		assert.equal(bridge.person.questions.length, asked + 1);
	});

	it('the marker does not leak: a bash -c that a program of the confirmed line starts is asked about (node, sh then node, an exec\'d node)', async () => {
		// The engine does not read spawn.js, so the line itself looks harmless and is not asked about:
		// only the inner bash -c, started by node, can be — if the gate's marker does not let it through.
		fs.writeFileSync(path.join(work, 'spawn.js'), "require('child_process').execFileSync('bash', ['-c', 'rm -rf ' + process.argv[2]], { stdio: 'inherit' }); console.log('done');\n");
		const node = JSON.stringify(process.execPath);
		for (const [line, victim] of [
			[`${node} spawn.js leak1; echo after`, 'leak1'],
			[`sh -c '${node} spawn.js leak2'; echo after`, 'leak2'],
			[`exec ${node} spawn.js leak3`, 'leak3'],
		] as const) {
			fs.mkdirSync(path.join(work, victim), { recursive: true });
			const asked = bridge.person.questions.length;
			bridge.person.answers.push(undefined); // the inner rm -rf is asked about, and cancelled
			const result = await bash(['-c', line]);
			assert.ok(fs.existsSync(path.join(work, victim)), `${line}: ${victim} survived`);
			assert.equal(bridge.person.questions.length, asked + 1, `${line}: the inner bash -c was asked about`);
			assert.equal(bridge.person.questions[asked].expected, victim);
			assert.match(result.stderr, /Terminal Guard stopped: the person cancelled/);
		}
	});

	it('the marker does not leak: a bash -c started from a gated line does not have it in its environment', async () => {
		const result = await bash(['-c', "bash -c 'env' | grep TERMINAL_GUARD_GATED; sh -c \"bash -c 'env'\" | grep TERMINAL_GUARD_GATED; echo end"]);
		assert.deepEqual([result.code, result.stdout], [0, 'end\n']);
		// Set from outside, by a process that is not the gated shell, the marker is no pass.
		const asked = bridge.person.questions.length;
		bridge.person.answers.push(undefined);
		const forged = await bash(['-c', 'rm -rf victim4x'], { TERMINAL_GUARD_GATED: String(process.pid), TERMINAL_GUARD_GATED_LINE: 'rm -rf victim4x' });
		assert.equal(forged.code, 126);
		assert.equal(bridge.person.questions.length, asked + 1);
	});

	it('$0 and the positional args are judged with the line: "$@" and "$1" forms ask for the real target', async () => {
		fs.mkdirSync(path.join(work, 'victim4'), { recursive: true });
		for (const args of [['-c', '"$@"', '_', 'rm', '-rf', 'victim4'], ['-c', 'rm -rf "$1"', '_', 'victim4'], ['-c', '-l', '"$0" -rf victim4', 'rm']]) {
			const asked = bridge.person.questions.length;
			bridge.person.answers.push(undefined);
			const result = await bash(args);
			assert.equal(result.code, 126, JSON.stringify(args));
			assert.equal(bridge.person.questions.length, asked + 1);
			assert.equal(bridge.person.questions[asked].expected, 'victim4', JSON.stringify(args));
			assert.ok(fs.existsSync(path.join(work, 'victim4')));
		}
		const safe = await bash(['-c', 'echo "$0:$*"', 'zero', 'a', 'b']);
		assert.deepEqual([safe.code, safe.stdout], [0, 'zero:a b\n']);
	});

	it('a gate that is set but missing or not executable stops the line (126), it is not skipped', async () => {
		fs.mkdirSync(path.join(work, 'victim4'), { recursive: true });
		for (const gate of [path.join(home, 'nonexistent'), GATE]) {
			const result = await bash(['-c', 'rm -rf victim4; echo after'], { TERMINAL_GUARD_GATE: gate });
			assert.equal(result.code, 126);
			assert.equal(result.stdout, '');
			assert.match(result.stderr, /Terminal Guard stopped: the gate .* is missing or not executable/);
			assert.ok(fs.existsSync(path.join(work, 'victim4')));
		}
	});

	it('the BASH_ENV the editor had still applies after the gate', async () => {
		const own = path.join(home, 'own-env.sh');
		fs.writeFileSync(own, 'GREETING=from-own-bash-env\n');
		const result = await bash(['-c', 'echo $GREETING'], { TERMINAL_GUARD_USER_BASH_ENV: own });
		assert.equal(result.stdout, 'from-own-bash-env\n');
	});

	it('an interactive bash never reads it: no question, prompt as usual (shell integration untouched)', async () => {
		const asked = bridge.person.questions.length;
		fs.writeFileSync(path.join(home, '.bashrc'), "PS1='tg$ '\n");
		const term = pty.spawn(shellPath('bash'), ['-i'], { cwd: work, env: { ...env, TERM: 'xterm' } });
		let output = '';
		term.onData((d) => (output += d));
		let exited = false;
		term.onExit(() => (exited = true));
		term.write('echo inter""active; rm -rf victim3; exit\r');
		await eventually('the interactive shell ran the line', () => output.includes('interactive'), 10000);
		await eventually('the interactive shell exited', () => exited, 10000);
		assert.equal(bridge.person.questions.length, asked, 'typed lines in an interactive shell are not this gate\'s job');
		fs.mkdirSync(path.join(work, 'victim3'), { recursive: true });
	});

	it('not covered: a script file (bash script.sh) is not gated', async () => {
		const asked = bridge.person.questions.length;
		fs.writeFileSync(path.join(work, 'script.sh'), 'echo from-script\n');
		assert.equal((await bash(['script.sh'])).stdout, 'from-script\n');
		assert.equal(bridge.person.questions.length, asked);
	});

	it('no editor: destructive lines are refused (126), safe ones run', async () => {
		await bridge.stop();
		const refused = await bash(['-c', 'rm -rf victim3']);
		assert.equal(refused.code, 126);
		assert.match(refused.stderr, /no editor with Terminal Guard is running/);
		assert.ok(fs.existsSync(path.join(work, 'victim3')));
		assert.equal(spawnSync(shellPath('bash'), ['-c', 'echo fine'], { cwd: work, env, encoding: 'utf8' }).stdout, 'fine\n');
	});
});

/**
 * `terminal-guard shell` end to end: the bundled CLI (dist/cli.js) on a real pty (node-pty) runs a
 * real bash, and asks a real bridge server (src/bridge/server.ts, found through its discovery file
 * under the throwaway HOME) answered by a scripted person.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { IPty } from 'node-pty';
import { oneShotLine } from '../../../src/agents/shellSession';
import { eventually, startBridge, type TestBridge } from '../bridge/harness';
import { shellPath } from '../terminal/shellHarness';

const pty = require('node-pty') as typeof import('node-pty');
const CLI = path.join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

describe('terminal-guard shell (node-pty, real bridge)', () => {
	let home: string;
	let work: string;
	let bridge: TestBridge;
	let term: IPty;
	let output = '';
	let exitCode: number | undefined;

	// eslint-disable-next-line no-control-regex
	const shown = (): string => output.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '').replace(/\r/g, '');
	const type = (line: string): void => term.write(`${line}\r`);
	/** Waits for `text` to appear after the output seen so far. */
	async function expectOutput(text: string, timeoutMs = 10000): Promise<void> {
		const from = shown().length;
		await eventually(`"${text}" in the terminal; it shows:\n${shown().slice(-600)}`, () => shown().slice(from).includes(text), timeoutMs);
	}

	before(async () => {
		home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-shell-home-'));
		work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-shell-work-')));
		fs.writeFileSync(path.join(home, '.bashrc'), "PS1='tg$ '\n");
		for (const name of ['victim', 'victim2', 'victim3']) {
			fs.mkdirSync(path.join(work, name));
			fs.writeFileSync(path.join(work, name, 'data'), 'keep');
		}
		// The editor's discovery file lives under ~/.terminal-guard/run; HOME points the CLI there.
		bridge = await startBridge({ runtimeDir: path.join(home, '.terminal-guard', 'run'), folders: [work] });
		term = pty.spawn(process.execPath, [CLI, 'shell', '--agent', 'Copilot terminal', '--', shellPath('bash')], {
			cols: 100, rows: 30, cwd: work,
			env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', LANG: 'C.UTF-8' },
		});
		term.onData((d) => (output += d));
		term.onExit(({ exitCode: code }) => (exitCode = code));
		type('echo rea""dy');
		await expectOutput('ready', 20000);
	});

	after(async () => {
		if (exitCode === undefined) {
			term.kill();
		}
		await bridge.stop().catch(() => undefined);
		fs.rmSync(home, { recursive: true, force: true });
		fs.rmSync(work, { recursive: true, force: true });
	});

	it('a destructive line is held until the person types the name in the editor, then runs', async () => {
		const asked = bridge.person.questions.length;
		type('rm -rf victim');
		await eventually('the editor was asked', () => bridge.person.questions.length === asked + 1);
		const question = bridge.person.questions[asked];
		assert.equal(question.expected, 'victim');
		assert.equal(question.cwd, work);
		assert.equal(question.askedBy, 'Copilot terminal');
		// The question is the event: the line was held for it, so nothing of it has run yet.
		assert.ok(fs.existsSync(path.join(work, 'victim')), 'nothing ran while the question was open');
		bridge.person.pending.shift()?.('victim');
		await eventually('victim deleted after confirmation', () => !fs.existsSync(path.join(work, 'victim')));
	});

	it('a wrong name in the editor stops it, and the terminal says why', async () => {
		bridge.person.answers.push('victom');
		type('rm -rf victim2');
		await expectOutput('the person typed "victom", not "victim2"');
		assert.ok(fs.existsSync(path.join(work, 'victim2', 'data')));
	});

	it('safe lines run without a question', async () => {
		const asked = bridge.person.questions.length;
		type('touch made && echo do""ne');
		await expectOutput('done');
		assert.ok(fs.existsSync(path.join(work, 'made')));
		assert.equal(bridge.person.questions.length, asked);
	});

	it('with no editor reachable, destructive lines are refused and safe ones still run', async () => {
		await bridge.stop();
		type('rm -rf victim3');
		await expectOutput('no editor with Terminal Guard is running');
		assert.ok(fs.existsSync(path.join(work, 'victim3', 'data')));
		type('touch made2 && echo ag""ain');
		await expectOutput('again');
		assert.ok(fs.existsSync(path.join(work, 'made2')));
	});

	it('passes the shell\'s exit code through', async () => {
		type('exit 3');
		await eventually('the CLI exited', () => exitCode !== undefined, 10000);
		assert.equal(exitCode, 3);
	});
});

describe('terminal-guard shell -- bash -c … (no terminal: agent hosts that spawn the shell directly)', () => {
	let home: string;
	let work: string;
	let bridge: TestBridge;

	before(async () => {
		home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-oneshot-home-'));
		work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-oneshot-work-')));
		for (const name of ['victim', 'victim2']) {
			fs.mkdirSync(path.join(work, name));
		}
		bridge = await startBridge({ runtimeDir: path.join(home, '.terminal-guard', 'run'), folders: [work] });
	});
	after(async () => {
		await bridge.stop().catch(() => undefined);
		fs.rmSync(home, { recursive: true, force: true });
		fs.rmSync(work, { recursive: true, force: true });
	});

	function run(command: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
		return new Promise((resolve) => {
			const child = spawn(process.execPath, [CLI, 'shell', '--agent', 'Copilot agent host', '--', shellPath('bash'), '-c', command], {
				cwd: work, env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
			child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
			child.on('exit', (code) => resolve({ code, stdout, stderr }));
		});
	}

	it('a safe command runs with its output and exit status, no question asked', async () => {
		const result = await run('echo hi; exit 5');
		assert.deepEqual([result.code, result.stdout], [5, 'hi\n']);
		assert.equal(bridge.person.questions.length, 0);
	});

	it('a destructive command starts only after the name is typed in the editor', async () => {
		bridge.person.answers.push('victim');
		const result = await run('rm -rf victim && echo gone');
		assert.equal(bridge.person.questions[0].askedBy, 'Copilot agent host');
		assert.deepEqual([result.code, result.stdout], [0, 'gone\n']);
		assert.ok(!fs.existsSync(path.join(work, 'victim')));
	});

	it('cancelled in the editor, or no editor: nothing starts, exit 126 and the reason on stderr', async () => {
		bridge.person.answers.push(undefined);
		const cancelled = await run('rm -rf victim2');
		assert.equal(cancelled.code, 126);
		assert.match(cancelled.stderr, /Terminal Guard stopped: the person cancelled the confirmation in the editor/);
		await bridge.stop();
		const alone = await run('rm -rf victim2');
		assert.equal(alone.code, 126);
		assert.match(alone.stderr, /no editor with Terminal Guard is running/);
		assert.ok(fs.existsSync(path.join(work, 'victim2')));
	});
});

describe('terminal-guard shell -- bash … : every way bash takes a command is judged (real processes)', () => {
	let home: string;
	let work: string;
	let bridge: TestBridge;

	before(async () => {
		home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-argv-home-'));
		work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-argv-work-')));
		bridge = await startBridge({ runtimeDir: path.join(home, '.terminal-guard', 'run'), folders: [work] });
	});
	after(async () => {
		await bridge.stop().catch(() => undefined);
		fs.rmSync(home, { recursive: true, force: true });
		fs.rmSync(work, { recursive: true, force: true });
	});

	function run(bashArgs: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
		return new Promise((resolve) => {
			const child = spawn(process.execPath, [CLI, 'shell', '--', shellPath('bash'), ...bashArgs], {
				cwd: work, env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin' }, stdio: ['pipe', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
			child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
			// A stdin session ends with Ctrl-D at the prompt; under load, stop it rather than hang the suite.
			const timer = setTimeout(() => child.kill(), 15000);
			child.on('exit', (code) => {
				clearTimeout(timer);
				resolve({ code, stdout, stderr });
			});
			child.stdin.end(stdin ?? '');
		});
	}

	const forms: [string, string[]][] = [
		['-c -l', ['-c', '-l', 'rm -rf important']],
		['-c --', ['-c', '--', 'rm -rf important']],
		['-c -e', ['-c', '-e', 'rm -rf important']],
		['-c -o pipefail', ['-c', '-o', 'pipefail', 'rm -rf important']],
		['"$@" with the command in the args', ['-c', '"$@"', '_', 'rm', '-rf', 'important']],
		['"$1"', ['-c', 'rm -rf "$1"', '_', 'important']],
	];
	for (const [name, bashArgs] of forms) {
		it(`bash ${name}: the person is asked for "important", and cancelling keeps it`, async () => {
			fs.mkdirSync(path.join(work, 'important'), { recursive: true });
			const asked = bridge.person.questions.length;
			bridge.person.answers.push(undefined);
			const result = await run(bashArgs);
			assert.equal(result.code, 126, result.stderr);
			assert.equal(bridge.person.questions.length, asked + 1);
			assert.equal(bridge.person.questions[asked].expected, 'important');
			assert.ok(fs.existsSync(path.join(work, 'important')));
		});
	}

	it('bash -c "$1" runs after the person types the name, with the args bash was given', async () => {
		fs.mkdirSync(path.join(work, 'important'), { recursive: true });
		bridge.person.answers.push('important');
		const result = await run(['-c', 'rm -rf "$1" && echo "$0 removed $1"', 'me', 'important']);
		assert.deepEqual([result.code, result.stdout], [0, 'me removed important\n']);
		assert.ok(!fs.existsSync(path.join(work, 'important')));
	});

	for (const bashArgs of [['--norc', '--noprofile'], ['-s']]) {
		it(`stdin script (bash ${bashArgs.join(' ')}): each line is judged in the guarded session, nothing unjudged`, async () => {
			fs.mkdirSync(path.join(work, 'important'), { recursive: true });
			await bridge.stop();
			const result = await run(bashArgs, 'rm -rf important\necho after\n');
			assert.match(result.stdout + result.stderr, /no editor with Terminal Guard is running/);
			assert.ok(fs.existsSync(path.join(work, 'important')));
			bridge = await startBridge({ runtimeDir: path.join(home, '.terminal-guard', 'run'), folders: [work] });
		});
	}

	it('argv it cannot read: refused with a reason, exit 126', async () => {
		fs.mkdirSync(path.join(work, 'important'), { recursive: true });
		const result = await run(['-c', '-%', 'rm -rf important']);
		assert.equal(result.code, 126);
		assert.match(result.stderr, /Terminal Guard stopped: it cannot tell what bash would run/);
		assert.ok(fs.existsSync(path.join(work, 'important')));
	});
});

describe('oneShotLine', () => {
	const cases: [string[], string | undefined][] = [
		[[], undefined],
		[['-l'], undefined],
		[['-i', '--login'], undefined],
		[['-c', 'rm -rf x'], 'rm -rf x'],
		[['-lc', 'rm -rf x', 'name'], 'rm -rf x'],
		[['--norc', '--noprofile'], undefined],
		[['-s'], undefined],
		[['-c', '-l', 'rm -rf x'], 'rm -rf x'],
		[['-c', '--', 'rm -rf x'], 'rm -rf x'],
		[['-c', '"$@"', '_', 'rm', '-rf', 'x'], '"rm" "-rf" "x"\nrm -rf x'],
		[['deploy.sh', 'prod'], 'bash deploy.sh prod'],
		[['-e', "it's.sh"], "bash -e 'it'\\''s.sh'"],
	];
	for (const [args, expected] of cases) {
		it(`bash ${JSON.stringify(args)} -> ${JSON.stringify(expected)}`, () => {
			assert.equal(oneShotLine('/usr/bin/bash', args), expected);
		});
	}
});

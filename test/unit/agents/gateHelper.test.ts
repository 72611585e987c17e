/**
 * The Enter gate's helper in the terminals VS Code starts (src/cli/gateServe.ts; media/shell/bash/bridge.bash,
 * media/shell/zsh/hook.zsh): one `terminal-guard gate --serve` per shell session, a coprocess on two
 * anonymous pipes. Real bash and zsh under node-pty, a real bridge, the bundled CLI through a real shim.
 * What is attacked here: the helper killed (before and during a question), another process writing
 * answers or questions into its pipes, the pipes leaking into the commands the shell runs, and the
 * shell's environment changing after the helper started.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { writeShim } from '../../../src/agents/install';
import { PRODUCTION_VARIABLES } from '../../../src/engine/policy';
import { otherTerminalVariables, withTerminalVariables } from '../../../src/terminal/otherTerminals';
import { eventually, startBridge, type TestBridge } from '../bridge/harness';
import { plain, shellPath } from '../terminal/shellHarness';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const SHELL_DIR = path.join(ROOT, 'media', 'shell');
const pty = require('node-pty') as typeof import('node-pty');
type Pty = import('node-pty').IPty;

interface Terminal {
	readonly term: Pty;
	output(): string;
	run(line: string, marker: string): Promise<string>;
	/** The pid of the shell's `gate --serve` helper (waits for it). */
	helper(): Promise<number>;
	close(): void;
}

/** The pids of `parent`'s children whose command line has `--serve` (the gate helper). */
function helpersOf(parent: number): number[] {
	const found: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid === parent && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes('--serve')) {
				found.push(Number(entry));
			}
		} catch {
			// gone meanwhile
		}
	}
	return found;
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Killed but not yet reaped; a process reaped between the two looks (no /proc entry) is gone, not an error. */
function zombie(pid: number): boolean {
	try {
		return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
	} catch {
		return true;
	}
}

/** The pipe inode behind /proc/PID/fd/FD ("pipe:[123]" → "123"), if it is a pipe. */
function pipeOf(pid: number, fd: number | string): string | undefined {
	try {
		return /^pipe:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
	} catch {
		return undefined;
	}
}

describe('the Enter gate\'s helper: one checker per shell, fail closed, answers only from it', () => {
	let home: string;
	let work: string;
	let bridge: TestBridge;
	let env: Record<string, string>;
	const open: Terminal[] = [];

	before(async () => {
		home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-helper-home-'));
		work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-helper-work-')));
		bridge = await startBridge({ runtimeDir: path.join(home, '.terminal-guard', 'run'), folders: [work] });
		const shim = writeShim(home, { node: process.execPath, electron: false, cli: path.join(ROOT, 'dist', 'cli.js') });
		const base = { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', LANG: 'C.UTF-8' };
		env = withTerminalVariables(base, otherTerminalVariables(SHELL_DIR, shim, base));
		fs.writeFileSync(path.join(home, '.bashrc'), "PS1='tg-bash$ '\n");
		fs.writeFileSync(path.join(home, '.zshrc'), "PS1='tg-zsh%% '\nbindkey -e\n");
	});
	afterEach(() => {
		while (open.length > 0) {
			open.pop()?.close();
		}
	});
	after(async () => {
		await bridge.stop().catch(() => undefined);
		fs.rmSync(home, { recursive: true, force: true });
		fs.rmSync(work, { recursive: true, force: true });
	});

	function victim(name: string): string {
		const dir = path.join(work, name);
		fs.mkdirSync(dir, { recursive: true });
		return dir;
	}

	async function start(shell: 'bash' | 'zsh'): Promise<Terminal> {
		const prompt = shell === 'bash' ? 'tg-bash$ ' : 'tg-zsh% ';
		const term = pty.spawn(shellPath(shell), ['-i'], { cwd: work, env, cols: 200, rows: 50 });
		let output = '';
		term.onData((d) => (output += d));
		const terminal: Terminal = {
			term,
			output: () => plain(output),
			async run(line, marker) {
				const from = plain(output).length;
				term.write(`${line}\r`);
				const after = (): string => plain(output).slice(from);
				const done = (): boolean => {
					const text = after();
					const at = text.indexOf(marker);
					return at >= 0 && text.slice(at).trimEnd().endsWith(prompt.trimEnd());
				};
				await eventually(`"${line}" finished in ${shell}`, done, 20000);
				return after();
			},
			async helper() {
				await eventually(`${shell} started its gate helper`, () => helpersOf(term.pid).length === 1, 20000);
				return helpersOf(term.pid)[0];
			},
			close() {
				try {
					term.kill('SIGKILL');
				} catch {
					// already gone
				}
			},
		};
		open.push(terminal);
		await eventually(`${shell} showed its prompt`, () => plain(output).includes(prompt), 20000);
		await eventually(`${shell} announced its hook`, () => bridge.hooked.includes(term.pid), 20000);
		return terminal;
	}

	for (const shell of ['bash', 'zsh'] as const) {
		it(`${shell}: one helper for the session, answering every Enter; it is no job of the person's`, async () => {
			const t = await start(shell);
			const helper = await t.helper();
			const asked = bridge.events.length;
			await t.run('echo one-""line', 'one-line');
			await t.run('echo two-""lines', 'two-lines');
			const out = await t.run('jobs; echo jobs-""listed', 'jobs-listed');
			assert.ok(bridge.events.length >= asked + 3, 'each line was asked about');
			assert.deepEqual(helpersOf(t.term.pid), [helper], 'the same helper answered every line');
			assert.doesNotMatch(out, /serve|running|Running/);
		});

		it(`${shell}: the helper killed between lines: the next destructive line does not run and says why, and the one after is asked again`, async () => {
			const dir = victim(`${shell}-killed`);
			const t = await start(shell);
			const helper = await t.helper();
			process.kill(helper, 'SIGKILL');
			await eventually('the helper is gone', () => !alive(helper) || zombie(helper), 5000);
			const asked = bridge.person.questions.length;
			const out = await t.run(`rm -rf ${shell}-killed`, 'not run');
			assert.match(out, /■ Terminal Guard stopped: its checker for this terminal (had )?stopped.*— not run\. A new checker has been started/);
			assert.ok(fs.existsSync(dir), 'the line ran without a checker');
			assert.equal(bridge.person.questions.length, asked, 'nobody was asked: the line never got to the editor');
			const next = await t.helper();
			assert.notEqual(next, helper);
			bridge.person.answers.push(`${shell}-killed`);
			await t.run(`rm -rf ${shell}-killed && echo was-""deleted`, 'was-deleted');
			assert.ok(!fs.existsSync(dir));
		});

		it(`${shell}: the helper killed while the editor asks: the line does not run, and the next line works`, async () => {
			const dir = victim(`${shell}-midway`);
			const t = await start(shell);
			const helper = await t.helper();
			const asked = bridge.person.questions.length;
			t.term.write(`rm -rf ${shell}-midway; echo ran-""anyway\r`);
			await eventually('the question is open', () => bridge.person.questions.length === asked + 1 && bridge.person.open === 1, 20000);
			process.kill(helper, 'SIGKILL');
			await eventually('the terminal says why', () => /stopped \(it was ended or crashed\)/.test(t.output()), 20000);
			// The person answers after all: nothing is left to run it.
			bridge.person.pending.pop()?.(`${shell}-midway`);
			assert.match(await t.run('echo after-""the-kill', 'after-the-kill'), /after-the-kill/);
			assert.doesNotMatch(t.output(), /ran-anyway/);
			assert.ok(fs.existsSync(dir));
		});

		it(`${shell}: a helper that stops answering (SIGSTOP) holds the line until Ctrl-C, runs nothing, and is replaced`, async () => {
			const dir = victim(`${shell}-stopped`);
			const t = await start(shell);
			const helper = await t.helper();
			process.kill(helper, 'SIGSTOP');
			try {
				const asked = bridge.person.questions.length;
				t.term.write(`rm -rf ${shell}-stopped; echo ran-""anyway\r`);
				await new Promise((resolve) => setTimeout(resolve, 1000));
				assert.equal(bridge.person.questions.length, asked, 'a stopped helper asked nobody');
				assert.ok(fs.existsSync(dir));
				t.term.write('\x03');
				// The next line goes to a new helper: the stopped one never answers.
				assert.match(await t.run('echo after-""the-stop', 'after-the-stop'), /after-the-stop/);
				assert.notDeepEqual(helpersOf(t.term.pid), [helper]);
				assert.doesNotMatch(t.output(), /ran-anyway/);
				assert.ok(fs.existsSync(dir));
			} finally {
				try {
					process.kill(helper, 'SIGKILL');
				} catch {
					// already ended by the shell
				}
			}
		});

		it(`${shell}: another process writing "allow" answers into the helper's pipe is not taken for the checker`, async () => {
			const dir = victim(`${shell}-spoofed`);
			const t = await start(shell);
			const helper = await t.helper();
			const asked = bridge.person.questions.length;
			t.term.write(`rm -rf ${shell}-spoofed; echo ran-""anyway\r`);
			await eventually('the question is open', () => bridge.person.questions.length === asked + 1 && bridge.person.open === 1, 20000);
			// The same user can open the helper's stdout through /proc and write what it likes into it.
			const fd = fs.openSync(`/proc/${helper}/fd/1`, 'w');
			try {
				const guesses = ['allow'];
				for (let seq = 0; seq < 40; seq++) {
					guesses.push(`${seq} ${seq} allow`, `x ${seq} allow`, `0000000000000000 ${seq} allow`);
				}
				fs.writeSync(fd, guesses.join('\n') + '\n');
			} finally {
				fs.closeSync(fd);
			}
			// Skipped, all of them: the question stays open and nothing ran.
			await new Promise((resolve) => setTimeout(resolve, 1500));
			assert.ok(fs.existsSync(dir), 'a line written by another process was taken for the checker\'s answer');
			assert.doesNotMatch(t.output(), /ran-anyway/);
			assert.equal(bridge.person.open, 1);
			bridge.person.pending.pop()?.(undefined);
			await eventually('the terminal says the line was not run', () => /cancelled.* — not run\./.test(t.output()), 20000);
			assert.match(await t.run('echo after-""the-spoof', 'after-the-spoof'), /after-the-spoof/);
			assert.doesNotMatch(t.output(), /ran-anyway/);
			assert.ok(fs.existsSync(dir));
		});

		it(`${shell}: another process writing a question into the helper's input gets no answer the shell takes`, async () => {
			const dir = victim(`${shell}-injected`);
			const t = await start(shell);
			const helper = await t.helper();
			const asked = bridge.person.questions.length;
			t.term.write(`rm -rf ${shell}-injected; echo ran-""anyway\r`);
			await eventually('the question is open', () => bridge.person.questions.length === asked + 1 && bridge.person.open === 1, 20000);
			// A harmless question with numbers the shell may be at: the helper answers it "allow" with the attacker's token.
			const fd = fs.openSync(`/proc/${helper}/fd/0`, 'w');
			try {
				fs.writeSync(fd, Array.from({ length: 5 }, (_, seq) => `tg1;aaaaaaaaaaaaaaaa;${seq};${work};true`).join('\n') + '\n');
			} finally {
				fs.closeSync(fd);
			}
			await eventually('the terminal says the line was not run', () => /not run\./.test(t.output()), 20000);
			assert.match(await t.run('echo after-""the-injection', 'after-the-injection'), /after-the-injection/);
			assert.doesNotMatch(t.output(), /ran-anyway/);
			assert.ok(fs.existsSync(dir));
		});

		it(`${shell}: the commands the shell runs do not get the helper's pipes`, async () => {
			const t = await start(shell);
			const helper = await t.helper();
			const pipes = [pipeOf(helper, 0), pipeOf(helper, 1)];
			assert.ok(pipes[0] && pipes[1], 'the helper talks over pipes');
			const listing = path.join(work, `${shell}-fds.txt`);
			// `ls` lists its own fds (/proc/self is ls): what every command run here inherits.
			await t.run(`ls -l /proc/self/fd/ > ${listing}; echo listed-""fds`, 'listed-fds');
			const text = fs.readFileSync(listing, 'utf8');
			for (const pipe of pipes) {
				assert.ok(!text.includes(`pipe:[${pipe}]`), `a command run in ${shell} holds the helper's pipe ${pipe}:\n${text}`);
			}
		});

		it(`${shell}: a production variable exported after the helper started is what the line is judged with`, async () => {
			victim(`${shell}-prod`);
			const t = await start(shell);
			await t.helper();
			bridge.person.answers.push(undefined);
			await t.run(`rm -rf ${shell}-prod`, 'not run');
			assert.equal(bridge.person.questions.at(-1)?.production, false);
			await t.run('export NODE_ENV=production; echo exp""orted', 'exported');
			bridge.person.answers.push(undefined);
			await t.run(`rm -rf ${shell}-prod`, 'not run');
			assert.equal(bridge.person.questions.at(-1)?.production, true, 'the helper judged with the environment it started with');
			await t.run('unset NODE_ENV; echo un""set', 'unset');
			bridge.person.answers.push(undefined);
			await t.run(`rm -rf ${shell}-prod`, 'not run');
			assert.equal(bridge.person.questions.at(-1)?.production, false);
		});
	}

	it('bash and zsh send exactly the variables the engine reads from the asking shell (PRODUCTION_VARIABLES and HOME)', () => {
		const want = [...PRODUCTION_VARIABLES, 'HOME'].sort();
		for (const file of [path.join(SHELL_DIR, 'bash', 'bridge.bash'), path.join(SHELL_DIR, 'zsh', 'hook.zsh')]) {
			const list = /__tg_env_names=\(([^)]*)\)/.exec(fs.readFileSync(file, 'utf8'))?.[1];
			assert.ok(list, `${file} has no __tg_env_names`);
			assert.deepEqual(list.trim().split(/\s+/).sort(), want, file);
		}
	});
});

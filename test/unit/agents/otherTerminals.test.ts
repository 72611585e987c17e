/**
 * Terminals VS Code starts itself (plain, task and extension terminals), guarded with only the
 * variables "Protect AI Agents…" puts in their environment (src/terminal/otherTerminals.ts): real
 * bash and zsh under node-pty, a real bridge, the bundled CLI through a real shim. VS Code's own
 * shell integration on top of these is tested in the editor (test/integration/otherTerminals.test.ts).
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { writeShim } from '../../../src/agents/install';
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
	/** Types `line` and Enter, then waits until `marker` shows and a prompt after it. */
	run(line: string, marker: string): Promise<string>;
	close(): void;
}

describe('terminals VS Code starts: bash and zsh guarded through their environment', () => {
	let home: string;
	let work: string;
	let bridge: TestBridge;
	let env: Record<string, string>;
	const open: Terminal[] = [];

	before(async () => {
		home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-other-home-'));
		work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-other-work-')));
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

	async function start(shell: 'bash' | 'zsh', extra: Record<string, string> = {}): Promise<Terminal> {
		const prompt = shell === 'bash' ? 'tg-bash$ ' : 'tg-zsh% ';
		const term = pty.spawn(shellPath(shell), ['-i'], { cwd: work, env: { ...env, ...extra }, cols: 200, rows: 50 });
		let output = '';
		term.onData((d) => (output += d));
		const terminal: Terminal = {
			term,
			output: () => plain(output),
			async run(line, marker) {
				const from = plain(output).length;
				term.write(`${line}\r`);
				const after = (): string => plain(output).slice(from);
				// Done when the marker (output the typed text does not contain) is followed by a prompt.
				const done = (): boolean => {
					const text = after();
					const at = text.indexOf(marker);
					return at >= 0 && text.slice(at).trimEnd().endsWith(prompt.trimEnd());
				};
				await eventually(`"${line}" finished in ${shell}`, done, 20000);
				return after();
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
		if (!extra.TERMINAL_GUARD_GATE && !extra.HOME) {
			// The hook tells the editor it is loaded, so the editor can show this terminal as guarded.
			await eventually(`${shell} announced its hook`, () => bridge.hooked.includes(term.pid), 20000);
		}
		return terminal;
	}

	for (const shell of ['bash', 'zsh'] as const) {
		it(`${shell}: a safe line runs without a question`, async () => {
			const t = await start(shell);
			const asked = bridge.person.questions.length;
			const out = await t.run('echo sa""fe-line', 'safe-line');
			assert.match(out, /safe-line/);
			assert.equal(bridge.person.questions.length, asked);
		});

		it(`${shell}: a destructive line waits for the typed name in the editor, then runs`, async () => {
			const dir = victim(`${shell}-victim`);
			const t = await start(shell);
			bridge.person.answers.push(`${shell}-victim`);
			await t.run(`rm -rf ${shell}-victim && echo was-""deleted`, 'was-deleted');
			const q = bridge.person.questions.at(-1);
			assert.equal(q?.line, `rm -rf ${shell}-victim && echo was-""deleted`);
			assert.equal(q?.askedBy, 'A VS Code terminal');
			assert.equal(q?.cwd, work);
			assert.ok(!fs.existsSync(dir));
		});

		it(`${shell}: cancelled in the editor, nothing runs and the terminal says why`, async () => {
			const dir = victim(`${shell}-kept`);
			const t = await start(shell);
			bridge.person.answers.push(undefined);
			const out = await t.run(`rm -rf ${shell}-kept; echo ran-""anyway`, 'Terminal Guard stopped');
			assert.match(t.output(), /■ Terminal Guard stopped: .*cancelled.* — not run\./);
			assert.doesNotMatch(out, /ran-anyway/);
			assert.ok(fs.existsSync(dir));
		});

		it(`${shell}: the refused line can be recalled with Up, and Ctrl-C while the editor asks runs nothing`, async () => {
			const dir = victim(`${shell}-upkey`);
			const t = await start(shell);
			bridge.person.answers.push(undefined);
			await t.run(`rm -rf ${shell}-upkey`, 'Terminal Guard stopped');
			const asked = bridge.person.questions.length;
			// Up recalls the refused line; Enter asks again; Ctrl-C while the question is open withdraws it.
			t.term.write('\x1b[A\r');
			await eventually('the recalled line was asked about again', () => bridge.person.questions.length === asked + 1, 20000);
			await eventually('the question is open', () => bridge.person.open === 1, 20000);
			t.term.write('\x03');
			await eventually('the question was withdrawn', () => bridge.person.open === 0, 20000);
			assert.match(await t.run('echo after-""ctrl-c', 'after-ctrl-c'), /after-ctrl-c/);
			assert.equal(bridge.person.questions.at(-1)?.line, `rm -rf ${shell}-upkey`);
			assert.ok(fs.existsSync(dir));
		});

		it(`${shell}: a missing checker stops every line (fail closed) and says so`, async () => {
			const dir = victim(`${shell}-nochecker`);
			const t = await start(shell, { TERMINAL_GUARD_GATE: path.join(home, 'gone', 'terminal-guard') });
			const out = await t.run(`rm -rf ${shell}-nochecker`, 'not run');
			assert.match(out, /its checker \(.*gone\/terminal-guard\) is missing/);
			assert.ok(fs.existsSync(dir));
		});

		it(`${shell}: no editor running, destructive lines are refused and safe ones run`, async () => {
			const dir = victim(`${shell}-noeditor`);
			// Another HOME: its ~/.terminal-guard/run has no editor in it.
			const elsewhere = path.join(home, 'elsewhere');
			fs.mkdirSync(elsewhere, { recursive: true });
			for (const rc of ['.bashrc', '.zshrc']) {
				fs.copyFileSync(path.join(home, rc), path.join(elsewhere, rc));
			}
			const t = await start(shell, { HOME: elsewhere });
			assert.match(await t.run('echo still-""works', 'still-works'), /still-works/);
			const out = await t.run(`rm -rf ${shell}-noeditor`, 'not run');
			assert.match(out, /no editor with Terminal Guard is running for this folder/);
			assert.ok(fs.existsSync(dir));
		});
	}

	it('bash: a continuation line is judged with the lines before it', async () => {
		const dir = victim('bash-multi');
		const t = await start('bash');
		bridge.person.answers.push(undefined);
		t.term.write('echo first-part && \\\r');
		await eventually('the continuation prompt', () => t.output().trimEnd().endsWith('>'), 20000);
		await t.run('rm -rf bash-multi', 'Terminal Guard stopped');
		assert.equal(bridge.person.questions.at(-1)?.line, 'echo first-part && \\\nrm -rf bash-multi');
		assert.ok(fs.existsSync(dir));
	});

	it('zsh: the person\'s own ZDOTDIR is where their startup files come from, and is given back', async () => {
		const own = path.join(home, 'own-zdotdir');
		fs.mkdirSync(own, { recursive: true });
		fs.writeFileSync(path.join(own, '.zshenv'), 'export FROM_OWN_ZSHENV=yes\n');
		fs.writeFileSync(path.join(own, '.zshrc'), "PS1='tg-zsh%% '\nbindkey -e\nFROM_OWN_ZSHRC=yes\n");
		const variables = otherTerminalVariables(SHELL_DIR, env.TERMINAL_GUARD_GATE, { ZDOTDIR: own });
		const t = await start('zsh', { ...variables.replace });
		const out = await t.run('echo "z"=$ZDOTDIR e=$FROM_OWN_ZSHENV r=$FROM_OWN_ZSHRC', 'z=');
		assert.match(out, new RegExp(`z=${own} e=yes r=yes`));
		// ...and the hook is on.
		const dir = victim('zsh-own');
		bridge.person.answers.push(undefined);
		await t.run('rm -rf zsh-own', 'Terminal Guard stopped');
		assert.ok(fs.existsSync(dir));
	});

	it('bash: a PROMPT_COMMAND the person adds in .bashrc keeps working, and the hook stays on', async () => {
		fs.writeFileSync(path.join(home, '.bashrc'), "PS1='tg-bash$ '\nPROMPT_COMMAND=\"echo \\\"status=\\$?\\\"; $PROMPT_COMMAND\"\n");
		try {
			const t = await start('bash');
			assert.match(await t.run('false', 'status=1'), /status=1/);
			const dir = victim('bash-pc');
			bridge.person.answers.push(undefined);
			await t.run('rm -rf bash-pc', 'Terminal Guard stopped');
			assert.ok(fs.existsSync(dir));
		} finally {
			fs.writeFileSync(path.join(home, '.bashrc'), "PS1='tg-bash$ '\n");
		}
	});

	for (const shell of ['bash', 'zsh'] as const) {
		it(`${shell}: a refused line run again from history (fc -e -, eval "$(fc -ln -1)") asks about the line it runs; a harmless one runs`, async () => {
			const dir = victim(`${shell}-hist`);
			const t = await start(shell);
			bridge.person.answers.push(undefined);
			await t.run(`rm -rf ${shell}-hist`, 'Terminal Guard stopped');
			for (const rerun of ['fc -e - rm', 'eval "$(fc -ln -1)"']) {
				bridge.person.answers.push(undefined);
				await t.run(rerun, 'Terminal Guard stopped');
				assert.match(bridge.person.questions.at(-1)?.line ?? '', new RegExp(`^\\s*rm -rf ${shell}-hist$`), rerun);
				assert.ok(fs.existsSync(dir), `${rerun} deleted the victim`);
			}
			const asked = bridge.person.questions.length;
			await t.run('echo re""run-ok', 'rerun-ok');
			const out = await t.run('fc -e - echo', 'rerun-ok');
			assert.match(out, /rerun-ok/);
			assert.equal(bridge.person.questions.length, asked);
		});
	}

	function zshC(args: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
		return new Promise((resolve) => {
			const child = spawn(shellPath('zsh'), args, { cwd: work, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
			child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
			child.on('exit', (code) => resolve({ code, stdout, stderr }));
		});
	}

	it('zsh -c: a safe string runs with its $0 and args; a destructive one waits for the name', async () => {
		const asked = bridge.person.questions.length;
		assert.deepEqual(await zshC(['-c', 'echo "$0:$*"', 'zero', 'a', 'b']), { code: 0, stdout: 'zero:a b\n', stderr: '' });
		assert.equal(bridge.person.questions.length, asked);
		const dir = victim('zshc-victim');
		bridge.person.answers.push(undefined);
		const refused = await zshC(['-c', 'rm -rf "$1"; echo after', '_', 'zshc-victim']);
		assert.equal(refused.code, 126);
		assert.equal(refused.stdout, '');
		assert.match(refused.stderr, /Terminal Guard stopped/);
		assert.equal(bridge.person.questions.at(-1)?.expected, 'zshc-victim');
		assert.equal(bridge.person.questions.at(-1)?.askedBy, 'A task or extension (bash -c / zsh -c)');
		assert.ok(fs.existsSync(dir));
		bridge.person.answers.push('zshc-victim');
		assert.deepEqual(await zshC(['-c', 'rm -rf zshc-victim && echo gone']), { code: 0, stdout: 'gone\n', stderr: '' });
		assert.ok(!fs.existsSync(dir));
	});

	it('zsh -c: the gate\'s marker does not leak into what the line starts, and one set from outside is no pass', async () => {
		// (A zsh -c that a program of the line starts is not gated at all: the person's ZDOTDIR is given
		// back, so it never reads our .zshenv — a known gap, listed in the README.)
		assert.deepEqual(await zshC(['-c', "zsh -c 'env' | grep TERMINAL_GUARD_GATED; bash -c 'env' | grep TERMINAL_GUARD_GATED; echo end"]), { code: 0, stdout: 'end\n', stderr: '' });
		const dir = victim('zshc-forged');
		const asked = bridge.person.questions.length;
		bridge.person.answers.push(undefined);
		const forged = await zshC(['-c', 'rm -rf zshc-forged'], { TERMINAL_GUARD_GATED: '1' });
		assert.equal(forged.code, 126);
		assert.equal(bridge.person.questions.length, asked + 1);
		assert.ok(fs.existsSync(dir));
	});

	it('zsh -c: a gate that is set but missing stops the string (126), it is not skipped', async () => {
		const dir = victim('zshc-nogate');
		const result = await zshC(['-c', 'rm -rf zshc-nogate; echo after'], { TERMINAL_GUARD_GATE: path.join(home, 'nonexistent') });
		assert.equal(result.code, 126);
		assert.match(result.stderr, /the gate .* is missing or not executable/);
		assert.ok(fs.existsSync(dir));
	});

	it('not covered: zsh -f (no startup files) reads no ZDOTDIR, so zsh -f -c is not gated', async () => {
		const asked = bridge.person.questions.length;
		assert.equal((await zshC(['-f', '-c', 'echo unguarded'])).stdout, 'unguarded\n');
		assert.equal(bridge.person.questions.length, asked);
	});
});

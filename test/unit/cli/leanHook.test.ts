/**
 * The lean agent hook (dist/hook.js, src/cli/hookMain.ts, and dist/hook-tools.js for tools other than a
 * shell command): what is built into it, that it fails closed
 * when its engine cannot load or the editor answers garbage, and that its engine (dist/hook-engine.js on
 * V8's baseline WASM tier, from the code cache or not) gives the same verdict as the engine here on
 * every line of the corpus.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyze, prepare } from '../../../src/engine/analyze';
import { contextFor } from '../../../src/engine/context';
import { personalContext, readPersonalRules } from '../../../src/engine/personalRules';
import type { Verdict } from '../../../src/engine/types';
import { startBridge, type TestBridge } from '../bridge/harness';
import { readRecords } from '../../../src/bridge/discovery';
import { askLocalEngine, localEngineDir } from '../../../src/cli/localEngine';
import { runNode } from '../../shared/process';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const DIST = path.join(ROOT, 'dist');
const BIN = path.join(ROOT, 'bin', 'terminal-guard');
const CORPUS = path.join(ROOT, 'test', 'fixtures', 'corpus');

interface Run { status: number | null; stdout: string; stderr: string }

function run(args: string[], input: string, home: string, cwd = os.tmpdir()): Promise<Run> {
	return runNode(args, { input, home, cwd });
}

function claudeInput(command: string, cwd = os.tmpdir()): string {
	return JSON.stringify({ session_id: 's', cwd, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
}

function decisionOf(r: Run): string | undefined {
	return r.stdout.trim() ? (JSON.parse(r.stdout) as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision : undefined;
}

function tempHome(): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'tg-lean-'));
}

/** Every input file (source path under the repository) that went into a bundle, from esbuild's metafile. */
function bundleInputs(name: string): string[] {
	const meta = JSON.parse(fs.readFileSync(path.join(DIST, 'meta', `${name}.json`), 'utf8')) as { outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown> }> };
	const output = Object.values(meta.outputs).find((o) => o.entryPoint);
	assert.ok(output, `dist/meta/${name}.json names no entry point`);
	return Object.keys(output.inputs);
}

describe('the lean hook bundle', () => {
	it('dist/hook.js holds the bridge client and the agents\' adapters, and neither node-pty, the UI, the terminal code nor the engine', () => {
		const inputs = bundleInputs('hook');
		assert.ok(inputs.some((f) => f.endsWith('src/bridge/client.ts')), 'the bridge client is missing');
		assert.ok(inputs.some((f) => f.endsWith('src/agents/claudeCode.ts')), 'the adapters are missing');
		const forbidden = inputs.filter((f) => /node-pty|web-tree-sitter|tree-sitter-bash|src\/(ui|terminal|onboarding)\/|src\/engine\/(shell|powershell|sql|http)\/|src\/engine\/analyze\.ts/.test(f));
		assert.deepEqual(forbidden, []);
		const text = fs.readFileSync(path.join(DIST, 'hook.js'), 'utf8');
		assert.doesNotMatch(text, /require\(["']node-pty["']\)/);
		assert.doesNotMatch(text, /require\(["']vscode["']\)/);
	});

	it('the tools other than a shell command (file edits, unknown tools, VS Code tasks with jsonc-parser) are in dist/hook-tools.js, required from hook.js, not built into it', () => {
		const rare = /src\/agents\/(toolInput|tasks)\.ts$|jsonc-parser|self-protection-patch/;
		assert.deepEqual(bundleInputs('hook').filter((f) => rare.test(f)), []);
		const tools = bundleInputs('hook-tools');
		for (const part of ['src/agents/toolInput.ts', 'src/agents/tasks.ts', 'jsonc-parser/lib/esm/main.js']) {
			assert.ok(tools.some((f) => f.endsWith(part)), `${part} is not in dist/hook-tools.js`);
		}
		assert.deepEqual(tools.filter((f) => /node-pty|src\/(ui|terminal|onboarding)\/|src\/engine\/analyze\.ts|src\/bridge\//.test(f)), []);
		assert.match(fs.readFileSync(path.join(DIST, 'hook.js'), 'utf8'), /require\("\.\/hook-tools\.js"\)/);
	});

	it('dist/hook-engine.js has the engine and no node-pty, UI or terminal code, and no import() (a code-cached script cannot run one)', () => {
		const inputs = bundleInputs('hook-engine');
		assert.ok(inputs.some((f) => f.endsWith('src/engine/analyze.ts')));
		assert.deepEqual(inputs.filter((f) => /node-pty|src\/(ui|terminal|onboarding)\//.test(f)), []);
		const text = fs.readFileSync(path.join(DIST, 'hook-engine.js'), 'utf8');
		assert.doesNotMatch(text, /require\(["']node-pty["']\)/);
		// (JSDoc types such as `{import('./index.js').RE2JS}` are comments, not calls.)
		assert.doesNotMatch(text, /(?<![{\w.$])import\(\s*["']/);
	});

	it('bin/terminal-guard runs hook through hook-entry.js (which runs hook.js) without loading dist/cli.js', async () => {
		// A process that requires cli.js would have its path in require.cache; ask the hook what it loaded.
		const home = tempHome();
		const probe = path.join(home, 'probe.js');
		fs.writeFileSync(probe, `process.on('exit', () => { process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache))); }); process.argv.splice(1, 1); require(${JSON.stringify(BIN)});`);
		const r = await run([probe, BIN, 'hook', 'claude-code'], claudeInput('git status && ls -la src'), home);
		assert.equal(r.status, 0, r.stderr);
		const loaded = JSON.parse(r.stderr.slice(r.stderr.lastIndexOf('LOADED ') + 7)) as string[];
		assert.ok(loaded.includes(path.join(DIST, 'hook-entry.js')), loaded.join('\n'));
		assert.equal(decisionOf(r), undefined, 'a safe command with no editor gets no decision (hook.js judged it)');
		assert.ok(!loaded.includes(path.join(DIST, 'cli.js')), 'dist/cli.js was loaded');
		assert.ok(!loaded.includes(path.join(DIST, 'hook-tools.js')), 'dist/hook-tools.js was loaded for a shell command');
		// Removing the home also ends the local engine this hook started (localEngineServer.ts).
		fs.rmSync(home, { recursive: true, force: true });
	});
});

describe('the lean hook answered by an editor', () => {
	let bridge: TestBridge;
	let home: string;
	before(async () => {
		home = tempHome();
		fs.mkdirSync(path.join(home, '.terminal-guard'), { mode: 0o700 });
		bridge = await startBridge({ runtimeDir: path.join(home, '.terminal-guard', 'run'), folders: [os.tmpdir()] });
	});
	after(async () => {
		await bridge.stop();
		fs.rmSync(home, { recursive: true, force: true });
	});

	/** The hook through bin/terminal-guard, telling on exit which of Node's modules it loaded. */
	async function probedHook(command: string): Promise<{ run: Run; modules: string[] }> {
		const probe = path.join(home, 'probe.js');
		// Written with fs.writeSync: process.stderr would itself load `net` for a pipe.
		// 'beforeExit' comes only when Node ends the process by itself (its loop ran dry), not at process.exit.
		fs.writeFileSync(probe, `process.on('beforeExit', () => { require('fs').writeSync(2, '\\nLOOP RAN DRY'); }); process.on('exit', () => { require('fs').writeSync(2, '\\nMODULES ' + JSON.stringify(process.moduleLoadList)); }); process.argv.splice(1, 1); require(${JSON.stringify(BIN)});`);
		const r = await run([probe, BIN, 'hook', 'claude-code'], claudeInput(command), home);
		return { run: r, modules: JSON.parse(r.stderr.slice(r.stderr.lastIndexOf('MODULES ') + 8)) as string[] };
	}

	it('a safe line: no decision, exit 0, and neither `net`, a stdin/stdout stream, the ES module loader nor the engine was loaded', async () => {
		const { run: r, modules } = await probedHook('git status && ls -la src');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(decisionOf(r), undefined);
		assert.equal(bridge.events.at(-1)?.outcome, 'allowed', 'the editor was not the one that answered');
		// (`vm` is loaded: hook-entry.js compiles hook.js with it, from V8's code cache.) Nor the public
		// `module`, which on Node 20 loads the ES module loader too (~1.3 ms; compiledModule.ts).
		assert.deepEqual(modules.filter((m) => /^NativeModule (net|stream|internal\/fs\/streams|tty|v8|crypto|module|internal\/modules\/esm\/loader)$/.test(m)), []);
		// It ended at once after its reply, sparing Node's teardown (~0.9 ms; hookMain.ts).
		assert.doesNotMatch(r.stderr, /LOOP RAN DRY/);
	});

	it('a destructive line: asked in the editor, a wrong name refuses it: deny, exit 2, with the reason on stdout and stderr', async () => {
		bridge.person.answers.push('wrong');
		const { run: r } = await probedHook('rm -rf victim');
		assert.equal(r.status, 2, r.stderr);
		assert.equal(decisionOf(r), 'deny');
		assert.match(r.stdout, /typed \\"wrong\\"/);
		assert.match(r.stderr, /typed "wrong"/);
		assert.equal(bridge.person.questions.at(-1)?.line, 'rm -rf victim');
	});

	it('reads an input of many pipe buffers whole (a 300 KB command reaches the editor as sent)', async () => {
		const command = `echo ${'a'.repeat(300 * 1024)}`;
		const r = await run([BIN, 'hook', 'claude-code'], claudeInput(command), home);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(bridge.events.at(-1)?.request.line, command);
	});

	it('a reply larger than a full non-blocking pipe takes reaches the agent whole: the hook ends only once it is out', async () => {
		// The hook ends at once after a reply its synchronous writes got out whole (hookMain.ts). Here
		// they cannot: stdout and stderr are non-blocking pipes nobody reads for a second, so writes
		// fail with EAGAIN and the rest goes through Node's streams, which must drain before the exit.
		const command = `rm -rf victim ${Array.from({ length: 20000 }, (_, i) => `/srv/x${i}`).join(' ')}`;
		const input = path.join(home, 'big-input.json');
		fs.writeFileSync(input, claudeInput(command));
		const harness = [
			'import json, os, select, subprocess, sys, time',
			'out_r, out_w = os.pipe(); err_r, err_w = os.pipe()',
			'os.set_blocking(out_w, False); os.set_blocking(err_w, False)',
			'child = subprocess.Popen(sys.argv[2:], stdin=open(sys.argv[1], "rb"), stdout=out_w, stderr=err_w)',
			'os.close(out_w); os.close(err_w)',
			'time.sleep(1)',
			'got = {out_r: b"", err_r: b""}; open_fds = [out_r, err_r]',
			'while open_fds:',
			'    for fd in select.select(open_fds, [], [])[0]:',
			'        chunk = os.read(fd, 65536)',
			'        if chunk: got[fd] += chunk',
			'        else: open_fds.remove(fd)',
			'print(json.dumps({"status": child.wait(), "stdout": got[out_r].decode(), "stderr": got[err_r].decode()}))',
		].join('\n');
		bridge.person.answers.push('wrong');
		const r = await new Promise<Run>((resolve, reject) => {
			const child = spawn('python3', ['-c', harness, input, process.execPath, BIN, 'hook', 'claude-code'], { env: { ...process.env, HOME: home }, cwd: os.tmpdir() });
			let out = '';
			let err = '';
			child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
			child.on('error', reject);
			child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Run) : reject(new Error(`the harness failed (${code}): ${err}`))));
		});
		assert.equal(r.status, 2, r.stderr.slice(-500));
		assert.equal(bridge.person.questions.at(-1)?.line, command);
		// The same refusal through ordinary (blocking) pipes, read as they fill: what the agent must get.
		bridge.person.answers.push('wrong');
		const whole = await run([BIN, 'hook', 'claude-code'], claudeInput(command), home);
		assert.equal(whole.status, 2);
		assert.ok(whole.stdout.length > 128 * 1024 && whole.stderr.length > 128 * 1024, `the reply (${whole.stdout.length} and ${whole.stderr.length} characters) is not larger than a pipe buffer: this tests nothing`);
		assert.equal(r.stdout.length, whole.stdout.length, 'stdout was cut short');
		assert.equal(r.stdout, whole.stdout);
		assert.equal(r.stderr, whole.stderr);
		assert.equal(decisionOf(r), 'deny');
	});

	it('an input over 32 MB is refused unread: deny, exit 2, and the editor is not asked', async () => {
		const before = bridge.events.length;
		const r = await run([BIN, 'hook', 'claude-code'], claudeInput(`echo ${'a'.repeat(33 * 1024 * 1024)}`), home);
		assert.equal(r.status, 2, r.stderr);
		assert.equal(decisionOf(r), 'deny');
		assert.match(r.stdout, /larger than 32 MB/);
		assert.equal(bridge.events.length, before);
	});
});

describe('the lean hook fails closed', () => {
	const homes: string[] = [];
	after(() => homes.forEach((h) => fs.rmSync(h, { recursive: true, force: true })));

	/** dist/hook.js copied into a folder of its own, beside `engine` (or no engine at all). */
	function isolatedHook(engine: string | undefined, withWasm = true): string {
		const home = tempHome();
		homes.push(home);
		const dir = path.join(home, 'ext', 'dist');
		fs.mkdirSync(dir, { recursive: true });
		fs.copyFileSync(path.join(DIST, 'hook.js'), path.join(dir, 'hook.js'));
		if (engine !== undefined) {
			fs.writeFileSync(path.join(dir, 'hook-engine.js'), engine);
		}
		if (withWasm) {
			for (const wasm of ['tree-sitter.wasm', 'tree-sitter-bash.wasm']) {
				fs.copyFileSync(path.join(DIST, wasm), path.join(dir, wasm));
			}
		}
		return dir;
	}

	async function hookIn(dir: string, command: string): Promise<Run> {
		const runner = path.join(dir, 'run.js');
		fs.writeFileSync(runner, `require(${JSON.stringify(path.join(dir, 'hook.js'))}).run(['hook', 'claude-code']);`);
		return run([runner], claudeInput(command), path.dirname(path.dirname(dir)));
	}

	/** Claude Code's Edit of ~/.claude/settings.json taking the hook out, through the hook in `dir`, no editor. */
	async function hookSettingsEditIn(dir: string): Promise<Run> {
		const home = path.dirname(path.dirname(dir));
		const runner = path.join(dir, 'run.js');
		fs.writeFileSync(runner, `require(${JSON.stringify(path.join(dir, 'hook.js'))}).run(['hook', 'claude-code']);`);
		const edit = JSON.stringify({ session_id: 's', cwd: home, hook_event_name: 'PreToolUse', tool_name: 'Edit', tool_input: { file_path: path.join(home, '.claude', 'settings.json'), old_string: 'hook claude-code', new_string: '' } });
		return run([runner], edit, home, home);
	}

	const broken: [string, string | undefined, boolean][] = [
		['no engine beside it', undefined, true],
		['an engine that throws as it loads', 'throw new Error("broken engine");', true],
		['an engine that exports something else', 'module.exports = { localJudging: { verdict: 42 } };', true],
		['an engine whose verdict never comes back right', 'module.exports = { localJudging: { verdict: async () => { throw new Error("no"); }, editVerdict() {}, describeEdit() {} } };', true],
		['the real engine without its WASM files', fs.readFileSync(path.join(DIST, 'hook-engine.js'), 'utf8'), false],
	];
	for (const [what, engine, withWasm] of broken) {
		it(`${what}, no editor: 'rm -rf victim' -> deny, exit 2`, async () => {
			const r = await hookIn(isolatedHook(engine, withWasm), 'rm -rf victim');
			assert.equal(r.status, 2, r.stderr);
			assert.equal(decisionOf(r), 'deny');
		});
	}

	// (Shell commands need no hook-tools.js: the control below runs without one.)
	it('no hook-tools.js beside it: a file edit of .claude/settings.json -> deny, exit 2, saying what is missing', async () => {
		const dir = isolatedHook(fs.readFileSync(path.join(DIST, 'hook-engine.js'), 'utf8'));
		const r = await hookSettingsEditIn(dir);
		assert.equal(r.status, 2, r.stderr);
		assert.equal(decisionOf(r), 'deny');
		assert.match(r.stderr, /hook-tools\.js/);
	});

	it('with hook-tools.js beside it (the control): the same edit is denied as judged, naming the file', async () => {
		const dir = isolatedHook(fs.readFileSync(path.join(DIST, 'hook-engine.js'), 'utf8'));
		fs.copyFileSync(path.join(DIST, 'hook-tools.js'), path.join(dir, 'hook-tools.js'));
		const r = await hookSettingsEditIn(dir);
		assert.equal(r.status, 2, r.stderr);
		assert.equal(decisionOf(r), 'deny');
		assert.match(r.stderr, /\.claude\/settings\.json/);
		assert.doesNotMatch(r.stderr, /hook-tools\.js/);
	});

	it('the real engine beside it, no hook-tools.js (the control for the cases above): \'rm -rf victim\' -> deny as judged, \'git status\' -> no decision', async () => {
		const dir = isolatedHook(fs.readFileSync(path.join(DIST, 'hook-engine.js'), 'utf8'));
		const denied = await hookIn(dir, 'rm -rf victim');
		assert.equal(denied.status, 2, denied.stderr);
		assert.match(denied.stdout, /Target: victim/);
		const safe = await hookIn(dir, 'git status');
		assert.equal(safe.status, 0, safe.stderr);
		assert.equal(decisionOf(safe), undefined);
	});
});

describe('the lean hook and an editor that answers garbage', () => {
	let home: string;
	let server: net.Server;
	const answers: (string | null)[] = [];

	before(async () => {
		home = tempHome();
		const runDir = path.join(home, '.terminal-guard', 'run');
		fs.mkdirSync(runDir, { recursive: true, mode: 0o700 });
		fs.chmodSync(path.join(home, '.terminal-guard'), 0o700);
		const socket = path.join(runDir, 'bridge-test.sock');
		server = net.createServer((s) => {
			s.once('data', () => {
				const answer = answers.shift();
				if (answer === null || answer === undefined) {
					s.destroy();
				} else {
					s.end(answer);
				}
			});
			s.on('error', () => undefined);
		});
		await new Promise<void>((resolve) => server.listen(socket, resolve));
		const record = { v: 1, pid: process.pid, socket, secret: 'x'.repeat(64), folders: [os.tmpdir()], updated: new Date().toISOString() };
		fs.writeFileSync(path.join(runDir, `window-${process.pid}-0123456789ab.json`), JSON.stringify(record), { mode: 0o600 });
	});
	after(async () => {
		await new Promise<void>((resolve) => server.close(() => resolve()));
		fs.rmSync(home, { recursive: true, force: true });
	});

	const garbage: [string, string | null][] = [
		['not JSON', 'allowed!\n'],
		['"allowed" without a verdict', '{"v":1,"outcome":"allowed"}\n'],
		['"allowed" with a verdict that is not one', '{"v":1,"outcome":"allowed","verdict":{"decision":"yes"}}\n'],
		['an unknown outcome', '{"v":1,"outcome":"fine","verdict":{"decision":"allow","reason":"","targets":[]}}\n'],
		['a closed connection', null],
	];
	for (const [what, answer] of garbage) {
		it(`${what}: 'rm -rf victim' -> deny (the engine here decides), exit 2`, async () => {
			answers.push(answer);
			const r = await run([BIN, 'hook', 'claude-code'], claudeInput('rm -rf victim'), home);
			assert.equal(r.status, 2, r.stderr);
			assert.equal(decisionOf(r), 'deny');
			assert.match(r.stdout, /Target: victim/);
		});
	}
});

describe('the lean hook\'s engine gives the same verdicts as the engine here', () => {
	it('on every line of test/fixtures/corpus, compiled from source, then from the code cache, then asked of the local engine process', async () => {
		const lines: string[] = [];
		for (const file of fs.readdirSync(CORPUS).filter((f) => f.endsWith('.jsonl')).sort()) {
			for (const text of fs.readFileSync(path.join(CORPUS, file), 'utf8').split('\n')) {
				if (text.startsWith('{')) {
					lines.push((JSON.parse(text) as { command: string }).command);
				}
			}
		}
		assert.ok(lines.length > 5000, `only ${lines.length} corpus lines`);
		const home = tempHome();
		const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-lean-cwd-'));
		const realHome = process.env.HOME;
		// The same home on both sides (`~` and "outside the workspace" depend on it).
		process.env.HOME = home;
		try {
			// Here: this process's engine from the sources, with WASM tiering as Node does by default.
			const rules = readPersonalRules(home);
			assert.notEqual(rules.kind, 'refused');
			const personal = personalContext(rules as Exclude<typeof rules, { kind: 'refused' }>, cwd, home);
			const context = contextFor({ cwd, production: personal.production, config: personal.config });
			const expected: string[] = [];
			for (const line of lines) {
				await prepare(line, context);
				expected.push(JSON.stringify(analyze(line, context)));
			}
			// There: dist/hook.js's loadLocal in a process of its own, twice (no code cache yet, then the cache).
			fs.writeFileSync(path.join(home, 'lines.json'), JSON.stringify(lines));
			const script = path.join(home, 'judge.js');
			fs.writeFileSync(script, `
				const fs = require('fs');
				const hook = require(${JSON.stringify(path.join(DIST, 'hook.js'))});
				(async () => {
					const out = [];
					for (const line of JSON.parse(fs.readFileSync(${JSON.stringify(path.join(home, 'lines.json'))}, 'utf8'))) {
						out.push(JSON.stringify(await hook.loadLocal().verdict(line, ${JSON.stringify(cwd)})));
					}
					fs.writeFileSync(process.argv[2], JSON.stringify({ from: hook.engineCompiledFrom(), out }));
				})();`);
			for (const [round, from] of [[1, 'source'], [2, 'cache']] as const) {
				const outFile = path.join(home, `out-${round}.json`);
				const r = await run([script, outFile], '', home, cwd);
				assert.equal(r.status, 0, r.stderr);
				const got = JSON.parse(fs.readFileSync(outFile, 'utf8')) as { from: string; out: string[] };
				assert.equal(got.from, from, `round ${round} compiled the engine from ${got.from}`);
				const differ = lines.flatMap((line, i) => (got.out[i] === expected[i] ? [] : [`${line}\n  here:  ${expected[i]}\n  there: ${got.out[i]}`]));
				assert.deepEqual(differ.slice(0, 5), [], `${differ.length} of ${lines.length} verdicts differ`);
				assert.equal(got.out.length, lines.length);
			}
			// And through the local engine process (dist/hook.js local-engine), as later hooks without an editor ask it.
			const dir = localEngineDir(path.join(DIST, 'hook-engine.js'), home);
			assert.ok(dir);
			fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
			const engine = spawn(process.execPath, [path.join(DIST, 'hook.js'), 'local-engine', dir], { cwd: os.tmpdir(), env: { PATH: process.env.PATH ?? '', HOME: home }, stdio: 'ignore' });
			try {
				const started = Date.now();
				while (readRecords(dir).windows.length === 0) {
					assert.ok(Date.now() - started < 60000, 'the local engine did not start');
					await new Promise((resolve) => setTimeout(resolve, 50));
				}
				const viaEngine: string[] = [];
				for (let i = 0; i < lines.length; i += 16) {
					const batch = await Promise.all(lines.slice(i, i + 16).map((line) => askLocalEngine(dir, line, cwd, undefined, 60000)));
					viaEngine.push(...batch.map((v) => JSON.stringify(v)));
				}
				const differ = lines.flatMap((line, i) => (viaEngine[i] === expected[i] ? [] : [`${line}\n  here:   ${expected[i]}\n  engine: ${viaEngine[i]}`]));
				assert.deepEqual(differ.slice(0, 5), [], `${differ.length} of ${lines.length} verdicts from the local engine differ`);
			} finally {
				engine.kill();
			}
			// Sanity: the comparison is not between two empty lists of allows.
			const decisions = new Set(expected.map((v) => (JSON.parse(v) as Verdict).decision));
			assert.deepEqual([...decisions].sort(), ['allow', 'confirm', 'deny']);
		} finally {
			process.env.HOME = realHome;
			fs.rmSync(home, { recursive: true, force: true });
			fs.rmSync(cwd, { recursive: true, force: true });
		}
	});
});

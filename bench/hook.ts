/**
 * What an agent pays per command for `terminal-guard hook <agent>` (bin/terminal-guard → dist/hook.js),
 * always against `node -e 0` started the same way in the same run (paired: one baseline, one hook,
 * and so on; the ratio is the median of the per-pair ratios):
 *
 * - a safe command (`git status && ls -la src`) with an editor running: a real BridgeServer
 *   (src/bridge/server.ts, the editor's code without vscode) in this process, judging with the real
 *   engine, found through the hook's HOME as an editor window would be (target ≤ 1.2×);
 * - the same with no editor (target ≤ 2×): answered by the local engine process a previous hook started
 *   (src/cli/localEngine.ts); with none running (the hook judges in its own process, code cache warm, and
 *   starts one); and cold (no code cache, no local engine: the first hook after an install or update);
 * - a destructive command with an editor running: from starting the hook process to the bridge
 *   asking the person (the modal being shown), median;
 * - `terminal-guard check --json --stdin` over 15,000 corpus lines, start-up included: lines/s.
 *
 * Run from the repository root: `node esbuild.config.js && node dist/bench/hook.js` (`--quick` for
 * fewer rounds, `--dev` to time the development build instead of the production one it builds, `--bin=OTHER/bin/terminal-guard` to time another build the same way,
 * `--extra-ca` to run every process, the baseline too, with this environment's NODE_EXTRA_CA_CERTS, which Node reads at start-up;
 * `--editor-only` for the first row alone, with the editor's median judging time; `--hold` to keep the editor up and print the
 * command that runs the hook against it, for profiling by hand). The machine's other work shows in the ratios; run it several times.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readRecords } from '../src/bridge/discovery';
import { BridgeServer } from '../src/bridge/server';
import { localEngineDir, localEngineRoot } from '../src/cli/localEngine';
import { analyze, initParser, prepare } from '../src/engine/analyze';
import type { ConfirmQuestion } from '../src/engine/question';
import { productionBuild } from './production';

const QUICK = process.argv.includes('--quick');
const ROUNDS = QUICK ? 10 : 40;
const COLD_ROUNDS = QUICK ? 3 : 8;
const STREAM_ROUNDS = QUICK ? 1 : 3;
const STREAM_LINES = 15000;
const ROOT = path.join(__dirname, '..', '..');
/**
 * `--bin=PATH` times another build's bin/terminal-guard (e.g. the commit before, for a before/after table);
 * `--dev` the development build in dist/; by default the production build, as shipped (bench/production.ts).
 */
/** `--editor-only`: only the first row (the hook an editor answers), for quick before/after runs. */
const EDITOR_ONLY = process.argv.includes('--editor-only');
const BIN_ARG = process.argv.find((a) => a.startsWith('--bin='))?.slice('--bin='.length);
let BIN = BIN_ARG ?? path.join(ROOT, 'bin', 'terminal-guard');
const SAFE = 'git status && ls -la src';
const DESTRUCTIVE = 'rm -rf build-output';

interface Finished { ms: number; status: number | null; stdout: string }

/** Starts `node args` with `env`, feeds `input`, and times it from spawn to exit (all output read). */
function timed(args: string[], env: Record<string, string>, input: string, cwd: string, onStart?: (t: bigint) => void): Promise<Finished> {
	return new Promise((resolve, reject) => {
		const start = process.hrtime.bigint();
		onStart?.(start);
		const child = spawn(process.execPath, args, { cwd, env, stdio: ['pipe', 'pipe', 'ignore'] });
		let stdout = '';
		child.stdout.on('data', (c) => (stdout += c));
		child.on('error', reject);
		child.on('close', (status) => resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, status, stdout }));
		child.stdin.on('error', () => undefined);
		child.stdin.end(input);
	});
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function privateDir(dir: string): string {
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
	fs.chmodSync(dir, 0o700);
	return dir;
}

function hookInput(command: string, cwd: string): string {
	return JSON.stringify({ session_id: 'bench', cwd, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
}

/**
 * CPU seconds (user + system) per run of `node args < inputFile`, from the shell's `times` over `runs`
 * runs in a row: unlike wall time, barely moved by other processes competing for the cores.
 */
function cpuPerRun(args: string[], env: Record<string, string>, inputFile: string, cwd: string, runs: number): Promise<number> {
	const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
	const command = `i=0; while [ $i -lt ${runs} ]; do ${[process.execPath, ...args].map(quote).join(' ')} < ${quote(inputFile)} > /dev/null 2>&1; i=$((i+1)); done; times`;
	return new Promise((resolve, reject) => {
		const child = spawn('/bin/sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'ignore'] });
		let out = '';
		child.stdout.on('data', (c) => (out += c));
		child.on('error', reject);
		child.on('close', () => {
			// Second line: the children's user and system time, e.g. "0m1.230s 0m0.210s".
			const seconds = (out.trim().split('\n')[1] ?? '').match(/(\d+)m([\d.]+)s/g)?.map((t) => {
				const [, m, sec] = /(\d+)m([\d.]+)s/.exec(t) ?? [];
				return Number(m) * 60 + Number(sec);
			});
			if (!seconds || seconds.length !== 2) {
				reject(new Error(`cannot read the shell's times: ${out}`));
				return;
			}
			resolve((seconds[0] + seconds[1]) / runs);
		});
	});
}

interface Paired { baseline: number; measured: number; ratio: number }

/** `rounds` pairs of (node -e 0, the hook), alternating which goes first; every hook's exit status is checked. */
async function paired(rounds: number, env: Record<string, string>, cwd: string, input: string, expectStatus: number, before?: () => Promise<void>): Promise<Paired> {
	const base: number[] = [];
	const hook: number[] = [];
	const ratios: number[] = [];
	for (let i = 0; i < rounds; i++) {
		await before?.();
		const runHook = async (): Promise<number> => {
			const r = await timed([BIN, 'hook', 'claude-code'], env, input, cwd);
			if (r.status !== expectStatus) {
				throw new Error(`the hook exited ${r.status}, not ${expectStatus}: ${r.stdout}`);
			}
			return r.ms;
		};
		const runBase = async (): Promise<number> => (await timed(['-e', '0'], env, '', cwd)).ms;
		let b: number;
		let h: number;
		if (i % 2 === 0) {
			b = await runBase();
			h = await runHook();
		} else {
			h = await runHook();
			b = await runBase();
		}
		base.push(b);
		hook.push(h);
		ratios.push(h / b);
	}
	return { baseline: median(base), measured: median(hook), ratio: median(ratios) };
}

function corpusLines(count: number): string {
	const dir = path.join(ROOT, 'test', 'fixtures', 'corpus');
	const requests: string[] = [];
	for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
		for (const text of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
			if (text.startsWith('{')) {
				const c = JSON.parse(text) as { command: string; shell?: string };
				requests.push(JSON.stringify({ command: c.command, cwd: ROOT, ...(c.shell ? { shell: c.shell } : {}) }));
			}
		}
	}
	const out: string[] = [];
	for (let i = 0; out.length < count; i++) {
		out.push(requests[i % requests.length]);
	}
	return `${out.join('\n')}\n`;
}

async function main(): Promise<void> {
	if (!BIN_ARG && !process.argv.includes('--dev')) {
		BIN = productionBuild(ROOT).bin;
	}
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-bench-hook-'));
	const cwd = path.join(work, 'project');
	fs.mkdirSync(path.join(cwd, 'src'), { recursive: true });
	const editorHome = privateDir(path.join(work, 'editor-home'));
	const noEditorHome = privateDir(path.join(work, 'no-editor-home'));
	const extraCa = process.argv.includes('--extra-ca') ? process.env.NODE_EXTRA_CA_CERTS : undefined;
	if (process.argv.includes('--extra-ca') && !extraCa) {
		throw new Error('--extra-ca: NODE_EXTRA_CA_CERTS is not set in this environment');
	}
	const envOf = (home: string): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...(extraCa ? { NODE_EXTRA_CA_CERTS: extraCa } : {}) });
	// The local engine a hook without an editor starts (none for a build from before it: then nothing waits).
	const engineDir = localEngineDir(path.join(path.dirname(BIN), '..', 'dist', 'hook-engine.js'), noEditorHome);
	const localEngineUp = async (): Promise<void> => {
		for (const start = Date.now(); engineDir && fs.existsSync(engineDir) && Date.now() - start < 10000; await new Promise((r) => setTimeout(r, 20))) {
			if (readRecords(engineDir).windows.length > 0) {
				return;
			}
		}
	};
	/** Waits for a local engine that is starting, then ends every one in the no-editor home. */
	const stopLocalEngines = async (): Promise<void> => {
		await localEngineUp();
		const root = localEngineRoot(noEditorHome);
		for (const dir of fs.existsSync(root) ? fs.readdirSync(root) : []) {
			for (const w of readRecords(path.join(root, dir)).windows) {
				try {
					process.kill(w.record.pid);
				} catch {
					// gone already
				}
			}
		}
		fs.rmSync(root, { recursive: true, force: true });
	};

	// The editor: the bridge's own server, judging with the engine as the extension does (parser loaded once).
	await initParser();
	let asked: bigint | undefined;
	/** How long the editor's side judged each request (ms): part of the hook's wall time, none of its CPU. */
	const judging: number[] = [];
	const server = new BridgeServer({
		judge: async (line, jcwd, env) => {
			const started = process.hrtime.bigint();
			const context = { cwd: jcwd, workspaceFolders: [cwd], env, home: editorHome };
			await prepare(line, context);
			const verdict = analyze(line, context);
			judging.push(Number(process.hrtime.bigint() - started) / 1e6);
			return verdict;
		},
		answerer: () => ({
			confirm: (_q: ConfirmQuestion) => {
				asked ??= process.hrtime.bigint();
				return Promise.resolve(undefined); // the person cancels: the hook denies
			},
		}),
		confirmTimeoutMs: () => 60000,
	}, { runtimeDir: privateDir(path.join(privateDir(path.join(editorHome, '.terminal-guard')), 'run')), folders: [cwd] });
	await server.start();
	try {
		const rows: string[][] = [];
		const verdicts: string[] = [];

		if (process.argv.includes('--hold')) {
			// For profiling by hand: the editor stays up; run the hook with this HOME and input.
			fs.writeFileSync(path.join(work, 'safe.json'), hookInput(SAFE, cwd));
			console.log(`HOME=${editorHome} ${BIN} hook claude-code < ${path.join(work, 'safe.json')}   (cwd ${cwd})`);
			await new Promise(() => undefined);
		}
		// Warm-ups (file cache, the bridge's first judgement), untimed.
		await timed([BIN, 'hook', 'claude-code'], envOf(editorHome), hookInput(SAFE, cwd), cwd);
		await timed([BIN, 'hook', 'claude-code'], envOf(noEditorHome), hookInput(SAFE, cwd), cwd);
		await localEngineUp();

		const inputFile = (name: string, text: string): string => {
			const file = path.join(work, name);
			fs.writeFileSync(file, text);
			return file;
		};
		const safeInput = inputFile('safe.json', hookInput(SAFE, cwd));
		const empty = inputFile('empty', '');
		const cpuRuns = QUICK ? 10 : 30;
		const cpu = async (home: string, before?: () => Promise<void>): Promise<string> => {
			await before?.();
			const base = await cpuPerRun(['-e', '0'], envOf(home), empty, cwd, cpuRuns);
			const hook = before ? await coldCpu(home, before) : await cpuPerRun([BIN, 'hook', 'claude-code'], envOf(home), safeInput, cwd, cpuRuns);
			return `${(hook * 1000).toFixed(0)} / ${(base * 1000).toFixed(0)} ms = ${(hook / base).toFixed(2)}×`;
		};
		const coldCpu = async (home: string, before: () => Promise<void>): Promise<number> => {
			let total = 0;
			for (let i = 0; i < COLD_ROUNDS; i++) {
				await before();
				total += await cpuPerRun([BIN, 'hook', 'claude-code'], envOf(home), safeInput, cwd, 1);
			}
			return total / COLD_ROUNDS;
		};

		const withEditor = await paired(ROUNDS, envOf(editorHome), cwd, hookInput(SAFE, cwd), 0);
		// The engine writes its code cache (hook-engine-*.v8cache) the first time it loads; hook.js's own is hook-<build>-*.
		const editorCache = path.join(editorHome, '.terminal-guard', 'cache');
		const engineLoaded = fs.existsSync(editorCache) && fs.readdirSync(editorCache).some((name) => name.startsWith('hook-engine-'));
		verdicts.push(`safe command, editor running: no decision, exit 0; the hook's own engine ${engineLoaded ? 'WAS loaded (it should not be)' : 'was never loaded'}`);
		rows.push(['hook, safe command, editor running', `${withEditor.measured.toFixed(1)} ms`, `${withEditor.baseline.toFixed(1)} ms`, `${withEditor.ratio.toFixed(2)}×`, await cpu(editorHome), '≤ 1.2×', withEditor.ratio <= 1.2 ? 'met' : 'NOT met']);
		if (EDITOR_ONLY) {
			console.log(`| ${rows[0].join(' | ')} |  (the editor judged each in ${median(judging).toFixed(2)} ms, median)`);
			return;
		}

		const noEditor = await paired(ROUNDS, envOf(noEditorHome), cwd, hookInput(SAFE, cwd), 0);
		rows.push(['hook, safe command, no editor (local engine running, code cache warm)', `${noEditor.measured.toFixed(1)} ms`, `${noEditor.baseline.toFixed(1)} ms`, `${noEditor.ratio.toFixed(2)}×`, await cpu(noEditorHome), '≤ 2×', noEditor.ratio <= 2 ? 'met' : 'NOT met']);

		// The hook judges in its own process (no local engine running; it starts one, ended before the next round).
		const inHook = await paired(COLD_ROUNDS, envOf(noEditorHome), cwd, hookInput(SAFE, cwd), 0, stopLocalEngines);
		rows.push(['hook, safe command, no editor, no local engine running (engine in the hook, code cache warm)', `${inHook.measured.toFixed(1)} ms`, `${inHook.baseline.toFixed(1)} ms`, `${inHook.ratio.toFixed(2)}×`, await cpu(noEditorHome, stopLocalEngines), '—', '—']);

		const cacheDir = path.join(noEditorHome, '.terminal-guard', 'cache');
		const dropCache = async (): Promise<void> => {
			await stopLocalEngines();
			fs.rmSync(cacheDir, { recursive: true, force: true });
		};
		const cold = await paired(COLD_ROUNDS, envOf(noEditorHome), cwd, hookInput(SAFE, cwd), 0, dropCache);
		rows.push(['hook, safe command, no editor, first run (no code cache, no local engine)', `${cold.measured.toFixed(1)} ms`, `${cold.baseline.toFixed(1)} ms`, `${cold.ratio.toFixed(2)}×`, await cpu(noEditorHome, dropCache), '—', '—']);
		await stopLocalEngines();

		// Destructive, editor running: hook start → the person is asked.
		const toModal: number[] = [];
		for (let i = 0; i < ROUNDS; i++) {
			asked = undefined;
			let started = 0n;
			const r = await timed([BIN, 'hook', 'claude-code'], envOf(editorHome), hookInput(DESTRUCTIVE, cwd), cwd, (t) => (started = t));
			if (r.status !== 2 || asked === undefined) {
				throw new Error(`the destructive command was not asked about and denied (exit ${r.status}): ${r.stdout}`);
			}
			toModal.push(Number(asked - started) / 1e6);
		}
		verdicts.push(`'${DESTRUCTIVE}', editor running: asked in the editor every time, cancelled → deny, exit 2`);
		rows.push(['hook, destructive command, editor running: start → modal shown', `${median(toModal).toFixed(1)} ms`, '—', '—', '—', 'report', '—']);

		// check --json --stdin over 15,000 lines, start-up included.
		const stream = corpusLines(STREAM_LINES);
		const streamMs: number[] = [];
		for (let i = 0; i < STREAM_ROUNDS; i++) {
			const r = await timed([BIN, 'check', '--json', '--stdin'], envOf(noEditorHome), stream, cwd);
			const out = r.stdout.split('\n').filter(Boolean).length;
			if (r.status !== 0 || out !== STREAM_LINES) {
				throw new Error(`check --json --stdin exited ${r.status} with ${out} verdicts`);
			}
			streamMs.push(r.ms);
		}
		const perSecond = STREAM_LINES / (median(streamMs) / 1000);
		const streamCpu = await cpuPerRun([BIN, 'check', '--json', '--stdin'], envOf(noEditorHome), inputFile('stream.jsonl', stream), cwd, 1);
		rows.push([`check --json --stdin, ${STREAM_LINES.toLocaleString('en')} corpus lines, start-up included`, `${Math.round(perSecond).toLocaleString('en')} lines/s (${(median(streamMs) / 1000).toFixed(2)} s)`, '—', '—', `${streamCpu.toFixed(2)} s = ${Math.round(STREAM_LINES / streamCpu).toLocaleString('en')} lines per CPU-second`, 'report', '—']);

		console.log(`\n${BIN}: terminal-guard hook (${ROUNDS} paired rounds, ${COLD_ROUNDS} cold; medians; node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; NODE_EXTRA_CA_CERTS ${extraCa ? 'set, for the baseline too' : 'not set'})\n`);
		console.log('| what | wall time (median) | `node -e 0`, same run | ratio (median of pairs) | CPU per run: hook / `node -e 0` | target | |');
		console.log('|---|---|---|---|---|---|---|');
		for (const row of rows) {
			console.log(`| ${row.join(' | ')} |`);
		}
		console.log('');
		for (const line of verdicts) {
			console.log(`  ${line}`);
		}
	} finally {
		await stopLocalEngines().catch(() => undefined);
		await server.dispose();
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});

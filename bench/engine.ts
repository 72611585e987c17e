/**
 * `npm run bench`: the engine's cost, always next to a baseline measured in the same run, so the
 * numbers are ratios that survive a noisy machine.
 *
 * - per command over the corpus: parse alone (baseline) vs the full analysis (parse + unwrap + rules + policy);
 * - the engine before issue #11 (built from git by scripts/bench-baseline.js) vs today's, interleaved;
 * - adversarial 10 KB and 100 KB lines: the same two, and the 100 KB / 10 KB growth (≈10 means linear);
 * - the CLI's JSON Lines mode: verdicts per second vs a Node process that only echoes JSON (baseline);
 * - memory: heap growth after analysing the corpus many times;
 * - metamorphic rewrites of the corpus: how many were checked, and none may weaken a verdict.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import { analyze, initParser } from '../src/engine/analyze';
import { parseLine } from '../src/engine/shell/parse';
import type { AnalysisContext } from '../src/engine/types';
import { runMetamorphic, subjectOf, type Subject } from '../test/unit/engine/metamorphic';
import { productionBuild } from './production';

const ROOT = process.cwd();
const CORPUS = path.join(ROOT, 'test', 'fixtures', 'corpus');

/** Typical user rules (docs/rules.md), for the row that measures them: its baseline is the analysis without them. */
const USER_RULES = {
	deny: ['\\bterraform\\s+destroy\\b.*\\bprod', '^git push --force.*\\bmain$', 'drop\\s+database\\s+(\\w+)', '\\bkubectl\\b.*\\bdelete\\b.*\\bprod', '(^|\\s)mkfs(\\.\\w+)?\\s'],
	patterns: [
		{ id: 'deploy-prod', match: '^make deploy-(prod\\w*)', target: 1 },
		{ id: 'helm', match: '^helm (?:uninstall|delete) (?<release>[\\w-]+)', target: 'release' },
		{ id: 'psql', match: '^psql\\b.*-c\\s+.*\\btruncate\\b' },
		{ id: 'aws', match: '^aws s3 rb (s3://\\S+)', target: 1 },
		{ id: 'wipe', match: '\\bwipe-(\\w+)\\b', target: 1 },
	],
};

function loadCommands(only?: readonly string[]): string[] {
	if (!fs.existsSync(CORPUS)) {
		throw new Error(`no corpus at ${CORPUS}: run the benchmark from the repository root`);
	}
	return fs.readdirSync(CORPUS).filter((f) => f.endsWith('.jsonl') && (!only || only.includes(f))).flatMap((f) =>
		fs.readFileSync(path.join(CORPUS, f), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('//')).map((l) => (JSON.parse(l) as { command: string }).command));
}

/**
 * The corpus lines the metamorphic rewrites apply to, chosen as in test/unit/engine/metamorphic.test.ts:
 * the rewrites are bash syntax and judged in one plain context, so lines for another shell (fish,
 * PowerShell, cmd), for production or for another folder are left out (a fish `(…)` rewritten as bash
 * `V=(…)` is a bash array, not the same command).
 */
function loadMetamorphicCommands(): string[] {
	return fs.readdirSync(CORPUS).filter((f) => f.endsWith('.jsonl') && f !== 'benign.jsonl' && f !== 'powershell.jsonl').flatMap((f) =>
		fs.readFileSync(path.join(CORPUS, f), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('//'))
			.map((l) => JSON.parse(l) as { command: string; production?: boolean; cwd?: string; shell?: string })
			.filter((c) => !c.production && !c.cwd && !c.shell).map((c) => c.command));
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Times fn over every input `rounds` times; returns per-call microseconds, sorted. */
function timeEach(inputs: string[], rounds: number, fn: (s: string) => unknown): number[] {
	const samples: number[] = [];
	for (let r = 0; r < rounds; r++) {
		for (const input of inputs) {
			const start = process.hrtime.bigint();
			fn(input);
			samples.push(Number(process.hrtime.bigint() - start) / 1000);
		}
	}
	return samples.sort((a, b) => a - b);
}

/** Each input's median over `passes` passes through all of them (so other inputs run in between), sorted. */
function roundRobinMedians(inputs: string[], passes: number, fn: (s: string) => unknown): number[] {
	const times: number[][] = inputs.map(() => []);
	for (let pass = 0; pass < passes; pass++) {
		inputs.forEach((input, i) => {
			const start = process.hrtime.bigint();
			fn(input);
			times[i].push(Number(process.hrtime.bigint() - start) / 1000);
		});
	}
	return times.map((t) => percentile(t.sort((a, b) => a - b), 50)).sort((a, b) => a - b);
}

function fmt(us: number): string {
	return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`;
}

function adversarial(size: number): Record<string, string> {
	const repeat = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
	return {
		'long word': repeat('a'),
		'many commands': repeat('echo a && ls -la | grep x; '),
		'open quote': `echo "${repeat('x y ')}`,
		'nested $(': repeat('$(').slice(0, size / 4) + ' rm -rf x',
		'binary garbage': repeat('\u0000\u00ff\u001b[31m\\"\'`|&;<>(){}'),
		'rm with many args': `rm -rf ${repeat('dir ')}`,
	};
}

async function main(): Promise<void> {
	await initParser();
	const context: AnalysisContext = { cwd: ROOT, workspaceFolders: [ROOT], home: os.homedir(), env: {}, readFile: () => undefined };
	const commands = loadCommands();
	const rows: string[][] = [];

	// Warm up the JIT so the first measured rounds are not compile time.
	timeEach(commands, 2, (c) => analyze(c, context));

	const parseOnly = timeEach(commands, 5, (c) => parseLine(c));
	const full = timeEach(commands, 5, (c) => analyze(c, context));
	rows.push(['corpus, every sample', `${commands.length} lines × 5`, fmt(percentile(parseOnly, 50)), fmt(percentile(parseOnly, 99)), fmt(percentile(full, 50)), fmt(percentile(full, 99)), (percentile(full, 50) / percentile(parseOnly, 50)).toFixed(2)]);
	// Each command's median of 7 runs, then percentiles across commands: what a command costs,
	// without the machine's scheduling and GC pauses that dominate the raw p99 on a busy machine.
	const medianOf = (fn: (c: string) => unknown) => commands.map((c) => percentile(timeEach([c], 7, fn), 50)).sort((a, b) => a - b);
	const parseMedians = medianOf((c) => parseLine(c));
	const fullMedians = medianOf((c) => analyze(c, context));
	rows.push(['corpus, per-command median', `${commands.length} lines × 7`, fmt(percentile(parseMedians, 50)), fmt(percentile(parseMedians, 99)), fmt(percentile(fullMedians, 50)), fmt(percentile(fullMedians, 99)), (percentile(fullMedians, 50) / percentile(parseMedians, 50)).toFixed(2)]);
	// The same with every other line run between two runs of one (caches and the JIT's feedback as a
	// terminal finds them: colder than seven runs in a row), for the whole corpus and for the ordinary
	// lines a person types all day (benign.jsonl, shell-safe.jsonl) — issue #14's "one ordinary line".
	const spread = (inputs: string[], fn: (c: string) => unknown) => roundRobinMedians(inputs, 7, fn);
	const fullSpread = spread(commands, (c) => analyze(c, context));
	const parseSpread = spread(commands, (c) => parseLine(c));
	rows.push(['corpus, other lines between runs', `${commands.length} lines × 7`, fmt(percentile(parseSpread, 50)), fmt(percentile(parseSpread, 99)), fmt(percentile(fullSpread, 50)), fmt(percentile(fullSpread, 99)), (percentile(fullSpread, 50) / percentile(parseSpread, 50)).toFixed(2)]);
	const ordinary = loadCommands(['benign.jsonl', 'shell-safe.jsonl']);
	const ordinaryParse = spread(ordinary, (c) => parseLine(c));
	const ordinaryFull = spread(ordinary, (c) => analyze(c, context));
	rows.push(['ordinary lines, others between', `${ordinary.length} lines × 7`, fmt(percentile(ordinaryParse, 50)), fmt(percentile(ordinaryParse, 99)), fmt(percentile(ordinaryFull, 50)), fmt(percentile(ordinaryFull, 99)), (percentile(ordinaryFull, 50) / percentile(ordinaryParse, 50)).toFixed(2)]);

	// The person's own rules: every deny rule and pattern is a regular expression tested on every line.
	const rules: AnalysisContext = { ...context, config: USER_RULES };
	timeEach(commands, 1, (c) => analyze(c, rules));
	const ruled = medianOf((c) => analyze(c, rules));
	rows.push(['corpus with 5 deny + 5 patterns', `${commands.length} lines × 7`, fmt(percentile(fullMedians, 50)), fmt(percentile(fullMedians, 99)), fmt(percentile(ruled, 50)), fmt(percentile(ruled, 99)), (percentile(ruled, 50) / percentile(fullMedians, 50)).toFixed(2)]);

	const growth: string[] = [];
	for (const [name] of Object.entries(adversarial(10_000))) {
		const times: Record<number, { parse: number; full: number }> = {};
		for (const size of [10_000, 100_000]) {
			const line = adversarial(size)[name];
			const p = timeEach([line], 5, (s) => parseLine(s));
			const f = timeEach([line], 5, (s) => analyze(s, context));
			times[size] = { parse: percentile(p, 50), full: percentile(f, 50) };
			rows.push([`${name} (${size / 1000} KB)`, '5 runs', fmt(percentile(p, 50)), fmt(percentile(p, 99)), fmt(percentile(f, 50)), fmt(percentile(f, 99)), (percentile(f, 50) / percentile(p, 50)).toFixed(2)]);
		}
		growth.push(`${name}: parse ×${(times[100_000].parse / times[10_000].parse).toFixed(1)}, full ×${(times[100_000].full / times[10_000].full).toFixed(1)}`);
	}

	console.log('Engine cost per command line (baseline: parsing alone, same run)\n');
	const header = ['input', 'samples', 'parse p50', 'parse p99', 'full p50', 'full p99', 'full/parse (p50)'];
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
	console.log(line(header));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	rows.forEach((r) => console.log(line(r)));
	console.log('\nGrowth from 10 KB to 100 KB (10× input; ≈10 is linear):');
	growth.forEach((g) => console.log(`  ${g}`));

	await baselineEngine(commands, context, new Set(ordinary));

	// Memory: analysing the corpus 20 more times must not keep growing the heap.
	global.gc?.();
	const before = process.memoryUsage();
	for (let i = 0; i < 20; i++) {
		for (const c of commands) {
			analyze(c, context);
		}
	}
	global.gc?.();
	const after = process.memoryUsage();
	console.log(`\nMemory after ${20 * commands.length} more analyses: heap ${(before.heapUsed / 1e6).toFixed(1)} → ${(after.heapUsed / 1e6).toFixed(1)} MB, rss ${(before.rss / 1e6).toFixed(1)} → ${(after.rss / 1e6).toFixed(1)} MB${global.gc ? '' : ' (run node with --expose-gc for exact numbers)'}`);

	benchCli(commands);
	benchModuleLoad();
	benchMetamorphic(loadMetamorphicCommands(), context);
}

/**
 * What loading the engine costs a process (the agent hook without an editor loads dist/hook-engine.js):
 * CPU time (user + system, the process's own count at exit) of a Node process that compiles the
 * production bundle from a V8 code cache, as src/cli/codeCache.ts does, and runs its module code,
 * against `node -e 0` started the same way; pairs alternate, medians of each. `TG_LOAD_RUNS` pairs (default 30).
 */
function benchModuleLoad(): void {
	const runs = Number(process.env.TG_LOAD_RUNS ?? 30);
	const bundle = path.join(productionBuild(ROOT).dist, 'hook-engine.js');
	const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-load-'));
	const exitCpu = "process.on('exit',()=>{const u=process.cpuUsage();process.stdout.write(String(u.user+u.system))});";
	const load = `${exitCpu}const fs=require('fs'),vm=require('vm'),M=require('module'),p=require('path');const f=process.argv[1],c=process.argv[2];`
		+ "const d=fs.existsSync(c)?fs.readFileSync(c):undefined;const s=new vm.Script(M.wrap(fs.readFileSync(f,'utf8')),{filename:f,...(d?{cachedData:d}:{})});"
		+ "const m={exports:{}};s.runInThisContext().call(m.exports,m.exports,M.createRequire(f),m,f,p.dirname(f));if(!d)fs.writeFileSync(c,s.createCachedData());if(d&&s.cachedDataRejected)throw new Error('code cache rejected');";
	const cpu = (args: string[]) => {
		const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
		if (r.status !== 0) {
			throw new Error(`module load run failed: ${r.stderr}`);
		}
		return Number(r.stdout) / 1000;
	};
	const cacheFile = path.join(cache, 'hook-engine.cache');
	try {
		cpu(['-e', load, bundle, cacheFile]);
		const loaded: number[] = [];
		const bare: number[] = [];
		for (let i = 0; i < runs; i++) {
			loaded.push(cpu(['-e', load, bundle, cacheFile]));
			bare.push(cpu(['-e', exitCpu]));
		}
		const median = (v: number[]) => percentile([...v].sort((a, b) => a - b), 50);
		console.log(`\nEngine module load (production hook-engine.js, ${(fs.statSync(bundle).size / 1024).toFixed(0)} KB, from its code cache), CPU per process, median of ${runs} alternating pairs:`);
		console.log(`  node -e 0: ${median(bare).toFixed(1)} ms; loading the engine: ${median(loaded).toFixed(1)} ms; the engine's share: ${(median(loaded) - median(bare)).toFixed(1)} ms (×${(median(loaded) / median(bare)).toFixed(2)})`);
	} finally {
		fs.rmSync(cache, { recursive: true, force: true });
	}
}

/**
 * An earlier engine (scripts/bench-baseline.js builds it from git into dist/bench/baseline-engine.js;
 * by default the one before issue #11) against today's, in this process, on the same lines: each
 * command's median of 7 runs of each, the runs interleaved so the machine's load falls on both alike.
 */
async function baselineEngine(commands: string[], context: AnalysisContext, ordinary: ReadonlySet<string>): Promise<void> {
	const file = path.join(__dirname, 'baseline-engine.js');
	if (!fs.existsSync(file)) {
		console.log('\nBaseline engine: dist/bench/baseline-engine.js missing (node scripts/bench-baseline.js builds it from git)');
		return;
	}
	const base = createRequire(__filename)(file) as { analyze: (line: string, context: AnalysisContext) => unknown; initParser: () => Promise<void> };
	await base.initParser();
	timeEach(commands, 2, (c) => base.analyze(c, context));
	const ours: number[] = [];
	const theirs: number[] = [];
	// The lines both engines judge alike, apart: on the others today's engine does what #11 asked (reads the
	// body, the file written earlier, the value set earlier) where the old one answered without it.
	const alike: { ours: number; theirs: number }[] = [];
	// The lines the corpus held at the baseline commit (scripts/bench-baseline.js): the ordinary lines of then.
	const corpusFile = path.join(__dirname, 'baseline-corpus.json');
	const before = new Set(fs.existsSync(corpusFile) ? (JSON.parse(fs.readFileSync(corpusFile, 'utf8')) as string[]) : []);
	const then: { ours: number; theirs: number }[] = [];
	// The ordinary lines a person types all day (benign.jsonl, shell-safe.jsonl): issue #11's "speed per ordinary line".
	const everyday: { ours: number; theirs: number }[] = [];
	const decision = (v: unknown): unknown => (v as { decision?: unknown }).decision;
	for (const c of commands) {
		const a: number[] = [];
		const b: number[] = [];
		for (let i = 0; i < 7; i++) {
			// Which engine goes first alternates: the second finds Node's own code (path, URL, JSON) warm from the first.
			if (i % 2 === 0) {
				a.push(timeEach([c], 1, (line) => analyze(line, context))[0]);
				b.push(timeEach([c], 1, (line) => base.analyze(line, context))[0]);
			} else {
				b.push(timeEach([c], 1, (line) => base.analyze(line, context))[0]);
				a.push(timeEach([c], 1, (line) => analyze(line, context))[0]);
			}
		}
		ours.push(percentile(a.sort((x, y) => x - y), 50));
		theirs.push(percentile(b.sort((x, y) => x - y), 50));
		if (decision(analyze(c, context)) === decision(base.analyze(c, context))) {
			alike.push({ ours: ours[ours.length - 1], theirs: theirs[theirs.length - 1] });
		}
		if (before.has(c)) {
			then.push({ ours: ours[ours.length - 1], theirs: theirs[theirs.length - 1] });
		}
		if (ordinary.has(c)) {
			everyday.push({ ours: ours[ours.length - 1], theirs: theirs[theirs.length - 1] });
		}
	}
	ours.sort((x, y) => x - y);
	theirs.sort((x, y) => x - y);
	const ref = /The engine at (\w+) \(([^)]*)\)/.exec(fs.readFileSync(file, 'utf8').slice(0, 300));
	const ratio = (p: number) => (percentile(ours, p) / percentile(theirs, p)).toFixed(2);
	console.log(`\nBaseline engine ${ref ? `${ref[2]} (${ref[1].slice(0, 12)})` : '(unknown commit)'} vs today, same lines, interleaved (${commands.length} lines × 7, each command's median):`);
	console.log(`  baseline p50 ${fmt(percentile(theirs, 50))}, p99 ${fmt(percentile(theirs, 99))}; today p50 ${fmt(percentile(ours, 50))}, p99 ${fmt(percentile(ours, 99))}; today/baseline p50 ×${ratio(50)}, p99 ×${ratio(99)}`);
	const alikeOurs = alike.map((t) => t.ours).sort((x, y) => x - y);
	const alikeTheirs = alike.map((t) => t.theirs).sort((x, y) => x - y);
	const alikeRatio = (p: number) => (percentile(alikeOurs, p) / percentile(alikeTheirs, p)).toFixed(2);
	console.log(`  the ${alike.length} lines both judge alike (the other ${commands.length - alike.length} changed verdict with #11): today/baseline p50 ×${alikeRatio(50)}, p99 ×${alikeRatio(99)} (today p99 ${fmt(percentile(alikeOurs, 99))}, baseline ${fmt(percentile(alikeTheirs, 99))})`);
	const everydayOurs = everyday.map((t) => t.ours).sort((x, y) => x - y);
	const everydayTheirs = everyday.map((t) => t.theirs).sort((x, y) => x - y);
	const everydayRatio = (p: number) => (percentile(everydayOurs, p) / percentile(everydayTheirs, p)).toFixed(2);
	console.log(`  the ${everyday.length} ordinary lines (benign.jsonl, shell-safe.jsonl): today p50 ${fmt(percentile(everydayOurs, 50))}, p99 ${fmt(percentile(everydayOurs, 99))}; baseline p50 ${fmt(percentile(everydayTheirs, 50))}, p99 ${fmt(percentile(everydayTheirs, 99))}; today/baseline p50 ×${everydayRatio(50)}, p99 ×${everydayRatio(99)} (issue #11: no worse, ≤ ×1.00)`);
	// The same ordinary lines with every other one run between two runs of one, the two engines taking turns
	// line by line (caches and the JIT's feedback as a person's terminal finds them, between lines typed seconds apart).
	const lines = commands.filter((c) => ordinary.has(c));
	const coldOurs: number[][] = lines.map(() => []);
	const coldTheirs: number[][] = lines.map(() => []);
	for (let pass = 0; pass < 7; pass++) {
		lines.forEach((c, i) => {
			// Alternating which goes first, by line and by pass: run just before on the same line, one engine warms
			// Node's code the other then uses (URL parsing, path, JSON). Today's always first measured its p99 ×1.6 of the
			// baseline's in a harness of this shape, always second ×1.3; taking turns, ×1.37.
			if ((i + pass) % 2 === 0) {
				coldOurs[i].push(timeEach([c], 1, (line) => analyze(line, context))[0]);
				coldTheirs[i].push(timeEach([c], 1, (line) => base.analyze(line, context))[0]);
			} else {
				coldTheirs[i].push(timeEach([c], 1, (line) => base.analyze(line, context))[0]);
				coldOurs[i].push(timeEach([c], 1, (line) => analyze(line, context))[0]);
			}
		});
	}
	const medians = (runs: number[][]) => runs.map((t) => percentile(t.sort((a, b) => a - b), 50)).sort((a, b) => a - b);
	const [coldO, coldT] = [medians(coldOurs), medians(coldTheirs)];
	const coldRatio = (p: number) => (percentile(coldO, p) / percentile(coldT, p)).toFixed(2);
	console.log(`  the same ordinary lines, other lines between two runs of one (colder): today p50 ${fmt(percentile(coldO, 50))}, p99 ${fmt(percentile(coldO, 99))}; baseline p50 ${fmt(percentile(coldT, 50))}, p99 ${fmt(percentile(coldT, 99))}; today/baseline p50 ×${coldRatio(50)}, p99 ×${coldRatio(99)}`);
	if (then.length > 0) {
		const thenOurs = then.map((t) => t.ours).sort((x, y) => x - y);
		const thenTheirs = then.map((t) => t.theirs).sort((x, y) => x - y);
		const thenRatio = (p: number) => (percentile(thenOurs, p) / percentile(thenTheirs, p)).toFixed(2);
		console.log(`  the ${then.length} corpus lines whose text the corpus held at the baseline (${before.size} distinct lines then; the others were added with #11 and after): today p50 ${fmt(percentile(thenOurs, 50))}, p99 ${fmt(percentile(thenOurs, 99))}; baseline p50 ${fmt(percentile(thenTheirs, 50))}, p99 ${fmt(percentile(thenTheirs, 99))}; today/baseline p50 ×${thenRatio(50)}, p99 ×${thenRatio(99)}`);
	}
}

/**
 * Metamorphic rewrites (test/unit/engine/metamorphic.ts) in bulk: ten times the runs of `npm test`,
 * with a seed printed so a failure can be replayed (`TG_META_SEED=… npm run bench`).
 */
function benchMetamorphic(commands: string[], context: AnalysisContext): void {
	const seed = Number(process.env.TG_META_SEED ?? Date.now() % 1_000_000_007);
	const runs = Number(process.env.TG_META_RUNS ?? 40_000);
	const subjects = commands.map((c) => subjectOf(c)).filter((s): s is Subject => s !== undefined);
	const started = process.hrtime.bigint();
	const { checked, failures } = runMetamorphic(subjects, (line) => analyze(line, context), runs, seed);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const total = Object.values(checked).reduce((a, b) => a + b, 0);
	console.log(`
Metamorphic rewrites (seed ${seed}): ${total} checked over ${subjects.length} rewritable corpus lines in ${seconds.toFixed(1)} s, ${failures.length} weakened a verdict or changed a target`);
	console.log(`  by rewrite: ${Object.entries(checked).map(([k, v]) => `${k} ${v}`).join(', ')}`);
	for (const f of failures) {
		console.log(`  FAIL ${f}`);
	}
	if (failures.length > 0) {
		process.exitCode = 1;
	}
}

/** The CLI's JSON Lines mode against a process that only parses and echoes JSON. */
function benchCli(commands: string[]): void {
	const cli = path.join(ROOT, 'dist', 'cli.js');
	if (!fs.existsSync(cli)) {
		console.log('\nCLI: dist/cli.js missing (run npm run build)');
		return;
	}
	const lines: string[] = [];
	while (lines.length < 20_000) {
		for (const c of commands) {
			lines.push(JSON.stringify({ command: c, cwd: ROOT }));
		}
	}
	const input = lines.slice(0, 20_000).join('\n') + '\n';
	const echo = 'const r=require("readline").createInterface({input:process.stdin});let o="";r.on("line",l=>{const j=JSON.parse(l);o+=JSON.stringify({decision:"allow",command:j.command})+"\\n";if(o.length>65536){process.stdout.write(o);o=""}});r.on("close",()=>process.stdout.write(o));';
	const run = (args: string[]) => {
		const start = process.hrtime.bigint();
		const result = spawnSync(process.execPath, args, { input, maxBuffer: 1 << 28, cwd: ROOT });
		const seconds = Number(process.hrtime.bigint() - start) / 1e9;
		const out = result.stdout.toString().trim().split('\n').length;
		return { seconds, out, status: result.status };
	};
	const baseline = run(['-e', echo]);
	const guard = run([cli, 'check', '--json', '--stdin']);
	console.log(`\nCLI JSON Lines, 20,000 command lines (one process each, start-up included):`);
	console.log(`  baseline (node echoing JSON): ${baseline.seconds.toFixed(2)} s, ${(20_000 / baseline.seconds).toFixed(0)} lines/s`);
	console.log(`  terminal-guard check --json --stdin: ${guard.seconds.toFixed(2)} s, ${(20_000 / guard.seconds).toFixed(0)} lines/s, ${guard.out} verdicts, exit ${guard.status}`);
	console.log(`  ratio guard/baseline time: ${(guard.seconds / baseline.seconds).toFixed(1)}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});

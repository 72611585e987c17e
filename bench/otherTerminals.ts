/**
 * What guarding the terminals VS Code starts (src/terminal/otherTerminals.ts) costs per Enter, against
 * the same shell without it, in the same run: bash and zsh started with the variables the extension
 * sets, a real bridge in this process judging with the real engine, the real shim and CLI. Each shell
 * keeps one `terminal-guard gate --serve` helper for its session (src/cli/gateServe.ts), so an Enter
 * is one round trip: shell → helper → editor's bridge → back. The target (issue #14) is a median of at
 * most +5 ms over the raw shell; `node -e 0` is printed too, as what a Node start per Enter would cost.
 * fish has no Enter hook in these terminals (only in the guarded terminal), so there is nothing to time.
 *
 * Run from the repository root: `node esbuild.config.js && node dist/bench/otherTerminals.js`
 * (`--quick` for fewer rounds; the gate helper is the production build unless `--dev`, or another build's with `--dist=DIR`). Shells that are not installed are listed and skipped.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { IPty } from 'node-pty';
import { writeShim } from '../src/agents/install';
import { BridgeServer } from '../src/bridge/server';
import { analyze, initParser } from '../src/engine/analyze';
import { otherTerminalVariables, withTerminalVariables } from '../src/terminal/otherTerminals';
import { productionBuild } from './production';

const pty = require('node-pty') as typeof import('node-pty');

type Shell = 'bash' | 'zsh';
const QUICK = process.argv.includes('--quick');
/** `--dist=DIR`: the gate helper of another build's dist/ (e.g. the commit before, for a before/after table). */
const DIST_ARG = process.argv.find((a) => a.startsWith('--dist='))?.slice('--dist='.length);
const ROUNDS = QUICK ? 15 : 60;
/** Untimed rounds first: the helper's own start-up (Node, in the background from the first prompt) is not an Enter's cost. */
const WARMUP = 5;
const TARGET_MS = 5;
const MARK = '@@TGP@@';
const ROOT = process.cwd();

function which(shell: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		if (fs.existsSync(path.join(dir, shell))) {
			return path.join(dir, shell);
		}
	}
	return undefined;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function p90(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))];
}

/** A shell on node-pty; `run(n)` types `echo @@"n"@@` and resolves when the output and the next prompt are in. */
async function start(shell: Shell, env: Record<string, string>): Promise<{ run(n: number): Promise<void>; close(): void; readonly pid: number }> {
	const proc: IPty = pty.spawn(which(shell) ?? shell, ['-i'], { name: 'xterm-256color', cols: 160, rows: 30, cwd: env.HOME, env });
	let seen = '';
	// Checked as output arrives, not polled: a polling loop here would take a core from the shells being timed.
	let check: (() => void) | undefined;
	proc.onData((d) => {
		seen += d;
		check?.();
	});
	const until = (test: () => boolean, what: string): Promise<void> =>
		new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => {
				check = undefined;
				reject(new Error(`${shell}: timed out waiting for ${what}; last output: ${JSON.stringify(seen.slice(-300))}`));
			}, 30_000);
			check = () => {
				if (test()) {
					check = undefined;
					clearTimeout(timer);
					resolve();
				}
			};
			check();
		});
	await until(() => seen.includes(MARK), 'the first prompt');
	await sleep(300);
	return {
		async run(n) {
			seen = '';
			proc.write(`echo @@"${n}"@@\r`);
			const out = `@@${n}@@`;
			await until(() => {
				const at = seen.indexOf(`${out}\r\n`);
				return at >= 0 && seen.indexOf(MARK, at) >= 0;
			}, `round ${n}`);
		},
		close: () => proc.kill(),
		pid: proc.pid,
	};
}

/** CPU nanoseconds the shell `shellPid`'s gate helper has used (/proc/PID/schedstat), or undefined without one. */
function helperCpuNs(shellPid: number): number | undefined {
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid === shellPid && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes('--serve')) {
				return Number(fs.readFileSync(`/proc/${entry}/schedstat`, 'utf8').split(' ')[0]);
			}
		} catch {
			// a process that ended while we looked
		}
	}
	return undefined;
}

/** Raw and guarded side by side, their rounds alternating, so a change in the machine's load hits both alike. */
async function timePair(shell: Shell, rawEnv: Record<string, string>, guardedEnv: Record<string, string>): Promise<{ raw: number[]; guarded: number[]; helperCpuMs?: number }> {
	const raw = await start(shell, rawEnv);
	const guarded = await start(shell, guardedEnv);
	try {
		const ms: { raw: number[]; guarded: number[]; helperCpuMs?: number } = { raw: [], guarded: [] };
		let cpuAtStart: number | undefined;
		for (let i = 0; i < WARMUP + ROUNDS; i++) {
			if (i === WARMUP) {
				cpuAtStart = helperCpuNs(guarded.pid);
			}
			for (const [term, into] of [[raw, ms.raw], [guarded, ms.guarded]] as const) {
				const t = process.hrtime.bigint();
				await term.run(i);
				if (i >= WARMUP) {
					into.push(Number(process.hrtime.bigint() - t) / 1e6);
				}
			}
		}
		// The helper's own CPU per Enter: barely moved by the machine's load, unlike the wall times.
		const cpuAtEnd = helperCpuNs(guarded.pid);
		if (cpuAtStart !== undefined && cpuAtEnd !== undefined) {
			ms.helperCpuMs = (cpuAtEnd - cpuAtStart) / 1e6 / ROUNDS;
		}
		return ms;
	} finally {
		raw.close();
		guarded.close();
	}
}

function nodeStart(): number[] {
	const ms: number[] = [];
	for (let i = 0; i < ROUNDS; i++) {
		const t = process.hrtime.bigint();
		spawnSync(process.execPath, ['-e', '0']);
		ms.push(Number(process.hrtime.bigint() - t) / 1e6);
	}
	return ms;
}

async function main(): Promise<void> {
	await initParser();
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-bench-other-'));
	fs.writeFileSync(path.join(home, '.bashrc'), `PS1='${MARK}'\n`);
	fs.writeFileSync(path.join(home, '.zshrc'), `PS1='${MARK}'\n`);
	let asked = 0;
	const bridge = new BridgeServer({
		judge: (line, cwd, env) => Promise.resolve(analyze(line, { cwd, workspaceFolders: [home], env, home })),
		answerer: () => ({ confirm: () => Promise.resolve(undefined), refused: () => Promise.resolve() }),
		confirmTimeoutMs: () => 60_000,
		onEvent: () => asked++,
	}, { runtimeDir: path.join(home, '.terminal-guard', 'run'), folders: [home] });
	await bridge.start();
	try {
		const shim = writeShim(home, { node: process.execPath, electron: false, cli: path.join(DIST_ARG ?? (process.argv.includes('--dev') ? path.join(ROOT, 'dist') : productionBuild(ROOT).dist), 'cli.js') });
		const plain = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TERM: 'xterm-256color', LANG: 'C.UTF-8' };
		const guarded = withTerminalVariables(plain, otherTerminalVariables(path.join(ROOT, 'media', 'shell'), shim, plain));
		console.log(`\nTerminals VS Code starts, guarded through their environment: Enter → output → next prompt, ${ROUNDS} rounds each after ${WARMUP} untimed, raw and guarded alternating (ms)`);
		const floor = median(nodeStart());
		console.log(`  node -e 0, spawned from this process (what a Node start per Enter would add, plus spawnSync's own cost): median ${floor.toFixed(1)}`);
		console.log('  fish: no Enter hook in the terminals VS Code starts (only in the guarded terminal), nothing to time');
		for (const shell of ['bash', 'zsh'] as const) {
			if (!which(shell)) {
				console.log(`  ${shell}: not installed, skipped`);
				continue;
			}
			const before = asked;
			const { raw, guarded: withGuard, helperCpuMs } = await timePair(shell, plain, guarded);
			if (asked - before !== WARMUP + ROUNDS) {
				throw new Error(`${shell}: the editor was asked ${asked - before} times for ${WARMUP + ROUNDS} lines — the hook did not check every line`);
			}
			const added = median(withGuard) - median(raw);
			console.log(`  ${shell}: every one of the ${WARMUP + ROUNDS} lines was asked about · raw median ${median(raw).toFixed(2)} p90 ${p90(raw).toFixed(2)} · guarded median ${median(withGuard).toFixed(2)} p90 ${p90(withGuard).toFixed(2)} · adds ${added.toFixed(2)} ms (target ≤ +${TARGET_MS}: ${added <= TARGET_MS ? 'met' : 'NOT met'}) · the helper's CPU per Enter ${helperCpuMs === undefined ? 'not found (no helper running)' : `${helperCpuMs.toFixed(2)} ms`}`);
		}
	} finally {
		await bridge.dispose();
		fs.rmSync(home, { recursive: true, force: true });
	}
	process.exit(0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

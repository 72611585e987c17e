/**
 * The guarded terminal's cost, always against raw node-pty running the same shell in the same run:
 *
 * - output throughput: `seq 1 2000000` (≈ 16.9 MB) from Enter to the next prompt, guarded / raw
 *   (aim ≥ 0.95);
 * - Enter → next prompt for a safe command (`:`), per shell: median and p99, raw and guarded (the
 *   guard's judge is the real engine), and what the guard adds (aim < 5 ms at the median).
 *
 * Run from the repository root: `node esbuild.config.js && node dist/bench/terminal.js`
 * (`--quick` for fewer rounds). Shells that are not installed are listed and skipped.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IPty } from 'node-pty';
import { analyze, initParser } from '../src/engine/analyze';
import { GuardedShell } from '../src/terminal/guardedShell';

const pty = require('node-pty') as typeof import('node-pty');

type Shell = 'bash' | 'zsh' | 'fish';
const QUICK = process.argv.includes('--quick');
const LATENCY_ROUNDS = QUICK ? 50 : 300;
const THROUGHPUT_ROUNDS = QUICK ? 1 : 5;
const SEQ = 'seq 1 2000000';
const MARK = '@@TGB@@';

/** Something that takes a line and says when the next prompt is up. */
interface Driver {
	/** Writes `line` + Enter; resolves at the next prompt with the bytes of output seen meanwhile. */
	run(line: string): Promise<number>;
	close(): void;
}

function which(shell: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		if (fs.existsSync(path.join(dir, shell))) {
			return path.join(dir, shell);
		}
	}
	return undefined;
}

const ENV: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: fs.mkdtempSync(path.join(process.cwd(), 'dist', 'bench', 'home-')), TERM: 'xterm-256color', LANG: 'C.UTF-8' };

/** The guarded shells read rc files: give them the raw shells' bare prompt, so both do the same work. */
function writeRcFiles(): void {
	const files: Record<string, string> = {
		'.bashrc': `PS1='${MARK}'\n`,
		'.zshrc': `PS1='${MARK}'\n`,
		'.config/fish/config.fish': `function fish_prompt; printf '${MARK}'; end\n`,
		// An existing directory keeps fish from generating completions from man pages on first start.
		'.local/share/fish/generated_completions/.keep': '',
	};
	for (const [name, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(ENV.HOME, name)), { recursive: true });
		fs.writeFileSync(path.join(ENV.HOME, name), text);
	}
}

/** The shell started without any rc file, with a prompt we can spot. */
async function rawDriver(shell: Shell): Promise<Driver> {
	const file = which(shell) ?? shell;
	const args = shell === 'bash' ? ['--norc', '--noprofile'] : shell === 'zsh' ? ['-f'] : ['--no-config', '-C', `function fish_prompt; printf '${MARK}'; end`];
	const env = { ...ENV, PS1: MARK, PROMPT: MARK };
	const proc: IPty = pty.spawn(file, args, { name: 'xterm-256color', cols: 120, rows: 30, cwd: process.cwd(), env });
	let waiter: ((bytes: number) => void) | undefined;
	let tail = '';
	let bytes = 0;
	proc.onData((data) => {
		bytes += data.length;
		tail = (tail + data).slice(-64);
		if (waiter && tail.includes(MARK)) {
			tail = '';
			const done = waiter;
			waiter = undefined;
			done(bytes);
		}
	});
	const next = (): Promise<number> => new Promise((resolve) => (waiter = resolve));
	if (shell === 'zsh') {
		proc.write(`PS1='${MARK}'\r`);
	}
	await Promise.race([next(), sleep(3000)]);
	await sleep(200);
	tail = '';
	return {
		run: async (line) => {
			bytes = 0;
			const done = next();
			proc.write(`${line}\r`);
			return done;
		},
		close: () => proc.kill(),
	};
}

/** The same shell through GuardedShell, judged by the real engine. */
async function guardedDriver(shell: Shell): Promise<Driver> {
	const guarded = new GuardedShell({
		shellPath: which(shell) ?? shell,
		cwd: process.cwd(),
		env: ENV,
		cols: 120,
		rows: 30,
		judge: async (line, cwd) => ({ run: analyze(line, { cwd, workspaceFolders: [cwd], env: {} }).decision === 'allow' }),
	});
	let bytes = 0;
	let waiter: (() => void) | undefined;
	guarded.onData((data) => (bytes += data.length));
	guarded.onPrompt(() => {
		const done = waiter;
		waiter = undefined;
		done?.();
	});
	const next = (): Promise<void> => new Promise((resolve) => (waiter = resolve));
	await Promise.race([next(), sleep(10_000)]);
	if (guarded.mode !== 'hooked') {
		throw new Error(`${shell}: the guard is in ${guarded.mode} mode`);
	}
	return {
		run: async (line) => {
			bytes = 0;
			const done = next();
			guarded.write(`${line}\r`);
			await done;
			return bytes;
		},
		close: () => guarded.kill(),
	};
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timeRuns(driver: Driver, line: string, rounds: number): Promise<{ ms: number[]; bytes: number }> {
	const ms: number[] = [];
	let bytes = 0;
	for (let i = 0; i < rounds; i++) {
		const start = process.hrtime.bigint();
		bytes = await driver.run(line);
		ms.push(Number(process.hrtime.bigint() - start) / 1e6);
	}
	return { ms: ms.sort((a, b) => a - b), bytes };
}

async function throughput(): Promise<void> {
	const raw = await rawDriver('bash');
	const guarded = await guardedDriver('bash');
	await raw.run(':');
	await guarded.run(':');
	// Alternate raw and guarded so that a busy moment of the machine hits both.
	const rawMs: number[] = [];
	const guardedMs: number[] = [];
	let bytes = 0;
	for (let i = 0; i < THROUGHPUT_ROUNDS; i++) {
		const r = await timeRuns(raw, SEQ, 1);
		const g = await timeRuns(guarded, SEQ, 1);
		rawMs.push(r.ms[0]);
		guardedMs.push(g.ms[0]);
		bytes = g.bytes;
	}
	raw.close();
	guarded.close();
	const rawMedian = percentile([...rawMs].sort((a, b) => a - b), 50);
	const guardedMedian = percentile([...guardedMs].sort((a, b) => a - b), 50);
	const ratios = rawMs.map((r, i) => r / guardedMs[i]).sort((a, b) => a - b);
	console.log(`\nOutput throughput (bash, \`${SEQ}\`, ${(bytes / 1e6).toFixed(1)} MB; median of ${THROUGHPUT_ROUNDS} alternating runs)`);
	console.table({
		raw: { ms: rawMedian.toFixed(0), 'MB/s': (bytes / 1e3 / rawMedian).toFixed(1) },
		guarded: { ms: guardedMedian.toFixed(0), 'MB/s': (bytes / 1e3 / guardedMedian).toFixed(1) },
	});
	console.log(`guarded / raw throughput: median ratio ${percentile(ratios, 50).toFixed(3)} (runs: ${ratios.map((r) => r.toFixed(2)).join(', ')}; aim ≥ 0.95)`);
}

async function latency(): Promise<void> {
	const rows: Record<string, Record<string, string>> = {};
	const missing: string[] = [];
	for (const shell of ['bash', 'zsh', 'fish'] as const) {
		if (!which(shell)) {
			missing.push(shell);
			continue;
		}
		const raw = await rawDriver(shell);
		const guarded = await guardedDriver(shell);
		for (let i = 0; i < 10; i++) {
			await raw.run(':');
			await guarded.run(':');
		}
		const r = (await timeRuns(raw, ':', LATENCY_ROUNDS)).ms;
		const g = (await timeRuns(guarded, ':', LATENCY_ROUNDS)).ms;
		raw.close();
		guarded.close();
		rows[shell] = {
			'raw median': `${percentile(r, 50).toFixed(2)} ms`,
			'raw p99': `${percentile(r, 99).toFixed(2)} ms`,
			'guarded median': `${percentile(g, 50).toFixed(2)} ms`,
			'guarded p99': `${percentile(g, 99).toFixed(2)} ms`,
			'added median': `${(percentile(g, 50) - percentile(r, 50)).toFixed(2)} ms`,
		};
	}
	console.log(`\nEnter → next prompt for \`:\` (${LATENCY_ROUNDS} rounds; aim < 5 ms added at the median)`);
	console.table(rows);
	if (missing.length > 0) {
		console.log(`not installed, skipped: ${missing.join(', ')}`);
	}
}

async function main(): Promise<void> {
	await initParser();
	writeRcFiles();
	try {
		await throughput();
		await latency();
	} finally {
		fs.rmSync(ENV.HOME, { recursive: true, force: true });
	}
	process.exit(0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

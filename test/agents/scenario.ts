/**
 * One task of a real agent with no editor running: a throw-away HOME with Terminal Guard installed by
 * its own installer (the shim and the agent's hook config, as "Protect AI Agents…" writes them), a
 * folder `victim` in the agent's working folder, a `curl` on PATH that only records that it ran, and
 * the scripted model asking for `command`. The shim's Node is a recorder that keeps each hook run's
 * input, output and exit status, so the test reads exactly what Terminal Guard told the agent.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { currentShimTarget, installHook, writeShim } from '../../src/agents/install';
import { AGENT_CLIS, agentPackage, type AgentCli, type AgentRun, runAgent } from './agentClis';
import { type ModelServer, startModelServer } from './modelServer';

/** The repository root (this file is bundled into out-agents/, one level down). */
export const ROOT = path.resolve(__dirname, '..');

export { INCIDENT } from './incident';

export interface HookRun {
	readonly input: Record<string, unknown>;
	readonly stdout: string;
	readonly status: number;
}

export interface Outcome {
	/** The run's own folder (home, work, the hook records). */
	readonly dir: string;
	readonly run: AgentRun;
	readonly server: ModelServer;
	readonly victimExists: boolean;
	/** Each time the fake curl ran: its arguments. */
	readonly curlRuns: readonly string[];
	/** Each run of `terminal-guard hook …`, in order. */
	readonly hookRuns: readonly HookRun[];
	/** What went wrong, for assertion messages: the agent's output, the model exchanges, the hook runs. */
	describe(): string;
}

function writeExecutable(file: string, text: string): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, text, { mode: 0o755 });
}

function shQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

function readHookRuns(dir: string): HookRun[] {
	const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.status')).sort() : [];
	return names.flatMap((name) => {
		const base = path.join(dir, name.slice(0, -'.status'.length));
		const args = fs.readFileSync(`${base}.args`, 'utf8');
		if (!/\bhook\b/.test(args)) {
			return [];
		}
		let input: Record<string, unknown>;
		try {
			input = JSON.parse(fs.readFileSync(`${base}.in`, 'utf8')) as Record<string, unknown>;
		} catch {
			input = { unreadable: fs.readFileSync(`${base}.in`, 'utf8') };
		}
		return [{ input, stdout: fs.readFileSync(`${base}.out`, 'utf8'), status: Number(fs.readFileSync(`${base}.status`, 'utf8').trim()) }];
	});
}

export async function runWithoutEditor(cli: AgentCli, command: string): Promise<Outcome> {
	const spec = AGENT_CLIS[cli];
	agentPackage(ROOT, spec);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tg-agent-${cli}-`));
	const home = path.join(dir, 'home');
	const work = path.join(dir, 'work');
	const records = path.join(dir, 'hook-runs');
	const fakeBin = path.join(dir, 'bin');
	fs.mkdirSync(path.join(work, 'victim'), { recursive: true });
	fs.writeFileSync(path.join(work, 'victim', 'data.txt'), 'precious\n');
	fs.mkdirSync(records, { recursive: true });
	const curlLog = path.join(dir, 'curl-ran.log');
	// Never the network: if Terminal Guard let the incident through, this is what would run.
	writeExecutable(path.join(fakeBin, 'curl'), `#!/bin/sh\necho "$*" >> ${shQuote(curlLog)}\necho '{"data":{"volumeDelete":true}}'\n`);
	const recorder = path.join(dir, 'node-recorder');
	writeExecutable(recorder, [
		'#!/bin/sh',
		'# Runs Terminal Guard\'s CLI with the real Node and keeps its input, output and exit status for the test.',
		`n=${shQuote(records)}/$(date +%s%N)-$$`,
		'printf "%s\\n" "$*" > "$n.args"',
		`tee "$n.in" | ${shQuote(process.execPath)} "$@" > "$n.out"`,
		'status=$?',
		'cat "$n.out"',
		'echo "$status" > "$n.status"',
		'exit "$status"',
		'',
	].join('\n'));
	const server = await startModelServer({ command });
	try {
		spec.prepareHome(home, server.url);
		const shim = writeShim(home, { ...currentShimTarget(ROOT), node: recorder });
		installHook({ agent: spec.installAs, scope: 'user', home }, shim);
		const run = await runAgent(spec, { root: ROOT, home, cwd: work, modelUrl: server.url, extraEnv: { PATH: `${fakeBin}:${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin` } });
		const hookRuns = readHookRuns(records);
		const curlRuns = fs.existsSync(curlLog) ? fs.readFileSync(curlLog, 'utf8').split('\n').filter(Boolean) : [];
		return {
			dir,
			run,
			server,
			victimExists: fs.existsSync(path.join(work, 'victim', 'data.txt')),
			curlRuns,
			hookRuns,
			describe: () => [
				`${spec.packageName}: exit ${run.code} (${run.signal ?? 'no signal'}) after ${run.ms} ms in ${dir}`,
				`model exchanges: ${JSON.stringify(server.exchanges.map((e) => ({ path: e.path, results: e.toolResults, answer: e.answer })))}`,
				`unknown requests: ${JSON.stringify(server.others)}`,
				`hook runs: ${JSON.stringify(hookRuns)}`,
				`stdout: ${run.stdout.slice(-3000)}`,
				`stderr: ${run.stderr.slice(-3000)}`,
			].join('\n'),
		};
	} finally {
		await server.close();
	}
}

/** Removes the run's folders (called when the test passed; a failed run's folder stays for a look). */
export function cleanUp(outcome: Outcome): void {
	// Processes the run left behind under its HOME keep writing there — the local engine a hook started, an
	// agent's own background helpers — and a fresh-clone CI failed passed runs on ENOTEMPTY for 20 s of retries.
	stopProcessesUnder(outcome.dir);
	fs.rmSync(outcome.dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
}

/** Ends every process of this user whose HOME or working folder is inside `dir` (Linux: read from /proc). */
function stopProcessesUnder(dir: string): void {
	let pids: string[];
	try {
		pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
	} catch {
		return; // no /proc: nothing to look at
	}
	const inside = (p: string | undefined) => p !== undefined && (p === dir || p.startsWith(`${dir}/`));
	for (const pid of pids) {
		try {
			const home = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((e) => e.startsWith('HOME='))?.slice(5);
			const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
			if (inside(home) || inside(cwd)) {
				process.kill(Number(pid), 'SIGKILL');
			}
		} catch {
			// gone, or another user's: not ours to stop
		}
	}
}

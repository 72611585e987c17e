/**
 * The hook's side of the local engine: a per-user process that keeps the engine loaded, started by a
 * hook that had to judge without an editor and asked by later ones (localEngineServer.ts is the
 * process). Without an editor a hook otherwise loads the engine bundle and compiles the grammar for
 * every command (~70 ms CPU on top of Node's ~23 ms start); asking a running engine costs what asking
 * the editor costs.
 *
 * It is the editor bridge again, with less power: the same private folder checks (0700 folder, 0600
 * record, ours), the same secret per process, the same wire format — and only `check` requests: it
 * gives the engine's verdict, nothing else; it never asks or answers for the person. Whatever does not
 * come back as a verdict in time (no process, a stale record, a slow or broken one, another build's)
 * makes the hook judge in its own process, as it did before: never an allow.
 *
 * Which build: the folder is named after the engine bundle's file identity and Node's version, so a
 * hook never asks an engine of another build (after an update the old one idles out).
 */
import type * as ChildProcess from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { askEditor } from '../bridge/client';
import { userHome } from '../bridge/discovery';
import type { ShellHint } from '../engine/shells';
import type { Verdict } from '../engine/types';

/** How long a hook waits for the local engine before judging in its own process. */
export const LOCAL_ENGINE_TIMEOUT_MS = 2000;

/** A start that has not come up within this is taken as failed; the next hook may start another. */
const START_LOCK_MS = 30_000;

/** ~/.terminal-guard/engine: one folder per engine build below it. */
export function localEngineRoot(home = userHome()): string {
	return path.join(home, '.terminal-guard', 'engine');
}

/** The folder of the local engine for `engineFile` (the hook-engine.js bundle) on this Node, or undefined when it cannot be told. */
export function localEngineDir(engineFile: string, home = userHome()): string | undefined {
	try {
		const stat = fs.statSync(engineFile, { bigint: true });
		// Short (a socket path holds ~100 bytes): base 36.
		const key = `${process.versions.node}-${process.arch}-${[stat.dev, stat.ino, stat.size, stat.mtimeNs].map((n) => n.toString(36)).join('-')}`.replace(/[^\w.-]/g, '_');
		return path.join(localEngineRoot(home), key);
	} catch {
		return undefined;
	}
}

function isVerdict(value: unknown): value is Verdict {
	const v = value as Partial<Verdict> | undefined;
	return typeof v === 'object' && v !== null && (v.decision === 'allow' || v.decision === 'confirm' || v.decision === 'deny') && typeof v.reason === 'string';
}

/** The caller's whole environment as strings: the engine in this process would read it all (curl's `$VAR`s, production signals). */
function environment(): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (typeof value === 'string') {
			env[name] = value;
		}
	}
	return env;
}

/** The local engine's verdict, or undefined when none came back (then the caller judges here). */
export async function askLocalEngine(dir: string, line: string, cwd: string, shell: ShellHint | undefined, timeoutMs = LOCAL_ENGINE_TIMEOUT_MS): Promise<Verdict | undefined> {
	if (!fs.existsSync(dir)) {
		return undefined;
	}
	const answer = await askEditor(
		{ kind: 'check', line, cwd: path.resolve(cwd), agent: 'hook', ...(shell ? { shell } : {}) },
		{ runtimeDir: dir, timeoutMs, env: environment() },
	);
	return (answer.outcome === 'allowed' || answer.outcome === 'refused') && isVerdict(answer.verdict) ? answer.verdict : undefined;
}

/**
 * Starts the local engine for `dir` in the background (`node hook.js local-engine DIR`), unless one is
 * starting already. Never throws: without it, hooks judge in their own process.
 */
export function startLocalEngine(dir: string, hookScript: string): void {
	try {
		fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
		const lock = path.join(dir, 'starting');
		try {
			fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
		} catch {
			const age = Date.now() - fs.statSync(lock).mtimeMs;
			if (age < START_LOCK_MS) {
				return; // another hook is starting it
			}
			fs.rmSync(lock, { force: true });
			fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
		}
		// Required here: a hook that never starts one does not load child_process.
		const { spawn } = require('child_process') as typeof ChildProcess;
		const child = spawn(process.execPath, [hookScript, 'local-engine', dir], { detached: true, stdio: 'ignore', cwd: userHome() });
		child.on('error', () => fs.rmSync(lock, { force: true }));
		child.unref();
	} catch {
		// judged here next time too
	}
}

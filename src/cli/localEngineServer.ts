/**
 * The local engine process (localEngine.ts says why and how hooks use it): `hook.js local-engine DIR`,
 * started in the background by a hook that judged without an editor. It loads the engine once and
 * answers `check` requests on the editor bridge's own server (src/bridge/server.ts: private folder,
 * 0600 socket and record, a secret per process) with the verdict the hook would have reached in its own
 * process: the same offlineVerdict with the hook's environment, cwd and home.
 *
 * It never asks or answers for the person: a `confirm` sent to it is refused as cancelled (nobody is
 * there). It ends after IDLE_MS without a request, when its record is removed (its folder deleted, the
 * home of a test), or when another engine for the same build already runs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { privacyProblem, readRecords } from '../bridge/discovery';
import { BridgeServer } from '../bridge/server';
import { offlineVerdict } from './offline';

/**
 * No request for this long: the process ends (the next hook without an editor starts it again, after
 * judging in its own process). Long enough for an agent's thinking between commands, short enough
 * that a forgotten one does not hold ~75 MB for long.
 */
export const IDLE_MS = 5 * 60 * 1000;

/** How often it checks that its record is still there. */
const RECORD_CHECK_MS = 2000;

export async function serveLocalEngine(dir: string, idleMs = IDLE_MS): Promise<void> {
	const lock = path.join(dir, 'starting');
	try {
		// A folder others may write is not made private and served from: what is in it could be planted.
		if (privacyProblem(fs.lstatSync(dir), 'directory') || privacyProblem(fs.lstatSync(path.dirname(dir)), 'directory')) {
			return;
		}
		if (readRecords(dir).windows.length > 0) {
			return; // one is running for this build already
		}
		// The grammar loads and compiles before the first question, not during it.
		await offlineVerdict('true', os.homedir());
		const timers: { idle?: NodeJS.Timeout; watch?: NodeJS.Timeout } = {};
		let server: BridgeServer | undefined = undefined;
		const stop = (): void => {
			clearTimeout(timers.idle);
			clearInterval(timers.watch);
			void server?.dispose().finally(() => process.exit(0));
		};
		const busy = (): void => {
			clearTimeout(timers.idle);
			timers.idle = setTimeout(stop, idleMs);
		};
		// Its folder was removed while the grammar loaded (a test's home, cleaned up): BridgeServer.start would create it again.
		if (!fs.existsSync(dir)) {
			return;
		}
		const started = new BridgeServer({
			judge: (line, cwd, env, shell) => {
				busy();
				// Judged with this process's home (the rules are read from it): only for a hook that has the same one.
				if (env.HOME !== os.homedir()) {
					return Promise.reject(new Error(`this local engine judges for HOME=${os.homedir()}, not ${env.HOME ?? '(unset)'}`));
				}
				return offlineVerdict(line, cwd, os.homedir(), shell, env);
			},
			// Nobody is here to confirm anything: a `confirm` is refused as cancelled.
			answerer: () => ({ confirm: () => Promise.resolve(undefined) }),
			confirmTimeoutMs: () => 1,
		}, { runtimeDir: dir, folders: [] });
		await started.start();
		server = started;
		busy();
		timers.watch = setInterval(() => {
			if (!fs.existsSync(started.record)) {
				stop();
			}
		}, RECORD_CHECK_MS);
		for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
			process.on(signal, stop);
		}
	} finally {
		fs.rmSync(lock, { force: true });
	}
}

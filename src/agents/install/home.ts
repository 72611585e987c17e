/**
 * The per-user folders the installer writes to. TERMINAL_GUARD_AGENTS_HOME, when set, stands in
 * for the home folder — for the agents' configs, the shim and the backups — so tests (and anyone
 * trying the installer out) never touch the real ~/.claude and friends. Read at every call.
 */
import * as os from 'node:os';
import * as path from 'node:path';

export const HOME_OVERRIDE_VARIABLE = 'TERMINAL_GUARD_AGENTS_HOME';

export function agentsHome(env: NodeJS.ProcessEnv = process.env): string {
	const override = env[HOME_OVERRIDE_VARIABLE];
	return override && override.trim() !== '' ? path.resolve(override) : os.homedir();
}

/** ~/.terminal-guard: the shim (bin/) and the backups of agent configs (backups/). */
export function stateDir(home: string): string {
	return path.join(home, '.terminal-guard');
}

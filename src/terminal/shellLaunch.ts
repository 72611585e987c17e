/**
 * Which shell the person runs, and how to start it so that our hook loads after their own startup
 * files: bash `--init-file`, zsh `ZDOTDIR`, fish `--init-command`, POSIX sh `ENV` (prompt markers
 * only). Anything else starts unchanged and is guarded by reading the screen.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ShellKind = 'bash' | 'zsh' | 'fish' | 'sh' | 'other';

/** Shells with a hook that hands over each line before it runs. */
export const HOOKED_KINDS: readonly ShellKind[] = ['bash', 'zsh', 'fish'];

const POSIX_SHELLS = new Set(['sh', 'dash', 'ash', 'ksh', 'ksh93', 'mksh', 'pdksh', 'yash', 'posh', 'busybox']);

/** `/usr/bin/bash` → bash, `C:\\Git\\bin\\bash.exe` → bash, `-zsh` → zsh, `/bin/dash` → sh, `nu` → other. */
export function detectShellKind(shellPath: string): ShellKind {
	const name = path.basename(shellPath.replace(/\\/g, '/')).toLowerCase().replace(/^-/, '').replace(/\.exe$/, '');
	if (name === 'bash' || name === 'zsh' || name === 'fish') {
		return name;
	}
	return POSIX_SHELLS.has(name) ? 'sh' : 'other';
}

export interface LaunchInput {
	readonly shellPath: string;
	readonly args: readonly string[];
	readonly env: Readonly<Record<string, string | undefined>>;
	/** media/shell */
	readonly hooksDir: string;
	readonly nonce: string;
	/** The verdict FIFO; empty when there is none (the shell then starts without its hook). */
	readonly fifo: string;
}

export interface Launch {
	readonly kind: ShellKind;
	readonly file: string;
	readonly args: string[];
	readonly env: Record<string, string>;
	/** True when the hook is expected to announce itself. */
	readonly hooked: boolean;
}

/** Builds the command and environment that load the hook for `kind`. */
export function buildLaunch(kind: ShellKind, input: LaunchInput): Launch {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(input.env)) {
		if (value !== undefined && !key.startsWith('TERMINAL_GUARD_')) {
			env[key] = value;
		}
	}
	const plain: Launch = { kind, file: input.shellPath, args: [...input.args], env, hooked: false };
	if (!input.fifo && kind !== 'sh') {
		return plain;
	}
	const secret = { TERMINAL_GUARD_NONCE: input.nonce, TERMINAL_GUARD_FIFO: input.fifo };
	switch (kind) {
		case 'bash': {
			// --init-file replaces ~/.bashrc and is ignored by login shells, so a login is emulated by
			// init.bash (it reads /etc/profile and ~/.bash_profile itself).
			const login = input.args.some((a) => a === '-l' || a === '--login');
			const rest = input.args.filter((a) => a !== '-l' && a !== '--login');
			if (!onlyInteractiveOptions(rest, ['-i'])) {
				return plain;
			}
			return { ...plain, args: ['--init-file', path.join(input.hooksDir, 'bash', 'init.bash'), ...rest], env: { ...env, ...secret, ...(login ? { TERMINAL_GUARD_LOGIN: '1' } : {}) }, hooked: true };
		}
		case 'zsh': {
			if (!onlyInteractiveOptions(input.args, ['-i', '-l', '--login'])) {
				return plain;
			}
			const zshEnv: Record<string, string> = { ...env, ...secret, ZDOTDIR: path.join(input.hooksDir, 'zsh') };
			// In a terminal VS Code started with "other terminals" guarded, ZDOTDIR is ours (zsh-bridge)
			// and the person's own is in TERMINAL_GUARD_ZDOTDIR.
			const userZdotdir = isBridgeZdotdir(env.ZDOTDIR) ? input.env.TERMINAL_GUARD_ZDOTDIR : env.ZDOTDIR;
			if (userZdotdir !== undefined) {
				zshEnv.TERMINAL_GUARD_ZDOTDIR = userZdotdir;
			}
			return { ...plain, env: zshEnv, hooked: true };
		}
		case 'fish': {
			if (!onlyInteractiveOptions(input.args, ['-i', '-l', '--login', '--interactive'])) {
				return plain;
			}
			const init = `source ${fishQuote(path.join(input.hooksDir, 'fish', 'init.fish'))}`;
			return { ...plain, args: [...input.args, '--init-command', init], env: { ...env, ...secret }, hooked: true };
		}
		case 'sh': {
			const shEnv: Record<string, string> = { ...env, ENV: path.join(input.hooksDir, 'sh', 'env.sh') };
			if (env.ENV !== undefined) {
				shEnv.TERMINAL_GUARD_USER_ENV = env.ENV;
			}
			return { ...plain, env: shEnv };
		}
		default:
			return plain;
	}
}

/** media/shell/zsh-bridge of any version of the extension (src/ui/terminalEnvironment.ts). */
function isBridgeZdotdir(dir: string | undefined): boolean {
	return dir !== undefined && /[\\/]media[\\/]shell[\\/]zsh-bridge[\\/]?$/.test(dir);
}

/** Arguments that still start an interactive shell reading our startup files (no -c, no script). */
function onlyInteractiveOptions(args: readonly string[], allowed: readonly string[]): boolean {
	return args.every((a) => allowed.includes(a));
}

/** fish single quotes: only `\` and `'` are special. */
function fishQuote(text: string): string {
	return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** Finds media/shell from the bundle (dist/) or the compiled tests (out-x/src/terminal/). */
export function findHooksDir(from = __dirname): string {
	let dir = from;
	for (let i = 0; i < 6; i++) {
		const candidate = path.join(dir, 'media', 'shell');
		if (fs.existsSync(path.join(candidate, 'bash', 'init.bash'))) {
			return candidate;
		}
		dir = path.dirname(dir);
	}
	throw new Error(`media/shell not found above ${from}`);
}

/**
 * Which shell the person runs, and how to start it so that our hook loads after their own startup
 * files: bash `--init-file`, zsh `ZDOTDIR`, fish `--init-command`, POSIX sh `ENV` (prompt markers
 * only). Anything else starts unchanged and is guarded by reading the screen.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { productionSignal } from '../engine/policy';

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

/**
 * Variables that decide which startup files a shell reads, what runs at its prompt, which code it
 * loads, where it finds programs and how it reads a line — or where Terminal Guard's hooks and the
 * agents' hook settings live. A workspace's `terminal.integrated.env.<os>` never sets these in the
 * guarded terminal (src/ui/shellProfile.ts); docs/terminal.md lists them with the reasons.
 *
 * - startup files: HOME, ZDOTDIR, ENV, BASH_ENV, XDG_* (fish's config.fish, vendor_conf.d), INPUTRC
 * - code at each prompt or loaded into the shell: PROMPT_COMMAND, PS0–PS4, PROMPT*, RPROMPT*, RPS*,
 *   BASH_FUNC_* (exported functions), FPATH/MODULE_PATH (zsh autoloads), fish_*, LD_*, DYLD_*
 * - shell options and line reading: SHELLOPTS, BASHOPTS, POSIXLY_CORRECT, IFS, TERM, TERMINFO*, TERMCAP
 * - what runs a typed name or an edited line: PATH, SHELL, FCEDIT, EDITOR, VISUAL, HIST* (history files)
 * - Terminal Guard's own markers and the agents' hook settings: TERMINAL_GUARD_*, NODE_OPTIONS,
 *   NODE_PATH (the hooks run on Node), CLAUDE_CONFIG_DIR, CODEX_HOME
 */
const STARTUP_VARIABLE = /^(?:HOME|ZDOTDIR|ENV|INPUTRC|PROMPT_COMMAND|PS\d|PROMPT\w*|RPROMPT\w*|RPS\d|FPATH|MODULE_PATH|SHELLOPTS|BASHOPTS|POSIXLY_CORRECT|IFS|TERM|TERMCAP|TERMINFO\w*|PATH|SHELL|FCEDIT|EDITOR|VISUAL|NODE_OPTIONS|NODE_PATH|CLAUDE_CONFIG_DIR|CODEX_HOME|(?:BASH_|LD_|DYLD_|ZSH|FISH_|__FISH|XDG_|HIST|TERMINAL_GUARD_).*)$/is;

/** True for a variable a workspace may not set in the guarded terminal (see STARTUP_VARIABLE). */
export function isStartupVariable(name: string): boolean {
	return STARTUP_VARIABLE.test(name);
}

export interface WorkspaceEnvironment {
	/** What the guarded shell takes from the workspace (null removes a variable). */
	readonly apply: Record<string, string | null>;
	/** The names it does not take. */
	readonly ignored: string[];
}

/**
 * Splits a workspace's `terminal.integrated.env.<os>` into what the guarded shell takes and what it
 * ignores: startup variables (isStartupVariable), and a change or removal of a variable that says
 * production in `base` (the person's environment), which would make every check one step laxer.
 * A workspace may still set other variables, including `NODE_ENV=production`.
 */
export function workspaceEnvironment(base: Readonly<Record<string, string | undefined>>, workspace: Readonly<Record<string, string | null>> | undefined): WorkspaceEnvironment {
	const apply: Record<string, string | null> = {};
	const ignored: string[] = [];
	for (const [name, value] of Object.entries(workspace ?? {})) {
		const before = base[name];
		const lowersProduction = productionSignal({ [name]: before }) !== undefined && (value === null || productionSignal({ [name]: value }) === undefined);
		if (isStartupVariable(name) || lowersProduction || (value !== null && typeof value !== 'string')) {
			ignored.push(name);
		} else {
			apply[name] = value;
		}
	}
	return { apply, ignored };
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

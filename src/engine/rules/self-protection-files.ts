/**
 * The files Terminal Guard protects from being changed behind the person's back — one list for the
 * shell rules (self-protection.ts, "a command writes ~/.bashrc") and for the agents' file-editing tools
 * (self-protection-edits.ts, "Claude Code's Edit changes .claude/settings.json"). Pure paths in, the
 * matching entry out; names are compared without case, since macOS and Windows file systems do.
 */
import { Minimatch, minimatch } from 'minimatch';

/** Shell startup files (`~` is the home directory). `$ZDOTDIR/…` is recognised from the text by the shell rules. */
const STARTUP_FILES = [
	'~/.bashrc', '~/.bash_profile', '~/.bash_login', '~/.profile', '~/.bash_logout',
	'~/.zshrc', '~/.zshenv', '~/.zprofile', '~/.zlogin', '~/.zlogout', '~/.config/fish/**', '~/.inputrc',
	'/etc/bash.bashrc', '/etc/bashrc', '/etc/profile', '/etc/profile.d/**', '/etc/zsh/**', '/etc/zshrc', '/etc/zshenv', '/etc/zprofile', '/etc/zlogin', '/etc/fish/**', '/etc/inputrc',
];

/**
 * Where the agents keep the hooks through which Terminal Guard checks their commands
 * (src/agents/install/agents.ts writes the first file of each agent; the others are read by the agent too).
 */
const AGENT_HOOK_FILES: readonly (readonly [glob: string, agent: string])[] = [
	['**/.claude/settings*.json', 'Claude Code'],
	['**/.cursor/hooks.json', 'Cursor'],
	['**/.codex/hooks.json', 'Codex'],
	['**/.codex/config.toml', 'Codex'],
	['**/.gemini/settings.json', 'Gemini CLI'],
	['**/.github/hooks/**', "VS Code's agent"],
	['~/.copilot/hooks/**', "VS Code's agent"],
	['~/.copilot/config.json', "VS Code's agent"],
	// OpenCode's plugins: Terminal Guard's check is one, and another could undo it (plugins run in order, sharing the tool's input).
	['**/.opencode/{plugin,plugins}/**', 'OpenCode'],
	['~/.config/opencode/{plugin,plugins}/**', 'OpenCode'],
];

/** VS Code and Cursor settings: they switch the guarded terminal and the agent checks on and off. */
const EDITOR_SETTINGS = [
	'~/.config/{Code,Code - Insiders,Cursor,VSCodium}/User/{,profiles/*/}settings.json',
	'~/Library/Application Support/{Code,Code - Insiders,Cursor,VSCodium}/User/{,profiles/*/}settings.json',
	'~/AppData/Roaming/{Code,Code - Insiders,Cursor,VSCodium}/User/{,profiles/*/}settings.json',
	'~/.{vscode,cursor}-server/data/{Machine,User}/settings.json',
	'**/.vscode/settings.json',
	'**/*.code-workspace',
];

/**
 * Terminal Guard's own files: the state folder (shim, backups, the bridge's discovery records, the
 * person's own rules), a repository's team policy (teamPolicy.ts: rewriting it can take production
 * markers away, so an agent's Write or a `sed -i` of it asks like a hook file) and the installed extension.
 */
const GUARD_FILES = [
	'~/.terminal-guard/**',
	'**/.terminal-guard.json',
	'~/.{vscode,vscode-insiders,vscode-server,vscode-server-insiders,cursor,cursor-server,vscode-oss}/extensions/terminal-guard.terminal-guard-*/**',
];

/**
 * Files whose commands run later without anyone typing them: git's config (aliases with `!`, pagers,
 * editors, ssh commands, filters) and its hooks, cron tables, ssh's client config (`ProxyCommand`,
 * `LocalCommand`) and `~/.ssh/rc`, systemd units, login items. Text with a destructive command written
 * into one is destruction planted for later, as in a shell startup file.
 */
const RUNS_LATER_FILES = [
	'~/.gitconfig', '~/.config/git/config', '/etc/gitconfig', '**/.git/config', '**/.git/hooks/**', '**/.husky/**',
	'~/.ssh/config', '~/.ssh/rc', '/etc/ssh/ssh_config', '/etc/ssh/ssh_config.d/**',
	'/etc/crontab', '/etc/cron.d/**', '/etc/cron.{hourly,daily,weekly,monthly}/**', '/var/spool/cron/**',
	'~/.config/systemd/user/**', '/etc/systemd/system/**', '~/.config/autostart/**', '~/Library/LaunchAgents/**', '/Library/LaunchDaemons/**',
];

/** Settings that matter to the guard, in editor settings (a key, or text written into the file). */
export const GUARD_SETTINGS = /terminalGuard|terminal\.integrated|chat\.tools|hooks/i;

export type GuardFileKind = 'startup' | 'agent' | 'editor' | 'guard' | 'later';

export interface GuardFile {
	readonly glob: string;
	readonly kind: GuardFileKind;
	/** For `agent` files: whose hooks they hold. */
	readonly agent?: string;
}

export const GUARD_FILE_LIST: readonly GuardFile[] = [
	...STARTUP_FILES.map((glob) => ({ glob, kind: 'startup' as const })),
	...AGENT_HOOK_FILES.map(([glob, agent]) => ({ glob, kind: 'agent' as const, agent })),
	...EDITOR_SETTINGS.map((glob) => ({ glob, kind: 'editor' as const })),
	...GUARD_FILES.map((glob) => ({ glob, kind: 'guard' as const })),
	...RUNS_LATER_FILES.map((glob) => ({ glob, kind: 'later' as const })),
];

interface Prepared {
	readonly file: GuardFile;
	/** The glob with `~` replaced by the home folder. */
	readonly glob: string;
	/** Its text before the first wildcard, lower-cased. */
	readonly literal: string;
	/** For `**\/.claude/…`: the folder any match passes through, lower-cased, after a slash (`/.claude`); for `**\/*.code-workspace`, none. */
	readonly folder?: string;
	/** For `**\/*.x`: the suffix a match ends with, lower-cased. */
	readonly suffix?: string;
}

/** By home folder: the person's, and the stand-in for an unknown folder (rules/self-protection.ts) — a few at most. */
const prepared = new Map<string, readonly Prepared[]>();

/** The protected globs for one home folder, worked out once (every word of every command is checked against them). */
function preparedFor(homeFolder: string): readonly Prepared[] {
	let list = prepared.get(homeFolder);
	if (!list) {
		const home = minimatch.escape(homeFolder);
		list = GUARD_FILE_LIST.map((file) => {
			const glob = file.glob.replace(/^~(?=\/)/, home);
			// The literal prefix is taken before escaping the home folder: it is compared as plain text.
			const magic = file.glob.search(/[*?[{]/);
			const literal = (magic < 0 ? file.glob : file.glob.slice(0, magic)).replace(/^~(?=\/)/, homeFolder).toLowerCase();
			const first = glob.startsWith('**/') ? glob.slice(3).split('/')[0] : undefined;
			const folder = first !== undefined && !/[*?[{]/.test(first) ? first.toLowerCase() : undefined;
			// Only a glob that is `**/*.x` and nothing more: a match of it ends with `.x`.
			const suffix = first !== undefined && folder === undefined && glob === `**/${first}` && /^\*[^*?[{/]+$/.test(first) ? first.slice(1).toLowerCase() : undefined;
			return { file, glob, literal, ...(folder !== undefined ? { folder: `/${folder}` } : {}), ...(suffix !== undefined ? { suffix } : {}) };
		});
		if (prepared.size >= 8) {
			prepared.clear();
		}
		prepared.set(homeFolder, list);
	}
	return list;
}

/** Compiled globs: compiling one costs far more than matching it, and the same few are used for every word. */
const compiled = new Map<string, Minimatch>();

function globOf(pattern: string): Minimatch {
	let m = compiled.get(pattern);
	if (!m) {
		if (compiled.size > 1024) {
			compiled.clear();
		}
		m = new Minimatch(pattern, { dot: true, nocase: true });
		compiled.set(pattern, m);
	}
	return m;
}

/**
 * A cheap test before the glob: a path can only match when it starts with the glob's literal
 * prefix (or, for `**\/.claude/…`, contains that folder), and a directory can only hold a match
 * when it is an ancestor of that prefix or inside it. Most words of most commands stop here.
 */
function couldMatch(p: Prepared, lower: string, lowerDir: string | undefined): boolean {
	if (p.folder !== undefined) {
		return lower.includes(p.folder);
	}
	if (p.suffix !== undefined) {
		// Even for a tree: a folder is never taken to hold a `x.code-workspace` (holds), so only the path itself can match.
		return lower.endsWith(p.suffix);
	}
	if (lower.startsWith(p.literal)) {
		return true;
	}
	// (For a tree, `lowerDir` is the path ending in one slash.)
	return lowerDir !== undefined && (lower === '/' || p.literal.startsWith(lowerDir));
}

/** Whether a directory being deleted or copied over holds a file the glob names. */
function holds(dir: string, p: Prepared): boolean {
	if (p.suffix !== undefined) {
		return false; // a folder somewhere holding a `x.code-workspace` is not what `rm -rf build` is about
	}
	if (p.folder !== undefined) {
		// Any folder may hold a `.vscode/settings.json` somewhere deep; only the folder itself counts (`rm -rf .claude`).
		if (!dir.toLowerCase().split('/').includes(p.folder.slice(1))) {
			return false;
		}
	}
	return globOf(p.glob).match(dir, true);
}

export interface GuardFileMatch {
	readonly file: GuardFile;
	/** True when the path is a directory that holds the protected file (`rm -rf .claude`), not the file itself. */
	readonly holds: boolean;
}

export interface GuardFileOptions {
	/** The path is a directory changed with everything in it (`rm -r`, `cp -r`): it counts when it holds a protected file. */
	readonly tree?: boolean;
	/** Leave out the project-relative globs (`**\/.claude/…`): a scratch copy in /tmp nothing reads. */
	readonly projectFiles?: boolean;
}

/**
 * The protected file an absolute, normalised path names, if any. `home` stands for `~`. Case is
 * ignored (`.Claude/Settings.json` is the same file on macOS and Windows).
 *
 *   guardFileOf('/p/.claude/settings.json', '/home/u')           → agent hooks (Claude Code)
 *   guardFileOf('/home/u/.terminal-guard/rules.json', '/home/u') → Terminal Guard's own files
 *   guardFileOf('/p/src/app.ts', '/home/u')                      → undefined
 */
export function guardFileOf(absolute: string, home: string, options: GuardFileOptions = {}): GuardFileMatch | undefined {
	const lower = absolute.toLowerCase();
	const tree = options.tree === true;
	const lowerDir = tree ? (lower.endsWith('/') ? lower : `${lower}/`) : undefined;
	for (const p of preparedFor(home)) {
		if (options.projectFiles === false && (p.folder !== undefined || p.suffix !== undefined)) {
			continue;
		}
		if (!couldMatch(p, lower, lowerDir)) {
			continue;
		}
		if (globOf(p.glob).match(absolute)) {
			return { file: p.file, holds: false };
		}
		if (tree && holds(absolute, p)) {
			return { file: p.file, holds: true };
		}
	}
	return undefined;
}

/**
 * Where a protected file may sit under `root` when only its folder is known: for each project-relative
 * glob (`**\/.claude/settings*.json`), the folder (`<root>/.claude`) and the glob's rest
 * (`settings*.json`). Used to see a protected folder reached through a symbolic link.
 */
export function guardFoldersUnder(root: string, home: string): readonly { readonly folder: string; readonly file: GuardFile }[] {
	const out: { folder: string; file: GuardFile }[] = [];
	for (const p of preparedFor(home)) {
		if (p.folder !== undefined) {
			const rest = p.file.glob.slice(3).split('/')[0];
			out.push({ folder: `${root.replace(/\/+$/, '')}/${rest}`, file: p.file });
		}
	}
	return out;
}

/** The literal folders of the home-relative and absolute globs (`~/.terminal-guard`, `~/.copilot/hooks`). */
export function guardFoldersAtHome(home: string): readonly { readonly folder: string; readonly file: GuardFile }[] {
	const out: { folder: string; file: GuardFile }[] = [];
	for (const p of preparedFor(home)) {
		if (p.folder === undefined && p.suffix === undefined) {
			const glob = p.file.glob.replace(/^~(?=\/)/, home);
			const magic = glob.search(/[*?[{]/);
			const literal = magic < 0 ? glob : glob.slice(0, magic);
			const folder = literal.endsWith('/') ? literal.replace(/\/+$/, '') : literal.slice(0, literal.lastIndexOf('/'));
			if (folder !== '' && folder !== '/etc' && folder !== home) {
				out.push({ folder, file: p.file });
			}
		}
	}
	return out;
}

/**
 * Shell startup files that are shell code (not ~/.inputrc, which is readline's): each new shell sources them, so
 * what is written there runs in that shell (shell/planted.ts judges it; self-protection.ts's in-shell rules apply).
 */
const SOURCED_BY_SHELLS = /(?:^|\/)\.(?:bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zshenv|zprofile|zlogin|zlogout|kshrc|mkshrc)$|^\/etc\/(?:profile|bash\.bashrc|bashrc|zshrc|zprofile|zshenv|zlogin|zsh\/[^/]+|profile\.d\/[^/]+)$|\/fish\/(?:config\.fish|conf\.d\/[^/]+)$/;

export function sourcedByShells(file: string): boolean {
	return SOURCED_BY_SHELLS.test(file);
}

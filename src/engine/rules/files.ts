/**
 * Files: recursive, forced or globbed deletion, `shred`, `find -delete`, `rsync --delete`,
 * truncation and overwriting of databases, keys, `.env` and state files, anything outside the
 * workspace, and the user's protected paths.
 */
import * as path from 'path';
import { protectedGlob } from '../protectedGlob';
import { hasOption, literalWord, type ParsedArgs } from '../shell/argv';
import { toolArgs } from '../shell/longOptions';
import { ARGUMENT_WRITERS, argumentOutputs } from '../shell/outputFiles';
import { linkedFile } from './links';
import { findRoots } from '../shell/wrappers';
import type { Invocation, Word } from '../types';
import { runtimeRoots, searchedRoots, type MatchResult, type Rule, type RuleContext, type RulePack } from './rule';

/** Deleting these is never confirmed from an editor prompt. */
const SYSTEM_ROOTS = new Set([
	'/', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib32', '/lib64', '/opt', '/proc', '/root', '/sbin', '/srv', '/sys', '/usr', '/var',
	'/usr/bin', '/usr/lib', '/usr/local', '/var/lib', '/System', '/Applications', '/Library', '/Users', '/private', '/nix', '/snap',
	'C:\\', 'C:\\Windows', 'C:\\Users',
]);

/** Directories that tools regenerate; deleting them inside the workspace is routine. */
const REGENERABLE = /^(?:node_modules|dist|build|out|target|coverage|\.next|\.nuxt|\.turbo|\.cache|\.parcel-cache|__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.tox|\.venv|venv|\.gradle|\.dart_tool|\.svelte-kit|\.angular|\.expo|tmp|\.tmp|temp|obj|\.eslintcache|\.vscode-test|storybook-static|\.output|\.vercel|\.netlify|\.terraform|vendor\/bundle|Pods|DerivedData)\/?$/;

/** Files whose loss is serious even one at a time: data, secrets, state. */
const SENSITIVE = /(?:^|\/)(?:\.env(?:\.[\w.-]+)?|[^/]*\.(?:db|sqlite|sqlite3|mdb|accdb|frm|ibd|pem|key|p12|pfx|jks|keystore|kdbx|gpg|tfstate|tfstate\.backup|dump|wal)|id_(?:rsa|dsa|ecdsa|ed25519)(?:\.pub)?|authorized_keys|known_hosts|\.npmrc|\.pgpass|\.netrc|credentials(?:\.json)?|\.git|\.ssh|\.gnupg|\.aws|\.kube|kubeconfig|terraform\.tfstate\.d|\.terraform\.lock\.hcl|pg_data|pgdata|mysql|data\.mdb|dump\.rdb|appendonly\.aof)\/?$/i;

const SAFE_SINKS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty', '-']);

const TEMP = /^(?:\/tmp|\/var\/tmp|\/private\/tmp|\/private\/var\/folders|\/var\/folders)(?:\/|$)/;

type Place = 'root' | 'home' | 'system' | 'workspace-root' | 'outside' | 'temp' | 'inside' | 'unknown';

/** Where a path word points, as far as can be known before it runs. */
export function placeOf(word: Word, rc: RuleContext, inv: Invocation): Place {
	const text = word.text;
	if (/^\$\{?\w+\}?\/?\*?$/.test(text) && /HOME/.test(text)) {
		return 'home';
	}
	if (inv.remote) {
		// On another machine only absolute paths and the home directory mean something.
		if (/^(?:~|\$\{?HOME\}?)\/?\*?$/.test(text)) {
			return 'home';
		}
		if (!text.startsWith('/') || /[$`]/.test(text)) {
			return 'unknown';
		}
		const remote = path.posix.normalize(text).replace(/\/\*?$/, '') || '/';
		// No workspace is known there: an absolute path outside the temporary folders is outside it.
		return remote === '/' ? 'root' : SYSTEM_ROOTS.has(remote) ? 'system' : TEMP.test(remote) ? 'temp' : 'outside';
	}
	const resolved = rc.resolve(word, inv);
	if (resolved === undefined) {
		return 'unknown';
	}
	const clean = movedFrom(resolved.replace(/\/\*$/, '') || '/', inv);
	if (clean === '/' || /^\/\*?$/.test(text)) {
		return 'root';
	}
	if (clean === rc.home || clean === path.dirname(rc.home) && rc.home !== '/') {
		return clean === rc.home ? 'home' : 'system';
	}
	if (SYSTEM_ROOTS.has(clean)) {
		return 'system';
	}
	if (rc.isWorkspaceRoot(clean)) {
		return 'workspace-root';
	}
	// A workspace may itself live under /tmp (a fresh clone, a test run): it is not disposable.
	if (rc.isInsideWorkspace(clean)) {
		return 'inside';
	}
	return TEMP.test(clean) ? 'temp' : 'outside';
}

/**
 * Where a path's contents came from when the line moved something there first (`mv /srv/data /tmp/x &&
 * rm -rf /tmp/x` deletes /srv/data): the path it was moved from, for a path at, inside or above the
 * destination; else the path itself.
 */
function movedFrom(absolute: string, inv: Invocation): string {
	let current = absolute;
	for (const move of [...(inv.moved ?? [])].reverse()) {
		if (current === move.to || move.to.startsWith(current === '/' ? '/' : `${current}/`)) {
			current = move.from;
		} else if (current.startsWith(`${move.to}/`)) {
			current = move.from + current.slice(move.to.length);
		}
	}
	return current;
}

function protectedMatch(word: Word, rc: RuleContext, inv: Invocation): string | undefined {
	const globs = rc.analysis.config?.protectedPaths;
	if (!globs || globs.length === 0) {
		return undefined;
	}
	const resolved = rc.resolve(word, inv) ?? word.text;
	const candidates = [word.text, resolved, path.relative(rc.cwd, resolved)];
	return globs.find((g) => candidates.some((c) => protectedGlob(g).match(c)));
}

/** The path relative to the workspace folder holding it (`build/../src` → `src`). */
function workspaceRelative(word: Word, rc: RuleContext, inv: Invocation): string {
	const resolved = rc.resolve(word, inv);
	const folder = resolved && rc.workspaceFolders.find((f) => !path.relative(f, resolved).startsWith('..'));
	return folder && resolved ? path.relative(folder, resolved) : word.text;
}

/** A copy made under a backup name (`x.bak`, `x.orig`, `x.old`, `x~`, `x.2024-01-01`). */
const BACKUP_NAME = /(?:\.(?:bak|backup|orig|old|save|saved|prev|dist|disabled|off)|~|\.\d{4}-?\d{2}-?\d{2}[\w.-]*)$/i;

/** Shell startup files, agent hook files and editor settings: the self-protection pack judges writes to them, with their text. */
const SELF_PROTECTED = /(?:^|\/)\.(?:bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zshenv|zprofile|zlogin|zlogout|inputrc)(?:$|\.)|\.config\/fish(?:\/|$)|^\/etc\/(?:profile|bash\.bashrc|bashrc|zsh\/|zshrc|zshenv|profile\.d\/)|(?:^|\/)\.(?:claude|cursor|codex|gemini|copilot|vscode)\/|\.github\/hooks\/|\/(?:Code|Cursor|Code - Insiders)\/User\//;

/** `dd of=FILE`: the file dd writes. */
function ddOutput(inv: Invocation): Word | undefined {
	const word = [...inv.argv.slice(1)].reverse().find((w) => w.text.startsWith('of='));
	return word && { ...word, text: word.text.slice(3) };
}

/** `tar -cf FILE …`, `tar cf FILE`, `tar --create --file=FILE`: the archive tar creates (over what was there). */
function tarArchive(inv: Invocation): Word | undefined {
	const args = inv.argv.slice(1);
	let create = false;
	let file: Word | undefined;
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		// The first word may be a bundle without a dash (`tar cvf x.tar dir`).
		const bundle = /^-[A-Za-z]+$/.test(t) ? t.slice(1) : i === 0 && /^[A-Za-z]+$/.test(t) ? t : undefined;
		if (t === '--create') {
			create = true;
		} else if (t.startsWith('--file=')) {
			file = { ...args[i], text: t.slice(7) };
		} else if (t === '--file' || t === '-f') {
			file = args[i + 1];
			i++;
		} else if (bundle !== undefined) {
			create ||= bundle.includes('c');
			const f = bundle.indexOf('f');
			if (f >= 0) {
				file = f < bundle.length - 1 ? { ...args[i], text: bundle.slice(f + 1) } : args[i + 1];
				i += f < bundle.length - 1 ? 0 : 1;
			}
		}
	}
	return create && file && file.text !== '-' ? file : undefined;
}

/** Writing a fresh backup or export is routine, even when such files are precious once written. */
const BACKUP_OUTPUT = /\.(?:dump|bak|sql|gz|tgz|tar|zip|bz2|xz|zst)$/i;

/** Whether overwriting or truncating this path destroys something that matters. */
function overwriteMatters(word: Word, rc: RuleContext, inv: Invocation): boolean {
	const base = word.text.replace(/\/+$/, '');
	if (protectedMatch(word, rc, inv)) {
		return true;
	}
	if (SENSITIVE.test(base) && !BACKUP_OUTPUT.test(base)) {
		return true;
	}
	const place = placeOf(word, rc, inv);
	if (place === 'system' || place === 'root' || place === 'home') {
		return true;
	}
	const resolved = rc.resolve(word, inv) ?? '';
	if (place === 'outside' && /^\/(?:etc|usr|boot|bin|sbin|lib|lib64|var\/lib|opt)\//.test(resolved)) {
		return true;
	}
	// Dotfiles in the home directory: ~/.bashrc, ~/.ssh/config, ~/.aws/credentials
	return place === 'outside' && resolved.startsWith(rc.home + '/') && path.relative(rc.home, resolved).startsWith('.');
}

const RM_OPTS = { withValue: ['--interactive'] };

interface Deletion {
	readonly parsed: ParsedArgs;
	readonly recursive: boolean;
	readonly force: boolean;
}

function rmArgs(inv: Invocation): Deletion {
	const parsed = toolArgs(inv, RM_OPTS);
	return {
		parsed,
		recursive: hasOption(parsed, '-r', '-R', '--recursive'),
		force: hasOption(parsed, '-f', '--force'),
	};
}

function isHelp(parsed: ParsedArgs): boolean {
	return hasOption(parsed, '--help', '--version', '-h');
}

/**
 * Judges deleting `targets`: the strongest finding wins. Shared by rm, shred, find -delete,
 * rsync --delete and the interpreters' delete calls.
 */
function judgeDeletion(targets: readonly Word[], recursive: boolean, inv: Invocation, rc: RuleContext, what: string): MatchResult {
	let best: { severity: 'medium' | 'high' | 'critical'; reason: string; deny?: boolean } | undefined;
	const found: string[] = [];
	const raise = (severity: 'medium' | 'high' | 'critical', reason: string, deny = false) => {
		const rank = { medium: 1, high: 2, critical: 3 };
		if (!best || rank[severity] > rank[best.severity] || (deny && !best.deny)) {
			best = { severity, reason, deny: deny || best?.deny };
		}
	};
	/** `find ROOT… -exec rm {} +`, `find ROOT… | xargs rm`: every file under the roots that are not routine. */
	const searched = (roots: readonly Word[], via: string) => {
		for (const root of roots) {
			const place = placeOf(root, rc, inv);
			if (routine(root, place, rc, inv)) {
				continue;
			}
			const everywhere = place === 'root' || place === 'home' || place === 'system';
			raise(everywhere ? 'critical' : 'high', `${what} every file the search under ${root.text} finds${via}; the exact set is known only when it runs.`);
			found.push(root.text);
		}
	};
	let rootsJudged = false;
	for (const word of targets) {
		if (word.text === '' && !word.dynamic) {
			continue; // `rm ""` is an error that deletes nothing; it must not become "the whole project" or a name to type
		}
		const place = placeOf(word, rc, inv);
		if (inv.dynamicArgs && word.dynamic && word.raw.includes('{') && inv.via.some((v) => /^(?:g?find|fd|fdfind) /.test(v))) {
			// `find ROOT … -exec rm {} ;`: `{}` was replaced by the first search root; every root counts.
			if (!rootsJudged) {
				searched(searchedRoots(inv.source) ?? [word], '');
				rootsJudged = true;
			}
			continue;
		}
		const guarded = protectedMatch(word, rc, inv);
		if (guarded) {
			raise('high', `${what} ${word.text}, which matches your protected path "${guarded}".`);
			found.push(word.text);
		}
		if (recursive && (place === 'root' || place === 'home' || place === 'system')) {
			raise('critical', `${what} ${place === 'home' ? 'your home directory' : place === 'root' ? 'the whole file system' : `the system directory ${word.text}`} — this cannot be confirmed here.`, true);
			found.push(word.text);
			continue;
		}
		if (recursive && /^\$\{?\w+\}?\//.test(word.text)) {
			raise('critical', `${what} ${word.text}: if ${word.text.split('/')[0]} is empty or unset this starts at /.`);
			found.push(word.text);
			continue;
		}
		if (place === 'workspace-root' || word.text === '.' || word.text === '..' || word.text === './' || word.text === '*' && recursive) {
			// The folder it is: after `cd /srv/data`, `rm -rf *` empties /srv/data, not the project.
			const folder = movedFrom((rc.resolve(word, inv) ?? '').replace(/\/\*$/, '') || '/', inv);
			const whole = place === 'workspace-root' || rc.isWorkspaceRoot(folder) || !inv.cwd;
			raise(recursive ? 'critical' : 'high', whole ? `${what} ${word.text === '*' ? 'everything in' : ''} ${word.text} — the whole project.`.replace(/\s+/g, ' ') : `${what} everything in ${folder} (${word.text} there).`);
			found.push(word.text);
			continue;
		}
		const base = word.text.replace(/\/+$/, '');
		if (SENSITIVE.test(base)) {
			raise('high', `${what} ${word.text}, which holds data, secrets or state that may not exist anywhere else.`);
			found.push(word.text);
			continue;
		}
		if (place === 'temp') {
			continue;
		}
		if (place === 'outside' || (place === 'system' && !recursive)) {
			raise(recursive ? 'critical' : 'high', `${what} ${word.text}, outside the workspace.`);
			found.push(word.text);
			continue;
		}
		// `node_modules/.cache`, `packages/web/dist`: inside a regenerable directory is regenerable too.
		const regenerable = place === 'inside' && workspaceRelative(word, rc, inv).split('/').some((segment) => REGENERABLE.test(segment));
		if (recursive && !regenerable) {
			raise('high', `${what} ${word.text} and everything in it.`);
			found.push(word.text);
			continue;
		}
		if ((word.glob || word.dynamic || inv.dynamicArgs) && !regenerable && place !== 'inside' || (word.glob && recursive)) {
			raise('high', `${what} ${word.text}: the files it matches are only known when it runs.`);
			found.push(word.text);
			continue;
		}
		if (word.glob && !regenerable) {
			raise('high', `${what} every file matching ${word.text}.`);
			found.push(word.text);
		}
	}
	if (targets.length === 0 && inv.dynamicArgs) {
		// `find ROOT … | xargs rm`: the paths come from the search; from anything else, they are
		// resolved in the working directory. Either is the nearest name a person can check.
		const via = inv.via[inv.via.length - 1] ?? 'from input';
		const fed = runtimeRoots(inv);
		if (fed.searched) {
			searched(fed.roots, ` (${via})`);
		} else {
			raise('high', `${what} the paths it reads (${via}), relative to the working directory; the exact set is known only when it runs.`);
			found.push(fed.roots[0].text);
		}
	}
	if (!best) {
		return undefined;
	}
	return { targets: [...new Set(found)], severity: best.severity, reason: best.reason, decision: best.deny ? 'deny' : undefined };
}

/** Deleting under /tmp, or under a regenerable directory of the workspace (`find node_modules …`), is routine. */
function routine(word: Word, place: Place, rc: RuleContext, inv: Invocation): boolean {
	if (place === 'temp') {
		return true;
	}
	return place === 'inside' && !SENSITIVE.test(word.text.replace(/\/+$/, '')) && !protectedMatch(word, rc, inv)
		&& workspaceRelative(word, rc, inv).split('/').some((segment) => REGENERABLE.test(segment));
}

/** find's tests and actions that take one argument: `-name -delete` matches files named `-delete`. */
const FIND_VALUED = /^-(?:i?name|i?path|i?wholename|i?regex|i?lname|regextype|type|xtype|newer\w*|user|group|uid|gid|perm|size|[acm](?:min|time|newer)|used|links|inum|samefile|maxdepth|mindepth|fstype|context|printf|fprint|fprint0|fls|files0-from)$/;

/** Whether `-delete` is one of find's actions, not a value (`-name -delete`) or part of `-exec … ;`. */
function findDeletes(args: readonly Word[]): boolean {
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		if (t === '-delete') {
			return true;
		}
		if (/^-(?:exec|execdir|ok|okdir)$/.test(t)) {
			while (i + 1 < args.length && args[i + 1].text !== ';' && args[i + 1].text !== '+') {
				i++;
			}
			i++;
		} else if (t === '-fprintf') {
			i += 2;
		} else if (FIND_VALUED.test(t)) {
			i++;
		}
	}
	return false;
}

const rules: Rule[] = [
	{
		id: 'files:rm',
		severity: 'high',
		commands: ['rm', 'unlink', 'srm', 'trash-rm', 'gio', 'remove-item', 'ri', 'del', 'erase', 'rd'],
		reason: 'Deletes files permanently.',
		alternative: 'Move it aside first (mv X X.bak) or use `trash` so it can be restored.',
		match(inv, rc) {
			if (inv.name === 'gio' && inv.argv[1]?.text !== 'remove') {
				return undefined;
			}
			const args = inv.name === 'gio' ? inv.argv.slice(1) : inv.argv;
			const { parsed, recursive } = rmArgs({ ...inv, argv: args });
			if (isHelp(parsed)) {
				return undefined;
			}
			if (inv.name === 'remove-item' && inv.argv.some((w) => /^-WhatIf$/i.test(w.text))) {
				return undefined; // PowerShell's -WhatIf only says what would be deleted
			}
			const noPreserve = hasOption(parsed, '--no-preserve-root');
			const psRecursive = ['remove-item', 'ri', 'del', 'erase', 'rd'].includes(inv.name) && inv.argv.some((w) => /^(?:-recurse|\/s)$/i.test(w.text));
			const positionals = parsed.positionals.filter((w) => !/^\/[a-z]$/i.test(w.text) || inv.name === 'rm').map((w) => throughLink(w, inv, rc));
			const verdict = judgeDeletion(positionals, recursive || psRecursive, inv, rc, 'Deletes');
			if (noPreserve) {
				return { targets: positionals.map((w) => w.text), severity: 'critical', reason: 'Deletes with --no-preserve-root — this cannot be confirmed here.', decision: 'deny' };
			}
			return verdict;
		},
	},
	{
		id: 'files:rmdir-parents',
		severity: 'medium',
		commands: ['rmdir'],
		reason: 'Removes a chain of directories.',
		match(inv, rc) {
			const parsed = toolArgs(inv);
			if (inv.argv.some((w) => /^\/s$/i.test(w.text))) {
				return judgeDeletion(parsed.positionals.filter((w) => !/^\/[a-z]$/i.test(w.text)), true, inv, rc, 'Deletes');
			}
			return hasOption(parsed, '-p', '--parents') ? parsed.positionals.map((w) => w.text) : undefined;
		},
	},
	{
		id: 'files:shred',
		severity: 'high',
		commands: ['shred', 'wipe', 'scrub'],
		reason: 'Overwrites files so they cannot be recovered.',
		alternative: 'Check the file list first; there is no undo.',
		match(inv) {
			const parsed = toolArgs(inv, { withValue: ['-n', '--iterations', '-s', '--size', '--random-source'] });
			return isHelp(parsed) ? undefined : parsed.positionals.map((w) => w.text);
		},
	},
	{
		id: 'files:find-delete',
		severity: 'high',
		commands: ['find', 'gfind'],
		reason: 'Deletes every file the search matches.',
		alternative: 'Run the same find with -print first and check the list.',
		match(inv, rc) {
			if (!findDeletes(inv.argv.slice(1))) {
				return undefined;
			}
			// `find -name x -delete` starts in the working directory: its target is `.`, as for `rm -rf .`.
			const roots = findRoots(inv.argv.slice(1));
			const start = roots.length > 0 ? roots : [{ text: '.', raw: '.', dynamic: false, glob: false }];
			const judged = judgeDeletion(start, true, inv, rc, 'Deletes files under');
			if (!judged || typeof judged !== 'object' || !('severity' in judged)) {
				return undefined; // under /tmp or a regenerable directory: as routine as `rm -rf` there
			}
			if (judged.severity !== 'critical') {
				return { targets: judged.targets };
			}
			// `find / -name '*.log' -delete` is filtered: grave, but a person can judge it. Unfiltered, it is `rm -rf /`.
			const filtered = inv.argv.some((w) => /^-(?:i?name|i?path|i?regex|type|mtime|mmin|atime|ctime|size|user|group|newer|empty|perm|i?wholename)$/.test(w.text));
			return filtered && 'decision' in judged && judged.decision === 'deny' ? { ...judged, decision: undefined, reason: `${judged.reason?.replace(/ — this cannot be confirmed here\.$/, '.') ?? ''} Only the files the search matches are deleted.` } : judged;
		},
	},
	{
		id: 'files:rsync-delete',
		severity: 'high',
		commands: ['rsync'],
		reason: 'Deletes files in the destination that are not in the source.',
		alternative: 'Run it with --dry-run first and read the deletions.',
		match(inv) {
			const parsed = toolArgs(inv, { withValue: ['-e', '--rsh', '--exclude', '--include', '--filter', '-f', '--files-from', '--port', '--password-file', '--backup-dir', '--suffix', '--chmod', '--chown', '--log-file', '--partial-dir', '--temp-dir', '-T', '--compare-dest', '--link-dest', '--max-size', '--min-size', '--timeout', '--bwlimit'] });
			const deletes = [...parsed.options.keys()].some((o) => /^--(?:delete|del$|remove-source-files)/.test(o));
			if (!deletes || hasOption(parsed, '-n', '--dry-run', '--list-only')) {
				return undefined;
			}
			const dest = parsed.positionals[parsed.positionals.length - 1];
			return dest && parsed.positionals.length >= 2 ? dest.text : undefined;
		},
	},
	{
		id: 'files:remote-copy-over',
		severity: 'high',
		commands: ['scp'],
		reason: "Replaces system files on another machine (its /etc, /boot, the programs in /bin or /usr/bin).",
		alternative: 'Copy it to a temporary folder there, compare, and move it into place with a backup (cp -b).',
		match(inv) {
			const parsed = toolArgs(inv, { withValue: ['-c', '-D', '-F', '-i', '-J', '-l', '-o', '-P', '-S', '-X'] });
			const dest = parsed.positionals[parsed.positionals.length - 1];
			// `[user@]host:/etc/passwd`; not `/usr/local` or `/opt`, where installing a program is routine.
			const remote = dest && parsed.positionals.length >= 2 ? /^(?:[^@/:\s]+@)?(?:\[[^\]]+\]|[^:/\s]+):(\/.*)$/.exec(dest.text) : null;
			const file = remote ? path.posix.normalize(remote[1]) : undefined;
			return file !== undefined && /^\/(?:etc|boot|bin|sbin|lib|lib64|lib32|usr\/(?!local\/)[^/]+|var\/lib)\//.test(file) ? dest.text : undefined;
		},
	},
	{
		id: 'files:truncate',
		severity: 'high',
		commands: ['truncate'],
		reason: 'Cuts a file down, losing its contents.',
		match(inv, rc) {
			const parsed = toolArgs(inv, { withValue: ['-s', '--size', '-r', '--reference'] });
			const size = parsed.options.get('-s')?.[0] ?? parsed.options.get('--size')?.[0];
			if (size === undefined || !/^(?:0|-|<|\/)/.test(size) && size !== '0') {
				return undefined;
			}
			// Like `> file`: a log or scratch file in the workspace is routine; data, secrets, state and
			// anything outside the workspace are not.
			const files = parsed.positionals.filter((w) => overwriteMatters(w, rc, inv) || placeOf(w, rc, inv) === 'outside');
			return files.length > 0 ? files.map((w) => w.text) : undefined;
		},
	},
	{
		id: 'files:punch-hole',
		severity: 'high',
		commands: ['fallocate'],
		reason: "Zeroes or cuts out a range of a file in place (fallocate --punch-hole, --zero-range, --collapse-range): what was there is gone.",
		alternative: 'Copy the file first (cp --reflink=auto FILE FILE.bak), or let the program that owns it reclaim its space.',
		match(inv, rc) {
			// -p/--punch-hole, -z/--zero-range, -c/--collapse-range (alone or in a cluster, `-pl`); -d (--dig-holes)
			// frees only blocks that are zero already, -l alone allocates: neither loses data.
			const parsed = toolArgs(inv, { withValue: ['-l', '--length', '-o', '--offset'] });
			if (!hasOption(parsed, '-p', '--punch-hole', '-z', '--zero-range', '-c', '--collapse-range')) {
				return undefined;
			}
			// As for truncate: a scratch file in the workspace is routine; data, secrets, state and files outside it are not.
			const files = parsed.positionals.filter((w) => overwriteMatters(w, rc, inv) || placeOf(w, rc, inv) === 'outside');
			return files.length > 0 ? files.map((w) => w.text) : undefined;
		},
	},
	{
		id: 'files:overwrite',
		severity: 'high',
		commands: ['*'],
		reason: 'Overwrites a file that holds data, secrets or state.',
		alternative: 'Append with >> or write to a new file and move it into place after checking.',
		match(inv, rc) {
			// Only the outermost layer carries the line's redirects; inner layers share them.
			if (inv.argv !== inv.source.words && !(inv.name === ':' && inv.source.words.length === 0)) {
				return undefined;
			}
			const targets: string[] = [];
			for (const r of inv.redirects) {
				if (!r.target || !/^(?:>|>\||&>|>&)$/.test(r.op) || SAFE_SINKS.has(r.target.text) || /^&?\d+$/.test(r.target.text)) {
					continue;
				}
				if (overwriteMatters(r.target, rc, inv)) {
					targets.push(r.target.text);
				}
			}
			return targets.length > 0 ? targets : undefined;
		},
	},
	{
		id: 'files:output-over',
		severity: 'high',
		// Every command, checked by name inside: listing these names here would make the generic rule yield for
		// them (`gpg --delete-secret-keys` is the generic rule's).
		commands: ['*'],
		reason: 'Writes its output over a file outside the workspace that holds data, secrets or state, as > FILE would.',
		alternative: 'Write to a new file and move it into place after checking.',
		match(inv, rc) {
			if (!ARGUMENT_WRITERS.has(inv.name)) {
				return undefined;
			}
			// `sort -o /etc/passwd x`, `find … -fprint ~/.ssh/authorized_keys`, `openssl … -out F`, `gpg -o F`;
			// inside the workspace an output file is routine (`openssl genrsa -out key.pem`).
			const targets = argumentOutputs(inv.name, inv.argv.slice(1), inv.stdinText, () => [])
				.filter((o) => o.how === 'overwrite' && !SAFE_SINKS.has(o.word.text) && !/^\/dev\//.test(o.word.text) && placeOf(o.word, rc, inv) === 'outside' && overwriteMatters(o.word, rc, inv))
				.map((o) => o.word.text);
			return targets.length > 0 ? [...new Set(targets)] : undefined;
		},
	},
	{
		id: 'files:copy-over',
		severity: 'high',
		commands: ['cp', 'mv', 'install', 'tee', 'gcp', 'gmv', 'ginstall', 'copy-item', 'move-item', 'ln', 'gln', 'dd', 'tar', 'gtar', 'bsdtar'],
		reason: 'Replaces a file outside the workspace that holds system settings, secrets or state.',
		alternative: 'Back the file up first (cp -b, or cp FILE FILE.bak), or append with tee -a.',
		match(inv, rc) {
			// `dd of=F`, `tar -cf F …`, `ln -sf X F`: each replaces F as cp would.
			const other = inv.name === 'dd' ? ddOutput(inv) : /tar$/.test(inv.name) ? tarArchive(inv) : undefined;
			if (inv.name === 'dd' || /tar$/.test(inv.name)) {
				return other && !/^\/dev\//.test(other.text) && placeOf(other, rc, inv) === 'outside' && overwriteMatters(other, rc, inv) && !BACKUP_NAME.test(other.text) && !SELF_PROTECTED.test(other.text)
					? { targets: [other.text], reason: `${inv.name} replaces ${other.text}, outside the workspace: what it held is gone unless it was backed up.` }
					: undefined;
			}
			if (/ln$/.test(inv.name) && !hasOption(toolArgs(inv, { withValue: ['-t', '--target-directory', '-S', '--suffix'] }), '-f', '--force')) {
				return undefined;
			}
			const tee = inv.name === 'tee';
			const parsed = toolArgs(inv, { withValue: tee ? ['--output-error'] : ['-t', '--target-directory', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group', '--backup', '--reflink', '--sparse', '--preserve', '--no-preserve'] });
			// Appending, refusing to overwrite, and keeping a backup of what is replaced destroy nothing.
			if (hasOption(parsed, ...(KEEPS_WHAT_IS_THERE[inv.name.replace(/^g(?=cp|mv|install|ln)/, '')] ?? [])) || parsed.options.get('--update')?.includes('none')) {
				return undefined;
			}
			/** The file written, and the word naming it as written (a directory destination names the directory). */
			let written: { file: Word; as: string }[];
			if (tee) {
				written = parsed.positionals.map((w) => ({ file: w, as: w.text }));
			} else {
				const directory = parsed.options.get('-t')?.[0] ?? parsed.options.get('--target-directory')?.[0];
				const sources = directory !== undefined ? parsed.positionals : parsed.positionals.slice(0, -1);
				const dest = directory ?? parsed.positionals[parsed.positionals.length - 1]?.text;
				if (dest === undefined || sources.length === 0) {
					return undefined;
				}
				// Into a directory (`cp a /etc/nginx/`, several sources, -t): each source keeps its name there;
				// -T (--no-target-directory) makes the destination the file itself.
				const intoDirectory = !hasOption(parsed, '-T', '--no-target-directory') && (directory !== undefined || dest.endsWith('/') || sources.length > 1);
				written = intoDirectory
					? sources.map((w) => ({ file: literalWord(path.posix.join(dest, path.posix.basename(w.text))), as: dest }))
					: [{ file: parsed.positionals[parsed.positionals.length - 1], as: dest }];
			}
			const targets = written.filter(({ file: w }) => {
				// A fresh backup name destroys nothing; startup, hook and editor files are the self pack's to judge.
				if (BACKUP_NAME.test(w.text) || SELF_PROTECTED.test(w.text)) {
					return false;
				}
				const place = placeOf(w, rc, inv);
				if (place === 'inside' || place === 'workspace-root' || place === 'temp' || place === 'unknown' || SAFE_SINKS.has(w.text) || /^\/dev\//.test(w.text)) {
					return false;
				}
				// Installing a program under /usr/local or /opt is routine.
				const resolved = rc.resolve(w, inv) ?? w.text;
				return !/^\/(?:usr\/local|opt)\//.test(resolved) && overwriteMatters(w, rc, inv);
			});
			const names = [...new Set(targets.map((t) => t.as))];
			return names.length > 0 ? { targets: names, reason: `${inv.name} replaces ${targets[0].file.text}, outside the workspace: what it held is gone unless it was backed up.` } : undefined;
		},
	},
	{
		id: 'files:move-to-null',
		severity: 'high',
		commands: ['mv', 'cp'],
		reason: 'Replaces a file with nothing (moves it to /dev/null or copies /dev/null over it).',
		match(inv) {
			const parsed = toolArgs(inv, { withValue: ['-t', '--target-directory', '-S', '--suffix'] });
			const [first, ...rest] = parsed.positionals;
			const last = rest[rest.length - 1];
			if (inv.name === 'mv' && last?.text === '/dev/null') {
				return parsed.positionals.slice(0, -1).map((w) => w.text);
			}
			if (inv.name === 'cp' && first?.text === '/dev/null' && last) {
				return SENSITIVE.test(last.text) ? [last.text] : undefined;
			}
			return undefined;
		},
	},
];

/**
 * `ln -s /srv/data /tmp/l; rm -rf /tmp/l/` (or `/tmp/l/*`, `/tmp/l/x`): a path through a link the line made
 * deletes what the link leads to. The link itself (`rm /tmp/l`, no slash) is only the link.
 */
function throughLink(word: Word, inv: Invocation, rc: RuleContext): Word {
	const absolute = rc.preceding.length > 0 ? rc.resolve(word, inv) : undefined;
	const link = absolute === undefined ? undefined : linkedFile(absolute, rc);
	return link && (!link.exact || /\/\.?$/.test(word.text)) ? literalWord(link.text) : word;
}

/**
 * Per tool, the options with which files:copy-over destroys nothing. Each tool's own letters: `tee -a` appends,
 * but `cp -a` is --archive and `cp -d` keeps links, both still replacing the destination; `ln -n` does not
 * follow a link to a directory and `ln -d` makes hard links to directories, replacing as much as `ln -f`.
 */
const KEEPS_WHAT_IS_THERE: Readonly<Record<string, readonly string[]>> = {
	tee: ['-a', '--append', '--help', '--version'],
	cp: ['-n', '--no-clobber', '-b', '--backup', '--help', '--version'],
	mv: ['-n', '--no-clobber', '-b', '--backup', '--help', '--version'],
	install: ['-d', '--directory', '-b', '--backup', '--help', '--version'],
	ln: ['-b', '--backup', '--help', '--version'],
};

export const filesPack: RulePack = {
	name: 'files',
	description: 'Deleting, shredding, truncating and overwriting files.',
	rules,
};

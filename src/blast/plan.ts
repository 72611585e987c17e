/**
 * What to count for a line: read from the engine's unwrapped invocations (so `sudo rm`, `bash -c 'rm …'`
 * and `cd sub && rm -rf x` are seen as they run), never from the raw text. Pure: no I/O here.
 */
import * as path from 'path';
import { hasOption, optionValue, parseArgs } from '../engine/shell/argv';
import { gitCall } from '../engine/rules/git-shared';
import type { Invocation, Word } from '../engine/types';

/** A path a deletion names, resolved against the command's working directory. */
export interface DeletedPath {
	/** As written in the line. */
	readonly written: string;
	readonly absolute: string;
	/** Removed with everything under it. */
	readonly recursive: boolean;
	/** A trailing slash on a link: what it points to is removed (rm -r link/). */
	readonly followLink: boolean;
	/** Only the entries the command's own tests pick (find's -name, rsync's missing files): counts are an upper bound. */
	readonly atMost: boolean;
	/** `absolute`'s last part is a glob (`build/*.log`), matched against that folder's entries as the shell would. */
	readonly pattern?: boolean;
}

export type BlastTarget =
	| { readonly kind: 'delete'; readonly how: string; readonly paths: readonly DeletedPath[]; readonly unknown: readonly string[] }
	| { readonly kind: 'git-clean'; readonly dir: string; readonly args: readonly string[] }
	| { readonly kind: 'git-discard'; readonly dir: string; readonly how: 'reset --hard' | 'checkout' | 'restore'; readonly pathspecs: readonly string[] }
	| { readonly kind: 'git-stash'; readonly dir: string; readonly which: 'all' | string }
	| { readonly kind: 'force-push'; readonly dir: string; readonly remote?: string; readonly refspecs: readonly { readonly src: string; readonly dest: string }[]; readonly mirror: boolean }
	| { readonly kind: 'docker-volumes'; readonly dir: string; readonly how: string; readonly names: readonly string[]; readonly all: boolean }
	/** What lives elsewhere (a cloud volume, a database, a cluster): said plainly, never guessed. */
	| { readonly kind: 'remote'; readonly what: string };

function resolve(cwd: string, text: string, home: string | undefined): string {
	const expanded = home && (text === '~' || text.startsWith('~/')) ? path.join(home, text.slice(1)) : text;
	return path.resolve(cwd, expanded);
}

function known(word: Word): boolean {
	return !word.dynamic;
}

/** rm, unlink, rmdir: every positional is removed. */
function rmTarget(inv: Invocation, cwd: string, home: string | undefined): BlastTarget | undefined {
	const parsed = parseArgs(inv.argv.slice(1));
	if (hasOption(parsed, '--help', '--version')) {
		return undefined;
	}
	const recursive = inv.name === 'rm' && hasOption(parsed, '-r', '-R', '--recursive');
	const paths: DeletedPath[] = [];
	const unknown: string[] = [];
	for (const word of parsed.positionals) {
		if (word.glob && !/[$`]/.test(word.raw) && !/[*?[]/.test(path.dirname(word.text)) && !word.text.endsWith('/')) {
			paths.push({ written: word.text, absolute: resolve(cwd, word.text, home), recursive: recursive || inv.name === 'rmdir', followLink: false, atMost: false, pattern: true });
			continue;
		}
		if (!known(word) || word.glob) {
			unknown.push(word.raw);
			continue;
		}
		paths.push({ written: word.text, absolute: resolve(cwd, word.text, home), recursive: recursive || inv.name === 'rmdir', followLink: word.text.length > 1 && word.text.endsWith('/'), atMost: false });
	}
	return { kind: 'delete', how: inv.name, paths, unknown };
}

/** find ROOTS… -delete | -exec rm: at most everything under the roots. */
function findTarget(inv: Invocation, cwd: string, home: string | undefined): BlastTarget | undefined {
	const args = inv.argv.slice(1);
	const deletes = args.some((w) => w.text === '-delete') || args.some((w, i) => /^-(?:exec|execdir|ok|okdir)$/.test(w.text) && /(?:^|\/)(?:rm|unlink|shred)$/.test(args[i + 1]?.text ?? ''));
	if (!deletes) {
		return undefined;
	}
	const roots: Word[] = [];
	for (const word of args) {
		if (/^[-(!]/.test(word.text) && !['-H', '-L', '-P'].includes(word.text)) {
			break;
		}
		if (!['-H', '-L', '-P'].includes(word.text)) {
			roots.push(word);
		}
	}
	const start = roots.length > 0 ? roots : [{ text: '.', raw: '.', dynamic: false, glob: false }];
	const filtered = args.some((w) => /^-(?:i?name|i?path|i?regex|type|mtime|mmin|atime|ctime|size|user|group|newer|empty|perm|i?wholename|mindepth|maxdepth|prune)$/.test(w.text));
	return {
		kind: 'delete', how: 'find',
		paths: start.filter(known).map((w) => ({ written: w.text, absolute: resolve(cwd, w.text, home), recursive: true, followLink: false, atMost: filtered })),
		unknown: start.filter((w) => !known(w)).map((w) => w.raw),
	};
}

const RSYNC_WITH_VALUE = ['-e', '--rsh', '--exclude', '--include', '--filter', '-f', '--files-from', '--port', '--password-file', '--backup-dir', '--suffix', '--chmod', '--chown', '--log-file', '--partial-dir', '--temp-dir', '-T', '--compare-dest', '--link-dest', '--max-size', '--min-size', '--timeout', '--bwlimit'];

/** rsync --delete SRC… DEST: at most everything already in DEST (the files SRC lacks go). */
function rsyncTarget(inv: Invocation, cwd: string, home: string | undefined): BlastTarget | undefined {
	const parsed = parseArgs(inv.argv.slice(1), { withValue: RSYNC_WITH_VALUE });
	const deletes = [...parsed.options.keys()].some((o) => /^--(?:delete|del$)/.test(o));
	if (!deletes || hasOption(parsed, '-n', '--dry-run', '--list-only') || parsed.positionals.length < 2) {
		return undefined;
	}
	const dest = parsed.positionals[parsed.positionals.length - 1];
	if (/^[^/]*:/.test(dest.text) || dest.text.startsWith('rsync://')) {
		return { kind: 'remote', what: `files on ${dest.text.split(':')[0]} (rsync to another machine)` };
	}
	if (!known(dest) || dest.glob) {
		return { kind: 'delete', how: 'rsync --delete', paths: [], unknown: [dest.raw] };
	}
	return { kind: 'delete', how: 'rsync --delete', paths: [{ written: dest.text, absolute: resolve(cwd, dest.text, home), recursive: true, followLink: true, atMost: true }], unknown: [] };
}

const CLEAN_FLAGS = new Set(['-d', '-x', '-X', '-f', '--force', '-q', '--quiet']);

function gitTarget(inv: Invocation, cwd: string, home: string | undefined): BlastTarget | undefined {
	const call = gitCall(inv);
	if (!call) {
		return undefined;
	}
	const dir = call.dir ? resolve(cwd, call.dir, home) : cwd;
	const args = call.args;
	switch (call.sub) {
		case 'clean': {
			const parsed = parseArgs(args, { withValue: ['-e', '--exclude'] });
			if (!hasOption(parsed, '-f', '--force') || hasOption(parsed, '-n', '--dry-run')) {
				return undefined;
			}
			// Only flags we know go to the dry run we ask for (the line's own words never become git options).
			const flags = [...parsed.options.keys()].filter((o) => CLEAN_FLAGS.has(o) && o !== '-f' && o !== '--force' && o !== '-q' && o !== '--quiet');
			const excludes = [...(parsed.options.get('-e') ?? []), ...(parsed.options.get('--exclude') ?? [])].flatMap((e) => ['-e', e]);
			return { kind: 'git-clean', dir, args: [...flags, ...excludes, '--', ...parsed.positionals.filter(known).map((w) => w.text)] };
		}
		case 'reset': {
			const parsed = parseArgs(args, { withValue: ['--pathspec-from-file'] });
			return hasOption(parsed, '--hard') ? { kind: 'git-discard', dir, how: 'reset --hard', pathspecs: [] } : undefined;
		}
		case 'checkout':
		case 'restore': {
			const parsed = parseArgs(args, { withValue: ['-s', '--source', '-b', '-B', '--orphan', '--conflict', '--pathspec-from-file'] });
			const dashdash = args.findIndex((w) => w.text === '--');
			// checkout changes files only with `--` or `-f`/`.`; restore always does (its positionals are paths).
			const paths = call.sub === 'restore' ? parsed.positionals : dashdash >= 0 ? args.slice(dashdash + 1) : parsed.positionals.filter((w) => w.text === '.' || w.text.startsWith('./'));
			if (paths.length === 0 || hasOption(parsed, '--staged') && !hasOption(parsed, '--worktree', '-W')) {
				return undefined;
			}
			return { kind: 'git-discard', dir, how: call.sub, pathspecs: paths.filter(known).map((w) => w.text) };
		}
		case 'stash': {
			const verb = args[0]?.text;
			if (verb === 'clear') {
				return { kind: 'git-stash', dir, which: 'all' };
			}
			if (verb === 'drop') {
				const ref = args.slice(1).find((w) => !w.text.startsWith('-'));
				return { kind: 'git-stash', dir, which: ref && known(ref) ? ref.text : 'stash@{0}' };
			}
			return undefined;
		}
		case 'push': {
			const parsed = parseArgs(args, { withValue: ['--repo', '--receive-pack', '--exec', '-o', '--push-option', '--recurse-submodules'] });
			if (hasOption(parsed, '-n', '--dry-run')) {
				return undefined;
			}
			const mirror = hasOption(parsed, '--mirror');
			const flag = hasOption(parsed, '-f', '--force');
			const [remoteWord, ...rest] = parsed.positionals;
			const refspecs = rest.filter(known).map((w) => w.text).filter((t) => flag || mirror || t.startsWith('+')).map((t) => {
				const spec = t.replace(/^\+/, '');
				const colon = spec.indexOf(':');
				const src = colon >= 0 ? spec.slice(0, colon) : spec;
				return { src, dest: colon >= 0 ? spec.slice(colon + 1) || src : src };
			}).filter((r) => r.src !== '');
			if (!flag && !mirror && refspecs.length === 0) {
				return undefined;
			}
			return { kind: 'force-push', dir, remote: remoteWord && known(remoteWord) ? remoteWord.text : optionValue(parsed, '--repo'), refspecs, mirror };
		}
		default:
			return undefined;
	}
}

function dockerTarget(inv: Invocation, dir: string): BlastTarget | undefined {
	if (inv.name !== 'docker' && inv.name !== 'podman' && inv.name !== 'docker-compose') {
		return undefined;
	}
	const words = inv.argv.slice(1).map((w) => w.text);
	const verbs = words.filter((w) => !w.startsWith('-'));
	if (inv.name === 'docker-compose' || verbs[0] === 'compose') {
		const downAt = words.indexOf('down');
		if (downAt >= 0 && words.slice(downAt + 1).some((w) => w === '-v' || w === '--volumes')) {
			return { kind: 'docker-volumes', dir, how: 'compose down -v', names: [], all: true };
		}
		return undefined;
	}
	if (verbs[0] === 'volume' && (verbs[1] === 'rm' || verbs[1] === 'remove')) {
		return { kind: 'docker-volumes', dir, how: 'volume rm', names: inv.argv.slice(1).filter((w) => !w.text.startsWith('-') && !w.dynamic).map((w) => w.text).slice(2), all: false };
	}
	if (verbs[0] === 'volume' && verbs[1] === 'prune' || verbs[0] === 'system' && verbs[1] === 'prune' && words.includes('--volumes')) {
		return { kind: 'docker-volumes', dir, how: `${verbs[0]} prune`, names: [], all: true };
	}
	return undefined;
}

/** Commands whose data lives elsewhere, by the engine's rule family. */
const REMOTE_FAMILIES: Record<string, string> = {
	cloud: 'cloud resources', kubernetes: 'Kubernetes objects in the cluster', 'kubernetes-tools': 'Kubernetes objects in the cluster',
	sql: 'database rows or tables', 'sql-clients': 'database rows or tables', nosql: 'database data', orm: 'database tables', 'orm-tools': 'database tables',
	iac: 'infrastructure managed by the tool', paas: 'resources on the hosting platform', 'hosting-ci': 'resources on the hosting service',
	http: 'whatever the remote API deletes', 'http-requests': 'whatever the remote API deletes', registries: 'published packages or images', backups: 'backups', messaging: 'queued messages',
};

/**
 * What to count for `invocations` (the engine's, for the line), each in its own working directory.
 * `rules`: the ids of the rules that asked (the verdict's hits), for what can only be named.
 */
export function planBlast(invocations: readonly Invocation[], cwd: string, rules: readonly string[], home?: string): BlastTarget[] {
	const targets: BlastTarget[] = [];
	for (const inv of invocations) {
		const dir = inv.cwd ?? cwd;
		if (inv.remote) {
			targets.push({ kind: 'remote', what: `what \`${inv.name}\` deletes on another machine (${inv.via.join(', ') || 'remote'})` });
			continue;
		}
		const target = ['rm', 'unlink', 'rmdir'].includes(inv.name) ? rmTarget(inv, dir, home)
			: inv.name === 'find' || inv.name === 'gfind' ? findTarget(inv, dir, home)
				: inv.name === 'rsync' ? rsyncTarget(inv, dir, home)
					: inv.name === 'git' ? gitTarget(inv, dir, home)
						: dockerTarget(inv, dir);
		if (target) {
			targets.push(target);
		}
	}
	const families = new Set(rules.map((r) => r.split(':')[0]));
	for (const family of families) {
		const what = REMOTE_FAMILIES[family];
		if (what && !targets.some((t) => t.kind === 'remote' && t.what === what)) {
			targets.push({ kind: 'remote', what });
		}
	}
	return targets;
}

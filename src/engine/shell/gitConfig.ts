/**
 * git's configuration as git reads it, for the commands it makes git run: the aliases in the config files
 * (`~/.gitconfig`, the repository's `.git/config`, what they include), which repository a folder is in,
 * and what `git config alias.NAME VALUE` writes (read by dataflow.ts, so a later `git NAME` in the same line
 * sees it).
 */
import * as path from 'path';
import { parseArgs } from './argv';
import { readRelative } from './input';
import type { AnalysisContext, Invocation, Word } from '../types';

/**
 * git's own commands (2.39's `--list-cmds=main`, and later additions): an alias never replaces one, so a
 * word among them is never looked up as an alias.
 */
export const GIT_COMMANDS: ReadonlySet<string> = new Set(('add am annotate apply archive backfill bisect blame branch bugreport bundle cat-file check-attr check-ignore check-mailmap check-ref-format checkout checkout-index cherry cherry-pick citool clean clone column commit commit-graph commit-tree config count-objects credential credential-cache credential-store daemon describe diagnose diff diff-files diff-index diff-pairs diff-tree difftool fast-export fast-import fetch fetch-pack filter-branch fmt-merge-msg for-each-ref for-each-repo format-patch fsck fsck-objects fsmonitor--daemon gc get-tar-commit-id grep gui hash-object help hook http-backend http-fetch http-push imap-send index-pack init init-db instaweb interpret-trailers last-modified log ls-files ls-remote ls-tree mailinfo mailsplit maintenance merge merge-base merge-file merge-index merge-octopus merge-one-file merge-ours merge-recursive merge-resolve merge-subtree merge-tree mergetool mktag mktree multi-pack-index mv name-rev notes pack-objects pack-redundant pack-refs patch-id prune prune-packed pull push quiltimport range-diff read-tree rebase receive-pack reflog refs remote repack replace replay repo request-pull rerere reset restore rev-list rev-parse revert rm send-email send-pack shell shortlog show show-branch show-index show-ref sparse-checkout stage stash status stripspace submodule subtree switch symbolic-ref tag unpack-file unpack-objects update-index update-ref update-server-info upload-archive upload-pack var verify-commit verify-pack verify-tag version whatchanged worktree write-tree').split(' '));

/** `git -C DIR`: the folder git runs in (the last -C, relative to the ones before, as in git). */
export function globalDirectory(globals: readonly Word[]): string | undefined {
	let dir: string | undefined;
	for (let i = 0; i + 1 < globals.length; i++) {
		if (globals[i].text === '-C') {
			dir = dir === undefined ? globals[i + 1].text : path.join(dir, globals[i + 1].text);
			i++;
		}
	}
	return dir;
}

/**
 * A git config file's settings, in order: each as its full key (`section.name`, or `section.sub.name` for
 * `[section "sub"]`, the section and name lower-cased as git compares them) and its value, read to the end
 * of the line, surrounding quotes removed.
 */
export function configEntries(text: string): { key: string; value: string }[] {
	const out: { key: string; value: string }[] = [];
	let section = '';
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		const header = /^\[\s*([\w.-]+)(?:\s+"((?:\\.|[^"\\])*)")?\s*\]\s*(.*)$/.exec(line);
		if (header) {
			section = header[2] === undefined ? header[1].toLowerCase() : `${header[1].toLowerCase()}.${header[2]}`;
			continue;
		}
		const entry = /^([A-Za-z][\w-]*)\s*=\s*(.*)$/.exec(line);
		if (entry && section) {
			out.push({ key: `${section}.${entry[1].toLowerCase()}`, value: entry[2].replace(/^"([\s\S]*)"$/, '$1') });
		}
	}
	return out;
}

/** The value of `[alias] name = …` in a config file's text (the last one wins), and the files it includes. */
function aliasIn(text: string, name: string): { value?: string; includes: string[] } {
	let value: string | undefined;
	const includes: string[] = [];
	for (const { key, value: v } of configEntries(text)) {
		if (key === `alias.${name}`) {
			value = v;
		} else if (/^include(?:if\..+)?\.path$/.test(key)) {
			includes.push(v);
		}
	}
	return { value, includes };
}

/**
 * `git NAME …` where NAME is an alias in the config files git reads — the system's, the user's
 * (`~/.gitconfig`, `$XDG_CONFIG_HOME/git/config`) and the repository's (`.git/config` of the folder or
 * the nearest above it) — with the files they include, one level deep. Later files win, as in git.
 */
export function aliasOnDisk(name: string, inv: Invocation, dir: string | undefined, ctx: AnalysisContext): string | undefined {
	const env = { ...ctx.env, ...inv.env };
	const home = (inv.env.HOME ?? ctx.home ?? env.HOME)?.replace(/\/+$/, '');
	const files: string[] = [env.GIT_CONFIG_SYSTEM ?? '/etc/gitconfig'];
	if (env.GIT_CONFIG_GLOBAL) {
		files.push(env.GIT_CONFIG_GLOBAL);
	} else if (home) {
		files.push(`${env.XDG_CONFIG_HOME?.replace(/\/+$/, '') ?? `${home}/.config`}/git/config`, `${home}/.gitconfig`);
	}
	const start = path.resolve(inv.cwd ?? ctx.cwd ?? '/', dir ?? '.');
	const gitDir = env.GIT_DIR ? path.resolve(start, env.GIT_DIR) : repositoryOf(start, ctx);
	if (gitDir) {
		files.push(`${gitDir}/config`);
	}
	let value: string | undefined;
	for (const file of files) {
		const text = readRelative(file, ctx);
		if (text === undefined) {
			continue;
		}
		const found = aliasIn(text, name);
		value = found.value ?? value;
		for (const include of found.includes) {
			const included = readRelative(include.startsWith('~') || path.isAbsolute(include) ? include : path.join(path.dirname(file), include), ctx);
			value = (included === undefined ? undefined : aliasIn(included, name).value) ?? value;
		}
	}
	return value;
}

/** The git folder of the repository `dir` is in: the nearest `.git` folder above it, or the folder a `.git` file points to. */
export function repositoryOf(dir: string, ctx: AnalysisContext): string | undefined {
	for (let at = dir, depth = 0; depth < 32; depth++) {
		if (readRelative(`${at}/.git/HEAD`, ctx) !== undefined) {
			return `${at}/.git`;
		}
		// A worktree or submodule: `.git` is a file saying `gitdir: …`.
		const pointer = /^gitdir:\s*(.+)$/m.exec(readRelative(`${at}/.git`, ctx) ?? '')?.[1]?.trim();
		if (pointer) {
			const gitDir = path.resolve(at, pointer);
			const common = readRelative(`${gitDir}/commondir`, ctx)?.trim();
			return common ? path.resolve(gitDir, common) : gitDir;
		}
		const up = path.dirname(at);
		if (up === at) {
			return undefined;
		}
		at = up;
	}
	return undefined;
}

/**
 * The file and text `git [-C DIR] config [--global|--system|--local|-f FILE] [set|--add] alias.NAME VALUE`
 * writes: `[alias] NAME = VALUE` appended to the config file of that scope (the repository's by default).
 */
export function aliasWrite(args: readonly Word[], ctx: AnalysisContext, cwd: string | undefined): { file: string; content: string } | undefined {
	let i = 0;
	while (i < args.length && args[i].text.startsWith('-')) {
		i += ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix'].includes(args[i].text) ? 2 : 1;
	}
	if (args[i]?.text !== 'config') {
		return undefined;
	}
	const parsed = parseArgs(args.slice(i + 1), { withValue: ['-f', '--file', '--blob', '-t', '--type', '--default', '--comment', '--value'], long: [] });
	const words = parsed.positionals.map((w) => w.text);
	const [key, value, extra] = words[0] === 'set' || words[0] === 'add' ? words.slice(1) : words;
	if (!key || value === undefined || extra !== undefined || !/^alias\.[\w-]+$/i.test(key)) {
		return undefined;
	}
	const home = (ctx.home ?? ctx.env?.HOME)?.replace(/\/+$/, '');
	const here = path.resolve(cwd ?? ctx.cwd ?? '/', globalDirectory(args.slice(0, i)) ?? '.');
	const file = parsed.options.get('-f')?.at(-1) ?? parsed.options.get('--file')?.at(-1);
	const target = file !== undefined ? path.resolve(here, file.replace(/^~(?=\/)/, home ?? '~'))
		: parsed.options.has('--global') ? (home ? `${home}/.gitconfig` : undefined)
			: parsed.options.has('--system') ? '/etc/gitconfig'
				: `${repositoryOf(here, ctx) ?? `${here}/.git`}/config`;
	return target === undefined ? undefined : { file: target, content: `\n[alias]\n\t${key.slice(6)} = ${value}\n` };
}

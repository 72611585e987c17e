/**
 * How git is invoked: its global options before the subcommand (`git -C repo -c k=v push …`), the
 * branches treated as protected, the checked-out branch, and path heuristics shared by the git rules.
 */
import * as path from 'path';
import { hasOption, parseArgs, type ParsedArgs } from '../shell/argv';
import type { Invocation, Severity, Word } from '../types';
import type { MatchResult, Rule, RuleContext } from './rule';

/** git's own options that take a value, written before the subcommand. */
const GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix']);

/** Branches whose history others build on: rewriting or deleting them is critical. */
const PROTECTED = /^(?:main|master|trunk|develop|development|dev|prod|production|live|stable|staging|gh-pages|release(?:s?[-/_.].*)?|hotfix\/.*)$/i;

/**
 * Each judged subcommand's long options (git 2.39's `--help-all`, plus `push --branches` from 2.46).
 * git's parse-options takes any unambiguous prefix of them: `git reset --har` is `git reset --hard`.
 * `submodule` and `filter-branch` are shell scripts that match their options exactly, so they have none.
 */
const GIT_LONG: Readonly<Record<string, readonly string[]>> = {
	reset: ['--hard', '--intent-to-add', '--keep', '--merge', '--mixed', '--no-refresh', '--patch', '--pathspec-file-nul', '--pathspec-from-file', '--quiet', '--recurse-submodules', '--soft'],
	clean: ['--dry-run', '--exclude', '--force', '--interactive', '--quiet'],
	push: ['--all', '--atomic', '--branches', '--delete', '--dry-run', '--exec', '--follow-tags', '--force', '--force-if-includes', '--force-with-lease', '--ipv4', '--ipv6', '--mirror', '--no-verify', '--porcelain', '--progress', '--prune', '--push-option', '--quiet', '--receive-pack', '--recurse-submodules', '--repo', '--set-upstream', '--signed', '--tags', '--thin', '--verbose'],
	checkout: ['--conflict', '--detach', '--force', '--guess', '--ignore-other-worktrees', '--ignore-skip-worktree-bits', '--merge', '--orphan', '--ours', '--overlay', '--overwrite-ignore', '--patch', '--pathspec-file-nul', '--pathspec-from-file', '--progress', '--quiet', '--recurse-submodules', '--theirs', '--track'],
	restore: ['--conflict', '--ignore-skip-worktree-bits', '--ignore-unmerged', '--merge', '--ours', '--overlay', '--patch', '--pathspec-file-nul', '--pathspec-from-file', '--progress', '--quiet', '--recurse-submodules', '--source', '--staged', '--theirs', '--worktree'],
	switch: ['--conflict', '--create', '--detach', '--discard-changes', '--force', '--force-create', '--guess', '--ignore-other-worktrees', '--merge', '--orphan', '--overwrite-ignore', '--progress', '--quiet', '--recurse-submodules', '--track'],
	branch: ['--abbrev', '--all', '--color', '--column', '--contains', '--copy', '--create-reflog', '--delete', '--edit-description', '--force', '--format', '--ignore-case', '--list', '--merged', '--move', '--no-contains', '--no-merged', '--points-at', '--quiet', '--recurse-submodules', '--remotes', '--set-upstream', '--set-upstream-to', '--show-current', '--sort', '--track', '--unset-upstream', '--verbose', '--with', '--without'],
	tag: ['--annotate', '--cleanup', '--color', '--column', '--contains', '--create-reflog', '--delete', '--edit', '--file', '--force', '--format', '--ignore-case', '--list', '--local-user', '--merged', '--message', '--no-column', '--no-contains', '--no-merged', '--points-at', '--sign', '--sort', '--verify', '--with', '--without'],
	'update-ref': ['--create-reflog', '--no-deref', '--stdin'],
	rm: ['--cached', '--dry-run', '--force', '--ignore-unmatch', '--pathspec-file-nul', '--pathspec-from-file', '--quiet', '--sparse'],
	gc: ['--aggressive', '--auto', '--cruft', '--force', '--keep-largest-pack', '--prune', '--quiet'],
	prune: ['--dry-run', '--exclude-promisor-objects', '--expire', '--progress', '--verbose'],
	'reflog expire': ['--all', '--dry-run', '--expire', '--expire-unreachable', '--rewrite', '--single-worktree', '--stale-fix', '--updateref', '--verbose'],
	'reflog delete': ['--dry-run', '--rewrite', '--updateref', '--verbose'],
	'worktree remove': ['--force'],
};

/** Parses a git subcommand's arguments as git does, long-option prefixes included (`sub` as in GIT_LONG). */
export function gitArgs(sub: string, args: readonly Word[], withValue: readonly string[] = []): ParsedArgs {
	return parseArgs(args, { withValue, long: GIT_LONG[sub] });
}

export interface GitCall {
	readonly sub: string;
	readonly args: readonly Word[];
	/** `git -C dir …` */
	readonly dir?: string;
	/** `-c key=value` and `--config-env=key=VAR` settings, as written. */
	readonly config: readonly string[];
}

/** The subcommand and its arguments, after git's global options (`git -C repo -c k=v push …`). */
export function gitCall(inv: Invocation): GitCall | undefined {
	const argv = inv.argv;
	let dir: string | undefined;
	const config: string[] = [];
	let i = 1;
	while (i < argv.length) {
		const t = argv[i].text;
		if (GLOBAL_WITH_VALUE.has(t)) {
			if (t === '-C') {
				dir = argv[i + 1]?.text;
			} else if ((t === '-c' || t === '--config-env') && i + 1 < argv.length) {
				config.push(argv[i + 1].text);
			}
			i += 2;
			continue;
		}
		if (t.startsWith('--config-env=')) {
			config.push(t.slice('--config-env='.length));
		}
		if (!t.startsWith('-')) {
			break;
		}
		if (t === '--help' || t === '-h' || t === '--version' || t === '-v') {
			return undefined;
		}
		i++;
	}
	if (i >= argv.length) {
		return undefined;
	}
	const args = argv.slice(i + 1);
	// `git push --help` shows the manual.
	if (args.some((w) => w.text === '--help' || w.text === '-h')) {
		return undefined;
	}
	return { sub: argv[i].text, args, dir, config };
}

/** Strips `refs/heads/` so `refs/heads/main` is judged like `main`. */
function branchName(ref: string): string {
	return ref.replace(/^refs\/heads\//, '');
}

export function isProtected(ref: string | undefined): boolean {
	return ref !== undefined && PROTECTED.test(branchName(ref));
}

/** The checked-out branch, read from `.git/HEAD` in the working directory or a parent (undefined when unknowable). */
export function currentBranch(inv: Invocation, rc: RuleContext, dir: string | undefined): string | undefined {
	if (inv.remote) {
		return undefined;
	}
	let at = rc.resolve(dir ?? '.', inv);
	for (let depth = 0; at !== undefined && depth < 32; depth++) {
		const head = rc.readFile(path.join(at, '.git', 'HEAD'));
		if (head !== undefined) {
			return /^ref: refs\/heads\/(.+)$/m.exec(head)?.[1]?.trim();
		}
		const parent = path.dirname(at);
		at = parent === at ? undefined : parent;
	}
	return undefined;
}

/** Paths that stand for the whole working tree (or a glob over it). */
export function wholeTree(word: Word): boolean {
	return /^(?:\.|\.\/|\*|:\/|:\/\*|:\/:|:\(top\)|\.\/\*)$/.test(word.text) || word.glob || word.text.endsWith('/') || word.dynamic;
}

/** A word that is probably a path rather than a branch: `.`, `./x`, `src/app.ts`, a glob, or an existing file. */
export function looksLikePath(word: Word, inv: Invocation, rc: RuleContext): boolean {
	// Ref names never end with `/`, so `src/` is a directory.
	if (/^(?:\.{1,2}(?:\/|$)|:\/|\*)/.test(word.text) || word.text.endsWith('/') || word.glob) {
		return true;
	}
	if (/\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(word.text) && !/^(?:origin|upstream)\//.test(word.text)) {
		return true;
	}
	const abs = rc.resolve(word, inv);
	return abs !== undefined && rc.readFile(abs) !== undefined;
}

/** Severity for discarding uncommitted changes in `paths`: the whole tree is high, single files medium. */
export function discardSeverity(paths: readonly Word[]): Severity {
	return paths.some(wholeTree) ? 'high' : 'medium';
}

/** git's spellings of true (`-c key` alone is true too); anything else a setting is given may be false. */
const GIT_TRUE = /^(?:true|yes|on|1)$/i;

/**
 * Whether `git clean` may delete without `-f`: `clean.requireForce` set to false (or to a value the line
 * leaves unknown) by `-c`, `--config-env`, GIT_CONFIG_* variables, a `git config` earlier in the line, or
 * the repository's or the user's config file. git then cleans with no flag at all.
 */
export function cleanNeedsNoForce(call: GitCall, inv: Invocation, rc: RuleContext): boolean {
	if (call.config.some((s) => /^clean\.requireforce=/i.test(s) && !GIT_TRUE.test(s.slice(s.indexOf('=') + 1)))) {
		return true;
	}
	const env = { ...rc.analysis.env, ...inv.env };
	const files = ['/etc/gitconfig', path.join(rc.home, '.gitconfig'), path.join(env.XDG_CONFIG_HOME || path.join(rc.home, '.config'), 'git', 'config')];
	for (const [name, value] of Object.entries(env)) {
		if (value === undefined || !name.startsWith('GIT_CONFIG_')) {
			continue;
		}
		if (name === 'GIT_CONFIG_GLOBAL' || name === 'GIT_CONFIG_SYSTEM') {
			const file = rc.resolve(value, inv);
			if (file === undefined) {
				return true;
			}
			files.push(file);
		} else if (/requireforce/i.test(value)) {
			return true; // GIT_CONFIG_PARAMETERS, GIT_CONFIG_KEY_<n>
		}
	}
	if (rc.preceding.some((p) => p.argv.some((w) => /requireforce/i.test(w.text)))) {
		return true;
	}
	let at = inv.remote ? undefined : rc.resolve(call.dir ?? '.', inv);
	for (let depth = 0; at !== undefined && depth < 32; depth++) {
		if (rc.readFile(path.join(at, '.git', 'HEAD')) !== undefined) {
			files.push(path.join(at, '.git', 'config'));
			break;
		}
		const parent = path.dirname(at);
		at = parent === at ? undefined : parent;
	}
	return files.some((f) => {
		for (const m of (rc.readFile(f) ?? '').matchAll(/^[ \t]*(?:\[[^\]\n]*\][ \t]*)?requireforce[ \t]*=([^\n]*)$/gim)) {
			if (!GIT_TRUE.test(m[1].replace(/[#;].*$/, '').trim().replace(/^"(.*)"$/, '$1'))) {
				return true;
			}
		}
		return false;
	});
}

export function dryRun(parsed: ParsedArgs): boolean {
	return hasOption(parsed, '-n', '--dry-run');
}

type GitMatcher = (call: GitCall, inv: Invocation, rc: RuleContext) => MatchResult;

/** A rule about one or more git subcommands. */
export function gitRule(rule: Omit<Rule, 'commands' | 'match'> & { subs: readonly string[]; match: GitMatcher }): Rule {
	const { subs, match, ...rest } = rule;
	return {
		...rest,
		commands: ['git', 'hub'],
		match(inv, rc) {
			const call = gitCall(inv);
			return call && subs.includes(call.sub) ? match(call, inv, rc) : undefined;
		},
	};
}

/**
 * How git is invoked: its global options before the subcommand (`git -C repo -c k=v push …`), the
 * branches treated as protected, the checked-out branch, and path heuristics shared by the git rules.
 */
import * as path from 'path';
import { hasOption, type ParsedArgs } from '../shell/argv';
import type { Invocation, Severity, Word } from '../types';
import type { MatchResult, Rule, RuleContext } from './rule';

/** git's own options that take a value, written before the subcommand. */
const GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix']);

/** Branches whose history others build on: rewriting or deleting them is critical. */
const PROTECTED = /^(?:main|master|trunk|develop|development|dev|prod|production|live|stable|staging|gh-pages|release(?:s?[-/_.].*)?|hotfix\/.*)$/i;

export interface GitCall {
	readonly sub: string;
	readonly args: readonly Word[];
	/** `git -C dir …` */
	readonly dir?: string;
}

/** The subcommand and its arguments, after git's global options (`git -C repo -c k=v push …`). */
export function gitCall(inv: Invocation): GitCall | undefined {
	const argv = inv.argv;
	let dir: string | undefined;
	let i = 1;
	while (i < argv.length) {
		const t = argv[i].text;
		if (GLOBAL_WITH_VALUE.has(t)) {
			if (t === '-C') {
				dir = argv[i + 1]?.text;
			}
			i += 2;
			continue;
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
	return { sub: argv[i].text, args, dir };
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

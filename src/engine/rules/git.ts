/**
 * Git history, branches and remotes: force pushes, hard resets, cleans, deleted branches and rewritten history.
 *
 * Targets: a push names the remote branch it overwrites or deletes (`git push -f origin main` → `main`;
 * with no refspec, the remote's name; with neither, `HEAD`, the current branch). Commands that name
 * nothing use the ref or path git falls back to (`reset --hard` → `HEAD`, `clean -f` → `.`) or the
 * noun that is destroyed (`stash`, `reflog`, `gc`, `filter-branch`).
 */
import * as path from 'path';
import { hasOption, optionValue, parseArgs, type ParsedArgs } from '../argv';
import type { Invocation, Severity, Word } from '../types';
import type { MatchResult, Rule, RuleContext, RulePack } from './rule';

/** git's own options that take a value, written before the subcommand. */
const GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix']);

/** Branches whose history others build on: rewriting or deleting them is critical. */
const PROTECTED = /^(?:main|master|trunk|develop|development|dev|prod|production|live|stable|staging|gh-pages|release(?:s?[-/_.].*)?|hotfix\/.*)$/i;

interface GitCall {
	readonly sub: string;
	readonly args: readonly Word[];
	/** `git -C dir …` */
	readonly dir?: string;
}

/** The subcommand and its arguments, after git's global options (`git -C repo -c k=v push …`). */
function gitCall(inv: Invocation): GitCall | undefined {
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

function isProtected(ref: string | undefined): boolean {
	return ref !== undefined && PROTECTED.test(branchName(ref));
}

/** The checked-out branch, read from `.git/HEAD` in the working directory or a parent (undefined when unknowable). */
function currentBranch(inv: Invocation, rc: RuleContext, dir: string | undefined): string | undefined {
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
function wholeTree(word: Word): boolean {
	return /^(?:\.|\.\/|\*|:\/|:\/\*|:\/:|:\(top\)|\.\/\*)$/.test(word.text) || word.glob || word.text.endsWith('/') || word.dynamic;
}

/** A word that is probably a path rather than a branch: `.`, `./x`, `src/app.ts`, a glob, or an existing file. */
function looksLikePath(word: Word, inv: Invocation, rc: RuleContext): boolean {
	if (/^(?:\.{1,2}(?:\/|$)|:\/|\*)/.test(word.text) || word.glob) {
		return true;
	}
	if (/\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(word.text) && !/^(?:origin|upstream)\//.test(word.text)) {
		return true;
	}
	const abs = rc.resolve(word, inv);
	return abs !== undefined && rc.readFile(abs) !== undefined;
}

/** Severity for discarding uncommitted changes in `paths`: the whole tree is high, single files medium. */
function discardSeverity(paths: readonly Word[]): Severity {
	return paths.some(wholeTree) ? 'high' : 'medium';
}

function dryRun(parsed: ParsedArgs): boolean {
	return hasOption(parsed, '-n', '--dry-run');
}

type GitMatcher = (call: GitCall, inv: Invocation, rc: RuleContext) => MatchResult;

/** A rule about one or more git subcommands. */
function gitRule(rule: Omit<Rule, 'commands' | 'match'> & { subs: readonly string[]; match: GitMatcher }): Rule {
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

// ---- push --------------------------------------------------------------------------------------

const PUSH_WITH_VALUE = ['--repo', '--receive-pack', '--exec', '-o', '--push-option', '--recurse-submodules'];

interface Refspec {
	readonly word: Word;
	readonly force: boolean;
	readonly deletion: boolean;
	/** The remote ref written or deleted, as written (`main`, `refs/tags/v1`). */
	readonly dest: string;
	/** The local side (`HEAD` in `HEAD:main`). */
	readonly src: string;
}

interface Push {
	readonly parsed: ParsedArgs;
	readonly remote?: string;
	readonly refspecs: readonly Refspec[];
}

function parsePush(args: readonly Word[]): Push | undefined {
	const parsed = parseArgs(args, { withValue: PUSH_WITH_VALUE });
	if (dryRun(parsed)) {
		return undefined;
	}
	const [remoteWord, ...rest] = parsed.positionals;
	const refspecs: Refspec[] = [];
	for (let i = 0; i < rest.length; i++) {
		const word = rest[i];
		// `git push origin tag v1.0` means refs/tags/v1.0.
		if (word.text === 'tag' && rest[i + 1]) {
			const name = rest[++i];
			refspecs.push({ word: name, force: false, deletion: false, dest: name.text, src: name.text });
			continue;
		}
		const force = word.text.startsWith('+');
		const spec = force ? word.text.slice(1) : word.text;
		const colon = spec.indexOf(':');
		const src = colon >= 0 ? spec.slice(0, colon) : spec;
		const dest = colon >= 0 && spec.slice(colon + 1) !== '' ? spec.slice(colon + 1) : src;
		refspecs.push({ word, force, deletion: colon === 0, dest, src });
	}
	return { parsed, remote: remoteWord?.text ?? optionValue(parsed, '--repo'), refspecs };
}

/** The fallback target when no refspec is written: the remote, else `HEAD`. */
function pushFallback(push: Push): string {
	return push.remote ?? 'HEAD';
}

function pushRules(): Rule[] {
	return [
		gitRule({
			id: 'git:push-force',
			severity: 'high',
			subs: ['push'],
			reason: 'Force-pushes, replacing the remote branch\'s history: commits others pushed there are lost.',
			alternative: 'git push --force-with-lease (refuses if someone else pushed since you last fetched)',
			match(call, inv, rc) {
				const push = parsePush(call.args);
				if (!push) {
					return undefined;
				}
				const flag = hasOption(push.parsed, '-f', '--force');
				const forced = push.refspecs.filter((r) => (flag || r.force) && !r.deletion);
				if (!flag && forced.length === 0) {
					return undefined;
				}
				const where = push.remote ? ` on ${push.remote}` : '';
				if (forced.length === 0) {
					// No refspec: the current branch goes to its upstream.
					const current = currentBranch(inv, rc, call.dir);
					const target = pushFallback(push);
					const all = hasOption(push.parsed, '--all', '--branches', '--tags');
					if (isProtected(current) || all) {
						return { targets: [target], severity: 'critical', reason: all ? `Force-pushes every ${hasOption(push.parsed, '--tags') ? 'tag' : 'branch'}${where}, replacing their remote history.` : `Force-pushes ${current}${where}, a protected branch: its remote history is replaced for everyone.` };
					}
					return { targets: [target], reason: `Force-pushes the current branch${current ? ` (${current})` : ''}${where}, replacing its remote history: commits others pushed there are lost.` };
				}
				const resolved = forced.map((r) => (r.dest === 'HEAD' ? currentBranch(inv, rc, call.dir) ?? 'HEAD' : r.dest));
				const protectedRef = resolved.find(isProtected);
				const targets = forced.map((r) => r.dest);
				if (protectedRef) {
					return { targets, severity: 'critical', reason: `Force-pushes ${protectedRef}${where}, a protected branch: its remote history is replaced for everyone who builds on it.` };
				}
				return { targets, reason: `Force-pushes ${targets.join(', ')}${where}, replacing the remote history: commits others pushed there are lost.` };
			},
		}),
		gitRule({
			id: 'git:push-delete',
			severity: 'high',
			subs: ['push'],
			reason: 'Deletes branches or tags on the remote.',
			alternative: 'Check the branch is merged first (git branch -r --merged), or keep it and close the pull request.',
			match(call, inv) {
				const push = parsePush(call.args);
				if (!push) {
					return undefined;
				}
				const flag = hasOption(push.parsed, '-d', '--delete');
				const deleted = push.refspecs.filter((r) => flag || r.deletion);
				const where = push.remote ? ` from ${push.remote}` : '';
				if (flag && deleted.length === 0 && inv.dynamicArgs) {
					return { targets: [pushFallback(push)], reason: `Deletes the branches named on its input (from xargs)${where}.` };
				}
				if (deleted.length > 0) {
					const targets = deleted.map((r) => r.dest);
					const protectedRef = targets.find(isProtected);
					const tags = deleted.every((r) => r.dest.startsWith('refs/tags/') || /^v?\d+(?:\.\d+)*(?:[-+].*)?$/.test(r.dest));
					return {
						targets,
						severity: protectedRef ? 'critical' : undefined,
						reason: protectedRef ? `Deletes ${protectedRef}${where}, a protected branch.` : `Deletes the ${tags ? 'tag' : 'branch'}${targets.length > 1 ? (tags ? 's' : 'es') : ''} ${targets.join(', ')}${where}.`,
					};
				}
				if (hasOption(push.parsed, '--prune')) {
					return { targets: [pushFallback(push)], reason: `Deletes every branch${where} that has no local counterpart (--prune).` };
				}
				return undefined;
			},
		}),
		gitRule({
			id: 'git:push-mirror',
			severity: 'critical',
			subs: ['push'],
			reason: 'Mirror-pushes: every ref on the remote is overwritten or deleted to match this repository.',
			alternative: 'Push the branches you mean to update by name.',
			match(call) {
				const push = parsePush(call.args);
				return push && hasOption(push.parsed, '--mirror') ? pushFallback(push) : undefined;
			},
		}),
	];
}

// ---- working tree --------------------------------------------------------------------------------

const CHECKOUT_WITH_VALUE = ['-b', '-B', '--orphan', '--conflict', '--pathspec-from-file', '-s', '--source', '-c', '-C', '--create', '--force-create'];

/** Splits checkout/restore arguments into a tree-ish and the paths whose changes are thrown away. */
function checkoutPaths(call: GitCall, parsed: ParsedArgs, inv: Invocation, rc: RuleContext): { treeish?: Word; paths: Word[] } {
	const dd = call.args.findIndex((w) => w.text === '--');
	if (dd >= 0) {
		const before = parseArgs(call.args.slice(0, dd), { withValue: CHECKOUT_WITH_VALUE }).positionals;
		return { treeish: before[0], paths: call.args.slice(dd + 1) as Word[] };
	}
	const [first, ...rest] = parsed.positionals;
	if (!first) {
		return { paths: [] };
	}
	if (rest.length > 0) {
		return looksLikePath(first, inv, rc) ? { paths: parsed.positionals } : { treeish: first, paths: rest };
	}
	return looksLikePath(first, inv, rc) ? { paths: [first] } : { treeish: first, paths: [] };
}

function workingTreeRules(): Rule[] {
	return [
		gitRule({
			id: 'git:reset-hard',
			severity: 'high',
			subs: ['reset'],
			reason: 'Resets with --hard: every uncommitted change in the working tree and index is lost.',
			alternative: 'git stash --include-untracked first, or git reset --keep (refuses to overwrite local changes)',
			match(call) {
				const parsed = parseArgs(call.args, { withValue: ['--pathspec-from-file'] });
				if (!hasOption(parsed, '--hard')) {
					return undefined;
				}
				const ref = parsed.positionals[0]?.text ?? 'HEAD';
				return { targets: [ref], reason: `Resets to ${ref} with --hard: every uncommitted change in the working tree and index is lost${ref === 'HEAD' ? '' : ', and commits after it leave the branch'}.` };
			},
		}),
		gitRule({
			id: 'git:clean',
			severity: 'high',
			subs: ['clean'],
			reason: 'Deletes untracked files, which git has never stored and cannot bring back.',
			alternative: 'git clean -n (same options) lists what would be deleted.',
			match(call) {
				const parsed = parseArgs(call.args, { withValue: ['-e', '--exclude'] });
				if (!hasOption(parsed, '-f', '--force') || dryRun(parsed) || hasOption(parsed, '-i', '--interactive')) {
					return undefined;
				}
				const paths = parsed.positionals.map((w) => w.text);
				const ignored = hasOption(parsed, '-x') ? ' and ignored files (.env, local databases, build output)' : hasOption(parsed, '-X') ? ' ignored files (.env, local databases, build output)' : '';
				const dirs = hasOption(parsed, '-d') ? ' and directories' : '';
				const what = hasOption(parsed, '-X') ? `Deletes${ignored}${dirs}` : `Deletes untracked files${dirs}${ignored}`;
				return { targets: paths.length > 0 ? paths : ['.'], reason: `${what} under ${paths.length > 0 ? paths.join(', ') : 'the working tree'}; git never stored them, so they cannot be brought back.` };
			},
		}),
		gitRule({
			id: 'git:discard-changes',
			severity: 'high',
			subs: ['checkout', 'restore', 'switch'],
			reason: 'Throws away uncommitted changes in the working tree.',
			alternative: 'git stash push -- <paths> keeps a copy you can restore.',
			match(call, inv, rc) {
				const parsed = parseArgs(call.args, { withValue: CHECKOUT_WITH_VALUE });
				if (hasOption(parsed, '-p', '--patch')) {
					return undefined;
				}
				const force = hasOption(parsed, '-f', '--force', '--discard-changes');
				if (call.sub === 'switch') {
					return force ? { targets: [parsed.positionals[0]?.text ?? 'HEAD'], reason: 'Switches branch with --force/--discard-changes: uncommitted changes are thrown away.' } : undefined;
				}
				if (call.sub === 'restore') {
					// `restore --staged` alone only unstages; the worktree is touched by default or with -W.
					if (hasOption(parsed, '-S', '--staged') && !hasOption(parsed, '-W', '--worktree')) {
						return undefined;
					}
					const dd = call.args.findIndex((w) => w.text === '--');
					const paths = dd >= 0 ? call.args.slice(dd + 1) : parsed.positionals;
					const fromFile = optionValue(parsed, '--pathspec-from-file');
					if (paths.length === 0) {
						return fromFile ? { targets: [fromFile], reason: `Restores the files listed in ${fromFile}, throwing away their uncommitted changes.` } : undefined;
					}
					return { targets: paths.map((w) => w.text), severity: discardSeverity(paths), reason: `Discards uncommitted changes in ${paths.map((w) => w.text).join(', ')} (restored from ${optionValue(parsed, '-s', '--source') ?? 'the index'}).` };
				}
				if (hasOption(parsed, '-b', '--orphan')) {
					return undefined;
				}
				const { treeish, paths } = checkoutPaths(call, parsed, inv, rc);
				if (paths.length > 0) {
					const from = treeish ? `the version in ${treeish.text}` : 'the index';
					return { targets: paths.map((w) => w.text), severity: discardSeverity(paths), reason: `Discards uncommitted changes in ${paths.map((w) => w.text).join(', ')} (overwritten with ${from}).` };
				}
				return force ? { targets: [treeish?.text ?? 'HEAD'], reason: 'Checks out with --force: uncommitted changes to tracked files are thrown away.' } : undefined;
			},
		}),
		gitRule({
			id: 'git:rm-force',
			severity: 'medium',
			subs: ['rm'],
			reason: 'Removes tracked files with --force, including changes that were never committed.',
			alternative: 'git rm --cached keeps the files on disk.',
			match(call) {
				const parsed = parseArgs(call.args, { withValue: ['--pathspec-from-file'] });
				if (!hasOption(parsed, '-f', '--force') || hasOption(parsed, '--cached') || dryRun(parsed)) {
					return undefined;
				}
				const paths = parsed.positionals;
				if (paths.length === 0) {
					return undefined;
				}
				const whole = hasOption(parsed, '-r') && paths.some(wholeTree);
				return { targets: paths.map((w) => w.text), severity: whole ? 'high' : 'medium' };
			},
		}),
	];
}

// ---- branches, tags, stash ---------------------------------------------------------------------

const BRANCH_WITH_VALUE = ['-u', '--set-upstream-to', '--contains', '--no-contains', '--merged', '--no-merged', '--points-at', '--sort', '--format'];

function refRules(): Rule[] {
	return [
		gitRule({
			id: 'git:branch-delete',
			severity: 'high',
			subs: ['branch'],
			reason: 'Deletes a local branch even if it is not merged: its commits are left only in the reflog.',
			alternative: 'git branch -d (refuses to delete an unmerged branch)',
			match(call, inv) {
				const parsed = parseArgs(call.args, { withValue: BRANCH_WITH_VALUE });
				const del = hasOption(parsed, '-d', '--delete', '-D');
				if (!del || hasOption(parsed, '-r', '--remotes') || (parsed.positionals.length === 0 && !inv.dynamicArgs)) {
					return undefined;
				}
				// `git branch --merged | xargs git branch -D`: the names arrive on stdin.
				const targets = parsed.positionals.length > 0 ? parsed.positionals.map((w) => w.text) : ['branch'];
				const forced = hasOption(parsed, '-D') || hasOption(parsed, '-f', '--force');
				const what = parsed.positionals.length > 0 ? `the branch${targets.length > 1 ? 'es' : ''} ${targets.join(', ')}` : 'the branches named on its input (from xargs)';
				if (!forced) {
					return { targets, severity: 'medium', reason: `Deletes ${what} (git refuses if not merged).` };
				}
				return { targets, reason: `Deletes ${what} even if not merged: the commits are left only in the reflog.` };
			},
		}),
		gitRule({
			id: 'git:branch-force-reset',
			severity: 'medium',
			subs: ['branch', 'checkout', 'switch'],
			reason: 'Moves an existing branch to another commit; commits only on the old position leave the branch.',
			match(call) {
				const parsed = parseArgs(call.args, { withValue: call.sub === 'branch' ? BRANCH_WITH_VALUE : CHECKOUT_WITH_VALUE });
				if (call.sub === 'branch') {
					const reset = hasOption(parsed, '-f', '--force') && !hasOption(parsed, '-d', '--delete', '-D', '-m', '-M', '-c', '-C') && parsed.positionals.length >= 1;
					return reset ? parsed.positionals[0].text : undefined;
				}
				return optionValue(parsed, call.sub === 'checkout' ? '-B' : '-C') ?? optionValue(parsed, '--force-create');
			},
		}),
		gitRule({
			id: 'git:tag-delete',
			severity: 'medium',
			subs: ['tag'],
			reason: 'Deletes a local tag.',
			match(call) {
				const parsed = parseArgs(call.args, { withValue: ['-m', '--message', '-F', '--file', '-u', '--local-user', '--sort', '--format', '--contains', '--points-at', '--merged', '--no-merged'] });
				return hasOption(parsed, '-d', '--delete') ? parsed.positionals.map((w) => w.text) : undefined;
			},
		}),
		gitRule({
			id: 'git:stash-clear',
			severity: 'high',
			subs: ['stash'],
			reason: 'Deletes every stash entry; stashed work is then only recoverable by digging through unreachable objects.',
			alternative: 'git stash list, then git stash drop the entries you no longer need.',
			match(call) {
				return call.args[0]?.text === 'clear' ? 'stash' : undefined;
			},
		}),
		gitRule({
			id: 'git:stash-drop',
			severity: 'medium',
			subs: ['stash'],
			reason: 'Deletes a stash entry.',
			match(call) {
				if (call.args[0]?.text !== 'drop') {
					return undefined;
				}
				const entry = parseArgs(call.args.slice(1)).positionals[0];
				return entry ? entry.text : 'stash';
			},
		}),
		gitRule({
			id: 'git:update-ref-delete',
			severity: 'high',
			subs: ['update-ref'],
			reason: 'Deletes a ref directly, bypassing the checks `git branch -d` makes.',
			match(call) {
				const parsed = parseArgs(call.args, { withValue: ['-m'] });
				return hasOption(parsed, '-d') && parsed.positionals[0] ? parsed.positionals[0].text : undefined;
			},
		}),
		gitRule({
			id: 'git:worktree-remove-force',
			severity: 'high',
			subs: ['worktree'],
			reason: 'Removes a worktree with --force, deleting its uncommitted and untracked files.',
			alternative: 'git worktree remove without --force refuses when the worktree has changes.',
			match(call) {
				if (call.args[0]?.text !== 'remove') {
					return undefined;
				}
				const parsed = parseArgs(call.args.slice(1));
				return hasOption(parsed, '-f', '--force') && parsed.positionals[0] ? parsed.positionals[0].text : undefined;
			},
		}),
		gitRule({
			id: 'git:submodule-deinit-force',
			severity: 'medium',
			subs: ['submodule'],
			reason: 'Removes submodule working trees with --force, including their local changes.',
			match(call) {
				if (call.args.find((w) => !w.text.startsWith('-'))?.text !== 'deinit') {
					return undefined;
				}
				const parsed = parseArgs(call.args.slice(call.args.findIndex((w) => w.text === 'deinit') + 1));
				if (!hasOption(parsed, '-f', '--force')) {
					return undefined;
				}
				return parsed.positionals.length > 0 ? parsed.positionals.map((w) => w.text) : hasOption(parsed, '--all') ? '--all' : undefined;
			},
		}),
	];
}

// ---- history -----------------------------------------------------------------------------------

/** `--expire=now` and friends: entries are dropped immediately instead of after the usual 30–90 days. */
function expiresNow(value: string | undefined): boolean {
	return value !== undefined && /^(?:now|all|0|immediately|\d+[. ]?(?:seconds?|minutes?|hours?)(?:[. ]ago)?)$/i.test(value.trim());
}

function historyRules(): Rule[] {
	return [
		gitRule({
			id: 'git:filter-branch',
			severity: 'high',
			subs: ['filter-branch', 'filter-repo'],
			reason: 'Rewrites history: every rewritten commit gets a new id, and pushing the result replaces the remote history.',
			alternative: 'Run it on a fresh clone (git clone --mirror) and keep the original as a backup.',
			match(call) {
				const parsed = parseArgs(call.args);
				if (hasOption(parsed, '--dry-run', '--analyze')) {
					return undefined;
				}
				return call.sub;
			},
		}),
		{
			id: 'git:history-rewrite-tool',
			severity: 'high',
			commands: ['git-filter-repo', 'bfg'],
			reason: 'Rewrites history: every rewritten commit gets a new id, and pushing the result replaces the remote history.',
			alternative: 'Run it on a fresh clone (git clone --mirror) and keep the original as a backup.',
			match(inv) {
				const parsed = parseArgs(inv.argv.slice(1), { withValue: ['--path', '--path-glob', '--path-regex', '--replace-text', '--replace-message', '--paths-from-file', '-D', '--delete-folders', '--delete-files', '-b', '--strip-blobs-bigger-than', '-B', '--strip-biggest-blobs', '-rt', '--replace-text', '--source', '--target', '--refs'] });
				if (hasOption(parsed, '--dry-run', '--analyze', '--help', '-h', '--version')) {
					return undefined;
				}
				return parsed.positionals[0]?.text ?? inv.name;
			},
		},
		gitRule({
			id: 'git:reflog-expire',
			severity: 'high',
			subs: ['reflog'],
			reason: 'Expires reflog entries now: the safety net that lets lost commits be recovered is removed.',
			match(call) {
				const action = call.args[0]?.text;
				const parsed = parseArgs(call.args.slice(1));
				if (action === 'delete') {
					return parsed.positionals.length > 0 ? { targets: parsed.positionals.map((w) => w.text), severity: 'medium', reason: 'Deletes reflog entries: the commits they point to become harder to recover.' } : undefined;
				}
				if (action !== 'expire' || dryRun(parsed)) {
					return undefined;
				}
				return expiresNow(optionValue(parsed, '--expire')) || expiresNow(optionValue(parsed, '--expire-unreachable')) ? 'reflog' : undefined;
			},
		}),
		gitRule({
			id: 'git:gc-prune-now',
			severity: 'high',
			subs: ['gc', 'prune'],
			reason: 'Deletes unreachable objects now: commits lost by a reset, rebase or deleted branch can no longer be recovered.',
			alternative: 'Plain git gc keeps unreachable objects for two weeks.',
			match(call) {
				const parsed = parseArgs(call.args, { withValue: ['--expire'] });
				if (dryRun(parsed)) {
					return undefined;
				}
				if (call.sub === 'prune') {
					return { targets: ['prune'], severity: 'medium', reason: 'Deletes unreachable loose objects: commits no ref or reflog points to can no longer be recovered.' };
				}
				return expiresNow(optionValue(parsed, '--prune')) ? 'gc' : undefined;
			},
		}),
	];
}

// ---- hosted repositories -----------------------------------------------------------------------

/** GitLab's CLI; `gh repo delete` belongs to the paas pack's GitHub rule. */
const repoDelete: Rule = {
	id: 'git:repo-delete',
	severity: 'critical',
	commands: ['glab'],
	reason: 'Deletes the hosted repository with its issues, merge requests, releases and wiki.',
	alternative: 'Archive it instead (glab repo archive).',
	match(inv) {
		const args = inv.argv.slice(1);
		if (args[0]?.text !== 'repo' || args[1]?.text !== 'delete') {
			return undefined;
		}
		const parsed = parseArgs(args.slice(2));
		if (hasOption(parsed, '--help', '-h')) {
			return undefined;
		}
		return parsed.positionals[0]?.text ?? 'delete';
	},
};

const rules: Rule[] = [...pushRules(), ...workingTreeRules(), ...refRules(), ...historyRules(), repoDelete];

export const gitPack: RulePack = {
	name: 'git',
	description: 'Git history, branches and remotes: force pushes, hard resets, cleans, deleted branches and rewritten history.',
	rules,
};

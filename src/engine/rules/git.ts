/**
 * Git history, branches and remotes: force pushes, hard resets, cleans, deleted branches and rewritten history.
 *
 * Targets: a push names the remote branch it overwrites or deletes (`git push -f origin main` → `main`;
 * with no refspec, the remote's name; with neither, `HEAD`, the current branch). Commands that name
 * nothing use the ref or path git falls back to (`reset --hard` → `HEAD`, `clean -f` → `.`) or the
 * noun that is destroyed (`stash`, `reflog`, `gc`, `filter-branch`).
 */
import { hasOption, optionValue, parseArgs, type ParsedArgs } from '../shell/argv';
import type { Invocation, Word } from '../types';
import type { Rule, RuleContext, RulePack } from './rule';
import { pushRules } from './git-push';
import { cleanNeedsNoForce, discardSeverity, dryRun, gitArgs, gitRule, looksLikePath, wholeTree, type GitCall } from './git-shared';

// ---- working tree --------------------------------------------------------------------------------

/** A path as git sees it under `git -C dir`: `.` is the folder itself; absolute paths and no -C stay as written. */
function inDir(dir: string | undefined, p: string): string {
	if (dir === undefined || dir === '' || p.startsWith('/') || p.startsWith(':')) {
		return p;
	}
	return p === '.' || p === './' ? dir : `${dir.replace(/\/+$/, '')}/${p.replace(/^\.\//, '')}`;
}

const CHECKOUT_WITH_VALUE = ['-b', '-B', '--orphan', '--conflict', '--pathspec-from-file', '-s', '--source', '-c', '-C', '--create', '--force-create'];

/** Splits checkout/restore arguments into a tree-ish and the paths whose changes are thrown away. */
function checkoutPaths(call: GitCall, parsed: ParsedArgs, inv: Invocation, rc: RuleContext): { treeish?: Word; paths: Word[] } {
	const dd = call.args.findIndex((w) => w.text === '--');
	if (dd >= 0) {
		const before = gitArgs(call.sub, call.args.slice(0, dd), CHECKOUT_WITH_VALUE).positionals;
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
				const parsed = gitArgs(call.sub, call.args, ['--pathspec-from-file']);
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
			match(call, inv, rc) {
				const parsed = gitArgs(call.sub, call.args, ['-e', '--exclude']);
				if (dryRun(parsed) || hasOption(parsed, '-i', '--interactive') || !(hasOption(parsed, '-f', '--force') || cleanNeedsNoForce(call, inv, rc))) {
					return undefined;
				}
				const paths = parsed.positionals.map((w) => w.text);
				const ignored = hasOption(parsed, '-x') ? ' and ignored files (.env, local databases, build output)' : hasOption(parsed, '-X') ? ' ignored files (.env, local databases, build output)' : '';
				const dirs = hasOption(parsed, '-d') ? ' and directories' : '';
				const what = hasOption(parsed, '-X') ? `Deletes${ignored}${dirs}` : `Deletes untracked files${dirs}${ignored}`;
				const unforced = hasOption(parsed, '-f', '--force') ? '' : ' (clean.requireForce is off or unknown here, so git needs no -f)';
				// `git -C /srv/repo clean -fdx`: the folder git runs in names what goes, not `.`.
				const targets = (paths.length > 0 ? paths : ['.']).map((p) => inDir(call.dir, p));
				return { targets, reason: `${what} under ${paths.length > 0 ? targets.join(', ') : call.dir ?? 'the working tree'}${unforced}; git never stored them, so they cannot be brought back.` };
			},
		}),
		gitRule({
			id: 'git:discard-changes',
			severity: 'high',
			subs: ['checkout', 'restore', 'switch'],
			reason: 'Throws away uncommitted changes in the working tree.',
			alternative: 'git stash push -- <paths> keeps a copy you can restore.',
			match(call, inv, rc) {
				const parsed = gitArgs(call.sub, call.args, CHECKOUT_WITH_VALUE);
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
					return { targets: paths.map((w) => inDir(call.dir, w.text)), severity: discardSeverity(paths), reason: `Discards uncommitted changes in ${paths.map((w) => inDir(call.dir, w.text)).join(', ')} (restored from ${optionValue(parsed, '-s', '--source') ?? 'the index'}).` };
				}
				if (hasOption(parsed, '-b', '--orphan')) {
					// `git checkout -f -b topic`: the new branch starts from HEAD, and -f still throws local changes away.
					const created = optionValue(parsed, '-b', '--orphan');
					return force && created ? { targets: [created], reason: `Creates ${created} with --force: uncommitted changes to tracked files are thrown away.` } : undefined;
				}
				const fromFile = optionValue(parsed, '--pathspec-from-file');
				const { treeish, paths } = checkoutPaths(call, parsed, inv, rc);
				if (paths.length === 0 && fromFile !== undefined) {
					return { targets: [fromFile], reason: `Checks out the files listed in ${fromFile}${treeish ? ` from ${treeish.text}` : ''}, throwing away their uncommitted changes.` };
				}
				if (paths.length > 0) {
					const from = treeish ? `the version in ${treeish.text}` : 'the index';
					return { targets: paths.map((w) => inDir(call.dir, w.text)), severity: discardSeverity(paths), reason: `Discards uncommitted changes in ${paths.map((w) => inDir(call.dir, w.text)).join(', ')} (overwritten with ${from}).` };
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
				const parsed = gitArgs(call.sub, call.args, ['--pathspec-from-file']);
				if (!hasOption(parsed, '-f', '--force') || hasOption(parsed, '--cached') || dryRun(parsed)) {
					return undefined;
				}
				const paths = parsed.positionals;
				if (paths.length === 0) {
					return undefined;
				}
				// `git rm -rf .`, and `git rm -f *` whose glob the shell expands to every file here.
				const whole = paths.some(wholeTree) && (hasOption(parsed, '-r') || paths.some((w) => w.glob));
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
				const parsed = gitArgs(call.sub, call.args, BRANCH_WITH_VALUE);
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
				const parsed = gitArgs(call.sub, call.args, call.sub === 'branch' ? BRANCH_WITH_VALUE : CHECKOUT_WITH_VALUE);
				if (call.sub === 'branch') {
					// `git branch -M old main`, `-C`, `-m -f`: renamed or copied over an existing main, which is replaced.
					const forced = hasOption(parsed, '-f', '--force');
					if (hasOption(parsed, '-M', '-C') || (forced && hasOption(parsed, '-m', '--move', '-c', '--copy'))) {
						return parsed.positionals.length >= 1 ? parsed.positionals[parsed.positionals.length - 1].text : undefined;
					}
					const reset = forced && !hasOption(parsed, '-d', '--delete', '-D', '-m', '--move', '-c', '--copy') && parsed.positionals.length >= 1;
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
				const parsed = gitArgs(call.sub, call.args, ['-m', '--message', '-F', '--file', '-u', '--local-user', '--sort', '--format', '--contains', '--points-at', '--merged', '--no-merged']);
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
				const parsed = gitArgs(call.sub, call.args, ['-m']);
				return hasOption(parsed, '-d', '--delete') && parsed.positionals[0] ? parsed.positionals[0].text : undefined;
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
				const parsed = gitArgs('worktree remove', call.args.slice(1));
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
				return parsed.positionals.length > 0 ? parsed.positionals.map((w) => w.text) : hasOption(parsed, '--all') ? 'all submodules' : undefined;
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
				// Unnamed, the repository is the one here: `git-filter-repo` reads as `git filter-repo`.
				return parsed.positionals[0]?.text ?? (inv.name === 'git-filter-repo' ? 'filter-repo' : '.');
			},
		},
		gitRule({
			id: 'git:reflog-expire',
			severity: 'high',
			subs: ['reflog'],
			reason: 'Expires reflog entries now: the safety net that lets lost commits be recovered is removed.',
			match(call) {
				const action = call.args[0]?.text;
				const parsed = gitArgs(`reflog ${action}`, call.args.slice(1));
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
				const parsed = gitArgs(call.sub, call.args, ['--expire']);
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

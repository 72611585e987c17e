/**
 * `git push`: forced pushes (`-f`, `--force`, `+refspec`), remote deletions (`--delete`, `:branch`,
 * `--prune`) and mirror pushes. `--force-with-lease` is the safe form and is not flagged. `git send-pack`,
 * the plumbing under push (`send-pack --force REPO REF`), is read the same way.
 */
import { hasOption, optionValue, type ParsedArgs } from '../shell/argv';
import type { Word } from '../types';
import type { Rule } from './rule';
import { currentBranch, dryRun, gitArgs, gitRule, isProtected } from './git-shared';

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
	const parsed = gitArgs('push', args, PUSH_WITH_VALUE);
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

export function pushRules(): Rule[] {
	return [
		gitRule({
			id: 'git:push-force',
			severity: 'high',
			subs: ['push', 'send-pack'],
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
			subs: ['push', 'send-pack'],
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
			subs: ['push', 'send-pack'],
			reason: 'Mirror-pushes: every ref on the remote is overwritten or deleted to match this repository.',
			alternative: 'Push the branches you mean to update by name.',
			match(call) {
				const push = parsePush(call.args);
				return push && hasOption(push.parsed, '--mirror') ? pushFallback(push) : undefined;
			},
		}),
	];
}

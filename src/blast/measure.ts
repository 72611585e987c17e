/**
 * Measures each planned target with local I/O only: a bounded walk, read-only git, and the Docker
 * daemon's socket when it answers. Every finding says plainly when it is partial or unknown.
 */
import * as fs from 'fs';
import * as path from 'path';
import { protectedGlob } from '../engine/protectedGlob';
import { Budget } from './budget';
import { dockerVolumes } from './docker';
import { type Commit, git, gitAnswer, nulList, parseCommits, parseStatus, repoRoot } from './git';
import type { BlastTarget, DeletedPath } from './plan';
import { emptyCount, walk, type WalkCount } from './walk';
import { formatBytes } from './format';

export interface BlastFinding {
	readonly kind: BlastTarget['kind'];
	/** One plain sentence for the dialog, the agent and the audit log. */
	readonly summary: string;
	/** Up to a few lines more: the commits a push drops, the files a reset loses. */
	readonly details: readonly string[];
	/** False when a cap, the time or an unreadable folder left the numbers short (they are a lower bound). */
	readonly complete: boolean;
	readonly files?: number;
	readonly folders?: number;
	readonly bytes?: number;
	/** Files git cannot bring back (untracked, ignored or changed since the last commit). */
	readonly unrecoverable?: number;
	readonly outside?: readonly string[];
	/** Work trees whose own `.git` is deleted with them. */
	readonly repositories?: readonly string[];
	readonly commits?: readonly Commit[];
	readonly entries?: readonly string[];
}

export interface MeasureOptions {
	readonly workspaceFolders: readonly string[];
	/** Where the Docker daemon listens (DOCKER_HOST of the shell), else the default socket. */
	readonly dockerHost?: string;
	readonly budget?: Budget;
}

/** How many lines of detail a finding lists. */
const MAX_DETAILS = 8;

function plural(n: number, one: string, many = `${one}s`): string {
	return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function inside(folder: string, file: string): boolean {
	const rel = path.relative(folder, file);
	return rel === '' || !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function realpathOr(file: string): Promise<string> {
	try {
		return await fs.promises.realpath(file);
	} catch {
		return file;
	}
}

/** The entries of `pattern`'s folder its last part matches (dot files only when the part starts with a dot, as in bash). */
async function expandPattern(pattern: string, budget: Budget): Promise<string[] | undefined> {
	const dir = path.dirname(pattern);
	const part = path.basename(pattern);
	const names = await budget.race(fs.promises.readdir(dir), undefined as string[] | undefined);
	if (names === undefined) {
		return undefined;
	}
	const glob = protectedGlob(part);
	return names.filter((name) => (part.startsWith('.') || !name.startsWith('.')) && glob.match(name)).map((name) => path.join(dir, name));
}

/**
 * Which of `files` (absolute, real paths, grouped by the deleted path they are under) git could bring
 * back: committed in HEAD and unchanged since. One repository per deleted path (the one holding it; a
 * nested repository or submodule inside it is judged as its parent sees it), so a deletion costs three
 * git calls, not one per folder.
 */
async function restorable(groups: ReadonlyMap<string, readonly string[]>, deletedRepositories: ReadonlySet<string>, budget: Budget): Promise<{ restorable: Set<string>; outsideGit: number; unknown: number }> {
	const byRepo = new Map<string, string[]>();
	let outsideGit = 0;
	let unknown = 0;
	for (const [top, files] of groups) {
		if (files.length === 0) {
			continue;
		}
		const found = await repoRoot(await nearestFolder(top), budget);
		if (found === undefined) {
			unknown += files.length; // git did not answer: not the same as "not in git"
			continue;
		}
		if (found === null) {
			outsideGit += files.length;
			continue;
		}
		const root = path.resolve(found);
		if (deletedRepositories.has(root)) {
			continue; // its .git goes too: git keeps no copy of any of these files
		}
		byRepo.set(root, [...(byRepo.get(root) ?? []), ...files]);
	}
	const result = new Set<string>();
	for (const [root, repoFiles] of byRepo) {
		// Ask about the top folders only: git walks the tree faster than a pathspec per file.
		const tops = [...new Set(repoFiles.map((f) => path.relative(root, f).split(path.sep)[0]))];
		const [tracked, changed] = await Promise.all([
			git(['ls-tree', '-r', '-z', '--name-only', '--full-tree', 'HEAD', '--', ...tops], root, budget),
			git(['status', '--porcelain=v1', '-z', '--untracked-files=no', '--', ...tops], root, budget),
		]);
		if (tracked === undefined || changed === undefined) {
			unknown += repoFiles.length;
			continue;
		}
		const dirty = new Set(parseStatus(changed).map((e) => path.join(root, e.file)));
		for (const rel of nulList(tracked)) {
			const file = path.join(root, rel);
			if (!dirty.has(file)) {
				result.add(file);
			}
		}
	}
	return { restorable: result, outsideGit, unknown };
}

/** `file` itself when it is a folder, else the folder holding it. */
async function nearestFolder(file: string): Promise<string> {
	try {
		return (await fs.promises.stat(file)).isDirectory() ? file : path.dirname(file);
	} catch {
		return path.dirname(file);
	}
}

/** One path to walk, with where it really is (links along the way resolved; the last part kept unless followed). */
interface Walked {
	readonly given: DeletedPath;
	readonly absolute: string;
	readonly real: string;
}

/**
 * Drops a path already counted: named twice (`rm -rf src ./src`) or under another path that is removed
 * with everything in it (`rm -rf src src/lib`, in either order). Counted twice, its files would be added
 * twice to the files, the size and what git cannot restore.
 */
function withoutOverlaps(all: readonly Walked[]): Walked[] {
	const kept: Walked[] = [];
	for (const [i, w] of all.entries()) {
		const covered = all.some((other, j) => other.given.recursive && j !== i && (other.real === w.real ? j < i : inside(other.real, w.real)));
		if (!covered) {
			kept.push(w);
		}
	}
	return kept;
}

async function measureDelete(how: string, paths: readonly DeletedPath[], unknownWords: readonly string[], options: MeasureOptions, budget: Budget): Promise<BlastFinding> {
	const count: WalkCount = emptyCount();
	const realFiles: string[] = [];
	const groups = new Map<string, string[]>();
	const outside: string[] = [];
	const folders = await Promise.all(options.workspaceFolders.map(realpathOr));
	const unexpanded: string[] = [...unknownWords];
	const all: Walked[] = [];
	for (const given of paths) {
		const expanded = given.pattern ? await expandPattern(given.absolute, budget) : [given.absolute];
		if (expanded === undefined) {
			unexpanded.push(given.written);
			continue;
		}
		for (const absolute of expanded) {
			const real = given.followLink ? await realpathOr(absolute) : path.join(await realpathOr(path.dirname(absolute)), path.basename(absolute));
			all.push({ given, absolute, real });
		}
	}
	let atMost = false;
	for (const { given, absolute, real } of withoutOverlaps(all)) {
		atMost ||= given.atMost;
		const before = count.filePaths.length;
		const beforeRepos = count.repositories.length;
		await walk(absolute, given.recursive, given.followLink, budget, count);
		if (folders.length > 0 && !folders.some((f) => inside(f, real)) && !count.missing.includes(absolute)) {
			outside.push(given.written === absolute || given.pattern ? absolute : given.written);
		}
		const under = count.filePaths.slice(before).map((file) => real + file.slice(absolute.length));
		realFiles.push(...under);
		groups.set(real, [...(groups.get(real) ?? []), ...under]);
		// A `.git` named itself (`rm -rf .git`) is its folder's repository; one found inside is under `real`.
		const repos = count.repositories.splice(beforeRepos).map((dir) => (dir.length < absolute.length ? path.dirname(real) : real + dir.slice(absolute.length)));
		count.repositories.push(...repos);
	}
	const repositories = [...new Set(count.repositories)];
	const git = await restorable(groups, new Set(repositories), budget);
	const lost = realFiles.filter((f) => !git.restorable.has(f)).length - git.unknown;
	const complete = !count.incomplete && count.unreadable.length === 0 && unexpanded.length === 0;
	const parts: string[] = [];
	const upTo = atMost ? 'up to ' : '';
	if (count.incomplete) {
		parts.push(`too many to count: more than ${plural(count.files, 'file')} and ${plural(count.folders, 'folder')} (${formatBytes(count.bytes)}) so far`);
	} else if (count.files + count.folders === 0) {
		parts.push(count.missing.length > 0 ? 'nothing: the paths do not exist' : 'nothing found to count');
	} else {
		parts.push(`${upTo}${plural(count.files, 'file')} and ${plural(count.folders, 'folder')}, ${formatBytes(count.bytes)}`);
	}
	if (count.files > 0) {
		if (git.unknown >= realFiles.length) {
			// Never "0 files git cannot restore" when git was not heard: that would read as "all safe".
			parts.push('git did not answer in time, so how many of them git could restore is unknown');
		} else if (git.restorable.size === 0 && git.outsideGit === count.files && repositories.length === 0) {
			parts.push('none of it is in a git repository, so git cannot bring any of it back');
		} else {
			const atLeast = count.incomplete || git.unknown > 0 ? 'at least ' : upTo;
			parts.push(`${atLeast}${plural(Math.max(0, lost), 'file')} git cannot restore (untracked, ignored or with uncommitted changes)${git.unknown > 0 ? `; git did not answer in time for ${plural(git.unknown, 'file')}` : ''}`);
		}
	}
	if (repositories.length > 0) {
		const where = repositories.slice(0, MAX_DETAILS).join(', ') + (repositories.length > MAX_DETAILS ? ` and ${repositories.length - MAX_DETAILS} more` : '');
		parts.push(`it deletes the git ${repositories.length === 1 ? 'repository' : 'repositories'} of ${where} too (history, branches and stashes: only what was pushed elsewhere survives)`);
	}
	if (outside.length > 0) {
		parts.push(`OUTSIDE the workspace: ${outside.join(', ')}`);
	}
	const details = [
		...count.unreadable.slice(0, MAX_DETAILS).map((d) => `could not read ${d} (its contents are not counted)`),
		...unexpanded.map((w) => `${w}: not counted (its value is only known when the shell runs it)`),
	];
	return {
		kind: 'delete', summary: `${how} deletes ${parts.join('; ')}.`, details, complete,
		files: count.files, folders: count.folders, bytes: count.bytes, unrecoverable: Math.max(0, lost), outside, repositories,
	};
}

async function measureGitClean(dir: string, args: readonly string[], options: MeasureOptions, budget: Budget): Promise<BlastFinding> {
	const out = await git(['clean', '--dry-run', ...args], dir, budget);
	if (out === undefined) {
		return { kind: 'git-clean', summary: 'git clean: could not ask git what it would delete (not a repository, or no answer in time).', details: [], complete: false };
	}
	const names = out.split('\n').filter((l) => l.startsWith('Would remove ')).map((l) => l.slice('Would remove '.length));
	const root = (await repoRoot(dir, budget)) ?? dir;
	const prefix = await git(['rev-parse', '--show-prefix'], dir, budget);
	const base = prefix === undefined ? dir : path.join(root, prefix.trim());
	const count = emptyCount();
	for (const name of names) {
		await walk(path.join(base, name), true, false, budget, count);
	}
	const summary = names.length === 0
		? 'git clean would delete nothing here.'
		: `git clean deletes ${plural(names.length, 'untracked entry', 'untracked entries')}: ${count.incomplete ? 'more than ' : ''}${plural(count.files, 'file')}, ${formatBytes(count.bytes)}, none of which git can restore.`;
	return { kind: 'git-clean', summary, details: names.slice(0, MAX_DETAILS).concat(names.length > MAX_DETAILS ? [`… and ${names.length - MAX_DETAILS} more`] : []), complete: !count.incomplete, files: count.files, bytes: count.bytes, unrecoverable: count.files, entries: names };
}

async function measureGitDiscard(dir: string, how: string, pathspecs: readonly string[], budget: Budget): Promise<BlastFinding> {
	// reset --hard leaves untracked files alone; checkout/restore only touch unstaged changes in their paths.
	const out = await git(['status', '--porcelain=v1', '-z', '--untracked-files=no', '--', ...pathspecs], dir, budget);
	if (out === undefined) {
		return { kind: 'git-discard', summary: `git ${how}: could not ask git what it would discard (not a repository, or no answer in time).`, details: [], complete: false };
	}
	const entries = parseStatus(out).filter((e) => (how === 'reset --hard' ? true : e.code[1] !== ' '));
	const names = entries.map((e) => e.file);
	const summary = names.length === 0
		? `git ${how} would discard no uncommitted changes.`
		: `git ${how} throws away uncommitted changes in ${plural(names.length, 'file')}; git keeps no copy of them.`;
	return { kind: 'git-discard', summary, details: names.slice(0, MAX_DETAILS).concat(names.length > MAX_DETAILS ? [`… and ${names.length - MAX_DETAILS} more`] : []), complete: true, files: names.length, unrecoverable: names.length, entries: names };
}

async function measureStash(dir: string, which: string, budget: Budget): Promise<BlastFinding> {
	const out = await git(['stash', 'list', '--format=%gd%x00%s'], dir, budget);
	if (out === undefined) {
		return { kind: 'git-stash', summary: 'git stash: could not list the stash entries (not a repository, or no answer in time).', details: [], complete: false };
	}
	const all = out.split('\n').filter(Boolean).map((l) => l.replace('\0', ': '));
	const lost = which === 'all' ? all : all.filter((l) => l.startsWith(`${which}: `) || which === 'stash@{0}' && l.startsWith('stash@{0}:'));
	const summary = lost.length === 0 ? 'git stash: no stash entry would be lost.' : `git stash ${which === 'all' ? 'clear' : 'drop'} deletes ${plural(lost.length, 'stash entry', 'stash entries')}.`;
	return { kind: 'git-stash', summary, details: lost.slice(0, MAX_DETAILS), complete: true, entries: lost };
}

async function measurePush(dir: string, remoteGiven: string | undefined, refspecs: readonly { src: string; dest: string }[], mirror: boolean, budget: Budget): Promise<BlastFinding> {
	const branch = (await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], dir, budget))?.trim();
	const upstreamRemote = branch ? (await git(['config', '--get', `branch.${branch}.remote`], dir, budget))?.trim() : undefined;
	const remote = remoteGiven ?? upstreamRemote ?? 'origin';
	if (!/^[\w.-]+$/.test(remote)) {
		return { kind: 'force-push', summary: `git push to ${remote}: what it would overwrite cannot be known locally (not a named remote).`, details: [], complete: false };
	}
	let pairs = refspecs.map((r) => ({ src: r.src, dest: r.dest.replace(/^refs\/heads\//, '') }));
	if (mirror) {
		const remoteRefs = await git(['for-each-ref', '--format=%(refname:lstrip=3)', `refs/remotes/${remote}/`], dir, budget);
		pairs = (remoteRefs ?? '').split('\n').filter((b) => b && b !== 'HEAD').map((b) => ({ src: `refs/heads/${b}`, dest: b }));
	} else if (pairs.length === 0 && branch) {
		const merge = (await git(['config', '--get', `branch.${branch}.merge`], dir, budget))?.trim().replace(/^refs\/heads\//, '');
		pairs = [{ src: 'HEAD', dest: merge || branch }];
	}
	const commits: Commit[] = [];
	const details: string[] = [];
	const unknown: string[] = [];
	/** Branches git did not answer about in time: not the same as "no remote-tracking branch". */
	const late: string[] = [];
	for (const { src, dest } of pairs) {
		if (src.startsWith('-') || dest.startsWith('-')) {
			continue; // never handed to git as an option
		}
		const tracking = `refs/remotes/${remote}/${dest}`;
		const exists = await gitAnswer(['rev-parse', '--verify', '--quiet', `${tracking}^{commit}`], dir, budget);
		if (!exists.ok) {
			(exists.timedOut ? late : unknown).push(`${remote}/${dest}`);
			continue;
		}
		const srcOk = await gitAnswer(['rev-parse', '--verify', '--quiet', `${src}^{commit}`], dir, budget);
		if (!srcOk.ok && srcOk.timedOut) {
			late.push(`${remote}/${dest}`);
			continue;
		}
		// --mirror deletes a remote branch that has no local one: all of its commits go (unless other refs hold them).
		const range = srcOk.ok ? [`${src}..${tracking}`] : [tracking, '--not', '--branches', '--tags'];
		const out = await gitAnswer(['log', '--format=%h%x00%s', '--max-count=200', ...range, '--'], dir, budget);
		if (!out.ok) {
			(out.timedOut ? late : unknown).push(`${remote}/${dest}`);
			continue;
		}
		const dropped = parseCommits(out.out);
		commits.push(...dropped);
		if (dropped.length > 0) {
			details.push(`${remote}/${dest}${srcOk.ok ? '' : ' (deleted)'}: ${dropped.slice(0, MAX_DETAILS).map((c) => `${c.sha} ${c.subject}`).join(' · ')}${dropped.length > MAX_DETAILS ? ` · … and ${dropped.length - MAX_DETAILS} more` : ''}`);
		}
	}
	const known = pairs.length - unknown.length - late.length;
	const parts = known === 0 ? [] : [commits.length === 0
		? `the force push drops no commits that ${remote} had when you last fetched`
		: `the force push drops ${plural(commits.length, 'commit')} from ${remote} (as of your last fetch)`];
	if (unknown.length > 0) {
		parts.push(`what the force push drops is not known locally for ${unknown.join(', ')} (no remote-tracking branch; run git fetch to see)`);
	}
	if (late.length > 0) {
		parts.push(`git did not answer in time, so what the force push drops from ${late.join(', ')} is unknown`);
	}
	return { kind: 'force-push', summary: `${parts.join('; ')}.`, details, complete: unknown.length === 0 && late.length === 0, commits };
}

async function measureOne(target: BlastTarget, options: MeasureOptions, budget: Budget): Promise<BlastFinding> {
	switch (target.kind) {
		case 'delete':
			return measureDelete(target.how, target.paths, target.unknown, options, budget);
		case 'git-clean':
			return measureGitClean(target.dir, target.args, options, budget);
		case 'git-discard':
			return measureGitDiscard(target.dir, target.how, target.pathspecs, budget);
		case 'git-stash':
			return measureStash(target.dir, target.which, budget);
		case 'force-push':
			return measurePush(target.dir, target.remote, target.refspecs, target.mirror, budget);
		case 'docker-volumes':
			return dockerVolumes(target.how, target.names, target.all, options.dockerHost, budget, target.dir);
		case 'remote':
			return { kind: 'remote', summary: `Cannot be counted here: ${target.what}. Terminal Guard does not call remote services to find out.`, details: [], complete: false };
	}
}

/** One finding per target; a measurement that throws becomes a finding that says so (never a crash). */
export async function measure(targets: readonly BlastTarget[], options: MeasureOptions): Promise<BlastFinding[]> {
	const budget = options.budget ?? new Budget();
	const findings: BlastFinding[] = [];
	for (const target of targets) {
		try {
			findings.push(await measureOne(target, options, budget));
		} catch (error) {
			findings.push({ kind: target.kind, summary: `Could not count what it would destroy (${error instanceof Error ? error.message : String(error)}).`, details: [], complete: false });
		}
	}
	return findings;
}

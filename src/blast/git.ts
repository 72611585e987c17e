/**
 * Asking the local git what a command would lose. Only read-only git commands, run without a shell,
 * with the budget's time left as their time-out, no pager, no prompts and no hooks or fsmonitor
 * (a repository's config must not run anything when we merely look at it).
 */
import { execFile } from 'child_process';
import type { Budget } from './budget';

/**
 * The variables that point git at one particular repository, index or config: git's own list
 * (`git rev-parse --local-env-vars`, git 2.39). The editor's process may carry them (started from a git
 * hook, `git rebase --exec`, a shell with GIT_DIR set): inherited, every question about the folder being
 * deleted would be answered about that other repository instead (GIT_DIR made all 3 files of a
 * committed folder read as "git cannot restore"). Git finds the repository from the folder it runs in.
 */
const REPOSITORY_ENV = [
	'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_CONFIG', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_OBJECT_DIRECTORY',
	'GIT_DIR', 'GIT_WORK_TREE', 'GIT_IMPLICIT_WORK_TREE', 'GIT_GRAFT_FILE', 'GIT_INDEX_FILE', 'GIT_NO_REPLACE_OBJECTS',
	'GIT_REPLACE_REF_BASE', 'GIT_PREFIX', 'GIT_INTERNAL_SUPER_PREFIX', 'GIT_SHALLOW_FILE', 'GIT_COMMON_DIR',
];

/** The environment git runs with: this process's, without the repository pointers, with no prompts, locks or translations. */
export function gitEnvironment(from: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...from, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
	for (const name of Object.keys(env)) {
		if (REPOSITORY_ENV.includes(name) || /^GIT_CONFIG_(?:KEY|VALUE)_\d+$/.test(name)) {
			delete env[name];
		}
	}
	return env;
}

export type GitAnswer = { readonly ok: true; readonly out: string } | { readonly ok: false; readonly timedOut: boolean };

/** `git args…` in `cwd`: its output, or whether it failed or ran out of time (then it was killed). */
export function gitAnswer(args: readonly string[], cwd: string, budget: Budget, maxBuffer = 8 * 1024 * 1024): Promise<GitAnswer> {
	const timeout = budget.left;
	if (timeout === 0) {
		return Promise.resolve({ ok: false, timedOut: true });
	}
	return new Promise((resolve) => {
		execFile('git', ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '--no-pager', ...args], {
			cwd, timeout, killSignal: 'SIGKILL', maxBuffer, windowsHide: true, encoding: 'utf8',
			env: gitEnvironment(),
		}, (error, stdout) => resolve(error ? { ok: false, timedOut: error.killed === true || budget.left === 0 } : { ok: true, out: stdout }));
	});
}

/** Output of `git args…` in `cwd`, or undefined when git failed, is missing or ran out of time. */
export async function git(args: readonly string[], cwd: string, budget: Budget, maxBuffer?: number): Promise<string | undefined> {
	const answer = await gitAnswer(args, cwd, budget, maxBuffer);
	return answer.ok ? answer.out : undefined;
}

/** The top of the work tree holding `dir`; null outside git; undefined when git did not answer in time. */
export async function repoRoot(dir: string, budget: Budget): Promise<string | null | undefined> {
	const answer = await gitAnswer(['rev-parse', '--show-toplevel'], dir, budget);
	if (!answer.ok) {
		return answer.timedOut ? undefined : null;
	}
	return answer.out.trim() || null;
}

/** NUL-separated fields (`-z` output). */
export function nulList(out: string): string[] {
	return out.split('\0').filter((s) => s !== '');
}

/** One `git status --porcelain=v1 -z` record. */
export interface StatusEntry {
	/** Index and work-tree letters: ` M`, `??`, `A `, … */
	readonly code: string;
	/** Relative to the repository root. */
	readonly file: string;
}

/** `git status --porcelain -z`; renames carry a second path, which is skipped. */
export function parseStatus(out: string): StatusEntry[] {
	const fields = out.split('\0');
	const entries: StatusEntry[] = [];
	for (let i = 0; i < fields.length; i++) {
		const field = fields[i];
		if (field.length < 4) {
			continue;
		}
		const code = field.slice(0, 2);
		entries.push({ code, file: field.slice(3) });
		if (code[0] === 'R' || code[0] === 'C') {
			i++; // the original path of a rename or copy
		}
	}
	return entries;
}

export interface Commit {
	readonly sha: string;
	readonly subject: string;
}

/** `git log --format=%h%x00%s` lines. */
export function parseCommits(out: string): Commit[] {
	return out.split('\n').filter(Boolean).map((line) => {
		const [sha, ...subject] = line.split('\0');
		return { sha, subject: subject.join(' ') };
	});
}

/** Real folders and real git repositories for the blast-radius tests (no mocks: git and the file system are the real ones). */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh folder, its real path (macOS /var → /private/var, so paths compare). */
export function tempDir(prefix = 'tg-blast-'): string {
	return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

const GIT_ENV = {
	...process.env,
	GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com',
	GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null',
};

export function git(cwd: string, ...args: string[]): string {
	return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Writes `files` (relative path → content) under `root`, making folders. */
export function write(root: string, files: Record<string, string>): void {
	for (const [rel, content] of Object.entries(files)) {
		const file = path.join(root, rel);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, content);
	}
}

/** A repository on branch main with `committed` in its first commit. */
export function repo(root: string, committed: Record<string, string>): string {
	git(root, 'init', '-q', '-b', 'main');
	write(root, committed);
	git(root, 'add', '-A');
	git(root, 'commit', '-q', '-m', 'first');
	return root;
}

export function commit(root: string, message: string, files: Record<string, string>): string {
	write(root, files);
	git(root, 'add', '-A');
	git(root, 'commit', '-q', '-m', message);
	return git(root, 'rev-parse', '--short', 'HEAD').trim();
}

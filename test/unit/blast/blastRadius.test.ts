/**
 * The blast radius on real folders and real git repositories: what `rm -rf`, `git reset --hard`,
 * `git clean`, `git stash clear` and `git push --force` would destroy, and that hostile layouts
 * (FIFOs, link loops, huge trees, hostile refspecs and repository config) stay bounded and harmless.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { explain, initParser } from '../../../src/engine/analyze';
import { Budget } from '../../../src/blast/budget';
import { measure } from '../../../src/blast/measure';
import { planBlast } from '../../../src/blast/plan';
import { blastLines, blastRadius, type BlastReport } from '../../../src/blast';
import type { RuleHit } from '../../../src/engine/types';
import { commit, git, repo, tempDir, write } from './helpers';

function hits(...rules: string[]): { hits: RuleHit[] } {
	return { hits: rules.map((rule) => ({ rule, severity: 'high' as const, reason: '', targets: [] })) };
}

function radius(line: string, cwd: string, extra: { workspace?: string; budgetMs?: number; maxEntries?: number; env?: Record<string, string>; rules?: string[] } = {}): Promise<BlastReport> {
	return blastRadius(line, hits(...(extra.rules ?? [])), {
		cwd, home: '/nonexistent-home', workspaceFolders: [extra.workspace ?? cwd], env: extra.env ?? {},
		// Far beyond any machine's load: only the budget test itself may run out of time.
		budgetMs: extra.budgetMs ?? 600000, maxEntries: extra.maxEntries,
	});
}

function only(report: BlastReport) {
	assert.equal(report.findings.length, 1, JSON.stringify(report.findings, null, 1));
	return report.findings[0];
}

describe('blast radius: deleting files', () => {
	before(() => initParser());

	it('rm -rf of a folder in a repository counts files, folders, size, and the files git cannot restore', async () => {
		const root = repo(tempDir(), { 'app/a.txt': 'aaaa', 'app/sub/b.txt': 'bb', 'app/c.txt': 'c', 'keep.txt': 'k' });
		write(root, { 'app/c.txt': 'changed', 'app/new.txt': 'new file', 'app/sub/notes.md': '12345' });
		const f = only(await radius('rm -rf app', root));
		assert.equal(f.files, 5);
		assert.equal(f.folders, 2);
		assert.equal(f.bytes, 4 + 2 + 7 + 8 + 5);
		// c.txt changed, new.txt and notes.md untracked: 3 cannot come back from git; a.txt and b.txt can.
		assert.equal(f.unrecoverable, 3);
		assert.deepEqual(f.outside, []);
		assert.match(f.summary, /5 files and 2 folders, 26 bytes; 3 files git cannot restore/);
		assert.equal(f.complete, true);
	});

	it('a folder outside git says git cannot bring any of it back', async () => {
		const root = tempDir();
		write(root, { 'x/1': '1', 'x/2': '22' });
		const f = only(await radius('rm -r x', root));
		assert.equal(f.files, 2);
		assert.match(f.summary, /none of it is in a git repository/);
	});

	it('a path outside the workspace is named, also when reached through .. or a link with a trailing slash', async () => {
		const outsideDir = tempDir('tg-outside-');
		write(outsideDir, { 'precious/data.db': 'x'.repeat(100) });
		const workspace = tempDir();
		fs.symlinkSync(path.join(outsideDir, 'precious'), path.join(workspace, 'link'));
		const viaDots = only(await radius(`rm -rf ../${path.basename(outsideDir)}/precious`, workspace));
		assert.equal(viaDots.outside?.length, 1);
		assert.match(viaDots.summary, /OUTSIDE the workspace/);
		// `rm -rf link` removes the link only (inside); `rm -rf link/` removes what it points to (outside).
		const linkOnly = only(await radius('rm -rf link', workspace));
		assert.equal(linkOnly.files, 1);
		assert.deepEqual(linkOnly.outside, []);
		const through = only(await radius('rm -rf link/', workspace));
		assert.equal(through.files, 1);
		assert.equal(through.bytes, 100);
		assert.equal(through.outside?.length, 1);
	});

	it('the same deletion reached through sudo, bash -c and a cd is counted the same', async () => {
		const root = tempDir();
		write(root, { 'sub/victim/a': 'a', 'sub/victim/b': 'b' });
		for (const line of ['sudo rm -rf sub/victim', `bash -c 'rm -rf sub/victim'`, 'cd sub && rm -rf victim', 'find sub/victim -delete', 'xargs echo; rm -rf -- sub/victim']) {
			const report = await radius(line, root);
			const deletion = report.findings.find((f) => f.kind === 'delete');
			assert.ok(deletion, `${line}: ${JSON.stringify(report)}`);
			assert.equal(deletion.files, 2, line);
		}
	});

	it('a glob in the last part is matched as bash would (no dot files); a variable is said to be unknown', async () => {
		const root = tempDir();
		write(root, { 'logs/a.log': '1', 'logs/b.log': '2', 'logs/.hidden.log': '3', 'logs/keep.txt': '4' });
		const globbed = only(await radius('rm -f logs/*.log', root));
		assert.equal(globbed.files, 2);
		const variable = only(await radius('rm -rf "$TARGET"', root));
		assert.equal(variable.complete, false);
		assert.match(blastLines({ findings: [variable], complete: false, ms: 0 }).join('\n'), /"\$TARGET": not counted/);
	});

	it('a FIFO and a symbolic-link loop are counted as entries, never opened or followed', async () => {
		const root = tempDir();
		write(root, { 'tree/a/file': 'x' });
		execFileSync('mkfifo', [path.join(root, 'tree/pipe')]);
		fs.symlinkSync('..', path.join(root, 'tree/a/up'));
		fs.symlinkSync('loop2', path.join(root, 'tree/loop1'));
		fs.symlinkSync('loop1', path.join(root, 'tree/loop2'));
		const f = only(await radius('rm -rf tree', root));
		assert.equal(f.files, 5); // file, pipe, up, loop1, loop2
		assert.equal(f.folders, 2);
		assert.equal(f.complete, true);
	});

	it('a tree past the entry cap says "too many to count" with a lower bound', async () => {
		const root = tempDir();
		const files: Record<string, string> = {};
		for (let i = 0; i < 300; i++) {
			files[`big/d${i % 10}/f${i}`] = 'x';
		}
		write(root, files);
		const f = only(await radius('rm -rf big', root, { maxEntries: 100 }));
		assert.equal(f.complete, false);
		assert.match(f.summary, /too many to count: more than/);
		assert.ok((f.files ?? 0) < 300);
	});

	it('git that does not answer in time is said to be unknown, never "0 files git cannot restore"', async () => {
		const root = repo(tempDir(), { 'dir/a.txt': '1' });
		write(root, { 'dir/new.txt': 'untracked' });
		// The walk gets all the time it needs; git gets none (as on a machine too loaded to start it in 300 ms).
		class NoTimeForGit extends Budget {
			override get left(): number {
				return 0;
			}
			override get spent(): boolean {
				return false;
			}
			override race<T>(work: Promise<T>): Promise<T> {
				return work;
			}
		}
		const targets = planBlast(explain('rm -rf dir', { cwd: root }).invocations, root, []);
		const [f] = await measure(targets, { workspaceFolders: [root], budget: new NoTimeForGit() });
		assert.equal(f.files, 2);
		assert.doesNotMatch(f.summary, /0 files git cannot restore/);
		assert.match(f.summary, /git did not answer in time, so how many of them git could restore is unknown/);
	});

	it('a spent time budget ends the count and says so instead of waiting', async () => {
		const root = tempDir();
		const files: Record<string, string> = {};
		for (let i = 0; i < 2000; i++) {
			files[`slow/d${i % 40}/f${i}`] = 'x';
		}
		write(root, files);
		const report = await radius('rm -rf slow', root, { budgetMs: 1 });
		const f = only(report);
		assert.equal(f.complete, false);
		assert.match(f.summary, /too many to count/);
	});

	it('a folder it cannot read is named and the count is marked partial (walked as an unprivileged user)', () => {
		const root = tempDir();
		write(root, { 'mixed/open/a': 'a', 'mixed/closed/secret': 's' });
		fs.chmodSync(root, 0o755);
		fs.chmodSync(path.join(root, 'mixed'), 0o755);
		fs.chmodSync(path.join(root, 'mixed/open'), 0o755);
		fs.chmodSync(path.join(root, 'mixed/closed'), 0o700);
		// Root reads every folder, so the walk runs in a child process as `nobody`. The two modules (Node built-ins
		// only) are copied beside the tree: the checkout may sit in a folder `nobody` cannot enter (mktemp's 0700).
		const code = path.join(root, 'code');
		fs.mkdirSync(code, { mode: 0o755 });
		const walkModule = path.join(code, 'walk.js');
		const budgetModule = path.join(code, 'budget.js');
		fs.copyFileSync(path.join(__dirname, '..', '..', '..', 'src', 'blast', 'walk.js'), walkModule);
		fs.copyFileSync(path.join(__dirname, '..', '..', '..', 'src', 'blast', 'budget.js'), budgetModule);
		fs.chmodSync(walkModule, 0o644);
		fs.chmodSync(budgetModule, 0o644);
		const script = `const {walk, emptyCount} = require(${JSON.stringify(walkModule)}); const {Budget} = require(${JSON.stringify(budgetModule)});
			const c = emptyCount(); walk(${JSON.stringify(path.join(root, 'mixed'))}, true, false, new Budget(5000), c).then(() => console.log(JSON.stringify(c)));`;
		assert.equal(process.getuid?.(), 0, 'this test needs root to run the walk as another user; run the unit tests as root (the CI and these machines do)');
		const child = spawnSync(process.execPath, ['-e', script], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: '/' });
		assert.equal(child.status, 0, child.stderr);
		const count = JSON.parse(child.stdout) as { files: number; unreadable: string[] };
		assert.deepEqual(count.unreadable, [path.join(root, 'mixed/closed')]);
		assert.equal(count.files, 1);
	});

	/**
	 * The layout of test/e2e/blastRadius.test.ts: the editor's workspace is a repository, reached through a
	 * symbolic link (a worktree's .vscode-test links to the main checkout's), holding a repository of its own,
	 * blast-demo, whose src/ has a committed file (lib/util.js), a changed one (app.js) and a new one (draft.js):
	 * `rm -rf src` there deletes 3 files and 2 folders, 79 bytes, of which 2 files git cannot restore.
	 */
	function e2eFixture(): { workspace: string; demo: string } {
		const base = tempDir('tg-blast-e2e-');
		fs.mkdirSync(path.join(base, 'main', 'workspace'), { recursive: true });
		repo(path.join(base, 'main', 'workspace'), { 'README.md': 'demo\n', '.gitignore': 'build/\n' });
		fs.symlinkSync(path.join(base, 'main'), path.join(base, 'linked'));
		const workspace = path.join(base, 'linked', 'workspace');
		const demo = path.join(workspace, 'blast-demo');
		fs.mkdirSync(demo);
		repo(demo, { 'src/app.js': 'console.log("app");\n', 'src/lib/util.js': 'module.exports = {};\n' });
		write(demo, { 'src/app.js': 'console.log("changed, not committed");\n', 'src/draft.js': '// never committed\n' });
		return { workspace, demo };
	}

	it('the e2e layout (workspace through a link, a repository inside the workspace\'s): 3 files, 2 folders, 79 bytes, 2 git cannot restore', async () => {
		const { workspace, demo } = e2eFixture();
		const f = only(await radius('rm -rf src', demo, { workspace }));
		assert.deepEqual([f.files, f.folders, f.bytes, f.unrecoverable, f.outside], [3, 2, 79, 2, []]);
		assert.match(f.summary, /^rm deletes 3 files and 2 folders, 79 bytes; 2 files git cannot restore /);
	});

	it('GIT_DIR, GIT_WORK_TREE or GIT_INDEX_FILE in the editor\'s own environment do not make git answer about another repository', async () => {
		// The editor inherits them when started from a git hook or `git rebase --exec`. Before the fix, GIT_DIR and an
		// empty GIT_INDEX_FILE made all 3 files read as "git cannot restore" (the count an e2e screenshot
		// showed), and GIT_WORK_TREE made git "not answer".
		const { workspace, demo } = e2eFixture();
		const other = repo(tempDir('tg-blast-other-'), { 'unrelated.txt': 'x' });
		const emptyIndex = path.join(tempDir('tg-blast-index-'), 'index');
		for (const [name, value] of [['GIT_DIR', path.join(other, '.git')], ['GIT_WORK_TREE', other], ['GIT_INDEX_FILE', emptyIndex]]) {
			const before = process.env[name];
			process.env[name] = value;
			try {
				const f = only(await radius('rm -rf src', demo, { workspace }));
				assert.deepEqual([f.files, f.unrecoverable], [3, 2], `${name}=${value}: ${f.summary}`);
			} finally {
				if (before === undefined) {
					delete process.env[name];
				} else {
					process.env[name] = before;
				}
			}
		}
	});

	it('a path named twice, or inside another path removed with it, is counted once (in either order)', async () => {
		const { workspace, demo } = e2eFixture();
		for (const line of ['rm -rf src src/lib', 'rm -rf src/lib src', 'rm -rf src ./src', 'rm -rf src/* src', 'rm -rf src src/lib/util.js', `rm -rf src ${path.join(demo, 'src', 'app.js')}`]) {
			const f = only(await radius(line, demo, { workspace }));
			assert.deepEqual([f.files, f.folders, f.bytes, f.unrecoverable], [3, 2, 79, 2], `${line}: ${f.summary}`);
		}
		// Not overlapping: each counted.
		const apart = only(await radius('rm -r src/lib src/app.js', demo, { workspace }));
		assert.deepEqual([apart.files, apart.folders], [2, 1]);
	});

	it('deleting a repository\'s own .git (rm -rf . or rm -rf .git): git can restore none of its files, and the sentence says the repository goes', async () => {
		const { workspace, demo } = e2eFixture();
		const whole = only(await radius('rm -rf .', demo, { workspace }));
		assert.equal(whole.unrecoverable, whole.files, whole.summary);
		assert.deepEqual(whole.repositories, [fs.realpathSync(demo)]);
		assert.match(whole.summary, /it deletes the git repository of .*blast-demo too/);
		const history = only(await radius('rm -rf .git', demo, { workspace }));
		assert.equal(history.unrecoverable, history.files);
		assert.deepEqual(history.repositories, [fs.realpathSync(demo)]);
		assert.doesNotMatch(history.summary, /none of it is in a git repository/);
		// A linked worktree's .git is a file pointing at the main repository, which survives: its committed files can come back.
		git(demo, 'worktree', 'add', '-q', path.join(workspace, 'wt'), '-b', 'side');
		write(path.join(workspace, 'wt'), { 'src/draft2.js': 'new' });
		const worktree = only(await radius('rm -rf wt', workspace, { workspace }));
		assert.deepEqual(worktree.repositories, []);
		assert.doesNotMatch(worktree.summary, /deletes the git repository/);
		// lib/util.js and app.js (as committed) come back; the new draft2.js and the .git pointer file do not.
		assert.equal(worktree.unrecoverable, 2, worktree.summary);
		// The workspace removed from outside: blast-demo's repository is inside it, and goes too.
		const parent = only(await radius('rm -rf blast-demo', workspace, { workspace }));
		assert.deepEqual(parent.repositories, [fs.realpathSync(demo)]);
		assert.equal(parent.unrecoverable, parent.files);
	});

});

describe('blast radius: git', () => {
	before(() => initParser());

	it('git reset --hard lists the files whose changes it throws away (untracked files are kept, not listed)', async () => {
		const root = repo(tempDir(), { 'a.txt': '1', 'b.txt': '2', 'c.txt': '3' });
		write(root, { 'a.txt': 'changed', 'b.txt': 'changed', 'untracked.txt': 'u' });
		git(root, 'add', 'b.txt');
		const f = only(await radius('git reset --hard', root));
		assert.deepEqual([...(f.entries ?? [])].sort(), ['a.txt', 'b.txt']);
		assert.match(f.summary, /uncommitted changes in 2 files/);
	});

	it('git checkout -- . and git restore . list only unstaged changes', async () => {
		const root = repo(tempDir(), { 'a.txt': '1', 'b.txt': '2' });
		write(root, { 'a.txt': 'changed', 'b.txt': 'staged' });
		git(root, 'add', 'b.txt');
		for (const line of ['git checkout -- .', 'git restore .']) {
			assert.deepEqual(only(await radius(line, root)).entries, ['a.txt'], line);
		}
	});

	it('git clean -fdx lists untracked and ignored entries with their size', async () => {
		const root = repo(tempDir(), { '.gitignore': 'build/\n', 'src/main.c': 'int main;' });
		write(root, { 'build/out.o': '12345678', 'scratch.txt': 'abc' });
		const f = only(await radius('git clean -fdx', root));
		assert.deepEqual([...(f.entries ?? [])].sort(), ['build/', 'scratch.txt']);
		assert.equal(f.files, 2);
		assert.equal(f.bytes, 11);
		const plain = only(await radius('git clean -fd', root));
		assert.deepEqual(plain.entries, ['scratch.txt'], 'without -x ignored files stay');
	});

	it('git stash clear lists every entry; drop names the one it deletes', async () => {
		const root = repo(tempDir(), { 'a.txt': '1' });
		write(root, { 'a.txt': 'first change' });
		git(root, 'stash', 'push', '-q', '-m', 'half-done login');
		write(root, { 'a.txt': 'second change' });
		git(root, 'stash', 'push', '-q', '-m', 'experiment');
		const cleared = only(await radius('git stash clear', root));
		assert.equal(cleared.entries?.length, 2);
		assert.match(cleared.details.join('\n'), /half-done login/);
		const dropped = only(await radius('git stash drop stash@{1}', root));
		assert.deepEqual(dropped.entries?.map((e) => e.replace(/:.*/, '')), ['stash@{1}']);
	});

	it('git push --force lists the commits on the remote-tracking branch it would drop, with subjects', async () => {
		const remote = tempDir('tg-remote-');
		git(remote, 'init', '-q', '--bare', '-b', 'main');
		const root = repo(tempDir(), { 'a.txt': '1' });
		git(root, 'remote', 'add', 'origin', remote);
		const base = commit(root, 'base', { 'b.txt': '2' });
		git(root, 'push', '-q', '-u', 'origin', 'main');
		const lost1 = commit(root, 'Add payment retries', { 'c.txt': '3' });
		const lost2 = commit(root, 'Fix invoice rounding', { 'd.txt': '4' });
		git(root, 'push', '-q', 'origin', 'main');
		git(root, 'reset', '-q', '--hard', base);
		commit(root, 'Rewrite', { 'e.txt': '5' });
		for (const line of ['git push --force', 'git push -f origin main', 'git push origin +main', 'git push origin +HEAD:main', 'git -C . push --force origin main']) {
			const f = only(await radius(line, root));
			assert.deepEqual(f.commits?.map((c) => c.sha).sort(), [lost1, lost2].sort(), line);
			assert.match(f.details.join('\n'), /Fix invoice rounding/, line);
			assert.match(f.summary, /drops 2 commits from origin/, line);
		}
		// --mirror also deletes remote branches that have no local one: their commits are listed.
		git(root, 'push', '-q', 'origin', `${lost2}:refs/heads/feature`);
		git(root, 'fetch', '-q', 'origin');
		const mirror = only(await radius('git push --mirror origin', root));
		assert.ok(mirror.commits?.some((c) => c.sha === lost1), JSON.stringify(mirror));
		assert.match(mirror.details.join('\n'), /origin\/feature \(deleted\)/);
	});

	it('a remote branch never fetched is "not known locally", never guessed', async () => {
		const root = repo(tempDir(), { 'a.txt': '1' });
		git(root, 'remote', 'add', 'origin', '/nonexistent');
		const f = only(await radius('git push --force origin main', root));
		assert.equal(f.complete, false);
		assert.match(f.summary, /^what the force push drops is not known locally for origin\/main/);
		assert.doesNotMatch(f.summary, /drops 0 commits|drops no commits/);
	});

	it('git that does not answer in time about a force push says so, never "no remote-tracking branch" (seen in the e2e on a loaded machine)', async () => {
		const remote = tempDir('tg-remote-');
		git(remote, 'init', '-q', '--bare', '-b', 'main');
		const root = repo(tempDir(), { 'a.txt': '1' });
		git(root, 'remote', 'add', 'origin', remote);
		git(root, 'push', '-q', '-u', 'origin', 'main');
		class NoTimeForGit extends Budget {
			override get left(): number {
				return 0;
			}
		}
		const targets = planBlast(explain('git push --force origin main', { cwd: root }).invocations, root, []);
		const [f] = await measure(targets, { workspaceFolders: [root], budget: new NoTimeForGit() });
		assert.equal(f.complete, false);
		assert.equal(f.summary, 'git did not answer in time, so what the force push drops from origin/main is unknown.');
	});

	it('a refspec written as a git option never reaches git as one', async () => {
		const root = repo(tempDir(), { 'a.txt': '1' });
		const pwned = path.join(tempDir(), 'pwned');
		await radius(`git push -f origin '--output=${pwned}:main' '+--output=${pwned}'`, root);
		assert.equal(fs.existsSync(pwned), false);
	});

	it("a repository's fsmonitor or hooks do not run when we look at it", async () => {
		const root = repo(tempDir(), { 'dir/a.txt': '1' });
		const pwned = path.join(tempDir(), 'pwned');
		git(root, 'config', 'core.fsmonitor', `touch ${pwned}; false`);
		write(root, { 'dir/a.txt': 'changed' });
		const f = only(await radius('rm -rf dir', root));
		assert.equal(f.unrecoverable, 1);
		await radius('git reset --hard', root);
		assert.equal(fs.existsSync(pwned), false);
	});
});

describe('blast radius: what lives elsewhere', () => {
	before(() => initParser());

	it('docker volume rm with no daemon says the sizes are unknown and why', async () => {
		const f = only(await radius('docker volume rm pgdata', tempDir(), { env: { DOCKER_HOST: `unix://${tempDir()}/docker.sock` } }));
		assert.equal(f.complete, false);
		assert.match(f.summary, /sizes and the containers using them are unknown — no Docker daemon answered/);
	});

	it('docker volume rm asks a daemon that answers on its socket for sizes and users', async () => {
		const socket = path.join(tempDir(), 'docker.sock');
		const server = http.createServer((req, res) => {
			res.setHeader('content-type', 'application/json');
			if (req.url?.startsWith('/system/df')) {
				res.end(JSON.stringify({ Volumes: [{ Name: 'pgdata', UsageData: { Size: 3 * 1024 * 1024, RefCount: 1 } }, { Name: 'other', UsageData: { Size: 5, RefCount: 0 } }] }));
			} else if (req.url?.startsWith('/containers/json')) {
				res.end(JSON.stringify([{ Names: ['/db'], Mounts: [{ Type: 'volume', Name: 'pgdata' }] }]));
			} else {
				res.statusCode = 404;
				res.end('{}');
			}
		});
		await new Promise<void>((resolve) => server.listen(socket, resolve));
		try {
			const f = only(await radius('docker volume rm pgdata', tempDir(), { env: { DOCKER_HOST: `unix://${socket}` } }));
			assert.match(f.summary, /deletes 1 volume, 3\.0 MB/);
			assert.deepEqual(f.details, ['pgdata: 3.0 MB, used by db']);
		} finally {
			server.close();
		}
	});

	it('a TCP DOCKER_HOST is not called', async () => {
		const f = only(await radius('docker compose down -v', tempDir(), { env: { DOCKER_HOST: 'tcp://10.0.0.1:2375' } }));
		assert.match(f.summary, /Terminal Guard does not call/);
	});

	it('a Kubernetes namespace or a database table is said to be uncountable here', async () => {
		const k = only(await radius('kubectl delete namespace prod', tempDir(), { rules: ['kubernetes:delete'] }));
		assert.match(k.summary, /Cannot be counted here: Kubernetes objects in the cluster/);
		const ssh = await radius(`ssh host 'rm -rf /srv/data'`, tempDir());
		assert.match(blastLines(ssh).join('\n'), /another machine/);
	});
});

/** Finding the right editor window: by cwd, skipping dead, foreign-looking and readable files. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { askEditor } from '../../../src/bridge/client';
import { type FoundWindow, privacyProblem, rankWindows, readRecords, recordFileName, writeRecord } from '../../../src/bridge/discovery';
import { startBridge, tempRuntimeDir, type TestBridge } from './harness';

/** A pid that certainly belongs to no running process: a child that already exited. */
function deadPid(): number {
	const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
	return Number(child.stdout);
}

function fakeWindow(folders: string[], updated: string, pid = process.pid): FoundWindow {
	return { file: `/x/${updated}`, record: { v: 1, pid, socket: '/nowhere', secret: 's', folders, updated } };
}

describe('bridge discovery', () => {
	const bridges: TestBridge[] = [];
	afterEach(async () => {
		await Promise.all(bridges.splice(0).map((b) => b.stop()));
	});

	it('ranks the window whose folder holds the cwd first, the deepest folder winning', () => {
		const outer = fakeWindow(['/work/app'], '2026-01-01T00:00:00Z');
		const inner = fakeWindow(['/other', '/work/app/packages/api'], '2025-01-01T00:00:00Z');
		const unrelated = fakeWindow(['/srv'], '2027-01-01T00:00:00Z');
		const windows = [outer, inner, unrelated];
		assert.equal(rankWindows(windows, '/work/app/packages/api/src')[0], inner);
		assert.equal(rankWindows(windows, '/work/app/packages/api')[0], inner);
		assert.equal(rankWindows(windows, '/work/app/docs')[0], outer);
		assert.equal(rankWindows(windows, '/work/application')[0], unrelated, '/work/app does not hold /work/application');
	});

	it('finds the window opened through a symbolic link from the real cwd a hook has, and the other way round', () => {
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-rank-'));
		try {
			const real = path.join(root, 'data', 'project');
			fs.mkdirSync(path.join(real, 'src'), { recursive: true });
			const link = path.join(root, 'code');
			fs.symlinkSync(path.join(root, 'data'), link);
			const throughLink = fakeWindow([path.join(link, 'project')], '2026-01-01T00:00:00Z');
			const newerElsewhere = fakeWindow([path.join(root, 'elsewhere')], '2026-06-01T00:00:00Z');
			// process.cwd() in the hook is the real path; the window recorded the linked one.
			assert.equal(rankWindows([newerElsewhere, throughLink], path.join(real, 'src'))[0], throughLink);
			const openedReal = fakeWindow([real], '2026-01-01T00:00:00Z');
			assert.equal(rankWindows([newerElsewhere, openedReal], path.join(link, 'project', 'src'))[0], openedReal);
		} finally {
			fs.rmSync(root, { recursive: true, force: true });
		}
	});

	it('a workspace opened through a symbolic link holds the cwd an agent gives resolved, ahead of a newer window', () => {
		const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-rank-')));
		try {
			fs.mkdirSync(path.join(dir, 'real', 'project', 'sub'), { recursive: true });
			fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
			const mine = fakeWindow([path.join(dir, 'link', 'project')], '2026-01-01T00:00:00Z');
			const newer = fakeWindow(['/srv/other'], '2026-02-01T00:00:00Z');
			assert.deepEqual(rankWindows([newer, mine], path.join(dir, 'real', 'project', 'sub')), [mine, newer]);
			assert.deepEqual(rankWindows([newer, mine], path.join(dir, 'link', 'project')), [mine, newer]);
			assert.deepEqual(rankWindows([newer, mine], path.join(dir, 'real')), [newer, mine], 'the link\'s parent is not inside the project');
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('falls back to the most recent window when no folder holds the cwd', () => {
		const older = fakeWindow(['/a'], '2026-01-01T00:00:00Z');
		const newer = fakeWindow(['/b'], '2026-02-01T00:00:00Z');
		assert.deepEqual(rankWindows([older, newer], '/elsewhere'), [newer, older]);
		assert.deepEqual(rankWindows([older], '/elsewhere'), [older]);
	});

	it('asks the window whose workspace holds the cwd, with two editors running', async () => {
		const runtimeDir = tempRuntimeDir();
		const a = await startBridge({ runtimeDir, folders: ['/home/dev/project'] });
		const b = await startBridge({ runtimeDir, folders: ['/home/dev/other'] });
		bridges.push(a, b);
		a.person.answers.push(undefined);
		b.person.answers.push(undefined);
		await askEditor({ kind: 'confirm', line: 'rm -rf victim', cwd: '/home/dev/other/sub', agent: 'codex' }, { runtimeDir });
		assert.equal(a.person.questions.length, 0);
		assert.equal(b.person.questions.length, 1);
		await askEditor({ kind: 'confirm', line: 'rm -rf victim', cwd: '/home/dev/project', agent: 'codex' }, { runtimeDir });
		assert.equal(a.person.questions.length, 1);
	});

	it('ignores the file of an editor that is no longer running', async () => {
		const runtimeDir = tempRuntimeDir();
		const live = await startBridge({ runtimeDir, folders: ['/home/dev/other'] });
		bridges.push(live);
		const stale = path.join(runtimeDir, recordFileName(deadPid()));
		writeRecord(stale, { v: 1, pid: Number(/window-(\d+)-/.exec(stale)?.[1]), socket: path.join(runtimeDir, 'gone.sock'), secret: 'x', folders: ['/home/dev/project'], updated: new Date().toISOString() });
		const { windows, rejected } = readRecords(runtimeDir);
		assert.deepEqual(windows.map((w) => w.record.pid), [process.pid]);
		assert.match(rejected.find((r) => r.file === stale)?.reason ?? '', /no longer running/);
		// The stale file names the cwd's folder; the live window answers anyway.
		live.person.answers.push('victim');
		const answer = await askEditor({ kind: 'confirm', line: 'rm -rf victim', cwd: '/home/dev/project', agent: 'codex' }, { runtimeDir });
		assert.equal(answer.outcome, 'allowed');
	});

	it('removes stale files of dead editors when a bridge starts', async () => {
		const runtimeDir = tempRuntimeDir();
		fs.mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
		const pid = deadPid();
		const stale = path.join(runtimeDir, recordFileName(pid));
		writeRecord(stale, { v: 1, pid, socket: path.join(runtimeDir, 'gone.sock'), secret: 'x', folders: [], updated: new Date().toISOString() });
		bridges.push(await startBridge({ runtimeDir }));
		assert.ok(!fs.existsSync(stale));
	});

	it('rejects a discovery file others can read or write', async () => {
		const runtimeDir = tempRuntimeDir();
		const bridge = await startBridge({ runtimeDir });
		bridges.push(bridge);
		fs.chmodSync(bridge.server.record, 0o644);
		const { windows, rejected } = readRecords(runtimeDir);
		assert.deepEqual(windows, []);
		assert.match(rejected[0].reason, /others may access it \(mode 644/);
		const answer = await askEditor({ kind: 'confirm', line: 'rm -rf victim', cwd: '/home/dev/project', agent: 'codex' }, { runtimeDir });
		assert.equal(answer.outcome, 'unreachable');
		assert.match(answer.reason ?? '', /mode 644/);
	});

	it('rejects a runtime directory others can read, and a symlinked file', async () => {
		const runtimeDir = tempRuntimeDir();
		const bridge = await startBridge({ runtimeDir });
		bridges.push(bridge);
		const link = path.join(runtimeDir, recordFileName(process.pid));
		fs.symlinkSync(bridge.server.record, link);
		assert.match(readRecords(runtimeDir).rejected.find((r) => r.file === link)?.reason ?? '', /symbolic link/);
		fs.chmodSync(runtimeDir, 0o755);
		const { windows, rejected } = readRecords(runtimeDir);
		assert.deepEqual(windows, []);
		assert.match(rejected[0].reason, /mode 755/);
	});

	it('rejects a file owned by another user', () => {
		const mine = fs.statSync(__filename);
		// A copy of a real stat with another owner: giving a file away needs root, this does not.
		const foreign = Object.assign(Object.create(Object.getPrototypeOf(mine)), mine, { uid: (process.getuid?.() ?? 0) + 1, mode: 0o100600 });
		assert.match(privacyProblem(foreign, 'file') ?? '', /belongs to user \d+, not to you/);
		assert.equal(privacyProblem(Object.assign(Object.create(Object.getPrototypeOf(mine)), mine, { mode: 0o100600 }), 'file'), undefined);
	});

	it('no editor at all is "unreachable", not an error', async () => {
		const answer = await askEditor({ kind: 'confirm', line: 'rm -rf victim', cwd: '/home/dev/project', agent: 'codex' }, { runtimeDir: tempRuntimeDir() });
		assert.equal(answer.outcome, 'unreachable');
		assert.match(answer.reason ?? '', /no editor with Terminal Guard is running/);
	});

	it('a live pid whose socket is gone is passed over: unreachable', async () => {
		const runtimeDir = tempRuntimeDir();
		fs.mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
		writeRecord(path.join(runtimeDir, recordFileName()), { v: 1, pid: process.pid, socket: path.join(runtimeDir, 'gone.sock'), secret: 'x', folders: ['/home/dev/project'], updated: new Date().toISOString() });
		const answer = await askEditor({ kind: 'confirm', line: 'rm -rf victim', cwd: '/home/dev/project', agent: 'codex' }, { runtimeDir });
		assert.equal(answer.outcome, 'unreachable');
		assert.match(answer.reason ?? '', /ENOENT/);
	});
});

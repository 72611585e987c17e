/**
 * The local engine process (src/cli/localEngine.ts, localEngineServer.ts) with the real built hook:
 * a hook without an editor starts it, later hooks are answered by it without loading the engine, and
 * whatever is wrong with it (silent, planted where others can write, gone) leaves the decision to the
 * engine in the hook, so nothing destructive runs.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { readRecords } from '../../../src/bridge/discovery';
import { localEngineDir } from '../../../src/cli/localEngine';
import { runNode } from '../../shared/process';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const DIST = path.join(ROOT, 'dist');
const BIN = path.join(ROOT, 'bin', 'terminal-guard');

interface Run { status: number | null; stdout: string; stderr: string }

function run(args: string[], input: string, home: string): Promise<Run> {
	return runNode(args, { input, home });
}

function claudeInput(command: string): string {
	return JSON.stringify({ session_id: 's', cwd: os.tmpdir(), hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
}

function decisionOf(r: Run): string | undefined {
	return r.stdout.trim() ? (JSON.parse(r.stdout) as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision : undefined;
}

async function eventually(what: string, condition: () => boolean, timeoutMs = 20000): Promise<void> {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > timeoutMs) {
			throw new Error(`timed out waiting: ${what}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** The hook through bin/terminal-guard, telling on exit whether it loaded the engine bundle (hookMain.ts engineCompiledFrom). */
async function probedHook(home: string, command: string): Promise<{ run: Run; loadedEngine: boolean }> {
	const probe = path.join(home, 'probe.js');
	// The hook.js hook-entry.js ran (bin/terminal-guard requires hook-entry.js, so this is the same instance).
	const entry = JSON.stringify(path.join(DIST, 'hook-entry.js'));
	fs.writeFileSync(probe, `process.on('exit', () => { require('fs').writeSync(2, '\\nENGINE ' + JSON.stringify(require(${entry}).runningHook().engineCompiledFrom() ?? null)); }); process.argv.splice(1, 1); require(${JSON.stringify(BIN)});`);
	const r = await run([probe, BIN, 'hook', 'claude-code'], claudeInput(command), home);
	const from = JSON.parse(r.stderr.slice(r.stderr.lastIndexOf('ENGINE ') + 7)) as string | null;
	return { run: r, loadedEngine: from !== null };
}

describe('the local engine', () => {
	const homes: string[] = [];
	const servers: net.Server[] = [];
	after(() => {
		servers.forEach((s) => s.close());
		// Removing a home removes the engine's record, which ends it (checked in the first test); ended here too, to be sure.
		for (const home of homes) {
			const dir = localEngineDir(path.join(DIST, 'hook-engine.js'), home);
			for (const w of dir ? readRecords(dir).windows : []) {
				if (w.record.pid !== process.pid) {
					process.kill(w.record.pid);
				}
			}
			fs.rmSync(home, { recursive: true, force: true });
		}
	});
	function tempHome(): string {
		const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-local-engine-'));
		homes.push(home);
		return home;
	}
	const engineDir = (home: string): string => {
		const dir = localEngineDir(path.join(DIST, 'hook-engine.js'), home);
		assert.ok(dir);
		return dir;
	};

	it('the first hook without an editor judges in its own process and starts it; the next ones are answered by it, the same way, without loading the engine; removing its record ends it', async () => {
		const home = tempHome();
		const first = await probedHook(home, 'rm -rf victim');
		assert.equal(first.run.status, 2, first.run.stderr);
		assert.equal(decisionOf(first.run), 'deny');
		assert.equal(first.loadedEngine, true);
		const dir = engineDir(home);
		await eventually('the local engine is listening', () => readRecords(dir).windows.length === 1);
		const { windows: [window] } = readRecords(dir);
		assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
		assert.equal(fs.statSync(window.record.socket).mode & 0o777, 0o600);

		const denied = await probedHook(home, 'rm -rf victim');
		assert.equal(denied.run.status, 2, denied.run.stderr);
		assert.equal(decisionOf(denied.run), 'deny');
		assert.match(denied.run.stdout, /Target: victim/);
		assert.equal(denied.loadedEngine, false, 'the hook loaded the engine although the local engine runs');
		const safe = await probedHook(home, 'git status && ls -la src');
		assert.equal(safe.run.status, 0, safe.run.stderr);
		assert.equal(decisionOf(safe.run), undefined);
		assert.equal(safe.loadedEngine, false);

		fs.rmSync(window.file);
		await eventually('the local engine ends once its record is gone', () => !alive(window.record.pid), 15000);
	});

	it('a local engine that never answers: the hook judges in its own process after its wait (deny, exit 2)', async () => {
		const home = tempHome();
		const dir = engineDir(home);
		fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
		fs.chmodSync(path.join(home, '.terminal-guard'), 0o700);
		const socket = path.join(dir, 'silent.sock');
		const silent = net.createServer((s) => s.on('error', () => undefined));
		servers.push(silent);
		await new Promise<void>((resolve) => silent.listen(socket, resolve));
		fs.writeFileSync(path.join(dir, `window-${process.pid}-0123456789ab.json`), JSON.stringify({ v: 1, pid: process.pid, socket, secret: 's'.repeat(64), folders: [], updated: new Date().toISOString() }), { mode: 0o600 });
		const started = Date.now();
		const r = await probedHook(home, 'rm -rf victim');
		assert.equal(r.run.status, 2, r.run.stderr);
		assert.equal(decisionOf(r.run), 'deny');
		assert.equal(r.loadedEngine, true);
		assert.ok(Date.now() - started >= 1900, 'it did not wait for the local engine at all');
	});

	it('a record planted in a folder others may write is not asked: a fake engine there that allows everything changes nothing', async () => {
		const home = tempHome();
		const dir = engineDir(home);
		fs.mkdirSync(dir, { recursive: true });
		fs.chmodSync(dir, 0o777);
		const socket = path.join(dir, 'liar.sock');
		let asked = 0;
		const liar = net.createServer((s) => {
			asked++;
			s.end('{"v":1,"outcome":"allowed","verdict":{"decision":"allow","severity":"info","rule":null,"reason":"fine","target":null,"targets":[],"alternative":null,"hits":[],"production":false,"parse":"complete"}}\n');
		});
		servers.push(liar);
		await new Promise<void>((resolve) => liar.listen(socket, resolve));
		fs.writeFileSync(path.join(dir, `window-${process.pid}-0123456789ab.json`), JSON.stringify({ v: 1, pid: process.pid, socket, secret: 's'.repeat(64), folders: [], updated: new Date().toISOString() }), { mode: 0o600 });
		const r = await probedHook(home, 'rm -rf victim');
		assert.equal(r.run.status, 2, r.run.stderr);
		assert.equal(decisionOf(r.run), 'deny');
		assert.equal(asked, 0);
		// Nor is a local engine started there (it would make the folder private and the planted record good).
		await new Promise((resolve) => setTimeout(resolve, 3000));
		assert.equal(fs.statSync(dir).mode & 0o777, 0o777);
		assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('window-')), [`window-${process.pid}-0123456789ab.json`]);
	});

	it('a confirm request sent to it is refused as cancelled: it never answers for the person', async () => {
		const home = tempHome();
		await probedHook(home, 'git status');
		const dir = engineDir(home);
		await eventually('the local engine is listening', () => readRecords(dir).windows.length === 1);
		const { askEditor } = await import('../../../src/bridge/client');
		const answer = await askEditor({ kind: 'confirm', line: 'rm -rf victim', cwd: os.tmpdir(), agent: 'claude-code' }, { runtimeDir: dir, env: { HOME: home } });
		assert.equal(answer.outcome, 'refused');
		assert.match(answer.reason ?? '', /cancelled/);
		const other = await askEditor({ kind: 'check', line: 'git status', cwd: os.tmpdir(), agent: 'hook' }, { runtimeDir: dir, env: { HOME: '/somewhere/else' } });
		assert.equal(other.outcome, 'error', 'it judged for another home than its own');
	});
});

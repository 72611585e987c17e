/**
 * `terminal-guard hook <agent>` as agents run it: the real bin script, a separate process started
 * from an unrelated directory with no editor variables, finding the bridge through its HOME.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startBridge, type TestBridge } from '../bridge/harness';
import { runNode } from '../../shared/process';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'terminal-guard');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'agents');

interface Run { status: number | null; stdout: string; stderr: string }

/** Runs the hook with only PATH and HOME in its environment (nothing from an editor). */
function runHook(args: string[], input: string, home: string): Promise<Run> {
	return runNode([BIN, 'hook', ...args], { input, home });
}

function fixture(agent: string, name: string): string {
	return fs.readFileSync(path.join(FIXTURES, agent, `${name}.json`), 'utf8');
}

describe('terminal-guard hook (process)', () => {
	let home: string;
	let emptyHome: string;
	let bridge: TestBridge;

	before(async () => {
		home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-home-'));
		emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-home-'));
		bridge = await startBridge({ runtimeDir: path.join(home, '.terminal-guard', 'run'), folders: ['/home/dev/project'] });
	});
	after(async () => {
		await bridge.stop();
		fs.rmSync(home, { recursive: true, force: true });
		fs.rmSync(emptyHome, { recursive: true, force: true });
	});

	it('claude-code, no editor: the incident is denied with exit 2 and the reason on stderr', async () => {
		const r = await runHook(['claude-code'], fixture('claude-code', 'incident'), emptyHome);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /volumeDelete/);
		assert.match(r.stderr, /do not retry or work around it/);
		assert.equal(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision, 'deny');
	});

	it('claude-code, an editor found through HOME: allowed once the person types the target', async () => {
		bridge.person.answers.push('vol-3f9a');
		const r = await runHook(['claude-code'], fixture('claude-code', 'incident'), home);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision, 'allow');
		assert.equal(bridge.person.questions.at(-1)?.askedBy, 'Claude Code');
	});

	it('cursor: git status adds no decision', async () => {
		const r = await runHook(['cursor'], fixture('cursor', 'git-status'), emptyHome);
		assert.equal(r.status, 0, r.stderr);
		assert.deepEqual(JSON.parse(r.stdout), { continue: true });
	});

	it('gemini: a 1 MB command on stdin reaches the editor and is refused when the person cancels', async () => {
		const input = JSON.parse(fixture('gemini', 'incident'));
		input.tool_input.command = `echo ${'a'.repeat(1 << 20)} && ${input.tool_input.command}`;
		bridge.person.answers.push(undefined);
		const r = await runHook(['gemini'], JSON.stringify(input), home);
		assert.equal(r.status, 2);
		assert.equal(JSON.parse(r.stdout).decision, 'deny');
		assert.match(r.stderr, /cancelled/);
		assert.equal(bridge.person.questions.at(-1)?.line.length, input.tool_input.command.length);
	});

	it('--timeout-seconds: nobody answers (the question stays open) -> deny in time', async () => {
		const start = Date.now();
		const r = await runHook(['codex', '--timeout-seconds', '1'], fixture('codex', 'force-push'), home);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /in time/);
		assert.ok(Date.now() - start < 10000);
	});

	it('an unknown agent or option blocks (exit 2) and says what is accepted', async () => {
		const unknown = await runHook(['copilot'], fixture('claude-code', 'git-status'), emptyHome);
		assert.equal(unknown.status, 2);
		assert.match(unknown.stderr, /claude-code, cursor, vscode, codex, gemini/);
		const option = await runHook(['codex', '--wait'], fixture('codex', 'git-status'), emptyHome);
		assert.equal(option.status, 2);
	});
});

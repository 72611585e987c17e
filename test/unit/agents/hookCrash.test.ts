/**
 * A hook process that fails outside runHook (a throw in a timer or socket callback, a rejected promise
 * nobody awaits) must still block: the agent's deny and exit 2, never Node's exit 1, which Claude Code,
 * Codex and Gemini treat as "run the command".
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DO_NOT_RETRY } from '../../../src/agents/messages';
import { failHook, hookCrashReply } from '../../../src/cli/hook';

/** The compiled src/cli/hook.js beside this compiled test. */
const HOOK_MODULE = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'hook.js');

/** A real process that installs the handlers the CLI installs for `hook`, then fails asynchronously. */
function crash(agent: string, failure: string): { status: number | null; stdout: string; stderr: string } {
	const script = `require(${JSON.stringify(HOOK_MODULE)}).installHookCrashHandlers(${JSON.stringify(agent)}); ${failure}`;
	return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20000 });
}

describe('hook: uncaught exceptions and unhandled rejections block', () => {
	it('a throw in a timer -> Claude-style deny JSON, the reason on stderr, exit 2', () => {
		const r = crash('claude-code', 'setTimeout(() => { throw new Error("socket went away"); }, 10);');
		assert.equal(r.status, 2, r.stderr);
		const out = JSON.parse(r.stdout).hookSpecificOutput;
		assert.equal(out.permissionDecision, 'deny');
		assert.match(out.permissionDecisionReason, /socket went away/);
		assert.match(r.stderr, /could not check it: internal error: socket went away/);
		assert.ok(r.stderr.includes(DO_NOT_RETRY));
	});

	it('an unhandled rejection -> the agent\'s own deny (Gemini, Cursor), exit 2', () => {
		const gemini = crash('gemini', 'setTimeout(() => Promise.reject(new Error("late failure")), 10);');
		assert.equal(gemini.status, 2, gemini.stderr);
		assert.equal(JSON.parse(gemini.stdout).decision, 'deny');
		assert.match(gemini.stderr, /late failure/);
		const cursor = crash('cursor', 'Promise.reject("plain string");');
		assert.equal(cursor.status, 2, cursor.stderr);
		assert.equal(JSON.parse(cursor.stdout).permission, 'deny');
	});

	it('an unknown agent -> no JSON, a plain reason on stderr, exit 2', () => {
		const r = crash('copilot', 'setImmediate(() => { throw new TypeError("x is undefined"); });');
		assert.equal(r.status, 2);
		assert.equal(r.stdout, '');
		assert.match(r.stderr, /internal error: x is undefined/);
	});

	it('hookCrashReply and failHook: exit 2 even when writing fails half-way', () => {
		assert.deepEqual(hookCrashReply(undefined, new Error('e')).exitCode, 2);
		assert.equal(JSON.parse(hookCrashReply('codex', new Error('e')).stdout).hookSpecificOutput.permissionDecision, 'deny');
		let code: number | undefined;
		failHook('vscode', { toString() { throw new Error('cannot even print this'); } }, (c) => { code = c; });
		assert.equal(code, 2);
	});
});

/**
 * The safer way a person chose in the editor reaches the agent: Claude Code runs it through
 * PreToolUse's updatedInput; agents that cannot change the command are told to run it instead.
 * A real bridge on a real socket; the person is scripted.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADAPTERS } from '../../../src/agents';
import { runHook } from '../../../src/agents/hook';
import { askEditor } from '../../../src/bridge/client';
import { auditEntryFor } from '../../../src/bridge/audit';
import { type BridgeEvent, BridgeServer, type SaferAnswer } from '../../../src/bridge/server';
import { analyze, initParser } from '../../../src/engine/analyze';
import { tempRuntimeDir } from '../bridge/harness';

const PROJECT = '/home/dev/project';
const SAFER = 'git push --force-with-lease origin main';

function claudeInput(command: string): string {
	return JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command, description: 'push' }, cwd: PROJECT });
}

function geminiInput(command: string): string {
	return JSON.stringify({ hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command }, cwd: PROJECT });
}

describe('the safer way, for agents', () => {
	const runtimeDir = tempRuntimeDir();
	const answers: (string | SaferAnswer | undefined)[] = [];
	const events: BridgeEvent[] = [];
	let server: BridgeServer;

	before(async () => {
		await initParser();
		server = new BridgeServer({
			judge: (line, cwd, env) => Promise.resolve(analyze(line, { cwd, workspaceFolders: [PROJECT], env, home: '/home/dev' })),
			answerer: () => ({ confirm: () => Promise.resolve(answers.shift()) }),
			confirmTimeoutMs: () => 60000,
			onEvent: (event) => events.push(event),
		}, { runtimeDir, folders: [PROJECT] });
		await server.start();
	});
	after(() => server.dispose());

	const hook = (adapter: keyof typeof ADAPTERS, stdin: string) => runHook(ADAPTERS[adapter], stdin, {
		ask: (q, options) => askEditor(q, { ...options, runtimeDir }),
		localVerdict: (line, cwd) => Promise.resolve(analyze(line, { cwd, workspaceFolders: [cwd], home: '/home/dev', env: {} })),
		timeoutMs: 20000,
	});

	it('Claude Code: allow with updatedInput.command = the safer line', async () => {
		answers.push({ instead: `run \`${SAFER}\``, line: SAFER });
		const reply = await hook('claude-code', claudeInput('git push --force origin main'));
		assert.equal(reply.exitCode, 0);
		const out = JSON.parse(reply.stdout).hookSpecificOutput;
		assert.equal(out.permissionDecision, 'allow');
		assert.deepEqual(out.updatedInput, { command: SAFER });
		assert.match(out.permissionDecisionReason, /safer way/);
	});

	it('Gemini CLI (no way to change the command): deny, naming the safer command to run instead', async () => {
		answers.push({ instead: `run \`${SAFER}\``, line: SAFER });
		const reply = await hook('gemini', geminiInput('git push --force origin main'));
		assert.equal(reply.exitCode, 2);
		assert.match(reply.stderr, new RegExp(`Run this safer command instead, exactly as written \\(Terminal Guard checks it again\\): ${SAFER}`));
	});

	it('a safer way with no line (moved to the trash) is a plain refusal saying what was done', async () => {
		answers.push({ instead: 'moved /home/dev/project/src to the system trash (the person can restore it); the command itself was not run.' });
		const reply = await hook('claude-code', claudeInput('rm -rf src'));
		assert.equal(reply.exitCode, 2);
		const out = JSON.parse(reply.stdout).hookSpecificOutput;
		assert.equal(out.permissionDecision, 'deny');
		assert.equal(out.updatedInput, undefined);
		assert.match(out.permissionDecisionReason, /moved .*src to the system trash/);
	});

	it("a refusal tells the agent how much it would have destroyed, and the audit entry keeps it", async () => {
		answers.push({ blast: 'rm deletes 3 files and 2 folders, 64 bytes; 2 files git cannot restore' });
		const reply = await hook('gemini', geminiInput('rm -rf src'));
		assert.equal(reply.exitCode, 2);
		assert.match(reply.stderr, /cancelled the confirmation in the editor \(it would destroy: rm deletes 3 files and 2 folders, 64 bytes; 2 files git cannot restore\)/);
		const event = events.find((e) => e.request.line === 'rm -rf src' && e.outcome === 'cancelled');
		assert.equal(auditEntryFor(event!, PROJECT)?.blast, 'rm deletes 3 files and 2 folders, 64 bytes; 2 files git cannot restore');
	});

	it('a typed name still allows the original command, unchanged', async () => {
		answers.push('main');
		const out = JSON.parse((await hook('claude-code', claudeInput('git push --force origin main'))).stdout).hookSpecificOutput;
		assert.equal(out.permissionDecision, 'allow');
		assert.equal(out.updatedInput, undefined);
	});
});

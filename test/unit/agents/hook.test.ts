/**
 * Every agent adapter against its recorded input shapes (test/fixtures/agents/), with no editor
 * running and with a real bridge whose scripted person answers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADAPTERS } from '../../../src/agents';
import { runHook } from '../../../src/agents/hook';
import { DO_NOT_RETRY } from '../../../src/agents/messages';
import type { AgentAdapter, AgentId, HookReply } from '../../../src/agents/types';
import { askEditor } from '../../../src/bridge/client';
import { analyze, initParser } from '../../../src/engine/analyze';
import { startBridge, tempRuntimeDir, type TestBridge } from '../bridge/harness';

const FIXTURES = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'agents');
const PROJECT = '/home/dev/project';
const MEGABYTE = 1 << 20;

function fixture(agent: AgentId, name: string): string {
	return fs.readFileSync(path.join(FIXTURES, agent, `${name}.json`), 'utf8');
}

/** The incident's input shape with another command in it. */
function withCommand(agent: AgentId, command: string): string {
	const input = JSON.parse(fixture(agent, 'incident'));
	if (agent === 'cursor') {
		input.command = command;
	} else {
		input.tool_input.command = command;
	}
	return JSON.stringify(input);
}

type Decision = 'none' | 'allow' | 'deny';

/** Reads a reply back in the agent's own format, checking that format exactly. */
function decisionOf(agent: AgentId, reply: HookReply): { decision: Decision; reason: string } {
	if (agent === 'cursor') {
		const out = JSON.parse(reply.stdout);
		if (out.permission === undefined) {
			assert.deepEqual(out, { continue: true });
			assert.equal(reply.exitCode, 0);
			return { decision: 'none', reason: '' };
		}
		assert.deepEqual(Object.keys(out).sort(), ['agent_message', 'continue', 'permission', 'user_message']);
		assert.equal(reply.exitCode, out.permission === 'deny' ? 2 : 0);
		return { decision: out.permission, reason: out.agent_message };
	}
	if (agent === 'gemini' || agent === 'opencode') {
		const out = JSON.parse(reply.stdout);
		if (out.decision === undefined) {
			assert.deepEqual(out, {});
			assert.equal(reply.exitCode, 0);
			return { decision: 'none', reason: '' };
		}
		assert.deepEqual(Object.keys(out).sort(), ['decision', 'reason']);
		assert.equal(reply.exitCode, out.decision === 'deny' ? 2 : 0);
		return { decision: out.decision, reason: out.reason };
	}
	if (reply.stdout === '') {
		assert.equal(reply.exitCode, 0);
		assert.equal(reply.stderr, '');
		return { decision: 'none', reason: '' };
	}
	const out = JSON.parse(reply.stdout).hookSpecificOutput;
	assert.equal(out.hookEventName, 'PreToolUse');
	assert.equal(reply.exitCode, out.permissionDecision === 'deny' ? 2 : 0);
	return { decision: out.permissionDecision, reason: out.permissionDecisionReason };
}

function denied(agent: AgentId, reply: HookReply): string {
	const { decision, reason } = decisionOf(agent, reply);
	assert.equal(decision, 'deny');
	assert.equal(reply.exitCode, 2, 'exit 2 blocks in every supported agent');
	assert.equal(reply.stderr.trim(), reason.trim(), 'stderr carries the same reason for agents that read it on exit 2');
	assert.ok(reason.includes(DO_NOT_RETRY), reason);
	return reason;
}

describe('agent hooks', () => {
	let noEditor: string;
	let bridge: TestBridge;

	before(async () => {
		await initParser();
		noEditor = tempRuntimeDir();
		bridge = await startBridge({ folders: [PROJECT] });
	});
	after(() => bridge.stop());

	function hook(adapter: AgentAdapter, stdin: string, runtimeDir: string): Promise<HookReply> {
		return runHook(adapter, stdin, {
			ask: (q, options) => askEditor(q, { ...options, runtimeDir }),
			localVerdict: (line, cwd) => Promise.resolve(analyze(line, { cwd, workspaceFolders: [cwd], home: '/home/dev', env: {} })),
			timeoutMs: 20000,
		});
	}

	for (const adapter of Object.values(ADAPTERS)) {
		const agent = adapter.id;
		describe(agent, () => {
			it('the incident\'s curl … volumeDelete with no editor -> deny, naming the target and saying a person must confirm', async () => {
				const reason = denied(agent, await hook(adapter, fixture(agent, 'incident'), noEditor));
				assert.match(reason, /volumeDelete/);
				assert.match(reason, /Target: .*vol-3f9a/);
				assert.match(reason, /No editor with Terminal Guard could be asked/);
			});

			it('the incident with an editor: the person types the volume id -> allow; the modal names the agent', async () => {
				bridge.person.answers.push('vol-3f9a');
				const before = bridge.person.questions.length;
				const { decision, reason } = decisionOf(agent, await hook(adapter, fixture(agent, 'incident'), bridge.runtimeDir));
				// Codex has no "allow" (0.169 rejects it as a failed hook): a confirmed command gets no decision.
				assert.equal(decision, agent === 'codex' ? 'none' : 'allow');
				if (agent !== 'codex') {
					assert.match(reason, /confirmed this in the editor by typing "vol-3f9a"/);
				}
				const question = bridge.person.questions[before];
				assert.equal(question.askedBy, adapter.name);
				assert.equal(question.cwd, PROJECT);
			});

			it('the incident with an editor: a wrong name or Escape -> deny', async () => {
				bridge.person.answers.push('vol-3f9', undefined);
				assert.match(denied(agent, await hook(adapter, fixture(agent, 'incident'), bridge.runtimeDir)), /typed "vol-3f9", not "vol-3f9a"/);
				assert.match(denied(agent, await hook(adapter, fixture(agent, 'incident'), bridge.runtimeDir)), /cancelled/);
			});

			it('\'git status\' -> no decision, with or without an editor, and nobody is asked', async () => {
				const asked = bridge.person.questions.length;
				assert.equal(decisionOf(agent, await hook(adapter, fixture(agent, 'git-status'), noEditor)).decision, 'none');
				assert.equal(decisionOf(agent, await hook(adapter, fixture(agent, 'git-status'), bridge.runtimeDir)).decision, 'none');
				assert.equal(bridge.person.questions.length, asked);
			});

			it('\'git push --force origin main\' with no editor -> deny, target main', async () => {
				assert.match(denied(agent, await hook(adapter, fixture(agent, 'force-push'), noEditor)), /Target: main/);
			});

			it('malformed JSON -> deny (fail closed)', async () => {
				const malformed = fs.readFileSync(path.join(FIXTURES, 'malformed.txt'), 'utf8');
				assert.match(denied(agent, await hook(adapter, malformed, noEditor)), /not JSON/);
				assert.match(denied(agent, await hook(adapter, '', noEditor)), /no input/);
				assert.match(denied(agent, await hook(adapter, '[1,2]', noEditor)), /not a JSON object/);
			});

			it('a shell call without a command string -> deny (fail closed)', async () => {
				const input = JSON.parse(fixture(agent, 'incident'));
				if (agent === 'cursor') {
					delete input.command;
				} else {
					input.tool_input.command = 42;
				}
				assert.match(denied(agent, await hook(adapter, JSON.stringify(input), noEditor)), /"(?:tool_input\.)?command" string/);
			});

			it('an empty command -> no decision', async () => {
				assert.equal(decisionOf(agent, await hook(adapter, fixture(agent, 'empty-command'), noEditor)).decision, 'none');
			});

			it('another tool or event -> no decision', async () => {
				assert.equal(decisionOf(agent, await hook(adapter, fixture(agent, 'other-tool'), noEditor)).decision, 'none');
			});

			it('a 1 MB command hiding the incident at its end -> deny; a 1 MB echo -> no decision', async () => {
				const padding = `echo ${'a'.repeat(MEGABYTE)}`;
				const reason = denied(agent, await hook(adapter, withCommand(agent, `${padding} && ${JSON.parse(fixture('claude-code', 'incident')).tool_input.command}`), noEditor));
				assert.ok(reason.length < 4000, `the reason repeats the megabyte (${reason.length} characters)`);
				assert.match(reason, /more characters/);
				assert.equal(decisionOf(agent, await hook(adapter, withCommand(agent, padding), noEditor)).decision, 'none');
			});
		});
	}

	it('the bridge failing to answer (an error) falls back to the local rules, still failing closed', async () => {
		const reply = await runHook(ADAPTERS['claude-code'], fixture('claude-code', 'incident'), {
			ask: () => Promise.resolve({ outcome: 'error', reason: 'the editor closed the connection without answering' }),
			localVerdict: (line, cwd) => Promise.resolve(analyze(line, { cwd, workspaceFolders: [cwd], env: {} })),
			timeoutMs: 1000,
		});
		assert.match(denied('claude-code', reply), /closed the connection without answering/);
	});

	it('an internal error -> deny', async () => {
		const reply = await runHook(ADAPTERS.gemini, fixture('gemini', 'incident'), {
			ask: () => Promise.reject(new Error('boom')),
			localVerdict: () => Promise.reject(new Error('boom')),
			timeoutMs: 1000,
		});
		assert.match(denied('gemini', reply), /internal error: boom/);
	});

	it('an "allowed" answer without a verdict is not trusted: the local rules decide', async () => {
		const reply = await runHook(ADAPTERS.codex, fixture('codex', 'incident'), {
			ask: () => Promise.resolve({ outcome: 'allowed' }),
			localVerdict: (line, cwd) => Promise.resolve(analyze(line, { cwd, workspaceFolders: [cwd], env: {} })),
			timeoutMs: 1000,
		});
		denied('codex', reply);
	});

	it('codex argv commands: the script inside `bash -lc` is judged', async () => {
		const input = JSON.parse(fixture('codex', 'force-push'));
		input.tool_input.command = ['bash', '-lc', 'git push --force origin main'];
		assert.match(denied('codex', await hook(ADAPTERS.codex, JSON.stringify(input), noEditor)), /Target: main/);
	});

	it('gemini: dir_path moves the cwd the editor sees', async () => {
		const input = JSON.parse(fixture('gemini', 'incident'));
		input.tool_input.dir_path = 'packages/api';
		bridge.person.answers.push(undefined);
		const asked = bridge.person.questions.length;
		denied('gemini', await hook(ADAPTERS.gemini, JSON.stringify(input), bridge.runtimeDir));
		assert.equal(bridge.person.questions[asked].cwd, path.join(PROJECT, 'packages/api'));
	});
});

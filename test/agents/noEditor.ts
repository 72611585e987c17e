/**
 * The checks every real agent gets with no editor running (issue #15): the incident's curl and
 * `rm -rf victim` are stopped before they run and the agent is told, a safe `ls` runs, and Terminal
 * Guard gives no "allow" of its own. `told` is what this agent's tool result says when the hook refuses.
 */
import * as assert from 'node:assert';
import { describe, it } from 'node:test';
import { AGENT_CLIS, agentPackage, type AgentCli } from './agentClis';
import { cleanUp, INCIDENT, type Outcome, ROOT, runWithoutEditor } from './scenario';

export interface Expectations {
	/** The refusal as the agent received it in its tool result. */
	readonly told: (command: string, target: string) => RegExp;
	/** What the hook printed for a refused command (the agent's own format). */
	readonly denyStdout: (stdout: string) => boolean;
}

/** Claude Code's PreToolUse answer, which Codex and Copilot CLI read too. */
export function claudeStyleDeny(stdout: string): boolean {
	return (JSON.parse(stdout) as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision === 'deny';
}

/** Terminal Guard's own refusal text, as the agent passes it on. */
export function terminalGuardReason(command: string, target: string): RegExp {
	const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`Terminal Guard stopped this command: ${escape(command)}[\\s\\S]*Target: ${escape(target)}[\\s\\S]*No editor with Terminal Guard could be asked`);
}

function hookRunFor(outcome: Outcome, command: string) {
	return outcome.hookRuns.find((h) => JSON.stringify(h.input).includes(JSON.stringify(command).slice(1, -1)));
}

function assertStopped(outcome: Outcome, command: string, target: string, expect: Expectations): void {
	const why = outcome.describe();
	assert.strictEqual(outcome.run.code, 0, `the agent did not finish its task\n${why}`);
	assert.deepStrictEqual(outcome.server.toolCalls().length, 1, `the model's tool call did not reach the agent once\n${why}`);
	const hook = hookRunFor(outcome, command);
	assert.ok(hook, `Terminal Guard's hook was not asked about the command\n${why}`);
	assert.strictEqual(hook.status, 2, `the hook did not block (exit 2)\n${why}`);
	assert.ok(expect.denyStdout(hook.stdout), `the hook's answer is not a deny: ${hook.stdout}\n${why}`);
	const results = outcome.server.toolResults();
	assert.strictEqual(results.length, 1, `the agent reported ${results.length} tool results\n${why}`);
	assert.match(results[0], expect.told(command, target), `the agent was not told why\n${why}`);
}

export function noEditorSuite(cli: AgentCli, expect: Expectations): void {
	const spec = AGENT_CLIS[cli];
	const { version } = agentPackage(ROOT, spec);
	describe(`${spec.packageName} ${version}, no editor running, hook installed by the installer`, () => {
		it('rm -rf victim is stopped: the folder survives and the agent is told why', async () => {
			const outcome = await runWithoutEditor(cli, 'rm -rf victim');
			assertStopped(outcome, 'rm -rf victim', 'victim', expect);
			assert.ok(outcome.victimExists, `victim is gone\n${outcome.describe()}`);
			cleanUp(outcome);
		});

		it('the incident\'s curl … volumeDelete is stopped before curl runs, and the agent is told why', async () => {
			const outcome = await runWithoutEditor(cli, INCIDENT);
			assertStopped(outcome, INCIDENT, '3d1c', expect);
			assert.deepStrictEqual(outcome.curlRuns, [], `curl ran\n${outcome.describe()}`);
			cleanUp(outcome);
		});

		it('a safe ls runs, and Terminal Guard adds no "allow" of its own', async () => {
			const outcome = await runWithoutEditor(cli, 'ls');
			const why = outcome.describe();
			assert.strictEqual(outcome.run.code, 0, `the agent did not finish its task\n${why}`);
			const hook = hookRunFor(outcome, 'ls');
			assert.ok(hook, `Terminal Guard's hook was not asked about ls\n${why}`);
			assert.strictEqual(hook.status, 0, why);
			for (const run of outcome.hookRuns) {
				assert.doesNotMatch(run.stdout, /"allow"/, `the hook answered allow: ${run.stdout}\n${why}`);
			}
			const results = outcome.server.toolResults();
			assert.strictEqual(results.length, 1, why);
			assert.match(results[0], /\bvictim\b/, `ls did not run (its output is not in the tool result)\n${why}`);
			assert.ok(outcome.victimExists, why);
			cleanUp(outcome);
		});
	});
}

/**
 * `terminal-guard hook <agent>`: one decision per hook call.
 *
 *   1. Parse the agent's input; unreadable input is refused (fail closed).
 *   2. Ask the editor over the bridge to confirm; it judges with the person's settings and, for a
 *      destructive command, shows the typed-name modal naming the agent.
 *   3. Safe → no decision (the agent's own prompt still applies); typed confirmation → allow;
 *      refused, cancelled, timed out → deny with a reason for the agent.
 *   4. No editor (or a broken one) → the local engine decides: safe → no decision, else deny.
 */
import type { AskOptions, EditorAnswer, EditorQuestion } from '../bridge/client';
import type { Verdict } from '../engine/types';
import { confirmedReason, failedReason, refusedReason, unreachableReason } from './messages';
import type { AgentAdapter, HookDecision, HookReply } from './types';

export interface HookDeps {
	ask(q: EditorQuestion, options: AskOptions): Promise<EditorAnswer>;
	/** The engine's verdict without the editor (CLI context for `cwd`). */
	localVerdict(line: string, cwd: string): Promise<Verdict>;
	/** Stop waiting for the person after this long (under the agent's own hook timeout). */
	readonly timeoutMs: number;
}

async function decide(adapter: AgentAdapter, stdin: string, deps: HookDeps): Promise<HookDecision> {
	const input = adapter.parse(stdin);
	if (input.kind === 'not-a-command') {
		return { kind: 'none' };
	}
	if (input.kind === 'malformed') {
		return { kind: 'deny', reason: failedReason(input.problem) };
	}
	if (input.command.trim() === '') {
		return { kind: 'none' }; // nothing would run
	}
	const answer = await deps.ask({ kind: 'confirm', line: input.command, cwd: input.cwd, agent: adapter.id }, { timeoutMs: deps.timeoutMs });
	switch (answer.outcome) {
		case 'allowed':
			if (answer.verdict?.decision === 'allow') {
				return { kind: 'none' };
			}
			if (answer.verdict?.decision === 'confirm') {
				return { kind: 'allow', reason: confirmedReason(answer.verdict) };
			}
			break; // an answer without a verdict is not trusted: decide locally
		case 'refused':
		case 'timed-out':
			return { kind: 'deny', reason: refusedReason(input.command, answer) };
		case 'unreachable':
		case 'error':
			break;
	}
	const local = await deps.localVerdict(input.command, input.cwd);
	if (local.decision === 'allow') {
		return { kind: 'none' };
	}
	return { kind: 'deny', reason: unreachableReason(input.command, local, answer.reason ?? answer.outcome) };
}

/** Never throws: any failure becomes the agent's way of refusing. */
export async function runHook(adapter: AgentAdapter, stdin: string, deps: HookDeps): Promise<HookReply> {
	try {
		return adapter.reply(await decide(adapter, stdin, deps));
	} catch (error) {
		return adapter.reply({ kind: 'deny', reason: failedReason(`internal error: ${error instanceof Error ? error.message : String(error)}`) });
	}
}

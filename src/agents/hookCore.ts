/**
 * `terminal-guard hook <agent>`: one decision per hook call. The engine comes in through `deps`, so
 * the lean hook bundle (dist/hook.js, src/cli/hookMain.ts) loads it only when it has to; hook.ts
 * fills in the engine for callers that have it at hand.
 *
 *   1. Parse the agent's input; unreadable input is refused (fail closed).
 *   2. Ask the editor over the bridge to confirm; it judges with the person's settings and, for a
 *      destructive command, shows the typed-name modal naming the agent.
 *   3. Safe → no decision (the agent's own prompt still applies); typed confirmation → allow;
 *      refused, cancelled, timed out → deny with a reason for the agent.
 *   4. No editor (or a broken one) → the local engine decides: safe → no decision, else deny.
 *
 * A file edit (Edit, Write, apply_patch, …) is judged here first, without the editor: an edit that
 * changes no file keeping Terminal Guard on gets no decision at once. One that does is asked in the
 * editor with the file as the name to type; without an editor it is refused.
 */
import type { ShellHint } from '../engine/shells';
import type { AskOptions, EditorAnswer, EditorQuestion } from '../bridge/client';
import type { FileEdit } from '../engine/rules/self-protection-edits';
import type { Verdict } from '../engine/types';
import { confirmedReason, failedReason, refusedReason, unreachableReason } from './messages';
import type { AgentAdapter, HookDecision, HookReply } from './types';

export interface HookCoreDeps {
	ask(q: EditorQuestion, options: AskOptions): Promise<EditorAnswer>;
	/** The engine's verdict without the editor (CLI context for `cwd`). */
	/** For the line run by `shell` when the agent says it is not a POSIX shell (src/engine/shells.ts). */
	localVerdict(line: string, cwd: string, shell?: ShellHint): Promise<Verdict>;
	/** Stop waiting for the person after this long (under the agent's own hook timeout). */
	readonly timeoutMs: number;
	/** The engine's verdict on a file edit without the editor (hook.ts fills in the real file system and this user's home). */
	localEditVerdict(edit: FileEdit, cwd: string): Verdict | Promise<Verdict>;
	/** How the edit is named to the person and the agent (engine's describeFileEdit). */
	describeEdit(edit: FileEdit, cwd: string): string;
}

/** A file edit: none unless it changes a protected file; then only a person's typed name in the editor allows it. */
async function decideEdit(adapter: AgentAdapter, edit: FileEdit, cwd: string, deps: HookCoreDeps): Promise<HookDecision> {
	const local = await deps.localEditVerdict(edit, cwd);
	if (local.decision === 'allow') {
		return { kind: 'none' };
	}
	const line = deps.describeEdit(edit, cwd);
	const answer = await deps.ask({ kind: 'confirm', line, cwd, agent: adapter.id, edit }, { timeoutMs: deps.timeoutMs });
	if (answer.outcome === 'allowed' && answer.verdict?.decision === 'confirm') {
		return { kind: 'allow', reason: confirmedReason(answer.verdict) };
	}
	if (answer.outcome === 'refused' || answer.outcome === 'timed-out') {
		return { kind: 'deny', reason: refusedReason(line, answer, 'file edit') };
	}
	// No editor, a broken one, or one that answered without asking (an editor too old to know file
	// edits judges the description as a command): only a person in the editor may allow this.
	const why = answer.outcome === 'allowed' ? 'the editor did not ask the person about this file edit' : answer.reason ?? answer.outcome;
	return { kind: 'deny', reason: unreachableReason(line, local, why, 'file edit') };
}

async function decide(adapter: AgentAdapter, stdin: string, deps: HookCoreDeps): Promise<HookDecision> {
	const input = adapter.parse(stdin);
	if (input.kind === 'not-a-command') {
		return { kind: 'none' };
	}
	if (input.kind === 'malformed') {
		return { kind: 'deny', reason: failedReason(input.problem) };
	}
	if (input.kind === 'file-edit') {
		return decideEdit(adapter, input.edit, input.cwd, deps);
	}
	// An unknown tool with a command and paths: the files first; a refusal there ends it.
	const edited = input.edit ? await decideEdit(adapter, input.edit, input.cwd, deps) : { kind: 'none' as const };
	if (edited.kind === 'deny') {
		return edited;
	}
	const decided = await decideCommand(adapter, input.command, input.cwd, deps, input.shell);
	return decided.kind === 'none' && edited.kind === 'allow' ? edited : decided;
}

async function decideCommand(adapter: AgentAdapter, command: string, cwd: string, deps: HookCoreDeps, shell?: ShellHint): Promise<HookDecision> {
	const input = { command, cwd };
	if (input.command.trim() === '') {
		return { kind: 'none' }; // nothing would run
	}
	const answer = await deps.ask({ kind: 'confirm', line: input.command, cwd: input.cwd, agent: adapter.id, ...(shell ? { shell } : {}) }, { timeoutMs: deps.timeoutMs });
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
			if (answer.safer && adapter.changesCommand) {
				// The person chose the safer way and the editor judged that line safe: the agent runs it instead.
				return { kind: 'allow', reason: `A person chose the safer way in the editor: \`${answer.safer}\` runs instead of \`${input.command}\` (Terminal Guard).`, command: answer.safer };
			}
			return { kind: 'deny', reason: refusedReason(input.command, answer) };
		case 'timed-out':
			return { kind: 'deny', reason: refusedReason(input.command, answer) };
		case 'unreachable':
		case 'error':
			break;
	}
	const local = await deps.localVerdict(input.command, input.cwd, shell);
	if (local.decision === 'allow') {
		return { kind: 'none' };
	}
	return { kind: 'deny', reason: unreachableReason(input.command, local, answer.reason ?? answer.outcome) };
}

/** Never throws: any failure becomes the agent's way of refusing. */
export async function runHook(adapter: AgentAdapter, stdin: string, deps: HookCoreDeps): Promise<HookReply> {
	const reply = (decision: HookDecision): HookReply => (adapter.replyTo ? adapter.replyTo(stdin, decision) : adapter.reply(decision));
	try {
		return reply(await decide(adapter, stdin, deps));
	} catch (error) {
		const deny = { kind: 'deny' as const, reason: failedReason(`internal error: ${error instanceof Error ? error.message : String(error)}`) };
		try {
			return reply(deny);
		} catch {
			return adapter.reply(deny);
		}
	}
}

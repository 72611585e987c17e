/**
 * What the hook tells the agent. A refusal says what was stopped, why, the target, and that a person
 * must confirm it in the editor — written so that a model reading it stops instead of rephrasing.
 */
import type { EditorAnswer } from '../bridge/client';
import type { Verdict } from '../engine/types';

export const DO_NOT_RETRY = 'A person must confirm this in the editor; do not retry or work around it.';

function shorten(text: string, max = 300): string {
	const oneLine = text.replace(/\s*\n\s*/g, ' ⏎ ');
	return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max)}… (${oneLine.length - max} more characters)`;
}

/** What was stopped: a shell command, or a file-editing tool call. */
export type Stopped = 'command' | 'file edit';

function verdictLines(command: string, verdict: Verdict | undefined, what: Stopped = 'command'): string[] {
	const lines = [`Terminal Guard stopped this ${what}: ${shorten(command)}`];
	if (verdict) {
		lines.push(`Why: ${verdict.reason}${verdict.production ? ' (PRODUCTION)' : ''}`);
		const targets = verdict.targets.length > 0 ? verdict.targets : verdict.target ? [verdict.target] : [];
		if (targets.length > 0) {
			lines.push(`Target: ${targets.join(', ')}`);
		}
	}
	return lines;
}

/** The editor answered but did not allow it (refused, cancelled, wrong name, timed out). */
export function refusedReason(command: string, answer: EditorAnswer, stopped: Stopped = 'command'): string {
	const what = answer.outcome === 'timed-out'
		? `Nobody confirmed it in the editor in time (${answer.reason ?? 'timed out'}).`
		: answer.verdict?.decision === 'deny'
			? `Terminal Guard refuses this ${stopped} outright; it cannot be confirmed.`
			: `It was not confirmed in the editor: ${answer.reason ?? 'refused'}.`;
	if (answer.outcome === 'refused' && answer.safer) {
		// The person chose the safer way: the agent should run that line (it is checked again), nothing else.
		return [...verdictLines(command, answer.verdict, stopped), what, `Run this safer command instead, exactly as written (Terminal Guard checks it again): ${answer.safer}`].join('\n');
	}
	return [...verdictLines(command, answer.verdict, stopped), what, DO_NOT_RETRY].join('\n');
}

/** No editor could be asked, and the command is destructive by the local rules. */
export function unreachableReason(command: string, verdict: Verdict, why: string, stopped: Stopped = 'command'): string {
	return [...verdictLines(command, verdict, stopped), `No editor with Terminal Guard could be asked to confirm it (${why}).`, DO_NOT_RETRY].join('\n');
}

/** The hook input could not be read, or the hook itself failed: everything is refused. */
export function failedReason(problem: string): string {
	return [`Terminal Guard stopped this tool call because it could not check it: ${problem}.`, 'It blocks what it cannot check.', DO_NOT_RETRY].join('\n');
}

/** A person typed the confirmation. */
export function confirmedReason(verdict: Verdict | undefined): string {
	const target = verdict?.target ?? verdict?.targets[0];
	return `A person confirmed this in the editor${target ? ` by typing "${target}"` : ''} (Terminal Guard).`;
}

/**
 * The guarded terminal's judge: the engine's verdict, then the person. `allow` runs; `confirm` runs
 * only when the person types the target exactly; `deny` is explained and never runs. Every refusal
 * returns a message saying why (the terminal prints `■ Terminal Guard stopped: <message> — not run.`).
 */
import type * as vscode from 'vscode';
import { nameToType } from '../engine/policy';
import type { ShellHint } from '../engine/shells';
import type { Verdict } from '../engine/types';
import type { Judge, JudgeResult } from '../terminal';
import { ABORT_REASONS } from '../terminal/judging';
import type { AuditEntry } from './auditLog';
import type { EditorGuard } from './guard';
import type { Answerer } from './person';

export interface JudgeDeps {
	readonly guard: EditorGuard;
	/** Looked up at each question, so a test answerer set later is used. */
	readonly answerer: () => Answerer;
	/** The environment of the shell being judged. */
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly log: vscode.LogOutputChannel;
	/** `terminalGuard.enabled` (user settings), read at each line; off = every line runs unchecked. */
	readonly enabled?: () => boolean;
	/** Told of every confirmation, refusal, cancellation and time-out (the audit log). */
	readonly record?: (event: JudgedLine) => void;
	/** Who submitted the line being judged (inputOrigin.ts); asked once per line, as it arrives. */
	readonly askedBy?: (line: string) => string;
	/** The terminal's shell when it is not a POSIX shell (pwsh, cmd.exe): its lines are judged as that shell's. */
	readonly shell?: ShellHint;
}

/** One line that needed the person, and what became of it. */
export interface JudgedLine {
	readonly line: string;
	readonly cwd: string;
	readonly verdict: Verdict;
	readonly outcome: AuditEntry['outcome'];
	readonly askedBy: string;
}

/** What an aborted question became: the time-out, or a withdrawal (Ctrl-C, closed terminal). */
function abortOutcome(signal: AbortSignal): AuditEntry['outcome'] {
	return signal.reason === ABORT_REASONS.timedOut ? 'timed-out' : 'cancelled';
}

export function createJudge({ guard, answerer, env, log, enabled = () => true, record = () => undefined, askedBy = () => 'person-in-terminal', shell }: JudgeDeps): Judge {
	return async (line, cwd, signal): Promise<JudgeResult> => {
		const who = askedBy(line);
		const note = (event: Omit<JudgedLine, 'askedBy'>): void => {
			try {
				record({ ...event, askedBy: who });
			} catch (error) {
				log.error('[confirm] could not record the outcome', error);
			}
		};
		if (!enabled()) {
			return { run: true };
		}
		const verdict = await guard.checkInTerminal(line, cwd, env, shell);
		if (signal.aborted && verdict.decision !== 'allow') {
			note({ line, cwd, verdict, outcome: abortOutcome(signal) });
			return { run: false, message: `${line} — cancelled` };
		}
		const reason = verdict.reason.replace(/[.\s]+$/, '');
		const production = verdict.production ? 'PRODUCTION: ' : '';
		switch (verdict.decision) {
			case 'allow':
				return { run: true };
			case 'deny':
				note({ line, cwd, verdict, outcome: 'denied' });
				void answerer().refused({ line, reason: verdict.reason, production: verdict.production }, signal).catch((error: unknown) => log.error('[confirm] the refusal notice failed', error));
				return { run: false, message: `${production}${line} — refused outright, it cannot be confirmed here (Terminal Guard's deny rules). ${reason}` };
			case 'confirm': {
				const expected = nameToType(verdict, line);
				const typed = await answerer().confirm({
					line, cwd, expected, targets: verdict.targets, reason: verdict.reason, alternative: verdict.alternative, production: verdict.production,
				}, signal);
				log.info(`[confirm] ${typed === expected ? 'confirmed' : typed === undefined ? 'cancelled' : 'wrong name'}: ${line}`);
				if (typed === expected && !signal.aborted) {
					note({ line, cwd, verdict, outcome: 'confirmed' });
					return { run: true };
				}
				note({ line, cwd, verdict, outcome: signal.aborted ? abortOutcome(signal) : typed === undefined ? 'cancelled' : 'refused' });
				const why = signal.aborted ? 'cancelled' : typed === undefined ? `not confirmed (you did not type "${expected}")` : `"${typed}" is not "${expected}"`;
				return { run: false, message: `${production}${line} — ${why}. ${reason}` };
			}
		}
	};
}

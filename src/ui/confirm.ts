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
import { blastSummary } from '../blast';
import type { AuditEntry } from './auditLog';
import { type LiveBlast, saferFor, startBlast } from './blastInDialog';
import type { EditorGuard } from './guard';
import { choseSafer } from './dialogQuestion';
import type { Answerer, SaferWay } from './person';
import { trashInstead } from './trashInstead';

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
	/**
	 * Types a line into this terminal, as if the person did (so it is judged like any other line): how a
	 * safer command the person chose runs instead. Absent: no safer command is offered.
	 */
	readonly typeLine?: (line: string) => void;
	/** The window's workspace folders (for "outside the workspace" in the blast radius). */
	readonly folders?: () => readonly string[];
}

/** One line that needed the person, and what became of it. */
export interface JudgedLine {
	readonly line: string;
	readonly cwd: string;
	readonly verdict: Verdict;
	readonly outcome: AuditEntry['outcome'];
	readonly askedBy: string;
	/** The blast radius as counted when the question was answered (absent when it was not counted). */
	readonly blast?: string;
	/** What ran instead, when the person chose the safer way. */
	readonly instead?: string;
}

/** What an aborted question became: the time-out, or a withdrawal (Ctrl-C, closed terminal). */
function abortOutcome(signal: AbortSignal): AuditEntry['outcome'] {
	return signal.reason === ABORT_REASONS.timedOut ? 'timed-out' : 'cancelled';
}

/** The blast radius for the audit log: what was counted by now, or that it was still counting. */
function blastNote(blast: LiveBlast | undefined): { blast?: string } {
	return blast ? { blast: blast.report ? blastSummary(blast.report) : 'still counting when answered' } : {};
}

export function createJudge({ guard, answerer, env, log, enabled = () => true, record = () => undefined, askedBy = () => 'person-in-terminal', shell, typeLine, folders = () => [] }: JudgeDeps): Judge {
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
		/** The person chose the safer way: the line does not run; the safer one does (judged again when typed). */
		const runSafer = async (safer: SaferWay): Promise<JudgeResult> => {
			if (safer.kind === 'line') {
				note({ line, cwd, verdict, outcome: 'safer', instead: safer.line });
				log.info(`[confirm] safer way chosen: ${safer.line} instead of ${line}`);
				typeLine?.(safer.line);
				return { run: false, message: `${line} — not run; you chose the safer \`${safer.line}\`, typed in next (it is checked like any line)` };
			}
			const { moved, problems } = await trashInstead(safer.paths, answerer, log);
			note({ line, cwd, verdict, outcome: 'safer', instead: `moved to the trash: ${moved.join(', ') || 'nothing'}` });
			return { run: false, message: `${line} — not run; moved to the system trash instead: ${moved.join(', ') || 'nothing'}${moved.length > 0 ? ' (Restore is in the notification)' : ''}.${problems}` };
		};
		switch (verdict.decision) {
			case 'allow':
				return { run: true };
			case 'deny':
				note({ line, cwd, verdict, outcome: 'denied' });
				void answerer().refused({ line, reason: verdict.reason, production: verdict.production }, signal).catch((error: unknown) => log.error('[confirm] the refusal notice failed', error));
				return { run: false, message: `${production}${line} — refused outright, it cannot be confirmed here (Terminal Guard's deny rules). ${reason}` };
			case 'confirm': {
				const expected = nameToType(verdict, line);
				// Counted in the background: the dialog opens now and fills the count in (src/ui/blastInDialog.ts).
				const posix = shell === undefined || shell === 'bash';
				const blast = posix ? startBlast(line, verdict, cwd, folders(), env) : undefined;
				const safer = posix ? saferFor(line, cwd, folders(), env) : undefined;
				const offered = safer && (safer.kind === 'trash' || typeLine) ? safer : undefined;
				const answer = await answerer().confirm({
					line, cwd, expected, targets: verdict.targets, reason: verdict.reason, alternative: verdict.alternative, production: verdict.production,
					...(blast ? { blast } : {}), ...(offered ? { safer: offered } : {}),
				}, signal);
				if (choseSafer(answer) && !signal.aborted && answer.safer === offered) {
					return runSafer(answer.safer);
				}
				const typed = choseSafer(answer) ? undefined : answer;
				log.info(`[confirm] ${typed === expected ? 'confirmed' : typed === undefined ? 'cancelled' : 'wrong name'}: ${line}`);
				if (typed === expected && !signal.aborted) {
					note({ line, cwd, verdict, outcome: 'confirmed', ...blastNote(blast) });
					return { run: true };
				}
				note({ line, cwd, verdict, outcome: signal.aborted ? abortOutcome(signal) : typed === undefined ? 'cancelled' : 'refused', ...blastNote(blast) });
				const why = signal.aborted ? 'cancelled' : typed === undefined ? `not confirmed (you did not type "${expected}")` : `"${typed}" is not "${expected}"`;
				return { run: false, message: `${production}${line} — ${why}. ${reason}` };
			}
		}
	};
}

/**
 * The person in front of the editor, behind a small interface so the integration tests can answer
 * for them (`api.setAnswererForTests`) while the e2e tests and real use get the modal and input box.
 */
import * as vscode from 'vscode';
import type { DenyNotice } from '../engine/question';
import { blastText } from './blastInDialog';
import type { ConfirmAnswer, DialogQuestion, RestoreOffer } from './dialogQuestion';

export type { ConfirmQuestion, DenyNotice } from '../engine/question';
export type { SaferWay } from '../blast/safer';
export { choseSafer, type ConfirmAnswer, type DialogQuestion, type RestoreOffer, type SaferChosen } from './dialogQuestion';

export interface Answerer {
	/** What the person typed to confirm, the safer way they chose instead, or undefined when they cancelled (or the signal aborted). */
	confirm(question: DialogQuestion, signal: AbortSignal): Promise<ConfirmAnswer>;
	/** Tells the person why `notice.line` cannot be confirmed; resolves when they dismissed it. */
	refused(notice: DenyNotice, signal: AbortSignal): Promise<void>;
	/** Says what went to the trash; true when the person asked to restore it. Absent: nothing is offered. */
	offerRestore?(offer: RestoreOffer): Promise<boolean>;
}

export const TYPE_BUTTON = 'Type the name to confirm…';
export const RESTORE_BUTTON = 'Restore';
/** Shown in the modal while the blast radius is still being counted (the modal cannot be updated; the input box is). */
export const COUNTING = 'counting… (the count appears while you type the name)';

/** Shown when the person answers a modal whose question was withdrawn (Ctrl-C, an agent that gave up, a time-out). */
export const WITHDRAWN_NOTICE = 'Terminal Guard: question withdrawn, nothing runs:';

/** The real person: a modal warning, then an input box that checks the name as it is typed. */
export class ModalAnswerer implements Answerer {
	async confirm(question: DialogQuestion, signal: AbortSignal): Promise<ConfirmAnswer> {
		// An agent may send a megabyte-long line; the dialog shows its start and says how much is left out.
		const q = { ...question, line: shorten(question.line, 300) };
		const headline = q.askedBy
			? `${q.production ? 'PRODUCTION — ' : ''}Terminal Guard: ${q.askedBy} asks to ${q.action === 'edit' ? 'edit' : 'run'} \`${q.line}\``
			: `${q.production ? 'PRODUCTION — ' : ''}Terminal Guard: confirm \`${q.line}\``;
		const detail = [
			q.production ? 'This is a PRODUCTION workspace.' : undefined,
			q.askedBy ? `Asked by: ${q.askedBy}, in ${q.cwd}` : undefined,
			`${q.action === 'edit' ? 'Edit' : 'Command'}: ${shorten(question.line, 4000)}`,
			`Why: ${q.reason}`,
			`Target${q.targets.length > 1 ? 's' : ''}: ${(q.targets.length > 0 ? q.targets : [q.expected]).join(', ')}`,
			...(q.blast ? ['', 'What it would destroy:', ...(q.blast.report ? blastText(q.blast.report).map((l) => `• ${l}`) : [`• ${COUNTING}`])] : []),
			'',
			q.safer ? `Safer: ${q.safer.label} — ${q.safer.kind === 'line' ? `runs \`${q.safer.line}\` instead (checked again before it runs). ` : ''}${q.safer.description}` : q.alternative ? `Safer: ${q.alternative}` : undefined,
			`To run it, type "${q.expected}". Anything else, or Escape, keeps it from running.`,
		].filter((l) => l !== undefined).join('\n');
		const buttons = q.safer ? [TYPE_BUTTON, q.safer.label] : [TYPE_BUTTON];
		const modal = vscode.window.showWarningMessage(headline, { modal: true, detail }, ...buttons);
		const choice = await untilAborted(modal, signal);
		if (signal.aborted) {
			// No API closes the modal; if the person answers it after all, say that nothing is pending.
			modal.then((late) => {
				if (late === TYPE_BUTTON) {
					void vscode.window.showInformationMessage(`${WITHDRAWN_NOTICE} \`${q.line}\``);
				}
			}, () => undefined);
			return undefined;
		}
		if (q.safer && choice === q.safer.label) {
			return { safer: q.safer };
		}
		if (choice !== TYPE_BUTTON) {
			return undefined;
		}
		return typeName(q, signal);
	}

	async offerRestore(offer: RestoreOffer): Promise<boolean> {
		const choice = offer.restorable
			? await vscode.window.showInformationMessage(offer.message, RESTORE_BUTTON)
			: await vscode.window.showInformationMessage(offer.message);
		return choice === RESTORE_BUTTON;
	}

	async refused(n: DenyNotice, signal: AbortSignal): Promise<void> {
		const detail = [
			`Command: ${n.line}`,
			`Why: ${n.reason}`,
			'',
			'Terminal Guard refuses this outright, so it cannot be confirmed here. Refusals come from the built-in rules (for what no prompt should allow, such as deleting / or your home folder) and from your own "deny" rules (docs/rules.md); only changing those rules changes this. If you really mean it, run it outside Terminal Guard.',
		].join('\n');
		await untilAborted(vscode.window.showErrorMessage(`${n.production ? 'PRODUCTION — ' : ''}Terminal Guard refused \`${n.line}\``, { modal: true, detail }), signal);
	}
}

/**
 * The input box where the name is typed. Its message carries the blast radius, filled in when the
 * count finishes (an input box can be changed while open; the modal before it cannot).
 */
function typeName(q: DialogQuestion, signal: AbortSignal): Promise<string | undefined> {
	return new Promise((resolve) => {
		const box = vscode.window.createInputBox();
		box.title = `${q.production ? 'PRODUCTION — ' : ''}Terminal Guard: confirm ${q.line}${q.askedBy ? ` (asked by ${q.askedBy})` : ''}`;
		box.prompt = `Type ${q.expected} to run it`;
		box.placeholder = q.expected;
		box.ignoreFocusOut = true;
		let settled = false;
		const disposables: vscode.Disposable[] = [];
		const finish = (value: string | undefined): void => {
			if (settled) {
				return;
			}
			settled = true;
			signal.removeEventListener('abort', onAbort);
			disposables.forEach((d) => d.dispose());
			box.dispose();
			resolve(value);
		};
		const onAbort = (): void => finish(undefined);
		const show = (): void => {
			const check = validateName(box.value, q.expected);
			const blast = q.blast ? `${q.blast.report ? blastText(q.blast.report).join(' ') : 'Counting what it would destroy…'} — ` : '';
			box.validationMessage = { message: `${blast}${check.message}`, severity: check.severity };
		};
		disposables.push(
			box.onDidChangeValue(show),
			box.onDidAccept(() => finish(box.value)),
			box.onDidHide(() => finish(undefined)),
		);
		signal.addEventListener('abort', onAbort, { once: true });
		void q.blast?.done.then(() => {
			if (!settled) {
				show();
			}
		});
		show();
		box.show();
		if (signal.aborted) {
			finish(undefined);
		}
	});
}

/** What the input box says while the person types; only an exact match may run. */
export function validateName(value: string, expected: string): vscode.InputBoxValidationMessage {
	if (value === expected) {
		return { message: `Press Enter to run it ("${expected}" matches).`, severity: vscode.InputBoxValidationSeverity.Info };
	}
	if (value === '') {
		return { message: `Type "${expected}" exactly to run it; Escape cancels.`, severity: vscode.InputBoxValidationSeverity.Info };
	}
	return { message: `"${value}" is not "${expected}": Enter now will not run it.`, severity: vscode.InputBoxValidationSeverity.Warning };
}

/** `text` cut to `max` characters, saying how many were left out. */
function shorten(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** The modal cannot be closed from here: when the signal aborts, stop waiting for it. */
function untilAborted<T>(answer: Thenable<T>, signal: AbortSignal): Promise<T | undefined> {
	if (signal.aborted) {
		return Promise.resolve(undefined);
	}
	return new Promise<T | undefined>((resolve) => {
		const onAbort = (): void => resolve(undefined);
		signal.addEventListener('abort', onAbort, { once: true });
		answer.then((value) => {
			signal.removeEventListener('abort', onAbort);
			resolve(value);
		}, () => resolve(undefined));
	});
}

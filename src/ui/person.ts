/**
 * The person in front of the editor, behind a small interface so the integration tests can answer
 * for them (`api.setAnswererForTests`) while the e2e tests and real use get the modal and input box.
 */
import * as vscode from 'vscode';
import type { ConfirmQuestion, DenyNotice } from '../engine/question';

export type { ConfirmQuestion, DenyNotice } from '../engine/question';

export interface Answerer {
	/** What the person typed to confirm, or undefined when they cancelled (or the signal aborted). */
	confirm(question: ConfirmQuestion, signal: AbortSignal): Promise<string | undefined>;
	/** Tells the person why `notice.line` cannot be confirmed; resolves when they dismissed it. */
	refused(notice: DenyNotice, signal: AbortSignal): Promise<void>;
}

export const TYPE_BUTTON = 'Type the name to confirm…';

/** Shown when the person answers a modal whose question was withdrawn (Ctrl-C, an agent that gave up, a time-out). */
export const WITHDRAWN_NOTICE = 'Terminal Guard: question withdrawn, nothing runs:';

/** The real person: a modal warning, then an input box that checks the name as it is typed. */
export class ModalAnswerer implements Answerer {
	async confirm(question: ConfirmQuestion, signal: AbortSignal): Promise<string | undefined> {
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
			q.alternative ? `Safer: ${q.alternative}` : undefined,
			'',
			`To run it, type "${q.expected}". Anything else, or Escape, keeps it from running.`,
		].filter((l) => l !== undefined).join('\n');
		const modal = vscode.window.showWarningMessage(headline, { modal: true, detail }, TYPE_BUTTON);
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
		if (choice !== TYPE_BUTTON) {
			return undefined;
		}
		const cancel = new vscode.CancellationTokenSource();
		const onAbort = (): void => cancel.cancel();
		signal.addEventListener('abort', onAbort);
		try {
			return await vscode.window.showInputBox({
				title: `${q.production ? 'PRODUCTION — ' : ''}Terminal Guard: confirm ${q.line}${q.askedBy ? ` (asked by ${q.askedBy})` : ''}`,
				prompt: `Type ${q.expected} to run it`,
				placeHolder: q.expected,
				ignoreFocusOut: true,
				validateInput: (value) => validateName(value, q.expected),
			}, cancel.token);
		} finally {
			signal.removeEventListener('abort', onAbort);
			cancel.dispose();
		}
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

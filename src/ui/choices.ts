/**
 * Yes/no questions to the person (modal), behind one function type so the integration tests can
 * answer them (`api.setChoiceAnswererForTests`) without mocking vscode.
 */
import * as vscode from 'vscode';

export interface ChoiceQuestion {
	/** What is being decided, for tests and the log. */
	readonly kind: 'stop-production' | 'make-default' | 'restore-default';
	readonly message: string;
	readonly detail: string;
	/** The button that means yes; anything else (Cancel, Escape) means no. */
	readonly yes: string;
}

/** Resolves true only when the person chose `question.yes`. */
export type ChoiceAnswerer = (question: ChoiceQuestion) => Promise<boolean>;

export const modalChoice: ChoiceAnswerer = async (q) =>
	(await vscode.window.showWarningMessage(q.message, { modal: true, detail: q.detail }, q.yes)) === q.yes;

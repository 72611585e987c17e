/**
 * The question the dialog asks and the answers it can get, beyond the engine's plain ConfirmQuestion:
 * the live blast radius, the safer way, and "the person chose the safer way". No vscode import, so the
 * terminal's judge (confirm.ts) and its unit tests use it without the editor.
 */
import type { SaferWay } from '../blast/safer';
import type { ConfirmQuestion } from '../engine/question';
import type { LiveBlast } from './blastInDialog';

/** What only the editor adds to a question: how much it would destroy (counted while the dialog is open) and the safer way. */
export interface DialogQuestion extends ConfirmQuestion {
	readonly blast?: LiveBlast;
	/** Derived by Terminal Guard from the parsed line (src/blast/safer.ts): a button beside typing the name. */
	readonly safer?: SaferWay;
}

/** The person chose the safer way instead of typing the name. */
export interface SaferChosen {
	readonly safer: SaferWay;
}

/** The typed name, the safer way, or undefined (cancelled, or the signal aborted). */
export type ConfirmAnswer = string | SaferChosen | undefined;

export function choseSafer(answer: ConfirmAnswer): answer is SaferChosen {
	return typeof answer === 'object' && answer !== null && 'safer' in answer;
}

/** Things moved to the trash instead of deleted, offered back. */
export interface RestoreOffer {
	readonly message: string;
	/** False where the platform's trash did not say where they went: then the message says where to look. */
	readonly restorable: boolean;
}


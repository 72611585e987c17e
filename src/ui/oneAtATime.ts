/**
 * One confirmation at a time across the whole window: the guarded terminals and the agent bridge
 * share the person, and a second input box would replace (cancel) the first. A question whose
 * signal aborts while it waits resolves at once as "not confirmed", without ever being shown.
 */
import type { Answerer, ConfirmAnswer, DenyNotice, DialogQuestion, RestoreOffer } from './person';

export class OneAtATime implements Answerer {
	private tail: Promise<unknown> = Promise.resolve();

	constructor(private readonly person: Answerer) {}

	confirm(question: DialogQuestion, signal: AbortSignal): Promise<ConfirmAnswer> {
		return new Promise<ConfirmAnswer>((resolve, reject) => {
			const onAbort = (): void => resolve(undefined);
			signal.addEventListener('abort', onAbort, { once: true });
			const turn = this.tail.then(async () => {
				signal.removeEventListener('abort', onAbort);
				if (signal.aborted) {
					resolve(undefined);
					return;
				}
				try {
					resolve(await this.person.confirm(question, signal));
				} catch (error) {
					reject(error);
				}
			});
			this.tail = turn.catch(() => undefined);
		});
	}

	/** Refusals only inform; the workbench queues their dialogs itself. */
	refused(notice: DenyNotice, signal: AbortSignal): Promise<void> {
		return this.person.refused(notice, signal);
	}

	/** A notification, not a question: shown at once. */
	offerRestore(offer: RestoreOffer): Promise<boolean> {
		return this.person.offerRestore?.(offer) ?? Promise.resolve(false);
	}
}

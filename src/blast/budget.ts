/**
 * The limits every blast-radius count works under: a deadline (the dialog never waits, but a count
 * that takes longer than this is not worth showing) and a cap on entries walked. Both are checked
 * between steps, so a huge tree, a slow disk or a hostile layout ends the count early and says so.
 */

export const DEFAULT_BUDGET_MS = 300;
/** Past this many files and folders a deletion is "more than N" (too many to count). */
export const DEFAULT_MAX_ENTRIES = 20000;

export class Budget {
	private readonly deadline: number;
	private entries = 0;

	constructor(readonly ms = DEFAULT_BUDGET_MS, readonly maxEntries = DEFAULT_MAX_ENTRIES, private readonly signal?: AbortSignal) {
		this.deadline = Date.now() + ms;
	}

	/** Milliseconds left (0 when spent); child processes get this as their time-out. */
	get left(): number {
		return Math.max(0, this.deadline - Date.now());
	}

	get spent(): boolean {
		return this.left === 0 || this.signal?.aborted === true;
	}

	/** Counts one more entry; false once the cap is reached. */
	take(): boolean {
		this.entries++;
		return this.entries <= this.maxEntries;
	}

	get capped(): boolean {
		return this.entries > this.maxEntries;
	}

	/**
	 * `work`, or `fallback` when the budget runs out first. A file system call stuck on a dead network
	 * mount cannot be cancelled, but the count does not wait for it.
	 */
	race<T>(work: Promise<T>, fallback: T): Promise<T> {
		const left = this.left;
		if (left === 0) {
			work.catch(() => undefined);
			return Promise.resolve(fallback);
		}
		return new Promise<T>((resolve) => {
			const timer = setTimeout(() => resolve(fallback), left);
			work.then((value) => {
				clearTimeout(timer);
				resolve(value);
			}, () => {
				clearTimeout(timer);
				resolve(fallback);
			});
		});
	}
}

/**
 * Notices a hook that has been switched off: Enter passed on at a hooked prompt must bring a request
 * (or a "skip") from the hook. If the next prompt comes first, or nothing comes in time, the line ran
 * unjudged and the terminal is reported unguarded.
 */
export class HookWatch {
	private atPrompt = false;
	private awaiting = false;
	private timer: NodeJS.Timeout | undefined;

	/**
	 * @param timeoutMs how long an Enter may go unanswered; undefined: only the next prompt tells
	 *   (zsh: Enter in its completion menu submits nothing and brings no request).
	 * @param onSilent called once per unanswered Enter.
	 */
	constructor(
		private readonly timeoutMs: number | undefined,
		private readonly onSilent: () => void,
	) {}

	/** The hook showed a prompt. */
	prompt(): void {
		if (this.awaiting) {
			this.answered();
			this.onSilent();
		}
		this.atPrompt = true;
	}

	/** Enter was passed on to the shell. */
	enter(): void {
		if (!this.atPrompt) {
			return;
		}
		this.atPrompt = false;
		this.awaiting = true;
		clearTimeout(this.timer);
		if (this.timeoutMs !== undefined) {
			this.timer = setTimeout(() => {
				if (this.awaiting) {
					this.awaiting = false;
					this.onSilent();
				}
			}, this.timeoutMs);
		}
	}

	/** A request or a skip arrived, or Ctrl-C abandoned the line. */
	answered(): void {
		this.awaiting = false;
		this.atPrompt = false;
		clearTimeout(this.timer);
	}

	dispose(): void {
		clearTimeout(this.timer);
	}
}

/**
 * Asking the injected judge about one command line, failing closed: a judge that throws, times out
 * or is cancelled (Ctrl-C) means "do not run".
 */

export interface JudgeResult {
	readonly run: boolean;
	/** Why the command was stopped; shown in the terminal as `■ Terminal Guard stopped: <message> — not run.` */
	readonly message?: string;
}

/**
 * Decides whether `line` may run in `cwd`. The signal aborts when the answer is no longer wanted
 * (Ctrl-C in the terminal, timeout, terminal closed): close any prompt that is still open. Its
 * `reason` is one of ABORT_REASONS.
 */
export type Judge = (line: string, cwd: string, signal: AbortSignal) => Promise<JudgeResult>;

export const DEFAULT_JUDGE_TIMEOUT_MS = 5 * 60 * 1000;

/** Why a judge's signal aborted: no answer in time, withdrawn (Ctrl-C, closed terminal), or answered. */
export const ABORT_REASONS = { timedOut: 'timed-out', cancelled: 'cancelled', answered: 'answered' } as const;

/** One question to the judge; `result` always settles, and never rejects. */
export class Judgement {
	readonly result: Promise<JudgeResult>;
	private readonly controller = new AbortController();
	private settle!: (result: JudgeResult) => void;
	private timer: NodeJS.Timeout | undefined;
	private done = false;

	constructor(judge: Judge, line: string, cwd: string, timeoutMs: number) {
		this.result = new Promise<JudgeResult>((resolve) => {
			this.settle = resolve;
		});
		this.timer = setTimeout(() => this.finish({ run: false, message: `no answer within ${describeDuration(timeoutMs)}` }, ABORT_REASONS.timedOut), timeoutMs);
		let asked: Promise<JudgeResult>;
		try {
			asked = judge(line, cwd, this.controller.signal);
		} catch (error) {
			asked = Promise.reject(error);
		}
		asked.then(
			(result) => this.finish(result && typeof result.run === 'boolean' ? result : { run: false, message: 'the check gave no answer' }),
			(error: unknown) => this.finish({ run: false, message: `the check failed (${error instanceof Error ? error.message : String(error)})` }),
		);
	}

	/** Settles as "do not run" (if not settled yet) and aborts the judge's signal. */
	cancel(message: string): void {
		this.finish({ run: false, message }, ABORT_REASONS.cancelled);
	}

	get settled(): boolean {
		return this.done;
	}

	private finish(result: JudgeResult, reason: string = ABORT_REASONS.answered): void {
		if (this.done) {
			return;
		}
		this.done = true;
		clearTimeout(this.timer);
		this.timer = undefined;
		this.settle(result);
		this.controller.abort(reason);
	}
}

/** 300000 → "5 minutes", 1500 → "1.5 seconds". */
export function describeDuration(ms: number): string {
	if (ms >= 60_000 && ms % 60_000 === 0) {
		const minutes = ms / 60_000;
		return `${minutes} minute${minutes === 1 ? '' : 's'}`;
	}
	const seconds = ms / 1000;
	return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** The one line printed in the terminal when a command is stopped. */
export function stoppedMessage(reason: string | undefined): string {
	const text = (reason ?? '').trim() || 'it was not confirmed';
	return `■ Terminal Guard stopped: ${text} — not run.`;
}

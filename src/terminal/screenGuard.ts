/**
 * The fallback guard, for shells without a hook: at Enter, read the submitted line off a model of the
 * screen, judge it, and only then pass Enter on; on a refusal show why and send Ctrl-C instead, which
 * drops the typed line (and any pending continuation lines) in every line editor and in a
 * canonical-mode tty. Weaker than a hook: it sees what is drawn, not what the shell will run.
 */
import { Judgement, stoppedMessage, type Judge, type JudgeResult } from './judging';
import { ScreenModel } from './screenModel';
import { TypedLine } from './typedLine';

/** Output quiet time after which the echo of a typed line is taken to have landed. */
const ECHO_QUIET_MS = 30;
const ECHO_MAX_MS = 1000;

export interface ScreenGuardHost {
	/** Writes to the shell. */
	forward(data: string): void;
	/** Shows text in the terminal (and feeds it to the screen model). */
	show(text: string): void;
	/** The shell's current working directory. */
	cwd(fallback: string | undefined): string;
	decided(line: string, cwd: string, result: JudgeResult): void;
	log(level: 'warn' | 'error', message: string): void;
}

export class ScreenGuard {
	readonly screen: ScreenModel;
	private current: { cancelled?: string; judgement?: Judgement } | undefined;
	private readonly typed = new TypedLine();

	constructor(
		cols: number,
		rows: number,
		private readonly judge: Judge,
		private readonly judgeTimeoutMs: number,
		private readonly host: ScreenGuardHost,
	) {
		this.screen = new ScreenModel(cols, rows);
	}

	/** Keys passed on to the shell since the last Enter. */
	keys(data: string): void {
		this.typed.add(data);
	}

	/** Enter went to a full-screen program: what was typed was not a command line. */
	enterPassed(): void {
		this.typed.take();
	}

	/** A check is running: input must be held. */
	get busy(): boolean {
		return this.current !== undefined;
	}

	/** Refuses the line being checked (Ctrl-C, terminal closed). */
	cancel(reason: string): void {
		if (this.current) {
			this.current.cancelled ??= reason;
			this.current.judgement?.cancel(reason);
		}
	}

	/**
	 * Enter was held at a line: judge the line, then pass `unit` on (Enter, or for an Enter inside a
	 * paste: Enter and the rest of the paste) or drop the line. Resolves to whether it was passed on.
	 */
	async check(unit: string, paste = false): Promise<boolean> {
		const check: { cancelled?: string; judgement?: Judgement } = {};
		this.current = check;
		try {
			if (paste) {
				// The whole paste is judged as one text; line editors draw it only once it has ended.
				this.typed.addPasted(unit);
			}
			// A line that shows nothing but had keys (escapes, edits) is judged too: the shell saw them.
			const sawKeys = this.typed.sawKeys;
			const typed = this.typed.take();
			await this.screen.settled(ECHO_QUIET_MS, ECHO_MAX_MS, () => paste || this.screen.cursorText().includes(typed));
			const line = combine(this.screen.currentLine(), typed);
			const cwd = this.host.cwd(this.screen.cwd);
			let result: JudgeResult = { run: true };
			if (check.cancelled) {
				result = { run: false, message: check.cancelled };
			} else if (line.length > 0 || sawKeys) {
				check.judgement = new Judgement(this.judge, line, cwd, this.judgeTimeoutMs);
				result = await check.judgement.result;
				this.host.decided(line, cwd, result);
			}
			if (result.run) {
				this.host.forward(unit);
				return true;
			}
			this.host.show(`\r\n${stoppedMessage(result.message)}\r\n`);
			this.host.forward('\x03');
			await this.screen.settled(ECHO_QUIET_MS, ECHO_MAX_MS);
			return false;
		} catch (error) {
			this.host.log('error', `[terminal] screen check failed, the line was dropped: ${String(error)}`);
			this.host.forward('\x03');
			return false;
		} finally {
			this.current = undefined;
		}
	}

	dispose(): void {
		this.cancel('the terminal was closed');
		this.screen.dispose();
	}
}

/**
 * The line to judge: what the screen shows, plus what was typed if the screen does not show it
 * (typed before the prompt was drawn, or pasted and not drawn yet); whichever holds the other alone.
 * `combine('ls', 'ls')` → 'ls'; `combine('', 'rm x')` → 'rm x'; `combine('b', 'a\nb')` → 'a\nb'.
 */
export function combine(screen: string, typed: string): string {
	if (typed.length === 0 || screen.includes(typed)) {
		return screen;
	}
	return screen.length === 0 || typed.includes(screen) ? typed : `${screen}\n${typed}`;
}

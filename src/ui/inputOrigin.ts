/**
 * Who submitted a line in a guarded terminal: the person at the keyboard, or automation
 * (`terminal.sendText` from another extension, a task, an agent). No vscode import.
 *
 * The heuristic, and its limits (docs/terminal.md): VS Code hands a Pseudoterminal each keystroke
 * as its own `handleInput` chunk, and a paste as one chunk wrapped in bracketed-paste markers when
 * the shell asked for them. `sendText` delivers its whole text, Enter included, as one chunk with no
 * markers. So a chunk that carries an Enter together with other text, outside a bracketed paste,
 * came from automation; a lone Enter, or a bracketed paste, came from the person. It can be fooled:
 * automation that sends the text and the Enter separately looks like a person, and so does one that
 * wraps its text in paste markers; a person's paste into a shell without bracketed paste looks like
 * automation.
 */

export type Origin = 'person-in-terminal' | 'automation-in-terminal';

const PASTE_START = '\x1b[200~';

/** The origin of a chunk that submits a line, or undefined when `chunk` holds no Enter. */
export function originOf(chunk: string): Origin | undefined {
	if (!/[\r\n]/.test(chunk)) {
		return undefined;
	}
	if (chunk.includes(PASTE_START)) {
		return 'person-in-terminal';
	}
	// eslint-disable-next-line no-control-regex
	const text = chunk.replace(/[\r\n]/g, '').replace(/\x1b\[[0-9;]*[A-Za-z~]|\x1bO[A-Za-z]/g, '');
	return text.length === 0 ? 'person-in-terminal' : 'automation-in-terminal';
}

/** How many Enters a chunk submits: `\r\n` counts once. */
function enters(chunk: string): number {
	return chunk.replace(/\r\n/g, '\r').replace(/[^\r\n]/g, '').length;
}

/**
 * The origins of submitted lines, oldest first. Each Enter in the input queues its chunk's origin;
 * each line the shell then judges (`take`) or skips as blank (`skip`) uses up the oldest one, so a
 * line typed by the person keeps its origin even when automation sends more before it is judged.
 */
export class InputOrigin {
	private readonly queue: Origin[] = [];
	private last: Origin = 'person-in-terminal';

	note(chunk: string): void {
		const origin = originOf(chunk);
		if (origin) {
			for (let i = enters(chunk); i > 0; i--) {
				this.queue.push(origin);
			}
			// A shell that never reports skips (the screen-reading fallback) must not grow this forever.
			this.queue.splice(0, Math.max(0, this.queue.length - 64));
		}
	}

	/** The origin of the line being judged now. */
	take(): Origin {
		this.last = this.queue.shift() ?? this.last;
		return this.last;
	}

	/** A submitted line that will not be judged. */
	skip(): void {
		this.queue.shift();
	}
}

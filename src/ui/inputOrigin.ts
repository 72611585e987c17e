/**
 * Who submitted a line in a guarded terminal: the person at the keyboard, or automation
 * (`terminal.sendText` from another extension, a task, an agent). No vscode import.
 *
 * The heuristic, and its limits (docs/terminal.md): VS Code hands a Pseudoterminal each keystroke
 * as its own `handleInput` chunk, and a paste as one chunk wrapped in bracketed-paste markers when
 * the shell asked for them. `sendText` delivers its whole text, Enter included, as one chunk with no
 * markers. So a chunk that carries an Enter together with other text, outside a bracketed paste,
 * came from automation, and a judged line found in such a chunk is automation's; every other line
 * is the person's. It can be fooled: automation that sends the text and the Enter separately looks
 * like a person, and so does one that wraps its text in paste markers; a person's paste into a shell
 * without bracketed paste looks like automation.
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

/** The text a chunk carries, with Enters as newlines and without control sequences. */
function plain(chunk: string): string {
	// eslint-disable-next-line no-control-regex
	return chunk.replace(/\r\n?/g, '\n').replace(/\x1b\[[0-9;]*[A-Za-z~]|\x1bO[A-Za-z]/g, '');
}

/**
 * Which judged line came from automation. Automation's chunks carry their text, so a judged line is
 * automation's when a recent automation chunk holds it (each chunk line is matched once); any other
 * line was typed, recalled or pasted by the person. Matching on the text keeps this right whatever
 * order the shell judges lines in and however many Enters submit nothing (blank, continuation).
 */
export class InputOrigin {
	/** Lines of recent automation chunks not yet matched to a judged line, oldest first. */
	private readonly pending: string[] = [];

	note(chunk: string): void {
		if (originOf(chunk) === 'automation-in-terminal') {
			const lines = plain(chunk).split('\n');
			lines.pop(); // the text after the last Enter was not submitted
			this.pending.push(...lines);
			// Lines that never reached the judge (continuations, a shell that died) must not pile up.
			this.pending.splice(0, Math.max(0, this.pending.length - 64));
		}
	}

	/** The origin of `line`, which the shell is about to run. */
	take(line: string): Origin {
		const first = line.split('\n')[0];
		const at = this.pending.findIndex((sent) => sent.trim() === first.trim());
		if (at < 0) {
			return 'person-in-terminal';
		}
		// A multi-line command sent at once is judged once: consume all of its lines.
		this.pending.splice(at, line.split('\n').length);
		return 'automation-in-terminal';
	}
}

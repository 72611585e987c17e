/**
 * Reads the person's keystrokes for the Enters (CR or LF) that can submit a line. Every one of them
 * is reported: the fallback judges each Enter that reaches the shell. What a bracketed paste
 * (`ESC [200~` … `ESC [201~`) changes is only how much goes with it: an Enter inside a paste is
 * judged together with the rest of the paste, as one unit, because a line editor that honours the
 * markers inserts those Enters and runs the whole paste at the next Enter.
 *
 * A paste start counts only while the shell's output has bracketed paste on (line editors turn it on
 * when they read a line, and off when they are done with it), and a paste ends at its end marker or
 * when the line editor is done with the line (a prompt, bracketed paste off), so a paste that never
 * closes cannot reach into later lines. Otherwise `ESC [200~` is just bytes, and each Enter is its
 * own unit. Markers may be split across chunks.
 */

/** `ESC [200~` starts a paste and `ESC [201~` ends it: both share this prefix. */
const MARKER_PREFIX = '\x1b[20';

/** What the output says about the line editor. */
export interface PasteGate {
	/** Bracketed paste is on now. */
	readonly bracketedPaste: boolean;
	/** Changes whenever the line editor is done with a line. */
	readonly lineEpoch: number;
}

export interface FoundEnter {
	/** Index of the Enter in the data passed. */
	readonly index: number;
	/** The Enter is inside a bracketed paste: the paste is one unit (see `pasteRest`). */
	readonly inPaste: boolean;
}

export class InputScanner {
	/** The open paste, by the line (epoch) it was opened in. */
	private paste: { epoch: number } | undefined;
	/** How many characters of a marker the input has matched so far (markers may be split). */
	private matched = 0;
	private marker: 'start' | 'end' = 'start';

	constructor(private readonly gate: PasteGate) {}

	/** A paste is open, as far as the keys and the output tell. */
	get inPaste(): boolean {
		if (this.paste && this.paste.epoch !== this.gate.lineEpoch) {
			this.paste = undefined;
		}
		return this.paste !== undefined;
	}

	/**
	 * The first Enter in `data`, or undefined. The state is updated for the part of `data` before
	 * the Enter (or all of it); the caller passes the Enter and the rest again later.
	 * `findEnter('ls\r')` → { index: 2, inPaste: false }; with bracketed paste on,
	 * `findEnter('\x1b[200~a\rb\x1b[201~')` → { index: 7, inPaste: true }. `alsoSubmits`: other keys
	 * that submit a line for the reader in front (readline's Ctrl-O at a database prompt).
	 */
	findEnter(data: string, alsoSubmits = ''): FoundEnter | undefined {
		for (let i = 0; i < data.length; i++) {
			const c = data.charCodeAt(i);
			if (c === 13 || c === 10 || (alsoSubmits.length > 0 && alsoSubmits.includes(data[i]))) {
				return { index: i, inPaste: this.inPaste };
			}
			this.step(data[i]);
		}
		return undefined;
	}

	/**
	 * How much of `rest` (what follows an Enter inside a paste) still belongs to the paste: up to and
	 * including its end marker, or all of it. Consumes it.
	 */
	pasteRest(rest: string): number {
		for (let i = 0; i < rest.length; i++) {
			this.step(rest[i]);
			if (!this.inPaste) {
				return i + 1;
			}
		}
		return rest.length;
	}

	/** Passes an Enter (or any key) the caller handled: it breaks a marker in progress. */
	skip(key: string): void {
		for (const c of key) {
			this.step(c);
		}
	}

	/** Forgets the open paste (it was refused and dropped). */
	dropPaste(): void {
		this.paste = undefined;
	}

	private step(c: string): void {
		const at = this.matched;
		if (at < MARKER_PREFIX.length && c === MARKER_PREFIX[at]) {
			this.matched++;
		} else if (at === MARKER_PREFIX.length && (c === '0' || c === '1')) {
			this.marker = c === '0' ? 'start' : 'end';
			this.matched++;
		} else if (at === MARKER_PREFIX.length + 1 && c === '~') {
			this.matched = 0;
			if (this.marker === 'end') {
				this.paste = undefined;
			} else if (!this.inPaste && this.gate.bracketedPaste) {
				this.paste = { epoch: this.gate.lineEpoch };
			}
		} else {
			this.matched = c === '\x1b' ? 1 : 0;
		}
	}
}

/**
 * The terminal modes the fallback needs at the exact byte where a key arrives, read from the shell's
 * output: bracketed paste (DECSET 2004), the alternate screen (DECSET 1049, 1047, 47), and prompts
 * (OSC 633 A / OSC 133 A). A state machine over the stream, so a sequence may be split anywhere.
 *
 * Why not the headless xterm's own modes: it parses asynchronously (its write buffer drains on a
 * timer), so at the moment a key arrives its modes can lag behind output already received.
 *
 * Every sequence here can be printed by any program, so each is only trusted in the direction that
 * makes the fallback judge more: a prompt or `?2004l` ends a paste, `?1049l` or a prompt gives Enter
 * back to judging; `?2004h` and `?1049h` alone never let an Enter reach the shell unjudged.
 */

const ESC = 0x1b;
const CSI_C1 = 0x9b;
const OSC_C1 = 0x9d;
const ST_C1 = 0x9c;
const BEL = 0x07;
const CAN = 0x18;
const SUB = 0x1a;
/** Longer parameter strings are not mode switches we care about (xterm caps parameters too). */
const MAX_CSI = 64;
/** Enough of an OSC to recognise `633;A`. */
const MAX_OSC = 16;

const enum State {
	Ground,
	Escape,
	Csi,
	/** A CSI that cannot switch a mode we track (colours, cursor moves): skipped to its final byte. */
	CsiSkip,
	Osc,
}

export class TerminalModes {
	private bracketedPasteOn = false;
	private altScreenOn = false;
	private promptSinceAltScreen = false;
	private epoch = 0;
	private state = State.Ground;
	private seq = '';

	/** The shell's output turned bracketed paste on (`ESC[?2004h`) and has not turned it off since. */
	get bracketedPaste(): boolean {
		return this.bracketedPasteOn;
	}

	/** A full-screen program's screen is up, and no prompt has been drawn since it went up. */
	get altScreen(): boolean {
		return this.altScreenOn && !this.promptSinceAltScreen;
	}

	/**
	 * Goes up whenever the line editor is done with a line, as far as the output tells: a prompt is
	 * drawn, bracketed paste is turned off, the terminal is reset.
	 */
	get lineEpoch(): number {
		return this.epoch;
	}

	/** Output as it is shown. `feed('\x1b[?20'); feed('04h')` → bracketedPaste. */
	feed(text: string): void {
		// 8-bit introducers are rare: without them, text between sequences is skipped with indexOf.
		const c1 = text.includes('\x9b') || text.includes('\x9d');
		let i = 0;
		while (i < text.length) {
			if (this.state === State.Ground) {
				i = c1 ? nextIntroducer(text, i) : text.indexOf('\x1b', i);
				if (i < 0) {
					return;
				}
				const c = text.charCodeAt(i);
				this.seq = '';
				this.state = c === ESC ? State.Escape : c === CSI_C1 ? State.Csi : State.Osc;
				i++;
				continue;
			}
			const c = text.charCodeAt(i++);
			if (c === CAN || c === SUB) {
				this.state = State.Ground;
			} else if (this.state === State.Escape) {
				this.escape(c);
			} else if (this.state === State.CsiSkip) {
				if (c === ESC) {
					this.state = State.Escape;
				} else if (c >= 0x40) {
					this.state = State.Ground;
				}
			} else if (this.state === State.Csi) {
				this.csi(c);
			} else {
				this.osc(c);
			}
		}
	}

	private escape(c: number): void {
		this.seq = '';
		if (c === 0x5b) {
			this.state = State.Csi;
		} else if (c === 0x5d) {
			this.state = State.Osc;
		} else if (c !== ESC) {
			if (c === 0x63) {
				// RIS: the terminal is reset.
				this.reset();
			}
			this.state = State.Ground;
		}
	}

	private csi(c: number): void {
		if (c === ESC) {
			this.state = State.Escape;
		} else if (this.seq.length === 0 && c !== 0x3f && c !== 0x21 && c >= 0x20 && c <= 0x3f) {
			// Only `CSI ? …` (DEC modes) and `CSI ! p` (soft reset) matter.
			this.state = State.CsiSkip;
		} else if (c >= 0x20 && c <= 0x3f) {
			this.seq += this.seq.length < MAX_CSI ? String.fromCharCode(c) : '';
		} else if (c >= 0x40 && c <= 0x7e) {
			this.state = State.Ground;
			this.csiDispatch(this.seq, String.fromCharCode(c));
		} else if (c >= 0x80) {
			this.state = State.Ground;
		}
		// Other C0 controls inside a CSI are executed by the terminal and do not end it.
	}

	private csiDispatch(params: string, final: string): void {
		if (final === 'p' && params === '!') {
			// DECSTR, a soft reset, turns bracketed paste off.
			this.setBracketedPaste(false);
			return;
		}
		if ((final !== 'h' && final !== 'l') || !params.startsWith('?') || params.length >= MAX_CSI || /[^0-9;]/.test(params.slice(1))) {
			return;
		}
		const on = final === 'h';
		for (const param of params.slice(1).split(';')) {
			const mode = Number(param);
			if (mode === 2004) {
				this.setBracketedPaste(on);
			} else if (mode === 1049 || mode === 1047 || mode === 47) {
				this.altScreenOn = on;
				this.promptSinceAltScreen = false;
			}
		}
	}

	private osc(c: number): void {
		if (c === BEL || c === ST_C1 || c === ESC) {
			// ESC ends an OSC in xterm's parser too (it is the start of ST, or of whatever follows).
			this.state = c === ESC ? State.Escape : State.Ground;
			if (this.seq === '633;A' || this.seq === '133;A' || this.seq.startsWith('133;A;')) {
				this.prompt();
			}
			this.seq = '';
		} else if (this.seq.length < MAX_OSC) {
			this.seq += String.fromCharCode(c);
		}
	}

	private setBracketedPaste(on: boolean): void {
		if (!on) {
			this.epoch++;
		}
		this.bracketedPasteOn = on;
	}

	private prompt(): void {
		this.epoch++;
		this.promptSinceAltScreen = true;
	}

	private reset(): void {
		this.setBracketedPaste(false);
		this.altScreenOn = false;
	}
}

/** Index of the next ESC, 8-bit CSI or 8-bit OSC at or after `from`, or -1. */
function nextIntroducer(text: string, from: number): number {
	for (let i = from; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === ESC || c === CSI_C1 || c === OSC_C1) {
			return i;
		}
	}
	return -1;
}

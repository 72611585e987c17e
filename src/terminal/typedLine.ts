/**
 * The fallback's cross-check on the screen: what was typed since the last Enter, as a canonical-mode
 * tty (dash, sh) would edit it. Keys typed before the shell drew its prompt are echoed before the
 * prompt, so the screen alone can miss them; anything typed is therefore judged too.
 */
// eslint-disable-next-line no-control-regex
const ESCAPE = /^\x1b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?/;

export class TypedLine {
	private text = '';
	private keysValue = false;

	/** Keys other than spaces came since the line began, even if they left no text (escapes, edits). */
	get sawKeys(): boolean {
		return this.keysValue;
	}

	/** Keys passed on to the shell (an Enter among them only inside a paste). */
	add(keys: string): void {
		for (let i = 0; i < keys.length; i++) {
			const c = keys[i];
			const code = keys.charCodeAt(i);
			if (c === '\x15' || c === '\x03') {
				this.keysValue = false;
			} else if (c !== ' ') {
				this.keysValue = true;
			}
			if (c === '\x7f' || c === '\b') {
				this.text = [...this.text].slice(0, -1).join('');
			} else if (c === '\x15' || c === '\x03') {
				this.text = '';
			} else if (c === '\x17') {
				this.text = this.text.replace(/\S+\s*$/, '');
			} else if (c === '\r' || c === '\n') {
				// Only inside a paste, where the line editor inserts it.
				this.text += '\n';
			} else if (c === '\x1b') {
				// An escape sequence (cursor keys, paste brackets): skipped; the screen tells the rest.
				i += (ESCAPE.exec(keys.slice(i, i + 32))?.[0].length ?? 1) - 1;
			} else if (code >= 0x20) {
				this.text += c;
			}
		}
	}

	/**
	 * A bracketed paste: taken as text, its control characters included. A line editor inserts a
	 * paste literally (a pasted Ctrl-U erases nothing), so nothing in it may erase what was typed before.
	 */
	addPasted(keys: string): void {
		for (let i = 0; i < keys.length; i++) {
			const c = keys[i];
			if (c !== ' ') {
				this.keysValue = true;
			}
			if (c === '\r' || c === '\n') {
				this.text += '\n';
			} else if (c === '\x1b') {
				// The paste's end marker (and any escape sequence): not text.
				i += (ESCAPE.exec(keys.slice(i, i + 32))?.[0].length ?? 1) - 1;
			} else if (keys.charCodeAt(i) >= 0x20) {
				this.text += c;
			}
		}
	}

	/** The typed line, and a fresh start for the next one. */
	take(): string {
		const text = this.text.trim();
		this.text = '';
		this.keysValue = false;
		return text;
	}
}

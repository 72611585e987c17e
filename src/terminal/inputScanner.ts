/**
 * Reads the person's keystrokes the way the shell's line editor will: an Enter (CR or LF) submits a
 * line, except inside a bracketed paste (`ESC [200~` … `ESC [201~`), where line editors insert it.
 */

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

export class InputScanner {
	private inPaste = false;

	/**
	 * Index of the first submitting Enter in `data`, or -1. Paste state is updated for the part of
	 * `data` before the returned index (or all of it); the caller passes the rest in a later call.
	 * `findEnter('ls\r')` → 2; `findEnter('\x1b[200~a\rb\x1b[201~')` → -1.
	 */
	findEnter(data: string): number {
		let i = 0;
		while (i < data.length) {
			if (this.inPaste) {
				const end = data.indexOf(PASTE_END, i);
				if (end < 0) {
					return -1;
				}
				this.inPaste = false;
				i = end + PASTE_END.length;
				continue;
			}
			const start = data.indexOf(PASTE_START, i);
			const stop = start < 0 ? data.length : start;
			for (let j = i; j < stop; j++) {
				const c = data.charCodeAt(j);
				if (c === 13 || c === 10) {
					return j;
				}
			}
			if (start < 0) {
				return -1;
			}
			this.inPaste = true;
			i = start + PASTE_START.length;
		}
		return -1;
	}
}

/**
 * The fallback's view of the terminal: a headless xterm fed with the same output the person sees,
 * so that at Enter the line being submitted can be read off the screen. Weaker than a hook: it sees
 * what is drawn, not what the shell will run (see docs/terminal.md).
 */
import type { IMarker, Terminal as HeadlessTerminal } from '@xterm/headless';

const { Terminal } = require('@xterm/headless') as typeof import('@xterm/headless');

/** Prompt characters that end common prompts, for screens without prompt marks. */
const PROMPT_END = /^.*?[$#%>❯»]\s+/u;

export class ScreenModel {
	private readonly term: HeadlessTerminal;
	/** Where the last prompt ended (OSC 633 B, or G for a continuation prompt). */
	private promptEnd: { marker: IMarker; col: number } | undefined;
	private lastDataAt = 0;
	private cwdValue: string | undefined;

	constructor(cols: number, rows: number) {
		this.term = new Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true });
		this.term.parser.registerOscHandler(633, (data) => {
			if (data === 'B' || data === 'G') {
				this.promptEnd?.marker.dispose();
				const marker = this.term.registerMarker(0);
				this.promptEnd = marker ? { marker, col: this.term.buffer.active.cursorX } : undefined;
			} else if (data.startsWith('P;Cwd=')) {
				this.cwdValue = data.slice('P;Cwd='.length).replace(/\\(\\|x([0-9a-fA-F]{2}))/g, (_m, w: string, hex?: string) => (hex ? String.fromCharCode(parseInt(hex, 16)) : '\\'));
			}
			return true;
		});
	}

	write(data: string): void {
		this.lastDataAt = Date.now();
		this.term.write(data);
	}

	resize(cols: number, rows: number): void {
		this.term.resize(cols, rows);
	}

	/** The working directory last reported with OSC 633 P;Cwd=…, if any. */
	get cwd(): string | undefined {
		return this.cwdValue;
	}

	/**
	 * Resolves once everything written has been parsed and no output has arrived for `quietMs`
	 * (the echo of the typed line has landed), or after `maxMs`; `ready()` may end the wait early
	 * once it returns true after a quiet period.
	 */
	async settled(quietMs: number, maxMs: number, ready: () => boolean = () => true): Promise<void> {
		const deadline = Date.now() + maxMs;
		for (;;) {
			await new Promise<void>((resolve) => this.term.write('', resolve));
			const quietFor = Date.now() - this.lastDataAt;
			if ((quietFor >= quietMs && ready()) || Date.now() >= deadline) {
				return;
			}
			await new Promise((resolve) => setTimeout(resolve, Math.max(5, Math.min(quietMs - quietFor, deadline - Date.now()))));
		}
	}

	/**
	 * The logical line (wrapped rows joined) holding the cursor, from the end of the prompt when a
	 * prompt mark is on it, otherwise after the first prompt-like character (`$ `, `# `, `> `…).
	 */
	currentLine(): string {
		const { start, end } = this.cursorRows();
		const mark = this.promptEnd && !this.promptEnd.marker.isDisposed && this.promptEnd.marker.line >= start && this.promptEnd.marker.line <= end ? this.promptEnd : undefined;
		const text = this.rowsText(mark ? mark.marker.line : start, end, mark?.col ?? 0);
		return mark ? text.trim() : text.replace(PROMPT_END, '').trim();
	}

	/** The whole logical line holding the cursor, prompt included. */
	cursorText(): string {
		const { start, end } = this.cursorRows();
		return this.rowsText(start, end, 0);
	}

	private cursorRows(): { start: number; end: number } {
		const buffer = this.term.buffer.active;
		const cursorRow = buffer.baseY + buffer.cursorY;
		let start = cursorRow;
		while (start > 0 && buffer.getLine(start)?.isWrapped) {
			start--;
		}
		let end = cursorRow;
		while (buffer.getLine(end + 1)?.isWrapped) {
			end++;
		}
		return { start, end };
	}

	private rowsText(from: number, end: number, fromCol: number): string {
		const buffer = this.term.buffer.active;
		let text = '';
		for (let row = from; row <= end; row++) {
			text += buffer.getLine(row)?.translateToString(row === end, row === from ? fromCol : 0) ?? '';
		}
		return text;
	}

	dispose(): void {
		this.promptEnd?.marker.dispose();
		this.term.dispose();
	}
}

/**
 * The fallback's view of the terminal: a headless xterm fed with the same output the person sees,
 * so that at Enter the line being submitted can be read off the screen. Weaker than a hook: it sees
 * what is drawn, not what the shell will run (see docs/terminal.md).
 */
import type { IMarker, Terminal as HeadlessTerminal } from '@xterm/headless';

const { Terminal } = require('@xterm/headless') as typeof import('@xterm/headless');

/** A place on the screen (see `markCursor`); its marker follows the text as the screen scrolls. */
export interface CursorMark {
	readonly marker?: IMarker;
	readonly col: number;
}

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

	/**
	 * Marks where the cursor will be once everything written so far is parsed. Called just before the
	 * first key of a line is passed on, it marks the end of a prompt that has no prompt mark (a
	 * database client's `sqlite> `), wherever the line editor later redraws the line from.
	 */
	markCursor(): CursorMark {
		const mark: { marker?: IMarker; col: number } = { col: 0 };
		this.term.write('', () => {
			mark.marker = this.term.registerMarker(0);
			mark.col = this.term.buffer.active.cursorX;
		});
		return mark;
	}

	/**
	 * The text of the cursor's logical line after `mark`, when the mark is on that line; otherwise
	 * undefined (the screen was cleared or scrolled past it, or keys came before the prompt was drawn).
	 */
	textAfter(mark: CursorMark): string | undefined {
		const { start, end } = this.cursorRows();
		const marker = mark.marker;
		if (!marker || marker.isDisposed || marker.line < start || marker.line > end) {
			return undefined;
		}
		return this.rowsText(marker.line, end, mark.col);
	}

	/**
	 * Text drawn after the cursor, to the end of its logical line, in grey or dim: a line editor's hint
	 * (redis-cli draws `[ASYNC|SYNC]` after `FLUSHALL`; Node's REPL previews completions), which Enter does
	 * not submit. Empty when anything after the cursor is drawn otherwise (text the person typed).
	 */
	hintAfterCursor(): string {
		const buffer = this.term.buffer.active;
		const { end } = this.cursorRows();
		let text = '';
		const cell = buffer.getNullCell();
		for (let row = buffer.baseY + buffer.cursorY; row <= end; row++) {
			const line = buffer.getLine(row);
			if (!line) {
				break;
			}
			for (let col = row === buffer.baseY + buffer.cursorY ? buffer.cursorX : 0; col < line.length; col++) {
				line.getCell(col, cell);
				const chars = cell.getChars();
				if (chars.trim().length > 0 && !(cell.isDim() || (cell.isFgPalette() && cell.getFgColor() === 8))) {
					return '';
				}
				text += chars || ' ';
			}
		}
		return text.trimEnd();
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

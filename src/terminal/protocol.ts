/**
 * The private protocol between the shell hooks (media/shell/) and the proxy. No vscode import.
 *
 * Shell → proxy, in band, in the pty output: `ESC ] 6973 ; <nonce> ; <kind> [; <field>…] BEL` (or ST).
 * - `req;<id>;<cwd>;<line>` Enter was pressed: judge `line` (to run in `cwd`), answer `id`.
 * - `prompt;<cwd>`          a primary prompt is about to be shown.
 * - `skip`                  Enter was pressed but there is nothing to judge (blank or incomplete line).
 * - `nohook`                the hook could not be installed (e.g. bash < 5.1): read the screen instead.
 * Fields are escaped like VS Code's OSC 633: `\\` is a backslash, `\xHH` a `;` or a control character.
 *
 * Proxy → shell, out of band, through the per-terminal FIFO: `<id> allow` or `<id> deny <message>`.
 *
 * Every OSC 6973 sequence is removed from the output, whatever its nonce: one with a wrong nonce is
 * dropped and reported as `forged` (a program printed a look-alike); it never becomes a request.
 */
import { timingSafeEqual } from 'node:crypto';

/** Private OSC number; VS Code and xterm.js give it no meaning. */
export const OSC_NUMBER = 6973;
const INTRO = `\x1b]${OSC_NUMBER};`;
const BEL = '\x07';
const ESC = '\x1b';
/** Longest body kept (escaped text can be 4× the line); longer requests are refused. */
export const MAX_SEQUENCE = 4 * 1024 * 1024;
const HEADER_KEEP = 256;

export type ProtocolEvent =
	| { readonly type: 'request'; readonly id: string; readonly cwd: string; readonly line: string }
	| { readonly type: 'prompt'; readonly cwd: string }
	| { readonly type: 'skip' }
	| { readonly type: 'nohook' }
	/** A request longer than MAX_SEQUENCE: `id` must be answered with a deny. */
	| { readonly type: 'oversized'; readonly id: string }
	/** A sequence with a wrong nonce, or a malformed one: dropped. */
	| { readonly type: 'forged'; readonly detail: string };

/** An event and where it happened: the length of the cleaned output before it. */
export type PlacedEvent = ProtocolEvent & { readonly offset: number };

export interface ParsedChunk {
	/** The chunk without our sequences. */
	readonly output: string;
	readonly events: readonly PlacedEvent[];
}

const enum State {
	Text,
	/** Matched `introLength` characters of INTRO. */
	Intro,
	Body,
	/** ESC inside a body: `\` ends it (ST), anything else aborts it. */
	BodyEsc,
}

/**
 * Streaming parser: feed pty output chunks in order; sequences may be split anywhere.
 * `feed('a\x1b]69')` → output 'a'; then `feed('73;n;skip\x07b')` → output 'b', events [skip at 0].
 */
export class ProtocolParser {
	private state = State.Text;
	private introLength = 0;
	private body: string[] = [];
	private bodyLength = 0;
	private oversized = false;
	private readonly nonce: Buffer;

	constructor(nonce: string, private readonly maxSequence = MAX_SEQUENCE) {
		this.nonce = Buffer.from(nonce);
	}

	feed(chunk: string): ParsedChunk {
		if (this.state === State.Text && !chunk.includes(ESC)) {
			return { output: chunk, events: [] };
		}
		const out: string[] = [];
		let outLength = 0;
		const events: PlacedEvent[] = [];
		const emit = (text: string): void => {
			if (text.length > 0) {
				out.push(text);
				outLength += text.length;
			}
		};
		let i = 0;
		while (i < chunk.length) {
			switch (this.state) {
				case State.Text: {
					const esc = chunk.indexOf(ESC, i);
					if (esc < 0) {
						emit(chunk.slice(i));
						i = chunk.length;
					} else {
						emit(chunk.slice(i, esc));
						this.state = State.Intro;
						this.introLength = 1;
						i = esc + 1;
					}
					break;
				}
				case State.Intro:
					if (chunk[i] === INTRO[this.introLength]) {
						this.introLength++;
						i++;
						if (this.introLength === INTRO.length) {
							this.state = State.Body;
							this.body = [];
							this.bodyLength = 0;
							this.oversized = false;
						}
					} else {
						// Not ours: give back what was held and look at this character again as text.
						emit(INTRO.slice(0, this.introLength));
						this.state = State.Text;
					}
					break;
				case State.Body: {
					const stop = findControl(chunk, i);
					this.append(chunk.slice(i, stop));
					if (stop === chunk.length) {
						i = stop;
					} else if (chunk[stop] === BEL) {
						this.finish(events, outLength);
						i = stop + 1;
					} else if (chunk[stop] === ESC) {
						this.state = State.BodyEsc;
						i = stop + 1;
					} else {
						// Another control character aborts an OSC (as in xterm); it is output again as text.
						this.abort(events, outLength);
						i = stop;
					}
					break;
				}
				case State.BodyEsc:
					if (chunk[i] === '\\') {
						this.finish(events, outLength);
						i++;
					} else {
						this.abort(events, outLength);
						this.state = State.Intro;
						this.introLength = 1;
					}
					break;
			}
		}
		return { output: out.length === 1 ? out[0] : out.join(''), events };
	}

	/** True while the start of a possible sequence is held back (only an ESC or a prefix of the introducer). */
	hasHeldText(): boolean {
		return this.state === State.Intro;
	}

	/** Releases a held prefix as text: the chunk that would have completed it has not come. */
	flushHeldText(): string {
		if (this.state !== State.Intro) {
			return '';
		}
		this.state = State.Text;
		return INTRO.slice(0, this.introLength);
	}

	private append(text: string): void {
		if (this.oversized || text.length === 0) {
			return;
		}
		if (this.bodyLength + text.length > this.maxSequence) {
			// Keep the header so that the request can still be answered (with a deny).
			const kept = this.body.join('') + text;
			this.body = [kept.slice(0, HEADER_KEEP)];
			this.oversized = true;
			return;
		}
		this.body.push(text);
		this.bodyLength += text.length;
	}

	private abort(events: PlacedEvent[], offset: number): void {
		this.state = State.Text;
		events.push({ type: 'forged', detail: 'an unterminated Terminal Guard sequence', offset });
		this.body = [];
	}

	private finish(events: PlacedEvent[], offset: number): void {
		this.state = State.Text;
		const body = this.body.join('');
		this.body = [];
		const event = this.decode(body);
		events.push({ ...event, offset });
	}

	private decode(body: string): ProtocolEvent {
		const parts = body.split(';');
		const nonce = Buffer.from(parts[0] ?? '');
		if (nonce.length !== this.nonce.length || !timingSafeEqual(nonce, this.nonce)) {
			return { type: 'forged', detail: 'a sequence with a wrong nonce' };
		}
		const [kind, ...fields] = parts.slice(1);
		if (this.oversized) {
			return kind === 'req' && fields[0] ? { type: 'oversized', id: fields[0] } : { type: 'forged', detail: 'an oversized sequence' };
		}
		switch (kind) {
			case 'req':
				if (fields.length === 3 && /^\d+$/.test(fields[0])) {
					return { type: 'request', id: fields[0], cwd: decodeField(fields[1]), line: decodeField(fields[2]) };
				}
				break;
			case 'prompt':
				return { type: 'prompt', cwd: decodeField(fields[0] ?? '') };
			case 'skip':
				return { type: 'skip' };
			case 'nohook':
				return { type: 'nohook' };
		}
		return { type: 'forged', detail: `a malformed sequence (${String(kind).slice(0, 20)})` };
	}
}

/** Index of the first character below 0x20 at or after `from`, or `text.length`. */
function findControl(text: string, from: number): number {
	for (let i = from; i < text.length; i++) {
		if (text.charCodeAt(i) < 0x20) {
			return i;
		}
	}
	return text.length;
}

/** `a\x3bb\\c` → `a;b\c`. */
export function decodeField(field: string): string {
	return field.replace(/\\(\\|x([0-9a-fA-F]{2}))/g, (_m, what: string, hex: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : '\\'));
}

/** The inverse of decodeField, as the hooks do it: `a;b\c` → `a\x3bb\\c`. */
export function encodeField(value: string): string {
	// eslint-disable-next-line no-control-regex
	return value.replace(/\\/g, '\\\\').replace(/[;\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** One sequence as a hook prints it (used by tests and the benchmark). */
export function encodeSequence(nonce: string, kind: string, ...fields: string[]): string {
	return `${INTRO}${[nonce, kind, ...fields.map(encodeField)].join(';')}${BEL}`;
}

/** Longest message written to the shell; the FIFO line stays far below PIPE_BUF. */
const MAX_MESSAGE = 400;

/** The line the proxy writes to the FIFO. The message becomes one printable line. */
export function formatVerdict(id: string, run: boolean, message = ''): string {
	if (run) {
		return `${id} allow\n`;
	}
	// eslint-disable-next-line no-control-regex
	let text = message.replace(/[\x00-\x1f\x7f-\x9f]+/g, ' ').trim();
	if (text.length > MAX_MESSAGE) {
		text = `${text.slice(0, MAX_MESSAGE - 1)}…`;
	}
	return `${id} deny ${text}\n`;
}

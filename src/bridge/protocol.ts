/**
 * The bridge's wire format (docs/agents.md): one request per connection, newline-delimited JSON.
 *
 *   client → {"v":1,"secret":"…","kind":"confirm","line":"…","cwd":"/abs","agent":"claude-code","env":{…}}\n
 *   server → {"v":1,"outcome":"allowed","verdict":{…},"reason":"…"}\n   then closes
 *
 * Closing the connection before the answer withdraws the request. A request with `"keep":true` (the
 * Enter gate's helper, client.ts `BridgeSession`) keeps the connection open after its answer for the
 * next request, one at a time, each with the secret; a second line while one is open closes it. An
 * editor that does not know `keep` answers and closes as before, and the client connects again. A `hooked` request (with a `pid`)
 * only says that the Enter hook is loaded in that shell (src/ui/hookedShells.ts); it is answered "allowed". No vscode import here: the
 * CLI hooks bundle this file.
 *
 * A request with an `edit` asks about an agent's file-editing tool call instead of a command line:
 * `{"edit":{"tool":"Edit","changes":[{"path":"…","how":"replace","replacements":[…]}]}}`. The editor
 * judges the edit itself (src/engine/rules/self-protection-edits.ts) and shows the modal with the file
 * as the name to type; `line` is then ignored and rebuilt from the edit.
 */
import type { FileChange, FileEdit } from '../engine/rules/self-protection-edits';
import { SHELL_HINTS, type ShellHint } from '../engine/shellNames';
import type { Verdict } from '../engine/types';

export const PROTOCOL_VERSION = 1;

/** A request line may carry a 1 MB command line and its JSON escaping; anything longer is refused. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

export type RequestKind = 'check' | 'confirm' | 'hooked';

export interface BridgeRequest {
	readonly v: number;
	readonly secret: string;
	readonly kind: RequestKind;
	readonly line: string;
	readonly cwd: string;
	/** Agent id (`claude-code`, `cursor`, …) or another caller's name (`shell`). */
	readonly agent: string;
	/** The few variables of the caller's environment the engine reads (production signals, HOME). */
	readonly env?: Readonly<Record<string, string>>;
	/** `hooked` only: the process id of the shell whose hook loaded. */
	readonly pid?: number;
	/** A file-editing tool call to judge instead of `line`. */
	readonly edit?: FileEdit;
	/** The shell that runs `line` when it is not a POSIX shell: `powershell`, `cmd`, or `windows` (not named; judged as each). */
	readonly shell?: ShellHint;
	/** Keep the connection open after the answer, for the next request (see the top of this file). */
	readonly keep?: boolean;
}

const HOWS: readonly FileChange['how'][] = ['write', 'replace', 'patch', 'delete', 'move-away', 'unknown'];

function isString(value: unknown): value is string {
	return typeof value === 'string';
}

function isPairs(value: unknown, a: string, b: string): boolean {
	return Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && isString((v as Record<string, unknown>)[a]) && isString((v as Record<string, unknown>)[b]));
}

/** Checks an untrusted `edit`; returns it (only the known fields) or what is wrong with it. */
export function parseEdit(value: unknown): FileEdit | string {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return '"edit" must be an object';
	}
	const e = value as Record<string, unknown>;
	if (!isString(e.tool) || !Array.isArray(e.changes) || e.changes.length === 0) {
		return '"edit" needs a "tool" string and a non-empty "changes" list';
	}
	const changes: FileChange[] = [];
	for (const item of e.changes as unknown[]) {
		const c = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
		if (!isString(c.path) || !HOWS.includes(c.how as FileChange['how'])) {
			return 'each change of "edit" needs a "path" string and a known "how"';
		}
		if ((c.content !== undefined && !isString(c.content)) || (c.replacements !== undefined && !isPairs(c.replacements, 'old', 'new')) || (c.hunks !== undefined && !isPairs(c.hunks, 'old', 'new'))) {
			return 'a change of "edit" has a malformed "content", "replacements" or "hunks"';
		}
		const replacements = (c.replacements as Record<string, unknown>[] | undefined)?.map((r) => ({ old: r.old as string, new: r.new as string, all: r.all === true }));
		const hunks = (c.hunks as Record<string, unknown>[] | undefined)?.map((h) => ({ old: h.old as string, new: h.new as string }));
		changes.push({ path: c.path, how: c.how as FileChange['how'], ...(isString(c.content) ? { content: c.content } : {}), ...(replacements ? { replacements } : {}), ...(hunks ? { hunks } : {}) });
	}
	return { tool: e.tool, changes };
}

export type Outcome = 'allowed' | 'refused' | 'timed-out' | 'unreachable' | 'error';

export interface BridgeResponse {
	readonly v: number;
	readonly outcome: Outcome;
	readonly verdict?: Verdict;
	readonly reason?: string;
	/** The safer line the person chose for the agent to run instead (the editor derived and judged it). */
	readonly safer?: string;
}

/** Checks an untrusted request line; returns the request or what is wrong with it, in plain words. */
export function parseRequest(text: string): BridgeRequest | string {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return 'the request is not JSON';
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return 'the request is not a JSON object';
	}
	const r = value as Record<string, unknown>;
	if (r.v !== PROTOCOL_VERSION) {
		return `unsupported protocol version ${JSON.stringify(r.v)} (this editor speaks ${PROTOCOL_VERSION})`;
	}
	if (typeof r.secret !== 'string') {
		return 'the request has no secret';
	}
	if (r.kind !== 'check' && r.kind !== 'confirm' && r.kind !== 'hooked') {
		return `unknown request kind ${JSON.stringify(r.kind)}`;
	}
	if (r.kind === 'hooked' && !(typeof r.pid === 'number' && Number.isSafeInteger(r.pid) && r.pid > 0)) {
		return 'a "hooked" request needs a positive integer "pid"';
	}
	for (const field of ['line', 'cwd', 'agent'] as const) {
		if (typeof r[field] !== 'string') {
			return `the request has no "${field}" string`;
		}
	}
	const env: Record<string, string> = {};
	if (r.env !== undefined) {
		if (typeof r.env !== 'object' || r.env === null || Array.isArray(r.env)) {
			return '"env" must be an object of strings';
		}
		for (const [name, val] of Object.entries(r.env)) {
			if (typeof val === 'string') {
				env[name] = val;
			}
		}
	}
	if (r.shell !== undefined && !SHELL_HINTS.includes(r.shell as ShellHint)) {
		return `unknown shell ${JSON.stringify(r.shell)}`;
	}
	let edit: FileEdit | undefined;
	if (r.edit !== undefined) {
		const parsed = parseEdit(r.edit);
		if (typeof parsed === 'string') {
			return parsed;
		}
		edit = parsed;
	}
	return { v: PROTOCOL_VERSION, secret: r.secret, kind: r.kind, line: r.line as string, cwd: r.cwd as string, agent: r.agent as string, env, ...(r.kind === 'hooked' ? { pid: r.pid as number } : {}), ...(edit ? { edit } : {}), ...(r.shell !== undefined ? { shell: r.shell as ShellHint } : {}), ...(r.keep === true ? { keep: true } : {}) };
}

/** Checks an untrusted response line; anything unexpected becomes an `error` outcome. */
export function parseResponse(text: string): BridgeResponse {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return { v: PROTOCOL_VERSION, outcome: 'error', reason: 'the editor answered something that is not JSON' };
	}
	if (typeof value !== 'object' || value === null) {
		return { v: PROTOCOL_VERSION, outcome: 'error', reason: 'the editor answered something that is not a JSON object' };
	}
	const r = value as Record<string, unknown>;
	const outcomes: readonly Outcome[] = ['allowed', 'refused', 'timed-out', 'unreachable', 'error'];
	if (!outcomes.includes(r.outcome as Outcome)) {
		return { v: PROTOCOL_VERSION, outcome: 'error', reason: `the editor answered an unknown outcome ${JSON.stringify(r.outcome)}` };
	}
	const verdict = isVerdict(r.verdict) ? r.verdict : undefined;
	return { v: PROTOCOL_VERSION, outcome: r.outcome as Outcome, verdict, reason: typeof r.reason === 'string' ? r.reason : undefined, ...(r.outcome === 'refused' && typeof r.safer === 'string' ? { safer: r.safer } : {}) };
}

function isVerdict(value: unknown): value is Verdict {
	if (typeof value !== 'object' || value === null) {
		return false;
	}
	const v = value as Record<string, unknown>;
	return (v.decision === 'allow' || v.decision === 'confirm' || v.decision === 'deny') && typeof v.reason === 'string' && Array.isArray(v.targets);
}

/**
 * The UTF-8 text of `buffer[start, end)`, as `toString('utf8', start, end)` gives it: through Buffer's
 * own `utf8Slice`, which `toString` ends in, without its encoding lookup (~0.1–0.2 ms the first time
 * in a process: a hook, which decodes its input and one answer, is such a process).
 */
export function utf8Text(buffer: Buffer, start = 0, end = buffer.length): string {
	const slice = (buffer as Buffer & { utf8Slice?: (start: number, end: number) => string }).utf8Slice;
	return typeof slice === 'function' ? slice.call(buffer, start, end) : buffer.toString('utf8', start, end);
}

/**
 * Splits a byte stream into lines; calls `onLine` for each complete one and `onOverflow` once when
 * a line grows past `max` bytes (the caller should then drop the connection).
 */
export class LineSplitter {
	private chunks: Buffer[] = [];
	private size = 0;
	private overflowed = false;

	constructor(
		private readonly onLine: (line: string) => void,
		private readonly onOverflow: () => void,
		private readonly max = MAX_LINE_BYTES,
	) {}

	push(chunk: Buffer): void {
		if (this.overflowed) {
			return;
		}
		let start = 0;
		for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
			// Most lines arrive whole in one chunk: decoded in place, without copying them first.
			const line = this.chunks.length === 0 ? utf8Text(chunk, start, nl) : utf8Text(Buffer.concat([...this.chunks, chunk.subarray(start, nl)]));
			this.chunks = [];
			this.size = 0;
			start = nl + 1;
			this.onLine(line);
		}
		const rest = chunk.subarray(start);
		this.size += rest.length;
		if (this.size > this.max) {
			this.overflowed = true;
			this.chunks = [];
			this.onOverflow();
			return;
		}
		if (rest.length > 0) {
			this.chunks.push(rest);
		}
	}
}

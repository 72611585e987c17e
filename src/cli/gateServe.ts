/**
 * `terminal-guard gate --serve`: the checker one interactive shell keeps for its whole session (a
 * coprocess the Enter hook starts once: media/shell/bash/bridge.bash, media/shell/zsh/hook.zsh), so
 * an Enter costs one round trip over two anonymous pipes instead of a Node start-up.
 *
 * Protocol (one line each way, docs/terminal.md "The Enter gate's helper"):
 *   shell → helper: `tg1;TOKEN;SEQ;CWD;LINE[;NAME=VALUE]…`  CWD, LINE and VALUE escaped the way the
 *                   hooks escape OSC text (`\\`, `\x3b` for `;`, `\xHH` for control characters); the
 *                   NAME=VALUE pairs are the shell's exported production variables and HOME *now*
 *                   (the helper's own environment is the one the shell had when it started it).
 *   helper → shell: `TOKEN SEQ allow` or `TOKEN SEQ deny MESSAGE` (MESSAGE escaped the same way).
 * TOKEN is fresh randomness the shell picks for each question and holds only in a shell variable: an
 * answer the shell takes must carry it, so another process that writes into the pipe (it can reach it
 * through /proc/PID/fd) does not know what to write. A new question withdraws one still open (the shell
 * asks one at a time, so an older one was given up: Ctrl-C), and so does SIGINT (Ctrl-C reaches this
 * process too: it shares the shell's process group); the withdrawn one is answered `deny`, which the
 * shell skips as stale. End of input (the shell is gone) ends the helper.
 */
import { PRODUCTION_VARIABLES } from '../engine/policy';
import { stoppedMessage } from '../terminal/judging';
import type { Judge } from '../terminal/judging';

/** The variables a request may carry: the ones the engine reads from the asking shell (bridge/client.ts). */
const CARRIED = new Set<string>([...PRODUCTION_VARIABLES, 'HOME']);

export interface GateRequest {
	readonly token: string;
	readonly seq: string;
	readonly cwd: string;
	readonly line: string;
	readonly env: Readonly<Record<string, string>>;
}

/** `\\` → `\`, `\xHH` → that byte's character; anything else is kept as it is. */
export function unescapeField(text: string): string {
	return text.replace(/\\(\\|x([0-9a-fA-F]{2}))/g, (_all, what: string, hex: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : what));
}

/** `\` → `\\`, control characters → `\xHH`: one line the shell reads with `read -r` and unescapes with printf %b. */
export function escapeField(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/\\/g, '\\\\').replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A request line, or why it is not one. */
export function parseRequest(text: string): GateRequest | string {
	const fields = text.split(';');
	if (fields.length < 5 || fields[0] !== 'tg1') {
		return 'not a Terminal Guard request';
	}
	const [, token, seq, cwd, line, ...pairs] = fields;
	if (!/^[0-9A-Za-z]{8,}$/.test(token) || !/^[0-9]{1,15}$/.test(seq)) {
		return 'a request without a usable token or number';
	}
	const env: Record<string, string> = {};
	for (const pair of pairs) {
		const at = pair.indexOf('=');
		const name = at > 0 ? pair.slice(0, at) : '';
		if (CARRIED.has(name)) {
			env[name] = unescapeField(pair.slice(at + 1));
		}
	}
	return { token, seq, cwd: unescapeField(cwd), line: unescapeField(line), env };
}

export interface ServeIo {
	/** Lines from the shell (without their newline); ends when the shell closes its end. */
	onLine(listener: (line: string) => void, onEnd: () => void): void;
	/** One answer line (the newline is added here). */
	write(text: string): void;
	/** Tells the terminal itself that the question waits in the editor (after `announceAfterMs`). */
	announce(): void;
	readonly announceAfterMs: number;
	/** Calls `listener` on SIGINT. */
	onInterrupt(listener: () => void): void;
	/** The environment the judge reads (process.env in the real helper). */
	env: Record<string, string | undefined>;
}

/** Answers the shell's questions until its input ends. `judgeFor` as for `gate`. */
export function serveGate(judgeFor: (agent: string) => Judge, io: ServeIo): Promise<number> {
	const judge = judgeFor('terminal');
	let open: { readonly request: GateRequest; readonly abort: AbortController } | undefined;
	const answer = (request: GateRequest, run: boolean, message: string): void => {
		io.write(run ? `${request.token} ${request.seq} allow` : `${request.token} ${request.seq} deny ${escapeField(message)}`);
	};
	const withdraw = (why: string): void => {
		if (open) {
			const { request, abort } = open;
			open = undefined;
			abort.abort();
			answer(request, false, stoppedMessage(why));
		}
	};
	io.onInterrupt(() => withdraw('the question was given up (Ctrl-C)'));
	return new Promise<number>((resolve) => {
		io.onLine(
			(text) => {
				const request = parseRequest(text);
				withdraw('a newer line was asked about');
				if (typeof request === 'string') {
					// Unanswerable: the shell, which waits for its own token, takes this as "not run" and starts a new helper.
					io.write(`- 0 deny ${escapeField(stoppedMessage(`the checker could not read the question (${request})`))}`);
					return;
				}
				for (const name of CARRIED) {
					if (name in request.env) {
						io.env[name] = request.env[name];
					} else {
						delete io.env[name];
					}
				}
				const abort = new AbortController();
				const mine = { request, abort };
				open = mine;
				const announce = setTimeout(() => io.announce(), io.announceAfterMs);
				void judge(request.line, request.cwd, abort.signal).then(
					(result) => ({ run: result.run, message: result.run ? '' : stoppedMessage(result.message) }),
					(error: unknown) => ({ run: false, message: stoppedMessage(`the check failed (${error instanceof Error ? error.message : String(error)})`) }),
				).then((result) => {
					clearTimeout(announce);
					if (open === mine) {
						open = undefined;
						answer(request, result.run, result.message);
					}
				});
			},
			() => {
				withdraw('the shell closed');
				resolve(0);
			},
		);
	});
}

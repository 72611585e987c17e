/**
 * `terminal-guard hook <agent> [--timeout-seconds N]`: reads the agent's hook JSON from stdin and
 * answers in that agent's format (src/agents/, docs/agents.md). Every failure — an unknown agent,
 * unreadable input, an internal error, an engine that cannot load — ends in exit 2, which each
 * supported agent treats as "block".
 *
 * No engine import here: the engine comes from `loadLocal`, called only when the editor did not
 * answer (or for a file edit), so the lean bundle (hookMain.ts) can leave it out.
 */
import * as fs from 'fs';
import { adapterFor, ADAPTERS } from '../agents';
import { runHook } from '../agents/hookCore';
import { failedReason } from '../agents/messages';
import type { HookReply } from '../agents/types';
import type { ShellHint } from '../engine/shells';
import type { Verdict } from '../engine/types';
import { askEditor } from '../bridge/client';
import { utf8Text } from '../bridge/protocol';
import type { LocalJudging } from './localJudging';

/**
 * How long the hook waits for the person by default: under Claude Code's and Codex's 600 s hook
 * timeout, which would otherwise kill it first (and a killed hook lets the command run there).
 */
export const DEFAULT_HOOK_TIMEOUT_SECONDS = 540;

/** Agents send one JSON object; a 1 MB command fits many times over. Beyond this the input is refused. */
const MAX_STDIN_BYTES = 32 * 1024 * 1024;

/**
 * The agent's input, read with blocking reads on fd 0: a hook has nothing else to do meanwhile, and
 * `process.stdin` would build a stream (a pipe's is a `net.Socket`, which loads `net`: ~4 ms of a
 * ~25 ms process). A descriptor that is non-blocking (EAGAIN) is read through `process.stdin` instead.
 */
function readStdin(): Promise<string> {
	// One buffer, grown when full: no copies, and decoded once (utf8Text) when the input has ended.
	let buffer = Buffer.allocUnsafe(64 * 1024);
	let size = 0;
	for (;;) {
		if (size === buffer.length) {
			const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, MAX_STDIN_BYTES + 1));
			buffer.copy(larger, 0, 0, size);
			buffer = larger;
		}
		let n: number;
		try {
			n = fs.readSync(0, buffer, size, buffer.length - size, null);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'EAGAIN') {
				return readStdinStream(size > 0 ? [buffer.subarray(0, size)] : [], size);
			}
			if (code === 'EOF') {
				break; // Windows: a closed pipe
			}
			return Promise.reject(error);
		}
		if (n === 0) {
			break;
		}
		size += n;
		if (size > MAX_STDIN_BYTES) {
			return Promise.reject(new Error(`the hook input is larger than ${MAX_STDIN_BYTES / 1024 / 1024} MB`));
		}
	}
	return Promise.resolve(utf8Text(buffer, 0, size));
}

/** The rest of the input through `process.stdin`, after `read` what was read already. */
function readStdinStream(read: Buffer[], readSize: number): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks = read;
		let size = readSize;
		process.stdin.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_STDIN_BYTES) {
				reject(new Error(`the hook input is larger than ${MAX_STDIN_BYTES / 1024 / 1024} MB`));
				process.stdin.destroy();
				return;
			}
			chunks.push(chunk);
		});
		process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		process.stdin.on('error', reject);
	});
}

/** Set once part of a reply went through `process.stdout` or `process.stderr`, which must drain before the process ends. */
let replyStreamed = false;

/**
 * Whether every reply so far went out whole with synchronous writes: then nothing the agent reads is
 * still on its way, and the process may end at once (hookMain.ts).
 */
export function replyWrittenInFull(): boolean {
	return !replyStreamed;
}

/** The reply, written straight to fds 1 and 2 (no stream to build, ~1 ms); what cannot be written so goes through the streams. */
function writeReply(reply: HookReply): void {
	const out = writeAll(1, reply.stdout);
	if (out.length > 0) {
		replyStreamed = true;
		process.stdout.write(out);
	}
	const err = writeAll(2, reply.stderr);
	if (err.length > 0) {
		replyStreamed = true;
		process.stderr.write(err);
	}
}

function blockAll(message: string): number {
	writeReply({ stdout: '', stderr: `${failedReason(message)}\n`, exitCode: 2 });
	return 2;
}

/**
 * `localVerdict`: a command's verdict when no editor answered (default: the engine from `loadLocal`;
 * the lean hook asks its local engine process first, hookMain.ts).
 */
export async function hookCommand(args: string[], loadLocal: () => LocalJudging, localVerdict?: (line: string, cwd: string, shell?: ShellHint) => Promise<Verdict>): Promise<number> {
	const [id, ...rest] = args;
	const adapter = id === undefined ? undefined : adapterFor(id);
	if (!adapter) {
		return blockAll(`"terminal-guard hook" needs one of ${Object.keys(ADAPTERS).join(', ')}, not ${JSON.stringify(id ?? '')}`);
	}
	let timeoutSeconds = DEFAULT_HOOK_TIMEOUT_SECONDS;
	for (let i = 0; i < rest.length; i++) {
		const value = rest[i] === '--timeout-seconds' ? rest[++i] : rest[i].startsWith('--timeout-seconds=') ? rest[i].slice(18) : undefined;
		if (value === undefined || !(Number(value) > 0)) {
			return blockAll(`unknown hook option ${JSON.stringify(rest[i])} (only --timeout-seconds N)`);
		}
		timeoutSeconds = Number(value);
	}
	let stdin: string;
	try {
		stdin = await readStdin();
	} catch (error) {
		const reply = adapter.reply({ kind: 'deny', reason: failedReason(error instanceof Error ? error.message : String(error)) });
		writeReply(reply);
		return reply.exitCode;
	}
	const reply = await runHook(adapter, stdin, {
		ask: askEditor,
		// No editor: the engine with the person's own rules (~/.terminal-guard/personal-rules/).
		// A load that fails throws here, and runHook turns any throw into a deny.
		localVerdict: localVerdict ?? ((line, cwd, shell) => loadLocal().verdict(line, cwd, shell)),
		localEditVerdict: (edit, cwd) => loadLocal().editVerdict(edit, cwd),
		describeEdit: (edit, cwd) => loadLocal().describeEdit(edit, cwd),
		timeoutMs: timeoutSeconds * 1000,
	});
	writeReply(reply);
	return reply.exitCode;
}

/**
 * What a hook that failed outside runHook answers: the agent's deny (JSON and stderr) when `agentId`
 * names a known agent, else the plain reason on stderr; always exit 2.
 */
export function hookCrashReply(agentId: string | undefined, error: unknown): HookReply {
	let what: string;
	try {
		what = error instanceof Error ? error.message : String(error);
	} catch {
		what = 'an error that cannot be described';
	}
	const reason = failedReason(`internal error: ${what}`);
	const adapter = agentId === undefined ? undefined : adapterFor(agentId);
	let reply: HookReply | undefined;
	try {
		reply = adapter?.reply({ kind: 'deny', reason });
	} catch {
		reply = undefined;
	}
	return { stdout: reply?.stdout ?? '', stderr: reply?.stderr || `${reason}\n`, exitCode: 2 };
}

/** Writes `text` to `fd` synchronously; returns the bytes it could not write (a full non-blocking pipe), none when all were (or the reader is gone). */
function writeAll(fd: number, text: string): Buffer {
	if (text === '') {
		return Buffer.alloc(0); // a safe command's reply: nothing to write (and no encoder to start)
	}
	let buffer = Buffer.from(text, 'utf8');
	for (let tries = 0; buffer.length > 0 && tries < 1000; tries++) {
		try {
			buffer = buffer.subarray(fs.writeSync(fd, buffer));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') {
				return Buffer.alloc(0);
			}
		}
	}
	return buffer;
}

/**
 * Ends a crashed hook process: writes hookCrashReply synchronously (the process is about to exit, so
 * nothing may wait for a stream to drain) and exits 2, which every supported agent treats as "block".
 */
export function failHook(agentId: string | undefined, error: unknown, exit: (code: number) => void = (code) => process.exit(code)): void {
	try {
		const reply = hookCrashReply(agentId, error);
		writeAll(1, reply.stdout);
		writeAll(2, reply.stderr);
	} catch {
		// nothing more can be said; the exit status still blocks
	} finally {
		exit(2);
	}
}

/**
 * For `terminal-guard hook <agent>`: an exception or rejection nobody catches (a throw in a timer or
 * socket callback) would otherwise end the process with exit 1, which Claude Code, Codex and Gemini
 * treat as "run the command". These handlers make it a deny with exit 2.
 */
export function installHookCrashHandlers(agentId: string | undefined): void {
	process.on('uncaughtException', (error) => failHook(agentId, error));
	process.on('unhandledRejection', (reason) => failHook(agentId, reason));
}

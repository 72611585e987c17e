/**
 * `terminal-guard hook <agent> [--timeout-seconds N]`: reads the agent's hook JSON from stdin and
 * answers in that agent's format (src/agents/, docs/agents.md). Every failure — an unknown agent,
 * unreadable input, an internal error — ends in exit 2, which each supported agent treats as "block".
 */
import { adapterFor, ADAPTERS } from '../agents';
import { runHook } from '../agents/hook';
import { failedReason } from '../agents/messages';
import { askEditor } from '../bridge/client';
import { analyze, initParser } from '../engine/analyze';
import { contextFor } from './context';

/**
 * How long the hook waits for the person by default: under Claude Code's and Codex's 600 s hook
 * timeout, which would otherwise kill it first (and a killed hook lets the command run there).
 */
export const DEFAULT_HOOK_TIMEOUT_SECONDS = 540;

/** Agents send one JSON object; a 1 MB command fits many times over. Beyond this the input is refused. */
const MAX_STDIN_BYTES = 32 * 1024 * 1024;

function readStdin(): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
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

function blockAll(message: string): number {
	process.stderr.write(`${failedReason(message)}\n`);
	return 2;
}

export async function hookCommand(args: string[]): Promise<number> {
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
		process.stdout.write(reply.stdout);
		process.stderr.write(reply.stderr);
		return reply.exitCode;
	}
	const reply = await runHook(adapter, stdin, {
		ask: askEditor,
		localVerdict: async (line, cwd) => {
			await initParser();
			return analyze(line, contextFor({ cwd }));
		},
		timeoutMs: timeoutSeconds * 1000,
	});
	process.stdout.write(reply.stdout);
	process.stderr.write(reply.stderr);
	return reply.exitCode;
}

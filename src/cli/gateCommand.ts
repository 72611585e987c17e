/**
 * `terminal-guard gate [--agent NAME] [--cwd DIR] [--positional] [--interactive] -- <command line>`:
 * asks the editor whether the line may run (a typed confirmation when it is destructive). Exit 0:
 * run it; 126: do not, with the reason on stderr. Used by the shells of the terminals VS Code starts
 * (media/shell/bash/gate.bash, bridge.bash, zsh-bridge/.zshenv).
 * With --positional, the words after `--` are the -c string, then $0 and the positional args, which
 * are substituted into it and judged as a line too (src/agents/shellArgs.ts).
 * With --interactive (the Enter hooks), a question the editor has not answered within a moment is
 * announced on the terminal, so the person knows where to look.
 * And `terminal-guard hooked --pid PID`: the Enter hook says it is loaded (src/ui/hookedShells.ts).
 *
 * Light on purpose: every Enter in such a terminal starts this, so it loads only the bridge client.
 * The engine comes in (through `judgeFor`) only when no editor answers: see gateMain.ts.
 */
import * as fs from 'node:fs';
import { commandLineToJudge, DEFAULT_AGENT_NAME, NOT_RUN_EXIT } from '../agents/shellArgs';
import { announceHooked } from '../bridge/client';
import { stoppedMessage } from '../terminal/judging';
import { serveGate, type ServeIo } from './gateServe';
import type { Judge } from '../terminal/judging';

export const GATE_USAGE = '  terminal-guard gate [--agent NAME] [--cwd DIR] [--positional] [--interactive] -- <command line> [$0 ARGS...]   exit 0 when the editor lets it run, 126 when not\n  terminal-guard gate --serve                          one interactive shell\'s checker for its whole session (questions on stdin, answers on stdout: src/cli/gateServe.ts)';

export const HOOKED_USAGE = '  terminal-guard hooked --pid PID                      tell the editor the shell PID has the Enter hook loaded (its status bar shows it guarded)';

/** How long a line may take before the person is told a question waits in the editor. */
const ANNOUNCE_AFTER_MS = 400;
export const WAITING_NOTICE = 'Terminal Guard: this command waits for you in the editor (type the name there to run it, or press Escape)…';

/** `terminal-guard hooked --pid PID`: run in the background by the Enter hook when it loads. */
export async function hookedCommand(args: readonly string[]): Promise<number | string> {
	const pid = args[0] === '--pid' ? Number(args[1]) : NaN;
	if (args.length !== 2 || !Number.isSafeInteger(pid) || pid <= 0) {
		return 'hooked needs --pid and a process id';
	}
	await announceHooked(pid, process.cwd());
	return 0;
}

/** `judgeFor(agent)`: the editor first, the engine here when no editor answers. */
export async function gateCommand(args: readonly string[], judgeFor: (agent: string) => Judge): Promise<number | string> {
	if (args[0] === '--serve') {
		return args.length === 1 ? serveGate(judgeFor, processServeIo()) : 'gate --serve takes no other arguments';
	}
	let agent = DEFAULT_AGENT_NAME;
	let cwd = process.cwd();
	let positional = false;
	let interactive = false;
	let i = 0;
	for (; i < args.length; i++) {
		const a = args[i];
		if (a === '--agent' || a === '--cwd') {
			const value = args[++i];
			if (!value) {
				return `${a} needs a value`;
			}
			if (a === '--agent') {
				agent = value;
			} else {
				cwd = value;
			}
		} else if (a === '--positional') {
			positional = true;
		} else if (a === '--interactive') {
			interactive = true;
		} else if (a === '--') {
			i++;
			break;
		} else {
			return `unknown option ${a} for gate (put the command line after --)`;
		}
	}
	const words = args.slice(i);
	const line = positional && words.length > 0 ? commandLineToJudge({ kind: 'command', commands: [words[0]], argv0: words[1], args: words.slice(2), fish: false }) : words.join(' ');
	if (line.trim() === '') {
		return 'gate needs a command line after --';
	}
	const announce = interactive ? setTimeout(() => tellTerminal(WAITING_NOTICE), ANNOUNCE_AFTER_MS) : undefined;
	const result = await judgeFor(agent)(line, cwd, new AbortController().signal).finally(() => clearTimeout(announce));
	if (!result.run) {
		process.stderr.write(`${stoppedMessage(result.message)}\n`);
		return NOT_RUN_EXIT;
	}
	return 0;
}

/** The real helper's ends: stdin and stdout are the shell's pipes (its coprocess), SIGINT is Ctrl-C. */
function processServeIo(): ServeIo {
	// Ctrl-Z and Ctrl-\ at a prompt reach the shell's whole process group, this helper included: they must not stop or end it.
	for (const signal of ['SIGTSTP', 'SIGQUIT', 'SIGTTIN', 'SIGTTOU'] as const) {
		process.on(signal, () => undefined);
	}
	// The shell gone while an answer was being written: nothing is left to answer.
	process.stdout.on('error', () => process.exit(0));
	return {
		onLine(listener, onEnd) {
			let pending = '';
			process.stdin.setEncoding('utf8');
			process.stdin.on('data', (chunk: string) => {
				pending += chunk;
				for (let at = pending.indexOf('\n'); at >= 0; at = pending.indexOf('\n')) {
					const line = pending.slice(0, at);
					pending = pending.slice(at + 1);
					listener(line);
				}
				if (pending.length > MAX_REQUEST_CHARS) {
					// Not a line any shell of ours sends: answered as unreadable, the shell restarts the helper.
					pending = '';
					listener('');
				}
			});
			process.stdin.on('end', onEnd);
			process.stdin.on('error', onEnd);
		},
		write: (text) => process.stdout.write(`${text}\n`),
		announce: () => tellTerminal(WAITING_NOTICE),
		announceAfterMs: ANNOUNCE_AFTER_MS,
		onInterrupt: (listener) => process.on('SIGINT', listener),
		env: process.env,
	};
}

/** Longer than the 128 KB an environment string may hold, many times over; bounds the helper's memory. */
const MAX_REQUEST_CHARS = 8 * 1024 * 1024;

/** Writes straight to the terminal: the hook keeps stderr for the reason it prints at the next prompt. */
function tellTerminal(text: string): void {
	try {
		const fd = fs.openSync('/dev/tty', 'w');
		try {
			fs.writeSync(fd, `${text}\r\n`);
		} finally {
			fs.closeSync(fd);
		}
	} catch {
		// No terminal to tell (a pipe, a test): the answer still comes, only unannounced.
	}
}

/**
 * `terminal-guard`: the engine on the command line. The interface is documented in docs/cli.md and
 * relied on by the agent hooks; keep it stable.
 *
 *   terminal-guard check [--json] [--cwd DIR] [--production] [--config FILE] [--shell bash|powershell|cmd] -- <command line>
 *   terminal-guard check --json --stdin        (JSON Lines in, JSON Lines out)
 *   terminal-guard explain [--cwd DIR] [--production] -- <command line>
 *   terminal-guard hook <agent> [--timeout-seconds N]   (agent hook: JSON on stdin; docs/agents.md)
 *
 * Exit status of `check`: 0 allow, 1 confirm, 2 deny; 64 usage error; 70 internal error.
 */
import * as readline from 'readline';
import { decideHere, editorJudge } from '../agents/shellSession';
import { BridgeSession } from '../bridge/client';
import { analyze, explain, initParser, prepare } from '../engine/analyze';
import type { Verdict } from '../engine/types';
import type { Judge } from '../terminal/judging';
import { contextFor, loadConfig } from '../engine/context';
import { describeProblem, ruleProblems } from '../engine/userRegex';
import { formatExplanation, formatVerdict, verdictJson } from './format';
import { GATE_USAGE, gateCommand, HOOKED_USAGE, hookedCommand } from './gateCommand';
import { failHook, hookCommand, installHookCrashHandlers } from './hook';
import { localJudging } from './localJudging';
import { offlineCheck } from './offline';
import { SHELL_USAGE, shellCommand } from './shellCommand';
import { useBaselineWasmCompiler } from './wasmTiers';

export const EXIT = { allow: 0, confirm: 1, deny: 2, usage: 64, internal: 70 } as const;

const USAGE = `Usage:
  terminal-guard check [--json] [--cwd DIR] [--production] [--config FILE] [--shell bash|powershell|cmd] -- <command line>
  terminal-guard check --json --stdin      read JSON Lines {"command","cwd","production","shell"}, write verdicts
  terminal-guard explain [--cwd DIR] [--production] [--config FILE] [--shell bash|powershell|cmd] -- <command line>
                                           --shell powershell: the line is PowerShell (pwsh), cmd: cmd.exe
  terminal-guard hook <claude-code|cursor|vscode|codex|gemini|opencode> [--timeout-seconds N]
                                           an agent's pre-command hook: its JSON on stdin (docs/agents.md)
  terminal-guard --version
${SHELL_USAGE}
${GATE_USAGE}
${HOOKED_USAGE}

Exit status of check: 0 allow, 1 confirm (a person must type the target), 2 deny, 64 usage error.`;

interface Options {
	json: boolean;
	stdin: boolean;
	production: boolean;
	cwd?: string;
	config?: string;
	shell?: Shell;
	line?: string;
}

type Shell = 'bash' | 'powershell' | 'cmd';

/** `pwsh`, `powershell.exe`, `cmd.exe`, `bash` → the engine's shell; undefined for an unknown name. */
function shellOf(name: string): Shell | undefined {
	const n = name.toLowerCase().replace(/^.*[\\/]/, '').replace(/\.exe$/, '');
	return n === 'pwsh' || n === 'powershell' ? 'powershell' : n === 'cmd' ? 'cmd' : ['bash', 'sh', 'zsh', 'dash', 'ksh', 'fish'].includes(n) ? 'bash' : undefined;
}

function parseOptions(args: string[]): Options | string {
	const options: Options = { json: false, stdin: false, production: false };
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		if (a === '--') {
			options.line = args.slice(i + 1).join(' ');
			return options;
		}
		if (a === '--json') {
			options.json = true;
		} else if (a === '--stdin') {
			options.stdin = true;
		} else if (a === '--production') {
			options.production = true;
		} else if (a === '--shell' || a.startsWith('--shell=')) {
			const value = a === '--shell' ? args[++i] : a.slice('--shell='.length);
			const shell = value === undefined ? undefined : shellOf(value);
			if (!shell) {
				return `--shell needs bash, powershell or cmd`;
			}
			options.shell = shell;
		} else if (a === '--cwd' || a === '--config') {
			const value = args[++i];
			if (value === undefined) {
				return `${a} needs a value`;
			}
			options[a === '--cwd' ? 'cwd' : 'config'] = value;
		} else if (a.startsWith('--cwd=')) {
			options.cwd = a.slice(6);
		} else if (a.startsWith('--config=')) {
			options.config = a.slice(9);
		} else {
			// Without `--`, the remaining words are the command line.
			options.line = args.slice(i).join(' ');
			return options;
		}
	}
	return options;
}

export async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	if (command === '--version' || command === '-v') {
		process.stdout.write(`${VERSION}\n`);
		return 0;
	}
	if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
		process.stdout.write(`${USAGE}\n`);
		return command === undefined ? EXIT.usage : 0;
	}
	if (command === 'hook') {
		return hookCommand(rest, () => localJudging);
	}
	if (command === 'shell' || command === 'gate' || command === 'hooked') {
		const code = command === 'shell' ? await shellCommand(rest) : command === 'gate' ? await gateCommand(rest, (agent) => editorJudge(new BridgeSession().ask, agent, offlineCheck())) : await hookedCommand(rest);
		if (typeof code === 'string') {
			process.stderr.write(`terminal-guard: ${code}\n${USAGE}\n`);
			return EXIT.usage;
		}
		return code;
	}
	if (command !== 'check' && command !== 'explain') {
		process.stderr.write(`terminal-guard: unknown command "${command}"\n${USAGE}\n`);
		return EXIT.usage;
	}
	const options = parseOptions(rest);
	if (typeof options === 'string') {
		process.stderr.write(`terminal-guard: ${options}\n${USAGE}\n`);
		return EXIT.usage;
	}
	const config = options.config ? loadConfig(options.config) : undefined;
	if (config instanceof Error) {
		process.stderr.write(`terminal-guard: cannot read ${options.config}: ${config.message}\n`);
		return EXIT.usage;
	}
	// A rule that cannot run (invalid, or not linear-time) is named and skipped; the other rules apply.
	for (const problem of config ? ruleProblems(config) : []) {
		process.stderr.write(`terminal-guard: ${describeProblem(problem, `${options.config}: `)}\n`);
	}
	// Measured on 15,000 lines: 4 s of CPU on the baseline tier, 19–26 s with TurboFan tiering up (wasmTiers.ts).
	useBaselineWasmCompiler();
	await initParser();
	if (command === 'check' && options.stdin) {
		return checkStream(options, config);
	}
	if (options.line === undefined) {
		process.stderr.write(`terminal-guard: no command line given\n${USAGE}\n`);
		return EXIT.usage;
	}
	const context = { ...contextFor({ cwd: options.cwd, production: options.production, config }), ...(options.shell ? { shell: options.shell } : {}) };
	await prepare(options.line, context);
	if (command === 'explain') {
		process.stdout.write(formatExplanation(explain(options.line, context)));
		return 0;
	}
	const verdict = analyze(options.line, context);
	process.stdout.write(options.json ? `${JSON.stringify(verdictJson(verdict))}\n` : formatVerdict(verdict, options.line));
	return EXIT[verdict.decision];
}

/** JSON Lines in, one verdict per line out, in order. A line that is not valid input is denied. */
async function checkStream(options: Options, config: ReturnType<typeof loadConfig> | undefined): Promise<number> {
	const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
	let buffer = '';
	const flush = () => {
		if (buffer) {
			process.stdout.write(buffer);
			buffer = '';
		}
	};
	for await (const raw of input) {
		if (raw.trim() === '') {
			continue;
		}
		let verdict: Verdict | undefined;
		let error: string | undefined;
		try {
			const request = JSON.parse(raw) as { command?: unknown; cwd?: unknown; production?: unknown; shell?: unknown };
			if (typeof request.command !== 'string') {
				error = 'input line has no "command" string';
			} else {
				const context = contextFor({
					cwd: typeof request.cwd === 'string' ? request.cwd : options.cwd,
					production: request.production === true || options.production,
					config: config instanceof Error ? undefined : config,
				});
				const shell = typeof request.shell === 'string' ? shellOf(request.shell) : options.shell;
				const judged = shell ? { ...context, shell } : context;
				await prepare(request.command, judged);
				verdict = analyze(request.command, judged);
			}
		} catch (e) {
			error = `input line is not JSON: ${e instanceof Error ? e.message : String(e)}`;
		}
		const out = verdict ? verdictJson(verdict) : { decision: 'deny', severity: 'high', rule: 'cli:invalid-input', reason: error, target: null, targets: [], alternative: null };
		buffer += `${JSON.stringify(out)}\n`;
		if (buffer.length > 65536) {
			flush();
		}
	}
	flush();
	return 0;
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** Runs the CLI with this process's arguments and sets its exit code. */
/** For dist/gate.js (gateMain.ts), when no editor answered: the engine in this process decides, with the person's own rules. */
export function decideHereForGate(line: string, cwd: string, why: string): ReturnType<Judge> {
	return decideHere(offlineCheck(), line, cwd, why);
}

export function run(): void {
	const hook = process.argv[2] === 'hook';
	if (hook) {
		// An agent hook that fails must block: exit 2 is "deny" to every agent we support, even for a
		// throw in a callback that no promise here would see.
		installHookCrashHandlers(process.argv[3]);
	}
	main(process.argv.slice(2)).then(
		(code) => {
			process.exitCode = code;
		},
		(error: unknown) => {
			if (hook) {
				failHook(process.argv[3], error);
				return;
			}
			process.stderr.write(`terminal-guard: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
			process.exitCode = EXIT.internal;
		},
	);
}

if (require.main === module) {
	run();
}

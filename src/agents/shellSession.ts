/**
 * `terminal-guard shell`: the person's (or an agent's) shell on the current terminal, behind the
 * guarded terminal's hooks (src/terminal/), with every line judged by the running editor over the
 * bridge. Meant as a path-based terminal profile (Copilot's tool terminals, the agent host).
 * No vscode import.
 *
 * Judging a line: ask the editor for a verdict ("check"); safe lines run. Anything else asks the
 * editor for a typed confirmation ("confirm"). When no editor answers, the engine in this process
 * decides: safe lines run, everything else is refused (fail closed).
 */
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { contextFor } from '../engine/context';
import { initParser } from '../engine/analyze';
import { analyzeFor, prepareFor, type ShellHint } from '../engine/shells';
import type { Verdict } from '../engine/types';
import { meaningOf, type AskOptions, type EditorAnswer, type EditorQuestion } from '../bridge/client';
import { DEFAULT_AGENT_NAME, NOT_RUN_EXIT, shellArgvLine, shellQuote } from './shellArgs';

export { DEFAULT_AGENT_NAME, NOT_RUN_EXIT };
import { GuardedShell, stoppedMessage, type Judge, type JudgeResult } from '../terminal';

export type AskEditor = (q: EditorQuestion, options?: AskOptions) => Promise<EditorAnswer>;


/** The engine's verdict in this process, used only when no editor answers. */
export type LocalCheck = (line: string, cwd: string, shell?: ShellHint) => Verdict | Promise<Verdict>;

/** Loads the parser only when it is needed: an editor that answers saves the gate its start-up. */
export function localCheck(): LocalCheck {
	return async (line, cwd, shell) => {
		const context = contextFor({ cwd });
		await prepareFor(line, context, shell);
		return analyzeFor(line, context, shell);
	};
}

/**
 * The judge for GuardedShell. One "confirm" question per line: the editor answers safe lines at
 * once and shows the typed-name modal for the others. No editor (or a broken exchange) leaves the
 * decision to the engine here: safe lines run, everything else is refused. `shell`: the shell the
 * lines are typed into when it is not a POSIX shell (pwsh: its lines are PowerShell).
 */
export function editorJudge(ask: AskEditor, agent: string, local: LocalCheck, shell?: ShellHint): Judge {
	return async (line, cwd, signal): Promise<JudgeResult> => {
		const meaning = meaningOf(await ask({ kind: 'confirm', line, cwd, agent, ...(shell ? { shell } : {}) }, { signal }));
		return meaning.run === 'decide-here' ? decideHere(local, line, cwd, meaning.why, shell) : meaning;
	};
}

/** The engine in this process decides, because the editor could not (`why`): safe lines run, nothing else. */
export async function decideHere(local: LocalCheck, line: string, cwd: string, why: string, shell?: ShellHint): Promise<JudgeResult> {
	const verdict = await local(line, cwd, shell);
	if (verdict.decision === 'allow') {
		return { run: true };
	}
	return { run: false, message: `${verdict.reason} A person must confirm it in the editor, and ${why}` };
}

export interface ShellSessionOptions {
	readonly shellPath: string;
	readonly args: readonly string[];
	readonly judge: Judge;
	readonly env: NodeJS.ProcessEnv;
	readonly cwd?: string;
	readonly input?: NodeJS.ReadStream;
	readonly output?: NodeJS.WriteStream;
	readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** Runs the shell on this process's terminal until it exits; resolves with its exit code. */
export async function runShellSession(options: ShellSessionOptions): Promise<number> {
	await initParser();
	const input = options.input ?? process.stdin;
	const output = options.output ?? process.stdout;
	const shell = new GuardedShell({
		shellPath: options.shellPath,
		args: options.args,
		cwd: options.cwd ?? process.cwd(),
		env: options.env,
		cols: output.columns || 80,
		rows: output.rows || 24,
		judge: options.judge,
		log: options.log,
	});
	const raw = input.isTTY === true;
	if (raw) {
		input.setRawMode(true);
	}
	input.setEncoding('utf8');
	const onInput = (data: string): void => shell.write(data);
	const onResize = (): void => shell.resize(output.columns, output.rows);
	// Piped stdin (`printf … | terminal-guard shell -- bash -s`): its end is Ctrl-D at the prompt.
	const onEnd = (): void => shell.write('\x04');
	input.on('data', onInput);
	if (!raw) {
		input.on('end', onEnd);
	}
	output.on('resize', onResize);
	shell.onData((text) => output.write(text));
	return new Promise<number>((resolve) => {
		shell.onExit((code) => {
			input.off('data', onInput);
			input.off('end', onEnd);
			output.off('resize', onResize);
			if (raw) {
				input.setRawMode(false);
			}
			input.pause();
			resolve(code);
		});
	});
}

/** The shell to run: the arguments after `--`, else $SHELL, else the account's shell, else /bin/sh. */
export function chooseShell(rest: readonly string[], env: NodeJS.ProcessEnv): { shellPath: string; args: string[] } {
	if (rest.length > 0) {
		return { shellPath: rest[0], args: rest.slice(1) };
	}
	let account: string | undefined;
	try {
		account = os.userInfo().shell ?? undefined;
	} catch {
		account = undefined;
	}
	return { shellPath: env.SHELL || account || '/bin/sh', args: [] };
}

/** The environment for the shell: ours minus what the shim set to run Node inside Electron. */
export function shellEnvironment(env: NodeJS.ProcessEnv, shimElectronVariable: string): NodeJS.ProcessEnv {
	const result = { ...env };
	if (result[shimElectronVariable]) {
		delete result.ELECTRON_RUN_AS_NODE;
		delete result[shimElectronVariable];
	}
	return result;
}

/**
 * The command line a non-interactive invocation runs, for judging before it starts:
 * `bash -c 'rm -rf x'` → `rm -rf x`; `bash -c '"$@"' _ rm -rf x` → `rm -rf x` (positional args
 * substituted, and judged as a line too); `bash deploy.sh` → `bash deploy.sh` (the engine reads the
 * script). Undefined for a shell that reads its lines from the terminal or stdin (interactive, `-s`,
 * options only), whose lines the hooks judge one by one. Argv Terminal Guard cannot read gives the
 * quoted argv, and runOneShot refuses it (shellArgs.ts).
 */
export function oneShotLine(shellPath: string, args: readonly string[]): string | undefined {
	const read = shellArgvLine(shellPath, args);
	if ('stdin' in read) {
		return undefined;
	}
	return 'line' in read ? read.line : [path.basename(shellPath), ...args].map(shellQuote).join(' ');
}

/**
 * Runs a non-interactive shell invocation (`bash -c …`, a script) after one judgement, with the
 * caller's stdio; refused: nothing starts, the reason goes to stderr and the status is 126.
 */
export async function runOneShot(options: { shellPath: string; args: readonly string[]; line: string; judge: Judge; env: NodeJS.ProcessEnv; cwd?: string; stderr?: NodeJS.WritableStream }): Promise<number> {
	const cwd = options.cwd ?? process.cwd();
	const read = shellArgvLine(options.shellPath, options.args);
	if ('problem' in read) {
		(options.stderr ?? process.stderr).write(`${stoppedMessage(`it cannot tell what ${path.basename(options.shellPath)} would run with these arguments (${read.problem})`)}\n`);
		return NOT_RUN_EXIT;
	}
	if ('stdin' in read) {
		(options.stderr ?? process.stderr).write(`${stoppedMessage(`${path.basename(options.shellPath)} would read its commands from stdin, which is only judged in the guarded terminal session`)}\n`);
		return NOT_RUN_EXIT;
	}
	await initParser();
	let result: JudgeResult;
	try {
		result = await options.judge(options.line, cwd, new AbortController().signal);
	} catch (error) {
		result = { run: false, message: `the check failed (${error instanceof Error ? error.message : String(error)})` };
	}
	if (!result.run) {
		(options.stderr ?? process.stderr).write(`${stoppedMessage(result.message)}\n`);
		return NOT_RUN_EXIT;
	}
	return new Promise<number>((resolve) => {
		const child = spawn(options.shellPath, options.args, { cwd, env: options.env, stdio: 'inherit' });
		child.on('error', (error) => {
			(options.stderr ?? process.stderr).write(`terminal-guard shell: cannot start ${options.shellPath}: ${error.message}\n`);
			resolve(127);
		});
		child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
	});
}

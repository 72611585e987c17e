/**
 * What every agent adapter does (one file per agent): turn the agent's hook input into a command and
 * its working directory, and turn our decision into the answer that agent honours.
 */
import type { FileEdit } from '../engine/rules/self-protection-edits';
import { looksWindows, type ShellHint, shellOfName } from '../engine/shellNames';
import { shellArgvLine, shellQuote } from './shellArgs';

export type AgentId = 'claude-code' | 'cursor' | 'vscode' | 'codex' | 'gemini' | 'opencode';

/** What the agent's hook input asks about. */
export type HookInput =
	/**
	 * A shell command about to run. `edit`: files the same tool call may change (an unknown tool with
	 * both a command and paths in its input), judged as well. `shell`: the shell that runs it when the
	 * agent says so (a `powershell` tool) or `windows` when it runs on Windows in a shell nobody named
	 * (src/engine/shells.ts); absent means a POSIX shell.
	 */
	| { readonly kind: 'command'; readonly command: string; readonly cwd: string; readonly edit?: FileEdit; readonly shell?: ShellHint }
	/** A file-editing tool call (Edit, Write, apply_patch, …): asked about only when it changes a file that keeps the guard on. */
	| { readonly kind: 'file-edit'; readonly edit: FileEdit; readonly cwd: string }
	/** Another tool or event: Terminal Guard has no opinion. */
	| { readonly kind: 'not-a-command' }
	/** Input we cannot read: fail closed. */
	| { readonly kind: 'malformed'; readonly problem: string };

/**
 * Our answer. `none` adds no decision, so the agent's own permission prompt still applies; `allow` is
 * only ever given after a person typed the confirmation in the editor.
 */
export type HookDecision =
	| { readonly kind: 'none' }
	/** `command`: run this instead of the agent's command (the safer way a person chose; agents that can change the input). */
	| { readonly kind: 'allow'; readonly reason: string; readonly command?: string }
	| { readonly kind: 'deny'; readonly reason: string };

/** What the hook process writes and how it exits. */
export interface HookReply {
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number;
}

export interface AgentAdapter {
	readonly id: AgentId;
	/** Shown in the editor's modal: "<name> asks to run …". */
	readonly name: string;
	/** The agent runs a changed command when the hook returns one (Claude Code's `updatedInput`). */
	readonly changesCommand?: boolean;
	parse(stdin: string): HookInput;
	reply(decision: HookDecision): HookReply;
	/**
	 * The answer for the agent that sent `stdin`, when one hook file serves agents that read answers
	 * differently (VS Code and Copilot CLI both run ~/.copilot/hooks); else `reply`.
	 */
	replyTo?(stdin: string, decision: HookDecision): HookReply;
}

/** Parses JSON that must be an object; a string says what is wrong. */
export function parseObject(stdin: string): Record<string, unknown> | string {
	if (stdin.trim() === '') {
		return 'the hook received no input';
	}
	let value: unknown;
	try {
		value = JSON.parse(stdin);
	} catch (error) {
		return `the hook input is not JSON (${error instanceof Error ? error.message : String(error)})`;
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return 'the hook input is not a JSON object';
	}
	return value as Record<string, unknown>;
}

/** A string field, or undefined. */
export function stringField(object: unknown, name: string): string | undefined {
	if (typeof object !== 'object' || object === null) {
		return undefined;
	}
	const value = (object as Record<string, unknown>)[name];
	return typeof value === 'string' ? value : undefined;
}

/**
 * A command given as a string, or as argv. A shell's argv is read as the shell reads it
 * (src/agents/shellArgs.ts): `["bash", "-lc", "script"]`, `["sh", "-c", "--", "script"]` → `script`;
 * `["bash", "-c", "\"$@\"", "_", "rm", "-rf", "x"]` → `rm -rf x` (positional args substituted, and
 * judged as a line of their own too). Other argv is joined with single quotes where needed.
 * Undefined when it is neither.
 */
/**
 * The shell a hook's command runs in: named by the tool (`powershell`, `PowerShell`, `pwsh`, `cmd`) or
 * by a `shell`/`shellType` field of the tool's input; else `windows` when the working directory the
 * agent gave is a Windows one (`C:\\…`); else undefined (a POSIX shell).
 */
export function hookShell(tool: string | undefined, toolInput: unknown, givenCwd: string | undefined): ShellHint | undefined {
	const named = tool === undefined ? undefined : shellOfName(tool);
	if (named) {
		return named === 'bash' ? undefined : named; // Claude's Bash tool is Git Bash on Windows too
	}
	for (const field of ['shell', 'shellType', 'shell_type', 'shellName']) {
		const value = stringField(toolInput, field);
		const shell = value === undefined ? undefined : shellOfName(value);
		if (shell) {
			return shell;
		}
	}
	return looksWindows(givenCwd) ? 'windows' : undefined;
}

export function commandText(value: unknown): string | undefined {
	if (typeof value === 'string') {
		return value;
	}
	if (!Array.isArray(value) || value.length === 0 || !value.every((w) => typeof w === 'string')) {
		return undefined;
	}
	const argv = value as string[];
	if (/(?:^|\/)(?:ba|z|da|k|mk|a|rba)?sh$|(?:^|\/)fish$/.test(argv[0])) {
		const read = shellArgvLine(argv[0], argv.slice(1));
		if ('line' in read) {
			return read.line;
		}
	}
	return argv.map(shellQuote).join(' ');
}

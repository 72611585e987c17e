/**
 * The stable command agents' hooks and terminal profiles point at: ~/.terminal-guard/bin/terminal-guard.
 * The extension rewrites it at every activation so that it runs the *current* extension's
 * dist/cli.js, whatever version directory an update moved it to. No vscode import.
 *
 * Which Node: the one running the extension host (process.execPath). In desktop VS Code and Cursor
 * that is the Electron binary, which behaves as Node with ELECTRON_RUN_AS_NODE=1 (VS Code's own
 * `code` CLI does the same). It always exists, needs nothing on PATH (agents often run with a
 * trimmed PATH), and has the ABI node-pty was built for. A `node` on PATH might be missing, older
 * than 20, or differ between the person's shell and an agent's environment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stateDir } from './home';

export interface ShimTarget {
	/** The Node (or Electron) binary. */
	readonly node: string;
	/** True when `node` is Electron and needs ELECTRON_RUN_AS_NODE=1. */
	readonly electron: boolean;
	/** The bundled CLI, dist/cli.js. */
	readonly cli: string;
}

/** Marks a CLI process started through the shim with ELECTRON_RUN_AS_NODE set by us; the CLI removes both before starting shells. */
export const SHIM_ELECTRON_VARIABLE = 'TERMINAL_GUARD_SHIM_ELECTRON';

export function shimPath(home: string, platform: NodeJS.Platform = process.platform): string {
	return path.join(stateDir(home), 'bin', platform === 'win32' ? 'terminal-guard.cmd' : 'terminal-guard');
}

function shQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Text for a cmd.exe `echo`: outside double quotes, `^ & | < > ( )` are escaped with `^` (an
 * unescaped `)` would end the `if (…)` block early); `%` is doubled everywhere (batch-file expansion).
 */
export function cmdEchoText(text: string): string {
	let quoted = false;
	let out = '';
	for (const c of text) {
		if (c === '"') {
			quoted = !quoted;
		}
		out += c === '%' ? '%%' : !quoted && '^&|<>()'.includes(c) ? `^${c}` : c;
	}
	return out;
}

/** A path inside double quotes in a .cmd file: only `%` needs doubling. */
function cmdPath(text: string): string {
	return text.replace(/%/g, '%%');
}

/**
 * The shim's text: POSIX sh, or a .cmd file on Windows. A vanished extension or Node binary fails
 * closed (exit 2). For `hook`, only 0 and 2 may reach the agent: any other status (126/127 when the
 * binary cannot run, 9009 when cmd.exe cannot find it, 1 when Node dies before the CLI's own handlers)
 * would let the command run in Claude Code, Codex and Gemini, so it becomes 2.
 */
export function shimText(target: ShimTarget, platform: NodeJS.Platform = process.platform): string {
	const gone = 'terminal-guard: the Terminal Guard extension this command points at is gone (updated or uninstalled). Open the editor once to refresh it, or run "Terminal Guard: Remove AI Agent Protection".';
	const cannotRun = 'terminal-guard: the Terminal Guard CLI could not run (exit STATUS); the command is blocked. Open the editor once to refresh it, or run "Terminal Guard: Remove AI Agent Protection".';
	if (platform === 'win32') {
		const goneLine = cmdEchoText(gone);
		return [
			'@echo off',
			'rem Written by the Terminal Guard extension at every start; do not edit.',
			'setlocal',
			`if not exist "${cmdPath(target.cli)}" (echo ${goneLine} 1>&2 & exit /b 2)`,
			`if not exist "${cmdPath(target.node)}" (echo ${goneLine} 1>&2 & exit /b 2)`,
			...(target.electron ? ['set ELECTRON_RUN_AS_NODE=1', `set ${SHIM_ELECTRON_VARIABLE}=1`] : []),
			`"${cmdPath(target.node)}" "${cmdPath(target.cli)}" %*`,
			'if /i not "%~1"=="hook" exit /b %ERRORLEVEL%',
			'if %ERRORLEVEL%==0 exit /b 0',
			`if not %ERRORLEVEL%==2 (echo ${cmdEchoText(cannotRun).replace('STATUS', '%ERRORLEVEL%')} 1>&2)`,
			'exit /b 2',
			'',
		].join('\r\n');
	}
	return [
		'#!/bin/sh',
		'# Written by the Terminal Guard extension at every start so it follows extension updates; do not edit.',
		'# Exit 2 when the extension is gone: agents treat it as "blocked", so nothing runs unguarded.',
		`node=${shQuote(target.node)}`,
		`cli=${shQuote(target.cli)}`,
		'if [ ! -f "$cli" ] || [ ! -x "$node" ]; then',
		`\techo ${shQuote(gone)} >&2`,
		'\texit 2',
		'fi',
		...(target.electron ? [`ELECTRON_RUN_AS_NODE=1 ${SHIM_ELECTRON_VARIABLE}=1`, `export ELECTRON_RUN_AS_NODE ${SHIM_ELECTRON_VARIABLE}`] : []),
		'# gate and hooked run at every Enter in a guarded VS Code terminal: the small gate.js beside the CLI.',
		`gate=${shQuote(path.join(path.dirname(target.cli), 'gate.js'))}`,
		'case "${1-}" in',
		'\tgate | hooked) [ -f "$gate" ] && exec "$node" "$gate" "$@" ;;',
		'esac',
		'if [ "${1-}" != hook ]; then',
		'\texec "$node" "$cli" "$@"',
		'fi',
		'# An agent hook runs the lean hook.js beside the CLI (it loads the engine only when no editor answers),',
		'# through hook-entry.js, which compiles it from V8\'s code cache.',
		`hookjs=${shQuote(path.join(path.dirname(target.cli), 'hook-entry.js'))}`,
		'[ "${1-}" = hook ] && [ -f "$hookjs" ] && cli=$hookjs',
		'# An agent hook: any status but 0 or 2 (126/127: the binary cannot run) would let the command run.',
		'# The CLI runs as a child so its status can be mapped; stdin is passed on through fd 3 (an',
		'# asynchronous command\'s stdin would be /dev/null), and a signal to the shim is passed on to it.',
		'exec 3<&0',
		'"$node" "$cli" "$@" <&3 3<&- &',
		'child=$!',
		'exec 3<&-',
		'trap \'kill -TERM "$child" 2>/dev/null\' HUP INT TERM',
		'while :; do',
		'\twait "$child"',
		'\tstatus=$?',
		'\tkill -0 "$child" 2>/dev/null || break',
		'done',
		'case $status in 0|2) exit "$status" ;; esac',
		`echo ${shQuote(cannotRun).replace('STATUS', `'"$status"'`)} >&2`,
		'exit 2',
		'',
	].join('\n');
}

/**
 * Writes the shim when its text differs (atomically, mode 0755) and returns its path.
 * The folder is private to the user (0700).
 */
export function writeShim(home: string, target: ShimTarget, platform: NodeJS.Platform = process.platform): string {
	const file = shimPath(home, platform);
	const text = shimText(target, platform);
	fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
	let current: string | undefined;
	try {
		current = fs.readFileSync(file, 'utf8');
	} catch {
		current = undefined;
	}
	if (current !== text) {
		const temporary = `${file}.${process.pid}.tmp`;
		fs.writeFileSync(temporary, text, { mode: 0o755 });
		fs.renameSync(temporary, file);
	}
	return file;
}

/** The shim target for the running extension: this process's Node and the bundle beside the extension. */
export function currentShimTarget(extensionPath: string): ShimTarget {
	return { node: process.execPath, electron: typeof process.versions.electron === 'string', cli: path.join(extensionPath, 'dist', 'cli.js') };
}

/**
 * The program for `terminal.integrated.agentHostProfile.<os>`, which takes a path and no arguments
 * and picks the agent's shell tool from the file's name: so it is called after the real shell
 * (…/agent-host/bash) and runs `terminal-guard shell --agent "Copilot agent host" -- <real shell>`.
 */
export function agentHostWrapperPath(home: string, realShell: string): string {
	return path.join(stateDir(home), 'bin', 'agent-host', path.basename(realShell));
}

export function writeAgentHostWrapper(home: string, shim: string, realShell: string): string {
	const file = agentHostWrapperPath(home, realShell);
	const text = [
		'#!/bin/sh',
		'# Written by Terminal Guard for terminal.integrated.agentHostProfile: the agent host\'s shell, guarded.',
		`exec ${shQuote(shim)} shell --agent 'Copilot agent host' -- ${shQuote(realShell)} "$@"`,
		'',
	].join('\n');
	fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
	const temporary = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(temporary, text, { mode: 0o755 });
	fs.renameSync(temporary, file);
	return file;
}

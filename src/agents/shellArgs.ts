/**
 * Reads a shell's argv the way the shell does (bash, zsh, sh/dash/ksh roughly; fish separately), to
 * find what it will run: a `-c` command string with $0 and positional args, a script file, or lines
 * from stdin (an interactive or `-s` shell). No vscode import.
 */
import * as path from 'node:path';

/** Shown in the editor's modal as the asker (src/bridge/server.ts names it "An agent terminal"). */
export const DEFAULT_AGENT_NAME = 'shell';

/** The exit status of a command Terminal Guard did not let run (a shell's "cannot execute"). */
export const NOT_RUN_EXIT = 126;

export type ShellInvocation =
	/** `-c STRING [$0 [ARGS…]]`: `commands` holds the command string(s) (fish may give several). */
	| { readonly kind: 'command'; readonly commands: readonly string[]; readonly argv0: string | undefined; readonly args: readonly string[]; readonly fish: boolean }
	/** `SCRIPT [ARGS…]`: runs a file. */
	| { readonly kind: 'script' }
	/** No command string and no script: reads its lines from the terminal or stdin. */
	| { readonly kind: 'stdin' }
	/** Something we cannot read with certainty: fail closed. */
	| { readonly kind: 'unknown'; readonly problem: string };

/** POSIX-family options that take the next argument (`-o pipefail`, `+O extglob`). */
const SHORT_WITH_VALUE = new Set(['o', 'O']);
/** Long options that take the next argument (bash's --rcfile/--init-file, zsh's --emulate). */
const LONG_WITH_VALUE = new Set(['--rcfile', '--init-file', '--emulate']);

const FISH_FLAGS = new Set(['-i', '--interactive', '-l', '--login', '-n', '--no-execute', '-P', '--private', '-N', '--no-config', '-v', '--version', '-h', '--help', '--print-rusage-self', '--print-debug-categories']);
const FISH_WITH_VALUE = new Set(['-p', '--profile', '--profile-startup', '-d', '--debug', '-o', '--debug-output', '-f', '--features']);

export function isFish(shellPath: string): boolean {
	return path.basename(shellPath) === 'fish';
}

/** How SHELL (a path or name) will treat ARGS (argv without argv[0]). */
export function parseShellArgs(shellPath: string, args: readonly string[]): ShellInvocation {
	return isFish(shellPath) ? parseFish(args) : parsePosix(args);
}

function parsePosix(args: readonly string[]): ShellInvocation {
	let command = false;
	let stdin = false;
	let i = 0;
	for (; i < args.length; i++) {
		const a = args[i];
		if (a === '--' || a === '-') {
			i++;
			break;
		}
		if (a.startsWith('--')) {
			// bash takes long options only before short ones (and fails otherwise); zsh anywhere.
			const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
			if (LONG_WITH_VALUE.has(name) && !a.includes('=')) {
				if (i + 1 >= args.length) {
					return { kind: 'unknown', problem: `${a} needs a value` };
				}
				i++;
			}
			continue;
		}
		if ((a.startsWith('-') || a.startsWith('+')) && a.length > 1) {
			for (const c of a.slice(1)) {
				if (!/[a-zA-Z]/.test(c)) {
					return { kind: 'unknown', problem: `the option ${a} is not one Terminal Guard can read` };
				}
				if (SHORT_WITH_VALUE.has(c)) {
					if (i + 1 >= args.length) {
						return { kind: 'unknown', problem: `${a} needs a value` };
					}
					i++;
				} else if (c === 'c' && a.startsWith('-')) {
					command = true;
				} else if (c === 's' && a.startsWith('-')) {
					stdin = true;
				}
			}
			continue;
		}
		break;
	}
	const operands = args.slice(i);
	if (command) {
		if (operands.length === 0) {
			return { kind: 'unknown', problem: '-c has no command string' };
		}
		return { kind: 'command', commands: [operands[0]], argv0: operands[1], args: operands.slice(2), fish: false };
	}
	if (stdin || operands.length === 0) {
		return { kind: 'stdin' };
	}
	return { kind: 'script' };
}

function parseFish(args: readonly string[]): ShellInvocation {
	const commands: string[] = [];
	let i = 0;
	for (; i < args.length; i++) {
		const a = args[i];
		if (a === '--') {
			i++;
			break;
		}
		if (!a.startsWith('-') || a === '-') {
			break;
		}
		const eq = a.startsWith('--') ? a.indexOf('=') : -1;
		const name = eq >= 0 ? a.slice(0, eq) : a;
		if (name === '-c' || name === '--command' || name === '-C' || name === '--init-command') {
			if (eq >= 0) {
				commands.push(a.slice(eq + 1));
			} else if (i + 1 < args.length) {
				commands.push(args[++i]);
			} else {
				return { kind: 'unknown', problem: `${a} needs a value` };
			}
		} else if (/^-[cC]./.test(a)) {
			commands.push(a.slice(2));
		} else if (FISH_WITH_VALUE.has(name)) {
			if (eq < 0 && !/^-[pdof]./.test(a)) {
				if (i + 1 >= args.length) {
					return { kind: 'unknown', problem: `${a} needs a value` };
				}
				i++;
			}
		} else if (!FISH_FLAGS.has(name) && !(/^-[ilnPNvh]+$/.test(a))) {
			return { kind: 'unknown', problem: `the option ${a} is not one Terminal Guard can read` };
		}
	}
	const operands = args.slice(i);
	if (commands.length > 0) {
		return { kind: 'command', commands, argv0: undefined, args: operands, fish: true };
	}
	return operands.length === 0 ? { kind: 'stdin' } : { kind: 'script' };
}

/** A word as the shell would read it back: bare when plain, else single-quoted. */
export function shellQuote(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function dqEscape(word: string): string {
	return word.replace(/[\\"$`]/g, (c) => `\\${c}`);
}

/** An unquoted expansion: split into fields; each field quoted, globs left as globs. */
function unquotedFields(value: string): string {
	return value.split(/[ \t\n]+/).filter((w) => w !== '').map((w) => (/^[\w@%+=:,./*?[\]-]+$/.test(w) ? w : shellQuote(w))).join(' ');
}

/**
 * The command string with $0, $1…, ${N}, $@, $*, $# replaced by their values, quoted so the result
 * reads as the same command line ("$@" stays one word per argument).
 */
export function substitutePositional(script: string, argv0: string | undefined, args: readonly string[]): string {
	const param = (name: string): string | undefined => {
		if (name === '#') {
			return String(args.length);
		}
		if (/^\d+$/.test(name)) {
			const n = Number(name);
			return n === 0 ? (argv0 ?? 'bash') : (args[n - 1] ?? '');
		}
		return undefined;
	};
	let out = '';
	let dq = false;
	let i = 0;
	while (i < script.length) {
		const c = script[i];
		if (c === '\\') {
			out += script.slice(i, i + 2);
			i += 2;
			continue;
		}
		if (c === "'" && !dq) {
			const end = script.indexOf("'", i + 1);
			const stop = end < 0 ? script.length : end + 1;
			out += script.slice(i, stop);
			i = stop;
			continue;
		}
		if (c === '"') {
			dq = !dq;
			out += c;
			i++;
			continue;
		}
		if (c === '$') {
			let name: string | undefined;
			let length = 0;
			const rest = script.slice(i + 1);
			const braced = /^\{([@*#]|\d+)\}/.exec(rest);
			const bare = /^[@*#\d]/.exec(rest);
			if (braced) {
				name = braced[1];
				length = braced[0].length + 1;
			} else if (bare) {
				name = bare[0];
				length = 2;
			} else if (rest.startsWith('$')) {
				out += '$$';
				i += 2;
				continue;
			}
			if (name !== undefined) {
				i += length;
				if (name === '@' || name === '*') {
					if (dq) {
						out += args.map(dqEscape).join(name === '@' ? '" "' : ' ');
					} else {
						out += args.map(unquotedFields).filter((w) => w !== '').join(' ');
					}
				} else {
					const value = param(name) ?? '';
					out += dq ? dqEscape(value) : unquotedFields(value) || "''";
				}
				continue;
			}
		}
		out += c;
		i++;
	}
	return out;
}

/**
 * What to judge for a `-c` invocation: the command string(s) with positional args substituted, and
 * also the positional args read as a command line of their own (`bash -c '"$@"' _ rm -rf x`). The
 * lines are joined with newlines, so the engine's strictest verdict over them all applies.
 */
export function commandLineToJudge(invocation: Extract<ShellInvocation, { kind: 'command' }>): string {
	const lines = invocation.commands.map((c) => (invocation.fish || (invocation.args.length === 0 && invocation.argv0 === undefined) ? c : substitutePositional(c, invocation.argv0, invocation.args)));
	if (invocation.args.length > 0) {
		const asLine = invocation.args.map(shellQuote).join(' ');
		if (!lines.some((l) => l.trim() === asLine)) {
			lines.push(asLine);
		}
	}
	return lines.join('\n');
}

/**
 * A shell argv (`[shell, …args]`) as the command line to judge: the `-c` string (positional args
 * substituted, see commandLineToJudge), else the argv itself quoted (a script: the engine reads it).
 * Undefined when the shell reads its commands from stdin or the terminal.
 */
export function shellArgvLine(shellPath: string, args: readonly string[]): { line: string } | { stdin: true } | { problem: string } {
	const invocation = parseShellArgs(shellPath, args);
	switch (invocation.kind) {
		case 'command':
			return { line: commandLineToJudge(invocation) };
		case 'script':
			return { line: [path.basename(shellPath), ...args].map(shellQuote).join(' ') };
		case 'stdin':
			return { stdin: true };
		default:
			return { problem: invocation.problem };
	}
}

/**
 * Unwrapping: peel `sudo`, `env`, `bash -c`, `ssh host '…'`, `docker exec`, `xargs`, `python -c`…
 * until the command that really runs is reached, so that no wrapper launders it. Every layer is
 * kept as an invocation too (rules for `find -delete` need the outer one); the layers are named in
 * `via`, outermost first.
 */
import * as path from 'path';
import { commandName, firstPositional, literalWord, parseArgs, optionValue, hasOption } from './argv';
import { parseLine } from './parse';
import { scriptInvocations, type ScriptLanguage } from './scripts';
import type { AnalysisContext, Invocation, ParsedLine, SimpleCommand, Word } from './types';

/** Nested shells deeper than this (`bash -c "bash -c '…'"`) are not re-parsed, only scanned. */
const MAX_NESTING = 16;
/** Files read for `bash script.sh`, `psql -f`, `curl -d @file` are capped at this many bytes. */
export const MAX_FILE_BYTES = 256 * 1024;

/** Name of the synthetic invocation that carries text the engine could not parse (scanned for risky words). */
export const UNPARSED = '@unparsed';

interface Frame {
	readonly via: readonly string[];
	readonly env: Readonly<Record<string, string>>;
	/** Shell variables set earlier in the line (not exported), for `$VAR` used as a command name. */
	readonly variables?: Readonly<Record<string, string>>;
	readonly remote: boolean;
	readonly dynamicArgs: boolean;
	readonly depth: number;
}

/** The result of one wrapper step. */
type Step =
	| { readonly kind: 'argv'; readonly argv: readonly Word[]; readonly label: string; readonly env?: Record<string, string>; readonly remote?: boolean; readonly dynamicArgs?: boolean; readonly stdinText?: string | null }
	| { readonly kind: 'script'; readonly scripts: readonly string[]; readonly label: string; readonly remote?: boolean; readonly env?: Record<string, string> }
	| { readonly kind: 'code'; readonly language: ScriptLanguage; readonly code: string; readonly label: string; readonly env?: Record<string, string> };

/** A wrapper may run several commands (`find -exec a ; -exec b ;`): then it answers with a list. */
type Unwrapper = (args: readonly Word[], inv: Invocation, ctx: AnalysisContext) => Step | readonly Step[] | undefined;

/** More wrappers than this around one command (`sudo sudo sudo … rm`) are not peeled: the rest is scanned. */
const MAX_LAYERS = 64;

/** All invocations a parsed line would run, wrappers peeled. */
export function unwrapLine(parsed: ParsedLine, ctx: AnalysisContext, frame: Frame = ROOT): Invocation[] {
	const out: Invocation[] = [];
	unwrapCommands(parsed.commands, ctx, frame, out);
	return out;
}

/**
 * Runs through a line's commands in order, remembering plain variables (`RM='rm -rf'; $RM x`)
 * and exported ones (`export RAILS_ENV=production && rails db:drop`) for the commands after them.
 */
function unwrapCommands(commands: readonly SimpleCommand[], ctx: AnalysisContext, frame: Frame, out: Invocation[]): void {
	const variables: Record<string, string> = { ...frame.variables };
	let exported: Record<string, string> = {};
	for (const cmd of commands) {
		const keyword = cmd.words[0]?.text;
		if (cmd.words.length === 0 && cmd.redirects.length === 0) {
			for (const a of cmd.assignments) {
				variables[a.name] = a.value;
			}
			continue;
		}
		if (keyword === 'export' || ((keyword === 'declare' || keyword === 'typeset') && cmd.words.some((w) => /^-\w*x/.test(w.text)))) {
			exported = { ...exported };
			for (const a of cmd.assignments) {
				variables[a.name] = a.value;
				exported[a.name] = a.value;
			}
		} else if (keyword === 'local' || keyword === 'declare' || keyword === 'typeset' || keyword === 'readonly') {
			for (const a of cmd.assignments) {
				variables[a.name] = a.value;
			}
		}
		const inner = Object.keys(exported).length > 0 ? { ...frame, env: { ...frame.env, ...exported }, variables } : { ...frame, variables };
		unwrapCommand(cmd, ctx, inner, out);
	}
}

const ROOT: Frame = { via: [], env: {}, remote: false, dynamicArgs: false, depth: 0 };

/** One layer of a command being peeled. */
interface Layer {
	readonly argv: readonly Word[];
	readonly env: Readonly<Record<string, string>>;
	readonly via: readonly string[];
	readonly remote: boolean;
	readonly dynamicArgs: boolean;
	readonly stdinText: string | undefined;
}

function unwrapCommand(cmd: SimpleCommand, ctx: AnalysisContext, frame: Frame, out: Invocation[]): void {
	// A bare redirect (`> .env`) still writes: treat it as the no-op command `:`.
	const argv: readonly Word[] = cmd.words.length === 0 && cmd.redirects.length > 0 ? [literalWord(':')] : cmd.words;
	const env: Record<string, string> = { ...frame.env };
	for (const a of cmd.assignments) {
		env[a.name] = a.value;
	}
	unwrapLayer({ argv, env, via: frame.via, remote: frame.remote, dynamicArgs: frame.dynamicArgs, stdinText: stdinOf(cmd, ctx) }, cmd, ctx, frame, out, 0);
}

function unwrapLayer(layer: Layer, cmd: SimpleCommand, ctx: AnalysisContext, frame: Frame, out: Invocation[], count: number): void {
	if (layer.argv.length === 0) {
		return;
	}
	if (count >= MAX_LAYERS || out.length > MAX_INVOCATIONS) {
		// Fail closed: what is left is scanned for risky words instead of being judged.
		out.push(unparsed(layer.argv.map((w) => w.text).join(' '), { ...frame, via: layer.via, env: layer.env, remote: layer.remote }, cmd));
		return;
	}
	const argv = resolveCommandName(layer.argv, ctx, frame.variables);
	const inv: Invocation = {
		argv, name: commandName(argv[0].text), stdinText: layer.stdinText, redirects: cmd.redirects, env: { ...layer.env }, via: layer.via, remote: layer.remote, dynamicArgs: layer.dynamicArgs, source: cmd,
	};
	out.push(inv);
	if (/[;&|\n]/.test(argv[0].text)) {
		// No program is named `; rm -rf x`: a quoting slip, or a line built to hide one. Scan it.
		out.push(unparsed(argv[0].text, { ...frame, via: layer.via, env: layer.env, remote: layer.remote }, cmd));
	}
	const guessed = guessDynamicCommand(argv);
	if (guessed) {
		out.push({ ...inv, argv: guessed, name: commandName(guessed[0].text), via: [...layer.via, `${argv[0].text} (unknown command)`] });
	}
	const answer = (UNWRAPPERS.get(inv.name) ?? directScript)(argv.slice(1), inv, ctx);
	if (!answer) {
		return;
	}
	const steps: readonly Step[] = Array.isArray(answer) ? answer : [answer as Step];
	for (const step of steps) {
		const env = step.env ? { ...layer.env, ...step.env } : layer.env;
		if (step.kind === 'argv') {
			const stdinText = step.stdinText === undefined ? layer.stdinText : step.stdinText ?? undefined;
			unwrapLayer({ argv: step.argv, env, via: [...layer.via, step.label], remote: layer.remote || (step.remote ?? false), dynamicArgs: layer.dynamicArgs || (step.dynamicArgs ?? false), stdinText }, cmd, ctx, frame, out, count + 1);
			continue;
		}
		const inner: Frame = { via: [...layer.via, step.label], env: { ...env }, remote: layer.remote || (step.kind === 'script' && (step.remote ?? false)), dynamicArgs: layer.dynamicArgs, depth: frame.depth + 1 };
		if (step.kind === 'script') {
			for (const script of step.scripts) {
				unwrapScript(script, ctx, inner, cmd, out);
			}
			continue;
		}
		if (inner.depth > MAX_NESTING) {
			out.push(unparsed(step.code, inner, cmd));
			continue;
		}
		for (const synthetic of scriptInvocations(step.language, step.code)) {
			if (synthetic.kind === 'shell') {
				unwrapScript(synthetic.text, ctx, inner, cmd, out);
			} else {
				// Paths from code keep their glob characters visible (`glob.glob('*.db')` → `rm *.db`).
				const words = synthetic.argv.map((t) => ({ ...literalWord(t), glob: /[*?[]/.test(t) }));
				unwrapCommand({ words, assignments: [], redirects: [], raw: synthetic.argv.join(' '), stdin: synthetic.stdin !== undefined ? { kind: 'text', text: synthetic.stdin, via: 'herestring' } : undefined }, ctx, inner, out);
			}
		}
	}
}

/** `./cleanup.sh`, `scripts/reset-db`: a script run by path is read (when it can be) and judged line by line. */
function directScript(_args: readonly Word[], inv: Invocation, ctx: AnalysisContext): Step | undefined {
	const word = inv.argv[0];
	if (word.dynamic || !word.text.includes('/') || /\.(?:exe|dll|so|dylib|bin|jar|zip|gz)$/i.test(word.text)) {
		return undefined;
	}
	const text = readRelative(word.text, ctx);
	if (text === undefined) {
		return undefined;
	}
	const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text)?.slice(1).filter(Boolean).map((w) => commandName(w)) ?? [];
	const interpreter = shebang[0] === 'env' ? shebang[1] : shebang[0];
	const language = interpreter === undefined ? undefined : LANGUAGE_OF[interpreter.replace(/[\d.]+$/, '')];
	if (language) {
		return { kind: 'code', language, code: text, label: word.text };
	}
	const shell = interpreter === undefined ? /\.(?:sh|bash|zsh|command)$/.test(word.text) : SHELLS.includes(interpreter);
	return shell ? { kind: 'script', scripts: [text], label: word.text } : undefined;
}

const LANGUAGE_OF: Record<string, ScriptLanguage> = { python: 'python', pypy: 'python', node: 'javascript', nodejs: 'javascript', deno: 'javascript', bun: 'javascript', 'ts-node': 'javascript', tsx: 'javascript', ruby: 'ruby', perl: 'perl', php: 'php' };

/** Past this many invocations for one line, the rest is scanned, not judged (a bound on work). */
const MAX_INVOCATIONS = 20000;

/**
 * A command name that is a substitution whose output is known: `$(which rm)`, `` `command -v rm` ``,
 * `$(echo rm)`, `$(echo cm0g… | base64 -d)`. Unquoted, the output is split into words as bash does.
 */
function resolveCommandName(argv: readonly Word[], ctx: AnalysisContext, variables: Readonly<Record<string, string>> = {}): readonly Word[] {
	const first = argv[0];
	if (!first.dynamic) {
		return argv;
	}
	if (/^\$\{?(?:SHELL|BASH)(?:[:}]|$)/.test(first.text)) {
		// `$SHELL -c '…'`: some shell.
		return [{ ...first, text: 'sh', dynamic: false }, ...argv.slice(1)];
	}
	const variable = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(first.text)?.[1];
	const value = variable !== undefined && Object.prototype.hasOwnProperty.call(variables, variable) ? variables[variable] : undefined;
	if (value !== undefined && value.length < 4096) {
		const split = first.raw.startsWith('"') ? [value] : value.split(/[ \t\n]+/).filter(Boolean);
		return split.length > 0 ? [...split.map((t) => literalWord(t)), ...argv.slice(1)] : argv;
	}
	const lookup = /^(?:\$\(|`)\s*(?:which|command\s+-[vV]|type\s+-[pP]|whence\s+-p)\s+([\w.+-]+)\s*(?:\)|`)$/.exec(first.text);
	if (lookup) {
		return [{ ...first, text: lookup[1], dynamic: false }, ...argv.slice(1)];
	}
	const substitution = /^\$\(([\s\S]+)\)$|^`([\s\S]+)`$/.exec(first.text);
	if (!substitution || first.text.length > 4096) {
		return argv;
	}
	const inner = parseLine(substitution[1] ?? substitution[2]);
	const last = inner.commands[inner.commands.length - 1];
	const output = inner.status === 'complete' && last ? outputOf(last, ctx)?.replace(/\n+$/, '') : undefined;
	if (!output) {
		return argv;
	}
	const quoted = first.raw.startsWith('"');
	const words = quoted ? [output] : output.split(/[ \t\n]+/).filter(Boolean);
	return words.length > 0 ? [...words.map((t) => literalWord(t)), ...argv.slice(1)] : argv;
}

/**
 * A command whose name is only known when it runs (`"$RM" -rf build`, `$(echo rm) -rf x`) but
 * whose arguments read like a forced recursive delete is judged as `rm` too: guessing wrong costs
 * a confirmation, not guessing may cost the directory.
 */
function guessDynamicCommand(argv: readonly Word[]): readonly Word[] | undefined {
	if (!argv[0].dynamic || argv.length < 2) {
		return undefined;
	}
	const flags = argv.slice(1).map((w) => w.text).filter((t) => t.startsWith('-'));
	const rmLike = flags.some((t) => /^-[a-zA-Z]*[rR][a-zA-Z]*$/.test(t) && /f/.test(t)) || flags.includes('--recursive') || flags.includes('--no-preserve-root');
	return rmLike ? [literalWord('rm'), ...argv.slice(1)] : undefined;
}

/** Parses shell code found inside a wrapper and unwraps it in turn. */
export function unwrapScript(script: string, ctx: AnalysisContext, frame: Frame, source: SimpleCommand, out: Invocation[]): void {
	if (frame.depth > MAX_NESTING || script.length > 2 * MAX_FILE_BYTES) {
		out.push(unparsed(script, frame, source));
		return;
	}
	const parsed = parseLine(script);
	if (parsed.status !== 'complete' || parsed.truncated) {
		out.push(unparsed(script, frame, source));
	}
	unwrapCommands(parsed.commands, ctx, { ...frame, variables: {} }, out);
}

function unparsed(text: string, frame: Frame, source: SimpleCommand): Invocation {
	return { argv: [literalWord(UNPARSED)], name: UNPARSED, stdinText: text, redirects: [], env: { ...frame.env }, via: frame.via, remote: frame.remote, dynamicArgs: true, source };
}

// ---- standard input ------------------------------------------------------------------------------

/** Text known to reach a command's stdin: heredoc, here-string, or what `echo`/`cat`/`base64 -d` print. */
export function stdinOf(cmd: SimpleCommand, ctx: AnalysisContext, depth = 0): string | undefined {
	if (!cmd.stdin) {
		const input = cmd.redirects.find((r) => r.op === '<' && r.target && !r.target.dynamic);
		return input?.target ? readRelative(input.target.text, ctx) : undefined;
	}
	if (cmd.stdin.kind === 'text') {
		return cmd.stdin.text;
	}
	return depth > 16 ? undefined : outputOf(cmd.stdin.from, ctx, depth + 1);
}

/** What a command prints, when the line makes that obvious. */
export function outputOf(cmd: SimpleCommand, ctx: AnalysisContext, depth = 0): string | undefined {
	const words = cmd.words;
	const name = words[0] ? commandName(words[0].text) : '';
	const args = words.slice(1);
	switch (name) {
		case 'echo': {
			const rest = args.map((w) => w.text);
			let interpret = false;
			while (rest.length > 0 && /^-[neE]+$/.test(rest[0])) {
				interpret ||= rest[0].includes('e');
				rest.shift();
			}
			const text = rest.join(' ');
			return interpret ? text.replace(/\\n/g, '\n').replace(/\\t/g, '\t') : text;
		}
		case 'printf': {
			if (args.length === 0) {
				return undefined;
			}
			const [format, ...values] = args.map((w) => w.text);
			let i = 0;
			return format.replace(/%[-0-9.]*[sdbq]/g, () => values[i++] ?? '').replace(/\\n/g, '\n').replace(/\\t/g, '\t') + (i < values.length ? values.slice(i).join(' ') : '');
		}
		case 'cat': {
			const files = args.filter((w) => !w.text.startsWith('-') || w.text === '-');
			if (files.length === 0 || (files.length === 1 && files[0].text === '-')) {
				return stdinOf(cmd, ctx, depth);
			}
			const parts = files.map((w) => (w.dynamic ? undefined : readRelative(w.text, ctx)));
			return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
		}
		case 'base64': {
			const parsed = parseArgs(args, { withValue: ['-w', '--wrap'] });
			if (!hasOption(parsed, '-d', '--decode', '-D')) {
				return undefined;
			}
			const file = parsed.positionals[0];
			const encoded = file && file.text !== '-' ? readRelative(file.text, ctx) : stdinOf(cmd, ctx, depth);
			return encoded === undefined ? undefined : Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8');
		}
		case 'xxd': {
			const parsed = parseArgs(args);
			if (!hasOption(parsed, '-r') || !hasOption(parsed, '-p', '-ps')) {
				return undefined;
			}
			const hex = stdinOf(cmd, ctx, depth);
			return hex === undefined ? undefined : Buffer.from(hex.replace(/[^0-9a-fA-F]/g, ''), 'hex').toString('utf8');
		}
		case 'rev': {
			const text = stdinOf(cmd, ctx, depth);
			return text === undefined ? undefined : text.split('\n').map((l) => [...l].reverse().join('')).join('\n');
		}
		default:
			return undefined;
	}
}

/** Reads a file named in the command, relative to the working directory, if the context allows. */
export function readRelative(file: string, ctx: AnalysisContext): string | undefined {
	if (!ctx.readFile || !file) {
		return undefined;
	}
	const expanded = file.startsWith('~/') && ctx.home ? path.join(ctx.home, file.slice(2)) : file;
	const absolute = path.isAbsolute(expanded) ? expanded : path.resolve(ctx.cwd ?? process.cwd(), expanded);
	try {
		const text = ctx.readFile(absolute);
		return text === undefined ? undefined : text.slice(0, MAX_FILE_BYTES);
	} catch {
		return undefined;
	}
}

// ---- the wrappers ----------------------------------------------------------------------------------

const UNWRAPPERS = new Map<string, Unwrapper>();

function wrapper(names: string[], fn: Unwrapper): void {
	for (const n of names) {
		UNWRAPPERS.set(n, fn);
	}
}

/** A wrapper whose own options come first, then the command: `nice -n 5 cmd`. */
function prefix(names: string[], withValue: string[], extra?: (args: readonly Word[], start: number) => number, assignments = false): void {
	wrapper(names, (args, inv) => {
		let start = firstPositional(args, withValue);
		if (extra) {
			start = extra(args, start);
		}
		// `sudo RAILS_ENV=production rails db:drop`: sudo and doas take assignments before the command.
		const env: Record<string, string> = {};
		while (assignments && start < args.length && /^[A-Za-z_]\w*=/.test(args[start].text)) {
			const t = args[start].text;
			env[t.slice(0, t.indexOf('='))] = t.slice(t.indexOf('=') + 1);
			start++;
		}
		return start < args.length ? { kind: 'argv', argv: args.slice(start), label: inv.name, env } : undefined;
	});
}

prefix(['sudo'], ['-u', '--user', '-g', '--group', '-h', '--host', '-p', '--prompt', '-C', '--close-from', '-D', '--chdir', '-r', '--role', '-t', '--type', '-U', '--other-user', '-T', '--command-timeout', '-R', '--chroot'], undefined, true);
prefix(['doas'], ['-u', '-C'], undefined, true);
prefix(['nohup', 'setsid', 'chronic', 'unbuffer', 'torsocks', 'catchsegv', 'builtin', 'noglob', 'nocorrect', 'then', 'do', 'else'], []);
prefix(['nice'], ['-n', '--adjustment']);
prefix(['ionice'], ['-c', '--class', '-n', '--classdata', '-p', '--pid', '-P', '--pgid', '-u', '--uid']);
prefix(['stdbuf'], ['-i', '--input', '-o', '--output', '-e', '--error']);
prefix(['time'], ['-f', '--format', '-o', '--output'], undefined, true);
prefix(['caffeinate'], ['-t', '-w']);
prefix(['proxychains', 'proxychains4'], ['-f']);
prefix(['coproc', 'pkexec', 'catchsegv', 'eatmydata', 'fakeroot', 'faketime', 'tsocks', 'dbus-launch', 'dbus-run-session', 'xdg-su'], ['--user', '-u', '-c', '-l', '-s', '-f', '-b']);
prefix(['nsenter'], ['-t', '--target', '-S', '--setuid', '-G', '--setgid', '-w', '--wd', '-r', '--root']);
prefix(['unshare'], ['--propagation', '--setgroups', '-S', '--setuid', '-G', '--setgid', '-R', '--root', '-w', '--wd']);
prefix(['numactl'], ['-N', '--cpunodebind', '-m', '--membind', '-C', '--physcpubind', '-i', '--interleave', '-p', '--preferred']);
prefix(['cgexec'], ['-g']);
prefix(['prlimit'], []);
prefix(['entr'], []);
// `gosu USER cmd…`, `su-exec USER cmd…`, `chroot NEWROOT cmd…`, `taskset MASK cmd…`, `sg GROUP cmd…`
prefix(['gosu', 'su-exec', 'setpriv', 'chpst', 'chroot', 'taskset'], ['--userspec', '--groups', '-u', '-U', '-e'], (args, start) => (args.slice(0, start).some((a) => a.text === '-p' || a.text === '--pid') ? args.length : start + 1));
prefix(['xvfb-run'], ['-n', '--server-num', '-s', '--server-args', '-e', '--error-file', '-f', '--auth-file', '-p', '--xauth-protocol']);
prefix(['firejail', 'systemd-run', 'strace', 'ltrace', 'valgrind'], ['-o', '-e', '-p', '-u', '--unit', '-s']);
// timeout [opts] DURATION cmd…
prefix(['timeout', 'gtimeout'], ['-s', '--signal', '-k', '--kill-after'], (_args, start) => start + 1);
// flock [opts] FILE cmd… (flock -c 'cmd' FILE handled below)
wrapper(['flock'], (args, inv) => {
	const parsed = parseArgs(args, { withValue: ['-w', '--timeout', '-E', '--conflict-exit-code', '-c', '--command'] });
	const command = optionValue(parsed, '-c', '--command');
	if (command) {
		return { kind: 'script', scripts: [command], label: 'flock -c' };
	}
	const start = firstPositional(args, ['-w', '--timeout', '-E', '--conflict-exit-code']) + 1;
	return start < args.length ? { kind: 'argv', argv: args.slice(start), label: inv.name } : undefined;
});

wrapper(['command'], (args, inv) => {
	// `command -v rm` only looks the name up.
	if (args.some((a) => /^-[pVv]*[vV]/.test(a.text))) {
		return undefined;
	}
	const start = firstPositional(args, []);
	return start < args.length ? { kind: 'argv', argv: args.slice(start), label: inv.name } : undefined;
});

wrapper(['exec'], (args, inv) => {
	const start = firstPositional(args, ['-a']);
	return start < args.length ? { kind: 'argv', argv: args.slice(start), label: inv.name } : undefined;
});

wrapper(['env'], (args, inv) => {
	const env: Record<string, string> = {};
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		if (t === '-S' || t === '--split-string') {
			return i + 1 < args.length ? { kind: 'script', scripts: [args.slice(i + 1).map((w) => w.text).join(' ')], label: 'env -S', env } : undefined;
		}
		if (t.startsWith('-S') && t.length > 2) {
			return { kind: 'script', scripts: [[t.slice(2), ...args.slice(i + 1).map((w) => w.text)].join(' ')], label: 'env -S', env };
		}
		if (t.startsWith('--split-string=')) {
			return { kind: 'script', scripts: [[t.slice(15), ...args.slice(i + 1).map((w) => w.text)].join(' ')], label: 'env -S', env };
		}
		if (['-u', '--unset', '-C', '--chdir', '-P'].includes(t)) {
			i++;
			continue;
		}
		if (t === '--') {
			return i + 1 < args.length ? { kind: 'argv', argv: args.slice(i + 1), label: inv.name, env } : undefined;
		}
		if (t.startsWith('-')) {
			continue;
		}
		const eq = t.indexOf('=');
		if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.slice(0, eq))) {
			env[t.slice(0, eq)] = t.slice(eq + 1);
			continue;
		}
		return { kind: 'argv', argv: args.slice(i), label: inv.name, env };
	}
	return undefined;
});

const SHELLS = ['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'rbash', 'busybox', 'tcsh', 'csh', 'yash', 'posh', 'nu', 'xonsh', 'osh', 'ysh', 'elvish'];
wrapper(SHELLS, (args, inv, ctx) => {
	let rest = args;
	if (inv.name === 'busybox') {
		if (!rest[0] || !['sh', 'ash', 'bash'].includes(rest[0].text)) {
			return rest[0] ? { kind: 'argv', argv: rest, label: 'busybox' } : undefined;
		}
		rest = rest.slice(1);
	}
	const label = `${inv.name} -c`;
	let fromStdin = false;
	for (let i = 0; i < rest.length; i++) {
		const t = rest[i].text;
		if (t === '--command' || t === '-c' || (/^-[a-zA-Z]+$/.test(t) && t.includes('c'))) {
			return i + 1 < rest.length ? { kind: 'script', scripts: [withPositionals(rest[i + 1].text, rest.slice(i + 3))], label } : undefined;
		}
		if (t.startsWith('--command=') || t.startsWith('--init-command=')) {
			return { kind: 'script', scripts: [t.slice(t.indexOf('=') + 1)], label };
		}
		if (['-o', '+o', '-O', '+O', '--rcfile', '--init-file', '-C', '--init-command'].includes(t)) {
			i++;
			continue;
		}
		if (t === '-' || t === '--') {
			// `bash -` reads the script from stdin; after `--` comes the script file (or, with -s, arguments).
			if (t === '-' || fromStdin) {
				break;
			}
			continue;
		}
		if (/^-[a-zA-Z]*s[a-zA-Z]*$/.test(t) && !t.startsWith('--')) {
			// `bash -s arg…`: the script comes from stdin, the words after it are its arguments.
			fromStdin = true;
			continue;
		}
		if (t.startsWith('-') || t.startsWith('+')) {
			continue;
		}
		if (fromStdin) {
			break;
		}
		// `bash script.sh`: read the script if it is there.
		const script = rest[i].dynamic ? undefined : readRelative(t, ctx);
		return script !== undefined ? { kind: 'script', scripts: [script], label: `${inv.name} ${t}` } : undefined;
	}
	// `… | bash`, `bash <<EOF`, `bash -s`
	return inv.stdinText !== undefined ? { kind: 'script', scripts: [inv.stdinText], label: `${inv.name} (stdin)` } : undefined;
});

/**
 * `sh -c 'rm -rf "$1"' _ build`: the script's `$1`… are the words after `$0`. Plain values are
 * put in place so the target can be named; anything with shell characters is left as `$1`.
 */
function withPositionals(script: string, values: readonly Word[]): string {
	if (values.length === 0 || !/\$(?:\{?[1-9]|[@*])/.test(script)) {
		return script;
	}
	const plain = values.every((w) => /^[\w./@:+,%=~-]+$/.test(w.text));
	if (!plain) {
		return script;
	}
	return script
		.replace(/\$\{?([1-9])\}?/g, (m, n: string) => values[Number(n) - 1]?.text ?? m)
		.replace(/\$\{?[@*]\}?/g, values.map((w) => w.text).join(' '));
}

// CLI deleters from package registries: `npx rimraf dist`, `rimraf '**/*.log'`.
wrapper(['rimraf', 'rimraf-cli', 'del-cli'], (args, inv) => {
	const paths = parseArgs(args, { withValue: ['--glob', '--impl', '--max-retries', '--retry-delay', '--backoff', '--max-backoff'] }).positionals;
	return paths.length > 0 && !args.some((a) => a.text === '--help' || a.text === '-h' || a.text === '--dry-run' || a.text === '-d') ? { kind: 'argv', argv: [literalWord('rm'), literalWord('-rf'), ...paths], label: inv.name } : undefined;
});

wrapper(['eval'], (args) => (args.length > 0 ? { kind: 'script', scripts: [args.map((w) => w.text).join(' ')], label: 'eval' } : undefined));

wrapper(['source', '.'], (args, inv, ctx) => {
	const script = args[0] && !args[0].dynamic ? readRelative(args[0].text, ctx) : undefined;
	return script !== undefined ? { kind: 'script', scripts: [script], label: inv.name } : undefined;
});

wrapper(['su', 'runuser'], (args, inv) => {
	const parsed = parseArgs(args, { withValue: ['-c', '--command', '-s', '--shell', '-g', '--group', '-u', '--user'] });
	const command = optionValue(parsed, '-c', '--command');
	if (command) {
		return { kind: 'script', scripts: [command], label: 'su -c' };
	}
	// `runuser -u postgres -- psql …`
	const dashdash = args.findIndex((a) => a.text === '--');
	return dashdash >= 0 && dashdash + 1 < args.length ? { kind: 'argv', argv: args.slice(dashdash + 1), label: inv.name } : undefined;
});

wrapper(['script'], (args) => {
	const parsed = parseArgs(args, { withValue: ['-c', '--command', '-t', '--timing', '-E', '--echo'] });
	const command = optionValue(parsed, '-c', '--command');
	return command ? { kind: 'script', scripts: [command], label: 'script -c' } : undefined;
});

wrapper(['watch'], (args) => {
	const withValue = ['-n', '--interval', '-q', '--equexit'];
	const start = firstPositional(args, withValue);
	if (start >= args.length) {
		return undefined;
	}
	const exec = args.slice(0, start).some((a) => a.text === '-x' || a.text === '--exec' || /^-[a-z]*x/.test(a.text));
	return exec
		? { kind: 'argv', argv: args.slice(start), label: 'watch' }
		: { kind: 'script', scripts: [args.slice(start).map((w) => w.text).join(' ')], label: 'watch' };
});

wrapper(['xargs'], (args, inv, ctx) => {
	// `-i`, `-e` and `-l` take their value only when attached (`-i{}`), so they are not listed.
	const withValue = ['-a', '--arg-file', '-d', '--delimiter', '-E', '-I', '-L', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars', '--process-slot-var', '--max-lines'];
	const start = firstPositional(args, withValue);
	const command = start < args.length ? args.slice(start) : [literalWord('echo')];
	const options = parseArgs(args.slice(0, start), { withValue });
	const file = optionValue(options, '-a', '--arg-file');
	const input = file !== undefined ? readRelative(file, ctx) : inv.stdinText;
	const nul = hasOption(options, '-0', '--null');
	const items = input === undefined ? [] : (nul ? input.split('\0') : input.split(/\n/)).flatMap((line) => (nul ? [line] : line.trim().split(/\s+/))).filter(Boolean);
	const iFlag = args.slice(0, start).find((a) => /^-i/.test(a.text));
	const replace = options.options.has('-I') || iFlag !== undefined || options.options.has('--replace');
	if (items.length > 0 && !replace) {
		return { kind: 'argv', argv: [...command, ...items.map((t) => literalWord(t))], label: 'xargs', stdinText: null };
	}
	if (items.length > 0) {
		// `xargs -I{} cmd {}`: each input line replaces the placeholder.
		const placeholder = optionValue(options, '-I', '--replace') || iFlag?.text.slice(2) || '{}';
		const lines = (input ?? '').split(nul ? '\0' : '\n').map((l) => l.trim()).filter(Boolean);
		return lines.slice(0, 64).map((line) => ({
			kind: 'argv' as const, argv: command.map((w) => (w.text.includes(placeholder) ? literalWord(w.text.split(placeholder).join(line)) : w)), label: 'xargs', stdinText: null,
		}));
	}
	return { kind: 'argv', argv: command, label: 'xargs', dynamicArgs: true, stdinText: null };
});

wrapper(['parallel'], (args) => {
	const sep = args.findIndex((a) => a.text === ':::' || a.text === '::::');
	const head = sep >= 0 ? args.slice(0, sep) : args;
	const start = firstPositional(head, ['-j', '--jobs', '-S', '--sshlogin', '--joblog', '-a', '--arg-file', '--delay', '--timeout', '-N', '-n', '--max-args']);
	const command = head.slice(start);
	if (command.length === 0) {
		return undefined;
	}
	const values = sep >= 0 ? args.slice(sep + 1).filter((a) => a.text !== ':::') : [];
	if (command.length === 1 && /\s/.test(command[0].text)) {
		const scripts = values.length > 0 ? values.map((v) => command[0].text.replace(/\{\}/g, v.text)) : [command[0].text];
		return { kind: 'script', scripts, label: 'parallel' };
	}
	return { kind: 'argv', argv: [...command, ...values], label: 'parallel', dynamicArgs: values.length === 0 };
});

const FD_WITH_VALUE = ['-e', '--extension', '-t', '--type', '-E', '--exclude', '-d', '--max-depth', '--min-depth', '--exact-depth', '-S', '--size', '--changed-within', '--changed-before', '-j', '--threads', '-o', '--owner', '--base-directory', '--path-separator', '-c', '--color', '--max-results', '--ignore-file', '--search-path'];
const FIND_EXEC = ['-exec', '-execdir', '-ok', '-okdir', '-x', '--exec', '-X', '--exec-batch'];
wrapper(['find', 'gfind', 'fd', 'fdfind'], (args, inv) => {
	const first = args.findIndex((a) => FIND_EXEC.includes(a.text));
	if (first < 0) {
		return undefined;
	}
	const fd = inv.name.startsWith('fd');
	const head = args.slice(0, first);
	// fd PATTERN [PATH…]; find PATH… EXPRESSION
	const roots = fd ? parseArgs(head, { withValue: FD_WITH_VALUE }).positionals.slice(1) : head.filter((a, i) => i === 0 || !head[i - 1].text.startsWith('-')).filter((a) => !a.text.startsWith('-') && !a.text.startsWith('(') && a.text !== '!');
	const root = roots[0]?.text ?? '.';
	const steps: Step[] = [];
	for (let at = first; at >= 0 && at < args.length;) {
		let end = args.findIndex((a, i) => i > at && (a.text === ';' || a.text === '+' || a.text === '\\;'));
		if (end < 0) {
			end = args.length;
		}
		// `{}` stands for each file found: the search root is the closest thing that can be named.
		let command = args.slice(at + 1, end).map((w) => (w.text.includes('{}') ? { ...w, text: w.text.replace(/\{\}/g, root), dynamic: true } : w));
		if (fd && !args.slice(at + 1, end).some((w) => /\{[/.]*\}|\{\/\/\}/.test(w.text))) {
			// fd appends the path when the command has no placeholder.
			command = [...command, { ...literalWord(root), dynamic: true }];
		}
		if (command.length > 0) {
			steps.push({ kind: 'argv', argv: command, label: `${inv.name} ${args[at].text}`, dynamicArgs: true });
		}
		const next = args.slice(end + 1).findIndex((a) => FIND_EXEC.includes(a.text));
		at = next < 0 ? -1 : end + 1 + next;
	}
	return steps.length > 0 ? steps : undefined;
});

// Remote shells and containers: the command runs elsewhere.
wrapper(['ssh', 'autossh', 'mosh'], (args, inv) => {
	const start = firstPositional(args, ['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B', '-M']);
	const command = args.slice(start + 1)[0]?.text === '--' ? args.slice(start + 2) : args.slice(start + 1);
	if (command.length > 0) {
		const text = command.map((w) => w.text).join(' ');
		// `ssh host bash -s < deploy.sh`, `ssh host 'sudo sh' <<EOF`: the remote shell reads our stdin.
		const shell = command.some((w) => SHELLS.includes(commandName(w.text))) && !command.some((w) => /^-[a-z]*c$/.test(w.text));
		const scripts = shell && inv.stdinText !== undefined ? [text, inv.stdinText] : [text];
		return { kind: 'script', scripts, label: `ssh ${args[start]?.text ?? ''}`.trim(), remote: true };
	}
	return inv.stdinText !== undefined ? { kind: 'script', scripts: [inv.stdinText], label: 'ssh (stdin)', remote: true } : undefined;
});

function containerExec(label: string, args: readonly Word[], withValue: string[]): Step | undefined {
	const dashdash = args.findIndex((a) => a.text === '--');
	if (dashdash >= 0 && dashdash + 1 < args.length) {
		return { kind: 'argv', argv: args.slice(dashdash + 1), label, remote: true };
	}
	const target = firstPositional(args, withValue);
	return target + 1 < args.length ? { kind: 'argv', argv: args.slice(target + 1), label: `${label} ${args[target].text}`, remote: true } : undefined;
}

const DOCKER_EXEC_OPTS = ['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys', '--index'];
const DOCKER_RUN_OPTS = [
	...DOCKER_EXEC_OPTS, '-a', '--attach', '--add-host', '--blkio-weight', '-c', '--cpu-shares', '--cap-add', '--cap-drop', '--cgroup-parent', '--cgroupns', '--cidfile', '--cpus',
	'--cpuset-cpus', '--cpuset-mems', '--device', '--device-cgroup-rule', '--dns', '--dns-option', '--dns-search', '--domainname', '--entrypoint', '--expose', '--gpus', '--group-add',
	'-h', '--hostname', '--health-cmd', '--health-interval', '--health-retries', '--health-start-period', '--health-timeout', '--ip', '--ip6', '--ipc', '--isolation', '-l', '--label',
	'--label-file', '--link', '--log-driver', '--log-opt', '--mac-address', '-m', '--memory', '--memory-reservation', '--memory-swap', '--mount', '--name', '--network', '--net',
	'--network-alias', '-p', '--publish', '--pid', '--platform', '--pull', '--restart', '--runtime', '--security-opt', '--shm-size', '--stop-signal', '--stop-timeout', '--storage-opt',
	'--sysctl', '--tmpfs', '--ulimit', '--userns', '--uts', '-v', '--volume', '--volumes-from', '--pids-limit', '--oom-score-adj', '--annotation',
];
const COMPOSE_RUN_OPTS = ['-e', '--env', '--entrypoint', '-l', '--label', '--name', '-p', '--publish', '-u', '--user', '-v', '--volume', '-w', '--workdir', '--pull', '--cap-add', '--cap-drop'];
wrapper(['docker', 'podman', 'nerdctl', 'docker-compose'], (args, inv) => {
	let rest = args;
	if (rest[0]?.text === 'container' || rest[0]?.text === 'compose') {
		rest = rest.slice(1);
		// `docker compose -f x.yml exec …`
		const sub = firstPositional(rest, ['-f', '--file', '-p', '--project-name', '--env-file', '--profile']);
		rest = rest.slice(sub);
	}
	if (rest[0]?.text === 'exec') {
		return containerExec(`${inv.name} exec`, rest.slice(1), DOCKER_EXEC_OPTS);
	}
	if (rest[0]?.text === 'run') {
		// `docker run [opts] IMAGE cmd…`, `docker compose run [opts] SERVICE cmd…`: a new container, so
		// its own paths are remote; mounted volumes (`-v "$PWD":/app`) are not tracked.
		const opts = args[0]?.text === 'compose' || inv.name === 'docker-compose' ? COMPOSE_RUN_OPTS : DOCKER_RUN_OPTS;
		const image = firstPositional(rest.slice(1), opts) + 1;
		return image + 1 < rest.length ? { kind: 'argv', argv: rest.slice(image + 1), label: `${inv.name} run ${rest[image].text}`, remote: true } : undefined;
	}
	return undefined;
});

wrapper(['kubectl', 'oc', 'microk8s.kubectl', 'k'], (args, inv) => {
	const sub = firstPositional(args, ['-n', '--namespace', '--context', '--kubeconfig', '-s', '--server', '--cluster', '--user']);
	if (args[sub]?.text === 'run' || args[sub]?.text === 'debug') {
		// `kubectl run tmp --rm -it --image=busybox -- sh -c '…'`
		const dashdash = args.findIndex((a) => a.text === '--');
		return dashdash > sub && dashdash + 1 < args.length ? { kind: 'argv', argv: args.slice(dashdash + 1), label: `${inv.name} ${args[sub].text}`, remote: true } : undefined;
	}
	if (args[sub]?.text !== 'exec') {
		return undefined;
	}
	const rest = args.slice(sub + 1);
	const dashdash = rest.findIndex((a) => a.text === '--');
	return dashdash >= 0 && dashdash + 1 < rest.length ? { kind: 'argv', argv: rest.slice(dashdash + 1), label: `${inv.name} exec`, remote: true } : containerExec(`${inv.name} exec`, rest, ['-c', '--container', '-n', '--namespace', '-f', '--filename']);
});

wrapper(['lxc', 'incus', 'multipass', 'vagrant', 'wsl'], (args, inv) => {
	const dashdash = args.findIndex((a) => a.text === '--' || a.text === '-e' || a.text === '--exec');
	if (inv.name === 'vagrant' && args[0]?.text === 'ssh') {
		const parsed = parseArgs(args.slice(1), { withValue: ['-c', '--command'] });
		const command = optionValue(parsed, '-c', '--command');
		return command ? { kind: 'script', scripts: [command], label: 'vagrant ssh', remote: true } : undefined;
	}
	if (dashdash >= 0 && dashdash + 1 < args.length) {
		return { kind: 'argv', argv: args.slice(dashdash + 1), label: `${inv.name} exec`, remote: inv.name !== 'wsl' };
	}
	if (inv.name === 'wsl') {
		// `wsl rm -rf x` runs the rest in the default distribution's shell.
		let start = 0;
		while (start < args.length && args[start].text.startsWith('-')) {
			// Management options (`--unregister X`, `--list`) run nothing.
			if (!['-d', '--distribution', '-u', '--user', '--cd', '--shell-type'].includes(args[start].text)) {
				return undefined;
			}
			start += 2;
		}
		return start < args.length ? { kind: 'script', scripts: [args.slice(start).map((w) => w.text).join(' ')], label: 'wsl' } : undefined;
	}
	return undefined;
});

wrapper(['heroku'], (args) => {
	if (!args[0] || !/^run(:detached|:inside)?$/.test(args[0].text)) {
		return undefined;
	}
	const rest = args.slice(1);
	const start = firstPositional(rest, ['-a', '--app', '-r', '--remote', '-s', '--size', '-e', '--env', '--type']);
	return start < rest.length ? { kind: 'argv', argv: rest.slice(start), label: 'heroku run', remote: true } : undefined;
});

wrapper(['railway'], (args) => {
	if (args[0]?.text !== 'run') {
		return undefined;
	}
	const rest = args.slice(1);
	const parsed = parseArgs(rest, { withValue: ['-s', '--service', '-e', '--environment'] });
	const start = firstPositional(rest, ['-s', '--service', '-e', '--environment']);
	const environment = optionValue(parsed, '-e', '--environment');
	// `railway run` injects the linked environment's variables (and credentials) locally.
	return start < rest.length ? { kind: 'argv', argv: rest.slice(start), label: 'railway run', env: environment ? { RAILWAY_ENVIRONMENT: environment } : undefined } : undefined;
});

wrapper(['fly', 'flyctl'], (args) => {
	if (args[0]?.text !== 'ssh' || args[1]?.text !== 'console') {
		return undefined;
	}
	const parsed = parseArgs(args.slice(2), { withValue: ['-C', '--command', '-a', '--app', '-s', '--select', '-r', '--region', '-u', '--user', '--machine'] });
	const command = optionValue(parsed, '-C', '--command');
	return command ? { kind: 'script', scripts: [command], label: 'fly ssh console', remote: true } : undefined;
});

wrapper(['gcloud'], (args) => {
	const i = args.findIndex((a) => a.text === 'ssh');
	if (i < 0 || !args.slice(0, i).some((a) => a.text === 'compute' || a.text === 'tpus' || a.text === 'workstations')) {
		return undefined;
	}
	const parsed = parseArgs(args.slice(i + 1), { withValue: ['--command', '--zone', '--project', '--ssh-flag', '--ssh-key-file', '--strict-host-key-checking'] });
	const command = optionValue(parsed, '--command');
	if (command) {
		return { kind: 'script', scripts: [command], label: 'gcloud compute ssh', remote: true };
	}
	const dashdash = args.findIndex((a) => a.text === '--');
	return dashdash >= 0 ? { kind: 'script', scripts: [args.slice(dashdash + 1).map((w) => w.text).join(' ')], label: 'gcloud compute ssh', remote: true } : undefined;
});

// Package runners and secret injectors: `npx prisma …`, `op run -- …`, `doppler run -- …`.
function runner(label: string, args: readonly Word[], withValue: string[]): Step | undefined {
	const dashdash = args.findIndex((a) => a.text === '--');
	if (dashdash >= 0) {
		return dashdash + 1 < args.length ? { kind: 'argv', argv: args.slice(dashdash + 1), label } : undefined;
	}
	const start = firstPositional(args, withValue);
	return start < args.length ? { kind: 'argv', argv: args.slice(start), label } : undefined;
}

wrapper(['npx', 'bunx', 'pnpx'], (args, inv) => {
	const parsed = parseArgs(args.slice(0, firstPositional(args, ['-p', '--package', '-c', '--call'])), { withValue: ['-p', '--package', '-c', '--call'] });
	const call = optionValue(parsed, '-c', '--call');
	return call ? { kind: 'script', scripts: [call], label: `${inv.name} -c` } : runner(inv.name, args, ['-p', '--package']);
});
wrapper(['npm', 'pnpm', 'yarn', 'bun'], (args, inv) => {
	const sub = args[0]?.text;
	if (sub === 'exec' || sub === 'x' || sub === 'dlx') {
		const rest = args.slice(1);
		const parsed = parseArgs(rest, { withValue: ['-c', '--call', '-p', '--package', '-w', '--workspace'] });
		const call = optionValue(parsed, '-c', '--call');
		return call ? { kind: 'script', scripts: [call], label: `${inv.name} exec -c` } : runner(`${inv.name} ${sub}`, rest, ['-p', '--package', '-w', '--workspace']);
	}
	if (inv.name === 'bun' && (sub === '-e' || sub === '--eval' || sub === 'eval')) {
		return args[1] ? { kind: 'code', language: 'javascript', code: args[1].text, label: 'bun -e' } : undefined;
	}
	return undefined;
});
wrapper(['bundle', 'poetry', 'pipenv', 'uv', 'pdm', 'rye', 'hatch', 'mise', 'asdf', 'devbox', 'pixi', 'conda', 'micromamba'], (args, inv) => {
	const sub = args[0]?.text;
	if (sub !== 'exec' && sub !== 'run' && sub !== 'x') {
		return undefined;
	}
	return runner(`${inv.name} ${sub}`, args.slice(1), ['-n', '--name', '-p', '--python', '--with', '-e', '--env', '--project', '--directory', '--environment', '--from', '--group', '--extra', '--package']);
});
wrapper(['uvx', 'pipx'], (args, inv) => runner(inv.name, inv.name === 'pipx' && args[0]?.text === 'run' ? args.slice(1) : args, ['--from', '--with', '--python', '--spec']));
/** `KEY=value` lines of an env file (`dotenv -e .env.production -- …`), so production settings count. */
function envFile(args: readonly Word[], ctx: AnalysisContext): Record<string, string> {
	const env: Record<string, string> = {};
	const parsed = parseArgs(args, { withValue: ['-e', '-f', '--env-file', '--file'] });
	for (const name of ['-e', '-f', '--env-file', '--file']) {
		for (const file of parsed.options.get(name) ?? []) {
			for (const line of (readRelative(file, ctx) ?? '').split(/\r?\n/)) {
				const m = /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*(['"]?)(.*?)\2\s*$/.exec(line);
				if (m) {
					env[m[1]] = m[3];
				}
			}
		}
	}
	return env;
}

wrapper(['op', 'doppler', 'infisical', 'aws-vault', 'chamber', 'dotenv', 'dotenvx', 'teller', 'envchain', 'sops', 'direnv', 'with-contenv', 'aws-sso'], (args, inv, ctx) => {
	const dashdash = args.findIndex((a) => a.text === '--');
	if (dashdash >= 0 && dashdash + 1 < args.length) {
		return { kind: 'argv', argv: args.slice(dashdash + 1), label: `${inv.name} run`, env: envFile(args.slice(0, dashdash), ctx) };
	}
	const parsed = parseArgs(args, { withValue: ['--command', '-c'] });
	const command = optionValue(parsed, '--command');
	if (command) {
		return { kind: 'script', scripts: [command], label: `${inv.name} run` };
	}
	if (inv.name === 'direnv' && args[0]?.text === 'exec' && args.length > 2) {
		return { kind: 'argv', argv: args.slice(2), label: 'direnv exec' };
	}
	return undefined;
});
wrapper(['nix-shell', 'nix'], (args) => {
	const parsed = parseArgs(args, { withValue: ['--run', '--command', '-c', '-p', '--packages', '-I', '--arg', '--argstr', '-A', '--attr'] });
	const command = optionValue(parsed, '--run', '--command');
	if (command) {
		return { kind: 'script', scripts: [command], label: 'nix-shell --run' };
	}
	const at = args.findIndex((a) => a.text === '-c' || a.text === '--command');
	return at >= 0 && at + 1 < args.length ? { kind: 'argv', argv: args.slice(at + 1), label: 'nix develop -c' } : undefined;
});

// Terminal multiplexers: `tmux new -d 'cmd'`, `tmux send-keys -t s 'cmd' Enter`, `screen -dmS s cmd`.
const TMUX_KEYS = /^(?:Enter|C-m|C-j|KPEnter|Escape|C-c|C-d|Space|Tab)$/;
wrapper(['tmux'], (args) => {
	const sub = firstPositional(args, ['-L', '-S', '-f', '-T']);
	const name = args[sub]?.text;
	const rest = args.slice(sub + 1);
	if (!name) {
		return undefined;
	}
	if (/^(?:send-keys|send)$/.test(name)) {
		const parsed = parseArgs(rest, { withValue: ['-t', '-N', '-c'] });
		const text = parsed.positionals.filter((w) => !TMUX_KEYS.test(w.text)).map((w) => w.text).join(parsed.options.has('-l') ? '' : ' ');
		return text.trim() ? { kind: 'script', scripts: [text], label: 'tmux send-keys' } : undefined;
	}
	if (/^(?:new-session|new|new-window|neww|split-window|splitw|respawn-pane|respawnp|respawn-window|respawnw|run-shell|run|display-popup|popup)$/.test(name)) {
		const parsed = parseArgs(rest, { withValue: ['-s', '-n', '-t', '-c', '-x', '-y', '-e', '-F', '-l', '-f', '-w', '-h', '-d', '-b', '-T'].filter((o) => !(o === '-d' || o === '-h' || o === '-b') || /^(?:display-popup|popup)$/.test(name)) });
		const text = parsed.positionals.map((w) => w.text).join(' ');
		return text.trim() ? { kind: 'script', scripts: [text], label: `tmux ${name}` } : undefined;
	}
	return undefined;
});
wrapper(['screen'], (args) => {
	const withValue = ['-S', '-c', '-e', '-h', '-p', '-T', '-t', '-s', '-Logfile'];
	const stuff = args.findIndex((a, i) => a.text === 'stuff' && args[i - 1]?.text === '-X');
	if (stuff >= 0) {
		const text = args.slice(stuff + 1).map((w) => w.text).join(' ').replace(/\^M|\\n|\\r|\n/g, '\n');
		return text.trim() ? { kind: 'script', scripts: [text], label: 'screen stuff' } : undefined;
	}
	const start = firstPositional(args, withValue);
	// `screen -r`, `-x`, `-X cmd` attach to or drive an existing session.
	if (args.slice(0, start).some((a) => /^-[a-zA-Z]*[Xrx]/.test(a.text) && !withValue.includes(a.text))) {
		return undefined;
	}
	return start < args.length ? { kind: 'argv', argv: args.slice(start), label: 'screen' } : undefined;
});
wrapper(['sg'], (args) => {
	const parsed = parseArgs(args, { withValue: ['-c'] });
	const command = optionValue(parsed, '-c');
	if (command !== undefined) {
		return { kind: 'script', scripts: [command], label: 'sg -c' };
	}
	return parsed.positionals.length > 1 ? { kind: 'script', scripts: [parsed.positionals.slice(1).map((w) => w.text).join(' ')], label: 'sg' } : undefined;
});

// `at now + 1 hour <<< 'cmd'`, `echo cmd | batch`, `at -f job.sh midnight`: the job is shell code.
wrapper(['at', 'batch'], (args, inv, ctx) => {
	const parsed = parseArgs(args, { withValue: ['-f', '-q', '-t'] });
	if (hasOption(parsed, '-l', '-d', '-r', '-c')) {
		return undefined;
	}
	const file = optionValue(parsed, '-f');
	const script = file !== undefined ? readRelative(file, ctx) : inv.stdinText;
	return script !== undefined ? { kind: 'script', scripts: [script], label: inv.name } : undefined;
});

/**
 * Windows shells. Their command lines are parsed as shell text too; backslashes (path separators
 * there, escapes here) are doubled outside single quotes and PowerShell's backtick escapes are dropped
 * so that `Remove-Item -Recurse C:\data` keeps its words.
 */
function windowsText(text: string, powershell: boolean): string {
	let out = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === "'") {
			quoted = !quoted;
		}
		if (powershell && c === '`') {
			continue;
		}
		out += c === '\\' && !quoted ? '\\\\' : c;
	}
	return out;
}

wrapper(['cmd'], (args) => {
	const at = args.findIndex((a) => /^\/[cCkK]$/.test(a.text));
	return at >= 0 && at + 1 < args.length ? { kind: 'script', scripts: [windowsText(args.slice(at + 1).map((w) => w.text).join(' '), false)], label: 'cmd /c' } : undefined;
});

wrapper(['powershell', 'pwsh'], (args, inv, ctx) => {
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text.toLowerCase();
		if (/^[-/](?:c|co|com|comm|comma|comman|command)$/.test(t)) {
			const text = args.slice(i + 1).map((w) => w.text).join(' ');
			return text ? { kind: 'script', scripts: [windowsText(text, true)], label: `${inv.name} -Command` } : undefined;
		}
		if (/^[-/](?:e|ec|en|enc|encodedcommand|encodedcommand)$/.test(t) || /^[-/]enc/.test(t)) {
			const encoded = args[i + 1]?.text;
			if (!encoded) {
				return undefined;
			}
			// -EncodedCommand is base64 of UTF-16LE text.
			return { kind: 'script', scripts: [windowsText(Buffer.from(encoded, 'base64').toString('utf16le'), true)], label: `${inv.name} -EncodedCommand` };
		}
		if (/^[-/](?:f|file)$/.test(t)) {
			const script = args[i + 1] ? readRelative(args[i + 1].text, ctx) : undefined;
			return script !== undefined ? { kind: 'script', scripts: [windowsText(script, true)], label: `${inv.name} -File` } : undefined;
		}
		if (/^[-/](?:executionpolicy|ep|ex|windowstyle|w|inputformat|outputformat|of|if|configurationname|workingdirectory|wd|settingsfile|version|v)$/.test(t)) {
			i++;
			continue;
		}
		if (!t.startsWith('-') && !t.startsWith('/')) {
			// Without -Command, the rest of the line is the command.
			return { kind: 'script', scripts: [windowsText(args.slice(i).map((w) => w.text).join(' '), true)], label: `${inv.name} -Command` };
		}
	}
	return undefined;
});

// Interpreters: `python -c`, `node -e`, `ruby -e`, `perl -e`, `php -r`.
function interpreter(names: string[], language: ScriptLanguage, flags: string[], withValue: string[]): void {
	wrapper(names, (args, inv, ctx) => {
		for (let i = 0; i < args.length; i++) {
			const t = args[i].text;
			const eq = flags.find((f) => f.startsWith('--') && t.startsWith(f + '='));
			if (eq) {
				return { kind: 'code', language, code: t.slice(eq.length + 1), label: `${inv.name} ${eq}` };
			}
			// `-c`, `--eval`, and clusters ending in the flag: `perl -ne`, `python -Bc`; `deno eval`.
			const isFlag = flags.includes(t) || (/^-[a-zA-Z]+$/.test(t) && flags.some((f) => f.length === 2 && t.endsWith(f[1])));
			if (isFlag || (inv.name === 'deno' && t === 'eval')) {
				return i + 1 < args.length ? { kind: 'code', language, code: args[i + 1].text, label: `${inv.name} ${t}` } : undefined;
			}
			if (t === '-m') {
				return undefined;
			}
			if (withValue.includes(t)) {
				// `node -r dotenv/config -e …`, `python -W ignore -c …`
				i++;
				continue;
			}
			if (t === '-f' && language === 'php') {
				continue;
			}
			if (!t.startsWith('-') || t === '-') {
				if (t === '-' || (inv.name === 'deno' && t === 'run')) {
					continue;
				}
				const script = args[i].dynamic || !/\.(py|js|mjs|cjs|ts|mts|cts|rb|pl|php)$/.test(t) ? undefined : readRelative(t, ctx);
				return script !== undefined ? { kind: 'code', language, code: script, label: `${inv.name} ${t}` } : undefined;
			}
		}
		return inv.stdinText !== undefined ? { kind: 'code', language, code: inv.stdinText, label: `${inv.name} (stdin)` } : undefined;
	});
}
interpreter(['python', 'python2', 'python3', 'pypy', 'pypy3', 'python3.8', 'python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14'], 'python', ['-c'], ['-W', '-X', '--check-hash-based-pycs']);
interpreter(['node', 'nodejs', 'deno', 'ts-node', 'tsx'], 'javascript', ['-e', '--eval', '-p', '--print'], ['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--title', '--env-file', '--input-type', '--stack-size']);
interpreter(['ruby', 'jruby'], 'ruby', ['-e'], ['-I', '-r', '-C', '-E', '--encoding']);
interpreter(['perl'], 'perl', ['-e', '-E'], ['-I', '-M', '-m']);
interpreter(['php'], 'php', ['-r'], ['-d', '-c', '-z']);

/** `awk 'BEGIN { system("rm -rf x") }'`: the shell commands an awk program runs. */
wrapper(['awk', 'gawk', 'mawk', 'nawk', 'busybox-awk'], (args, inv, ctx) => {
	const parsed = parseArgs(args, { withValue: ['-F', '-v', '-f', '--file', '-i', '--include', '--field-separator', '--assign'] });
	const file = optionValue(parsed, '-f', '--file');
	const program = file !== undefined ? readRelative(file, ctx) : parsed.positionals[0]?.text;
	if (program === undefined) {
		return undefined;
	}
	const scripts = [...program.matchAll(/\bsystem\s*\(\s*"((?:[^"\\]|\\.)*)"\s*\)/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
	return scripts.length > 0 ? { kind: 'script', scripts, label: `${inv.name} system()` } : undefined;
});

/** `osascript -e 'do shell script "rm -rf ~/x" with administrator privileges'` */
wrapper(['osascript'], (args) => {
	const code = args.filter((w, i) => i > 0 && args[i - 1].text === '-e').map((w) => w.text).join('\n');
	const scripts = [...code.matchAll(/do shell script\s+"((?:[^"\\]|\\.)*)"/gi)].map((m) => m[1].replace(/\\(.)/g, '$1'));
	return scripts.length > 0 ? { kind: 'script', scripts, label: 'osascript' } : undefined;
});

export const _unwrappersForTests = UNWRAPPERS;

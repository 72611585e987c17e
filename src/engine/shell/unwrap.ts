/**
 * Unwrapping: peel `sudo`, `env`, `bash -c`, `ssh host '…'`, `docker exec`, `xargs`, `python -c`…
 * until the command that really runs is reached, so that no wrapper launders it. Every layer is
 * kept as an invocation too (rules for `find -delete` need the outer one); the layers are named in
 * `via`, outermost first.
 */
import * as path from 'path';
import { commandName, literalWord } from './argv';
import { MAX_FILE_BYTES, outputOf, readRelative, stdinOf } from './input';
import { parseLine } from './parse';
import { scriptInvocations, type ScriptLanguage } from './scripts';
import type { AnalysisContext, Invocation, ParsedLine, SimpleCommand, Word } from '../types';
import { SHELLS, UNWRAPPERS, type Step } from './wrappers';
import './wrappers-remote';

export { MAX_FILE_BYTES, outputOf, readRelative, stdinOf } from './input';

/** Nested shells deeper than this (`bash -c "bash -c '…'"`) are not re-parsed, only scanned. */
const MAX_NESTING = 16;

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
	/** Set by a `cd DIR` earlier in the line. */
	readonly cwd?: string;
}

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
	let cwd = frame.cwd;
	for (const cmd of commands) {
		const keyword = cmd.words[0]?.text;
		if ((keyword === 'cd' || keyword === 'pushd') && !frame.remote) {
			cwd = changeDirectory(cmd, ctx, cwd);
		}
		if (cmd.words.length === 0 && cmd.redirects.length === 0) {
			for (const a of cmd.assignments) {
				variables[a.name] = a.value;
			}
			// `PROMPT_COMMAND=` can switch the shell hook off: judged (rules/self-protection.ts) as the no-op `:`.
			if (cmd.assignments.some((a) => /^(?:PROMPT_COMMAND|PS0|BASH_ENV|ZDOTDIR|ENV|precmd_functions|preexec_functions)$/.test(a.name))) {
				unwrapCommand({ ...cmd, words: [literalWord(':')] }, ctx, { ...frame, variables, cwd }, out);
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
		const inner = Object.keys(exported).length > 0 ? { ...frame, env: { ...frame.env, ...exported }, variables, cwd } : { ...frame, variables, cwd };
		unwrapCommand(cmd, ctx, inner, out);
	}
}

const ROOT: Frame = { via: [], env: {}, remote: false, dynamicArgs: false, depth: 0 };

/**
 * The directory after `cd DIR` / `pushd DIR`. Subshell scoping is not tracked, so rules judge later
 * commands against both this directory and the original one (analyze.ts), never only the new one.
 */
function changeDirectory(cmd: SimpleCommand, ctx: AnalysisContext, current: string | undefined): string | undefined {
	const args = cmd.words.slice(1).filter((w) => !/^-[LPe@]+$/.test(w.text));
	const home = ctx.home ?? ctx.env?.HOME;
	const base = current ?? ctx.cwd;
	if (args.length === 0) {
		return home ?? current;
	}
	const target = args[0];
	if (target.dynamic || target.text === '-' || !base) {
		return current;
	}
	const text = home ? target.text.replace(/^~(?=\/|$)/, home) : target.text;
	return text.startsWith('~') ? current : path.resolve(base, text);
}

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
	// Shell variables set earlier in the line are visible to rules that expand `$NAME` (a request body
	// kept in a variable); counting them as environment can only make production checks stricter.
	const env: Record<string, string> = { ...frame.variables, ...frame.env };
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
		...(frame.cwd !== undefined && frame.cwd !== ctx.cwd && !layer.remote ? { cwd: frame.cwd } : {}),
	};
	out.push(inv);
	if (/[;&|\n]/.test(argv[0].text)) {
		// No program is named `; rm -rf x`: a quoting slip, or a line built to hide one. Scan it.
		out.push(unparsed(argv[0].text, { ...frame, via: layer.via, env: layer.env, remote: layer.remote }, cmd));
	}
	for (const word of argv) {
		// `*(… ; rm -rf x )` is an extglob to tree-sitter but a syntax error to bash without extglob: scan it.
		if (/^[^'"]*[*?+@!]?\([^)]*[;&|\n][^)]*\)/.test(word.raw)) {
			out.push(unparsed(word.raw, { ...frame, via: layer.via, env: layer.env, remote: layer.remote }, cmd));
		}
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
		const inner: Frame = { via: [...layer.via, step.label], env: { ...env }, remote: layer.remote || (step.kind === 'script' && (step.remote ?? false)), dynamicArgs: layer.dynamicArgs, depth: frame.depth + 1, cwd: frame.cwd };
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

export const _unwrappersForTests = UNWRAPPERS;

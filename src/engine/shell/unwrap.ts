/**
 * Unwrapping: peel `sudo`, `env`, `bash -c`, `ssh host '…'`, `docker exec`, `xargs`, `python -c`…
 * until the command that really runs is reached, so that no wrapper launders it. Every layer is
 * kept as an invocation too (rules for `find -delete` need the outer one); the layers are named in
 * `via`, outermost first.
 */
import * as path from 'path';
import { commandName, literalWord, withKnownFolders } from './argv';
import { MAX_FILE_BYTES, outputOf, printf, readRelative, stdinOf, writtenExactly } from './input';
import { parseLine } from './parse';
import { initPowerShell, isPowerShellReady, parsePowerShell } from '../powershell/parse';
import { windowsText } from './wrappers-remote';
import { scriptInvocations, type ScriptLanguage } from './scripts';
import type { AnalysisContext, Invocation, ParsedLine, SimpleCommand, Stdin, Word } from '../types';
import { WRITERS, type InlineFiles } from './dataflow';
import { expandAssignment, expandWord, remapStdin, Scope, SUBSTITUTION, type Value } from './expand';
import { ALSO_RUNS, SHELLS, unknownInput, UNWRAPPERS, type StdinFeed, type Step } from './wrappers';
import { variableRuns, type VariableRun } from './commandVariables';
import { plantedBy } from './planted';
import './wrappers-remote';
import './wrappers-exec';
import './wrappers-sql';
import './wrappers-escapes';
import './wrappers-runners';
import '../powershell/wrappers';

export { MAX_FILE_BYTES, outputOf, readRelative, stdinOf, UNKNOWN_INPUT } from './input';

/** Nested shells deeper than this (`bash -c "bash -c '…'"`) are not re-parsed, only scanned. */
const MAX_NESTING = 16;

/** Name of the synthetic invocation that carries text the engine could not parse (scanned for risky words). */
export const UNPARSED = '@unparsed';

interface Frame {
	readonly via: readonly string[];
	readonly env: Readonly<Record<string, string>>;
	/** Shell variables set earlier in the line (not exported), for `$VAR` used as a command name. */
	readonly variables?: Readonly<Record<string, string>>;
	/** Variables whose value is not knowable, as written (Scope.writtenHints): for the rules' env only. */
	readonly hints?: Readonly<Record<string, string>>;
	readonly remote: boolean;
	readonly dynamicArgs: boolean;
	readonly depth: number;
	/** Inside a script file the engine read. */
	readonly fromFile?: boolean;
	/** Inside text the line writes into this file, whose commands run later (shell/planted.ts). */
	readonly planted?: string;
	/** Set by a `cd DIR` earlier in the line. */
	readonly cwd?: string;
	/** Files the line writes, for the commands after that read them (shell/dataflow.ts). */
	readonly files?: InlineFiles;
}

function movedField(files: InlineFiles): { moved?: Invocation['moved'] } {
	const moved = files.movesBefore();
	return moved.length > 0 ? { moved } : {};
}

/** More wrappers than this around one command (`sudo sudo sudo … rm`) are not peeled: the rest is scanned. */
const MAX_LAYERS = 64;

/** All invocations a parsed line would run, wrappers peeled. */
export function unwrapLine(parsed: ParsedLine, ctx: AnalysisContext, files?: InlineFiles): Invocation[] {
	const out: Invocation[] = [];
	unwrapCommands(parsed.commands, ctx, files ? { via: ROOT.via, env: ROOT.env, remote: false, dynamicArgs: false, depth: 0, files } : ROOT, out);
	return out;
}

/**
 * Runs through a line's commands in order, remembering plain variables (`RM='rm -rf'; $RM x`)
 * and exported ones (`export RAILS_ENV=production && rails db:drop`) for the commands after them.
 */
function unwrapCommands(all: readonly SimpleCommand[], ctx: AnalysisContext, frame: Frame, out: Invocation[]): void {
	const commands = withExecInput(all);
	const scope = new Scope(frame.variables ?? {});
	const exported = new Set<string>();
	// `alias x='rm -rf'` then `x /srv/data` on a later line of the same submission (applied to every
	// later command: applying it early can only find more).
	const aliases = new Map<string, string>();
	// `hash -p /bin/rm ls` then `ls -rf /srv/data`: the name runs that file from then on.
	const hashed = new Map<string, string>();
	let cwd = frame.cwd;
	// Pipes point at the command that feeds them; after expansion they must point at its expanded copy.
	const expandedOf = new Map<SimpleCommand, SimpleCommand>();
	const expandedStdin = new Map<Stdin, Stdin>();
	// Whether the line itself uses a variable: a command kept in one the line never uses is judged as stored for later.
	let text: string | undefined;
	const usedInLine = (name: string): boolean => new RegExp(`\\$\\{?!?${name}\\b`).test(text ??= commands.map((c) => c.raw).join('\n'));
	for (const original of commands) {
		scope.at = original.block ?? [0];
		// What a substitution reads (`sh -c "$(cat y.sh)"`, `X=$(cat y.sh)`) comes from the folder an
		// earlier cd moved to, in the pass that follows cds, as the files a command names do.
		const here = cwd === frame.cwd ? inDirectory(ctx, frame) : inDirectory(ctx, { cwd, remote: frame.remote });
		const cmd = expandCommand(original, scope, here, expandedOf, expandedStdin);
		expandedOf.set(original, cmd);
		const keyword = cmd.words[0]?.text;
		if ((keyword === 'cd' || keyword === 'pushd') && !frame.remote) {
			cwd = changeDirectory(cmd, ctx, cwd);
		}
		// eval and source forget every variable (updateScope): what built them still holds for the code they run.
		const hintsBefore = keyword === 'eval' || keyword === 'source' || keyword === '.' ? scope.writtenHints() : undefined;
		for (const name of updateScope(original, cmd, scope, here)) {
			exported.add(name);
		}
		if (cmd.words.length === 0 && cmd.redirects.length === 0) {
			// `PROMPT_COMMAND=` can switch the shell hook off: judged (rules/self-protection.ts) as the no-op `:`.
			if (cmd.assignments.some((a) => /^(?:PROMPT_COMMAND|PS0|BASH_ENV|ZDOTDIR|ENV|precmd_functions|preexec_functions|__tg_\w*|__terminal_guard\w*|TERMINAL_GUARD_\w*)$/.test(a.name))) {
				unwrapCommand({ ...cmd, words: [literalWord(':')] }, ctx, { ...frame, variables: scope.knownScalars(), cwd }, out);
			}
			if (cmd.assignments.length > 0) {
				unwrapVariableRuns(variableRuns(cmd.assignments, true, usedInLine), cmd, ctx, { ...frame, variables: scope.knownScalars(), cwd }, out);
			}
			continue;
		}
		const variables = scope.knownScalars();
		// An exported value is in the environment where its assignment holds (the same scope rules).
		const env: Record<string, string> = {};
		for (const name of exported) {
			if (name in variables) {
				env[name] = variables[name];
			}
		}
		const hints = hintsBefore ?? scope.writtenHints();
		const inner = withScope(frame, exported.size > 0 ? { ...frame.env, ...env } : frame.env, variables, hints, cwd);
		const start = out.length;
		if (frame.files) {
			frame.files.position = start;
		}
		if (keyword === 'alias' || keyword === 'unalias') {
			for (const w of cmd.words.slice(1)) {
				const eq = w.text.indexOf('=');
				if (keyword === 'unalias') {
					aliases.delete(w.text);
				} else if (eq > 0 && !w.dynamic) {
					aliases.set(w.text.slice(0, eq), w.text.slice(eq + 1));
				}
			}
		}
		if (keyword === 'hash') {
			const words = cmd.words.slice(1);
			const at = words.findIndex((w) => w.text === '-p');
			if (at >= 0 && words[at + 1] && !words[at + 1].dynamic) {
				for (const w of words.slice(at + 2)) {
					hashed.set(w.text, words[at + 1].text);
				}
			} else if (words.some((w) => w.text === '-r')) {
				hashed.clear();
			}
		}
		const hashedPath = keyword !== undefined && hashed.size > 0 && cmd.words[0].raw === cmd.words[0].text ? hashed.get(keyword) : undefined;
		if (hashedPath !== undefined) {
			unwrapCommand({ ...cmd, words: [{ ...cmd.words[0], text: hashedPath, raw: hashedPath }, ...cmd.words.slice(1)] }, ctx, { ...inner, via: [...frame.via, `hash -p ${hashedPath} ${keyword}`] }, out);
		}
		const alias = cmd.words[0] && cmd.words[0].raw === cmd.words[0].text ? aliases.get(cmd.words[0].text) : undefined;
		if (alias !== undefined && alias.length < 4096) {
			const text = [alias, ...cmd.words.slice(1).map((w) => w.raw)].join(' ');
			unwrapScript(text, ctx, { ...inner, via: [...frame.via, `alias ${cmd.words[0].text}`], depth: frame.depth + 1 }, cmd, out);
		}
		if (cmd.assignments.length > 0) {
			// `PAGER='…' git log`, `export BASH_ENV=/tmp/e`: what the value makes other programs run.
			const declaration = keyword !== undefined && /^(?:export|declare|typeset|readonly|local)$/.test(commandName(keyword));
			unwrapVariableRuns(variableRuns(cmd.assignments, declaration, usedInLine), cmd, ctx, inner, out);
		}
		unwrapCommand(cmd, ctx, inner, out);
		if (frame.files && !frame.remote) {
			const mark = frame.files.count;
			if (cmd.redirects.length > 0) {
				frame.files.recordRedirects(cmd, start, ctx, cwd);
			}
			for (let i = start; i < out.length; i++) {
				const inv = out[i];
				if (!inv.remote && WRITERS.has(inv.name)) {
					frame.files.recordProgram(inv.argv, inv.stdinText, start, ctx, cwd);
				}
			}
			if (frame.files.count > mark) {
				unwrapPlanted(frame.files.since(mark), cmd, ctx, { ...frame, cwd }, out);
			}
		}
	}
}

/**
 * `<<< "$X"` with X known in the line: the here-string's text is X's value (`X=/srv/data; while read -r d; do
 * rm -rf "$d"; done <<< "$X"`). A word still unknown keeps its text as written (and stays unknown to readers).
 */
function hereStringValue(stdin: SimpleCommand['stdin'], scope: Scope, ctx: AnalysisContext, expandedStdin: Map<Stdin, Stdin>): SimpleCommand['stdin'] {
	if (stdin?.kind !== 'text' || stdin.word === undefined) {
		return stdin;
	}
	// One here-string feeds every command of `{ …; } <<< "$X"` or `while read d; do …; done <<< "$X"`: bash expands it
	// once, before the block runs, so a value the block (or the loop's forgetting) changes later does not change it.
	const known = expandedStdin.get(stdin);
	if (known) {
		return known;
	}
	const expanded = expandWord(stdin.word, scope, ctx);
	const value: Stdin = expanded.length === 1 && !expanded[0].dynamic ? { kind: 'text', text: expanded[0].text, via: stdin.via } : stdin;
	expandedStdin.set(stdin, value);
	return value;
}

/** The command with its words and assignment values expanded as far as the line makes them known. */
function expandCommand(cmd: SimpleCommand, scope: Scope, ctx: AnalysisContext, expandedOf: ReadonlyMap<SimpleCommand, SimpleCommand>, expandedStdin: Map<Stdin, Stdin>): SimpleCommand {
	const stdin = hereStringValue(remapStdin(cmd.stdin, expandedOf), scope, ctx, expandedStdin);
	const needsWords = cmd.words.some((w) => w.parts !== undefined);
	const needsValues = cmd.assignments.some((a) => a.word?.parts !== undefined || a.elements !== undefined);
	const needsRedirects = cmd.redirects.some((r) => r.target?.parts !== undefined);
	if (!needsWords && !needsValues && !needsRedirects) {
		return stdin === cmd.stdin ? cmd : { ...cmd, stdin };
	}
	const words = needsWords ? cmd.words.flatMap((w) => expandWord(w, scope, ctx)) : cmd.words;
	const assignments = needsValues
		? cmd.assignments.map((a) => {
				const value = expandAssignment(a, scope, ctx);
				return typeof value === 'string' ? { ...a, value } : Array.isArray(value) ? { ...a, value: value.join(' ') } : a;
			})
		: cmd.assignments;
	const redirects = needsRedirects
		? cmd.redirects.map((r) => {
				const target = r.target ? expandWord(r.target, scope, ctx) : [];
				// `> $F` with F split into two words is an error in bash ("ambiguous redirect"): keep it unknown.
				return target.length === 1 ? { ...r, target: target[0] } : r;
			})
		: cmd.redirects;
	return { ...cmd, words, assignments, redirects, stdin };
}

/**
 * The frame for one command of a line: `frame` with the variables, environment and folder at that
 * command. Written out field by field: an object spread here was a measurable part of every line.
 */
function withScope(frame: Frame, env: Frame['env'], variables: Frame['variables'], hints: Frame['hints'], cwd: string | undefined): Frame {
	return { via: frame.via, env, variables, hints, remote: frame.remote, dynamicArgs: frame.dynamicArgs, depth: frame.depth, fromFile: frame.fromFile, planted: frame.planted, cwd, files: frame.files };
}

/** Builtins that set the variables named in their arguments to values known only when they run. */
const READERS = new Set(['read', 'mapfile', 'readarray', 'getopts', 'let', 'printf']);

/**
 * What a command does to the variables of the shell running the line. Returns the names it
 * exports. An assignment that may not reach what follows (`nested`) makes the variable unknown.
 */
function updateScope(original: SimpleCommand, cmd: SimpleCommand, scope: Scope, ctx: AnalysisContext): string[] {
	const keyword = cmd.words[0]?.text;
	const set = (name: string, value: Value) => scope.set(name, value);
	if (cmd.words.length === 0) {
		// Left to right, each value seeing the ones before it: `A=rm B=$A`.
		for (const a of original.assignments) {
			if (a.name === '*') {
				scope.forgetAll();
			} else {
				scope.set(a.name, expandAssignment(a, scope, ctx), a.word?.text);
			}
		}
		return [];
	}
	const name = keyword === undefined ? '' : commandName(keyword);
	if (name === 'export' || name === 'declare' || name === 'typeset' || name === 'local' || name === 'readonly') {
		if (name !== 'export' && name !== 'readonly' && cmd.words.some((w) => /^-[a-zA-Z]*n/.test(w.text))) {
			// `declare -n ref=CMD`: $ref is CMD's value, and assigning ref assigns CMD.
			for (const a of original.assignments) {
				scope.reference(a.name, a.value);
			}
			for (const w of cmd.words.slice(1)) {
				if (/^[A-Za-z_]\w*$/.test(w.text)) {
					scope.reference(w.text, undefined);
				}
			}
			return [];
		}
		for (const a of original.assignments) {
			scope.set(a.name, expandAssignment(a, scope, ctx), a.word?.text);
		}
		const exporting = name === 'export' || cmd.words.some((w) => /^-\w*x/.test(w.text));
		return exporting ? original.assignments.map((a) => a.name) : [];
	}
	if (name === 'unset') {
		const functions = cmd.words.some((w) => /^-\w*f/.test(w.text));
		for (const w of cmd.words.slice(1)) {
			if (!functions && /^[A-Za-z_]\w*$/.test(w.text)) {
				set(w.text, '');
			}
		}
		return [];
	}
	if (name === 'set' || name === 'shift') {
		const args = cmd.words.slice(1);
		if (name === 'shift') {
			const n = args.length === 0 ? 1 : Number(args[0].text);
			scope.positional = scope.positional === null || !Number.isInteger(n) ? null : scope.positional.slice(n);
		} else if (args[0]?.text === '--' || (args.length > 0 && !/^[-+]/.test(args[0].text))) {
			const values = args.slice(args[0].text === '--' ? 1 : 0);
			scope.positional = values.some((w) => w.dynamic) ? null : values.map((w) => w.text);
		}
		return [];
	}
	if (name === 'source' || name === '.' || name === 'eval') {
		// Whatever the sourced file or evaluated text assigns is not followed back into this line.
		scope.forgetAll();
		return [];
	}
	if (READERS.has(name)) {
		const args = cmd.words.slice(1);
		// `printf '%s\n' /srv/data | while read d; do …`: what a pipe brings when the line shows it exactly.
		const piped = cmd.stdin?.kind === 'pipe' && writtenExactly(cmd.stdin.from) ? outputOf(cmd.stdin.from, ctx) : undefined;
		const stdinText = cmd.stdin?.kind === 'text' ? (cmd.stdin.expands ? undefined : cmd.stdin.text) : piped;
		const known = name === 'printf' ? printfInto(args) : name === 'read' ? readFromText(args, stdinText, readSeparators(cmd, scope)) : undefined;
		if (known) {
			for (const [variable, value] of known) {
				set(variable, value);
			}
			return [];
		}
		const lines = name === 'mapfile' || name === 'readarray' ? mapfileFromText(args, stdinText) : undefined;
		if (lines) {
			set(lines[0], lines[1]);
			return [];
		}
		for (const [i, w] of args.entries()) {
			const v = name === 'printf' ? (args[i - 1]?.text === '-v' ? w.text : undefined) : /^-\w*[av]$/.test(args[i - 1]?.text ?? '') || !w.text.startsWith('-') ? w.text.replace(/[+\-*/]?=.*$/, '') : undefined;
			if (v !== undefined && /^[A-Za-z_]\w*$/.test(v)) {
				scope.set(v, null);
			}
		}
	}
	return [];
}


/**
 * `mapfile [-t] [NAME] <<< 'text'` (readarray too): NAME (default MAPFILE) is the array of the text's lines,
 * each with its newline unless -t. Any other option, or an expansion in the text, leaves it unknown.
 */
function mapfileFromText(args: readonly Word[], text: string | undefined): [string, string[]] | undefined {
	const strip = args[0]?.text === '-t';
	const names = args.slice(strip ? 1 : 0);
	if (text === undefined || names.length > 1 || names.some((n) => n.dynamic || !/^[A-Za-z_]\w*$/.test(n.text)) || /[$`]/.test(text)) {
		return undefined;
	}
	const lines = text.split('\n');
	if (lines.at(-1) === '') {
		lines.pop();
	}
	return [names[0]?.text ?? 'MAPFILE', strip ? lines : lines.map((l) => `${l}\n`)];
}

/** `printf -v NAME FORMAT ARGS…` with every word known: NAME is what printf would print. */
function printfInto(args: readonly Word[]): [string, string][] | undefined {
	// `printf -v c -- FORMAT …`: `--` ends the options; it is not the format.
	const rest = args.slice(args[2]?.text === '--' ? 3 : 2);
	if (args[0]?.text !== '-v' || !/^[A-Za-z_]\w*$/.test(args[1]?.text ?? '') || rest.length === 0 || rest.some((w) => w.dynamic)) {
		return undefined;
	}
	const value = printf(rest[0].text, rest.slice(1).map((w) => w.text));
	return value === undefined ? undefined : [[args[1].text, value]];
}

/**
 * The IFS `read` splits on: its own `IFS=… read`, else the line's (Scope.fieldSeparators: the default
 * blanks when the line never sets it); null when the line sets it to something unknown.
 */
function readSeparators(cmd: SimpleCommand, scope: Scope): string | null {
	const own = cmd.assignments.filter((a) => a.name === 'IFS').at(-1);
	if (own) {
		return own.word?.dynamic || own.unknown ? null : own.value;
	}
	return scope.fieldSeparators();
}

/**
 * `read [-r] NAME… <<< 'text'`: the names take the fields of the first line of a known standard input,
 * split as `read` splits them on IFS (`IFS=:; read -r a b <<< 'ls:rm -rf /srv/data'` → b is
 * `rm -rf /srv/data`: the last name takes the rest of the line). Options other than -r, an IFS the line
 * makes unknown, an expansion in the text (kept as written), or backslashes read without -r leave the
 * names unknown.
 */
function readFromText(args: readonly Word[], text: string | undefined, separators: string | null): [string, string][] | undefined {
	const raw = args[0]?.text === '-r';
	const names = args.slice(raw ? 1 : 0);
	if (text === undefined || separators === null || names.length === 0 || names.some((n) => n.dynamic || !/^[A-Za-z_]\w*$/.test(n.text))) {
		return undefined;
	}
	const line = text.split('\n')[0];
	// The here-string's text is as written: `<<< "$(cat x)"` is not the text `$(cat x)`.
	if ((!raw && line.includes('\\')) || /[$`]/.test(line)) {
		return undefined;
	}
	const fields = readFields(line, separators, names.length);
	return names.map((n, i) => [n.text, fields[i] ?? '']);
}

/**
 * bash's `read` field splitting of one line into `count` fields: IFS blanks at the ends are dropped; a
 * field ends at a run of IFS blanks, or at one other IFS character with the blanks around it; the last
 * field is the rest of the line (trailing IFS blanks dropped). An empty IFS does not split.
 */
export function readFields(line: string, separators: string, count: number): string[] {
	if (separators === '') {
		return [line];
	}
	const blank = (c: string | undefined): boolean => c !== undefined && separators.includes(c) && ' \t\n'.includes(c);
	const other = (c: string | undefined): boolean => c !== undefined && separators.includes(c) && !' \t\n'.includes(c);
	let end = line.length;
	while (end > 0 && blank(line[end - 1])) {
		end--;
	}
	let at = 0;
	while (at < end && blank(line[at])) {
		at++;
	}
	const fields: string[] = [];
	while (fields.length < count - 1 && at < end) {
		const start = at;
		while (at < end && !separators.includes(line[at])) {
			at++;
		}
		fields.push(line.slice(start, at));
		while (at < end && blank(line[at])) {
			at++;
		}
		if (at < end && other(line[at])) {
			at++;
			while (at < end && blank(line[at])) {
				at++;
			}
		}
	}
	if (at < end || fields.length < count) {
		fields.push(line.slice(at, end));
	}
	return fields;
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

/**
 * With `followCd` (analyze.ts's second pass), the context for reading the files a command names is the
 * folder an earlier `cd` moved to: `cd sub && bash y.sh` reads `sub/y.sh`. The first pass reads from the
 * starting folder (a cd in a subshell leaves it); between them, whichever file is destructive is found.
 */
function inDirectory(ctx: AnalysisContext, frame: Pick<Frame, 'cwd' | 'remote'>): AnalysisContext {
	if (!ctx.followCd || frame.cwd === undefined || frame.cwd === ctx.cwd || frame.remote) {
		return ctx;
	}
	// Object.assign, not a spread: see analyze.ts `withContext` (a spread of a context is slow in V8).
	const moved: AnalysisContext = Object.assign({}, ctx, { cwd: frame.cwd });
	startingCwd.set(moved, lineCwd(ctx));
	return moved;
}

/** The folder the line started in, for contexts `inDirectory` moved (an invocation's `cwd` is against it). */
const startingCwd = new WeakMap<AnalysisContext, string | undefined>();

function lineCwd(ctx: AnalysisContext): string | undefined {
	return startingCwd.has(ctx) ? startingCwd.get(ctx) : ctx.cwd;
}

/** One layer of a command being peeled. */
interface Layer {
	readonly argv: readonly Word[];
	readonly env: Readonly<Record<string, string>>;
	readonly via: readonly string[];
	readonly remote: boolean;
	readonly dynamicArgs: boolean;
	readonly stdinText: string | undefined;
	/** A wrapper took the standard input (`xargs`): what it runs does not get it. */
	readonly stdinTaken?: boolean;
}

function unwrapCommand(cmd: SimpleCommand, ctx: AnalysisContext, frame: Frame, out: Invocation[]): void {
	ctx = inDirectory(ctx, frame);
	// A bare redirect (`> .env`) still writes: treat it as the no-op command `:`.
	const argv: readonly Word[] = cmd.words.length === 0 && cmd.redirects.length > 0 ? [literalWord(':')] : cmd.words;
	// Shell variables set earlier in the line are visible to rules that expand `$NAME` (a request body
	// kept in a variable); counting them as environment can only make production checks stricter.
	const env: Record<string, string> = { ...frame.hints, ...frame.variables, ...frame.env };
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
		fromFile: frame.fromFile,
		...(frame.planted !== undefined ? { planted: frame.planted } : {}),
		...(frame.cwd !== undefined && frame.cwd !== lineCwd(ctx) && !layer.remote ? { cwd: frame.cwd } : {}),
		...(frame.files && !layer.remote ? movedField(frame.files) : {}),
	};
	out.push(inv);
	if (/[;&|\n]/.test(argv[0].text)) {
		// No program is named `; rm -rf x`: a quoting slip, or a line built to hide one. Scan it.
		out.push(unparsed(argv[0].text, { ...frame, via: layer.via, env: layer.env, remote: layer.remote }, cmd));
	}
	for (const word of argv) {
		// `*(… ; rm -rf x )` is an extglob to tree-sitter but a syntax error to bash without extglob: scan it.
		if (word.raw.includes('(') && /^[^'"]*[*?+@!]?\([^)]*[;&|\n][^)]*\)/.test(word.raw)) {
			out.push(unparsed(word.raw, { ...frame, via: layer.via, env: layer.env, remote: layer.remote }, cmd));
		}
	}
	const guessed = guessDynamicCommand(argv);
	if (guessed) {
		out.push({ ...inv, argv: guessed, name: commandName(guessed[0].text), via: [...layer.via, `${argv[0].text} (unknown command)`] });
	}
	// A program the line itself writes is that file, whatever its name: `printf … > /tmp/sh; /tmp/sh` runs the
	// script, not a shell; `PATH=/tmp/ev:$PATH git status` with /tmp/ev/git written before runs that file.
	const onPath = argv[0].dynamic ? undefined : argv[0].text.includes('/') ? undefined : writtenOnPath(argv[0].text, layer.env.PATH ?? ctx.env?.PATH, ctx, frame.cwd);
	const written = onPath !== undefined || (argv[0].text.includes('/') && !argv[0].dynamic && ctx.writtenInLine?.(path.resolve(inv.cwd ?? ctx.cwd ?? process.cwd(), argv[0].text)) === true);
	const answer = onPath !== undefined
		? directScript(argv.slice(1), { ...inv, argv: [{ ...argv[0], text: onPath }, ...argv.slice(1)] }, ctx)
		: (written ? directScript : UNWRAPPERS.get(inv.name) ?? directScript)(argv.slice(1), inv, ctx);
	const also = ALSO_RUNS.get(inv.name)?.(argv.slice(1), inv, ctx);
	if (!answer && !also) {
		return;
	}
	const listed = (a: Step | readonly Step[] | undefined): readonly Step[] => (a === undefined ? [] : Array.isArray(a) ? a : [a as Step]);
	const steps: readonly Step[] = also ? [...listed(answer), ...listed(also)] : listed(answer);
	for (const step of steps) {
		const env = step.env ? { ...layer.env, ...step.env } : layer.env;
		if (step.env && step.kind === 'argv') {
			// `env PAGER='…' git log`, `sudo BASH_ENV=/tmp/e bash -c …`: the wrapper's assignments, as a statement's.
			const runs = variableRuns(Object.entries(step.env).map(([name, value]) => ({ name, value })));
			if (runs.length > 0) {
				unwrapVariableRuns(runs, cmd, ctx, { ...frame, via: [...layer.via, step.label], env: { ...env }, remote: layer.remote || (step.remote ?? false) }, out);
			}
		}
		if (step.kind === 'argv') {
			const stdinText = step.stdinText === undefined ? layer.stdinText : step.stdinText ?? undefined;
			const stdinTaken = step.stdinText === null || (step.stdinText === undefined && layer.stdinTaken === true);
			unwrapLayer({ argv: step.argv, env, via: [...layer.via, step.label], remote: layer.remote || (step.remote ?? false), dynamicArgs: layer.dynamicArgs || (step.dynamicArgs ?? false), stdinText, ...(stdinTaken ? { stdinTaken } : {}) }, cmd, ctx, frame, out, count + 1);
			continue;
		}
		const inner: Frame = {
			via: [...layer.via, step.label], env: { ...env }, remote: layer.remote || (step.kind === 'script' && (step.remote ?? false)), dynamicArgs: layer.dynamicArgs, depth: frame.depth + 1, cwd: frame.cwd, files: frame.files,
			fromFile: frame.fromFile || (step.kind === 'script' && step.fromFile === true), planted: frame.planted,
		};
		unwrapCode(step.kind === 'script' && step.stdin === undefined ? { ...step, stdin: layer.stdinTaken ? {} : feedOf(layer.stdinText, cmd) } : step, cmd, ctx, inner, out);
	}
}

/** The standard input a wrapper passes on to the script it runs: its `< file` (and the file's text), else its pipe, heredoc or here-string. */
function feedOf(stdinText: string | undefined, cmd: SimpleCommand): StdinFeed {
	const redirect = cmd.redirects.filter((r) => r.op === '<' && r.target && (r.fd === undefined || r.fd === '0')).at(-1);
	const text: Stdin | undefined = stdinText !== undefined ? { kind: 'text', text: stdinText, via: 'herestring' } : undefined;
	if (redirect) {
		return text ? { redirect, stdin: text } : { redirect };
	}
	const stdin = cmd.stdin ?? text;
	return stdin ? { stdin } : {};
}

/** A script or code step, in the frame it runs in. */
function unwrapCode(step: Exclude<Step, { kind: 'argv' }>, cmd: SimpleCommand, ctx: AnalysisContext, inner: Frame, out: Invocation[]): void {
	if (step.kind === 'script') {
		for (const script of step.scripts) {
			unwrapScript(script, ctx, inner, cmd, out, step.dialect, step.stdin);
		}
		return;
	}
	if (inner.depth > MAX_NESTING) {
		out.push(unparsed(step.code, inner, cmd));
		return;
	}
	for (const synthetic of scriptInvocations(step.language, step.code, 0, step.args, step.fromFile)) {
		if (synthetic.kind === 'shell') {
			unwrapScript(synthetic.text, ctx, inner, cmd, out);
		} else {
			// Paths from code keep their glob characters visible (`glob.glob('*.db')` → `rm *.db`).
			const words = synthetic.argv.map((t) => ({ ...literalWord(t), glob: /[*?[]/.test(t) }));
			// A file the code reads into the call is its standard input (`cur.execute(open('x.sql').read())` reads x.sql).
			const redirects = synthetic.stdinFile !== undefined ? [{ op: '<', target: literalWord(synthetic.stdinFile) }] : [];
			unwrapCommand({ words, assignments: [], redirects, raw: synthetic.argv.join(' '), stdin: synthetic.stdin !== undefined ? { kind: 'text', text: synthetic.stdin, via: 'herestring' } : undefined }, ctx, inner, out);
		}
	}
}

/**
 * Text the command wrote into files whose commands run later (a git hook, a cron table, git config …):
 * judged as what it will run, later and unasked (shell/planted.ts). It runs in its own environment, not
 * the line's.
 */
function unwrapPlanted(writes: ReturnType<InlineFiles['since']>, cmd: SimpleCommand, ctx: AnalysisContext, frame: Frame, out: Invocation[]): void {
	const home = ctx.home ?? ctx.env?.HOME ?? '';
	for (const write of writes) {
		const planted = write.content !== undefined ? plantedBy(write.path, write.content, home) : write.inserted !== undefined ? plantedBy(write.path, write.inserted, home, true) : undefined;
		if (!planted) {
			continue;
		}
		const label = `planted in ${write.path} (runs later)`;
		// Read as a file is (a missing file it sources is skipped), but a download it runs asks (wrappers.ts unknownInput).
		// Without the line's files: what it writes happens later, not before the rest of the line (a planted
		// `echo hi > /tmp/x.sh` must not hide the `rm` the line itself wrote there and runs next).
		const inner: Frame = { via: [...frame.via, label], env: {}, remote: false, dynamicArgs: false, depth: frame.depth + 1, cwd: frame.cwd, fromFile: true, planted: write.path };
		const program = planted.program === undefined ? undefined : programStep(planted.program, label);
		if (program) {
			unwrapCode(program, cmd, ctx, inner, out);
		}
		if (planted.commands.length > 0) {
			unwrapCode({ kind: 'script', scripts: planted.commands, label }, cmd, ctx, inner, out);
		}
	}
}

/** Where programs are looked for when PATH is not known: the usual folders, in the usual order. */
const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin', '~/.local/bin', '~/bin'];

/**
 * The file a command name runs when the line wrote one of that name into a folder of PATH (the line's own
 * PATH, else the environment's, else the usual folders; a `$PATH` inside it stands for the usual folders).
 * Only files the line writes are looked for: the folders on disk are not listed.
 */
function writtenOnPath(name: string, pathValue: string | undefined, ctx: AnalysisContext, cwd: string | undefined): string | undefined {
	const written = ctx.writtenNamed?.(name);
	if (!written || written.length === 0) {
		return undefined;
	}
	const home = ctx.home ?? ctx.env?.HOME;
	const dirs = (pathValue ?? DEFAULT_PATH.join(':')).split(':').flatMap((d) => (/\$\{?PATH\b/.test(d) ? DEFAULT_PATH : [d]));
	for (const dir of dirs) {
		const expanded = home ? dir.replace(/^~(?=\/|$)/, home) : dir;
		if (expanded === '' || /[$`~]/.test(expanded)) {
			continue;
		}
		const file = path.resolve(cwd ?? ctx.cwd ?? process.cwd(), expanded, name);
		if (written.includes(file)) {
			return file;
		}
	}
	return undefined;
}

/** What variables make programs run (commandVariables.ts), judged as shell text one level down. */
function unwrapVariableRuns(runs: readonly VariableRun[], cmd: SimpleCommand, ctx: AnalysisContext, frame: Frame, out: Invocation[]): void {
	for (const run of runs) {
		unwrapScript(run.script, ctx, { ...frame, via: [...frame.via, run.label], depth: frame.depth + 1 }, cmd, out);
	}
}

/** `./cleanup.sh`, `scripts/reset-db`: a script run by path is read (when it can be) and judged line by line. */
function directScript(_args: readonly Word[], inv: Invocation, ctx: AnalysisContext): Step | undefined {
	const here = inv.cwd ?? ctx.cwd ?? process.cwd();
	// `"$PWD/run.sh"`, `"$HOME/bin/x"`: a dynamic name whose folder the shell itself knows.
	const file = inv.argv[0].dynamic ? withKnownFolders(inv.argv[0].text, here, ctx.home ?? ctx.env?.HOME) : inv.argv[0].text;
	if ((inv.argv[0].dynamic && /[$`]/.test(file)) || !file.includes('/') || /\.(?:exe|dll|so|dylib|bin|jar|zip|gz)$/i.test(file)) {
		return undefined;
	}
	const word = { ...inv.argv[0], text: file };
	const text = readRelative(word.text, ctx);
	if (text === undefined) {
		// `curl -o y.sh URL; ./y.sh`: a file the line wrote with contents only known when it runs. (A
		// program that is just unreadable here, a binary over the cap, is not asked about.)
		const absolute = path.resolve(here, word.text);
		return ctx.writtenInLine?.(absolute) ? unknownInput(inv.argv[0], inv, ctx) : undefined;
	}
	// Without a shebang, the shell runs a text file as a script of its own: read so when it has a script's
	// name, or when this line wrote it (a file on disk without either may be a binary).
	const plain = () => /\.(?:sh|bash|zsh|command)$/.test(word.text) || (!text.includes('\0') && ctx.writtenInLine?.(path.resolve(here, word.text)) === true);
	return programStep(text, inv.argv[0].text, plain);
}

/**
 * A program's text as the step that runs it: by its shebang's interpreter (a shell, or a language the engine
 * reads), or as a shell script when it has none and `plain` says a shell would run it.
 */
function programStep(text: string, label: string, plain: () => boolean = () => true): Exclude<Step, { kind: 'argv' }> | undefined {
	const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text)?.slice(1).filter(Boolean).map((w) => commandName(w)) ?? [];
	const interpreter = shebang[0] === 'env' ? shebang[1] : shebang[0];
	const language = interpreter === undefined ? undefined : LANGUAGE_OF[interpreter.replace(/[\d.]+$/, '')];
	if (language) {
		return { kind: 'code', language, code: text, label };
	}
	const shell = interpreter === undefined ? plain() : SHELLS.includes(interpreter);
	return shell ? { kind: 'script', scripts: [text], label, fromFile: true } : undefined;
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
	// Only a value known as written: `$(echo $X)` or `$(rev <<< $X)` prints what X holds, unknown here.
	const output = inner.status === 'complete' && last && writtenExactly(last) ? outputOf(last, ctx)?.replace(/\n+$/, '') : undefined;
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
	if (!rmLike) {
		return undefined;
	}
	// `$X rm -rf /srv/data`: the unknown word is a wrapper (sudo, nice, …) of the rm that follows, not rm itself.
	return !argv[1].dynamic && commandName(argv[1].text) === 'rm' ? argv.slice(1) : [literalWord('rm'), ...argv.slice(1)];
}

function knownValues(env: Frame['env']): Record<string, string> {
	const out: Record<string, string> = {};
	for (const k in env) {
		const v = env[k];
		if (v !== undefined && !SUBSTITUTION.test(v)) {
			out[k] = v;
		}
	}
	return out;
}

/** Parses shell code found inside a wrapper and unwraps it in turn. */
export function unwrapScript(script: string, ctx: AnalysisContext, frame: Frame, source: SimpleCommand, out: Invocation[], dialect?: 'powershell', feed?: StdinFeed): void {
	ctx = inDirectory(ctx, frame);
	if (frame.depth > MAX_NESTING || script.length > 2 * MAX_FILE_BYTES) {
		out.push(unparsed(script, frame, source));
		return;
	}
	const parsed = dialect === 'powershell' ? parsePowerShellOrBash(script) : parseLine(script);
	if (parsed.status !== 'complete' || parsed.truncated) {
		out.push(unparsed(script, frame, source));
	}
	// A nested shell sees only what was exported to it. A value written as a substitution is how an unknown
	// value was built (Scope.writtenHints, in the rules' env), not the value: it stays unknown in there.
	unwrapCommands(feed ? fed(parsed.commands, feed) : parsed.commands, ctx, { ...frame, variables: knownValues(frame.env) }, out);
}

/**
 * `exec < wipe.sql; psql app`: an `exec` with no command makes its `<` the shell's own input, which every later
 * command without one of its own reads. (Inside a subshell it would hold only there: read as holding after it, stricter.)
 */
function withExecInput(commands: readonly SimpleCommand[]): readonly SimpleCommand[] {
	const at = commands.findIndex((c) => c.words.length === 1 && c.words[0].text === 'exec' && c.redirects.some((r) => r.op === '<' && r.target && (r.fd === undefined || r.fd === '0')));
	if (at < 0) {
		return commands;
	}
	const redirect = commands[at].redirects.filter((r) => r.op === '<' && r.target && (r.fd === undefined || r.fd === '0')).at(-1)!;
	return [...commands.slice(0, at + 1), ...withExecInput(fed(commands.slice(at + 1), { redirect }))];
}

/**
 * The script's commands with `feed` as the standard input of those that have none of their own (no pipe
 * into them, no `<`, heredoc or here-string). Each gets all of it: the first to read takes what the
 * others would see, and which one that is depends on the program — so each is judged with all of it.
 */
function fed(commands: readonly SimpleCommand[], feed: StdinFeed): readonly SimpleCommand[] {
	const replaced = new Map<SimpleCommand, SimpleCommand>();
	return commands.map((c) => {
		let next = c;
		if (c.stdin?.kind === 'pipe') {
			const from = replaced.get(c.stdin.from);
			next = from ? { ...c, stdin: { kind: 'pipe', from } } : c;
		} else if (c.stdin === undefined && !c.redirects.some((r) => r.op.startsWith('<') && (r.fd === undefined || r.fd === '0'))) {
			next = { ...c, ...(feed.stdin ? { stdin: feed.stdin } : {}), ...(feed.redirect ? { redirects: [...c.redirects, feed.redirect] } : {}) };
		}
		if (next !== c) {
			replaced.set(c, next);
		}
		return next;
	});
}

/**
 * PowerShell code found inside a line (`pwsh -c '…'`, `iex '…'`) is parsed with the PowerShell
 * grammar once it is loaded. Until then (a caller that did not `prepare` the line) it is read as
 * shell text, as before the grammar existed, and the grammar starts loading for the next line.
 */
function parsePowerShellOrBash(script: string): ParsedLine {
	if (isPowerShellReady()) {
		return parsePowerShell(script);
	}
	void initPowerShell().catch(() => undefined);
	return parseLine(windowsText(script, true));
}

function unparsed(text: string, frame: Frame, source: SimpleCommand): Invocation {
	return { argv: [literalWord(UNPARSED)], name: UNPARSED, stdinText: text, redirects: [], env: { ...frame.env }, via: frame.via, remote: frame.remote, dynamicArgs: true, source };
}

export const _unwrappersForTests = UNWRAPPERS;

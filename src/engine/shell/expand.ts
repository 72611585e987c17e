/**
 * Static expansion: what the shell would substitute, where the line itself makes the value known.
 *
 * `G=git; F=--force; $G push $F origin main` → `git push --force origin main`. Variables assigned
 * earlier in the line (plain, `export`, `declare`, `local`, `readonly`, arrays, `set --`), `${X:-d}`
 * and the other simple parameter expansions, `$(echo …)`/`$(printf …)`, brace expansion and the
 * concatenation of these. Whatever is not known stays as written and the word stays `dynamic`.
 *
 * The scope is conservative: an assignment that might not reach later commands (a subshell, a
 * pipeline stage, a branch, a loop, after `&&`) makes the variable unknown rather than known, and
 * `source`/`eval` make every variable unknown — a wrong known value could hide a command.
 */
import { commandName } from './argv';
import { outputOf } from './input';
import { parseLine } from './parse';
import { re2 } from '../re2';
import type { AnalysisContext, Assignment, SimpleCommand, Stdin, Word, WordPart } from '../types';

/**
 * A variable's value: a string, an array, one of a few strings (a `for` loop's variable over a
 * list the line spells out), or `null` when not knowable.
 */
export type Value = string | readonly string[] | OneOf | null;

export interface OneOf {
	readonly oneOf: readonly string[];
}

export function isOneOf(value: Value): value is OneOf {
	return value !== null && typeof value === 'object' && 'oneOf' in value;
}

/** Loops over more values than this are not followed value by value. */
const MAX_LOOP_VALUES = 16;

/** More words than this from one word (`{1..100000}`) and the word is left as written. */
const MAX_FIELDS = 256;
/** Values longer than this are not substituted (a bound on work; the word stays unknown). */
const MAX_VALUE = 64 * 1024;
/** `${X#pattern}` on values longer than this is not computed. */
const MAX_PATTERN_SUBJECT = 4096;
/** A value written as one command substitution: `$(cat y.sh)`, `"$(cat y.sh)"`, `` `cat y.sh` ``; its code is group 1 or 2. */
export const SUBSTITUTION = /^"?(?:\$\(([\s\S]*)\)|`([\s\S]*)`)"?$/;

/** `$(echo $(echo $(…)))` deeper than this stays unknown. */
const MAX_DEPTH = 4;

const LINE: readonly number[] = [0];
/** Shared by every scope without variables (most lines): read-only by convention, never written to. */
const NONE: Record<string, string> = Object.freeze({}) as Record<string, string>;
const DEFAULT_IFS = ' \t\n';

/** Splits on any of `separators` (runs of them count once; empty IFS does not split). */
function splitOn(text: string, separators: string): string[] {
	if (separators === '') {
		return [text];
	}
	const cls = [...separators].map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('');
	return text.split(new RegExp(`[${cls}]+`));
}

interface Entry {
	readonly value: Value;
	/** For a value not knowable: the value as written (`$(jq -n …)`), for rules that read what builds a body. */
	readonly written?: string;
	/** The block it was assigned in (SimpleCommand.block). */
	readonly block: readonly number[];
}

export class Scope {
	private readonly vars = new Map<string, Entry>();
	private positionalEntry: Entry | undefined;
	/** The block of the command being expanded: values assigned in blocks that do not enclose it are unknown. */
	at: readonly number[] = LINE;

	constructor(initial: Readonly<Record<string, string>> = {}) {
		for (const k in initial) {
			this.vars.set(k, { value: initial[k], block: LINE });
		}
	}

	/** `declare -n NAME=TARGET`: reading or assigning NAME reads or assigns TARGET (bash's namerefs). */
	private readonly refs = new Map<string, string>();

	/** The variable a name stands for after following namerefs; undefined for a loop of them. */
	private target(name: string): string | undefined {
		let at = name;
		for (let hops = 0; this.refs.has(at); hops++) {
			if (hops >= 8) {
				return undefined;
			}
			at = this.refs.get(at)!;
		}
		return at;
	}

	/** The value, `null` when unknown (never assigned in the line, assigned an unknowable value, or in another block). */
	get(name: string): Value {
		const target = this.refs.size === 0 ? name : this.target(name);
		return target === undefined ? null : this.visible(this.vars.get(target));
	}

	/** Names declared with `declare -n NAME` and no value yet. */
	private readonly pendingRefs = new Set<string>();

	/** Assigns in the block of the command being expanded. */
	set(name: string, value: Value, written?: string): void {
		if (this.pendingRefs.size > 0 && this.pendingRefs.has(name) && !this.refs.has(name) && value !== null) {
			this.pendingRefs.delete(name);
			this.reference(name, typeof value === 'string' ? value : '');
			return;
		}
		const target = this.refs.size === 0 ? name : this.target(name);
		if (target === undefined) {
			return;
		}
		// A value a substitution printed is kept as written too: where the value is not visible (assigned
		// after `&&`), what built it still is (`cd sub && X=$(cat y.sh) && eval "$X"`).
		const keep = written !== undefined && (value === null || SUBSTITUTION.test(written));
		this.vars.set(target, { value, block: this.at, ...(keep ? { written } : {}) });
	}

	/**
	 * `declare -n NAME=TARGET`. Made where every later command sees it (the line's own level), NAME follows
	 * TARGET; made in a block that may not run, NAME and TARGET may each hold either value, so both are unknown.
	 */
	reference(name: string, target: string | undefined): void {
		if (target === undefined) {
			// `declare -n ref` then `ref=CMD`: the first assignment names what ref stands for.
			this.pendingRefs.add(name);
			this.set(name, null);
			return;
		}
		if (this.at.length <= 1 && /^[A-Za-z_]\w*$/.test(target) && target !== name) {
			this.refs.set(name, target);
			return;
		}
		this.set(name, null);
		if (/^[A-Za-z_]\w*$/.test(target)) {
			this.set(target, null);
		}
	}

	/**
	 * Variables whose value is not knowable, as written (`BODY=$(jq -n …)` → `$(jq -n …)`), and those a
	 * substitution set where the value is not visible (assigned after `&&`): never substituted into
	 * words, only offered to rules that read how a request body or a command was built.
	 */
	writtenHints(): Record<string, string> {
		if (this.vars.size === 0) {
			return NONE;
		}
		let out: Record<string, string> | undefined;
		for (const [k, entry] of this.vars) {
			if (entry.written !== undefined && this.visible(entry) === null && (this.visibleBlock(entry) || SUBSTITUTION.test(entry.written))) {
				(out ??= {})[k] = entry.written;
			}
		}
		return out ?? NONE;
	}

	/** `$1 …`: `null` when unknown (the default: the line does not say). */
	get positional(): readonly string[] | null {
		const value = this.visible(this.positionalEntry);
		return Array.isArray(value) ? value : null;
	}

	set positional(values: readonly string[] | null) {
		this.positionalEntry = { value: values, block: this.at };
	}

	/** After `source f` or `eval …`: anything may have changed. */
	forgetAll(): void {
		for (const k of this.vars.keys()) {
			this.vars.set(k, { value: null, block: LINE });
		}
		this.positionalEntry = undefined;
	}

	/** Known string values, for rules that read `$NAME` in text (request bodies, production hints). */
	knownScalars(): Record<string, string> {
		// Loop variables and arrays are left out: a rule reading `$NAME` must not take one value for all.
		if (this.vars.size === 0) {
			return NONE;
		}
		const out: Record<string, string> = {};
		for (const k of this.vars.keys()) {
			const v = this.get(k);
			if (typeof v === 'string') {
				out[k] = v;
			}
		}
		return out;
	}

	/**
	 * The characters unquoted expansions are split on: the default blanks, the line's own `IFS=…`, or
	 * null when the line sets IFS to something unknown (then no split can be trusted).
	 */
	fieldSeparators(): string | null {
		if (!this.vars.has('IFS')) {
			return DEFAULT_IFS;
		}
		const value = this.get('IFS');
		return typeof value === 'string' ? value : null;
	}

	/** An assignment holds where the block it was made in encloses the reader (ids are unique). */
	private visible(entry: Entry | undefined): Value {
		return entry && this.visibleBlock(entry) ? entry.value : null;
	}

	private visibleBlock(entry: Entry): boolean {
		const depth = entry.block.length;
		return depth <= this.at.length && this.at[depth - 1] === entry.block[depth - 1];
	}
}

// ---- words ----------------------------------------------------------------------------------------

/** The words one word becomes once expanded (none for an unquoted empty value, several when split). */
export function expandWord(word: Word, scope: Scope, ctx: AnalysisContext, depth = 0): Word[] {
	if (!word.parts) {
		return [word];
	}
	const variants = braceVariants(word.parts);
	const out: Word[] = [];
	for (const parts of variants) {
		out.push(...expandParts(parts, word, scope, ctx, depth));
		if (out.length > MAX_FIELDS) {
			return [word];
		}
	}
	if (out.length === 1 && out[0].text === word.text && out[0].dynamic === word.dynamic && !out[0].candidates) {
		return [word];
	}
	return out;
}

/** An assignment's value: not split, not brace-expanded (`X={a,b}` is the text `{a,b}`). */
export function expandAssignment(a: Assignment, scope: Scope, ctx: AnalysisContext): Value {
	if (a.unknown) {
		return null;
	}
	if (a.loop) {
		// `for D in build /srv/data`: each value is judged (analyze.ts tries every candidate).
		const items: string[] = [];
		for (const w of a.elements ?? []) {
			for (const e of expandWord(w, scope, ctx)) {
				if (e.dynamic) {
					return null;
				}
				// A glob stays a pattern (`for f in *.log` → `*.log`): the rule then sees a glob.
				items.push(e.text);
			}
		}
		return a.elements && items.length > 0 && items.length <= MAX_LOOP_VALUES ? { oneOf: items } : null;
	}
	if (a.elements) {
		const items: string[] = [];
		for (const w of a.elements) {
			for (const e of expandWord(w, scope, ctx)) {
				if (e.dynamic) {
					return null;
				}
				items.push(e.text);
			}
		}
		return a.append ? appendArray(scope.get(a.name), items) : items;
	}
	const value = a.word ? scalarOf(a.word, scope, ctx) : a.value;
	if (value === null) {
		return null;
	}
	if (a.append) {
		const before = scope.get(a.name);
		return typeof before === 'string' ? before + value : Array.isArray(before) ? appendArray(before, [value as string]) : null;
	}
	return value;
}

function appendArray(before: Value, items: readonly string[]): Value {
	if (before === null || isOneOf(before)) {
		return null;
	}
	return [...(typeof before === 'string' ? [before] : before), ...items];
}

/** A word's value with no splitting (assignment values, `${X:-word}` operands), or null if unknown. */
function scalarOf(word: Word, scope: Scope, ctx: AnalysisContext, depth = 0): string | null {
	if (!word.parts) {
		return word.text;
	}
	let text = '';
	for (const part of word.parts) {
		if (part.kind === 'text') {
			text += part.text;
			continue;
		}
		const value = valueOf(part, scope, ctx, depth);
		if (value === null || isOneOf(value)) {
			return null;
		}
		text += typeof value === 'string' ? value : value.join(' ');
	}
	return text;
}

interface Field {
	text: string;
	dynamic: boolean;
	glob: boolean;
	/** The field's full text for each value of a loop variable in it; undefined once anything else is unknown. */
	alts?: string[];
	/** Something unknown that is not a loop variable. */
	opaque: boolean;
	/** Something was written for it (a quoted empty string counts: `""` is a word). */
	present: boolean;
}

function expandParts(parts: readonly WordPart[], word: Word, scope: Scope, ctx: AnalysisContext, depth: number): Word[] {
	const fields: Field[] = [];
	let cur: Field = { text: '', dynamic: false, glob: false, present: false, opaque: false };
	const next = () => {
		if (cur.present) {
			fields.push(cur);
		}
		cur = { text: '', dynamic: false, glob: false, present: false, opaque: false };
	};
	const append = (text: string) => {
		cur.text += text;
		cur.alts = cur.alts?.map((a) => a + text);
	};
	/** Unquoted expansion results are split on blanks (the default IFS) and may be globs. */
	const separators = scope.fieldSeparators();
	const addSplit = (text: string) => {
		// IFS changed to something the line does not make known: split on blanks, and mark the words
		// unknown (the rules then read `rm -rf /srv/data` as the likeliest split, and as uncertain).
		const pieces = separators === DEFAULT_IFS || separators === null ? text.split(/[ \t\n]+/) : splitOn(text, separators);
		pieces.forEach((piece, i) => {
			if (i > 0) {
				next();
			}
			if (separators === null) {
				cur.dynamic = true;
				cur.opaque = true;
			}
			if (piece !== '') {
				append(piece);
				cur.present = true;
				cur.glob ||= /[*?[]/.test(piece);
			}
		});
	};
	for (const part of parts) {
		if (part.kind === 'text') {
			append(part.text);
			cur.present = true;
			cur.glob ||= !part.quoted && /(^|[^\\])[*?[]/.test(part.text);
			continue;
		}
		const value = valueOf(part, scope, ctx, depth);
		if (value === null || (isOneOf(value) && (cur.dynamic || !part.quoted && value.oneOf.some((v) => /[\s*?[]/.test(v))))) {
			append(part.raw);
			cur.dynamic = true;
			cur.opaque = true;
			cur.present = true;
			continue;
		}
		if (isOneOf(value)) {
			cur.alts = value.oneOf.map((v) => cur.text + v);
			cur.text += part.raw;
			cur.dynamic = true;
			cur.present = true;
			continue;
		}
		if (typeof value === 'string') {
			if (part.quoted) {
				append(value);
				cur.present = true;
			} else {
				addSplit(value);
			}
			continue;
		}
		// An array: `"${a[@]}"` / `"$@"` give one word per element, joined to the text around them.
		if (part.quoted && /\[@\]|^\$\{?@/.test(part.raw)) {
			value.forEach((item, i) => {
				if (i > 0) {
					next();
				}
				append(item);
				cur.present = true;
			});
		} else if (part.quoted) {
			append(value.join(' '));
			cur.present = true;
		} else {
			addSplit(value.join(' '));
		}
	}
	next();
	return fields.map((f) => ({ text: f.text, raw: word.raw, dynamic: f.dynamic, glob: f.glob, ...(f.dynamic && !f.opaque && f.alts ? { candidates: f.alts } : {}) }));
}

// ---- parameters -------------------------------------------------------------------------------------

const PARAM = /^\$\{(#?)([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])(?:\[([^\]]*)\])?([\s\S]*)\}$/;

function valueOf(part: WordPart, scope: Scope, ctx: AnalysisContext, depth: number): Value {
	if (part.kind === 'command') {
		return commandOutput(part.code, scope, ctx, depth + 1);
	}
	if (part.kind !== 'param') {
		return null;
	}
	const raw = part.raw;
	if (!raw.startsWith('${')) {
		return parameter(raw.slice(1), undefined, scope);
	}
	// `${!Y}` with Y=X: X's value (indirection). `${!prefix*}` and `${!a[@]}` list names or keys: unknown.
	const indirect = /^\$\{!([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(raw);
	if (indirect) {
		const target = parameter(indirect[1], undefined, scope);
		return typeof target === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(target) ? parameter(target, undefined, scope) : null;
	}
	const m = PARAM.exec(raw);
	if (!m) {
		return null;
	}
	const [, length, name, index, rest] = m;
	const value = parameter(name, index, scope);
	if (length) {
		if (rest !== '' || value === null || isOneOf(value)) {
			return null;
		}
		return String(typeof value === 'string' ? value.length : value.length);
	}
	if (rest === '') {
		return value;
	}
	return operator(name, value, rest, scope);
}

function parameter(name: string, index: string | undefined, scope: Scope): Value {
	if (/^[0-9]+$/.test(name)) {
		const n = Number(name);
		if (n === 0 || scope.positional === null) {
			return null;
		}
		return scope.positional[n - 1] ?? '';
	}
	if (name === '@' || name === '*') {
		return scope.positional;
	}
	if (name === '#') {
		return scope.positional === null ? null : String(scope.positional.length);
	}
	if (!/^[A-Za-z_]/.test(name)) {
		// `$?`, `$$`, `$!`, `$-`: known only when it runs.
		return null;
	}
	const value = scope.get(name);
	if (value === null) {
		return null;
	}
	if (isOneOf(value)) {
		return index === undefined ? value : null;
	}
	if (index === undefined) {
		return typeof value === 'string' ? value : value[0] ?? '';
	}
	if (index === '@' || index === '*') {
		return typeof value === 'string' ? [value] : value;
	}
	if (/^-?[0-9]+$/.test(index)) {
		// `${a[-1]}`: counted from the end (bash 4.3+).
		const items = typeof value === 'string' ? [value] : value;
		return items.at(Number(index)) ?? '';
	}
	return null;
}

/** `${X:-d}`, `${X#p}`, `${X/a/b}`, `${X^^}`, `${X:1:2}`: the forms whose result is plain to compute. */
function operator(name: string, value: Value, rest: string, scope: Scope): Value {
	if (isOneOf(value)) {
		return null;
	}
	if (value !== null && typeof value !== 'string') {
		const each = elementwise(name, value, rest, scope);
		if (each !== undefined) {
			return each;
		}
	}
	const scalar = value === null ? null : typeof value === 'string' ? value : value.join(' ');
	const def = /^(:?)([-=+?])([\s\S]*)$/.exec(rest);
	if (def) {
		const [, colon, op, argRaw] = def;
		// Unset and empty differ without the colon; a variable the line never set is unknown either way.
		if (scalar === null) {
			return null;
		}
		const useArg = op === '+' ? !(colon ? scalar === '' : false) : colon ? scalar === '' : false;
		if (op === '?') {
			return useArg ? null : scalar;
		}
		if (!useArg) {
			return op === '+' ? '' : value;
		}
		const arg = operand(argRaw, scope);
		if (arg !== null && op === '=' && /^[A-Za-z_]/.test(name)) {
			scope.set(name, arg);
		}
		return arg;
	}
	if (scalar === null) {
		return null;
	}
	const strip = /^(##?|%%?)([\s\S]*)$/.exec(rest);
	if (strip) {
		if (scalar.length > MAX_PATTERN_SUBJECT) {
			// Trying every prefix is quadratic: a long value is left unknown rather than slow.
			return null;
		}
		const pattern = globRegex(operand(strip[2], scope));
		if (!pattern) {
			return null;
		}
		const greedy = strip[1].length === 2;
		const candidates = [...Array(scalar.length + 1).keys()];
		if (strip[1][0] === '#') {
			const ends = greedy ? candidates.reverse() : candidates;
			const end = ends.find((i) => pattern.test(scalar.slice(0, i)));
			return end === undefined ? scalar : scalar.slice(end);
		}
		const starts = greedy ? candidates : candidates.reverse();
		const start = starts.find((i) => pattern.test(scalar.slice(i)));
		return start === undefined ? scalar : scalar.slice(0, start);
	}
	const replace = /^\/(\/?)([^/]*)(?:\/([\s\S]*))?$/.exec(rest);
	if (replace) {
		const from = operand(replace[2], scope);
		const to = replace[3] === undefined ? '' : operand(replace[3], scope);
		if (from === null || to === null || /[*?[]/.test(from) || from === '') {
			return null;
		}
		return replace[1] ? scalar.split(from).join(to) : scalar.replace(from, () => to);
	}
	if (rest === '^^') {
		return scalar.toUpperCase();
	}
	if (rest === ',,') {
		return scalar.toLowerCase();
	}
	if (rest === '^') {
		return scalar.charAt(0).toUpperCase() + scalar.slice(1);
	}
	if (rest === ',') {
		return scalar.charAt(0).toLowerCase() + scalar.slice(1);
	}
	const sub = SUBSTRING.exec(rest);
	if (sub) {
		const start = Number(sub[1]) < 0 ? Math.max(0, scalar.length + Number(sub[1])) : Number(sub[1]);
		if (sub[2] === undefined) {
			return scalar.slice(start);
		}
		const len = Number(sub[2]);
		return len < 0 ? scalar.slice(start, Math.max(start, scalar.length + len)) : scalar.slice(start, start + len);
	}
	return null;
}

const SUBSTRING = /^:\s*(-?\d+)(?::\s*(-?\d+))?$/;

/**
 * `${a[@]:1:2}`, `${@: -1}`, `${a[@]%/}`: on an array's elements (or the positional parameters) bash takes a
 * slice of the elements, and strips, replaces or changes case in each one — not in their joined text.
 * Undefined for the operators that work on the whole (`${a[@]:-x}`); null when the result is not known.
 */
function elementwise(name: string, items: readonly string[], rest: string, scope: Scope): Value | undefined {
	const sub = SUBSTRING.exec(rest);
	if (sub) {
		// `${@:1}` counts from $0 (the shell's name, not known here); `${a[@]:1}` from the first element.
		const list: (string | null)[] = name === '@' || name === '*' ? [null, ...items] : [...items];
		const offset = Number(sub[1]);
		const start = offset < 0 ? list.length + offset : offset;
		if (start < 0 || (sub[2] !== undefined && Number(sub[2]) < 0)) {
			return start < 0 ? [] : null;
		}
		const picked = list.slice(start, sub[2] === undefined ? undefined : start + Number(sub[2]));
		return picked.every((p): p is string => p !== null) ? picked : null;
	}
	if (/^(?:##?|%%?|\/|\^\^?$|,,?$)/.test(rest)) {
		const out: string[] = [];
		for (const item of items) {
			const changed = operator(name, item, rest, scope);
			if (typeof changed !== 'string') {
				return null;
			}
			out.push(changed);
		}
		return out;
	}
	return undefined;
}

/**
 * The text of an operand inside `${…}` (`${X:-"a b"}`, `${X:-$Y}`): quotes removed, `$NAME` and
 * `${NAME}` substituted. Anything more (`$(…)`, nested operators) is unknown.
 */
function operand(raw: string, scope: Scope): string | null {
	let out = '';
	let quote = '';
	for (let i = 0; i < raw.length; i++) {
		const c = raw[i];
		if (quote === "'") {
			if (c === "'") {
				quote = '';
			} else {
				out += c;
			}
			continue;
		}
		if (c === '\\' && i + 1 < raw.length) {
			out += raw[++i];
			continue;
		}
		if ((c === '"' && quote === '"') || (c === '"' && quote === '') || (c === "'" && quote === '')) {
			quote = quote === '' ? c : '';
			continue;
		}
		if (c === '$' || c === '`') {
			const m = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/.exec(raw.slice(i));
			if (!m) {
				return null;
			}
			const v = parameter(m[1] ?? m[2], undefined, scope);
			if (v === null || isOneOf(v)) {
				return null;
			}
			out += typeof v === 'string' ? v : v.join(' ');
			i += m[0].length - 1;
			continue;
		}
		out += c;
	}
	return out.length > MAX_VALUE ? null : out;
}

/**
 * A shell pattern (`*`, `?`, `[…]`) as an anchored regex, or undefined for what it cannot read. The
 * pattern comes from the command line, so it runs on RE2 (linear time): with a backtracking engine
 * `${x%%*a*a*a*a*a*a*a*a*b}` over a long `$x` took minutes.
 */
/** Compiled `${X%pattern}`-style patterns: compiling one (RE2) cost more than the rest of such a line. */
const globRegexes = new Map<string, { test(text: string): boolean } | undefined>();
const MAX_GLOB_REGEXES = 256;

function globRegex(pattern: string | null): { test(text: string): boolean } | undefined {
	if (pattern === null) {
		return undefined;
	}
	if (globRegexes.has(pattern)) {
		return globRegexes.get(pattern);
	}
	if (globRegexes.size >= MAX_GLOB_REGEXES) {
		globRegexes.clear();
	}
	const compiled = compileGlobRegex(pattern);
	globRegexes.set(pattern, compiled);
	return compiled;
}

function compileGlobRegex(pattern: string): { test(text: string): boolean } | undefined {
	let re = '';
	for (const c of pattern) {
		if (c === '*') {
			re += '[\\s\\S]*';
		} else if (c === '?') {
			re += '[\\s\\S]';
		} else if (c === '[' || c === ']') {
			return undefined;
		} else {
			re += c.replace(/[\\^$.|+(){}]/g, '\\$&');
		}
	}
	return re2().compile(`^${re}$`);
}

// ---- command substitution ---------------------------------------------------------------------------

/**
 * The output of `$(…)` when the line makes it plain: one command or a pipeline whose last stage's
 * output shell/input.ts knows (`echo`, `printf`, `cat file`, `base64 -d`, …), trailing newlines
 * removed as the shell does. Anything else is unknown.
 */
export function commandOutput(code: string, scope: Scope, ctx: AnalysisContext, depth: number): string | null {
	if (depth > MAX_DEPTH || code.length > MAX_VALUE) {
		return null;
	}
	const parsed = parseLine(code);
	if (parsed.status !== 'complete' || parsed.truncated) {
		return null;
	}
	const commands = parsed.commands;
	if (commands.length === 0) {
		return '';
	}
	for (let i = 1; i < commands.length; i++) {
		const stdin = commands[i].stdin;
		if (stdin?.kind !== 'pipe' || stdin.from !== commands[i - 1]) {
			return null;
		}
	}
	const remap = new Map<SimpleCommand, SimpleCommand>();
	let last: SimpleCommand | undefined;
	for (const cmd of commands) {
		if (cmd.assignments.length > 0) {
			return null;
		}
		const words: Word[] = [];
		for (const w of cmd.words) {
			for (const e of expandWord(w, scope, ctx, depth)) {
				if (e.dynamic) {
					return null;
				}
				words.push(e);
			}
		}
		let stdin = remapStdin(cmd.stdin, remap);
		if (stdin?.kind === 'text' && stdin.expands) {
			// `rev <<< "$X"` reads X's value: known when X is set in the line; an unquoted heredoc's `$…` is not followed.
			const value = stdin.via === 'herestring' && stdin.word ? expandWord(stdin.word, scope, ctx, depth) : [];
			if (value.length !== 1 || value[0].dynamic) {
				return null;
			}
			stdin = { kind: 'text', text: value[0].text, via: 'herestring' };
		}
		last = { ...cmd, words, stdin };
		remap.set(cmd, last);
	}
	if (!last || !PRINTERS.has(commandName(last.words[0]?.text ?? ''))) {
		return null;
	}
	const output = outputOf(last, ctx);
	return output === undefined || output.length > MAX_VALUE ? null : output.replace(/\n+$/, '');
}

/** Commands whose output outputOf computes (and nothing else: a wrong guess must not become a value). */
const PRINTERS = new Set(['echo', 'printf', 'cat', 'base64', 'xxd', 'rev', 'tr', 'cut', 'dirname', 'basename']);

/** A command's stdin, pointing at the expanded copy of the command that feeds it. */
export function remapStdin(stdin: Stdin | undefined, remap: ReadonlyMap<SimpleCommand, SimpleCommand>): Stdin | undefined {
	if (stdin?.kind !== 'pipe') {
		return stdin;
	}
	const from = remap.get(stdin.from);
	return from ? { kind: 'pipe', from } : stdin;
}

// ---- brace expansion ----------------------------------------------------------------------------------

/** The parts lists a word becomes by brace expansion of its unquoted text (`{a,b}`, `{1..3}`). */
function braceVariants(parts: readonly WordPart[]): (readonly WordPart[])[] {
	let variants: WordPart[][] = [[]];
	for (const part of parts) {
		const alternatives = part.kind === 'text' && !part.quoted && part.text.includes('{') ? expandBraces(part.text) : [part.kind === 'text' ? part.text : ''];
		if (alternatives.length === 1) {
			for (const v of variants) {
				v.push(part);
			}
			continue;
		}
		const grown: WordPart[][] = [];
		for (const v of variants) {
			for (const alt of alternatives) {
				grown.push([...v, { kind: 'text', text: alt, quoted: false }]);
			}
		}
		if (grown.length > MAX_FIELDS) {
			return [parts];
		}
		variants = grown;
	}
	return variants;
}

/** Bash brace expansion of one unquoted string: `a{b,c}d` → `abd acd`, `x{1..3}` → `x1 x2 x3`. */
export function expandBraces(text: string, budget = { left: MAX_FIELDS }): string[] {
	for (let open = text.indexOf('{'); open >= 0; open = text.indexOf('{', open + 1)) {
		if (text[open - 1] === '$') {
			continue;
		}
		let depth = 0;
		const commas: number[] = [];
		let close = -1;
		for (let i = open; i < text.length; i++) {
			const c = text[i];
			if (c === '\\') {
				i++;
			} else if (c === '{') {
				depth++;
			} else if (c === '}') {
				depth--;
				if (depth === 0) {
					close = i;
					break;
				}
			} else if (c === ',' && depth === 1) {
				commas.push(i);
			}
		}
		if (close < 0) {
			return [text];
		}
		const prefix = text.slice(0, open);
		const suffix = text.slice(close + 1);
		const body = text.slice(open + 1, close);
		let items: string[] | undefined;
		if (commas.length > 0) {
			const cuts = [open, ...commas, close];
			items = cuts.slice(0, -1).map((c, i) => text.slice(c + 1, cuts[i + 1]));
		} else {
			items = sequence(body);
		}
		if (!items) {
			continue;
		}
		const out: string[] = [];
		for (const item of items) {
			for (const rest of expandBraces(item + suffix, budget)) {
				out.push(prefix + rest);
				if (--budget.left < 0) {
					return [text];
				}
			}
		}
		return out;
	}
	return [text];
}

/** `1..3`, `a..e`, `10..1..3`: the items of a sequence expression, or undefined. */
function sequence(body: string): string[] | undefined {
	const num = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(body);
	if (num) {
		const [a, b] = [Number(num[1]), Number(num[2])];
		const step = Math.abs(Number(num[3] ?? 1)) || 1;
		if (Math.abs(b - a) / step > MAX_FIELDS) {
			return undefined;
		}
		const width = /^-?0\d/.test(num[1]) || /^-?0\d/.test(num[2]) ? Math.max(num[1].length, num[2].length) : 0;
		const out: string[] = [];
		for (let i = a; a <= b ? i <= b : i >= b; i += a <= b ? step : -step) {
			out.push(width ? String(i).padStart(width, '0') : String(i));
		}
		return out;
	}
	const chars = /^([A-Za-z])\.\.([A-Za-z])$/.exec(body);
	if (chars) {
		const [a, b] = [chars[1].charCodeAt(0), chars[2].charCodeAt(0)];
		const out: string[] = [];
		for (let i = a; a <= b ? i <= b : i >= b; i += a <= b ? 1 : -1) {
			out.push(String.fromCharCode(i));
		}
		return out;
	}
	return undefined;
}

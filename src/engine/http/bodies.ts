/**
 * Request bodies the line does not spell out: what a body builder prints (`jq -n '…' | curl -d @-`,
 * `-d "$(jo …)"`, `-d @<(python3 -c …)`), and bodies with shell expansions in them
 * (`-d "{\"query\":\"$Q\"}"`).
 *
 * The engine never runs the builder. It reads the texts the output is built from — the jq program
 * with the `--arg` values the line gives, jo's fields, a one-liner's string literals — and lists
 * what it could not know that could change which operation the request runs. An unknown that can
 * only land among the GraphQL `variables` (an id, a name) does not count: it cannot turn a query into
 * a delete.
 */
import { commandName } from '../shell/argv';
import { outputOf, readRelative } from '../shell/input';
import { parseLine } from '../shell/parse';
import type { AnalysisContext, SimpleCommand, Word } from '../types';
import { closingBracket, findGraphqlRequests, isDocument, stringLiterals } from './graphql';
import { parseJson } from './json';
import { EXPANSION } from './url';

export interface Produced {
	/** Texts the output is built from (or, when `exact`, the output itself). */
	readonly texts: readonly string[];
	/** What could not be known and could change the request: `$VOL`, `the contents of q.json`, `what sed does to it`. */
	readonly unknown: readonly string[];
	/** The command, for reasons: `jq`. */
	readonly by: string;
	/** The texts are exactly what it prints (`echo … | tee log`). */
	readonly exact: boolean;
	/** Exact texts that may still hold shell expansions (`echo "$BODY"`, a heredoc): their `$…` is not literal. */
	readonly expands?: boolean;
}

const NOTHING = (by: string): Produced => ({ texts: [], unknown: [], by, exact: true });
const MAX_DEPTH = 8;

/** Commands that print a body built from their arguments, and how to read them. */
const JQ_LIKE = new Set(['jq', 'gojq', 'jaq', 'yq']);
const CODE: Readonly<Record<string, readonly string[]>> = {
	python: ['-c'], python3: ['-c'], python2: ['-c'], pypy3: ['-c'], node: ['-e', '--eval', '-p', '--print'], nodejs: ['-e', '--eval', '-p', '--print'],
	deno: ['eval'], bun: ['-e', '--eval', '-p', '--print'], ruby: ['-e'], perl: ['-e', '-E'],
};
/** Commands that print their input unchanged (for this purpose: a delete in it still goes through). */
const PASS_THROUGH = new Set(['tee', 'cat', 'head', 'tail', 'dd', 'pv', 'buffer', 'stdbuf', 'unbuffer']);
const WRAPPERS = new Set(['sudo', 'env', 'command', 'exec', 'nice', 'nohup', 'time']);

/** What a command of the line prints, as far as the line shows it. */
export function producedBy(cmd: SimpleCommand, ctx: AnalysisContext, depth = 0): Produced {
	const words = unwrapped(cmd.words);
	const name = words[0] ? commandName(words[0].text) : '';
	const known = outputOf({ ...cmd, words }, ctx);
	if (known !== undefined) {
		const expands = words.some((w) => w.dynamic) || cmd.stdin?.kind === 'text' || (cmd.stdin?.kind === 'pipe' && inputOf(cmd, ctx, depth).expands === true);
		return { texts: [known], unknown: [], by: name, exact: true, ...(expands ? { expands } : {}) };
	}
	if (depth > MAX_DEPTH) {
		return { texts: [], unknown: [`what ${name} prints`], by: name, exact: false };
	}
	const args = words.slice(1);
	if (JQ_LIKE.has(name)) {
		return jq(name, args, cmd, ctx, depth);
	}
	if (name === 'jo') {
		return jo(args, ctx);
	}
	const code = codeOf(name, args, cmd);
	if (code !== undefined) {
		return oneLiner(name, code);
	}
	if (name === 'cat' || name === 'head' || name === 'tail') {
		const files = args.filter((w) => !w.text.startsWith('-'));
		if (files.length > 0) {
			return fromFiles(name, files, ctx);
		}
	}
	const input = inputOf(cmd, ctx, depth);
	if (PASS_THROUGH.has(name)) {
		return { ...input, by: input.by || name };
	}
	if (name === 'envsubst') {
		// `envsubst '$A ${B}'` replaces only those; plain `envsubst` every `$NAME` (GraphQL's `$id` too).
		const format = args.find((w) => !w.text.startsWith('-'));
		const only = format ? new Set([...format.text.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map((m) => m[1])) : undefined;
		const unknown = input.texts.flatMap((t) => outsideVariables(t, /\$\{?([A-Za-z_]\w*)\}?/g).filter((m) => !only || only.has(m[1])).map((m) => m[0]));
		return { texts: input.texts, unknown: [...input.unknown, ...new Set(unknown)], by: name, exact: false };
	}
	// Anything else may print anything; a delete in what it reads is still worth finding.
	return { texts: input.texts, unknown: [...input.unknown, `what ${name || 'the command'} prints`], by: name, exact: false };
}

/** What reaches a command's standard input from the line: a heredoc, a file after `<`, a pipe. */
export function inputOf(cmd: SimpleCommand, ctx: AnalysisContext, depth = 0): Produced {
	if (cmd.stdin?.kind === 'text') {
		return { texts: [cmd.stdin.text], unknown: [], by: '', exact: true, expands: true };
	}
	if (cmd.stdin?.kind === 'pipe') {
		return producedBy(cmd.stdin.from, ctx, depth + 1);
	}
	const redirect = cmd.redirects.find((r) => (r.op === '<' || r.op === '<>') && (r.fd === undefined || r.fd === '0') && r.target);
	if (redirect?.target) {
		// `< <(jq -n …)`: what the process substitution prints.
		const substituted = depth <= MAX_DEPTH && redirect.target.text.startsWith('<(') ? substitutionOutput(redirect.target.text, ctx) : undefined;
		if (substituted) {
			return substituted;
		}
		const text = redirect.target.dynamic ? undefined : readRelative(redirect.target.text, ctx);
		return text === undefined ? { texts: [], unknown: [`the contents of ${redirect.target.text}`], by: '', exact: false } : { texts: [text], unknown: [], by: '', exact: true };
	}
	return NOTHING('');
}

/**
 * What `$(…)` or `<(…)` prints: the inner line is parsed and its last command judged as a producer.
 * Undefined when the text is not a substitution.
 */
export function substitutionOutput(word: string, ctx: AnalysisContext): Produced | undefined {
	const inner = substitutionInner(word.trim());
	if (inner === undefined) {
		return undefined;
	}
	let commands: readonly SimpleCommand[];
	try {
		commands = parseLine(inner).commands;
	} catch {
		return { texts: [], unknown: [word.trim()], by: word.trim(), exact: false };
	}
	const fed = new Set(commands.flatMap((c) => (c.stdin?.kind === 'pipe' ? [c.stdin.from] : [])));
	const last = commands.filter((c) => !fed.has(c) && !commands.some((o) => o !== c && !fed.has(o) && o.raw.length > c.raw.length && o.raw.includes(c.raw)));
	if (last.length === 0) {
		return { texts: [], unknown: [word.trim()], by: word.trim(), exact: false };
	}
	const parts = last.map((c) => producedBy(c, ctx));
	return {
		texts: parts.flatMap((p) => p.texts), unknown: parts.flatMap((p) => p.unknown), by: parts.map((p) => p.by).filter(Boolean).join(', '),
		exact: parts.every((p) => p.exact), ...(parts.some((p) => p.expands) ? { expands: true } : {}),
	};
}

/** The command inside `$(…)`, `<(…)` or `>(…)` when the text is exactly one of them (not `$((…))`). */
export function substitutionInner(text: string): string | undefined {
	const open = /^(?:\$|<|>)\((?!\()/.exec(text);
	if (!open || !text.endsWith(')')) {
		return undefined;
	}
	let depth = 0;
	let quote = '';
	for (let i = open[0].length - 1; i < text.length; i++) {
		const c = text[i];
		if (quote) {
			if (c === '\\' && quote === '"') {
				i++;
			} else if (c === quote) {
				quote = '';
			}
			continue;
		}
		if (c === "'" || c === '"') {
			quote = c;
		} else if (c === '\\') {
			i++;
		} else if (c === '(') {
			depth++;
		} else if (c === ')' && --depth === 0) {
			return i === text.length - 1 ? text.slice(open[0].length, i) : undefined;
		}
	}
	return undefined;
}

/**
 * The builder's own words, wrappers (`sudo`, `env X=1`) dropped. `X=1 jq --arg id "$X"` is not read
 * as `1`: the shell expands the argument before the assignment applies.
 */
function unwrapped(words: readonly Word[]): readonly Word[] {
	let i = 0;
	while (i < words.length - 1 && (WRAPPERS.has(commandName(words[i].text)) || /^[A-Za-z_]\w*=/.test(words[i].text) || (i > 0 && words[i].text.startsWith('-')))) {
		i++;
	}
	return i === 0 ? words : words.slice(i);
}

function fromFiles(name: string, files: readonly Word[], ctx: AnalysisContext): Produced {
	const texts: string[] = [];
	const unknown: string[] = [];
	for (const file of files) {
		const text = file.dynamic ? undefined : readRelative(file.text, ctx);
		if (text === undefined) {
			unknown.push(`the contents of ${file.text}`);
		} else {
			texts.push(text);
		}
	}
	return { texts, unknown, by: name, exact: unknown.length === 0 };
}

/** Words still holding expansions the line does not resolve, as written. */
function expansions(word: Word): string[] {
	return word.dynamic ? [...word.text.matchAll(EXPANSION)].map((m) => m[0]) : [];
}

// ---- jq, gojq, jaq, yq ---------------------------------------------------------------------------

const JQ_VALUE = ['--indent', '-L', '--arg', '--argjson', '--slurpfile', '--rawfile', '-f', '--from-file', '-o', '--output-format', '-p', '--input-format', '-I', '--expression', '--front-matter'];

function jq(name: string, args: readonly Word[], cmd: SimpleCommand, ctx: AnalysisContext, depth: number): Produced {
	const values = new Map<string, string>();
	const unknownValues = new Map<string, string>();
	const unknown: string[] = [];
	const texts: string[] = [];
	let program: Word | undefined;
	let programText: string | undefined;
	let nullInput = false;
	let positionalArgs = false;
	const files: Word[] = [];
	for (let i = 0; i < args.length; i++) {
		const w = args[i];
		const t = w.text;
		if (positionalArgs && program !== undefined) {
			if (w.dynamic) {
				unknownValues.set('ARGS', t);
			}
			continue;
		}
		if (t === '--arg' || t === '--argjson') {
			const [n, v] = [args[i + 1], args[i + 2]];
			i += 2;
			if (n && v) {
				if (expansions(v).length > 0) {
					unknownValues.set(n.text, v.text);
				} else {
					values.set(n.text, t === '--arg' ? JSON.stringify(v.text) : v.text);
				}
			}
			continue;
		}
		if (t === '--slurpfile' || t === '--rawfile') {
			const [n, f] = [args[i + 1], args[i + 2]];
			i += 2;
			if (n && f) {
				const text = f.dynamic ? undefined : readRelative(f.text, ctx);
				if (text === undefined) {
					unknownValues.set(n.text, `the contents of ${f.text}`);
				} else {
					values.set(n.text, t === '--rawfile' ? JSON.stringify(text) : `[${text}]`);
				}
			}
			continue;
		}
		if (t === '-f' || t === '--from-file') {
			const f = args[++i];
			programText = f && !f.dynamic ? readRelative(f.text, ctx) : undefined;
			program = f ?? w;
			if (programText === undefined) {
				unknown.push(`the program in ${f?.text ?? 'a file'}`);
			}
			continue;
		}
		if (t === '--args' || t === '--jsonargs') {
			positionalArgs = true;
			continue;
		}
		if (JQ_VALUE.includes(t)) {
			i++;
			continue;
		}
		if (/^-[a-zA-Z]+$/.test(t) || t.startsWith('--')) {
			nullInput ||= /^-[a-zA-Z]*n[a-zA-Z]*$/.test(t) || t === '--null-input';
			continue;
		}
		if (name === 'yq' && program === undefined && /^(?:e|eval|ea|eval-all)$/.test(t)) {
			continue;
		}
		if (program === undefined) {
			program = w;
			programText = t;
			unknown.push(...expansions(w));
		} else {
			files.push(w);
		}
	}
	let text = programText ?? '.';
	// Known values replace their references; unknown ones count unless they only feed `variables`.
	text = substituteJq(text, values);
	const refs = outsideVariables(text, /\$(?:ENV\b[.[]?\s*["']?(\w+)?|([A-Za-z_]\w*))|\benv\.(\w+)|\b(?:strenv|env)\((\w+)\)/g, maskJqStrings(text));
	// (Other `$names` are bound inside the program, `… as $x`, from its input.)
	for (const m of refs) {
		const ref = m[2];
		if (ref !== undefined && unknownValues.has(ref)) {
			unknown.push(unknownValues.get(ref)!);
		} else if (ref === undefined) {
			unknown.push(`the environment variable ${m[1] ?? m[3] ?? m[4] ?? ''}`.trim());
		}
	}
	texts.push(text);
	const readsInput = !nullInput || /\binputs?\b/.test(text);
	if (readsInput) {
		if (files.length > 0) {
			const read = fromFiles(name, files, ctx);
			texts.push(...read.texts);
			unknown.push(...read.unknown);
		} else {
			const input = inputOf(cmd, ctx, depth);
			texts.push(...input.texts);
			unknown.push(...input.unknown);
		}
	}
	return { texts, unknown: [...new Set(unknown)], by: name, exact: false };
}

/** `$name` outside strings and `\($name)` inside them, replaced by the value the line gives. */
function substituteJq(program: string, values: ReadonlyMap<string, string>): string {
	if (values.size === 0) {
		return program;
	}
	let out = '';
	let inString = false;
	for (let i = 0; i < program.length; i++) {
		const c = program[i];
		if (inString) {
			if (c === '\\' && program[i + 1] === '(') {
				const m = /^\\\(\s*\$([A-Za-z_]\w*)\s*\)/.exec(program.slice(i));
				const value = m ? values.get(m[1]) : undefined;
				if (m && value !== undefined) {
					const parsed = parseJson(value);
					const raw = typeof parsed === 'string' ? parsed : value;
					out += JSON.stringify(raw).slice(1, -1);
					i += m[0].length - 1;
					continue;
				}
			}
			if (c === '\\') {
				out += c + (program[i + 1] ?? '');
				i++;
				continue;
			}
			if (c === '"') {
				inString = false;
			}
			out += c;
			continue;
		}
		if (c === '"') {
			inString = true;
			out += c;
			continue;
		}
		if (c === '$') {
			const m = /^\$([A-Za-z_]\w*)/.exec(program.slice(i));
			const value = m ? values.get(m[1]) : undefined;
			if (m && value !== undefined) {
				out += value;
				i += m[0].length - 1;
				continue;
			}
		}
		out += c;
	}
	return out;
}

// ---- jo ------------------------------------------------------------------------------------------

function jo(args: readonly Word[], ctx: AnalysisContext): Produced {
	const object: Record<string, unknown> = {};
	const unknown: string[] = [];
	let delimiter: string | undefined;
	let array = false;
	const items: unknown[] = [];
	for (let i = 0; i < args.length; i++) {
		const w = args[i];
		const t = w.text;
		if (t === '-d') {
			delimiter = args[++i]?.text;
			continue;
		}
		if (t === '-a') {
			array = true;
			continue;
		}
		if (/^-[a-zA-Z]+$/.test(t)) {
			continue;
		}
		if (array) {
			items.push(t);
			if (w.dynamic) {
				unknown.push(...expansions(w));
			}
			continue;
		}
		const m = /^([^=@]+?)(\[\])?([=@])([\s\S]*)$/.exec(t);
		if (!m) {
			continue;
		}
		const key = m[1];
		let value: unknown = m[4];
		const inVariables = key === 'variables' || (delimiter !== undefined && key.startsWith(`variables${delimiter}`));
		if (m[3] === '=' && /^[@%:]/.test(m[4])) {
			// `key=@file` (its text), `key=%file` (base64), `key=:file` (its JSON).
			const file = m[4].slice(1);
			const text = w.dynamic ? undefined : readRelative(file, ctx);
			if (text === undefined && !inVariables) {
				unknown.push(`the contents of ${file}`);
			}
			value = m[4].startsWith(':') ? parseJson(text ?? '') ?? text : text;
		} else if (w.dynamic && expansions(w).length > 0 && !inVariables) {
			unknown.push(...expansions(w));
		} else if (m[3] === '@') {
			value = /^(?:1|true|t|y|yes)$/i.test(m[4]);
		} else {
			value = /^(?:-?\d+(?:\.\d+)?|true|false|null)$/.test(m[4]) ? JSON.parse(m[4]) : /^\s*[{[]/.test(m[4]) ? parseJson(m[4]) ?? m[4] : m[4];
		}
		const path = delimiter ? key.split(delimiter) : [key];
		let node = object;
		for (const part of path.slice(0, -1)) {
			node = (typeof node[part] === 'object' && node[part] !== null ? node[part] : (node[part] = {})) as Record<string, unknown>;
		}
		const last = path[path.length - 1];
		if (m[2]) {
			node[last] = [...(Array.isArray(node[last]) ? (node[last] as unknown[]) : []), value];
		} else {
			node[last] = value;
		}
	}
	return { texts: [JSON.stringify(array ? items : object)], unknown: [...new Set(unknown)], by: 'jo', exact: unknown.length === 0 };
}

// ---- one-liners ----------------------------------------------------------------------------------

/** The code of `python3 -c CODE`, `node -e CODE`, `python3 - <<EOF`. */
function codeOf(name: string, args: readonly Word[], cmd: SimpleCommand): Word | undefined {
	const flags = CODE[name] ?? (/^python3\.\d+$/.test(name) ? CODE.python : undefined);
	if (!flags) {
		return undefined;
	}
	const at = args.findIndex((w) => flags.includes(w.text));
	if (at >= 0) {
		return args[at + 1];
	}
	const script = args.find((w) => !w.text.startsWith('-') || w.text === '-');
	if ((script === undefined || script.text === '-') && cmd.stdin?.kind === 'text') {
		return { text: cmd.stdin.text, raw: cmd.stdin.text, dynamic: false, glob: false };
	}
	return undefined;
}

/** Where a one-liner reads something the line does not show. */
const CODE_INPUTS = /\b(?:os\.environ|os\.getenv|environ\.get|sys\.argv|sys\.stdin|input\(|open\(|process\.env|process\.argv|readFileSync|readFile\(|fs\.read|Deno\.env|Deno\.readTextFile|Bun\.file|Bun\.env|ENV\[|ARGV|STDIN|\$stdin|File\.read|\$ENV\{|<STDIN>|fetch\(|requests\.|urlopen)/g;

function oneLiner(name: string, code: Word): Produced {
	const unknown = [...expansions(code), ...outsideVariables(code.text, CODE_INPUTS).map((m) => m[0].replace(/\($/, ''))];
	return { texts: [code.text], unknown: [...new Set(unknown)], by: name, exact: false };
}

// ---- what counts as unknown ----------------------------------------------------------------------

/** The spans of a text that hold GraphQL `variables` (`variables: {…}`, `"variables": $v`). */
function variablesSpans(text: string): [number, number][] {
	const spans: [number, number][] = [];
	for (const m of text.matchAll(/["']?\bvariables["']?\s*[:=]\s*/g)) {
		const start = m.index + m[0].length;
		if (text[start] === '{' || text[start] === '[') {
			const end = closingBracket(text, start);
			spans.push([start, end < 0 ? text.length : end]);
		} else {
			const token = /^[$\w.[\]"']+(?:\([^)]*\))?/.exec(text.slice(start));
			spans.push([start, start + (token?.[0].length ?? 0)]);
		}
	}
	return spans;
}

/** Matches of `re` (in `searchIn`, the text with parts blanked out) that are not inside a `variables` value. */
function outsideVariables(text: string, re: RegExp, searchIn = text): RegExpMatchArray[] {
	const spans = variablesSpans(text);
	return [...searchIn.matchAll(re)].filter((m) => !spans.some(([a, b]) => (m.index ?? 0) >= a && (m.index ?? 0) < b));
}

/** A jq program with the text of its string literals blanked (interpolations `\\(…)` kept), same length. */
function maskJqStrings(program: string): string {
	let out = '';
	let inString = false;
	let depth = 0;
	for (let i = 0; i < program.length; i++) {
		const c = program[i];
		if (!inString) {
			if (c === '"') {
				inString = true;
			} else if (depth > 0 && c === '(') {
				depth++;
			} else if (depth > 0 && c === ')' && --depth === 0) {
				inString = true;
			}
			out += c;
			continue;
		}
		if (c === '\\' && program[i + 1] === '(') {
			out += '\\(';
			i++;
			inString = false;
			depth = 1;
			continue;
		}
		if (c === '\\') {
			out += '  '.slice(0, program[i + 1] === undefined ? 1 : 2);
			i++;
			continue;
		}
		if (c === '"') {
			inString = false;
			out += c;
			continue;
		}
		out += ' ';
	}
	return out;
}


/** Keys whose value decides what a request does, not which thing it does it to. */
const SHAPING_KEY = /["']?\b(?:query|mutation|operationName|sql|stmt|statement|command|type|action|operation|op|method|_method|Action)["']?\s*[:=]\s*(?:\\?["'])?$/i;

/**
 * The expansions of a body written with `$…` in it that could change what the request does: the
 * whole body, a GraphQL document (outside its string values and declared `$variables`), or the value
 * of a key like `query`, `type`, `action`. `{"name": "$NAME"}` and `"variables": {"id": "$ID"}` are fine.
 */
export function shapingExpansions(text: string): string[] {
	const all = [...text.matchAll(EXPANSION)];
	if (all.length === 0) {
		return [];
	}
	if (!/[A-Za-z0-9]/.test(text.replace(EXPANSION, ''))) {
		return [...new Set(all.map((m) => m[0]))];
	}
	const found = new Set<string>();
	for (const request of findGraphqlRequests(text)) {
		const masked = request.query.replace(/"""[\s\S]*?"""|"(?:[^"\\]|\\.)*"/g, '""');
		for (const m of masked.matchAll(EXPANSION)) {
			const name = /^\$([A-Za-z_]\w*)$/.exec(m[0])?.[1];
			const declared = name !== undefined && new RegExp(`\\$${name}\\s*:`).test(masked);
			if (!declared) {
				found.add(m[0]);
			}
		}
		if (!isDocument(request.query) && /[$`]/.test(request.query)) {
			for (const m of request.query.matchAll(EXPANSION)) {
				found.add(m[0]);
			}
		}
	}
	for (const m of outsideVariables(text, EXPANSION)) {
		if (SHAPING_KEY.test(text.slice(Math.max(0, (m.index ?? 0) - 40), m.index))) {
			found.add(m[0]);
		}
	}
	return [...found];
}

/**
 * True when a GraphQL document that parses is among the texts: a request in them, or a string
 * literal holding a document (`{query: "query { me { id } }"}` in a jq program).
 */
export function hasGraphqlDocument(texts: readonly string[]): boolean {
	return texts.some(
		(t) => findGraphqlRequests(t).some((r) => isDocument(r.query)) || stringLiterals(t).some((l) => /^\s*(?:query|mutation|subscription)\b|^\s*\{\s*\w/.test(l) && isDocument(l)),
	);
}

/**
 * Shell parsing with tree-sitter-bash (WASM, via web-tree-sitter): a command line becomes the flat
 * list of simple commands it would run, each with its words already quote-removed, its redirects,
 * and where its standard input comes from. See docs/decisions.md for why tree-sitter.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';
import { adoptTreeSitterModule, plainTree, type SyntaxNode as Node } from './syntax';
import type { Assignment, ParsedLine, ParseStatus, Redirect, Stdin, Word, WordPart } from '../types';

/** Name of the synthetic command standing for a self-replicating shell function. */
export const FORK_BOMB = '@fork-bomb';

/** Deeper than this, the walk stops and the line is marked truncated (analysed as risky words). */
const MAX_DEPTH = 120;
/** More simple commands than this in one line are not analysed one by one. */
const MAX_COMMANDS = 5000;
/** Calls of functions the line defines whose bodies are walked again (`f() {…}; f a; f b`); past this, the definition stands. */
const MAX_CALLS = 32;

let parser: Parser | undefined;
let initializing: Promise<void> | undefined;

function locateWasm(fileName: string, packageName: string): string {
	// The esbuild bundle ships the .wasm files beside itself; from source they come from node_modules.
	const beside = path.join(__dirname, fileName);
	if (fs.existsSync(beside)) {
		return beside;
	}
	// Packages with an `exports` map hide their files from require.resolve: look in the search paths.
	for (const base of require.resolve.paths(packageName) ?? []) {
		const candidate = path.join(base, packageName, fileName);
		if (fs.existsSync(candidate)) {
			return candidate;
		}
	}
	throw new Error(`cannot find ${fileName} from the ${packageName} package`);
}

/** Loads the WASM parser once. Every other function here needs it to have resolved. */
export function initParser(): Promise<void> {
	initializing ??= (async () => {
		// The object given to Parser.init becomes web-tree-sitter's emscripten module: syntax.ts calls its
		// cursor functions directly (falling back to the TreeCursor when they are not as expected).
		const module = { wasmBinary: fs.readFileSync(locateWasm('tree-sitter.wasm', 'web-tree-sitter')) };
		await Parser.init(module);
		adoptTreeSitterModule(module);
		const bash = await Language.load(fs.readFileSync(locateWasm('tree-sitter-bash.wasm', 'tree-sitter-bash')));
		const p = new Parser();
		p.setLanguage(bash);
		parser = p;
	})();
	return initializing;
}

export function isParserReady(): boolean {
	return parser !== undefined;
}

/**
 * Parses one command line (possibly several physical lines).
 *
 * `rm -rf "a b" && echo $(rm x) | sh` → commands `rm -rf "a b"`, `rm x`, `echo …`, `sh` (stdin: pipe from echo).
 * `echo 'abc` → status `incomplete`; `echo a )` → status `invalid`.
 */
export function parseLine(line: string): ParsedLine {
	if (!parser) {
		throw new Error('initParser() has not completed');
	}
	if (!lineParses) {
		return parseText(parser, line);
	}
	let parsed = lineParses.get(line);
	if (!parsed) {
		parsed = parseText(parser, line);
		if (lineParses.size < MAX_LINE_PARSES) {
			lineParses.set(line, parsed);
		}
	}
	return parsed;
}

/**
 * Code parsed while one line is analysed, by text. Nested code is often parsed more than once per line —
 * `eval "$(curl …)"`: when the word is expanded, when the eval is unwrapped and when the rule naming what
 * the substitution runs reads it — and parsing is the largest cost of a line. Only within `withLineParses`
 * (analyze.ts, one line): nothing is kept from one line to the next. A ParsedLine is never changed after
 * parseLine returns it, so sharing one is safe.
 */
let lineParses: Map<string, ParsedLine> | undefined;
const MAX_LINE_PARSES = 256;

/** Runs `fn` (the analysis of one line) with parses of the same text shared; nested calls share the outer memo. */
export function withLineParses<T>(fn: () => T): T {
	if (lineParses) {
		return fn();
	}
	lineParses = new Map();
	try {
		return fn();
	} finally {
		lineParses = undefined;
	}
}

const NO_NODES: ReadonlySet<Node> = new Set();
const NO_DESCRIPTORS = { of: new Map<Node, string>(), numbers: NO_NODES } as const;

/**
 * tree-sitter-bash reads the `0` of `bash 0< x.sh` (and `0>`, `0<&3`, `0<<<`) as a number argument
 * followed by a redirection without a descriptor; bash reads descriptor 0. The redirections of
 * `holder` (a command or a redirected statement) with a number of `words`' children written right
 * against them: each redirection's descriptor, and the numbers that are not arguments.
 */
function zeroDescriptors(holder: Node, words: Node): { of: Map<Node, string>; numbers: ReadonlySet<Node> } {
	let found: { of: Map<Node, string>; numbers: Set<Node> } | undefined;
	for (const redirect of holder.children) {
		if (!redirect.type.endsWith('_redirect') || redirect.childForFieldName('descriptor')) {
			continue;
		}
		const number = words.children.find((c) => c.type === 'number' && c.endIndex === redirect.startIndex && /^\d+$/.test(c.text));
		if (number) {
			found ??= { of: new Map(), numbers: new Set() };
			found.of.set(redirect, number.text);
			found.numbers.add(number);
		}
	}
	return found ?? NO_DESCRIPTORS;
}

/** A `$(` or backquote inside `[…]` (an array subscript, maybe inside quotes). */
const SUBSCRIPT_CODE = /\[[^\][]*?(?:\$\(|`)/;
/** Places bash evaluates text as arithmetic, where a subscript's substitution in a variable's value runs. */
const ARITHMETIC = /\(\(|\$\[|\blet\s|\b(?:declare|typeset|local)\s+-\w*i|\[\[[^\]]*\s-(?:eq|ne|lt|le|gt|ge)\s|\bunset\s|\bprintf\s+-v|\bread\s|\s-v\s|\$\{[^}]*\[/;

/** The index of the `)` that closes the `$(` opened just before `start` (quotes skipped), or -1. */
function closingParen(text: string, start: number): number {
	let depth = 1;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (c === '\\') {
			i++;
		} else if (c === "'" || c === '"') {
			const close = text.indexOf(c, i + 1);
			if (close < 0) {
				return -1;
			}
			i = close;
		} else if (c === '(') {
			depth++;
		} else if (c === ')' && --depth === 0) {
			return i;
		}
	}
	return -1;
}

/** A brace-expansion word (`{a,b,c}`, plain words only) where a command starts: at the start, after an operator, `then`, `do` or `else`. */
const BRACE_COMMAND = /(^|[;&|(\n]\s*|(?:^|\s)(?:then|do|else)\s+)\{((?:[^{}\s'"`$\\,]*,)+[^{}\s'"`$\\,]*)\}(?=$|[\s;&|)])/;
const BRACE_COMMANDS = new RegExp(BRACE_COMMAND.source, 'g');

function parseText(parser: Parser, line: string): ParsedLine {
	const joined = joinContinuations(line);
	let source = terminated(joined);
	let tree = parser.parse(source);
	if (tree && source !== joined && tree.rootNode.hasError) {
		// A line with a syntax error is read as typed: where the error ends decides whether the shell would
		// wait for more (`incomplete`) or refuse it (`invalid`, as `;;` is).
		tree.delete();
		source = joined;
		tree = parser.parse(source);
	}
	if (tree && tree.rootNode.hasError && BRACE_COMMAND.test(joined)) {
		// `{rm,-rf,/srv/data}` where a command starts is one word to bash, which brace expansion makes
		// `rm -rf /srv/data`; tree-sitter-bash reads an unclosed `{ …; }` group. Read as bash expands it.
		const expanded = joined.replace(BRACE_COMMANDS, (_m, before: string, list: string) => `${before}${list.split(',').filter((w) => w !== '').join(' ')}`);
		const retry = parser.parse(expanded);
		if (retry && !retry.rootNode.hasError) {
			tree.delete();
			tree = retry;
			source = expanded;
		} else {
			retry?.delete();
		}
	}
	if (!tree) {
		return { status: 'invalid', commands: [], truncated: true };
	}
	try {
		const root = plainTree(tree, source);
		const walker = new Walker();
		const commands = walker.withoutCalledDefinitions(walker.collect(root, 0));
		if (SUBSCRIPT_CODE.test(source) && ARITHMETIC.test(source)) {
			commands.push(...walker.subscriptCode(source));
		}
		let status: ParseStatus = root.hasError ? errorKind(root, line) : 'complete';
		if (status === 'complete' && walker.strayKeyword) {
			status = 'invalid';
		}
		return { status, commands, truncated: walker.truncated };
	} finally {
		tree.delete();
	}
}

/**
 * The line as the shell reads it, ended by its newline. tree-sitter-bash reaching the end of the input
 * right after a pipeline of three or more commands tries every error recovery before it accepts
 * (`a | b | c`: 78 µs, `a | b | c\n`: 21 µs); on a line that parses, the newline changes nothing the
 * walk reads. A line ending in a backslash is left as it is: there the newline would be a continuation.
 * Lines with fewer than two `|` are parsed as typed (the newline would only add a token to parse).
 */
function terminated(source: string): string {
	// Only where it helps: a line without two `|` has no such pipeline, and the newline costs a token (~0.5 µs).
	const pipe = source.indexOf('|');
	if (pipe < 0 || source.indexOf('|', pipe + 1) < 0) {
		return source;
	}
	return source.endsWith('\n') || source.endsWith('\\') ? source : `${source}\n`;
}

/**
 * Removes backslash-newline pairs outside single quotes, as bash does before it splits words:
 * tree-sitter would otherwise split `r\<newline>m -rf x` into two words. Heredoc bodies are left
 * alone (a quoted heredoc keeps them), so the work stops at the first line that opens a heredoc.
 */
function joinContinuations(line: string): string {
	if (!line.includes('\\\n')) {
		return line;
	}
	let out = '';
	let quote: '' | "'" | '"' = '';
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (quote === "'") {
			quote = c === "'" ? '' : quote;
			out += c;
			continue;
		}
		if (c === '\\') {
			if (line[i + 1] === '\n') {
				i++;
				continue;
			}
			out += c + (line[i + 1] ?? '');
			i++;
			continue;
		}
		if (c === '"') {
			quote = quote === '"' ? '' : '"';
		} else if (c === "'" && quote === '') {
			// `$'…'` ends at an unescaped quote too; its backslashes were copied above.
			quote = "'";
		} else if (c === '\n' && quote === '' && /<<-?\s*['"]?[\w-]+/.test(out.slice(out.lastIndexOf('\n') + 1))) {
			return out + line.slice(i);
		}
		out += c;
	}
	return out;
}

// ---- completeness -------------------------------------------------------------------------------

const OPENERS = /^(?:'|"|`|\$\(|\$\{|\(|\{|<<|if\b|then\b|else\b|elif\b|do\b|while\b|until\b|for\b|case\b|select\b|function\b|\[\[)/;

/** An error is "incomplete" when more input could still make the line valid (continuation lines). */
function errorKind(root: Node, line: string): ParseStatus {
	const trimmed = line.replace(/[ \t]+$/, '');
	if (/(?:^|[^\\])(?:\\\\)*\\$/.test(trimmed) || /(?:\|\||&&|\|)\s*$/.test(trimmed)) {
		return 'incomplete';
	}
	if (hasMissing(root, 0)) {
		return 'incomplete';
	}
	// An ERROR node that reaches the end of the input and starts with an opener: open quote,
	// unterminated heredoc, `if` without `fi`…
	const last = childrenOf(root).at(-1);
	if (last?.type === 'ERROR' && last.endIndex >= trimmed.length) {
		return OPENERS.test(last.text) || /<<|['"`]/.test(last.text) ? 'incomplete' : 'invalid';
	}
	return 'invalid';
}

/**
 * The children of a node in one pass. `node.child(i)` walks the siblings from the first each time,
 * which is quadratic on a word made of thousands of quoted pieces.
 */
function childrenOf(node: Node): Node[] {
	return node.children;
}

/** Children with their field names (`name`, `argument`, …). */
function withFields(node: Node): { child: Node; field: string | null }[] {
	return node.children.map((child, i) => ({ child, field: node.fields[i] }));
}

function hasMissing(node: Node, depth: number): boolean {
	if (node.isMissing) {
		return true;
	}
	if (depth > MAX_DEPTH || !node.hasError) {
		return false;
	}
	for (const child of childrenOf(node)) {
		if (child && hasMissing(child, depth + 1)) {
			return true;
		}
	}
	return false;
}

// ---- words --------------------------------------------------------------------------------------

/** Quote removal and escape resolution for one argument node. */
export function wordOf(node: Node): Word {
	const built: WordBuilder = { text: '', dynamic: false, glob: false, quoted: false, braces: false };
	appendWord(node, built, 0);
	const word = { text: built.text, raw: node.text, dynamic: built.dynamic, glob: built.glob };
	if (!built.dynamic && !built.braces) {
		return word;
	}
	// Pieces are kept only when expansion can change the word (a variable, a substitution, braces):
	// a second walk collects them, so the many plain words cost no more than before.
	const pieces: WordBuilder = { text: '', dynamic: false, glob: false, quoted: false, braces: false, parts: [] };
	appendWord(node, pieces, 0);
	return { ...word, parts: pieces.parts };
}

interface WordBuilder {
	text: string;
	dynamic: boolean;
	glob: boolean;
	/** Collected only on the second walk of a word that needs them (see wordOf). */
	parts?: WordPart[];
	/** Inside double quotes. */
	quoted: boolean;
	/** Unquoted `{…,…}` or `{a..b}`: brace expansion may apply. */
	braces: boolean;
}

/** `{a,b}` or `{1..3}` in unquoted text, the shapes bash brace-expands. */
const BRACES = /\{[^{}\s]*(?:,|\.\.)[^{}\s]*\}/;

function addText(out: WordBuilder, text: string, quoted: boolean): void {
	if (!out.parts) {
		return;
	}
	const last = out.parts[out.parts.length - 1];
	if (last?.kind === 'text' && last.quoted === quoted) {
		out.parts[out.parts.length - 1] = { kind: 'text', text: last.text + text, quoted };
	} else {
		out.parts?.push({ kind: 'text', text, quoted });
	}
}

function appendWord(node: Node, out: WordBuilder, depth: number): void {
	switch (node.type) {
		case 'word':
		case 'number':
		case 'variable_name': {
			const text = unescapeUnquoted(node.text, out);
			out.text += text;
			// An escaped character is literal: `\{a,b\}` is not brace-expanded.
			const quoted = out.quoted || node.text.includes('\\');
			addText(out, text, quoted);
			if (!quoted && (text.includes('{') || text.includes('}'))) {
				out.braces ||= BRACES.test(out.text);
			}
			return;
		}
		case 'brace_expression':
			out.text += node.text;
			out.braces = true;
			addText(out, node.text, out.quoted);
			return;
		case 'raw_string':
			out.text += node.text.slice(1, -1);
			addText(out, node.text.slice(1, -1), true);
			return;
		case 'ansi_c_string': {
			const text = decodeAnsiC(node.text.slice(2, -1));
			out.text += text;
			addText(out, text, true);
			return;
		}
		case 'simple_expansion':
		case 'expansion':
			out.text += node.text;
			out.dynamic = true;
			out.parts?.push({ kind: 'param', raw: node.text, quoted: out.quoted });
			return;
		case 'command_substitution': {
			out.text += node.text;
			out.dynamic = true;
			const code = node.text.startsWith('$(') ? node.text.slice(2, -1) : node.text.slice(1, -1).replace(/\\([\\`$])/g, '$1');
			out.parts?.push({ kind: 'command', raw: node.text, quoted: out.quoted, code });
			return;
		}
		case 'string':
		case 'translated_string': {
			// tree-sitter leaves newlines out of string_content: text between children is content too.
			const quoted = (text: string) => text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
			const source = node.text;
			let at = node.startIndex;
			const outer = out.quoted;
			out.quoted = true;
			// `""` is a word even when empty: an empty quoted piece keeps it from being dropped.
			addText(out, '', true);
			for (const child of childrenOf(node)) {
				if (child.startIndex > at) {
					const text = quoted(source.slice(at - node.startIndex, child.startIndex - node.startIndex));
					out.text += text;
					addText(out, text, true);
				}
				at = child.endIndex;
				if (child.type === 'string_content') {
					const text = quoted(child.text);
					out.text += text;
					addText(out, text, true);
				} else if (child.isNamed) {
					appendWord(child, out, depth + 1);
				}
			}
			out.quoted = outer;
			return;
		}
		case 'concatenation':
		case 'command_name':
			if (depth > MAX_DEPTH) {
				break;
			}
			for (const child of childrenOf(node)) {
				appendWord(child, out, depth + 1);
			}
			return;
	}
	// Anything else (arithmetic, process substitution, extglobs, ERROR): keep the text and treat it as unknown.
	out.text += node.text;
	if (node.isNamed) {
		out.dynamic = true;
		out.parts?.push({ kind: 'unknown', raw: node.text, quoted: out.quoted });
	} else {
		addText(out, node.text, out.quoted);
	}
}

/** An assignment node as the engine keeps it. */
function assignmentOf(node: Node): Assignment {
	const nameNode = node.childForFieldName('name');
	const value = node.childForFieldName('value');
	const append = /^[^=]*\+=/.test(node.text);
	if (nameNode?.type === 'subscript') {
		// `a[1]=x`: one element changes; the engine does not track elements.
		return { name: nameNode.childForFieldName('name')?.text ?? nameNode.text, value: '', unknown: true };
	}
	const name = nameNode?.text ?? '';
	if (value?.type === 'array') {
		const elements = childrenOf(value).filter((c) => c.isNamed && c.type !== 'comment').map(wordOf);
		return { name, value: elements.map((w) => w.text).join(' '), elements, append };
	}
	const word = value ? wordOf(value) : undefined;
	return { name, value: word?.text ?? '', ...(word ? { word } : {}), append };
}

function unescapeUnquoted(text: string, out: { glob: boolean }): string {
	if (/(^|[^\\])[*?[]/.test(text)) {
		out.glob = true;
	}
	return text.includes('\\') ? text.replace(/\\(\n|.)/g, (_m, c: string) => (c === '\n' ? '' : c)) : text;
}

const ANSI_C: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

function decodeAnsiC(body: string): string {
	return body.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/g, (m, esc: string) => {
		if (esc[0] === 'x' || esc[0] === 'u' || esc[0] === 'U') {
			const code = parseInt(esc.slice(1), 16);
			return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
		}
		if (/^[0-7]/.test(esc)) {
			return String.fromCharCode(parseInt(esc, 8) & 0xff);
		}
		if (esc[0] === 'c' && esc.length === 2) {
			return String.fromCharCode(esc.charCodeAt(1) & 0x1f);
		}
		return ANSI_C[esc] ?? m;
	});
}

// ---- the walk -----------------------------------------------------------------------------------

interface MutableCommand {
	words: Word[];
	assignments: Assignment[];
	block?: readonly number[];
	redirects: Redirect[];
	stdin?: Stdin;
	raw: string;
}

const STATEMENT_SKIP = new Set(['comment', 'heredoc_start', 'heredoc_end', 'heredoc_body']);

/**
 * Reserved words that can only close or continue a compound command. tree-sitter accepts
 * `fi` or `done` alone as a command named `fi`; bash reports a syntax error.
 */
/** Commands that change variables not named as assignments: in a loop they make every variable unknown. */
const LOOP_FORGETS = new Set(['read', 'mapfile', 'readarray', 'getopts', 'unset', 'set', 'shift', 'source', '.', 'eval', 'printf', 'let', 'declare', 'typeset', 'local', 'export', 'readonly']);

const STRAY_KEYWORDS = new Set(['fi', 'then', 'else', 'elif', 'do', 'done', 'esac', '}', 'in']);

class Walker {
	private count = 0;
	/** The block being walked, outermost first (see SimpleCommand.block). */
	private block: readonly number[] = [0];
	private blocks = 0;
	truncated = false;
	/** A closing reserved word (`fi`, `done`…) stood where a command name belongs. */
	strayKeyword = false;
	/** Functions defined so far, by name (their latest definition), and the commands each definition emitted. */
	private readonly functions = new Map<string, Node>();
	private readonly definitions = new Map<Node, MutableCommand[]>();
	/**
	 * Definitions walked again for a call after them; names whose body is being walked for a call (no recursion).
	 * By definition, not by name: `f() { :; }; f; f() { rm -rf …; }` never calls the second one, which is judged
	 * where it stands.
	 */
	private readonly called = new Set<Node>();
	private readonly calling = new Set<string>();
	private calls = 0;

	/** Collects the simple commands under `node`, returning them in execution order. */
	collect(node: Node, depth: number): MutableCommand[] {
		if (depth > MAX_DEPTH || this.count >= MAX_COMMANDS) {
			this.truncated = true;
			return [];
		}
		switch (node.type) {
			case 'command':
				return this.command(node, [], depth).all;
			case 'pipeline':
				return this.inNested(() => this.pipeline(node, depth));
			case 'list':
				return this.list(node, depth);
			case 'subshell':
			case 'if_statement':
			case 'case_statement':
			case 'process_substitution':
				return this.inNested(() => this.children(node, depth));
			case 'while_statement':
			case 'c_style_for_statement':
				return this.inNested(() => this.loop(this.children(node, depth)));
			case 'for_statement':
			case 'select_statement':
				return this.forStatement(node, depth);
			case 'redirected_statement':
				return this.redirected(node, depth);
			case 'comment':
				return [];
			case 'function_definition':
				return this.functionDefinition(node, depth);
			case 'declaration_command':
			case 'unset_command':
				return this.declaration(node, depth);
			case 'variable_assignment':
			case 'variable_assignments':
				// `RM='rm -rf'` alone on a statement: a command without words that sets variables
				// (not the `i=0` of `for ((i=0; …))`).
				return /for_statement|arithmetic/.test(node.parent?.type ?? '') ? this.children(node, depth) : this.declaration(node, depth);
			case 'command_substitution':
				// Inside backticks, nested backticks are escaped (`a \`b\``): tree-sitter keeps them as
				// words, so the body is unescaped and parsed again.
				if (node.child(0)?.type === '`' && node.text.includes('\\`')) {
					return this.inNested(() => this.reparse(node.text.slice(1, -1).replace(/\\([\\`$])/g, '$1'), depth + 1));
				}
				return this.inNested(() => this.children(node, depth));
			default:
				return this.children(node, depth);
		}
	}

	/**
	 * `export A=1 B`, `declare -x A=1`, `local a=$(…)`: a command named by its keyword, with the
	 * assignments as assignments and the rest as words (unwrapping tracks exported variables).
	 */
	private declaration(node: Node, depth: number): MutableCommand[] {
		const cmd: MutableCommand = { words: [], assignments: [], redirects: [], raw: node.text, block: this.block };
		const nested: MutableCommand[] = [];
		const parts = node.type === 'variable_assignment' ? [node] : childrenOf(node);
		let previous: Node | undefined;
		for (const child of parts) {
			// tree-sitter does not join the pieces of one word here (`unset -f _'_tg_x'`): the shell does.
			const joined = previous !== undefined && previous.endIndex === child.startIndex && child.type !== 'variable_assignment' && previous.type !== 'variable_assignment' && cmd.words.length > 0;
			previous = child;
			if (joined && child.isNamed && child.type !== 'comment') {
				const before = cmd.words.pop()!;
				const piece = wordOf(child);
				const parts = before.parts || piece.parts ? [...(before.parts ?? [{ kind: 'text' as const, text: before.text, quoted: true }]), ...(piece.parts ?? [{ kind: 'text' as const, text: piece.text, quoted: true }])] : undefined;
				cmd.words.push({ text: before.text + piece.text, raw: before.raw + piece.raw, dynamic: before.dynamic || piece.dynamic, glob: before.glob || piece.glob, ...(parts ? { parts } : {}) });
				nested.push(...this.substitutions(child, depth + 1));
				continue;
			}
			if (child.type === 'variable_assignment') {
				nested.push(...this.assignmentSubstitutions(child, depth));
				cmd.assignments.push(assignmentOf(child));
			} else if (!child.isNamed) {
				cmd.words.push({ text: child.text, raw: child.text, dynamic: false, glob: false });
			} else if (child.type !== 'comment') {
				cmd.words.push(wordOf(child));
				nested.push(...this.substitutions(child, depth + 1));
			}
		}
		this.count++;
		return [...nested, cmd];
	}

	/**
	 * A function that starts copies of itself in the background or in a pipe (`:(){ :|:& };:`) is a
	 * fork bomb: it is reported as the synthetic command `@fork-bomb NAME` besides its body.
	 */
	private functionDefinition(node: Node, depth: number): MutableCommand[] {
		const body = this.inNested(() => this.children(node, depth));
		const name = node.childForFieldName('name')?.text;
		if (name) {
			this.functions.set(name, node);
			this.definitions.set(node, body.slice());
		}
		const selfCalls = name ? body.filter((c) => c.words[0]?.text === name).length : 0;
		const background = /(?:^|[^&])&(?![&>])/.test(node.childForFieldName('body')?.text ?? '');
		if (name && (selfCalls >= 2 || (selfCalls >= 1 && background))) {
			const word = (text: string): Word => ({ text, raw: text, dynamic: false, glob: false });
			body.push({ words: [word(FORK_BOMB), word(name)], assignments: [], redirects: [], raw: node.text });
		}
		return body;
	}

	private children(node: Node, depth: number): MutableCommand[] {
		const found: MutableCommand[] = [];
		const all = childrenOf(node);
		for (const [i, child] of all.entries()) {
			if (child.isNamed && !STATEMENT_SKIP.has(child.type)) {
				// `X=1 &` runs in a background subshell: its assignments stay there.
				const background = all[i + 1]?.type === '&';
				found.push(...(background ? this.inNested(() => this.collect(child, depth + 1)) : this.collect(child, depth + 1)));
			}
		}
		return found;
	}

	/** Walks code in a new block: its assignments may not reach what follows it. */
	private inNested<T>(walk: () => T): T {
		const outer = this.block;
		this.block = [...outer, ++this.blocks];
		try {
			return walk();
		} finally {
			this.block = outer;
		}
	}

	/**
	 * For the list around the one walked last: the block whose assignments surely hold once that list has
	 * succeeded (`a && b`: b's; `a || b`: none of b's, the list's own block).
	 */
	private listTail: readonly number[] | undefined;

	/**
	 * `a && b`, `a || b`: only the first command surely runs. After `&&` the right side runs only once the
	 * left has, so it is walked inside the block of the left's last command: `X=1 && Y=2 && cmd $X $Y` sees
	 * both (tree-sitter nests `a && b && c` as `(a && b) && c`). After `||` it is a block of its own.
	 */
	private list(node: Node, depth: number): MutableCommand[] {
		const found: MutableCommand[] = [];
		let first = true;
		let operator: string | undefined;
		let tail: readonly number[] = this.block;
		for (const child of childrenOf(node)) {
			if (!child.isNamed) {
				operator = child.type;
				continue;
			}
			if (STATEMENT_SKIP.has(child.type)) {
				continue;
			}
			if (first) {
				this.listTail = undefined;
				found.push(...this.collect(child, depth + 1));
				tail = child.type === 'list' && this.listTail ? this.listTail : this.block;
				first = false;
				continue;
			}
			const outer = this.block;
			this.block = operator === '&&' ? tail : outer;
			let right: readonly number[] = this.block;
			try {
				found.push(...this.inNested(() => {
					right = this.block;
					return this.collect(child, depth + 1);
				}));
			} finally {
				this.block = outer;
			}
			// After `L || R` succeeds, R may not have run (L did): nothing of R surely holds after it.
			tail = operator === '&&' ? right : outer;
		}
		this.listTail = tail;
		return found;
	}

	/**
	 * `for X in …; do …; done`: X takes values only known as the loop runs. A synthetic assignment
	 * (unknown value) before the body says so to the expansion in unwrap.ts.
	 */
	private forStatement(node: Node, depth: number): MutableCommand[] {
		const name = node.childForFieldName('variable')?.text;
		const found: MutableCommand[] = [];
		if (name) {
			this.count++;
			const values = withFields(node).filter((c) => c.field === 'value').map((c) => wordOf(c.child));
			// Without `in …` the loop runs over "$@"; the variable's values are then not listed here.
			const hasList = /^\s*(?:for|select)\s+\w+\s+in\b/.test(node.text);
			found.push({ words: [], assignments: [hasList ? { name, value: '', elements: values, loop: true } : { name, value: '', unknown: true }], redirects: [], raw: node.text, block: this.block });
		}
		found.push(...this.inNested(() => this.loop(this.children(node, depth), name)));
		return found;
	}

	/**
	 * A loop's body runs again after itself: what it assigns anywhere is unknown from its start
	 * (`X=echo; while …; do $X -rf d; X=rm; done`). A synthetic command at the top of the body says so;
	 * `*` stands for "anything" (the body sources or evals code, or sets the positional parameters).
	 */
	private loop(body: MutableCommand[], loopVariable?: string): MutableCommand[] {
		const names = new Set<string>();
		for (const c of body) {
			for (const a of c.assignments) {
				names.add(a.name);
			}
			const name = c.words[0]?.text;
			if (name !== undefined && LOOP_FORGETS.has(name)) {
				names.add('*');
			}
		}
		if (loopVariable !== undefined) {
			names.delete(loopVariable);
		}
		if (names.size === 0) {
			return body;
		}
		const forget: MutableCommand = { words: [], assignments: [...names].map((name) => ({ name, value: '', unknown: true })), redirects: [], raw: '', block: this.block };
		return [forget, ...body];
	}

	/** Parses text found inside the line (nested backticks, backticks in a heredoc) and collects its commands. */
	private reparse(text: string, depth: number): MutableCommand[] {
		const tree = depth > MAX_DEPTH ? null : parser!.parse(text);
		if (!tree) {
			this.truncated = true;
			return [];
		}
		try {
			const root = plainTree(tree, text);
			if (root.hasError) {
				this.truncated = true;
			}
			return this.collect(root, depth + 1);
		} finally {
			tree.delete();
		}
	}

	private command(node: Node, outerRedirects: Redirect[], depth: number, descriptors: ReadonlySet<Node> = NO_NODES): { own: MutableCommand; all: MutableCommand[] } {
		const cmd: MutableCommand = { words: [], assignments: [], redirects: [...outerRedirects], raw: node.text, block: this.block };
		const nested: MutableCommand[] = [];
		const trailing: MutableCommand[] = [];
		const fds = zeroDescriptors(node, node);
		for (const { child, field } of withFields(node)) {
			if (descriptors.has(child) || fds.numbers.has(child)) {
				// `bash 0< x.sh`: the 0 is the redirection's descriptor, not an argument (zeroDescriptors).
				continue;
			}
			if (child.isMissing || (child.type === 'command_name' && child.text === '')) {
				// Inserted by error recovery (`ls &&`): there is no word there.
				continue;
			}
			if (child.type === 'command_name' && cmd.words.length === 0 && STRAY_KEYWORDS.has(child.text)) {
				this.strayKeyword = true;
			}
			if (child.type === 'variable_assignment') {
				nested.push(...this.assignmentSubstitutions(child, depth));
				cmd.assignments.push(assignmentOf(child));
			} else if (field === 'name' || field === 'argument' || child.type === 'command_name') {
				cmd.words.push(wordOf(child));
				nested.push(...this.substitutions(child, depth + 1));
			} else if (child.type.endsWith('_redirect')) {
				trailing.push(...this.redirect(child, cmd, depth + 1, fds.of.get(child)));
			} else if (child.isNamed && child.type !== 'comment') {
				// Arguments tree-sitter did not label (e.g. after a parse error): keep them as words.
				cmd.words.push(wordOf(child));
				nested.push(...this.substitutions(child, depth + 1));
			}
		}
		// Substitutions run before the command itself.
		this.count++;
		const first = cmd.words[0];
		const called = first && !first.dynamic && !this.calling.has(first.text) ? this.functions.get(first.text) : undefined;
		if (called && this.calls < MAX_CALLS) {
			return { own: cmd, all: [...nested, cmd, ...this.functionCall(first.text, called, cmd.words.slice(1), depth), ...trailing] };
		}
		return { own: cmd, all: [...nested, cmd, ...trailing] };
	}

	/**
	 * `f a b` after `f() { …; }`: the body runs again with `$1 $2` the call's words (a `set --` before it, in
	 * the call's own block). The definition's commands, judged where the function was defined with `$1`
	 * unknown, are then left out (parseText): `cleanup() { rm -rf "$1"; }; cleanup /srv/data` deletes
	 * /srv/data, and that is the name to type, not `$1`.
	 */
	private functionCall(name: string, definition: Node, args: readonly Word[], depth: number): MutableCommand[] {
		this.calls++;
		this.called.add(definition);
		this.calling.add(name);
		try {
			return this.inNested(() => {
				const set: MutableCommand = { words: [{ text: 'set', raw: 'set', dynamic: false, glob: false }, { text: '--', raw: '--', dynamic: false, glob: false }, ...args], assignments: [], redirects: [], raw: `set -- (the arguments of ${name})`, block: this.block };
				return [set, ...this.children(definition, depth + 1)];
			});
		} finally {
			this.calling.delete(name);
		}
	}

	/** The commands without those of definitions of functions the line calls (functionCall judged them with their arguments). */
	withoutCalledDefinitions(commands: MutableCommand[]): MutableCommand[] {
		if (this.called.size === 0) {
			return commands;
		}
		const drop = new Set([...this.called].flatMap((definition) => this.definitions.get(definition) ?? []));
		return commands.filter((c) => !drop.has(c));
	}

	/**
	 * `x='a[$(rm -rf …)]'; echo $((x))`: bash evaluates a value used in arithmetic as an expression, and
	 * an array subscript in it has its substitutions run, quoted or not (also `(( x ))`, `let`, `[[ $x -eq
	 * 1 ]]`, `declare -i`, `unset 'a[$(…)]'`). Where the line has such a place, the code of every `$(…)` or
	 * backquote inside `[…]` (`a[1+$(…)]` too) is taken as code that runs.
	 */
	subscriptCode(source: string): MutableCommand[] {
		const found: MutableCommand[] = [];
		for (const m of source.matchAll(/\[[^\][]*?(\$\(|`)/g)) {
			const start = m.index! + m[0].length;
			const end = m[1] === '`' ? source.indexOf('`', start) : closingParen(source, start);
			if (end > start && found.length < 64) {
				found.push(...this.inNested(() => this.reparse(source.slice(start, end), 1)));
			}
		}
		return found;
	}

	/** What an assignment runs: substitutions in its subscript (`a[$(cmd)]=1` runs cmd), then in its value. */
	private assignmentSubstitutions(assignment: Node, depth: number): MutableCommand[] {
		const name = assignment.childForFieldName('name');
		const value = assignment.childForFieldName('value');
		return [...(name?.type === 'subscript' ? this.substitutions(name, depth + 1) : []), ...(value ? this.substitutions(value, depth + 1) : [])];
	}

	/** Commands inside `$( )`, backticks and `<( )` within a word. */
	private substitutions(node: Node, depth: number): MutableCommand[] {
		if (depth > MAX_DEPTH) {
			this.truncated = true;
			return [];
		}
		if (node.type === 'command_substitution' || node.type === 'process_substitution') {
			return this.collect(node, depth + 1);
		}
		if (!/\$\(|`|[<>]\(/.test(node.text)) {
			// Nothing runs inside this word: skip walking its (possibly thousands of) pieces.
			return [];
		}
		const found: MutableCommand[] = [];
		for (const child of childrenOf(node)) {
			if (child.isNamed) {
				found.push(...this.substitutions(child, depth + 1));
			}
		}
		return found;
	}

	/** Records a redirect on `owner`; returns commands found in the rest of a heredoc's first line. */
	private redirect(node: Node, owner: MutableCommand, depth: number, descriptor?: string): MutableCommand[] {
		const op = node.children.find((c) => c && !c.isNamed)?.text ?? '';
		const fd = node.childForFieldName('descriptor')?.text ?? descriptor;
		if (node.type === 'heredoc_redirect') {
			const body = node.children.find((c) => c?.type === 'heredoc_body');
			let text = body ? body.text : '';
			if (op === '<<-') {
				// `<<-` strips leading tabs from every line, the closing delimiter's included.
				text = text.replace(/^\t+/gm, '');
			}
			owner.redirects.push({ op, fd, text });
			// `<<'EOF'`, `<<"EOF"`, `<<\EOF`: the body is read as written; otherwise `$…` and backticks expand first.
			const quotedDelimiter = /['"\\]/.test(node.children.find((c) => c?.type === 'heredoc_start')?.text ?? '');
			owner.stdin = { kind: 'text', text, via: 'heredoc', ...(!quotedDelimiter && /[$`]/.test(text) ? { expands: true } : {}) };
			// With an unquoted delimiter the shell expands `$( )` and backticks in the body first.
			const rest: MutableCommand[] = body ? this.heredocSubstitutions(body, depth + 1) : [];
			// tree-sitter puts what follows `<<EOF` on the same line (`| psql`, `&& x`) inside the redirect.
			for (const { child, field } of withFields(node)) {
				if (field === 'argument') {
					// `cat <<EOF a b`: words after the delimiter are the command's arguments.
					owner.words.push(wordOf(child));
					rest.push(...this.substitutions(child, depth + 1));
					continue;
				}
				if (!child.isNamed || STATEMENT_SKIP.has(child.type) || child.type === 'word') {
					continue;
				}
				if (child.type.endsWith('_redirect')) {
					rest.push(...this.redirect(child, owner, depth + 1));
					continue;
				}
				const found = this.collect(child, depth + 1);
				if (child.type === 'pipeline' && child.child(0)?.type.startsWith('|') && found[0] && !found[0].stdin) {
					found[0].stdin = { kind: 'pipe', from: owner };
				}
				rest.push(...found);
			}
			return rest;
		}
		if (node.type === 'herestring_redirect') {
			const value = node.namedChildren.find((c) => c && c.type !== 'file_descriptor');
			const word = value ? wordOf(value) : undefined;
			const text = word ? word.text : '';
			owner.redirects.push({ op, fd, text });
			owner.stdin = { kind: 'text', text, via: 'herestring', ...(word?.parts !== undefined ? { word } : {}), ...(word?.dynamic ? { expands: true } : {}) };
			return value ? this.substitutions(value, depth + 1) : [];
		}
		// tree-sitter-bash hangs every word written after a redirection (`rm -rf 2>/dev/null /srv/data`)
		// on the redirection as another destination. Only the first is the file; the rest are the
		// command's own arguments, in order. `>&-` and `<&-` close a descriptor and take no file.
		const destinations = withFields(node).filter((c) => c.field === 'destination').map((c) => c.child);
		const closes = /^[<>]&-$/.test(op);
		const dest = closes ? undefined : destinations[0];
		owner.redirects.push({ op, fd, target: dest ? wordOf(dest) : undefined });
		const found: MutableCommand[] = [];
		for (const [i, child] of destinations.entries()) {
			if (i > 0 || closes) {
				owner.words.push(wordOf(child));
			}
			found.push(...this.substitutions(child, depth + 1));
		}
		// `bash < <(echo 'rm -rf /srv/data')`: standard input is what the substitution prints, as from a pipe.
		if (op === '<' && (fd === undefined || fd === '0') && dest?.type === 'process_substitution' && found.length > 0) {
			owner.stdin = { kind: 'pipe', from: found[found.length - 1] };
		}
		// `echo 'rm -rf /srv/data' > >(bash)`: what the command prints is the substitution's input, as through a pipe.
		if ((op === '>' || op === '>>' || op === '>|') && (fd === undefined || fd === '1') && dest?.type === 'process_substitution' && found.length > 0 && !found[0].stdin) {
			found[0].stdin = { kind: 'pipe', from: owner };
		}
		return found;
	}

	private heredocSubstitutions(body: Node, depth: number): MutableCommand[] {
		const found: MutableCommand[] = [];
		for (const child of childrenOf(body)) {
			if (child.type === 'heredoc_content') {
				// tree-sitter does not parse backticks in a heredoc body.
				for (const m of child.text.matchAll(/`((?:[^`\\]|\\[\s\S])*)`/g)) {
					found.push(...this.reparse(m[1].replace(/\\([\\`$])/g, '$1'), depth + 1));
				}
			} else if (child.isNamed) {
				found.push(...this.substitutions(child, depth + 1));
			}
		}
		return found;
	}

	private redirected(node: Node, depth: number): MutableCommand[] {
		const body = node.childForFieldName('body');
		const holder: MutableCommand = { words: [], assignments: [], redirects: [], raw: node.text, block: this.block };
		const trailing: MutableCommand[] = [];
		const fds = body?.type === 'command' ? zeroDescriptors(node, body) : NO_DESCRIPTORS;
		for (const child of childrenOf(node)) {
			if (child.type.endsWith('_redirect')) {
				trailing.push(...this.redirect(child, holder, depth + 1, fds.of.get(child)));
			}
		}
		if (body?.type === 'command') {
			const { own, all } = this.command(body, holder.redirects, depth + 1, fds.numbers);
			// tree-sitter-bash drops a lone `-` written just before a redirect (`kubectl delete -f - <<EOF`,
			// `trap - 2>&1 RETURN`): recover it from the text between the command and its first redirect.
			const firstRedirect = node.children.find((c) => c?.type.endsWith('_redirect'));
			if (firstRedirect && firstRedirect.startIndex > body.endIndex) {
				const gap = node.text.slice(body.endIndex - node.startIndex, firstRedirect.startIndex - node.startIndex).trim();
				if (gap !== '' && gap.split(/\s+/).every((t) => t === '-')) {
					own.words.push(...gap.split(/\s+/).map(() => ({ text: '-', raw: '-', dynamic: false, glob: false })));
				}
			}
			// Words the redirections carried (see redirect()) follow the body's own words.
			own.words.push(...holder.words);
			if (holder.stdin) {
				own.stdin = holder.stdin;
			}
			// Heredoc continuations were linked to the holder; relink them to the real command.
			for (const t of trailing) {
				if (t.stdin?.kind === 'pipe' && t.stdin.from === holder) {
					t.stdin = { kind: 'pipe', from: own };
				}
			}
			return [...all, ...trailing];
		}
		if (!body) {
			// `> file` alone truncates the file: keep it as a command without words.
			this.count++;
			return [holder, ...trailing];
		}
		if (body.type === 'declaration_command' || body.type === 'unset_command') {
			// `unset -v 2>&1 PROMPT_COMMAND`, `export 2>/dev/null X=1`: words after the redirection are the command's.
			const found = this.declaration(body, depth + 1);
			const own = found[found.length - 1];
			own.words.push(...holder.words);
			own.redirects.push(...holder.redirects);
			return [...found, ...trailing];
		}
		if (holder.words.length > 0) {
			// `{ a; } >f b` and `(a) >f b`: bash reports a syntax error for the stray words.
			this.strayKeyword = true;
		}
		const found = this.collect(body, depth + 1);
		// `{ a; b; } > file` or `(…) <<EOF`: the redirect applies to every command inside.
		for (const c of found) {
			c.redirects.push(...holder.redirects);
			if (holder.stdin && !c.stdin) {
				c.stdin = holder.stdin;
			}
		}
		return [...found, ...trailing];
	}

	private pipeline(node: Node, depth: number): MutableCommand[] {
		const all: MutableCommand[] = [];
		let previous: MutableCommand | undefined;
		for (const child of childrenOf(node)) {
			if (!child.isNamed || child.type === 'comment') {
				continue;
			}
			const stage = this.collect(child, depth + 1);
			const first = stage.find((c) => c.words.length > 0);
			if (previous && first && !first.stdin) {
				first.stdin = { kind: 'pipe', from: previous };
			}
			if (stage.length > 0) {
				previous = stage[stage.length - 1];
			}
			all.push(...stage);
		}
		return all;
	}
}

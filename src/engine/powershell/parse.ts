/**
 * PowerShell parsing with tree-sitter-powershell (Airbus CERT's grammar, the one VS Code ships for its
 * terminal tools; WASM, via the same web-tree-sitter as bash). A PowerShell line becomes the engine's
 * `ParsedLine`: simple commands whose words are what PowerShell binds — aliases resolved
 * (`ri` → Remove-Item), parameters of the judged cmdlets written out in full (`-Rec` → `-Recurse`,
 * `-Recurse:$false` dropped), strings read (single, double, here-strings), variables assigned earlier
 * in the line put in — so the rest of the engine (unwrap, rule packs, policy) judges it as it judges
 * bash. The grammar is loaded only when a PowerShell line arrives (docs/decisions.md).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';
import { initParser } from '../shell/parse';
import { plainTree, type PlainTreeOptions, type SyntaxNode as Node } from '../shell/syntax';
import type { ParsedLine, ParseStatus, Redirect, SimpleCommand, Word } from '../types';
import { CLOUD_REMOVE, isKnownCmdlet, isSwitch, positionalParameters, resolveCmdlet, resolveParameter } from './cmdlets';
import { windowsParse } from './paths';

const MAX_DEPTH = 120;
const MAX_COMMANDS = 5000;

let parser: Parser | undefined;
let initializing: Promise<void> | undefined;

function locateWasm(): string {
	const beside = path.join(__dirname, 'tree-sitter-powershell.wasm');
	if (fs.existsSync(beside)) {
		return beside;
	}
	for (const base of require.resolve.paths('tree-sitter-powershell') ?? []) {
		const candidate = path.join(base, 'tree-sitter-powershell', 'tree-sitter-powershell.wasm');
		if (fs.existsSync(candidate)) {
			return candidate;
		}
	}
	throw new Error('cannot find tree-sitter-powershell.wasm from the tree-sitter-powershell package');
}

/** Loads the PowerShell grammar once (after the bash one, which initialises web-tree-sitter). */
export function initPowerShell(): Promise<void> {
	initializing ??= (async () => {
		await initParser();
		const language = await Language.load(fs.readFileSync(locateWasm()));
		const p = new Parser();
		p.setLanguage(language);
		parser = p;
	})();
	return initializing;
}

export function isPowerShellReady(): boolean {
	return parser !== undefined;
}

/**
 * The copy makes about five WASM calls per node and costs about what tree-sitter's parse does, so it
 * skips what the walk never reads: field names except an assignment's `value`, the children of anonymous
 * nodes (the grammar has none: its node-types.json gives no anonymous type children or fields), and, in a
 * tree without errors, those of argument separators and assignment operators: tokens (` `, `:`, `=`, `+=`)
 * and comments between the spaces, which the walk never reads (an ERROR inside a `:` it would).
 *
 * The copy stops 4000 levels down and marks the line truncated, as the walk's MAX_DEPTH does: the walk
 * reads below its own limit (a literal through nested parentheses, "is there a command inside"), so the
 * copy keeps every level a bracket can make in a line analyze.ts parses (at most 200 brackets, each
 * 14 tree levels at most: `@{a=@{…}}`, `-not (…)`; the corpus's deepest line is 44), and cuts only
 * bracket-free chains (`$a = $a = …`, 25 KB of it is 10,000 levels) that would otherwise be copied whole.
 */
export const TREE_OPTIONS: PlainTreeOptions = { fieldsOf: new Set(['assignment_expression']), anonymousLeaves: true, leafTypes: new Set(['command_argument_sep', 'assignement_operator']), maxDepth: 4000 };

/** A value known from the line (`$p = 'C:\data'`), or null when the line sets it to something unknown. */
type Variables = Map<string, string | null>;

const AUTOMATIC: Readonly<Record<string, string>> = { true: 'True', false: 'False', null: '' };

/**
 * Parses one PowerShell line (possibly several physical lines).
 *
 * `$p='C:\data'; ri $p -r -fo` → one command `Remove-Item -Recurse -Force -- C:\data`.
 */
export function parsePowerShell(line: string): ParsedLine {
	if (!parser) {
		throw new Error('initPowerShell() has not completed');
	}
	const source = quoteVariablePaths(line);
	const tree = parser.parse(source);
	if (!tree) {
		return { status: 'invalid', commands: [], truncated: true };
	}
	try {
		// Copied once into plain objects (shell/syntax.ts): each read of a web-tree-sitter `Node` crosses into
		// WASM and allocates, and the walk reads some nodes several times (type, text, children, descendants).
		const root = plainTree(tree, source, TREE_OPTIONS);
		const walker = new Walker();
		walker.walk(root, 0);
		const status: ParseStatus = root.hasError ? (/[`'"{(]\s*$|@['"]\s*$/.test(line) ? 'incomplete' : 'invalid') : 'complete';
		// Backslashes separate paths here: the rules see `C:/data` (paths.ts), the verdict says `C:\data`.
		return windowsParse({ status, commands: walker.commands, truncated: walker.truncated || root.truncated }, 'powershell');
	} finally {
		tree.delete();
	}
}

/**
 * `$env:USERPROFILE\.ssh\x` written bare: PowerShell reads such an argument as the string
 * `"$env:USERPROFILE\.ssh\x"`, but the grammar breaks it apart at the backslash. Written in double
 * quotes it means the same and parses whole.
 */
export function quoteVariablePaths(line: string): string {
	if (!/\$[\w{]/.test(line) || !line.includes('\\')) {
		return line;
	}
	let out = '';
	let quote: string | undefined;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (c === '`') {
			out += line.slice(i, i + 2);
			i++;
			continue;
		}
		if (quote) {
			quote = c === quote ? undefined : quote;
			out += c;
			continue;
		}
		if (c === "'" || c === '"') {
			quote = c;
			out += c;
			continue;
		}
		const m = c === '$' && (i === 0 || /[\s,=(]/.test(line[i - 1])) ? /^\$(?:\{[^}\s]+\}|[\w:]+)\\[^\s;|&)'"`,]*/.exec(line.slice(i)) : null;
		if (m) {
			out += `"${m[0]}"`;
			i += m[0].length - 1;
			continue;
		}
		out += c;
	}
	return out;
}

/** One argument as written, before binding: a `-Name` (with a value bound by a colon), or a value. */
interface Element {
	readonly word: Word;
	readonly parameter?: boolean;
	/** `-Recurse:$false`: the value after the colon. */
	readonly bound?: Word;
	readonly splat?: boolean;
}

class Walker {
	readonly commands: SimpleCommand[] = [];
	truncated = false;
	private readonly variables: Variables = new Map();

	walk(node: Node, depth: number): void {
		if (depth > MAX_DEPTH || this.commands.length > MAX_COMMANDS) {
			this.truncated = true;
			return;
		}
		switch (node.type) {
			case 'pipeline_chain':
			case 'pipeline':
				this.chain(node, depth);
				return;
			case 'command':
				this.command(node, depth, undefined);
				return;
			case 'assignment_expression':
				this.assignment(node, depth);
				return;
			case 'invokation_expression':
			case 'member_access':
				this.walkChildren(node, depth);
				this.dotnet(node);
				return;
			default:
				this.walkChildren(node, depth);
		}
	}

	private walkChildren(node: Node, depth: number): void {
		for (const child of node.namedChildren) {
			this.walk(child, depth + 1);
		}
	}

	/** `a | b | c`, `a && b`: commands after `|` read what the one before prints. */
	private chain(node: Node, depth: number): void {
		let previous: SimpleCommand | undefined;
		let piped = false;
		for (const child of node.children) {
			if (child.type === '|') {
				piped = true;
				continue;
			}
			if (child.type === 'command') {
				previous = this.command(child, depth + 1, piped ? previous : undefined);
				piped = false;
				continue;
			}
			if (child.isNamed) {
				this.walk(child, depth + 1);
				previous = undefined;
			}
			piped = false;
		}
	}

	/** `$p = 'C:\data'`: a plain value is remembered for the commands after it; anything else is unknown. */
	private assignment(node: Node, depth: number): void {
		const named = node.namedChildren;
		const left = named[0];
		const value = node.childForFieldName('value') ?? named[named.length - 1];
		const variable = left?.type === 'variable' ? left : left && firstDescendant(left, ['variable']);
		if (value) {
			this.walk(value, depth + 1);
		}
		const name = variable ? variableName(variable.text) : undefined;
		if (!name) {
			return;
		}
		const operator = named.find((c) => c.type === 'assignement_operator')?.text ?? '=';
		const literal = operator === '=' && value ? this.literalOf(value) : undefined;
		this.variables.set(name, literal !== undefined && !literal.dynamic ? literal.text : null);
	}

	/** A value that is one string or bare word, through the grammar's expression wrappers. */
	private literalOf(node: Node): Word | undefined {
		let n = node;
		for (let only = onlyNamedChild(n); only && n.type !== 'string_literal' && n.type !== 'variable'; only = onlyNamedChild(n)) {
			n = only;
		}
		if (n.type === 'string_literal' || n.type === 'variable' || n.type === 'generic_token') {
			return this.wordOf(n);
		}
		// `('Remo' + 've-Item')`: strings joined with `+` are the joined string.
		if (n.type === 'additive_expression' && CONCATENATED.test(n.text)) {
			const pieces = [...n.text.matchAll(/'((?:[^']|'')*)'|"([^"]*)"/g)].map((m) => m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]);
			return { ...literal(pieces.join('')), raw: n.text };
		}
		// `[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('…'))`: the text base64 spells, as `base64 -d` is read in bash.
		const decoded = BASE64_TEXT.exec(n.text);
		if (decoded) {
			const encoding = decoded[1].toLowerCase() === 'unicode' ? 'utf16le' : decoded[1].toLowerCase() === 'ascii' ? 'latin1' : 'utf8';
			return { ...literal(Buffer.from(decoded[3].replace(/\s+/g, ''), 'base64').toString(encoding)), raw: n.text };
		}
		return undefined;
	}

	/** `[IO.Directory]::Delete('C:\data', $true)`, `[IO.File]::Delete(…)`: .NET deletes, judged as Remove-Item. */
	private dotnet(node: Node): void {
		const text = node.text;
		// `[scriptblock]::Create('Remove-Item …')`: code made to be invoked (`& (…)`, `.Invoke()`), judged as iex's.
		if (/^\[\s*(?:System\.Management\.Automation\.)?scriptblock\s*\]\s*::\s*Create\s*\(/i.test(text)) {
			const code = firstDescendant(node, ['argument_expression_list'])?.namedChildren[0];
			const word = code ? (this.literalOf(code) ?? dynamicWord(code.text)) : undefined;
			if (word) {
				this.commands.push({ words: [{ ...literal('Invoke-Expression'), raw: text }, word], assignments: [], redirects: [], raw: text });
			}
			return;
		}
		const m = /^\[\s*(?:System\.)?IO\.(File|Directory)\s*\]\s*::\s*Delete\s*\(/i.exec(text);
		if (!m) {
			return;
		}
		const args = firstDescendant(node, ['argument_expression_list']);
		const first = args?.namedChildren[0];
		const target = first ? (this.literalOf(first) ?? dynamicWord(first.text)) : undefined;
		if (!target) {
			return;
		}
		const recursive = m[1].toLowerCase() === 'directory' && /,\s*\$true\s*\)\s*$/i.test(text);
		const words = [{ ...literal('Remove-Item'), raw: text }, ...(recursive ? [literal('-Recurse')] : []), literal('-Force'), literal('--'), target];
		this.commands.push({ words, assignments: [], redirects: [], raw: text });
	}

	private command(node: Node, depth: number, pipedFrom: SimpleCommand | undefined): SimpleCommand | undefined {
		const elements: Element[] = [];
		const redirects: Redirect[] = [];
		let nameWord: Word | undefined;
		let dotSource = false;
		for (const child of node.namedChildren) {
			if (child.type === 'command_invokation_operator') {
				dotSource = child.text.trim() === '.';
			} else if (child.type === 'command_name') {
				nameWord = { text: unescape(child.text), raw: child.text, dynamic: /^[$@(]/.test(child.text), glob: false };
			} else if (child.type === 'command_name_expr') {
				const inner = child.namedChildren[0];
				nameWord = inner?.type === 'command_name' ? { text: unescape(inner.text), raw: inner.text, dynamic: false, glob: false } : inner ? (this.literalOf(inner) ?? this.valueWord(inner, depth)) : undefined;
			} else if (child.type === 'command_elements') {
				this.elements(child, depth, elements, redirects);
			}
		}
		if (!nameWord) {
			return undefined;
		}
		const words = bind(nameWord, elements, dotSource);
		// `Get-ChildItem C:\data | Remove-Item -Recurse`: what the pipe feeds a Remove-Item is the paths listed before it.
		const name = words[0].text.toLowerCase();
		const dashdash = words.findIndex((w, i) => i > 0 && w.text === '--');
		if (pipedFrom && PIPED_TARGETS.has(name) && dashdash >= 0 && dashdash === words.length - 1) {
			const fed = pathsOf(pipedFrom);
			words.push(...(fed.length > 0 ? fed : [dynamicWord(`$(${pipedFrom.raw})`)]));
		}
		const cmd: SimpleCommand = { words, assignments: [], redirects: [...redirects, ...writeRedirects(name, words)], raw: node.text, ...(pipedFrom ? { stdin: { kind: 'pipe', from: pipedFrom } } : {}) };
		// Commands nested in arguments (`(Get-ChildItem …)`, `"$(…)"`) were collected first: they run first.
		this.commands.push(cmd);
		return cmd;
	}

	private elements(node: Node, depth: number, out: Element[], redirects: Redirect[]): void {
		let bindNext = false;
		for (const child of node.namedChildren) {
			if (child.type === 'command_argument_sep' && !child.text.startsWith(':')) {
				continue;
			}
			if (child.type === 'command_argument_sep') {
				// `-Recurse:$false`: the value after the colon is bound to the parameter.
				const value = child.namedChildren[0];
				const last = out[out.length - 1];
				if (value && last?.parameter) {
					out[out.length - 1] = { ...last, bound: this.valueWord(value, depth) };
				} else {
					bindNext = last?.parameter === true;
				}
				continue;
			}
			if (bindNext && child.type !== 'command_parameter' && child.type !== 'redirection') {
				bindNext = false;
				out[out.length - 1] = { ...out[out.length - 1], bound: this.valueWord(child, depth) };
				continue;
			}
			bindNext = false;
			if (child.type === 'command_parameter') {
				out.push({ word: { text: unescape(child.text), raw: child.text, dynamic: false, glob: false }, parameter: true });
				continue;
			}
			if (child.type === 'redirection') {
				const op = child.namedChildren[0]?.text ?? child.text;
				const file = firstDescendant(child, ['generic_token', 'string_literal', 'variable']);
				if (file) {
					redirects.push({ op: /^\d?>>/.test(op) ? '>>' : '>', fd: /^\d/.test(op) ? op[0] : undefined, target: this.valueWord(file, depth) });
				}
				continue;
			}
			if (child.type === 'generic_token' && child.text.startsWith(',') && out.length > 0) {
				// `-Path C:\a,C:\b`: an array; each element is a value of the same parameter.
				for (const piece of child.text.split(',').filter(Boolean)) {
					out.push({ word: plainWord(piece) });
				}
				continue;
			}
			const word = this.valueWord(child, depth);
			out.push({ word, splat: word.text.startsWith('@') && child.type === 'variable' });
		}
	}

	/** One argument's value; nested commands inside it are collected. */
	private valueWord(node: Node, depth: number): Word {
		const direct = this.wordOf(node);
		if (direct) {
			if (firstDescendant(node, ['command', 'sub_expression'])) {
				this.walkChildren(node, depth);
			}
			return direct;
		}
		let n = node;
		for (let only = onlyNamedChild(n); only && !['string_literal', 'variable', 'generic_token', 'parenthesized_expression'].includes(n.type); only = onlyNamedChild(n)) {
			n = only;
		}
		if (n !== node) {
			return this.valueWord(n, depth);
		}
		const known = this.literalOf(node);
		if (known) {
			return known;
		}
		this.walk(node, depth + 1);
		return dynamicWord(node.text);
	}

	private wordOf(node: Node): Word | undefined {
		switch (node.type) {
			case 'generic_token':
				return plainWord(node.text);
			case 'variable': {
				const text = node.text;
				if (text.startsWith('@')) {
					return dynamicWord(text);
				}
				const name = variableName(text);
				const known = name === undefined ? undefined : (AUTOMATIC[name] ?? this.variables.get(name));
				return typeof known === 'string' ? { text: known, raw: text, dynamic: false, glob: /[*?[]/.test(known) } : dynamicWord(text);
			}
			case 'string_literal': {
				const inner = node.namedChildren[0];
				return inner ? this.stringOf(inner) : undefined;
			}
			default:
				return undefined;
		}
	}

	private stringOf(node: Node): Word {
		const raw = node.text;
		switch (node.type) {
			case 'verbatim_string_characters':
				return { text: raw.slice(1, -1).replace(/''/g, "'").replace(/[‘’‚‛]{2}/g, "'"), raw, dynamic: false, glob: false };
			case 'verbatim_here_string_characters':
				return { text: hereBody(raw), raw, dynamic: false, glob: false };
			case 'expandable_string_literal':
				return this.expand(raw.slice(1, -1).replace(/""/g, '"'), raw);
			case 'expandable_here_string_literal':
				return this.expand(hereBody(raw), raw);
			default:
				return dynamicWord(raw);
		}
	}

	/** A double-quoted string: backtick escapes read, `$name` / `${name}` put in when known. */
	private expand(body: string, raw: string): Word {
		let text = '';
		let dynamic = false;
		for (let i = 0; i < body.length; i++) {
			const c = body[i];
			if (c === '`' && i + 1 < body.length) {
				text += ESCAPES[body[i + 1]] ?? body[i + 1];
				i++;
				continue;
			}
			if (c === '$') {
				const m = /^\$(?:\{([^}]+)\}|([A-Za-z_][\w]*(?::[\w]+)?))/.exec(body.slice(i));
				if (m) {
					const name = (m[1] ?? m[2]).toLowerCase();
					const known = AUTOMATIC[name] ?? this.variables.get(name);
					if (typeof known === 'string') {
						text += known;
					} else {
						text += m[0];
						dynamic = true;
					}
					i += m[0].length - 1;
					continue;
				}
				if (body[i + 1] === '(') {
					dynamic = true;
				}
			}
			text += c;
		}
		return { text, raw, dynamic, glob: false };
	}
}

/** The node's one named child, if it has exactly one. */
function onlyNamedChild(node: Node): Node | undefined {
	let only: Node | undefined;
	for (const child of node.children) {
		if (child.isNamed) {
			if (only) {
				return undefined;
			}
			only = child;
		}
	}
	return only;
}

/**
 * The first node of one of `types` in the subtree, the node itself included, in tree order: what
 * web-tree-sitter's `descendantsOfType(types)[0]` returned. Like it, nodes ending at index 0 (a
 * zero-width node at the very start) are passed over. Iterative: a deep tree must not exhaust the stack.
 */
function firstDescendant(node: Node, types: readonly string[]): Node | undefined {
	const stack = [node];
	for (let n = stack.pop(); n; n = stack.pop()) {
		if (n.endIndex === 0) {
			continue;
		}
		if (types.includes(n.type)) {
			return n;
		}
		for (let i = n.children.length - 1; i >= 0; i--) {
			stack.push(n.children[i]);
		}
	}
	return undefined;
}

const ESCAPES: Readonly<Record<string, string>> = { '0': '\0', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', e: '\x1b' };

/** Cmdlets that take the paths to act on from the pipeline. */
const PIPED_TARGETS = new Set(['remove-item', 'clear-content', 'set-content', 'out-file', 'add-content']);

/** Only string literals joined with `+` (no variables or subexpressions inside the double-quoted ones). */
/** .NET's base64 decoding of a literal, in one of the encodings scripts use. */
const BASE64_TEXT = /^\s*\[\s*(?:System\.)?Text\.Encoding\s*\]\s*::\s*(UTF8|Unicode|ASCII|Default)\s*\.\s*GetString\s*\(\s*\[\s*(?:System\.)?Convert\s*\]\s*::\s*FromBase64String\s*\(\s*(['"])([A-Za-z0-9+/=\s]{0,65536})\2\s*\)\s*\)\s*$/i;

const CONCATENATED = /^\s*(?:'(?:[^']|'')*'|"[^"$`]*")(?:\s*\+\s*(?:'(?:[^']|'')*'|"[^"$`]*"))+\s*$/;

function literal(text: string): Word {
	return { text, raw: text, dynamic: false, glob: false };
}

function dynamicWord(raw: string): Word {
	return { text: raw, raw, dynamic: true, glob: false };
}

/** A bare word: backtick escapes read (`` Remove`-Item `` is Remove-Item); `$` inside makes it unknown. */
function plainWord(raw: string): Word {
	const text = unescape(raw);
	return { text, raw, dynamic: /\$/.test(raw), glob: /[*?[]/.test(text) };
}

function unescape(text: string): string {
	return text.replace(/`\r?\n/g, '').replace(/`(.)/g, '$1');
}

function variableName(text: string): string | undefined {
	const m = /^[$@]\{?([^}]+)\}?$/.exec(text);
	return m ? m[1].toLowerCase() : undefined;
}

function hereBody(raw: string): string {
	return raw.replace(/^@['"][ \t]*\r?\n/, '').replace(/\r?\n['"]@$/, '');
}

/** The paths a listing command names (`Get-ChildItem C:\data -Filter *.log` → C:\data). */
function pathsOf(cmd: SimpleCommand): Word[] {
	const name = cmd.words[0]?.text.toLowerCase();
	if (name !== 'get-childitem' && name !== 'get-item') {
		return [];
	}
	const at = cmd.words.findIndex((w) => w.text === '--');
	if (at >= 0) {
		return cmd.words.slice(at + 1);
	}
	const found: Word[] = [];
	for (let i = 1; i < cmd.words.length; i++) {
		const t = cmd.words[i].text;
		if (t === '-Path' || t === '-LiteralPath') {
			if (cmd.words[i + 1]) {
				found.push(cmd.words[i + 1]);
			}
			i++;
		} else if (t.startsWith('-')) {
			if (!isSwitch(t.slice(1))) {
				i++;
			}
		} else {
			found.push(cmd.words[i]);
		}
	}
	return found.length > 0 ? found : [literal('.')];
}

/**
 * Set-Content/Out-File/Add-Content write their file as `>` / `>>` would: the line's redirect rules
 * (self-protection, overwrites of data files) judge them as redirects.
 */
function writeRedirects(name: string, words: readonly Word[]): Redirect[] {
	if (name !== 'set-content' && name !== 'out-file' && name !== 'add-content' || words.some((w) => w.text === '-WhatIf')) {
		return [];
	}
	const append = name === 'add-content' || words.some((w) => w.text === '-Append');
	const at = words.findIndex((w, i) => i > 0 && w.text === '--');
	const paths = at >= 0 ? words.slice(at + 1) : [];
	return paths.map((target) => ({ op: append ? '>>' : '>', target }));
}

/**
 * The command's words as the cmdlet binds them. For the judged cmdlets: the cmdlet's full name,
 * then its switches in force and named parameters in full (`-Recurse`, `-Method Delete`), then `--`
 * and the paths or other positional values. Other commands keep their words in order.
 */
function bind(nameWord: Word, elements: readonly Element[], dotSource: boolean): Word[] {
	// `C:\Program Files\Git\cmd\git.exe` is git; `& 'Remove-Item'` is Remove-Item.
	const base = nameWord.dynamic ? nameWord.text : nameWord.text.replace(/^.*[\\/](?=[^\\/]+$)/, '');
	const cmdlet = nameWord.dynamic ? base : resolveCmdlet(base);
	const head: Word = { ...nameWord, text: dotSource && !isKnownCmdlet(cmdlet) ? nameWord.text : cmdlet };
	if (!isKnownCmdlet(cmdlet) && !CLOUD_REMOVE.test(cmdlet.toLowerCase())) {
		return [head, ...elements.flatMap((e) => (e.bound ? [{ ...e.word, text: `${e.word.text}:${e.bound.text}`, dynamic: e.bound.dynamic }] : [e.word]))];
	}
	const cloud = !isKnownCmdlet(cmdlet);
	const switches: Word[] = [];
	const named: Word[] = [];
	const positional: Word[] = [];
	const byPosition = positionalParameters(cmdlet);
	const valueOf = new Map<string, Word[]>();
	for (let i = 0; i < elements.length; i++) {
		const e = elements[i];
		if (!e.parameter) {
			positional.push(e.word);
			continue;
		}
		const written = e.word.text.replace(/^[-–—]+/, '');
		for (const p of cloud ? [written] : resolveParameter(cmdlet, written)) {
			const isSw = isSwitch(p) || (cloud && /^(?:force|whatif|confirm|passthru|asjob)$/i.test(p));
			if (isSw) {
				const off = e.bound && !e.bound.dynamic && /^(?:false|0|)$/i.test(e.bound.text) && e.bound.raw !== '';
				if (!off) {
					switches.push({ ...e.word, text: `-${p}` });
				}
				continue;
			}
			const value = e.bound ?? elements[i + 1]?.word;
			if (!e.bound && elements[i + 1] && !elements[i + 1].parameter) {
				i++;
				// `-Path C:\a ,C:\b`: the comma elements after it belong to the same parameter.
				while (elements[i + 1] && !elements[i + 1].parameter && elements[i + 1].word.raw.startsWith(',')) {
					i++;
					(valueOf.get(p) ?? valueOf.set(p, []).get(p)!).push(elements[i].word);
				}
			}
			if (value) {
				(valueOf.get(p) ?? valueOf.set(p, []).get(p)!).unshift(value);
			}
		}
	}
	// Positional values fill the positional parameters not named.
	const free = byPosition.filter((p) => !valueOf.has(p));
	const leftover: Word[] = [];
	positional.forEach((w, i) => {
		const p = free[i];
		if (p === undefined) {
			leftover.push(w);
		} else {
			valueOf.set(p, [w]);
		}
	});
	const paths = [...(valueOf.get('Path') ?? []), ...(valueOf.get('LiteralPath') ?? []), ...(valueOf.get('FilePath') ?? [])];
	for (const [p, values] of valueOf) {
		if (p === 'Path' || p === 'LiteralPath' || p === 'FilePath') {
			continue;
		}
		for (const v of values) {
			named.push(literal(`-${p}`), v);
		}
	}
	const name = cmdlet.toLowerCase();
	if (name === 'remove-item') {
		// -Filter/-Include/-Exclude only narrow what goes under the paths; -ErrorAction changes nothing.
		return [head, ...switches, literal('--'), ...paths, ...leftover];
	}
	if (name === 'copy-item' || name === 'move-item') {
		// Judged as cp/mv over a file (files:copy-over): the sources, then the destination. -WhatIf copies nothing.
		return switches.some((w) => w.text === '-WhatIf') ? [head, ...switches] : [head, literal('--'), ...paths, ...(valueOf.get('Destination') ?? []), ...leftover];
	}
	if (['clear-content', 'set-content', 'add-content', 'out-file', 'get-childitem', 'get-item'].includes(name)) {
		return [head, ...switches, ...named, literal('--'), ...paths, ...leftover];
	}
	return [head, ...switches, ...named, ...paths, ...leftover];
}

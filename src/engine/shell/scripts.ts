/**
 * One-liners in other languages (`python -c`, `node -e`, `ruby -e`, `perl -e`, `php -r`) translated
 * into the shell commands they amount to, so the ordinary rule packs judge them:
 * `shutil.rmtree('data')` → `rm -rf data`, `os.system('…')` → that shell line,
 * `cur.execute('DROP TABLE x')` → SQL `DROP TABLE x`, `requests.delete(url)` → `curl -X DELETE url`.
 *
 * This is recognition of well-known library calls in short code, not a parser for these languages:
 * arguments are read with a quote-aware scanner, and anything not recognised is left alone.
 */
import { riskyWord } from '../risk';
import { sdkCommands } from './sdk';

export type ScriptLanguage = 'python' | 'javascript' | 'ruby' | 'perl' | 'php';

export type SyntheticCommand =
	| { readonly kind: 'shell'; readonly text: string }
	/** argv of an equivalent command; `@sql` carries SQL on stdin, `@mongo` carries mongosh code. */
	| { readonly kind: 'argv'; readonly argv: readonly string[]; readonly stdin?: string; readonly stdinFile?: string };

interface CallPattern {
	/** Regex for the call up to and including its opening parenthesis. */
	readonly call: RegExp;
	readonly languages: readonly ScriptLanguage[];
	/** Perl and Ruby calls without parentheses (`unlink "x"`): arguments run to `;` or the end of the line. */
	readonly bare?: boolean;
	/** `before` is the code up to and including `(`; `code` is the whole program. */
	readonly translate: (args: CallArgs, before: string, code: string) => SyntheticCommand | undefined;
}

interface CallArgs {
	/** Raw text of each argument. */
	readonly raw: readonly string[];
	/** The string value of each argument when it is a plain literal. */
	readonly literal: readonly (string | undefined)[];
	/** The language and the program's own arguments, for values built from them (scriptInvocations sets it). */
	readonly run?: ScriptRun;
}

/** How the code runs: its language and the words after it on the command line (`python -c CODE a b`: a, b). */
export interface ScriptRun {
	readonly language: ScriptLanguage;
	readonly args: readonly string[];
	/** `node file.js a`: process.argv[2] is a (with -e, process.argv[1] is); python's sys.argv[1] either way. */
	readonly fromFile?: boolean;
	/** The code itself: a command whose name is never known is judged only when its code holds a risky word. */
	readonly code?: string;
}

/** The value of a plain string literal (`'x'`, `"x"`, `r'x'`, `` `x` `` without `${}`), else undefined. */
export function stringLiteral(raw: string): string | undefined {
	const m = /^\s*(?:[rRbBuUfF]{0,2})(?:'''([\s\S]*)'''|"""([\s\S]*)"""|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`((?:[^`\\$]|\\.)*)`)\s*$/.exec(raw);
	if (!m) {
		return undefined;
	}
	const body = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
	return body.replace(/\\(["'\\`nt])/g, (_x, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** Splits the argument list that starts right after `(` at `code[start]`, respecting quotes and brackets. */
export function callArguments(code: string, start: number): CallArgs {
	return splitArguments(code, start, false);
}

/**
 * Arguments of a call without parentheses (`unlink "a", "b";`, `system "rm -rf x"`): they run to the
 * end of the statement (`;`, a newline, a closing bracket, or a trailing `or`/`if`/`unless`).
 */
export function bareArguments(code: string, start: number): CallArgs {
	return splitArguments(code, start, true);
}

function splitArguments(code: string, start: number, bare: boolean): CallArgs {
	const raw: string[] = [];
	let depth = 0;
	let current = '';
	const limit = Math.min(code.length, start + 65536);
	for (let i = start; i < limit; i++) {
		const c = code[i];
		if (c === '"' || c === "'" || c === '`') {
			const triple = code.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
			let j = i + triple.length;
			while (j < code.length && !code.startsWith(triple, j)) {
				j += code[j] === '\\' ? 2 : 1;
			}
			current += code.slice(i, j + triple.length);
			i = j + triple.length - 1;
			continue;
		}
		if (bare && depth === 0 && (c === ';' || c === '\n' || /^\s+(?:or|and|if|unless|\|\||&&)\b/.test(code.slice(i, i + 10)))) {
			break;
		}
		if (c === '(' || c === '[' || c === '{') {
			depth++;
		} else if (c === ')' || c === ']' || c === '}') {
			if (depth === 0) {
				break;
			}
			depth--;
		} else if (c === ',' && depth === 0) {
			raw.push(current.trim());
			current = '';
			continue;
		}
		current += c;
	}
	if (current.trim()) {
		raw.push(current.trim());
	}
	return { raw, literal: raw.map(stringLiteral) };
}

const ALL: readonly ScriptLanguage[] = ['python', 'javascript', 'ruby', 'perl', 'php'];

/**
 * The path an argument names, as it should be typed: a literal; the literal inside `Path('x')`,
 * `glob('x/*')`, `Dir.glob('x')`; `os.path.join('a', 'b')` joined; else the expression text.
 */
function pathOf(args: CallArgs, i = 0): string | undefined {
	return pathsOf(args, i).at(-1);
}

/**
 * The paths an argument may be: its literal; or, for a name the code binds (`p = os.path.expanduser('~/.bashrc');
 * open(p, 'w')`), what each binding gives it — every one, since which holds at the call is not worked out here.
 */
function pathsOf(args: CallArgs, i = 0): string[] {
	const raw = args.raw[i];
	if (args.literal[i] !== undefined || raw === undefined) {
		return args.literal[i] === undefined ? [] : [args.literal[i]!];
	}
	const bound = args.run?.code === undefined ? [] : boundExpressions(raw.trim(), args.run.code);
	return bound.length === 0 ? [pathExpression(raw)] : [...new Set(bound.map((b) => stringLiteral(b) ?? pathExpression(b)))];
}

/** The expressions a name is given where the code binds it (`p = …`, `const p = …`, `my $p = …`, `$p = …`), up to 16. */
function boundExpressions(name: string, code: string): string[] {
	if (!/^\$?[A-Za-z_]\w*$/.test(name) || code.length > 65536) {
		return [];
	}
	const binding = new RegExp(String.raw`(?:^|[;\n{]|\b(?:const|let|var|my|our)\s)\s*${name.replace('$', '\\$')}\s*=(?![=~>])\s*([^;\n]+)`, 'g');
	return [...code.matchAll(binding)].slice(0, 16).map((m) => m[1].trim());
}

function pathExpression(raw: string): string {
	const home = homeExpression(raw);
	if (home) {
		return home;
	}
	// `os.homedir() + '/.bashrc'`, `` `${os.homedir()}/.bashrc` ``: pieces that are each known, joined.
	const joined = /^`[\s\S]*`$/.test(raw.trim()) ? templatePieces(raw.trim()) : raw.includes('+') ? raw.split(/\s*\+\s*/) : undefined;
	if (joined && joined.length > 1) {
		const parts = joined.map((piece) => stringLiteral(piece) ?? homeExpression(piece));
		if (parts.every((part) => part !== undefined)) {
			return parts.join('');
		}
	}
	// pathlib's `/`: `Path.home() / 'cache'`, `(Path.home()/'.x'/'y')`
	const pieces = /\bPath\b/.test(raw) ? splitOutsideQuotes(raw.trim().replace(/^\(([\s\S]*)\)$/, '$1'), '/') : [];
	if (pieces.length > 1) {
		const parts = pieces.map((piece) => stringLiteral(piece) ?? pathExpression(piece));
		if (parts.every((part, i) => part !== pieces[i].trim())) {
			return parts.join('/').replace(/\/{2,}/g, '/');
		}
	}
	const call = /^(?:pathlib\.)?(?:Path|PurePath|File\.expand_path|Dir\.glob|glob\.glob|glob\.sync|globSync|glob|path\.resolve|path\.join|os\.path\.join|os\.path\.expanduser|os\.path\.abspath|File\.join|realpath)\s*\(([\s\S]*)\)$/.exec(raw.trim());
	if (call) {
		const inner = callArguments(call[1], 0);
		const parts = inner.raw.map((r, i) => inner.literal[i] ?? homeExpression(r));
		if (parts.length > 0 && parts.every((l) => l !== undefined)) {
			return (parts as string[]).join('/').replace(/\/{2,}/g, '/');
		}
	}
	// `p.join(o.homedir(), '.x', 'y')` with the path module under another name: two or more pieces, one of
	// them the home folder (an array's `.join('/')` has one).
	const aliased = /^[A-Za-z_$][\w$]*\.(?:join|resolve)\s*\(([\s\S]*)\)$/.exec(raw.trim());
	if (aliased) {
		const inner = callArguments(aliased[1], 0);
		const parts = inner.raw.map((r, i) => inner.literal[i] ?? homeExpression(r));
		if (parts.length > 1 && parts.every((l) => l !== undefined) && parts.some((l, i) => l !== inner.literal[i])) {
			return (parts as string[]).join('/').replace(/\/{2,}/g, '/');
		}
	}
	// Perl `glob "*.log"`, `<*.log>`; Ruby `Dir["x/*"]`
	const bare = /^(?:glob\s+|Dir\s*\[)\s*(['"][^'"]*['"])\s*\]?$|^<([^<>\s]+)>$/.exec(raw.trim());
	if (bare) {
		return bare[2] ?? stringLiteral(bare[1]) ?? raw;
	}
	return raw;
}

/** `text` split at each `separator` outside quotes and brackets, pieces trimmed. */
function splitOutsideQuotes(text: string, separator: string): string[] {
	const out: string[] = [];
	let depth = 0;
	let quote: string | undefined;
	let start = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quote) {
			if (c === '\\') {
				i++;
			} else if (c === quote) {
				quote = undefined;
			}
		} else if (c === '"' || c === "'") {
			quote = c;
		} else if (c === '(' || c === '[') {
			depth++;
		} else if (c === ')' || c === ']') {
			depth--;
		} else if (c === separator && depth === 0) {
			out.push(text.slice(start, i).trim());
			start = i + 1;
		}
	}
	out.push(text.slice(start).trim());
	return out;
}

/** `` `${a}/b` `` as the pieces `a` and `'/b'`; undefined for a template with anything else in it. */
function templatePieces(template: string): string[] | undefined {
	const out: string[] = [];
	const re = /\$\{([^}]*)\}|([^$]+)/g;
	for (const m of template.slice(1, -1).matchAll(re)) {
		out.push(m[1] !== undefined ? m[1] : `'${m[2].replace(/'/g, "\\'")}'`);
	}
	return out.join('').length === 0 ? undefined : out;
}

/** The home directory as code spells it: `os.homedir()` → `~`, `process.env.HOME` → `$HOME`. */
function homeExpression(raw: string): string | undefined {
	const t = raw.trim();
	if (/^(?:(?:require\(\s*['"](?:node:)?os['"]\s*\)\.|[A-Za-z_$][\w$]*\.)homedir\(\)|(?:pathlib\.)?Path\.home\(\)|Dir\.home|File\.expand_path\(\s*['"]~['"]\s*\)|os\.path\.expanduser\(\s*['"]~['"]\s*\))$/.test(t)) {
		return '~';
	}
	return /^(?:process\.env\.HOME|process\.env\[['"]HOME['"]\]|os\.environ\[['"]HOME['"]\]|os\.(?:environ\.get|getenv)\(\s*['"]HOME['"]\s*\)|ENV\[['"]HOME['"]\]|\$ENV\{HOME\}|getenv\(\s*['"]HOME['"]\s*\))$/.test(t) ? '$HOME' : undefined;
}

/** `rm` with every path of a list argument (`rimraf(['a', 'b'])`) or the one path. */
function rm(flags: string, args: CallArgs, i = 0): SyntheticCommand | undefined {
	const list = listLiteral(args.raw[i]);
	const targets = list && list.length > 0 ? list : pathsOf(args, i).filter((t) => t !== '');
	return targets.length === 0 ? undefined : { kind: 'argv', argv: flags ? ['rm', flags, ...targets] : ['rm', ...targets] };
}

/** Where a loop's file names come from: `os.listdir('d')`, `glob.glob('d/*.log')`, `fs.readdirSync('d')`… */
const LOOP_SOURCE = /\b(?:os\.listdir|os\.scandir|os\.walk|glob\.i?glob|glob\.sync|globSync|fs\.readdirSync|fs\.readdir|readdirSync|Dir\.glob|Dir\.children|Dir\.entries|Dir\.each_child|Dir\.foreach|scandir|glob|opendir|Path|pathlib\.Path)\s*\(\s*((?:[rbuf]{0,2})(?:'[^']*'|"[^"]*"))|\bDir\s*\[\s*('[^']*'|"[^"]*")\s*\]|<([^<>\s]*[*?][^<>\s]*)>/;

const LOOP = /\bfor\b|\bwhile\b|\.forEach\s*\(|\bmap\s*\(|\.each\b|\beach_child\b|\barray_map\b|\bforeach\b/;

/** A deletion call: a literal path deletes that path; in a loop over a directory, the whole directory. */
function deletion(args: CallArgs, code: string): SyntheticCommand | undefined {
	if (args.literal[0] !== undefined || listLiteral(args.raw[0])) {
		return rm('', args);
	}
	const raw = args.raw[0] ?? '';
	const expression = pathExpression(raw);
	if (expression !== raw) {
		return rm('', { raw: [expression], literal: [expression] });
	}
	if (LOOP.test(code)) {
		const source = LOOP_SOURCE.exec(code);
		const dir = source ? (source[3] ?? stringLiteral(source[1] ?? source[2] ?? '')) : undefined;
		if (dir !== undefined && dir !== '') {
			return /[*?[]/.test(dir) ? { kind: 'argv', argv: ['rm', '-f', dir] } : { kind: 'argv', argv: ['rm', '-r', dir] };
		}
		return raw ? { kind: 'argv', argv: ['rm', '-r', raw] } : undefined;
	}
	return raw ? { kind: 'argv', argv: ['rm', raw] } : undefined;
}

/**
 * Writing a file (`open(p, 'w').write(s)`, `fs.writeFileSync(p, s)`, `fs.appendFileSync(p, s)`) is judged as the
 * shell writing the same text there: `printf '%s' 's' > p` when the text is a literal, `cat > p` (text only known
 * when it runs) when it is not, `: > p` when it truncates. So a hook file, a shell startup file or a git hook
 * written from code is judged by what it gets, as when the shell writes it.
 */
function written(paths: string | readonly string[] | undefined, text: string | undefined | null, append = false): SyntheticCommand | undefined {
	const files = (typeof paths === 'string' ? [paths] : paths ?? []).filter((p) => p !== '');
	if (files.length === 0) {
		return undefined;
	}
	const one = (path: string): string => {
		const to = `${append ? '>>' : '>'} ${quote(path)}`;
		return text === null || text === '' ? `: ${to}` : text === undefined ? `cat ${to}` : `printf '%s' ${quote(text)} ${to}`;
	};
	return { kind: 'shell', text: files.map(one).join('; ') };
}

function quote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** How far after an `open(…)` its writes are looked for. */
const WRITES_WINDOW = 8192;

/**
 * What Python writes through the file `open(…)` returns: the literal of each `.write(…)`/`.writelines([…])` after
 * the call (`open(p, 'w').write('x')`, `with open(p, 'a') as f: f.write('x')`), joined; unknown when one is not a
 * literal; none written is an empty file.
 */
function pythonWrites(rest: string): string | undefined {
	// Bounded (a hostile line may hold thousands of calls): writes past the window, or too many, are unknown text.
	if (rest.length > WRITES_WINDOW && rest.indexOf('.write', WRITES_WINDOW - 8) >= 0) {
		return undefined;
	}
	const window = rest.slice(0, WRITES_WINDOW);
	const parts: string[] = [];
	for (const m of window.matchAll(/\.(write|writelines)\s*\(/g)) {
		if (parts.length >= 32) {
			return undefined;
		}
		const args = callArguments(window, (m.index ?? 0) + m[0].length);
		const value = m[1] === 'write' ? args.literal[0] : listLiteral(args.raw[0])?.join('');
		if (value === undefined) {
			return undefined;
		}
		parts.push(value);
	}
	return parts.join('');
}

/**
 * The file an expression reads whole, when it names it as a literal: Python `open('f').read()`, `Path('f').read_text()`,
 * Node `fs.readFileSync('f', …)`, Ruby `File.read('f')`.
 */
function fileRead(raw: string | undefined): string | undefined {
	// `compile(open('f').read(), …)` (Python's exec of compiled code) reads the same file.
	const m = raw === undefined ? null : /^\s*(?:compile\s*\(\s*)?(?:(?:io\.|codecs\.)?open\s*\(|(?:pathlib\.)?Path\s*\(|(?:require\s*\(\s*['"](?:node:)?fs['"]\s*\)\.|fs\.)?readFileSync\s*\(|(?:File|IO)\.read\s*\(?)\s*(['"`])([^'"`$]+)\1/.exec(raw);
	return m && /\.read\s*\(\s*\)|\.read_text\s*\(|readFileSync|(?:File|IO)\.read/.test(raw!) ? m[2] : undefined;
}

/** Strings in a list literal: `['rm', '-rf', 'x']` → argv. */
function listLiteral(raw: string | undefined): string[] | undefined {
	if (!raw || !/^[[(]/.test(raw.trim())) {
		return undefined;
	}
	const inner = callArguments(raw.trim().slice(1), 0);
	return inner.literal.every((l) => l !== undefined) ? (inner.literal as string[]) : undefined;
}

/** A copy, move or link in code (`shutil.copy(a, b)`, `fs.renameSync(a, b)`, `FileUtils.ln_s(a, b)`): the shell's command doing the same. */
function fileOperation(call: string, a: CallArgs): SyntheticCommand | undefined {
	const to = pathOf(a, 1);
	if (to === undefined) {
		return undefined;
	}
	const from = pathOf(a, 0) ?? 'SOURCE';
	const name = /(\w+)\s*[(\s]?$/.exec(call.trimEnd().replace(/\($/, ''))?.[1]?.toLowerCase() ?? '';
	const argv = /copytree|cp_r|cpsync|^cp$/.test(name) && !/copyfile/.test(name) ? ['cp', '-r'] : /move|rename|^mv$|renames|replace/.test(name) ? ['mv'] : /symlink|ln_s/.test(name) ? ['ln', '-sf'] : /link|^ln$/.test(name) ? ['ln', '-f'] : ['cp'];
	return { kind: 'argv', argv: [...argv, from, to] };
}

/** Perl's `open`: two arguments (`">>/x"`: the mode leads the path) or three (`'>', '/x'`); writing modes only. */
function perlOpen(a: CallArgs): SyntheticCommand | undefined {
	if (a.raw.length >= 3) {
		const mode = a.literal[1] ?? '';
		const m = /^\s*\+?(>>?)|^\s*\+</.exec(mode);
		return m ? written(pathOf(a, 2), undefined, m[1] === '>>') : undefined;
	}
	const spec = a.literal[1];
	const m = spec === undefined ? undefined : /^\s*\+?(>>?)\s*(?!&)([\s\S]+?)\s*$/.exec(spec);
	return m ? written(m[2], undefined, m[1] === '>>') : undefined;
}

/** A shell string or an argv list, whichever the first argument is. */
function command(args: CallArgs): SyntheticCommand | undefined {
	const list = listLiteral(args.raw[0]);
	if (list && list.length > 0) {
		// `['sh', '-c', '…']` is left to the shell unwrapper.
		return { kind: 'argv', argv: list };
	}
	const text = args.literal[0];
	if (text === undefined) {
		// `os.system(open('cmd.sh').read())`, `execSync(fs.readFileSync('cmd.sh', 'utf8'))`: the shell runs that file's lines.
		const file = fileRead(args.raw[0]);
		if (file !== undefined) {
			return { kind: 'argv', argv: ['sh', file] };
		}
	}
	return text !== undefined && !interpolates(args.raw[0], args.run) ? { kind: 'shell', text } : builtCommand(args.raw[0], args.run);
}

/** The interpreter that runs a file of each language. */
const INTERPRETER: Readonly<Record<ScriptLanguage, string>> = { python: 'python3', javascript: 'node', ruby: 'ruby', perl: 'perl', php: 'php' };

/**
 * A command the code builds (`'rm -rf ' + sys.argv[1]`, `["rm", "-rf", p]`, `cmd`): as shell text, the
 * pieces it spells out and the program's own arguments as they are, and every other piece as a variable
 * only known when it runs (`$p`) — so `rm -rf "$p"` asks for `$p`, and a command name never known asks
 * when the line holds risky words (analyze.ts, engine:unknown-command), as in the shell.
 */
function builtCommand(raw: string | undefined, run: ScriptRun | undefined): SyntheticCommand | undefined {
	if (raw === undefined || raw.trim() === '' || !run) {
		return undefined;
	}
	const trimmed = raw.trim();
	if (/^\[[\s\S]*\]$/.test(trimmed)) {
		const items = callArguments(trimmed.slice(1), 0).raw.map((item) => valueOf(item, run));
		if (items.length === 0 || (!items[0][0]?.known && !riskyWord(`${run.code ?? ''} ${run.args.join(' ')}`))) {
			return undefined;
		}
		return { kind: 'shell', text: items.map(shellWord).join(' ') };
	}
	const pieces = valueOf(trimmed, run);
	if (!pieces[0]?.known && !riskyWord(`${run.code ?? ''} ${run.args.join(' ')}`)) {
		// `spawnSync(cmd, …)` in a script that holds no risky word: nothing to judge (a risky word elsewhere on
		// the command line is not this code's).
		return undefined;
	}
	return { kind: 'shell', text: pieces.map((p) => (p.known ? p.text : `"$${p.text}"`)).join('') };
}

/** Python's `f'…{x}…'` and Ruby's `"…#{x}…"`: literals whose text is not all written out. */
function interpolates(raw: string | undefined, run: ScriptRun | undefined): boolean {
	const t = raw?.trim() ?? '';
	return (/^[rRbB]?[fF][rRbB]?['"]/.test(t) && /\{[^{}]*\}/.test(t)) || (run?.language === 'ruby' && /^"/.test(t) && /#\{/.test(t));
}

/** A value's pieces: text the code spells out (`known`), or the name of a value only known when it runs. */
type Piece = { readonly known: boolean; readonly text: string };

/** An expression's pieces: string literals, the program's arguments, and concatenations of them (`+`; Perl and PHP `.`). */
function valueOf(raw: string, run: ScriptRun): Piece[] {
	const trimmed = raw.trim();
	const literal = stringLiteral(trimmed);
	// Interpolation: Python's f'…{x}…', Ruby's "…#{x}…", JavaScript's `…${x}…`.
	const interpolated = literal === undefined ? undefined : /^[rRbB]?[fF]/.test(trimmed) ? /\{([^{}]*)\}/g : run.language === 'ruby' && /^"/.test(trimmed) ? /#\{([^{}]*)\}/g : undefined;
	if (literal !== undefined && interpolated && new RegExp(interpolated.source).test(literal)) {
		const out: Piece[] = [];
		let last = 0;
		for (const m of literal.matchAll(interpolated)) {
			out.push({ known: true, text: literal.slice(last, m.index) }, ...valueOf(m[1], run));
			last = (m.index ?? 0) + m[0].length;
		}
		return [...out, { known: true, text: literal.slice(last) }].filter((p) => !p.known || p.text !== '');
	}
	if (literal !== undefined) {
		return [{ known: true, text: literal }];
	}
	const template = /^`[\s\S]*`$/.test(trimmed) ? templatePieces(trimmed) : undefined;
	if (template && template.length > 0) {
		return template.flatMap((piece) => valueOf(piece, run));
	}
	const interpreter = INTERPRETER_PATHS[trimmed];
	if (interpreter !== undefined) {
		return [{ known: true, text: interpreter }];
	}
	const argument = argumentOf(trimmed, run);
	if (argument !== undefined) {
		return [{ known: true, text: argument }];
	}
	const parts = splitOutsideQuotes(trimmed, run.language === 'perl' || run.language === 'php' ? '.' : '+');
	if (parts.length > 1 && parts.every((p) => p !== '')) {
		return parts.flatMap((p) => valueOf(p, run));
	}
	return [{ known: false, text: trimmed.replace(/\W+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'VALUE' }];
}

/** The interpreter running the code, as code names its own binary: `spawnSync(process.execPath, …)` runs node. */
const INTERPRETER_PATHS: Readonly<Record<string, string>> = { 'process.execPath': 'node', 'process.argv[0]': 'node', 'sys.executable': 'python3', '$^X': 'perl', 'RbConfig.ruby': 'ruby', 'Gem.ruby': 'ruby', PHP_BINARY: 'php' };

/** `sys.argv[1]`, `process.argv[2]`, `ARGV[0]`, `$ARGV[0]`, `$argv[1]`: the word the line passes there. */
function argumentOf(expression: string, run: ScriptRun): string | undefined {
	const m = /^(sys\.argv|process\.argv|ARGV|\$ARGV|\$argv)\s*\[\s*(\d+)\s*\]$/.exec(expression);
	if (!m) {
		return undefined;
	}
	const index = Number(m[2]);
	const first: Record<ScriptLanguage, number> = { python: 1, javascript: run.fromFile ? 2 : 1, ruby: 0, perl: 0, php: 1 };
	const own = /^(?:sys|process)/.test(m[1]) || m[1] === '$argv' || m[1] === 'ARGV' || m[1] === '$ARGV';
	return own ? run.args[index - first[run.language]] : undefined;
}

/** Pieces as one shell word: known text quoted, unknown pieces as the variables they stand for. */
function shellWord(pieces: readonly Piece[]): string {
	return pieces.map((p) => (p.known ? `'${p.text.replace(/'/g, "'\\''")}'` : `"$${p.text}"`)).join('');
}

/** Perl and Ruby `system('rm', '-rf', 'x')`: several literal arguments are an argv, not a shell line. */
function systemCall(args: CallArgs): SyntheticCommand | undefined {
	// Ruby's `system(*%w[rm -rf x])`, `exec(*args)`: a list spread into the arguments.
	const spread = args.raw.length === 1 && /^\*\s*[[(]/.test(args.raw[0]) ? listLiteral(args.raw[0].replace(/^\*\s*/, '')) : undefined;
	if (spread && spread.length > 0) {
		return { kind: 'argv', argv: spread };
	}
	const literals = args.literal.filter((l): l is string => l !== undefined);
	if (args.raw.length > 1 && literals.length === args.raw.length && !/\s/.test(literals[0])) {
		return { kind: 'argv', argv: literals };
	}
	// `system('rm', '-rf', $ARGV[0])`: an argv with pieces only known when it runs.
	const run = args.run;
	if (args.raw.length > 1 && run && (args.literal[0] === undefined || !/\s/.test(args.literal[0]))) {
		return { kind: 'shell', text: args.raw.map((r) => shellWord(valueOf(r, run))).join(' ') };
	}
	return command(args);
}

function http(method: string | undefined, args: CallArgs): SyntheticCommand | undefined {
	const url = args.literal[0] ?? args.raw[0];
	if (url === undefined) {
		return undefined;
	}
	const rest = args.raw.slice(1).join(', ');
	const verb = method ?? /method\s*[:=]\s*['"](\w+)['"]/i.exec(rest)?.[1]?.toUpperCase() ?? 'GET';
	const argv = ['curl', '-X', verb.toUpperCase(), url];
	if (rest) {
		argv.push('--data', rest);
	}
	return { kind: 'argv', argv };
}

const FS = String.raw`(?:\bfs|\bfsp|\bfsPromises|\bfs\.promises|\bfse|require\(\s*['"](?:node:)?fs(?:\/promises|-extra)?['"]\s*\))`;

const CALLS: readonly CallPattern[] = [
	// Files
	{ call: /\b(?:shutil\.rmtree|rmtree|remove_tree|FileUtils\.(?:rm_rf|rm_r|remove_dir|remove_entry_secure|remove_entry|rmtree)|fse?\.(?:remove|removeSync|emptyDir|emptyDirSync)|rimraf(?:\.sync|Sync)?|require\(\s*['"]rimraf['"]\s*\)(?:\.sync|\.rimraf|\.rimrafSync)?|deleteSync|del\.sync|Deno\.removeSync|Deno\.remove)\s*\(/, languages: ALL, translate: (a) => {
		// Deno.remove(path) only recurses with { recursive: true }.
		return rm('-rf', a);
	} },
	{ call: new RegExp(String.raw`${FS}\.(?:rmSync|rm|rmdirSync|rmdir)\s*\(|(?<![.\w$])(?:rmSync|rmdirSync)\s*\(|(?<![.\w$])(?:rm|rmdir)\s*\((?=[^)]*recursive)`), languages: ['javascript'], translate: (a) => rm(/recursive\s*:\s*true/.test(a.raw.slice(1).join(',')) ? '-rf' : '', a) },
	{ call: new RegExp(String.raw`\b(?:os\.(?:remove|unlink|rmdir|removedirs)|${FS}\.(?:unlinkSync|unlink)|File\.(?:delete|unlink)|FileUtils\.(?:rm|rm_f|remove|remove_file)|Dir\.(?:rmdir|delete|unlink)|(?<![.\w$>])(?:unlink|rmdir|unlinkSync))\s*\(`), languages: ALL, translate: (a, _before, code) => deletion(a, code) },
	{ call: /\b(?:Path|pathlib\.Path)\s*\((?=[^()]*\)\s*\.\s*(?:unlink|rmdir)\s*\()/, languages: ['python'], translate: (a) => rm('', a) },
	{ call: /(?<![\w$@%&>.:-])(?:unlink|rmtree|remove_tree)\s+(?=[^\s(=])/, languages: ['perl'], bare: true, translate: (a, before, code) => (/(?:rmtree|remove_tree)\s+$/.test(before) ? rm('-rf', a) : deletion(a, code)) },
	{ call: /\b(?:FileUtils\.(?:rm_rf|rm_r|remove_dir)|FileUtils\.rm|File\.delete)\s+(?=['"%]|Dir\b)/, languages: ['ruby'], bare: true, translate: (a, before, code) => (/rm_rf|rm_r|remove_dir/.test(before) ? rm('-rf', a) : deletion(a, code)) },
	{ call: /\barray_map\s*\(\s*['"](?:unlink|rmdir)['"]\s*,/, languages: ['php'], translate: (a) => rm('', a) },
	// Writes that replace a file's content
	{ call: /(?<![.\w])open\s*\((?=(?:[^()]|\([^()]*\))*,\s*(?:mode\s*=\s*)?['"][rb]?[wax])/, languages: ['python'], translate: (a, before, code) => {
		const mode = a.literal[1] ?? /mode\s*=\s*(['"][^'"]*['"])/.exec(a.raw.slice(1).join(','))?.[1] ?? '';
		const rest = code.slice(before.length);
		return written(pathsOf(a), pythonWrites(rest.slice(rest.indexOf(')') + 1)), /a/.test(stringLiteral(mode) ?? mode));
	} },
	{ call: /\b(?:(?:pathlib\.)?Path)\s*\((?=(?:[^()]|\([^()]*\))*\)\s*\.\s*write_(?:text|bytes)\s*\()/, languages: ['python'], translate: (a, before, code) => {
		const rest = code.slice(before.length);
		const call = /\)\s*\.\s*write_(?:text|bytes)\s*\(/.exec(rest);
		return written(pathsOf(a), call ? callArguments(rest, (call.index ?? 0) + call[0].length).literal[0] : undefined);
	} },
	// `(Path.home() / '.bashrc').write_text(…)`: a path built with pathlib's `/`, in parentheses.
	{ call: /(?<![\w.])\((?=[^()]*\bPath\b(?:[^()]|\([^()]*\))*\)\s*\.\s*write_(?:text|bytes)\s*\()/, languages: ['python'], translate: (a, before, code) => {
		const rest = code.slice(before.length);
		const call = /\)\s*\.\s*write_(?:text|bytes)\s*\(/.exec(rest);
		return written(pathsOf(a), call ? callArguments(rest, (call.index ?? 0) + call[0].length).literal[0] : undefined);
	} },
	{ call: /(?<![\w.])\((?=[^()]*\bPath\b(?:[^()]|\([^()]*\))*\)\s*\.\s*(?:unlink|rmdir)\s*\()/, languages: ['python'], translate: (a) => rm('', a) },
	{ call: new RegExp(String.raw`${FS}\.(?:writeFileSync|writeFile|appendFileSync|appendFile)\s*\(|(?<![.\w$])(?:writeFileSync|appendFileSync)\s*\(`), languages: ['javascript'], translate: (a, before) => written(pathsOf(a), a.literal[1], /append/.test(before.slice(-20))) },
	{ call: new RegExp(String.raw`${FS}\.(?:truncateSync|truncate)\s*\(|(?<![.\w$])truncateSync\s*\(|\bos\.truncate\s*\(`), languages: ['javascript', 'python'], translate: (a) => written(pathsOf(a), null) },
	{ call: /\b(?:File\.write|IO\.write|file_put_contents)\s*\(/, languages: ['ruby', 'php', 'python'], translate: (a) => written(pathsOf(a), a.literal[1], /FILE_APPEND/.test(a.raw.slice(2).join(','))) },
	// Copies, moves and links from code, as the shell's cp/mv/ln (so a startup file, a hook or a file moved over is judged as then).
	{ call: /\b(?:shutil\.(?:copy|copy2|copyfile|copytree|move)|os\.(?:rename|replace|renames|symlink|link))\s*\(/, languages: ['python'], translate: (a, before) => fileOperation(before, a) },
	{ call: new RegExp(String.raw`${FS}\.(?:copyFileSync|copyFile|cpSync|cp|renameSync|rename|symlinkSync|symlink|linkSync|link)\s*\(`), languages: ['javascript'], translate: (a, before) => fileOperation(before, a) },
	{ call: /\b(?:FileUtils\.(?:cp_r|cp|copy_file|copy|install|mv|move|ln_sf|ln_s|symlink|ln)|File\.(?:rename|symlink|link))\s*\(/, languages: ['ruby'], translate: (a, before) => fileOperation(before, a) },
	{ call: /\b(?:FileUtils\.(?:cp_r|cp|copy_file|copy|install|mv|move|ln_sf|ln_s|symlink|ln))\s+(?=['"%])/, languages: ['ruby'], bare: true, translate: (a, before) => fileOperation(before, a) },
	{ call: /(?<![\w$@%&>.:-])(?:File::Copy::)?(?:copy|move|cp|mv|rename|symlink|link)\s*\(/, languages: ['perl', 'php'], translate: (a, before) => fileOperation(before, a) },
	{ call: /(?<![\w$@%&>.:-])(?:rename|symlink|link)\s+(?=['"$])/, languages: ['perl'], bare: true, translate: (a, before) => fileOperation(before, a) },
	// Streams and descriptors opened for writing: `fs.createWriteStream(p)`, `fs.openSync(p, 'a')`, `os.open(p, os.O_WRONLY…)`,
	// Perl's `sysopen(F, p, O_WRONLY…)`, Python's `codecs.open(p, 'w')`/`io.open(p, 'a')`, Ruby's `File.new(p, 'w')`.
	{ call: new RegExp(String.raw`${FS}\.createWriteStream\s*\(`), languages: ['javascript'], translate: (a) => written(pathsOf(a), undefined, /flags\s*:\s*['"]a/.test(a.raw[1] ?? '')) },
	{ call: new RegExp(String.raw`${FS}\.(?:openSync|open)\s*\(`), languages: ['javascript'], translate: (a) => (/^[wa]|^r\+/.test(a.literal[1] ?? '') ? written(pathsOf(a), undefined, (a.literal[1] ?? '').startsWith('a')) : undefined) },
	{ call: /\bos\.open\s*\(|(?<![\w$@%&>.:-])sysopen\s*\(/, languages: ['python', 'perl'], translate: (a, before) => {
		const flags = a.raw.slice(/sysopen/.test(before) ? 2 : 1).join(',');
		return /O_(?:WRONLY|RDWR|APPEND|TRUNC|CREAT)/.test(flags) ? written(pathOf(a, /sysopen/.test(before) ? 1 : 0), undefined, /O_APPEND/.test(flags)) : undefined;
	} },
	{ call: /\b(?:codecs|io)\.open\s*\(|\bFile\.new\s*\(/, languages: ['python', 'ruby'], translate: (a) => {
		const mode = a.literal[1] ?? /mode\s*=\s*['"]([^'"]*)['"]/.exec(a.raw.slice(1).join(','))?.[1] ?? '';
		return /[wa]|r\+/.test(mode) ? written(pathsOf(a), undefined, mode.includes('a')) : undefined;
	} },
	// Perl `open(F, ">>/x")`, `open(my $fh, '>', $p)`, `open F, ">x"`; Ruby `File.open(p, 'a')`; PHP `fopen(p, 'w')`: what is
	// printed into the handle is not followed, so the file gets text only known when it runs.
	{ call: /(?<![\w$@%&>.:-])open\s*\(/, languages: ['perl'], translate: (a) => perlOpen(a) },
	{ call: /(?<![\w$@%&>.:-])open\s+(?=[\w$]|my\b)/, languages: ['perl'], bare: true, translate: (a) => perlOpen(a) },
	{ call: /\b(?:File|IO)\.open\s*\(|(?<![\w$>])fopen\s*\(/, languages: ['ruby', 'php'], translate: (a) => {
		const mode = a.literal[1] ?? '';
		return /^[wa]/.test(mode) ? written(pathsOf(a), undefined, mode.startsWith('a')) : undefined;
	} },
	// Shell out
	{ call: /\b(?:os\.(?:system|popen)|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|child_process\.(?:exec|execSync|spawn|spawnSync|execFile|execFileSync)|commands\.getoutput|(?<![.\w])(?:execSync|exec|spawnSync|spawn|execFileSync|execa|execaSync|execaCommand|execaCommandSync|system|shell_exec|passthru|proc_open|popen|qx|Open3\.capture2e?|Open3\.capture3|Open3\.popen3|Kernel\.system|Kernel\.exec|IO\.popen)|\$\.?(?:sh|exec))\s*\(|\.(?:execSync|spawnSync|execFileSync|execFile)\s*\(|require\(\s*['"](?:node:)?child_process['"]\s*\)\.(?:exec|spawn)\s*\(|\b(?:cp|childProcess|child)\.(?:exec|spawn)\s*\(/, languages: ALL, translate: (a, before) => {
		// execFile('rm', ['-rf', 'x']) and spawn('rm', [...]): program plus a list.
		const list = listLiteral(a.raw[1]);
		if (a.literal[0] !== undefined && list) {
			return { kind: 'argv', argv: [a.literal[0], ...list] };
		}
		if (a.run?.language === 'python' && /(?:^|[^.\w])exec\s*\($/.test(before)) {
			return undefined; // Python's exec() runs Python code (the pattern below), not a shell command
		}
		return /(?:^|[^.\w])(?:system|exec)\s*\($/.test(before) ? systemCall(a) : command(a);
	} },
	// Code a one-liner runs from a file it reads whole (`exec(open('x.py').read())`, `eval(fs.readFileSync('x.js', 'utf8'))`,
	// Ruby's and Perl's `eval(File.read(…))`), `runpy.run_path('x.py')`, `require('./x.js')`: the interpreter running that file.
	{ call: /(?<![.\w$])(?:exec|eval)\s*\(/, languages: ALL, translate: (a, before) => {
		const file = fileRead(a.raw[0]);
		const language = a.run?.language;
		// Only Python's exec() is code; elsewhere exec() is the shell's (the pattern above).
		return file !== undefined && language !== undefined && (language === 'python' || /eval\s*\($/.test(before)) ? { kind: 'argv', argv: [INTERPRETER[language], file] } : undefined;
	} },
	{ call: /\brunpy\.run_path\s*\(/, languages: ['python'], translate: (a) => (a.literal[0] !== undefined ? { kind: 'argv', argv: ['python3', a.literal[0]] } : undefined) },
	{ call: /(?<![.\w$])require\s*\(/, languages: ['javascript'], translate: (a) => {
		const file = a.literal[0];
		// A path (`./x`, `../x`, `/x`) is a file of the project; a bare name is a package, already installed code.
		return file !== undefined && /^(?:\.\.?)?\//.test(file) ? { kind: 'argv', argv: ['node', /\.[cm]?js$/.test(file) ? file : `${file}.js`] } : undefined;
	} },
	// `system $ARGV[0]`, `exec $cmd`, Ruby `system ARGV[0]`: bare calls with any argument (parenthesised ones are above).
	{ call: /(?<![\w$@%&>.:-])(?:system|exec)\s+(?=['"q$@\w[])(?!(?:if|unless|or|and)\b)/, languages: ['perl', 'ruby'], bare: true, translate: (a) => systemCall(a) },
	{ call: /\bos\.exec[lv]p?e?\s*\(/, languages: ['python'], translate: (a) => {
		const list = listLiteral(a.raw[1]);
		return list && list.length > 0 ? { kind: 'argv', argv: list } : undefined;
	} },
	// SQL through drivers and ORMs
	{ call: /\.(?:execute|executescript|executemany|exec|query|raw|run|prepare|sql|unsafe|\$executeRawUnsafe|\$executeRaw|\$queryRawUnsafe|do|select_all|exec_query)\s*\(/, languages: ALL, translate: (a) => {
		if (a.literal[0] !== undefined) {
			return looksLikeSql(a.literal[0]) ? { kind: 'argv', argv: ['@sql'], stdin: a.literal[0] } : undefined;
		}
		// `cur.execute(open('wipe.sql').read())`, `db.exec(fs.readFileSync('wipe.sql', 'utf8'))`: the SQL of a .sql file the code reads.
		const file = fileRead(a.raw[0]);
		return file !== undefined && /\.(?:sql|psql|ddl)$/i.test(file) ? { kind: 'argv', argv: ['@sql'], stdinFile: file } : undefined;
	} },
	// HTTP clients
	{ call: /\b(?:requests|httpx|session|s|client|axios|got|ky|superagent|http)\.(delete|post|put|patch|request)\s*\(/, languages: ALL, translate: (a, code) => {
		const m = /\.(delete|post|put|patch|request)\s*\($/.exec(code);
		const verb = m?.[1]?.toLowerCase();
		if (verb === 'request') {
			return http(a.literal[0]?.toUpperCase(), { raw: a.raw.slice(1), literal: a.literal.slice(1) });
		}
		return http(verb?.toUpperCase(), a);
	} },
	{ call: /\bfetch\s*\(/, languages: ['javascript'], translate: (a) => http(undefined, a) },
	// PHP `file_get_contents(URL, false, stream_context_create(['http' => ['method' => 'POST', 'content' => …]]))`: a request when a method is set.
	{ call: /\bfile_get_contents\s*\((?=\s*['"]https?:)/, languages: ['php'], translate: (a) => {
		const method = /['"]method['"]\s*=>\s*['"](\w+)['"]/i.exec(a.raw.slice(1).join(','))?.[1];
		return method ? http(method.toUpperCase(), a) : undefined;
	} },
	{ call: /\b(?:urllib\.request\.)?Request\s*\(/, languages: ['python'], translate: (a) => http(undefined, a) },
	// Redis and Mongo drivers
	{ call: /\.(?:flushall|flushAll|flushdb|flushDb)\s*\(/, languages: ALL, translate: (_a, code) => ({ kind: 'argv', argv: ['redis-cli', /flushall\s*\($/i.test(code) ? 'FLUSHALL' : 'FLUSHDB'] }) },
	{ call: /\.(?:drop_database|dropDatabase)\s*\(/, languages: ALL, translate: (a) => ({ kind: 'argv', argv: ['@mongo'], stdin: a.literal[0] !== undefined ? `db.getSiblingDB('${a.literal[0]}').dropDatabase()` : 'db.dropDatabase()' }) },
	{ call: /\.(?:drop_collection|dropCollection)\s*\(/, languages: ALL, translate: (a) => ({ kind: 'argv', argv: ['@mongo'], stdin: `db.${a.literal[0] ?? a.raw[0] ?? 'collection'}.drop()` }) },
	{ call: /\b(\w+)\.(?:delete_many|deleteMany|remove)\s*\(/, languages: ALL, translate: (a, code) => {
		const collection = /(\w+)\.(?:delete_many|deleteMany|remove)\s*\($/.exec(code)?.[1] ?? 'collection';
		return a.raw.length === 0 || /^\{\s*\}$/.test(a.raw[0]) ? { kind: 'argv', argv: ['@mongo'], stdin: `db.${collection}.deleteMany({})` } : undefined;
	} },
];

const SQL_START = /^\s*(?:drop|truncate|delete|update|alter|create|insert|select|with|grant|revoke|replace|merge|begin|pragma|vacuum|attach|detach)\b/i;

function looksLikeSql(text: string): boolean {
	return SQL_START.test(text);
}

/**
 * True when `index` is inside a quoted string that opened on the same line (`print("unlink me")`).
 * Only the current line is scanned, so an apostrophe in an earlier comment cannot hide later calls.
 */
function insideString(code: string, index: number): boolean {
	let quote = '';
	for (let i = code.lastIndexOf('\n', index - 1) + 1; i < index; i++) {
		const c = code[i];
		if (quote) {
			if (c === '\\') {
				i++;
			} else if (c === quote) {
				quote = '';
			}
		} else if (c === '"' || c === "'" || c === '`') {
			quote = c;
		} else if (c === '#' && !/[$\w.]/.test(code[i - 1] ?? '')) {
			// A comment: what follows is not code either.
			return true;
		}
	}
	return quote !== '';
}

/**
 * Names by which code can reach a shell or another program — directly, through an alias, or through code
 * built at run time — per language (not `execute`, a database cursor's; not `re.exec`, a regex's).
 */
const RUNS_PROGRAMS: Readonly<Record<ScriptLanguage, RegExp>> = {
	python: /\b(?:system|exec|eval|compile|popen|subprocess|__import__|importlib|pty|getattr|spawn\w*|exec[vl]\w*)\b/,
	javascript: /\b(?:child_process|eval|Function|execa|shelljs)\b|\bBun\.spawn|\bDeno\.(?:run|Command)\b/,
	ruby: /\b(?:system|exec|spawn|popen\w*|Open3|eval|instance_eval|send|public_send)\b|`|%x/,
	perl: /\b(?:system|exec|eval|qx|open)\b|`/,
	php: /\b(?:system|exec|shell_exec|passthru|proc_open|popen|eval|pcntl_exec|assert)\b|`/,
};
/** Code run from a string: Python's exec/eval/compile, JavaScript's eval and `new Function`. */
const CODE_FROM_STRING: Readonly<Record<string, RegExp>> = { python: /\b(?:exec|eval|compile)\s*\(\s*/g, javascript: /\b(?:eval|Function)\s*\(\s*/g };
const MAX_NESTED_CODE = 3;

/** Every plain string literal in `code` (quotes of the languages read here; `${}` templates excluded). */
function stringLiterals(code: string, run: ScriptRun): string[] {
	const out: string[] = [];
	for (const m of code.matchAll(/'((?:[^'\\\n]|\\.){1,4096})'|"((?:[^"\\\n]|\\.){1,4096})"/g)) {
		// An f-string or Ruby's "#{…}": the text it builds (`f'rm -rf {sys.argv[1]}'` → `rm -rf /srv/data`, `{d}` → `"$d"`).
		const prefix = code.slice(Math.max(0, (m.index ?? 0) - 4), m.index);
		const fString = /(?:^|\W)[rRbB]?[fF][rRbB]?$/.exec(prefix)?.[0].replace(/^\W/, '');
		if (fString !== undefined || (run.language === 'ruby' && m[0].startsWith('"'))) {
			const built = builtCommand(`${fString ?? ''}${m[0]}`, run);
			if (built?.kind === 'shell') {
				out.push(built.text);
				continue;
			}
		}
		const value = stringLiteral(m[0]);
		if (value !== undefined) {
			out.push(value);
		}
	}
	return out;
}

/**
 * When code can run programs in a way the call patterns did not read (an alias, `__import__('os').system`,
 * a destructured `execSync`), every string literal in it that reads as a command line is judged as one: the
 * literal may be what runs. A literal that is not a command (`'utf-8'`) judges as nothing.
 */
function unreadRuns(language: ScriptLanguage, code: string, translated: readonly SyntheticCommand[], depth: number, args: readonly string[], fromFile: boolean): SyntheticCommand[] {
	if (!RUNS_PROGRAMS[language].test(code)) {
		return [];
	}
	const out: SyntheticCommand[] = [];
	// What the call patterns already made of a literal (`['bash', '-c', 'rm -rf x']` → `bash -c rm -rf x`) is not read twice.
	const known = translated.map((c) => (c.kind === 'shell' ? c.text : c.kind === 'argv' ? c.argv.join(' ') : '')).join('\n');
	for (const literal of stringLiterals(code, { language, args, fromFile, code })) {
		if (/^\s*[\w./~-]+(?:\s+\S|$)/.test(literal) && /\s/.test(literal.trim()) && !known.includes(literal)) {
			out.push({ kind: 'shell', text: literal });
		}
	}
	// `exec('import shutil\nshutil.rmtree(...)')`: the string is code of the same language.
	const nested = CODE_FROM_STRING[language];
	if (nested && depth < MAX_NESTED_CODE) {
		for (const m of code.matchAll(nested)) {
			const inner = callArguments(code, (m.index ?? 0) + m[0].length).literal[0];
			if (inner !== undefined) {
				out.push(...scriptInvocations(language, inner, depth + 1, args, fromFile));
			}
		}
	}
	return out;
}

/** Opening and closing delimiters of Perl's and Ruby's quote operators. */
const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

/**
 * Perl's `q(…)`, `qq{…}`, `qw(…)`, `qx(…)` and Ruby's `%q(…)`, `%Q[…]`, `%(…)`, `%w(…)`, `%x(…)`, with any
 * delimiter, rewritten as the plain quotes, lists and backticks the call patterns read:
 * `system q(rm -rf /srv/data)` is `system 'rm -rf /srv/data'`.
 */
function quoteOperators(language: ScriptLanguage, code: string): string {
	const re = language === 'perl' ? /(?<![\w$@%&>:-])(qq|qw|qx|q)\s*([^\w\s=,;)])/g : language === 'ruby' ? /(?<![\w)\]}"'])%([qQwWxiI]?)([^\w\s=])/g : undefined;
	if (!re || !(language === 'perl' ? /\bq[qwx]?\s*[^\w\s]/ : /%[qQwWxiI]?[^\w\s=]/).test(code)) {
		return code;
	}
	let out = '';
	let last = 0;
	for (let m = re.exec(code); m; m = re.exec(code)) {
		if (m.index < last || insideString(code, m.index)) {
			continue;
		}
		const open = m[2];
		const close = CLOSING[open] ?? open;
		// The body runs to the matching delimiter (brackets nest); a backslash escapes one character.
		let depth = 0;
		let end = -1;
		for (let i = m.index + m[0].length; i < code.length; i++) {
			const c = code[i];
			if (c === '\\') {
				i++;
			} else if (c === close && depth === 0) {
				end = i;
				break;
			} else if (c === close) {
				depth--;
			} else if (c === open && close !== open) {
				depth++;
			}
		}
		if (end < 0) {
			break;
		}
		const body = code.slice(m.index + m[0].length, end);
		const kind = m[1];
		const single = (t: string) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
		const replacement = kind === 'qw' || kind === 'w' || kind === 'W' || kind === 'i' || kind === 'I'
			? `${language === 'ruby' ? '[' : '('}${body.trim().split(/\s+/).filter((w) => w !== '').map(single).join(', ')}${language === 'ruby' ? ']' : ')'}`
			: kind === 'qx' || kind === 'x' ? `\`${body}\``
				: kind === 'q' ? single(body)
					: `"${body.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
		out += code.slice(last, m.index) + replacement;
		last = end + 1;
		re.lastIndex = end + 1;
	}
	return out + code.slice(last);
}

/** Translates the recognised calls in `code` into equivalent commands, in source order. */
export function scriptInvocations(language: ScriptLanguage, code: string, depth = 0, args: readonly string[] = [], fromFile = false): SyntheticCommand[] {
	const found: { at: number; command: SyntheticCommand }[] = [];
	const text = quoteOperators(language, code.length > 262144 ? code.slice(0, 262144) : code);
	const run: ScriptRun = { language, args, fromFile, code: text };
	for (const pattern of CALLS) {
		if (!pattern.languages.includes(language)) {
			continue;
		}
		const re = new RegExp(pattern.call.source, 'g');
		let m: RegExpExecArray | null;
		let guard = 0;
		while ((m = re.exec(text)) && guard++ < 200) {
			if (insideString(text, m.index)) {
				continue;
			}
			const end = m.index + m[0].length;
			const translated = pattern.translate({ ...(pattern.bare ? bareArguments(text, end) : callArguments(text, end)), run }, text.slice(0, end), text);
			if (translated) {
				found.push({ at: m.index, command: translated });
			}
		}
	}
	// `perl -e 'fork while fork'`, `while True: os.fork()`: processes multiply until the machine stalls.
	const bomb = /\bfork\s+while\s+fork\b|\bwhile\s*\(?\s*(?:1|true|True)\s*\)?\s*[:{]?\s*(?:os\.|Process\.|pcntl_)?fork\s*\(?/.exec(text);
	if (bomb) {
		found.push({ at: bomb.index, command: { kind: 'argv', argv: ['@fork-bomb', 'fork'] } });
	}
	// zx and Bun shell: $`rm -rf ${dir}`
	if (language === 'javascript') {
		for (const m of text.matchAll(/(?<![\w.])(?:Bun\.)?\$\s*`([^`]{1,4096})`/g)) {
			found.push({ at: m.index ?? 0, command: { kind: 'shell', text: m[1] } });
		}
	}
	// Perl and Ruby backticks, `qx{}` and `%x()` run shell code.
	if (language === 'perl' || language === 'ruby' || language === 'php') {
		for (const m of text.matchAll(/`([^`]{1,4096})`|\bqx\{([^}]{1,4096})\}|%x\(([^)]{1,4096})\)/g)) {
			found.push({ at: m.index ?? 0, command: { kind: 'shell', text: m[1] ?? m[2] ?? m[3] ?? '' } });
		}
	}
	// Cloud SDK deletes (boto3, AWS SDK for JavaScript, Google Cloud, Azure, Algolia) as their CLI commands.
	for (const call of sdkCommands(language, text)) {
		if (!insideString(text, call.at)) {
			found.push({ at: call.at, command: { kind: 'argv', argv: call.argv } });
		}
	}
	const commands = found.sort((a, b) => a.at - b.at).map((f) => f.command);
	return [...commands, ...unreadRuns(language, text, commands, depth, args, fromFile)];
}

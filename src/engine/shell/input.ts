/**
 * What a command reads and prints when the line makes it plain: heredocs, here-strings, files
 * after `<`, and the output of `echo`, `printf`, `cat`, `base64 -d`, `xxd -r -p`, `rev` piped into it.
 * Files are read through the context (never directly) and capped at MAX_FILE_BYTES.
 */
import * as path from 'path';
import { commandName, hasOption, parseArgs, withKnownFolders } from './argv';
import { parseLine } from './parse';
import type { AnalysisContext, ParsedLine, SimpleCommand } from '../types';

/**
 * Name of the synthetic invocation a wrapper emits when the code it would run cannot be read
 * (`bash x.sh` with x.sh missing, unreadable, not a regular file, over the cap, or written earlier
 * in the line with unknown content): argv is `[UNKNOWN_INPUT, file as written, consumer]`.
 */
export const UNKNOWN_INPUT = '@unknown-input';

/** Files read for `bash script.sh`, `psql -f`, `curl -d @file` are capped at this many bytes. */
export const MAX_FILE_BYTES = 256 * 1024;

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

/**
 * Whether a command's words, and what reaches its stdin, are known exactly as written: nothing in them is
 * expanded by the shell first. outputOf reads text as written (what the risk checks scan); a value taken
 * from it (a command name, a file's contents) must pass this first: `rev <<< $X` does not print `X$`.
 */
export function writtenExactly(cmd: SimpleCommand, depth = 0): boolean {
	if (depth > 16 || cmd.words.some((w) => w.dynamic)) {
		return false;
	}
	const stdin = cmd.stdin;
	return stdin === undefined || (stdin.kind === 'text' ? stdin.expands !== true : writtenExactly(stdin.from, depth + 1));
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
			let newline = true;
			while (rest.length > 0 && /^-[neE]+$/.test(rest[0])) {
				const flags = rest.shift()!;
				for (const f of flags.slice(1)) {
					interpret = f === 'e' ? true : f === 'E' ? false : interpret;
					newline &&= f !== 'n';
				}
			}
			const text = rest.join(' ');
			return (interpret ? printfEscapes(text, true) : text) + (newline ? '\n' : '');
		}
		case 'printf': {
			const rest = args.map((w) => w.text);
			if (rest[0] === '--') {
				rest.shift();
			}
			if (rest.length === 0 || rest[0] === '-v') {
				return undefined;
			}
			return printf(rest[0], rest.slice(1));
		}
		case 'cat': {
			const files = args.filter((w) => !w.text.startsWith('-') || w.text === '-');
			if (files.length === 0 || (files.length === 1 && files[0].text === '-')) {
				return stdinOf(cmd, ctx, depth);
			}
			const parts = files.map((w) => readRelative(w.text, ctx));
			return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
		}
		case 'tee':
		case 'pv': {
			// `… | tee run.log | psql`: tee passes its input on (writing it to the files it names too); so does pv
			// given no file (`pv -L 1m`: a word that is not an option may be a file or an option's value: not known).
			if (name === 'pv' && args.some((w) => !w.text.startsWith('-'))) {
				return undefined;
			}
			return stdinOf(cmd, ctx, depth);
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
		case 'tr': {
			const text = args.some((w) => w.dynamic) ? undefined : stdinOf(cmd, ctx, depth);
			return text === undefined ? undefined : translate(args.map((w) => w.text), text);
		}
		case 'cut': {
			const text = args.some((w) => w.dynamic) ? undefined : stdinOf(cmd, ctx, depth);
			return text === undefined ? undefined : cut(args.map((w) => w.text), text);
		}
		case 'dirname':
		case 'basename':
			return args.some((w) => w.dynamic) ? undefined : pathPart(name, args.map((w) => w.text));
		default:
			return undefined;
	}
}

/**
 * Reads a file named in the command, relative to the working directory, if the context allows. `~`,
 * `$HOME`, `$PWD` and `$(pwd)` at its start are the folders they name; any other expansion is unknown.
 */
export function readRelative(file: string, ctx: AnalysisContext): string | undefined {
	if (file.startsWith('<(') && file.endsWith(')')) {
		return substitutedFile(file.slice(2, -1), ctx);
	}
	if (!ctx.readFile || !file) {
		return undefined;
	}
	const expanded = withKnownFolders(file, ctx.cwd ?? process.cwd(), ctx.home ?? ctx.env?.HOME);
	if (/[$`]/.test(expanded) || expanded.startsWith('~')) {
		return undefined;
	}
	const absolute = path.isAbsolute(expanded) ? expanded : path.resolve(ctx.cwd ?? process.cwd(), expanded);
	try {
		const text = ctx.readFile(absolute);
		return text === undefined ? undefined : text.slice(0, MAX_FILE_BYTES);
	} catch {
		return undefined;
	}
}

/**
 * The file `<(cmd)` stands for: what cmd prints, when the line shows it (`bash <(echo 'rm -rf /srv/data')`,
 * `psql -f <(printf 'DROP TABLE x;')`). The last command of a pipeline inside is the one whose output it is.
 */
function substitutedFile(inner: string, ctx: AnalysisContext): string | undefined {
	let parsed: ParsedLine;
	try {
		parsed = parseLine(inner);
	} catch {
		return undefined;
	}
	const fed = new Set(parsed.commands.flatMap((c) => (c.stdin?.kind === 'pipe' ? [c.stdin.from] : [])));
	const last = parsed.commands.filter((c) => !fed.has(c));
	// Words are as written here, not expanded with the line's values: one holding an expansion (`<(echo $CMD)`)
	// leaves the output unknown, and the file is unknown input as before.
	return parsed.status === 'complete' && !parsed.truncated && last.length === 1 && writtenExactly(last[0]) ? outputOf(last[0], ctx) : undefined;
}

/**
 * The output of `printf FORMAT ARGS…` as bash's builtin prints it: the format is reused while
 * arguments remain; `%s %b %q %c %d %i %u %x %X %o %%` and the escapes `\n \t \xHH \NNN \uHHHH`.
 */
export function printf(format: string, values: readonly string[]): string | undefined {
	let out = '';
	let i = 0;
	for (let round = 0; round < 10_000; round++) {
		const before = i;
		let failed = false;
		const body = format.replace(/%([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?([sbqcdiuxXo%])|\\(?:x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|.)/g, (m, flags: string | undefined, width: string | undefined, _precision: string | undefined, conv: string | undefined) => {
			if (!conv) {
				return printfEscapes(m, false);
			}
			if (conv === '%') {
				return '%';
			}
			if (width === '*') {
				i++;
			}
			const arg = values[i++] ?? '';
			let text: string;
			switch (conv) {
				case 's':
				case 'q':
					text = arg;
					break;
				case 'b':
					text = printfEscapes(arg, true);
					break;
				case 'c':
					text = arg.charAt(0);
					break;
				default: {
					const n = arg === '' ? 0 : Number(arg);
					if (!Number.isFinite(n)) {
						failed = true;
						return m;
					}
					text = conv === 'x' ? n.toString(16) : conv === 'X' ? n.toString(16).toUpperCase() : conv === 'o' ? n.toString(8) : String(Math.trunc(n));
				}
			}
			const w = width && width !== '*' ? Number(width) : 0;
			return text.length >= w ? text : flags?.includes('-') ? text.padEnd(w) : text.padStart(w, flags?.includes('0') && conv !== 's' ? '0' : ' ');
		});
		if (failed) {
			return undefined;
		}
		out += body;
		if (i >= values.length || i === before) {
			return out;
		}
	}
	return undefined;
}

/** Backslash escapes as `echo -e` and `printf %b` (`octal0` allows `\0NNN`) and printf's format read them. */
export function printfEscapes(text: string, octal0: boolean): string {
	const re = octal0 ? /\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|0[0-7]{0,3}|[1-7][0-7]{0,2}|.)/g : /\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|.)/g;
	return text.replace(re, (m, esc: string) => {
		if (esc[0] === 'x' || esc[0] === 'u' || esc[0] === 'U') {
			const code = parseInt(esc.slice(1), 16);
			return code <= 0x10ffff ? String.fromCodePoint(code) : m;
		}
		if (/^[0-7]/.test(esc)) {
			return String.fromCharCode(parseInt(esc, 8) & 0xff);
		}
		return ESCAPES[esc] ?? m;
	});
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** Characters a `tr` set may hold before it is not followed (a bound on work). */
const MAX_TR_SET = 4096;

const TR_CLASSES: Record<string, string> = {
	upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', lower: 'abcdefghijklmnopqrstuvwxyz', digit: '0123456789',
	alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
	space: ' \t\n\r\f\v', blank: ' \t', punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};

/** A `tr` set (`a-z`, `[:upper:]`, `\n`, `\052`) as its characters in order; undefined for what is not followed (`[x*]`, `[=e=]`). */
function trSet(spec: string): string[] | undefined {
	const chars: string[] = [];
	const read = (at: number): [string, number] => {
		if (spec[at] !== '\\' || at + 1 >= spec.length) {
			return [spec[at], at + 1];
		}
		const octal = /^[0-7]{1,3}/.exec(spec.slice(at + 1))?.[0];
		if (octal) {
			return [String.fromCharCode(parseInt(octal, 8)), at + 1 + octal.length];
		}
		const c = spec[at + 1];
		return [({ n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b' } as Record<string, string>)[c] ?? c, at + 2];
	};
	for (let at = 0; at < spec.length && chars.length <= MAX_TR_SET;) {
		const cls = /^\[:([a-z]+):\]/.exec(spec.slice(at));
		if (cls) {
			const members = TR_CLASSES[cls[1]];
			if (members === undefined) {
				return undefined;
			}
			chars.push(...members);
			at += cls[0].length;
			continue;
		}
		if (/^\[(?:=.=|.\*[0-9]*)\]/.test(spec.slice(at))) {
			return undefined;
		}
		const [first, next] = read(at);
		if (spec[next] === '-' && next + 1 < spec.length) {
			const [last, after] = read(next + 1);
			const from = first.charCodeAt(0);
			const to = last.charCodeAt(0);
			if (to < from || to - from > MAX_TR_SET) {
				return undefined;
			}
			for (let c = from; c <= to; c++) {
				chars.push(String.fromCharCode(c));
			}
			at = after;
			continue;
		}
		chars.push(first);
		at = next;
	}
	return chars.length > MAX_TR_SET ? undefined : chars;
}

/**
 * What `tr [-d] [-s] [-t] SET1 [SET2]` prints for `text` (GNU: SET2 is extended with its last character),
 * or undefined for what is not followed (`-c`, `[x*n]`, equivalence classes).
 */
export function translate(args: readonly string[], text: string): string | undefined {
	// GNU tr works on bytes: `tr 'é' 'rm'` maps é's two bytes to r and m. Only ASCII is followed.
	if (!isAscii(text) || args.some((a) => !isAscii(a))) {
		return undefined;
	}
	let i = 0;
	let del = false;
	let squeeze = false;
	let truncate = false;
	for (; i < args.length && /^-[dstcC]+$/.test(args[i]); i++) {
		if (/[cC]/.test(args[i])) {
			return undefined;
		}
		del ||= args[i].includes('d');
		squeeze ||= args[i].includes('s');
		truncate ||= args[i].includes('t');
	}
	if (args[i] === '--') {
		i++;
	}
	const sets = args.slice(i).map(trSet);
	if (sets.length === 0 || sets.length > 2 || sets.some((set) => set === undefined)) {
		return undefined;
	}
	const [one, two] = sets as string[][];
	const squeezeOn = (out: string, set: readonly string[]) => {
		const members = new Set(set);
		let result = '';
		for (const c of out) {
			if (!(members.has(c) && result.endsWith(c))) {
				result += c;
			}
		}
		return result;
	};
	if (del) {
		const gone = new Set(one);
		const kept = [...text].filter((c) => !gone.has(c)).join('');
		return two ? (squeeze ? squeezeOn(kept, two) : undefined) : kept;
	}
	if (!two) {
		return squeeze ? squeezeOn(text, one) : undefined;
	}
	if (two.length === 0) {
		return undefined;
	}
	const map = new Map<string, string>();
	one.forEach((c, k) => {
		if (!truncate || k < two.length) {
			map.set(c, two[Math.min(k, two.length - 1)]);
		}
	});
	const out = [...text].map((c) => map.get(c) ?? c).join('');
	return squeeze ? squeezeOn(out, two) : out;
}

/** What `cut -c LIST` or `cut -d D -f LIST` (with `-s`) prints for `text`, or undefined for other uses. */
export function cut(args: readonly string[], text: string): string | undefined {
	if (!isAscii(text) || args.some((a) => !isAscii(a))) {
		return undefined; // GNU cut -c counts bytes
	}
	const parsed = parseArgs(args.map((t) => ({ text: t, raw: t, dynamic: false, glob: false })), { withValue: ['-c', '-b', '-d', '-f', '--characters', '--bytes', '--delimiter', '--fields', '--output-delimiter'] });
	if (parsed.positionals.length > 0 || hasOption(parsed, '--complement', '-z', '--zero-terminated')) {
		return undefined;
	}
	const value = (...names: string[]) => names.map((n) => parsed.options.get(n)?.at(-1)).find((v) => v !== undefined);
	const chars = value('-c', '-b', '--characters', '--bytes');
	const fields = value('-f', '--fields');
	const ranges = (list: string): [number, number][] | undefined => {
		const out: [number, number][] = [];
		for (const part of list.split(',')) {
			const m = /^(\d*)-?(\d*)$/.exec(part);
			if (!m || part === '' || part === '-') {
				return undefined;
			}
			const from = m[1] === '' ? 1 : Number(m[1]);
			const to = !part.includes('-') ? from : m[2] === '' ? Infinity : Number(m[2]);
			out.push([from, to]);
		}
		return out;
	};
	const pick = <T>(items: readonly T[], list: [number, number][]): T[] => items.filter((_, k) => list.some(([from, to]) => k + 1 >= from && k + 1 <= to));
	const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
	if (chars !== undefined && fields === undefined) {
		const list = ranges(chars);
		return list && `${lines.map((l) => pick([...l], list).join('')).join('\n')}\n`;
	}
	if (fields !== undefined && chars === undefined) {
		const list = ranges(fields);
		const delimiter = value('-d', '--delimiter') ?? '\t';
		const joiner = value('--output-delimiter') ?? delimiter;
		if (!list || [...delimiter].length !== 1) {
			return undefined;
		}
		const only = hasOption(parsed, '-s', '--only-delimited');
		return `${lines.filter((l) => !only || l.includes(delimiter)).map((l) => (l.includes(delimiter) ? pick(l.split(delimiter), list).join(joiner) : l)).join('\n')}\n`;
	}
	return undefined;
}

/**
 * `dirname PATH…` and `basename PATH [SUFFIX]` (also `-s SUFFIX`, `-a`, `-z` for basename), as GNU coreutils
 * print them: pure text, no file is looked at. Other options: not computed.
 */
export function pathPart(name: string, words: readonly string[]): string | undefined {
	const end = (z: boolean) => (z ? '\0' : '\n');
	if (name === 'dirname') {
		const z = words[0] === '-z' || words[0] === '--zero';
		const paths = z ? words.slice(1) : words;
		if (paths.length === 0 || paths.some((p) => p.startsWith('-'))) {
			return undefined;
		}
		return paths.map((p) => {
			const trimmed = p.replace(/\/+$/, '') || (p.startsWith('/') ? '/' : '');
			const at = trimmed.lastIndexOf('/');
			return (at < 0 ? '.' : at === 0 ? '/' : trimmed.slice(0, at).replace(/\/+$/, '') || '/') + end(z);
		}).join('');
	}
	let suffix: string | undefined;
	let multiple = false;
	let z = false;
	const paths: string[] = [];
	for (let i = 0; i < words.length; i++) {
		const w = words[i];
		if (w === '-s' || w === '--suffix') {
			suffix = words[++i];
			multiple = true;
		} else if (w.startsWith('--suffix=')) {
			suffix = w.slice(9);
			multiple = true;
		} else if (w === '-a' || w === '--multiple') {
			multiple = true;
		} else if (w === '-z' || w === '--zero') {
			z = true;
		} else if (w.startsWith('-') && w !== '-') {
			return undefined;
		} else {
			paths.push(w);
		}
	}
	if (!multiple && paths.length === 2) {
		suffix = paths.pop();
	}
	if (paths.length === 0 || (!multiple && paths.length > 1)) {
		return undefined;
	}
	return paths.map((p) => {
		const trimmed = p.replace(/\/+$/, '');
		const base = trimmed === '' ? (p.startsWith('/') ? '/' : '') : trimmed.slice(trimmed.lastIndexOf('/') + 1);
		return (suffix && base !== suffix && base.endsWith(suffix) ? base.slice(0, -suffix.length) : base) + end(z);
	}).join('');
}

function isAscii(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		if (text.charCodeAt(i) > 0x7f) {
			return false;
		}
	}
	return true;
}

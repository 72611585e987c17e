/**
 * What an awk program runs and writes, as the shell would do the same (awk runs `system(…)`, `… | getline`
 * and `print … | "cmd"` through `sh -c`):
 *
 *   system("rm -rf " d)          with `-v d=/srv/data`  → rm -rf /srv/data
 *   print "rm -rf x" | "sh"                              → printf '%s\n' "rm -rf x" | sh
 *   print "unset X" >> ENVIRON["HOME"] "/.bashrc"        → printf '%s\n' "unset X" >> "$HOME/.bashrc"
 *   { system($0) }  over cmds.txt                        → sh cmds.txt (each line of the input is run)
 *
 * Values come from string literals, `-v name=value` and assignments in the program (each assigned value is
 * a candidate: `c = "echo"; c = "rm -rf x"` tries both); `ENVIRON["X"]` is `$X`; anything else awk computes
 * is a variable only known when it runs (`$awk_field_1`, `$awk_name`). A regex reading of the program (the
 * first 64 KB), not an awk parser: it over-reads (a parenthesised `print (a > b)` names a file `b)`), which
 * at worst asks about a harmless name.
 */
import { callArguments } from './scripts';

const MAX_PROGRAM = 65536;
const MAX_STATEMENTS = 64;
const MAX_CANDIDATES = 8;

export interface AwkRun {
	/** `-v name=value` and `--assign name=value`, as given. */
	readonly assignments: readonly string[];
	/** The files awk reads, as written. */
	readonly inputs: readonly string[];
}

/** Where an output statement's text goes: `print … > "f"`, `>> "f"`, `| "cmd"` (and `printf`). */
const AWK_OUTPUT = /\b(print|printf)\b((?:[^;{}\n>|"]|"(?:[^"\\\n]|\\.)*")*?)\s*(>>|>|\|&?)\s*("(?:[^"\\\n]|\\.)*"|[^;{}\n]+)/g;

/** The shell text of everything the program runs or writes (see the module comment). */
export function awkScripts(program: string, run: AwkRun): string[] {
	const code = program.slice(0, MAX_PROGRAM);
	const values = new Values(code, run.assignments);
	const out: string[] = [];
	const command = (expression: string): void => {
		if (expression.trim() === '$0' || expression.trim() === '') {
			// Each input line is run: the input files as scripts.
			out.push(...(run.inputs.length > 0 ? run.inputs.map((file) => `sh ${singleQuoted(file)}`) : ['sh']));
			return;
		}
		out.push(...values.command(expression));
	};
	for (const m of code.matchAll(/\bsystem\s*\(/g)) {
		if (out.length >= MAX_STATEMENTS) {
			break;
		}
		const args = callArguments(code, (m.index ?? 0) + m[0].length);
		if (args.raw[0] !== undefined) {
			command(args.raw[0]);
		}
	}
	for (const m of code.matchAll(/("(?:[^"\\\n]|\\.)*"|[A-Za-z_]\w*(?:\s*\[[^\]\n]*\])?|\$\d+)\s*\|&?\s*getline\b/g)) {
		if (out.length >= MAX_STATEMENTS) {
			break;
		}
		command(m[1]);
	}
	for (const m of code.matchAll(AWK_OUTPUT)) {
		if (out.length >= MAX_STATEMENTS) {
			break;
		}
		const [, verb, expression, op, destination] = m;
		const printed = verb === 'printf' ? values.printf(expression) : values.quoted(expression.trim() === '' ? '$0' : expression)[0];
		if (op.startsWith('|')) {
			for (const to of values.command(destination)) {
				out.push(`printf '%s\\n' "${printed}" | ${to}`);
			}
		} else {
			for (const to of values.quoted(destination)) {
				out.push(`printf '%s\\n' "${printed}" ${op} "${to}"`);
			}
		}
	}
	return out;
}

function singleQuoted(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

function awkUnescape(text: string): string {
	return text.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** Text for inside shell double quotes. */
function doubleQuoted(text: string): string {
	return text.replace(/[\\"$`]/g, '\\$&');
}

/** A piece of an awk value: literal text, an environment variable, or something awk computes. */
interface Piece {
	readonly kind: 'literal' | 'env' | 'unknown';
	readonly text: string;
}

/** A value as text inside shell double quotes: literals escaped, `$X` for the environment and for what awk computes. */
function quotedText(value: readonly Piece[]): string {
	const text = value.map((p) => (p.kind === 'literal' ? doubleQuoted(p.text) : `\${${p.text}}`)).join('');
	// `${HOME}/.bashrc` reads as `$HOME/.bashrc` (what a person would type) where nothing follows the name.
	return text.replace(/\$\{(\w+)\}(?!\w)/g, '$$$1');
}

/** A value awk hands to `sh -c`: its text when wholly known, else `eval "…"` of it (sh parses the value as code). */
function commandText(value: readonly Piece[]): string {
	return value.every((p) => p.kind === 'literal') ? value.map((p) => p.text).join('') : `eval "${quotedText(value)}"`;
}

/** An expression's possible values (see the module comment). */
class Values {
	/** Each variable's assigned expressions, in order. */
	private readonly assigned = new Map<string, string[]>();

	constructor(code: string, assignments: readonly string[]) {
		for (const a of assignments) {
			const eq = a.indexOf('=');
			if (eq > 0) {
				// A `-v` value is a string (escapes processed), not an expression.
				this.add(a.slice(0, eq), `"${a.slice(eq + 1).replace(/\\?"/g, '\\"')}"`);
			}
		}
		for (const m of code.matchAll(/(?<![\w$.])([A-Za-z_]\w*)\s*=(?!=)\s*((?:"(?:[^"\\\n]|\\.)*"|[^;{}\n"])+)/g)) {
			this.add(m[1], m[2].trim());
		}
	}

	private add(name: string, expression: string): void {
		const list = this.assigned.get(name) ?? [];
		if (list.length < MAX_CANDIDATES) {
			list.push(expression);
		}
		this.assigned.set(name, list);
	}

	/** Text inside shell double quotes, one per candidate value. */
	quoted(expression: string): string[] {
		return this.of(expression).map(quotedText);
	}

	/** Shell code, one per candidate value. */
	command(expression: string): string[] {
		return this.of(expression).map(commandText);
	}

	of(expression: string, depth = 0): Piece[][] {
		let values: Piece[][] = [[]];
		let unknownBefore = false;
		const append = (pieces: readonly (readonly Piece[])[]) => {
			const next = values.flatMap((v) => pieces.map((p) => [...v, ...p]));
			values = next.length > MAX_CANDIDATES ? next.slice(0, MAX_CANDIDATES) : next;
		};
		const inner = expression.trim().replace(/^\(([\s\S]*)\)$/, '$1');
		for (const m of inner.matchAll(/ENVIRON\s*\[\s*"(\w+)"\s*\]|"((?:[^"\\\n]|\\.)*)"|(,)|(\s+)|([A-Za-z_]\w*)(?![\w(])|([^\s",]+)/g)) {
			const [, env, literal, comma, space, name, other] = m;
			if (space !== undefined) {
				continue; // concatenation
			}
			let unknown = false;
			if (env !== undefined) {
				append([[{ kind: 'env', text: env }]]);
			} else if (literal !== undefined) {
				append([[{ kind: 'literal', text: awkUnescape(literal) }]]);
			} else if (comma !== undefined) {
				append([[{ kind: 'literal', text: ' ' }]]);
			} else if (name !== undefined && this.assigned.has(name) && depth < 3) {
				append(this.assigned.get(name)!.flatMap((e) => this.of(e, depth + 1)));
			} else if (!unknownBefore) {
				const field = /^\$(\d+)$/.exec(name ?? other ?? '');
				append([[{ kind: 'unknown', text: field ? `awk_field_${field[1]}` : name !== undefined ? `awk_${name}` : 'awk_value' }]]);
				unknown = true;
			} else {
				unknown = true;
			}
			unknownBefore = unknown;
		}
		return values;
	}

	/** `printf "rm -rf %s\n", $1`: the format with each conversion replaced by its argument's text (quoted). */
	printf(expression: string): string {
		const args = expression.trim().replace(/^\(([\s\S]*)\)$/, '$1');
		const format = /^\s*"((?:[^"\\\n]|\\.)*)"\s*(?:,([\s\S]*))?$/.exec(args);
		if (!format) {
			return this.quoted(args)[0];
		}
		const values = (format[2] ?? '').split(',').map((v) => this.quoted(v)[0]);
		let i = 0;
		return doubleQuoted(awkUnescape(format[1])).replace(/%(?:%|[-+ #0-9.*]*[a-zA-Z])/g, (conv) => (conv === '%%' ? '%' : values[i++] ?? ''));
	}
}

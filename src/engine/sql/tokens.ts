/**
 * SQL text → statements of tokens, for every dialect the SQL rules read. Quote- and comment-aware,
 * so a keyword inside a string literal or a comment is never mistaken for code
 * (`SELECT 'drop table'` has no DROP token). Knows each dialect's quoting (`$tag$…$tag$`, backticks,
 * `[brackets]`), its client commands (psql `\i`, sqlite `.read`, mysql `DELIMITER` and `source`,
 * T-SQL `GO`) and MySQL executable comments (`/*!50001 …` comments run their contents).
 * Linear in the text's length; never throws.
 */

export type SqlDialect =
	| 'postgresql' | 'mysql' | 'mariadb' | 'sqlite' | 'duckdb' | 'transactsql' | 'bigquery' | 'snowflake' | 'clickhouse' | 'cql' | 'influxql' | 'generic';

export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'op' | 'punct' | 'param';

export interface Token {
	readonly kind: TokenKind;
	/** Words as written; identifiers and strings without their quotes. */
	readonly text: string;
	/** Upper-cased text of a word (empty for other kinds). */
	readonly upper: string;
	readonly start: number;
	readonly end: number;
}

export interface Statement {
	readonly tokens: readonly Token[];
	/** The statement's source text (the slice the tokens' offsets point into is `source`). */
	readonly source: string;
	/** A client command (`\i file`, `.read file`, `source file`), whole line, instead of SQL. */
	readonly meta?: string;
}

interface Features {
	hash?: boolean;
	dollar?: boolean;
	brackets?: boolean;
	backslash?: boolean;
	dquoteString?: boolean;
	nested?: boolean;
	execComments?: boolean;
	go?: boolean;
	meta?: 'psql' | 'mysql';
	dot?: boolean;
	delimiter?: boolean;
	slashComment?: boolean;
	triple?: boolean;
	hashWords?: boolean;
}

const FEATURES: Record<SqlDialect, Features> = {
	postgresql: { dollar: true, nested: true, meta: 'psql' },
	mysql: { hash: true, backslash: true, execComments: true, meta: 'mysql', delimiter: true },
	mariadb: { hash: true, backslash: true, execComments: true, meta: 'mysql', delimiter: true },
	sqlite: { brackets: true, dot: true },
	duckdb: { dollar: true, dot: true },
	transactsql: { brackets: true, go: true, nested: true, hashWords: true },
	bigquery: { hash: true, backslash: true, dquoteString: true, triple: true },
	snowflake: { dollar: true, slashComment: true },
	clickhouse: { hash: true, backslash: true },
	cql: { dollar: true, slashComment: true },
	influxql: {},
	generic: { dollar: true },
};

const MULTI_OPS = ['<=>', '->>', '#>>', '<>', '!=', '>=', '<=', '==', '||', '::', '->', '#>', '@>', '<@', '!~*', '!~', '~*', ':=', '=>', '<<', '>>', '&&'];
const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
/** Words that open a block in a routine body; `END` closes one. */
const ROUTINE = new Set(['PROCEDURE', 'PROC', 'FUNCTION', 'TRIGGER', 'EVENT', 'PACKAGE']);

/** Splits SQL into statements. `dialect` decides quoting, comments and client commands. */
export function splitSql(text: string, dialect: SqlDialect = 'generic'): Statement[] {
	const f = FEATURES[dialect] ?? FEATURES.generic;
	const out: Statement[] = [];
	let tokens: Token[] = [];
	let delimiter = ';';
	let depth = 0;
	let lineStart = true;
	let execComments = 0;
	const n = text.length;
	let i = 0;

	const flush = () => {
		if (tokens.length > 0) {
			out.push({ tokens, source: text });
		}
		tokens = [];
		depth = 0;
	};
	const push = (kind: TokenKind, value: string, start: number, end: number) => {
		tokens.push({ kind, text: value, upper: kind === 'word' ? value.toUpperCase() : '', start, end });
	};
	const lineEnd = (from: number) => {
		const nl = text.indexOf('\n', from);
		return nl < 0 ? n : nl;
	};
	/** Reads a quoted run closed by `close`, doubling `close` escapes it; returns [content, next index]. */
	const quoted = (from: number, close: string, backslash: boolean): [string, number] => {
		let j = from;
		let value = '';
		while (j < n) {
			const c = text[j];
			if (backslash && c === '\\' && j + 1 < n) {
				value += text[j + 1];
				j += 2;
				continue;
			}
			if (text.startsWith(close, j)) {
				if (close.length === 1 && text[j + 1] === close) {
					value += close;
					j += 2;
					continue;
				}
				return [value, j + close.length];
			}
			value += c;
			j++;
		}
		return [value, n];
	};
	const isRoutine = () => tokens.length > 0 && (tokens[0].upper === 'CREATE' || tokens[0].upper === 'ALTER') && tokens.slice(1, 9).some((t) => ROUTINE.has(t.upper));

	while (i < n) {
		const c = text[i];
		if (c === '\n') {
			lineStart = true;
			i++;
			continue;
		}
		if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
			i++;
			continue;
		}
		const atLineStart = lineStart;
		lineStart = false;
		// Client commands at the start of a statement.
		if (tokens.length === 0 && atLineStart && f.dot && c === '.' && /[a-z]/i.test(text[i + 1] ?? '')) {
			const end = lineEnd(i);
			out.push({ tokens: [], source: text, meta: text.slice(i, end).trim() });
			i = end;
			continue;
		}
		if (tokens.length === 0 && f.delimiter && /^delimiter\s/i.test(text.slice(i, i + 10))) {
			const end = lineEnd(i);
			delimiter = text.slice(i + 9, end).trim().split(/\s+/)[0] || ';';
			i = end;
			continue;
		}
		if (tokens.length === 0 && f.meta === 'mysql' && /^source\s/i.test(text.slice(i, i + 7))) {
			const end = lineEnd(i);
			out.push({ tokens: [], source: text, meta: text.slice(i, end).trim().replace(/;$/, '') });
			i = end;
			continue;
		}
		if (delimiter !== ';' && text.startsWith(delimiter, i)) {
			flush();
			i += delimiter.length;
			continue;
		}
		// Comments.
		if (c === '-' && text[i + 1] === '-' && (!f.execComments || i + 2 >= n || /\s/.test(text[i + 2]))) {
			i = lineEnd(i);
			continue;
		}
		if ((c === '#' && f.hash) || (c === '/' && text[i + 1] === '/' && f.slashComment)) {
			i = lineEnd(i);
			continue;
		}
		if (c === '/' && text[i + 1] === '*') {
			if (f.execComments && text[i + 2] === '!') {
				// MySQL runs the contents of /*! … */ (optionally versioned: /*!50001 …).
				i += 3;
				while (i < n && /\d/.test(text[i])) {
					i++;
				}
				execComments++;
				continue;
			}
			let level = 1;
			let j = i + 2;
			while (j < n && level > 0) {
				if (text.startsWith('*/', j)) {
					level--;
					j += 2;
				} else if (f.nested && text.startsWith('/*', j)) {
					level++;
					j += 2;
				} else {
					j++;
				}
			}
			i = j;
			continue;
		}
		if (c === '*' && text[i + 1] === '/' && execComments > 0) {
			execComments--;
			i += 2;
			continue;
		}
		// Strings and quoted identifiers.
		if (f.triple && (text.startsWith("'''", i) || text.startsWith('"""', i))) {
			const [value, next] = quoted(i + 3, text.slice(i, i + 3), true);
			push('string', value, i, next);
			i = next;
			continue;
		}
		if (c === "'") {
			const [value, next] = quoted(i + 1, "'", Boolean(f.backslash));
			push('string', value, i, next);
			i = next;
			continue;
		}
		if (c === '"' || c === '`' || (c === '[' && f.brackets)) {
			const close = c === '[' ? ']' : c;
			const [value, next] = quoted(i + 1, close, c === '"' && Boolean(f.backslash && f.dquoteString));
			push(c === '"' && f.dquoteString ? 'string' : 'ident', value, i, next);
			i = next;
			continue;
		}
		if (c === '$' && f.dollar) {
			const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
			if (tag) {
				const close = text.indexOf(tag[0], i + tag[0].length);
				const end = close < 0 ? n : close;
				push('string', text.slice(i + tag[0].length, end), i, close < 0 ? n : close + tag[0].length);
				i = close < 0 ? n : close + tag[0].length;
				continue;
			}
		}
		// Client meta-commands: psql `\i file`, mysql `\G`, `\. file`.
		if (c === '\\' && f.meta) {
			const end = lineEnd(i);
			if (f.meta === 'psql') {
				flush();
				out.push({ tokens: [], source: text, meta: text.slice(i, end).split('\\\\')[0].trim() });
				i = end;
			} else if (text[i + 1] === '.') {
				flush();
				out.push({ tokens: [], source: text, meta: 'source ' + text.slice(i + 2, end).trim() });
				i = end;
			} else {
				if (/[gG]/.test(text[i + 1] ?? '')) {
					flush();
				}
				i += 2;
			}
			continue;
		}
		// Template and shell placeholders left in the text: {table}, {{ table }}, ${TABLE}, $TABLE.
		const template = c === '{' ? /^\{\{?\s*[\w.]+\s*\}\}?/.exec(text.slice(i, i + 128)) : c === '$' ? /^\$(?:\{[^}\s]{1,64}\}|[A-Za-z_]\w*)/.exec(text.slice(i, i + 72)) : null;
		if (template) {
			push('param', template[0], i, i + template[0].length);
			i += template[0].length;
			continue;
		}
		// Placeholders: $1, ?, :name, @var, %s, %(name)s.
		if ((c === '$' && /\d/.test(text[i + 1] ?? '')) || c === '?' || (c === ':' && WORD_START.test(text[i + 1] ?? '') && text[i - 1] !== ':') || (c === '@' && /[A-Za-z_@]/.test(text[i + 1] ?? ''))) {
			let j = i + 1;
			while (j < n && (WORD_PART.test(text[j]) || text[j] === '@')) {
				j++;
			}
			push('param', text.slice(i, j), i, j);
			i = j;
			continue;
		}
		if (c === '%' && /[sdI(LbrQ]/.test(text[i + 1] ?? '')) {
			const m = /^%(?:\([^)]*\))?[a-zA-Z]/.exec(text.slice(i, i + 64));
			const j = i + (m ? m[0].length : 1);
			push('param', text.slice(i, j), i, j);
			i = j;
			continue;
		}
		if (/\d/.test(c) || (c === '.' && /\d/.test(text[i + 1] ?? ''))) {
			const m = /^(?:0x[0-9a-f]+|\d*\.?\d+(?:e[+-]?\d+)?)/i.exec(text.slice(i, i + 128));
			const j = i + (m ? m[0].length : 1);
			push('number', text.slice(i, j), i, j);
			i = j;
			continue;
		}
		if (WORD_START.test(c) || (c === '#' && f.hashWords)) {
			let j = i + 1;
			while (j < n && (WORD_PART.test(text[j]) || (f.hashWords && text[j] === '#'))) {
				j++;
			}
			const word = text.slice(i, j);
			// Prefixed strings: E'…' (escapes), N'…', B'…', X'…', r'…', U&'…'.
			if (text[j] === "'" && /^(?:[ENBXR]|U&?)$/i.test(word)) {
				const [value, next] = quoted(j + 1, "'", /^E$/i.test(word) || Boolean(f.backslash));
				push('string', value, i, next);
				i = next;
				continue;
			}
			if (f.go && atLineStart && /^go$/i.test(word) && /^\s*\d*\s*(?:--.*)?$/.test(text.slice(j, lineEnd(j)))) {
				flush();
				i = lineEnd(j);
				continue;
			}
			push('word', word, i, j);
			const upper = word.toUpperCase();
			// Routine bodies (`CREATE TRIGGER … BEGIN …; END`) are one statement: they define, not run.
			if ((upper === 'BEGIN' || (upper === 'CASE' && depth > 0)) && isRoutine() && !/^\s*(?:TRAN|TRANSACTION|WORK)\b/i.test(text.slice(j, j + 16))) {
				depth++;
			} else if (upper === 'END' && depth > 0 && !/^\s*(?:IF|LOOP|WHILE|REPEAT|FOR)\b/i.test(text.slice(j, j + 10))) {
				depth--;
			}
			i = j;
			continue;
		}
		if (c === ';') {
			if (delimiter === ';' && depth === 0) {
				flush();
			} else {
				push('punct', ';', i, i + 1);
			}
			i++;
			continue;
		}
		if (c === '(' || c === ')' || c === ',' || c === '.' || c === '[' || c === ']' || c === '{' || c === '}') {
			push('punct', c, i, i + 1);
			i++;
			continue;
		}
		const op = MULTI_OPS.find((o) => text.startsWith(o, i)) ?? c;
		push('op', op, i, i + op.length);
		i += op.length;
	}
	flush();
	return out;
}

/** The upper-cased words of the statement at nesting depth 0, with their index in `tokens`. */
export function topLevel(tokens: readonly Token[], from = 0, to = tokens.length): number[] {
	const found: number[] = [];
	let depth = 0;
	for (let i = from; i < to; i++) {
		const t = tokens[i];
		if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) {
			depth++;
		} else if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) {
			depth = Math.max(0, depth - 1);
		} else if (depth === 0) {
			found.push(i);
		}
	}
	return found;
}

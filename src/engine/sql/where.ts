/**
 * WHERE clauses: is the condition always true (`1=1`, `true`, `'a'='a'`, `id = id`,
 * `x IS NULL OR x IS NOT NULL`, `… OR 1=1`)? A DELETE or UPDATE with such a WHERE touches every row.
 *
 * Conditions are read by a small precedence parser over tokens (OR < AND < NOT < comparison), or, when
 * that leaves parts unread, from node-sql-parser's AST; both become the same `Expr`, judged by one
 * three-valued evaluator. Anything not understood is `other`, which is never "always true".
 */
import type { SqlDialect, Token } from './tokens';

export type Expr =
	| { readonly k: 'lit'; readonly v: number | string | boolean | null }
	| { readonly k: 'col'; readonly name: string }
	| { readonly k: 'and' | 'or'; readonly l: Expr; readonly r: Expr }
	| { readonly k: 'not'; readonly e: Expr }
	| { readonly k: 'cmp'; readonly op: string; readonly l: Expr; readonly r: Expr }
	| { readonly k: 'isnull'; readonly e: Expr; readonly neg: boolean }
	| { readonly k: 'other' };

const OTHER: Expr = { k: 'other' };
const CMP = new Set(['=', '==', '<>', '!=', '<', '>', '<=', '>=', '<=>']);
/** Words that end an operand in the token parser. */
const STOP = new Set(['AND', 'OR', 'IS', 'NOT', 'LIKE', 'ILIKE', 'RLIKE', 'REGEXP', 'GLOB', 'IN', 'BETWEEN', 'SIMILAR']);

// ---- evaluation -----------------------------------------------------------------------------------

function litTruth(v: number | string | boolean | null): boolean | undefined {
	if (v === null) {
		return false;
	}
	if (typeof v === 'boolean') {
		return v;
	}
	if (typeof v === 'number') {
		return v !== 0;
	}
	if (/^\s*-?\d+(?:\.\d+)?\s*$/.test(v)) {
		return Number(v) !== 0;
	}
	return /^(?:true|t)$/i.test(v) ? true : /^(?:false|f)$/i.test(v) ? false : undefined;
}

function scalar(v: number | string | boolean | null): number | string | null {
	if (typeof v === 'boolean') {
		return v ? 1 : 0;
	}
	if (typeof v === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(v)) {
		return Number(v);
	}
	return typeof v === 'string' ? v.toLowerCase() : v;
}

function compare(op: string, l: Expr, r: Expr): boolean | undefined {
	if (op === 'LIKE') {
		// `x LIKE '%'` matches every non-NULL value.
		return r.k === 'lit' && typeof r.v === 'string' && /^%+$/.test(r.v) && l.k !== 'lit' ? true : undefined;
	}
	if (op === '=' && r.k === 'lit' && typeof r.v === 'boolean' && l.k !== 'lit' && l.k !== 'col') {
		// `(a = a) IS TRUE`, `(1 = 1) = true`
		const t = truth(l);
		return t === undefined ? undefined : t === r.v;
	}
	if (l.k === 'col' && r.k === 'col' && l.name === r.name) {
		return op === '=' || op === '==' || op === '<=' || op === '>=' || op === '<=>' ? true : false;
	}
	if (l.k !== 'lit' || r.k !== 'lit') {
		return undefined;
	}
	const a = scalar(l.v);
	const b = scalar(r.v);
	if (a === null || b === null) {
		return op === '<=>' ? a === b : false;
	}
	if (typeof a !== typeof b) {
		return undefined;
	}
	switch (op) {
		case '=': case '==': case '<=>': return a === b;
		case '<>': case '!=': return a !== b;
		case '<': return a < b;
		case '>': return a > b;
		case '<=': return a <= b;
		case '>=': return a >= b;
		default: return undefined;
	}
}

function key(e: Expr): string | undefined {
	return e.k === 'col' ? e.name : undefined;
}

/** True when part of the condition could not be read (function calls, subqueries, casts, …). */
export function unread(e: Expr): boolean {
	switch (e.k) {
		case 'other': return true;
		case 'and': case 'or': case 'cmp': return unread(e.l) || unread(e.r);
		case 'not': case 'isnull': return unread(e.e);
		default: return false;
	}
}

/** True when the condition holds for every row, false when for none, undefined when it depends on the row. */
export function truth(e: Expr): boolean | undefined {
	switch (e.k) {
		case 'lit':
			return litTruth(e.v);
		case 'not': {
			const t = truth(e.e);
			return t === undefined ? undefined : !t;
		}
		case 'and': {
			const l = truth(e.l);
			const r = truth(e.r);
			return l === false || r === false ? false : l === true && r === true ? true : undefined;
		}
		case 'or': {
			const l = truth(e.l);
			const r = truth(e.r);
			if (l === true || r === true) {
				return true;
			}
			// `x IS NULL OR x IS NOT NULL`
			if (e.l.k === 'isnull' && e.r.k === 'isnull' && e.l.neg !== e.r.neg && key(e.l.e) !== undefined && key(e.l.e) === key(e.r.e)) {
				return true;
			}
			return l === false && r === false ? false : undefined;
		}
		case 'isnull':
			return e.e.k === 'lit' ? (e.e.v === null) !== e.neg : undefined;
		case 'cmp':
			return compare(e.op, e.l, e.r);
		default:
			return undefined;
	}
}

// ---- from tokens ----------------------------------------------------------------------------------

function identName(parts: string[]): string {
	return parts.map((p) => p.toLowerCase()).join('.');
}

class TokenExpr {
	private i = 0;
	constructor(private readonly t: readonly Token[]) {}

	parse(): Expr {
		const e = this.or();
		return this.i >= this.t.length ? e : OTHER;
	}

	private word(offset = 0): string {
		const t = this.t[this.i + offset];
		return t?.kind === 'word' ? t.upper : '';
	}

	private or(): Expr {
		let l = this.and();
		while (this.word() === 'OR') {
			this.i++;
			l = { k: 'or', l, r: this.and() };
		}
		return l;
	}

	private and(): Expr {
		let l = this.not();
		while (this.word() === 'AND' || (this.t[this.i]?.kind === 'op' && this.t[this.i].text === '&&')) {
			this.i++;
			l = { k: 'and', l, r: this.not() };
		}
		return l;
	}

	private not(): Expr {
		if (this.word() === 'NOT' || (this.t[this.i]?.kind === 'op' && this.t[this.i].text === '!')) {
			this.i++;
			return { k: 'not', e: this.not() };
		}
		return this.cmp();
	}

	private cmp(): Expr {
		const l = this.operand();
		const t = this.t[this.i];
		if (!t) {
			return l;
		}
		if (t.kind === 'op' && CMP.has(t.text)) {
			this.i++;
			return { k: 'cmp', op: t.text, l, r: this.operand() };
		}
		if (this.word() === 'IS') {
			this.i++;
			const neg = this.word() === 'NOT';
			if (neg) {
				this.i++;
			}
			const what = this.word();
			this.i++;
			if (what === 'NULL') {
				return { k: 'isnull', e: l, neg };
			}
			if (what === 'TRUE' || what === 'FALSE') {
				const e: Expr = { k: 'cmp', op: '=', l, r: { k: 'lit', v: what === 'TRUE' } };
				return neg ? { k: 'not', e } : e;
			}
			if (what === 'DISTINCT' && this.word() === 'FROM') {
				this.i++;
				this.operand();
			}
			return OTHER;
		}
		const negated = this.word() === 'NOT';
		const verb = this.word(negated ? 1 : 0);
		if (['LIKE', 'ILIKE', 'RLIKE', 'REGEXP', 'GLOB', 'SIMILAR', 'IN', 'BETWEEN'].includes(verb)) {
			this.i += negated ? 2 : 1;
			if (verb === 'SIMILAR' && this.word() === 'TO') {
				this.i++;
			}
			const r = this.operand();
			if (verb === 'BETWEEN' && this.word() === 'AND') {
				this.i++;
				this.operand();
				return OTHER;
			}
			const e: Expr = verb === 'LIKE' || verb === 'ILIKE' ? { k: 'cmp', op: 'LIKE', l, r } : OTHER;
			return negated && e !== OTHER ? { k: 'not', e } : e;
		}
		return l;
	}

	/** One operand: a parenthesised condition, a literal, a (qualified) column, or anything else up to a stop. */
	private operand(): Expr {
		const start = this.i;
		const first = this.t[start];
		if (!first) {
			return OTHER;
		}
		if (first.kind === 'punct' && first.text === '(' && !['SELECT', 'WITH', 'VALUES'].includes(this.word(1))) {
			this.i++;
			const inner = this.or();
			if (this.t[this.i]?.text === ')') {
				this.i++;
				if (this.atStop()) {
					return inner;
				}
			}
			this.skipToStop();
			return OTHER;
		}
		this.skipToStop();
		const run = this.t.slice(start, this.i);
		if (run.length === 1) {
			const t = run[0];
			if (t.kind === 'number') {
				return { k: 'lit', v: Number(t.text) };
			}
			if (t.kind === 'string') {
				return { k: 'lit', v: t.text };
			}
			if (t.kind === 'word' && (t.upper === 'TRUE' || t.upper === 'FALSE')) {
				return { k: 'lit', v: t.upper === 'TRUE' };
			}
			if (t.kind === 'word' && t.upper === 'NULL') {
				return { k: 'lit', v: null };
			}
		}
		if (run.length === 2 && run[0].kind === 'op' && run[0].text === '-' && run[1].kind === 'number') {
			return { k: 'lit', v: -Number(run[1].text) };
		}
		if (run.length % 2 === 1 && run.every((t, j) => (j % 2 === 0 ? (t.kind === 'word' || t.kind === 'ident') : t.kind === 'punct' && t.text === '.'))) {
			return { k: 'col', name: identName(run.filter((_t, j) => j % 2 === 0).map((t) => t.text)) };
		}
		return OTHER;
	}

	private atStop(): boolean {
		const t = this.t[this.i];
		return !t || (t.kind === 'punct' && t.text === ')') || (t.kind === 'op' && (CMP.has(t.text) || t.text === '&&')) || (t.kind === 'word' && STOP.has(t.upper));
	}

	private skipToStop(): void {
		let depth = 0;
		while (this.i < this.t.length) {
			const t = this.t[this.i];
			if (depth === 0 && this.atStop()) {
				return;
			}
			if (t.kind === 'punct' && t.text === '(' || t.kind === 'word' && t.upper === 'CASE') {
				depth++;
			} else if (t.kind === 'punct' && t.text === ')' || t.kind === 'word' && t.upper === 'END') {
				depth--;
			}
			this.i++;
		}
	}
}

/** The condition in `tokens` (what follows WHERE). */
export function exprFromTokens(tokens: readonly Token[]): Expr {
	return tokens.length === 0 ? OTHER : new TokenExpr(tokens).parse();
}

// ---- from node-sql-parser's AST ----------------------------------------------------------------

function columnName(column: unknown): string | undefined {
	if (typeof column === 'string') {
		return column;
	}
	const value = (column as { expr?: { value?: unknown } } | null)?.expr?.value;
	return typeof value === 'string' ? value : undefined;
}

/** The condition in node-sql-parser's `where` node. */
export function exprFromAst(node: unknown): Expr {
	if (!node || typeof node !== 'object') {
		return OTHER;
	}
	const n = node as Record<string, unknown>;
	switch (n.type) {
		case 'binary_expr': {
			const op = String(n.operator).toUpperCase();
			const l = exprFromAst(n.left);
			const r = exprFromAst(n.right);
			if (op === 'AND' || op === '&&') {
				return { k: 'and', l, r };
			}
			if (op === 'OR') {
				return { k: 'or', l, r };
			}
			if (CMP.has(op)) {
				return { k: 'cmp', op, l, r };
			}
			if ((op === 'IS' || op === 'IS NOT') && r.k === 'lit' && r.v === null) {
				return { k: 'isnull', e: l, neg: op === 'IS NOT' };
			}
			if ((op === 'IS' || op === 'IS NOT') && r.k === 'lit' && typeof r.v === 'boolean') {
				const e: Expr = { k: 'cmp', op: '=', l, r };
				return op === 'IS NOT' ? { k: 'not', e } : e;
			}
			if (op === 'LIKE' || op === 'ILIKE') {
				return { k: 'cmp', op: 'LIKE', l, r };
			}
			if (op === 'NOT LIKE' || op === 'NOT ILIKE') {
				return { k: 'not', e: { k: 'cmp', op: 'LIKE', l, r } };
			}
			return OTHER;
		}
		case 'unary_expr': {
			const op = String(n.operator).toUpperCase();
			const e = exprFromAst(n.expr);
			if (op === 'NOT' || op === '!') {
				return { k: 'not', e };
			}
			return op === '-' && e.k === 'lit' && typeof e.v === 'number' ? { k: 'lit', v: -e.v } : OTHER;
		}
		case 'number':
			return typeof n.value === 'number' || typeof n.value === 'string' ? { k: 'lit', v: Number(n.value) } : OTHER;
		case 'bool':
			return { k: 'lit', v: Boolean(n.value) };
		case 'null':
			return { k: 'lit', v: null };
		case 'single_quote_string': case 'string': case 'natural_string': case 'double_quote_string':
			return typeof n.value === 'string' ? { k: 'lit', v: n.value } : OTHER;
		case 'backticks_quote_string':
			return typeof n.value === 'string' ? { k: 'col', name: n.value.toLowerCase() } : OTHER;
		case 'column_ref': {
			const column = columnName(n.column);
			if (column === undefined || column === '*') {
				return OTHER;
			}
			const parts = [n.schema, n.table, column].filter((p): p is string => typeof p === 'string' && p !== '');
			return { k: 'col', name: identName(parts) };
		}
		default:
			return OTHER;
	}
}

// ---- node-sql-parser ----------------------------------------------------------------------------------

interface SqlParser {
	astify(sql: string, options?: { database?: string }): unknown;
}

/**
 * node-sql-parser's grammar for each of our dialects. It is only asked about conditions the token
 * parser left partly unread, so two grammars (~250 KB minified each) are bundled: PostgreSQL's also
 * reads SQLite, DuckDB and Snowflake conditions, MySQL's reads MariaDB, BigQuery and ClickHouse ones
 * (backticks, "strings"). T-SQL, CQL and InfluxQL conditions stay with the tokens.
 */
const PARSER_DIALECT: Partial<Record<SqlDialect, string>> = {
	postgresql: 'postgresql', duckdb: 'postgresql', generic: 'postgresql', snowflake: 'postgresql', sqlite: 'postgresql',
	mysql: 'mysql', mariadb: 'mysql', clickhouse: 'mysql', bigquery: 'mysql',
};

const parsers = new Map<string, SqlParser | null>();

/** Loads one grammar on first use: most command lines never need one. */
function loadParser(dialect: string): SqlParser | null {
	let cached = parsers.get(dialect);
	if (cached === undefined) {
		try {
			type Module = { Parser: new () => SqlParser };
			const mod = (dialect === 'mysql' ? require('node-sql-parser/build/mysql') : require('node-sql-parser/build/postgresql')) as Module;
			cached = new mod.Parser();
		} catch {
			cached = null;
		}
		parsers.set(dialect, cached);
	}
	return cached;
}

/** The WHERE node of a DELETE/UPDATE as node-sql-parser reads it, or undefined when it cannot. */
export function whereFromParser(statement: string, type: 'delete' | 'update', ours: SqlDialect): unknown {
	const dialect = PARSER_DIALECT[ours];
	const parser = dialect ? loadParser(dialect) : null;
	if (!dialect || !parser) {
		return undefined;
	}
	try {
		const ast = parser.astify(statement, { database: dialect });
		const node = (Array.isArray(ast) ? (ast.length === 1 ? ast[0] : undefined) : ast) as { type?: string; where?: unknown } | undefined;
		return node?.type === type && node.where ? node.where : undefined;
	} catch {
		return undefined;
	}
}

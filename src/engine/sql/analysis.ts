/**
 * SQL text → the destructive statements in it, with their targets: DROP, TRUNCATE, ALTER … DROP,
 * DELETE / UPDATE without a WHERE clause (or with one that is always true), CREATE OR REPLACE TABLE,
 * INSERT OVERWRITE. Every statement is judged on its own; dynamic SQL in `DO $$…$$`, `EXECUTE '…'`
 * and `EXEC('…')` and files pulled in with `\i`, `.read` or `source` are judged too.
 *
 * Statements are found by the quote- and comment-aware tokenizer in tokens.ts; DDL is read in
 * ddl.ts (its grammar is simple, and node-sql-parser misses much of it: PostgreSQL `DROP DATABASE`,
 * `DROP SCHEMA`, `CASCADE` read as an alias).
 * WHERE conditions are read by the token parser in where.ts; a condition with parts it cannot read
 * (calls, casts, subqueries) goes to node-sql-parser in the client's dialect, and back to the tokens
 * when that cannot parse the statement. Text without a destructive word is not even tokenized.
 *
 * Targets are names as written with identifier quotes removed and qualifiers kept:
 * `DROP TABLE "public"."Users"` → `public.Users`, `` `shop`.`orders` `` → `shop.orders`,
 * `[dbo].[Users]` → `dbo.Users`. When the name is only known at run time (`EXECUTE 'DROP TABLE ' || t`),
 * the target is the statement's keywords as written (`DROP TABLE`).
 */
import { add, alter, create, drop, groupEnd, insertOverwrite, isPunct, isTemp, keywords, readName, skipWords, truncate, word, type Ctx, type Name } from './ddl';
import { splitSql, topLevel, type SqlDialect, type Token } from './tokens';
import type { SqlFinding } from './types';
import { exprFromAst, exprFromTokens, truth, unread, whereFromParser, type Expr } from './where';

export type { SqlDialect };

export type { SqlAction, SqlFinding, SqlSeverity } from './types';

export interface SqlOptions {
	readonly dialect?: SqlDialect;
	/** Reads a file named by `\i`, `.read` or `source`; undefined when unavailable. */
	readonly readFile?: (name: string) => string | undefined;
}

/** Cheap pre-check on raw text: no destructive word anywhere means nothing to tokenize. */
const MAYBE = /drop|truncate|delete|update|overwrite|replace|\\i|\\\.|\.read|source/i;
const MAX_DEPTH = 4;
/** node-sql-parser is only asked about statements up to this size, and this many times per text. */
const PARSER_MAX_CHARS = 4000;
const PARSER_MAX_CALLS = 24;

/** The destructive statements in `text`, in order. Never throws. */
export function analyzeSql(text: string, options: SqlOptions = {}): SqlFinding[] {
	if (!MAYBE.test(text)) {
		return [];
	}
	const ctx: Ctx = { dialect: options.dialect ?? 'generic', readFile: options.readFile, findings: [], temps: new Set(), depth: 0, parses: 0 };
	try {
		run(text, ctx);
	} catch {
		// A malformed statement must not hide the ones already judged.
	}
	return ctx.findings;
}

function run(text: string, ctx: Ctx): void {
	let previous: readonly Token[] | undefined;
	for (const stmt of splitSql(text, ctx.dialect)) {
		if (stmt.meta !== undefined) {
			// psql `SELECT format('DROP TABLE %I', t) FROM … \gexec`: every value the query returns runs as a statement.
			if (/^\\gexec\b/.test(stmt.meta) && previous) {
				statementStrings(previous, ctx);
			}
			include(stmt.meta, ctx);
		} else {
			dispatch(stmt.tokens, stmt.source, ctx);
			previous = stmt.tokens;
		}
	}
}

function nested(text: string, ctx: Ctx): void {
	if (ctx.depth >= MAX_DEPTH) {
		return;
	}
	ctx.depth++;
	run(text, ctx);
	ctx.depth--;
}

/** psql `\i file`, sqlite `.read file`, mysql `source file`: judge the file's statements too. */
function include(meta: string, ctx: Ctx): void {
	const m = /^(?:\\i|\\ir|\\include|\\include_relative|\.read|source)\s+(\S.*)$/i.exec(meta.trim());
	const file = m?.[1].trim().replace(/^(['"])(.*)\1$/, '$2');
	const text = file ? ctx.readFile?.(file) : undefined;
	if (text !== undefined) {
		nested(text, ctx);
	}
}


// ---- statements -------------------------------------------------------------------------------------

const DISPATCH = new Set(['DROP', 'TRUNCATE', 'DELETE', 'UPDATE', 'ALTER', 'EXEC', 'EXECUTE', 'INSERT']);
const CONTROL = new Set(['IF', 'ELSE', 'ELSIF', 'ELSEIF', 'WHILE', 'FOR', 'FOREACH', 'LOOP', 'THEN', 'WHEN']);
const TRANSACTION = new Set(['', 'TRAN', 'TRANSACTION', 'WORK', 'ISOLATION', 'DEFERRED', 'IMMEDIATE', 'EXCLUSIVE', 'READ', 'DISTRIBUTED']);

function dispatch(toks: readonly Token[], src: string, ctx: Ctx): void {
	switch (word(toks, 0)) {
		case 'WITH': return withClause(toks, src, ctx);
		case 'EXPLAIN': return explain(toks, src, ctx);
		case 'DROP': return drop(toks, ctx);
		case 'TRUNCATE': return truncate(toks, ctx);
		case 'DELETE': return del(toks, src, ctx);
		case 'UPDATE': return update(toks, src, ctx);
		case 'ALTER': return alter(toks, src, ctx);
		case 'CREATE': case 'REPLACE': return create(toks, ctx);
		case 'INSERT': return insertOverwrite(toks, ctx);
		case 'DO': return doBlock(toks, ctx);
		case 'EXEC': case 'EXECUTE': case 'PREPARE': case 'CALL':
			return dynamicStrings(toks, ctx);
		case 'BEGIN':
			// `BEGIN; …` starts a transaction; `BEGIN DELETE …; END` is a block whose statements run.
			return TRANSACTION.has(word(toks, 1)) && toks[1]?.kind !== 'punct' ? undefined : dispatch(toks.slice(1), src, ctx);
		default:
			if (CONTROL.has(word(toks, 0))) {
				// `IF OBJECT_ID('t') IS NOT NULL DROP TABLE t`, `FOR r IN … LOOP EXECUTE …`
				const at = topLevel(toks, 1).find((k) => DISPATCH.has(word(toks, k)));
				if (at !== undefined) {
					dispatch(toks.slice(at), src, ctx);
				}
			}
	}
}

/** `WITH a AS (DELETE … RETURNING *) SELECT …`: data-modifying CTEs run too. */
function withClause(toks: readonly Token[], src: string, ctx: Ctx): void {
	let i = word(toks, 1) === 'RECURSIVE' ? 2 : 1;
	for (let guard = 0; guard < 64 && i < toks.length; guard++) {
		const n = readName(toks, i);
		if (!n) {
			return;
		}
		i = isPunct(toks[n.next], '(') ? groupEnd(toks, n.next) : n.next;
		if (word(toks, i) !== 'AS') {
			return;
		}
		i = skipWords(toks, i + 1, new Set(['NOT', 'MATERIALIZED']));
		if (!isPunct(toks[i], '(')) {
			return;
		}
		const end = groupEnd(toks, i);
		dispatch(toks.slice(i + 1, end - 1), src, ctx);
		i = end;
		if (!isPunct(toks[i], ',')) {
			break;
		}
		i++;
	}
	dispatch(toks.slice(i), src, ctx);
}

/** `EXPLAIN DELETE …` only plans; `EXPLAIN ANALYZE DELETE …` runs it. */
function explain(toks: readonly Token[], src: string, ctx: Ctx): void {
	let i = 1;
	let runs = false;
	if (isPunct(toks[i], '(')) {
		const end = groupEnd(toks, i);
		runs = toks.slice(i, end).some((t, j, all) => /^ANALY[SZ]E$/.test(t.upper) && !/^(?:FALSE|OFF|0)$/i.test(all[j + 1]?.text ?? ''));
		i = end;
	}
	while (['ANALYZE', 'ANALYSE', 'VERBOSE', 'EXTENDED', 'QUERY', 'PLAN', 'PIPELINE', 'AST', 'SYNTAX', 'ESTIMATE'].includes(word(toks, i))) {
		runs ||= /^ANALY[SZ]E$/.test(word(toks, i));
		i++;
	}
	if (runs) {
		dispatch(toks.slice(i), src, ctx);
	}
}


// ---- DELETE and UPDATE -----------------------------------------------------------------------------

const WHERE_END = new Set(['ORDER', 'LIMIT', 'RETURNING', 'OUTPUT', 'OPTION', 'GROUP', 'IF', 'ALLOW', 'SETTINGS']);

type Scope = { readonly kind: 'all'; readonly why: string; readonly via: SqlFinding['via'] } | { readonly kind: 'bounded' } | { readonly kind: 'none' };

/**
 * How many rows the statement from `from` on touches: `all` (no WHERE, or a WHERE that is always true),
 * `none` (a WHERE that is never true), or `bounded`.
 */
function scope(toks: readonly Token[], from: number, src: string, ctx: Ctx, statement: 'delete' | 'update', joinBounds: boolean): Scope {
	const top = topLevel(toks, from);
	const where = top.find((k) => word(toks, k) === 'WHERE');
	if (where === undefined) {
		const joined = joinBounds && top.some((k) => word(toks, k) === 'JOIN') && top.some((k) => word(toks, k) === 'ON' || word(toks, k) === 'USING');
		return joined ? { kind: 'bounded' } : { kind: 'all', why: 'no WHERE clause', via: 'tokens' };
	}
	if (word(toks, where + 1) === 'CURRENT' && word(toks, where + 2) === 'OF') {
		return { kind: 'bounded' };
	}
	const end = top.find((k) => k > where && WHERE_END.has(word(toks, k))) ?? toks.length;
	const condition = toks.slice(where + 1, end);
	if (condition.length === 0) {
		return { kind: 'bounded' };
	}
	// The token reader understands comparisons, AND/OR/NOT, IS NULL and LIKE. Only a condition with parts it
	// could not read (calls, casts, subqueries, dialect syntax) goes to node-sql-parser: ~0.7 ms a statement
	// warm, ~100 ms for the first one (loading the grammar), against ~15 µs for the tokens.
	let expr: Expr = exprFromTokens(condition);
	let via: SqlFinding['via'] = 'tokens';
	const statementText = src.slice(toks[0].start, toks[toks.length - 1].end);
	if (unread(expr) && statementText.length <= PARSER_MAX_CHARS && ctx.parses++ < PARSER_MAX_CALLS) {
		const ast = whereFromParser(statementText, statement, ctx.dialect);
		if (ast !== undefined) {
			expr = exprFromAst(ast);
			via = 'parser';
		}
	}
	const verdict = truth(expr);
	if (verdict === true) {
		const text = src.slice(condition[0].start, condition[condition.length - 1].end).replace(/\s+/g, ' ');
		return { kind: 'all', why: `WHERE ${text.length > 60 ? text.slice(0, 57) + '…' : text} is always true`, via };
	}
	return verdict === false ? { kind: 'none' } : { kind: 'bounded' };
}

function limited(toks: readonly Token[], from: number): boolean {
	return topLevel(toks, from).some((k) => word(toks, k) === 'LIMIT' || word(toks, k) === 'TOP');
}

function del(toks: readonly Token[], src: string, ctx: Ctx): void {
	let i = skipWords(toks, 1, new Set(['LOW_PRIORITY', 'QUICK', 'IGNORE']));
	if (word(toks, i) === 'TOP') {
		i = isPunct(toks[i + 1], '(') ? groupEnd(toks, i + 1) : i + 2;
		i = skipWords(toks, i, new Set(['PERCENT']));
	}
	const top = topLevel(toks, i);
	const whereAt = top.find((k) => word(toks, k) === 'WHERE') ?? toks.length;
	const from = top.find((k) => word(toks, k) === 'FROM' && k < whereAt);
	let target: Name | undefined;
	if (from !== undefined) {
		target = readName(toks, skipWords(toks, from + 1, new Set(['ONLY'])));
	} else if (word(toks, i) !== 'WHERE') {
		target = readName(toks, i);
	}
	const names = target && !target.dynamic ? [target.name] : [];
	// A bare `DELETE` names nothing to delete from; InfluxQL's `DELETE WHERE time < …` spans every measurement.
	if (isTemp(ctx, names) || (!target && from === undefined && word(toks, i) !== 'WHERE')) {
		return;
	}
	const s = scope(toks, i, src, ctx, 'delete', true);
	if (s.kind !== 'all') {
		return;
	}
	const bounded = limited(toks, 1);
	const table = names[0];
	add(ctx, {
		action: 'delete-all', severity: bounded ? 'medium' : 'high', targets: names.length > 0 ? names : [keywords(toks, from === undefined ? 1 : from + 1)], via: s.via,
		what: `${bounded ? 'deletes rows, up to its LIMIT, from' : 'deletes every row of'} ${table ? 'the table ' + table : word(toks, i) === 'WHERE' ? 'every measurement' : 'a table named at run time'} (${s.why})`,
	});
}

function update(toks: readonly Token[], src: string, ctx: Ctx): void {
	let i = skipWords(toks, 1, new Set(['LOW_PRIORITY', 'IGNORE', 'ONLY']));
	if (word(toks, i) === 'OR') {
		i += 2;
	}
	if (word(toks, i) === 'TOP') {
		i = isPunct(toks[i + 1], '(') ? groupEnd(toks, i + 1) : i + 2;
	}
	const target = readName(toks, i);
	const set = topLevel(toks, i).find((k) => word(toks, k) === 'SET');
	if (!target || set === undefined || word(toks, i) === 'STATISTICS') {
		return;
	}
	const names = target.dynamic ? [] : [target.name];
	if (isTemp(ctx, names)) {
		return;
	}
	// MySQL `UPDATE a JOIN b ON … SET …` is bounded by its join.
	const joined = topLevel(toks, i, set).some((k) => word(toks, k) === 'JOIN') && topLevel(toks, i, set).some((k) => word(toks, k) === 'ON');
	const s = joined ? { kind: 'bounded' as const } : scope(toks, set, src, ctx, 'update', false);
	if (s.kind !== 'all') {
		return;
	}
	const bounded = limited(toks, 1);
	add(ctx, {
		action: 'update-all', severity: bounded ? 'medium' : 'high', targets: names.length > 0 ? names : [keywords(toks, 1)], via: s.via,
		what: `${bounded ? 'changes rows, up to its LIMIT, of' : 'changes every row of'} ${names[0] ? 'the table ' + names[0] : 'a table named at run time'} (${s.why})`,
	});
}


// ---- dynamic SQL ---------------------------------------------------------------------------------------

/** `DO $$ … $$`: the block runs at once. */
function doBlock(toks: readonly Token[], ctx: Ctx): void {
	const body = toks.find((t) => t.kind === 'string');
	if (body) {
		nested(body.text, ctx);
	}
}

/** `EXECUTE 'DROP TABLE ' || t`, `EXEC('…')`, `EXEC sp_executesql N'…'`, `PREPARE s FROM '…'`. */
function dynamicStrings(toks: readonly Token[], ctx: Ctx): void {
	statementStrings(toks, ctx);
}

const STATEMENT_TEXT = /^\s*(?:drop|truncate|delete|update|alter|insert\s+overwrite)\b/i;

/**
 * The strings in `toks` that are statements, judged as statements: `'DROP TABLE ' || t` (a name only known
 * when it runs), `format('DROP TABLE %I', 'users')` with its literal arguments put in, and MySQL's
 * `PREPARE s FROM "DROP TABLE users"` (double quotes are a string there).
 */
function statementStrings(toks: readonly Token[], ctx: Ctx): void {
	for (let i = 0; i < toks.length; i++) {
		const t = toks[i];
		if ((t.kind === 'string' || t.kind === 'ident') && STATEMENT_TEXT.test(t.text)) {
			nested(isPunct(toks[i - 1], '(') && word(toks, i - 2) === 'FORMAT' ? formatted(toks, i) : t.text, ctx);
		}
	}
}

/** PostgreSQL `format('DROP TABLE %I', 'users')`: the literal arguments in the place of `%I`, `%s`, `%L`; others left out. */
function formatted(toks: readonly Token[], at: number): string {
	const values: (string | undefined)[] = [];
	for (let i = at + 1; i < toks.length && isPunct(toks[i], ','); ) {
		const next = toks[i + 1];
		const simple = next && (next.kind === 'string' || next.kind === 'ident' || next.kind === 'number') && (isPunct(toks[i + 2], ',') || isPunct(toks[i + 2], ')'));
		values.push(simple ? next.text : undefined);
		i += 2;
		while (i < toks.length && !isPunct(toks[i], ',') && !isPunct(toks[i], ')')) {
			i++;
		}
	}
	let n = 0;
	return toks[at].text.replace(/%(?:(\d+)\$)?([IsL%])/g, (_m, position: string | undefined, kind: string) => {
		if (kind === '%') {
			return '%';
		}
		const value = values[position !== undefined ? Number(position) - 1 : n++];
		return value === undefined ? '' : kind === 'L' ? `'${value.replace(/'/g, "''")}'` : kind === 'I' ? `"${value.replace(/"/g, '""')}"` : value;
	});
}

/**
 * SQL text → the destructive statements in it, with their targets: DROP, TRUNCATE, ALTER … DROP,
 * DELETE / UPDATE without a WHERE clause (or with one that is always true), CREATE OR REPLACE TABLE,
 * INSERT OVERWRITE. Every statement is judged on its own; dynamic SQL in `DO $$…$$`, `EXECUTE '…'`
 * and `EXEC('…')` and files pulled in with `\i`, `.read` or `source` are judged too.
 *
 * Statements are found by the quote- and comment-aware tokenizer in sql-tokens.ts (DDL grammar is
 * simple and node-sql-parser misses much of it: PostgreSQL `DROP DATABASE`, `DROP SCHEMA`, `CASCADE`).
 * WHERE conditions are read with node-sql-parser in the client's dialect, falling back to the token
 * parser in sql-where.ts when it cannot parse the statement. Text without any destructive keyword
 * outside strings and comments never reaches either parser.
 *
 * Targets are names as written with identifier quotes removed and qualifiers kept:
 * `DROP TABLE "public"."Users"` → `public.Users`, `` `shop`.`orders` `` → `shop.orders`,
 * `[dbo].[Users]` → `dbo.Users`. When the name is only known at run time (`EXECUTE 'DROP TABLE ' || t`),
 * the target is the statement's keywords as written (`DROP TABLE`).
 */
import { splitSql, topLevel, type SqlDialect, type Token } from './sql-tokens';
import { exprFromAst, exprFromTokens, truth, unread, whereFromParser, type Expr } from './sql-where';

export type { SqlDialect };

export type SqlAction = 'drop-database' | 'drop-table' | 'drop-object' | 'truncate' | 'delete-all' | 'update-all' | 'alter-drop';
export type SqlSeverity = 'medium' | 'high' | 'critical';

export interface SqlFinding {
	readonly action: SqlAction;
	readonly severity: SqlSeverity;
	/** What a person must type: names as written (identifier quotes removed), primary first. */
	readonly targets: readonly string[];
	/** What the statement destroys, as a sentence fragment: `drops the table users`. */
	readonly what: string;
	/** Who judged the WHERE clause: node-sql-parser, or the token fallback. */
	readonly via: 'parser' | 'tokens';
}

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

interface Ctx {
	readonly dialect: SqlDialect;
	readonly readFile?: (name: string) => string | undefined;
	readonly findings: SqlFinding[];
	/** Temporary tables the text itself creates: dropping or emptying them loses nothing. */
	readonly temps: Set<string>;
	depth: number;
	parses: number;
}

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
	for (const stmt of splitSql(text, ctx.dialect)) {
		if (stmt.meta !== undefined) {
			include(stmt.meta, ctx);
		} else {
			dispatch(stmt.tokens, stmt.source, ctx);
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

// ---- helpers over tokens ------------------------------------------------------------------------

function word(toks: readonly Token[], i: number): string {
	return toks[i]?.kind === 'word' ? toks[i].upper : '';
}

function isPunct(t: Token | undefined, text: string): boolean {
	return t?.kind === 'punct' && t.text === text;
}

/** Skips `IF EXISTS` / `IF NOT EXISTS`. */
function skipIfExists(toks: readonly Token[], i: number): number {
	if (word(toks, i) === 'IF' && word(toks, i + 1) === 'EXISTS') {
		return i + 2;
	}
	return word(toks, i) === 'IF' && word(toks, i + 1) === 'NOT' && word(toks, i + 2) === 'EXISTS' ? i + 3 : i;
}

function skipWords(toks: readonly Token[], i: number, words: ReadonlySet<string>): number {
	while (words.has(word(toks, i))) {
		i++;
	}
	return i;
}

/** Index just past the group opened at `i` (`(` … `)`). */
function groupEnd(toks: readonly Token[], i: number): number {
	let depth = 0;
	for (let j = i; j < toks.length; j++) {
		if (isPunct(toks[j], '(')) {
			depth++;
		} else if (isPunct(toks[j], ')') && --depth === 0) {
			return j + 1;
		}
	}
	return toks.length;
}

interface Name {
	readonly name: string;
	readonly next: number;
	readonly dynamic: boolean;
}

/** A possibly qualified name at `i`: `public.users`, `` `db`.`t` ``, `[dbo].[T]`; parameters are dynamic. */
function readName(toks: readonly Token[], i: number): Name | undefined {
	const part = (t: Token | undefined) => t && (t.kind === 'word' || t.kind === 'ident' || t.kind === 'param');
	if (!part(toks[i])) {
		return undefined;
	}
	const parts = [toks[i].text];
	let dynamic = toks[i].kind === 'param';
	let j = i + 1;
	while (isPunct(toks[j], '.')) {
		if (isPunct(toks[j + 1], '.')) {
			j++;
		}
		if (!part(toks[j + 1])) {
			break;
		}
		parts.push(toks[j + 1].text);
		dynamic ||= toks[j + 1].kind === 'param';
		j += 2;
	}
	if (toks[j]?.kind === 'op' && toks[j].text === '*') {
		j++;
	}
	return { name: parts.join('.'), next: j, dynamic };
}

/** `a, b, c` from `i`; names of the form `ON`, `CASCADE` end the list. */
function readNames(toks: readonly Token[], i: number, stop: ReadonlySet<string> = NAME_STOP): { names: string[]; dynamic: boolean; next: number } {
	const names: string[] = [];
	let dynamic = false;
	while (i < toks.length && !stop.has(word(toks, i))) {
		const n = readName(toks, i);
		if (!n) {
			break;
		}
		if (n.dynamic) {
			dynamic = true;
		} else {
			names.push(n.name);
		}
		i = n.next;
		if (!isPunct(toks[i], ',')) {
			break;
		}
		i++;
	}
	return { names, dynamic, next: i };
}

/** MySQL accounts: `'app'@'%'` → `app@%`, `bob@localhost`. */
function readUsers(toks: readonly Token[], i: number): { names: string[]; dynamic: boolean } {
	const names: string[] = [];
	while (toks[i] && toks[i].kind !== 'punct') {
		let name = toks[i].text;
		i++;
		if (toks[i]?.text === '@' || (toks[i]?.kind === 'param' && toks[i].text.startsWith('@'))) {
			name += toks[i].text === '@' ? '@' + (toks[i + 1]?.text ?? '') : toks[i].text;
			i += toks[i].text === '@' ? 2 : 1;
		}
		names.push(name);
		if (!isPunct(toks[i], ',')) {
			break;
		}
		i++;
	}
	return { names, dynamic: false };
}

const NAME_STOP = new Set(['CASCADE', 'RESTRICT', 'ON', 'SYNC', 'PERMANENTLY', 'FORCE', 'PURGE', 'WITH', 'RESTART', 'CONTINUE', 'FROM', 'WHERE']);

/** The keywords a person can see, for statements whose object is only named at run time. */
function keywords(toks: readonly Token[], count: number): string {
	return toks.slice(0, count).filter((t) => t.kind === 'word').map((t) => t.text).join(' ');
}

function plural(noun: string, names: readonly string[]): string {
	if (names.length <= 1) {
		return `the ${noun}${names[0] ? ' ' + names[0] : ''}`;
	}
	const many = /(?:x|s|ch)$/.test(noun) ? `${noun}es` : /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`;
	return `the ${many} ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function add(ctx: Ctx, finding: Omit<SqlFinding, 'via'> & { via?: SqlFinding['via'] }): void {
	ctx.findings.push({ via: 'tokens', ...finding });
}

function isTemp(ctx: Ctx, names: readonly string[]): boolean {
	return names.length > 0 && names.every((n) => ctx.temps.has(n.toLowerCase()) || n.startsWith('#'));
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

interface Kind {
	readonly action: SqlAction;
	readonly severity: SqlSeverity;
	readonly noun: string;
	readonly verb?: string;
}

const DROP_KINDS: Record<string, Kind> = {
	DATABASE: { action: 'drop-database', severity: 'critical', noun: 'database', verb: 'drops %s and everything in it' },
	SCHEMA: { action: 'drop-database', severity: 'critical', noun: 'schema', verb: 'drops %s and every table in it' },
	KEYSPACE: { action: 'drop-database', severity: 'critical', noun: 'keyspace', verb: 'drops %s and every table in it' },
	OWNED: { action: 'drop-database', severity: 'critical', noun: 'role', verb: 'drops every table and object owned by %s' },
	TABLE: { action: 'drop-table', severity: 'high', noun: 'table', verb: 'drops %s along with every row' },
	COLUMNFAMILY: { action: 'drop-table', severity: 'high', noun: 'table', verb: 'drops %s along with every row' },
	MEASUREMENT: { action: 'drop-table', severity: 'high', noun: 'measurement', verb: 'drops %s along with every point' },
	SERIES: { action: 'drop-table', severity: 'high', noun: 'measurement', verb: 'drops every series of %s' },
	SHARD: { action: 'drop-table', severity: 'high', noun: 'shard', verb: 'drops %s and its data' },
	TABLESPACE: { action: 'drop-table', severity: 'high', noun: 'tablespace' },
	'RETENTION POLICY': { action: 'drop-table', severity: 'high', noun: 'retention policy', verb: 'drops %s and the data it holds' },
};

const DROP_MODIFIERS = new Set(['TEMPORARY', 'TEMP', 'MATERIALIZED', 'FOREIGN', 'EXTERNAL', 'GLOBAL', 'LOCAL', 'DYNAMIC', 'HYBRID', 'ICEBERG', 'TRANSIENT', 'VOLATILE', 'STREAMING', 'UNLOGGED', 'LIVE']);

function drop(toks: readonly Token[], ctx: Ctx): void {
	let i = skipWords(toks, 1, DROP_MODIFIERS);
	const temporary = toks.slice(1, i).some((t) => t.upper === 'TEMPORARY' || t.upper === 'TEMP');
	const typeToken = toks[i];
	if (!typeToken || typeToken.kind !== 'word') {
		return;
	}
	let type = typeToken.upper;
	i++;
	if ((type === 'RETENTION' && word(toks, i) === 'POLICY') || (type === 'CONTINUOUS' && word(toks, i) === 'QUERY') || (type === 'FILE' && word(toks, i) === 'FORMAT')) {
		type += ' ' + word(toks, i);
		i++;
	}
	const typeEnd = i;
	i = skipIfExists(toks, skipWords(toks, i, new Set(['CONCURRENTLY'])));
	if (type === 'OWNED' || type === 'SERIES') {
		i = skipWords(toks, i, new Set(['BY', 'FROM']));
	}
	const { names, dynamic } = type === 'USER' || type === 'ROLE' ? readUsers(toks, i) : readNames(toks, i, type === 'OWNED' ? new Set(['CASCADE', 'RESTRICT']) : NAME_STOP);
	const kind = DROP_KINDS[type] ?? { action: 'drop-object', severity: 'medium', noun: toks.slice(1, typeEnd).map((t) => t.text.toLowerCase()).join(' ') } satisfies Kind;
	if (kind.action === 'drop-table' && isTemp(ctx, names)) {
		return;
	}
	const cascade = toks.some((t) => t.upper === 'CASCADE');
	let severity = kind.severity;
	if (severity === 'medium' && cascade) {
		severity = 'high';
	}
	if (type === 'TABLE' && (temporary || names.some((n) => n.startsWith('#')))) {
		severity = 'medium';
	}
	const targets = names.length > 0 ? names : [keywords(toks, typeEnd)];
	const subject = names.length > 0 ? (type === 'OWNED' || type === 'SERIES' ? names.join(', ') : plural(kind.noun, names)) : `a ${kind.noun} whose name is ${dynamic ? 'built at run time' : 'not given'}`;
	const what = kind.verb ? kind.verb.replace('%s', subject) : `drops ${subject}`;
	add(ctx, { action: kind.action, severity, targets, what: what + (cascade && kind.action !== 'drop-database' ? ', and everything that depends on it (CASCADE)' : '') });
}

function truncate(toks: readonly Token[], ctx: Ctx): void {
	let i = skipWords(toks, 1, new Set(['TEMPORARY', 'TABLE', 'ONLY']));
	i = skipIfExists(toks, i);
	if (word(toks, i) === 'ALL' && word(toks, i + 1) === 'TABLES') {
		const db = readName(toks, skipWords(toks, i + 2, new Set(['FROM', 'IN'])));
		add(ctx, { action: 'truncate', severity: 'critical', targets: [db?.name ?? keywords(toks, i + 2)], what: `empties every table${db ? ' of ' + db.name : ''}` });
		return;
	}
	const { names } = readNames(toks, skipWords(toks, i, new Set(['ONLY'])));
	if (isTemp(ctx, names)) {
		return;
	}
	add(ctx, { action: 'truncate', severity: 'high', targets: names.length > 0 ? names : [keywords(toks, 1)], what: `empties ${names.length > 0 ? plural('table', names) : 'a table named at run time'} (TRUNCATE removes every row)` });
}

/** `INSERT OVERWRITE [INTO] [TABLE] t …` (Hive, Spark, Snowflake, Databricks) replaces every row. */
function insertOverwrite(toks: readonly Token[], ctx: Ctx): void {
	if (word(toks, 1) !== 'OVERWRITE') {
		return;
	}
	const n = readName(toks, skipWords(toks, 2, new Set(['INTO', 'TABLE'])));
	if (n && !n.dynamic && word(toks, 2) !== 'DIRECTORY' && word(toks, 2) !== 'LOCAL') {
		add(ctx, { action: 'truncate', severity: 'high', targets: [n.name], what: `replaces every row of the table ${n.name} (INSERT OVERWRITE)` });
	}
}

function create(toks: readonly Token[], ctx: Ctx): void {
	let i = 1;
	const replace = word(toks, 0) === 'REPLACE' || (word(toks, 1) === 'OR' && word(toks, 2) === 'REPLACE');
	if (word(toks, 1) === 'OR') {
		i = 3;
	}
	const before = i;
	i = skipWords(toks, i, new Set(['GLOBAL', 'LOCAL', 'TEMPORARY', 'TEMP', 'VOLATILE', 'TRANSIENT', 'UNLOGGED']));
	const temporary = toks.slice(before, i).some((t) => /^(?:TEMP|TEMPORARY|VOLATILE)$/.test(t.upper));
	if (word(toks, i) !== 'TABLE') {
		return;
	}
	const n = readName(toks, skipIfExists(toks, i + 1));
	if (!n || n.dynamic) {
		return;
	}
	if (temporary || n.name.startsWith('#')) {
		ctx.temps.add(n.name.toLowerCase());
	} else if (replace) {
		add(ctx, { action: 'drop-table', severity: 'medium', targets: [n.name], what: `replaces the table ${n.name}; its current rows are lost` });
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

// ---- ALTER TABLE ----------------------------------------------------------------------------------------

const MINOR_DROPS = new Set(['CONSTRAINT', 'INDEX', 'KEY', 'FOREIGN', 'PRIMARY', 'CHECK', 'UNIQUE', 'PROJECTION', 'STATISTICS', 'PERIOD', 'SYSTEM', 'DEFAULT', 'TTL']);

function alter(toks: readonly Token[], src: string, ctx: Ctx): void {
	let i = skipWords(toks, 1, new Set(['ONLINE', 'OFFLINE', 'IGNORE']));
	if (word(toks, i) !== 'TABLE') {
		return;
	}
	i = skipWords(toks, skipIfExists(toks, i + 1), new Set(['ONLY']));
	const table = readName(toks, i);
	if (!table) {
		return;
	}
	i = table.next;
	if (word(toks, i) === 'ON' && word(toks, i + 1) === 'CLUSTER') {
		i += 3;
	}
	const top = topLevel(toks, i);
	const commas = top.filter((k) => isPunct(toks[k], ','));
	const bounds = [i, ...commas.map((k) => k + 1)];
	bounds.forEach((start, n) => {
		const end = n + 1 < bounds.length ? bounds[n + 1] - 1 : toks.length;
		alterAction(toks.slice(start, end), table.name, src, ctx);
	});
}

function alterAction(action: readonly Token[], table: string, src: string, ctx: Ctx): void {
	const verb = word(action, 0);
	if (verb === 'DELETE' || verb === 'UPDATE') {
		// ClickHouse mutations: ALTER TABLE t DELETE WHERE …, ALTER TABLE t UPDATE c = 1 WHERE …
		const where = topLevel(action).find((k) => word(action, k) === 'WHERE');
		const condition = where === undefined ? [] : action.slice(where + 1);
		if (where !== undefined && truth(exprFromTokens(condition)) === true) {
			const text = src.slice(condition[0].start, condition[condition.length - 1].end);
			add(ctx, { action: verb === 'DELETE' ? 'delete-all' : 'update-all', severity: 'high', targets: [table], what: `${verb === 'DELETE' ? 'deletes every row of' : 'changes every row of'} the table ${table} (WHERE ${text} is always true)` });
		}
		return;
	}
	if (verb === 'TRUNCATE' && word(action, 1) === 'PARTITION') {
		const { names } = readNames(action, 2);
		add(ctx, { action: 'truncate', severity: 'high', targets: names.length > 0 ? names : [table], what: `empties ${plural('partition', names)} of the table ${table}` });
		return;
	}
	if (verb !== 'DROP') {
		return;
	}
	const what = word(action, 1);
	if (what === 'PARTITION' || what === 'PART') {
		const i = word(action, 2) === 'ID' ? 3 : 2;
		const parts = action.slice(skipIfExists(action, i)).filter((t) => t.kind !== 'punct' && !(t.kind === 'word' && NAME_STOP.has(t.upper))).map((t) => t.text);
		add(ctx, { action: 'alter-drop', severity: 'high', targets: parts.length > 0 ? parts : [table], what: `drops ${plural('partition', parts)} of the table ${table} and its rows` });
		return;
	}
	if (MINOR_DROPS.has(what)) {
		let i = skipIfExists(action, word(action, 2) === 'KEY' ? 3 : 2);
		if (what === 'SYSTEM' || what === 'DEFAULT' || what === 'TTL') {
			i = action.length;
		}
		const n = readName(action, i);
		const name = n && !n.dynamic && !NAME_STOP.has(word(action, i)) ? n.name : undefined;
		const noun = what === 'FOREIGN' || what === 'PRIMARY' ? `${what.toLowerCase()} key` : what.toLowerCase();
		add(ctx, { action: 'alter-drop', severity: 'medium', targets: [name ?? table], what: `drops the ${noun}${name ? ' ' + name : ''} of the table ${table}` });
		return;
	}
	const i = skipIfExists(action, what === 'COLUMN' ? 2 : 1);
	const n = readName(action, i);
	if (!n) {
		return;
	}
	const column = n.dynamic ? keywords(action, 2) : n.name;
	add(ctx, { action: 'alter-drop', severity: 'high', targets: [column], what: `drops the column ${column} of the table ${table}, and its data` });
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
	for (const t of toks) {
		if (t.kind === 'string' && /^\s*(?:drop|truncate|delete|update|alter|insert\s+overwrite)\b/i.test(t.text)) {
			nested(t.text, ctx);
		}
	}
}

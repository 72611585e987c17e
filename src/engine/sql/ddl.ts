/**
 * The DDL half of sql/analysis.ts: DROP, TRUNCATE, ALTER TABLE … DROP, CREATE OR REPLACE TABLE,
 * INSERT OVERWRITE, and the helpers over tokens both halves use (names, keywords, findings).
 */
import type { SqlAction, SqlDialect, SqlFinding, SqlSeverity } from './types';
import { topLevel, type Token } from './tokens';
import { exprFromTokens, truth } from './where';

/** What one analysis carries from statement to statement. */
export interface Ctx {
	readonly dialect: SqlDialect;
	readonly readFile?: (name: string) => string | undefined;
	readonly findings: SqlFinding[];
	/** Temporary tables the text itself creates: dropping or emptying them loses nothing. */
	readonly temps: Set<string>;
	depth: number;
	parses: number;
}

// ---- helpers over tokens ------------------------------------------------------------------------

export function word(toks: readonly Token[], i: number): string {
	return toks[i]?.kind === 'word' ? toks[i].upper : '';
}

export function isPunct(t: Token | undefined, text: string): boolean {
	return t?.kind === 'punct' && t.text === text;
}

/** Skips `IF EXISTS` / `IF NOT EXISTS`. */
export function skipIfExists(toks: readonly Token[], i: number): number {
	if (word(toks, i) === 'IF' && word(toks, i + 1) === 'EXISTS') {
		return i + 2;
	}
	return word(toks, i) === 'IF' && word(toks, i + 1) === 'NOT' && word(toks, i + 2) === 'EXISTS' ? i + 3 : i;
}

export function skipWords(toks: readonly Token[], i: number, words: ReadonlySet<string>): number {
	while (words.has(word(toks, i))) {
		i++;
	}
	return i;
}

/** Index just past the group opened at `i` (`(` … `)`). */
export function groupEnd(toks: readonly Token[], i: number): number {
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

export interface Name {
	readonly name: string;
	readonly next: number;
	readonly dynamic: boolean;
}

/** A possibly qualified name at `i`: `public.users`, `` `db`.`t` ``, `[dbo].[T]`; parameters are dynamic. */
export function readName(toks: readonly Token[], i: number): Name | undefined {
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
export function readNames(toks: readonly Token[], i: number, stop: ReadonlySet<string> = NAME_STOP): { names: string[]; dynamic: boolean; next: number } {
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

export const NAME_STOP = new Set(['CASCADE', 'RESTRICT', 'ON', 'SYNC', 'PERMANENTLY', 'FORCE', 'PURGE', 'WITH', 'RESTART', 'CONTINUE', 'FROM', 'WHERE']);

/** The keywords a person can see, for statements whose object is only named at run time. */
export function keywords(toks: readonly Token[], count: number): string {
	return toks.slice(0, count).filter((t) => t.kind === 'word').map((t) => t.text).join(' ');
}

export function plural(noun: string, names: readonly string[]): string {
	if (names.length <= 1) {
		return `the ${noun}${names[0] ? ' ' + names[0] : ''}`;
	}
	const many = /(?:x|s|ch)$/.test(noun) ? `${noun}es` : /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`;
	return `the ${many} ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function add(ctx: Ctx, finding: Omit<SqlFinding, 'via'> & { via?: SqlFinding['via'] }): void {
	ctx.findings.push({ via: 'tokens', ...finding });
}

export function isTemp(ctx: Ctx, names: readonly string[]): boolean {
	return names.length > 0 && names.every((n) => ctx.temps.has(n.toLowerCase()) || n.startsWith('#'));
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

export function drop(toks: readonly Token[], ctx: Ctx): void {
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

export function truncate(toks: readonly Token[], ctx: Ctx): void {
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
export function insertOverwrite(toks: readonly Token[], ctx: Ctx): void {
	if (word(toks, 1) !== 'OVERWRITE') {
		return;
	}
	const n = readName(toks, skipWords(toks, 2, new Set(['INTO', 'TABLE'])));
	if (n && !n.dynamic && word(toks, 2) !== 'DIRECTORY' && word(toks, 2) !== 'LOCAL') {
		add(ctx, { action: 'truncate', severity: 'high', targets: [n.name], what: `replaces every row of the table ${n.name} (INSERT OVERWRITE)` });
	}
}

export function create(toks: readonly Token[], ctx: Ctx): void {
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
// ---- ALTER TABLE ----------------------------------------------------------------------------------------

const MINOR_DROPS = new Set(['CONSTRAINT', 'INDEX', 'KEY', 'FOREIGN', 'PRIMARY', 'CHECK', 'UNIQUE', 'PROJECTION', 'STATISTICS', 'PERIOD', 'SYSTEM', 'DEFAULT', 'TTL']);

export function alter(toks: readonly Token[], src: string, ctx: Ctx): void {
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

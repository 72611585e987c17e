/**
 * SQL through any client: DROP, TRUNCATE, ALTER … DROP, DELETE/UPDATE without a real WHERE.
 *
 * sql-clients.ts finds the SQL an invocation runs (options, positional SQL, script files, stdin) and
 * sql/analysis.ts finds the destructive statements in it; one rule per kind of statement, so the
 * audit log and user settings can name them. When one command runs several kinds, each rule reports
 * its own statements and the policy shows the strongest (ties: the order of the rules below).
 * Also the database utilities that drop whole databases: `dropdb`, `mysqladmin drop`,
 * `pg_restore --clean` (`bq rm` belongs to the cloud pack).
 */
import { hasOption, optionValue, parseArgs } from '../shell/argv';
import { LONG_OPTIONS, mysqlSpelling, toolArgs } from '../shell/longOptions';
import { analyzeSql, type SqlAction, type SqlFinding } from '../sql/analysis';
import type { Invocation, Severity } from '../types';
import type { Match, MatchResult, Rule, RuleContext, RulePack } from './rule';
import { noteUnreadable, OUTPUT_OF, readWord, sqlCall, SQL_COMMANDS, unreadableInputs, type SqlCall } from './sql-clients';

interface Judged {
	readonly call: SqlCall;
	readonly findings: readonly SqlFinding[];
}

/** Per invocation and rule context: after `cd DIR` the same invocation is judged again from DIR (analyze.ts), with other files. */
const judged = new WeakMap<Invocation, { rc: RuleContext; result: Judged | null }>();
const calls = new WeakMap<Invocation, { rc: RuleContext; call: SqlCall | undefined }>();

/** The SQL an invocation runs (files are read from the rule context's folder), read once for every rule of the pack. */
function callOf(inv: Invocation, rc: RuleContext): SqlCall | undefined {
	const cached = calls.get(inv);
	if (cached?.rc === rc) {
		return cached.call;
	}
	const call = sqlCall(inv, rc);
	calls.set(inv, { rc, call });
	return call;
}

/** The destructive statements an invocation runs; computed once per invocation for all rules. */
function judge(inv: Invocation, rc: RuleContext): Judged | undefined {
	const cached = judged.get(inv);
	let result = cached?.rc === rc ? cached.result : undefined;
	if (result === undefined) {
		const call = callOf(inv, rc);
		result = null;
		if (call && !call.ephemeral && !call.readOnly) {
			// `\i file`, `.read file`, `source file` that cannot be read: asked for by sql:unknown-script.
			const readFile = (name: string) => {
				const text = readWord(name, inv, rc);
				if (text === undefined && !/[$`]/.test(name)) {
					noteUnreadable(inv, name);
				}
				return text;
			};
			const findings = call.texts.flatMap((text) => analyzeSql(text, { dialect: call.dialect, readFile }));
			result = findings.length > 0 ? { call, findings } : null;
		}
		judged.set(inv, { rc, result });
	}
	return result ?? undefined;
}

const RANK: Record<Severity, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };
const UP: Record<string, Severity> = { medium: 'high', high: 'critical', critical: 'critical' };

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Where the SQL goes, for the reason: `psql on postgres://prod-db/app`. */
export function through(call: SqlCall): string {
	return `${call.client}${call.where ? ` on ${call.where}` : ''}${call.production ? ` (${call.production} environment)` : ''}`;
}

function statementMatch(inv: Invocation, rc: RuleContext, action: SqlAction): MatchResult {
	const result = judge(inv, rc);
	const own = result?.findings.filter((f) => f.action === action) ?? [];
	if (!result || own.length === 0) {
		return undefined;
	}
	let severity: Severity = own.reduce<Severity>((s, f) => (RANK[f.severity] > RANK[s] ? f.severity : s), 'medium');
	const strongest = own.filter((f) => f.severity === severity);
	if (result.call.production) {
		severity = UP[severity];
	}
	const more = own.length - 1;
	const reason = `${capitalize(strongest[0].what)}${more > 0 ? ` (and ${more} more statement${more > 1 ? 's' : ''} like it)` : ''}, through ${through(result.call)}.`;
	const targets = [...new Set([...strongest.flatMap((f) => f.targets), ...own.flatMap((f) => f.targets)])];
	return { targets, severity, reason } satisfies Match;
}

function statementRule(action: SqlAction, severity: Severity, reason: string, alternative: string): Rule {
	return { id: `sql:${action}`, severity, commands: SQL_COMMANDS, reason, alternative, match: (inv, rc) => statementMatch(inv, rc, action) };
}

const DROPDB_OPTS = ['-h', '--host', '-p', '--port', '-U', '--username', '--maintenance-db'];
const MYSQLADMIN_OPTS = ['-h', '--host', '-P', '--port', '-u', '--user', '-S', '--socket', '--defaults-file', '--defaults-extra-file', '-c', '--count', '-i', '--sleep'];

const rules: Rule[] = [
	statementRule('drop-database', 'critical', 'Drops a whole database or schema and everything in it.',
		'Take a backup first (pg_dump -Fc / mysqldump) and check which server you are connected to.'),
	statementRule('drop-table', 'high', 'Drops a table and every row in it.',
		'Back the table up first (CREATE TABLE t_backup AS SELECT * FROM t), or rename it instead of dropping it.'),
	statementRule('truncate', 'high', 'Empties a table: TRUNCATE removes every row and cannot be rolled back in most databases.',
		'Check the row count first (SELECT count(*) FROM t) and take a backup.'),
	statementRule('delete-all', 'high', 'Deletes every row of a table: the DELETE has no WHERE clause, or one that is always true.',
		'Add a WHERE clause, run the same condition as SELECT count(*) first, and wrap it in BEGIN … ROLLBACK to check.'),
	statementRule('update-all', 'high', 'Changes every row of a table: the UPDATE has no WHERE clause, or one that is always true.',
		'Add a WHERE clause, run the same condition as SELECT count(*) first, and wrap it in BEGIN … ROLLBACK to check.'),
	statementRule('alter-drop', 'high', 'Drops a column or partition (and its data) from a table.',
		'Back the table up first; for a column, copy it out (CREATE TABLE … AS SELECT id, col FROM t).'),
	statementRule('drop-object', 'medium', 'Drops an index, view, function, sequence, role or similar object.',
		'Save its definition first (pg_dump --schema-only, SHOW CREATE …).'),
	{
		id: 'sql:unknown-script',
		severity: 'high',
		commands: SQL_COMMANDS,
		reason: 'Runs SQL from a file or a download that could not be read: what it does is only known when it runs.',
		alternative: 'Look at the file first (less file.sql), or run it inside BEGIN … ROLLBACK to check.',
		match(inv, rc) {
			// The statements are read first: a file they include that cannot be read is noted then.
			judge(inv, rc);
			const call = callOf(inv, rc);
			const unread = unreadableInputs(inv);
			if (!call || call.ephemeral || call.readOnly || unread.length === 0) {
				return undefined;
			}
			const made = unread.filter((u) => u.startsWith(OUTPUT_OF));
			const files = unread.filter((u) => !u.startsWith(OUTPUT_OF));
			if (files.length === 0) {
				// `cat wipe.sql | grep -v '^--' | psql`: the pipeline's text holds a risky word; its last stage is not computed here.
				return { targets: [made[0]], reason: `${capitalize(through(call))} runs ${made.join(', ')}, made from text with a risky word by a command whose output is only known when it runs: what it does is only known then.` };
			}
			return { targets: [files[0]], reason: `${capitalize(through(call))} runs ${files.join(', ')}, which could not be read (missing, unreadable, not a regular file, over 256 KB, or written earlier in this line with contents only known when it runs): what it does is only known then.` };
		},
	},
	{
		id: 'sql:dropdb',
		severity: 'critical',
		commands: ['dropdb', 'mysqladmin', 'mariadb-admin', 'pg_dropcluster', 'dropuser'],
		reason: 'Drops a whole database and everything in it.',
		alternative: 'Take a backup first (pg_dump -Fc db > db.dump) and check the host you are connected to.',
		match(inv) {
			// mysqladmin: `-p` prompts for a password and `-psecret` carries one; PostgreSQL tools: `-p` is the port.
			const mysql = inv.name === 'mysqladmin' || inv.name === 'mariadb-admin';
			const parsed = mysql ? parseArgs(inv.argv.slice(1).filter((w) => !/^-p/.test(w.text)).map(mysqlSpelling), { withValue: MYSQLADMIN_OPTS }) : toolArgs(inv, { withValue: DROPDB_OPTS });
			if (hasOption(parsed, '--help', '--version', '-?')) {
				return undefined;
			}
			const host = optionValue(parsed, '-h', '--host');
			const on = host ? ` on ${host}` : '';
			const words = parsed.positionals.map((w) => w.text);
			if (mysql) {
				const at = words.findIndex((w) => w.toLowerCase() === 'drop');
				return at >= 0 && words[at + 1] ? { targets: [words[at + 1]], reason: `Drops the database ${words[at + 1]}${on} and everything in it (${inv.name} drop).` } : undefined;
			}
			if (inv.name === 'pg_dropcluster') {
				return words.length >= 2 ? { targets: [words[1]], reason: `Deletes the PostgreSQL cluster ${words[0]}/${words[1]} and all its databases.` } : undefined;
			}
			if (inv.name === 'dropuser') {
				return words[0] ? { targets: [words[0]], severity: 'medium', reason: `Drops the database role ${words[0]}${on}.` } : undefined;
			}
			return words[0] ? { targets: [words[0]], reason: `Drops the database ${words[0]}${on} and everything in it (dropdb).` } : undefined;
		},
	},
	{
		id: 'sql:restore-clean',
		severity: 'high',
		commands: ['pg_restore', 'psql', 'mysql', 'mariadb'],
		reason: 'Restores a dump over a live database, dropping its existing tables first.',
		alternative: 'Restore into a new, empty database and switch over after checking it.',
		match(inv) {
			if (inv.name === 'pg_restore') {
				const parsed = toolArgs(inv, { withValue: ['-d', '--dbname', '-h', '--host', '-p', '--port', '-U', '--username', '-f', '--file', '-F', '--format', '-j', '--jobs', '-n', '--schema', '-t', '--table', '-L', '--use-list', '-N', '--exclude-schema', '-I', '--index', '-P', '--function', '-T', '--trigger', '-S', '--superuser', '--role'] });
				const db = optionValue(parsed, '-d', '--dbname');
				return db && hasOption(parsed, '-c', '--clean') ? { targets: [db], reason: `Drops every object in ${db} that the dump also contains, then restores it from the dump (pg_restore --clean).` } : undefined;
			}
			// `pg_dump --clean src | psql dest`, `mysqldump --add-drop-database src | mysql dest`
			const from = inv.source.stdin?.kind === 'pipe' ? inv.source.stdin.from.words : [];
			const dump = from[0]?.text.replace(/^.*\//, '');
			const dumpArgs = parseArgs(dump === 'mysqldump' || dump === 'mariadb-dump' ? from.slice(1).map(mysqlSpelling) : from.slice(1), { long: dump ? LONG_OPTIONS[dump] : undefined, withValue: ['-f', '--file', '-F', '--format', '-h', '--host', '-p', '--port', '-U', '--username', '-d', '--dbname', '-n', '--schema', '-N', '-t', '--table', '-T', '-j', '--jobs', '-Z', '--compress', '-E', '--encoding', '-S', '--superuser', '--role', '-l', '--database'] });
			// mysqldump's default `--opt` adds `DROP TABLE IF EXISTS` before each table: only `--skip-add-drop-table`,
			// `--skip-opt`, `--compact` or no table definitions (`-t`, `--no-create-info`) leave the tables there alone.
			const mysqlDrops = (dump === 'mysqldump' || dump === 'mariadb-dump') && (hasOption(dumpArgs, '--add-drop-database')
				|| !hasOption(dumpArgs, '--skip-add-drop-table', '--skip-opt', '--compact', '-t', '--no-create-info'));
			const cleans = (dump === 'pg_dump' || dump === 'pg_dumpall') && hasOption(dumpArgs, '-c', '--clean') || mysqlDrops;
			if (!cleans || inv.argv.some((w) => /^(?:-c|--command|-e|--execute|-f|--file)$/.test(w.text))) {
				return undefined;
			}
			const parsed = parseArgs(inv.argv.slice(1).filter((w) => !/^-p./.test(w.text) || inv.name === 'psql'), { withValue: ['-d', '--dbname', '-D', '--database', '-h', '--host', '-U', '-u', '--user', '-p', '--port', '-P', '-v'] });
			const db = optionValue(parsed, '-d', '--dbname', '-D', '--database') ?? parsed.positionals[0]?.text;
			return db ? { targets: [db], reason: `Replaces the tables in ${db} with the ones from ${dump}: its output drops each table before recreating it.` } : undefined;
		},
	},
];

export const sqlPack: RulePack = {
	name: 'sql',
	description: 'SQL through any client: DROP, TRUNCATE, ALTER … DROP, DELETE/UPDATE without a real WHERE.',
	rules,
};

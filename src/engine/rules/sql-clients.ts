/**
 * Where the SQL is, for every client the SQL pack knows: `-c`/`-e`/`--query` options, positional SQL
 * (`sqlite3 app.db 'DROP …'`, `bq query '…'`), script files (`-f file`, `-i file`, `@file`), and
 * standard input (heredoc, here-string, `echo … |`, `< file`, already resolved into `inv.stdinText`).
 * Also which dialect the client implies and which database it talks to, for the reason a person reads.
 */
import { hasOption, optionValue, parseArgs, type ParsedArgs } from '../shell/argv';
import { LONG_OPTIONS, mysqlSpelling } from '../shell/longOptions';
import { readRelative } from '../shell/input';
import { pipelineIsRisky } from '../shell/wrappers';
import type { SqlDialect } from '../sql/tokens';
import type { Invocation, Word } from '../types';
import type { RuleContext } from './rule';

export interface SqlCall {
	/** The client, as a person would name it: `psql`, `mysql`, `wrangler d1 execute`. */
	readonly client: string;
	readonly dialect: SqlDialect;
	/** SQL texts in the order the client runs them (unknown files are left out). */
	readonly texts: readonly string[];
	/** The database it talks to, as written (passwords in URLs masked), for the reason. */
	readonly where?: string;
	/** A production environment named in the arguments (`rails dbconsole -e production`). */
	readonly production?: string;
	/** An in-memory database (`sqlite3` without a file, `:memory:`): nothing it drops outlives it. */
	readonly ephemeral?: boolean;
	/** Opened read-only (`sqlite3 -readonly`): writes fail. */
	readonly readOnly?: boolean;
}

type Extractor = (inv: Invocation, rc: RuleContext) => SqlCall | undefined;

/** Reads a file named in the command (`-` is standard input); undefined when it cannot be read. */
export function readWord(text: string, inv: Invocation, rc: RuleContext): string | undefined {
	if (text === '-' || text === '/dev/stdin') {
		return inv.stdinText;
	}
	if (text.startsWith('<(') && text.endsWith(')')) {
		// `psql -f <(echo 'DROP TABLE users;')`: the file is what the substitution prints, when the line shows it.
		return inv.remote ? undefined : readRelative(text, rc.analysis);
	}
	const abs = rc.resolve(text, inv);
	return abs === undefined ? undefined : rc.readFile(abs);
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`. */
export function maskUrl(text: string): string {
	return text.replace(/^([a-z][\w+.-]*:\/\/[^:/@\s]*):[^@/\s]*@/i, '$1:***@').replace(/\bpassword=\S+/i, 'password=***');
}

function place(db: string | undefined, host: string | undefined): string | undefined {
	if (db && /^[a-z][\w+.-]*:\/\/|^jdbc:|=/i.test(db)) {
		return maskUrl(db);
	}
	if (db && host) {
		return `${db} at ${host}`;
	}
	return db ?? host;
}

function all(parsed: ParsedArgs, ...names: string[]): string[] {
	return names.flatMap((n) => parsed.options.get(n) ?? []);
}

/** Script files and inputs a client would run but that could not be read, per invocation, as written. */
const unreadable = new WeakMap<Invocation, string[]>();

/** What an invocation's client would run but the engine could not read (files, `< file`, a download piped in). */
export function unreadableInputs(inv: Invocation): readonly string[] {
	return unreadable.get(inv) ?? [];
}

export function noteUnreadable(inv: Invocation, name: string): void {
	const list = unreadable.get(inv) ?? [];
	if (!list.includes(name)) {
		list.push(name);
	}
	unreadable.set(inv, list);
}

/** Runs an extractor on a rewritten copy of the invocation; what it could not read is noted on the original. */
function delegate(extractor: Extractor, copy: Invocation, original: Invocation, rc: RuleContext): SqlCall | undefined {
	const call = extractor(copy, rc);
	for (const name of unreadableInputs(copy)) {
		noteUnreadable(original, name);
	}
	return call;
}

function files(names: readonly string[], inv: Invocation, rc: RuleContext): string[] {
	const texts: string[] = [];
	for (const name of names.flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean)) {
		const text = readWord(name, inv, rc);
		if (text !== undefined) {
			texts.push(text);
		} else if (name !== '-' && name !== '/dev/stdin') {
			noteUnreadable(inv, name);
		}
	}
	return texts;
}

/** Programs whose output piped into a client is only known when they run. */
const FETCHERS = new Set(['curl', 'wget', 'cat', 'zcat', 'gunzip', 'bzcat', 'xzcat', 'aws', 'gsutil']);

function stdin(inv: Invocation, rc: RuleContext): string[] {
	if (inv.stdinText !== undefined) {
		return [inv.stdinText];
	}
	// `mysql db < dump.sql` with the file unreadable, `curl … | psql`, `cat missing.sql | psql`.
	const input = inv.redirects.find((r) => r.op === '<' && r.target);
	if (input?.target) {
		noteUnreadable(inv, input.target.text);
	} else if (inv.source.stdin?.kind === 'pipe') {
		const producer = inv.source.stdin.from;
		const from = producer.words;
		const name = from[0]?.text.replace(/^.*\//, '');
		const what = from.slice(1).find((w) => !w.text.startsWith('-'));
		if (name && FETCHERS.has(name) && what) {
			noteUnreadable(inv, what.text);
		} else if (!DUMPERS.has(name ?? '') && pipelineIsRisky(producer, rc.analysis)) {
			// `cat wipe.sql | grep -v '^--' | psql`: SQL made by a stage not computed here from text with a risky word
			// (as a shell fed so asks, shell/wrappers.ts unknownStdinCode).
			noteUnreadable(inv, `${OUTPUT_OF}${producer.raw.trim()}`);
		}
	}
	return [];
}

/** Dump tools piped into a client: the dump rule (rules/sql.ts) reads their options (`--add-drop-table` is a risky-looking word, not SQL). */
const DUMPERS = new Set(['mysqldump', 'mariadb-dump', 'pg_dump', 'pg_dumpall', 'mongodump']);

/** How an input made by a pipeline not computed here is named among the inputs that could not be read. */
export const OUTPUT_OF = 'the output of ';

function isHelp(parsed: ParsedArgs): boolean {
	return hasOption(parsed, '--help', '--version', '-?', '--list');
}

/** A client with `-c SQL`, `-f FILE`-style options; standard input when neither is given. */
function optionClient(client: string, dialect: SqlDialect, spec: { sql: string[]; file: string[]; db: string[]; host?: string[]; value?: string[]; long?: readonly string[]; args?: (inv: Invocation) => readonly Word[] | undefined; env?: [string, string] }): Extractor {
	return (inv, rc) => {
		const args = spec.args ? spec.args(inv) : inv.argv.slice(1);
		if (!args) {
			return undefined;
		}
		const parsed = parseArgs(args, { withValue: [...spec.sql, ...spec.file, ...spec.db, ...(spec.host ?? []), ...(spec.value ?? [])], long: spec.long });
		if (isHelp(parsed)) {
			return undefined;
		}
		const sql = all(parsed, ...spec.sql);
		const fileNames = all(parsed, ...spec.file);
		const texts = [...sql, ...files(fileNames, inv, rc)];
		// The client's own environment variables name the server when the options do not: PGHOST, MYSQL_HOST.
		const db = optionValue(parsed, ...spec.db) ?? parsed.positionals[0]?.text ?? (spec.env ? inv.env[spec.env[0]] : undefined);
		const host = optionValue(parsed, ...(spec.host ?? [])) ?? (spec.env ? inv.env[spec.env[1]] : undefined);
		return { client, dialect, texts: sql.length + fileNames.length > 0 ? texts : stdin(inv, rc), where: place(db, host) };
	};
}

/** argv after `sub…` when the invocation is `name sub…`, else undefined. */
function after(...sub: string[]): (inv: Invocation) => readonly Word[] | undefined {
	return (inv) => (sub.every((s, i) => inv.argv[i + 1]?.text === s) ? inv.argv.slice(1 + sub.length) : undefined);
}


/**
 * psql puts its variables into the SQL before it runs: `-v t=users -c 'DROP TABLE :t'` drops users. Values
 * come from `-v`/`--set`/`--variable` and from `\set name value` lines, in order; `:name` is the value,
 * `:'name'` it quoted as a literal, `:"name"` as an identifier. An unset one stays as written, as in psql.
 */
function withPsqlVariables(call: SqlCall | undefined, inv: Invocation): SqlCall | undefined {
	if (!call || !call.texts.some((t) => /:['"]?[A-Za-z_]/.test(t))) {
		return call;
	}
	const vars = new Map<string, string>();
	const parsed = parseArgs(inv.argv.slice(1), { withValue: ['-v', '--set', '--variable'], long: LONG_OPTIONS.psql });
	for (const setting of all(parsed, '-v', '--set', '--variable')) {
		const eq = setting.indexOf('=');
		if (eq > 0) {
			vars.set(setting.slice(0, eq), setting.slice(eq + 1));
		}
	}
	const texts = call.texts.map((text) => text.split('\n').map((line) => {
		const set = /^\s*\\set\s+([A-Za-z_]\w*)\s*(.*)$/.exec(line);
		if (set) {
			// `\set t users`, `\set t 'users'`: the words after the name, quotes removed, joined.
			vars.set(set[1], set[2].trim().replace(/'((?:[^']|'')*)'/g, (_m, body: string) => body.replace(/''/g, "'")).replace(/\s+/g, ''));
			return line;
		}
		return line.replace(/(?<![:\w]):(?:'([A-Za-z_]\w*)'|"([A-Za-z_]\w*)"|([A-Za-z_]\w*))/g, (m, literal?: string, ident?: string, plain?: string) => {
			const value = vars.get(literal ?? ident ?? plain ?? '');
			return value === undefined ? m : literal ? `'${value.replace(/'/g, "''")}'` : ident ? `"${value.replace(/"/g, '""')}"` : value;
		});
	}).join('\n'));
	return { ...call, texts };
}

const psqlOptions = optionClient('psql', 'postgresql', {
	sql: ['-c', '--command'], file: ['-f', '--file'], db: ['-d', '--dbname'], host: ['-h', '--host'],
	value: ['-p', '--port', '-U', '--username', '-v', '--set', '--variable', '-o', '--output', '-L', '--log-file', '-F', '--field-separator', '-R', '--record-separator', '-P', '--pset', '-T', '--table-attr'],
	long: LONG_OPTIONS.psql,
	env: ['PGDATABASE', 'PGHOST'],
});
const psql: Extractor = (inv, rc) => withPsqlVariables(psqlOptions(inv, rc), inv);


/** mysql, mariadb, mycli: `-psecret` is a password glued to -p, not a cluster of flags. */
function mysql(client: string, dialect: SqlDialect): Extractor {
	return (inv, rc) => {
		const args = inv.argv.slice(1).filter((w) => client === 'mycli' || !/^-p/.test(w.text)).map((w) => (client === 'mycli' ? w : mysqlSpelling(w)));
		const extractor = optionClient(client, dialect, {
			sql: ['-e', '--execute', '--init-command'], file: [], db: ['-D', '--database'], host: ['-h', '--host'],
			value: ['-u', '--user', '-P', '--port', '-S', '--socket', '--defaults-file', '--defaults-extra-file', '--login-path', '--default-character-set', '--tee', '--prompt', ...(client === 'mycli' ? ['-p', '--password', '--myclirc', '-R'] : [])],
			long: client === 'mycli' ? undefined : LONG_OPTIONS.mysql,
			env: ['MYSQL_DATABASE', 'MYSQL_HOST'],
		});
		return delegate(extractor, { ...inv, argv: [inv.argv[0], ...args] }, inv, rc);
	};
}

const SQLITE_VALUE = new Set(['cmd', 'init', 'separator', 'newline', 'nullvalue', 'vfs', 'A', 'lookaside', 'maxsize', 'mmap', 'pagecache', 'heap', 'escape', 'c', 's', 'e', 'execute']);

/** sqlite3, duckdb, litecli: `sqlite3 [-opts] FILE [SQL…]`, single-dash long options. */
function sqliteLike(client: string, dialect: SqlDialect): Extractor {
	return (inv, rc) => {
		const texts: string[] = [];
		const positionals: string[] = [];
		let readOnly = false;
		let sqlGiven = false;
		const args = inv.argv.slice(1);
		for (let i = 0; i < args.length; i++) {
			const t = args[i].text;
			if (t.startsWith('-') && t !== '-') {
				const name = t.replace(/^--?/, '').replace(/=.*$/, '');
				const value = t.includes('=') ? t.slice(t.indexOf('=') + 1) : SQLITE_VALUE.has(name) ? args[++i]?.text : undefined;
				if (name === 'readonly') {
					readOnly = true;
				} else if (name === 'help' || name === 'version') {
					return undefined;
				} else if (value !== undefined && ['cmd', 'c', 's', 'e', 'execute'].includes(name)) {
					texts.push(value);
					sqlGiven ||= name !== 'cmd';
				} else if (value !== undefined && name === 'init') {
					texts.push(...files([value], inv, rc));
				}
				continue;
			}
			positionals.push(t);
		}
		const [db, ...sql] = positionals;
		texts.push(...sql);
		if (!sqlGiven && sql.length === 0) {
			texts.push(...stdin(inv, rc));
		}
		const opens = texts.some((t) => /^\s*\.open\b|\battach\b/im.test(t));
		return { client, dialect, texts, where: db, readOnly, ephemeral: (!db || db === ':memory:') && !opens };
	};
}

function sqlcmd(inv: Invocation, rc: RuleContext): SqlCall | undefined {
	if (inv.name === 'invoke-sqlcmd') {
		const get = (name: string) => {
			const i = inv.argv.findIndex((w) => w.text.toLowerCase() === name);
			return i > 0 ? inv.argv[i + 1]?.text : undefined;
		};
		const query = get('-query');
		const file = get('-inputfile');
		return { client: 'Invoke-Sqlcmd', dialect: 'transactsql', texts: [...(query ? [query] : []), ...(file ? files([file], inv, rc) : [])], where: place(get('-database'), get('-serverinstance')) };
	}
	const parsed = parseArgs(inv.argv.slice(1), {
		withValue: ['-S', '-d', '-U', '-P', '-Q', '-q', '-i', '-o', '-v', '-s', '-w', '-h', '-l', '-t', '-a', '-f', '-H', '-c', '-k', '-L', '--server', '--database', '--user-name', '--query', '--input-file'],
	});
	const query = parsed.positionals[0]?.text === 'query' ? parsed.positionals.slice(1, 2).map((w) => w.text) : [];
	const sql = [...all(parsed, '-Q', '-q', '--query'), ...query];
	const inputs = all(parsed, '-i', '--input-file');
	const texts = [...sql, ...files(inputs, inv, rc)];
	return { client: inv.name, dialect: 'transactsql', texts: sql.length + inputs.length > 0 ? texts : stdin(inv, rc), where: place(optionValue(parsed, '-d', '--database'), optionValue(parsed, '-S', '--server')) };
}

function bq(inv: Invocation, rc: RuleContext): SqlCall | undefined {
	const at = inv.argv.findIndex((w, i) => i > 0 && w.text === 'query');
	if (at < 0) {
		return undefined;
	}
	const parsed = parseArgs(inv.argv.slice(at + 1), {
		withValue: ['--destination_table', '--parameter', '--max_rows', '-n', '--label', '--schedule', '--display_name', '--target_dataset', '--job_id', '--maximum_bytes_billed', '--location', '--project_id', '--dataset_id', '--format', '--udf_resource', '--external_table_definition', '--session_id', '--connection_property', '--time_partitioning_field', '--time_partitioning_type', '--clustering_fields', '--range_partitioning', '--schema_update_option', '--job_timeout_ms', '--reservation_id', '--destination_kms_key'],
	});
	if (hasOption(parsed, '--dry_run') || isHelp(parsed)) {
		return undefined;
	}
	const sql = parsed.positionals.map((w) => w.text).join(' ');
	const global = parseArgs(inv.argv.slice(1, at));
	return { client: 'bq query', dialect: 'bigquery', texts: sql ? [sql] : stdin(inv, rc), where: optionValue(global, '--project_id', '--dataset_id') ?? optionValue(parsed, '--project_id', '--dataset_id') };
}

/** usql picks the dialect from the URL scheme: `pg://`, `my://`, `sq:`, `ms://`, … */
function usql(inv: Invocation, rc: RuleContext): SqlCall | undefined {
	const call = optionClient('usql', 'generic', {
		sql: ['-c', '--command'], file: ['-f', '--file'], db: [],
		value: ['-o', '--out', '-v', '--set', '-N', '--cset', '-P', '--pset', '-F', '--field-separator', '-R', '--record-separator', '-T', '--table-attr', '--config'],
	})(inv, rc);
	const scheme = /^([a-z0-9+]+):/i.exec(call?.where ?? '')?.[1].toLowerCase() ?? '';
	const dialect: SqlDialect = /^(?:pg|pgsql|postgres|postgresql|cr|cockroach|cockroachdb|redshift|rs)$/.test(scheme) ? 'postgresql'
		: /^(?:my|mysql|maria|mariadb|aurora|tidb|vitess|vt)$/.test(scheme) ? 'mysql'
			: /^(?:sq|sqlite|sqlite3|file|libsql|turso)$/.test(scheme) ? 'sqlite'
				: /^(?:ms|mssql|sqlserver|azuresql)$/.test(scheme) ? 'transactsql'
					: /^(?:ch|clickhouse)$/.test(scheme) ? 'clickhouse' : /^(?:bq|bigquery)$/.test(scheme) ? 'bigquery' : /^(?:sf|snowflake)$/.test(scheme) ? 'snowflake' : /^(?:dk|duckdb)$/.test(scheme) ? 'duckdb' : 'generic';
	return call && { ...call, dialect };
}

function rails(inv: Invocation, rc: RuleContext): SqlCall | undefined {
	if (!['dbconsole', 'db'].includes(inv.argv[1]?.text ?? '')) {
		return undefined;
	}
	const parsed = parseArgs(inv.argv.slice(2), { withValue: ['-e', '--environment', '--db', '--database', '--mode'] });
	const env = optionValue(parsed, '-e', '--environment') ?? parsed.positionals[0]?.text;
	const db = optionValue(parsed, '--db', '--database');
	return { client: 'rails dbconsole', dialect: 'generic', texts: stdin(inv, rc), where: db ?? (env ? `the ${env} database` : undefined), production: env && /^(?:prod|production|live)$/i.test(env) ? env : undefined };
}

/** `python manage.py dbshell [-- client args]`: SQL on stdin, or `-- -c "…"` handed to psql/mysql. */
function dbshell(inv: Invocation, rc: RuleContext): SqlCall | undefined {
	const at = inv.argv.findIndex((w) => w.text === 'dbshell');
	const django = inv.name === 'manage.py' || inv.name === 'django-admin' || inv.name === 'django-admin.py' || inv.argv.some((w, i) => i < at && /(?:^|\/)manage\.py$|^django$/.test(w.text));
	if (at < 0 || !django) {
		return undefined;
	}
	const rest = inv.argv.slice(at + 1);
	const dashdash = rest.findIndex((w) => w.text === '--');
	const own = parseArgs(dashdash >= 0 ? rest.slice(0, dashdash) : rest, { withValue: ['--database', '--settings'] });
	const client = dashdash >= 0 ? parseArgs(rest.slice(dashdash + 1), { withValue: ['-c', '--command', '-e', '--execute', '-U', '-h', '-d', '-u'] }) : undefined;
	const sql = client ? all(client, '-c', '--command', '-e', '--execute') : [];
	return { client: 'manage.py dbshell', dialect: 'generic', texts: sql.length > 0 ? sql : stdin(inv, rc), where: optionValue(own, '--database') };
}

function sqlplus(inv: Invocation, rc: RuleContext): SqlCall | undefined {
	const scripts = inv.argv.slice(1).filter((w) => w.text.startsWith('@') && w.text.length > 1).map((w) => w.text.slice(1));
	const texts = scripts.length > 0 ? files(scripts, inv, rc) : stdin(inv, rc);
	const login = inv.argv.slice(1).find((w) => !w.text.startsWith('-') && !w.text.startsWith('@'))?.text;
	return { client: 'sqlplus', dialect: 'generic', texts, where: login ? maskUrl(login.replace(/\/[^@]*@/, '/***@')) : undefined };
}

function synthetic(inv: Invocation, rc: RuleContext): SqlCall | undefined {
	// SQL a call passes, or a file the code reads into it (`< file` here; one that cannot be read is sql:unknown-script's).
	return inv.stdinText !== undefined || inv.redirects.some((r) => r.op === '<') ? { client: 'a database driver call', dialect: 'generic', texts: stdin(inv, rc) } : undefined;
}

const EXTRACTORS: Record<string, Extractor> = {
	'psql': psql,
	'pgcli': optionClient('pgcli', 'postgresql', { sql: [], file: [], db: ['-d', '--dbname'], host: ['-h', '--host'], value: ['-p', '--port', '-U', '--username', '-u', '--user', '--pgclirc'] }),
	'mysql': mysql('mysql', 'mysql'),
	'mariadb': mysql('mariadb', 'mariadb'),
	'mycli': mysql('mycli', 'mysql'),
	'mysqlsh': (inv, rc) => (inv.argv.some((w) => /^--sql[cx]?$/.test(w.text)) ? mysql('mysqlsh', 'mysql')(inv, rc) : undefined),
	'sqlite3': sqliteLike('sqlite3', 'sqlite'),
	'sqlite': sqliteLike('sqlite', 'sqlite'),
	'litecli': sqliteLike('litecli', 'sqlite'),
	'duckdb': sqliteLike('duckdb', 'duckdb'),
	'sqlcmd': sqlcmd,
	'mssql-cli': sqlcmd,
	'invoke-sqlcmd': sqlcmd,
	'clickhouse-client': optionClient('clickhouse-client', 'clickhouse', { sql: ['-q', '--query'], file: ['--queries-file'], db: ['-d', '--database'], host: ['-h', '--host'], value: ['--port', '-u', '--user', '--password', '-f', '--format', '-C', '--config-file', '--config'] }),
	'clickhouse-local': optionClient('clickhouse-local', 'clickhouse', { sql: ['-q', '--query'], file: ['--queries-file'], db: ['-d', '--database'], value: ['-f', '--format', '--file', '-S', '--structure', '--input-format', '--output-format'] }),
	'clickhouse': (inv, rc) => {
		const sub = inv.argv[1]?.text;
		return sub === 'client' || sub === 'local' ? delegate(EXTRACTORS[`clickhouse-${sub}`], { ...inv, argv: inv.argv.slice(1) }, inv, rc) : undefined;
	},
	'cockroach': optionClient('cockroach sql', 'postgresql', { args: after('sql'), sql: ['-e', '--execute'], file: ['-f', '--file'], db: ['--url', '-d', '--database'], host: ['--host'], value: ['-u', '--user', '--certs-dir', '--format', '--set', '--port', '-p', '--cluster-name'] }),
	'snowsql': optionClient('snowsql', 'snowflake', { sql: ['-q', '--query'], file: ['-f', '--filename'], db: ['-d', '--dbname'], host: ['-a', '--accountname'], value: ['-u', '--username', '-s', '--schemaname', '-w', '--warehouse', '-r', '--rolename', '-c', '--connection', '-o', '--option', '-D', '--variable', '--config', '--authenticator', '-h', '--host', '-p', '--port'] }),
	'snow': optionClient('snow sql', 'snowflake', { args: after('sql'), sql: ['-q', '--query'], file: ['-f', '--filename'], db: ['--database', '--dbname'], host: ['-c', '--connection', '--account'], value: ['--schema', '--role', '--warehouse', '-D', '--variable', '--user'] }),
	'bq': bq,
	'usql': usql,
	'turso': (inv, rc) => {
		const args = after('db', 'shell')(inv);
		if (!args) {
			return undefined;
		}
		const parsed = parseArgs(args, { withValue: ['--instance', '--location', '--proxy'] });
		const [db, ...sql] = parsed.positionals.map((w) => w.text);
		return { client: 'turso db shell', dialect: 'sqlite', texts: sql.length > 0 ? sql : stdin(inv, rc), where: db };
	},
	'wrangler': (inv, rc) => {
		const call = optionClient('wrangler d1 execute', 'sqlite', { args: after('d1', 'execute'), sql: ['--command'], file: ['--file'], db: [], value: ['--persist-to', '--env', '-e', '--config', '-c', '--database'] })(inv, rc);
		const remote = inv.argv.some((w) => w.text === '--remote');
		return call && { ...call, where: call.where && `${call.where} (${remote ? 'remote' : 'local'})` };
	},
	'prisma': optionClient('prisma db execute', 'generic', { args: after('db', 'execute'), sql: [], file: ['--file'], db: ['--url'], value: ['--schema'] }),
	'heroku': optionClient('heroku pg:psql', 'postgresql', { args: after('pg:psql'), sql: ['-c', '--command'], file: ['-f', '--file'], db: ['-a', '--app'], value: ['-r', '--remote', '--credential'] }),
	'pscale': optionClient('pscale shell', 'mysql', { args: after('shell'), sql: ['-e', '--execute'], file: [], db: [], value: ['--org', '--role', '--local-addr', '--remote-addr'] }),
	'fly': (inv, rc) => (['postgres', 'pg'].includes(inv.argv[1]?.text ?? '') && inv.argv[2]?.text === 'connect' ? optionClient('fly postgres connect', 'postgresql', { args: after(inv.argv[1].text, 'connect'), sql: [], file: [], db: ['-a', '--app'], value: ['-d', '--database', '-u', '--user', '-r', '--region'] })(inv, rc) : undefined),
	'gcloud': optionClient('gcloud sql connect', 'generic', { args: after('sql', 'connect'), sql: [], file: [], db: [], value: ['--user', '--database', '--project', '--port'] }),
	'wp': (inv, rc) => {
		const args = after('db', 'query')(inv);
		const sql = args ? parseArgs(args, { withValue: ['--path', '--url', '--ssh', '--dbuser', '--dbpass'] }).positionals.map((w) => w.text) : [];
		return args && { client: 'wp db query', dialect: 'mysql', texts: sql.length > 0 ? sql : stdin(inv, rc) };
	},
	'drush': (inv, rc) => {
		if (!['sql:query', 'sql-query', 'sqlq'].includes(inv.argv[1]?.text ?? '')) {
			return undefined;
		}
		const parsed = parseArgs(inv.argv.slice(2), { withValue: ['--file', '--database', '--target', '--db-url', '-l', '--uri', '-r', '--root'] });
		const file = optionValue(parsed, '--file');
		const texts = [...parsed.positionals.map((w) => w.text), ...(file ? files([file], inv, rc) : [])];
		return { client: 'drush sql:query', dialect: 'mysql', texts: texts.length > 0 || file ? texts : stdin(inv, rc), where: optionValue(parsed, '-l', '--uri') };
	},
	'rails': rails,
	'python': dbshell,
	'manage.py': dbshell,
	'django-admin': dbshell,
	'cqlsh': optionClient('cqlsh', 'cql', { sql: ['-e', '--execute'], file: ['-f', '--file'], db: ['-k', '--keyspace'], value: ['-u', '--username', '-p', '--password', '--cqlshrc', '--cqlversion', '--connect-timeout', '--request-timeout', '--encoding', '-t'], long: LONG_OPTIONS.cqlsh }),
	'influx': (inv) => {
		// InfluxDB 1.x shell: `influx -database db -execute 'DROP MEASUREMENT cpu'`.
		const i = inv.argv.findIndex((w) => w.text === '-execute' || w.text === '--execute');
		const d = inv.argv.findIndex((w) => w.text === '-database' || w.text === '--database');
		return i > 0 && inv.argv[i + 1] ? { client: 'influx', dialect: 'influxql', texts: [inv.argv[i + 1].text], where: d > 0 ? inv.argv[d + 1]?.text : undefined } : undefined;
	},
	'trino': optionClient('trino', 'generic', { sql: ['--execute'], file: ['-f', '--file'], db: ['--catalog'], host: ['--server'], value: ['--schema', '--user', '--output-format'] }),
	'spark-sql': optionClient('spark-sql', 'generic', { sql: ['-e'], file: ['-f', '-i'], db: ['--database'], value: ['--conf', '--master', '--name', '--jars', '--packages', '--hiveconf', '--hivevar'] }),
	'beeline': optionClient('beeline', 'generic', { sql: ['-e'], file: ['-f', '-i'], db: ['-u'], value: ['-n', '-p', '--hiveconf', '--hivevar'] }),
	'sqlplus': sqlplus,
	'@sql': synthetic,
};
for (const alias of ['presto']) {
	EXTRACTORS[alias] = EXTRACTORS.trino;
}
for (const alias of ['hive']) {
	EXTRACTORS[alias] = EXTRACTORS['spark-sql'];
}
EXTRACTORS.flyctl = EXTRACTORS.fly;
for (const alias of ['python3', 'python2', 'django-admin.py']) {
	EXTRACTORS[alias] = dbshell;
}

/** Local-dev wrappers that run a tool inside the project's container: `ddev mysql`, `lando drush`. */
const DEV_WRAPPERS = ['ddev', 'lando'];

/** Every command name the SQL rules look at. */
export const SQL_COMMANDS: readonly string[] = [...Object.keys(EXTRACTORS), ...DEV_WRAPPERS];

/** The SQL an invocation runs, or undefined when it is not a SQL client call. */
export function sqlCall(inv: Invocation, rc: RuleContext): SqlCall | undefined {
	if (DEV_WRAPPERS.includes(inv.name)) {
		const inner = inv.argv[1]?.text ?? '';
		return EXTRACTORS[inner] ? delegate(EXTRACTORS[inner], { ...inv, name: inner, argv: inv.argv.slice(1), remote: true }, inv, rc) : undefined;
	}
	return EXTRACTORS[inv.name]?.(inv, rc);
}

/** The pure parts of the database prompts: where statements end, which client is in front, the line judged. */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze, initParser } from '../../../src/engine/analyze';
import { replLine, type ReplInvocation } from '../../../src/engine/replStatement';
import { argvOf, replClientOf } from '../../../src/terminal/repl/clients';
import { splitStatements, type ReplKind } from '../../../src/terminal/repl/statements';

function t(kind: ReplKind, text: string, statements: string[], rest = '', delimiter?: string): void {
	it(`${kind}: ${JSON.stringify(text)} -> ${JSON.stringify(statements)} + rest ${JSON.stringify(rest)}`, () => {
		const split = splitStatements(kind, text, delimiter);
		assert.deepEqual(split.statements.map((s) => `${s.kind}:${s.text}`), statements);
		assert.equal(split.rest, rest);
	});
}

describe('splitStatements: SQL terminators outside quotes and comments', () => {
	t('sqlite', 'DROP TABLE users;', ['sql:DROP TABLE users;']);
	t('sqlite', 'DROP TABLE users', [], 'DROP TABLE users');
	t('sqlite', 'DROP\nTABLE\nusers;', ['sql:DROP\nTABLE\nusers;']);
	t('sqlite', 'DROP TABLE a; SELECT', ['sql:DROP TABLE a;'], ' SELECT');
	t('sqlite', "SELECT ';'", [], "SELECT ';'");
	t('sqlite', "SELECT 'it''s;'; DROP TABLE x;", ["sql:SELECT 'it''s;';", 'sql:DROP TABLE x;']);
	t('sqlite', 'SELECT 1 -- ;', [], 'SELECT 1 -- ;');
	t('sqlite', '/* ; */ DROP TABLE users;', ['sql:/* ; */ DROP TABLE users;']);
	t('sqlite', 'SELECT [a;b] FROM t', [], 'SELECT [a;b] FROM t');
	t('sqlite', '.shell rm -rf x', ['shell:rm -rf x']);
	t('sqlite', '.system rm -rf x', ['shell:rm -rf x']);
	t('sqlite', '.read drop.sql', ['file:drop.sql']);
	t('sqlite', '.open other.db', ['session:other.db']);
	t('sqlite', '.tables', ['client:.tables']);
	t('sqlite', 'SELECT 1\n.shell rm x', [], 'SELECT 1\n.shell rm x');
	t('sqlite', "SELECT 'a\\';", ["sql:SELECT 'a\\';"]);
	t('psql', 'DROP TABLE users \\g', ['sql:DROP TABLE users']);
	t('psql', 'DROP TABLE users \\gx', ['sql:DROP TABLE users']);
	t('psql', '\\g', ['sql:']);
	t('psql', 'SELECT $$;$$', [], 'SELECT $$;$$');
	t('psql', 'SELECT $x$ ; $x$;', ['sql:SELECT $x$ ; $x$;']);
	t('psql', "SELECT E'\\';' ;", ["sql:SELECT E'\\';' ;"]);
	t('psql', 'SELECT 1 \\; DROP TABLE x', [], 'SELECT 1 \\; DROP TABLE x');
	t('psql', '/* /* ; */ ; */ DROP TABLE x;', ['sql:/* /* ; */ ; */ DROP TABLE x;']);
	t('psql', '\\! rm -rf x', ['shell:rm -rf x']);
	t('psql', '\\i drop.sql', ['file:drop.sql']);
	t('psql', '\\c prod', ['session:prod']);
	t('psql', '\\e', ['edit:']);
	t('psql', '\\d users', ['client:\\d users']);
	t('psql', 'DROP TABLE users\n\\d', ['client:\\d'], 'DROP TABLE users\n');
	t('psql', 'DROP TABLE\n\\d\nusers;', ['client:\\d', 'sql:DROP TABLE\n\nusers;']);
	t('mysql', 'DROP TABLE users\\G', ['sql:DROP TABLE users']);
	t('mysql', "SELECT 'a\\';' ;", ["sql:SELECT 'a\\';' ;"]);
	t('mysql', 'SELECT 1 # ;', [], 'SELECT 1 # ;');
	t('mysql', 'DROP TABLE users \\c', [], '');
	t('mysql', 'system rm -rf x', ['shell:rm -rf x']);
	t('mysql', '\\! rm -rf x', ['shell:rm -rf x']);
	t('mysql', 'source drop.sql', ['file:drop.sql']);
	t('mysql', 'use prod', ['session:prod']);
	t('mysql', 'delimiter //\nDROP TABLE a; //', ['client:delimiter //', 'sql:DROP TABLE a; //']);
	t('mysql', 'DROP TABLE a //', ['sql:DROP TABLE a //'], '', '//');
	t('redis', 'FLUSHALL', ['redis:FLUSHALL']);
	t('redis', '  flushdb  ', ['redis:flushdb']);
	t('redis', 'SELECT 2', ['session:2']);
	t('mongosh', 'db.users.drop()', ['mongo:db.users.drop()']);
	t('mongosh', 'db.users.deleteMany({', [], 'db.users.deleteMany({');
	t('mongosh', 'db.users.deleteMany({\n})', ['mongo:db.users.deleteMany({\n})']);
	t('mongosh', "db.x.find({a: '}'})", ["mongo:db.x.find({a: '}'})"]);
	t('mongosh', 'use prod', ['session:prod']);

	it('an open quote at the end is reported with what closes it', () => {
		assert.deepEqual(splitStatements('sqlite', "UPDATE t SET a = 'x").open, { closer: "'" });
		assert.deepEqual(splitStatements('psql', 'SELECT $f$ x').open, { closer: '$f$' });
		assert.deepEqual(splitStatements('psql', 'SELECT /* x').open, { closer: '*/' });
		assert.equal(splitStatements('psql', 'SELECT 1').open, undefined);
	});
});

describe('replClientOf: the client an argv runs, also under wrappers', () => {
	const c = (argv: string[]) => {
		const r = replClientOf(argv);
		return r && `${r.kind}@${r.clientAt}`;
	};
	it('direct clients, by base name', () => {
		assert.equal(c(['sqlite3', 'app.db']), 'sqlite@0');
		assert.equal(c(['/usr/bin/psql', '-h', 'db']), 'psql@0');
		assert.equal(c(['mariadb']), 'mysql@0');
		assert.equal(c(['redis-cli', '-p', '6380']), 'redis@0');
		assert.equal(c(['mongosh']), 'mongosh@0');
	});
	it('docker exec, kubectl exec, sudo', () => {
		assert.equal(c(['docker', 'exec', '-it', 'pg', 'psql', '-U', 'app']), 'psql@4');
		assert.equal(c(['kubectl', 'exec', '-it', 'pod', '--', 'psql']), 'psql@5');
		assert.equal(c(['sudo', '-u', 'postgres', 'psql']), 'psql@3');
		assert.equal(c(['docker', 'compose', 'exec', 'redis', 'redis-cli']), 'redis@4');
	});
	it('a client that is a script, as the kernel starts it', () => {
		assert.equal(c(['/usr/bin/python3', '/usr/local/bin/sqlite3', 'app.db']), 'sqlite@0');
		assert.equal(replClientOf(['python3', '/x/psql', '-d', 'app'])?.argv.join(' '), 'psql -d app');
		assert.equal(c(['python3', 'manage.py']), undefined);
	});
	it('a client that wrote its title over its arguments (mongosh: "mongosh " and NULs in /proc/<pid>/cmdline) is still found', () => {
		// As read from a running mongosh 2.12.0 (process.title): the bytes of /proc/<pid>/cmdline.
		const raw = `mongosh ${'\0'.repeat(50)}`;
		assert.deepEqual(argvOf(raw), ['mongosh']);
		assert.equal(c(argvOf(raw)), 'mongosh@0');
		assert.deepEqual(argvOf('sqlite3\0app.db\0'), ['sqlite3', 'app.db']);
		assert.deepEqual(argvOf('/opt/my tools/psql\0'), ['/opt/my tools/psql']);
	});
	it('anything else is not a client', () => {
		assert.equal(c(['bash']), undefined);
		assert.equal(c(['vim', 'psql']), undefined);
		assert.equal(c(['docker', 'exec', '-it', 'pg', 'bash']), undefined);
		assert.equal(c([]), undefined);
	});
});

describe('replLine: the statement as a command line, judged by the real engine', () => {
	before(async () => {
		await initParser();
	});
	const inv = (argv: string[]): ReplInvocation => {
		const r = replClientOf(argv);
		assert.ok(r);
		return r;
	};
	const verdict = (line: string) => analyze(line, { cwd: '/work/project', workspaceFolders: ['/work/project'], home: '/root', env: {} });

	it("sqlite3 app.db + 'DROP TABLE users;' -> confirm, target users", () => {
		const line = replLine(inv(['sqlite3', 'app.db']), 'sql', 'DROP TABLE users;');
		assert.equal(line, "sqlite3 app.db 'DROP TABLE users;'");
		const v = verdict(line);
		assert.equal(v.decision, 'confirm');
		assert.deepEqual(v.targets, ['users']);
	});
	it('sqlite3 without a file: in memory, so DROP TABLE is allowed; after .open it is not', () => {
		const client = inv(['sqlite3']);
		assert.equal(verdict(replLine(client, 'sql', 'DROP TABLE users;')).decision, 'allow');
		assert.equal(verdict(replLine(client, 'sql', 'DROP TABLE users;', { database: 'app.db' })).decision, 'confirm');
		assert.equal(verdict(replLine(client, 'sql', 'DROP TABLE other.users;', { attached: ["ATTACH 'app.db' AS other;"] })).decision, 'confirm');
	});
	it("psql + 'DROP TABLE users;' -> confirm users; under docker exec too", () => {
		assert.deepEqual(verdict(replLine(inv(['psql', '-d', 'app']), 'sql', 'DROP TABLE users;')).targets, ['users']);
		const docker = replLine(inv(['docker', 'exec', '-it', 'pg', 'psql', '-U', 'app']), 'sql', 'DROP TABLE users;');
		assert.equal(docker, "docker exec -it pg psql -U app -c 'DROP TABLE users;'");
		assert.deepEqual(verdict(docker).targets, ['users']);
	});
	it("redis-cli + 'FLUSHALL' -> confirm FLUSHALL; a password in the arguments is left out of the line", () => {
		const line = replLine(inv(['redis-cli', '-a', 's3cret', '-p', '6380']), 'redis', 'FLUSHALL');
		assert.equal(line, 'redis-cli -p 6380 FLUSHALL');
		assert.deepEqual(verdict(line).targets, ['FLUSHALL']);
	});
	it('mysql -psecret + DROP DATABASE -> the password is left out', () => {
		const line = replLine(inv(['mysql', '-u', 'root', '-psecret']), 'sql', 'DROP DATABASE shop;');
		assert.equal(line, "mysql -u root -e 'DROP DATABASE shop;'");
		assert.equal(verdict(line).decision, 'confirm');
	});
	it('mongosh + use prod + db.users.drop() -> confirm users', () => {
		const v = verdict(replLine(inv(['mongosh']), 'mongo', 'db.users.drop()', { database: 'prod' }));
		assert.equal(v.decision, 'confirm');
		assert.deepEqual(v.targets, ['users']);
	});
	it('a shell escape is the command itself; inside a container, run there', () => {
		assert.equal(replLine(inv(['psql']), 'shell', 'rm -rf /srv/data'), 'rm -rf /srv/data');
		assert.equal(replLine(inv(['docker', 'exec', '-it', 'pg', 'psql']), 'shell', 'rm -rf /srv/data'), "docker exec -it pg sh -c 'rm -rf /srv/data'");
		assert.notEqual(verdict('rm -rf /srv/data').decision, 'allow');
	});
	it('a script file that cannot be read is asked about (psql \\i, mysql source)', () => {
		assert.equal(verdict(replLine(inv(['psql']), 'file', 'missing.sql')).decision, 'confirm');
		assert.equal(verdict(replLine(inv(['mysql']), 'file', 'missing.sql')).decision, 'confirm');
	});
});

describe('client commands that reach files or the shell (psql \\o \\w \\s \\g \\copy \\gexec, sqlite3 .output .once .backup .save .restore .open --new .read .import .log, mysql pager)', () => {
	t('psql', '\\o /srv/report.csv', ['output:/srv/report.csv']);
	t('psql', '\\o', ['client:\\o']);
	t('psql', '\\o |rm -rf x', ['shell:rm -rf x']);
	t('psql', "\\o '| rm -rf x'", ['shell:rm -rf x']);
	t('psql', '\\w /srv/q.sql', ['output:/srv/q.sql']);
	t('psql', '\\s history.txt', ['output:history.txt']);
	t('psql', 'SELECT * FROM users \\g /srv/out.txt', ['sql:SELECT * FROM users', 'output:/srv/out.txt']);
	t('psql', 'SELECT 1 \\g |rm -rf x', ['sql:SELECT 1', 'shell:rm -rf x']);
	t('psql', "SELECT 'DROP TABLE ' || tablename FROM pg_tables \\gexec", ["sql:SELECT 'DROP TABLE ' || tablename FROM pg_tables", 'unchecked:psql \\gexec runs every value of the result as a statement, and those cannot be checked before they run']);
	t('psql', "\\copy users to '/srv/users.csv' csv", ['output:/srv/users.csv']);
	t('psql', "\\copy users from program 'rm -rf x'", ['shell:rm -rf x']);
	t('psql', "\\copy (SELECT 1) to program 'rm -rf x'", ['shell:rm -rf x']);
	t('psql', "\\copy users from '/srv/users.csv'", ['client:\\copy users from \'/srv/users.csv\'']);
	t('psql', '\\copy users to stdout', ['client:\\copy users to stdout']);
	t('psql', "\\copy (SELECT 'a to b' FROM t) to program 'rm -rf x'", ['shell:rm -rf x']);
	t('psql', "\\copy users (id, name) to '/srv/u.csv'", ['output:/srv/u.csv']);
	t('psql', "\\copy (SELECT ')' , 'to y') to program 'rm -rf x'", ['shell:rm -rf x']);
	t('psql', "\\copy \"my table\" to program 'rm -rf x'", ['shell:rm -rf x']);
	t('sqlite', '.output report.txt', ['output:report.txt']);
	t('sqlite', '.output', ['client:.output']);
	t('sqlite', '.output |rm -rf x', ['shell:rm -rf x']);
	t('sqlite', ".once --bom '|rm -rf x'", ['shell:rm -rf x']);
	t('sqlite', '.once -x', ['client:.once -x']);
	t('sqlite', '.log off', ['client:.log off']);
	t('sqlite', '.backup prod.db', ['output:prod.db']);
	t('sqlite', '.save prod.db', ['output:prod.db']);
	t('sqlite', '.backup aux prod.db', ['output:prod.db']);
	t('sqlite', '.restore backup.db', ['restore:backup.db']);
	t('sqlite', '.open --new prod.db', ['empty:prod.db', 'session:prod.db']);
	t('sqlite', ".read '|cat drop.sql'", ['unchecked:sqlite3 .read |… runs the SQL a shell command prints, and that cannot be checked before it runs']);
	t('sqlite', ".import '|rm -rf x' t", ['shell:rm -rf x']);
	t('sqlite', '.import data.csv t', ['client:.import data.csv t']);
	t('mysql', 'pager rm -rf x', ['shell:rm -rf x']);
	t('mysql', '\\P rm -rf x', ['shell:rm -rf x']);
	t('mysql', 'nopager', ['client:nopager']);
	t('psql', "\\setenv PAGER 'rm -rf x'", ['shell:rm -rf x']);
	t('psql', '\\setenv LANG C', ['client:\\setenv LANG C']);
	t('mongosh', ".editor", ['edit:']);
	t('mongosh', "require('child_process').execSync('rm -rf x')", ["unchecked:mongosh would run JavaScript that reaches Node's modules, the process or files, which Terminal Guard cannot check"]);
	t('mongosh', "load('drop.js')", ["unchecked:mongosh would run JavaScript that reaches Node's modules, the process or files, which Terminal Guard cannot check"]);
	t('mongosh', 'db.users.find({ name: "required" })', ['mongo:db.users.find({ name: "required" })']);
});

describe('replLine for client commands that write files: judged as the shell would judge the same write', () => {
	before(async () => {
		await initParser();
	});
	const verdict = (line: string) => analyze(line, { cwd: '/work/project', workspaceFolders: ['/work/project'], home: '/root', env: {} });
	const sqlite: ReplInvocation = { kind: 'sqlite', argv: ['sqlite3', 'app.db'], clientAt: 0 };

	it('sqlite3 .restore overwrites the open database: asks for app.db; .restore aux … the attached file', () => {
		const line = replLine(sqlite, 'restore', 'backup.db');
		assert.equal(line, 'cat backup.db > app.db');
		assert.equal(verdict(line).decision, 'confirm');
		assert.deepEqual(verdict(line).targets, ['app.db']);
		assert.equal(replLine(sqlite, 'restore', 'backup.db', { attached: ["ATTACH DATABASE 'other.db' AS aux;"] }, 'aux'), 'cat backup.db > other.db');
		assert.equal(replLine(sqlite, 'restore', 'backup.db', { database: 'switched.db' }), 'cat backup.db > switched.db');
	});
	it('sqlite3 .open --new empties the file: asks for it', () => {
		const line = replLine(sqlite, 'empty', 'prod.db');
		assert.equal(line, 'truncate -s 0 prod.db');
		assert.deepEqual(verdict(line).targets, ['prod.db']);
	});
	it('.backup / \\o over a database file asks as `> prod.db` does; inside a container the write runs there', () => {
		const line = replLine(sqlite, 'output', 'prod.db');
		assert.equal(line, 'sqlite3 app.db > prod.db');
		assert.equal(verdict(line).decision, verdict('echo x > prod.db').decision);
		assert.equal(verdict(line).decision, 'confirm');
		assert.equal(replLine({ kind: 'psql', argv: ['docker', 'exec', '-it', 'pg', 'psql', '-U', 'app'], clientAt: 4 }, 'output', '/var/lib/postgresql/data/PG_VERSION'), "docker exec -it pg sh -c 'psql -U app > /var/lib/postgresql/data/PG_VERSION'");
	});
});

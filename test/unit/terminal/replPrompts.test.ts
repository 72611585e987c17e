/**
 * Statements typed at database prompts inside the guarded terminal, with the real clients on a real
 * pty behind real bash: sqlite3 on a file, redis-cli against a redis-server the test starts on
 * loopback, psql against a PostgreSQL server, mysql against a MariaDB server (both started here, on Unix
 * sockets in temporary folders). A missing client fails loudly (CI: apt-get install sqlite3 redis-server
 * redis-tools postgresql mariadb-server mariadb-client).
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyze } from '../../../src/engine/analyze';
import { shellWord } from '../../../src/engine/replStatement';
import { startShell, type Session, type StartOptions } from './shellHarness';

function need(program: string, pkg: string): string {
	for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
		if (fs.existsSync(path.join(dir, program))) {
			return path.join(dir, program);
		}
	}
	throw new Error(`${program} is not installed: these tests need it (apt-get install -y ${pkg})`);
}

/** The lines judged for statements at a client's prompt (not the shell's own lines). */
function promptLines(s: Session, client: string): string[] {
	return s.decisions.filter((d) => d.via === 'prompt').map((d) => d.line).filter((l) => l.startsWith(client));
}

async function openSqlite(options: StartOptions = {}): Promise<{ s: Session; db: string }> {
	need('sqlite3', 'sqlite3');
	const s = await startShell('bash', options);
	const db = path.join(s.work, 'app.db');
	execFileSync('sqlite3', [db, "CREATE TABLE users(id INTEGER, name TEXT); INSERT INTO users VALUES (1,'ada'),(2,'bob'); CREATE TABLE t2(x);"]);
	const before = s.text.length;
	s.shell.write('sqlite3 app.db\r');
	await s.until('the sqlite> prompt', () => s.text.slice(before).includes('sqlite> '));
	return { s, db };
}

function tables(db: string): string {
	return execFileSync('sqlite3', [db, '.tables'], { encoding: 'utf8' }).trim();
}

function rows(db: string): string {
	return execFileSync('sqlite3', [db, 'SELECT count(*) FROM users;'], { encoding: 'utf8' }).trim();
}

/** Types `keys` and waits until the screen after them shows `text` (the client answered). */
async function typeUntil(s: Session, keys: string, text: string | RegExp): Promise<void> {
	const before = s.text.length;
	s.shell.write(keys);
	await s.until(`${JSON.stringify(text)} after ${JSON.stringify(keys)}`, () => (typeof text === 'string' ? s.text.slice(before).includes(text) : text.test(s.text.slice(before))));
}

const STOPPED = '■ Terminal Guard stopped';

/** A line editor that draws each burst of keys 300 ms after it reads it (Up recalls the last line). */
const SLOW_CLIENT = `#!/usr/bin/env python3
import os, sys, time, tty
tty.setraw(0)
out = lambda s: os.write(1, s.encode())
history, line = [], ''
out('sqlite> ')
while True:
    keys = os.read(0, 1024).decode()
    time.sleep(0.3)
    i = 0
    while i < len(keys):
        if keys.startswith('\\x1b[A', i):
            out('\\b \\b' * len(line))
            line = history[-1] if history else ''
            out(line)
            i += 3
            continue
        c = keys[i]
        if c == '\\x7f' and line:
            line = line[:-1]
            out('\\b \\b')
        elif c in '\\r\\n':
            if line.strip() == '.quit':
                sys.exit(0)
            history.append(line)
            out('\\r\\nran: ' + line + '\\r\\nsqlite> ')
            line = ''
        elif c >= ' ':
            line += c
            out(c)
        i += 1
`;

describe('sqlite3 prompt in the guarded terminal', () => {
	const open: Session[] = [];
	after(async () => {
		for (const s of open) {
			await s.close();
		}
	});
	const start = async (options?: StartOptions) => {
		const r = await openSqlite(options);
		open.push(r.s);
		return r;
	};

	it("'DROP TABLE users;' -> judged as sqlite3 app.db 'DROP TABLE users;', refused, the table stays and the prompt still works", async () => {
		const { s, db } = await start();
		await typeUntil(s, 'DROP TABLE users;\r', STOPPED);
		assert.deepEqual(promptLines(s, 'sqlite3'), ["sqlite3 app.db 'DROP TABLE users;'"]);
		assert.match(tables(db), /\busers\b/);
		await typeUntil(s, 'SELECT 40+2;\r', '42');
		assert.equal(s.decisions.at(-1)?.via, 'prompt');
	});

	it("'DROP TABLE users;' + Ctrl-O (readline's operate-and-get-next also submits) -> judged, refused", async () => {
		const { s, db } = await start();
		await typeUntil(s, 'DROP TABLE users;\x0f', STOPPED);
		assert.deepEqual(promptLines(s, 'sqlite3'), ["sqlite3 app.db 'DROP TABLE users;'"]);
		assert.match(tables(db), /\busers\b/);
	});

	it('a statement over three lines is judged whole at its terminator; the refusal discards the lines already sent', async () => {
		const { s, db } = await start();
		await typeUntil(s, 'DROP\r', '...>');
		await typeUntil(s, 'TABLE\r', '...>');
		assert.deepEqual(promptLines(s, 'sqlite3'), [], 'nothing is complete yet');
		await typeUntil(s, 'users;\r', STOPPED);
		assert.deepEqual(promptLines(s, 'sqlite3'), ["sqlite3 app.db 'DROP\nTABLE\nusers;'"]);
		// The client's buffer was emptied: the next statement runs on its own.
		await typeUntil(s, 'SELECT 6*7;\r', '42');
		assert.match(tables(db), /\busers\b/);
	});

	it('a refusal inside an open quote still empties the buffer', async () => {
		const { s, db } = await start();
		await typeUntil(s, "UPDATE users SET name = 'x\r", '...>');
		await typeUntil(s, "';\r", STOPPED);
		await typeUntil(s, 'SELECT 6*7;\r', '42');
		assert.equal(execFileSync('sqlite3', [db, 'SELECT name FROM users ORDER BY id;'], { encoding: 'utf8' }).trim(), 'ada\nbob');
	});

	it('Up recalls a statement, it is edited, and the edited statement is what is judged', async () => {
		const { s, db } = await start();
		await typeUntil(s, 'DELETE FROM users WHERE id = 1;\r', 'sqlite> ');
		assert.equal(rows(db), '1', 'the targeted DELETE ran');
		assert.equal(s.decisions.at(-1)?.run, true);
		// Up, then erase " WHERE id = 1;" (14 characters) and end it again.
		await typeUntil(s, '\x1b[A', 'DELETE FROM users WHERE id = 1;');
		await typeUntil(s, `${'\x7f'.repeat(14)};\r`, STOPPED);
		assert.equal(promptLines(s, 'sqlite3').at(-1), "sqlite3 app.db 'DELETE FROM users;'");
		assert.equal(rows(db), '1');
	});

	it('Ctrl-A and typing in the middle of a recalled line: judged as the screen shows it', async () => {
		const { s, db } = await start();
		await typeUntil(s, 'SELECT count(*) FROM t2;\r', '0');
		await typeUntil(s, '\x1b[A', 'SELECT count(*) FROM t2;');
		// Ctrl-A, delete "SELECT count(*) FROM" (20 characters) forward with Ctrl-D, type "DROP TABLE".
		await typeUntil(s, `\x01${'\x04'.repeat(20)}DROP TABLE`, 'DROP TABLE t2');
		await typeUntil(s, '\r', STOPPED);
		assert.equal(promptLines(s, 'sqlite3').at(-1), "sqlite3 app.db 'DROP TABLE t2;'");
		assert.match(tables(db), /\bt2\b/);
	});

	it('a confirmed statement runs', async () => {
		const { s, db } = await start({ policy: 'allow-all' });
		await typeUntil(s, 'DROP TABLE t2;\r', 'sqlite> ');
		await s.until('t2 dropped', () => !/\bt2\b/.test(tables(db)));
		assert.deepEqual(promptLines(s, 'sqlite3'), ["sqlite3 app.db 'DROP TABLE t2;'"]);
	});

	it(".shell rm -rf sentinel -> judged as the shell command, refused", async () => {
		const { s } = await start();
		const dir = s.sentinel();
		await typeUntil(s, '.shell rm -rf sentinel\r', STOPPED);
		assert.ok(s.asked.some((a) => a.line === 'rm -rf sentinel'), JSON.stringify(s.asked));
		assert.ok(fs.existsSync(dir));
	});

	it('a bracketed paste of two statements: each is judged, and none runs when one is refused', async () => {
		const { s, db } = await start();
		await typeUntil(s, '\x1b[200~DELETE FROM users WHERE id = 2;\rDROP TABLE users;\x1b[201~\r', STOPPED);
		assert.deepEqual(promptLines(s, 'sqlite3'), ["sqlite3 app.db 'DELETE FROM users WHERE id = 2;'", "sqlite3 app.db 'DROP TABLE users;'"]);
		assert.equal(rows(db), '2', 'the first statement of the refused paste did not run either');
		await typeUntil(s, 'SELECT 6*7;\r', '42');
	});

	it('.quit ends the client and the shell prompt comes back, guarded as before', async () => {
		const { s } = await start();
		const dir = s.sentinel();
		await typeUntil(s, '.quit\r', 'tg$ ');
		await typeUntil(s, 'rm -rf sentinel\r', STOPPED);
		assert.ok(fs.existsSync(dir));
	});

	it('a client slow to echo: an edit to a recalled line is read once its echo has landed, not before', async () => {
		// A stand-in named sqlite3 that draws every key 300 ms late: the screen still shows the recalled
		// line when Enter arrives, and that line already holds the typed ';'.
		const bin = fs.mkdtempSync(path.join(__dirname, 'slow-'));
		fs.writeFileSync(path.join(bin, 'sqlite3'), SLOW_CLIENT, { mode: 0o755 });
		const { s } = await start({ env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` } });
		await typeUntil(s, 'DELETE FROM users WHERE id = 1;\r', 'ran: DELETE FROM users WHERE id = 1;');
		await typeUntil(s, '\x1b[A', 'DELETE FROM users WHERE id = 1;');
		await typeUntil(s, `${'\x7f'.repeat(14)};\r`, STOPPED);
		assert.equal(promptLines(s, 'sqlite3').at(-1), "sqlite3 app.db 'DELETE FROM users;'");
		assert.ok(!s.text.includes('ran: DELETE FROM users;'), 'the edited statement reached the client');
		fs.rmSync(bin, { recursive: true, force: true });
	});

	it('dot commands that reach files: .restore (overwrites the database), .open --new (empties it), .output |cmd, .read |cmd — each judged or refused, nothing changes', async () => {
		const { s, db } = await start();
		const dir = s.sentinel();
		execFileSync('sqlite3', [path.join(s.work, 'backup.db'), 'CREATE TABLE other(x);']);
		await typeUntil(s, '.restore backup.db\r', STOPPED);
		assert.equal(s.asked.at(-1)?.line, 'cat backup.db > app.db');
		await typeUntil(s, '.open --new app.db\r', STOPPED);
		assert.equal(s.asked.at(-1)?.line, 'truncate -s 0 app.db');
		await typeUntil(s, '.output |rm -rf sentinel\r', STOPPED);
		assert.equal(s.asked.at(-1)?.line, 'rm -rf sentinel');
		fs.writeFileSync(path.join(s.work, 'drop.sql'), 'DROP TABLE users;\n');
		const asked = s.asked.length;
		await typeUntil(s, ".read '|cat drop.sql'\r", STOPPED);
		assert.equal(s.asked.length, asked, '.read |cmd is refused without a question: its SQL cannot be seen first');
		await typeUntil(s, '.read drop.sql\r', STOPPED);
		assert.equal(promptLines(s, 'sqlite3').at(-1), 'sqlite3 -init drop.sql app.db');
		assert.match(tables(db), /\busers\b/);
		assert.equal(rows(db), '2');
		assert.ok(fs.existsSync(dir));
		await typeUntil(s, 'SELECT 6*7;\r', '42');
	});

	it('.read of a script with a .shell line in it: the shell command inside is judged too, refused, nothing runs', async () => {
		// The script's own line is let through (these tests' engine cannot read files, so it would refuse it first).
		const { s, db } = await start({ policy: (line) => !line.includes('rm -rf') });
		const dir = s.sentinel();
		fs.writeFileSync(path.join(s.work, 'tidy.sql'), 'SELECT 1;\n.shell rm -rf sentinel\n');
		await typeUntil(s, '.read tidy.sql\r', STOPPED);
		assert.deepEqual(s.asked.slice(-3).map((a) => a.line), ['sqlite3 -init tidy.sql app.db', "sqlite3 app.db 'SELECT 1;'", 'rm -rf sentinel']);
		assert.ok(fs.existsSync(dir));
		assert.match(tables(db), /\busers\b/);
	});

	it('two statements on one line ending unterminated: the complete one is judged now', async () => {
		const { s, db } = await start();
		await typeUntil(s, 'DROP TABLE users; SELECT\r', STOPPED);
		assert.deepEqual(promptLines(s, 'sqlite3'), ["sqlite3 app.db 'DROP TABLE users;'"]);
		await typeUntil(s, 'SELECT 6*7;\r', '42');
		assert.match(tables(db), /\busers\b/);
	});
});

describe('sqlite3 prompt under a shell without a hook (dash: the screen-reading fallback)', () => {
	it("'DROP TABLE users;' -> judged as sqlite3's statement, not as a shell line; refused; the table stays", async () => {
		need('sqlite3', 'sqlite3');
		const s = await startShell('dash');
		try {
			const db = path.join(s.work, 'app.db');
			execFileSync('sqlite3', [db, 'CREATE TABLE users(id INTEGER);']);
			await typeUntil(s, 'cd "$HOME/../work" && sqlite3 app.db\r', 'sqlite> ');
			await typeUntil(s, 'DROP TABLE users;\r', STOPPED);
			assert.deepEqual(promptLines(s, 'sqlite3'), ["sqlite3 app.db 'DROP TABLE users;'"]);
			assert.match(tables(db), /\busers\b/);
			await typeUntil(s, 'SELECT 6*7;\r', '42');
		} finally {
			await s.close();
		}
	});
});

/** A free loopback port (the OS picks it; closed again before redis-server takes it). */
async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

describe('redis-cli prompt in the guarded terminal', () => {
	let server: ChildProcess | undefined;
	let port = 0;
	let dir = '';
	const open: Session[] = [];
	before(async () => {
		need('redis-server', 'redis-server');
		need('redis-cli', 'redis-tools');
		dir = fs.mkdtempSync(path.join(__dirname, 'redis-'));
		port = await freePort();
		server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
		const deadline = Date.now() + 10_000;
		for (;;) {
			try {
				if (execFileSync('redis-cli', ['-p', String(port), 'PING'], { encoding: 'utf8' }).trim() === 'PONG') {
					break;
				}
			} catch {
				// not up yet
			}
			if (Date.now() > deadline) {
				throw new Error(`redis-server did not answer on port ${port}`);
			}
			await new Promise((r) => setTimeout(r, 100));
		}
	});
	after(async () => {
		for (const s of open) {
			await s.close();
		}
		server?.kill();
		fs.rmSync(dir, { recursive: true, force: true });
	});
	const redis = (...args: string[]) => execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).trim();

	const start = async (options?: StartOptions): Promise<Session> => {
		const s = await startShell('bash', options);
		open.push(s);
		redis('SET', 'keep', 'precious');
		await typeUntil(s, `redis-cli -p ${port}\r`, `127.0.0.1:${port}> `);
		return s;
	};

	it("'FLUSHALL' -> judged as redis-cli -p PORT FLUSHALL, refused, the keys stay, the prompt still works", async () => {
		const s = await start();
		await typeUntil(s, 'FLUSHALL\r', STOPPED);
		assert.deepEqual(promptLines(s, 'redis-cli'), [`redis-cli -p ${port} FLUSHALL`]);
		assert.equal(redis('GET', 'keep'), 'precious');
		await typeUntil(s, 'GET keep\r', '"precious"');
	});

	it("lower case and extra spaces ('  flushdb ') are the same command", async () => {
		const s = await start();
		await typeUntil(s, '  flushdb \r', STOPPED);
		assert.equal(redis('GET', 'keep'), 'precious');
	});

	it('Up recalls GET keep, edited into FLUSHALL: judged as edited', async () => {
		const s = await start();
		await typeUntil(s, 'GET keep\r', '"precious"');
		await typeUntil(s, '\x1b[A', 'GET keep');
		await typeUntil(s, `${'\x7f'.repeat(8)}FLUSHALL`, 'FLUSHALL');
		await typeUntil(s, '\r', STOPPED);
		assert.equal(promptLines(s, 'redis-cli').at(-1), `redis-cli -p ${port} FLUSHALL`);
		assert.equal(redis('GET', 'keep'), 'precious');
	});

	it('SELECT 3 then FLUSHDB: the question names database 3', async () => {
		const s = await start();
		await typeUntil(s, 'SELECT 3\r', 'OK');
		await typeUntil(s, 'FLUSHDB\r', STOPPED);
		assert.equal(promptLines(s, 'redis-cli').at(-1), `redis-cli -p ${port} -n 3 FLUSHDB`);
	});
});

/**
 * A PostgreSQL server of its own: initdb + pg_ctl in a temporary folder, listening only on a Unix
 * socket there. PostgreSQL refuses to run as root, so as root both run as the `postgres` account
 * (`runuser -u postgres --`, which the Debian package creates).
 */
class Postgres {
	readonly dir = fs.mkdtempSync('/tmp/tg-pg-');
	readonly port = String(20000 + Math.floor(Math.random() * 20000));

	start(): void {
		need('psql', 'postgresql-client');
		const bin = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((d) => fs.existsSync(path.join(d, 'initdb')));
		const initdb = bin ? path.join(bin, 'initdb') : need('initdb', 'postgresql');
		const pgCtl = bin ? path.join(bin, 'pg_ctl') : need('pg_ctl', 'postgresql');
		if (process.getuid?.() === 0) {
			execFileSync('chown', ['postgres', this.dir]);
		}
		this.asServer(initdb, ['-D', `${this.dir}/data`, '-A', 'trust', '-U', 'tg']);
		this.asServer(pgCtl, ['-D', `${this.dir}/data`, '-o', `-k ${this.dir} -c listen_addresses='' -p ${this.port}`, '-w', '-l', `${this.dir}/log`, 'start']);
		this.pgCtl = pgCtl;
	}

	private pgCtl = '';

	private asServer(program: string, args: string[]): void {
		const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
		execFileSync(file, argv, { stdio: 'ignore', timeout: 60_000 });
	}

	sql(text: string): string {
		return execFileSync('psql', ['-h', this.dir, '-p', this.port, '-U', 'tg', '-d', 'postgres', '-tAc', text], { encoding: 'utf8' }).trim();
	}

	/** The arguments that reach this server. */
	get args(): string {
		return `-h ${this.dir} -p ${this.port} -U tg -d postgres`;
	}

	stop(): void {
		if (this.pgCtl) {
			try {
				this.asServer(this.pgCtl, ['-D', `${this.dir}/data`, '-m', 'immediate', 'stop']);
			} catch {
				// already stopped
			}
		}
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

describe('psql prompt in the guarded terminal', () => {
	const pg = new Postgres();
	const open: Session[] = [];
	before(() => {
		pg.start();
	});
	after(async () => {
		for (const s of open) {
			await s.close();
		}
		pg.stop();
	});
	const start = async (options?: StartOptions): Promise<Session> => {
		pg.sql('DROP TABLE IF EXISTS users; CREATE TABLE users(id int, name text); INSERT INTO users VALUES (1, $$ada$$), (2, $$bob$$);');
		const s = await startShell('bash', options);
		open.push(s);
		await typeUntil(s, `psql ${pg.args}\r`, 'postgres=#');
		return s;
	};

	it("'DROP TABLE users;' -> judged as psql … -c 'DROP TABLE users;', refused, the table stays, the prompt still works", async () => {
		const s = await start();
		await typeUntil(s, 'DROP TABLE users;\r', STOPPED);
		assert.deepEqual(promptLines(s, 'psql'), [`psql ${pg.args} -c 'DROP TABLE users;'`]);
		assert.equal(pg.sql('SELECT count(*) FROM users'), '2');
		await typeUntil(s, 'SELECT 6*7 AS answer;\r', '42');
	});

	it('a refused statement over two lines: psql\'s query buffer is reset (\\r), the next statement runs alone', async () => {
		const s = await start();
		await typeUntil(s, 'DROP TABLE\r', 'postgres-#');
		await typeUntil(s, 'users;\r', STOPPED);
		await typeUntil(s, 'SELECT 6*7 AS answer;\r', '42');
		assert.equal(pg.sql('SELECT count(*) FROM users'), '2');
	});

	it('\\g with an empty buffer sends the previous query again: judged as that query', async () => {
		const s = await start({ policy: (line) => !/DELETE/.test(line) || /WHERE id = 1/.test(line) });
		await typeUntil(s, 'SELECT count(*) FROM users WHERE id = 1;\r', '(1 row)');
		await typeUntil(s, '\\g\r', '(1 row)');
		assert.deepEqual(promptLines(s, 'psql').slice(-2), [`psql ${pg.args} -c 'SELECT count(*) FROM users WHERE id = 1;'`, `psql ${pg.args} -c 'SELECT count(*) FROM users WHERE id = 1;'`]);
	});

	it('\\! rm -rf sentinel -> judged as the shell command, refused', async () => {
		const s = await start();
		const dir = s.sentinel();
		await typeUntil(s, '\\! rm -rf sentinel\r', STOPPED);
		assert.ok(s.decisions.some((d) => d.via === 'prompt' && d.line === 'rm -rf sentinel'), JSON.stringify(s.decisions));
		assert.ok(fs.existsSync(dir));
	});

	it('meta-commands that reach the shell or run unseen statements: \\o |cmd, \\g |cmd, \\copy … program, \\gexec — judged or refused, nothing runs', async () => {
		const s = await start();
		const dir = s.sentinel();
		await typeUntil(s, '\\o |rm -rf sentinel\r', STOPPED);
		assert.equal(s.asked.at(-1)?.line, 'rm -rf sentinel');
		await typeUntil(s, 'SELECT 1 \\g |rm -rf sentinel\r', STOPPED);
		assert.equal(s.asked.at(-1)?.line, 'rm -rf sentinel');
		await typeUntil(s, "\\copy users from program 'rm -rf sentinel'\r", STOPPED);
		assert.equal(s.asked.at(-1)?.line, 'rm -rf sentinel');
		assert.ok(fs.existsSync(dir));
		// Every value of the result would run as a statement: DROP TABLE users.
		await typeUntil(s, "SELECT 'DROP TABLE ' || 'users' \\gexec\r", STOPPED);
		assert.equal(pg.sql('SELECT count(*) FROM users'), '2');
		await typeUntil(s, 'SELECT 6*7 AS answer;\r', '42');
	});
	it('\\i of a script that \\ir-includes one beside it with a \\! line: followed from the right folder, the shell command judged, refused', async () => {
		const s = await start({ policy: (line) => !line.includes('rm -rf') });
		const dir = s.sentinel();
		fs.mkdirSync(path.join(s.work, 'scripts'));
		fs.writeFileSync(path.join(s.work, 'scripts', 'outer.sql'), '\\ir inner.sql\n');
		fs.writeFileSync(path.join(s.work, 'scripts', 'inner.sql'), '\\! rm -rf sentinel\n');
		// A harmless inner.sql where a wrong reading (relative to the client's folder) would look.
		fs.writeFileSync(path.join(s.work, 'inner.sql'), 'SELECT 1;\n');
		await typeUntil(s, '\\i scripts/outer.sql\r', STOPPED);
		assert.equal(s.asked.at(-1)?.line, 'rm -rf sentinel', JSON.stringify(s.asked));
		assert.ok(fs.existsSync(dir));
	});
});

/**
 * A MariaDB server of its own: mariadb-install-db + mariadbd in a temporary folder, on a Unix socket
 * there and no network, nothing of the system's configuration read (--no-defaults). As root both run
 * with --user=root (mariadbd refuses root otherwise); root logs in without a password.
 */
class MariaDb {
	readonly dir = fs.mkdtempSync('/tmp/tg-my-');
	private server: ChildProcess | undefined;

	get socket(): string {
		return path.join(this.dir, 'sock');
	}

	async start(): Promise<void> {
		need('mariadb', 'mariadb-client');
		need('mysql', 'mariadb-client');
		const sbin = (program: string): string => (fs.existsSync(path.join('/usr/sbin', program)) ? path.join('/usr/sbin', program) : need(program, 'mariadb-server'));
		const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
		execFileSync(need('mariadb-install-db', 'mariadb-server'), ['--no-defaults', `--datadir=${this.dir}/data`, ...asRoot, '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'ignore', timeout: 120_000 });
		this.server = spawn(sbin('mariadbd'), ['--no-defaults', `--datadir=${this.dir}/data`, `--socket=${this.socket}`, '--skip-networking', `--pid-file=${this.dir}/pid`, `--log-error=${this.dir}/err`, ...asRoot], { stdio: 'ignore' });
		const deadline = Date.now() + 60_000;
		for (;;) {
			try {
				this.sql('SELECT 1');
				return;
			} catch {
				// not up yet
			}
			if (Date.now() > deadline) {
				throw new Error(`mariadbd did not answer on ${this.socket}: ${fs.existsSync(`${this.dir}/err`) ? fs.readFileSync(`${this.dir}/err`, 'utf8').slice(-800) : 'no log'}`);
			}
			await new Promise((r) => setTimeout(r, 200));
		}
	}

	sql(text: string, database = ''): string {
		return execFileSync('mariadb', ['--no-defaults', '-S', this.socket, '-u', 'root', '-N', '-B', ...(database ? [database] : []), '-e', text], { encoding: 'utf8', timeout: 30_000 }).trim();
	}

	/** The arguments that reach this server's `app` database. */
	get args(): string {
		return `--no-defaults -S ${this.socket} -u root app`;
	}

	async stop(): Promise<void> {
		if (this.server && this.server.exitCode === null) {
			const exited = new Promise((r) => this.server!.once('exit', r));
			this.server.kill('SIGTERM');
			await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
			this.server.kill('SIGKILL');
		}
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

describe('mysql (MariaDB) prompt in the guarded terminal', () => {
	const db = new MariaDb();
	const open: Session[] = [];
	before(async () => {
		await db.start();
	});
	after(async () => {
		for (const s of open) {
			await s.close();
		}
		await db.stop();
	});
	const start = async (options?: StartOptions): Promise<Session> => {
		db.sql("CREATE DATABASE IF NOT EXISTS app; DROP TABLE IF EXISTS app.users; CREATE TABLE app.users(id int, name text); INSERT INTO app.users VALUES (1, 'ada'), (2, 'bob');");
		const s = await startShell('bash', options);
		open.push(s);
		await typeUntil(s, `mysql ${db.args}\r`, 'MariaDB [app]> ');
		return s;
	};
	const users = (): string => db.sql('SELECT count(*) FROM users', 'app');
	const mysqlLine = (statement: string): string => `mysql ${db.args} -e ${shellWord(statement)}`;
	/** What the engine asks for in a judged line: its rule and target. */
	const asksFor = (line: string, cwd: string): string[] => analyze(line, { cwd, workspaceFolders: [cwd], env: {} }).hits.flatMap((h) => h.targets.map((t) => `${h.rule} ${t}`));

	it("'DROP TABLE users;' -> judged as mysql … -e 'DROP TABLE users;' (asks for users), refused, the table stays, the prompt still works", async () => {
		const s = await start();
		await typeUntil(s, 'DROP TABLE users;\r', STOPPED);
		assert.deepEqual(promptLines(s, 'mysql'), [mysqlLine('DROP TABLE users;')]);
		assert.deepEqual(asksFor(mysqlLine('DROP TABLE users;'), s.work), ['sql:drop-table users']);
		assert.equal(users(), '2');
		await typeUntil(s, 'SELECT 6*7 AS answer;\r', '42');
	});

	it('a safe SELECT runs without a question', async () => {
		const s = await start();
		await typeUntil(s, 'SELECT name FROM users ORDER BY id;\r', 'bob');
		assert.deepEqual(promptLines(s, 'mysql'), [mysqlLine('SELECT name FROM users ORDER BY id;')]);
		assert.deepEqual(asksFor(mysqlLine('SELECT name FROM users ORDER BY id;'), s.work), []);
		assert.equal(s.decisions.at(-1)?.run, true);
	});

	it('a statement over two lines is judged whole at its terminator; the refusal clears the client\'s buffer (\\c)', async () => {
		const s = await start();
		await typeUntil(s, 'DROP\r', '->');
		assert.deepEqual(promptLines(s, 'mysql'), [], 'nothing is complete yet');
		await typeUntil(s, 'TABLE users;\r', STOPPED);
		assert.deepEqual(promptLines(s, 'mysql'), [mysqlLine('DROP\nTABLE users;')]);
		// Had the buffer kept "DROP", this would be a syntax error, not 42.
		await typeUntil(s, 'SELECT 6*7 AS answer;\r', '42');
		assert.equal(users(), '2');
	});

	it('comments hiding the terminator (-- ;, # ;, /* ; */) do not end the statement early or hide the one that follows', async () => {
		const s = await start();
		await typeUntil(s, 'DROP TABLE users -- ;\r', '->');
		await typeUntil(s, '# ;\r', '->');
		assert.deepEqual(promptLines(s, 'mysql'), [], 'a terminator in a comment was taken for the end');
		await typeUntil(s, '/* ; */ ;\r', STOPPED);
		assert.deepEqual(asksFor(promptLines(s, 'mysql').at(-1) ?? '', s.work), ['sql:drop-table users']);
		await typeUntil(s, 'SELECT 1; -- DROP TABLE users;\r', 'MariaDB [app]> ');
		assert.equal(users(), '2');
	});

	it('Up recalls a statement, it is edited, and the edited statement is what is judged', async () => {
		const s = await start();
		await typeUntil(s, 'DELETE FROM users WHERE id = 1;\r', 'Query OK');
		assert.equal(users(), '1', 'the targeted DELETE ran');
		await typeUntil(s, '\x1b[A', 'DELETE FROM users WHERE id = 1;');
		await typeUntil(s, `${'\x7f'.repeat(14)};\r`, STOPPED);
		assert.equal(promptLines(s, 'mysql').at(-1), mysqlLine('DELETE FROM users;'));
		assert.equal(users(), '1');
	});

	it('the client\'s own escapes: \\! and system run a shell command, source runs a file, delimiter changes the end: each is judged', async () => {
		const s = await start();
		const dir = s.sentinel();
		await typeUntil(s, '\\! rm -rf sentinel\r', STOPPED);
		await typeUntil(s, 'system rm -rf sentinel\r', STOPPED);
		assert.equal(s.asked.filter((a) => a.line === 'rm -rf sentinel').length, 2, JSON.stringify(s.asked));
		assert.ok(fs.existsSync(dir));
		fs.writeFileSync(path.join(s.work, 'drop.sql'), 'DROP TABLE users;\n');
		await typeUntil(s, 'source drop.sql\r', STOPPED);
		assert.equal(promptLines(s, 'mysql').at(-1), `mysql ${db.args} < drop.sql`);
		await typeUntil(s, 'delimiter //\r', 'MariaDB [app]> ');
		await typeUntil(s, 'DROP TABLE users//\r', STOPPED);
		assert.equal(promptLines(s, 'mysql').at(-1), mysqlLine('DROP TABLE users//'));
		assert.equal(users(), '2');
	});

	it('source of a script with a system line and a DROP: both judged, refused, nothing runs', async () => {
		const s = await start({ policy: (line) => !line.includes('rm -rf') });
		const dir = s.sentinel();
		fs.writeFileSync(path.join(s.work, 'migrate.sql'), 'system rm -rf sentinel\nDROP TABLE users;\n');
		await typeUntil(s, 'source migrate.sql\r', STOPPED);
		// The engine alone, reading the script for `mysql … < migrate.sql`, missed the DROP after the system line.
		assert.deepEqual(s.asked.slice(-3).map((a) => a.line), [`mysql ${db.args} < migrate.sql`, mysqlLine('DROP TABLE users;'), 'rm -rf sentinel']);
		assert.ok(fs.existsSync(dir));
		assert.equal(users(), '2');
	});

	it("started as 'mariadb' (the same program's other name): the same question", async () => {
		db.sql('DROP TABLE IF EXISTS app.users; CREATE TABLE app.users(id int);');
		const s = await startShell('bash');
		open.push(s);
		await typeUntil(s, `mariadb ${db.args}\r`, 'MariaDB [app]> ');
		await typeUntil(s, 'TRUNCATE TABLE users;\r', STOPPED);
		assert.deepEqual(promptLines(s, 'mariadb'), [`mariadb ${db.args} -e 'TRUNCATE TABLE users;'`]);
		assert.deepEqual(asksFor(promptLines(s, 'mariadb')[0], s.work), ['sql:truncate users']);
	});

	it('a confirmed statement runs', async () => {
		const s = await start({ policy: 'allow-all' });
		await typeUntil(s, 'DROP TABLE users;\r', 'Query OK');
		await s.until('users dropped', () => !/\busers\b/.test(db.sql('SHOW TABLES', 'app')));
	});
});

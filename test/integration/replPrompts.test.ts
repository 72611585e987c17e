/**
 * Database prompts inside the real editor's guarded terminal (bash): statements typed into sqlite3,
 * redis-cli, psql and mysql are judged at Enter with the same engine and the same question (its target the
 * table or the key pattern), before the client gets them. The clients and servers are real and started
 * here: sqlite3 on a file, redis-server on loopback, PostgreSQL (initdb + pg_ctl) and MariaDB
 * (mariadb-install-db + mariadbd) on Unix sockets in temporary folders. A missing program fails the suite
 * (apt-get install sqlite3 redis-server redis-tools postgresql mariadb-server mariadb-client).
 */
import * as assert from 'assert';
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import type * as vscode from 'vscode';
import type { Answerer, ConfirmQuestion } from '../../src/ui/person';
import { activeApi, eventually, firstFolder, openGuardedTerminal, resetGuardedProfile, type TestApi } from './helpers';

const PROFILE = 'tg-repl-shell';
/** The end of bash's prompt (the hook's OSC 633 B): the client has exited. */
const SHELL_PROMPT = '\x1b]633;B\x07';

function need(program: string, pkg: string): string {
	for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
		if (fs.existsSync(path.join(dir, program))) {
			return path.join(dir, program);
		}
	}
	throw new Error(`${program} is not installed: the database prompt tests need it (apt-get install -y ${pkg})`);
}

/** Answers each question with the next queued answer (a name typed, or undefined for Escape). */
class ScriptedPerson implements Answerer {
	readonly questions: ConfirmQuestion[] = [];
	readonly answers: (string | undefined)[] = [];

	confirm(question: ConfirmQuestion): Promise<string | undefined> {
		this.questions.push(question);
		return Promise.resolve(this.answers.shift());
	}

	refused(): Promise<void> {
		return Promise.resolve();
	}
}

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

suite('Guarded terminal: statements at database prompts (sqlite3, redis-cli, psql, mysql)', function () {
	this.timeout(120_000);
	const person = new ScriptedPerson();
	let api: TestApi;
	let terminal: vscode.Terminal;
	let dir: string;
	let redisServer: ChildProcess | undefined;
	let redisPort = 0;
	let pgDir = '';
	let pgCtl = '';
	const pgPort = String(20000 + Math.floor(Math.random() * 20000));
	let myDir = '';
	let myServer: ChildProcess | undefined;
	const mySocket = (): string => path.join(myDir, 'sock');
	const myArgs = (): string => `--no-defaults -S ${mySocket()} -u root app`;
	const mySql = (text: string): string => execFileSync('mariadb', ['--no-defaults', '-S', mySocket(), '-u', 'root', '-N', '-B', '-e', text], { encoding: 'utf8', timeout: 30_000 }).trim();

	const asPostgres = (program: string, args: string[]): void => {
		const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
		execFileSync(file, argv, { stdio: 'ignore', timeout: 60_000 });
	};
	const pgArgs = (): string => `-h ${pgDir} -p ${pgPort} -U tg -d postgres`;
	const pgSql = (text: string): string => execFileSync('psql', ['-h', pgDir, '-p', pgPort, '-U', 'tg', '-d', 'postgres', '-tAc', text], { encoding: 'utf8' }).trim();
	const redis = (...args: string[]): string => execFileSync('redis-cli', ['-p', String(redisPort), ...args], { encoding: 'utf8' }).trim();

	suiteSetup(async () => {
		need('sqlite3', 'sqlite3');
		need('redis-server', 'redis-server');
		need('redis-cli', 'redis-tools');
		need('psql', 'postgresql-client');
		need('mysql', 'mariadb-client');
		need('mariadb', 'mariadb-client');
		api = await activeApi();
		api.setAnswererForTests(person);
		// Not under /tmp: the engine lets anything there go.
		dir = fs.mkdtempSync(path.join(firstFolder().uri.fsPath, 'tg-repl-'));
		// redis-server on loopback, nothing saved.
		redisPort = await freePort();
		redisServer = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
		await eventually('redis-server did not answer', () => {
			try {
				return redis('PING') === 'PONG';
			} catch {
				return false;
			}
		});
		// PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as the postgres account.
		const bin = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((d) => fs.existsSync(path.join(d, 'initdb')));
		const initdb = bin ? path.join(bin, 'initdb') : need('initdb', 'postgresql');
		pgCtl = bin ? path.join(bin, 'pg_ctl') : need('pg_ctl', 'postgresql');
		pgDir = fs.mkdtempSync('/tmp/tg-pg-');
		if (process.getuid?.() === 0) {
			execFileSync('chown', ['postgres', pgDir]);
		}
		asPostgres(initdb, ['-D', `${pgDir}/data`, '-A', 'trust', '-U', 'tg']);
		asPostgres(pgCtl, ['-D', `${pgDir}/data`, '-o', `-k ${pgDir} -c listen_addresses='' -p ${pgPort}`, '-w', '-l', `${pgDir}/log`, 'start']);
		// MariaDB: none of the system's configuration (--no-defaults), a Unix socket only; mariadbd refuses root without --user=root.
		myDir = fs.mkdtempSync('/tmp/tg-my-');
		const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
		const mariadbd = fs.existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : need('mariadbd', 'mariadb-server');
		execFileSync(need('mariadb-install-db', 'mariadb-server'), ['--no-defaults', `--datadir=${myDir}/data`, ...asRoot, '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'ignore', timeout: 120_000 });
		myServer = spawn(mariadbd, ['--no-defaults', `--datadir=${myDir}/data`, `--socket=${mySocket()}`, '--skip-networking', `--pid-file=${myDir}/pid`, `--log-error=${myDir}/err`, ...asRoot], { stdio: 'ignore' });
		await eventually('mariadbd did not answer', () => {
			try {
				return mySql('SELECT 1') === '1';
			} catch {
				return false;
			}
		}, 60_000);
	});

	// A terminal per test: a client a failed test left running must not take the next test's keys.
	setup(async () => {
		terminal = await openGuardedTerminal('bash', PROFILE);
		const mark = api.recentOutputForTests(terminal).total;
		terminal.sendText(`cd '${dir}' && echo ready-""repl`);
		await eventually('bash never became ready', () => outputSince(mark).includes('ready-repl'), 30000);
	});

	teardown(() => {
		terminal?.dispose();
	});

	suiteTeardown(async () => {
		api?.setAnswererForTests(undefined);
		await resetGuardedProfile();
		redisServer?.kill();
		if (myServer && myServer.exitCode === null) {
			const exited = new Promise((resolve) => myServer?.once('exit', resolve));
			myServer.kill('SIGTERM');
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
			myServer.kill('SIGKILL');
		}
		if (myDir) {
			fs.rmSync(myDir, { recursive: true, force: true });
		}
		if (pgCtl && pgDir) {
			try {
				asPostgres(pgCtl, ['-D', `${pgDir}/data`, '-m', 'immediate', 'stop']);
			} catch {
				// not running
			}
			fs.rmSync(pgDir, { recursive: true, force: true });
		}
		if (dir) {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	function outputSince(mark: number): string {
		const { text, total } = api.recentOutputForTests(terminal);
		return total > mark ? text.slice(-(total - mark)) : '';
	}

	/** Sends keys (no newline added) and waits until the terminal shows `expected` after them. */
	async function keys(text: string, expected: string): Promise<void> {
		const mark = api.recentOutputForTests(terminal).total;
		terminal.sendText(text, false);
		try {
			await eventually(`${JSON.stringify(text)}: the terminal never showed ${JSON.stringify(expected)}`, () => outputSince(mark).includes(expected), 30000);
		} catch (error) {
			throw new Error(`${(error as Error).message}; it shows ${JSON.stringify(outputSince(mark).slice(-600))}`);
		}
	}

	function tables(db: string): string {
		return execFileSync('sqlite3', [db, '.tables'], { encoding: 'utf8' });
	}

	test("sqlite3: 'DROP TABLE users;' asks for users; Escape leaves the table; a wrong name runs nothing; the right name drops it", async () => {
		const db = path.join(dir, 'app.db');
		execFileSync('sqlite3', [db, 'CREATE TABLE users(id INTEGER); INSERT INTO users VALUES (1),(2);']);
		await keys('sqlite3 app.db\r', 'sqlite> ');
		person.questions.length = 0;
		person.answers.push(undefined);
		await keys('DROP TABLE users;\r', 'Terminal Guard stopped');
		assert.deepStrictEqual(person.questions.map((q) => [q.line, q.expected]), [["sqlite3 app.db 'DROP TABLE users;'", 'users']]);
		assert.match(tables(db), /\busers\b/);
		await keys('SELECT 6*7;\r', '42');
		person.answers.push('user');
		await keys('DROP TABLE users;\r', 'Terminal Guard stopped');
		assert.match(tables(db), /\busers\b/, 'a mistyped name ran the statement');
		person.answers.push('users');
		await keys('DROP TABLE users;\r', 'sqlite> ');
		await eventually('the confirmed DROP TABLE did not run', () => !/\busers\b/.test(tables(db)));
		await keys('.quit\r', SHELL_PROMPT);
	});

	test('sqlite3: a statement recalled with Up and edited is judged as edited', async () => {
		const db = path.join(dir, 'recall.db');
		execFileSync('sqlite3', [db, 'CREATE TABLE users(id INTEGER); INSERT INTO users VALUES (1),(2);']);
		await keys('sqlite3 recall.db\r', 'sqlite> ');
		person.questions.length = 0;
		await keys('DELETE FROM users WHERE id = 1;\r', 'sqlite> ');
		assert.strictEqual(person.questions.length, 0, 'a DELETE with a WHERE was asked about');
		await keys('\x1b[A', 'DELETE FROM users WHERE id = 1;');
		person.answers.push(undefined);
		await keys(`${'\x7f'.repeat(14)};\r`, 'Terminal Guard stopped');
		assert.deepStrictEqual(person.questions.map((q) => q.line), ["sqlite3 recall.db 'DELETE FROM users;'"]);
		assert.strictEqual(execFileSync('sqlite3', [db, 'SELECT count(*) FROM users;'], { encoding: 'utf8' }).trim(), '1');
		await keys('.quit\r', SHELL_PROMPT);
	});

	test("redis-cli: 'FLUSHALL' asks for FLUSHALL; Escape keeps the keys", async () => {
		redis('SET', 'keep', 'precious');
		await keys(`redis-cli -p ${redisPort}\r`, `127.0.0.1:${redisPort}> `);
		person.questions.length = 0;
		person.answers.push(undefined);
		await keys('FLUSHALL\r', 'Terminal Guard stopped');
		assert.deepStrictEqual(person.questions.map((q) => [q.line, q.expected]), [[`redis-cli -p ${redisPort} FLUSHALL`, 'FLUSHALL']]);
		assert.strictEqual(redis('GET', 'keep'), 'precious');
		await keys('GET keep\r', '"precious"');
		await keys('quit\r', SHELL_PROMPT);
	});

	test("psql: 'DROP TABLE users;' asks for users; Escape leaves the table and the prompt works", async () => {
		pgSql('DROP TABLE IF EXISTS users; CREATE TABLE users(id int); INSERT INTO users VALUES (1), (2);');
		await keys(`psql ${pgArgs()}\r`, 'postgres=#');
		person.questions.length = 0;
		person.answers.push(undefined);
		await keys('DROP TABLE users;\r', 'Terminal Guard stopped');
		assert.deepStrictEqual(person.questions.map((q) => [q.line, q.expected]), [[`psql ${pgArgs()} -c 'DROP TABLE users;'`, 'users']]);
		assert.strictEqual(pgSql('SELECT count(*) FROM users'), '2');
		await keys('SELECT 6*7 AS answer;\r', '42');
		await keys('\\q\r', SHELL_PROMPT);
	});
	test("mysql (MariaDB): 'DROP TABLE users;' asks for users; Escape leaves the table; a recalled and edited DELETE is asked about; a SELECT is not", async () => {
		mySql('CREATE DATABASE IF NOT EXISTS app; DROP TABLE IF EXISTS app.users; CREATE TABLE app.users(id int); INSERT INTO app.users VALUES (1), (2);');
		await keys(`mysql ${myArgs()}\r`, 'MariaDB [app]> ');
		person.questions.length = 0;
		person.answers.push(undefined);
		await keys('DROP TABLE users;\r', 'Terminal Guard stopped');
		assert.deepStrictEqual(person.questions.map((q) => [q.line, q.expected]), [[`mysql ${myArgs()} -e 'DROP TABLE users;'`, 'users']]);
		assert.strictEqual(mySql('SELECT count(*) FROM app.users'), '2');
		await keys('SELECT 6*7 AS answer;\r', '42');
		assert.strictEqual(person.questions.length, 1, 'a SELECT was asked about');
		await keys('DELETE FROM users WHERE id = 1;\r', 'Query OK');
		assert.strictEqual(person.questions.length, 1, 'a DELETE with a WHERE was asked about');
		await keys('\x1b[A', 'DELETE FROM users WHERE id = 1;');
		person.answers.push(undefined);
		await keys(`${'\x7f'.repeat(14)};\r`, 'Terminal Guard stopped');
		assert.deepStrictEqual(person.questions.map((q) => q.line).slice(1), [`mysql ${myArgs()} -e 'DELETE FROM users;'`]);
		assert.strictEqual(mySql('SELECT count(*) FROM app.users'), '1');
		await keys('quit\r', SHELL_PROMPT);
	});
});

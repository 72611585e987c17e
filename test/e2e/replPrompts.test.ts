/**
 * Database prompts in the guarded terminal, as a person meets them in the workbench: `DROP TABLE users;`
 * typed into sqlite3, psql and mysql (MariaDB), and `FLUSHALL` typed into redis-cli, each bring up the modal naming
 * the table or the key pattern; Escape leaves the data in place and the prompt usable. The clients and
 * servers are real (sqlite3 on a file in the workspace, redis-server on loopback, PostgreSQL and MariaDB on
 * Unix sockets in temporary folders). Screenshots: test-results/e2e/NN-repl-…png.
 */
import * as assert from 'assert';
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import type { Locator } from 'playwright-core';
import { environment, screenshotFailures, Workbench } from './workbench';

function need(program: string, pkg: string): void {
	if (!(process.env.PATH ?? '/usr/bin:/bin').split(':').some((dir) => fs.existsSync(path.join(dir, program)))) {
		throw new Error(`${program} is not installed: the database prompt tests need it (apt-get install -y ${pkg})`);
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

suite('Database prompts in the guarded terminal', function () {
	this.timeout(120000);
	const env = environment();
	const db = path.join(env.workspace, 'tg-e2e-app.db');
	let workbench: Workbench;
	let rows: Locator;
	let redisServer: ChildProcess | undefined;
	let redisPort = 0;
	let redisDir = '';
	let pgDir = '';
	let pgCtl = '';
	const pgPort = String(20000 + Math.floor(Math.random() * 20000));
	const asPostgres = (program: string, args: string[]): void => {
		const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
		execFileSync(file, argv, { stdio: 'ignore', timeout: 60000 });
	};
	let myDir = '';
	let myServer: ChildProcess | undefined;
	const mySocket = (): string => path.join(myDir, 'sock');
	const mySql = (text: string): string => execFileSync('mariadb', ['--no-defaults', '-S', mySocket(), '-u', 'root', '-N', '-B', '-e', text], { encoding: 'utf8', timeout: 30000 }).trim();
	const pgSql = (text: string): string => execFileSync('psql', ['-h', pgDir, '-p', pgPort, '-U', 'tg', '-d', 'postgres', '-tAc', text], { encoding: 'utf8' }).trim();
	const redis = (...args: string[]): string => execFileSync('redis-cli', ['-p', String(redisPort), ...args], { encoding: 'utf8' }).trim();

	suiteSetup(async () => {
		for (const [program, pkg] of [['sqlite3', 'sqlite3'], ['redis-server', 'redis-server'], ['redis-cli', 'redis-tools'], ['psql', 'postgresql-client'], ['mysql', 'mariadb-client'], ['mariadb-install-db', 'mariadb-server']]) {
			need(program, pkg);
		}
		fs.rmSync(db, { force: true });
		execFileSync('sqlite3', [db, 'CREATE TABLE users(id INTEGER, name TEXT); INSERT INTO users VALUES (1, "ada"), (2, "bob");']);
		redisDir = fs.mkdtempSync('/tmp/tg-e2e-redis-');
		redisPort = await freePort();
		redisServer = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', redisDir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
		const bin = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((d) => fs.existsSync(path.join(d, 'initdb')));
		assert.ok(bin, 'PostgreSQL server programs (initdb, pg_ctl) are not installed: apt-get install -y postgresql');
		pgCtl = path.join(bin, 'pg_ctl');
		pgDir = fs.mkdtempSync('/tmp/tg-e2e-pg-');
		if (process.getuid?.() === 0) {
			// PostgreSQL refuses to run as root.
			execFileSync('chown', ['postgres', pgDir]);
		}
		asPostgres(path.join(bin, 'initdb'), ['-D', `${pgDir}/data`, '-A', 'trust', '-U', 'tg']);
		asPostgres(pgCtl, ['-D', `${pgDir}/data`, '-o', `-k ${pgDir} -c listen_addresses='' -p ${pgPort}`, '-w', '-l', `${pgDir}/log`, 'start']);
		pgSql('CREATE TABLE users(id int, name text); INSERT INTO users VALUES (1, $$ada$$), (2, $$bob$$);');
		for (let i = 0; ; i++) {
			try {
				if (redis('PING') === 'PONG') {
					break;
				}
			} catch (error) {
				if (i > 100) {
					throw error;
				}
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		redis('SET', 'session:1', 'ada');
		// MariaDB: none of the system's configuration, a Unix socket only; mariadbd refuses root without --user=root.
		myDir = fs.mkdtempSync('/tmp/tg-e2e-my-');
		const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
		execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${myDir}/data`, ...asRoot, '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'ignore', timeout: 120000 });
		myServer = spawn(fs.existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : 'mariadbd', ['--no-defaults', `--datadir=${myDir}/data`, `--socket=${mySocket()}`, '--skip-networking', `--pid-file=${myDir}/pid`, `--log-error=${myDir}/err`, ...asRoot], { stdio: 'ignore' });
		for (const started = Date.now(); ; await new Promise((resolve) => setTimeout(resolve, 200))) {
			try {
				mySql("CREATE DATABASE app; CREATE TABLE app.users(id int, name text); INSERT INTO app.users VALUES (1, 'ada'), (2, 'bob');");
				break;
			} catch (error) {
				if (Date.now() - started > 60000) {
					throw new Error(`mariadbd did not answer: ${String(error)}`);
				}
			}
		}
		workbench = await Workbench.open(env);
		await workbench.statusBarItem('shield').waitFor({ state: 'visible', timeout: 30000 });
		await workbench.runCommand('Terminal: Kill All Terminals');
		rows = await workbench.openGuardedTerminal();
	});

	suiteTeardown(async () => {
		await workbench?.runCommand('Terminal: Kill All Terminals').catch(() => undefined);
		await workbench?.close();
		redisServer?.kill();
		if (myServer && myServer.exitCode === null) {
			const exited = new Promise((resolve) => myServer?.once('exit', resolve));
			myServer.kill('SIGTERM');
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20000))]);
			myServer.kill('SIGKILL');
		}
		if (pgCtl && pgDir) {
			try {
				asPostgres(pgCtl, ['-D', `${pgDir}/data`, '-m', 'immediate', 'stop']);
			} catch {
				// not running
			}
		}
		for (const dir of [redisDir, pgDir, myDir]) {
			if (dir) {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		}
		fs.rmSync(db, { force: true });
	});

	screenshotFailures(() => workbench);

	/** Waits until the terminal's rows (joined: long lines wrap) show `text`. */
	async function shows(text: string | RegExp, what: string): Promise<void> {
		const start = Date.now();
		for (;;) {
			const joined = (await rows.innerText()).replace(/\s*\n\s*/g, ' ');
			if (typeof text === 'string' ? joined.includes(text) : text.test(joined)) {
				return;
			}
			if (Date.now() - start > 20000) {
				throw new Error(`the terminal never showed ${what}; it shows …${joined.slice(-400)}`);
			}
			await workbench.page.waitForTimeout(100);
		}
	}

	/** Types the statement, checks the modal names `target`, presses Escape, and waits for the refusal line. */
	async function escapeFrom(statement: string, target: string, shot: string): Promise<void> {
		await workbench.typeInTerminal(statement);
		const dialog = workbench.dialog();
		await dialog.waitFor({ state: 'visible', timeout: 15000 });
		const text = await dialog.innerText();
		assert.ok(text.includes(statement), `the modal does not show ${statement}: ${text}`);
		assert.ok(text.includes(target), `the modal does not name ${target}: ${text}`);
		await workbench.screenshot(`${shot}-modal`);
		await workbench.page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden', timeout: 10000 });
		await shows('Terminal Guard stopped', 'the refusal line');
		await workbench.screenshot(`${shot}-stopped`);
	}

	test("sqlite3: 'DROP TABLE users;' asks for users; Escape leaves the table and the prompt usable", async () => {
		await workbench.typeInTerminal(`sqlite3 ${path.basename(db)}`);
		await shows('sqlite>', 'the sqlite> prompt');
		await workbench.screenshot('repl-sqlite-prompt');
		await escapeFrom('DROP TABLE users;', 'users', 'repl-sqlite');
		assert.match(execFileSync('sqlite3', [db, '.tables'], { encoding: 'utf8' }), /\busers\b/, 'the table was dropped');
		await workbench.typeInTerminal('SELECT group_concat(name) FROM users;');
		await shows('ada,bob', 'the rows of users');
		await workbench.screenshot('repl-sqlite-still-there');
		await workbench.typeInTerminal('.quit');
	});

	test("psql: 'DROP TABLE users;' asks for users; Escape leaves the table", async () => {
		await workbench.typeInTerminal(`psql -h ${pgDir} -p ${pgPort} -U tg -d postgres`);
		await shows('postgres=#', 'the psql prompt');
		await escapeFrom('DROP TABLE users;', 'users', 'repl-psql');
		assert.strictEqual(pgSql('SELECT count(*) FROM users'), '2', 'the table was dropped');
		await workbench.typeInTerminal("SELECT string_agg(name, '+') FROM users;");
		await shows('ada+bob', 'the rows of users');
		await workbench.screenshot('repl-psql-still-there');
		await workbench.typeInTerminal('\\q');
	});

	test("mysql (MariaDB): 'DROP TABLE users;' asks for users; Escape leaves the table", async () => {
		await workbench.typeInTerminal(`mysql --no-defaults -S ${mySocket()} -u root app`);
		await shows('MariaDB [app]>', 'the mysql prompt');
		await escapeFrom('DROP TABLE users;', 'users', 'repl-mysql');
		assert.strictEqual(mySql('SELECT count(*) FROM app.users'), '2', 'the table was dropped');
		await workbench.typeInTerminal("SELECT group_concat(name SEPARATOR '+') AS names FROM users;");
		await shows('ada+bob', 'the rows of users');
		await workbench.screenshot('repl-mysql-still-there');
		await workbench.typeInTerminal('quit');
	});

	test("redis-cli: 'FLUSHALL' asks; Escape keeps the keys", async () => {
		await workbench.typeInTerminal(`redis-cli -p ${redisPort}`);
		await shows(`127.0.0.1:${redisPort}>`, 'the redis-cli prompt');
		await escapeFrom('FLUSHALL', 'FLUSHALL', 'repl-redis');
		assert.strictEqual(redis('GET', 'session:1'), 'ada', 'the keys were flushed');
		await workbench.typeInTerminal('GET session:1');
		await shows('"ada"', 'the key');
		await workbench.screenshot('repl-redis-still-there');
		await workbench.typeInTerminal('quit');
	});
});

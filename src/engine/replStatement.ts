/**
 * A statement typed at a database prompt (`sqlite>`, `app=#`, `127.0.0.1:6379>`, `test>`), as the shell
 * line that would run it: the client's own command line with the statement as its `-c`/`-e`/`--eval`
 * argument (`sqlite3 app.db 'DROP TABLE users;'`). Judging that line sends the statement through the
 * same rule packs (sql, nosql) and the same question as a command typed at the shell, with the table,
 * database or key as the target, and the wrappers the client runs under (`docker exec -it db psql`)
 * unwrapped as usual. Pure: no I/O.
 */

export type ReplClientKind = 'sqlite' | 'psql' | 'mysql' | 'redis' | 'mongosh';

export interface ReplInvocation {
	readonly kind: ReplClientKind;
	/** The foreground process's argv as it was started: wrappers (`docker exec -it db`), the client, its options. */
	readonly argv: readonly string[];
	/** Index of the client's own name in `argv`. */
	readonly clientAt: number;
}

export interface ReplSession {
	/** The database switched to since the client started (`.open f.db`, `\c app`, `use app`, `SELECT 2`). */
	readonly database?: string;
	/** sqlite: ATTACH statements run in this session (they make an in-memory session's drops matter). */
	readonly attached?: readonly string[];
}

/** What a judged line stands for: a statement, a command line, a script, a shell command, or a client command that writes files. */
export type ReplLineKind = 'sql' | 'redis' | 'mongo' | 'file' | 'shell' | 'output' | 'restore' | 'empty';

/** A word as a POSIX shell reads it back: bare when plain, else single-quoted. */
export function shellWord(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function line(words: readonly string[]): string {
	return words.map(shellWord).join(' ');
}

/** Names of the clients a prompt can come from, by the name their program runs under. */
export const REPL_CLIENTS: Readonly<Record<string, ReplClientKind>> = {
	sqlite3: 'sqlite', sqlite: 'sqlite',
	psql: 'psql',
	mysql: 'mysql', mariadb: 'mysql',
	'redis-cli': 'redis', 'valkey-cli': 'redis', 'keydb-cli': 'redis',
	mongosh: 'mongosh', mongo: 'mongosh',
};

/** sqlite3 options that take a value (`-cmd X`); the first other word is the database file. */
const SQLITE_VALUE = new Set(['cmd', 'init', 'separator', 'newline', 'nullvalue', 'vfs', 'A', 'lookaside', 'maxsize', 'mmap', 'pagecache', 'heap', 'escape']);

/** `sqlite3 [opts] [DB]`: the options, and the database file (undefined: in memory). */
function sqliteArgs(args: readonly string[]): { options: string[]; db?: string } {
	const options: string[] = [];
	let db: string | undefined;
	for (let i = 0; i < args.length; i++) {
		const word = args[i];
		if (word.startsWith('-') && word !== '-') {
			options.push(word);
			const name = word.replace(/^--?/, '');
			if (SQLITE_VALUE.has(name) && i + 1 < args.length) {
				options.push(args[++i]);
			}
		} else if (db === undefined) {
			db = word;
		}
	}
	return { options, db };
}

/**
 * The shell line whose verdict is the statement's. `sql`: the client with the statement as its
 * command; `redis`: the client with the command's words; `mongo`: `--eval`; `file`: the client running
 * that script; `shell`: the command itself (inside the same container when the client runs in one).
 * `replLine({kind:'sqlite', argv:['sqlite3','app.db'], clientAt:0}, 'sql', 'DROP TABLE users;')`
 * → `sqlite3 app.db 'DROP TABLE users;'`.
 */
export function replLine(client: ReplInvocation, kind: ReplLineKind, text: string, session: ReplSession = {}, database?: string): string {
	const wrapper = client.argv.slice(0, client.clientAt);
	const name = client.argv[client.clientAt];
	// The line is shown in the question and written to the audit log: passwords in the arguments are left out.
	const args = withoutSecrets(client.kind, client.argv.slice(client.clientAt + 1));
	// `\! cmd` runs in the client's own shell, and its files are the client's: inside the container when it runs in one.
	const inClientShell = (command: string): string => (wrapper.length > 0 ? `${line(wrapper)} sh -c ${shellWord(command)}` : command);
	switch (kind) {
		case 'shell':
			return inClientShell(text);
		case 'output':
			// The client's output into the file, emptied first: judged as the shell's `>` into it.
			return inClientShell(`${line([name, ...clientArgs(client.kind, args, session)])} > ${shellWord(text)}`);
		case 'restore':
			// The database's file becomes a copy of the backup: `cat backup > db`.
			return inClientShell(`cat ${shellWord(text)} > ${shellWord(restoredFile(client.kind, args, session, database ?? 'main'))}`);
		case 'empty':
			return inClientShell(`truncate -s 0 ${shellWord(text)}`);
		default:
			break;
	}
	switch (client.kind) {
		case 'sqlite': {
			const { options, db } = sqliteArgs(args);
			const database = session.database ?? db ?? ':memory:';
			const attached = (session.attached ?? []).flatMap((a) => ['-cmd', a]);
			const what = kind === 'file' ? ['-init', text, database] : [database, text];
			return line([...wrapper, name, ...options, ...attached, ...what]);
		}
		case 'psql': {
			const db = session.database ? ['-d', session.database] : [];
			return line([...wrapper, name, ...args, ...db, kind === 'file' ? '-f' : '-c', text]);
		}
		case 'mysql': {
			// mysql has no script option: `source f.sql` is the file on standard input.
			const db = session.database ? ['-D', session.database] : [];
			const own = line([...wrapper, name, ...args, ...db]);
			return kind === 'file' ? `${own} < ${shellWord(text)}` : `${own} -e ${shellWord(text)}`;
		}
		case 'redis': {
			const db = session.database ? ['-n', session.database] : [];
			return line([...wrapper, name, ...args, ...db, ...redisWords(text)]);
		}
		case 'mongosh': {
			const code = session.database ? `use ${session.database}\n${text}` : text;
			return line([...wrapper, name, ...args, kind === 'file' ? '--file' : '--eval', code]);
		}
	}
}

/** A redis-cli line as its words: `SET "a b" c` → ['SET', 'a b', 'c'] (redis-cli's own quoting). */
export function redisWords(text: string): string[] {
	return [...text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** Options that carry a password, with their value (`-a pw`) or glued to it (`-psecret`, `--password=pw`). */
const SECRET_OPTIONS: Record<ReplClientKind, { glued: RegExp; separate: readonly string[] }> = {
	sqlite: { glued: /^$/, separate: [] },
	psql: { glued: /^$/, separate: [] },
	mysql: { glued: /^(?:-p.+|--password=.*)$/, separate: [] },
	redis: { glued: /^(?:--pass=.*|-a.+)$/, separate: ['-a', '--pass'] },
	mongosh: { glued: /^--password=.*$/, separate: ['-p', '--password'] },
};

function withoutSecrets(kind: ReplClientKind, args: readonly string[]): string[] {
	const { glued, separate } = SECRET_OPTIONS[kind];
	const out: string[] = [];
	for (let i = 0; i < args.length; i++) {
		if (separate.includes(args[i])) {
			i++;
		} else if (!glued.test(args[i])) {
			// `postgres://user:secret@host/db` → `postgres://user:***@host/db`
			out.push(args[i].replace(/^([a-z][\w+.-]*:\/\/[^:/@\s]*):[^@/\s]*@/i, '$1:***@'));
		}
	}
	return out;
}

/** The client's own arguments, pointed at the database the session has switched to. */
function clientArgs(kind: ReplClientKind, args: readonly string[], session: ReplSession): string[] {
	switch (kind) {
		case 'sqlite': {
			const { options, db } = sqliteArgs(args);
			return [...options, session.database ?? db ?? ':memory:'];
		}
		case 'psql':
			return [...args, ...(session.database ? ['-d', session.database] : [])];
		case 'mysql':
			return [...args, ...(session.database ? ['-D', session.database] : [])];
		case 'redis':
			return [...args, ...(session.database ? ['-n', session.database] : [])];
		case 'mongosh':
			return [...args];
	}
}

/** sqlite `.restore [DB] FILE`: the file of `main` (the open database) or of a database attached as DB. */
function restoredFile(kind: ReplClientKind, args: readonly string[], session: ReplSession, database: string): string {
	if (kind !== 'sqlite') {
		return database;
	}
	if (database.toLowerCase() === 'main') {
		return session.database ?? sqliteArgs(args).db ?? ':memory:';
	}
	for (const attach of session.attached ?? []) {
		const m = /^\s*attach\s+(?:database\s+)?(['"])(.*?)\1\s+as\s+(['"`]?)(\w+)\3/i.exec(attach);
		if (m && m[4].toLowerCase() === database.toLowerCase()) {
			return m[2];
		}
	}
	return database;
}

/**
 * Where a statement typed into a database prompt ends. A client runs nothing until its terminator:
 * `;` (or `\g`, `\G`, mysql's `delimiter`) outside quotes and comments for SQL clients, one line for
 * redis-cli, one balanced expression for mongosh. Client commands (`\! cmd`, `.shell cmd`, `\i file`,
 * `.open file`, `use db`) are statements of their own. Pure: the guard feeds it the text submitted so
 * far (earlier continuation lines and the line at Enter) and judges every complete statement.
 */

export type ReplKind = 'sqlite' | 'psql' | 'mysql' | 'redis' | 'mongosh';

/**
 * - `sql`: SQL the client sends to the server.
 * - `shell`: a shell command the client runs (`\! rm x`, `.shell rm x`, `system rm x`); `text` is that command.
 * - `file`: a script the client runs (`\i f.sql`, `.read f.sql`, `source f.sql`); `text` is the file name.
 * - `session`: switches database (`\c db`, `.open f.db`, `use db`, redis `SELECT 2`, mongosh `use db`); `text` is the new one.
 * - `redis` / `mongo`: a Redis command line, a mongosh expression.
 * - `output`: the client writes into a file, emptying it first (`\o f`, `\g f`, `\copy t to 'f'`, `.output f`, `.backup f`); `text` is the file.
 * - `restore`: a database is overwritten from a file (sqlite `.restore ?DB? FILE`); `text` is the file, `database` the schema (`main`).
 * - `empty`: a database file is emptied (sqlite `.open --new f.db`); `text` is the file.
 * - `unchecked`: the client runs statements no one can see before they run (psql `\gexec`, sqlite `.read |cmd`); `text` says why.
 * - `edit`: opens an editor whose saved text the client may run at once (`\e`, `edit`): unknown when judged.
 * - `client`: any other client command (`\d`, `.tables`, `help`): nothing to judge.
 */
export type StatementKind = 'sql' | 'shell' | 'file' | 'session' | 'redis' | 'mongo' | 'output' | 'restore' | 'empty' | 'unchecked' | 'edit' | 'client';

export interface Statement {
	readonly kind: StatementKind;
	readonly text: string;
	/** `restore`: the schema overwritten (`main`, or an attached database's name). */
	readonly database?: string;
	/** `file`: named relative to the script that runs it (psql `\\ir`), not to the client's directory. */
	readonly relative?: boolean;
}

/** Quote or comment open at the end of the pending text: what closes it. */
export type OpenState = { readonly closer: string } | undefined;

export interface Split {
	/** Complete statements, in order. */
	readonly statements: readonly Statement[];
	/** Text the client keeps waiting for more of (empty when nothing is pending). */
	readonly rest: string;
	/** What closes a quote or comment open at the end of `rest` (undefined when none is open). */
	readonly open: OpenState;
	/** mysql: the delimiter after these statements (`delimiter //`). */
	readonly delimiter: string;
}

/**
 * Splits `text` (all the lines submitted since the client last ran something, joined with `\n`).
 * `splitStatements('sqlite', 'DROP TABLE a; SELECT')` → statements [`DROP TABLE a;`], rest `SELECT`.
 */
export function splitStatements(kind: ReplKind, text: string, delimiter = ';'): Split {
	switch (kind) {
		case 'redis':
			return splitRedis(text);
		case 'mongosh':
			return splitMongo(text);
		default:
			return new SqlSplitter(kind, text, delimiter).run();
	}
}

function splitRedis(text: string): Split {
	// redis-cli sends each line as it is entered; there is no continuation.
	const statements = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0).map((l): Statement => {
		const select = /^select\s+(\S+)\s*$/i.exec(l);
		return select ? { kind: 'session', text: select[1] } : { kind: 'redis', text: l };
	});
	return { statements, rest: '', open: undefined, delimiter: ';' };
}

/** mongosh (a Node REPL): one expression per line, unless a bracket, string or comment is still open. */
function splitMongo(text: string): Split {
	const statements: Statement[] = [];
	let start = 0;
	let depth = 0;
	let quote = '';
	let comment = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (comment) {
			if (c === '*' && text[i + 1] === '/') {
				comment = false;
				i++;
			}
		} else if (quote) {
			if (c === '\\') {
				i++;
			} else if (c === quote || (c === '\n' && quote !== '`')) {
				quote = '';
			}
		} else if (c === '/' && text[i + 1] === '*') {
			comment = true;
			i++;
		} else if (c === '/' && text[i + 1] === '/') {
			while (i + 1 < text.length && text[i + 1] !== '\n') {
				i++;
			}
		} else if (c === '"' || c === "'" || c === '`') {
			quote = c;
		} else if ('([{'.includes(c)) {
			depth++;
		} else if (')]}'.includes(c)) {
			depth = Math.max(0, depth - 1);
		} else if (c === '\n' && depth === 0) {
			pushMongo(statements, text.slice(start, i));
			start = i + 1;
		}
	}
	const tail = text.slice(start);
	if (depth === 0 && !quote && !comment) {
		pushMongo(statements, tail);
		return { statements, rest: '', open: undefined, delimiter: ';' };
	}
	return { statements, rest: tail, open: quote === '`' ? { closer: '`' } : comment ? { closer: '*/' } : undefined, delimiter: ';' };
}

/**
 * mongosh is a JavaScript prompt: code that reaches Node's modules, the process or other files is not a
 * database command the rules can read. Spelled plainly it is refused; spelled to hide (`globalThis['req'+'uire']`)
 * it is not seen — a limit of judging a programming language's prompt (docs/terminal.md).
 */
const MONGO_ESCAPES = /\b(?:require|load|import)\s*\(|\bprocess\s*\.|\bchild_process\b|\bconstructor\b|\beval\s*\(|\bFunction\s*\(/;

function pushMongo(statements: Statement[], text: string): void {
	const line = text.trim();
	const use = /^use\s+([\w$-]+)\s*;?$/.exec(line);
	if (/^\.editor\b/.test(line)) {
		// The editor mode takes Enter as a new line and runs everything at Ctrl-D, which is not judged.
		statements.push({ kind: 'edit', text: '' });
	} else if (MONGO_ESCAPES.test(line)) {
		statements.push({ kind: 'unchecked', text: 'mongosh would run JavaScript that reaches Node\'s modules, the process or files, which Terminal Guard cannot check' });
	} else if (use) {
		statements.push({ kind: 'session', text: use[1] });
	} else if (line.length > 0) {
		statements.push({ kind: 'mongo', text: line });
	}
}

/** psql meta-commands that send the query buffer. */
const PSQL_SEND = /^(?:g|gx|gset|gexec|gdesc|crosstabview|watch)$/;

class SqlSplitter {
	private readonly statements: Statement[] = [];
	/** Client commands inside a pending statement: not part of its SQL. */
	private readonly cuts: [number, number][] = [];
	private start = 0;
	private i = 0;
	private open: OpenState;

	constructor(
		private readonly kind: 'sqlite' | 'psql' | 'mysql',
		private readonly text: string,
		private delimiter: string,
	) {}

	run(): Split {
		const { text } = this;
		while (this.i < text.length) {
			if (this.atStatementStart() && this.lineStart() && this.clientLine()) {
				continue;
			}
			const c = text[this.i];
			if (c === "'" || c === '"' || (c === '`' && this.kind !== 'psql') || (c === '[' && this.kind === 'sqlite')) {
				const backslash = this.kind === 'mysql' || (this.kind === 'psql' && c === "'" && /[eE]$/.test(text.slice(0, this.i)) && !/\w[eE]$/.test(text.slice(0, this.i)));
				this.skipQuoted(c === '[' ? ']' : c, backslash);
			} else if (this.kind === 'psql' && c === '$' && this.dollarQuote()) {
				// skipped by dollarQuote
			} else if (c === '-' && text[this.i + 1] === '-' && (this.kind !== 'mysql' || /^[\s]?$/.test(text[this.i + 2] ?? ''))) {
				this.skipTo('\n');
			} else if (c === '#' && this.kind === 'mysql') {
				this.skipTo('\n');
			} else if (c === '/' && text[this.i + 1] === '*') {
				this.skipBlockComment();
			} else if (c === '\\' && this.kind !== 'sqlite') {
				this.backslash();
			} else if (text.startsWith(this.delimiter, this.i)) {
				this.i += this.delimiter.length;
				this.endStatement(this.i);
			} else {
				this.i++;
			}
		}
		const rest = this.slice(this.start, text.length);
		return { statements: this.statements, rest: blank(rest) && !this.open ? '' : rest, open: this.open, delimiter: this.delimiter };
	}

	private atStatementStart(): boolean {
		return blank(this.text.slice(this.start, this.i));
	}

	private lineStart(): boolean {
		return this.i === 0 || this.text[this.i - 1] === '\n' || blank(this.text.slice(this.text.lastIndexOf('\n', this.i - 1) + 1, this.i));
	}

	/** A client command on a line of its own at the start of a statement: sqlite `.cmd`, mysql `use db`. */
	private clientLine(): boolean {
		const end = this.text.indexOf('\n', this.i);
		const lineEnd = end < 0 ? this.text.length : end;
		const line = this.text.slice(this.i, lineEnd).trim();
		let statement: Statement | Statement[] | undefined;
		if (this.kind === 'sqlite' && line.startsWith('.')) {
			statement = sqliteDot(line);
		} else if (this.kind === 'mysql') {
			const m = /^(use|source|system|delimiter|connect|edit|ego|go|clear|exit|quit|help|status|charset|warnings|nowarning|pager|nopager|tee|notee|rehash|prompt|print|resetconnection|query_attributes|ssl_session_data_print)(?:\s+(.*))?$/i.exec(line);
			if (m && !(m[1].toLowerCase() === 'use' && !m[2])) {
				statement = mysqlCommand(m[1].toLowerCase(), (m[2] ?? '').trim(), this);
			}
		}
		if (!statement) {
			return false;
		}
		this.statements.push(...(Array.isArray(statement) ? statement : [statement]));
		this.i = end < 0 ? this.text.length : end + 1;
		this.start = this.i;
		return true;
	}

	setDelimiter(delimiter: string): void {
		this.delimiter = delimiter || ';';
	}

	private endStatement(at: number): void {
		const statement = this.slice(this.start, at).trim();
		if (statement.length > 0 && statement !== this.delimiter) {
			this.statements.push({ kind: 'sql', text: statement });
		}
		this.start = at;
	}

	private skipQuoted(closer: string, backslash: boolean): void {
		const { text } = this;
		for (let j = this.i + 1; j < text.length; j++) {
			if (backslash && text[j] === '\\') {
				j++;
			} else if (text[j] === closer) {
				if (closer !== ']' && text[j + 1] === closer) {
					j++; // a doubled quote is a quote character
					continue;
				}
				this.i = j + 1;
				return;
			}
		}
		this.open = { closer };
		this.i = text.length;
	}

	private dollarQuote(): boolean {
		const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(this.text.slice(this.i))?.[0];
		if (!tag || /[\w$]$/.test(this.text.slice(0, this.i))) {
			return false;
		}
		const end = this.text.indexOf(tag, this.i + tag.length);
		if (end < 0) {
			this.open = { closer: tag };
			this.i = this.text.length;
		} else {
			this.i = end + tag.length;
		}
		return true;
	}

	private skipTo(char: string): void {
		const end = this.text.indexOf(char, this.i);
		this.i = end < 0 ? this.text.length : end;
	}

	private skipBlockComment(): void {
		// PostgreSQL nests block comments; SQLite and MySQL do not.
		let depth = 0;
		const { text } = this;
		for (let j = this.i; j < text.length; j++) {
			if (text[j] === '/' && text[j + 1] === '*' && (depth === 0 || this.kind === 'psql')) {
				depth++;
				j++;
			} else if (text[j] === '*' && text[j + 1] === '/') {
				depth--;
				j++;
				if (depth === 0) {
					this.i = j + 1;
					return;
				}
			}
		}
		this.open = { closer: '*/'.repeat(Math.max(1, depth)) };
		this.i = text.length;
	}

	/** psql and mysql backslash commands, outside quotes: the rest of the line is the command's. */
	private backslash(): void {
		const { text } = this;
		const name = /^\\([A-Za-z!?.;]+|[^\sA-Za-z])/.exec(text.slice(this.i))?.[1] ?? '';
		const lineEnd = text.indexOf('\n', this.i) < 0 ? text.length : text.indexOf('\n', this.i);
		if (this.kind === 'psql') {
			if (name === ';') {
				this.i += 2; // `\;` is a literal semicolon that sends nothing
				return;
			}
			const command = name.replace(/[^A-Za-z!?.]+$/, '');
			const bare = command.replace(/\+$/, '');
			if (PSQL_SEND.test(bare)) {
				if (this.atStatementStart()) {
					// `\g` with nothing typed sends the previous query again: the guard judges that one.
					this.statements.push({ kind: 'sql', text: '' });
				}
				this.endStatement(this.i);
				const sendArgs = text.slice(this.i + 1 + command.length, lineEnd).trim();
				if (bare === 'gexec') {
					// Each value of the result is run as a statement of its own: none of them can be seen first.
					this.statements.push({ kind: 'unchecked', text: 'psql \\gexec runs every value of the result as a statement, and those cannot be checked before they run' });
				} else if (/^(?:g|gx)$/.test(bare) && sendArgs) {
					// `\g file` writes the result into the file; `\g |cmd` hands it to a shell command.
					this.statements.push(outputTo(sendArgs));
				}
				this.i = lineEnd;
				this.start = this.i;
				return;
			}
			const args = text.slice(this.i + 1 + command.length, lineEnd).trim();
			this.metaStatement(psqlMeta(command, args), lineEnd);
			return;
		}
		// mysql: one-character commands, anywhere outside quotes.
		const letter = text[this.i + 1] ?? '';
		const args = text.slice(this.i + 2, lineEnd).trim();
		if (letter === 'g' || letter === 'G') {
			this.endStatement(this.i);
			this.i += 2;
			this.start = this.i;
			return;
		}
		if (letter === 'c') {
			// `\c` clears the statement typed so far.
			this.i += 2;
			this.start = this.i;
			return;
		}
		const statement = letter === '!' || letter === 'P' ? { kind: 'shell' as const, text: args } : letter === '.' ? { kind: 'file' as const, text: args } : letter === 'u' ? { kind: 'session' as const, text: args } : letter === 'e' ? { kind: 'edit' as const, text: '' } : letter === 'd' ? { kind: 'client' as const, text: `delimiter ${args}` } : { kind: 'client' as const, text: `\\${letter}` };
		if (letter === 'd') {
			this.setDelimiter(args.split(/\s+/)[0]);
		}
		this.metaStatement(statement, ['!', '.', 'u', 'd', 'P', 'T'].includes(letter) ? lineEnd : this.i + 2);
	}

	/** A client command from here to `to`: judged now; SQL typed before it stays pending, without the command. */
	private metaStatement(statement: Statement, to: number): void {
		this.statements.push(statement);
		if (blank(this.text.slice(this.start, this.i))) {
			this.start = to;
		} else {
			this.cuts.push([this.i, to]);
		}
		this.i = to;
	}

	/** `text[from, to)` without the client commands cut out of it. */
	private slice(from: number, to: number): string {
		let out = '';
		let at = from;
		for (const [a, b] of this.cuts) {
			if (b <= at || a >= to) {
				continue;
			}
			out += this.text.slice(at, Math.max(at, a));
			at = Math.max(at, b);
		}
		return out + this.text.slice(at, Math.max(at, to));
	}
}

function blank(text: string): boolean {
	return text.trim().length === 0;
}

/** `\! rm x` → shell `rm x`; `\i f.sql` → file; `\c db` → session; `\e` → edit; `\d` → client. */
function psqlMeta(command: string, args: string): Statement {
	if (command === '!') {
		return { kind: 'shell', text: args };
	}
	if (/^(?:i|ir|include|include_relative)$/.test(command)) {
		return { kind: 'file', text: unquote(args), ...(/^(?:ir|include_relative)$/.test(command) ? { relative: true } : {}) };
	}
	if (/^(?:c|connect)$/.test(command)) {
		return { kind: 'session', text: args.split(/\s+/)[0] ?? '' };
	}
	if (/^(?:e|edit|ef|ev)$/.test(command)) {
		return { kind: 'edit', text: '' };
	}
	if (/^(?:o|out|w|write|s)$/.test(command) && args) {
		// `\o f`, `\w f` and `\s f` empty the file and write into it; `\o |cmd`, `\w |cmd` run a shell command.
		return outputTo(args);
	}
	if (command === 'setenv') {
		// The pager runs every later result through the shell: `\\setenv PAGER 'rm -rf x'` is a shell command.
		const m = /^(PAGER|PSQL_PAGER|PSQL_WATCH_PAGER)\s+(.+)$/.exec(args);
		if (m) {
			return { kind: 'shell', text: unquote(m[2]) };
		}
	}
	if (command === 'copy') {
		return psqlCopy(args) ?? { kind: 'client', text: `\\copy ${args}` };
	}
	return { kind: 'client', text: `\\${command}${args ? ` ${args}` : ''}` };
}

/** A file a client command writes, or the shell command it pipes into (`|cmd`). */
function outputTo(args: string): Statement {
	const target = unquote(args);
	if (target.startsWith('|')) {
		return { kind: 'shell', text: target.slice(1).trim() };
	}
	return { kind: 'output', text: target };
}

/**
 * `\copy t to 'f'` writes the file (emptied first); `\copy t {to|from} program 'cmd'` runs a shell
 * command; `\copy t from 'f'` only adds rows (undefined: nothing to judge).
 */
function psqlCopy(args: string): Statement | undefined {
	// Past the table (with its column list) or the query in parentheses: a `to` inside a quoted string of the
	// query (`\\copy (SELECT 'a to b') to program 'rm …'`) must not be taken for the direction.
	const rest = args.slice(afterCopySource(args));
	const m = /^\s*(to|from)\s+(program\s+)?('(?:[^']|'')*'|"[^"]*"|\S+)/i.exec(rest);
	if (!m) {
		// Not understood: a program in it is judged as a shell command; the whole text then, to ask more rather than less.
		return /\bprogram\b/i.test(args) ? { kind: 'shell', text: args } : undefined;
	}
	const where = m[3].startsWith("'") ? m[3].slice(1, -1).replace(/''/g, "'") : unquote(m[3]);
	if (m[2]) {
		return { kind: 'shell', text: where };
	}
	if (m[1].toLowerCase() === 'to' && !/^(?:stdout|pstdout)$/i.test(where)) {
		return { kind: 'output', text: where };
	}
	return undefined;
}

/** Where `\\copy`'s source ends: a parenthesized query (quotes and nested parentheses skipped), or a name and its column list. */
function afterCopySource(args: string): number {
	let i = args.search(/\S/);
	if (i < 0) {
		return args.length;
	}
	const balanced = (from: number): number => {
		let depth = 0;
		for (let j = from; j < args.length; j++) {
			const c = args[j];
			if (c === "'" || c === '"') {
				const close = args.indexOf(c, j + 1);
				j = close < 0 ? args.length : close;
			} else if (c === '(') {
				depth++;
			} else if (c === ')' && --depth === 0) {
				return j + 1;
			}
		}
		return args.length;
	};
	if (args[i] === '(') {
		return balanced(i);
	}
	const name = /^(?:"[^"]*"|[^\s(]+)/.exec(args.slice(i));
	i += name ? name[0].length : 0;
	const list = /^\s*\(/.exec(args.slice(i));
	return list ? balanced(i + list[0].length - 1) : i;
}

/** A dot command's arguments as sqlite3 splits them: words, or '…' / "…" quoted. */
function dotArgs(text: string): string[] {
	return [...text.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function sqliteDot(line: string): Statement | Statement[] {
	const m = /^\.(\w+)\s*(.*)$/.exec(line);
	const command = m?.[1].toLowerCase() ?? '';
	const args = (m?.[2] ?? '').trim();
	const words = dotArgs(args);
	const files = words.filter((w) => !w.startsWith('-'));
	// `|cmd` as a file: sqlite3 runs cmd with the shell (the rest of the line, quoted or not).
	const piped = args.replace(/^(?:-\S+\s+)*/, '');
	const pipe = unquote(piped).startsWith('|') ? unquote(piped).slice(1).trim() : undefined;
	switch (command) {
		case 'shell':
		case 'system':
			return { kind: 'shell', text: args };
		case 'read':
			return pipe !== undefined
				? { kind: 'unchecked', text: 'sqlite3 .read |… runs the SQL a shell command prints, and that cannot be checked before it runs' }
				: { kind: 'file', text: unquote(args) };
		case 'open': {
			const file = files.pop() ?? '';
			// --new empties the file before opening it.
			return words.includes('--new') && file ? [{ kind: 'empty', text: file }, { kind: 'session', text: file }] : { kind: 'session', text: file };
		}
		case 'edit':
			return { kind: 'edit', text: '' };
		case 'output':
		case 'once':
		case 'log':
			if (pipe !== undefined) {
				return { kind: 'shell', text: pipe };
			}
			// -e / -x write a temporary file for an editor or spreadsheet; `off`, stdout, stderr write none.
			return files.length > 0 && !words.includes('-e') && !words.includes('-x') && !/^(?:off|stdout|stderr)$/i.test(files[0]) ? { kind: 'output', text: files[0] } : { kind: 'client', text: line };
		case 'backup':
		case 'save': {
			const file = files.at(-1);
			return file ? { kind: 'output', text: file } : { kind: 'client', text: line };
		}
		case 'restore': {
			const file = files.at(-1);
			return file ? { kind: 'restore', text: file, database: files.length > 1 ? files[0] : 'main' } : { kind: 'client', text: line };
		}
		case 'import': {
			// Rows are added (the table made when missing); `|cmd` runs a shell command for them.
			const source = unquote(piped.replace(/\s+\S+$/, ''));
			return source.startsWith('|') ? { kind: 'shell', text: source.slice(1).trim() } : { kind: 'client', text: line };
		}
		default:
			return { kind: 'client', text: line };
	}
}

function mysqlCommand(command: string, args: string, splitter: SqlSplitter): Statement {
	switch (command) {
		case 'system':
		case 'pager':
			// `pager cmd`: every later result is piped into cmd, run by the shell.
			return args ? { kind: 'shell', text: args } : { kind: 'client', text: command };
		case 'source':
			return { kind: 'file', text: unquote(args) };
		case 'use':
			return { kind: 'session', text: unquote(args.replace(/;$/, '')) };
		case 'connect':
			return { kind: 'session', text: args.split(/\s+/)[0] ?? '' };
		case 'edit':
			return { kind: 'edit', text: '' };
		case 'delimiter':
			splitter.setDelimiter(args.split(/\s+/)[0] ?? ';');
			return { kind: 'client', text: `delimiter ${args}` };
		default:
			return { kind: 'client', text: `${command}${args ? ` ${args}` : ''}` };
	}
}

function unquote(text: string): string {
	const m = /^(['"])(.*)\1$/.exec(text.trim());
	return m ? m[2] : text.trim();
}

/**
 * The wrappers unwrapping peels, part 4: SQL clients that run shell commands for their input. psql's
 * `\! cmd`, `\o |cmd`, `\g |cmd` and `\copy … program 'cmd'`; the server's `COPY … PROGRAM 'cmd'` (on the
 * database's machine); sqlite3's `.shell`/`.system` (and their prefixes, `.sh`, `.sy`), `.once |cmd`,
 * `.output |cmd`, `.import '|cmd'`, `.read '|cmd'`; mysql's and mariadb's `system cmd` and `\! cmd`.
 * The SQL itself is the sql pack's; this only hands the shell commands in it to the engine as scripts.
 * Texts are read as the sql pack reads them: `-c`/`-e` values, `-f` files, standard input, sqlite3's SQL
 * arguments and `-cmd`/`-init`.
 */
import { parseArgs } from './argv';
import { readRelative } from './input';
import { LONG_OPTIONS, mysqlSpelling } from './longOptions';
import type { AnalysisContext, Invocation, Word } from '../types';
import { wrapper, type Step } from './wrappers';

/** What a client's input asks its own machine's shell (`local`) and the database server's (`server`) to run. */
interface ShellEscapes {
	readonly local: string[];
	readonly server: string[];
}

/** `'it''s'` → `it's`: an SQL string literal's body. */
function sqlString(body: string): string {
	return body.replace(/''/g, "'");
}

/** Shell commands in psql input: meta-commands are read anywhere on a line, and `\!` takes the rest of it. */
function psqlEscapes(text: string, out: ShellEscapes): void {
	for (const m of text.matchAll(/\\!([^\n]*)/g)) {
		out.local.push(m[1]);
	}
	for (const m of text.matchAll(/\\(?:o|out|g|gx)[ \t]+\|([^\n]*)/g)) {
		out.local.push(m[1]);
	}
	for (const m of text.matchAll(/\\copy\b[^\n]*?\bprogram[ \t]+'((?:[^']|'')*)'/gi)) {
		out.local.push(sqlString(m[1]));
	}
	// Server-side COPY runs the program as the database's operating-system user, on its machine.
	for (const m of text.matchAll(/(?<!\\)\bcopy\b[\s\S]*?\b(?:to|from)\s+program\s+(?:(?:e)?'((?:[^']|'')*)'|\$(\w*)\$([\s\S]*?)\$\2\$)/gi)) {
		// `PROGRAM 'cmd'`, `PROGRAM E'cmd'`, or dollar-quoted: `PROGRAM $$cmd$$`, `PROGRAM $x$cmd$x$`.
		out.server.push(m[1] !== undefined ? sqlString(m[1]) : m[3]);
	}
}

/** sqlite3's dot-commands stand at the start of a line and may be written as prefixes (`.sh`, `.sy`, `.o`). */
function sqliteEscapes(text: string, out: ShellEscapes): void {
	for (const line of text.split('\n')) {
		const m = /^\.([a-z]+)(?:[ \t]+(.*))?$/i.exec(line.replace(/\r$/, ''));
		if (!m) {
			continue;
		}
		const [, name, rest = ''] = m;
		const word = name.toLowerCase();
		if (word.length >= 2 && ('shell'.startsWith(word) || 'system'.startsWith(word))) {
			out.local.push(rest);
			continue;
		}
		// `.once |cmd`, `.output '|cmd'`, `.import '|cmd' table`, `.read '|cmd'`: a program instead of a file.
		if (['once', 'output', 'import', 'read'].some((c) => c.startsWith(word))) {
			// Quoted, the program ends at the quote; unquoted, the rest of the line is read as it (at worst, more).
			const piped = /^(['"])\|(.*?)\1/.exec(rest.trim()) ?? /^()\|(.*)$/.exec(rest.trim());
			if (piped) {
				out.local.push(piped[2]);
			}
		}
	}
}

/** mysql's client commands `system cmd` and `\! cmd` (to the end of the line). */
function mysqlEscapes(text: string, out: ShellEscapes): void {
	for (const m of text.matchAll(/(?:^|[;\n])[ \t]*(?:system[ \t]+|\\!)([^\n]*)/gi)) {
		out.local.push(m[1]);
	}
}

function here(inv: Invocation, ctx: AnalysisContext): AnalysisContext {
	return inv.cwd !== undefined ? { ...ctx, cwd: inv.cwd } : ctx;
}

function files(names: readonly string[], inv: Invocation, ctx: AnalysisContext): string[] {
	return names.flatMap((name) => (name === '-' ? [] : [readRelative(name, here(inv, ctx)) ?? '']));
}

function steps(client: string, found: ShellEscapes): Step[] | undefined {
	const out: Step[] = [];
	const local = found.local.map((s) => s.trim()).filter((s) => s !== '');
	const server = found.server.map((s) => s.trim()).filter((s) => s !== '');
	if (local.length > 0) {
		out.push({ kind: 'script', scripts: local, label: `${client} shell escape` });
	}
	if (server.length > 0) {
		out.push({ kind: 'script', scripts: server, label: `${client} COPY … PROGRAM (on the database server)`, remote: true });
	}
	return out.length > 0 ? out : undefined;
}

const PSQL_VALUE = ['-c', '--command', '-f', '--file', '-d', '--dbname', '-h', '--host', '-p', '--port', '-U', '--username', '-v', '--set', '--variable', '-o', '--output', '-L', '--log-file', '-F', '--field-separator', '-R', '--record-separator', '-P', '--pset', '-T', '--table-attr'];

wrapper(['psql'], (args, inv, ctx) => {
	const parsed = parseArgs(args, { withValue: PSQL_VALUE, long: LONG_OPTIONS.psql });
	const texts = [...(parsed.options.get('-c') ?? []), ...(parsed.options.get('--command') ?? []), ...files([...(parsed.options.get('-f') ?? []), ...(parsed.options.get('--file') ?? [])], inv, ctx), inv.stdinText ?? ''];
	const found: ShellEscapes = { local: [], server: [] };
	texts.forEach((t) => psqlEscapes(t, found));
	return steps('psql', found);
});

const MYSQL_VALUE = ['-e', '--execute', '--init-command', '-D', '--database', '-h', '--host', '-u', '--user', '-P', '--port', '-S', '--socket', '--defaults-file', '--defaults-extra-file', '--login-path', '--default-character-set', '--tee', '--prompt'];

wrapper(['mysql', 'mariadb'], (args, inv) => {
	const words = args.filter((w) => !/^-p/.test(w.text)).map(mysqlSpelling);
	const parsed = parseArgs(words, { withValue: MYSQL_VALUE, long: LONG_OPTIONS.mysql });
	const texts = [...(parsed.options.get('-e') ?? []), ...(parsed.options.get('--execute') ?? []), inv.stdinText ?? ''];
	const found: ShellEscapes = { local: [], server: [] };
	texts.forEach((t) => mysqlEscapes(t, found));
	return steps(inv.name, found);
});

/** sqlite3's single-dash long options that take a value (sql-clients.ts reads the same). */
const SQLITE_VALUE = new Set(['cmd', 'init', 'separator', 'newline', 'nullvalue', 'vfs', 'A', 'lookaside', 'maxsize', 'mmap', 'pagecache', 'heap', 'escape']);

wrapper(['sqlite3', 'duckdb'], (args, inv, ctx) => {
	const texts: string[] = [];
	const positionals: Word[] = [];
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		if (t.startsWith('-') && t !== '-') {
			const name = t.replace(/^--?/, '').replace(/=.*$/, '');
			const value = t.includes('=') ? t.slice(t.indexOf('=') + 1) : SQLITE_VALUE.has(name) || ['c', 's', 'e', 'execute'].includes(name) ? args[++i]?.text : undefined;
			if (value !== undefined && name === 'init') {
				texts.push(...files([value], inv, ctx));
			} else if (value !== undefined && ['cmd', 'c', 's', 'e', 'execute'].includes(name)) {
				texts.push(value);
			}
			continue;
		}
		positionals.push(args[i]);
	}
	texts.push(...positionals.slice(1).map((w) => w.text), inv.stdinText ?? '');
	const found: ShellEscapes = { local: [], server: [] };
	texts.forEach((t) => sqliteEscapes(t, found));
	return steps(inv.name, found);
});

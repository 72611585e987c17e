/**
 * Enter at a database prompt (sqlite3, psql, mysql/mariadb, redis-cli, mongosh — also under
 * `docker exec`, `kubectl exec`, `sudo`) in a guarded terminal. The client has no hook, so the
 * statement is rebuilt from what the screen shows after the prompt (history recall and line editing
 * included: the line editor draws the line it will return) and what was typed, joined to the earlier
 * continuation lines. Every complete statement is judged before Enter reaches the client; on a refusal
 * the line is erased, the client's pending statement is discarded, and the prompt stays usable.
 */
import * as path from 'node:path';
import { readSmallFile } from '../../engine/context';
import { replLine, type ReplInvocation, type ReplSession } from '../../engine/replStatement';
import { Judgement, stoppedMessage, type Judge, type JudgeResult } from '../judging';
import { combine } from '../screenGuard';
import { ScreenModel, type CursorMark } from '../screenModel';
import { TypedLine } from '../typedLine';
import type { ForegroundClient } from './clients';
import { splitStatements, type OpenState, type ReplKind, type Statement } from './statements';

/** Quiet time after the echo of the last key began, after which the line is taken as drawn. */
const ECHO_QUIET_MS = 50;
const ECHO_MAX_MS = 1000;

/** End of line, then erase to its start: readline, libedit, linenoise and Node's REPL all read these. */
const ERASE_LINE = '\x05\x15';
const PASTE_END = '\x1b[201~';

/** The default prompts, for a line whose prompt end was not seen (`sqlite> `, `app=# `, `   ...> `). */
const DEFAULT_PROMPT: Record<ReplKind, RegExp> = {
	sqlite: /^\s*(?:sqlite|\.\.\.)> ?/,
	psql: /^[\w.-]*[=\-'"(*^!$]?[#>] ?/,
	mysql: /^(?:mysql|MariaDB \[[^\]]*\]|\s*->|\s*['"`]>|\s*\/\*>)> ?|^\s*->\s?/,
	redis: /^[\w.:[\]()-]*> ?/,
	mongosh: /^[\w.:[\]()-]*> ?|^\.\.\. ?/,
};

/** Words that can make a statement destructive: a line not rebuilt with certainty that has one is judged from it too. */
const RISKY = /\b(?:drop|truncate|delete|update|alter|replace|flushall|flushdb|del|unlink|deleteMany|remove|dropDatabase|shell|system|source|include|restore)\b|\\[!i]/i;

/** How deep scripts that run scripts are followed. */
const MAX_SCRIPT_DEPTH = 8;

type Question = { line: string } | { refuse: string };

/** A password prompt: keys typed there are not echoed, and are not a statement. */
const PASSWORD_PROMPT = /(?:password|passphrase)[^\n]*:\s*$/i;

export interface ReplGuardHost {
	forward(data: string): void;
	show(text: string): void;
	decided(line: string, cwd: string, result: JudgeResult): void;
	log(level: 'warn' | 'error', message: string): void;
	/** The shell's working directory, when the client's cannot be read. */
	cwd(): string;
}

interface Session extends ReplSession {
	pid: number;
	pending: string;
	open: OpenState;
	delimiter: string;
	database?: string;
	attached: string[];
	lastSql?: string;
}

export class ReplGuard {
	readonly screen: ScreenModel;
	private readonly typed = new TypedLine();
	private mark: CursorMark | undefined;
	private session: Session | undefined;
	private current: { cancelled?: string; judgement?: Judgement } | undefined;
	/** Output chunks seen, and how many had been seen when the last key was passed on. */
	private outputs = 0;
	private outputsAtLastKey = 0;

	constructor(
		cols: number,
		rows: number,
		private readonly judge: Judge,
		private readonly judgeTimeoutMs: number,
		private readonly host: ReplGuardHost,
	) {
		this.screen = new ScreenModel(cols, rows);
	}

	get busy(): boolean {
		return this.current !== undefined;
	}

	/** Output for the screen. */
	output(text: string): void {
		this.outputs++;
		this.screen.write(text);
	}

	/** Keys passed on since the last Enter; the first of a line marks where its prompt ends. */
	keys(data: string): void {
		if (data.length === 0) {
			return;
		}
		this.outputsAtLastKey = this.outputs;
		if (!this.mark) {
			this.mark = this.screen.markCursor();
		}
		this.typed.add(data);
	}

	/** Enter went elsewhere (the shell, a full-screen program): the next key starts a new line. */
	lineEnded(): void {
		this.typed.take();
		this.dropMark();
	}

	cancel(reason: string): void {
		if (this.current) {
			this.current.cancelled ??= reason;
			this.current.judgement?.cancel(reason);
		}
	}

	/**
	 * Enter (with the rest of a paste, if it was in one) was held at `front`'s prompt. Judges every
	 * statement it completes, then passes `unit` on, or erases the line. Resolves to whether it was passed on.
	 */
	async check(front: ForegroundClient, unit: string, paste: boolean): Promise<boolean> {
		const check: { cancelled?: string; judgement?: Judgement } = {};
		this.current = check;
		const session = this.sessionFor(front);
		const cwd = front.cwd ?? this.host.cwd();
		try {
			if (paste) {
				this.typed.addPasted(unit);
			}
			const typed = this.typed.take();
			const mark = this.mark;
			this.mark = undefined;
			// The screen is read once the echo of the last key has begun and gone quiet: a screen read
			// before it (a slow machine) would show the line as it was before the last edits.
			const echoed = (): boolean => this.outputs > this.outputsAtLastKey;
			await this.screen.settled(ECHO_QUIET_MS, ECHO_MAX_MS, () => paste || (echoed() && this.screen.cursorText().includes(typed)));
			const drawn = paste || echoed();
			const cursorText = this.screen.cursorText();
			if (PASSWORD_PROMPT.test(cursorText) && (typed.length === 0 || !cursorText.includes(typed))) {
				// Not echoed: a password being typed, not a statement.
				this.host.forward(unit);
				mark?.marker?.dispose();
				return true;
			}
			const line = this.rebuild(front.client.kind, mark, typed, drawn);
			mark?.marker?.dispose();
			const text = session.pending ? `${session.pending}\n${line.text}` : line.text;
			const split = splitStatements(front.client.kind, text, session.delimiter);
			const questions = this.questions(front.client, split.statements, session, cwd);
			if (!line.certain && RISKY.test(line.raw)) {
				// Fail closed: the prompt's end was not seen; judge from the first risky word as well.
				const from = line.raw.slice(line.raw.search(RISKY)).trim();
				const kind = statementKind(front.client.kind);
				const extra = replLine(front.client, kind, session.pending ? `${session.pending}\n${from}` : from, session);
				if (!questions.some((q) => 'line' in q && q.line === extra)) {
					questions.push({ line: extra });
				}
			}
			for (const question of questions) {
				const result: JudgeResult = check.cancelled
					? { run: false, message: check.cancelled }
					: 'refuse' in question
						? { run: false, message: question.refuse }
						: await this.ask(check, question.line, cwd);
				if (!result.run) {
					await this.refuse(front.client.kind, session, result.message, paste);
					return false;
				}
			}
			if (check.cancelled) {
				await this.refuse(front.client.kind, session, check.cancelled, paste);
				return false;
			}
			this.host.forward(unit);
			this.ran(front.client.kind, session, split.statements, split.rest, split.open, split.delimiter);
			return true;
		} catch (error) {
			this.host.log('error', `[terminal] the check of a ${front.client.kind} statement failed, it was erased: ${String(error)}`);
			await this.refuse(front.client.kind, session, `the check failed (${error instanceof Error ? error.message : String(error)})`, paste).catch(() => undefined);
			return false;
		} finally {
			this.current = undefined;
		}
	}

	dispose(): void {
		this.cancel('the terminal was closed');
		this.dropMark();
		this.screen.dispose();
	}

	private dropMark(): void {
		this.mark?.marker?.dispose();
		this.mark = undefined;
	}

	private sessionFor(front: ForegroundClient): Session {
		if (this.session?.pid !== front.pid) {
			this.session = { pid: front.pid, pending: '', open: undefined, delimiter: ';', attached: [] };
		}
		return this.session;
	}

	/**
	 * The line at Enter: after the prompt's end when it was seen (certain), else after a default
	 * prompt. Keys typed but not on the screen (typed before the prompt was drawn) are added.
	 */
	private rebuild(kind: ReplKind, mark: CursorMark | undefined, typed: string, drawn: boolean): { text: string; certain: boolean; raw: string } {
		const hint = this.screen.hintAfterCursor().trim();
		const withoutHint = (t: string): string => (hint && t.trimEnd().endsWith(hint) ? t.trimEnd().slice(0, -hint.length) : t);
		const raw = withoutHint(this.screen.cursorText());
		const shown = mark ? this.screen.textAfter(mark) : undefined;
		const afterMark = shown === undefined ? undefined : withoutHint(shown);
		let text: string;
		let certain: boolean;
		if (afterMark !== undefined) {
			// The mark can land before a prompt drawn late (keys typed during output): strip one that shows.
			text = afterMark.replace(DEFAULT_PROMPT[kind], '').trim();
			certain = true;
		} else {
			text = raw.replace(DEFAULT_PROMPT[kind], '').trim();
			certain = false;
		}
		const combined = combine(text, typed);
		return { text: combined, certain: certain && drawn && combined === text, raw: `${raw}\n${typed}` };
	}

	/**
	 * What to ask about each statement: a shell line for the judge, or a refusal with its reason. A
	 * script the client runs (`\\i f`, `.read f`, `source f`) is judged as the client running it — the
	 * engine reads its SQL — and the client commands inside it are judged here one by one (the engine
	 * reads SQL only: a `\\! rm -rf x` or `system rm -rf x` line in the script is not SQL), scripts it
	 * runs in turn included.
	 */
	private questions(client: ReplInvocation, statements: readonly Statement[], session: Session, cwd: string, depth = 0, seen = new Set<string>(), scriptDir?: string): Question[] {
		const out: Question[] = [];
		for (const statement of statements) {
			switch (statement.kind) {
				case 'sql': {
					const sql = statement.text || session.lastSql;
					if (sql) {
						out.push({ line: replLine(client, 'sql', sql, session) });
					}
					break;
				}
				case 'file': {
					// psql's \\ir inside a script names a file beside that script; everything else is read from the client's directory.
					const file = path.resolve(statement.relative && scriptDir ? scriptDir : cwd, statement.text);
					out.push({ line: replLine(client, 'file', depth === 0 ? statement.text : file, session) });
					out.push(...this.scriptQuestions(client, file, session, cwd, depth, seen));
					break;
				}
				case 'redis':
				case 'mongo':
				case 'shell':
				case 'output':
				case 'restore':
				case 'empty':
					out.push({ line: replLine(client, statement.kind, statement.text, session, statement.database) });
					break;
				case 'unchecked':
					out.push({ refuse: `${statement.text}: type the statements themselves at the prompt instead` });
					break;
				case 'edit':
					out.push({ refuse: `Terminal Guard cannot check what the editor will hand to ${client.argv[client.clientAt]} (it may run it as soon as you save): type or paste the statement at the prompt instead` });
					break;
				case 'session':
				case 'client':
					break;
			}
		}
		return out;
	}

	/** The client commands inside a script (and, when it has any, its SQL on its own, which the engine then reads without them). */
	private scriptQuestions(client: ReplInvocation, file: string, session: Session, cwd: string, depth: number, seen: Set<string>): Question[] {
		const name = path.basename(file);
		if (seen.has(file)) {
			return []; // a script that runs itself: judged once
		}
		if (depth >= MAX_SCRIPT_DEPTH) {
			return [{ refuse: `${name} runs scripts nested more than ${MAX_SCRIPT_DEPTH} deep, which Terminal Guard does not follow` }];
		}
		seen.add(file);
		const text = readSmallFile(file);
		if (text === undefined) {
			return []; // unreadable or too large: the engine cannot read it either, and asks about the script's line
		}
		const inner = splitStatements(client.kind, text).statements;
		const commands = inner.filter((s) => s.kind !== 'sql');
		if (commands.length === 0) {
			return [];
		}
		const sql = inner.filter((s) => s.kind === 'sql' && s.text).map((s) => s.text).join('\n');
		return [
			...(sql ? [{ line: replLine(client, 'sql', sql, session) }] : []),
			...this.questions(client, commands, session, cwd, depth + 1, seen, path.dirname(file)),
		];
	}

	private async ask(check: { judgement?: Judgement }, line: string, cwd: string): Promise<JudgeResult> {
		check.judgement = new Judgement(this.judge, line, cwd, this.judgeTimeoutMs);
		const result = await check.judgement.result;
		this.host.decided(line, cwd, result);
		return result;
	}

	/** The statements ran: remember what changes how later ones are judged. */
	private ran(kind: ReplKind, session: Session, statements: readonly Statement[], rest: string, open: OpenState, delimiter: string): void {
		session.pending = rest;
		session.open = open;
		session.delimiter = delimiter;
		for (const statement of statements) {
			if (statement.kind === 'session' && statement.text) {
				session.database = statement.text;
			} else if (statement.kind === 'sql' && statement.text) {
				session.lastSql = statement.text;
				if (kind === 'sqlite' && /^\s*attach\b/i.test(statement.text)) {
					session.attached.push(statement.text);
				}
			}
		}
	}

	/**
	 * Erases the line (it never reaches the client), says why, and discards the client's pending
	 * statement, leaving a fresh prompt. Earlier continuation lines are already in the client's buffer:
	 * psql `\r` and mysql `\c` clear it; sqlite3 has no such command and ignores Ctrl-C at its prompt, so
	 * the pending statement is ended with a token SQLite cannot read (`!`), which fails without running
	 * anything (the pending text never holds a complete statement: each is judged at the Enter that ends it).
	 */
	private async refuse(kind: ReplKind, session: Session, message: string | undefined, paste = false): Promise<void> {
		// Inside a paste the line editor takes every key literally until the paste's end marker: end it first.
		this.host.forward(paste ? `${PASTE_END}${ERASE_LINE}` : ERASE_LINE);
		await this.screen.settled(ECHO_QUIET_MS, ECHO_MAX_MS);
		this.host.show(`\r\n${stoppedMessage(message)}\r\n`);
		const closer = session.open?.closer ?? '';
		const pending = session.pending.trim().length > 0 || closer.length > 0;
		let discard = '\r';
		if (pending) {
			discard = kind === 'psql' ? `${closer}\\r\r` : kind === 'mysql' ? `${closer}\\c\r` : kind === 'sqlite' ? `${closer} !;\r` : kind === 'mongosh' ? '\x03' : '\r';
		}
		session.pending = '';
		session.open = undefined;
		this.host.forward(discard);
		await this.screen.settled(ECHO_QUIET_MS, ECHO_MAX_MS);
	}
}

function statementKind(kind: ReplKind): 'sql' | 'redis' | 'mongo' {
	return kind === 'redis' ? 'redis' : kind === 'mongosh' ? 'mongo' : 'sql';
}

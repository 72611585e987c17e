/**
 * Windows paths as the path rules read them. In PowerShell and cmd.exe a backslash separates path
 * segments (it escapes nothing there), so `C:\app\.env`, `.ssh\authorized_keys` and
 * `$env:USERPROFILE\.ssh\authorized_keys` name the same files as `/app/.env`, `.ssh/authorized_keys`
 * and `~/.ssh/authorized_keys` do in bash. The words of a PowerShell or cmd line are given
 * forward-slash text here (home variables become `~`), so every rule that tests a path — data files,
 * self-protection, outside the workspace — sees a path; `asWritten` puts the line's own spelling
 * back in the verdict, so the person is asked to type `C:\data`, as the line says.
 *
 * Only PowerShell and cmd words go through here: in bash a backslash is an escape and stays one.
 */
import type { ParsedLine, Redirect, SimpleCommand, Verdict, Word } from '../types';

/** The home directory as PowerShell spells it at the start of a path. */
const PS_HOME = /^(?:\$env:(?:USERPROFILE|HOME)|\$\{env:(?:USERPROFILE|HOME)\}|\$HOME|\$\{HOME\})(?=[\\/]|$)/i;
/** … and as cmd.exe does. */
const CMD_HOME = /^(?:%USERPROFILE%|%HOMEDRIVE%%HOMEPATH%|%HOME%)(?=[\\/]|$)/i;

/**
 * A word that may be a Windows path: `C:\x`, `\\server\share`, `.\x`, `~\x`, or `dir\file` — no
 * quotes, braces or line breaks (a JSON body's `\"`, a here-string, a regex stay as they are).
 */
const PATH_LIKE = /^(?![{[])[^"'<>|\r\n]*$/;

/** A word with Windows separators (or a home variable) in forward-slash form; the word itself when nothing changes. */
export function windowsWord(word: Word, dialect: 'powershell' | 'cmd'): Word {
	const home = dialect === 'powershell' ? PS_HOME : CMD_HOME;
	let text = word.text.replace(home, '~');
	if (text === word.text && !(text.includes('\\') && PATH_LIKE.test(text))) {
		return word;
	}
	text = text.replace(/\\/g, '/');
	// What is left to expand: `$x` in PowerShell, `%X%` in cmd.
	const dynamic = dialect === 'powershell' ? /\$/.test(text) : /%[^%\s]+%|!\w+!/.test(text);
	return { ...word, text, dynamic: word.dynamic && dynamic };
}

function windowsCommand(cmd: SimpleCommand, dialect: 'powershell' | 'cmd', done: Map<SimpleCommand, SimpleCommand>): SimpleCommand {
	const seen = done.get(cmd);
	if (seen) {
		return seen;
	}
	const out: SimpleCommand = {
		...cmd,
		words: cmd.words.map((w) => windowsWord(w, dialect)),
		redirects: cmd.redirects.map((r): Redirect => (r.target ? { ...r, target: windowsWord(r.target, dialect) } : r)),
	};
	done.set(cmd, out);
	if (cmd.stdin?.kind === 'pipe') {
		out.stdin = { kind: 'pipe', from: windowsCommand(cmd.stdin.from, dialect, done) };
	}
	return out;
}

/** Every command of a PowerShell or cmd parse with its words in forward-slash form. */
export function windowsParse(parsed: ParsedLine, dialect: 'powershell' | 'cmd'): ParsedLine {
	const done = new Map<SimpleCommand, SimpleCommand>();
	return { ...parsed, commands: parsed.commands.map((c) => windowsCommand(c, dialect, done)) };
}

/** The path as the rules see it: home variables as `~`, backslashes as slashes. */
function seen(written: string): string {
	return written.replace(PS_HOME, '~').replace(CMD_HOME, '~').replace(/\\/g, '/');
}

/**
 * The verdict with the paths the rules saw (`C:/data`, `~/.ssh/authorized_keys`) written back as the
 * line wrote them (`C:\data`, `$env:USERPROFILE\.ssh\authorized_keys`). Read off the line's own
 * words, so paths of nested code (`pwsh -c`, `Invoke-Expression "…"`) come back too.
 */
export function asWritten(verdict: Verdict, line: string): Verdict {
	const drive = (t: string | null): boolean => t !== null && /^[A-Za-z]:\//.test(t);
	if (!line.includes('\\') && !/\$\{?(?:env:|HOME)|%[A-Z]*HOME|%USERPROFILE%/i.test(line) && !verdict.targets.some(drive) && !drive(verdict.target)) {
		return verdict;
	}
	const pairs = new Map<string, string>();
	const words = [...line.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]);
	for (const written of [...words, ...line.split(/[\s;|&()'",]+/)]) {
		const rules = seen(written);
		if (rules !== written && !pairs.has(rules)) {
			pairs.set(rules, written);
		}
	}
	// A drive path not written in the line (decoded from -EncodedCommand): Windows' own spelling.
	for (const t of [...verdict.targets, verdict.target ?? '']) {
		if (/^[A-Za-z]:\//.test(t) && !pairs.has(t)) {
			pairs.set(t, t.replace(/\//g, '\\'));
		}
	}
	if (pairs.size === 0 || verdict.targets.every((t) => line.includes(t)) && (verdict.target === null || line.includes(verdict.target))) {
		return verdict;
	}
	const back = (text: string): string => (line.includes(text) ? text : pairs.get(text) ?? text);
	let reason = verdict.reason;
	for (const [rules, written] of [...pairs].sort((a, b) => b[0].length - a[0].length)) {
		if (rules.length > 2 && !line.includes(rules)) {
			reason = reason.split(rules).join(written);
		}
	}
	return { ...verdict, target: verdict.target === null ? null : back(verdict.target), targets: verdict.targets.map(back), reason };
}

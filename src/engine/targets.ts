/**
 * Targets a person can type. A `confirm` asks a person to type its target, so the target must be a
 * name they can type that says what is destroyed — never a command's name, an option, a placeholder,
 * a loop variable or a bare number. Rules name their targets; this file holds what the engine does
 * when a rule's name needs finishing (a loop variable, a bare number) and the guesses it falls back on
 * when no rule could say (an unparsable line, a rule that crashed).
 */

/** `$f`, `${f}`: a variable reference standing alone or inside a word. */
const VARIABLE = /\$\{?([A-Za-z_]\w*)\}?/g;

/** Verbs that stand before a number without saying what it numbers (`gh issue delete 1432`). */
const VERBS = /^(?:delete|destroy|remove|rm|del|drop|purge|terminate|kill|erase|wipe|reset|unlink|rmi|rb|d|x|--?[\w-]*)$/i;

/**
 * The values a `for`/`select` loop in the line gives each variable, as written (`for f in *.log` →
 * `f: ['*.log']`), or null when they are only known at run time (`for f in $(ls)`, `for f; do`,
 * `while read f`). A loop over static words and globs is read from the line's text: the values only
 * finish a target's name, they never decide whether a command is destructive.
 */
export function loopValues(line: string): Map<string, readonly string[] | null> {
	const loops = new Map<string, readonly string[] | null>();
	// One pass: the header's list runs to the next `;` or newline, found once for all later headers.
	let terminator = -2;
	const nextTerminator = (from: number): number => {
		if (terminator !== -1 && terminator < from) {
			const semicolon = line.indexOf(';', from);
			const newline = line.indexOf('\n', from);
			terminator = semicolon < 0 ? newline : newline < 0 ? semicolon : Math.min(semicolon, newline);
		}
		return terminator;
	};
	const headers = /(?:^|[\s;&|(){}'"])(?:for|select)\s+([A-Za-z_]\w*)/g;
	for (let m = headers.exec(line), seen = 0; m && seen < 256; m = headers.exec(line), seen++) {
		const start = m.index + m[0].length;
		const end = nextTerminator(start);
		if (end < 0 || !/^\s*do\b/.test(line.slice(end + 1, end + 64))) {
			continue;
		}
		const list = /^\s+in\s([\s\S]*)$/.exec(line.slice(start, Math.min(end, start + 4096)));
		const words = list && end - start <= 4096 ? splitWords(list[1]) : null;
		const known = words !== null && words.length > 0 && words.every((w) => !/[$`(){}\\]/.test(w));
		// The same name bound twice with different lists: nothing certain is left to name.
		loops.set(m[1], known && !loops.has(m[1]) ? words : null);
	}
	for (const name of readVariables(line)) {
		loops.set(name, null);
	}
	return loops;
}

/** Options of `read` that take a value (`read -d '' -r f`). */
const READ_WITH_VALUE = /^-[a-zA-Z]*[adinNptu]$/;

/** The variables `read` sets in the line (`while IFS= read -r a b; do` → `a`, `b`). */
function readVariables(line: string): string[] {
	const names: string[] = [];
	const reads = /\bread\s/g;
	for (let m = reads.exec(line), seen = 0; m && seen < 64; m = reads.exec(line), seen++) {
		const rest = line.slice(m.index + 5, m.index + 512);
		const words = rest.slice(0, rest.search(/[;&|)<\n]|$/)).trim().split(/\s+/).filter(Boolean);
		for (let i = 0; i < words.length; i++) {
			if (words[i].startsWith('-')) {
				i += READ_WITH_VALUE.test(words[i]) ? 1 : 0;
			} else if (/^[A-Za-z_]\w*$/.test(words[i])) {
				names.push(words[i]);
			}
		}
	}
	return names;
}

/** The words of a loop's list with their quotes removed (`a "b c"` → `a`, `b c`). */
function splitWords(text: string): string[] {
	const words: string[] = [];
	for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) {
		words.push(m[1] ?? m[2] ?? m[3]);
	}
	return words;
}

/** `users/42` from `https://api.example.com/users/42/`: the path segment a value sits under, as written. */
function underPath(value: string, command: string): string | undefined {
	for (let at = command.indexOf(`/${value}`); at > 0; at = command.indexOf(`/${value}`, at + 1)) {
		const end = at + 1 + value.length;
		if (end < command.length && /[\w}]/.test(command[end])) {
			continue; // `/42` inside `/425`
		}
		let start = at;
		while (start > 0 && start > at - 256 && /[\w.~-]/.test(command[start - 1])) {
			start--;
		}
		const segment = command.slice(start, at);
		if (segment !== '' && !/^\d+$/.test(segment)) {
			return `${segment}/${value}`;
		}
	}
	return undefined;
}

/** `PARTITION 202401`, `issue 1432`: a bare number with the nearest word before it that says what it numbers. */
function numbered(value: string, command: string): string {
	const at = indexOfToken(value, command);
	const words = command.slice(Math.max(0, at - 512), at).split(/[\s'"`=(),:;]+/).filter(Boolean);
	for (let i = words.length - 1; i >= 0 && i >= words.length - 4; i--) {
		if (words[i].length <= 64 && /^[A-Za-z][\w.-]*$/.test(words[i]) && !VERBS.test(words[i])) {
			return `${words[i]} ${value}`;
		}
	}
	return `#${value}`;
}

function indexOfToken(value: string, command: string): number {
	const m = new RegExp(`(?<![\\w$])${value.replace(/[$^.*+?()[\]{}|\\]/g, '\\$&')}(?!\\w)`).exec(command);
	return m ? m.index : command.length;
}

/**
 * Finishes a rule's targets so a person can type them: a loop variable becomes the loop's values
 * (`for d in a b; do rm -rf "$d"` → `a`, `b`; `for f in *.log` → `*.log`) or, when those are only
 * known at run time, the nearest concrete directory (`/srv/$f` → `/srv`, else `.`; `runtime` is then
 * set); a bare number gets what it numbers (`users/42`, `PARTITION 202401`). `command` is the command
 * the rule judged, as written; `loops` what loopValues read from the line.
 */
export function typeableTargets(targets: readonly string[], command: string, loops: ReadonlyMap<string, readonly string[] | null>): { targets: string[]; runtime: boolean } {
	const out: string[] = [];
	let runtime = false;
	if (loops.size === 0) {
		// No loop in the line (most lines): no target holds a loop variable, only bare numbers are finished.
		for (const target of targets) {
			const value = /^\d+$/.test(target) ? underPath(target, command) ?? target : target;
			out.push(/^\d+$/.test(value) ? underPath(value, command) ?? numbered(value, command) : value);
		}
		return { targets: [...new Set(out)], runtime };
	}
	for (const target of targets) {
		const bound = [...new Set([...target.matchAll(VARIABLE)].map((m) => m[1]).filter((name) => loops.has(name)))];
		const alone = bound.length > 0 && (target === `$${bound[0]}` || target === `\${${bound[0]}}`);
		const template = alone || /^\d+$/.test(target) ? underPath(target, command) ?? target : target;
		runtime ||= bound.some((name) => loops.get(name) === null);
		for (const value of expand(template, bound, loops)) {
			out.push(/^\d+$/.test(value) ? underPath(value, command) ?? numbered(value, command) : value);
		}
	}
	return { targets: [...new Set(out)], runtime };
}

function expand(template: string, names: readonly string[], loops: ReadonlyMap<string, readonly string[] | null>): string[] {
	if (names.length === 0) {
		return [template];
	}
	const values = loops.get(names[0]);
	const reference = new RegExp(`\\$\\{?${names[0]}\\}?(?!\\w)`, 'g');
	if (!values) {
		// Only known at run time: the directory written before the variable, else the working directory.
		const before = template.slice(0, template.search(reference));
		const dir = before.includes('/') ? before.slice(0, before.lastIndexOf('/')) || '/' : '';
		return [dir && !/[$`]/.test(dir) ? dir : '.'];
	}
	return values.flatMap((value) => expand(template.replace(reference, value), names.slice(1), loops));
}

/** A plain name on a command line: not an option, a number, a placeholder or shell syntax. */
function plainName(word: string): boolean {
	return /^[\w./~@:+,%=*?[\]-]+$/.test(word) && !word.startsWith('-') && !/^\d+$/.test(word) && !/^(?:%|_|@)$/.test(word) && !word.includes('{}');
}

/**
 * What to type for text no rule could judge (an unparsable line; `risky` is the risky word found in
 * it): the first plain name after that word (`rm -rf victim 'unterminated` → `victim`,
 * `DROP TABLE users` → `users`), else the risky word with the options after it, as written (`rm -rf`).
 */
export function unparsedTarget(text: string, risky: string): string {
	const at = text.toLowerCase().indexOf(risky.toLowerCase());
	const words = (at < 0 ? '' : text.slice(at + risky.length)).split(/&&|\|\||[;|&)\n]/)[0].trim().split(/\s+/).filter(Boolean).map(unquote);
	const name = words.find(plainName);
	if (name) {
		return name;
	}
	if (/\s/.test(risky) && !risky.startsWith('-')) {
		return risky; // `DROP TABLE`, `delete from`: the statement's words
	}
	// `--force` or `-X DELETE` with nothing after it: the plain name written before it.
	const before = at < 0 ? [] : text.slice(0, at).split(/\s+/).filter(Boolean).map(unquote).filter(plainName);
	if (risky.startsWith('-') && before.length > 0) {
		return before[before.length - 1];
	}
	return phrase([risky.replace(/\($/, ''), ...words]);
}

/**
 * What to type for a command whose rule crashed: its last plain argument (`rm -rf victim` → `victim`),
 * else the command with its first option as written (`crontab -r`).
 */
export function fallbackTarget(argv: readonly string[]): string {
	const name = [...argv.slice(1)].reverse().find((w) => plainName(w) && w.length <= 200);
	return name ?? phrase(argv);
}

function unquote(word: string): string {
	return word.replace(/^['"(]+|['")]+$/g, '');
}

/** A command and its first options as written (`rm -rf`, `crontab -r`); a lone name says it is a command. */
function phrase(words: readonly string[]): string {
	const options = words.slice(1).filter((w) => /^-[\w-]+$/.test(w)).slice(0, 2);
	return options.length > 0 ? [words[0], ...options].join(' ') : `${words[0] ?? 'this'} command`;
}

/**
 * Small helpers for reading an argv the way command-line tools do: clustered short flags (`-rf`),
 * `--opt=value`, options that take a value, `--` ending options. Rules use these instead of regexes.
 */
import type { Invocation, Word } from '../types';

/** Lower-cased basename without a leading backslash or a Windows `.exe`: `/bin/rm` → `rm`. */
export function commandName(word: string): string {
	let name = word.replace(/^\\/, '');
	const slash = name.lastIndexOf('/');
	if (slash >= 0) {
		name = name.slice(slash + 1);
	}
	return name.toLowerCase().replace(/\.exe$/, '');
}

export interface OptionSpec {
	/** Options that take a value, as written: `-u`, `--user`. A Set for a long list (curl's ~230). */
	readonly withValue?: readonly string[] | ReadonlySet<string>;
	/**
	 * The tool's long options, when it takes any unambiguous prefix of one (getopt_long, git's
	 * parse-options, MySQL's clients): `git reset --har` is `--hard`. Only options the tool really has, so
	 * a prefix that matches one here matches it there too: either the tool reads it as that option, or
	 * it finds the prefix ambiguous among its own options and refuses to run. The long options in
	 * `withValue` count as well.
	 */
	readonly long?: readonly string[];
}

/** Whether `list` holds `name`: most lists are short literals, searched as they are. */
function holds(list: readonly string[] | ReadonlySet<string>, name: string): boolean {
	return Array.isArray(list) ? list.includes(name) : (list as ReadonlySet<string>).has(name);
}

/**
 * The options a long option word names: itself when the tool knows it by that name (or no list is
 * given), else every listed option it is a prefix of. Several means the tool refuses the word as
 * ambiguous; reading it as all of them keeps each destructive one visible to the rules.
 */
export function longNames(name: string, long: readonly string[] | undefined, withValue?: readonly string[] | ReadonlySet<string>): readonly string[] {
	if (!long || name.length < 3 || long.includes(name) || (withValue && holds(withValue, name))) {
		return [name];
	}
	const candidates = long.filter((o) => o.startsWith(name));
	if (withValue) {
		for (const o of withValue) {
			if (o.startsWith(name) && o.startsWith('--') && !candidates.includes(o)) {
				candidates.push(o);
			}
		}
	}
	return candidates.length > 0 ? candidates : [name];
}

export interface ParsedArgs {
	/** Option name → values (flags get `''`). Short clusters are split: `-rf` → `-r`, `-f`. */
	readonly options: Map<string, string[]>;
	/** Non-option arguments, in order, as words. */
	readonly positionals: Word[];
	/** Index in the argv of each positional. */
	readonly positionalIndex: number[];
}

/**
 * Splits `args` into options and positionals.
 *
 * `['-rf', '--', '-x']` → options `-r`, `-f`; positionals `-x`.
 * `['-u', 'bob', 'x']` with `-u` taking a value → options `-u`=`bob`; positionals `x`.
 */
export function parseArgs(args: readonly Word[], spec: OptionSpec = {}): ParsedArgs {
	// A short list searched as it is: building a Set per call cost more than it saved (parseArgs runs per command).
	const withValue = spec.withValue ?? [];
	const options = new Map<string, string[]>();
	const positionals: Word[] = [];
	const positionalIndex: number[] = [];
	const add = (name: string, value: string) => {
		const list = options.get(name);
		if (list) {
			list.push(value);
		} else {
			options.set(name, [value]);
		}
	};
	let onlyPositionals = false;
	for (let i = 0; i < args.length; i++) {
		const text = args[i].text;
		if (onlyPositionals || text === '-' || !text.startsWith('-')) {
			positionals.push(args[i]);
			positionalIndex.push(i);
			continue;
		}
		if (text === '--') {
			onlyPositionals = true;
			continue;
		}
		if (text.startsWith('--')) {
			const eq = text.indexOf('=');
			const names = longNames(eq > 0 ? text.slice(0, eq) : text, spec.long, spec.withValue);
			if (eq > 0) {
				for (const name of names) {
					add(name, text.slice(eq + 1));
				}
			} else if (names.length === 1 && holds(withValue, names[0]) && i + 1 < args.length) {
				add(names[0], args[++i].text);
			} else {
				for (const name of names) {
					add(name, '');
				}
			}
			continue;
		}
		// Short cluster: -rf, -n5, -uroot
		for (let j = 1; j < text.length; j++) {
			const flag = '-' + text[j];
			if (holds(withValue, flag)) {
				const rest = text.slice(j + 1);
				if (rest) {
					add(flag, rest.replace(/^=/, ''));
				} else if (i + 1 < args.length) {
					add(flag, args[++i].text);
				} else {
					add(flag, '');
				}
				break;
			}
			add(flag, '');
		}
	}
	return { options, positionals, positionalIndex };
}

/** True if any of `names` was given (`-f`, `--force`). */
export function hasOption(parsed: ParsedArgs, ...names: string[]): boolean {
	return names.some((n) => parsed.options.has(n));
}

/** The last value of the first of `names` that was given. */
export function optionValue(parsed: ParsedArgs, ...names: string[]): string | undefined {
	for (const n of names) {
		const values = parsed.options.get(n);
		if (values && values.length > 0) {
			return values[values.length - 1];
		}
	}
	return undefined;
}

/** argv as plain strings. */
export function texts(inv: Invocation | readonly Word[]): string[] {
	const words = 'argv' in inv ? inv.argv : inv;
	return words.map((w) => w.text);
}

/** A synthetic word, for commands the engine builds itself (from `python -c`, `xargs`, …). */
export function literalWord(text: string, dynamic = false): Word {
	return { text, raw: text, dynamic, glob: false };
}

/**
 * Index of the first positional argument after options, for wrappers like `sudo` and `nice`
 * whose own options come first. Returns args.length if there is none. `long`: the wrapper's long
 * options when it takes their prefixes (`sudo --us root cmd` is `--user root`), as in OptionSpec.
 */
export function firstPositional(args: readonly Word[], withValue: readonly string[], start = 0, long?: readonly string[]): number {
	const set = new Set(withValue);
	for (let i = start; i < args.length; i++) {
		const t = args[i].text;
		if (t === '--') {
			return i + 1;
		}
		if (!t.startsWith('-') || t === '-') {
			return i;
		}
		if (t.startsWith('--')) {
			if (!t.includes('=')) {
				const names = longNames(t, long, withValue);
				if (names.length === 1 && set.has(names[0])) {
					i++;
				}
			}
			continue;
		}
		// Short cluster: a value-taking letter at the end consumes the next word.
		for (let j = 1; j < t.length; j++) {
			if (set.has('-' + t[j])) {
				if (j === t.length - 1) {
					i++;
				}
				break;
			}
		}
	}
	return args.length;
}

/**
 * One letter of a short-option word, read as getopt reads a bundle: `-Rv` holds `-R` and `-v`; in
 * `-vofile` with `o` taking a value, `-v` is a flag and `-o`'s value is `file`. `withValue` lists the
 * letters that take a value (`'uCS'`): the first of them in the word ends the bundle.
 *
 * Answers '' for a flag, the value written after the letter (`-vSrm -rf x` → `rm -rf x`), `null`
 * when the value is the next word (`-vS 'rm -rf x'`), or undefined when the letter is not there.
 * Not for `--long` options nor single-dash long ones (`-exec`, `-name`): those are whole words.
 */
export function shortOption(text: string, letter: string, withValue = ''): string | null | undefined {
	if (text.length < 2 || text[0] !== '-' || text[1] === '-') {
		return undefined;
	}
	for (let j = 1; j < text.length; j++) {
		const c = text[j];
		if (!/[A-Za-z0-9?]/.test(c)) {
			return undefined;
		}
		if (withValue.includes(c)) {
			if (c !== letter) {
				return undefined;
			}
			const rest = text.slice(j + 1).replace(/^=/, '');
			return rest === '' ? null : rest;
		}
		if (c === letter) {
			return '';
		}
	}
	return undefined;
}

/** `$PWD`, `${PWD}`, `$(pwd)` or `` `pwd` `` starting a path: the folder the command runs in. */
const PWD_PREFIX = /^(?:\$\{?PWD\}?|\$\(\s*pwd\s*\)|`\s*pwd\s*`)(?=\/|$)/;
/** `~`, `$HOME` or `${HOME}` starting a path. */
const HOME_PREFIX = /^(?:~|\$\{?HOME\}?)(?=\/|$)/;

/**
 * A path with the folders the shell itself knows put in at its start: `~` and `$HOME` (the home folder),
 * `$PWD` and `$(pwd)` (the folder the command runs in). `"$PWD/.claude/settings.json"` names the same file
 * as `.claude/settings.json`; without this a dynamic word was a file nobody could name.
 */
export function withKnownFolders(text: string, cwd: string, home: string | undefined): string {
	const first = text.charCodeAt(0);
	// Only `~`, `$` and a backquote can start one.
	if (first !== 126 && first !== 36 && first !== 96) {
		return text;
	}
	return text.replace(PWD_PREFIX, cwd).replace(HOME_PREFIX, (m) => home ?? m);
}

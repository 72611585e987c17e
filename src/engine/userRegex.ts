/**
 * The person's (and a workspace's) regular expressions — `deny`, `allow`, `patterns[].match` — compiled
 * for a linear-time engine (RE2, through re2js), so no rule can make a check run for ever: `(a+)+$`
 * against `aaaa…b` takes as long as reading the line once. Pure: no vscode, no fs.
 *
 * The language stays JavaScript's (docs/rules.md): a source must be a valid `RegExp`, is matched
 * case-insensitively and unanchored, and numbered and named groups keep their numbers and names.
 * What RE2 cannot do in linear time — backreferences (`\1`, `\k<name>`) and lookaround (`(?=`, `(?!`,
 * `(?<=`, `(?<!`) — is refused with a sentence saying so; the rule is skipped, the other rules apply,
 * and the caller reports it (the editor in a message naming the setting, the CLI on stderr).
 *
 * One compile path for every caller: the editor's guard, `terminal-guard check --config`, and the agent
 * hooks all reach these rules through the engine's `analyze()` (policy.ts, analyze.ts).
 */
import type { RE2JS } from 're2js';
import { re2 } from './re2';

/** A compiled rule regex. `exec` returns the whole match at 0, groups by number and by name. */
export interface UserRegex {
	readonly source: string;
	test(text: string): boolean;
	exec(text: string): UserRegexMatch | null;
}

export interface UserRegexMatch {
	readonly 0: string;
	readonly [group: number]: string | undefined;
	readonly groups?: Readonly<Record<string, string | undefined>>;
}

/** Why a source was not compiled, in words for the person (after "<setting>: "). */
export interface RegexRefusal {
	readonly refused: string;
}

/** A rule that is skipped, and why: `where` is its place in the rules, e.g. `patterns[3]`, `deny[0]`. */
export interface RuleProblem {
	readonly where: string;
	readonly problem: string;
}

/** What RE2 cannot match in linear time, found outside character classes. */
const UNSUPPORTED: readonly { readonly test: RegExp; readonly what: string }[] = [
	{ test: /^\\[1-9]/, what: 'a backreference' },
	{ test: /^\\k</, what: 'a named backreference' },
	{ test: /^\(\?<[=!]/, what: 'a lookbehind' },
	{ test: /^\(\?[=!]/, what: 'a lookahead' },
].map(({ test, what }) => ({ test, what: `${what}, which Terminal Guard does not allow (rules are matched in linear time, so a rule can never hang a check)` }));

/** Letters JavaScript gives a meaning after a backslash (in a pattern without the `u` flag). */
const JS_LETTER_ESCAPES = 'bBdDsSwWfnrtvcxu';

const cache = new Map<string, UserRegex | RegexRefusal>();
const CACHE_LIMIT = 512;

/** The compiled form of `source`, or why it is refused. Compiled once per source (cached). */
export function compileUserRegex(source: string): UserRegex | RegexRefusal {
	const cached = cache.get(source);
	if (cached) {
		return cached;
	}
	const compiled = compile(source);
	if (cache.size >= CACHE_LIMIT) {
		cache.clear();
	}
	cache.set(source, compiled);
	return compiled;
}

export function isRefusal(value: UserRegex | RegexRefusal): value is RegexRefusal {
	return 'refused' in value;
}

/** The sources of `list` that compile; refused ones are left out (ruleProblems() names them). */
export function userRegexes(list: readonly unknown[] | undefined): UserRegex[] {
	const out: UserRegex[] = [];
	for (const source of Array.isArray(list) ? list : []) {
		if (typeof source === 'string' && source !== '') {
			const compiled = compileUserRegex(source);
			if (!isRefusal(compiled)) {
				out.push(compiled);
			}
		}
	}
	return out;
}

/**
 * Every rule in `config` (the rules format of docs/rules.md, as read from a file or settings, not yet
 * checked) that is skipped, with why. Indexes count from 0 as in the JSON array.
 */
export function ruleProblems(config: unknown): RuleProblem[] {
	if (typeof config !== 'object' || config === null) {
		return [];
	}
	const rules = config as Record<string, unknown>;
	const problems: RuleProblem[] = [];
	for (const key of ['deny', 'allow'] as const) {
		const list = rules[key];
		if (list === undefined) {
			continue;
		}
		if (!Array.isArray(list)) {
			problems.push({ where: key, problem: 'is not a list of regular expressions, so none of it applies' });
			continue;
		}
		list.forEach((source: unknown, i) => {
			const problem = typeof source === 'string' ? sourceProblem(source) : 'is not a string';
			if (problem) {
				problems.push({ where: `${key}[${i}]`, problem });
			}
		});
	}
	const patterns = rules.patterns;
	if (patterns !== undefined && !Array.isArray(patterns)) {
		problems.push({ where: 'patterns', problem: 'is not a list of rules, so none of it applies' });
	} else if (Array.isArray(patterns)) {
		patterns.forEach((pattern: unknown, i) => {
			const match = typeof pattern === 'object' && pattern !== null ? (pattern as { match?: unknown }).match : undefined;
			const problem = typeof match === 'string' ? sourceProblem(match) : 'has no "match" string';
			if (problem) {
				problems.push({ where: `patterns[${i}]`, problem });
			}
		});
	}
	return problems;
}

/** One line per problem: `<prefix><where>: <problem>; this rule is skipped, the other rules apply.` */
export function describeProblem(problem: RuleProblem, prefix = ''): string {
	return `${prefix}${problem.where}: ${problem.problem}; this rule is skipped, the other rules apply.`;
}

function sourceProblem(source: string): string | undefined {
	if (source === '') {
		return 'is empty';
	}
	const compiled = compileUserRegex(source);
	return isRefusal(compiled) ? compiled.refused : undefined;
}

function compile(source: string): UserRegex | RegexRefusal {
	const shown = JSON.stringify(source.length > 80 ? `${source.slice(0, 77)}...` : source);
	try {
		// The documented language is JavaScript's: what it rejects is not a rule.
		new RegExp(source, 'i');
	} catch (error) {
		return { refused: `${shown} is not a valid regular expression (${error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error)})` };
	}
	const unsupported = unsupportedFeature(source);
	if (unsupported) {
		return { refused: `${shown} uses ${unsupported}` };
	}
	let re: RE2JS;
	try {
		re = re2().compile(re2().translateRegExp(source), re2().CASE_INSENSITIVE);
	} catch (error) {
		const why = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
		return { refused: `${shown} cannot be matched in linear time (${why}), which Terminal Guard requires of every rule` };
	}
	return {
		source,
		test: (text) => re.test(text),
		exec: (text) => re.exec(text) as UserRegexMatch | null,
	};
}

/** The first construct of `source` RE2 cannot run or reads differently, as "<what>, which …". */
function unsupportedFeature(source: string): string | undefined {
	let inClass = false;
	for (let i = 0; i < source.length; i++) {
		const c = source[i];
		if (c === '\\') {
			if (!inClass) {
				const found = UNSUPPORTED.find((u) => u.test.test(source.slice(i, i + 4)));
				if (found) {
					return found.what;
				}
			}
			const next = source[i + 1] ?? '';
			if (/[a-z]/i.test(next) && !JS_LETTER_ESCAPES.includes(next)) {
				// JavaScript reads `\z` as the letter z; RE2 reads it as "end of text" (`\A`, `\Q`, `\p`…).
				return `"\\${next}", which JavaScript reads as the letter "${next}" and RE2 as something else (write "${next}")`;
			}
			i++;
		} else if (inClass) {
			inClass = c !== ']';
		} else if (c === '[') {
			inClass = true;
		} else if (c === '(') {
			const found = UNSUPPORTED.find((u) => u.test.test(source.slice(i, i + 4)));
			if (found) {
				return found.what;
			}
		}
	}
	return undefined;
}

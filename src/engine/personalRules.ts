/**
 * The person's own rules for hooks and gates that no editor answers (docs/agents.md, "Personal rules
 * without an editor"). Each editor profile with Terminal Guard keeps the person's USER-level
 * `deny`, `patterns`, `protectedPaths` and production folders in one file of
 * `~/.terminal-guard/personal-rules/` (src/ui/personalRules.ts writes it); a hook that cannot reach
 * an editor reads every file there and judges with all of them. Pure: no vscode import.
 *
 * The files can only make a verdict stricter: `allow` rules are never read from them (a stale or
 * planted file must not let anything run), and several files join as a union. A file that cannot be
 * trusted (not the user's own, writable by others, a symbolic link, not a regular file, too large,
 * not the expected JSON) means the person's rules are unknown: then nothing runs without an editor,
 * and the refusal says which file and why.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readRegularFile } from './files';
import { isInside } from './places';
import { SEVERITY_RANK, type GuardConfig, type Severity, type UserPattern } from './types';

/** The format's version. A reader accepts a higher one as long as the fields it knows are sound. */
export const PERSONAL_RULES_VERSION = 1;

/** Beyond this a file is refused: the writer's files are a few KB. */
export const MAX_PERSONAL_RULES_BYTES = 1024 * 1024;

/** More files than this in the folder is not what the editors wrote: refused. */
export const MAX_PERSONAL_RULES_FILES = 64;

/** Names the writer uses (`<profile id>.json`); temp files (`.<name>.<random>.tmp`) and others are passed over. */
export const PERSONAL_RULES_FILE_NAME = /^[A-Za-z0-9_-]{1,100}\.json$/;

const isWindows = process.platform === 'win32';

/** What one editor profile writes, and what the reader joins. */
export interface PersonalRulesData {
	readonly v: number;
	/** Which editor wrote it, for a person reading the file (not used to judge). */
	readonly writtenBy: string;
	/** ISO time of the write. */
	readonly written: string;
	readonly deny: readonly string[];
	readonly patterns: readonly UserPattern[];
	readonly protectedPaths: readonly string[];
	readonly production: {
		/** The user set `terminalGuard.production: true` in their user settings: every folder is production. */
		readonly everywhere: boolean;
		/** Absolute paths of the folders the editor treats as production (remembered ones included). */
		readonly folders: readonly string[];
	};
}

export type PersonalRules =
	/** No folder or no file: only the engine's built-in rules are known. */
	| { readonly kind: 'none'; readonly dir: string }
	| { readonly kind: 'rules'; readonly dir: string; readonly files: readonly string[]; readonly config: GuardConfig; readonly productionEverywhere: boolean; readonly productionFolders: readonly string[] }
	/** Something there cannot be trusted: the person's rules are unknown. */
	| { readonly kind: 'refused'; readonly file: string; readonly problem: string };

/** `~/.terminal-guard`: the folder the bridge's `run/` and these rules live in. */
export function terminalGuardDir(home: string): string {
	return path.join(home, '.terminal-guard');
}

/** `~/.terminal-guard/personal-rules`. */
export function personalRulesDir(home: string): string {
	return path.join(terminalGuardDir(home), 'personal-rules');
}

/**
 * What is wrong with `stat` for a folder or file that only this user may change, or undefined.
 * Others may read these rules (they are not secret) but not write them. Same ownership rules as the
 * bridge's record files (src/bridge/discovery.ts `privacyProblem`), with write access as the test.
 */
export function writableByOthers(stat: fs.Stats, kind: 'directory' | 'file'): string | undefined {
	if (stat.isSymbolicLink()) {
		return 'it is a symbolic link';
	}
	if (kind === 'directory' ? !stat.isDirectory() : !stat.isFile()) {
		return `it is not a ${kind === 'file' ? 'regular file' : 'directory'}`;
	}
	if (isWindows) {
		// POSIX owners and modes mean nothing on Windows; the profile folder's ACL protects it.
		return undefined;
	}
	const uid = process.getuid?.();
	if (uid !== undefined && stat.uid !== uid) {
		return `it belongs to user ${stat.uid}, not to you (${uid})`;
	}
	if ((stat.mode & 0o022) !== 0) {
		return `others may change it (mode ${(stat.mode & 0o777).toString(8)})`;
	}
	return undefined;
}

/** Every personal rules file under `home`, joined; or why they cannot be used. Never throws. */
export function readPersonalRules(home: string): PersonalRules {
	const dir = personalRulesDir(home);
	try {
		for (const d of [terminalGuardDir(home), dir]) {
			let stat: fs.Stats;
			try {
				stat = fs.lstatSync(d);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
					return { kind: 'none', dir };
				}
				throw error;
			}
			const problem = writableByOthers(stat, 'directory');
			if (problem) {
				return { kind: 'refused', file: d, problem };
			}
		}
		const names = fs.readdirSync(dir).filter((name) => PERSONAL_RULES_FILE_NAME.test(name)).sort();
		if (names.length > MAX_PERSONAL_RULES_FILES) {
			return { kind: 'refused', file: dir, problem: `it holds ${names.length} rules files, more than the ${MAX_PERSONAL_RULES_FILES} editors write` };
		}
		if (names.length === 0) {
			return { kind: 'none', dir };
		}
		const parsed: PersonalRulesData[] = [];
		for (const name of names) {
			const file = path.join(dir, name);
			const data = readOne(file);
			if (typeof data === 'string') {
				return { kind: 'refused', file, problem: data };
			}
			parsed.push(data);
		}
		return {
			kind: 'rules',
			dir,
			files: names.map((name) => path.join(dir, name)),
			config: {
				deny: parsed.flatMap((p) => p.deny),
				patterns: parsed.flatMap((p) => p.patterns),
				protectedPaths: parsed.flatMap((p) => p.protectedPaths),
			},
			productionEverywhere: parsed.some((p) => p.production.everywhere),
			productionFolders: [...new Set(parsed.flatMap((p) => p.production.folders))],
		};
	} catch (error) {
		return { kind: 'refused', file: dir, problem: `it cannot be read (${error instanceof Error ? error.message : String(error)})` };
	}
}

/** One file's rules, or what is wrong with it. */
function readOne(file: string): PersonalRulesData | string {
	const stat = fs.lstatSync(file);
	const problem = writableByOthers(stat, 'file');
	if (problem) {
		return problem;
	}
	if (stat.size > MAX_PERSONAL_RULES_BYTES) {
		return `it is larger than ${MAX_PERSONAL_RULES_BYTES / 1024} KB`;
	}
	// Never blocks: a FIFO or device swapped in after the check above is not read (files.ts).
	const text = readRegularFile(file, MAX_PERSONAL_RULES_BYTES);
	if (text === undefined) {
		return 'it cannot be read as a regular file of at most 1 MB';
	}
	return parsePersonalRules(text);
}

/**
 * The rules in `text`, or what is wrong with it in plain words. Anything not exactly of the
 * writer's shape is refused whole (a file the editor wrote never has it), never skipped over:
 * `{"v":1,"deny":["^git push"],…}` → rules; `{"deny":"x"}` → `"deny" must be a list of strings`.
 * An `allow` key is ignored: these files never loosen anything.
 */
export function parsePersonalRules(text: string): PersonalRulesData | string {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return 'it does not hold a JSON object';
	}
	const o = value as Record<string, unknown>;
	if (typeof o.v !== 'number' || !Number.isInteger(o.v) || o.v < PERSONAL_RULES_VERSION) {
		return `it has no format version "v" of ${PERSONAL_RULES_VERSION} or more`;
	}
	const deny = stringList(o.deny, 'deny');
	const protectedPaths = stringList(o.protectedPaths, 'protectedPaths');
	const patterns = patternList(o.patterns);
	const production = productionOf(o.production);
	for (const result of [deny, protectedPaths, patterns, production]) {
		if (typeof result === 'string') {
			return result;
		}
	}
	return {
		v: o.v,
		writtenBy: typeof o.writtenBy === 'string' ? o.writtenBy : '',
		written: typeof o.written === 'string' ? o.written : '',
		deny: deny as string[],
		protectedPaths: protectedPaths as string[],
		patterns: patterns as UserPattern[],
		production: production as PersonalRulesData['production'],
	};
}

function stringList(value: unknown, name: string): string[] | string {
	if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
		return `"${name}" must be a list of strings`;
	}
	return value as string[];
}

const PATTERN_FIELDS: Record<string, (v: unknown) => boolean> = {
	match: (v) => typeof v === 'string',
	id: (v) => typeof v === 'string',
	severity: (v) => typeof v === 'string' && v in SEVERITY_RANK,
	reason: (v) => typeof v === 'string',
	alternative: (v) => typeof v === 'string',
	target: (v) => typeof v === 'string' || typeof v === 'number',
};

function patternList(value: unknown): UserPattern[] | string {
	if (!Array.isArray(value)) {
		return '"patterns" must be a list';
	}
	const out: UserPattern[] = [];
	for (const [i, item] of value.entries()) {
		if (typeof item !== 'object' || item === null || typeof (item as { match?: unknown }).match !== 'string') {
			return `"patterns" item ${i + 1} has no "match" string`;
		}
		const p = item as Record<string, unknown>;
		for (const [key, v] of Object.entries(p)) {
			if (v !== undefined && PATTERN_FIELDS[key] && !PATTERN_FIELDS[key](v)) {
				return `"patterns" item ${i + 1} has a bad "${key}"`;
			}
		}
		out.push({
			match: p.match as string,
			id: p.id as string | undefined,
			severity: p.severity as Severity | undefined,
			reason: p.reason as string | undefined,
			alternative: p.alternative as string | undefined,
			target: p.target as number | string | undefined,
		});
	}
	return out;
}

function productionOf(value: unknown): PersonalRulesData['production'] | string {
	const p = value as { everywhere?: unknown; folders?: unknown } | null;
	if (typeof p !== 'object' || p === null || typeof p.everywhere !== 'boolean') {
		return '"production" must be an object with "everywhere" true or false';
	}
	const folders = stringList(p.folders, 'production.folders');
	if (typeof folders === 'string') {
		return folders;
	}
	const relative = folders.find((f) => !path.isAbsolute(f));
	if (relative !== undefined) {
		return `"production.folders" holds ${JSON.stringify(relative)}, which is not an absolute path`;
	}
	return { everywhere: p.everywhere, folders };
}

/** The file's text for `data` (what src/ui/personalRulesFile.ts writes). */
export function personalRulesText(data: Omit<PersonalRulesData, 'v'>): string {
	const { writtenBy, written, deny, patterns, protectedPaths, production } = data;
	return `${JSON.stringify({ v: PERSONAL_RULES_VERSION, writtenBy, written, deny, patterns, protectedPaths, production }, null, '\t')}\n`;
}

/** Whether `cwd` is inside (or is) one of the production folders, by the path written or its real path. */
export function inProductionFolder(cwd: string, folders: readonly string[]): boolean {
	return folders.some((folder) => isInside(folder, cwd));
}

/**
 * What the engine needs from the person's rules for a command run in `cwd` without an editor: their
 * raising rules, the production flag, and Terminal Guard's own folder as a protected path (so
 * `rm -rf ~/.terminal-guard` or `> ~/.terminal-guard/personal-rules/x.json` is not judged harmless
 * when nobody can be asked). A refused file has none: the caller refuses the line.
 */
export function personalContext(rules: Exclude<PersonalRules, { kind: 'refused' }>, cwd: string, home: string): { config: GuardConfig; production: boolean } {
	const own = terminalGuardDir(home);
	const guardOwn = [own, path.join(own, '**')];
	if (rules.kind === 'none') {
		return { config: { protectedPaths: guardOwn }, production: false };
	}
	return {
		config: { deny: rules.config.deny, patterns: rules.config.patterns, protectedPaths: [...(rules.config.protectedPaths ?? []), ...guardOwn] },
		production: rules.productionEverywhere || inProductionFolder(cwd, rules.productionFolders),
	};
}

/** The plain words of a refusal because the rules could not be used. */
export function refusedRulesReason(rules: Extract<PersonalRules, { kind: 'refused' }>): string {
	return `Terminal Guard cannot use your personal rules (${rules.file}: ${rules.problem}). Without them it cannot tell what you asked it to stop, so nothing runs until an editor with Terminal Guard answers (opening one rewrites the file).`;
}

/**
 * The shape of a rule. A rule is mostly data — id, severity, the commands it looks at, reason,
 * safer alternative — plus one small matcher that decides whether it applies and extracts the
 * target a person must type.
 */
import * as path from 'path';
import { commandName, withKnownFolders } from '../shell/argv';
import { searchRoots } from '../shell/wrappers';
import type { AnalysisContext, Decision, Invocation, Severity, SimpleCommand, Word } from '../types';

export interface Match {
	/** What a person must type to confirm, exactly as written in the command. */
	readonly targets: readonly string[];
	/** Overrides for this match (e.g. a stronger severity when the target is `/`). */
	readonly severity?: Severity;
	readonly reason?: string;
	readonly alternative?: string;
	readonly decision?: Decision;
}

/** A matcher may answer with just the target(s), a full Match, or nothing. */
export type MatchResult = Match | readonly string[] | string | undefined | null | false;

/**
 * In `Rule.commands`: every command no other rule names. Such rules (rules/generic.ts) judge only the
 * tools no pack knows, so a pack that names a tool takes it over without touching them.
 */
export const UNJUDGED = '?';

export interface Rule {
	/** `pack:name`, stable: user settings and the audit log refer to it. */
	readonly id: string;
	readonly severity: Severity;
	/** Invocation names (lower-cased basenames) the rule looks at; `*` for every command; `?` (UNJUDGED) for every command no other rule names. */
	readonly commands: readonly string[];
	readonly reason: string;
	readonly alternative?: string;
	readonly match: (inv: Invocation, rc: RuleContext) => MatchResult;
}

export interface RulePack {
	readonly name: string;
	readonly description: string;
	readonly rules: readonly Rule[];
}

/** What a matcher may ask about where the command runs. */
export class RuleContext {
	readonly cwd: string;
	readonly home: string;
	readonly workspaceFolders: readonly string[];
	/**
	 * The commands that run before the one being judged, in the same line (`terraform plan -destroy
	 * -out=p && terraform apply p`). Set by the engine before each rule runs.
	 */
	preceding: readonly Invocation[] = [];

	constructor(readonly analysis: AnalysisContext) {
		this.cwd = analysis.cwd ?? process.cwd();
		this.home = analysis.home ?? analysis.env?.HOME ?? process.env.HOME ?? '/root';
		this.workspaceFolders = analysis.workspaceFolders ?? [this.cwd];
	}

	/** Absolute path for a word as the shell would see it (`~` and `$HOME` expanded), else undefined if unknowable. */
	resolve(word: Word | string, inv?: Invocation): string | undefined {
		let text = typeof word === 'string' ? word : word.text;
		if (inv?.remote) {
			return undefined;
		}
		if (/^\.{1,2}\\/.test(text)) {
			// PowerShell's `.\dist`: a relative path with Windows separators.
			text = text.replace(/\\/g, '/');
		}
		text = withKnownFolders(text, this.cwd, this.home);
		if (/[$`]/.test(text)) {
			return undefined;
		}
		return path.resolve(this.cwd, windowsAbsolute(text));
	}

	/** True when the path is inside one of the workspace folders (not equal to the folder itself). */
	isInsideWorkspace(absolute: string): boolean {
		return this.workspaceFolders.some((folder) => {
			const rel = path.relative(folder, absolute);
			return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
		});
	}

	/** True when the path is a workspace folder itself. */
	isWorkspaceRoot(absolute: string): boolean {
		return this.workspaceFolders.some((folder) => path.resolve(folder) === absolute);
	}

	readFile(absolute: string): string | undefined {
		try {
			return this.analysis.readFile?.(absolute);
		} catch {
			return undefined;
		}
	}
}

/** Normalises a matcher's answer. */
export function toMatch(result: MatchResult): Match | undefined {
	if (!result) {
		return undefined;
	}
	if (typeof result === 'string') {
		return { targets: [result] };
	}
	if (Array.isArray(result)) {
		return { targets: result as readonly string[] };
	}
	return result as Match;
}

/** The commands piped into this one, nearest first (`find . | grep x | xargs rm` → grep, find). */
function pipedFrom(inv: Invocation): SimpleCommand[] {
	const chain: SimpleCommand[] = [];
	for (let stdin = inv.source.stdin; stdin?.kind === 'pipe' && chain.length < 16; stdin = stdin.from.stdin) {
		chain.push(stdin.from);
	}
	return chain;
}

/** The roots of the `find` or `fd` in a command (`sudo find a b -name x` → `a`, `b`; none → `.`), if it runs one. */
export function searchedRoots(cmd: SimpleCommand): Word[] | undefined {
	const at = cmd.words.findIndex((w) => ['find', 'gfind', 'fd', 'fdfind'].includes(commandName(w.text)));
	if (at < 0) {
		return undefined;
	}
	const roots = searchRoots(commandName(cmd.words[at].text), cmd.words.slice(at + 1));
	return roots.length > 0 ? roots : [DOT];
}

/**
 * The nearest concrete names for paths a command gets only at run time (`… | xargs rm`): the roots of
 * the `find` or `fd` that lists them (`find logs -name '*.tmp' | xargs rm` → `logs`), else the working
 * directory, `.`, where the relative paths they name are resolved. `searched` tells which it was.
 */
export function runtimeRoots(inv: Invocation): { readonly roots: readonly Word[]; readonly searched: boolean } {
	for (const cmd of pipedFrom(inv)) {
		const roots = searchedRoots(cmd);
		if (roots) {
			return { roots, searched: true };
		}
	}
	return { roots: [DOT], searched: false };
}

const DOT: Word = { text: '.', raw: '.', dynamic: false, glob: false };

/**
 * Where a command's input comes from, as written, when it cannot be read: the file after `<`, else
 * the last plain argument of the command piped into it (`helm template app ./chart | kubectl delete -f -`
 * → `./chart`, `kustomize build overlays/prod | …` → `overlays/prod`).
 */
export function stdinSource(inv: Invocation): string | undefined {
	const file = inv.redirects.find((r) => r.op === '<' && r.target)?.target?.text;
	if (file) {
		return file;
	}
	const from = pipedFrom(inv)[0];
	const args = from?.words.slice(1).filter((w) => !w.text.startsWith('-') && !/^\d+$/.test(w.text) && !/[\s$`]/.test(w.text)) ?? [];
	return args[args.length - 1]?.text ?? from?.redirects.find((r) => r.op === '<' && r.target)?.target?.text;
}

/**
 * `C:/Users/me/x` (a PowerShell or cmd path, backslashes already turned, powershell/paths.ts) is
 * absolute: on a POSIX host, where `path` would read it as relative to the working directory, it
 * becomes `/C:/Users/me/x`, outside any POSIX workspace. A Windows host's `path` reads it natively.
 */
export function windowsAbsolute(text: string): string {
	return path.sep === '/' && /^[A-Za-z]:\//.test(text) ? `/${text[0].toUpperCase()}${text.slice(1)}` : text;
}

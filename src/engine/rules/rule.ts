/**
 * The shape of a rule. A rule is mostly data — id, severity, the commands it looks at, reason,
 * safer alternative — plus one small matcher that decides whether it applies and extracts the
 * target a person must type.
 */
import * as path from 'path';
import type { AnalysisContext, Decision, Invocation, Severity, Word } from '../types';

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

export interface Rule {
	/** `pack:name`, stable: user settings and the audit log refer to it. */
	readonly id: string;
	readonly severity: Severity;
	/** Invocation names (lower-cased basenames) the rule looks at; `*` for every command. */
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
		text = text.replace(/^~(?=\/|$)/, this.home).replace(/^\$\{?HOME\}?(?=\/|$)/, this.home);
		if (/[$`]/.test(text)) {
			return undefined;
		}
		return path.resolve(this.cwd, text);
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

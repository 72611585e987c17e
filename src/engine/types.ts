/**
 * The shapes every room of Terminal Guard shares: what the parser produces, what a rule sees,
 * and the verdict the terminal, the agent hooks and the CLI act on.
 */

export type Decision = 'allow' | 'confirm' | 'deny';

/** Ordered from least to most severe; see SEVERITY_RANK. */
export type Severity = 'none' | 'low' | 'medium' | 'high' | 'critical';

export const SEVERITY_RANK: Record<Severity, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** One shell word after quote removal. `dynamic` words contain expansions whose value is unknown. */
export interface Word {
	/** The value with quotes removed and escapes resolved; expansions are kept as written (`$HOME/x`). */
	readonly text: string;
	/** Exactly as written in the command line. */
	readonly raw: string;
	/** True when the word contains `$var`, `$(…)`, backticks, globs or other expansions. */
	readonly dynamic: boolean;
	/** True when the word contains unquoted glob characters (`*`, `?`, `[`). */
	readonly glob: boolean;
	/**
	 * The word's pieces as the shell expands them, kept only when there is something to expand
	 * (`$X`, `${X:-d}`, `$(echo …)`, `{a,b}`): shell/expand.ts substitutes what the line makes known.
	 */
	readonly parts?: readonly WordPart[];
	/** Each value a loop variable in the word takes (`for d in a b; do rm -rf "$d"`): the word's possible texts. */
	readonly candidates?: readonly string[];
}

/** One piece of a word before expansion. `quoted` pieces are neither split nor brace-expanded. */
export type WordPart =
	| { readonly kind: 'text'; readonly text: string; readonly quoted: boolean }
	/** `$X`, `${X}`, `${X:-default}`, `${a[@]}`, `$1`, `$@`: `raw` is the expansion as written. */
	| { readonly kind: 'param'; readonly raw: string; readonly quoted: boolean }
	/** `$(…)` or backticks: `code` is the text inside. */
	| { readonly kind: 'command'; readonly raw: string; readonly quoted: boolean; readonly code: string }
	/** Anything whose value the engine does not compute (`$((…))`, `<(…)`, extglobs). */
	| { readonly kind: 'unknown'; readonly raw: string; readonly quoted: boolean };

/** `NAME=value`, `NAME+=value` or `NAME=(a b c)` as written before a command or alone. */
export interface Assignment {
	readonly name: string;
	/** The value as text (expansions kept as written). */
	readonly value: string;
	/** The value as a word, for expansion. */
	readonly word?: Word;
	/** The elements of an array assignment `a=(x y)`. */
	readonly elements?: readonly Word[];
	/** `+=`: appends to the variable. */
	readonly append?: boolean;
	/** The value is not known: an element assignment `a[1]=x`. */
	readonly unknown?: boolean;
	/** A `for` loop's variable: it takes each of `elements` in turn. */
	readonly loop?: boolean;
}

export interface Redirect {
	/** `>`, `>>`, `<`, `>|`, `&>`, `<<`, `<<<`, … */
	readonly op: string;
	readonly fd?: string;
	readonly target?: Word;
	/** Body of a heredoc, or the text of a here-string. */
	readonly text?: string;
}

/** Where a simple command's standard input comes from, when the line says so. */
export type Stdin =
	| {
		readonly kind: 'text';
		readonly text: string;
		readonly via: 'heredoc' | 'herestring';
		/** A here-string's word, for expanding it with the line's values. */
		readonly word?: Word;
		/**
		 * The shell expands `$…` and backticks in `text` before the command reads it (an unquoted heredoc
		 * delimiter, a here-string word with an expansion): `text` is then how it is written, not what is read.
		 */
		readonly expands?: boolean;
	}
	| { readonly kind: 'pipe'; readonly from: SimpleCommand };

export interface SimpleCommand {
	readonly words: readonly Word[];
	readonly assignments: readonly Assignment[];
	/**
	 * The blocks the command sits in, outermost (`0`, the line) first. A block is code whose
	 * assignments may not reach what follows it, or may not run at all: a subshell, a pipeline
	 * stage, a branch, a loop, after `&&`/`||`, a function body. An assignment made in a block holds
	 * for later commands in the same block or in blocks inside it, and is unknown everywhere else.
	 */
	readonly block?: readonly number[];
	readonly redirects: readonly Redirect[];
	stdin?: Stdin;
	/** Source text of this command. */
	readonly raw: string;
}

export type ParseStatus = 'complete' | 'incomplete' | 'invalid';

export interface ParsedLine {
	readonly status: ParseStatus;
	/** Every simple command the line would run, including those inside `$( )`, subshells and functions. */
	readonly commands: readonly SimpleCommand[];
	/** Set when the parser stopped descending (too deep, too long) so analysis is partial. */
	readonly truncated: boolean;
}

/**
 * A command as it will really run, after wrappers such as `sudo`, `bash -c` or `ssh host '…'`
 * have been peeled off.
 */
export interface Invocation {
	/** argv; `argv[0]` is the command name as written (use `name` for matching). */
	readonly argv: readonly Word[];
	/** Basename of argv[0], lower-cased, without a leading backslash or `.exe`. */
	readonly name: string;
	/** Text known to arrive on standard input (heredoc, here-string, `echo … |`). */
	readonly stdinText?: string;
	readonly redirects: readonly Redirect[];
	/** Inline and `env` assignments in force for this command. */
	readonly env: Readonly<Record<string, string>>;
	/** The wrappers that were peeled off, outermost first: `['sudo', 'bash -c']`. */
	readonly via: readonly string[];
	/** Runs on another machine or container (`ssh`, `docker exec`, …): local paths mean nothing. */
	readonly remote: boolean;
	/** Arguments are appended at run time from elsewhere (`xargs`, `find -exec {}`). */
	readonly dynamicArgs: boolean;
	/** Comes from a script file the engine read (`bash x.sh`, `source f`, `./run.sh`), not from the line. */
	readonly fromFile?: boolean;
	/** The file the line writes this command into, whose commands run later (a git hook, a cron table): shell/planted.ts. */
	readonly planted?: string;
	/** The simple command in the line this came from. */
	readonly source: SimpleCommand;
	/** Working directory after a `cd`/`pushd` earlier in the line, when it differs from the context's. */
	readonly cwd?: string;
	/** `mv FROM TO` earlier in the line (absolute paths): a deletion of TO deletes what was at FROM. */
	readonly moved?: readonly { readonly from: string; readonly to: string }[];
}

/** What the engine needs to know about where a command runs. All fields optional. */
export interface AnalysisContext {
	/** Working directory (absolute). Relative paths are resolved against it. */
	readonly cwd?: string;
	/** Workspace folders (absolute). Defaults to `[cwd]`. */
	readonly workspaceFolders?: readonly string[];
	/** The workspace is marked as production. */
	readonly production?: boolean;
	/** Environment of the shell that will run the command (production signals, HOME). */
	readonly env?: Readonly<Record<string, string | undefined>>;
	readonly home?: string;
	/** Reads a small file (for `psql -f`, `curl -d @body.json`, `bash script.sh`); undefined if absent. */
	readonly readFile?: (absolutePath: string) => string | undefined;
	/** Set by the engine itself: whether the line writes this file before the command being judged. */
	readonly writtenInLine?: (absolutePath: string) => boolean;
	/** The files with this name (no folder) the line writes before the command being unwrapped, as absolute paths. */
	readonly writtenNamed?: (name: string) => readonly string[];
	/**
	 * Files named by a command after `cd DIR` in the line are read from DIR while unwrapping (the second
	 * pass in analyze.ts; the first reads them from the starting folder, as a cd in a subshell leaves it).
	 */
	readonly followCd?: boolean;
	readonly config?: GuardConfig;
	/**
	 * The shell that will run the line: `powershell` (pwsh, Windows PowerShell) lines are parsed with
	 * the PowerShell grammar, `cmd` lines as cmd.exe splits them; default `bash` (any POSIX shell).
	 */
	readonly shell?: 'bash' | 'powershell' | 'cmd';
	/** The repository's team policies (teamPolicy.ts), applied by `analyze` on top of `config`; they only make verdicts stricter. */
	readonly team?: readonly import('./teamPolicy').TeamPolicyFile[];
}

export interface RuleHit {
	readonly rule: string;
	readonly severity: Severity;
	readonly reason: string;
	/** What a person must type. Exactly as it appears in the command. */
	readonly targets: readonly string[];
	readonly alternative?: string;
	/** Forces a decision regardless of severity (e.g. `rm -rf /` is denied). */
	readonly decision?: Decision;
	/** The invocation it was found in, for `explain`. */
	readonly invocation?: string;
}

export interface Verdict {
	readonly decision: Decision;
	readonly severity: Severity;
	readonly rule: string | null;
	readonly reason: string;
	/** Primary target: what the confirmation asks a person to type. */
	readonly target: string | null;
	readonly targets: readonly string[];
	readonly alternative: string | null;
	/** Every rule that matched, strongest first. */
	readonly hits: readonly RuleHit[];
	/** True when production was in force (flag or environment). */
	readonly production: boolean;
	readonly parse: ParseStatus;
	/** Set when a team policy (teamPolicy.ts) made this verdict ask: which rule, e.g. "team policy: .terminal-guard.json, protected path `db/**`". */
	readonly teamPolicy?: string;
}

/** User rules, in one documented format (docs/rules.md). */
export interface GuardConfig {
	/** Extra patterns: a regex over each unwrapped command line, with the rule's fields. */
	readonly patterns?: readonly UserPattern[];
	/** `minimatch` globs of paths whose deletion or overwrite needs confirmation. */
	readonly protectedPaths?: readonly string[];
	/** Commands matching these regexes are allowed (unless a rule denies). */
	readonly allow?: readonly string[];
	/** Commands matching these regexes are denied outright. */
	readonly deny?: readonly string[];
}

export interface UserPattern {
	readonly id?: string;
	readonly match: string;
	readonly severity?: Severity;
	readonly reason?: string;
	readonly alternative?: string;
	/** Capture group number (or name) holding the target; default: the whole match. */
	readonly target?: number | string;
}

/**
 * The team policy: `.terminal-guard.json` at the top of a repository, which everyone who works in it
 * gets — in the guarded terminal, the plain-terminal gates, the agent hooks and the CLI alike, with or
 * without an editor, in trusted and untrusted workspaces (docs/team-policy.md). It can only make checks
 * stricter: production markers (the repository, git branches, environment variables and files, kube
 * contexts, cloud profiles), protected paths, deny rules, patterns, and tools that always need a
 * confirmation. Nothing in it can allow a command, lower a severity or change the name a person types.
 *
 * A file with any problem (not JSON, a wrong type, a rule that cannot run, a key that would loosen,
 * a symbolic link out of the repository, too large) is applied as far as it can be read, and the
 * repository counts as production until it is fixed: a broken policy never silently weakens anything.
 * Pure apart from reading small files (like personalRules.ts): no vscode import.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type Node, type ParseError } from 'jsonc-parser';
import { readRegularFile } from './files';
import { isInside } from './places';
import { productionSignal } from './policy';
import { compileUserRegex, isRefusal } from './userRegex';
import { SEVERITY_RANK, type AnalysisContext, type Decision, type GuardConfig, type Severity, type UserPattern, type Verdict } from './types';

export const TEAM_POLICY_FILE = '.terminal-guard.json';
/** Far above any real policy; a larger file is not read (and the repository counts as production). */
export const MAX_TEAM_POLICY_BYTES = 256 * 1024;
/** Per list; more is not a policy a team writes by hand. */
export const MAX_POLICY_ITEMS = 500;
/** Deeper JSON than this is refused before parsing (jsonc-parser's parser recurses). */
const MAX_JSON_DEPTH = 32;
/** Env files, kube configs and gcloud files are read only this far. */
const MAX_SIDE_FILE_BYTES = 256 * 1024;

export interface TeamProductionMarkers {
	/** The repository itself is production. */
	readonly workspace: boolean;
	/** Git branches (`main`, `release/*`): the checked-out one matching makes every line production. */
	readonly branches: readonly string[];
	/** Env files (relative to the repository) whose variables are judged like the shell's. */
	readonly envFiles: readonly string[];
	/** Extra variables: name → wildcard of the production value (`{"DEPLOY_TARGET": "prod*"}`). */
	readonly variables: Readonly<Record<string, string>>;
	readonly kubeContexts: readonly string[];
	/** AWS profiles, gcloud projects and configurations, Azure subscriptions. */
	readonly cloudProfiles: readonly string[];
}

export interface TeamPolicy {
	readonly production: TeamProductionMarkers;
	readonly protectedPaths: readonly string[];
	readonly deny: readonly string[];
	readonly patterns: readonly UserPattern[];
	/** Tools every invocation of which needs a typed confirmation (`terraform`, `psql`). */
	readonly confirmTools: readonly string[];
}

/** Something wrong in the file, at a 1-based line and column (line 0: the file as a whole). */
export interface PolicyProblem {
	readonly line: number;
	readonly column: number;
	readonly message: string;
}

/** One repository's policy file as read. */
export interface TeamPolicyFile {
	/** The file's absolute path (as found, before any symbolic link). */
	readonly file: string;
	/** The repository (folder) it belongs to. */
	readonly root: string;
	readonly policy: TeamPolicy;
	readonly problems: readonly PolicyProblem[];
}

export const EMPTY_TEAM_POLICY: TeamPolicy = {
	production: { workspace: false, branches: [], envFiles: [], variables: {}, kubeContexts: [], cloudProfiles: [] },
	protectedPaths: [],
	deny: [],
	patterns: [],
	confirmTools: [],
};

/** Keys a team may be tempted to write that would weaken protection: never read, always reported. */
const LOOSENING_KEYS: Record<string, string> = {
	allow: 'allow rules are read only from each person\'s user settings',
	enabled: 'turning Terminal Guard off is each person\'s own choice, in their user settings',
	confirmTimeoutSeconds: 'the time-out is each person\'s own setting',
};

const TOOL_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

// ---------------------------------------------------------------------------------------------
// Parsing

/**
 * The policy in `text` and every problem in it, each with its line. JSON with comments and trailing
 * commas is accepted (the editor opens the file as JSONC). A key given twice is reported and both
 * values are applied (for lists, both lists; for `production`, either marking it).
 * `{"protectedPaths":["db/**"]}` → that path; `{"allow":["."]}` → a problem, nothing allowed.
 */
export function parseTeamPolicy(source: string): { policy: TeamPolicy; problems: PolicyProblem[] } {
	// A byte-order mark (editors on Windows write one) is not a mistake in the policy.
	const text = source.replace(/^\uFEFF/, '');
	const problems: PolicyProblem[] = [];
	const lines = lineStarts(text);
	const at = (offset: number, message: string): void => {
		const { line, column } = position(lines, offset);
		problems.push({ line, column, message });
	};
	const deep = depthProblem(text);
	if (deep !== undefined) {
		at(deep, `it nests deeper than ${MAX_JSON_DEPTH} levels, which no policy needs; it was not read`);
		return { policy: EMPTY_TEAM_POLICY, problems };
	}
	const errors: ParseError[] = [];
	let root: Node | undefined;
	try {
		root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
	} catch (error) {
		at(0, `it cannot be parsed (${error instanceof Error ? error.message : String(error)})`);
		return { policy: EMPTY_TEAM_POLICY, problems };
	}
	for (const e of errors) {
		at(e.offset, `it is not valid JSON here (${describeParseError(e)})`);
	}
	if (!root || root.type !== 'object') {
		if (errors.length === 0) {
			at(root?.offset ?? 0, 'it must hold a JSON object ({ … })');
		}
		return { policy: EMPTY_TEAM_POLICY, problems };
	}
	const out = {
		production: { workspace: false, branches: [] as string[], envFiles: [] as string[], variables: {} as Record<string, string>, kubeContexts: [] as string[], cloudProfiles: [] as string[] },
		protectedPaths: [] as string[],
		deny: [] as string[],
		patterns: [] as UserPattern[],
		confirmTools: [] as string[],
	};
	const seen = new Set<string>();
	for (const property of root.children ?? []) {
		const [keyNode, value] = property.children ?? [];
		const key = typeof keyNode?.value === 'string' ? keyNode.value : '';
		if (!value) {
			continue; // a syntax error, already reported
		}
		if (seen.has(key)) {
			at(keyNode.offset, `"${key}" is given twice; both are applied`);
		}
		seen.add(key);
		switch (key) {
			case '$schema':
				if (value.type !== 'string') {
					at(value.offset, '"$schema" must be a string');
				}
				break;
			case 'production':
				readProduction(value, out.production, at);
				break;
			case 'protectedPaths':
				out.protectedPaths.push(...stringList(value, key, at, (s) => (s.trim() === '' ? 'an empty glob' : undefined)));
				break;
			case 'deny':
				out.deny.push(...stringList(value, key, at, regexProblem));
				break;
			case 'confirmTools':
				out.confirmTools.push(...stringList(value, key, at, (s) => (TOOL_NAME.test(s) ? undefined : 'not a command name (letters, digits, . _ + -)')));
				break;
			case 'patterns':
				out.patterns.push(...patternList(value, at));
				break;
			default:
				at(keyNode.offset, key in LOOSENING_KEYS
					? `"${key}" is ignored: a team policy can only make checks stricter (${LOOSENING_KEYS[key]})`
					: `"${key}" is not a team policy key (production, protectedPaths, deny, patterns, confirmTools)`);
		}
	}
	return { policy: out, problems };
}

type At = (offset: number, message: string) => void;

function readProduction(value: Node, out: { workspace: boolean; branches: string[]; envFiles: string[]; variables: Record<string, string>; kubeContexts: string[]; cloudProfiles: string[] }, at: At): void {
	if (value.type === 'boolean') {
		if (value.value === true) {
			out.workspace = true;
		} else {
			at(value.offset, '"production": false is ignored: a team policy cannot make anything less strict');
		}
		return;
	}
	if (value.type !== 'object') {
		at(value.offset, '"production" must be true or an object of markers (branches, variables, envFiles, kubeContexts, cloudProfiles)');
		return;
	}
	for (const property of value.children ?? []) {
		const [keyNode, v] = property.children ?? [];
		const key = typeof keyNode?.value === 'string' ? keyNode.value : '';
		if (!v) {
			continue;
		}
		const name = `production.${key}`;
		switch (key) {
			case 'workspace':
				if (v.type !== 'boolean') {
					at(v.offset, `"${name}" must be true`);
				} else if (v.value === true) {
					out.workspace = true;
				} else {
					at(v.offset, `"${name}": false is ignored: a team policy cannot make anything less strict`);
				}
				break;
			case 'branches':
				out.branches.push(...stringList(v, name, at, (s) => (s.trim() === '' ? 'an empty branch name' : undefined)));
				break;
			case 'kubeContexts':
				out.kubeContexts.push(...stringList(v, name, at, (s) => (s.trim() === '' ? 'an empty name' : undefined)));
				break;
			case 'cloudProfiles':
				out.cloudProfiles.push(...stringList(v, name, at, (s) => (s.trim() === '' ? 'an empty name' : undefined)));
				break;
			case 'envFiles':
				out.envFiles.push(...stringList(v, name, at, (s) => (s.trim() === '' || path.isAbsolute(s) || s.split(/[\\/]/).includes('..') ? 'not a path inside the repository' : undefined)));
				break;
			case 'variables':
				if (v.type !== 'object') {
					at(v.offset, `"${name}" must be an object of NAME: "value wildcard"`);
					break;
				}
				for (const entry of v.children ?? []) {
					const [k, val] = entry.children ?? [];
					const variable = typeof k?.value === 'string' ? k.value : '';
					if (!VARIABLE_NAME.test(variable)) {
						at(k?.offset ?? v.offset, `"${variable}" in "${name}" is not a variable name`);
					} else if (val?.type !== 'string' || val.value === '') {
						at(val?.offset ?? k.offset, `"${name}.${variable}" must be a non-empty string (a value wildcard such as "prod*")`);
					} else {
						// Given twice: either value marks production.
						out.variables[variable] = out.variables[variable] ? `${out.variables[variable]}|${val.value as string}` : val.value as string;
					}
				}
				break;
			default:
				at(keyNode.offset, `"${name}" is not a production marker (workspace, branches, variables, envFiles, kubeContexts, cloudProfiles)`);
		}
	}
}

function stringList(value: Node, name: string, at: At, check: (s: string) => string | undefined): string[] {
	if (value.type !== 'array') {
		at(value.offset, `"${name}" must be a list of strings`);
		return [];
	}
	const items = value.children ?? [];
	if (items.length > MAX_POLICY_ITEMS) {
		at(value.offset, `"${name}" has ${items.length} entries, more than the ${MAX_POLICY_ITEMS} a policy may hold; none of them were read`);
		return [];
	}
	const out: string[] = [];
	for (const [i, item] of items.entries()) {
		if (item.type !== 'string') {
			at(item.offset, `"${name}" item ${i + 1} must be a string`);
			continue;
		}
		const problem = check(item.value as string);
		if (problem) {
			at(item.offset, `"${name}" item ${i + 1} (${JSON.stringify(item.value)}): ${problem}`);
			continue;
		}
		out.push(item.value as string);
	}
	return out;
}

function regexProblem(source: string): string | undefined {
	const compiled = compileUserRegex(source);
	return isRefusal(compiled) ? compiled.refused : undefined;
}

const PATTERN_KEYS = new Set(['match', 'id', 'severity', 'reason', 'alternative', 'target']);

function patternList(value: Node, at: At): UserPattern[] {
	if (value.type !== 'array') {
		at(value.offset, '"patterns" must be a list of { "match": "regex", … }');
		return [];
	}
	const items = value.children ?? [];
	if (items.length > MAX_POLICY_ITEMS) {
		at(value.offset, `"patterns" has ${items.length} entries, more than the ${MAX_POLICY_ITEMS} a policy may hold; none of them were read`);
		return [];
	}
	const out: UserPattern[] = [];
	for (const [i, item] of items.entries()) {
		const where = `"patterns" item ${i + 1}`;
		if (item.type !== 'object') {
			at(item.offset, `${where} must be an object with a "match" regex`);
			continue;
		}
		const fields: Record<string, Node> = {};
		for (const property of item.children ?? []) {
			const [k, v] = property.children ?? [];
			const key = typeof k?.value === 'string' ? k.value : '';
			if (!PATTERN_KEYS.has(key)) {
				at(k?.offset ?? item.offset, `${where}: "${key}" is not a pattern field (match, id, severity, reason, alternative, target)`);
			} else if (v) {
				fields[key] = v;
			}
		}
		const match = fields.match;
		if (match?.type !== 'string') {
			at(match?.offset ?? item.offset, `${where} has no "match" regex string`);
			continue;
		}
		const broken = regexProblem(match.value as string);
		if (broken) {
			at(match.offset, `${where}: ${broken}`);
			continue;
		}
		const str = (key: string): string | undefined => {
			const v = fields[key];
			if (v === undefined) {
				return undefined;
			}
			if (v.type !== 'string') {
				at(v.offset, `${where}: "${key}" must be a string`);
				return undefined;
			}
			return v.value as string;
		};
		let severity = str('severity') as Severity | undefined;
		if (severity !== undefined && !(severity in SEVERITY_RANK)) {
			at(fields.severity.offset, `${where}: "severity" must be one of ${Object.keys(SEVERITY_RANK).join(', ')}`);
			severity = undefined;
		}
		if (severity !== undefined && SEVERITY_RANK[severity] < SEVERITY_RANK.high) {
			// A team pattern exists to ask; a lower one would be a rule that never does.
			at(fields.severity.offset, `${where}: "severity" "${severity}" would never ask; team patterns are "high" or "critical" (taken as "high")`);
			severity = 'high';
		}
		const target = fields.target;
		let targetValue: number | string | undefined;
		if (target !== undefined) {
			if (target.type === 'number' && Number.isInteger(target.value) && (target.value as number) >= 0) {
				targetValue = target.value as number;
			} else if (target.type === 'string') {
				targetValue = target.value as string;
			} else {
				at(target.offset, `${where}: "target" must be a group number or name`);
			}
		}
		const id = str('id');
		out.push({
			match: match.value as string,
			id: `team:${id && /^[\w.-]{1,64}$/.test(id) ? id : `pattern-${i + 1}`}`,
			severity: severity ?? 'high',
			reason: str('reason'),
			alternative: str('alternative'),
			target: targetValue,
		});
	}
	return out;
}

/** The offset where nesting first goes deeper than MAX_JSON_DEPTH, read with the (non-recursive) scanner. */
function depthProblem(text: string): number | undefined {
	const scanner = createScanner(text, false);
	let depth = 0;
	for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
		if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
			if (++depth > MAX_JSON_DEPTH) {
				return scanner.getTokenOffset();
			}
		} else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
			depth = Math.max(0, depth - 1);
		}
	}
	return undefined;
}

function describeParseError(error: ParseError): string {
	const words = printParseErrorCode(error.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
	return words;
}

function lineStarts(text: string): number[] {
	const starts = [0];
	for (let i = 0; i < text.length; i++) {
		if (text.charCodeAt(i) === 10) {
			starts.push(i + 1);
		}
	}
	return starts;
}

function position(starts: readonly number[], offset: number): { line: number; column: number } {
	let lo = 0;
	let hi = starts.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (starts[mid] <= offset) {
			lo = mid;
		} else {
			hi = mid - 1;
		}
	}
	return { line: lo + 1, column: offset - starts[lo] + 1 };
}

// ---------------------------------------------------------------------------------------------
// Reading

const parsedCache = new Map<string, { key: string; read: TeamPolicyFile }>();

/**
 * The policy file at the top of `root`, or undefined when there is none. Never throws, never blocks
 * (a FIFO or device is not read). A symbolic link is followed only to a file inside the repository.
 */
export function readTeamPolicy(root: string): TeamPolicyFile | undefined {
	const file = path.join(root, TEAM_POLICY_FILE);
	const refused = (message: string): TeamPolicyFile => ({ file, root, policy: EMPTY_TEAM_POLICY, problems: [{ line: 0, column: 0, message }] });
	let stat: fs.Stats;
	try {
		stat = fs.lstatSync(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : refused(`it cannot be read (${code ?? String(error)})`);
	}
	let target = file;
	if (stat.isSymbolicLink()) {
		try {
			target = fs.realpathSync(file);
			const realRoot = fs.realpathSync(root);
			if (!isInside(realRoot, target)) {
				return refused(`it is a symbolic link to ${target}, outside the repository; a team policy must be a file of the repository`);
			}
			stat = fs.statSync(target);
		} catch (error) {
			return refused(`it is a symbolic link that cannot be followed (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
		}
	}
	if (!stat.isFile()) {
		return refused('it is not a regular file');
	}
	if (stat.size > MAX_TEAM_POLICY_BYTES) {
		return refused(`it is larger than ${MAX_TEAM_POLICY_BYTES / 1024} KB, far more than a policy needs; it was not read`);
	}
	const key = `${target}\0${stat.ino}\0${stat.size}\0${stat.mtimeMs}\0${stat.ctimeMs}`;
	const cached = parsedCache.get(file);
	if (cached?.key === key) {
		return cached.read;
	}
	const text = readRegularFile(target, MAX_TEAM_POLICY_BYTES);
	if (text === undefined) {
		return refused(`it cannot be read as a regular file of at most ${MAX_TEAM_POLICY_BYTES / 1024} KB`);
	}
	const { policy, problems } = parseTeamPolicy(text);
	const read: TeamPolicyFile = { file, root, policy, problems };
	if (parsedCache.size > 64) {
		parsedCache.clear();
	}
	parsedCache.set(file, { key, read });
	return read;
}

/**
 * The policies that apply to a command run in `cwd`: the one at the top of its git repository (the
 * nearest folder above with `.git`), and the one at the top of each of `folders` (workspace folders)
 * holding it. Never a file in a folder above those: a parent folder is not the repository (and /tmp is
 * anyone's).
 */
export function teamPoliciesFor(cwd: string, repositoryRoot: string, folders: readonly string[] = []): TeamPolicyFile[] {
	const roots = [repositoryRoot, ...folders.filter((f) => isInside(f, cwd))];
	const out: TeamPolicyFile[] = [];
	for (const root of [...new Set(roots.map((r) => path.resolve(r)))]) {
		const read = readTeamPolicy(root);
		if (read) {
			out.push(read);
		}
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Production markers

/** `*` any run of characters, `?` one; matched whole, case-insensitively, in linear time (RE2). */
export function wildcardMatches(pattern: string, name: string): boolean {
	return pattern.split('|').some((alternative) => {
		const source = `^(?:${alternative.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.+()[\]{}|/]/g, '\\$&'))).join('')})$`;
		const compiled = compileUserRegex(source);
		return !isRefusal(compiled) && compiled.test(name);
	});
}

export type GitHead =
	| { readonly kind: 'branch'; readonly name: string }
	| { readonly kind: 'detached'; readonly commit: string; readonly gitDir: string; readonly commonDir: string }
	| { readonly kind: 'none' }
	| { readonly kind: 'unreadable'; readonly problem: string };

/**
 * The branch checked out at `root`, read from `.git/HEAD` (no git process): a worktree's or
 * submodule's `.git` file is followed to its git folder; a rebase in progress counts as the branch
 * being rebased; a detached HEAD gives its commit.
 */
export function gitHead(root: string): GitHead {
	const dotGit = path.join(root, '.git');
	let gitDir: string;
	try {
		const stat = fs.statSync(dotGit);
		if (stat.isDirectory()) {
			gitDir = dotGit;
		} else {
			const text = readRegularFile(dotGit, 4096);
			const m = text === undefined ? null : /^gitdir:\s*(.+?)\s*$/m.exec(text);
			if (!m) {
				return { kind: 'unreadable', problem: `${dotGit} is neither a git folder nor a "gitdir:" file` };
			}
			gitDir = path.resolve(root, m[1]);
		}
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT' ? { kind: 'none' } : { kind: 'unreadable', problem: `${dotGit}: ${code ?? String(error)}` };
	}
	const head = readRegularFile(path.join(gitDir, 'HEAD'), 4096);
	if (head === undefined) {
		return { kind: 'unreadable', problem: `${path.join(gitDir, 'HEAD')} cannot be read` };
	}
	const common = readRegularFile(path.join(gitDir, 'commondir'), 4096)?.trim();
	const commonDir = common ? path.resolve(gitDir, common) : gitDir;
	const ref = /^ref:\s*refs\/heads\/(.+?)\s*$/.exec(head);
	if (ref) {
		return { kind: 'branch', name: ref[1] };
	}
	for (const state of ['rebase-merge', 'rebase-apply']) {
		const name = readRegularFile(path.join(gitDir, state, 'head-name'), 4096)?.trim();
		if (name?.startsWith('refs/heads/')) {
			return { kind: 'branch', name: name.slice('refs/heads/'.length) };
		}
	}
	const commit = /^([0-9a-f]{40}|[0-9a-f]{64})\s*$/.exec(head);
	if (commit) {
		return { kind: 'detached', commit: commit[1], gitDir, commonDir };
	}
	return { kind: 'unreadable', problem: `${path.join(gitDir, 'HEAD')} holds neither a branch nor a commit` };
}

/** Local branches (loose refs and packed-refs) whose tip is `commit`. */
function branchesAt(commit: string, commonDir: string): string[] {
	const found: string[] = [];
	const packed = readRegularFile(path.join(commonDir, 'packed-refs'), 8 * 1024 * 1024) ?? '';
	for (const m of packed.matchAll(/^([0-9a-f]{40,64}) refs\/heads\/(.+)$/gm)) {
		if (m[1] === commit) {
			found.push(m[2]);
		}
	}
	const heads = path.join(commonDir, 'refs', 'heads');
	let visited = 0;
	const walk = (dir: string, prefix: string): void => {
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch {
			return;
		}
		for (const entry of entries) {
			if (++visited > 5000) {
				return;
			}
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				walk(full, `${prefix}${entry.name}/`);
			} else if (entry.isFile() && readRegularFile(full, 200)?.trim() === commit) {
				found.push(`${prefix}${entry.name}`);
			}
		}
	};
	walk(heads, '');
	return found;
}

/** Variables set in a dotenv-style file: `NAME=value`, `export NAME="value"`. */
export function envFileVariables(text: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const line of text.split(/\r?\n/)) {
		const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
		if (m) {
			out[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2').replace(/\s+#.*$/, '');
		}
	}
	return out;
}

/** Names a line picks explicitly: `--context prod`, `--profile=prod`, `AWS_PROFILE=prod …`, `kubectl config use-context prod`. */
function namesOnLine(line: string, flags: readonly string[]): string[] {
	const out: string[] = [];
	const words = line.split(/[\s;&|()]+/).map((w) => w.replace(/^["']|["']$/g, ''));
	for (const [i, word] of words.entries()) {
		for (const flag of flags) {
			if (word === flag && words[i + 1]) {
				out.push(words[i + 1].replace(/^["']|["']$/g, ''));
			} else if (word.startsWith(`${flag}=`)) {
				out.push(word.slice(flag.length + 1));
			}
		}
	}
	return out;
}

function lineAssignments(line: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const m of line.matchAll(/(?:^|[\s;&|(])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|)]*)/g)) {
		out[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2');
	}
	return out;
}

/** The kube context in force: KUBECONFIG's files (first with a current-context), else ~/.kube/config. */
function currentKubeContext(env: Readonly<Record<string, string | undefined>>, home: string | undefined): { name?: string; problem?: string } {
	const files = env.KUBECONFIG ? env.KUBECONFIG.split(path.delimiter).filter((f) => f) : home ? [path.join(home, '.kube', 'config')] : [];
	for (const file of files) {
		if (!fs.existsSync(file)) {
			continue;
		}
		const text = readRegularFile(file, MAX_SIDE_FILE_BYTES * 16);
		if (text === undefined) {
			return { problem: `${file} cannot be read` };
		}
		const m = /^current-context:\s*["']?([^"'\s#]+)/m.exec(text);
		if (m) {
			return { name: m[1] };
		}
	}
	return {};
}

/** gcloud's active configuration name and its project, from ~/.config/gcloud (CLOUDSDK_CONFIG). */
function gcloudNames(env: Readonly<Record<string, string | undefined>>, home: string | undefined): string[] {
	const dir = env.CLOUDSDK_CONFIG ?? (home ? path.join(home, '.config', 'gcloud') : undefined);
	if (!dir) {
		return [];
	}
	const active = env.CLOUDSDK_ACTIVE_CONFIG_NAME ?? readRegularFile(path.join(dir, 'active_config'), 1024)?.trim();
	if (!active || !/^[\w.-]+$/.test(active)) {
		return [];
	}
	const config = readRegularFile(path.join(dir, 'configurations', `config_${active}`), MAX_SIDE_FILE_BYTES) ?? '';
	const project = /^\s*project\s*=\s*(\S+)/m.exec(config)?.[1];
	return project ? [active, project] : [active];
}

const CLOUD_VARIABLES = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'CLOUDSDK_CORE_PROJECT', 'GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT', 'CLOUDSDK_ACTIVE_CONFIG_NAME', 'AZURE_SUBSCRIPTION_ID', 'ARM_SUBSCRIPTION_ID', 'AZURE_DEFAULTS_GROUP'];

/** Where a command runs, as the markers need it. */
export interface MarkerPlace {
	readonly line: string;
	readonly env?: Readonly<Record<string, string | undefined>>;
	readonly home?: string;
}

/**
 * Why `policy` makes a command production here, in words ("git branch `main` matches `main`"), or
 * undefined. Anything it cannot read that a marker depends on counts as production: a failed read
 * never makes a line less strict.
 */
export function productionMarker(read: TeamPolicyFile, place: MarkerPlace): string | undefined {
	if (read.problems.length > 0) {
		const p = read.problems[0];
		return `the policy has ${read.problems.length === 1 ? 'a problem' : `${read.problems.length} problems`} (${p.line > 0 ? `line ${p.line}: ` : ''}${p.message}), so the repository counts as production until it is fixed`;
	}
	const markers = read.policy.production;
	const env = place.env ?? {};
	if (markers.workspace) {
		return 'production: the whole repository';
	}
	if (markers.branches.length > 0) {
		const head = gitHead(read.root);
		if (head.kind === 'unreadable') {
			return `production: the git branch cannot be read (${head.problem}) and the policy marks branches`;
		}
		if (head.kind === 'branch') {
			const marker = markers.branches.find((b) => wildcardMatches(b, head.name));
			if (marker) {
				return `production: git branch \`${head.name}\` matches \`${marker}\``;
			}
		}
		if (head.kind === 'detached') {
			const at = branchesAt(head.commit, head.commonDir);
			const hit = at.find((name) => markers.branches.some((b) => wildcardMatches(b, name)));
			if (hit) {
				return `production: the detached HEAD is at branch \`${hit}\`'s commit`;
			}
		}
	}
	const inline = lineAssignments(place.line);
	const variableSources: [string, Readonly<Record<string, string | undefined>>][] = [['the line', inline], ['the shell', env]];
	for (const file of markers.envFiles) {
		const full = path.join(read.root, file);
		if (!fs.existsSync(full)) {
			continue;
		}
		const text = readRegularFile(full, MAX_SIDE_FILE_BYTES);
		if (text === undefined) {
			return `production: the env file ${file} cannot be read`;
		}
		variableSources.push([file, envFileVariables(text)]);
	}
	for (const [where, vars] of variableSources) {
		// The built-in variables of the shell and the line are already judged (policy.ts); an env file's are not.
		const builtIn = where === 'the shell' || where === 'the line' ? undefined : productionSignal(vars);
		if (builtIn) {
			return `production: ${builtIn} in ${where}`;
		}
		for (const [name, wanted] of Object.entries(markers.variables)) {
			const value = vars[name];
			if (value !== undefined && wildcardMatches(wanted, value)) {
				return `production: ${name}=${value} in ${where}`;
			}
		}
	}
	if (markers.kubeContexts.length > 0) {
		const current = currentKubeContext(env, place.home);
		if (current.problem) {
			return `production: the kube context cannot be read (${current.problem}) and the policy marks kube contexts`;
		}
		for (const name of [...namesOnLine(place.line, ['--context', '--kube-context', 'use-context']), ...(current.name ? [current.name] : [])]) {
			const marker = markers.kubeContexts.find((k) => wildcardMatches(k, name));
			if (marker) {
				return `production: kube context \`${name}\` matches \`${marker}\``;
			}
		}
	}
	if (markers.cloudProfiles.length > 0) {
		const names = [
			...namesOnLine(place.line, ['--profile', '--project', '--subscription', '--configuration']),
			...CLOUD_VARIABLES.flatMap((v) => [inline[v], env[v]]).filter((v): v is string => typeof v === 'string' && v !== ''),
			...gcloudNames(env, place.home),
		];
		for (const name of names) {
			const marker = markers.cloudProfiles.find((k) => wildcardMatches(k, name));
			if (marker) {
				return `production: cloud profile \`${name}\` matches \`${marker}\``;
			}
		}
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// Judging

/** The team's raising rules added to `config` (whose `allow` stays the person's own). */
export function withTeamRules(config: GuardConfig | undefined, files: readonly TeamPolicyFile[]): GuardConfig {
	const policies = files.map((f) => f.policy);
	return {
		allow: config?.allow,
		deny: [...(config?.deny ?? []), ...policies.flatMap((p) => p.deny)],
		patterns: [
			...(config?.patterns ?? []),
			...policies.flatMap((p) => p.patterns),
			...[...new Set(policies.flatMap((p) => p.confirmTools))].map(toolPattern),
		],
		// The policy file itself: deleting or overwriting it is how a team's rules would quietly go.
		protectedPaths: [...(config?.protectedPaths ?? []), ...policies.flatMap((p) => p.protectedPaths), ...(files.length > 0 ? [TEAM_POLICY_FILE] : [])],
	};
}

function toolPattern(tool: string): UserPattern {
	const escaped = tool.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
	return {
		id: `team:confirm-tool:${tool}`,
		// Invocations are matched after wrappers are peeled off (sudo, env, bash -c …): argv[0] may be a path.
		match: `^(?:\\S*[/\\\\])?(${escaped})(?:\\.exe|\\.cmd)?(?:\\s|$)`,
		severity: 'high',
		reason: `The team policy asks for a confirmation before every ${tool} command.`,
		target: 1,
	};
}

const RANK: Record<Decision, number> = { allow: 0, confirm: 1, deny: 2 };

/** The context's team policies, for analyze.ts; undefined when there are none. */
export interface TeamContext {
	readonly team?: readonly TeamPolicyFile[];
}

/**
 * `judge` with the team's policies applied: the line is judged with them, and — when that asks or
 * refuses — once more without them, to keep the person's own verdict where the team changes nothing
 * (a team rule never swaps the name to type) and to say which team rule asked.
 */
export function judgeWithTeamPolicy(line: string, context: AnalysisContext & TeamContext, judge: (line: string, context: AnalysisContext) => Verdict): Verdict {
	const { team = [], ...own } = context;
	if (team.length === 0) {
		return judge(line, own);
	}
	let marker: { file: TeamPolicyFile; why: string } | undefined;
	for (const file of team) {
		const why = productionMarker(file, { line, env: own.env, home: own.home });
		if (why) {
			marker = { file, why };
			break;
		}
	}
	const raised = judge(line, { ...own, production: Boolean(own.production) || marker !== undefined, config: withTeamRules(own.config, team) });
	if (raised.decision === 'allow') {
		return raised;
	}
	const base = judge(line, own);
	const cause = teamCause(raised, base, team, marker, own.cwd);
	if (RANK[raised.decision] > RANK[base.decision]) {
		return cause ? attribute(raised, cause) : raised;
	}
	// Same decision: the person's own verdict (target, reason) stands, with production as the team says.
	const production = base.production || raised.production;
	const severity = SEVERITY_RANK[raised.severity] > SEVERITY_RANK[base.severity] ? raised.severity : base.severity;
	const merged = { ...base, production, severity };
	return cause && production && !base.production ? attribute(merged, cause) : merged;
}

interface Cause {
	readonly text: string;
	/** The reason's wording for the rule, made the team's ("your protected path" → "the team's …"). */
	readonly mine?: string;
	readonly theirs?: string;
}

function teamCause(raised: Verdict, base: Verdict, team: readonly TeamPolicyFile[], marker: { file: TeamPolicyFile; why: string } | undefined, cwd: string | undefined): Cause | undefined {
	const label = (file: TeamPolicyFile): string => `team policy: ${displayFile(file, cwd)}`;
	for (const hit of raised.hits.filter((h) => h.decision !== 'allow')) {
		const tool = hit.rule.startsWith('team:confirm-tool:') ? hit.rule.slice('team:confirm-tool:'.length) : undefined;
		const toolFile = tool === undefined ? undefined : team.find((f) => f.policy.confirmTools.includes(tool));
		if (toolFile) {
			return { text: `${label(toolFile)}, confirmation required for \`${tool}\`` };
		}
		const patternFile = team.find((f) => f.policy.patterns.some((p) => p.id === hit.rule));
		const pattern = patternFile?.policy.patterns.find((p) => p.id === hit.rule);
		if (patternFile && pattern) {
			return { text: `${label(patternFile)}, pattern \`${pattern.match}\``, mine: 'Matches your pattern', theirs: 'Matches the team\'s pattern' };
		}
		if (hit.rule === 'user:deny') {
			const file = team.find((f) => f.policy.deny.some((d) => hit.reason.includes(`/${d}/`)));
			const rule = file?.policy.deny.find((d) => hit.reason.includes(`/${d}/`));
			if (file && rule !== undefined) {
				return { text: `${label(file)}, deny rule \`${rule}\``, mine: 'your deny rule', theirs: 'the team\'s deny rule' };
			}
		}
		const glob = /protected path "([^"]*)"/.exec(hit.reason)?.[1];
		if (glob !== undefined && !base.hits.some((h) => h.reason.includes(`protected path "${glob}"`))) {
			const file = team.find((f) => f.policy.protectedPaths.includes(glob)) ?? team[0];
			return { text: `${label(file)}, protected path \`${glob}\``, mine: 'your protected path', theirs: 'the team\'s protected path' };
		}
	}
	if (marker && !base.production) {
		return { text: `${label(marker.file)}, ${marker.why}` };
	}
	return undefined;
}

function attribute(verdict: Verdict, cause: Cause): Verdict {
	const reason = cause.mine && cause.theirs ? verdict.reason.replace(cause.mine, cause.theirs) : verdict.reason;
	return { ...verdict, reason: `${reason.replace(/[.\s]+$/, '')} (${cause.text}).`, teamPolicy: cause.text };
}

function displayFile(file: TeamPolicyFile, cwd: string | undefined): string {
	return cwd && isInside(file.root, cwd) ? path.relative(file.root, file.file) : file.file;
}

/**
 * Self-protection for the agents' file-editing tools (Claude Code's Edit/Write/MultiEdit/NotebookEdit,
 * Codex's apply_patch, Gemini's write_file/replace, VS Code's edit tools): an edit that could switch
 * Terminal Guard off asks the person, with the file as the name to type. The files are the same list
 * the shell rules protect (self-protection-files.ts):
 *
 *   - an agent's hook configuration, or Terminal Guard's own files → always asked;
 *   - an editor settings file (`.vscode/settings.json`, user settings, `*.code-workspace`) → asked when
 *     the edit changes a setting that steers the guard (`terminalGuard.*`, `terminal.integrated.*`,
 *     `chat.tools.*`, hooks), worked out by parsing the file before and after the edit; when the
 *     result cannot be worked out (the file cannot be read, the replaced text is not found, the tool
 *     does not show the new text) it is asked too;
 *   - a shell startup file → asked when the new text touches the shell hooks or plants a destructive
 *     command (as for `echo … >> ~/.bashrc`), or is not shown.
 *
 * Every other edit gets an `allow` verdict, which the hook turns into "no decision", so ordinary edits
 * are not slowed down. The path is resolved as the tool would (relative to cwd, `~`, `file://`, `..`),
 * through symbolic links in either direction, and compared without case.
 */
import * as path from 'path';
import * as jsonc from 'jsonc-parser';
import { riskyWord } from '../risk';
import type { RuleHit, Verdict } from '../types';
import { startupRisk, withoutFileTests } from './self-protection';
import { GUARD_SETTINGS, guardFileOf, guardFoldersAtHome, guardFoldersUnder, sourcedByShells, type GuardFile } from './self-protection-files';

/** One file a tool call changes. */
export interface FileChange {
	/** As the tool names it: absolute, relative to cwd, `~/…`, or a `file://` URI. */
	readonly path: string;
	/**
	 * write: `content` is the whole new text; replace: `replacements` are applied in order; patch:
	 * `hunks` (text replaced → text put there); delete; move-away: the file is renamed; unknown: the
	 * input does not show what the file will hold.
	 */
	readonly how: 'write' | 'replace' | 'patch' | 'delete' | 'move-away' | 'unknown';
	readonly content?: string;
	readonly replacements?: readonly Replacement[];
	readonly hunks?: readonly { readonly old: string; readonly new: string }[];
}

export interface Replacement {
	readonly old: string;
	readonly new: string;
	/** Every occurrence (Claude's `replace_all`, Gemini's `expected_replacements` > 1). */
	readonly all?: boolean;
}

/** A file-editing tool call: the tool's name as the agent gave it, and every file it changes. */
export interface FileEdit {
	readonly tool: string;
	readonly changes: readonly FileChange[];
}

/** What judging an edit may look at. `fsEditContext` (self-protection-edits-fs.ts) is the real one. */
export interface EditContext {
	readonly cwd: string;
	readonly home: string;
	readonly workspaceFolders?: readonly string[];
	/** The file's text; undefined when it does not exist; null when it exists but cannot be read (not a regular file, too large). */
	read(absolute: string): string | undefined | null;
	/** The path with every symbolic link resolved, as far as it exists; undefined when that fails. */
	realpath?(absolute: string): string | undefined;
	/** What text written into a file whose commands run later would run, as the engine judges it (analyze.ts `plantedHits`). */
	plantedHits?(absolute: string, text: string): readonly RuleHit[];
}

/**
 * The absolute, normalised path a tool's path names, or undefined when it cannot be known.
 *   'src/a.ts' (cwd /p) → /p/src/a.ts;  '~/.claude/settings.json' → /home/u/.claude/settings.json;
 *   'file:///p/.vscode/settings.json' → /p/.vscode/settings.json;  './.claude/../.claude/x' → /p/.claude/x
 */
export function resolveEditPath(given: string, cwd: string, home: string): string | undefined {
	let p = given.trim();
	if (p === '' || p.includes('\0')) {
		return undefined;
	}
	if (/^file:\/\//i.test(p)) {
		try {
			p = decodeURIComponent(p.replace(/^file:\/\/(?:localhost)?/i, ''));
		} catch {
			return undefined;
		}
	} else if (/^[a-z][\w+.-]*:\/\//i.test(p)) {
		return undefined; // another scheme (vscode-remote://, untitled:): not a local file
	}
	p = p.replace(/^~(?=\/|$)/, home).replace(/^\$\{?HOME\}?(?=\/|$)/, home);
	return path.posix.resolve(cwd, p);
}

/** How the modal and the agent name the file: relative to cwd inside it, `~/…` in the home folder, else absolute. */
export function displayPath(absolute: string, cwd: string, home: string): string {
	const rel = path.posix.relative(cwd, absolute);
	if (rel !== '' && !rel.startsWith('..') && !path.posix.isAbsolute(rel)) {
		return rel;
	}
	const inHome = path.posix.relative(home, absolute);
	if (inHome !== '' && !inHome.startsWith('..') && !path.posix.isAbsolute(inHome)) {
		return `~/${inHome}`;
	}
	return absolute;
}

/** cwd and the folders above it (where Claude Code, Codex and Gemini look for project settings), the workspace folders and home. */
function roots(ctx: EditContext): string[] {
	const out = new Set<string>();
	let dir = ctx.cwd;
	for (let i = 0; i < 64; i++) {
		out.add(dir);
		const parent = path.posix.dirname(dir);
		if (parent === dir) {
			break;
		}
		dir = parent;
	}
	for (const folder of ctx.workspaceFolders ?? []) {
		out.add(folder);
	}
	out.add(ctx.home);
	return [...out];
}

interface Found {
	readonly file: GuardFile;
	/** The protected path it is (differs from the edited path when reached through a link). */
	readonly as: string;
}

/**
 * The protected file an edited path is, if any: the path itself, its real path (a link that points
 * at `.claude/settings.json`), or the same file reached through a protected folder that is itself a
 * link (`.claude` → elsewhere, edited as `elsewhere/settings.json`).
 */
export function guardedFileOf(absolute: string, ctx: EditContext): Found | undefined {
	const direct = guardFileOf(absolute, ctx.home);
	if (direct) {
		return { file: direct.file, as: absolute };
	}
	const real = ctx.realpath?.(absolute);
	if (real === undefined) {
		return undefined;
	}
	if (real !== absolute) {
		const viaLink = guardFileOf(real, ctx.home);
		if (viaLink) {
			return { file: viaLink.file, as: real };
		}
	}
	const realLower = real.toLowerCase();
	const folders = [...roots(ctx).flatMap((root) => guardFoldersUnder(root, ctx.home)), ...guardFoldersAtHome(ctx.home)];
	for (const { folder } of folders) {
		const realFolder = ctx.realpath?.(folder);
		if (realFolder === undefined || realFolder === folder) {
			continue;
		}
		const prefix = realFolder.toLowerCase().replace(/\/*$/, '/');
		if (realLower.startsWith(prefix)) {
			const as = `${folder.replace(/\/+$/, '')}/${real.slice(prefix.length)}`;
			const found = guardFileOf(as, ctx.home);
			if (found) {
				return { file: found.file, as };
			}
		}
	}
	return undefined;
}

/** JSON with sorted keys, so that equal values compare equal. */
function stable(value: unknown): string {
	if (Array.isArray(value)) {
		return `[${value.map(stable).join(',')}]`;
	}
	if (typeof value === 'object' && value !== null) {
		return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'undefined';
}

/**
 * The settings in a settings file that steer the guard, by their dotted path (`terminalGuard.enabled`,
 * `[shellscript].terminalGuard.enabled`, `settings.terminal.integrated.env.linux` in a workspace file),
 * each with its value. `errors` counts what the parser had to skip.
 */
export function guardSettingsOf(text: string): { readonly settings: ReadonlyMap<string, string>; readonly errors: number } {
	const errors: jsonc.ParseError[] = [];
	const tree = jsonc.parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
	const settings = new Map<string, string>();
	const walk = (node: unknown, prefix: string, depth: number): void => {
		if (typeof node !== 'object' || node === null || Array.isArray(node) || depth > 16) {
			return;
		}
		for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
			const full = prefix === '' ? key : `${prefix}.${key}`;
			if (GUARD_SETTINGS.test(full)) {
				settings.set(full.toLowerCase(), stable(value));
			} else {
				walk(value, full, depth + 1);
			}
		}
	};
	walk(tree, '', 0);
	return { settings, errors: errors.length };
}

type Outcome = { readonly ask: true; readonly why: string } | { readonly ask: false };
const ASK = (why: string): Outcome => ({ ask: true, why });
const NO: Outcome = { ask: false };

/** Replaces `old` with `new` in `text` as the tools do; undefined when `old` is not found exactly (the tool may then match loosely). */
function applyReplacement(text: string, r: Replacement): string | undefined {
	if (r.old === '' || !text.includes(r.old)) {
		return undefined;
	}
	return r.all ? text.split(r.old).join(r.new) : text.replace(r.old, () => r.new);
}

/** The file's text after the change; undefined when it cannot be worked out from the tool's input. */
function textAfter(change: FileChange, before: string): string | undefined {
	switch (change.how) {
		case 'write':
			return change.content;
		case 'delete':
		case 'move-away':
			return '';
		case 'replace':
		case 'patch': {
			const steps: readonly Replacement[] = change.how === 'replace' ? change.replacements ?? [] : (change.hunks ?? []).map((h) => ({ old: h.old, new: h.new }));
			if (steps.length === 0) {
				return undefined;
			}
			let text: string | undefined = before;
			for (const step of steps) {
				text = text === undefined ? undefined : applyReplacement(text, step);
			}
			return text;
		}
		default:
			return undefined;
	}
}

/** The new text a change shows (for the words it brings into a file), or undefined when it shows none. */
function shownText(change: FileChange): string | undefined {
	switch (change.how) {
		case 'write':
			return change.content;
		case 'replace':
			return change.replacements?.map((r) => r.new).join('\n');
		case 'patch':
			return change.hunks?.map((h) => h.new).join('\n');
		case 'delete':
		case 'move-away':
			return '';
		default:
			return undefined;
	}
}

function judgeSettings(change: FileChange, file: string, ctx: EditContext): Outcome {
	const before = ctx.read(file);
	if (before === null) {
		return ASK('the settings file cannot be read (not a regular file, or too large), so what the edit changes is unknown');
	}
	const named = [...(change.replacements ?? []).flatMap((r) => [r.old, r.new]), ...(change.hunks ?? []).flatMap((h) => [h.old, h.new])].map((t) => GUARD_SETTINGS.exec(t)?.[0]).find((m) => m !== undefined);
	if (named !== undefined) {
		return ASK(`the edit names "${named}" settings`);
	}
	const after = textAfter(change, before ?? '');
	if (after === undefined) {
		return ASK(change.how === 'unknown' ? 'the tool does not show what the file will hold' : 'the text it replaces is not in the file as written, so the result is unknown');
	}
	const old = guardSettingsOf(before ?? '');
	const now = guardSettingsOf(after);
	if (now.errors > old.errors) {
		return ASK('the edit leaves the settings file with JSON errors, which can hide the settings after them');
	}
	for (const key of new Set([...old.settings.keys(), ...now.settings.keys()])) {
		if (old.settings.get(key) !== now.settings.get(key)) {
			return ASK(`the edit ${now.settings.has(key) ? (old.settings.has(key) ? 'changes' : 'adds') : 'removes'} "${key}"`);
		}
	}
	return NO;
}

function judgeStartup(change: FileChange, absolute: string, ctx: EditContext): Outcome {
	if (change.how === 'delete' || change.how === 'move-away') {
		return ASK('every new shell reads it');
	}
	const text = shownText(change);
	if (text === undefined) {
		return ASK('the tool does not show the text it writes, which could switch off the shell hook or plant commands for every new shell');
	}
	const hook = startupRisk(text);
	if (hook) {
		return ASK(`the new text ${hook}`);
	}
	const word = riskyWord(withoutFileTests(text));
	if (word) {
		return ASK(`the new text holds "${word}", which every new shell would run or define`);
	}
	// What every new shell will run (an encoded `rm -rf …`, a download piped to a shell, the hook undone in code).
	const planted = ctx.plantedHits && sourcedByShells(absolute) ? addedPlanted(change, absolute, text, ctx, ctx.plantedHits) : undefined;
	return planted ? ASK(`the new text plants a command that would ask for ${planted.targets[0] ?? 'a name'} if typed: ${planted.reason}`) : NO;
}

/**
 * A file whose commands run later: new text is judged for destructive commands — by its words, and by what
 * the commands it plants would do (an encoded `rm -rf ~`, a download piped to a shell); removing it plants nothing.
 */
function judgeRunsLater(change: FileChange, absolute: string, ctx: EditContext): Outcome {
	if (change.how === 'delete' || change.how === 'move-away') {
		return NO;
	}
	const text = shownText(change);
	if (text === undefined) {
		return ASK('the tool does not show the text it writes, which could plant a destructive command');
	}
	const word = riskyWord(withoutFileTests(text).replace(/!/g, ' '));
	if (word) {
		return ASK(`the new text holds "${word}", which runs later without being typed`);
	}
	const planted = ctx.plantedHits ? addedPlanted(change, absolute, text, ctx, ctx.plantedHits) : undefined;
	return planted ? ASK(`the new text plants a command that would ask for ${planted.targets[0] ?? 'a name'} if typed: ${planted.reason}`) : NO;
}

/**
 * The first finding on what the file will run that it did not run before: the whole file after the edit
 * is judged (a git config line means nothing without its section), less what its old text already planted.
 */
function addedPlanted(change: FileChange, absolute: string, shown: string, ctx: EditContext, judge: NonNullable<EditContext['plantedHits']>): RuleHit | undefined {
	const before = change.how === 'write' ? undefined : ctx.read(absolute);
	const after = typeof before === 'string' ? textAfter(change, before) ?? shown : shown;
	const key = (hit: RuleHit) => `${hit.rule}\0${hit.targets.join('\0')}`;
	const old = new Set(typeof before === 'string' && before !== '' ? judge(absolute, before).map(key) : []);
	return judge(absolute, after).find((hit) => !old.has(key(hit)));
}

const RULES: Readonly<Record<GuardFile['kind'], { readonly rule: string; readonly alternative: string }>> = {
	agent: { rule: 'self:agent-hooks', alternative: 'Edit the file yourself in the editor, then run "Terminal Guard: Protect AI Agents…" to check its hooks are still in place.' },
	editor: { rule: 'self:editor-settings', alternative: "Change settings in VS Code's Settings editor, where each change is visible." },
	startup: { rule: 'self:startup-file', alternative: 'Make the change yourself in an editor, where the whole file is visible.' },
	guard: { rule: 'self:guard-files', alternative: "Use Terminal Guard's commands and settings in the editor instead of changing its files." },
	later: { rule: 'self:runs-later', alternative: 'Make the change yourself in an editor, where the whole file is visible.' },
};

function reasonFor(file: GuardFile, shown: string, as: string, edited: string, why: string | undefined, tool: string): string {
	const via = as === edited ? '' : ` (it is ${as}, reached through a link)`;
	const what = {
		agent: `where ${file.agent ?? 'an AI agent'} keeps its hooks: Terminal Guard checks the agent's commands through a hook there, and without it they run unchecked`,
		editor: "editor settings that decide whether Terminal Guard's terminals and agent hooks are on",
		startup: 'a shell startup file',
		guard: "one of Terminal Guard's own files (its checker, the editor's connection details, your own rules)",
		later: 'a file whose commands run later without being typed (git config or hooks, cron, ssh config, a service)',
	}[file.kind];
	return `The ${tool} tool changes ${shown}${via}, ${what}${why ? `: ${why}` : ''}.`;
}

/**
 * The verdict on a file-editing tool call: `confirm` with the file as the target when it changes a
 * protected file in a way that matters, `allow` otherwise. A change whose path cannot be resolved is
 * asked about (its name is shown as given).
 */
export function judgeFileEdit(edit: FileEdit, ctx: EditContext): Verdict {
	const hits: RuleHit[] = [];
	for (const change of edit.changes) {
		const absolute = resolveEditPath(change.path, ctx.cwd, ctx.home);
		if (absolute === undefined) {
			hits.push({ rule: 'self:unknown-file', severity: 'high', reason: `The ${edit.tool} tool changes "${change.path}", a path Terminal Guard cannot resolve, so it cannot tell whether it is one of the files that keep it on.`, targets: [change.path.trim() || change.path], decision: 'confirm' });
			continue;
		}
		const found = guardedFileOf(absolute, ctx);
		if (!found) {
			continue;
		}
		const outcome = found.file.kind === 'editor' ? judgeSettings(change, found.as, ctx) : found.file.kind === 'startup' ? judgeStartup(change, absolute, ctx) : found.file.kind === 'later' ? judgeRunsLater(change, absolute, ctx) : ASK('');
		if (!outcome.ask) {
			continue;
		}
		const shown = displayPath(absolute, ctx.cwd, ctx.home);
		const { rule, alternative } = RULES[found.file.kind];
		hits.push({ rule, severity: 'high', reason: reasonFor(found.file, shown, found.as, absolute, outcome.why || undefined, edit.tool), targets: [shown], alternative, decision: 'confirm' });
	}
	if (hits.length === 0) {
		return { decision: 'allow', severity: 'none', rule: null, reason: 'No file that keeps Terminal Guard on is changed.', target: null, targets: [], alternative: null, hits: [], production: false, parse: 'complete' };
	}
	const top = hits[0];
	const targets = [...new Set(hits.flatMap((h) => h.targets))];
	return { decision: 'confirm', severity: 'high', rule: top.rule, reason: top.reason, target: targets[0], targets, alternative: top.alternative ?? null, hits, production: false, parse: 'complete' };
}

/** The line the modal shows for a file edit: "Edit: .claude/settings.json, src/a.ts". */
export function describeFileEdit(edit: FileEdit, cwd: string, home: string): string {
	const names = edit.changes.map((c) => {
		const absolute = resolveEditPath(c.path, cwd, home);
		const verb = c.how === 'delete' ? 'delete ' : c.how === 'move-away' ? 'rename ' : '';
		return `${verb}${absolute === undefined ? c.path : displayPath(absolute, cwd, home)}`;
	});
	return `${edit.tool}: ${names.join(', ')}`;
}

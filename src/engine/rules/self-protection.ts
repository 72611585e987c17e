/**
 * Self-protection: an allowed command must not silently switch Terminal Guard off or plant
 * destruction for later. Asks about writes to shell startup files that touch what the shell hooks
 * rely on (or carry destructive commands), about any change to the agents' hook files, about
 * editor settings that steer the guard, and about commands that undo the hooks in the running
 * shell (`unset PROMPT_COMMAND`, `trap - DEBUG`, `bind -r '\C-m'`, `unset -f __tg_check`).
 * Reading these files, and harmless lines such as a PATH entry, stay allowed.
 */
import * as path from 'path';
import { Minimatch } from 'minimatch';
import { hasOption, parseArgs, withKnownFolders } from '../shell/argv';
import { riskyWord } from '../risk';
import type { Invocation, Word } from '../types';
import type { MatchResult, Rule, RuleContext, RulePack } from './rule';
import { GUARD_SETTINGS, guardFileOf, sourcedByShells, type GuardFile, type GuardFileKind } from './self-protection-files';
import { linkedFile } from './links';
import { expand, writes, type How, type Write } from './self-protection-writes';

type Kind = GuardFileKind;

/** Variables the shell hooks depend on (bash's prompt hook and PS0, the gate's BASH_ENV, zsh's ZDOTDIR and hook arrays, sh's ENV). */
const HOOK_VARIABLES = new Set(['PROMPT_COMMAND', 'PS0', 'BASH_ENV', 'ZDOTDIR', 'ENV', 'precmd_functions', 'preexec_functions']);

/**
 * The hooks' own state (`__tg_mode`, the gate helper's `__tg_helper_in`/`_out`, gate.bash's `__tg_inside`,
 * `TERMINAL_GUARD_NONCE` …): nothing else names a variable so. Their scratch values (the refusal message, an
 * exit status, loop temporaries) change nothing.
 */
const HOOK_STATE = /^(?:__tg_(?!(?:msg|st|c|hex|text)$)|__terminal_guard|TERMINAL_GUARD_)\w*$/;

function hookVariable(name: string): boolean {
	return HOOK_VARIABLES.has(name) || HOOK_STATE.test(name);
}

/** Functions the hooks in media/shell/ define (a unit test keeps this list complete). Every one starts with `__tg_`. */
export const HOOK_FUNCTIONS = [
	// bash (hook.bash, init.bash, bridge.bash)
	'__tg_ask', '__tg_on_enter', '__tg_blank', '__tg_allowed', '__tg_quiet_debug_trap', '__tg_each_prompt', '__tg_esc', '__tg_check', '__tg_edit', '__tg_bind',
	'__tg_new_prompt', '__tg_osc', '__tg_osc633', '__tg_prompt', '__tg_ensure_prompt_hook',
	// bash and zsh: the Enter gate's helper in terminals VS Code starts (bridge.bash, hook.zsh)
	'__tg_helper_stop', '__tg_helper_start', '__tg_helper_lost', '__tg_helper_fd', '__tg_token',
	// bash and zsh: history re-execution (hook.bash, hook.zsh)
	'__tg_rerun', '__tg_shadowed', '__tg_fc', '__tg_history_as_run',
	// zsh (hook.zsh, .zshenv, zsh-bridge/.zshenv)
	'__tg_line_finish', '__tg_preexec', '__tg_precmd', '__tg_install', '__tg_source_user', '__tg_restore_zdotdir', '__tg_boot',
	// fish (init.fish, abbr.fish)
	'__tg_enter', '__tg_remember', '__tg_wrap_prompt', '__tg_user_prompt', '__tg_on_prompt', '__tg_on_preexec', '__tg_on_postexec', '__tg_abbr_def', '__tg_expand_abbr_once', '__tg_expand_abbr',
];

/** Also names a future hook function would get. */
const HOOK_FUNCTION_PREFIX = /^__(?:tg_|terminal_guard)/;

/** Keys that accept a line (bash `bind`, zsh `bindkey`, fish `bind`), and the guard's own bash key sequences. */
const ENTER_KEYS = new Set(['\\c-m', '\\c-j', '\\r', '\\n', 'return', 'ret', 'newline', 'linefeed', 'control-m', 'control-j', 'c-m', 'c-j', '^m', '^j', 'enter', 'ctrl-m', 'ctrl-j', '\\c-o', '\\c-x\\c-e']);
const GUARD_KEY_PREFIX = '\\c-x\\c-]';

/** Written into a startup file, these change what the hooks rely on. `what` completes "a line that …". */
const STARTUP_RISKS: readonly { readonly pattern: RegExp; readonly what: (found: string) => string }[] = [
	{ pattern: /\b(?:PROMPT_COMMAND|PS0)\b/, what: (v) => `changes ${v}, which Terminal Guard's shell hook uses` },
	{ pattern: /\bBASH_ENV\b/, what: () => 'changes BASH_ENV, which Terminal Guard uses to check `bash -c` commands' },
	{ pattern: /\bZDOTDIR\b/, what: () => "changes ZDOTDIR, which loads Terminal Guard's zsh hook" },
	{ pattern: /(?<![\w$.-])ENV(?==)|\bunset\s+(?:-v\s+)?ENV\b/, what: () => 'changes ENV, which Terminal Guard uses in POSIX shells' },
	{ pattern: /__tg_\w+|__terminal_guard\w*/, what: (f) => `names ${f}, a function of Terminal Guard's shell hook` },
	{ pattern: /(?:^|[\s;&|({])(?:trap)(?=\s)/, what: () => "sets a trap, which can replace the traps Terminal Guard's bash hook relies on" },
	{ pattern: /(?:^|[\s;&|({])(?:bind|bindkey)(?=\s)|\\C-[mMjJ]|\^[MJ]\b|\bControl-[mj]\b|\bRETURN\s*:/, what: (f) => `changes a key binding (${f.trim()}), which can take Enter away from Terminal Guard` },
	{ pattern: /\b(?:precmd|preexec)\w*|add-zsh-hook|add-zle-hook-widget|(?:^|[\s;&|({])zle(?=\s)|fish_(?:preexec|postexec)|--on-event/, what: (f) => `changes the shell's hooks (${f.trim()}), where Terminal Guard's hook runs` },
];

/** Temporary directories (as in files.ts). */
const TEMP = /^(?:\/tmp|\/var\/tmp|\/private\/tmp|\/private\/var\/folders|\/var\/folders)(?:\/|$)/;

/** "Copies a file over ~/.bashrc": the start of a reason. `tree` when a whole directory is copied, moved or deleted. */
function action(how: How, file: string, tree: boolean): string {
	const what = tree ? 'a directory' : 'a file';
	const verbs: Record<How, string> = {
		append: `Appends to ${file}`,
		overwrite: `Overwrites ${file}`,
		edit: `Edits ${file} in place`,
		copy: `Copies ${what} over ${file}`,
		move: `Moves ${what} over ${file}`,
		link: `Replaces ${file} with a link`,
		delete: tree ? `Deletes ${file} and everything in it` : `Deletes ${file}`,
		'move-away': `Moves ${file} away`,
		empty: `Empties ${file}`,
		unpack: `Unpacks an archive into ${file}`,
		permissions: `Changes the permissions or owner of ${file}${tree ? ' and everything in it' : ''}`,
	};
	return verbs[how];
}

/** Deleting, moving away or emptying: nothing new is written, the old content is gone. */
const REMOVES: ReadonlySet<How> = new Set(['delete', 'move-away', 'empty']);

/** A write that touches a protected file: directly, or (`holds`) through a directory that contains it. */
interface Finding {
	readonly write: Write;
	readonly protect: GuardFile;
	readonly holds: boolean;
}

/** The start of a reason for a finding: "Copies a file over ~/.bashrc". */
function actionOf(f: Finding): string {
	return action(f.write.how, path.posix.normalize(f.write.word.text).replace(/\/$/, ''), f.holds);
}

/** Stands for a folder only known when the line runs (`$DIR` in `"$DIR/.bashrc"`), which could be any folder, the home folder too. */
const SOME_FOLDER = '/\u0000some-folder';

/**
 * `"$DIR/.claude/settings.json"`, `"$(git rev-parse --show-toplevel)/.git/hooks/pre-push"`, `"$X/.bashrc"`: the
 * folder is only known when the line runs — set by an earlier line, say — but the rest names a protected file in
 * whatever folder that is (the home folder included). The name after the last expansion decides.
 */
function unknownFolder(write: Write, text: string): Finding | undefined {
	// Walked back from the end to the last expansion (linear: a word can be as long as the line).
	let start = text.length;
	while (start > 0 && !'$`(){}'.includes(text[start - 1])) {
		start--;
	}
	if (start === 0) {
		return undefined;
	}
	// `$DIR/…`, `$1/…`: the variable's name is part of the expansion.
	const tail = text[start - 1] === '$' ? text.slice(start).replace(/^(?:[A-Za-z_]\w*|.)/, '') : text.slice(start);
	if (!/^\/[^/]/.test(tail)) {
		return undefined;
	}
	// `"$DIR/../.bashrc"`: above an unknown folder is another unknown folder.
	const found = guardFileOf(`${SOME_FOLDER}${path.posix.normalize(tail).replace(/^.*\/\.\.(?=\/)/, '')}`, SOME_FOLDER);
	return found ? { write, protect: found.file, holds: false } : undefined;
}

/** Which protected file, if any, a write touches. */
function classify(write: Write, inv: Invocation, rc: RuleContext): Finding | undefined {
	if (inv.remote) {
		return undefined;
	}
	const text = write.word.text;
	if (/^\$(?:ZDOTDIR|\{ZDOTDIR(?::?[-=][^}]*)?\})\/[^/]+$/.test(text)) {
		return { write, protect: { glob: '$ZDOTDIR/*', kind: 'startup' }, holds: false };
	}
	// `"$PWD/.claude/settings.json"`, `"$(pwd)/…"`: the folder is known even though the word is dynamic.
	const known = write.word.dynamic ? withKnownFolders(text, rc.cwd, rc.home) : text;
	const expanded = write.word.dynamic ? expand(known, inv) : known;
	const absolute = expanded === undefined ? undefined : rc.resolve(expanded, inv);
	if (absolute === undefined) {
		return inv.remote ? undefined : unknownFolder(write, known);
	}
	// A project's hook or settings file copied to /tmp is a scratch copy nothing reads, unless the workspace is there.
	const scratch = TEMP.test(absolute) && !rc.isInsideWorkspace(absolute);
	const found = guardFileOf(absolute, rc.home, { tree: write.tree === true, projectFiles: !scratch });
	if (found) {
		return { write, protect: found.file, holds: found.holds };
	}
	// `ln -s ~/.bashrc x; echo … >> x`: a write through a link the line made writes what it points to.
	const link = linkedFile(absolute, rc);
	const through = link ? guardFileOf(link.absolute, rc.home, { tree: write.tree === true }) : undefined;
	return link && through ? { write: { ...write, word: { ...write.word, text: link.text } }, protect: through.file, holds: through.holds } : undefined;
}


/** `[ -f ~/.bash_aliases ]` is a test, not a forced delete: file tests are taken out before looking for risky words. */
export function withoutFileTests(text: string): string {
	return text.replace(/(\[\[?|\btest)(\s+!?)\s*-[a-zA-Z]\b/g, '$1$2');
}

/** The first thing in a startup-file line that touches the hooks, as "a line that …". */
export function startupRisk(content: string): string | undefined {
	for (const risk of STARTUP_RISKS) {
		const m = risk.pattern.exec(content);
		if (m) {
			return risk.what(m[0].replace(/^[\s;&|({]+/, ''));
		}
	}
	return undefined;
}

function judgeStartup(f: Finding): string | undefined {
	const { write } = f;
	if (write.how === 'permissions') {
		return undefined; // the guarded shells load their hook themselves, not from the person's startup files
	}
	const verb = write.how === 'append' ? `Appends to ${write.word.text}` : `Writes to ${write.word.text}`;
	if (write.content !== undefined && (write.how === 'append' || write.how === 'overwrite')) {
		const hook = startupRisk(write.content);
		if (hook) {
			return `${verb} a line that ${hook}: the next shells may run unguarded.`;
		}
		const word = riskyWord(withoutFileTests(write.content));
		if (word) {
			return `${verb} a line with "${word}": every new shell runs it, or defines it as an alias or function — destruction planted for later.`;
		}
		return undefined;
	}
	const what = f.holds ? 'which holds shell startup files' : 'a shell startup file';
	if (REMOVES.has(write.how)) {
		return `${actionOf(f)}, ${what} every new shell reads.`;
	}
	return `${actionOf(f)}, ${what}, with text only known when it runs: it could switch off Terminal Guard's shell hook or plant commands for every new shell.`;
}

/**
 * A file whose commands run later (git config and hooks, cron, ssh config, units): text with a destructive
 * command, or text only known when the line runs (a copy, a download), asks. Removing one plants nothing
 * (the file rules judge the delete), and an in-place edit is only judged by text it shows.
 */
function judgeRunsLater(f: Finding): string | undefined {
	const { write } = f;
	const where = `${path.posix.normalize(write.word.text)}, whose commands run later without being typed`;
	if (write.content !== undefined && (write.how === 'append' || write.how === 'overwrite')) {
		// git runs an alias or helper written `!cmd` through the shell.
		const word = riskyWord(withoutFileTests(write.content).replace(/!/g, ' '));
		return word ? `${actionOf(f)} with "${word}" in it: ${where} — destruction planted for later.` : undefined;
	}
	if (REMOVES.has(write.how) || write.how === 'edit' || write.how === 'permissions' || f.holds) {
		return undefined;
	}
	return `${actionOf(f)} with text only known when it runs: ${where}, and it could plant a destructive one.`;
}

function judgeAgentHooks(f: Finding): string {
	return `${actionOf(f)}, where ${f.protect.agent ?? 'an AI agent'} keeps its hooks: Terminal Guard checks the agent's commands through a hook there, and without it they run unchecked.`;
}

function judgeGuardFiles(f: Finding): string {
	return `${actionOf(f)}, one of Terminal Guard's own files (its checker, the editor's connection details, your own rules): with it changed, commands may run unchecked.`;
}

function judgeEditorSettings(f: Finding): string | undefined {
	const { write } = f;
	if (write.content !== undefined && (write.how === 'append' || write.how === 'overwrite')) {
		const setting = GUARD_SETTINGS.exec(write.content)?.[0];
		return setting ? `${actionOf(f)} with "${setting}" settings, which decide whether Terminal Guard's terminals and agent hooks are on.` : undefined;
	}
	const unknown = REMOVES.has(write.how) || write.how === 'permissions' ? '' : ' with text only known when it runs';
	return `${actionOf(f)}${unknown}: these editor settings decide whether Terminal Guard's terminals and agent hooks are on.`;
}

/** A rule over one kind of protected file: every write that matters is a target; the first one gives the reason. */
/** The protected files an invocation writes, worked out once for the three file rules. */
const classified = new WeakMap<Invocation, { rc: RuleContext; found: readonly { write: Write; found: Finding | undefined }[] }>();

const NOTHING_WRITTEN: readonly { write: Write; found: Finding | undefined }[] = [];

function protectedWrites(inv: Invocation, rc: RuleContext): readonly { write: Write; found: Finding | undefined }[] {
	const cached = classified.get(inv);
	if (cached?.rc === rc) {
		return cached.found;
	}
	const list = writes(inv, rc);
	// Most commands write nothing: that answer is cheap to find again and is not kept (keeping it cost more, a WeakMap
	// entry per command; measured twice, docs/decisions.md "Engine speed, the p99 pass").
	if (list.length === 0) {
		return NOTHING_WRITTEN;
	}
	const found = list.map((write) => ({ write, found: classify(write, inv, rc) }));
	classified.set(inv, { rc, found });
	return found;
}

function fileRule(kind: Kind, judge: (f: Finding) => string | undefined): (inv: Invocation, rc: RuleContext) => MatchResult {
	return (inv, rc) => {
		const written = protectedWrites(inv, rc);
		if (written.length === 0) {
			return undefined;
		}
		const targets: string[] = [];
		let reason: string | undefined;
		for (const { write, found } of written) {
			const why = found?.protect.kind === kind ? judge(found) : undefined;
			if (why) {
				reason ??= why;
				// found.write: through a link the line made, the file the link leads to.
				const named = found?.write ?? write;
				targets.push(named.written ?? named.word.text);
			}
		}
		return reason ? { targets: [...new Set(targets)], reason } : undefined;
	};
}

/** Wrappers that still run a builtin in this shell (`eval 'unset PROMPT_COMMAND'`, `builtin bind …`). */
const IN_THIS_SHELL = new Set(['eval', 'command', 'builtin', 'noglob', 'nocorrect', 'then', 'do', 'else', 'time']);

/**
 * Only what runs in this shell can undo its hook: `bash -c 'unset PROMPT_COMMAND'` changes a child
 * shell, `sudo`/`ssh` run elsewhere, and a file read with `source ~/.bashrc` is the person's own
 * settings being re-read (its writes to files are still judged).
 */
function inThisShell(inv: Invocation): boolean {
	// Text planted in ~/.bashrc (shell/planted.ts) runs in every new shell itself: there it undoes the hook, and so
	// does a file that text sources (`echo '. /tmp/x' >> ~/.bashrc`).
	const sourced = inv.planted !== undefined && sourcedByShells(inv.planted) ? `planted in ${inv.planted} (runs later)` : undefined;
	let inStartup = false;
	return !inv.remote && inv.via.every((v) => {
		inStartup ||= v === sourced;
		return IN_THIS_SHELL.has(v) || v === sourced || (inStartup && (v === '.' || v === 'source'));
	});
}

/** An assignment that keeps the hook: it appends (`+=`), builds on the old value, or names the hook itself. */
function keepsHook(name: string, value: string, raw: string): boolean {
	if (/(?::#|\/)[^}]*__tg_/.test(value)) {
		return false; // `${precmd_functions:#__tg_precmd}` takes the hook out
	}
	return new RegExp(`(?:^|[\\s;])${name}\\+=`).test(raw) || new RegExp(`\\$\\{?${name}\\b`).test(value) || /__tg_/.test(value);
}

/** A function name or zsh pattern (`add-zsh-hook -D precmd '__tg_*'`) that names one of the hook's functions. */
function hookFunction(word: Word): boolean {
	if (HOOK_FUNCTION_PREFIX.test(word.text)) {
		return true;
	}
	const pattern = new Minimatch(word.text);
	return HOOK_FUNCTIONS.some((f) => pattern.match(f));
}

/** The key sequence a `bind` / `bindkey` word names: `"\C-m": accept-line` → `\C-m`. */
function keyOf(text: string): string {
	const quoted = /^\s*"((?:\\.|[^"\\])*)"\s*:/.exec(text);
	if (quoted) {
		return quoted[1];
	}
	const named = /^\s*([\w-]+)\s*:/.exec(text);
	return named ? named[1] : text;
}

function enterKey(key: string): boolean {
	const k = key.toLowerCase();
	return ENTER_KEYS.has(k) || k.startsWith(GUARD_KEY_PREFIX);
}

/** The editors' command-line tools, which install, uninstall and disable extensions. */
const EDITOR_CLIS = ['code', 'code-insiders', 'code-oss', 'codium', 'vscodium', 'cursor', 'windsurf', 'code-server', 'openvscode-server'];
/** This extension's id (package.json publisher.name). */
const OUR_EXTENSION = 'terminal-guard.terminal-guard';

const STARTUP_ALTERNATIVE = 'Make the change in an editor, where the whole file is visible; to extend PROMPT_COMMAND keep its value (PROMPT_COMMAND="$PROMPT_COMMAND; …").';
const UNGUARDED_ALTERNATIVE = 'To work unguarded on purpose, open a terminal without Terminal Guard instead of switching its hook off here.';

const rules: Rule[] = [
	{
		id: 'self:startup-file',
		severity: 'high',
		commands: ['*'],
		reason: 'Changes a shell startup file that every new shell runs.',
		alternative: STARTUP_ALTERNATIVE,
		match: fileRule('startup', judgeStartup),
	},
	{
		id: 'self:agent-hooks',
		severity: 'high',
		commands: ['*'],
		reason: "Changes an AI agent's hook configuration, through which Terminal Guard checks the agent's commands.",
		alternative: 'Edit the file in the editor, then run "Terminal Guard: Protect AI Agents…" to check its hooks are still in place.',
		match: fileRule('agent', judgeAgentHooks),
	},
	{
		id: 'self:editor-settings',
		severity: 'high',
		commands: ['*'],
		reason: "Changes editor settings that decide whether Terminal Guard's terminals and agent hooks are on.",
		alternative: "Change settings in VS Code's Settings editor, where each change is visible.",
		match: fileRule('editor', judgeEditorSettings),
	},
	{
		id: 'self:guard-files',
		severity: 'high',
		commands: ['*'],
		reason: "Changes Terminal Guard's own files (~/.terminal-guard, the installed extension).",
		alternative: "Use Terminal Guard's commands and settings in the editor instead of changing its files.",
		match: fileRule('guard', judgeGuardFiles),
	},
	{
		id: 'self:runs-later',
		severity: 'high',
		commands: ['*'],
		reason: 'Writes a destructive command into a file whose commands run later (git config or hooks, cron, ssh config, a service).',
		alternative: 'Make the change in an editor, where the whole file is visible, and check what the command does first.',
		match: fileRule('later', judgeRunsLater),
	},
	{
		id: 'self:hook-variable',
		severity: 'high',
		commands: [':', 'export', 'declare', 'typeset', 'readonly', 'local', 'unset'],
		reason: "Changes a variable Terminal Guard's shell hook depends on.",
		alternative: 'Add to PROMPT_COMMAND instead of replacing it: PROMPT_COMMAND="$PROMPT_COMMAND; your_command".',
		match(inv) {
			if (!inThisShell(inv)) {
				return undefined;
			}
			if (inv.name === 'unset') {
				const parsed = parseArgs(inv.argv.slice(1));
				// `unset __tg_check` (no -v) unsets the function when there is no such variable: self:hook-function's.
				const names = hasOption(parsed, '-f') ? [] : parsed.positionals.filter((w) => hookVariable(w.text) && (hasOption(parsed, '-v') || !HOOK_FUNCTIONS.includes(w.text))).map((w) => w.text);
				return names.length > 0 ? { targets: names, reason: `Unsets ${names[0]}, which Terminal Guard's shell hook depends on: the commands after it may run unguarded.` } : undefined;
			}
			// Assignment statements (`PROMPT_COMMAND=`, `export BASH_ENV=…`); `PROMPT_COMMAND= cmd` only sets it for cmd and is not seen here.
			const names = inv.source.assignments.filter((a) => HOOK_STATE.test(a.name) || (HOOK_VARIABLES.has(a.name) && !keepsHook(a.name, a.value, inv.source.raw))).map((a) => a.name);
			return names.length > 0 ? { targets: names, reason: `Replaces ${names[0]}, which Terminal Guard's shell hook depends on: the commands after it may run unguarded.` } : undefined;
		},
	},
	{
		id: 'self:hook-function',
		severity: 'high',
		commands: ['unset', 'unfunction', 'functions', 'add-zsh-hook', 'add-zle-hook-widget', 'zle'],
		reason: "Removes a function of Terminal Guard's shell hook.",
		alternative: UNGUARDED_ALTERNATIVE,
		match(inv) {
			if (!inThisShell(inv)) {
				return undefined;
			}
			const parsed = parseArgs(inv.argv.slice(1));
			let names: readonly Word[] = [];
			if (inv.name === 'unset' && !hasOption(parsed, '-v')) {
				// bash's plain `unset NAME` removes the function NAME when no variable has that name.
				names = hasOption(parsed, '-f') ? parsed.positionals : parsed.positionals.filter((w) => HOOK_FUNCTIONS.includes(w.text));
			} else if (inv.name === 'unfunction' || (inv.name === 'functions' && hasOption(parsed, '-e', '--erase'))) {
				names = parsed.positionals;
			} else if ((inv.name === 'add-zsh-hook' || inv.name === 'add-zle-hook-widget') && hasOption(parsed, '-d', '-D')) {
				names = parsed.positionals.slice(1); // after the hook's name (precmd, zle-line-finish)
			} else if (inv.name === 'zle' && /^-[DNA]$/.test(inv.argv[1]?.text ?? '')) {
				// `zle -D zle-line-finish`, `zle -N zle-line-finish true`: the widget add-zle-hook-widget runs the
				// hook's __tg_line_finish from is deleted or replaced.
				const widgets = inv.argv[1].text === '-A' ? inv.argv.slice(3, 4) : inv.argv.slice(2, inv.argv[1].text === '-N' ? 3 : undefined);
				const hooked = widgets.filter((w) => /^zle-line-(?:finish|init)$/.test(w.text));
				if (hooked.length > 0) {
					return { targets: hooked.map((w) => w.text), reason: `Replaces the zsh widget ${hooked[0].text}, which runs Terminal Guard's shell hook: the commands after it may run unguarded.` };
				}
				names = widgets;
			}
			const targets = names.filter(hookFunction).map((w) => w.text);
			return targets.length > 0 ? { targets, reason: `Removes ${targets[0]}, a function of Terminal Guard's shell hook: the commands after it may run unguarded.` } : undefined;
		},
	},
	{
		id: 'self:trap',
		severity: 'high',
		commands: ['trap'],
		reason: "Resets a trap that Terminal Guard's bash hook and VS Code's shell integration rely on.",
		alternative: UNGUARDED_ALTERNATIVE,
		match(inv) {
			if (!inThisShell(inv)) {
				return undefined;
			}
			const args = inv.argv.slice(1).filter((w) => w.text !== '--');
			if (args.length === 0 || /^-[lp]$/.test(args[0].text)) {
				return undefined;
			}
			// `trap SIG` (one word) and `trap - SIG` / `trap '' SIG` reset or ignore SIG.
			const resets = args.length === 1 || args[0].text === '-' || args[0].text === '';
			const signals = (args.length === 1 ? args : args.slice(1)).filter((w) => /^(?:SIG)?(?:DEBUG|RETURN)$/i.test(w.text));
			return resets && signals.length > 0 ? { targets: signals.map((w) => w.text), reason: `${args[0].text === '' ? 'Ignores' : 'Resets'} the ${signals[0].text} trap, which Terminal Guard's bash hook and VS Code's shell integration rely on.` } : undefined;
		},
	},
	{
		id: 'self:key-binding',
		severity: 'high',
		commands: ['bind', 'bindkey'],
		reason: 'Re-binds Enter (or another key that runs a line), which Terminal Guard checks each line on.',
		alternative: UNGUARDED_ALTERNATIVE,
		match(inv) {
			if (!inThisShell(inv)) {
				return undefined;
			}
			const parsed = parseArgs(inv.argv.slice(1), { withValue: ['-m', '-M', '-q', '-u', '-f', '--mode', '--sets-mode'] });
			// fish's `bind \r …` reaches here as `r` after quote removal: the key is read from the raw word too.
			const keys = parsed.positionals.flatMap((w) => [keyOf(w.text), keyOf(w.raw.replace(/^(['"])([\s\S]*)\1$/, '$2'))]).filter(enterKey);
			return keys.length > 0 ? { targets: [keys[0]], reason: `Re-binds ${keys[0]}, a key Terminal Guard checks each line on: lines may then run unchecked.` } : undefined;
		},
	},
	{
		id: 'self:extension',
		severity: 'high',
		commands: EDITOR_CLIS,
		reason: 'Uninstalls or disables the Terminal Guard extension.',
		alternative: "Use the Extensions view in the editor, where the change is visible, if you mean to switch Terminal Guard off.",
		match(inv) {
			// `code --uninstall-extension terminal-guard.terminal-guard`, `cursor --disable-extension=…`
			const ours: string[] = [];
			const args = inv.argv.slice(1).map((w) => w.text);
			for (let i = 0; i < args.length; i++) {
				const m = /^--(uninstall|disable)-extension(?:=(.*))?$/.exec(args[i]);
				const id = m ? (m[2] ?? args[++i]) : undefined;
				if (id !== undefined && (id.toLowerCase() === OUR_EXTENSION || id.includes('$'))) {
					ours.push(id);
				}
			}
			return ours.length > 0 ? { targets: [ours[0]], reason: `Uninstalls or disables ${ours[0]}, the Terminal Guard extension: commands after it run unguarded.` } : undefined;
		},
	},
];

export const selfPack: RulePack = {
	name: 'self',
	description: "Switching Terminal Guard off: startup files, agent hook files, editor settings, the shell hooks' variables, traps, keys and functions, and the extension itself.",
	rules,
};

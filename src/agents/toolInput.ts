/**
 * Reading any tool call an agent's hook reports — beyond the shell tools each adapter names — as
 * either file edits (src/engine/rules/self-protection-edits.ts judges those) or commands:
 *
 *   1. Known file-editing tools (the table below: Claude Code, Codex, Gemini CLI, VS Code/Copilot,
 *      Copilot CLI, Cursor) give their file, and the text they write or replace where the input shows it.
 *   2. Any other tool, not known to only read: every short string in its input that could be a path
 *      is a file the tool may change (`how: 'unknown'`), so an MCP `write_file` or a field name we have
 *      never seen still reaches the check — only a protected file leads to a question.
 *   3. Any other tool whose input carries a command-like field (COMMAND_FIELDS, at any depth up to 3)
 *      is judged as that command.
 *
 * Data-driven: add a tool or a field name to a table, not a branch.
 */
import * as path from 'path';
import type { FileChange, FileEdit, Replacement } from '../engine/rules/self-protection-edits';
import { looksLikePatch, patchFiles } from '../engine/rules/self-protection-patch';
import { commandText, type HookInput } from './types';

type Json = Record<string, unknown>;

function str(input: Json | undefined, names: readonly string[]): string | undefined {
	for (const name of names) {
		const value = input?.[name];
		if (typeof value === 'string') {
			return value;
		}
	}
	return undefined;
}

function objects(value: unknown): Json[] {
	return Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)) : [];
}

/** Field names that name the file a tool edits, in the order they are tried. */
const PATH_FIELDS = ['file_path', 'filePath', 'path', 'notebook_path', 'notebookPath', 'absolute_path', 'target_file', 'targetFile', 'file', 'filename', 'uri'];
const CONTENT_FIELDS = ['content', 'contents', 'file_text', 'fileText', 'text', 'new_content'];
const OLD_FIELDS = ['old_string', 'oldString', 'old_str', 'oldStr', 'old_text', 'oldText'];
const NEW_FIELDS = ['new_string', 'newString', 'new_str', 'newStr', 'new_text', 'newText'];
const PATCH_FIELDS = ['command', 'input', 'patch', 'diff', 'patchText'];

/** One replacement from `{old_string, new_string, replace_all}` and its spellings; undefined when it shows none. */
function replacementOf(input: Json): Replacement | undefined {
	const old = str(input, OLD_FIELDS);
	const now = str(input, NEW_FIELDS);
	if (old === undefined || now === undefined) {
		return undefined;
	}
	const count = input.expected_replacements;
	return { old, new: now, all: input.replace_all === true || input.replaceAll === true || (typeof count === 'number' && count > 1) };
}

type EditReader = (input: Json) => FileChange[] | string;

/** A single-file tool: its path, then what it does with the file. */
function single(how: (input: Json, file: string) => FileChange): EditReader {
	return (input) => {
		const file = str(input, PATH_FIELDS);
		return file === undefined ? `no file path ("${PATH_FIELDS.slice(0, 3).join('", "')}")` : [how(input, file)];
	};
}

const write = single((input, file) => {
	const content = str(input, CONTENT_FIELDS);
	return content === undefined ? { path: file, how: 'unknown' } : { path: file, how: 'write', content };
});

const replace = single((input, file) => {
	const r = replacementOf(input);
	return r ? { path: file, how: 'replace', replacements: [r] } : { path: file, how: 'unknown' };
});

/** Claude Code's MultiEdit: `{file_path, edits: [{old_string, new_string, replace_all}]}`, applied in order. */
const multiEdit = single((input, file) => {
	const edits = objects(input.edits).map(replacementOf);
	return edits.length > 0 && edits.every((r) => r !== undefined) && Array.isArray(input.edits) && edits.length === input.edits.length
		? { path: file, how: 'replace', replacements: edits as Replacement[] }
		: { path: file, how: 'unknown' };
});

const unknownEdit = single((_input, file) => ({ path: file, how: 'unknown' }));

/** VS Code's multi_replace_string_in_file: `{replacements: [{filePath, oldString, newString}]}` over several files. */
const multiReplace: EditReader = (input) => {
	const list = objects(input.replacements);
	if (list.length === 0) {
		return 'no "replacements"';
	}
	const changes: FileChange[] = [];
	for (const item of list) {
		const file = str(item, PATH_FIELDS);
		if (file === undefined) {
			return 'a replacement names no file ("filePath")';
		}
		const r = replacementOf(item);
		changes.push(r ? { path: file, how: 'replace', replacements: [r] } : { path: file, how: 'unknown' });
	}
	return changes;
};

/** Codex's, VS Code's and OpenCode's apply_patch: the patch text in `command`, `input`, `patch` or `patchText` (OpenCode); every file it adds, updates, moves or deletes. */
const applyPatch: EditReader = (input) => {
	const text = str(input, PATCH_FIELDS);
	if (text === undefined) {
		return 'no patch text ("command", "input" or "patch")';
	}
	const files = patchFiles(text);
	if (files.length === 0) {
		// An empty envelope changes nothing; anything else we cannot read could change any file.
		return text.split(/\r?\n/).every((line) => line.trim() === '' || /^\*\*\* (?:Begin|End) Patch\s*$/.test(line)) ? [] : 'a patch that names no file Terminal Guard can read';
	}
	return files.map((f): FileChange => {
		switch (f.how) {
			case 'add':
				return { path: f.path, how: 'write', content: f.content ?? '' };
			case 'delete':
				return { path: f.path, how: 'delete' };
			case 'move-away':
				return { path: f.path, how: 'move-away' };
			case 'move':
				return { path: f.path, how: 'unknown' }; // written under a new name: its text is the old file's, patched
			default:
				return { path: f.path, how: 'patch', hunks: f.hunks ?? [] };
		}
	});
};

/** Anthropic's text editor tool (Copilot CLI's `str_replace_editor`): `{command: create|str_replace|insert|view, path, …}`. */
const textEditor: EditReader = (input) => {
	const command = str(input, ['command']);
	if (command === 'view') {
		return [];
	}
	if (command === 'create') {
		return write(input);
	}
	if (command === 'str_replace') {
		return replace(input);
	}
	return unknownEdit(input);
};

/** File-editing tools by lower-cased name. */
const EDIT_TOOLS: Readonly<Record<string, EditReader>> = {
	// Claude Code
	edit: replace, multiedit: multiEdit, write, notebookedit: unknownEdit,
	// Gemini CLI
	write_file: write, replace, smart_edit: replace,
	// Codex, VS Code
	apply_patch: applyPatch, applypatch: applyPatch, copilot_applypatch: applyPatch,
	// VS Code / Copilot Chat (tool names and their internal ids)
	create_file: write, copilot_createfile: write,
	replace_string_in_file: replace, copilot_replacestring: replace,
	multi_replace_string_in_file: multiReplace, copilot_multireplacestring: multiReplace,
	insert_edit_into_file: unknownEdit, copilot_insertedit: unknownEdit,
	edit_notebook_file: unknownEdit, copilot_editnotebook: unknownEdit,
	edit_file: unknownEdit, editfiles: unknownEdit,
	// Copilot CLI, Anthropic's text editor tool
	create: write, str_replace_editor: textEditor, str_replace_based_edit_tool: textEditor,
	// Cursor's agent (preToolUse)
	strreplace: replace, tabwrite: unknownEdit, delete_file: single((_i, file) => ({ path: file, how: 'delete' })), deletefile: single((_i, file) => ({ path: file, how: 'delete' })),
};

/** Tools known to only read, search or talk: nothing they name is changed, nothing runs. */
const READ_ONLY_TOOLS = new Set([
	// Claude Code
	'read', 'glob', 'grep', 'ls', 'notebookread', 'webfetch', 'websearch', 'todowrite', 'todoread', 'task', 'exitplanmode', 'bashoutput', 'killshell', 'killbash', 'listmcpresourcestool', 'readmcpresourcetool',
	// Gemini CLI
	'read_file', 'read_many_files', 'list_directory', 'search_file_content', 'google_web_search', 'web_fetch',
	// VS Code / Copilot
	'file_search', 'grep_search', 'semantic_search', 'list_dir', 'get_errors', 'fetch_webpage', 'get_terminal_output', 'terminal_last_command', 'terminal_selection', 'get_changed_files', 'test_failure', 'think', 'create_directory', 'copilot_readfile', 'copilot_listdirectory', 'copilot_findfiles', 'copilot_findtextinfiles', 'manage_todo_list',
	// Copilot CLI, Codex
	'view', 'read_bash', 'stop_bash', 'list_bash', 'update_plan', 'view_image', 'web_search',
	// OpenCode
	'list', 'skill', 'question', 'codesearch',
]);

/**
 * Field names whose value is a command line (a string, or argv), looked for at any depth up to 3 in
 * an unknown tool's input. `args`/`arguments`/`argv` join the program named by PROGRAM_FIELDS.
 */
export const COMMAND_FIELDS = ['command', 'cmd', 'commandLine', 'command_line', 'commandline', 'shellCommand', 'shell_command', 'script', 'bash', 'sh', 'shell'];
const PROGRAM_FIELDS = ['executable', 'program', 'binary', 'exe'];
const ARGS_FIELDS = ['args', 'arguments', 'argv'];
/** Where an unknown tool's command runs, when it says. */
const CWD_FIELDS = ['cwd', 'workdir', 'working_directory', 'workingDirectory', 'dir_path', 'directory', 'dir'];

/** Tools that send text into a running shell, and the field holding it (Codex's `write_stdin`, Copilot CLI's `write_bash`). */
export const STDIN_TOOLS: Readonly<Record<string, readonly string[]>> = {
	write_stdin: ['chars', 'input', 'text'],
	write_bash: ['input', 'text', 'chars'],
};

function argvOf(value: unknown): string[] | undefined {
	return Array.isArray(value) && value.length > 0 && value.every((w) => typeof w === 'string') ? value as string[] : undefined;
}

/** Every command line an input's command-like fields give (`{command: "rm -rf x"}`, `{cmd: ["bash", "-lc", "…"]}`, `{program: "rm", args: […]}`). */
function commandsIn(input: Json, depth = 0): string[] {
	if (depth > 3) {
		return [];
	}
	const out: string[] = [];
	const lower = new Map(Object.keys(input).map((k) => [k.toLowerCase(), k]));
	const field = (name: string): unknown => {
		const key = lower.get(name.toLowerCase());
		return key === undefined ? undefined : input[key];
	};
	const args = ARGS_FIELDS.map(field).map(argvOf).find((a) => a !== undefined);
	const program = [...COMMAND_FIELDS, ...PROGRAM_FIELDS].map(field).find((v): v is string => typeof v === 'string');
	for (const name of COMMAND_FIELDS) {
		const value = field(name);
		if (typeof value === 'string' && args && value === program) {
			out.push(commandText([value, ...args])!);
		} else if (typeof value === 'string' || argvOf(value)) {
			const text = commandText(value);
			if (text !== undefined && text.trim() !== '') {
				out.push(text);
			}
		}
	}
	if (out.length === 0 && args) {
		out.push(commandText(program !== undefined ? [program, ...args] : args)!);
	}
	for (const value of Object.values(input)) {
		for (const inner of [value, ...(Array.isArray(value) ? value : [])]) {
			if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
				out.push(...commandsIn(inner as Json, depth + 1));
			}
		}
	}
	return [...new Set(out)];
}

/** Could this string be a path? One line, short, and shaped like one (has a slash, starts with `.` or `~`, or has an extension). */
function pathLike(text: string): boolean {
	const t = text.trim();
	return t !== '' && t.length <= 4096 && !/[\n\r\0]/.test(t) && (/[/\\]/.test(t) || /^[.~]/.test(t) || /^[\w.@-]+\.[A-Za-z0-9]{1,12}$/.test(t));
}

/** Keys that name a file, for the second look at a known edit tool's input. */
const PATH_KEY = /path|file|uri|target|dest|notebook/i;

/**
 * Every string in a tool's input that may name a file it changes, and the files of any patch text;
 * with `keys`, only strings under a key that names a file.
 */
function pathsIn(value: unknown, out: FileChange[], keys?: RegExp, depth = 0, budget = { left: 500 }, key = ''): FileChange[] {
	if (depth > 6 || budget.left <= 0) {
		return out;
	}
	if (typeof value === 'string') {
		if (keys && !keys.test(key)) {
			return out;
		}
		budget.left--;
		if (looksLikePatch(value)) {
			out.push(...patchFiles(value).map((f) => ({ path: f.path, how: 'unknown' as const })));
		} else if (pathLike(value)) {
			out.push({ path: value.trim(), how: 'unknown' });
		}
	} else if (Array.isArray(value)) {
		value.forEach((v) => pathsIn(v, out, keys, depth + 1, budget, key));
	} else if (typeof value === 'object' && value !== null) {
		Object.entries(value).forEach(([k, v]) => pathsIn(v, out, keys, depth + 1, budget, k));
	}
	return out;
}

function withinCwd(input: Json, cwd: string): string {
	const dir = str(input, CWD_FIELDS);
	return dir ? path.resolve(cwd, dir.replace(/^~(?=\/|$)/, process.env.HOME ?? '~')) : cwd;
}

/**
 * What a tool call that is not one of the adapter's shell tools asks about: file edits, a command,
 * both, or nothing (undefined).
 */
export function readTool(tool: string, input: Json | undefined, cwd: string): HookInput | undefined {
	const name = tool.toLowerCase();
	if (READ_ONLY_TOOLS.has(name)) {
		return undefined;
	}
	const stdinFields = STDIN_TOOLS[name];
	if (stdinFields) {
		const text = str(input, stdinFields);
		return text === undefined || text.trim() === '' ? undefined : { kind: 'command', command: text, cwd };
	}
	const reader = Object.prototype.hasOwnProperty.call(EDIT_TOOLS, name) ? EDIT_TOOLS[name] : undefined;
	if (reader) {
		const changes = input ? reader(input) : 'no input';
		if (typeof changes === 'string') {
			return { kind: 'malformed', problem: `the ${tool} call has ${changes}` };
		}
		// Any other path-like value in the input too: a tool that takes a second name is judged on both.
		const named = new Set(changes.map((c) => c.path));
		const others = pathsIn(input, [], PATH_KEY).filter((c) => !named.has(c.path));
		const all = [...changes, ...others];
		return all.length === 0 ? undefined : { kind: 'file-edit', edit: { tool, changes: dedupe(all) }, cwd };
	}
	if (!input) {
		return undefined;
	}
	const commands = commandsIn(input);
	const files = dedupe(pathsIn(input, []));
	const edit: FileEdit | undefined = files.length > 0 ? { tool, changes: files } : undefined;
	if (commands.length > 0) {
		return { kind: 'command', command: commands.join('\n'), cwd: withinCwd(input, cwd), ...(edit ? { edit } : {}) };
	}
	return edit ? { kind: 'file-edit', edit, cwd } : undefined;
}

function dedupe(changes: readonly FileChange[]): FileChange[] {
	const seen = new Set<string>();
	return changes.filter((c) => {
		const key = `${c.how}\0${c.path}`;
		if (seen.has(key)) {
			return false;
		}
		seen.add(key);
		return true;
	});
}

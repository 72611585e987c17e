/**
 * Adding and removing our hook in an agent's JSON config as text edits (jsonc-parser), so
 * everything else in the file — other hooks, comments, order, indentation — stays byte for byte.
 * Pure: text in, text out. No vscode import.
 */
import * as jsonc from 'jsonc-parser';
import { isOurCommand, type HookLayout } from './agents';

/** The file cannot be changed safely; the message is for the person and names the file. */
export class ConfigError extends Error {
	constructor(readonly file: string, problem: string) {
		super(`${file} ${problem}; Terminal Guard did not change it. Fix or move the file, then try again.`);
		this.name = 'ConfigError';
	}
}

type Json = unknown;
type JsonObject = Record<string, Json>;

function isObject(value: Json): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON with comments; an empty file is `{}`. Anything else unreadable is a ConfigError. */
export function parseConfig(text: string, file: string): JsonObject {
	if (text.trim() === '') {
		return {};
	}
	const errors: jsonc.ParseError[] = [];
	const value = jsonc.parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as Json;
	if (errors.length > 0) {
		const { line, column } = lineAndColumn(text, errors[0].offset);
		throw new ConfigError(file, `is not valid JSON (${jsonc.printParseErrorCode(errors[0].error)} at line ${line}, column ${column})`);
	}
	if (!isObject(value)) {
		throw new ConfigError(file, 'does not hold a JSON object');
	}
	return value;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
	const before = text.slice(0, offset).split('\n');
	return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The list our entry goes into, checking each level has the type the agent expects. */
function hookList(config: JsonObject, layout: HookLayout, file: string): Json[] | undefined {
	let node: Json = config;
	for (let i = 0; i < layout.listPath.length; i++) {
		const key = layout.listPath[i];
		const next: Json = (node as JsonObject)[key];
		const where = `"${layout.listPath.slice(0, i + 1).join('.')}"`;
		if (next === undefined) {
			return undefined;
		}
		if (i === layout.listPath.length - 1) {
			if (!Array.isArray(next)) {
				throw new ConfigError(file, `has ${where} that is not a list`);
			}
			return next;
		}
		if (!isObject(next)) {
			throw new ConfigError(file, `has ${where} that is not an object`);
		}
		node = next;
	}
	return undefined;
}

/** Where our handlers are: [index in the list] for plain lists, [group, index in group.hooks] for groups. */
function ourPositions(list: readonly Json[], layout: HookLayout): (string | number)[][] {
	const found: (string | number)[][] = [];
	list.forEach((entry, i) => {
		if (layout.matcher === undefined) {
			if (isObject(entry) && isOurCommand(entry.command)) {
				found.push([i]);
			}
		} else if (isObject(entry) && Array.isArray(entry.hooks)) {
			entry.hooks.forEach((handler, j) => {
				if (isObject(handler) && isOurCommand(handler.command)) {
					found.push([i, 'hooks', j]);
				}
			});
		}
	});
	return found;
}

/** Our entries as they stand in the file (for "is it installed?" and for tests). */
export function findOurHandlers(text: string, layout: HookLayout, file: string): JsonObject[] {
	const config = parseConfig(text, file);
	const list = hookList(config, layout, file) ?? [];
	return ourPositions(list, layout).map((p) => {
		const entry = list[p[0] as number] as JsonObject;
		return (p.length === 1 ? entry : (entry.hooks as Json[])[p[2] as number]) as JsonObject;
	});
}

function formatting(text: string): jsonc.FormattingOptions {
	const indented = /^([ \t]+)\S/m.exec(text);
	const indent = indented?.[1] ?? '  ';
	return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/**
 * One change at `path` (a value, undefined to delete, index -1 to append), made as a text edit and
 * checked against the same change made on the parsed value: a file is never written in a shape
 * other than the one intended. Array elements are cut by hand: jsonc-parser 3.3.1 leaves a stray
 * `}` when removing the last element of a compact array.
 */
function edit(text: string, path: jsonc.JSONPath, value: Json, file: string): string {
	const expected = structuredClone(parseConfig(text, file)) as Json;
	changeValue(expected, path, value);
	const last = path[path.length - 1];
	const result = value === undefined && typeof last === 'number' ? removeElement(text, path) : jsonc.applyEdits(text, jsonc.modify(text, path, value, { formattingOptions: formatting(text) }));
	if (!jsonEqual(parseConfig(result, file), expected)) {
		throw new Error(`Terminal Guard could not change ${file} safely (the edit at ${path.join('.')} came out wrong), so it left the file as it was.`);
	}
	return result;
}

function changeValue(root: Json, path: jsonc.JSONPath, value: Json): void {
	let node = root as Record<string | number, Json>;
	for (let i = 0; i < path.length - 1; i++) {
		node[path[i]] ??= typeof path[i + 1] === 'number' ? [] : {};
		node = node[path[i]] as Record<string | number, Json>;
	}
	const key = path[path.length - 1];
	if (Array.isArray(node) && typeof key === 'number') {
		if (value === undefined) {
			node.splice(key, 1);
		} else if (key === -1) {
			node.push(value);
		} else {
			node[key] = value;
		}
	} else if (value === undefined) {
		delete node[key];
	} else {
		node[key] = value;
	}
}

/** Cuts array element `path` with the separator before it (or after it, for the first one). */
function removeElement(text: string, path: jsonc.JSONPath): string {
	const tree = jsonc.parseTree(text);
	const array = tree && jsonc.findNodeAtLocation(tree, path.slice(0, -1));
	const index = path[path.length - 1] as number;
	const elements = array?.children ?? [];
	const node = elements[index];
	if (!node) {
		return text;
	}
	const previous = elements[index - 1];
	const next = elements[index + 1];
	if (previous) {
		return text.slice(0, previous.offset + previous.length) + text.slice(node.offset + node.length);
	}
	if (next) {
		return text.slice(0, node.offset) + text.slice(next.offset);
	}
	return text.slice(0, (array as jsonc.Node).offset + 1) + text.slice((array as jsonc.Node).offset + (array as jsonc.Node).length - 1);
}

/**
 * `text` with exactly one hook entry of ours running `command`, appended after every other entry.
 * Returns `text` unchanged (same string) when that entry is already there.
 */
export function addHook(text: string, layout: HookLayout, command: string, file: string): string {
	const config = parseConfig(text, file);
	const list = hookList(config, layout, file);
	const wanted = layout.handler(command);
	const ours = list ? ourPositions(list, layout) : [];
	// Unchanged only when our one handler, and for matcher groups its group's matcher, are as wanted:
	// a hook installed for `Bash` alone is widened to every tool.
	const group = layout.matcher !== undefined && list && ours.length === 1 ? list[ours[0][0] as number] as JsonObject : undefined;
	if (ours.length === 1 && jsonEqual(findOurHandlers(text, layout, file)[0], wanted) && (group === undefined || group.matcher === layout.matcher)) {
		return text;
	}
	let result = ours.length > 0 ? removeHook(text, layout, file) : text;
	if (result.trim() === '') {
		result = '{}\n';
	}
	const entry = layout.matcher === undefined ? wanted : { matcher: layout.matcher, hooks: [wanted] };
	result = edit(result, [...layout.listPath, -1], entry, file);
	for (const [key, value] of Object.entries(layout.required ?? {})) {
		if (parseConfig(result, file)[key] === undefined) {
			result = edit(result, [key], value, file);
		}
	}
	return result;
}

/**
 * `text` without our hook entries. A group, list or object that held only ours goes too; anything
 * that was empty before stays. Returns `text` unchanged when there is nothing of ours.
 */
export function removeHook(text: string, layout: HookLayout, file: string): string {
	let result = text;
	for (;;) {
		const config = parseConfig(result, file);
		const list = hookList(config, layout, file);
		const ours = list ? ourPositions(list, layout) : [];
		if (!list || ours.length === 0) {
			return result;
		}
		const last = ours[ours.length - 1];
		const group = list[last[0] as number] as JsonObject;
		let target: (string | number)[] = last;
		if (last.length === 3 && (group.hooks as Json[]).length === 1) {
			target = [last[0]]; // the group held only our handler
		}
		if (target.length === 1 && list.length === 1) {
			// The list held only ours: remove it, and each parent that held only it.
			let depth = layout.listPath.length;
			let node: Json = config;
			const parents: JsonObject[] = [];
			for (const key of layout.listPath.slice(0, -1)) {
				parents.push(node as JsonObject);
				node = (node as JsonObject)[key];
			}
			parents.push(node as JsonObject);
			while (depth > 1 && Object.keys(parents[depth - 1]).length === 1) {
				depth--;
			}
			result = edit(result, layout.listPath.slice(0, depth), undefined, file);
		} else {
			result = edit(result, [...layout.listPath, ...target], undefined, file);
		}
	}
}

/** Structural equality of two JSON values (key order ignored). */
export function jsonEqual(a: Json, b: Json): boolean {
	if (a === b) {
		return true;
	}
	if (Array.isArray(a) || Array.isArray(b)) {
		return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
	}
	if (isObject(a) && isObject(b)) {
		const keys = Object.keys(a);
		return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
	}
	return false;
}

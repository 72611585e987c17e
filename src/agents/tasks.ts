/**
 * VS Code tasks, for the VS Code agent's `run_task` and `create_and_run_task` tools: the command a task
 * runs, with VS Code's variables substituted where they can be known here, or a plain reason why the
 * task cannot be checked (then the hook refuses it — a task whose command cannot be seen is not run).
 *
 *   ${workspaceFolder} ${workspaceFolderBasename} ${userHome} ${pathSeparator} ${/}  → known
 *   ${env:NAME}      → from the hook's environment (the agent's, which the task inherits); unset → ''
 *   ${config:KEY}    → from the folder's .vscode/settings.json when it sets KEY, else refused
 *   anything else (${input:…}, ${command:…}, ${file}, ${cwd}, …) → refused, naming the variable
 *
 * tasks.json is read with the JSONC parser VS Code uses, and with the engine's non-blocking reader
 * (a FIFO or device there cannot hang the hook).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as jsonc from 'jsonc-parser';
import { readRegularFile } from '../engine/files';
import { stringField } from './types';

type Json = Record<string, unknown>;

const MAX_JSON_BYTES = 4 * 1024 * 1024;

const PLATFORM_KEY: Partial<Record<NodeJS.Platform, string>> = { win32: 'windows', linux: 'linux', darwin: 'osx' };

function asObject(value: unknown): Json | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : undefined;
}

/** A JSONC file's value; a string says why it cannot be used. */
function readJsonc(file: string): unknown {
	const text = readRegularFile(file, MAX_JSON_BYTES);
	if (text === undefined) {
		return `${file} is missing, is not a regular file, or is larger than ${MAX_JSON_BYTES / 1024 / 1024} MB`;
	}
	const errors: jsonc.ParseError[] = [];
	const value = jsonc.parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
	return errors.length > 0 ? `${file} is not valid JSON (${jsonc.printParseErrorCode(errors[0].error)} at offset ${errors[0].offset})` : { value };
}

export interface TaskScope {
	/** The workspace folder the task belongs to. */
	readonly folder: string;
	/** Environment for `${env:…}` (the hook's own). */
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly home?: string;
}

/** A failure to read a task: the reason, naming what could not be known. */
export class TaskProblem {
	constructor(readonly problem: string) {}
}

/** The folder's .vscode/settings.json as an object; an absent file is `{}`. */
function folderSettings(folder: string): Json | TaskProblem {
	const file = path.join(folder, '.vscode', 'settings.json');
	try {
		fs.statSync(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return {};
		}
	}
	const read = readJsonc(file);
	if (typeof read === 'string') {
		return new TaskProblem(read);
	}
	return asObject((read as { value: unknown }).value) ?? new TaskProblem(`${file} does not hold a JSON object`);
}

/** `text` with VS Code's task variables substituted; a TaskProblem names the first one that cannot be known. */
export function substituteVariables(text: string, scope: TaskScope): string | TaskProblem {
	let problem: TaskProblem | undefined;
	const out = text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
		if (problem) {
			return whole;
		}
		const [kind, ...rest] = inner.split(':');
		const arg = rest.join(':');
		switch (rest.length === 0 ? inner : kind) {
			case 'workspaceFolder':
			case 'workspaceRoot':
				return arg === '' ? scope.folder : unknown();
			case 'workspaceFolderBasename':
				return path.basename(scope.folder);
			case 'userHome':
				return scope.home ?? os.homedir();
			case 'pathSeparator':
			case '/':
				return path.sep;
			case 'env':
				return scope.env[arg] ?? '';
			case 'config': {
				const settings = folderSettings(scope.folder);
				if (settings instanceof TaskProblem) {
					problem = new TaskProblem(`the task uses \${config:${arg}}, and ${settings.problem}`);
					return whole;
				}
				const value = Object.prototype.hasOwnProperty.call(settings, arg) ? settings[arg] : undefined;
				if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
					return String(value);
				}
				problem = new TaskProblem(`the task uses \${config:${arg}}, whose value is not set in ${path.join(scope.folder, '.vscode', 'settings.json')} (it may come from user settings, which the hook cannot read)`);
				return whole;
			}
			default:
				return unknown();
		}
		function unknown(): string {
			problem = new TaskProblem(`the task uses \${${inner}}, whose value is only known inside the editor`);
			return whole;
		}
	});
	return problem ?? out;
}

/** A tasks.json word: a string or `{value, quoting}`. */
function taskWord(value: unknown): string | undefined {
	if (typeof value === 'string') {
		return value;
	}
	const inner = asObject(value)?.value;
	return typeof inner === 'string' ? inner : Array.isArray(inner) && inner.every((w) => typeof w === 'string') ? inner.join(' ') : undefined;
}

/**
 * A task's command line: command and args joined with spaces, unquoted — so shell characters in an
 * argument count as live (the stricter reading) — with variables substituted. The current platform's
 * override wins. `undefined` when the task has no command (a task made only of `dependsOn`).
 */
export function taskCommand(task: Json, scope: TaskScope): string | TaskProblem | undefined {
	const override = asObject(task[PLATFORM_KEY[process.platform] ?? '']);
	const command = taskWord(override?.command ?? task.command);
	if (command === undefined) {
		return (override?.command ?? task.command) === undefined ? undefined : new TaskProblem('the task\'s "command" is neither a string nor {value}');
	}
	const args = override?.args ?? task.args;
	const words = Array.isArray(args) ? args.map(taskWord) : [];
	if (words.some((w) => w === undefined)) {
		return new TaskProblem('an argument of the task is neither a string nor {value}');
	}
	return substituteVariables([command, ...words as string[]].join(' '), scope);
}

/** Where a task runs: its `options.cwd` (substituted), else the folder. */
export function taskCwd(task: Json, scope: TaskScope): string | TaskProblem {
	const given = stringField(asObject(task.options), 'cwd');
	if (given === undefined) {
		return scope.folder;
	}
	const cwd = substituteVariables(given, scope);
	return cwd instanceof TaskProblem ? cwd : path.resolve(scope.folder, cwd);
}

/** `npm: build` (optionally `npm: build - sub/dir`): the script of the folder's package.json, run as `npm run build`. */
function npmTask(id: string, scope: TaskScope): { command: string; cwd: string } | undefined {
	const m = /^npm:\s*(.+?)(?:\s+-\s+(.+))?$/.exec(id);
	if (!m) {
		return undefined;
	}
	const dir = m[2] ? path.resolve(scope.folder, m[2]) : scope.folder;
	const read = readJsonc(path.join(dir, 'package.json'));
	const scripts = typeof read === 'string' ? undefined : asObject(asObject((read as { value: unknown }).value)?.scripts);
	return scripts && typeof scripts[m[1]] === 'string' ? { command: `npm run ${m[1]}`, cwd: dir } : undefined;
}

/**
 * The commands `run_task` would run for task `id` in `scope.folder`: the task from .vscode/tasks.json
 * (by label, also "<type>: <label>") after its `dependsOn` tasks, or an npm script. A TaskProblem
 * when the task, or one it depends on, cannot be found or read.
 */
export function resolveTask(id: string, scope: TaskScope): { commands: string[]; cwd: string } | TaskProblem {
	const file = path.join(scope.folder, '.vscode', 'tasks.json');
	const read = readJsonc(file);
	const tasks = typeof read === 'string' ? undefined : asObject((read as { value: unknown }).value)?.tasks;
	const byLabel = new Map<string, Json>();
	for (const entry of Array.isArray(tasks) ? tasks : []) {
		const task = asObject(entry);
		const label = task ? stringField(task, 'label') ?? stringField(task, 'taskName') : undefined;
		if (task && label !== undefined && !byLabel.has(label)) {
			byLabel.set(label, task);
		}
	}
	const find = (name: string): Json | undefined => byLabel.get(name) ?? byLabel.get(name.replace(/^[\w.-]+:\s*/, ''));
	const commands: string[] = [];
	let cwd: string | undefined;
	const seen = new Set<Json>();
	const visit = (name: string, depth: number): TaskProblem | undefined => {
		const task = find(name);
		if (!task) {
			const npm = npmTask(name, scope);
			if (npm) {
				commands.push(npm.command);
				cwd ??= npm.cwd;
				return undefined;
			}
			const where = typeof read === 'string' ? read : `it is not defined in ${file}`;
			return new TaskProblem(`the task "${name}" cannot be checked: ${where} (tasks from extensions, user tasks and npm scripts not in package.json show no command)`);
		}
		if (seen.has(task) || depth > 32) {
			return undefined;
		}
		seen.add(task);
		const dependsOn = Array.isArray(task.dependsOn) ? task.dependsOn : task.dependsOn === undefined ? [] : [task.dependsOn];
		for (const dependency of dependsOn) {
			const label = typeof dependency === 'string' ? dependency : stringField(asObject(dependency), 'task') ?? stringField(asObject(dependency), 'label');
			if (label === undefined) {
				return new TaskProblem(`the task "${name}" depends on a task Terminal Guard cannot name (${JSON.stringify(dependency)})`);
			}
			const problem = visit(label, depth + 1);
			if (problem) {
				return problem;
			}
		}
		const command = taskCommand(task, scope);
		if (command instanceof TaskProblem) {
			return new TaskProblem(`the task "${name}" cannot be checked: ${command.problem}`);
		}
		if (command !== undefined) {
			commands.push(command);
		}
		if (depth === 0) {
			const where = taskCwd(task, scope);
			if (where instanceof TaskProblem) {
				return new TaskProblem(`the task "${name}" cannot be checked: ${where.problem}`);
			}
			cwd = where;
		}
		return undefined;
	};
	const problem = visit(id, 0);
	if (problem) {
		return problem;
	}
	return { commands, cwd: cwd ?? scope.folder };
}

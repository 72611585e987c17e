/** The engine's context outside the editor (the CLI, agent hooks, `terminal-guard shell`): the workspace is the git top level around cwd. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readRegularFile } from './files';
import { MAX_FILE_BYTES } from './shell/unwrap';
import { teamPoliciesFor } from './teamPolicy';
import type { AnalysisContext, GuardConfig } from './types';

const workspaceCache = new Map<string, string>();

/** The nearest folder holding `.git` at or above `dir`, else `dir` itself. */
export function workspaceFor(dir: string): string {
	const cached = workspaceCache.get(dir);
	if (cached) {
		return cached;
	}
	let current = dir;
	let found = dir;
	for (let i = 0; i < 64; i++) {
		if (fs.existsSync(path.join(current, '.git'))) {
			found = current;
			break;
		}
		const parent = path.dirname(current);
		if (parent === current) {
			break;
		}
		current = parent;
	}
	workspaceCache.set(dir, found);
	return found;
}

/** Reads a regular file of at most MAX_FILE_BYTES without blocking; anything else is "not available". */
export function readSmallFile(absolute: string): string | undefined {
	return readRegularFile(absolute, MAX_FILE_BYTES);
}

export function contextFor(options: { cwd?: string; production?: boolean; config?: GuardConfig }): AnalysisContext {
	const cwd = path.resolve(options.cwd ?? process.cwd());
	return {
		cwd,
		workspaceFolders: [workspaceFor(cwd)],
		production: options.production ?? false,
		env: process.env,
		home: os.homedir(),
		readFile: readSmallFile,
		config: options.config,
		// The repository's team policy: the CLI, the hooks and `terminal-guard shell` honour it with no editor.
		team: teamPoliciesFor(cwd, workspaceFor(cwd)),
	};
}

/** Reads a user rules file (docs/rules.md). */
export function loadConfig(file: string): GuardConfig | Error {
	try {
		const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
			return new Error('the file must hold a JSON object');
		}
		return parsed as GuardConfig;
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

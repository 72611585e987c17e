/**
 * The real file system behind self-protection-edits.ts: reads a settings file without blocking
 * (files.ts `readRegularFile`: regular files only, size-capped) and resolves symbolic links as far as
 * the path exists. Used by the agent hooks and by the editor's bridge.
 */
import * as fs from 'fs';
import * as path from 'path';
import { plantedHits } from '../analyze';
import { readRegularFile } from '../files';
import type { EditContext } from './self-protection-edits';

/** Settings and hook files are small; a larger one is "cannot be read", which asks. */
const MAX_SETTINGS_BYTES = 4 * 1024 * 1024;

/** The text of a file; undefined when nothing is there; null when something is there but is not a small regular file. */
export function readForEdit(absolute: string): string | undefined | null {
	try {
		fs.statSync(absolute);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : null;
	}
	return readRegularFile(absolute, MAX_SETTINGS_BYTES) ?? null;
}

/** The real path of `absolute`, or of its nearest existing folder with the rest appended; undefined when that fails. */
export function realpathForEdit(absolute: string): string | undefined {
	let rest = '';
	let current = absolute;
	for (let i = 0; i < 256; i++) {
		try {
			const real = fs.realpathSync.native(current);
			return rest === '' ? real : path.join(real, rest);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code !== 'ENOENT' && code !== 'ENOTDIR') {
				return undefined;
			}
		}
		const parent = path.dirname(current);
		if (parent === current) {
			return undefined;
		}
		rest = rest === '' ? path.basename(current) : path.join(path.basename(current), rest);
		current = parent;
	}
	return undefined;
}

/** Needs the shell parser loaded (`initParser()`) to judge what a hook or cron file plants; without it those edits ask. */
export function fsEditContext(cwd: string, home: string, workspaceFolders?: readonly string[]): EditContext {
	const planted = (absolute: string, text: string) => plantedHits(absolute, text, { cwd, home, env: { HOME: home }, workspaceFolders });
	return { cwd, home, workspaceFolders, read: readForEdit, realpath: realpathForEdit, plantedHits: planted };
}

/**
 * Whether a directory holds another, comparing each both as written and with symbolic links resolved.
 * A process's working directory is the real path (what `getcwd` gives a hook), while an editor window
 * opened through a link (`~/code` → `/data/code`, macOS's `/tmp` → `/private/tmp`) knows the linked
 * one: compared as written only, a command run inside a workspace looked as if it ran outside it.
 */
import * as fs from 'fs';
import * as path from 'path';

const isWindows = process.platform === 'win32';

/** `dir` as written and, when it differs, with its symbolic links resolved. */
export function spellings(dir: string): string[] {
	const resolved = path.resolve(dir);
	try {
		const real = fs.realpathSync(dir);
		return real === resolved ? [resolved] : [resolved, real];
	} catch {
		return [resolved]; // a path that does not exist is matched as written
	}
}

/** On case-insensitive file systems (macOS, Windows by default) `/Prod` is `/prod`: compare folded (stricter). */
function fold(p: string): string {
	return process.platform === 'darwin' || isWindows ? p.toLowerCase() : p;
}

/**
 * How deep `dir` sits in `folder` — the length of the folder's spelling that holds it, the deepest
 * folder being the best match — or -1 when it is outside (or is not) the folder.
 */
export function depthInside(folder: string, dir: string): number {
	const dirs = spellings(dir).map(fold);
	let depth = -1;
	for (const f of spellings(folder).map(fold)) {
		for (const d of dirs) {
			const relative = path.relative(f, d);
			if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
				depth = Math.max(depth, f.length);
			}
		}
	}
	return depth;
}

/** Whether `dir` is `folder` or inside it, by either spelling. */
export function isInside(folder: string, dir: string): boolean {
	return depthInside(folder, dir) >= 0;
}

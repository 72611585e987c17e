/**
 * Counting what a deletion would remove: files, folders and bytes under each path, without following
 * symbolic links (rm -r removes a link, not what it points to), without opening any file (a FIFO or a
 * device is counted by lstat, never read), within the budget's time and entry cap.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Budget } from './budget';

export interface WalkCount {
	files: number;
	folders: number;
	bytes: number;
	/** Every file (not folder) counted, absolute; used to ask git which of them it could restore. */
	readonly filePaths: string[];
	/**
	 * Work trees whose `.git` folder is among what is removed: git loses its own copy too. A `.git` file (a
	 * linked worktree's or a submodule's pointer) is not: the repository it points to lives elsewhere.
	 */
	readonly repositories: string[];
	/** Folders that could not be read (permissions): their contents are not counted. */
	readonly unreadable: string[];
	/** Paths given that do not exist. */
	readonly missing: string[];
	/** The entry cap or the time ran out: the counts are a lower bound. */
	incomplete: boolean;
}

export function emptyCount(): WalkCount {
	return { files: 0, folders: 0, bytes: 0, filePaths: [], repositories: [], unreadable: [], missing: [], incomplete: false };
}

/**
 * Adds `target` (absolute) and, when `recursive`, everything under it to `count`. `followTop`: the
 * path itself is followed when it is a link (`rm -r link/` with a trailing slash removes what the link
 * points to).
 */
export async function walk(target: string, recursive: boolean, followTop: boolean, budget: Budget, count: WalkCount): Promise<void> {
	let stat: fs.Stats;
	try {
		stat = await budget.race(followTop ? fs.promises.stat(target) : fs.promises.lstat(target), undefined as unknown as fs.Stats);
	} catch {
		stat = undefined as unknown as fs.Stats;
	}
	if (stat === undefined) {
		if (budget.spent) {
			count.incomplete = true;
		} else {
			count.missing.push(target);
		}
		return;
	}
	if (path.basename(target) === '.git' && stat.isDirectory()) {
		count.repositories.push(path.dirname(target));
	}
	// Depth-first with an explicit stack: a deep tree cannot overflow the call stack.
	const stack: { file: string; stat: fs.Stats }[] = [{ file: target, stat }];
	while (stack.length > 0) {
		if (budget.spent || !budget.take()) {
			count.incomplete = true;
			return;
		}
		const { file, stat: s } = stack.pop()!;
		if (!s.isDirectory()) {
			count.files++;
			count.bytes += s.size;
			count.filePaths.push(file);
			continue;
		}
		count.folders++;
		if (!recursive) {
			continue;
		}
		let names: string[] | undefined;
		try {
			names = await budget.race(fs.promises.readdir(file), undefined);
		} catch {
			names = undefined;
		}
		if (names === undefined) {
			if (budget.spent) {
				count.incomplete = true;
				return;
			}
			count.unreadable.push(file);
			continue;
		}
		for (const name of names) {
			const child = path.join(file, name);
			let childStat: fs.Stats | undefined;
			try {
				childStat = await budget.race(fs.promises.lstat(child), undefined);
			} catch {
				childStat = undefined; // removed while counting
			}
			if (childStat === undefined) {
				if (budget.spent) {
					count.incomplete = true;
					return;
				}
				continue;
			}
			if (name === '.git' && childStat.isDirectory()) {
				count.repositories.push(file);
			}
			stack.push({ file: child, stat: childStat });
		}
	}
}

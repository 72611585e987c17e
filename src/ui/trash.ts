/**
 * "Move to Trash" and "Restore": the system trash through the `trash` package (freedesktop trash on
 * Linux, the macOS and Windows trash through their own tools), one path at a time and never as a glob
 * (a file literally named `*` must not become "everything here"). No vscode import: unit-tested with a
 * private XDG_DATA_HOME.
 *
 * Restore needs to know where each item went: the freedesktop trash reports it (files/<id> and
 * info/<id>.trashinfo), so on Linux Restore moves it back; elsewhere the notification says where to
 * restore it by hand.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface TrashedItem {
	readonly original: string;
	/** Where it is now, when the platform's trash says (Linux). */
	readonly inTrash?: string;
	readonly info?: string;
}

export interface TrashResult {
	readonly trashed: readonly TrashedItem[];
	/** Paths that could not be moved, with why; nothing else was deleted for them. */
	readonly failed: readonly { readonly path: string; readonly error: string }[];
}

type TrashFunction = (paths: string | readonly string[], options?: { glob?: boolean }) => Promise<unknown>;

async function loadTrash(): Promise<TrashFunction> {
	const module = await import('trash') as unknown as { default: TrashFunction };
	return module.default;
}

/** Moves each path to the system trash. A path that does not exist is reported as failed, not ignored. */
export async function moveToTrash(paths: readonly string[]): Promise<TrashResult> {
	const trash = await loadTrash();
	const trashed: TrashedItem[] = [];
	const failed: { path: string; error: string }[] = [];
	for (const original of paths) {
		try {
			await fs.promises.lstat(original);
		} catch {
			failed.push({ path: original, error: 'it does not exist' });
			continue;
		}
		try {
			const result = await trash([original], { glob: false });
			const where = Array.isArray(result) ? result[0] as { path?: unknown; info?: unknown } | undefined : undefined;
			trashed.push({
				original,
				...(typeof where?.path === 'string' ? { inTrash: where.path } : {}),
				...(typeof where?.info === 'string' ? { info: where.info } : {}),
			});
		} catch (error) {
			failed.push({ path: original, error: error instanceof Error ? error.message : String(error) });
		}
	}
	return { trashed, failed };
}

/** Whether Restore can bring these back here (the trash said where they went). */
export function canRestore(items: readonly TrashedItem[]): boolean {
	return items.length > 0 && items.every((i) => i.inTrash !== undefined);
}

/**
 * Moves each item back where it was. An item whose place is taken again is left in the trash (never
 * overwrites); its error says so.
 */
export async function restoreFromTrash(items: readonly TrashedItem[]): Promise<{ restored: string[]; failed: { path: string; error: string }[] }> {
	const restored: string[] = [];
	const failed: { path: string; error: string }[] = [];
	for (const item of items) {
		if (!item.inTrash) {
			failed.push({ path: item.original, error: 'the trash did not say where it went; restore it from the system trash' });
			continue;
		}
		try {
			await fs.promises.lstat(item.original);
			failed.push({ path: item.original, error: 'something new is there now; it was left in the trash' });
			continue;
		} catch {
			// free: move it back
		}
		try {
			await fs.promises.mkdir(path.dirname(item.original), { recursive: true });
			await fs.promises.rename(item.inTrash, item.original);
			if (item.info) {
				await fs.promises.rm(item.info, { force: true });
			}
			restored.push(item.original);
		} catch (error) {
			failed.push({ path: item.original, error: error instanceof Error ? error.message : String(error) });
		}
	}
	return { restored, failed };
}

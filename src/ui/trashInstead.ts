/**
 * "Move to Trash" chosen in the dialog: the paths Terminal Guard derived from the line go to the system
 * trash (src/ui/trash.ts), and the person is offered Restore. Shared by the guarded terminal and the
 * agents' bridge.
 */
import type * as vscode from 'vscode';
import type { Answerer } from './person';
import { canRestore, moveToTrash, restoreFromTrash, type TrashedItem } from './trash';

export interface TrashOutcome {
	readonly moved: readonly string[];
	/** Empty, or a sentence naming what could not be moved (nothing was deleted there). */
	readonly problems: string;
}

export async function trashInstead(paths: readonly string[], answerer: () => Answerer, log: Pick<vscode.LogOutputChannel, 'info' | 'error'>): Promise<TrashOutcome> {
	let result: Awaited<ReturnType<typeof moveToTrash>>;
	try {
		result = await moveToTrash(paths);
	} catch (error) {
		log.error('[trash] moving to the trash failed', error);
		return { moved: [], problems: ` Could not move anything to the trash (${error instanceof Error ? error.message : String(error)}); nothing was deleted.` };
	}
	const moved = result.trashed.map((t) => t.original);
	log.info(`[trash] moved to the trash: ${moved.join(', ')}${result.failed.length > 0 ? `; failed: ${result.failed.map((f) => `${f.path} (${f.error})`).join(', ')}` : ''}`);
	if (moved.length > 0) {
		void offerRestore(result.trashed, answerer, log);
	}
	const problems = result.failed.length > 0 ? ` Could not move ${result.failed.map((f) => `${f.path} (${f.error})`).join(', ')}; nothing was deleted there.` : '';
	return { moved, problems };
}

async function offerRestore(items: readonly TrashedItem[], answerer: () => Answerer, log: Pick<vscode.LogOutputChannel, 'info' | 'error'>): Promise<void> {
	try {
		const restorable = canRestore(items);
		const names = items.map((i) => i.original).join(', ');
		const wanted = await answerer().offerRestore?.({
			message: restorable
				? `Terminal Guard moved ${names} to the trash instead of deleting it.`
				: `Terminal Guard moved ${names} to the system trash instead of deleting it; restore it from the Trash (Finder) or the Recycle Bin.`,
			restorable,
		});
		if (!wanted || !restorable) {
			return;
		}
		const back = await restoreFromTrash(items);
		log.info(`[trash] restored: ${back.restored.join(', ')}${back.failed.length > 0 ? `; not restored: ${back.failed.map((f) => `${f.path} (${f.error})`).join(', ')}` : ''}`);
		if (back.failed.length > 0) {
			await answerer().offerRestore?.({ message: `Terminal Guard could not restore ${back.failed.map((f) => `${f.path}: ${f.error}`).join('; ')}.`, restorable: false });
		}
	} catch (error) {
		log.error('[trash] restoring from the trash failed', error);
	}
}

/**
 * The files a patch changes, for the self-protection rules: Codex's `apply_patch` envelope (also VS
 * Code's `apply_patch` tool, and `apply_patch <<'EOF' …` run through Codex's shell, which Codex
 * applies itself) and unified diffs (`--- a/x` / `+++ b/x`, `git apply`, `patch`). Pure text in,
 * paths as written out (relative to where the patch is applied).
 *
 *   *** Begin Patch / *** Update File: a.ts / *** Move to: b.ts / *** Delete File: c / *** Add File: d
 *     → a.ts (edit), b.ts (move), c (delete), d (add, with its `+` lines as the content)
 */

export interface PatchFile {
	readonly path: string;
	/** add: a new file whose whole content is `content`; edit: hunks in place; delete; move: the new name of an updated file; move-away: its old name. */
	readonly how: 'add' | 'edit' | 'delete' | 'move' | 'move-away';
	readonly content?: string;
	/** For `edit`: the lines the hunks remove and add (`-`/`+`), which say what the edit touches. */
	readonly removed?: string;
	readonly added?: string;
	/** For `edit`: each hunk as the text it replaces (context and `-` lines) and the text it puts there (context and `+` lines). */
	readonly hunks?: readonly { readonly old: string; readonly new: string }[];
}

const ENVELOPE = /^\*\*\* (Add|Delete|Update) File: (.+?)\s*$|^\*\*\* Move to: (.+?)\s*$/;

/** True when the text holds an apply_patch envelope or unified-diff file headers. */
export function looksLikePatch(text: string): boolean {
	return /^\*\*\* (?:Begin Patch|Add File: |Delete File: |Update File: )/m.test(text) || /^\+\+\+ \S/m.test(text) && /^--- \S/m.test(text);
}

/** Every file the patch text changes; an empty list when it names none. */
export function patchFiles(text: string): PatchFile[] {
	const out: PatchFile[] = [];
	const lines = text.split(/\r?\n/);
	let current: { path: string; how: PatchFile['how']; plus: string[]; minus: string[]; hunks: { old: string[]; new: string[] }[] } | undefined;
	const flush = (): void => {
		if (current) {
			const { path, how, plus, minus } = current;
			const hunks = current.hunks.filter((h) => h.old.length > 0 || h.new.length > 0).map((h) => ({ old: h.old.join('\n'), new: h.new.join('\n') }));
			out.push(how === 'add' ? { path, how, content: plus.join('\n') } : how === 'edit' || how === 'move' ? { path, how, added: plus.join('\n'), removed: minus.join('\n'), hunks } : { path, how });
		}
		current = undefined;
	};
	const hunk = (): { old: string[]; new: string[] } => {
		if (current!.hunks.length === 0) {
			current!.hunks.push({ old: [], new: [] });
		}
		return current!.hunks[current!.hunks.length - 1];
	};
	let unified: { from?: string } | undefined;
	for (const line of lines) {
		const m = ENVELOPE.exec(line);
		if (m) {
			if (m[3] !== undefined) {
				// The updated file gets a new name: the old one goes away, the new one is written.
				if (current) {
					out.push({ path: current.path, how: 'move-away' });
					current = { ...current, path: m[3], how: 'move' };
				}
				continue;
			}
			flush();
			const how = m[1] === 'Add' ? 'add' : m[1] === 'Delete' ? 'delete' : 'edit';
			current = { path: m[2], how, plus: [], minus: [], hunks: [] };
			continue;
		}
		// Unified diff headers: `--- a/x` then `+++ b/x`; /dev/null on one side is an add or a delete.
		const from = /^--- (\S.*?)(?:\t.*)?$/.exec(line);
		if (from && !current?.plus.length && !current?.minus.length) {
			unified = { from: from[1] };
			continue;
		}
		const to = /^\+\+\+ (\S.*?)(?:\t.*)?$/.exec(line);
		if (to && unified) {
			flush();
			const strip = (p: string): string => p.replace(/^[ab]\//, '');
			const source = unified.from === '/dev/null' ? undefined : strip(unified.from ?? '');
			const target = to[1] === '/dev/null' ? undefined : strip(to[1]);
			unified = undefined;
			if (target === undefined && source !== undefined) {
				out.push({ path: source, how: 'delete' });
			} else if (target !== undefined) {
				if (source !== undefined && source !== target) {
					out.push({ path: source, how: 'move-away' });
				}
				current = { path: target, how: source === undefined ? 'add' : source !== target ? 'move' : 'edit', plus: [], minus: [], hunks: [] };
			}
			continue;
		}
		if (/^\*\*\* (?:End Patch|Begin Patch|End of File)/.test(line)) {
			continue;
		}
		if (!current) {
			continue;
		}
		if (line.startsWith('@@')) {
			current.hunks.push({ old: [], new: [] });
		} else if (line.startsWith('+')) {
			current.plus.push(line.slice(1));
			hunk().new.push(line.slice(1));
		} else if (line.startsWith('-')) {
			current.minus.push(line.slice(1));
			hunk().old.push(line.slice(1));
		} else if (line.startsWith(' ')) {
			hunk().old.push(line.slice(1));
			hunk().new.push(line.slice(1));
		}
	}
	flush();
	return out;
}

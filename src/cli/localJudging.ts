/**
 * dist/hook-engine.js: the engine for `terminal-guard hook` when no editor answers (or for a file
 * edit, which is judged here before the editor is asked). The lean hook (dist/hook.js, hookMain.ts)
 * requires this bundle only then, so a hook answered by the editor never loads the grammar or the rules.
 */
import { defaultDescribeEdit, defaultLocalEditVerdict } from '../agents/hook';
import type { ShellHint } from '../engine/shells';
import type { FileEdit } from '../engine/rules/self-protection-edits';
import type { Verdict } from '../engine/types';
import { offlineVerdict } from './offline';
export { serveLocalEngine } from './localEngineServer';

/** What the hook asks the engine in its own process (src/cli/hook.ts). */
export interface LocalJudging {
	/** The verdict for `line` run in `cwd` with nobody to ask (the person's own rules apply). */
	verdict(line: string, cwd: string, shell?: ShellHint): Promise<Verdict>;
	editVerdict(edit: FileEdit, cwd: string): Promise<Verdict>;
	describeEdit(edit: FileEdit, cwd: string): string;
}

export const localJudging: LocalJudging = {
	verdict: (line, cwd, shell) => offlineVerdict(line, cwd, undefined, shell),
	editVerdict: defaultLocalEditVerdict,
	describeEdit: defaultDescribeEdit,
};

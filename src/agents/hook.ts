/**
 * `terminal-guard hook <agent>` with the engine at hand: hookCore.ts's decision (read its comment)
 * with the file-edit judging filled in from the engine when the caller gives none. The lean hook
 * bundle (dist/hook.js) uses hookCore.ts directly and loads the engine only when it must.
 */
import * as os from 'os';
import { initParser } from '../engine/analyze';
import { workspaceFor } from '../engine/context';
import { describeFileEdit, type FileEdit, judgeFileEdit } from '../engine/rules/self-protection-edits';
import { fsEditContext } from '../engine/rules/self-protection-edits-fs';
import type { Verdict } from '../engine/types';
import { type HookCoreDeps, runHook as runHookCore } from './hookCore';
import type { AgentAdapter, HookReply } from './types';

export interface HookDeps extends Omit<HookCoreDeps, 'localEditVerdict' | 'describeEdit'> {
	/** The engine's verdict on a file edit without the editor (default: the real file system, this user's home). */
	localEditVerdict?(edit: FileEdit, cwd: string): Verdict | Promise<Verdict>;
}

/** The engine's verdict on `edit` without the editor: the real file system and this user's home (the parser judges what a hook file plants). */
export async function defaultLocalEditVerdict(edit: FileEdit, cwd: string): Promise<Verdict> {
	await initParser();
	return judgeFileEdit(edit, fsEditContext(cwd, os.homedir(), [workspaceFor(cwd)]));
}

/** How an edit is named in the question and the agent's message. */
export function defaultDescribeEdit(edit: FileEdit, cwd: string): string {
	return describeFileEdit(edit, cwd, os.homedir());
}

/** Never throws: any failure becomes the agent's way of refusing. */
export function runHook(adapter: AgentAdapter, stdin: string, deps: HookDeps): Promise<HookReply> {
	return runHookCore(adapter, stdin, { ...deps, localEditVerdict: deps.localEditVerdict ?? defaultLocalEditVerdict, describeEdit: defaultDescribeEdit });
}

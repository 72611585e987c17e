/**
 * What the dialog adds to a question, started the moment a line needs confirming: the blast radius,
 * counted in the background (the dialog opens at once and shows "counting…" until it is done), and
 * the safer way, derived from the parsed line. No vscode import: the workspace folders come in.
 */
import * as os from 'os';
import { type BlastReport, blastLines, blastRadius } from '../blast';
import { saferWay, type SaferWay } from '../blast/safer';
import { explain } from '../engine/analyze';
import { readSmallFile } from '../engine/context';
import type { Verdict } from '../engine/types';

/** The count's time budget; the integration tests raise it so a loaded test machine cannot decide what they see. */
let budgetMs: number | undefined;

export function setBlastBudgetMs(ms: number | undefined): void {
	budgetMs = ms;
}

/** A count under way: `report` is set once `done` settles (it never rejects). */
export interface LiveBlast {
	readonly done: Promise<BlastReport>;
	readonly report: BlastReport | undefined;
}

export function startBlast(line: string, verdict: Pick<Verdict, 'hits'>, cwd: string, folders: readonly string[], env: Readonly<Record<string, string | undefined>>): LiveBlast {
	const live: { done: Promise<BlastReport>; report: BlastReport | undefined } = { done: undefined as unknown as Promise<BlastReport>, report: undefined };
	// Started on the next turn, so the dialog is asked for before any counting begins.
	live.done = new Promise<void>((resolve) => setImmediate(resolve))
		.then(() => blastRadius(line, verdict, { cwd, home: env.HOME ?? os.homedir(), workspaceFolders: folders, env, ...(budgetMs ? { budgetMs } : {}) }))
		.then((report) => (live.report = report));
	return live;
}

/** The safer way for `line` run in `cwd` (only for a POSIX shell line; undefined when there is none or the parse fails). */
export function saferFor(line: string, cwd: string, folders: readonly string[], env: Readonly<Record<string, string | undefined>>): SaferWay | undefined {
	try {
		const home = env.HOME ?? os.homedir();
		return saferWay(explain(line, { cwd, home, workspaceFolders: folders, env, readFile: readSmallFile }).invocations, cwd, home);
	} catch {
		return undefined;
	}
}

/** The report as the dialog's lines. */
export function blastText(report: BlastReport): string[] {
	return blastLines(report);
}

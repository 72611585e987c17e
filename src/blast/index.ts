/**
 * The blast radius: how much a destructive line would destroy, counted locally and in the background
 * (src/blast/ is its own room: it does I/O, so it stays out of the pure engine). The verdict never
 * waits for it: callers start it, show "counting…", and fill in what it finds.
 *
 *   line ──engine's explain──▶ invocations ──plan.ts──▶ targets ──measure.ts──▶ findings
 */
import { explain } from '../engine/analyze';
import { readSmallFile } from '../engine/context';
import type { Verdict } from '../engine/types';
import { Budget, DEFAULT_BUDGET_MS, DEFAULT_MAX_ENTRIES } from './budget';
import { type BlastFinding, measure } from './measure';
import { planBlast } from './plan';

export type { BlastFinding } from './measure';
export { formatBytes } from './format';

export interface BlastReport {
	readonly findings: readonly BlastFinding[];
	/** Every count finished within its limits. */
	readonly complete: boolean;
	readonly ms: number;
}

export interface BlastOptions {
	readonly cwd: string;
	readonly home?: string;
	readonly workspaceFolders: readonly string[];
	readonly env?: Readonly<Record<string, string | undefined>>;
	readonly budgetMs?: number;
	readonly maxEntries?: number;
	readonly signal?: AbortSignal;
}

/**
 * Counts what `line` would destroy. Never rejects: a failure becomes a finding that says so. The
 * shell parser must be loaded (the verdict that asked for this loaded it).
 */
export async function blastRadius(line: string, verdict: Pick<Verdict, 'hits'>, options: BlastOptions): Promise<BlastReport> {
	const started = Date.now();
	try {
		const explained = explain(line, { cwd: options.cwd, home: options.home, workspaceFolders: options.workspaceFolders, env: options.env ?? {}, readFile: readSmallFile });
		// The rules that asked name what lives elsewhere (a cluster, a database): the caller's verdict and the engine's own.
		const rules = [...verdict.hits, ...explained.verdict.hits].map((h) => h.rule);
		const targets = planBlast(explained.invocations, options.cwd, rules, options.home);
		const budget = new Budget(options.budgetMs ?? DEFAULT_BUDGET_MS, options.maxEntries ?? DEFAULT_MAX_ENTRIES, options.signal);
		const findings = await measure(targets, { workspaceFolders: options.workspaceFolders, dockerHost: options.env?.DOCKER_HOST, budget });
		return { findings, complete: findings.every((f) => f.complete), ms: Date.now() - started };
	} catch (error) {
		const summary = `Could not count what it would destroy (${error instanceof Error ? error.message : String(error)}).`;
		return { findings: [{ kind: 'remote', summary, details: [], complete: false }], complete: false, ms: Date.now() - started };
	}
}

/** The report as lines for the dialog: each finding's sentence, its details indented under it. */
export function blastLines(report: BlastReport): string[] {
	if (report.findings.length === 0) {
		return ['Nothing Terminal Guard can count locally.'];
	}
	return report.findings.flatMap((f) => [f.summary, ...f.details.map((d) => `   ${d}`)]);
}

/** One line for the audit log and an agent's refusal. */
export function blastSummary(report: BlastReport): string {
	return report.findings.map((f) => f.summary.replace(/\.$/, '')).join('; ') || 'nothing counted locally';
}

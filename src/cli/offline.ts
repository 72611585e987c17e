/**
 * How the CLI judges a line when no editor answers (`hook`, `gate`, `shell`): the engine with the
 * person's own rules from ~/.terminal-guard/personal-rules/ (src/engine/personalRules.ts). Only a
 * line that comes out "allow" runs; when the rules cannot be trusted, none does.
 */
import * as os from 'os';
import * as path from 'path';
import type { LocalCheck } from '../agents/shellSession';
import { analyze, initParser } from '../engine/analyze';
import { contextFor } from '../engine/context';
import { personalContext, readPersonalRules, refusedRulesReason } from '../engine/personalRules';
import type { Verdict } from '../engine/types';

/** The verdict for `line` run in `cwd` with nobody to ask. `home` is read at each call (the rules may change). */
export async function offlineVerdict(line: string, cwd: string, home = os.homedir()): Promise<Verdict> {
	const rules = readPersonalRules(home);
	const personal = personalContext(rules, path.resolve(cwd), home);
	if (rules.kind === 'refused' || personal === undefined) {
		const reason = rules.kind === 'refused' ? refusedRulesReason(rules) : 'Terminal Guard cannot use your personal rules.';
		return { decision: 'deny', severity: 'critical', rule: 'personal-rules:unusable', reason, target: null, targets: [], alternative: null, hits: [], production: false, parse: 'complete' };
	}
	await initParser();
	return analyze(line, contextFor({ cwd, production: personal.production, config: personal.config }));
}

/** offlineVerdict as the gate's and `terminal-guard shell`'s LocalCheck. */
export function offlineCheck(): LocalCheck {
	return (line, cwd) => offlineVerdict(line, cwd);
}

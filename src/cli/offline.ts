/**
 * How the CLI judges a line when no editor answers (`hook`, `gate`, `shell`): the engine with the
 * person's own rules from ~/.terminal-guard/personal-rules/ (src/engine/personalRules.ts). Only a
 * line that comes out "allow" runs; when the rules cannot be trusted, none does.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { LocalCheck } from '../agents/shellSession';
import { contextFor } from '../engine/context';
import { teamPoliciesFor } from '../engine/teamPolicy';
import { personalContext, readPersonalRules, refusedRulesReason } from '../engine/personalRules';
import { analyzeFor, prepareFor, type ShellHint } from '../engine/shells';
import type { Verdict } from '../engine/types';
import { useBaselineWasmCompiler } from './wasmTiers';

/**
 * The nearest folder holding `.git` at or above `dir`, else `dir`: the engine's workspaceFor without
 * its per-process cache, for the long-lived local engine (a `git init` after its first question must count).
 */
function workspaceNow(dir: string): string {
	let current = dir;
	for (let i = 0; i < 64; i++) {
		if (fs.existsSync(path.join(current, '.git'))) {
			return current;
		}
		const parent = path.dirname(current);
		if (parent === current) {
			break;
		}
		current = parent;
	}
	return dir;
}

/**
 * The verdict for `line` run in `cwd` with nobody to ask. `home` is read at each call (the rules may
 * change). `shell`: the shell that runs it when not a POSIX shell (src/engine/shells.ts). `env`: the
 * asking process's environment when it is not this process (the local engine, localEngineServer.ts);
 * then the workspace is looked up afresh too.
 */
export async function offlineVerdict(line: string, cwd: string, home = os.homedir(), shell?: ShellHint, env?: Readonly<Record<string, string>>): Promise<Verdict> {
	// This process is the CLI's own (hook, gate, shell): the grammar's WASM on the baseline tier (wasmTiers.ts).
	useBaselineWasmCompiler();
	const rules = readPersonalRules(home);
	if (rules.kind === 'refused') {
		// The person's rules are unknown, so nothing is known to be harmless to them.
		return { decision: 'deny', severity: 'critical', rule: 'personal-rules:unusable', reason: refusedRulesReason(rules), target: null, targets: [], alternative: null, hits: [], production: false, parse: 'complete' };
	}
	const personal = personalContext(rules, path.resolve(cwd), home);
	const here = contextFor({ cwd, production: personal.production, config: personal.config });
	const workspace = env ? workspaceNow(here.cwd ?? path.resolve(cwd)) : undefined;
	const context = env && workspace ? { ...here, env, home, workspaceFolders: [workspace], team: teamPoliciesFor(here.cwd ?? path.resolve(cwd), workspace) } : here;
	await prepareFor(line, context, shell);
	return analyzeFor(line, context, shell);
}

/** offlineVerdict as the gate's and `terminal-guard shell`'s LocalCheck. */
export function offlineCheck(): LocalCheck {
	return (line, cwd, shell) => offlineVerdict(line, cwd, undefined, shell);
}

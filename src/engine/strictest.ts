/**
 * How workspace rules join the user's without being able to weaken anything. Pure: no vscode import.
 *
 * The line is judged twice: with the user's rules, and with the user's plus the workspace's. The
 * workspace's verdict is taken only when it is strictly stricter (allow < confirm < deny); otherwise
 * the user's verdict stands, so a workspace pattern cannot lower a severity, swap the name a person
 * must type, or add an `allow`.
 */
import type { Decision, GuardConfig, Verdict } from '../engine/types';

const RANK: Record<Decision, number> = { allow: 0, confirm: 1, deny: 2 };

/** The user's rules plus the workspace's raising ones (a workspace `allow` is never taken). */
export function withWorkspaceRules(user: GuardConfig, workspace: GuardConfig): GuardConfig {
	return {
		allow: user.allow,
		deny: [...(user.deny ?? []), ...(workspace.deny ?? [])],
		patterns: [...(user.patterns ?? []), ...(workspace.patterns ?? [])],
		protectedPaths: [...(user.protectedPaths ?? []), ...(workspace.protectedPaths ?? [])],
	};
}

/** `raised` if it is stricter than `base`, else `base`. */
export function stricter(base: Verdict, raised: Verdict): Verdict {
	return RANK[raised.decision] > RANK[base.decision] ? raised : base;
}

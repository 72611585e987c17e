/**
 * Git history, branches and remotes: force pushes, hard resets, cleans, deleted branches and rewritten history.
 */
import type { Rule, RulePack } from './rule';

const rules: Rule[] = [];

export const gitPack: RulePack = {
	name: 'git',
	description: 'Git history, branches and remotes: force pushes, hard resets, cleans, deleted branches and rewritten history.',
	rules,
};

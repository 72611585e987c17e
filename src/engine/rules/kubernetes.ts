/**
 * Kubernetes and Helm: deletions beyond a single pod, drains, uninstalls, local clusters.
 */
import type { Rule, RulePack } from './rule';

const rules: Rule[] = [];

export const kubernetesPack: RulePack = {
	name: 'kubernetes',
	description: 'Kubernetes and Helm: deletions beyond a single pod, drains, uninstalls, local clusters.',
	rules,
};

/**
 * AWS, Google Cloud and Azure CLIs: delete, terminate, destroy.
 */
import type { Rule, RulePack } from './rule';

const rules: Rule[] = [];

export const cloudPack: RulePack = {
	name: 'cloud',
	description: 'AWS, Google Cloud and Azure CLIs: delete, terminate, destroy.',
	rules,
};

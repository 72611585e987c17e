/**
 * SQL through any client: DROP, TRUNCATE, ALTER … DROP, DELETE/UPDATE without a real WHERE.
 */
import type { Rule, RulePack } from './rule';

const rules: Rule[] = [];

export const sqlPack: RulePack = {
	name: 'sql',
	description: 'SQL through any client: DROP, TRUNCATE, ALTER … DROP, DELETE/UPDATE without a real WHERE.',
	rules,
};

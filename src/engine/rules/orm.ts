/**
 * ORM and migration tools that reset or drop databases.
 */
import type { Rule, RulePack } from './rule';

const rules: Rule[] = [];

export const ormPack: RulePack = {
	name: 'orm',
	description: 'ORM and migration tools that reset or drop databases.',
	rules,
};

/**
 * HTTP APIs: DELETE requests and GraphQL delete mutations through curl, wget, HTTPie, gh api.
 */
import type { Rule, RulePack } from './rule';

const rules: Rule[] = [];

export const httpPack: RulePack = {
	name: 'http',
	description: 'HTTP APIs: DELETE requests and GraphQL delete mutations through curl, wget, HTTPie, gh api.',
	rules,
};

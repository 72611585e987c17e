/**
 * Docker, Podman and Compose: volumes, prunes, containers with their data.
 */
import type { Rule, RulePack } from './rule';

const rules: Rule[] = [];

export const containersPack: RulePack = {
	name: 'containers',
	description: 'Docker, Podman and Compose: volumes, prunes, containers with their data.',
	rules,
};

/**
 * Disks, file systems and system state: dd, mkfs, wipefs, partitions, ZFS/LVM, crontab, users, recursive chmod/chown.
 */
import type { Rule, RulePack } from './rule';

const rules: Rule[] = [];

export const disksPack: RulePack = {
	name: 'disks',
	description: 'Disks, file systems and system state: dd, mkfs, wipefs, partitions, ZFS/LVM, crontab, users, recursive chmod/chown.',
	rules,
};

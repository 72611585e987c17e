/**
 * Every rule pack, in one list. Adding a pack: write `rules/<pack>.ts` exporting a RulePack,
 * add it here, and give it tests in `test/unit/engine/rules/<pack>.test.ts`.
 */
import type { Rule, RulePack } from './rule';
import { backupsPack } from './backups';
import { cloudPack } from './cloud';
import { containersPack } from './containers';
import { disksPack } from './disks';
import { filesPack } from './files';
import { genericPack } from './generic';
import { gitPack } from './git';
import { hostingCiPack } from './hosting-ci';
import { httpPack } from './http';
import { iacPack } from './iac';
import { kubernetesPack } from './kubernetes';
import { messagingPack } from './messaging';
import { nosqlPack } from './nosql';
import { ormPack } from './orm';
import { osPack } from './os-maintenance';
import { paasPack } from './paas';
import { powershellPack } from './powershell';
import { registriesPack } from './registries';
import { secretsPack } from './secrets';
import { selfPack } from './self-protection';
import { sqlPack } from './sql';
import { virtualizationPack } from './virtualization';

export const PACKS: readonly RulePack[] = [
	selfPack, filesPack, gitPack, sqlPack, ormPack, nosqlPack, containersPack, kubernetesPack, iacPack, cloudPack, paasPack, httpPack, disksPack, backupsPack,
	secretsPack, virtualizationPack, registriesPack, messagingPack, hostingCiPack, osPack, powershellPack,
	// Last, and only for the tools none of the packs above names (rule.ts UNJUDGED).
	genericPack,
];

/** Rules indexed by the command names they look at; `*` rules apply to every invocation. */
export function indexRules(packs: readonly RulePack[] = PACKS): Map<string, Rule[]> {
	const index = new Map<string, Rule[]>();
	const ids = new Set<string>();
	for (const pack of packs) {
		for (const rule of pack.rules) {
			if (ids.has(rule.id)) {
				throw new Error(`duplicate rule id ${rule.id}`);
			}
			if (!rule.id.startsWith(pack.name + ':')) {
				throw new Error(`rule ${rule.id} must start with '${pack.name}:'`);
			}
			ids.add(rule.id);
			for (const name of rule.commands) {
				const list = index.get(name);
				if (list) {
					list.push(rule);
				} else {
					index.set(name, [rule]);
				}
			}
		}
	}
	return index;
}

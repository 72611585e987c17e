/**
 * Virtual machines and system containers: libvirt's virsh, Proxmox (qm, pct, pvesm), LXD/Incus,
 * LXC, Multipass, Vagrant, VirtualBox, Parallels and UTM. Deleting a machine with its disks, a
 * storage volume or pool asks; removing only a definition or a snapshot is medium, and so is a
 * forced power-off (`virsh destroy`), which loses what was not written to disk but no data on it.
 *
 * Targets: the machine, volume or pool as written; a bare Proxmox id gets its noun (`VM 100`).
 */
import { tableRule, type Tool } from './cli-table';
import type { RulePack } from './rule';
import type { Cli } from './subcommands';

// ---- libvirt -----------------------------------------------------------------------------------

const VIRSH_WITH_VALUE = ['-c', '--connect', '--pool', '--domain', '--vol', '--storage', '--snapshotname', '--network', '--name', '--file', '-r', '-l', '--log', '-k', '-K', '--algorithm'];
const VIRSH_FLAGS = ['--remove-all-storage', '--delete-storage-volume-snapshots', '--wipe-storage', '--managed-save', '--snapshots-metadata', '--checkpoints-metadata', '--nvram',
	'--keep-nvram', '--tpm', '--keep-tpm', '--graceful', '--children', '--children-only', '--metadata', '--current', '--delete-snapshots', '--readonly', '-q', '--quiet'];

const virshStorage = (c: Cli) => c.has('--remove-all-storage', '--wipe-storage') || c.value('--storage') !== undefined;

const virsh: Tool = {
	id: 'virtualization:virsh', commands: ['virsh'], severity: 'high',
	reason: 'Deletes a libvirt virtual machine, storage volume or pool.',
	alternative: 'Back up the disks first (virsh vol-download, or copy the image) and check the name with virsh list --all / vol-list.',
	spec: { withValue: VIRSH_WITH_VALUE, flags: VIRSH_FLAGS },
	hints: [],
	ops: [
		{ path: 'undefine', severity: (c) => (virshStorage(c) ? 'critical' : 'medium'), what: 'the virtual machine', targets: (c, r) => [c.value('--domain'), r] },
		{ path: 'vol-delete|vol-wipe', severity: 'high', what: 'the storage volume', targets: (c, r) => [c.value('--vol'), r, c.value('--pool')] },
		{ path: 'pool-delete', severity: 'critical', what: 'the storage pool', note: ' and the storage it holds (its directory or disk)', targets: (c, r) => [c.value('--pool'), r] },
		{ path: 'pool-undefine', severity: 'medium', what: 'the definition of the storage pool', targets: (c, r) => [c.value('--pool'), r] },
		{ path: 'destroy', severity: (c) => (c.has('--graceful') ? undefined : 'medium'), verb: 'powers off at once (like pulling the plug)', what: 'the virtual machine', targets: (c, r) => [c.value('--domain'), r] },
		{ path: 'snapshot-delete', severity: (c) => (c.has('--children', '--children-only') ? 'high' : 'medium'), what: 'the snapshot of', targets: (c, r) => [c.value('--snapshotname'), r.slice(1), c.value('--domain'), r.slice(0, 1)] },
		{ path: 'snapshot-revert', severity: 'high', verb: 'reverts to a snapshot, discarding every change since, ', what: 'the virtual machine', targets: (c, r) => [c.value('--domain'), r.slice(0, 1)] },
		{ path: 'net-undefine|net-destroy', severity: 'medium', what: 'the virtual network', targets: (c, r) => [c.value('--network'), r] },
	],
};

// ---- Proxmox -----------------------------------------------------------------------------------

/** A Proxmox guest id says what it numbers: `VM 100`, `CT 101`. */
function guest(tool: string, id: string | undefined): string | undefined {
	return id !== undefined && /^\d+$/.test(id) ? `${tool === 'pct' ? 'CT' : 'VM'} ${id}` : id;
}

const PROXMOX_SPEC = { withValue: ['--node', '--storage', '--snapname', '--idlist'], flags: ['--purge', '--destroy-unreferenced-disks', '--skiplock', '--force', '--start'] };

const qm: Tool = {
	id: 'virtualization:proxmox', commands: ['qm', 'pct', 'pvesm'], severity: 'critical',
	reason: 'Destroys a Proxmox virtual machine or container with its disks, or deletes a stored volume.',
	alternative: 'Back it up first (vzdump VMID --storage BACKUP_STORAGE) and check the id with qm list / pct list.',
	spec: PROXMOX_SPEC,
	hints: [],
	ops: [
		{ path: 'destroy', severity: 'critical', what: 'the guest', note: ' and all its disks', targets: (_c, r, inv) => [guest(inv.name, r[0])] },
		{ path: 'delsnapshot', severity: 'medium', what: 'the snapshot', targets: (_c, r, inv) => [r[1], guest(inv.name, r[0])] },
		{ path: 'rollback', severity: 'high', verb: 'rolls back, discarding every change since the snapshot,', what: 'the guest', targets: (_c, r, inv) => [guest(inv.name, r[0])] },
		{ path: 'disk unlink|unlink', severity: (c) => (c.has('--force') ? 'high' : 'medium'), what: 'the disks of', targets: (c, r, inv) => [c.value('--idlist'), guest(inv.name, r[0])] },
		{ path: 'free', severity: 'high', what: 'the volume', note: ' and its data' },
	],
};

// ---- LXD, Incus, LXC ---------------------------------------------------------------------------

const LXD_SPEC = { withValue: ['--project', '--target', '-p', '--type'], flags: ['-f', '--force', '-i', '--interactive', '-q', '--quiet', '--stateful', '--all-projects'] };

const lxd: Tool = {
	id: 'virtualization:lxd', commands: ['lxc', 'incus'], severity: 'high',
	reason: 'Deletes an LXD/Incus instance, storage pool, volume or project.',
	alternative: 'Snapshot or export it first (lxc export NAME backup.tar.gz).',
	spec: LXD_SPEC,
	hints: ['--project'],
	ops: [
		// `lxc delete web/snap0` deletes one snapshot.
		{ path: 'delete|rm|remove', severity: (_c, r) => (r.length > 0 && r.every((n) => n.includes('/')) ? 'medium' : 'high'), what: 'the instance', note: ' and its storage' },
		{ path: 'snapshot delete|rm', severity: 'medium', what: 'the snapshot of', targets: (_c, r) => [r.slice(1), r.slice(0, 1)] },
		{ path: 'restore', severity: 'high', verb: 'restores a snapshot over, discarding every change since,', what: 'the instance', targets: (_c, r) => [r.slice(0, 1)] },
		{ path: 'snapshot restore', severity: 'high', verb: 'restores a snapshot over, discarding every change since,', what: 'the instance', targets: (_c, r) => [r.slice(0, 1)] },
		{ path: 'storage delete|rm', severity: 'critical', what: 'the storage pool', note: ' and every volume in it' },
		{ path: 'storage volume delete|rm', severity: 'high', what: 'the storage volume', targets: (_c, r) => [r.slice(1), r.slice(0, 1)] },
		{ path: 'project delete|rm', severity: 'high', what: 'the project' },
		{ path: 'image delete|rm', severity: 'medium', what: 'the image' },
		{ path: 'network|profile delete|rm', severity: 'medium', what: 'the' },
	],
};

const lxcDestroy: Tool = {
	id: 'virtualization:lxc-destroy', commands: ['lxc-destroy'], severity: 'high',
	reason: 'Destroys an LXC container and its root file system.',
	alternative: 'Snapshot it first (lxc-snapshot -n NAME) and check the name with lxc-ls.',
	spec: { withValue: ['-n', '--name', '-P', '--lxcpath', '-o', '--logfile', '-l', '--logpriority', '--rcfile'], flags: ['-f', '--force', '-s', '--snapshots'] },
	ops: [
		{ path: '', severity: (c) => (c.has('-s', '--snapshots') ? 'critical' : 'high'), what: 'the container', note: ' and its root file system', targets: (c, r) => [c.value('-n', '--name'), r] },
	],
};

// ---- desktop and developer VMs -----------------------------------------------------------------

const multipass: Tool = {
	id: 'virtualization:multipass', commands: ['multipass'], severity: 'high',
	reason: 'Deletes Multipass instances.',
	alternative: 'Leave out --purge: multipass recover brings a deleted instance back until it is purged.',
	spec: { flags: ['-p', '--purge', '--all', '-v', '--verbose'] },
	ops: [
		{ path: 'delete', severity: (c) => (c.has('-p', '--purge') ? (c.has('--all') ? 'critical' : 'high') : 'medium'), what: 'the instances', targets: (c, r) => [r, c.has('--all') ? 'all instances' : undefined] },
		{ path: 'purge', severity: 'high', verb: 'permanently removes', what: 'the deleted instances', linked: 'every deleted instance', targets: () => ['all deleted instances'] },
	],
};

const vagrant: Tool = {
	id: 'virtualization:vagrant', commands: ['vagrant'], severity: 'high',
	reason: 'Destroys Vagrant machines with their disks.',
	alternative: 'Halt it instead (vagrant halt), or take a snapshot first (vagrant snapshot save NAME).',
	spec: { withValue: ['--provider', '--box-version', '--machine-readable'], flags: ['-f', '--force', '-g', '--graceful', '--parallel', '--no-parallel', '--all', '--force-clean'] },
	ops: [
		{ path: 'destroy', severity: 'high', what: 'the machine', linked: 'every machine of the Vagrantfile in this directory', targets: (_c, r) => [r, 'destroy'] },
		{ path: 'snapshot delete', severity: 'medium', what: 'the snapshot', targets: (_c, r) => [r.slice(-1)] },
		{ path: 'snapshot restore|pop', severity: 'high', verb: 'restores a snapshot over, discarding every change since,', what: 'the machine', linked: 'the machine of the Vagrantfile in this directory', targets: (c, r) => [r.slice(0, 1), c.path[1]] },
		{ path: 'box remove|prune', severity: 'medium', what: 'the box', linked: 'every box not in use', targets: (c, r) => [r, c.path[1]] },
	],
};

const virtualbox: Tool = {
	id: 'virtualization:virtualbox', commands: ['vboxmanage', 'prlctl', 'utmctl'], severity: 'high',
	reason: 'Deletes a VirtualBox, Parallels or UTM virtual machine or disk.',
	alternative: 'Export it first (VBoxManage export VM -o vm.ova / prlctl backup VM).',
	spec: { withValue: ['--name', '--uuid'], flags: ['--delete', '--delete-all', '--force'] },
	ops: [
		{ path: 'unregistervm', severity: (c) => (c.has('--delete', '--delete-all') ? 'critical' : 'medium'), what: 'the virtual machine', targets: (_c, r) => [r.slice(0, 1)] },
		{ path: 'closemedium', severity: (c) => (c.has('--delete') ? 'high' : undefined), what: 'the disk image', targets: (_c, r) => [r.filter((w) => !/^(?:disk|dvd|floppy)$/.test(w))] },
		{ path: 'snapshot', what: 'a snapshot of', verb: 'deletes or restores',
			severity: (_c, r) => (r[1] === 'restore' || r[1] === 'restorecurrent' ? 'high' : r[1] === 'delete' ? 'medium' : undefined), targets: (_c, r) => [r.slice(2), r.slice(0, 1)] },
		{ path: 'delete', severity: 'high', what: 'the virtual machine', note: ' and its disks' },
	],
};

const tools: Tool[] = [virsh, qm, lxd, lxcDestroy, multipass, vagrant, virtualbox];

export const virtualizationPack: RulePack = {
	name: 'virtualization',
	description: 'Virtual machines and system containers: destroying VMs, disks, pools and snapshots (virsh, Proxmox qm/pct, LXD/Incus, LXC, Multipass, Vagrant, VirtualBox).',
	rules: tools.map((t) => tableRule({ ...t, hints: t.hints ?? [] })),
};

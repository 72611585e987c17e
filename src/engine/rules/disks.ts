/**
 * Disks, file systems and system state: dd, mkfs, wipefs, partition tables, ZFS/LVM/RAID,
 * encryption headers, secure erase, macOS diskutil, Windows format/diskpart; the system-state
 * rules (crontab, users, recursive chmod/chown, firewall, kill, power, fork bombs) live in
 * disks-system.ts.
 *
 * Targets: the device as written (`/dev/sdb1`, `disk2`, `D:`), the pool or dataset
 * (`tank/data`), the volume group or logical volume. A disk tool run on an image file instead of a
 * device is routine (building images) and only medium.
 */
import { hasOption, optionValue, parseArgs, type ParsedArgs } from '../shell/argv';
import { toolArgs } from '../shell/longOptions';
import type { Invocation, Severity, Word } from '../types';
import { stdinSource, type Match, type Rule, type RulePack } from './rule';
import { isBlockDevice, systemRules } from './disks-system';

function args(inv: Invocation, withValue: readonly string[] = []): ParsedArgs {
	return toolArgs(inv, { withValue });
}

function isHelp(parsed: ParsedArgs): boolean {
	return hasOption(parsed, '--help', '-h', '--version', '-V', '-?');
}

/** The device a disk tool works on: the first argument naming a device, else the last plain argument. */
function deviceOf(words: readonly Word[]): { word: Word; device: boolean } | undefined {
	const device = words.find((w) => isBlockDevice(w.text));
	if (device) {
		return { word: device, device: true };
	}
	const plain = words.filter((w) => !/^\d+[KMGTPkmgtp]?$/.test(w.text));
	const last = plain[plain.length - 1];
	return last ? { word: last, device: false } : undefined;
}

/** A device is judged at the rule's severity; a dynamic path (`$DISK`) is high; an image file is medium. */
function onDevice(words: readonly Word[], severity: Severity, reason: string): Match | undefined {
	const found = deviceOf(words);
	if (!found) {
		return undefined;
	}
	if (found.device) {
		return { targets: [found.word.text], severity };
	}
	if (found.word.dynamic) {
		return { targets: [found.word.text], severity: 'high', reason: `${reason} ${found.word.text} is only known when it runs and may be a disk.` };
	}
	return { targets: [found.word.text], severity: 'medium', reason: `${reason} (${found.word.text} looks like an image file, not a disk.)` };
}

const MKFS = [
	'mkfs', 'mke2fs', 'mkswap', 'mkntfs', 'mkdosfs', 'mkexfatfs', 'newfs', 'newfs_apfs', 'newfs_hfs', 'newfs_msdos', 'newfs_exfat',
	...['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'vfat', 'fat', 'msdos', 'ntfs', 'exfat', 'f2fs', 'jfs', 'reiserfs', 'minix', 'bcachefs', 'hfsplus', 'udf', 'cramfs', 'nilfs2'].map((t) => `mkfs.${t}`),
];

/** Options that take a value, per hardware-erase tool, so the device is found. */
const ERASE_WITH_VALUE: Record<string, string[]> = {
	blkdiscard: ['-o', '--offset', '-l', '--length', '-p', '--step'],
	nvme: ['-n', '--namespace-id', '-s', '--ses', '-l', '--lbaf', '-a', '--sanact', '-o', '--output-format', '-t', '--timeout'],
	hdparm: ['--security-erase', '--security-erase-enhanced', '--security-set-pass', '--user-master', '--security-mode'],
	badblocks: ['-b', '-c', '-e', '-d', '-i', '-o', '-p', '-t'],
};

const rules: Rule[] = [
	{
		id: 'disks:dd',
		severity: 'critical',
		commands: ['dd', 'dcfldd', 'dc3dd'],
		reason: 'Writes raw bytes straight onto a disk device: its partition table and file systems are overwritten.',
		alternative: 'Check the device first (lsblk -o NAME,SIZE,MODEL,MOUNTPOINT) and make sure of= is the disk you mean.',
		match(inv) {
			if (inv.argv.some((w) => w.text === '--help' || w.text === '--version')) {
				return undefined;
			}
			// dd's operands are key=value; the last of= wins.
			const output = [...inv.argv.slice(1)].reverse().find((w) => w.text.startsWith('of='));
			if (!output) {
				return undefined;
			}
			const target = output.text.slice(3);
			if (isBlockDevice(target)) {
				return target;
			}
			return output.dynamic && /^\$/.test(target) ? { targets: [target], severity: 'high', reason: `Writes raw bytes to ${target}, which is only known when it runs and may be a disk.` } : undefined;
		},
	},
	{
		id: 'disks:mkfs',
		severity: 'critical',
		commands: MKFS,
		reason: 'Creates a new file system, erasing everything on the device.',
		alternative: 'Check the device with lsblk first; mke2fs -n shows what would be done.',
		match(inv) {
			const parsed = args(inv);
			// mke2fs/mkntfs -n and mkfs.xfs -N only show what they would do.
			const ext = /^(?:mke2fs|mkfs\.ext\d|mkntfs|mkfs\.ntfs)$/.test(inv.name) || (inv.name === 'mkfs' && /ext|ntfs/.test(optionValue(args(inv, ['-t', '--type']), '-t', '--type') ?? ''));
			if (isHelp(parsed) || hasOption(parsed, '--dry-run') || (ext && hasOption(parsed, '-n', '--no-action')) || (inv.name === 'mkfs.xfs' && hasOption(parsed, '-N'))) {
				return undefined;
			}
			return onDevice(inv.argv.slice(1).filter((w) => !w.text.startsWith('-')), 'critical', 'Creates a new file system.');
		},
	},
	{
		id: 'disks:nwipe',
		severity: 'critical',
		commands: ['nwipe', 'dwipe'],
		reason: 'Overwrites whole disks so that nothing on them can be recovered.',
		alternative: 'Check the device with lsblk first; there is no undo.',
		match(inv) {
			const parsed = args(inv, ['-m', '--method', '-r', '--rounds', '-l', '--logfile', '-e', '--exclude', '--prng', '--verify', '--PDFreportpath']);
			if (isHelp(parsed) || hasOption(parsed, '--nowipe')) {
				return undefined;
			}
			const devices = parsed.positionals.map((w) => w.text);
			// Without devices, --autonuke wipes every disk it finds; interactively a person picks them.
			return { targets: devices.length > 0 ? devices : ['all disks'], severity: devices.length > 0 || hasOption(parsed, '--autonuke') ? 'critical' : 'high' };
		},
	},
	{
		id: 'disks:wipefs',
		severity: 'critical',
		commands: ['wipefs'],
		reason: 'Erases the file-system, RAID and partition-table signatures, so the data on the device can no longer be found.',
		alternative: 'Run wipefs without -a first to list the signatures, or wipefs -a --no-act.',
		match(inv) {
			const parsed = args(inv, ['-o', '--offset', '-t', '--types', '-b', '--backup']);
			if (isHelp(parsed) || hasOption(parsed, '-n', '--no-act') || !hasOption(parsed, '-a', '--all', '-o', '--offset')) {
				return undefined;
			}
			// `wipefs -a /dev/sd*`: a glob over devices erases every disk it matches.
			const glob = parsed.positionals.find((w) => w.glob && /^\/dev\//.test(w.text));
			if (glob) {
				return { targets: [glob.text], severity: 'critical', reason: `Erases the signatures of every device matching ${glob.text}: their file systems and partitions can no longer be found.` };
			}
			return onDevice(parsed.positionals, hasOption(parsed, '-a', '--all') ? 'critical' : 'high', 'Erases signatures.');
		},
	},
	{
		id: 'disks:parted',
		severity: 'critical',
		commands: ['parted'],
		reason: 'Rewrites the partition table: a new label or a removed partition makes the data on it unreachable.',
		alternative: 'Run parted DEVICE print first and keep a copy of the table (sfdisk -d DEVICE > table.bak).',
		match(inv) {
			const parsed = args(inv, ['-a', '--align']);
			if (isHelp(parsed) || hasOption(parsed, '-l', '--list')) {
				return undefined;
			}
			const [device, ...script] = parsed.positionals;
			const verbs = script.map((w) => w.text.toLowerCase());
			if (!device) {
				return undefined;
			}
			if (verbs.some((v) => v === 'mklabel' || v === 'mktable')) {
				return { targets: [device.text], severity: 'critical' };
			}
			if (verbs.some((v) => v === 'rm' || v === 'resizepart' || v === 'rescue')) {
				return { targets: [device.text], severity: 'high', reason: 'Removes or resizes a partition: the data on it can be lost.' };
			}
			return undefined;
		},
	},
	{
		id: 'disks:fdisk',
		severity: 'high',
		commands: ['fdisk', 'sfdisk', 'gdisk', 'cfdisk', 'cgdisk'],
		reason: 'Writes a new partition table to the device; partitions that are not in it are lost.',
		alternative: 'Save the current table first: sfdisk -d DEVICE > table.bak.',
		match(inv) {
			const parsed = args(inv, ['-b', '--sector-size', '-u', '--units', '-L', '--color', '-c', '--compatibility', '-t', '--type', '-O', '--backup-file', '-o', '--output', '-X', '--label', '-Y', '--label-nested', '-w', '--wipe', '-W', '--wipe-partitions', '-N', '--partno', '--move-data']);
			const readOnly = hasOption(parsed, '-l', '--list', '-d', '--dump', '-J', '--json', '-s', '--show-size', '-g', '--show-geometry', '-V', '--verify', '-F', '--list-free', '-n', '--no-act', '--part-label', '--part-uuid', '--part-attrs', '--backup-pt-sectors');
			if (isHelp(parsed) || readOnly) {
				return undefined;
			}
			const device = parsed.positionals.find((w) => isBlockDevice(w.text)) ?? parsed.positionals[0];
			if (!device) {
				return undefined;
			}
			if (inv.name === 'sfdisk' && hasOption(parsed, '--delete')) {
				return device.text;
			}
			// The interactive editors write nothing until told to (`w`); scripted input is what an agent sends.
			const interactive = inv.name !== 'sfdisk' && inv.source.stdin === undefined && inv.stdinText === undefined;
			if (interactive) {
				return { targets: [device.text], severity: 'medium', reason: 'Opens the partition editor on the device; nothing is written until you confirm inside it.' };
			}
			const commands = (inv.stdinText ?? '').split('\n').map((l) => l.trim());
			const relabel = inv.name !== 'sfdisk' && commands.some((l) => l === 'o' || l === 'g');
			return { targets: [device.text], severity: relabel ? 'critical' : 'high' };
		},
	},
	{
		id: 'disks:sgdisk',
		severity: 'critical',
		commands: ['sgdisk'],
		reason: 'Destroys or clears the GPT and MBR partition tables on the device.',
		alternative: 'Back up the table first: sgdisk --backup=table.bak DEVICE.',
		match(inv) {
			const parsed = args(inv, ['-d', '--delete', '-R', '--replicate', '-l', '--load-backup', '-n', '--new', '-t', '--typecode', '-c', '--change-name', '-a', '--set-alignment', '-A', '--attributes', '-b', '--backup', '-u', '--partition-guid', '-U', '--disk-guid', '-i', '--info', '-r', '--transpose', '-E', '-f', '-h', '--hybrid', '-m', '--gpttombr', '-N', '--largest-new', '-s', '-T', '--transform-bsd']);
			const device = parsed.positionals.find((w) => isBlockDevice(w.text)) ?? parsed.positionals[parsed.positionals.length - 1];
			if (isHelp(parsed) || !device) {
				return undefined;
			}
			if (hasOption(parsed, '-Z', '--zap-all', '-o', '--clear')) {
				return device.text;
			}
			const replica = optionValue(parsed, '-R', '--replicate');
			if (replica) {
				return { targets: [replica], severity: 'high', reason: `Copies this disk's partition table over ${replica}'s.` };
			}
			if (hasOption(parsed, '-z', '--zap', '-d', '--delete', '-l', '--load-backup', '-m', '--gpttombr')) {
				return { targets: [device.text], severity: 'high', reason: 'Deletes partitions or replaces the partition table.' };
			}
			return undefined;
		},
	},
	{
		id: 'disks:zfs-destroy',
		severity: 'high',
		commands: ['zfs'],
		reason: 'Destroys a ZFS dataset and all its data.',
		alternative: 'Run it with -n -v first to see what would be destroyed; take a snapshot or zfs send a copy.',
		match(inv) {
			const [sub, ...rest] = inv.argv.slice(1);
			if (sub?.text !== 'destroy' && sub?.text !== 'rollback') {
				return undefined;
			}
			const parsed = parseArgs(rest);
			const dataset = parsed.positionals[0];
			if (!dataset || hasOption(parsed, '-n') || isHelp(parsed)) {
				return undefined;
			}
			const recursive = hasOption(parsed, '-r', '-R');
			if (sub.text === 'rollback') {
				return { targets: [dataset.text], severity: 'high', reason: `Rolls ${dataset.text.split('@')[0]} back, discarding every change${recursive ? ' and every later snapshot' : ''} since the snapshot.` };
			}
			if (recursive) {
				return { targets: [dataset.text], severity: 'critical', reason: `Destroys ${dataset.text} and every dataset and snapshot under it.` };
			}
			// One snapshot is routine rotation; a range (`@a%b`, `@%`) or a list (`@a,b,c`) deletes many at once.
			if (/@.*[%,]/.test(dataset.text)) {
				return { targets: [dataset.text], severity: 'high', reason: `Destroys every snapshot of ${dataset.text.split('@')[0]} in ${dataset.text.split('@')[1]}: the points it could be rolled back to are gone.` };
			}
			return dataset.text.includes('@') ? { targets: [dataset.text], severity: 'medium', reason: `Destroys the snapshot ${dataset.text}.` } : dataset.text;
		},
	},
	{
		id: 'disks:zpool',
		severity: 'critical',
		commands: ['zpool'],
		reason: 'Destroys a ZFS pool (or its labels): every dataset in it is lost.',
		alternative: 'Export the pool instead (zpool export) if you only need to detach it.',
		match(inv) {
			const [sub, ...rest] = inv.argv.slice(1);
			const parsed = parseArgs(rest, { withValue: ['-o', '-O', '-m', '-R', '-t'] });
			const first = parsed.positionals[0];
			if (!first || isHelp(parsed) || hasOption(parsed, '-n')) {
				return undefined;
			}
			switch (sub?.text) {
				case 'destroy':
					return first.text;
				case 'labelclear':
					return { targets: [first.text], severity: 'high', reason: `Clears the ZFS label on ${first.text}: the pool it belonged to can no longer be imported from it.` };
				case 'create': {
					// `zpool create [-f] POOL [raidz…] DEVICES`: the devices are overwritten.
					const device = parsed.positionals.slice(1).find((w) => isBlockDevice(w.text) || /^(?:sd|nvme|da|ada|disk)\w+$/.test(w.text));
					return device ? { targets: [device.text], severity: 'high', reason: `Creates a pool on ${device.text}, erasing what is on it.` } : undefined;
				}
				default:
					return undefined;
			}
		},
	},
	{
		id: 'disks:lvm',
		severity: 'high',
		commands: ['lvremove', 'vgremove', 'pvremove', 'lvreduce'],
		reason: 'Removes LVM volumes: the data on them is lost.',
		alternative: 'Take an LVM snapshot or a backup first; --test shows what would happen.',
		match(inv) {
			const parsed = args(inv, ['-S', '--select', '-L', '--size', '-l', '--extents', '--config', '--reportformat']);
			if (isHelp(parsed) || hasOption(parsed, '-t', '--test') || parsed.positionals.length === 0) {
				return undefined;
			}
			const targets = parsed.positionals.map((w) => w.text);
			if (inv.name === 'vgremove' || inv.name === 'pvremove') {
				return { targets, severity: 'critical', reason: inv.name === 'vgremove' ? 'Removes the volume group and every logical volume in it.' : 'Wipes the LVM label from the physical volume.' };
			}
			return inv.name === 'lvreduce' ? { targets, reason: 'Shrinks a logical volume: data past the new end is lost unless the file system was shrunk first.' } : targets;
		},
	},
	{
		id: 'disks:cryptsetup',
		severity: 'critical',
		commands: ['cryptsetup'],
		reason: 'Overwrites or erases the encryption header: the data on the device becomes unrecoverable.',
		alternative: 'Back up the header first: cryptsetup luksHeaderBackup DEVICE --header-backup-file header.img.',
		match(inv) {
			const parsed = args(inv, ['--type', '-M', '-c', '--cipher', '-s', '--key-size', '-h', '--hash', '-d', '--key-file', '-S', '--key-slot', '--pbkdf', '-i', '--iter-time', '--label', '--subsystem', '--sector-size', '--header', '--uuid', '--keyfile-size', '--keyfile-offset', '--pbkdf-memory', '--pbkdf-parallel']);
			const [action, device] = parsed.positionals;
			const verb = action?.text.toLowerCase();
			if (!device || hasOption(parsed, '--help', '--version')) {
				return undefined;
			}
			if (verb === 'luksformat' || verb === 'erase' || verb === 'lukserase' || (verb === 'reencrypt' && hasOption(parsed, '--encrypt'))) {
				return device.text;
			}
			if (verb === 'lukskillslot' || verb === 'luksremovekey') {
				return { targets: [device.text], severity: 'high', reason: 'Removes a key slot: if it is the last key, the data can never be opened again.' };
			}
			return undefined;
		},
	},
	{
		id: 'disks:discard',
		severity: 'critical',
		commands: ['blkdiscard', 'nvme', 'hdparm', 'sg_format', 'sg_sanitize', 'badblocks'],
		reason: 'Erases the whole device at the hardware level (discard, secure erase, format, write test).',
		alternative: 'Make sure the device is the one you mean (lsblk -o NAME,SIZE,MODEL,SERIAL) and that it is backed up.',
		match(inv) {
			const parsed = args(inv, ERASE_WITH_VALUE[inv.name] ?? []);
			if (isHelp(parsed)) {
				return undefined;
			}
			const device = parsed.positionals.find((w) => isBlockDevice(w.text) || /^\/dev\/(?:sg|nvme)\d+/.test(w.text));
			switch (inv.name) {
				case 'nvme': {
					const verb = inv.argv[1]?.text;
					return verb && /^(?:format|sanitize|delete-ns|detach-ns)$/.test(verb) && device ? device.text : undefined;
				}
				case 'hdparm':
					return hasOption(parsed, '--security-erase', '--security-erase-enhanced', '--trim-sector-ranges', '--trim-sector-ranges-stdin', '--fwdownload', '--make-bad-sector') && device ? device.text : undefined;
				case 'badblocks':
					// -w writes test patterns over the whole device; -n is the non-destructive mode.
					return hasOption(parsed, '-w') && device ? device.text : undefined;
				default:
					return device ? device.text : parsed.positionals[0]?.text;
			}
		},
	},
	{
		id: 'disks:raid',
		severity: 'high',
		commands: ['mdadm', 'btrfs'],
		reason: 'Wipes RAID metadata or deletes a Btrfs subvolume.',
		alternative: 'Check mdadm --examine / btrfs subvolume list first and keep a backup.',
		match(inv) {
			const words = inv.argv.slice(1);
			if (inv.name === 'btrfs') {
				const sub = words[0]?.text;
				const action = words[1]?.text;
				const paths = parseArgs(words.slice(2), { withValue: ['-i', '--subvolid'] }).positionals;
				return (sub === 'subvolume' || sub === 'sub' || sub === 'su') && (action === 'delete' || action === 'del' || action === 'de') && paths.length > 0 ? paths.map((w) => w.text) : undefined;
			}
			const parsed = parseArgs(words, { withValue: ['-l', '--level', '-n', '--raid-devices', '-x', '--spare-devices', '-c', '--chunk', '-e', '--metadata', '--name', '-N', '--bitmap', '--layout', '-p', '--homehost', '--size', '-z'] });
			const devices = parsed.positionals.filter((w) => isBlockDevice(w.text));
			if (hasOption(parsed, '--zero-superblock') && devices.length > 0) {
				return devices.map((w) => w.text);
			}
			if (hasOption(parsed, '-C', '--create') && devices.length > 1) {
				return { targets: devices.slice(1).map((w) => w.text), severity: 'critical', reason: `Builds a new array from ${devices.slice(1).map((w) => w.text).join(', ')}, overwriting what is on them.` };
			}
			return undefined;
		},
	},
	{
		id: 'disks:diskutil',
		severity: 'critical',
		commands: ['diskutil'],
		reason: 'Erases or repartitions a disk (macOS diskutil): everything on it is lost.',
		alternative: 'Run diskutil list first and check the identifier (disk2, not disk0).',
		match(inv) {
			const words = inv.argv.slice(1).filter((w) => !/^-/.test(w.text));
			const verb = words[0]?.text.toLowerCase();
			if (!verb) {
				return undefined;
			}
			const last = words[words.length - 1];
			switch (verb) {
				case 'erasedisk':
				case 'erasevolume':
				case 'zerodisk':
				case 'randomdisk':
				case 'secureerase':
				case 'reformat':
					return words.length > 1 ? last.text : undefined;
				case 'partitiondisk':
				case 'splitpartition':
				case 'mergepartitions':
					return words[1]?.text;
				case 'apfs':
				case 'cs':
				case 'corestorage':
				case 'appleraid':
				case 'ar': {
					const sub = words[1]?.text.toLowerCase();
					if (sub === 'deletecontainer' || sub === 'erasevolume' || sub === 'delete') {
						return words[2]?.text;
					}
					return sub === 'deletevolume' || sub === 'deletevolumegroup' || sub === 'deletesnapshot' ? { targets: words[2] ? [words[2].text] : [], severity: 'high', reason: `Deletes the APFS volume ${words[2]?.text ?? ''} and its data.` } : undefined;
				}
				default:
					return undefined;
			}
		},
	},
	{
		id: 'disks:windows-format',
		severity: 'critical',
		commands: ['format', 'format-volume', 'clear-disk', 'remove-partition', 'initialize-disk'],
		reason: 'Formats or clears a Windows drive: everything on it is lost.',
		alternative: 'Check the drive letter or disk number with Get-Volume / Get-Disk first.',
		match(inv) {
			const words = inv.argv.slice(1);
			if (inv.name === 'format') {
				if (words.some((w) => w.text === '/?')) {
					return undefined;
				}
				return words.find((w) => /^[A-Za-z]:\\?$/.test(w.text))?.text;
			}
			if (words.some((w) => /^-WhatIf$/i.test(w.text))) {
				return undefined;
			}
			// PowerShell: -DriveLetter D, -Number 1, -DiskNumber 1 (names are case-insensitive).
			const at = words.findIndex((w) => /^-(?:DriveLetter|Number|DiskNumber|FriendlyName|UniqueId|Path|ObjectId)$/i.test(w.text));
			const written = at >= 0 ? words[at + 1]?.text : words.find((w) => !w.text.startsWith('-'))?.text;
			if (!written) {
				return undefined;
			}
			// `-Number 2` names disk 2, as Get-Disk and diskpart call it.
			const target = /^\d+$/.test(written) ? `disk ${written}` : written;
			if (inv.name === 'remove-partition' || inv.name === 'initialize-disk') {
				return { targets: [target], severity: 'high', reason: inv.name === 'remove-partition' ? 'Deletes a partition and the data on it.' : 'Initializes a disk with a new partition table.' };
			}
			return target;
		},
	},
	{
		id: 'disks:diskpart',
		severity: 'critical',
		commands: ['diskpart'],
		reason: 'Runs a diskpart script that cleans, formats or deletes partitions.',
		alternative: 'Run `list disk` / `detail disk` first and check the selected disk number.',
		match(inv, rc) {
			const at = inv.argv.findIndex((w) => /^[/-]s$/i.test(w.text));
			const file = at >= 0 ? inv.argv[at + 1] : undefined;
			const absolute = file ? rc.resolve(file, inv) : undefined;
			const script = absolute ? rc.readFile(absolute) : inv.stdinText;
			// A script from elsewhere: the disk it selects (`select disk 1`), else what it was piped from.
			const selected = /^\s*sel(?:ect)?\s+(disk|volume|partition)\s+(\S+)/im.exec(script ?? '');
			const target = file?.text ?? (selected ? `${selected[1].toLowerCase()} ${selected[2]}` : stdinSource(inv) ?? 'diskpart script');
			if (script === undefined) {
				return at >= 0 || inv.source.stdin ? { targets: [target], severity: 'high', reason: 'Runs a diskpart script that could not be read; it may clean or format a disk.' } : undefined;
			}
			const lines = script.split(/\r?\n/).map((l) => l.trim().toLowerCase());
			if (lines.some((l) => /^(?:clean|format|convert)\b/.test(l))) {
				return target;
			}
			return lines.some((l) => /^delete\s+(?:partition|volume|disk)\b/.test(l)) ? { targets: [target], severity: 'high', reason: 'Runs a diskpart script that deletes a partition or volume.' } : undefined;
		},
	},
	...systemRules,
];

export const disksPack: RulePack = {
	name: 'disks',
	description: 'Disks, file systems and system state: dd, mkfs, wipefs, partitions, ZFS/LVM, crontab, users, recursive chmod/chown.',
	rules,
};

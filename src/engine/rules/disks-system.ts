/**
 * System state, part of the disks pack: writing to raw devices, crontab removal, deleting users,
 * recursive permission changes on system paths, firewall flushes, killing every process,
 * shutting down, fork bombs, moving system directories.
 *
 * Targets: the device or path as written; the user name; the `-u` user for `crontab -r`, else
 * `all cron jobs`; the table for `iptables -F` (`filter` when none is named). Where the command names
 * nothing, a short name for what it destroys, never the command's own name: `this machine` (or the
 * ssh host) for a shutdown, `all processes` for `kill -1`, `PID 1` for `kill 1`.
 */
import * as path from 'path';
import { hasOption, optionValue } from '../shell/argv';
import { toolArgs } from '../shell/longOptions';
import { FORK_BOMB } from '../shell/parse';
import type { Invocation, Severity, Word } from '../types';
import { placeOf } from './files';
import type { Match, Rule, RuleContext } from './rule';

/**
 * Whole disks, partitions and volumes (`/dev/sda1`, `/dev/nvme0n1p2`, `/dev/disk2s1`,
 * `/dev/mapper/x`, `/dev/vg0/data`, `\\.\PhysicalDrive0`); not terminals, null or random.
 */
const BLOCK_DEVICE = new RegExp([
	// Placeholders copied from guides (`/dev/sdX`, `/dev/diskN`) count as disks too.
	String.raw`^/dev/(?:(?:sd|hd|vd|xvd)[a-zA-Z]{1,3}\d*|nvme\d+(?:n\d+(?:p\d+)?)?|mmcblk\d+(?:p\d+)?|r?disk(?:\d+|N)(?:s\d+)*|md\d+(?:p\d+)?|md/[\w.-]+|dm-\d+|mapper/[\w.+-]+`,
	String.raw`|loop\d+(?:p\d+)?|sr\d+|mtdblock\d+|nbd\d+(?:p\d+)?|zd\d+|bcache\d+|rbd\d+|drbd\d+|ada\d+(?:p\d+)?|da\d+(?:p\d+)?|vtbd\d+|xbd\d+|disk/by-[\w-]+/[^/\s]+|zvol/[\w./-]+`,
	// `/dev/VG/LV`, but not the subsystem directories
	String.raw`|(?!(?:pts|fd|shm|net|snd|input|bus|dri|serial|mqueue|hugepages|cpu|v4l|dvb|usb|vfio|char|bsg|block|tty|hidraw|gpio|iio|video|media|dma_heap)/)[\w.-]+/[\w.+-]+)$`,
	String.raw`|^\\\\[.?]\\(?:PhysicalDrive\d+|[A-Za-z]:|Harddisk\d+Partition\d+)$`,
].join(''));

/** What `kill -1` and `killall5` end. */
const ALL_PROCESSES = 'all processes';

/** The machine a shutdown stops: the ssh host as written when it runs over ssh, else `this machine`. */
function machine(inv: Invocation): string {
	const host = inv.remote ? [...inv.via].reverse().map((v) => /^ssh (\S+)$/.exec(v)?.[1]).find(Boolean) : undefined;
	return host ?? (inv.remote ? 'the remote machine' : 'this machine');
}

/** Writing here corrupts the running kernel's memory. */
const MEMORY_DEVICE = /^\/dev\/(?:mem|kmem|port)$/;

export function isBlockDevice(text: string): boolean {
	return BLOCK_DEVICE.test(text) || MEMORY_DEVICE.test(text);
}

/** Only the outermost layer carries a line's redirects (inner layers share them). */
function ownsRedirects(inv: Invocation): boolean {
	return inv.argv === inv.source.words || (inv.name === ':' && inv.source.words.length === 0);
}

/** Directories whose recursive permission change breaks the system (sudo, ssh, package managers). */
const SYSTEM_TREES = /^\/(?:etc|bin|sbin|lib|lib32|lib64|boot|usr(?!\/local(?:\/|$))|var\/lib|System|Library|private\/etc)(?:\/|$)/;

/** Files sudo, login and sshd refuse to use with the wrong owner or a loose or empty mode. */
const CRITICAL_FILES = /^\/etc\/(?:sudoers(?:\.d(?:\/.*)?)?|passwd|shadow|group|gshadow|pam\.d(?:\/.*)?|ssh\/sshd_config)$|^\/(?:usr\/)?s?bin\/(?:sudo|su|sh|bash|login|passwd)$/;
/** A chmod mode: octal or symbolic (`755`, `u+x`, `-x`, `go-rwx,u=rw`). */
const MODE = /^(?:[0-7]{1,4}|[ugoa]*[-+=][rwxXstugo]*(?:,[ugoa]*[-+=][rwxXstugo]*)*)$/;
const BREAKING_MODE = /^(?:0+|[0-7]?[0-7][0-7]?[2367]|[ugoa]*[+=][rwxXst]*w[rwxXst]*|[ugoa]*-[rwxXst]*[rx])$/;

type PermPlace = 'root' | 'system' | 'home' | 'other';

/** Where a chmod/chown path points; absolute system paths mean the same on remote machines too. */
function permPlace(word: Word, rc: RuleContext, inv: Invocation): PermPlace {
	const text = word.text.replace(/\/\*$/, '') || '/';
	if (text === '/' || /^\/+\.?$/.test(text)) {
		return 'root';
	}
	if (/^(?:~|\$\{?HOME\}?)\/?$/.test(text)) {
		return 'home';
	}
	const absolute = text.startsWith('/') ? path.posix.normalize(text) : rc.resolve(word, inv);
	if (absolute === undefined) {
		return 'other';
	}
	if (absolute === '/') {
		return 'root';
	}
	if (!inv.remote && (absolute === rc.home || placeOf(word, rc, inv) === 'home')) {
		return 'home';
	}
	return SYSTEM_TREES.test(absolute) || placeOf({ ...word, text: absolute }, rc, { ...inv, remote: false }) === 'system' ? 'system' : 'other';
}

/** chmod MODE, chown OWNER, chattr +i: the first positional is not a path. */
function permissionPaths(inv: Invocation): { recursive: boolean; paths: Word[] } {
	// `-v VERSION` and `-p PROJECT` are chattr's; for chmod, chown and chgrp `-v` is --verbose (`chown -Rv`).
	const valued = inv.name === 'setfacl' ? ['-m', '--modify', '-M', '--modify-file', '-x', '--remove', '-X', '--remove-file', '--set', '--set-file'] : inv.name === 'chattr' ? ['-v', '-p'] : ['--from'];
	const parsed = toolArgs(inv, { withValue: valued });
	const recursive = hasOption(parsed, '-R', '--recursive') || (inv.name === 'setfacl' && hasOption(parsed, '-R'));
	let paths = parsed.positionals;
	const reference = [...parsed.options.keys()].some((k) => k.startsWith('--reference'));
	if (inv.name === 'chattr') {
		paths = paths.filter((w) => !/^[+=]/.test(w.text));
	} else if (inv.name === 'chmod' && !reference) {
		// A mode like `-x` was read as an option; only skip the first word when it is a mode.
		paths = MODE.test(paths[0]?.text ?? '') ? paths.slice(1) : paths;
	} else if ((inv.name === 'chown' || inv.name === 'chgrp') && !reference) {
		paths = paths.slice(1);
	}
	return { recursive, paths };
}

/** Options that take a value, per copy-style tool, so the destination is found. */
const COPY_WITH_VALUE: Record<string, string[]> = {
	cp: ['-t', '--target-directory', '-S', '--suffix'],
	mv: ['-t', '--target-directory', '-S', '--suffix'],
	install: ['-t', '--target-directory', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group'],
	shred: ['-n', '--iterations', '-s', '--size', '--random-source'],
	ddrescue: ['-b', '--sector-size', '-c', '--cluster-size', '-i', '--input-position', '-o', '--output-position', '-s', '--size', '-r', '--retry-passes'],
	bmaptool: ['--bmap'],
	pv: ['-L', '--rate-limit', '-s', '--size', '-N', '--name', '-i', '--interval'],
};

const POWER_VERBS = new Set(['poweroff', 'reboot', 'halt', 'kexec', 'suspend', 'hibernate', 'hybrid-sleep', 'soft-reboot']);

export const systemRules: Rule[] = [
	{
		id: 'disks:device-write',
		severity: 'critical',
		commands: ['*'],
		reason: 'Writes straight onto a disk device: its partition table and file systems are overwritten.',
		alternative: 'Check the device first (lsblk -o NAME,SIZE,MODEL,MOUNTPOINT); write to an image file instead.',
		match(inv) {
			const targets: string[] = [];
			let sysrq = false;
			if (ownsRedirects(inv)) {
				for (const r of inv.redirects) {
					if (r.target && /^(?:>|>>|>\||&>|&>>|<>)$/.test(r.op)) {
						if (isBlockDevice(r.target.text)) {
							targets.push(r.target.text);
						} else if (r.target.text === '/proc/sysrq-trigger') {
							sysrq = true;
						}
					}
				}
			}
			// Copy-style tools whose destination is a device: the last argument, every argument of tee/shred,
			// the second of ddrescue.
			const every = ['tee', 'shred', 'wipe', 'scrub'].includes(inv.name);
			const second = ['ddrescue', 'gddrescue'].includes(inv.name);
			const last = ['cp', 'mv', 'install', 'rsync', 'bmaptool', 'pv'].includes(inv.name);
			// Only these tools' arguments are read (every other command runs this rule too).
			const parsed = every || second || last ? toolArgs(inv, { withValue: COPY_WITH_VALUE[inv.name] ?? [] }) : undefined;
			if (parsed && !hasOption(parsed, '--help')) {
				const positionals = parsed.positionals;
				const destinations = every ? positionals : second ? positionals.slice(1, 2) : positionals.length > 1 ? positionals.slice(-1) : [];
				targets.push(...destinations.filter((w) => isBlockDevice(w.text)).map((w) => w.text));
			}
			if (targets.length > 0) {
				return MEMORY_DEVICE.test(targets[0]) ? { targets, reason: `Writes into ${targets[0]}, the running system's memory.` } : targets;
			}
			return sysrq ? { targets: ['sysrq-trigger'], severity: 'high', reason: 'Sends a magic SysRq command to the kernel: it can crash, reboot or power off the machine at once, without syncing disks.' } : undefined;
		},
	},
	{
		id: 'disks:crontab-remove',
		severity: 'high',
		commands: ['crontab'],
		reason: 'Deletes every scheduled job in the crontab, without asking.',
		alternative: 'Save it first: crontab -l > crontab.bak; or use crontab -ir to be asked.',
		match(inv) {
			const parsed = toolArgs(inv, { withValue: ['-u', '-s'] });
			const user = optionValue(parsed, '-u');
			const target = user ?? 'all cron jobs';
			if (hasOption(parsed, '-r')) {
				return hasOption(parsed, '-i') ? { targets: [target], severity: 'medium', reason: 'Deletes the crontab (after asking).' } : target;
			}
			if (hasOption(parsed, '-l', '-e', '-T', '-V', '-n', '-c')) {
				return undefined;
			}
			// `crontab FILE` / `… | crontab -` replaces every job with the new content.
			const file = parsed.positionals[0]?.text ?? (inv.source.stdin || inv.redirects.some((r) => r.op === '<') ? '-' : undefined);
			if (file === undefined) {
				return undefined;
			}
			const empty = file === '/dev/null' || inv.redirects.some((r) => r.op === '<' && r.target?.text === '/dev/null') || (file === '-' && inv.stdinText !== undefined && inv.stdinText.trim() === '');
			return empty ? target : { targets: [target], severity: 'medium', reason: 'Replaces every job in the crontab with the new file.' };
		},
	},
	{
		id: 'disks:user-delete',
		severity: 'high',
		commands: ['userdel', 'deluser', 'sysadminctl', 'dscl', 'remove-localuser', 'net'],
		reason: "Deletes a user account and its home directory with everything in it.",
		alternative: 'Lock the account instead (usermod -L NAME) and archive the home directory first.',
		match(inv) {
			const words = inv.argv.slice(1);
			const parsed = toolArgs(inv, { withValue: ['-R', '--root', '-P', '--prefix', '-Z', '--selinux-user', '--conf', '--backup-to', '--exclude'] });
			const user = parsed.positionals[0]?.text;
			switch (inv.name) {
				case 'userdel':
					if (!user || hasOption(parsed, '-h', '--help')) {
						return undefined;
					}
					return hasOption(parsed, '-r', '--remove') ? user : { targets: [user], severity: 'medium', reason: `Deletes the user account ${user} (the home directory is kept).` };
				case 'deluser':
					if (!user || parsed.positionals.length > 1 || hasOption(parsed, '-h', '--help', '--group')) {
						return undefined;
					}
					if (hasOption(parsed, '--remove-all-files')) {
						return { targets: [user], severity: 'critical', reason: `Deletes ${user} and every file they own anywhere on the system.` };
					}
					return hasOption(parsed, '--remove-home') ? user : { targets: [user], severity: 'medium', reason: `Deletes the user account ${user} (the home directory is kept).` };
				case 'sysadminctl': {
					const at = words.findIndex((w) => w.text === '-deleteUser');
					return at >= 0 && words[at + 1] ? (words.some((w) => w.text === '-keepHome') ? { targets: [words[at + 1].text], severity: 'medium' } : words[at + 1].text) : undefined;
				}
				case 'dscl': {
					const at = words.findIndex((w) => /^-delete$/i.test(w.text));
					const record = words[at + 1]?.text;
					return at >= 0 && record && /^\/Users\/[^/]+$/.test(record) ? record.slice(7) : undefined;
				}
				case 'net':
					// Windows: net user NAME /delete
					return words[0]?.text.toLowerCase() === 'user' && words.some((w) => /^\/del(?:ete)?$/i.test(w.text)) && words[1] ? words[1].text : undefined;
				default: {
					const at = words.findIndex((w) => /^-Name$/i.test(w.text));
					const name = at >= 0 ? words[at + 1]?.text : words.find((w) => !w.text.startsWith('-'))?.text;
					return name ? { targets: [name], severity: 'medium' } : undefined;
				}
			}
		},
	},
	{
		id: 'disks:system-permissions',
		severity: 'critical',
		commands: ['chmod', 'chown', 'chgrp', 'chattr', 'setfacl'],
		reason: 'Changes owner or permissions of every file under a system directory: sudo, ssh and services stop working.',
		alternative: 'Change only the files that need it, inside the project.',
		match(inv, rc) {
			const { recursive, paths } = permissionPaths(inv);
			if (inv.argv.some((w) => w.text === '--help' || w.text === '--version')) {
				return undefined;
			}
			let best: { severity: Severity; reason: string; deny?: boolean } | undefined;
			const targets: string[] = [];
			const rank = (s: Severity) => ['none', 'low', 'medium', 'high', 'critical'].indexOf(s);
			const raise = (severity: Severity, reason: string, deny = false) => {
				if (!best || rank(severity) > rank(best.severity) || (deny && !best.deny)) {
					best = { severity, reason, deny };
				}
			};
			for (const word of paths) {
				const place = permPlace(word, rc, inv);
				if (!recursive) {
					// One file: only the few whose mode or owner keeps the system usable (sudo, login).
					const mode = inv.argv.slice(1).find((w) => MODE.test(w.text))?.text ?? '';
					if (CRITICAL_FILES.test(word.text) && (inv.name !== 'chmod' || BREAKING_MODE.test(mode))) {
						raise('high', `Changes ${word.text}: with the wrong mode or owner, sudo or logins stop working.`);
						targets.push(word.text);
					}
					continue;
				}
				if (place === 'root') {
					raise('critical', `Changes every file on the machine (${word.text}) — this cannot be confirmed here.`, true);
					targets.push(word.text);
				} else if (place === 'system') {
					raise('critical', `Changes owner or permissions of everything under ${word.text}, a system directory.`);
					targets.push(word.text);
				} else if (place === 'home') {
					raise('high', `Changes owner or permissions of everything in your home directory (${word.text}), including ~/.ssh.`);
					targets.push(word.text);
				}
			}
			if (!best) {
				return undefined;
			}
			const found: { severity: Severity; reason: string; deny?: boolean } = best;
			return { targets, severity: found.severity, reason: found.reason, decision: found.deny ? 'deny' : undefined };
		},
	},
	{
		id: 'disks:firewall-flush',
		severity: 'medium',
		commands: ['iptables', 'ip6tables', 'iptables-nft', 'iptables-legacy', 'nft', 'ufw'],
		reason: 'Removes firewall rules: the machine is exposed, or you are locked out if the policy is DROP.',
		alternative: 'Save the rules first (iptables-save > rules.bak) and schedule a restore in case you lose access.',
		match(inv) {
			const words = inv.argv.slice(1).map((w) => w.text);
			if (inv.name === 'nft') {
				return (words[0] === 'flush' && words[1] === 'ruleset') || (words[0] === 'delete' && words[1] === 'table') ? (words[2] ?? 'ruleset') : undefined;
			}
			if (inv.name === 'ufw') {
				return words.includes('reset') || words.includes('disable') ? (words.includes('reset') ? 'reset' : 'disable') : undefined;
			}
			const parsed = toolArgs(inv, { withValue: ['-t', '--table', '-P', '--policy'] });
			const flush = hasOption(parsed, '-F', '--flush', '-X', '--delete-chain');
			const policy = optionValue(parsed, '-P', '--policy');
			if (!flush && !(policy && parsed.positionals.some((w) => /^DROP$/i.test(w.text)))) {
				return undefined;
			}
			// Without -t, iptables works on its `filter` table.
			return policy || parsed.positionals[0]?.text || optionValue(parsed, '-t', '--table') || 'filter';
		},
	},
	{
		id: 'disks:kill-all',
		severity: 'high',
		commands: ['kill', 'killall', 'killall5', 'pkill', 'stop-process', 'taskkill'],
		reason: 'Kills every process you can signal: your session, editors, databases and services die without saving.',
		alternative: 'Kill the one process by its PID (pgrep -a NAME to find it).',
		match(inv) {
			const words = inv.argv.slice(1).map((w) => w.text);
			if (inv.name === 'killall5') {
				return ALL_PROCESSES;
			}
			if (inv.name === 'kill') {
				// The first word may be a signal (`-9`, `-KILL`, `-s KILL`); after it, `-1` is a PID.
				let i = 0;
				if (words[i] === '-s' || words[i] === '-n') {
					i += 2;
				} else if (words[i] && /^-(?:\d+|[A-Z][A-Z0-9+-]*|SIG\w+)$/.test(words[i]) && words.length > 1) {
					i++;
				}
				if (words[i] === '--') {
					i++;
				}
				const pids = words.slice(i);
				const all = pids.find((p) => p === '-1' || p === '1');
				return all ? { targets: [all === '-1' ? ALL_PROCESSES : 'PID 1'], reason: all === '-1' ? 'Sends the signal to every process you are allowed to signal (-1).' : 'Signals PID 1 (init): the whole system goes down.' } : undefined;
			}
			if (words.some((w) => /^--?(?:help|version|l|list|V)$/.test(w))) {
				return undefined;
			}
			if (inv.name === 'taskkill' || inv.name === 'stop-process') {
				// taskkill /F /IM node.exe, Stop-Process -Name node
				const at = words.findIndex((w) => /^(?:[/-]IM|-Name|-ProcessName)$/i.test(w));
				return at >= 0 && words[at + 1] ? { targets: [words[at + 1]], severity: 'medium', reason: `Kills every process named ${words[at + 1]}.` } : undefined;
			}
			// killall/pkill by name: routine, unless it names no process but a user.
			const parsed = toolArgs(inv, { withValue: ['-u', '--user', '-U', '--uid', '-s', '--signal', '-g', '--pgroup', '-G', '--group', '-P', '--parent', '-t', '--terminal', '-F', '--pidfile', '--ns', '--nslist', '-o', '--older-than', '-y', '--younger-than', '-n'] });
			const user = optionValue(parsed, '-u', '--user', '-U', '--uid');
			const target = parsed.positionals[0]?.text ?? user;
			if (!target) {
				return undefined;
			}
			return user !== undefined && parsed.positionals.length === 0 ? { targets: [user], reason: `Kills every process of the user ${user}.` } : { targets: [target], severity: 'medium', reason: `Kills every process named ${target}.` };
		},
	},
	{
		id: 'disks:power',
		severity: 'medium',
		commands: ['shutdown', 'reboot', 'halt', 'poweroff', 'init', 'telinit', 'systemctl', 'stop-computer', 'restart-computer'],
		reason: 'Shuts down or restarts the machine: every running process and session stops.',
		alternative: 'Schedule it (shutdown -r +10) so it can be cancelled with shutdown -c.',
		match(inv) {
			const words = inv.argv.slice(1).map((w) => w.text);
			// `shutdown -c` cancels and `-k` only warns; `shutdown /a` aborts on Windows. (`-h` is halt, not help.)
			if (words.some((w) => /^(?:--help|--version|-c|-k|\/a|\/\?)$/i.test(w))) {
				return undefined;
			}
			switch (inv.name) {
				case 'init':
				case 'telinit':
					return words[0] === '0' || words[0] === '6' ? machine(inv) : undefined;
				case 'systemctl': {
					const verb = words.find((w) => !w.startsWith('-'));
					return verb && POWER_VERBS.has(verb) ? machine(inv) : undefined;
				}
				default:
					return machine(inv);
			}
		},
	},
	{
		id: 'disks:fork-bomb',
		severity: 'critical',
		commands: [FORK_BOMB],
		reason: 'A fork bomb: the function starts copies of itself until the machine stops responding.',
		match(inv) {
			return { targets: [machine(inv)], decision: 'deny', reason: `A fork bomb: ${inv.argv[1]?.text ?? 'the code'} starts copies of itself until the machine stops responding — this cannot be confirmed here.` };
		},
	},
	{
		id: 'disks:move-system',
		severity: 'critical',
		commands: ['mv'],
		reason: 'Moves a system directory or your home directory away: the system or your account stops working.',
		match(inv, rc) {
			const parsed = toolArgs(inv, { withValue: ['-t', '--target-directory', '-S', '--suffix'] });
			const sources = optionValue(parsed, '-t', '--target-directory') !== undefined ? parsed.positionals : parsed.positionals.slice(0, -1);
			const hits = sources.filter((w) => {
				const place = placeOf(w, rc, inv);
				return place === 'root' || place === 'home' || (place === 'system' && w.text !== '/tmp');
			});
			if (hits.length === 0) {
				return undefined;
			}
			const root = hits.some((w) => placeOf(w, rc, inv) === 'root');
			return { targets: hits.map((w) => w.text), decision: root ? 'deny' : undefined } satisfies Match;
		},
	},
	{
		id: 'disks:wsl-unregister',
		severity: 'high',
		commands: ['wsl', 'wslconfig'],
		reason: 'Unregisters a WSL distribution: its whole file system is deleted.',
		alternative: 'Export it first: wsl --export NAME backup.tar.',
		match(inv) {
			const at = inv.argv.findIndex((w) => /^(?:--unregister|\/unregister|\/u)$/i.test(w.text));
			return at >= 0 ? inv.argv[at + 1]?.text : undefined;
		},
	},
];

/**
 * Operating-system housekeeping that destroys records or what could still be recovered: vacuuming
 * the systemd journal, emptying the trash, clearing the shell's history, deleting local backup
 * snapshots (Timeshift, Snapper, Time Machine). Disks, ZFS, LVM and encryption headers belong to
 * the disks pack, deleting files to the files pack.
 *
 * The target is what is lost, as a path when the command names none: `/var/log/journal`,
 * `~/.local/share/Trash`.
 */
import { tableRule, type Tool } from './cli-table';
import type { MatchResult, Rule, RulePack } from './rule';
import { readCli, type Cli } from './subcommands';

/** `1s`, `2h`, `1d`, `3weeks`, `1M`, `6months` → seconds (journalctl's time spans); undefined when unreadable. */
function seconds(span: string): number | undefined {
	const m = /^(\d+(?:\.\d+)?)\s*(us|usec|ms|msec|s|sec|second|seconds|m|min|minute|minutes|h|hr|hour|hours|d|day|days|w|week|weeks|M|month|months|y|year|years)?$/.exec(span.trim());
	if (!m) {
		return undefined;
	}
	const unit = m[2] ?? 's';
	const per: Record<string, number> = { us: 1e-6, usec: 1e-6, ms: 1e-3, msec: 1e-3, s: 1, sec: 1, second: 1, seconds: 1, m: 60, min: 60, minute: 60, minutes: 60, h: 3600, hr: 3600, hour: 3600, hours: 3600,
		d: 86400, day: 86400, days: 86400, w: 604800, week: 604800, weeks: 604800, M: 2629800, month: 2629800, months: 2629800, y: 31557600, year: 31557600, years: 31557600 };
	return Number(m[1]) * per[unit];
}

/** `500M`, `1G`, `10K` → bytes. */
function bytes(size: string): number | undefined {
	const m = /^(\d+(?:\.\d+)?)\s*([KMGTPE]?)i?B?$/i.exec(size.trim());
	return m ? Number(m[1]) * 1024 ** ' KMGTPE'.indexOf((m[2] || ' ').toUpperCase()) : undefined;
}

const journal: Rule = {
	id: 'os:journal-vacuum',
	severity: 'medium',
	commands: ['journalctl'],
	reason: 'Deletes archived systemd journal files: the logs in them are gone.',
	alternative: 'Export what you need first (journalctl --since … > logs.txt), and keep a few days (--vacuum-time=7d).',
	match(inv): MatchResult {
		const cli = readCli(inv.argv.slice(1), { withValue: ['-D', '--directory', '--file', '-M', '--machine', '-u', '--unit', '--since', '--until', '-p', '--priority', '-n', '--lines', '-o', '--output', '--root', '--image', '-b', '--boot'], flags: ['--rotate', '--flush', '--sync', '--no-pager', '-f', '--follow', '-x', '-e', '-k', '-q', '--quiet', '--user', '--system', '-r', '--reverse'] });
		const time = cli.value('--vacuum-time');
		const size = cli.value('--vacuum-size');
		const files = cli.value('--vacuum-files');
		if (time === undefined && size === undefined && files === undefined || cli.has('-h', '--help')) {
			return undefined;
		}
		// Keeping less than a day, 10 MB or one file is emptying the journal.
		const t = time !== undefined ? seconds(time) : undefined;
		const b = size !== undefined ? bytes(size) : undefined;
		const f = files !== undefined ? Number(files) : undefined;
		const all = t !== undefined && t < 86400 || b !== undefined && b < 10 * 1024 * 1024 || f !== undefined && f <= 1
			|| time !== undefined && t === undefined || size !== undefined && b === undefined;
		const where = cli.value('-D', '--directory', '--root') ?? '/var/log/journal';
		return {
			targets: [where],
			severity: all ? 'high' : 'medium',
			reason: all ? `Deletes nearly every archived journal file in ${where}: the system's past logs are gone.` : `Deletes the archived journal files in ${where} beyond the limit.`,
		};
	},
};

const TRASH = '~/.local/share/Trash';

const trash: Tool = {
	id: 'os:trash-empty', commands: ['trash-empty', 'trash-rm', 'gio', 'trash'], severity: 'high',
	reason: 'Permanently deletes files from the trash: it was the way to get them back.',
	alternative: 'List the trash first (trash-list) and restore what you need (trash-restore).',
	spec: { withValue: ['--trash-dir'], flags: ['-f', '--force', '-i', '--interactive', '--dry-run', '--all-users', '--empty', '-v', '--verbose', '--list', '--restore'] },
	inspects: (cli) => cli.has('--dry-run', '--list', '--restore'),
	read: (inv) => {
		const cli = readCli(inv.argv.slice(1), { withValue: ['--trash-dir'], flags: ['-f', '--force', '-i', '--interactive', '--dry-run', '--all-users', '--empty', '-v', '--verbose', '--list', '--restore', '-e'] });
		// `gio trash --empty` and trash-cli's `trash --empty` (also `trash -e` of macOS's trash tools).
		if (inv.name === 'gio' && (cli.path[0] !== 'trash' || !cli.has('--empty'))) {
			return undefined;
		}
		if (inv.name === 'trash' && !cli.has('--empty', '-e')) {
			return undefined;
		}
		return cli;
	},
	ops: [
		{ path: '', what: 'the trash', linked: 'the trash',
			severity: (c: Cli, r, inv) => {
				if (inv.name === 'trash-rm') {
					return r.length > 0 ? 'high' : undefined;
				}
				// `trash-empty 30` only removes what was trashed more than 30 days ago.
				const days = inv.name === 'trash-empty' ? r.find((x) => /^\d+$/.test(x)) : undefined;
				return days !== undefined && Number(days) > 0 ? 'medium' : 'high';
			},
			verb: 'permanently deletes from the trash',
			targets: (c, r, inv) => (inv.name === 'trash-rm' ? [r] : [c.value('--trash-dir'), c.has('--all-users') ? 'all trash directories' : TRASH]) },
	],
};

/** `history -c` (bash) and `history clear` (fish) forget every command the shell remembers. */
const history: Rule = {
	id: 'os:history-clear',
	severity: 'high',
	commands: ['history'],
	reason: 'Clears the shell history: the record of what was run (by a person or an agent) is gone.',
	alternative: 'Delete single entries instead (history -d N), or copy ~/.bash_history first.',
	match(inv): MatchResult {
		const words = inv.argv.slice(1).map((w) => w.text);
		const bashClear = words.some((w) => /^-[a-z]*c[a-z]*$/.test(w) && !w.startsWith('--'));
		const fishClear = words[0] === 'clear' || words[0] === 'clear-session';
		return bashClear || fishClear ? { targets: ['shell history'] } : undefined;
	},
};

// ---- local snapshots ---------------------------------------------------------------------------

const snapshots: Tool = {
	id: 'os:local-snapshots', commands: ['timeshift', 'snapper', 'tmutil'], severity: 'high',
	reason: 'Deletes system restore snapshots (Timeshift, Snapper, Time Machine).',
	alternative: 'List them first (timeshift --list / snapper list / tmutil listbackups) and keep the newest good one.',
	spec: { withValue: ['--snapshot', '--snapshot-device', '-c', '--config', '-d', '--target', '--comments'], flags: ['--delete', '--delete-all', '--yes', '--scripted', '--sync', '--list', '--check', '--create', '--restore', '-p', '-t'] },
	read: (inv, spec) => {
		const cli = readCli(inv.argv.slice(1), spec);
		// Timeshift takes its action as an option: `timeshift --delete --snapshot NAME`.
		if (inv.name === 'timeshift' && !cli.has('--delete', '--delete-all')) {
			return undefined;
		}
		return cli;
	},
	ops: [
		// `snapper delete 12`, `snapper -c home delete 5-40`: a range deletes many.
		{ path: 'delete|remove|rm', severity: (_c, r, inv) => (inv.name === 'snapper' ? (r.some((x) => /\d-\d/.test(x)) || r.length > 1 ? 'high' : 'medium') : inv.name === 'tmutil' ? 'high' : undefined),
			what: 'the snapshots', targets: (c, r, inv) => [c.value('-d'), r.map((x) => (inv.name === 'snapper' && /^\d+$/.test(x) ? `snapshot ${x}` : x))] },
		{ path: 'deletelocalsnapshots', severity: 'medium', what: 'the local Time Machine snapshots of', targets: (_c, r) => [r, 'local snapshots'] },
		{ path: '', what: 'the snapshots', linked: 'every snapshot',
			severity: (c, _r, inv) => (inv.name !== 'timeshift' ? undefined : c.has('--delete-all') ? 'critical' : 'high'),
			targets: (c) => [c.value('--snapshot'), c.has('--delete-all') ? 'all snapshots' : 'snapshot'] },
	],
};

const tools: Tool[] = [trash, snapshots];

export const osPack: RulePack = {
	name: 'os',
	description: 'Operating-system housekeeping that destroys records or recoverable data: journal vacuum, emptying the trash, clearing shell history, deleting restore snapshots.',
	rules: [journal, history, ...tools.map((t) => tableRule({ ...t, hints: t.hints ?? [] }))],
};

/**
 * Which database prompt reads the keys: the tty's foreground process group, read from /proc (Linux),
 * and the argv its processes were started with. A client may run under wrappers that pass the keys
 * on (`docker exec -it db psql`, `kubectl exec -it pod -- psql`, `sudo -u postgres psql`): the
 * foreground process is then the wrapper, and its argv names the client.
 */
import * as fs from 'node:fs';
import { REPL_CLIENTS, type ReplInvocation } from '../../engine/replStatement';

/** Programs that run the rest of their argv with the same terminal. */
const WRAPPERS = new Set(['docker', 'podman', 'nerdctl', 'docker-compose', 'kubectl', 'oc', 'sudo', 'doas', 'runuser', 'env', 'nice', 'ionice', 'time', 'stdbuf', 'chrt', 'taskset', 'setsid', 'flock', 'timeout', 'rlwrap']);

const INTERPRETERS = /^(?:python[\d.]*|node(?:js)?|perl|ruby)$/;

function base(word: string): string {
	return word.slice(word.lastIndexOf('/') + 1);
}

/**
 * The database client an argv runs interactively, or undefined.
 * `['docker','exec','-it','db','psql','-U','app']` → psql at index 4.
 */
export function replClientOf(argv: readonly string[]): ReplInvocation | undefined {
	if (argv.length === 0) {
		return undefined;
	}
	const first = base(argv[0]);
	if (INTERPRETERS.test(first) && argv.length > 1 && REPL_CLIENTS[base(argv[1])]) {
		// A client that is a script (`#!/usr/bin/env python3`): the kernel runs `python3 /usr/bin/client …`.
		return { kind: REPL_CLIENTS[base(argv[1])], argv: [base(argv[1]), ...argv.slice(2)], clientAt: 0 };
	}
	const direct = REPL_CLIENTS[first];
	if (direct) {
		return { kind: direct, argv: [first, ...argv.slice(1)], clientAt: 0 };
	}
	if (!WRAPPERS.has(first)) {
		return undefined;
	}
	// The first word after the wrapper's own that names a client. An option value that happens to be
	// a client's name (`docker exec -w psql c bash`) would be taken for it: bash's lines would then be
	// judged as that client's statements, which only ever asks more.
	for (let i = 1; i < argv.length; i++) {
		const kind = REPL_CLIENTS[base(argv[i])];
		if (kind && !argv[i].startsWith('-')) {
			return { kind, argv: [...argv.slice(0, i), base(argv[i]), ...argv.slice(i + 1)], clientAt: i };
		}
	}
	return undefined;
}

export interface ForegroundClient {
	readonly client: ReplInvocation;
	readonly pid: number;
	/** The client's working directory (relative script names are read from there). */
	readonly cwd: string | undefined;
}

/**
 * The database client in front of the shell `shellPid`, if one is (Linux only: elsewhere undefined).
 * The group leader is looked at first, then every process of the group (`cat x | psql` leads with cat).
 */
export function foregroundClient(shellPid: number): ForegroundClient | undefined {
	const group = foregroundGroup(shellPid);
	if (group === undefined || group === shellPid) {
		return undefined;
	}
	const candidates = [group, ...groupMembers(group).filter((pid) => pid !== group)];
	for (const pid of candidates) {
		const argv = cmdline(pid);
		const client = argv && replClientOf(argv);
		if (client) {
			let cwd: string | undefined;
			try {
				cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
			} catch {
				cwd = undefined;
			}
			return { client, pid, cwd };
		}
	}
	return undefined;
}

function cmdline(pid: number): string[] | undefined {
	try {
		return argvOf(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * `/proc/<pid>/cmdline` as words. A program that sets its own title (mongosh sets `process.title`) writes
 * the title over its arguments and pads with NULs: `mongosh ␀␀␀…` — then the title's words are the argv.
 */
export function argvOf(raw: string): string[] {
	const words = raw.replace(/\0+$/, '').split('\0');
	// An ordinary argv ends in one NUL; a title written over it leaves the rest of the old arguments' room as NULs.
	if (words.length === 1 && /\0\0$/.test(raw)) {
		return words[0].trim().split(/\s+/);
	}
	return words;
}

function statFields(pid: number): string[] | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The name (2nd field) is in parentheses and may hold spaces: fields after it start at state.
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	} catch {
		return undefined;
	}
}

/** The tty's foreground process group (`tpgid`). */
function foregroundGroup(pid: number): number | undefined {
	const group = Number(statFields(pid)?.[5]);
	return Number.isInteger(group) && group > 0 ? group : undefined;
}

function groupMembers(group: number): number[] {
	let names: string[];
	try {
		names = fs.readdirSync('/proc');
	} catch {
		return [];
	}
	return names.filter((n) => /^\d+$/.test(n)).map(Number).filter((pid) => Number(statFields(pid)?.[2]) === group);
}

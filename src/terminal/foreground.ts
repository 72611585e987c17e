/**
 * Who reads the keys now: the shell (or another shell), or a program it started, such as vim. The
 * fallback lets a full-screen program have Enter unjudged only while such a program, not a shell,
 * is the tty's foreground process: an alternate screen left on by a crashed program, or turned on
 * with printf, must not blind it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IPty } from 'node-pty';
import { detectShellKind } from './shellLaunch';

export type Foreground = 'shell' | 'program' | 'unknown';

/**
 * Linux: the shell is in front when the tty's foreground process group (`tpgid` in
 * /proc/<pid>/stat) is the shell's own (node-pty makes it a session and group leader). Otherwise,
 * and on macOS, the foreground process's name from node-pty decides: a shell's name counts as the
 * shell (a nested shell runs what it is given). Windows: ConPTY has no foreground process, and
 * node-pty names the shell whatever runs, so it is unknown.
 */
export function foregroundOf(proc: Pick<IPty, 'pid' | 'process'>, shellPath: string, platform: NodeJS.Platform = process.platform): Foreground {
	if (platform === 'win32') {
		return 'unknown';
	}
	if (platform === 'linux' && foregroundGroup(proc.pid) === proc.pid) {
		return 'shell';
	}
	let name: string;
	try {
		name = proc.process;
	} catch {
		return 'unknown';
	}
	if (!name) {
		return 'unknown';
	}
	const base = (p: string): string => path.basename(p.replace(/\\/g, '/')).replace(/^-/, '');
	return detectShellKind(name) !== 'other' || base(name) === base(shellPath) ? 'shell' : 'program';
}

/** The tty's foreground process group, as /proc/<pid>/stat reports it; undefined without /proc. */
export function foregroundGroup(pid: number): number | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The name (2nd field) is in parentheses and may hold spaces; tpgid is the 8th field.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const group = Number(fields[5]);
		return Number.isInteger(group) && group > 0 ? group : undefined;
	} catch {
		return undefined;
	}
}

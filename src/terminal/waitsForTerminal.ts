/**
 * Whether the program in front of the shell is waiting for the terminal's input right now (Linux).
 *
 * Why: the fallback lets Enter go unjudged to a full-screen program in front (vim, less) — it reads the
 * keys itself. But a program that does not read the terminal (`printf '\e[?1049h'; sleep 9`) leaves a
 * line typed meanwhile in the terminal's input queue, and the shell runs it when the program exits,
 * never judged. So Enter goes unjudged only while a process of the foreground group is blocked in a
 * read of the terminal, or in a poll, select or epoll wait that includes it for reading.
 *
 * How, from /proc (the processes are the shell's children, this user's; nothing is attached to them):
 * `/proc/<pid>/syscall` names the system call a process is blocked in and its arguments; the file
 * descriptors are resolved through `/proc/<pid>/fd`; a poll's or select's descriptor set is read from
 * `/proc/<pid>/mem`, an epoll's from `/proc/<pid>/fdinfo/<epfd>`. Anything that cannot be read or
 * recognised (another architecture, a process that is running, not blocked) is "not waiting": the
 * Enter is then judged as at the shell's prompt, which costs a look at the screen, never a line run unasked.
 */
import * as fs from 'node:fs';

/** System call numbers, by Node's process.arch. */
interface SyscallNumbers {
	/** `read(fd, …)`, `readv(fd, …)`, `pread64(fd, …)`, `preadv(fd, …)`: the descriptor is the first argument. */
	readonly read: readonly number[];
	/** `poll(fds, nfds, …)`, `ppoll(fds, nfds, …)`. */
	readonly poll: readonly number[];
	/** `select(nfds, readfds, …)`, `pselect6(nfds, readfds, …)`. */
	readonly select: readonly number[];
	/** `epoll_wait(epfd, …)`, `epoll_pwait(epfd, …)`, `epoll_pwait2(epfd, …)`. */
	readonly epoll: readonly number[];
}

const SYSCALLS: Readonly<Record<string, SyscallNumbers>> = {
	x64: { read: [0, 19, 17, 295], poll: [7, 271], select: [23, 270], epoll: [232, 281, 441] },
	arm64: { read: [63, 65, 67, 69], poll: [73], select: [72], epoll: [22, 441] },
};

const POLLIN = 0x1;
const EPOLLIN = 0x1;
/** A poll of more descriptors than this is not read (nobody waits on the terminal among thousands). */
const MAX_DESCRIPTORS = 1024;

/** The terminal a process's descriptor is, or undefined. */
function descriptorPath(pid: number, fd: number): string | undefined {
	try {
		return fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
	} catch {
		return undefined;
	}
}

function readMemory(pid: number, address: bigint, length: number): Buffer | undefined {
	if (address === 0n || length <= 0) {
		return undefined;
	}
	let fd: number | undefined;
	try {
		fd = fs.openSync(`/proc/${pid}/mem`, 'r');
		const buffer = Buffer.alloc(length);
		// A bigint position: addresses above 2^53 are common on 64-bit systems.
		const n = fs.readSync(fd, buffer, 0, length, address);
		return n === length ? buffer : undefined;
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) {
			fs.closeSync(fd);
		}
	}
}

/** Whether the process `pid` is blocked waiting to read `tty` (see the top of this file). */
export function processWaitsFor(pid: number, tty: string, arch: string = process.arch): boolean {
	const numbers = SYSCALLS[arch];
	if (!numbers) {
		return false;
	}
	let text: string;
	try {
		text = fs.readFileSync(`/proc/${pid}/syscall`, 'utf8').trim();
	} catch {
		return false;
	}
	const fields = text.split(' ');
	const nr = Number(fields[0]);
	// "running", or -1 (not in a system call): not waiting.
	if (!Number.isInteger(nr) || nr < 0 || fields.length < 3) {
		return false;
	}
	let args: bigint[];
	try {
		args = fields.slice(1).map((a) => BigInt(a));
	} catch {
		return false;
	}
	const isTty = (fd: number): boolean => descriptorPath(pid, fd) === tty;
	if (numbers.read.includes(nr)) {
		return isTty(Number(args[0]));
	}
	if (numbers.poll.includes(nr)) {
		const count = Number(args[1]);
		const memory = count > 0 && count <= MAX_DESCRIPTORS ? readMemory(pid, args[0], count * 8) : undefined;
		for (let i = 0; memory && i < count; i++) {
			// struct pollfd { int fd; short events; short revents; }
			if ((memory.readInt16LE(i * 8 + 4) & POLLIN) !== 0 && isTty(memory.readInt32LE(i * 8))) {
				return true;
			}
		}
		return false;
	}
	if (numbers.select.includes(nr)) {
		const count = Number(args[0]);
		const memory = count > 0 && count <= MAX_DESCRIPTORS ? readMemory(pid, args[1], Math.ceil(count / 8)) : undefined;
		for (let fd = 0; memory && fd < count; fd++) {
			if ((memory[fd >> 3] & (1 << (fd & 7))) !== 0 && isTty(fd)) {
				return true;
			}
		}
		return false;
	}
	if (numbers.epoll.includes(nr)) {
		let info: string;
		try {
			info = fs.readFileSync(`/proc/${pid}/fdinfo/${Number(args[0])}`, 'utf8');
		} catch {
			return false;
		}
		for (const match of info.matchAll(/^tfd:\s*(\d+)\s+events:\s*([0-9a-f]+)/gm)) {
			if ((parseInt(match[2], 16) & EPOLLIN) !== 0 && isTty(Number(match[1]))) {
				return true;
			}
		}
		return false;
	}
	return false;
}

/** The process group `pid` belongs to, from /proc/<pid>/stat (5th field); undefined when it is gone. */
function groupOf(pid: number): number | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
		return Number.isInteger(group) ? group : undefined;
	} catch {
		return undefined;
	}
}

function childrenOf(pid: number): number[] {
	try {
		return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

/**
 * The process of the foreground group `group` (led by the process of that id, as a shell with job control
 * starts each job; its children in the same group too: `man` runs `less`, `git log` its pager) that waits
 * to read `tty` now, if one does.
 */
export function foregroundReader(group: number, tty: string, arch: string = process.arch): number | undefined {
	const queue = [group];
	for (let seen = 0; queue.length > 0 && seen < 64; seen++) {
		const pid = queue.shift() as number;
		if (groupOf(pid) !== group) {
			continue;
		}
		if (processWaitsFor(pid, tty, arch)) {
			return pid;
		}
		queue.push(...childrenOf(pid));
	}
	return undefined;
}

/** Whether a process of the foreground group `group` waits to read `tty` now (foregroundReader). */
export function foregroundWaitsFor(group: number, tty: string, arch: string = process.arch): boolean {
	return foregroundReader(group, tty, arch) !== undefined;
}

/**
 * How many bytes the process has read so far, from any file (`rchar` in /proc/<pid>/io), or undefined.
 * A reader whose count has not moved since the last Enter went to it has not read that Enter yet.
 */
export function bytesRead(pid: number): bigint | undefined {
	try {
		const match = /^rchar:\s*(\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'));
		return match ? BigInt(match[1]) : undefined;
	} catch {
		return undefined;
	}
}

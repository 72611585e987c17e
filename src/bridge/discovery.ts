/**
 * How a hook finds the editor without any environment variable from it: every editor window that
 * runs the bridge writes one small file into a per-user directory only that user can read
 * (`~/.terminal-guard/run`, mode 0700; each file 0600) with its pid, socket, secret and workspace
 * folders. Clients ignore files of dead processes and files that are not the user's own or that
 * others could read or write, then pick the window whose folder holds the command's cwd.
 */
import type * as Crypto from 'crypto';
import * as fs from 'fs';
import type * as Os from 'os';
import * as path from 'path';
import { depthInside } from '../engine/places';

export interface WindowRecord {
	readonly v: number;
	readonly pid: number;
	/** Unix socket path, or a Windows named pipe (`\\.\pipe\…`). */
	readonly socket: string;
	readonly secret: string;
	/** Absolute paths of the window's workspace folders (file scheme only). */
	readonly folders: readonly string[];
	/** ISO time the window's bridge started (or its folders last changed): the tie-breaker. */
	readonly updated: string;
}

export interface FoundWindow {
	readonly file: string;
	readonly record: WindowRecord;
}

export interface RejectedFile {
	readonly file: string;
	readonly reason: string;
}

/** Node's crypto, loaded when a secret or file name is made (the editor's side): a hook only reads records. */
function crypto(): typeof Crypto {
	return require('crypto') as typeof Crypto;
}

const RECORD_FILE = /^window-\d+-[0-9a-f]{8,}\.json$/;
const MAX_RECORD_BYTES = 256 * 1024;
const isWindows = process.platform === 'win32';

/**
 * The user's home as `os.homedir()` gives it, without loading `os` (~0.25 ms of every hook) where it
 * need not: on POSIX, libuv returns `$HOME` whenever it is set, and asks the password database only
 * when it is not; Windows has its own rules, left to Node.
 */
export function userHome(): string {
	const home = process.env.HOME;
	return process.platform !== 'win32' && home !== undefined ? home : (require('os') as typeof Os).homedir();
}

/**
 * The one place both sides look. Home, not `$XDG_RUNTIME_DIR`: an agent's hook may run in a session
 * without that variable (ssh, a GUI app on macOS), and then the two sides would look in different
 * places; `os.homedir()` agrees for every process of the user.
 */
export function defaultRuntimeDir(): string {
	return path.join(userHome(), '.terminal-guard', 'run');
}

/** A new per-session secret: 32 random bytes, hex. */
export function newSecret(): string {
	return crypto().randomBytes(32).toString('hex');
}

/** What is wrong with `stat` for a private directory or file of this user, or undefined if nothing. */
export function privacyProblem(stat: fs.Stats, kind: 'directory' | 'file'): string | undefined {
	if (stat.isSymbolicLink()) {
		return 'it is a symbolic link';
	}
	if (kind === 'directory' ? !stat.isDirectory() : !stat.isFile()) {
		return `it is not a ${kind}`;
	}
	if (isWindows) {
		// POSIX owners and modes mean nothing on Windows; the profile folder's ACL protects it.
		return undefined;
	}
	const uid = process.getuid?.();
	if (uid !== undefined && stat.uid !== uid) {
		return `it belongs to user ${stat.uid}, not to you (${uid})`;
	}
	if ((stat.mode & 0o077) !== 0) {
		return `others may access it (mode ${(stat.mode & 0o777).toString(8)}; it must be ${kind === 'directory' ? '700' : '600'})`;
	}
	return undefined;
}

/**
 * Creates `dir` (and `~/.terminal-guard` above it) as 0700 directories of this user. A directory of
 * ours that others may read is narrowed to 0700; one owned by someone else, or a symlink, is refused.
 */
export function ensurePrivateDir(dir: string): void {
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
	for (const d of [path.dirname(dir), dir]) {
		let stat = fs.lstatSync(d);
		if (!isWindows && stat.isDirectory() && !stat.isSymbolicLink() && stat.uid === process.getuid?.() && (stat.mode & 0o077) !== 0) {
			fs.chmodSync(d, 0o700);
			stat = fs.lstatSync(d);
		}
		const problem = privacyProblem(stat, 'directory');
		if (problem) {
			throw new Error(`${d} cannot hold the editor's address and secret: ${problem}`);
		}
	}
}

/** True while a process with this pid exists (a pid of another user counts as alive). */
export function isAlive(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) {
		return false;
	}
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** A fresh record file name for this process. */
export function recordFileName(pid = process.pid): string {
	return `window-${pid}-${crypto().randomBytes(6).toString('hex')}.json`;
}

/** Writes `record` to `file` as 0600, atomically (a reader never sees half a file). */
export function writeRecord(file: string, record: WindowRecord): void {
	const temp = `${file}.${crypto().randomBytes(4).toString('hex')}.tmp`;
	const fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
	try {
		fs.writeSync(fd, JSON.stringify(record) + '\n');
	} finally {
		fs.closeSync(fd);
	}
	fs.renameSync(temp, file);
}

function parseRecord(text: string): WindowRecord | string {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return 'it is not JSON';
	}
	const r = value as Partial<WindowRecord> | null;
	if (typeof r !== 'object' || r === null || typeof r.pid !== 'number' || typeof r.socket !== 'string' || typeof r.secret !== 'string'
		|| !Array.isArray(r.folders) || !r.folders.every((f) => typeof f === 'string') || typeof r.updated !== 'string') {
		return 'it does not describe an editor window';
	}
	return { v: typeof r.v === 'number' ? r.v : 0, pid: r.pid, socket: r.socket, secret: r.secret, folders: r.folders, updated: r.updated };
}

/** Every usable window record in `dir`, plus the files that were passed over and why. */
export function readRecords(dir = defaultRuntimeDir()): { windows: FoundWindow[]; rejected: RejectedFile[] } {
	const windows: FoundWindow[] = [];
	const rejected: RejectedFile[] = [];
	let dirStat: fs.Stats;
	try {
		dirStat = fs.lstatSync(dir);
	} catch {
		return { windows, rejected };
	}
	const dirProblem = privacyProblem(dirStat, 'directory');
	if (dirProblem) {
		return { windows, rejected: [{ file: dir, reason: dirProblem }] };
	}
	for (const name of fs.readdirSync(dir)) {
		if (!RECORD_FILE.test(name)) {
			continue;
		}
		const file = path.join(dir, name);
		try {
			const stat = fs.lstatSync(file);
			const problem = privacyProblem(stat, 'file') ?? (stat.size > MAX_RECORD_BYTES ? 'it is too large' : undefined);
			if (problem) {
				rejected.push({ file, reason: problem });
				continue;
			}
			const record = parseRecord(fs.readFileSync(file, 'utf8'));
			if (typeof record === 'string') {
				rejected.push({ file, reason: record });
			} else if (!isAlive(record.pid)) {
				rejected.push({ file, reason: `its editor (pid ${record.pid}) is no longer running` });
			} else {
				windows.push({ file, record });
			}
		} catch (error) {
			rejected.push({ file, reason: (error as Error).message });
		}
	}
	return { windows, rejected };
}

/** Removes record files (and their sockets inside `dir`) whose process is gone. Best effort. */
export function removeStaleRecords(dir = defaultRuntimeDir()): void {
	for (const { file, reason } of readRecords(dir).rejected) {
		if (!reason.includes('no longer running')) {
			continue;
		}
		try {
			const record = parseRecord(fs.readFileSync(file, 'utf8'));
			fs.rmSync(file, { force: true });
			if (typeof record !== 'string' && path.dirname(record.socket) === dir) {
				fs.rmSync(record.socket, { force: true });
			}
		} catch {
			// another window cleaned it first
		}
	}
}

/**
 * The windows to ask about `cwd`, best first: those whose workspace folder contains it (deepest
 * folder first, then most recently started), then — when none does — every other window, most
 * recent first, so a hook started outside any workspace still reaches an editor.
 */
export function rankWindows(windows: readonly FoundWindow[], cwd: string): FoundWindow[] {
	if (windows.length <= 1) {
		// One window (the usual case) is asked whatever its folders: no ranking, so no realpath of every folder.
		return [...windows];
	}
	// By both spellings (engine/places.ts): a hook's cwd is the real path, a window opened through a
	// link records the linked one; matched as written only, the hook asked whichever window started last.
	const scored = windows.map((w) => ({ w, depth: Math.max(-1, ...w.record.folders.map((f) => depthInside(f, cwd))) }));
	return scored.sort((a, b) => (b.depth - a.depth) || b.w.record.updated.localeCompare(a.w.record.updated)).map((s) => s.w);
}

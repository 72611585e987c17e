/**
 * Loads a CommonJS bundle with V8's code cache, for the hook's engine (dist/hook-engine.js, 3 MB):
 * compiling it is most of what a hook without an editor spends beyond Node's own start (measured:
 * ~55 ms of ~160 ms). Node 22 has `module.enableCompileCache()`; Node 20, which the CLI supports,
 * does not, so this does the same with `vm.Script`'s `cachedData`.
 *
 * A code cache is code: whoever can write it decides what the hook runs. So it is only read from a
 * directory of this user that nobody else may write (0700, not a symlink — the same check as the
 * bridge's discovery directory, which an attacker able to write would already own), from a regular
 * 0600 file of this user, opened without following symlinks. Its name commits to the bundle's
 * SHA-256 (V8 itself only compares the source's length), and its first 32 bytes are the SHA-256 of
 * the rest, so a torn or stale file is never handed to V8. Anything wrong: the bundle is compiled
 * as usual, never loaded from the cache.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ensurePrivateDir, privacyProblem } from '../bridge/discovery';
import { runCompiled } from './compiledModule';

const HASH_BYTES = 32;
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

export interface CachedLoad {
	readonly exports: unknown;
	/** How the bundle was compiled: from a valid cache, or from source (and why not from the cache). */
	readonly from: 'cache' | 'source';
	readonly why?: string;
	/** Writes the cache when it was not used (call after the bundle did its work, so that work's functions are in it). */
	save(): void;
}

/**
 * The cache file for `source` (from `file`) under `dir`. The bundle's bytes hash as its text does
 * (UTF-8) and several times faster: the hook hashes the bytes (a 3 MB string cost ~10 ms here).
 */
export function cacheFileFor(dir: string, file: string, source: string | Buffer): string {
	const key = crypto.createHash('sha256').update(process.version).update('\0').update(process.arch).update('\0').update(source).digest('hex');
	return path.join(dir, `${path.basename(file, '.js')}-${key.slice(0, 40)}.v8cache`);
}

/** The cache's code, or why it cannot be used. */
function readCache(cacheFile: string): Buffer | string {
	let fd: number;
	try {
		fd = fs.openSync(cacheFile, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no cache yet' : `cannot open it: ${(error as Error).message}`;
	}
	try {
		const stat = fs.fstatSync(fd);
		const problem = privacyProblem(stat, 'file') ?? (stat.size > MAX_CACHE_BYTES || stat.size <= HASH_BYTES ? `it has an unlikely size (${stat.size} bytes)` : undefined);
		if (problem) {
			return problem;
		}
		const all = Buffer.alloc(stat.size);
		let read = 0;
		while (read < all.length) {
			const n = fs.readSync(fd, all, read, all.length - read, read);
			if (n === 0) {
				break;
			}
			read += n;
		}
		const code = all.subarray(HASH_BYTES, read);
		if (read !== all.length || !crypto.createHash('sha256').update(code).digest().equals(all.subarray(0, HASH_BYTES))) {
			return 'its checksum does not match';
		}
		return code;
	} finally {
		fs.closeSync(fd);
	}
}

function writeCache(dir: string, cacheFile: string, code: Buffer): void {
	const temp = `${cacheFile}.${crypto.randomBytes(6).toString('hex')}.tmp`;
	const fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
	try {
		fs.writeSync(fd, crypto.createHash('sha256').update(code).digest());
		fs.writeSync(fd, code);
	} finally {
		fs.closeSync(fd);
	}
	fs.renameSync(temp, cacheFile);
	// Caches of other versions of the same bundle are of no more use.
	const prefix = `${path.basename(cacheFile).replace(/-[0-9a-f]+\.v8cache$/, '')}-`;
	for (const name of fs.readdirSync(dir)) {
		if (name.startsWith(prefix) && name.endsWith('.v8cache') && path.join(dir, name) !== cacheFile) {
			fs.rmSync(path.join(dir, name), { force: true });
		}
	}
}

/**
 * Runs the CommonJS bundle `file` as `require` would (its own `require`, `module`, `__filename`),
 * compiled from the cache in `cacheDir` when a valid one is there. Throws what the bundle throws.
 */
export function requireWithCodeCache(file: string, cacheDir: string): CachedLoad {
	const bytes = fs.readFileSync(file);
	const source = bytes.toString('utf8');
	let cacheFile: string | undefined;
	let cached: Buffer | undefined;
	let why: string | undefined;
	try {
		ensurePrivateDir(cacheDir);
		cacheFile = cacheFileFor(cacheDir, file, bytes);
		const found = readCache(cacheFile);
		if (typeof found === 'string') {
			why = found;
		} else {
			cached = found;
		}
	} catch (error) {
		why = `the cache folder cannot be used: ${(error as Error).message}`;
		cacheFile = undefined;
	}
	const { exports, script, fromCache } = runCompiled(file, source, cached);
	if (cached && !fromCache) {
		why = 'V8 rejected it';
	}
	let saved = fromCache;
	return {
		exports,
		from: fromCache ? 'cache' : 'source',
		...(fromCache ? {} : { why }),
		save: () => {
			if (saved || !cacheFile) {
				return;
			}
			saved = true;
			try {
				writeCache(cacheDir, cacheFile, script.createCachedData());
			} catch {
				// the next hook compiles from source again; nothing else depends on the cache
			}
		},
	};
}

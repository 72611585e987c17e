/**
 * dist/hook-entry.js: what bin/terminal-guard and the agents' shim start for `terminal-guard hook`.
 * It runs dist/hook.js beside it, compiled from V8's code cache when a valid one is there: compiling
 * hook.js and its functions was ~2.4 ms of the ~10 ms a hook the editor answers spends beyond
 * `node -e 0` (docs/decisions.md, "Speed, hook entry"). Node 22's `module.enableCompileCache()` would
 * do this, but the CLI supports Node 20.
 *
 * Why not codeCache.ts, which does this for the engine: it hashes the bundle with `crypto`, and
 * loading `crypto` alone costs ~5 ms. Here the cache's name commits to hook.js's SHA-256 taken at
 * build time (esbuild.config.js defines __HOOK_BUILD__), so nothing is hashed at run time; V8 itself
 * rejects a cache of another V8 version, other flags or a source of another length. The cache is
 * code, so it is read only as codeCache.ts reads one: from ~/.terminal-guard/cache, a 0700 folder
 * of this user (not a symlink), as a 0600 regular file of this user opened without following
 * symlinks (and ~/.terminal-guard/** is among the files a command must confirm to change). It is
 * written whole to a temporary file, synced and renamed, so no reader, even after a crash, sees half
 * of one — what codeCache.ts's checksum is for (V8 checks no checksum itself). Anything wrong, and
 * hook.js is compiled from its source as `require` would.
 *
 * Kept tiny on purpose: test/unit/cli/leanHook.test.ts checks what went into this bundle.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ensurePrivateDir, privacyProblem } from '../bridge/discovery';
import { codeCacheDir } from './cacheDir';
import { runCompiled } from './compiledModule';

/** hook.js's SHA-256 (hex), from the build; "dev" when this file is run unbundled (then no cache is used). */
declare const __HOOK_BUILD__: string | undefined;

const MAX_CACHE_BYTES = 16 * 1024 * 1024;
const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/** What a hook bundle exports that the entry uses. */
interface HookBundle {
	run(argv?: readonly string[]): void;
	/** Whether this process loaded the engine (which sets V8 flags: a cache written then would not match). */
	engineCompiledFrom?(): 'cache' | 'source' | undefined;
}

export interface HookLoad {
	readonly exports: HookBundle;
	readonly from: 'cache' | 'source';
	/** Writes the cache when this load did not come from one; never throws. */
	save(): void;
}

/** The cache file for hook.js of build `build` run by this Node (or Electron) on this machine's architecture. */
export function hookCacheFile(dir: string, build: string): string {
	const runtime = `${process.versions.electron ? `electron${process.versions.electron}` : 'node'}${process.version}-${process.arch}`;
	return path.join(dir, `hook-${build.slice(0, 40)}-${runtime.replace(/[^\w.-]/g, '_')}.v8cache`);
}

/**
 * The cache's bytes, or undefined when there is none or it may not be trusted. Checked with lstat
 * and read with readFileSync (not following a symlink), the calls the hook makes anyway: the first
 * openSync, fstatSync and closeSync of a process cost ~0.2-0.3 ms together here. Between the check
 * and the read only this user can change the file (its folder is theirs and 0700); a read of
 * another length than checked is not used.
 */
function readCache(file: string): Buffer | undefined {
	try {
		if (privacyProblem(fs.lstatSync(path.dirname(file)), 'directory')) {
			return undefined;
		}
		const stat = fs.lstatSync(file);
		if (privacyProblem(stat, 'file') || stat.size === 0 || stat.size > MAX_CACHE_BYTES) {
			return undefined;
		}
		// Node takes open(2)'s numeric flags here too (its types name only strings).
		const bytes = fs.readFileSync(file, { flag: (fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0)) as unknown as string });
		return bytes.length === stat.size ? bytes : undefined;
	} catch {
		return undefined;
	}
}

function writeCache(dir: string, file: string, code: Buffer): void {
	ensurePrivateDir(dir);
	const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
	const fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
	try {
		let written = 0;
		while (written < code.length) {
			written += fs.writeSync(fd, code, written);
		}
		// On disk before it has its name: after a crash the name holds a whole cache or none.
		fs.fsyncSync(fd);
	} finally {
		fs.closeSync(fd);
	}
	fs.renameSync(temp, file);
	// Caches of other builds or other Nodes go once written over a week ago; not at once: VS Code and
	// Cursor (two Electrons) or two installed versions may take turns, and each would delete the other's.
	const stale = Date.now() - STALE_AFTER_MS;
	for (const name of fs.readdirSync(dir)) {
		const other = path.join(dir, name);
		if (/^hook-[0-9a-f]{40}-.*\.v8cache$/.test(name) && other !== file && fs.lstatSync(other).mtimeMs < stale) {
			fs.rmSync(other, { force: true });
		}
	}
}

/**
 * Runs the CommonJS bundle `file` as `require` would (its own `require`, `module`, `__filename`),
 * compiled from the cache in `cacheDir` for build `build` when a valid one is there.
 */
export function loadHookBundle(file: string, cacheDir: string, build: string | undefined): HookLoad {
	const source = fs.readFileSync(file, 'utf8');
	const cacheFile = build ? hookCacheFile(cacheDir, build) : undefined;
	const cached = cacheFile ? readCache(cacheFile) : undefined;
	const { exports, script, fromCache } = runCompiled(file, source, cached);
	const bundle = exports as HookBundle;
	let saved = fromCache;
	return {
		exports: bundle,
		from: fromCache ? 'cache' : 'source',
		save: () => {
			// A process that loaded the engine changed V8's flags: its cache would be rejected by the next hook.
			if (saved || !cacheFile || bundle.engineCompiledFrom?.() !== undefined) {
				return;
			}
			saved = true;
			try {
				writeCache(cacheDir, cacheFile, script.createCachedData());
			} catch {
				// the next hook compiles hook.js from source again; nothing depends on the cache
			}
		},
	};
}

/**
 * `node hook-entry.js hook <agent>` (and bin/terminal-guard's `hook`): hook.js's run, and the cache
 * written at exit when there was none (hook.js's functions are compiled by then, so they are in it).
 */
let running: HookBundle | undefined;

/** The hook.js this process runs (not `require`'s copy: that would be another instance); for tests and the bench. */
export function runningHook(): HookBundle | undefined {
	return running;
}

export function run(argv: readonly string[] = process.argv.slice(2)): void {
	let load: HookLoad;
	try {
		load = loadHookBundle(path.join(__dirname, 'hook.js'), codeCacheDir(), typeof __HOOK_BUILD__ === 'string' ? __HOOK_BUILD__ : undefined);
	} catch (error) {
		// hook.js missing or broken: exit 2, which every supported agent treats as "block" (1 would let it run).
		process.stderr.write(`terminal-guard: the hook cannot start (${error instanceof Error ? error.message : String(error)}); the command is blocked.\n`);
		process.exit(2);
	}
	if (load.from === 'source') {
		process.once('exit', () => load.save());
	}
	running = load.exports;
	load.exports.run(argv);
}

if (require.main === module) {
	run();
}

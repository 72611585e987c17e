/**
 * dist/hook-entry.js (src/cli/hookEntry.ts): hook.js run from V8's code cache. The cache is code, so
 * each way a cache file could come from someone else, or from another hook.js, must make the entry
 * compile from source instead; and a hook.js that cannot load blocks the command (exit 2).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { hookCacheFile } from '../../../src/cli/hookEntry';
import { runNode } from '../../shared/process';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const DIST = path.join(ROOT, 'dist');
const BUILD = 'ab'.repeat(32);

const temps: string[] = [];
after(() => temps.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

/** A folder with a stand-in hook bundle (counts its runs) and a private cache folder. */
function setUp(): { bundle: string; cache: string } {
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-entry-'));
	temps.push(home);
	const bundle = path.join(home, 'hook.js');
	fs.writeFileSync(bundle, 'exports.run = function run() { return "ran"; };\nexports.answer = function answer(x) { return x * 2; };\n');
	const cache = path.join(home, '.terminal-guard', 'cache');
	fs.mkdirSync(cache, { recursive: true, mode: 0o700 });
	fs.chmodSync(path.dirname(cache), 0o700);
	return { bundle, cache };
}

/** The compiled src/cli/hookEntry.js beside this compiled test. */
const ENTRY_MODULE = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'hookEntry.js');

/**
 * loadHookBundle in a process of its own (V8 keeps what it compiled in a process, so a second load
 * there would not read the cache at all): how it compiled, what the bundle's answer(21) gives, and
 * the cache written when `save`.
 */
async function load(bundle: string, cache: string, build: string | undefined, save = false): Promise<{ from: string; answer: number }> {
	const code = `const l = require(${JSON.stringify(ENTRY_MODULE)}).loadHookBundle(${JSON.stringify(bundle)}, ${JSON.stringify(cache)}, ${JSON.stringify(build ?? null) ?? 'undefined'} ?? undefined);
${save ? 'l.save();' : ''}
process.stdout.write(JSON.stringify({ from: l.from, answer: l.exports.answer(21) }));`;
	const r = await runNode(['-e', code], { home: path.dirname(path.dirname(cache)) });
	assert.equal(r.status, 0, r.stderr);
	return JSON.parse(r.stdout) as { from: string; answer: number };
}

/** Loads the bundle once from source and writes its cache. */
async function primed(): Promise<{ bundle: string; cache: string; file: string }> {
	const { bundle, cache } = setUp();
	assert.equal((await load(bundle, cache, BUILD, true)).from, 'source');
	const file = hookCacheFile(cache, BUILD);
	assert.ok(fs.existsSync(file), 'the cache was not written');
	return { bundle, cache, file };
}

describe('hook-entry: hook.js from the code cache', () => {
	it('the first load compiles from source and writes a 0600 cache; the next load uses it and runs the same code', async () => {
		const { bundle, cache, file } = await primed();
		assert.equal(fs.statSync(file).mode & 0o777, 0o600);
		assert.match(path.basename(file), new RegExp(`^hook-${BUILD.slice(0, 40)}-node${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`));
		assert.deepEqual(await load(bundle, cache, BUILD), { from: 'cache', answer: 42 });
	});

	it('no build id (run unbundled): no cache is read or written', async () => {
		const { bundle, cache } = setUp();
		assert.equal((await load(bundle, cache, undefined, true)).from, 'source');
		assert.deepEqual(fs.readdirSync(cache), []);
	});

	it('a cache of another build is another file: never used for this one', async () => {
		const { bundle, cache } = await primed();
		assert.equal((await load(bundle, cache, 'cd'.repeat(32))).from, 'source');
	});

	it('a process that loaded the engine (V8 flags changed) writes no cache', async () => {
		const { bundle, cache } = setUp();
		fs.appendFileSync(bundle, 'exports.engineCompiledFrom = () => "cache";\n');
		await load(bundle, cache, BUILD, true);
		assert.deepEqual(fs.readdirSync(cache), []);
	});

	const refusals: [string, (file: string, cache: string) => void][] = [
		['others may write the cache folder', (_file, cache) => fs.chmodSync(cache, 0o777)],
		['others may read the cache file', (file) => fs.chmodSync(file, 0o644)],
		['the cache file is a symbolic link to a valid cache', (file) => {
			const real = `${file}.real`;
			fs.renameSync(file, real);
			fs.symlinkSync(real, file);
		}],
		['the cache folder is a symbolic link to a folder holding a valid cache', (_file, cache) => {
			const real = `${cache}.real`;
			fs.renameSync(cache, real);
			fs.symlinkSync(real, cache);
		}],
		['the cache file is empty', (file) => fs.writeFileSync(file, '')],
		['the cache file is garbage of this user (0600), which V8 rejects', (file) => fs.writeFileSync(file, Buffer.alloc(4096, 7))],
	];
	for (const [what, spoil] of refusals) {
		it(`compiles from source when ${what}`, async () => {
			const { bundle, cache, file } = await primed();
			spoil(file, cache);
			assert.deepEqual(await load(bundle, cache, BUILD), { from: 'source', answer: 42 });
		});
	}

	it('a rejected cache is replaced by a good one', async () => {
		const { bundle, cache, file } = await primed();
		fs.writeFileSync(file, Buffer.alloc(4096, 7));
		assert.equal((await load(bundle, cache, BUILD, true)).from, 'source');
		assert.equal((await load(bundle, cache, BUILD)).from, 'cache');
	});

	it('caches of other builds are removed once written over a week ago, not before', async () => {
		const { bundle, cache } = setUp();
		const old = hookCacheFile(cache, 'cd'.repeat(32));
		const recent = hookCacheFile(cache, 'ef'.repeat(32));
		for (const f of [old, recent]) {
			fs.writeFileSync(f, 'x', { mode: 0o600 });
		}
		const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
		fs.utimesSync(old, weekAgo, weekAgo);
		await load(bundle, cache, BUILD, true);
		assert.deepEqual(fs.readdirSync(cache).sort(), [path.basename(hookCacheFile(cache, BUILD)), path.basename(recent)].sort());
	});
});

describe('dist/hook-entry.js', () => {
	it('was built with hook.js\'s SHA-256, and holds nothing but the loader (no agents, no engine, no crypto)', () => {
		const text = fs.readFileSync(path.join(DIST, 'hook-entry.js'), 'utf8');
		const hash = require('node:crypto').createHash('sha256').update(fs.readFileSync(path.join(DIST, 'hook.js'))).digest('hex') as string;
		assert.ok(text.includes(JSON.stringify(hash)), 'dist/hook-entry.js does not carry dist/hook.js\'s hash: built apart?');
		const meta = JSON.parse(fs.readFileSync(path.join(DIST, 'meta', 'hook-entry.json'), 'utf8')) as { outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown> }> };
		const inputs = Object.keys(Object.values(meta.outputs).find((o) => o.entryPoint)?.inputs ?? {}).sort();
		assert.deepEqual(inputs, ['src/bridge/discovery.ts', 'src/cli/cacheDir.ts', 'src/cli/compiledModule.ts', 'src/cli/hookEntry.ts', 'src/engine/places.ts']);
		assert.doesNotMatch(text, /require\(["'](crypto|net|child_process)["']\)/);
	});

	it('blocks the command (exit 2, said on stderr) when hook.js beside it is missing', async () => {
		const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-entry-'));
		temps.push(home);
		const entry = path.join(home, 'hook-entry.js');
		fs.copyFileSync(path.join(DIST, 'hook-entry.js'), entry);
		const input = JSON.stringify({ session_id: 's', cwd: home, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'rm -rf /srv/data' } });
		const r = await runNode([entry, 'hook', 'claude-code'], { input, home, cwd: home });
		assert.equal(r.status, 2);
		assert.match(r.stderr, /the hook cannot start .*hook\.js.*the command is blocked/);
	});

	it('a real hook through it: the second run of a safe command uses the cache it wrote, and a destructive one is still stopped', async () => {
		const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-entry-'));
		temps.push(home);
		const safe = JSON.stringify({ session_id: 's', cwd: home, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'git status' } });
		// No editor: the engine loads in the first hook (no hook.js cache then: V8's flags changed), and a
		// local engine starts; the hooks after it are answered by that process and write, then read, the cache.
		const entry = path.join(DIST, 'hook-entry.js');
		const cacheDir = path.join(home, '.terminal-guard', 'cache');
		const hookCache = (): string | undefined => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).find((n) => /^hook-[0-9a-f]{40}-/.test(n)) : undefined);
		for (let i = 0; i < 20 && !hookCache(); i++) {
			const r = await runNode([entry, 'hook', 'claude-code'], { input: safe, home, cwd: home });
			assert.equal(r.status, 0, r.stderr);
		}
		const written = hookCache();
		assert.ok(written, 'no hook run wrote the cache');
		const before = fs.statSync(path.join(cacheDir, written)).ino;
		const again = await runNode([entry, 'hook', 'claude-code'], { input: safe, home, cwd: home });
		assert.equal(again.status, 0, again.stderr);
		// A run compiled from source would have written a new file in its place (a new inode).
		assert.equal(fs.statSync(path.join(cacheDir, written)).ino, before, 'the next hook did not use the cache');
		const rm = JSON.stringify({ session_id: 's', cwd: home, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'rm -rf /srv/data' } });
		const denied = await runNode([entry, 'hook', 'claude-code'], { input: rm, home, cwd: home });
		assert.equal(denied.status, 2);
		assert.match(denied.stdout, /"permissionDecision":"deny"/);
	});
});

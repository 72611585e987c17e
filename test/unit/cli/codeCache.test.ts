/**
 * The hook engine's V8 code cache (src/cli/codeCache.ts): a cache is code, so only one this user
 * wrote into a private folder, intact and made from this very bundle, is ever handed to V8.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { cacheFileFor, requireWithCodeCache } from '../../../src/cli/codeCache';

const posix = process.platform !== 'win32';

describe('requireWithCodeCache', () => {
	let work: string;
	let bundle: string;
	let cacheDir: string;

	function writeBundle(value: string): string {
		// Enough code that V8 keeps a real cache for it.
		const body = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x * ${i} + ${JSON.stringify(value)}.length; }`).join('\n');
		const text = `${body}\nexports.value = ${JSON.stringify(value)}; exports.sum = f1(2) + f199(3); exports.dir = __dirname; exports.req = typeof require('path').join;\n`;
		fs.writeFileSync(bundle, text);
		return text;
	}

	function theCacheFile(): string {
		return cacheFileFor(cacheDir, bundle, fs.readFileSync(bundle, 'utf8'));
	}

	beforeEach(() => {
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-codecache-'));
		bundle = path.join(work, 'engine.js');
		cacheDir = path.join(work, 'home', '.terminal-guard', 'cache');
		writeBundle('one');
	});
	afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

	it('runs the bundle as require would, then from the cache it saved', () => {
		const first = requireWithCodeCache(bundle, cacheDir);
		assert.equal(first.from, 'source');
		assert.deepEqual(first.exports, { value: 'one', sum: 2 * 1 + 3 + 3 * 199 + 3, dir: work, req: 'function' });
		first.save();
		assert.ok(fs.existsSync(theCacheFile()));
		const second = requireWithCodeCache(bundle, cacheDir);
		assert.equal(second.from, 'cache', second.why);
		assert.deepEqual(second.exports, first.exports);
	});

	it('keeps the cache private: folders 0700, the file 0600', { skip: !posix && 'POSIX modes' }, () => {
		requireWithCodeCache(bundle, cacheDir).save();
		assert.equal(fs.statSync(cacheDir).mode & 0o777, 0o700);
		assert.equal(fs.statSync(path.dirname(cacheDir)).mode & 0o777, 0o700);
		assert.equal(fs.statSync(theCacheFile()).mode & 0o777, 0o600);
	});

	it('a changed bundle of the same length does not run the old code (V8 alone compares only the length)', () => {
		requireWithCodeCache(bundle, cacheDir).save();
		const before = fs.readFileSync(bundle, 'utf8').length;
		assert.equal(writeBundle('two').length, before);
		const load = requireWithCodeCache(bundle, cacheDir);
		assert.equal(load.from, 'source');
		assert.equal((load.exports as { value: string }).value, 'two');
		load.save();
		assert.deepEqual(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.v8cache')), [path.basename(theCacheFile())], 'the old version\'s cache is left behind');
	});

	it('a cache whose bytes were changed is not used', () => {
		requireWithCodeCache(bundle, cacheDir).save();
		const file = theCacheFile();
		const bytes = fs.readFileSync(file);
		bytes[bytes.length - 10] ^= 0xff;
		fs.writeFileSync(file, bytes);
		const load = requireWithCodeCache(bundle, cacheDir);
		assert.equal(load.from, 'source');
		assert.match(load.why ?? '', /checksum/);
		assert.equal((load.exports as { value: string }).value, 'one');
	});

	it('a cache others may write, or a symlink to one, is not used', { skip: !posix && 'POSIX modes' }, () => {
		requireWithCodeCache(bundle, cacheDir).save();
		const file = theCacheFile();
		fs.chmodSync(file, 0o666);
		let load = requireWithCodeCache(bundle, cacheDir);
		assert.equal(load.from, 'source');
		assert.match(load.why ?? '', /others may access it/);

		const elsewhere = path.join(work, 'planted.v8cache');
		fs.renameSync(file, elsewhere);
		fs.chmodSync(elsewhere, 0o600);
		fs.symlinkSync(elsewhere, file);
		load = requireWithCodeCache(bundle, cacheDir);
		assert.equal(load.from, 'source');
		assert.match(load.why ?? '', /cannot open it|symbolic link/);
	});

	it('a cache folder that is a symlink is not used, and the bundle still runs', { skip: !posix && 'POSIX modes' }, () => {
		const real = path.join(work, 'elsewhere');
		fs.mkdirSync(real, { mode: 0o700 });
		fs.mkdirSync(path.dirname(cacheDir), { recursive: true, mode: 0o700 });
		fs.symlinkSync(real, cacheDir);
		const load = requireWithCodeCache(bundle, cacheDir);
		assert.equal(load.from, 'source');
		assert.match(load.why ?? '', /cache folder cannot be used/);
		assert.equal((load.exports as { value: string }).value, 'one');
		load.save();
		assert.deepEqual(fs.readdirSync(real), [], 'a cache was written through the symlink');
	});

	it('a bundle that throws throws to the caller (the hook then denies)', () => {
		fs.writeFileSync(bundle, 'throw new Error("broken engine");');
		assert.throws(() => requireWithCodeCache(bundle, cacheDir), /broken engine/);
	});
});

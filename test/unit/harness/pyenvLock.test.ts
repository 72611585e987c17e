/**
 * The test runs' guard against a pyenv rehash lock a killed bash left behind (scripts/editor/pyenvLock.js): a stale
 * lock is removed, a fresh one (a rehash running now) is kept.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const pyenvLock = require(path.join(__dirname, '..', '..', '..', '..', 'scripts', 'editor', 'pyenvLock.js')) as {
	STALE_MS: number;
	lockPath(): string;
	removeStalePyenvLock(now?: number): boolean;
};

describe('a pyenv rehash lock left behind by a killed bash', () => {
	let root: string;
	const saved = process.env.PYENV_ROOT;
	before(() => {
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-pyenv-'));
		fs.mkdirSync(path.join(root, 'shims'));
		process.env.PYENV_ROOT = root;
	});
	after(() => {
		process.env.PYENV_ROOT = saved;
		if (saved === undefined) {
			delete process.env.PYENV_ROOT;
		}
		fs.rmSync(root, { recursive: true, force: true });
	});

	it('is removed once older than a rehash ever holds it; a fresh one is kept; none is nothing to do', () => {
		const lock = pyenvLock.lockPath();
		assert.equal(lock, path.join(root, 'shims', '.pyenv-shim'));
		assert.equal(pyenvLock.removeStalePyenvLock(), false, 'no lock');
		fs.writeFileSync(lock, '');
		assert.equal(pyenvLock.removeStalePyenvLock(), false, 'a rehash holding it now');
		assert.ok(fs.existsSync(lock));
		assert.equal(pyenvLock.removeStalePyenvLock(Date.now() + pyenvLock.STALE_MS + 1000), true, 'left behind');
		assert.ok(!fs.existsSync(lock));
	});
});

/**
 * readRegularFile: the one reader for files a command line names. It must return at once with
 * undefined for anything but a small regular file — a FIFO with no writer, a device, a directory, a
 * symlink to a device, an endless "regular" file, a file over the cap, a missing file.
 *
 * A read that blocks would block this test process too, where no timeout can stop it: every read that
 * could block runs in a child process that is killed after a few seconds, so a regression fails
 * instead of hanging the run.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readRegularFile } from '../../../src/engine/files';

const READER = require.resolve('../../../src/engine/files');
const LIMIT_MS = 5000;

/**
 * `fs.statSync` saying "a regular file" whatever the path is: what a reader sees when the path is
 * swapped between a check of the path and the open (the reader's first look is only that).
 */
const SWAPPED_AFTER_STAT = `require('fs').statSync = () => ({ isFile: () => true, size: 0 });`;

/** readRegularFile(file, maxBytes) in a child process: what it returned, or why it did not return. */
function readInChild(file: string, maxBytes: number, prelude = ''): { result?: string | null; failure?: string; ms: number } {
	const script = `${prelude} const r = require(${JSON.stringify(READER)}).readRegularFile(${JSON.stringify(file)}, ${maxBytes}); process.stdout.write(JSON.stringify(r === undefined ? null : r));`;
	const started = Date.now();
	const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: LIMIT_MS, killSignal: 'SIGKILL' });
	const ms = Date.now() - started;
	if (child.error || child.signal || child.status !== 0) {
		return { failure: `did not return within ${LIMIT_MS} ms (${child.error?.message ?? child.signal ?? `exit ${child.status}: ${child.stderr}`})`, ms };
	}
	return { result: JSON.parse(child.stdout) as string | null, ms };
}

function assertRefusedPromptly(file: string, maxBytes = 1024, prelude = ''): void {
	const { result, failure } = readInChild(file, maxBytes, prelude);
	assert.equal(failure, undefined, `${file}: ${failure}`);
	assert.equal(result, null, `${file} must read as undefined`);
}

describe('readRegularFile', () => {
	let dir = '';
	before(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-files-'));
	});
	after(() => {
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('reads a normal file', () => {
		const file = path.join(dir, 'query.sql');
		fs.writeFileSync(file, 'DROP TABLE users;\n');
		assert.equal(readRegularFile(file, 1024), 'DROP TABLE users;\n');
		assert.equal(readInChild(file, 1024).result, 'DROP TABLE users;\n');
	});

	it('reads a file of exactly the cap, and refuses one byte more', () => {
		const file = path.join(dir, 'cap.txt');
		fs.writeFileSync(file, 'x'.repeat(100));
		assert.equal(readRegularFile(file, 100), 'x'.repeat(100));
		assert.equal(readRegularFile(file, 99), undefined);
	});

	it('refuses a file over the cap (the engine\'s 256 KiB)', () => {
		const file = path.join(dir, 'big.sql');
		fs.writeFileSync(file, 'x'.repeat(256 * 1024 + 1));
		assert.equal(readRegularFile(file, 256 * 1024), undefined);
		assert.equal(readRegularFile(file, 512 * 1024)?.length, 256 * 1024 + 1);
	});

	it('returns undefined for a missing file, a directory and an empty path', () => {
		assert.equal(readRegularFile(path.join(dir, 'missing.sql'), 1024), undefined);
		assert.equal(readRegularFile(dir, 1024), undefined);
		assert.equal(readRegularFile('', 1024), undefined);
	});

	it('returns undefined for a dangling symlink', () => {
		const link = path.join(dir, 'gone.sql');
		fs.symlinkSync(path.join(dir, 'nowhere.sql'), link);
		assert.equal(readRegularFile(link, 1024), undefined);
	});

	it('returns at once for a FIFO no one writes to', () => {
		const fifo = path.join(dir, 'fifo.sql');
		const made = spawnSync('mkfifo', [fifo], { encoding: 'utf8' });
		assert.equal(made.status, 0, `mkfifo failed: ${made.stderr}`);
		assert.ok(fs.statSync(fifo).isFIFO());
		assertRefusedPromptly(fifo);
	});

	it('judges the open descriptor, not the path: a FIFO swapped in after the first look is refused at once', () => {
		const fifo = path.join(dir, 'swapped.sql');
		assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
		assertRefusedPromptly(fifo, 1024, SWAPPED_AFTER_STAT);
		assertRefusedPromptly('/dev/zero', 1024, SWAPPED_AFTER_STAT);
		assertRefusedPromptly(dir, 1024, SWAPPED_AFTER_STAT);
		const file = path.join(dir, 'plain.sql');
		fs.writeFileSync(file, 'SELECT 1;');
		assert.equal(readInChild(file, 1024, SWAPPED_AFTER_STAT).result, 'SELECT 1;');
	});

	it('returns at once for /dev/zero, and for a symlink to it', () => {
		assertRefusedPromptly('/dev/zero');
		const link = path.join(dir, 'zero.sql');
		fs.symlinkSync('/dev/zero', link);
		assertRefusedPromptly(link);
	});

	it('stops at the cap in a "regular" file that never ends (/proc/self/pagemap reports size 0)', () => {
		assert.ok(fs.existsSync('/proc/self/pagemap'), 'this test needs Linux /proc');
		assertRefusedPromptly('/proc/self/pagemap', 256 * 1024);
	});
});

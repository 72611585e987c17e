/**
 * Move to Trash and Restore on the real freedesktop trash, in a private HOME and XDG_DATA_HOME
 * (set before the trash package is first loaded: it reads them once).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-trash-home-')));
process.env.HOME = home;
process.env.XDG_DATA_HOME = path.join(home, '.local', 'share');

// Loaded after HOME is set, on purpose.
const { canRestore, moveToTrash, restoreFromTrash } = require('../../../src/ui/trash') as typeof import('../../../src/ui/trash');

function project(): string {
	const dir = fs.mkdtempSync(path.join(home, 'project-'));
	fs.mkdirSync(path.join(dir, 'victim', 'sub'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'victim', 'a.txt'), 'precious');
	fs.writeFileSync(path.join(dir, 'victim', 'sub', 'b.txt'), 'more');
	return dir;
}

describe('trash', () => {
	assert.equal(process.platform, 'linux', 'these tests read the freedesktop trash; run them on Linux');

	it('moves a folder to the freedesktop trash with its .trashinfo, and Restore brings it back whole', async () => {
		const dir = project();
		const victim = path.join(dir, 'victim');
		const result = await moveToTrash([victim]);
		assert.deepEqual(result.failed, []);
		assert.equal(fs.existsSync(victim), false);
		const [item] = result.trashed;
		assert.ok(item.inTrash?.startsWith(path.join(home, '.local', 'share', 'Trash', 'files')), item.inTrash);
		assert.equal(fs.readFileSync(path.join(item.inTrash!, 'a.txt'), 'utf8'), 'precious');
		assert.match(fs.readFileSync(item.info!, 'utf8'), new RegExp(`Path=${victim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
		assert.equal(canRestore(result.trashed), true);
		const back = await restoreFromTrash(result.trashed);
		assert.deepEqual(back.restored, [victim]);
		assert.equal(fs.readFileSync(path.join(victim, 'sub', 'b.txt'), 'utf8'), 'more');
		assert.equal(fs.existsSync(item.info!), false);
	});

	it('a name that looks like a glob trashes only itself, never what the glob would match', async () => {
		const dir = project();
		for (const name of ['a', 'b', '[ab]', '*']) {
			fs.writeFileSync(path.join(dir, name), name);
		}
		const result = await moveToTrash([path.join(dir, '[ab]'), path.join(dir, '*')]);
		assert.equal(result.trashed.length, 2);
		assert.deepEqual(fs.readdirSync(dir).sort(), ['a', 'b', 'victim']);
	});

	it('a missing path is reported, not silently skipped', async () => {
		const result = await moveToTrash([path.join(home, 'no-such-thing')]);
		assert.equal(result.trashed.length, 0);
		assert.match(result.failed[0].error, /does not exist/);
	});

	it('Restore never overwrites something new in the old place', async () => {
		const dir = project();
		const victim = path.join(dir, 'victim');
		const result = await moveToTrash([victim]);
		fs.mkdirSync(victim);
		fs.writeFileSync(path.join(victim, 'new.txt'), 'new');
		const back = await restoreFromTrash(result.trashed);
		assert.deepEqual(back.restored, []);
		assert.match(back.failed[0].error, /left in the trash/);
		assert.deepEqual(fs.readdirSync(victim), ['new.txt']);
		assert.ok(fs.existsSync(result.trashed[0].inTrash!));
	});

	it('a symbolic link is trashed as the link; what it points to stays', async () => {
		const dir = project();
		fs.symlinkSync(path.join(dir, 'victim'), path.join(dir, 'link'));
		await moveToTrash([path.join(dir, 'link')]);
		assert.equal(fs.existsSync(path.join(dir, 'link')), false);
		assert.equal(fs.readFileSync(path.join(dir, 'victim', 'a.txt'), 'utf8'), 'precious');
	});
});

/** Whether a folder holds a directory, by the path as written and by its real path. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { depthInside, isInside, spellings } from '../../../src/engine/places';

describe('places: a folder holding a directory', () => {
	const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-places-')));
	const real = path.join(root, 'data', 'project');
	fs.mkdirSync(path.join(real, 'src'), { recursive: true });
	const link = path.join(root, 'code');
	fs.symlinkSync(path.join(root, 'data'), link);
	after(() => fs.rmSync(root, { recursive: true, force: true }));

	it('matches a real cwd against a folder reached through a link, and the other way round', () => {
		assert.ok(isInside(path.join(link, 'project'), path.join(real, 'src')));
		assert.ok(isInside(real, path.join(link, 'project', 'src')));
		assert.ok(isInside(real, real));
	});

	it('does not take a sibling with a common prefix, or the parent, for inside', () => {
		assert.ok(!isInside(real, `${real}-old`));
		assert.ok(!isInside(real, path.dirname(real)));
		assert.ok(!isInside('/work/app', '/work/application'));
	});

	it('gives the deeper folder the greater depth, and -1 outside', () => {
		assert.ok(depthInside(real, path.join(real, 'src')) > depthInside(path.join(root, 'data'), path.join(real, 'src')));
		assert.equal(depthInside('/srv', '/home'), -1);
	});

	it('keeps a path that does not exist as written', () => {
		assert.deepEqual(spellings('/no/such/dir/../dir'), ['/no/such/dir']);
		assert.ok(isInside('/no/such', '/no/such/dir'));
	});
});

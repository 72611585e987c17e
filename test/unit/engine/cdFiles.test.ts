/**
 * After `cd DIR` a command reads its files from DIR. The engine judges such a command against both
 * the new and the original folder (analyze.ts); a per-invocation cache in a rule must not hand the
 * second judgement the first one's answer (found in the engine-speed work: `cd sub && psql -f x.sql`
 * came back allow when ./x.sql was harmless and sub/x.sql dropped a table).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEngine, verdict } from '../helpers';

useEngine();

const FILES: Record<string, string> = {
	'/p/x.sql': 'SELECT 1;',
	'/p/sub/x.sql': 'DROP TABLE users;',
	'/p/b.json': '{}',
	'/p/sub/b.json': '{"query":"mutation { volumeDelete(volumeId: \\"v1\\") }"}',
};
const context = { cwd: '/p', workspaceFolders: ['/p'], home: '/h', env: {}, readFile: (file: string) => FILES[file] };

describe('a file read after cd comes from the new folder', () => {
	for (const [line, target] of [
		['cd sub && psql -f x.sql shop', 'users'],
		['cd sub; psql shop -f x.sql', 'users'],
		['cd /p/sub && psql -f x.sql shop', 'users'],
		['cd sub && curl -d @b.json https://backboard.railway.com/graphql/v2', 'v1'],
		['cd sub; curl --data-binary @b.json https://backboard.railway.com/graphql/v2', 'v1'],
	] as const) {
		it(line, () => {
			const v = verdict(line, context);
			assert.equal(v.decision, 'confirm', `${line} → ${v.decision} ${v.rule ?? ''} (${v.reason})`);
			assert.equal(v.target, target);
		});
	}
	it('the same file in the original folder stays harmless', () => {
		assert.equal(verdict('psql -f x.sql shop', context).decision, 'allow');
		assert.equal(verdict('curl -d @b.json https://backboard.railway.com/graphql/v2', context).decision, 'allow');
	});
	it('and the original folder still counts when it is the destructive one', () => {
		const swapped = { ...context, readFile: (file: string) => ({ '/p/x.sql': 'DROP TABLE orders;', '/p/sub/x.sql': 'SELECT 1;' } as Record<string, string>)[file] };
		assert.equal(verdict('cd sub && psql -f x.sql shop', swapped).target, 'orders');
	});
});

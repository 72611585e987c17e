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

/**
 * Files read while unwrapping — a script run by a shell, `< file`, `cat file |` — follow an earlier cd
 * too. The parse does not know whether the cd ran in a subshell (`(cd sub) && bash y.sh` stays in the
 * original folder), so both folders are read and whichever is destructive is found.
 */
describe('a script or input read after cd: both folders count', () => {
	const IN_SUB: Record<string, string> = {
		'/p/y.sh': 'echo hi\n',
		'/p/sub/y.sh': 'rm -rf /srv/data\n',
		'/p/x.sql': 'SELECT 1;',
		'/p/sub/x.sql': 'DROP TABLE users;',
	};
	const IN_ORIGINAL: Record<string, string> = {
		'/p/y.sh': 'rm -rf /srv/data\n',
		'/p/sub/y.sh': 'echo hi\n',
		'/p/x.sql': 'DROP TABLE users;',
		'/p/sub/x.sql': 'SELECT 1;',
	};
	const cases = [
		['cd sub && bash y.sh', '/srv/data'],
		['cd sub && sh < y.sh', '/srv/data'],
		['cd sub && cat y.sh | bash', '/srv/data'],
		['cd sub; sudo bash y.sh', '/srv/data'],
		['cd sub && psql shop < x.sql', 'users'],
		['(cd sub) && bash y.sh', '/srv/data'],
		// The second pass runs only when the first looked at a file (analyze.ts): every way a
		// script is read after a cd must count as a look.
		['cd sub && ./y.sh', '/srv/data'],
		['cd sub && . ./y.sh', '/srv/data'],
		['cd sub && source y.sh', '/srv/data'],
		['cd sub && env -i bash y.sh', '/srv/data'],
		['pushd sub && bash y.sh', '/srv/data'],
		['cd sub && timeout 5 ./y.sh', '/srv/data'],
		['cd sub && nohup sh y.sh', '/srv/data'],
		// A substitution's file after a cd (both allowed when only sub/y.sh was destructive: the
		// substitution was read from the starting folder in both passes).
		['cd sub; sh -c "$(cat y.sh)"', '/srv/data'],
		['cd sub && eval "$(cat y.sh)"', '/srv/data'],
	] as const;
	for (const [files, where] of [[IN_SUB, 'sub/'], [IN_ORIGINAL, 'the original folder']] as const) {
		for (const [line, target] of cases) {
			it(`${line} — the destructive file in ${where}`, () => {
				const v = verdict(line, { ...context, readFile: (file: string) => files[file] });
				assert.equal(v.decision, 'confirm', `${line} → ${v.decision} ${v.rule ?? ''} (${v.reason})`);
				assert.equal(v.target, target);
			});
		}
	}
	it('harmless in both folders stays harmless', () => {
		const both = { ...context, readFile: (file: string) => ({ '/p/y.sh': 'echo a\n', '/p/sub/y.sh': 'echo b\n' } as Record<string, string>)[file] };
		assert.equal(verdict('cd sub && bash y.sh', both).decision, 'allow');
		assert.equal(verdict('cd sub && npm test', both).decision, 'allow');
	});
});

/**
 * A value a substitution printed, assigned after `&&` and then run as code: the assignment is not visible
 * where eval runs (it may not have happened), so the code is judged as what the substitution prints —
 * before, `cd sub && X=$(cat y.sh) && eval "$X"` was allowed whichever folder held the destructive script.
 */
describe('code run from a variable a substitution set after &&', () => {
	const IN_SUB: Record<string, string> = { '/p/y.sh': 'echo hi\n', '/p/sub/y.sh': 'rm -rf /srv/data\n' };
	const IN_ORIGINAL: Record<string, string> = { '/p/y.sh': 'rm -rf /srv/data\n', '/p/sub/y.sh': 'echo hi\n' };
	for (const [files, where] of [[IN_SUB, 'sub/'], [IN_ORIGINAL, 'the original folder']] as const) {
		for (const line of ['cd sub && X=$(cat y.sh) && eval "$X"', 'cd sub && X="$(cat y.sh)" && eval $X', 'cd sub && X=`cat y.sh` && bash -c "$X"', 'cd sub && X=$(cat y.sh) && sh -c "${X}"']) {
			it(`${line} — the destructive file in ${where}`, () => {
				const v = verdict(line, { ...context, readFile: (file: string) => files[file] });
				assert.equal(v.decision, 'confirm', `${line} → ${v.decision} ${v.rule ?? ''} (${v.reason})`);
			});
		}
	}
	it('with no cd, the script read is the one here: destructive asks, harmless runs', () => {
		assert.equal(verdict('true && X=$(cat y.sh) && sh -c "${X}"', { ...context, readFile: (file: string) => IN_ORIGINAL[file] }).target, '/srv/data');
		assert.equal(verdict('true && X=$(cat y.sh) && sh -c "${X}"', { ...context, readFile: (file: string) => IN_SUB[file] }).decision, 'allow');
	});
	it('a file that cannot be read: the code is not known, so it asks', () => {
		const v = verdict('X=$(cat nofile.sh) && eval "$X"', context);
		assert.equal(v.decision, 'confirm', `${v.decision} (${v.reason})`);
	});
	it('a shell\'s own set-up code, and a program path from a substitution, still run', () => {
		assert.equal(verdict('true && A=$(ssh-agent -s) && eval "$A"', context).decision, 'allow');
		assert.equal(verdict('true && PY=$(command -v python3) && $PY -m pip list', context).decision, 'allow');
		assert.equal(verdict('cd sub && X=$(cat y.sh) && echo "$X"', { ...context, readFile: (file: string) => IN_SUB[file] }).decision, 'allow');
	});
});

describe('after cd, what `rm -rf *` and `rm -rf .` empty is the folder it moved to', () => {
	// Both said "the whole project" (the reading as if the cd were in a subshell came first).
	for (const [line, reason] of [
		['cd /srv/data && rm -rf *', 'Deletes everything in /srv/data (* there).'],
		['cd /srv/data && rm -rf .', 'Deletes everything in /srv/data (. there).'],
		['cd src && rm -rf *', 'Deletes everything in /home/dev/project/src (* there).'],
	] as const) {
		it(line, () => {
			const v = verdict(line);
			assert.equal(v.decision, 'confirm');
			assert.equal(v.reason, reason);
		});
	}
	it('rm -rf * where the line starts is still the whole project', () => {
		assert.match(verdict('rm -rf *').reason, /the whole project/);
	});
});

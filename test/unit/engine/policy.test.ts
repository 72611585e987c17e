/**
 * Policy: production escalation (flag and environment), user rules, protected paths, and the
 * verdict's shape.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decisionFor, nameToType, productionSignal } from '../../../src/engine/policy';
import { expectVerdict, useEngine, verdict } from '../helpers';

useEngine();

describe('policy', () => {
	it('the name to type is never empty: an empty operand is skipped, and an empty box never matches', () => {
		// `rm -rf ""` deletes nothing (rm refuses an empty path); it must not become "" to type.
		expectVerdict('rm -rf "" important', 'confirm', 'important', 'files:rm');
		expectVerdict("rm -rf '' important", 'confirm', 'important', 'files:rm');
		expectVerdict('rm -rf ""', 'allow');
		assert.equal(nameToType({ target: '', targets: ['', ' ', 'vol-1'] }, 'x'), 'vol-1');
		assert.equal(nameToType({ target: null, targets: [] }, '  railway volume delete  '), 'railway');
		assert.equal(nameToType({ target: null, targets: [''] }, '   '), 'yes');
		assert.equal(nameToType({ target: 'victim', targets: ['victim'] }, 'rm -rf victim'), 'victim');
	});

	it('severity → decision, with production one step stricter', () => {
		assert.equal(decisionFor('medium', false), 'allow');
		assert.equal(decisionFor('medium', true), 'confirm');
		assert.equal(decisionFor('low', true), 'allow');
		assert.equal(decisionFor('high', false), 'confirm');
	});

	it('production signals in the environment', () => {
		assert.equal(productionSignal({ NODE_ENV: 'production' }), 'NODE_ENV=production');
		assert.equal(productionSignal({ RAILS_ENV: 'prod' }), 'RAILS_ENV=prod');
		assert.equal(productionSignal({ RAILWAY_ENVIRONMENT: 'production' }), 'RAILWAY_ENVIRONMENT=production');
		assert.equal(productionSignal({ NODE_ENV: 'development' }), undefined);
		assert.equal(productionSignal(undefined), undefined);
	});

	it('a medium rule is allowed normally and confirmed in production', () => {
		// `rmdir -p` is a medium rule.
		expectVerdict('rmdir -p a/b/c', 'allow');
		expectVerdict('rmdir -p a/b/c', 'confirm', 'a/b/c', 'files:rmdir-parents', { production: true });
	});

	it('production in the shell environment or inline escalates too', () => {
		expectVerdict('rmdir -p a/b/c', 'confirm', 'a/b/c', undefined, { env: { NODE_ENV: 'production' } });
		expectVerdict('RAILS_ENV=production rmdir -p a/b/c', 'confirm', 'a/b/c');
		assert.equal(verdict('RAILS_ENV=production rmdir -p a/b/c').production, true);
		assert.equal(verdict('NODE_ENV=test rmdir -p a/b/c').production, false);
	});

	it('deny beats confirm, and the primary target comes from the strongest hit', () => {
		const v = verdict('rm -rf victim && rm -rf /');
		assert.equal(v.decision, 'deny');
		assert.equal(v.target, '/');
		assert.deepEqual(new Set(v.targets), new Set(['/', 'victim']));
	});

	it('every target of a chain is listed', () => {
		const v = verdict('echo start && rm -rf alpha && rm -rf beta; echo done');
		assert.equal(v.decision, 'confirm');
		assert.deepEqual(v.targets, ['alpha', 'beta']);
	});

	it('user deny rules deny; allow rules turn confirm into allow but never lift a deny', () => {
		const config = { deny: ['^make nuke'], allow: ['^rm -rf (victim|/)$'] };
		expectVerdict('make nuke-all', 'deny', undefined, 'user:deny', { config });
		expectVerdict('rm -rf victim', 'allow', undefined, undefined, { config });
		expectVerdict('rm -rf /', 'deny', undefined, undefined, { config });
	});

	it('an allow rule lifts only the command it matches, not the rest of the line', () => {
		const config = { allow: ['^rm -rf victim'] };
		expectVerdict('sudo rm -rf victim', 'allow', undefined, undefined, { config });
		expectVerdict('rm -rf victim && rm -rf important', 'confirm', 'important', 'files:rm', { config });
		expectVerdict('rm -rf victim; bash -c "rm -rf data"', 'confirm', 'data', undefined, { config });
	});

	it('invalid user regexes are ignored, not fatal', () => {
		expectVerdict('rm -rf victim', 'confirm', 'victim', undefined, { config: { allow: ['('], deny: ['['], patterns: [{ match: '(' }] } });
	});

	it('protected paths (minimatch) make single-file deletion and overwrite need confirmation', () => {
		const config = { protectedPaths: ['**/fixtures/**', 'notes.txt', '/home/dev/project/data/*.csv'] };
		expectVerdict('rm notes.txt', 'confirm', 'notes.txt', 'files:rm', { config });
		expectVerdict('rm test/fixtures/a.json', 'confirm', 'test/fixtures/a.json', undefined, { config });
		expectVerdict('rm data/users.csv', 'confirm', 'data/users.csv', undefined, { config });
		expectVerdict('echo x > notes.txt', 'confirm', 'notes.txt', 'files:overwrite', { config });
		expectVerdict('rm other.txt', 'allow', undefined, undefined, { config });
	});

	it('user patterns add rules with a target from a capture group', () => {
		const config = { patterns: [{ id: 'deploy', match: '^make deploy-(\\w+)', target: 1, severity: 'high' as const, reason: 'Deploys.' }] };
		expectVerdict('make deploy-prod', 'confirm', 'prod', 'user:deploy', { config });
		expectVerdict('sudo make deploy-prod', 'confirm', 'prod', 'user:deploy', { config });
	});

	it('an allowed verdict has no target; a confirm has reason, target and alternative', () => {
		const ok = verdict('ls');
		assert.equal(ok.target, null);
		assert.deepEqual(ok.targets, []);
		const v = verdict('rm -rf victim');
		assert.ok(v.reason.length > 0);
		assert.ok(v.alternative && v.alternative.length > 0);
	});

	it('an incomplete line with a risky word asks; without one it is allowed', () => {
		expectVerdict("echo 'unterminated", 'allow');
		const v = expectVerdict('mkfs.ext4 /dev/sdb1 "', 'confirm');
		assert.equal(v.parse, 'incomplete');
	});
});

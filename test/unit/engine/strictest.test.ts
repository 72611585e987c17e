/** Workspace rules join the user's only when they make the verdict stricter. */
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze, initParser } from '../../../src/engine/analyze';
import type { GuardConfig, Verdict } from '../../../src/engine/types';
import { stricter, withWorkspaceRules } from '../../../src/engine/strictest';

/** The verdict as EditorGuard computes it: the user's rules, the workspace's only if stricter. */
function judged(line: string, user: GuardConfig, workspace: GuardConfig): Verdict {
	const cwd = '/home/someone/project';
	const base = analyze(line, { cwd, home: '/home/someone', config: user });
	return stricter(base, analyze(line, { cwd, home: '/home/someone', config: withWorkspaceRules(user, workspace) }));
}

describe('strictest: workspace rules only raise', () => {
	before(() => initParser());

	it("'rm -rf victim' with a workspace pattern of severity none -> still confirm 'victim'", () => {
		const v = judged('rm -rf victim', {}, { patterns: [{ id: 'x', match: '^rm -rf (victim)', severity: 'none' }] });
		assert.equal(v.decision, 'confirm');
		assert.equal(v.target, 'victim');
	});

	it("'rm -rf victim' with a critical workspace pattern targeting 't' -> still type 'victim'", () => {
		const v = judged('rm -rf victim', {}, { patterns: [{ id: 'x', match: '^rm -rf vic(t)im', target: 1, severity: 'critical' }] });
		assert.equal(v.target, 'victim');
		assert.equal(v.rule?.startsWith('user:'), false);
	});

	it("'ls -la' with a workspace deny -> deny", () => {
		assert.equal(judged('ls -la', {}, { deny: ['^ls'] }).decision, 'deny');
	});

	it("'make deploy-prod' with a workspace pattern -> confirm 'prod'", () => {
		const v = judged('make deploy-prod', {}, { patterns: [{ id: 'deploy', match: '^make deploy-(\\w+)', target: 1 }] });
		assert.equal(v.decision, 'confirm');
		assert.equal(v.target, 'prod');
	});

	it('a workspace allow is never taken, a user allow is', () => {
		assert.deepEqual(withWorkspaceRules({ allow: ['^a'] }, { allow: ['^b'] } as GuardConfig).allow, ['^a']);
		assert.equal(judged('rm -rf victim', { allow: ['^rm -rf victim$'] }, { protectedPaths: ['nothing'] }).decision, 'allow');
	});

	it('a user allow does not lift a workspace deny', () => {
		assert.equal(judged('rm -rf victim', { allow: ['^rm -rf victim$'] }, { deny: ['victim'] }).decision, 'deny');
	});
});

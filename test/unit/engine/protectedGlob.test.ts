/**
 * `protectedPaths` globs run on RE2: a glob a workspace sets cannot hang a check, and every path
 * minimatch matched is still matched (dropping minimatch's `.`/`..` lookaheads can only add matches).
 * The hang case runs in a child process with a generous kill deadline and asserts on its verdict.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Minimatch } from 'minimatch';
import { protectedGlob } from '../../../src/engine/protectedGlob';

const COMPILED_ENGINE = path.join(__dirname, '..', '..', '..', 'src', 'engine', 'analyze.js');
const DEADLINE_MS = 60_000;

function verdictInChild(line: string, protectedPaths: string[]): { decision?: string; rule?: string | null; hung: boolean } {
	const script = `
		const { analyze, initParser } = require(${JSON.stringify(COMPILED_ENGINE)});
		initParser().then(() => {
			const v = analyze(process.env.TG_LINE, { cwd: '/home/dev/project', workspaceFolders: ['/home/dev/project'], home: '/home/dev', env: {}, readFile: () => undefined, config: { protectedPaths: JSON.parse(process.env.TG_GLOBS) } });
			process.stdout.write(JSON.stringify({ decision: v.decision, rule: v.rule }));
		});`;
	const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: DEADLINE_MS, killSignal: 'SIGKILL', env: { ...process.env, TG_LINE: line, TG_GLOBS: JSON.stringify(protectedPaths) } });
	if (result.error || result.signal) {
		return { hung: true };
	}
	assert.equal(result.status, 0, result.stderr);
	return { ...(JSON.parse(result.stdout) as { decision: string; rule: string | null }), hung: false };
}

describe('protectedPaths globs', () => {
	it('a backtracking glob against a long path finishes, and still protects what it names', () => {
		const glob = '*a*a*a*a*a*a*a*a*a*a*b';
		const long = verdictInChild(`rm -f ${'a'.repeat(5000)}`, [glob]);
		assert.equal(long.hung, false, 'the check hung on the glob');
		assert.notEqual(long.rule, 'files:protected-path');
		const named = verdictInChild(`rm -f ${'a'.repeat(12)}b`, [glob]);
		assert.equal(named.hung, false);
		assert.equal(named.decision, 'confirm');
	});

	it('matches every path minimatch matched (and may match more, never fewer)', () => {
		const globs = ['**/secrets/**', '*.env', '/srv/*.db', 'data/{a,b}/**', 'db/*.sqlite3', 'prod.db', '/home/u/**', '**/.git', '[ab]*.sql', 'src/**/*.ts', '?x', '**', '*', 'infra/terraform.tfstate', 'a/**/b/**/c'];
		const paths = ['secrets', 'a/secrets', 'a/secrets/b', 'x/.env', '.env', 'prod.env', '/srv/a.db', '/srv/b/a.db', 'data/a', 'data/a/x', 'data/c/x', 'db/x.sqlite3', 'prod.db', 'a/prod.db', '/home/u', '/home/u/x/y', '.git', 'a/.git', 'a.sql', 'c.sql', 'src/a/b.ts', 'src/b.ts', 'ax', 'bx', 'abx', 'infra/terraform.tfstate', 'a/x/b/y/c', 'a/b/c', 'a/b/x'];
		let compared = 0;
		for (const glob of globs) {
			const old = new Minimatch(glob, { dot: true, matchBase: !glob.includes('/') });
			for (const p of paths) {
				if (old.match(p)) {
					compared++;
					assert.ok(protectedGlob(glob).match(p), `${glob} no longer matches ${p}`);
				}
			}
		}
		assert.ok(compared > 30, `only ${compared} matching pairs compared`);
	});

	it('keeps a glob\'s meaning: a star stays inside one folder, a class and braces still choose', () => {
		assert.equal(protectedGlob('/srv/*.db').match('/srv/x/a.db'), false);
		assert.equal(protectedGlob('[ab]*.sql').match('c.sql'), false);
		assert.equal(protectedGlob('data/{a,b}/**').match('data/c/x'), false);
		assert.equal(protectedGlob('*.env').match('config/prod.env'), true, 'a glob without a slash matches the name anywhere');
		assert.equal(protectedGlob('!(x)').match('y'), false, 'an extglob is plain text, not a negation that matches everything else');
	});
});

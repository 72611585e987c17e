/**
 * The person's regexes (`deny`, `allow`, `patterns`) on a linear-time engine: known catastrophic
 * patterns finish with the right verdict, JavaScript's meaning is kept where RE2 can keep it, and what
 * RE2 cannot run is refused with a sentence naming the rule while the other rules still apply.
 *
 * The ReDoS cases run in a child process with a generous kill deadline and assert on the verdict it
 * printed: a check that hangs is killed and fails the test; nothing here depends on how fast it is.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { GuardConfig } from '../../../src/engine/types';
import { compileUserRegex, isRefusal, ruleProblems, type UserRegex } from '../../../src/engine/userRegex';
import { expectVerdict, useEngine } from '../helpers';

useEngine();

const COMPILED_ENGINE = path.join(__dirname, '..', '..', '..', 'src', 'engine', 'analyze.js');
/** Far beyond what a linear match of these lines needs (milliseconds); a backtracking match needs years. */
const DEADLINE_MS = 60_000;

/** The verdict for `line` with `config`, computed in a child process that is killed at the deadline. */
function verdictInChild(line: string, config: GuardConfig): { decision?: string; rule?: string | null; target?: string | null; hung: boolean } {
	const script = `
		const { analyze, initParser } = require(${JSON.stringify(COMPILED_ENGINE)});
		initParser().then(() => {
			const v = analyze(process.env.TG_LINE, { cwd: '/home/dev/project', workspaceFolders: ['/home/dev/project'], home: '/home/dev', env: {}, readFile: () => undefined, config: JSON.parse(process.env.TG_CONFIG) });
			process.stdout.write(JSON.stringify({ decision: v.decision, rule: v.rule, target: v.target }));
		});`;
	const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: DEADLINE_MS, killSignal: 'SIGKILL', env: { ...process.env, TG_LINE: line, TG_CONFIG: JSON.stringify(config) } });
	if (result.error || result.signal) {
		return { hung: true };
	}
	assert.equal(result.status, 0, result.stderr);
	return { ...(JSON.parse(result.stdout) as { decision: string; rule: string | null; target: string | null }), hung: false };
}

function compiled(source: string): UserRegex {
	const re = compileUserRegex(source);
	assert.ok(!isRefusal(re), `${source} was refused: ${isRefusal(re) ? re.refused : ''}`);
	return re;
}

function refusal(source: string): string {
	const re = compileUserRegex(source);
	assert.ok(isRefusal(re), `${source} compiled`);
	return re.refused;
}

describe('user regexes: catastrophic backtracking cannot hang a check', () => {
	const a = 'a'.repeat(30_000);
	it('deny "(a+)+$" against "echo aaa…ab" -> allow, and against "echo aaa" -> deny', () => {
		const long = verdictInChild(`echo ${a}b`, { deny: ['(a+)+$'] });
		assert.equal(long.hung, false, 'the check was killed at the deadline');
		assert.equal(long.decision, 'allow');
		const short = verdictInChild('echo aaaa', { deny: ['(a+)+$'] });
		assert.deepEqual([short.decision, short.rule], ['deny', 'user:deny']);
	});

	it('pattern "^(\\w+\\s?)+$" against a long command ending in "!" -> allow; a matching one -> confirm', () => {
		const words = Array.from({ length: 3000 }, () => 'ab').join(' ');
		const long = verdictInChild(`echo ${words}!`, { patterns: [{ id: 'words', match: '^(\\w+\\s?)+$' }] });
		assert.equal(long.hung, false, 'the check was killed at the deadline');
		assert.equal(long.decision, 'allow');
		const short = verdictInChild('echo ab ab', { patterns: [{ id: 'words', match: '^(\\w+\\s?)+$' }] });
		assert.deepEqual([short.decision, short.rule], ['confirm', 'user:words']);
	});

	it('allow "(x+x+)+y" against "rm -rf xxx…x" -> still confirm (the allow does not match)', () => {
		const v = verdictInChild(`rm -rf ${'x'.repeat(30_000)}`, { allow: ['(x+x+)+y'] });
		assert.equal(v.hung, false, 'the check was killed at the deadline');
		assert.equal(v.decision, 'confirm');
	});

	it('a shell pattern strip on the command line, ${x%%*a*a*a*a*a*a*a*a*b}, is judged', () => {
		// The pattern is the line's own text, not a setting: an agent could send it.
		const v = verdictInChild(`x=${'a'.repeat(4000)}; rm -rf "\${x%%*a*a*a*a*a*a*a*a*b}"`, {});
		assert.equal(v.hung, false, 'the check was killed at the deadline');
		assert.equal(v.decision, 'confirm');
	});
});

describe('user regexes keep JavaScript\'s meaning', () => {
	it('case-insensitive and unanchored, with ^ and $ at the ends of the text', () => {
		assert.equal(compiled('terraform destroy').test('TERRAFORM DESTROY -auto-approve'), true);
		assert.equal(compiled('^rm').test('sudo rm x'), false);
		assert.equal(compiled('prod$').test('deploy prod'), true);
		assert.equal(compiled('prod$').test('deploy prod\nx'), false);
	});

	it('numbered and named groups keep their numbers and names', () => {
		const m = compiled('^helm (uninstall|delete) (?<release>[\\w-]+)').exec('helm delete my-app --purge');
		assert.ok(m);
		assert.equal(m[0], 'helm delete my-app');
		assert.equal(m[1], 'delete');
		assert.equal(m[2], 'my-app');
		assert.equal(m.groups?.release, 'my-app');
	});

	it('JavaScript escapes RE2 spells differently: \\u0041, \\cJ, [^]', () => {
		assert.equal(compiled('\\u0041BC').test('abc'), true);
		assert.equal(compiled('a\\cJb').test('a\nb'), true);
		assert.equal(compiled('a[^]b').test('a\nb'), true);
	});

	it('a user pattern target and a deny rule work through analyze()', () => {
		expectVerdict('refresh-cache --all billing', 'confirm', 'billing', 'user:refresh', { config: { patterns: [{ id: 'refresh', match: '^refresh-(\\w+) --all (?<what>[\\w-]+)', target: 'what' }] } });
		expectVerdict('make deploy-prod', 'confirm', 'prod', 'user:deploy', { config: { patterns: [{ id: 'deploy', match: '^make deploy-(\\w+)', target: 1 }] } });
		expectVerdict('TERRAFORM destroy -target=prod', 'deny', undefined, 'user:deny', { config: { deny: ['\\bterraform\\s+destroy\\b.*\\bprod'] } });
	});
});

describe('user regexes RE2 cannot run are refused, by name, and the others still apply', () => {
	it('a backreference, a named backreference, lookahead and lookbehind are refused with what they use', () => {
		assert.match(refusal('(\\w)\\1'), /uses a backreference, which Terminal Guard does not allow/);
		assert.match(refusal('(?<q>[\'"]).*\\k<q>'), /uses a named backreference, which Terminal Guard does not allow/);
		assert.match(refusal('rm(?= -rf)'), /uses a lookahead/);
		assert.match(refusal('rm(?! -i)'), /uses a lookahead/);
		assert.match(refusal('(?<=sudo )rm'), /uses a lookbehind/);
		assert.match(refusal('(?<!#)rm'), /uses a lookbehind/);
	});

	it('look-alikes that are not those constructs compile: escaped parens, classes, named groups', () => {
		compiled('\\(?=x');
		compiled('[(?=]x');
		compiled('[\\\\]1');
		compiled('(?<name>x)');
		compiled('(?:x)');
	});

	it('a letter escape JavaScript reads as the letter and RE2 as something else (\\z, \\A, \\Q, \\p, \\k) is refused', () => {
		assert.match(refusal('rm\\z'), /uses "\\z", which JavaScript reads as the letter "z" and RE2 as something else/);
		for (const source of ['\\Arm', '\\Qrm\\E', '\\p{L}', '\\kx', '[\\z]']) {
			refusal(source);
		}
		for (const source of ['\\d\\D\\w\\W\\s\\S\\b\\B', '\\f\\n\\r\\t\\v', '\\cJ\\x41\\u0041']) {
			compiled(source);
		}
	});

	it('an invalid regex and one beyond RE2\'s limits are refused with the reason', () => {
		assert.match(refusal('rm ('), /is not a valid regular expression/);
		assert.match(refusal('a{1001}'), /cannot be matched in linear time \(invalid repeat count/);
	});

	it('ruleProblems names each skipped rule by its place: deny[i], allow[i], patterns[i]', () => {
		const problems = ruleProblems({ deny: ['ok', '(a)\\1'], allow: [3], patterns: [{ match: 'x' }, { match: 'a(?=b)' }, { id: 'nomatch' }] });
		assert.deepEqual(problems.map((p) => p.where), ['deny[1]', 'allow[0]', 'patterns[1]', 'patterns[2]']);
		assert.match(problems[0].problem, /uses a backreference/);
		assert.match(problems[1].problem, /is not a string/);
		assert.match(problems[3].problem, /has no "match" string/);
		assert.deepEqual(ruleProblems({ deny: 'rm', patterns: {} }).map((p) => p.where), ['deny', 'patterns']);
		assert.deepEqual(ruleProblems({ deny: ['^rm'], patterns: [{ match: '^x' }] }), []);
	});

	it('a refused rule is skipped and the rules beside it still decide', () => {
		const config: GuardConfig = { deny: ['(\\w)\\1', '^ls -la$'], patterns: [{ id: 'bad', match: '(?<=x)y' }, { id: 'deploy', match: '^make deploy-(\\w+)', target: 1 }] };
		expectVerdict('ls -la', 'deny', undefined, 'user:deny', { config });
		expectVerdict('make deploy-prod', 'confirm', 'prod', 'user:deploy', { config });
		// The refused rule itself does not apply (its "ll" in "hello" would have matched): it is reported, not run.
		expectVerdict('echo hello', 'allow', undefined, undefined, { config });
	});
});

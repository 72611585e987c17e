/**
 * `terminal-guard check --config FILE` with rules that would hang a backtracking engine or that RE2
 * cannot run: the real bin script over the real bundle, killed at a generous deadline if it hangs.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const BIN = path.join(__dirname, '..', '..', '..', '..', 'bin', 'terminal-guard');
const DEADLINE_MS = 60_000;

function cliWithin(args: string[]) {
	const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: DEADLINE_MS, killSignal: 'SIGKILL', maxBuffer: 1 << 26 });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr, hung: result.error !== undefined || result.signal !== null };
}

describe('terminal-guard check --config: rules cannot hang it, and a rule it cannot run is named', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-rules-'));
	const rules = path.join(dir, 'rules.json');
	fs.writeFileSync(rules, JSON.stringify({
		deny: ['(a+)+$', 'x(?=y)'],
		patterns: [{ id: 'twice', match: '(\\w)\\1' }, { id: 'deploy', match: '^make deploy-(\\w+)', target: 1 }],
	}));
	after(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('deny "(a+)+$" over "echo aaa…ab" -> allow (exit 0), not a hang', () => {
		const r = cliWithin(['check', '--json', '--config', rules, '--', `echo ${'a'.repeat(30_000)}b`]);
		assert.equal(r.hung, false, 'the CLI was killed at the deadline');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(JSON.parse(r.stdout).decision, 'allow');
	});

	it('the same rule still denies what it matches (exit 2), and the good pattern still asks', () => {
		const denied = cliWithin(['check', '--json', '--config', rules, '--', 'echo aaaa']);
		assert.equal(denied.status, 2, denied.stderr);
		assert.equal(JSON.parse(denied.stdout).rule, 'user:deny');
		const deploy = cliWithin(['check', '--json', '--config', rules, '--', 'make deploy-prod']);
		assert.equal(deploy.status, 1, deploy.stderr);
		assert.deepEqual([JSON.parse(deploy.stdout).rule, JSON.parse(deploy.stdout).target], ['user:deploy', 'prod']);
	});

	it('names each rule it cannot run on stderr, with the file and the place in it', () => {
		const r = cliWithin(['check', '--config', rules, '--', 'ls']);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stderr, new RegExp(`${rules.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: deny\\[1\\]: "x\\(\\?=y\\)" uses a lookahead, which Terminal Guard does not allow`));
		assert.match(r.stderr, /: patterns\[0\]: "\(\\\\w\)\\\\1" uses a backreference, which Terminal Guard does not allow .*this rule is skipped, the other rules apply\./);
		assert.doesNotMatch(r.stderr, /deny\[0\]|patterns\[1\]/);
	});

	it('--stdin (JSON Lines) with the same rules answers every line', () => {
		const input = [`echo ${'a'.repeat(30_000)}b`, 'echo aaaa', 'make deploy-prod'].map((command) => JSON.stringify({ command })).join('\n') + '\n';
		const result = spawnSync(process.execPath, [BIN, 'check', '--json', '--stdin', '--config', rules], { input, encoding: 'utf8', timeout: DEADLINE_MS, killSignal: 'SIGKILL' });
		assert.equal(result.signal, null, 'the CLI was killed at the deadline');
		assert.deepEqual(result.stdout.trim().split('\n').map((l) => JSON.parse(l).decision), ['allow', 'deny', 'confirm']);
	});
});

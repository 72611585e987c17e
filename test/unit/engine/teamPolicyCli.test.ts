/**
 * The team policy with no editor: the real bin script (`terminal-guard check`, `terminal-guard hook
 * claude-code`) in a separate process whose HOME is a throwaway home with no editor in it, run in a
 * git repository holding `.terminal-guard.json`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'terminal-guard');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'agents');
/** Allowed by the built-in rules outside production, asks in production. */
const MEDIUM = 'kubectl delete pod web-1';

let repo: string;
let home: string;

function run(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
	const r = spawnSync(process.execPath, [BIN, ...args], { cwd: repo, input, encoding: 'utf8', timeout: 60000, env: { PATH: process.env.PATH ?? '', HOME: home } });
	assert.equal(r.error, undefined, String(r.error));
	return r;
}

function claude(command: string): { decision: string; reason: string } {
	const input = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'claude-code', 'git-status.json'), 'utf8'));
	input.tool_input.command = command;
	input.cwd = repo;
	const r = run(['hook', 'claude-code'], JSON.stringify(input));
	if (r.stdout === '') {
		assert.equal(r.status, 0, r.stderr);
		return { decision: 'none', reason: '' };
	}
	const out = JSON.parse(r.stdout).hookSpecificOutput;
	return { decision: out.permissionDecision, reason: out.permissionDecisionReason };
}

beforeEach(() => {
	const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-team-cli-')));
	repo = path.join(base, 'repo');
	home = path.join(base, 'home');
	fs.mkdirSync(path.join(repo, 'db'), { recursive: true });
	fs.mkdirSync(home);
	fs.writeFileSync(path.join(repo, 'db', 'schema.sql'), 'create table t (id int);\n');
	assert.equal(spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: repo }).status, 0);
});
/**
 * Ends the local engines the hooks started under this HOME — found by the folder in their command line, so one
 * still starting (no record yet) is found too — so removing HOME does not race them writing there.
 */
function stopLocalEngines(): void {
	for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
		try {
			if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(home)) {
				process.kill(Number(pid), 'SIGKILL');
			}
		} catch {
			// gone already
		}
	}
}

afterEach(() => {
	stopLocalEngines();
	fs.rmSync(path.dirname(repo), { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
});

describe('team policy with no editor (terminal-guard check / hook)', () => {
	it('check: a branch marker on main makes a medium line ask (exit 1), and says which rule', () => {
		assert.equal(run(['check', '--', MEDIUM]).status, 0, 'without a policy it runs');
		fs.writeFileSync(path.join(repo, '.terminal-guard.json'), JSON.stringify({ production: { branches: ['main'] } }));
		const r = run(['check', '--json', '--', MEDIUM]);
		assert.equal(r.status, 1, r.stdout + r.stderr);
		assert.match(r.stdout, /team policy: \.terminal-guard\.json, production: git branch `main` matches `main`/);
	});

	it('check: a protected path asks', () => {
		assert.equal(run(['check', '--', 'rm db/schema.sql']).status, 0);
		fs.writeFileSync(path.join(repo, '.terminal-guard.json'), '{ // comments are fine\n "protectedPaths": ["db/**"] }');
		const r = run(['check', '--', 'rm db/schema.sql']);
		assert.equal(r.status, 1);
		assert.match(r.stdout, /protected path `db\/\*\*`/);
	});

	it('explain: shows the verdict the team policy gives, and the team rule among the rules considered', () => {
		fs.writeFileSync(path.join(repo, '.terminal-guard.json'), JSON.stringify({ protectedPaths: ['db/**'], production: { branches: ['main'] } }));
		const r = run(['explain', '--', 'rm db/schema.sql']);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /confirm/, r.stdout);
		assert.match(r.stdout, /team policy: \.terminal-guard\.json, protected path `db\/\*\*`/, r.stdout);
		const medium = run(['explain', '--', MEDIUM]);
		assert.match(medium.stdout, /confirm/, medium.stdout);
		assert.match(medium.stdout, /production: git branch `main`/, medium.stdout);
	});

	it('hook claude-code with no editor refuses what the team policy makes ask', () => {
		assert.equal(claude('rm db/schema.sql').decision, 'none', 'without a policy the hook lets it run');
		fs.writeFileSync(path.join(repo, '.terminal-guard.json'), JSON.stringify({ protectedPaths: ['db/**'], confirmTools: ['terraform'] }));
		const denied = claude('rm db/schema.sql');
		assert.equal(denied.decision, 'deny');
		assert.match(denied.reason, /team policy: \.terminal-guard\.json, protected path `db\/\*\*`/);
		assert.equal(claude('terraform apply').decision, 'deny');
		assert.equal(claude('git status').decision, 'none', 'harmless lines still run');
	});

	it('hook: an invalid policy file makes the repository production, naming the line', () => {
		fs.writeFileSync(path.join(repo, '.terminal-guard.json'), '{\n  "protectedPaths": ["db/**"],\n  "deny": "not a list"\n}');
		const r = claude(MEDIUM);
		assert.equal(r.decision, 'deny');
		assert.match(r.reason, /line 3: "deny" must be a list of strings/);
	});
});

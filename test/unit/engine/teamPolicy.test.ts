/**
 * The team policy (src/engine/teamPolicy.ts): `.terminal-guard.json` read the way the CLI, the hooks
 * and the editor read it, judged through the engine's `analyze`. Every attempt to loosen anything with
 * it — allow lists, `production: false`, duplicate keys, hostile sizes and nesting, a symbolic link out
 * of the repository, a FIFO, a policy in a parent folder — must leave every verdict at least as strict.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { analyze } from '../../../src/engine/analyze';
import { readSmallFile } from '../../../src/engine/context';
import {
	envFileVariables, gitHead, MAX_POLICY_ITEMS, MAX_TEAM_POLICY_BYTES, parseTeamPolicy, productionMarker, readTeamPolicy, TEAM_POLICY_FILE, teamPoliciesFor, wildcardMatches,
} from '../../../src/engine/teamPolicy';
import type { AnalysisContext, Verdict } from '../../../src/engine/types';
import { useEngine } from '../helpers';

useEngine();

/** Allowed by the built-in rules outside production, asks in production (medium severity). */
const MEDIUM = 'kubectl delete pod web-1';

let repo: string;
let home: string;

function git(...args: string[]): string {
	const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

function writePolicy(policy: unknown, dir = repo): void {
	fs.writeFileSync(path.join(dir, TEAM_POLICY_FILE), typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2));
}

/** The verdict for `line` run at the top of the repository, with the team policy as the CLI finds it. */
function judge(line: string, overrides: Partial<AnalysisContext> = {}): Verdict {
	const cwd = overrides.cwd ?? repo;
	return analyze(line, { cwd, workspaceFolders: [repo], home, env: {}, readFile: readSmallFile, production: false, team: teamPoliciesFor(cwd, repo), ...overrides });
}

beforeEach(() => {
	// Not under the temp folder's name pattern the engine treats as disposable: a real clone's place.
	const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-team-')));
	repo = path.join(base, 'repo');
	home = path.join(base, 'home');
	fs.mkdirSync(path.join(repo, 'db'), { recursive: true });
	fs.mkdirSync(home);
	fs.writeFileSync(path.join(repo, 'db', 'schema.sql'), 'create table t (id int);\n');
	git('init', '-q', '-b', 'main');
	git('add', '.');
	git('commit', '-q', '-m', 'first');
});
afterEach(() => fs.rmSync(path.dirname(repo), { recursive: true, force: true }));

describe('team policy: parsing', () => {
	it('reads every kind of rule, with comments and trailing commas (the editor opens it as JSONC)', () => {
		const { policy, problems } = parseTeamPolicy(`{
			// the team's rules
			"$schema": "https://example/terminal-guard.schema.json",
			"production": { "branches": ["main", "release/*"], "variables": { "DEPLOY_TARGET": "prod*" }, "envFiles": [".env.production"], "kubeContexts": ["prod-*"], "cloudProfiles": ["prod"] },
			"protectedPaths": ["db/**"],
			"deny": ["^make nuke"],
			"patterns": [{ "match": "deploy\\\\.sh --all", "reason": "It deploys every region.", "id": "all-regions" }],
			"confirmTools": ["terraform"],
		}`);
		assert.deepEqual(problems, []);
		assert.deepEqual(policy.production.branches, ['main', 'release/*']);
		assert.deepEqual(policy.production.variables, { DEPLOY_TARGET: 'prod*' });
		assert.deepEqual(policy.protectedPaths, ['db/**']);
		assert.deepEqual(policy.deny, ['^make nuke']);
		assert.equal(policy.patterns[0].id, 'team:all-regions');
		assert.equal(policy.patterns[0].severity, 'high');
		assert.deepEqual(policy.confirmTools, ['terraform']);
	});

	it('names the line of each problem', () => {
		const { problems } = parseTeamPolicy('{\n  "protectedPaths": ["db/**"],\n  "deny": [42],\n  "patterns": [{ "match": "(?=x)y" }]\n}');
		assert.deepEqual(problems.map((p) => p.line), [3, 4]);
		assert.match(problems[0].message, /"deny" item 1 must be a string/);
		assert.match(problems[1].message, /lookahead/);
	});

	it('a syntax error is reported at its line', () => {
		const { problems } = parseTeamPolicy('{\n  "deny": ["^x"]\n  "protectedPaths": []\n}');
		assert.equal(problems[0].line, 3);
		assert.match(problems[0].message, /not valid JSON/);
	});

	it('keys that would loosen are reported and never read: allow, enabled, production false', () => {
		const { policy, problems } = parseTeamPolicy('{"allow": [".*"], "enabled": false, "production": false, "confirmTimeoutSeconds": 1}');
		assert.equal(problems.length, 4);
		assert.ok(problems.every((p) => /ignored|cannot make anything less strict/.test(p.message)), JSON.stringify(problems));
		assert.equal('allow' in policy, false);
	});

	it('a key given twice: both values apply (JSON.parse would keep only the last)', () => {
		const { policy, problems } = parseTeamPolicy('{"protectedPaths": ["db/**"], "protectedPaths": [], "production": true, "production": false}');
		assert.deepEqual(policy.protectedPaths, ['db/**']);
		assert.equal(policy.production.workspace, true);
		assert.ok(problems.some((p) => /given twice/.test(p.message)));
	});

	it('a byte-order mark at the start is not a problem (it made the whole repository production)', () => {
		const { policy, problems } = parseTeamPolicy('\uFEFF{"protectedPaths": ["db/**"]}');
		assert.deepEqual(problems, []);
		assert.deepEqual(policy.protectedPaths, ['db/**']);
	});

	it('hostile nesting is refused without a stack overflow', () => {
		const text = `{"deny": ${'['.repeat(200000)}${']'.repeat(200000)}}`;
		const { problems } = parseTeamPolicy(text);
		assert.match(problems[0].message, /nests deeper/);
	});

	it('more entries than a policy may hold is a problem, not a silent cut', () => {
		const { policy, problems } = parseTeamPolicy(JSON.stringify({ protectedPaths: Array.from({ length: MAX_POLICY_ITEMS + 1 }, (_, i) => `p${i}`) }));
		assert.equal(policy.protectedPaths.length, 0);
		assert.match(problems[0].message, /more than the 500/);
	});

	it('a pattern whose severity would never ask is raised to high', () => {
		const { policy, problems } = parseTeamPolicy('{"patterns": [{"match": "x", "severity": "low"}]}');
		assert.equal(policy.patterns[0].severity, 'high');
		assert.match(problems[0].message, /would never ask/);
	});

	it('wildcards match whole names, linear time', () => {
		assert.equal(wildcardMatches('release/*', 'release/2026.1'), true);
		assert.equal(wildcardMatches('main', 'feature/main'), false);
		assert.equal(wildcardMatches('prod-?', 'prod-1'), true);
		assert.equal(wildcardMatches(`${'*a'.repeat(30)}b`, 'a'.repeat(5000)), false);
	});

	it('env files: NAME=value, export, quotes, comments', () => {
		assert.deepEqual(envFileVariables('# c\nexport NODE_ENV="production"\nA=1 # note\n'), { NODE_ENV: 'production', A: '1' });
	});
});

describe('team policy: reading the file', () => {
	it('no file: nothing', () => {
		assert.equal(readTeamPolicy(repo), undefined);
		assert.deepEqual(teamPoliciesFor(repo, repo), []);
	});

	it('a symbolic link out of the repository is refused (and so counts as production)', () => {
		const outside = path.join(path.dirname(repo), 'elsewhere.json');
		fs.writeFileSync(outside, '{"protectedPaths": []}');
		fs.symlinkSync(outside, path.join(repo, TEAM_POLICY_FILE));
		const read = readTeamPolicy(repo)!;
		assert.match(read.problems[0].message, /outside the repository/);
		assert.equal(judge(MEDIUM).decision, 'confirm');
	});

	it('a symbolic link to a file inside the repository is read', () => {
		fs.mkdirSync(path.join(repo, 'policy'));
		fs.writeFileSync(path.join(repo, 'policy', 'team.json'), '{"protectedPaths": ["db/**"]}');
		fs.symlinkSync(path.join('policy', 'team.json'), path.join(repo, TEAM_POLICY_FILE));
		const read = readTeamPolicy(repo)!;
		assert.deepEqual(read.problems, []);
		assert.deepEqual(read.policy.protectedPaths, ['db/**']);
	});

	it('a FIFO in its place does not hang the check, and counts as production', { skip: process.platform === 'win32' && 'no mkfifo' }, () => {
		assert.equal(spawnSync('mkfifo', [path.join(repo, TEAM_POLICY_FILE)]).status, 0);
		const read = readTeamPolicy(repo)!;
		assert.match(read.problems[0].message, /not a regular file/);
		assert.equal(judge(MEDIUM).decision, 'confirm');
	});

	it('a file larger than the limit is not read, and counts as production', () => {
		writePolicy(`{"deny": ["${'x'.repeat(MAX_TEAM_POLICY_BYTES)}"]}`);
		assert.match(readTeamPolicy(repo)!.problems[0].message, /larger than/);
		assert.equal(judge(MEDIUM).production, true);
	});

	it('a policy in a parent folder of the repository is not read', () => {
		writePolicy({ production: true }, path.dirname(repo));
		assert.deepEqual(teamPoliciesFor(repo, repo), []);
		assert.equal(judge(MEDIUM).decision, 'allow');
	});

	it('in a subfolder, the repository top\'s policy applies', () => {
		writePolicy({ production: { branches: ['main'] } });
		assert.equal(judge(MEDIUM, { cwd: path.join(repo, 'db') }).decision, 'confirm');
	});

	it('a changed file is read again (the cache follows the file)', () => {
		writePolicy({ protectedPaths: ['db/**'] });
		assert.deepEqual(readTeamPolicy(repo)!.policy.protectedPaths, ['db/**']);
		writePolicy({ protectedPaths: ['db/**', 'secrets/**'] });
		assert.deepEqual(readTeamPolicy(repo)!.policy.protectedPaths, ['db/**', 'secrets/**']);
	});
});

describe('team policy: the git branch, read from .git without running git', () => {
	it('the checked-out branch', () => {
		assert.deepEqual(gitHead(repo), { kind: 'branch', name: 'main' });
		git('checkout', '-q', '-b', 'release/1.0');
		assert.deepEqual(gitHead(repo), { kind: 'branch', name: 'release/1.0' });
	});

	it('a worktree (.git is a file pointing at its git folder)', () => {
		const wt = path.join(path.dirname(repo), 'wt');
		git('worktree', 'add', '-q', '-b', 'release/2.0', wt);
		assert.deepEqual(gitHead(wt), { kind: 'branch', name: 'release/2.0' });
		writePolicy({ production: { branches: ['release/*'] } }, wt);
		const v = analyze(MEDIUM, { cwd: wt, workspaceFolders: [wt], home, env: {}, team: teamPoliciesFor(wt, wt) });
		assert.equal(v.decision, 'confirm');
		assert.match(v.reason, /git branch `release\/2\.0` matches `release\/\*`/);
	});

	it('a detached HEAD at a production branch\'s commit counts (loose and packed refs)', () => {
		writePolicy({ production: { branches: ['main'] } });
		const commit = git('rev-parse', 'HEAD');
		git('checkout', '-q', '-b', 'feature');
		git('checkout', '-q', '--detach', commit);
		assert.equal(gitHead(repo).kind, 'detached');
		assert.equal(judge(MEDIUM).decision, 'confirm');
		git('pack-refs', '--all');
		assert.equal(fs.existsSync(path.join(repo, '.git', 'refs', 'heads', 'main')), false, 'main is only in packed-refs now');
		assert.equal(judge(MEDIUM).decision, 'confirm');
	});

	it('a rebase in progress counts as the branch being rebased', () => {
		writePolicy({ production: { branches: ['main'] } });
		fs.mkdirSync(path.join(repo, '.git', 'rebase-merge'));
		fs.writeFileSync(path.join(repo, '.git', 'rebase-merge', 'head-name'), 'refs/heads/main\n');
		fs.writeFileSync(path.join(repo, '.git', 'HEAD'), `${'0'.repeat(40)}\n`);
		assert.deepEqual(gitHead(repo), { kind: 'branch', name: 'main' });
	});

	it('HEAD that cannot be read makes the line production, not less strict', () => {
		writePolicy({ production: { branches: ['main'] } });
		git('checkout', '-q', '-b', 'feature');
		assert.equal(judge(MEDIUM).decision, 'allow', 'on another branch the line runs');
		fs.rmSync(path.join(repo, '.git', 'HEAD'));
		fs.mkdirSync(path.join(repo, '.git', 'HEAD'));
		const v = judge(MEDIUM);
		assert.equal(v.decision, 'confirm');
		assert.match(v.reason, /git branch cannot be read/);
	});

	it('a .git file that points nowhere makes the line production', () => {
		writePolicy({ production: { branches: ['main'] } });
		fs.rmSync(path.join(repo, '.git'), { recursive: true });
		fs.writeFileSync(path.join(repo, '.git'), 'gitdir: /nowhere/at/all\n');
		assert.equal(judge(MEDIUM).decision, 'confirm');
	});
});

describe('team policy: judging', () => {
	it('a branch marker makes a medium line ask on main and not elsewhere, and says which rule asked', () => {
		assert.equal(judge(MEDIUM).decision, 'allow', 'no policy: it runs');
		writePolicy({ production: { branches: ['main', 'release/*'] } });
		const v = judge(MEDIUM);
		assert.equal(v.decision, 'confirm');
		assert.equal(v.production, true);
		assert.equal(v.teamPolicy, 'team policy: .terminal-guard.json, production: git branch `main` matches `main`');
		assert.match(v.reason, /\(team policy: \.terminal-guard\.json, production: git branch `main` matches `main`\)\.$/);
		git('checkout', '-q', '-b', 'feature');
		assert.equal(judge(MEDIUM).decision, 'allow');
	});

	it('git push --force origin main on main: production, and the dialog says the team policy made it so', () => {
		writePolicy({ production: { branches: ['main'] } });
		const v = judge('git push --force origin main');
		assert.equal(v.decision, 'confirm');
		assert.equal(v.target, 'main', 'the name to type is the person\'s own verdict\'s');
		assert.equal(v.production, true);
		assert.match(v.teamPolicy ?? '', /git branch `main` matches `main`/);
	});

	it('a protected path asks, named as the team\'s', () => {
		assert.equal(judge('rm db/schema.sql').decision, 'allow');
		writePolicy({ protectedPaths: ['db/**'] });
		const v = judge('rm db/schema.sql');
		assert.equal(v.decision, 'confirm');
		assert.equal(v.teamPolicy, 'team policy: .terminal-guard.json, protected path `db/**`');
		assert.match(v.reason, /the team's protected path "db\/\*\*"/);
	});

	it('a tool that needs confirmation asks, however it is started', () => {
		writePolicy({ confirmTools: ['terraform'] });
		for (const line of ['terraform apply', 'sudo /usr/local/bin/terraform apply', 'bash -c "terraform plan"', 'env TF_LOG=1 terraform apply']) {
			const v = judge(line);
			assert.equal(v.decision, 'confirm', line);
			assert.equal(v.target, 'terraform', line);
			assert.match(v.teamPolicy ?? '', /confirmation required for `terraform`/, line);
		}
		assert.equal(judge('terraformer apply').decision, 'allow');
	});

	it('a deny rule refuses, named as the team\'s', () => {
		writePolicy({ deny: ['^make nuke'] });
		const v = judge('make nuke');
		assert.equal(v.decision, 'deny');
		assert.match(v.reason, /the team's deny rule/);
		assert.match(v.teamPolicy ?? '', /deny rule `\^make nuke`/);
	});

	it('a team pattern asks; one on a line that already asks cannot change the name to type', () => {
		writePolicy({ patterns: [{ match: 'deploy\\.sh --all', reason: 'It deploys every region.' }, { match: 'rm (-rf) victim', target: 1 }] });
		const v = judge('./deploy.sh --all');
		assert.equal(v.decision, 'confirm');
		assert.match(v.reason, /It deploys every region/);
		const kept = judge('rm -rf victim');
		assert.equal(kept.target, 'victim');
	});

	it('the policy file itself is protected: deleting or emptying it asks', () => {
		writePolicy({ protectedPaths: ['db/**'] });
		assert.equal(judge(`rm ${TEAM_POLICY_FILE}`).decision, 'confirm');
		assert.equal(judge(`echo {} > ${TEAM_POLICY_FILE}`).decision, 'confirm');
	});

	it('an invalid policy never weakens: the repository counts as production, and the reason names the line', () => {
		writePolicy('{\n  "protectedPaths": ["db/**"],\n  "deny": ["(?<=x)"]\n}');
		const v = judge(MEDIUM);
		assert.equal(v.decision, 'confirm');
		assert.match(v.reason, /line 3: "deny" item 1/);
		assert.equal(judge('rm db/schema.sql').decision, 'confirm', 'the parts that are valid still apply');
	});

	it('a policy that tries to loosen loosens nothing', () => {
		writePolicy({ allow: ['.*'], production: false, enabled: false });
		assert.equal(judge('rm -rf victim').decision, 'confirm');
		assert.equal(judge('rm -rf /').decision, 'deny');
		assert.equal(judge(MEDIUM).decision, 'confirm', 'its problems make it production');
	});

	it('a policy cannot undo the person\'s own production or rules', () => {
		writePolicy({ protectedPaths: [] });
		assert.equal(judge(MEDIUM, { production: true }).decision, 'confirm');
		assert.equal(judge('make nuke', { config: { deny: ['^make nuke'] } }).decision, 'deny');
	});

	it('variables: in the shell, on the line, in an env file', () => {
		writePolicy({ production: { variables: { DEPLOY_TARGET: 'prod*' }, envFiles: ['.env.deploy'] } });
		assert.equal(judge(MEDIUM).decision, 'allow');
		assert.match(judge(MEDIUM, { env: { DEPLOY_TARGET: 'prod-eu' } }).teamPolicy ?? '', /DEPLOY_TARGET=prod-eu in the shell/);
		assert.equal(judge(`DEPLOY_TARGET=prod-eu ${MEDIUM}`).decision, 'confirm');
		fs.writeFileSync(path.join(repo, '.env.deploy'), 'NODE_ENV=production\n');
		assert.match(judge(MEDIUM).teamPolicy ?? '', /NODE_ENV=production in \.env\.deploy/);
	});

	it('kube contexts: the current one (KUBECONFIG) and --context on the line', () => {
		writePolicy({ production: { kubeContexts: ['prod-*'] } });
		assert.equal(judge(MEDIUM).decision, 'allow');
		assert.equal(judge(`${MEDIUM} --context prod-eu`).decision, 'confirm');
		const config = path.join(home, 'kubeconfig');
		fs.writeFileSync(config, 'apiVersion: v1\ncurrent-context: prod-us\ncontexts: []\n');
		assert.match(judge(MEDIUM, { env: { KUBECONFIG: config } }).teamPolicy ?? '', /kube context `prod-us` matches `prod-\*`/);
		fs.mkdirSync(path.join(home, '.kube'));
		fs.writeFileSync(path.join(home, '.kube', 'config'), 'current-context: prod-home\n');
		assert.equal(judge(MEDIUM).decision, 'confirm', '~/.kube/config');
	});

	it('cloud profiles: AWS_PROFILE, --profile, gcloud\'s active project', () => {
		writePolicy({ production: { cloudProfiles: ['prod', 'acme-prod-*'] } });
		assert.equal(judge(MEDIUM, { env: { AWS_PROFILE: 'prod' } }).decision, 'confirm');
		assert.equal(judge(`${MEDIUM} --profile=prod`).decision, 'confirm');
		fs.mkdirSync(path.join(home, '.config', 'gcloud', 'configurations'), { recursive: true });
		fs.writeFileSync(path.join(home, '.config', 'gcloud', 'active_config'), 'work\n');
		fs.writeFileSync(path.join(home, '.config', 'gcloud', 'configurations', 'config_work'), '[core]\nproject = acme-prod-1\n');
		assert.match(judge(MEDIUM).teamPolicy ?? '', /cloud profile `acme-prod-1`/);
	});

	it('productionMarker says nothing when no marker matches', () => {
		writePolicy({ production: { branches: ['release/*'] } });
		assert.equal(productionMarker(readTeamPolicy(repo)!, { line: MEDIUM, env: {}, home }), undefined);
	});
});

/**
 * The `terminal-guard` command as users and hooks run it: the real bin script over the real bundle.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'terminal-guard');

function cli(args: string[], input?: string, cwd = ROOT) {
	const result = spawnSync(process.execPath, [BIN, ...args], { input, cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI run with a deadline: a check that blocks on a file it reads is killed and reported, not waited for. */
function cliWithin(ms: number, args: string[]) {
	const started = Date.now();
	const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: ms, killSignal: 'SIGKILL' });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr, hung: result.error !== undefined || result.signal !== null, ms: Date.now() - started };
}

describe('terminal-guard CLI', () => {
	it('check --json: confirm with the target, exit 1', () => {
		const r = cli(['check', '--json', '--', 'rm -rf victim']);
		assert.equal(r.status, 1, r.stderr);
		const v = JSON.parse(r.stdout);
		assert.equal(v.decision, 'confirm');
		assert.equal(v.target, 'victim');
		assert.deepEqual(Object.keys(v).slice(0, 7), ['decision', 'severity', 'rule', 'reason', 'target', 'targets', 'alternative']);
	});

	it('check: allow exits 0, deny exits 2', () => {
		assert.equal(cli(['check', '--', 'ls -la']).status, 0);
		assert.equal(cli(['check', '--', 'rm -rf /']).status, 2);
	});

	it('check without --json prints a readable verdict naming what to type', () => {
		const r = cli(['check', '--', 'rm', '-rf', 'victim']);
		assert.match(r.stdout, /confirm/);
		assert.match(r.stdout, /type to confirm: victim/);
	});

	it('the bin script runs directly too (shebang, executable bit)', () => {
		const r = spawnSync(BIN, ['check', '--json', '--', 'rm -rf victim'], { encoding: 'utf8' });
		assert.equal(r.status, 1, r.stderr);
		assert.equal(JSON.parse(r.stdout).target, 'victim');
	});

	it('--cwd decides what is outside the workspace', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-cli-'));
		fs.mkdirSync(path.join(dir, '.git'));
		const inside = JSON.parse(cli(['check', '--json', '--cwd', dir, '--', 'rm notes.txt']).stdout);
		const outside = JSON.parse(cli(['check', '--json', '--cwd', dir, '--', 'rm ~/notes.txt']).stdout);
		assert.equal(inside.decision, 'allow');
		assert.equal(outside.decision, 'confirm');
	});

	it('a file named on the line that never ends is not waited for: a FIFO, /proc/self/pagemap', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-cli-fifo-'));
		try {
			fs.writeFileSync(path.join(dir, 'drop.sql'), 'DROP TABLE orders;\n');
			const read = JSON.parse(cliWithin(20000, ['check', '--json', '--cwd', dir, '--', 'psql -f drop.sql shop']).stdout);
			assert.equal(read.target, 'orders', 'a regular file is read');
			assert.equal(spawnSync('mkfifo', [path.join(dir, 'fifo.sql')]).status, 0);
			// Nothing writes to the FIFO: opening it to read would wait for a writer for ever.
			for (const file of ['fifo.sql', '/proc/self/pagemap']) {
				const r = cliWithin(20000, ['check', '--json', '--cwd', dir, '--', `psql -f ${file} shop`]);
				assert.equal(r.hung, false, `psql -f ${file}: the check did not return within 20 s`);
				assert.ok(r.status === 0 || r.status === 1, `${file}: exit ${r.status}: ${r.stderr}`);
				assert.ok(['allow', 'confirm'].includes(JSON.parse(r.stdout).decision), r.stdout);
			}
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('--production is reported in the verdict', () => {
		const v = JSON.parse(cli(['check', '--json', '--production', '--', 'rm -rf victim']).stdout);
		assert.equal(v.production, true);
	});

	it('--stdin: one verdict per JSON line, in order; bad lines are denied, not skipped', () => {
		const lines = [
			{ command: 'ls' },
			{ command: 'rm -rf victim', cwd: ROOT },
			'this is not json',
			{ nope: 1 },
			{ command: 'rm -rf /', production: true },
		].map((l) => (typeof l === 'string' ? l : JSON.stringify(l)));
		const r = cli(['check', '--json', '--stdin'], lines.join('\n') + '\n');
		assert.equal(r.status, 0, r.stderr);
		const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
		assert.deepEqual(out.map((v) => v.decision), ['allow', 'confirm', 'deny', 'deny', 'deny']);
		assert.equal(out[1].target, 'victim');
		assert.equal(out[2].rule, 'cli:invalid-input');
		assert.equal(out[4].production, true);
	});

	it('--stdin handles thousands of lines', () => {
		const input = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ command: i % 2 ? `rm -rf dir${i}` : `echo ${i}` })).join('\n');
		const r = cli(['check', '--json', '--stdin'], input);
		const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
		assert.equal(out.length, 3000);
		assert.equal(out[2999].target, 'dir2999');
	});

	it('explain shows the parse, the unwrapping and the rules considered', () => {
		const r = cli(['explain', '--', 'sudo bash -c "rm -rf build2"']);
		assert.equal(r.status, 0);
		assert.match(r.stdout, /parse: complete/);
		assert.match(r.stdout, /via sudo › bash -c/);
		assert.match(r.stdout, /● files:rm/);
		assert.match(r.stdout, /type to confirm: build2/);
	});

	it('usage errors exit 64 and say why', () => {
		const r = cli(['frobnicate']);
		assert.equal(r.status, 64);
		assert.match(r.stderr, /unknown command/);
		assert.equal(cli(['check', '--cwd']).status, 64);
	});

	it('--config adds user rules: deny, allow and patterns', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-config-'));
		const config = path.join(dir, 'rules.json');
		fs.writeFileSync(config, JSON.stringify({ deny: ['^make deploy-prod'], allow: ['^rm -rf victim$'], patterns: [{ id: 'nuke', match: 'nuke (\\S+)', target: 1, reason: 'Nukes it.' }] }));
		assert.equal(JSON.parse(cli(['check', '--json', '--config', config, '--', 'make deploy-prod']).stdout).decision, 'deny');
		assert.equal(JSON.parse(cli(['check', '--json', '--config', config, '--', 'rm -rf victim']).stdout).decision, 'allow');
		const nuke = JSON.parse(cli(['check', '--json', '--config', config, '--', 'nuke thing']).stdout);
		assert.equal(nuke.decision, 'confirm');
		assert.equal(nuke.target, 'thing');
		assert.equal(nuke.rule, 'user:nuke');
		assert.equal(cli(['check', '--config', path.join(dir, 'missing.json'), '--', 'ls']).status, 64);
	});
});

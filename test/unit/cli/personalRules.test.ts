/**
 * Personal rules with no editor, as agents and shells run Terminal Guard: the real bin script (and
 * dist/gate.js) in a separate process whose HOME is a throwaway home with no editor in it, reading
 * the rules file the editor's writer made there.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { personalRulesDir } from '../../../src/engine/personalRules';
import type { PersonalRulesData } from '../../../src/engine/personalRules';
import { writePersonalRulesFile } from '../../../src/ui/personalRulesFile';
import { startBridge, type TestBridge } from '../bridge/harness';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'terminal-guard');
const GATE_JS = path.join(ROOT, 'dist', 'gate.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'agents');

interface Run { status: number | null; stdout: string; stderr: string; killed: boolean }

/** Runs a process with only PATH and HOME (nothing from an editor), killed after `ms`. */
function run(args: string[], home: string, options: { input?: string; cwd?: string; ms?: number } = {}): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, args, { cwd: options.cwd ?? os.tmpdir(), env: { PATH: process.env.PATH ?? '', HOME: home } });
		let stdout = '';
		let stderr = '';
		let killed = false;
		const timer = setTimeout(() => {
			killed = true;
			child.kill('SIGKILL');
		}, options.ms ?? 20000);
		child.stdout.on('data', (c) => (stdout += c));
		child.stderr.on('data', (c) => (stderr += c));
		child.on('error', reject);
		child.on('close', (status) => {
			clearTimeout(timer);
			resolve({ status, stdout, stderr, killed });
		});
		child.stdin.on('error', () => undefined);
		child.stdin.end(options.input ?? '');
	});
}

/** Claude Code's recorded input with another command and cwd. */
function claudeInput(command: string, cwd: string): string {
	const input = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'claude-code', 'git-status.json'), 'utf8'));
	input.tool_input.command = command;
	input.cwd = cwd;
	return JSON.stringify(input);
}

/** The hook's decision, read back in Claude Code's format. */
async function claude(command: string, cwd: string, home: string): Promise<{ decision: 'none' | 'deny' | 'allow' | 'ask'; reason: string; run: Run }> {
	const r = await run([BIN, 'hook', 'claude-code'], home, { input: claudeInput(command, cwd) });
	assert.equal(r.killed, false, `the hook did not finish: ${r.stderr}`);
	if (r.stdout === '') {
		assert.equal(r.status, 0, r.stderr);
		return { decision: 'none', reason: '', run: r };
	}
	const out = JSON.parse(r.stdout).hookSpecificOutput;
	assert.equal(r.status, out.permissionDecision === 'deny' ? 2 : 0);
	return { decision: out.permissionDecision, reason: out.permissionDecisionReason, run: r };
}

function rules(overrides: Partial<Omit<PersonalRulesData, 'v'>> = {}): Omit<PersonalRulesData, 'v'> {
	return { writtenBy: 'test', written: new Date().toISOString(), deny: [], patterns: [], protectedPaths: [], production: { everywhere: false, folders: [] }, ...overrides };
}

/** Medium by the built-in rules: runs outside production, needs a person in production (src/engine/policy.ts). */
const MEDIUM = 'npx knex migrate:rollback';

describe('personal rules with no editor (terminal-guard hook / gate / shell)', () => {
	let home: string;
	let work: string;
	let prod: string;

	beforeEach(() => {
		home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-personal-home-'));
		work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-personal-work-')));
		prod = path.join(work, 'prod');
		fs.mkdirSync(path.join(prod, 'app'), { recursive: true });
	});
	afterEach(() => {
		fs.rmSync(home, { recursive: true, force: true });
		fs.rmSync(work, { recursive: true, force: true });
	});

	it('claude-code: a personal deny rule refuses a line the built-in rules let run', async () => {
		assert.equal((await claude('git status', work, home)).decision, 'none', 'without the file, git status runs');
		writePersonalRulesFile(home, 'code-1.json', rules({ deny: ['^git status$'] }));
		const { decision, reason } = await claude('git status', work, home);
		assert.equal(decision, 'deny');
		assert.match(reason, /Matches your deny rule \/\^git status\$\//);
		assert.match(reason, /No editor with Terminal Guard could be asked/);
	});

	it('claude-code: a personal pattern and a protected path apply', async () => {
		fs.writeFileSync(path.join(work, 'ledger.txt'), 'numbers');
		assert.equal((await claude('rm ledger.txt', work, home)).decision, 'none');
		assert.equal((await claude('make nuke-cache', work, home)).decision, 'none');
		writePersonalRulesFile(home, 'code-1.json', rules({ protectedPaths: ['ledger.txt'], patterns: [{ match: 'make nuke-cache', severity: 'high', reason: 'It empties the shared cache.' }] }));
		assert.equal((await claude('rm ledger.txt', work, home)).decision, 'deny');
		assert.match((await claude('make nuke-cache', work, home)).reason, /It empties the shared cache/);
	});

	it('claude-code: a production folder makes a cwd inside it (or a link into it) production', async () => {
		fs.symlinkSync(path.join(prod, 'app'), path.join(work, 'innocent'));
		assert.equal((await claude(MEDIUM, path.join(prod, 'app'), home)).decision, 'none');
		writePersonalRulesFile(home, 'code-1.json', rules({ production: { everywhere: false, folders: [prod] } }));
		const inside = await claude(MEDIUM, path.join(prod, 'app'), home);
		assert.equal(inside.decision, 'deny');
		assert.match(inside.reason, /PRODUCTION/);
		assert.equal((await claude(MEDIUM, path.join(work, 'innocent'), home)).decision, 'deny', 'a symbolic link into the production folder');
		assert.equal((await claude(MEDIUM, work, home)).decision, 'none', 'outside the folder the line still runs');
		writePersonalRulesFile(home, 'code-1.json', rules({ production: { everywhere: true, folders: [] } }));
		assert.equal((await claude(MEDIUM, work, home)).decision, 'deny', 'production set in the user settings: everywhere');
	});

	it('a planted allow rule loosens nothing', async () => {
		fs.mkdirSync(personalRulesDir(home), { recursive: true, mode: 0o700 });
		fs.writeFileSync(path.join(personalRulesDir(home), 'planted.json'), JSON.stringify({ ...rules(), v: 1, allow: ['.*', '^rm -rf victim$'] }), { mode: 0o600 });
		assert.equal((await claude('rm -rf victim', work, home)).decision, 'deny');
	});

	it('an untrusted file (others may write it) refuses every line, and says which file and why', { skip: process.platform === 'win32' && 'POSIX modes' }, async () => {
		const file = writePersonalRulesFile(home, 'code-1.json', rules({ deny: ['^git push'] }));
		fs.chmodSync(file, 0o666);
		const { decision, reason } = await claude('git status', work, home);
		assert.equal(decision, 'deny');
		assert.ok(reason.includes(file), reason);
		assert.match(reason, /others may change it \(mode 666\)/);
		assert.match(reason, /nothing runs until an editor with Terminal Guard answers/);
	});

	it('half a file refuses every line; it is not read as "no rules"', async () => {
		const file = writePersonalRulesFile(home, 'code-1.json', rules({ deny: ['^git status$'] }));
		fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 40));
		const { decision, reason } = await claude('ls', work, home);
		assert.equal(decision, 'deny');
		assert.match(reason, /not valid JSON/);
	});

	it('a FIFO in place of the file: refused at once, the hook does not wait for a writer', { skip: process.platform === 'win32' && 'FIFOs' }, async () => {
		fs.mkdirSync(personalRulesDir(home), { recursive: true, mode: 0o700 });
		assert.equal(spawnSync('mkfifo', [path.join(personalRulesDir(home), 'code-1.json')]).status, 0);
		const { decision, reason } = await claude('git status', work, home);
		assert.equal(decision, 'deny');
		assert.match(reason, /not a regular file/);
	});

	it('offline, deleting or overwriting the rules is not judged harmless', async () => {
		const file = writePersonalRulesFile(home, 'code-1.json', rules({ deny: ['^git push'] }));
		assert.equal((await claude(`rm ${file}`, work, home)).decision, 'deny');
		assert.equal((await claude(`echo '{}' > ${file}`, work, home)).decision, 'deny');
		assert.equal((await claude('rm -rf ~/.terminal-guard', work, home)).decision, 'deny');
	});

	it('gate (bin and dist/gate.js) and shell -c apply the personal deny rule: exit 126', async () => {
		writePersonalRulesFile(home, 'code-1.json', rules({ deny: ['^git status$'] }));
		for (const args of [[BIN, 'gate', '--cwd', work, '--', 'git status'], [GATE_JS, 'gate', '--cwd', work, '--', 'git status'], [BIN, 'shell', '--', 'bash', '-c', 'git status']]) {
			const r = await run(args, home, { cwd: work });
			assert.equal(r.status, 126, `${args.slice(1).join(' ')}: ${r.stderr}`);
			assert.match(r.stderr, /Matches your deny rule/);
		}
		const ok = await run([GATE_JS, 'gate', '--cwd', work, '--', 'git log'], home, { cwd: work });
		assert.equal(ok.status, 0, ok.stderr);
	});

	describe('with an editor that answers', () => {
		let bridge: TestBridge;
		before(async () => {
			// The bridge's own judge has no personal rules: any refusal would have come from the file.
			bridge = await startBridge({ runtimeDir: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-personal-editor-')), '.terminal-guard', 'run'), folders: [os.tmpdir()] });
		});
		after(async () => bridge.stop());

		it('the editor\'s judgement stands; the file is for when no editor answers', async () => {
			const editorHome = path.dirname(path.dirname(bridge.runtimeDir));
			writePersonalRulesFile(editorHome, 'code-1.json', rules({ deny: ['^git status$'] }));
			assert.equal((await claude('git status', work, editorHome)).decision, 'none');
			assert.ok(bridge.events.some((e) => e.request.line === 'git status'), 'the editor was asked');
		});
	});
});

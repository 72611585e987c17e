/**
 * An agent's command as the person in front of the editor meets it: a `terminal-guard hook
 * claude-code` process (started here, outside the editor, with only PATH and HOME) asks about the
 * incident's `curl … volumeDelete`; the modal names Claude Code and the volume; typing the id lets
 * the agent go ahead, a wrong id or Escape stops it, and killing the hook withdraws the question.
 * Screenshots: test-results/e2e/NN-agent-…png.
 */
import * as assert from 'assert';
import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readRecords } from '../../src/bridge/discovery';
import { environment, screenshotFailures, Workbench } from './workbench';

const BUTTON = 'Type the name to confirm…';
const INPUT_TITLE = 'Terminal Guard: confirm curl';
const ROOT = process.env.TG_E2E_ROOT ?? '';
const INCIDENT_INPUT = path.join(ROOT, 'test', 'fixtures', 'agents', 'claude-code', 'incident.json');

/**
 * The `terminal-guard` a user's hook runs: the installed extension's own (the .vsix, or the source
 * tree's build installed the same way); the source tree's bin as a last resort.
 */
function cliPath(): string {
	const installed = path.join(process.env.TG_E2E_INSTALLED ?? '', 'bin', 'terminal-guard');
	return process.env.TG_E2E_INSTALLED && fs.existsSync(path.join(process.env.TG_E2E_INSTALLED, 'dist', 'cli.js')) ? installed : path.join(ROOT, 'bin', 'terminal-guard');
}

interface HookRun {
	readonly child: ChildProcess;
	readonly done: Promise<{ status: number | null; stdout: string; stderr: string }>;
}

suite('An agent\'s command in the workbench', function () {
	this.timeout(90000);
	const env = environment();
	let workbench: Workbench;

	/** The incident as Claude Code's hook input, run in the workspace; the hook process starts in /tmp. */
	function hook(): HookRun {
		const input = JSON.parse(fs.readFileSync(INCIDENT_INPUT, 'utf8'));
		input.cwd = env.workspace;
		const child = spawn(process.execPath, [cliPath(), 'hook', 'claude-code'], {
			cwd: os.tmpdir(),
			env: { PATH: process.env.PATH ?? '', HOME: os.homedir() },
		});
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (c) => (stdout += c));
		child.stderr?.on('data', (c) => (stderr += c));
		child.stdin?.end(JSON.stringify(input));
		return { child, done: new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr }))) };
	}

	/** Starts a hook and waits for the modal; checks it names the agent, the cwd and the volume. */
	async function ask(shot: string): Promise<HookRun> {
		const run = hook();
		const dialog = workbench.dialog();
		await dialog.waitFor({ state: 'visible', timeout: 20000 });
		const text = await dialog.innerText();
		assert.match(text, /Claude Code asks to run/);
		assert.match(text, /volumeDelete/);
		assert.match(text, /Target: vol-3f9a/);
		assert.ok(text.includes(`in ${env.workspace}`), `the modal does not say where the agent works:\n${text}`);
		await workbench.screenshot(shot);
		return run;
	}

	async function pressTypeButton(): Promise<void> {
		await workbench.dialog().getByRole('button', { name: BUTTON }).click();
	}

	suiteSetup(async () => {
		workbench = await Workbench.open(env);
		await workbench.statusBarItem('shield').waitFor({ state: 'visible', timeout: 30000 });
		// The bridge starts right after activation; the hook must find this window's file.
		const start = Date.now();
		while (!readRecords().windows.some((w) => w.record.folders.includes(env.workspace))) {
			assert.ok(Date.now() - start < 20000, 'the editor never published its bridge in ~/.terminal-guard/run');
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	});

	suiteTeardown(async () => {
		await workbench?.runCommand('Terminal: Kill All Terminals').catch(() => undefined);
		await workbench?.close();
	});

	screenshotFailures(() => workbench);

	test('typing the volume id lets the agent run it: the hook prints allow', async () => {
		const run = await ask('agent-modal');
		await pressTypeButton();
		await workbench.typeInInputBox(INPUT_TITLE, 'vol-3f9a');
		await workbench.quickInput().getByText('Press Enter to run it').first().waitFor({ state: 'visible', timeout: 5000 });
		await workbench.screenshot('agent-right-name');
		await workbench.page.keyboard.press('Enter');
		const result = await run.done;
		assert.strictEqual(result.status, 0, result.stderr);
		assert.strictEqual(JSON.parse(result.stdout).hookSpecificOutput.permissionDecision, 'allow');
	});

	test('a wrong id stops it: the hook prints deny and tells the agent not to retry', async () => {
		const run = await ask('agent-modal-again');
		await pressTypeButton();
		await workbench.typeInInputBox(INPUT_TITLE, 'vol-3f9b');
		await workbench.quickInput().getByText('is not "vol-3f9a"').first().waitFor({ state: 'visible', timeout: 5000 });
		await workbench.screenshot('agent-wrong-name');
		await workbench.page.keyboard.press('Enter');
		const result = await run.done;
		assert.strictEqual(result.status, 2);
		assert.strictEqual(JSON.parse(result.stdout).hookSpecificOutput.permissionDecision, 'deny');
		assert.match(result.stderr, /typed "vol-3f9b", not "vol-3f9a"/);
		assert.match(result.stderr, /do not retry or work around it/);
	});

	test('Escape on the modal stops it: deny', async () => {
		const run = await ask('agent-modal-escape');
		await workbench.page.keyboard.press('Escape');
		const result = await run.done;
		assert.strictEqual(result.status, 2);
		assert.match(result.stderr, /cancelled/);
		await workbench.dialog().waitFor({ state: 'hidden', timeout: 5000 });
	});

	test('killing the hook while the name is being typed closes the input box', async () => {
		const run = await ask('agent-modal-kill-input');
		await pressTypeButton();
		await workbench.typeInInputBox(INPUT_TITLE, 'vol-');
		run.child.kill('SIGKILL');
		await run.done;
		await workbench.quickInput().waitFor({ state: 'hidden', timeout: 10000 });
		await workbench.screenshot('agent-killed-input-closed');
	});

	test('killing the hook while the modal is up: the modal stays (no API closes it); answering it only says it was withdrawn', async () => {
		const run = await ask('agent-modal-kill');
		run.child.kill('SIGKILL');
		await run.done;
		// VS Code offers extensions no way to close a modal; it stays until the person dismisses it.
		await workbench.page.waitForTimeout(1000);
		assert.ok(await workbench.dialog().isVisible(), 'the modal closed: update docs/agents.md, which says it cannot');
		await workbench.screenshot('agent-killed-modal-stays');
		await pressTypeButton();
		await workbench.dialog().waitFor({ state: 'hidden', timeout: 5000 });
		// The withdrawn question asks for nothing more: a notice says so, and no input box follows the button.
		const notice = workbench.notifications('question withdrawn, nothing runs');
		await notice.waitFor({ state: 'visible', timeout: 10000 });
		await workbench.settled(notice);
		assert.ok(!(await workbench.quickInput().isVisible()), 'a withdrawn question still opened the input box');
		await workbench.screenshot('agent-killed-late-answer-ignored');
		// And the next agent question is asked normally.
		const next = await ask('agent-modal-after-withdrawal');
		await workbench.page.keyboard.press('Escape');
		assert.strictEqual((await next.done).status, 2);
	});

	test('an agent\'s question waits while the person answers a guarded terminal\'s, then is asked', async () => {
		await workbench.runCommand('Terminal: Kill All Terminals');
		const rows = await workbench.openGuardedTerminal();
		await workbench.typeInTerminal('rm -rf victim');
		const dialog = workbench.dialog();
		await dialog.waitFor({ state: 'visible', timeout: 15000 });
		assert.doesNotMatch(await dialog.innerText(), /asks to run/);
		await pressTypeButton();
		await workbench.typeInInputBox('Terminal Guard: confirm rm -rf victim', 'vicitm');
		const run = hook();
		// The agent asks now, but one confirmation at a time: its modal must not cover the input box.
		await workbench.page.waitForTimeout(1500);
		assert.ok(!(await dialog.isVisible()), 'the agent\'s modal opened over the terminal\'s input box');
		await workbench.screenshot('agent-waits-for-terminal');
		await workbench.page.keyboard.press('Enter');
		await rows.filter({ hasText: 'Terminal Guard stopped' }).waitFor({ state: 'visible', timeout: 15000 });
		await dialog.waitFor({ state: 'visible', timeout: 15000 });
		assert.match(await dialog.innerText(), /Claude Code asks to run/);
		await workbench.screenshot('agent-asked-after-terminal');
		await workbench.page.keyboard.press('Escape');
		assert.strictEqual((await run.done).status, 2);
		assert.ok(fs.existsSync(path.join(env.workspace, 'victim')), 'victim was deleted after a wrong name');
	});
});

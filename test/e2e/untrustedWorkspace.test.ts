/**
 * The team policy in a workspace the person has not trusted. Workspace trust is on in an editor of this
 * suite's own (the harness's editor runs with trust off); the folder is new to it, so the window opens
 * in Restricted Mode and the person leaves it so. There VS Code asks to trust the folder before any terminal
 * starts, so the tests ask as an agent does: `terminal-guard hook claude-code` working in that folder. The repository's `.terminal-guard.json` can
 * only tighten, so it still applies; its `.vscode/settings.json` tries to turn Terminal Guard off, which
 * Restricted Mode ignores (package.json `restrictedConfigurations`).
 * Screenshots: `NN-untrusted-…png`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readRecords } from '../../src/bridge/discovery';
import { type HookResult, runClaudeHook } from '../shared/claudeHook';
import { findEditor } from '../../scripts/editor/editors';
import { provision } from '../../scripts/editor/provision';
import { makeProfile, removeProfile, startCodeServer } from '../../scripts/editor/server';
import { createWorkspace } from '../../scripts/editor/workspace';
import { environment, screenshotFailures, Workbench } from './workbench';

const ROOT = process.env.TG_E2E_ROOT ?? '';

interface Profile { root: string; workspace: string; extensionsDir: string; log: string }
interface Server { url: string; stop(): Promise<void> }

suite('An untrusted workspace (Restricted Mode)', function () {
	this.timeout(120000);
	const harness = environment();
	let profile: Profile | undefined;
	let server: Server | undefined;
	let workbench: Workbench;

	/** `terminal-guard hook claude-code` for `command` in the untrusted workspace, started outside the editor. */
	function claudeHook(command: string): Promise<HookResult> {
		const installed = process.env.TG_E2E_INSTALLED ?? '';
		const bin = fs.existsSync(path.join(installed, 'dist', 'cli.js')) ? path.join(installed, 'bin', 'terminal-guard') : path.join(ROOT, 'bin', 'terminal-guard');
		return runClaudeHook({ root: ROOT, bin, command, cwd: profile!.workspace });
	}

	suiteSetup(async function () {
		this.timeout(180000);
		const version = process.env.TG_E2E_VSCODE_VERSION;
		const extensions = process.env.TG_E2E_EXTENSIONS;
		assert.ok(version && extensions, 'the harness sets TG_E2E_VSCODE_VERSION and TG_E2E_EXTENSIONS');
		const layout = await provision(findEditor(version));
		profile = makeProfile('untrusted', { 'security.workspace.trust.enabled': true }) as Profile;
		createWorkspace(profile.workspace);
		fs.writeFileSync(path.join(profile.workspace, '.terminal-guard.json'), '{\n  "production": { "branches": ["main"] },\n  "protectedPaths": ["db/**"]\n}\n');
		fs.mkdirSync(path.join(profile.workspace, '.vscode'));
		fs.writeFileSync(path.join(profile.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'terminalGuard.enabled': false }, null, '\t') + '\n');
		server = await startCodeServer({ layout, profile: { ...profile, extensionsDir: extensions }, folder: profile.workspace, trust: true }) as Server;
		workbench = await Workbench.open({ ...harness, url: `${server.url}/?folder=${encodeURIComponent(profile.workspace)}`, workspace: profile.workspace });
		// A folder the editor has not been told to trust opens in Restricted Mode. VS Code 1.100.3 also asks at
		// start-up ("Do you trust the authors…?"), and the person answers No; VS Code 1.139.1 only shows the
		// Restricted Mode banner, and the person leaves it so.
		if (version.startsWith('1.100.')) {
			const ask = workbench.dialog().filter({ hasText: 'Do you trust the authors of the files in this folder?' });
			await ask.waitFor({ state: 'visible', timeout: 60000 });
			await workbench.screenshot('untrusted-trust-question');
			await ask.getByRole('button', { name: /^No, I don.t trust the authors/ }).click();
			await ask.waitFor({ state: 'hidden', timeout: 10000 });
		}
		await workbench.page.locator('.part.statusbar').getByText('Restricted Mode').first().waitFor({ state: 'visible', timeout: 60000 });
		await workbench.statusBarItem('shield').first().waitFor({ state: 'visible', timeout: 60000 });
		// The hook finds this window by the folder it has open (~/.terminal-guard/run).
		const start = Date.now();
		while (!readRecords().windows.some((w) => w.record.folders.includes(profile!.workspace))) {
			assert.ok(Date.now() - start < 30000, 'the untrusted window never published its bridge in ~/.terminal-guard/run');
			await workbench.page.waitForTimeout(250);
		}
	});

	suiteTeardown(async () => {
		await workbench?.runCommand('Terminal: Kill All Terminals').catch(() => undefined);
		await workbench?.close();
		await server?.stop();
		if (profile) {
			removeProfile(profile);
		}
	});

	screenshotFailures(() => workbench);

	test('the workspace cannot turn Terminal Guard off: its terminalGuard.enabled is ignored, and the person is told', async () => {
		const ignored = workbench.notifications('Terminal Guard ignores "terminalGuard.enabled"').first();
		await ignored.waitFor({ state: 'visible', timeout: 30000 });
		await workbench.screenshot('untrusted-restricted-mode');
	});

	test('an agent working there: the team policy still applies, so git push --force origin main asks as PRODUCTION and Cancel refuses it', async () => {
		// In Restricted Mode VS Code asks to trust the folder before any terminal starts; agents run outside it
		// and ask this window over the bridge (their working folder is this window's).
		const run = claudeHook('git push --force origin main');
		const dialog = workbench.dialog();
		await dialog.waitFor({ state: 'visible', timeout: 30000 });
		const text = await dialog.innerText();
		assert.match(text, /Claude Code asks to run/, text);
		assert.match(text, /PRODUCTION/, text);
		assert.match(text, /team policy: \.terminal-guard\.json, production: git branch `main` matches `main`/, text);
		await workbench.screenshot('untrusted-team-policy-question');
		await dialog.getByRole('button', { name: 'Cancel' }).click();
		const result = await run;
		assert.equal(JSON.parse(result.stdout).hookSpecificOutput.permissionDecision, 'deny', result.stdout + result.stderr);
	});

	test('a protected path of the team policy asks for a command that is harmless without it', async () => {
		const run = claudeHook('rm db/reset.sql');
		const dialog = workbench.dialog();
		await dialog.waitFor({ state: 'visible', timeout: 30000 });
		const text = await dialog.innerText();
		assert.match(text, /protected path `db\/\*\*`/, text);
		await dialog.getByRole('button', { name: 'Cancel' }).click();
		const result = await run;
		assert.equal(JSON.parse(result.stdout).hookSpecificOutput.permissionDecision, 'deny', result.stdout + result.stderr);
		assert.ok(fs.existsSync(path.join(profile!.workspace, 'db', 'reset.sql')), 'db/reset.sql is still there');
	});
});

// `node scripts/readme-screenshots.js [--editor 1.100.3]`: the README's pictures, taken from a tidy demo.
// It starts VS Code (code-server) with this build, a demo home whose prompt is `dev@laptop:~/acme-app$`
// and a production workspace ~/acme-app with a team policy (so no build-machine path shows anywhere),
// with Claude Code's and Cursor's settings folders in that home; then, in headless Chromium, it does what
// a new user does — the welcome, Protect Everything, `rm -rf victim` in a guarded terminal, a wrong
// name, a team-policy question — and saves each element as media/screenshots/<name>.png.
'use strict';
const fs = require('fs');
const path = require('path');
const { launchChromium, openPage } = require('./editor/browser');
const { findEditor, describe } = require('./editor/editors');
const { buildExtension, installExtension } = require('./editor/extension');
const { provision } = require('./editor/provision');
const { makeProfile, removeProfile, startCodeServer } = require('./editor/server');
const { createWorkspace } = require('./editor/workspace');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'media', 'screenshots');
const TEAM_POLICY = '{\n  "production": { "branches": ["main", "release/*"] },\n  "protectedPaths": ["db/**"]\n}\n';

function editorFromArgs() {
	const i = process.argv.indexOf('--editor');
	return findEditor(i >= 0 ? process.argv[i + 1] : 'oldest');
}

/** Waits for `locator` and saves it as media/screenshots/`name`. */
async function shoot(locator, name) {
	await locator.waitFor({ state: 'visible', timeout: 30000 });
	await locator.page().waitForTimeout(600); // notifications and dialogs slide in
	await locator.screenshot({ path: path.join(OUT, name) });
	console.log(`media/screenshots/${name}`);
}

async function runCommand(page, label) {
	await page.locator('.part.sidebar').click();
	await page.keyboard.press('Control+Shift+P');
	const input = page.locator('.quick-input-widget input');
	await input.waitFor({ state: 'visible', timeout: 15000 });
	await input.pressSequentially(label, { delay: 15 });
	const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	await page.locator('.quick-input-widget').getByRole('option', { name: new RegExp(`^${escaped}(?:,|$)`) }).click();
}

async function typeInTerminal(page, line) {
	await page.locator('.terminal-wrapper.active .xterm-screen').click();
	await page.keyboard.type(line, { delay: 25 });
	await page.keyboard.press('Enter');
}

async function main() {
	const editor = editorFromArgs();
	const layout = await provision(editor);
	await buildExtension({});
	const profile = makeProfile('readme');
	let server;
	let browser;
	let page;
	try {
		installExtension(profile.extensionsDir);
		const home = path.join(profile.root, 'home');
		fs.mkdirSync(home, { recursive: true });
		fs.writeFileSync(path.join(home, '.bashrc'), "PS1='dev@laptop:\\w$ '\n");
		for (const agent of ['.claude', '.cursor']) {
			fs.mkdirSync(path.join(home, agent), { recursive: true });
		}
		const workspace = path.join(home, 'acme-app');
		createWorkspace(workspace, { production: true });
		fs.writeFileSync(path.join(workspace, '.terminal-guard.json'), TEAM_POLICY);
		server = await startCodeServer({ layout, profile, folder: workspace, env: { HOME: home, TERMINAL_GUARD_AGENTS_HOME: home } });
		console.log(`${describe(editor)} on ${server.url}`);
		browser = await launchChromium();
		page = await openPage(browser);
		await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60000 });
		await page.locator('.part.statusbar .codicon-shield').first().waitFor({ state: 'visible', timeout: 60000 });
		fs.mkdirSync(OUT, { recursive: true });

		const welcome = page.locator('.notifications-toasts .notification-toast', { hasText: 'Protect everything now?' }).first();
		await shoot(welcome, 'welcome.png');
		await welcome.getByRole('button', { name: 'Protect Everything' }).click();
		const dialog = page.locator('.monaco-dialog-box');
		await shoot(dialog, 'protect-everything.png');
		await dialog.getByRole('button', { name: 'OK' }).click();

		await runCommand(page, 'Terminal Guard: New Guarded Terminal');
		const rows = page.locator('.terminal-wrapper.active .xterm-rows');
		await rows.filter({ hasText: 'dev@laptop:~/acme-app$' }).waitFor({ state: 'visible', timeout: 30000 });
		await typeInTerminal(page, 'rm -rf victim');
		await shoot(dialog, 'modal.png');
		await dialog.getByRole('button', { name: 'Type the name to confirm…' }).click();
		const box = page.locator('.quick-input-widget input:focus');
		await box.waitFor({ state: 'visible', timeout: 15000 });
		await box.pressSequentially('vicitm', { delay: 25 });
		await page.keyboard.press('Enter');
		await rows.filter({ hasText: 'Terminal Guard stopped' }).waitFor({ state: 'visible', timeout: 15000 });
		await shoot(page.locator('.part.panel'), 'terminal-stopped.png');

		await typeInTerminal(page, 'rm db/reset.sql');
		await dialog.filter({ hasText: 'team policy' }).waitFor({ state: 'visible', timeout: 20000 });
		await shoot(dialog, 'team-policy.png');
		await dialog.getByRole('button', { name: 'Cancel' }).click();
	} catch (error) {
		// What the window showed when it went wrong, to see why.
		const file = path.join(ROOT, 'test-results', 'readme-screenshots-failure.png');
		fs.mkdirSync(path.dirname(file), { recursive: true });
		await page?.screenshot({ path: file }).then(() => console.error(`the window when it failed: ${file}`), () => undefined);
		throw error;
	} finally {
		await browser?.close();
		await server?.stop();
		removeProfile(profile);
	}
}

main().catch((error) => {
	console.error(error?.stack ?? error);
	process.exit(1);
});

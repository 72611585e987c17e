// Investigation (issue 15, item 4), not a test: opens VS Code 1.139.1 with chat.allowAnonymousAccess and
// reports whether the built-in Copilot Chat extension activates and what the Chat view's model picker
// offers, offline. `node scripts/editor/chat-probe.js` leaves screenshots and logs in
// test-results/chat-probe/. The findings are recorded in docs/coverage.md.
'use strict';
const fs = require('fs');
const path = require('path');
const { launchChromium, openPage } = require('./browser');
const { resultsDir } = require('./extension');
const { findEditor } = require('./editors');
const { runMain, sleep } = require('./proc');
const { provision } = require('./provision');
const { makeProfile, removeProfile, startCodeServer } = require('./server');
const { createWorkspace } = require('./workspace');

async function main() {
	const out = resultsDir('chat-probe', { clean: true });
	const layout = await provision(findEditor('1.139.1'));
	const profile = makeProfile('chat-probe', { 'chat.allowAnonymousAccess': true, 'chat.commandCenter.enabled': true });
	createWorkspace(profile.workspace);
	const server = await startCodeServer({ layout, profile, folder: profile.workspace });
	const browser = await launchChromium();
	try {
		const page = await openPage(browser);
		const consoleLines = [];
		page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
		await page.goto(`${server.url}/?folder=${encodeURIComponent(profile.workspace)}`, { timeout: 60000 });
		await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: 60000 });
		await sleep(30000);
		await page.screenshot({ path: path.join(out, '01-workbench.png') });
		const models = page.getByRole('button', { name: /Models|Pick Model|Auto/ }).first();
		if (await models.isVisible().catch(() => false)) {
			await models.click();
			await sleep(3000);
			await page.screenshot({ path: path.join(out, '02-model-picker.png') });
			console.log('model picker:', (await page.locator('.quick-input-widget, .monaco-menu, .action-widget').first().innerText().catch((e) => String(e))).slice(0, 2000));
		} else {
			console.log('no model picker button found');
		}
		// A person in anonymous mode just types a request: chat setup then enables the built-in extension.
		await page.keyboard.press('Escape');
		const input = page.locator('.interactive-input-part .monaco-editor textarea, .chat-input-container .monaco-editor textarea').first();
		await input.click({ timeout: 10000 }).catch((e) => console.log('no chat input:', String(e).split('\n')[0]));
		await page.keyboard.type('run echo hello in the terminal', { delay: 10 });
		await page.keyboard.press('Enter');
		await sleep(30000);
		await page.screenshot({ path: path.join(out, '03-after-request.png') });
		console.log('chat view:', (await page.locator('.interactive-session, .chat-widget').first().innerText().catch((e) => String(e))).slice(0, 2000));
		const dialog = page.locator('.monaco-dialog-box');
		if (await dialog.isVisible().catch(() => false)) {
			console.log('dialog:', await dialog.innerText());
		}
		fs.writeFileSync(path.join(out, 'workbench-console.log'), consoleLines.join('\n'));
		const logs = path.join(profile.userDataDir, 'logs');
		fs.cpSync(logs, path.join(out, 'logs'), { recursive: true });
		console.log(`logs and screenshots: ${out}`);
	} finally {
		await browser.close();
		await server.stop();
		fs.copyFileSync(profile.log, path.join(out, 'code-server.log'));
		removeProfile(profile);
	}
	return 0;
}

runMain(main);

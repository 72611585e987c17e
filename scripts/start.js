// `npm start`: try Terminal Guard. Builds it, installs VS Code's server build (code-server) if
// needed, installs the fresh build into it, opens a demo workspace and prints the URL to open.
// Ctrl-C stops the server and removes its throw-away profile.
//
//   npm start                     serve on a free port of 127.0.0.1
//   npm start -- --port 8080      serve on that port
//   npm start -- --fresh          recreate the demo workspace (.vscode-test/demo-workspace)
//   npm start -- --desktop        open a desktop `code` or `cursor` with the extension under development
//   npm start -- --check          start, prove the extension is active in headless Chromium
//                                 (screenshot in test-results/start/), stop
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { ROOT, buildExtension, installExtension, resultsDir } = require('./editor/extension');
const { HarnessError, onInterrupt, runMain, seconds, setInterruptExitCode, which } = require('./editor/proc');
const { CODE_SERVER_VERSION, VSCODE_VERSION, provision } = require('./editor/provision');
const { WORK, makeProfile, removeProfile, startCodeServer } = require('./editor/server');
const { createWorkspace } = require('./editor/workspace');

const DEMO = path.join(WORK, 'demo-workspace');

function parseArgs(argv) {
	const options = { port: Number(process.env.TG_PORT ?? 0), fresh: false, desktop: false, check: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--port') {
			options.port = Number(argv[++i]);
		} else if (arg.startsWith('--port=')) {
			options.port = Number(arg.slice('--port='.length));
		} else if (arg === '--fresh') {
			options.fresh = true;
		} else if (arg === '--desktop') {
			options.desktop = true;
		} else if (arg === '--check') {
			options.check = true;
		} else {
			throw new HarnessError(`unknown option ${arg}; see the top of scripts/start.js`);
		}
	}
	if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
		throw new HarnessError('--port takes a number from 1 to 65535 (0: any free port)');
	}
	return options;
}

/** The demo project, created on first use (or again with --fresh); production is switched on. */
function demoWorkspace(fresh) {
	if (fresh) {
		fs.rmSync(DEMO, { recursive: true, force: true });
	}
	if (!fs.existsSync(path.join(DEMO, '.git'))) {
		fs.rmSync(DEMO, { recursive: true, force: true });
		createWorkspace(DEMO, { production: true });
		console.log(`✓ created the demo workspace ${path.relative(process.cwd(), DEMO)}`);
	}
	return DEMO;
}

/** Desktop VS Code or Cursor with the extension under development (as F5 does). */
async function startDesktop(folder) {
	const editor = ['code', 'cursor'].map((name) => which(name)).find(Boolean);
	if (!editor) {
		throw new HarnessError('--desktop needs `code` (VS Code) or `cursor` on PATH. In VS Code: "Shell Command: Install \'code\' command in PATH"; in Cursor: "Shell Command: Install \'cursor\' command".');
	}
	console.log(`Opening ${path.basename(editor)} with the extension under development and ${folder}`);
	console.log('Close that window (or press Ctrl-C here) when you are done.');
	const child = spawn(editor, ['--new-window', '--wait', `--extensionDevelopmentPath=${ROOT}`, folder], { stdio: 'inherit' });
	return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 0)));
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	let t = Date.now();
	await buildExtension();
	console.log(`✓ built the extension (${seconds(t)})`);
	const folder = demoWorkspace(options.fresh);
	if (options.desktop) {
		return startDesktop(folder);
	}

	t = Date.now();
	const layout = await provision();
	console.log(`✓ code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) ready (${seconds(t)})`);
	const profile = makeProfile('start', { 'workbench.startupEditor': 'readme' });
	installExtension(profile.extensionsDir);
	let server;
	let stopping = false;
	const cleanUp = async () => {
		stopping = true;
		await server?.stop();
		removeProfile(profile);
	};
	onInterrupt(cleanUp);
	setInterruptExitCode(0);
	try {
		server = await startCodeServer({ layout, profile, folder, port: options.port });
	} catch (error) {
		removeProfile(profile);
		throw error;
	}
	const url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
	if (options.check) {
		try {
			return await check(url);
		} finally {
			await cleanUp();
		}
	}
	console.log(`
  Terminal Guard is running in VS Code ${VSCODE_VERSION} (code-server, pid ${server.pid}).

  Open  ${url}  in your browser.

  Try: F1 → "Terminal Guard: Check a Command Line…" → rm -rf victim
  Server log: ${profile.log}
  Press Ctrl-C to stop.
`);
	const { code, signal } = await server.exited;
	if (stopping) {
		return new Promise(() => undefined); // the interrupt handler exits once cleanup is done
	}
	removeProfile(profile);
	throw new HarnessError(`code-server stopped by itself (${code ?? signal}); its log was ${profile.log}`);
}

/** Opens the workbench in headless Chromium and waits for the extension's status bar shield. */
async function check(url) {
	const { launchChromium, openPage } = require('./editor/browser');
	const browser = await launchChromium();
	try {
		const page = await openPage(browser);
		await page.goto(url, { timeout: 60000 });
		const shield = page.locator('.part.statusbar .statusbar-item', { has: page.locator('.codicon-shield') });
		await shield.waitFor({ state: 'visible', timeout: 60000 }).catch(() => {
			throw new HarnessError('the workbench loaded but Terminal Guard\'s status bar item never appeared: the extension is not active');
		});
		const file = path.join(resultsDir('start'), 'workbench.png');
		// For the picture only: let the demo README open (startupEditor: readme) before taking it.
		await page.locator('.tabs-container .tab', { hasText: 'README' }).first().waitFor({ state: 'visible', timeout: 15000 }).catch(() => undefined);
		await page.waitForTimeout(1000);
		await page.screenshot({ path: file });
		console.log(`✓ the workbench at ${url} shows Terminal Guard's shield: the extension is active. Screenshot: ${file}`);
		return 0;
	} finally {
		await browser.close();
	}
}

runMain(main);

// Part of `npm run bench`: what installing Terminal Guard costs. It builds this machine's .vsix
// (`npm run package`), reports its size and the bundle's, installs it into code-server (VS Code
// 1.100.3) with --install-extension, and opens the workbench in headless Chromium a few times.
// Each window gets a new extension host; activation time is measured between two lines of that
// host's own logs: VS Code's "ExtensionService#_doActivateExtension terminal-guard…" (it starts
// loading us) and our "[main] activated" (activate() returned). It includes loading the bundle.
// `--rounds N` (default 5). Needs what the editor tests need (docs/editor-tests.md).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { launchChromium } = require('./editor/browser');
const { EXTENSION_ID, installVsix } = require('./editor/extension');
const { HarnessError, runMain, sleep } = require('./editor/proc');
const { CODE_SERVER_VERSION, VSCODE_VERSION, provision } = require('./editor/provision');
const { makeProfile, removeProfile, startCodeServer } = require('./editor/server');
const { createWorkspace } = require('./editor/workspace');
const { packageTarget } = require('./package');

/** What we hold ourselves to; printed beside each number (README, "Performance"). */
const BUDGET = { vsixKb: 2048, bundleKb: 2048, activationMs: 1000 };
const ACTIVATION_TIMEOUT_MS = 60000;

const kb = (bytes) => Math.round(bytes / 1024);
const verdict = (value, budget) => (value <= budget ? `within the budget of ${budget}` : `OVER the budget of ${budget}`);

function folderSize(dir) {
	let total = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		total += entry.isDirectory() ? folderSize(full) : fs.statSync(full).size;
	}
	return total;
}

/** VS Code's log timestamp `2026-11-23 15:15:47.515` → ms (local time, same clock for both lines). */
function stamp(line) {
	const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line);
	return match ? new Date(`${match[1]}T${match[2]}`).getTime() : undefined;
}

/** Activation times (ms) found in every extension host's logs under `logsDir`. */
function activationTimes(logsDir) {
	const times = [];
	if (!fs.existsSync(logsDir)) {
		return times;
	}
	for (const session of fs.readdirSync(logsDir)) {
		for (const host of fs.readdirSync(path.join(logsDir, session)).filter((d) => /^exthost\d+$/.test(d))) {
			const dir = path.join(logsDir, session, host);
			const hostLog = path.join(dir, 'remoteexthost.log');
			const ourLog = path.join(dir, EXTENSION_ID, 'Terminal Guard.log');
			if (!fs.existsSync(hostLog) || !fs.existsSync(ourLog)) {
				continue;
			}
			const start = fs.readFileSync(hostLog, 'utf8').split('\n').find((l) => l.includes(`_doActivateExtension ${EXTENSION_ID},`));
			const end = fs.readFileSync(ourLog, 'utf8').split('\n').find((l) => l.includes('[main] activated'));
			if (start && end && stamp(start) !== undefined && stamp(end) !== undefined) {
				times.push(stamp(end) - stamp(start));
			}
		}
	}
	return times;
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
	const at = process.argv.indexOf('--rounds');
	const rounds = at >= 0 ? Number(process.argv[at + 1]) : 5;
	const target = `${process.platform}-${process.arch}`;
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-bench-package-'));
	const vsix = await packageTarget(target, path.join(work, `terminal-guard-${target}.vsix`));

	const layout = await provision();
	const profile = makeProfile('bench');
	createWorkspace(profile.workspace);
	let server;
	let browser;
	try {
		const installed = await installVsix({ layout, profile, vsix, logFile: path.join(profile.root, 'install.log') });
		const vsixBytes = fs.statSync(vsix).size;
		const bundleBytes = fs.statSync(path.join(installed, 'dist', 'extension.js')).size;
		const installedBytes = folderSize(installed);

		server = await startCodeServer({ layout, profile, folder: profile.workspace });
		browser = await launchChromium();
		const logsDir = path.join(profile.userDataDir, 'logs');
		for (let round = 1; round <= rounds; round++) {
			const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
			const page = await context.newPage();
			await page.goto(`${server.url}/?folder=${encodeURIComponent(profile.workspace)}`, { timeout: 60000 });
			const start = Date.now();
			while (activationTimes(logsDir).length < round) {
				if (Date.now() - start > ACTIVATION_TIMEOUT_MS) {
					throw new HarnessError(`round ${round}: Terminal Guard did not log its activation within ${ACTIVATION_TIMEOUT_MS / 1000}s (logs: ${logsDir})`);
				}
				await sleep(200);
			}
			await context.close();
		}
		const times = activationTimes(logsDir);
		const activation = median(times);

		console.log(`\npackage (${target}; code-server ${CODE_SERVER_VERSION}, VS Code ${VSCODE_VERSION})`);
		console.log(`  .vsix                   ${String(kb(vsixBytes)).padStart(6)} KB   ${verdict(kb(vsixBytes), BUDGET.vsixKb)} KB`);
		console.log(`  bundle dist/extension.js ${String(kb(bundleBytes)).padStart(5)} KB   ${verdict(kb(bundleBytes), BUDGET.bundleKb)} KB (minified)`);
		console.log(`  installed on disk       ${String(kb(installedBytes)).padStart(6)} KB`);
		console.log(`  activation (load + activate), median of ${times.length}: ${activation} ms   ${verdict(activation, BUDGET.activationMs)} ms; runs: ${times.join(', ')} ms`);
		return 0;
	} finally {
		await browser?.close();
		await server?.stop();
		removeProfile(profile);
		fs.rmSync(work, { recursive: true, force: true });
	}
}

runMain(main);

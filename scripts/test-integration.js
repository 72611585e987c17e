// `npm run test:integration`: runs test/integration/ inside the real extension host of each editor
// of the matrix (code-server: VS Code 1.100.3 and 1.139.1), with headless Chromium as the window.
// `--editor 1.139.1` (or TG_EDITORS=1.139.1) runs one. Exits non-zero if any editor's suite fails;
// if an editor cannot start, that editor fails with the reason. See docs/editor-tests.md.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromiumPath, launchChromium, openPage } = require('./editor/browser');
const { buildTests } = require('./editor/build-tests');
const { ROOT, buildExtension, resultsDir } = require('./editor/extension');
const { HarnessError, runMain, seconds } = require('./editor/proc');
const { DEFAULT_EDITOR, describe, selectEditors } = require('./editor/editors');
const { provision } = require('./editor/provision');
const { follow, mochaCounts } = require('./editor/report');
const { makeProfile, removeProfile, startCodeServer } = require('./editor/server');
const { createWorkspace } = require('./editor/workspace');

/** The whole suite must finish within this, per editor, from opening the window (about 4 min on 2 busy cores; 15 is a hang guard, the database prompt and team policy suites were added). */
const SUITE_TIMEOUT_MS = Number(process.env.TG_INTEGRATION_TIMEOUT_MS ?? 15 * 60 * 1000);

/**
 * The workbench URL that makes VS Code load the extension under development and run the tests
 * module in the extension host, as @vscode/test-electron does on the desktop.
 */
function testUrl(server, folder, testsDir) {
	const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
	const payload = [
		['extensionDevelopmentPath', remote(ROOT)],
		['extensionTestsPath', remote(testsDir)],
	];
	return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** The oldest editor writes to test-results/integration/ (as before), the others beside it. */
function resultsName(editor) {
	return editor === DEFAULT_EDITOR ? 'integration' : `integration-${editor.vscode}`;
}

async function main() {
	const { editors, argv } = selectEditors();
	if (argv.length > 0) {
		throw new HarnessError(`unknown option ${argv[0]}; use --editor <version> (or TG_EDITORS) and TG_TEST_GREP`);
	}
	const started = Date.now();
	const buildLog = path.join(resultsDir(resultsName(editors[0]), { clean: true }), 'build.log');
	fs.writeFileSync(buildLog, '');
	chromiumPath(); // fail first, with the install command, when Chromium is missing

	const t = Date.now();
	await buildExtension({ logFile: buildLog });
	const testsDir = await buildTests('integration', { run: process.pid });
	console.log(`✓ built the extension and the suite (${seconds(t)})`);
	const outcomes = [];
	try {
		for (const editor of editors) {
			const results = editor === editors[0] ? path.dirname(buildLog) : resultsDir(resultsName(editor), { clean: true });
			console.log(`\n== integration in ${describe(editor)}`);
			try {
				outcomes.push({ editor, ...(await runIn(editor, testsDir, results)) });
			} catch (error) {
				if (!(error instanceof HarnessError)) {
					throw error;
				}
				console.error(`\n✗ ${describe(editor)}: ${error.message}`);
				outcomes.push({ editor, status: 1, error: error.message.split('\n')[0] });
			}
		}
	} finally {
		fs.rmSync(testsDir, { recursive: true, force: true });
	}
	console.log(`\nintegration, ${seconds(started)} in all:`);
	for (const o of outcomes) {
		const what = o.counts ? `${o.counts.passed} passed, ${o.counts.failed} failed${o.counts.pending ? `, ${o.counts.pending} skipped` : ''}` : `did not run: ${o.error}`;
		console.log(`  ${o.status === 0 ? '✓' : '✗'} VS Code ${o.editor.vscode}: ${what}`);
	}
	return outcomes.every((o) => o.status === 0) ? 0 : 1;
}

/** Runs the built suite in one editor; returns { status, counts }. */
async function runIn(editor, testsDir, results) {
	let t = Date.now();
	const layout = await provision(editor);
	console.log(`✓ ${describe(editor)} ready (${seconds(t)})`);
	const VSCODE_VERSION = editor.vscode;

	const profile = makeProfile('integration');
	createWorkspace(profile.workspace);
	const report = path.join(profile.root, 'mocha.txt');
	fs.writeFileSync(report, '');
	const browserConsole = [];
	let server;
	let browser;
	let stopFollowing = () => undefined;
	let status = 1;
	let counts;
	try {
		t = Date.now();
		server = await startCodeServer({
			layout,
			profile,
			folder: profile.workspace,
			extraArgs: editor.testServerArgs,
			env: { TG_TEST_REPORT: report, TG_EXPECT_VSCODE_VERSION: VSCODE_VERSION, TG_EXPECT_NODE_MAJOR: String(editor.node.major), TG_TEST_COLOR: process.stdout.isTTY ? '1' : '0' },
		});
		console.log(`✓ code-server (pid ${server.pid}) listening on ${server.url} (${seconds(t)})`);

		t = Date.now();
		browser = await launchChromium();
		const page = await openPage(browser);
		page.on('console', (message) => browserConsole.push(`[${message.type()}] ${message.text()}`));
		let settle;
		const outcome = new Promise((resolve) => (settle = resolve));
		// VS Code calls window.codeAutomationExit(code) once the tests module's run() settles.
		await page.exposeFunction('codeAutomationExit', (code) => settle({ code: Number(code) }));
		page.on('crash', () => settle({ error: 'the workbench page crashed' }));
		void server.exited.then(({ code, signal }) => settle({ error: `code-server exited (${code ?? signal}) during the tests` }));
		const timer = setTimeout(() => settle({ error: `the suite did not finish within ${SUITE_TIMEOUT_MS / 1000}s` }), SUITE_TIMEOUT_MS);

		console.log('… opening the workbench; mocha runs in the extension host:\n');
		stopFollowing = follow(report);
		await page.goto(testUrl(server, profile.workspace, testsDir), { timeout: 60000 }).catch((error) => settle({ error: `the workbench did not load: ${error.message.split('\n')[0]}` }));
		const result = await outcome;
		clearTimeout(timer);
		stopFollowing();
		if (result.error) {
			await page.screenshot({ path: path.join(results, 'failure.png') }).catch(() => undefined);
			throw new HarnessError(`${result.error}.\n  Workbench console (last lines):\n${browserConsole.slice(-15).map((l) => `    ${l}`).join('\n')}\n  Screenshot: ${path.join(results, 'failure.png')}\n  Server log: ${path.join(results, 'code-server.log')}`);
		}
		counts = mochaCounts(fs.readFileSync(report, 'utf8'));
		if (!counts) {
			throw new HarnessError(`the extension host exited with ${result.code} but mocha printed no summary: the suite did not run.\n  Workbench console (last lines):\n${browserConsole.slice(-15).map((l) => `    ${l}`).join('\n')}`);
		}
		if (counts.passed + counts.failed === 0) {
			throw new HarnessError('mocha ran no test');
		}
		status = result.code === 0 && counts.failed === 0 ? 0 : 1;
		console.log(`\nintegration in VS Code ${VSCODE_VERSION}: ${seconds(t)} in the editor`);
		console.log(`integration in VS Code ${VSCODE_VERSION}: ${counts.passed} passed, ${counts.failed} failed${counts.pending ? `, ${counts.pending} skipped` : ''}`);
	} finally {
		stopFollowing();
		await browser?.close().catch(() => undefined);
		await server?.stop();
		fs.writeFileSync(path.join(results, 'workbench-console.log'), browserConsole.join('\n') + '\n');
		if (fs.existsSync(profile.log)) {
			fs.copyFileSync(profile.log, path.join(results, 'code-server.log'));
		}
		removeProfile(profile);
	}
	return { status, counts };
}

// The editors start the person's bash: a pyenv lock a killed bash left behind would stall each one 60 s (editor/pyenvLock.js).
require('./editor/pyenvLock').watchStalePyenvLock();
runMain(main);

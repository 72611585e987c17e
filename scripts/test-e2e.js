// `npm run test:e2e`: installs the freshly built extension into each editor of the matrix
// (code-server: VS Code 1.100.3, then 1.139.1), then runs test/e2e/ with mocha; the tests drive the
// workbench in Debian's headless Chromium as a person would and leave screenshots in
// test-results/e2e/ (1.100.3) and test-results/e2e-1.139.1/. `--editor 1.139.1` (or
// TG_EDITORS=1.139.1) runs one. See docs/editor-tests.md.
// `npm run test:e2e -- --vsix [FILE]` (or TG_E2E_VSIX=1|FILE) tests the packaged extension instead:
// it runs `npm run package` for this machine (unless given a FILE) and installs the .vsix with
// code-server's --install-extension. `npm test` runs this way; the source-tree copy is quicker.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { chromiumPath } = require('./editor/browser');
const { buildTests } = require('./editor/build-tests');
const { ROOT, buildExtension, installApiProbe, installExtension, installVsix, resultsDir } = require('./editor/extension');
const { HarnessError, onInterrupt, runMain, seconds, stopProcess } = require('./editor/proc');
const { DEFAULT_EDITOR, describe, selectEditors } = require('./editor/editors');
const { provision } = require('./editor/provision');
const { mochaCounts } = require('./editor/report');
const { makeProfile, removeProfile, startCodeServer } = require('./editor/server');
const { createWorkspace } = require('./editor/workspace');

/**
 * Which extension to test: `{ vsix: FILE }` (packaged; FILE undefined means build it now) or
 * `{ vsix: false }` (the source tree's build).
 */
function extensionUnderTest(argv, env = process.env) {
	const at = argv.indexOf('--vsix');
	if (at >= 0) {
		const next = argv[at + 1];
		return { vsix: next && !next.startsWith('-') ? path.resolve(next) : undefined };
	}
	if (env.TG_E2E_VSIX && env.TG_E2E_VSIX !== '0') {
		return { vsix: env.TG_E2E_VSIX === '1' ? undefined : path.resolve(env.TG_E2E_VSIX) };
	}
	return { vsix: false };
}

/** A hang guard, per editor: the whole mocha run must finish within this (up to 10 min on 2 cores shared by several runs, with VS Code's own agent suite in 1.139.1). */
const SUITE_TIMEOUT_MS = Number(process.env.TG_E2E_TIMEOUT_MS ?? 20 * 60 * 1000);

/** The oldest editor writes to test-results/e2e/ (the README's screenshots come from there), the others beside it. */
function resultsName(editor) {
	return editor === DEFAULT_EDITOR ? 'e2e' : `e2e-${editor.vscode}`;
}

async function main() {
	const { editors, argv } = selectEditors();
	const started = Date.now();
	const first = resultsDir(resultsName(editors[0]), { clean: true });
	const buildLog = path.join(first, 'build.log');
	chromiumPath(); // fail first, with the install command, when Chromium is missing

	const { vsix: givenVsix } = extensionUnderTest(argv);
	const t = Date.now();
	let vsix = givenVsix;
	if (vsix === undefined) {
		const { packageTarget } = require('./package');
		vsix = await packageTarget(`${process.platform}-${process.arch}`, path.join(first, `terminal-guard-${process.platform}-${process.arch}.vsix`));
	} else if (vsix === false) {
		await buildExtension({ logFile: buildLog });
	} else if (!fs.existsSync(vsix)) {
		throw new HarnessError(`${vsix} does not exist`);
	}
	const testsDir = await buildTests('e2e', { run: process.pid });
	console.log(`✓ built ${vsix ? `the package (${path.relative(ROOT, vsix)})` : 'the extension'} and the suite (${seconds(t)})`);
	const outcomes = [];
	try {
		for (const editor of editors) {
			const shots = editor === editors[0] ? first : resultsDir(resultsName(editor), { clean: true });
			console.log(`\n== end-to-end in ${describe(editor)}`);
			try {
				outcomes.push({ editor, ...(await runIn(editor, { vsix, testsDir, shots, buildLog: path.join(shots, 'build.log') })) });
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
	console.log(`\nend-to-end, ${seconds(started)} in all:`);
	for (const o of outcomes) {
		const what = o.counts ? `${o.counts.passed} passed, ${o.counts.failed} failed${o.counts.pending ? `, ${o.counts.pending} skipped` : ''}` : `did not run: ${o.error}`;
		console.log(`  ${o.status === 0 ? '✓' : '✗'} VS Code ${o.editor.vscode}: ${what}`);
	}
	return outcomes.every((o) => o.status === 0) ? 0 : 1;
}

/** Runs the built suite against one editor; returns { status, counts }. */
async function runIn(editor, { vsix, testsDir, shots, buildLog }) {
	const started = Date.now();
	let t = Date.now();
	const layout = await provision(editor);
	console.log(`✓ ${describe(editor)} ready (${seconds(t)})`);
	const VSCODE_VERSION = editor.vscode;

	const profile = makeProfile('e2e');
	createWorkspace(profile.workspace);
	const installed = vsix ? await installVsix({ layout, profile, vsix, logFile: buildLog }) : installExtension(profile.extensionsDir);
	console.log(`✓ installed ${vsix ? 'the .vsix with --install-extension' : 'the source tree\'s build'} as ${path.basename(installed)}`);
	await installApiProbe({ layout, profile, logFile: buildLog, packaged: Boolean(vsix) });
	console.log('✓ installed test/fixtures/api-probe, another extension that looks at the API');
	let server;
	let status = 1;
	let counts;
	try {
		t = Date.now();
		server = await startCodeServer({ layout, profile, folder: profile.workspace });
		console.log(`✓ code-server (pid ${server.pid}) listening on ${server.url} (${seconds(t)})\n`);

		const tests = fs.readdirSync(testsDir).filter((f) => f.endsWith('.test.js')).map((f) => path.join(testsDir, f));
		const mocha = spawn(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--ui', 'tdd', '--timeout', '90000', process.stdout.isTTY ? '--color' : '--no-color', ...(process.env.TG_TEST_GREP ? ['--grep', process.env.TG_TEST_GREP] : []), ...tests], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {
				...process.env,
				TG_E2E_URL: `${server.url}/?folder=${encodeURIComponent(profile.workspace)}`,
				TG_E2E_SHOTS: shots,
				TG_E2E_ROOT: ROOT,
				TG_E2E_INSTALLED: installed,
				TG_E2E_USER_DATA: profile.userDataDir,
				TG_E2E_VSCODE_VERSION: VSCODE_VERSION,
				// A suite that needs an editor of its own (an untrusted workspace) starts one with the same extensions.
				TG_E2E_EXTENSIONS: profile.extensionsDir,
			},
		});
		const forget = onInterrupt(() => stopProcess(mocha));
		mocha.once('exit', forget);
		let report = '';
		mocha.stdout.on('data', (chunk) => {
			report += chunk.toString();
			process.stdout.write(chunk);
		});
		mocha.stderr.on('data', (chunk) => process.stderr.write(chunk));
		const result = await new Promise((resolve) => {
			// Stopped for taking too long, mocha exits too: that exit must not be reported as its own.
			let timedOut = false;
			const timer = setTimeout(() => {
				timedOut = true;
				void stopProcess(mocha).then(() => resolve({ error: `the end-to-end suite did not finish within ${SUITE_TIMEOUT_MS / 1000}s (TG_E2E_TIMEOUT_MS)` }));
			}, SUITE_TIMEOUT_MS);
			mocha.once('exit', (code, signal) => {
				clearTimeout(timer);
				if (!timedOut) {
					resolve({ code: code ?? 1, signal });
				}
			});
			void server.exited.then(({ code, signal }) => resolve({ error: `code-server exited (${code ?? signal}) during the tests` }));
		});
		if (result.error) {
			await stopProcess(mocha);
			throw new HarnessError(`${result.error}; server log: ${path.join(shots, 'code-server.log')}`);
		}
		counts = mochaCounts(report);
		if (!counts) {
			throw new HarnessError(`mocha exited with ${result.code ?? result.signal} without a summary: the end-to-end suite did not run`);
		}
		if (counts.passed + counts.failed === 0) {
			throw new HarnessError('mocha ran no end-to-end test');
		}
		status = result.code === 0 && counts.failed === 0 ? 0 : 1;
		const pictures = fs.readdirSync(shots).filter((f) => f.endsWith('.png'));
		console.log(`\nend-to-end in VS Code ${VSCODE_VERSION}: ${seconds(started)} in all; ${pictures.length} screenshots in ${path.relative(process.cwd(), shots) || shots}`);
		console.log(`e2e in VS Code ${VSCODE_VERSION}: ${counts.passed} passed, ${counts.failed} failed${counts.pending ? `, ${counts.pending} skipped` : ''}`);
	} finally {
		await server?.stop();
		if (fs.existsSync(profile.log)) {
			fs.copyFileSync(profile.log, path.join(shots, 'code-server.log'));
		}
		removeProfile(profile);
	}
	return { status, counts };
}

// The editors start the person's bash: a pyenv lock a killed bash left behind would stall each one 60 s (editor/pyenvLock.js).
require('./editor/pyenvLock').watchStalePyenvLock();
runMain(main);

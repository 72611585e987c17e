// Compiles the TypeScript sources and unit tests to out/ and runs them with node's test runner.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
// TG_OUT_DIR lets several people (or agents) compile side by side without clobbering each other.
const outName = process.env.TG_OUT_DIR || 'out';
const out = path.join(root, outName);
fs.rmSync(out, { recursive: true, force: true });
// The CLI tests run the real bundled `bin/terminal-guard`, so bundle first.
const build = spawnSync(process.execPath, ['esbuild.config.js'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
	process.exit(build.status ?? 1);
}
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'test/tsconfig.json', '--outDir', outName, '--noEmit', 'false'], { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) {
	process.exit(tsc.status ?? 1);
}

function testFiles(dir) {
	if (!fs.existsSync(dir)) {
		return [];
	}
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? testFiles(full) : entry.name.endsWith('.test.js') ? [full] : [];
	});
}

const filter = process.argv[2];
const files = testFiles(path.join(out, 'test', 'unit')).filter((f) => !filter || f.includes(filter)).sort();
if (files.length === 0) {
	console.error(`No unit test files found under ${outName}/test/unit.`);
	process.exit(1);
}
// Not --test-force-exit: with it, node 20 sometimes ended a file's process before its last tests ran and
// reported no failure (orm.test.js lost up to 5 of 108 tests, 2 runs in 12). A shell a test failed to end
// could instead keep the run waiting forever, so a watchdog stops it and fails the run, loudly.
const LIMIT_MS = Number(process.env.TG_UNIT_TIMEOUT_MS ?? 20 * 60 * 1000);
// Shell tests start the person's bash: a pyenv lock a killed bash left behind would stall each one 60 s (editor/pyenvLock.js).
require('./editor/pyenvLock').watchStalePyenvLock();
const child = spawn(process.execPath, ['--test', '--test-reporter=spec', ...files], { cwd: root, stdio: 'inherit', detached: true });
// Its own process group, so the watchdog (and Ctrl-C here) can stop every process the tests started.
const stopAll = () => {
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		child.kill('SIGKILL');
	}
};
const watchdog = setTimeout(() => {
	console.error(`\nThe unit tests did not finish within ${LIMIT_MS / 60000} minutes (a process a test started is probably still running); stopping them. This run FAILED.`);
	stopAll();
	process.exit(1);
}, LIMIT_MS);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		stopAll();
		process.exit(1);
	});
}
child.on('exit', (code) => {
	clearTimeout(watchdog);
	process.exit(code ?? 1);
});

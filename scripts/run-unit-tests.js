// Compiles the TypeScript sources and unit tests to out/ and runs them with node's test runner.
'use strict';
const { spawnSync } = require('child_process');
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
// --test-force-exit: a shell a test failed to end must not keep a file's process, and so the whole run, waiting forever.
const run = spawnSync(process.execPath, ['--test', '--test-force-exit', '--test-reporter=spec', ...files], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);

// Bundles the editor test suites with esbuild: test/integration → out-integration/ (runs in the
// extension host) and test/e2e → out-e2e/ (runs in Node and drives Chromium). Both folders are
// git-ignored; mocha, vscode and playwright-core stay external and load from node_modules.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const SUITES = {
	integration: { from: 'test/integration', out: 'out-integration', entries: (f) => f === 'index.ts' || f.endsWith('.test.ts') },
	e2e: { from: 'test/e2e', out: 'out-e2e', entries: (f) => f.endsWith('.test.ts') },
};

/**
 * Builds one suite; returns the absolute output folder. With `run` (a harness run's id) it builds
 * into a subfolder of its own, so runs side by side never delete each other's tests; the harness
 * removes it afterwards. Without, into the suite's folder itself (F5, test:desktop).
 */
async function buildTests(name, { run } = {}) {
	const suite = SUITES[name];
	const from = path.join(ROOT, suite.from);
	const out = run ? path.join(ROOT, suite.out, `run-${run}`) : path.join(ROOT, suite.out);
	if (run) {
		fs.rmSync(out, { recursive: true, force: true });
	} else {
		for (const file of fs.existsSync(out) ? fs.readdirSync(out) : []) {
			if (!file.startsWith('run-')) {
				fs.rmSync(path.join(out, file), { recursive: true, force: true });
			}
		}
	}
	const entryPoints = fs.readdirSync(from).filter(suite.entries).map((f) => path.join(from, f));
	await esbuild.build({
		entryPoints,
		outdir: out,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		sourcemap: 'inline',
		external: ['vscode', 'mocha', 'playwright-core'],
		// jsonc-parser's default (UMD) build requires its parts at run time, which a bundle cannot follow.
		alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
		logLevel: 'warning',
	});
	return out;
}

module.exports = { buildTests, SUITES };

if (require.main === module) {
	const which = process.argv.slice(2);
	Promise.all((which.length ? which : Object.keys(SUITES)).map(buildTests)).then(
		(outs) => console.log(`built ${outs.map((o) => path.relative(ROOT, o)).join(', ')}`),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}

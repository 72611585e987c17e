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

/** Builds one suite; returns the absolute output folder. */
async function buildTests(name) {
	const suite = SUITES[name];
	const from = path.join(ROOT, suite.from);
	const out = path.join(ROOT, suite.out);
	fs.rmSync(out, { recursive: true, force: true });
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

// Recall and false alarms of the engine in a source tree on corpus files, per file.
//   node scripts/pack-recall.js [--tree DIR] [--production] FILE.jsonl...
// DIR defaults to this checkout; give another checkout (e.g. main) to compare before and after.
// A destructive line counts as caught when it is asked (or refused) with the corpus's target.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const args = process.argv.slice(2);
const treeAt = args.indexOf('--tree');
const tree = path.resolve(treeAt >= 0 ? args.splice(treeAt, 2)[1] : path.join(__dirname, '..'));
const productionAt = args.indexOf('--production');
const production = productionAt >= 0 && args.splice(productionAt, 1).length > 0;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-recall-'));
require(path.join(__dirname, '..', 'node_modules', 'esbuild')).buildSync({
	entryPoints: [path.join(tree, 'src', 'engine', 'analyze.ts')], bundle: true, platform: 'node', format: 'cjs', logLevel: 'error',
	outfile: path.join(out, 'analyze.js'),
	// jsonc-parser's default (UMD) build requires its parts at run time, which a bundle cannot follow (as in esbuild.config.js).
	alias: { 'jsonc-parser': path.join(path.join(__dirname, '..'), 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') },
	define: { 'import.meta.url': JSON.stringify(`file://${path.join(__dirname, '..', 'node_modules', 'web-tree-sitter', 'x.js')}`) },
});
for (const wasm of ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm', 'tree-sitter-powershell/tree-sitter-powershell.wasm']) {
	fs.copyFileSync(path.join(__dirname, '..', 'node_modules', wasm), path.join(out, path.basename(wasm)));
}
const { analyze, initParser, initPowerShell } = require(path.join(out, 'analyze.js'));

// The corpus test's context (test/unit/helpers.ts): files under the project and the home folder
// come from test/fixtures/project and test/fixtures/home; nothing else exists.
const PROJECT = '/home/dev/project';
const HOME = '/home/dev';
function fixtureReadFile(absolute) {
	const inProject = path.relative(PROJECT, absolute);
	const inHome = path.relative(HOME, absolute);
	const file = !inProject.startsWith('..') && !path.isAbsolute(inProject)
		? path.join(__dirname, '..', 'test', 'fixtures', 'project', inProject)
		: !inHome.startsWith('..') && !path.isAbsolute(inHome) ? path.join(__dirname, '..', 'test', 'fixtures', 'home', inHome) : undefined;
	return file !== undefined && fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
}

(async () => {
	await initParser();
	await initPowerShell?.();
	const ctx = { cwd: PROJECT, workspaceFolders: [PROJECT], home: HOME, env: {}, readFile: fixtureReadFile };
	const total = { d: 0, caught: 0, s: 0, ok: 0 };
	for (const file of args) {
		const rows = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('//')).map((l) => JSON.parse(l));
		let d = 0, caught = 0, s = 0, ok = 0;
		for (const r of rows) {
			const v = analyze(r.command, { ...ctx, production: production || (r.production ?? false), ...(r.cwd ? { cwd: r.cwd } : {}), ...(r.shell ? { shell: r.shell } : {}) });
			if (r.decision === 'allow') {
				s++;
				ok += v.decision === 'allow' ? 1 : 0;
			} else {
				d++;
				caught += v.decision !== 'allow' && (r.target === undefined || v.target === r.target) ? 1 : 0;
			}
		}
		Object.assign(total, { d: total.d + d, caught: total.caught + caught, s: total.s + s, ok: total.ok + ok });
		console.log(`${path.basename(file).padEnd(24)} caught ${caught}/${d} (${d ? (100 * caught / d).toFixed(0) : '-'}%)  false alarms ${s - ok}/${s}`);
	}
	console.log(`${'total'.padEnd(24)} caught ${total.caught}/${total.d} (${(100 * total.caught / total.d).toFixed(1)}%)  false alarms ${total.s - total.ok}/${total.s}`);
	fs.rmSync(out, { recursive: true, force: true });
})();

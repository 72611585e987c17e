// Builds an earlier engine from git into dist/bench/baseline-engine.js, so `npm run bench` can time it
// next to today's engine in the same process, on the same lines (bench/engine.ts, "baseline engine").
// The default is the engine just before issue #11 (argv, static values, data flow), whose per-line speed
// that issue asked not to lose. TG_BASELINE_REF=<commit> picks another; without git history (a source
// tarball) it says so and the benchmark leaves the row out.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const ref = process.env.TG_BASELINE_REF || 'f9fec62^';
const out = path.join(root, 'dist', 'bench', 'baseline-engine.js');

function main() {
	fs.rmSync(out, { force: true });
	fs.rmSync(path.join(path.dirname(out), 'baseline-corpus.json'), { force: true });
	let commit;
	try {
		commit = execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		console.log(`bench-baseline: ${ref} is not in this checkout's git history; the benchmark runs without the baseline engine.`);
		return;
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-baseline-'));
	try {
		const tar = execFileSync('git', ['archive', '--format=tar', commit, 'src/engine'], { cwd: root, maxBuffer: 1 << 28 });
		execFileSync('tar', ['-x', '-C', dir], { input: tar });
		const entry = path.join(dir, 'entry.ts');
		fs.writeFileSync(entry, "export { analyze, initParser } from './src/engine/analyze';\n");
		require('esbuild').buildSync({
			entryPoints: [entry],
			outfile: out,
			bundle: true,
			platform: 'node',
			target: 'node20',
			format: 'cjs',
			// The baseline's imports resolve from this checkout's node_modules (same parser and grammar).
			nodePaths: [path.join(root, 'node_modules')],
			external: ['vscode', 'node-pty'],
			alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
			logLevel: 'error',
			define: { 'import.meta.url': '__tgImportMetaUrl' },
			banner: { js: `// The engine at ${commit} (${ref}), for bench/engine.ts.\nconst __tgImportMetaUrl = require('url').pathToFileURL(__filename).href;` },
		});
		console.log(`bench-baseline: engine at ${ref} (${commit.slice(0, 12)}) → ${path.relative(root, out)}`);
		// The corpus as it was then: its lines are the ordinary lines the issue measured (the lines #11 added are
		// the new deliveries it asked the engine to read, which the old engine answered without reading).
		const corpusTar = execFileSync('git', ['archive', '--format=tar', commit, 'test/fixtures/corpus'], { cwd: root, maxBuffer: 1 << 28 });
		execFileSync('tar', ['-x', '-C', dir], { input: corpusTar });
		const corpusDir = path.join(dir, 'test', 'fixtures', 'corpus');
		const lines = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.jsonl')).flatMap((f) => fs.readFileSync(path.join(corpusDir, f), 'utf8').split('\n'))
			.filter((l) => l.trim() && !l.trim().startsWith('//')).map((l) => JSON.parse(l).command);
		fs.writeFileSync(path.join(path.dirname(out), 'baseline-corpus.json'), JSON.stringify(lines));
		console.log(`bench-baseline: the corpus at ${ref}, ${lines.length} lines → dist/bench/baseline-corpus.json`);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main();

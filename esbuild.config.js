// Bundles the extension, the CLI and the benchmark; copies the parser's WASM files beside them.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir=DIR` builds somewhere other than dist/ (scripts/package.js stages the .vsix there).
const outdirArg = process.argv.find((a) => a.startsWith('--outdir='));
const outRoot = outdirArg ? path.resolve(outdirArg.slice('--outdir='.length)) : path.join(__dirname, 'dist');

const common = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	sourcemap: !production,
	minify: production,
	external: ['vscode', 'node-pty'],
	// jsonc-parser's default (UMD) build requires its parts at run time, which a bundle cannot follow.
	alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
	logLevel: 'warning',
	// web-tree-sitter's ESM build asks for import.meta.url; give it this file's URL in CommonJS.
	define: { 'import.meta.url': '__tgImportMetaUrl', __VERSION__: JSON.stringify(require('./package.json').version) },
	banner: { js: "const __tgImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const entries = [
	{ entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
	{ entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
	{ entryPoints: ['src/cli/gateMain.ts'], outfile: 'dist/gate.js' },
	{ entryPoints: ['bench/engine.ts'], outfile: 'dist/bench/engine.js' },
	{ entryPoints: ['bench/terminal.ts'], outfile: 'dist/bench/terminal.js' },
	{ entryPoints: ['bench/otherTerminals.ts'], outfile: 'dist/bench/otherTerminals.js' },
];

function copyWasm() {
	const out = outRoot;
	for (const [from, name] of [
		[path.join(__dirname, 'node_modules/web-tree-sitter/tree-sitter.wasm'), 'tree-sitter.wasm'],
		[path.join(__dirname, 'node_modules/tree-sitter-bash/tree-sitter-bash.wasm'), 'tree-sitter-bash.wasm'],
		// Loaded only when a PowerShell line arrives (src/engine/powershell/parse.ts).
		[path.join(__dirname, 'node_modules/tree-sitter-powershell/tree-sitter-powershell.wasm'), 'tree-sitter-powershell.wasm'],
	]) {
		for (const dir of [out, path.join(out, 'bench')]) {
			fs.mkdirSync(dir, { recursive: true });
			fs.copyFileSync(from, path.join(dir, name));
		}
	}
}

async function main() {
	copyWasm();
	const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e, outfile: path.join(outRoot, path.relative('dist', e.outfile)) })));
	if (watch) {
		await Promise.all(contexts.map((c) => c.watch()));
		return;
	}
	await Promise.all(contexts.map((c) => c.rebuild()));
	await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

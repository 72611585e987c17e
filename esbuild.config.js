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

/** web-tree-sitter's one `await import("module")`, as the builtin required at the top of the bundle. */
const noDynamicModuleImport = {
	name: 'no-dynamic-module-import',
	setup(build) {
		build.onLoad({ filter: /web-tree-sitter[\\/]tree-sitter\.js$/ }, (args) => {
			const text = fs.readFileSync(args.path, 'utf8');
			const pattern = 'await import("module")';
			if (text.split(pattern).length !== 2) {
				throw new Error(`${args.path}: expected exactly one ${pattern} (web-tree-sitter changed; see esbuild.config.js)`);
			}
			return { contents: text.replace(pattern, '__tgNodeModule'), loader: 'js' };
		});
	},
};

/**
 * The trash package's Linux side reads mounts with @stroncium/procfs, which requires its parsers by a
 * computed name without the .js esbuild's bundled map is keyed by ("Module not found in bundle").
 */
const procfsParsers = {
	name: 'procfs-parsers',
	setup(build) {
		build.onLoad({ filter: /@stroncium[\\/]procfs[\\/]lib[\\/]parsers\.js$/ }, (args) => {
			const text = fs.readFileSync(args.path, 'utf8');
			const pattern = 'require(`./parsers/${name}`)';
			if (text.split(pattern).length !== 2) {
				throw new Error(`${args.path}: expected exactly one ${pattern} (@stroncium/procfs changed; see esbuild.config.js)`);
			}
			return { contents: text.replace(pattern, 'require(`./parsers/${name}.js`)'), loader: 'js' };
		});
	},
};

/**
 * For the hook bundle: `import * as fs from 'fs'` of a Node builtin as a plain `const fs = require('fs')`.
 * esbuild otherwise copies every property of the module into a namespace object (__toESM), once per
 * importing file: 17 copies (fs 5 times, ~100 properties each) ran in every hook, ~1 ms of ~8 ms over
 * `node -e 0`. Property reads on the module are the same either way; only the hook bundle is rewritten.
 */
const builtinNamespacesAsRequire = {
	name: 'builtin-namespaces-as-require',
	setup(build) {
		const builtins = new Set(require('module').builtinModules);
		build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
			const text = fs.readFileSync(args.path, 'utf8');
			const contents = text.replace(/^import \* as (\w+) from '(?:node:)?([\w/]+)';$/gm, (line, name, module) => (builtins.has(module) ? `import ${name} = require('${module}');` : line));
			return { contents, loader: 'ts' };
		});
	},
};

/**
 * For the hook bundle: src/agents/otherTools.ts (file edits, unknown tools, VS Code tasks) stays out of
 * it and is required at run time from dist/hook-tools.js beside it, only when such a tool is checked.
 */
const otherToolsApart = {
	name: 'other-tools-apart',
	setup(build) {
		build.onResolve({ filter: /^\.\/otherTools$/ }, (args) => (args.importer.endsWith(path.join('src', 'agents', 'otherToolsLazy.ts')) ? { path: './hook-tools.js', external: true } : undefined));
	},
};

/**
 * For the hook bundle: after each build of dist/hook.js, dist/hook-entry.js (src/cli/hookEntry.ts),
 * which runs hook.js from V8's code cache, built with hook.js's SHA-256 as __HOOK_BUILD__: the cache's
 * name commits to the exact hook.js it was made from, and no hook hashes anything at run time.
 */
const hookEntryAfter = {
	name: 'hook-entry-after',
	setup(build) {
		build.onEnd(async (result) => {
			if (result.errors.length > 0) {
				return;
			}
			const hookFile = build.initialOptions.outfile;
			const hash = require('crypto').createHash('sha256').update(fs.readFileSync(hookFile)).digest('hex');
			const entry = await esbuild.build({
				...common,
				entryPoints: ['src/cli/hookEntry.ts'],
				outfile: path.join(path.dirname(hookFile), 'hook-entry.js'),
				metafile: true,
				banner: {},
				define: { ...common.define, __HOOK_BUILD__: JSON.stringify(hash) },
				plugins: [builtinNamespacesAsRequire],
			});
			fs.mkdirSync(path.join(outRoot, 'meta'), { recursive: true });
			fs.writeFileSync(path.join(outRoot, 'meta', 'hook-entry.json'), JSON.stringify(entry.metafile));
		});
	},
};

const entries = [
	{ entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [procfsParsers] },
	{ entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
	{ entryPoints: ['src/cli/gateMain.ts'], outfile: 'dist/gate.js' },
	// The agent hook, lean (no engine, no node-pty), and the engine it requires only when no editor answers.
	// Their metafiles (dist/meta/) let test/unit/cli/leanHook.test.ts check what went into them.
	// No banner: nothing in it reads import.meta.url, and the banner's require('url') is paid by every hook.
	{ entryPoints: ['src/cli/hookMain.ts'], outfile: 'dist/hook.js', metafile: true, banner: {}, plugins: [builtinNamespacesAsRequire, otherToolsApart, hookEntryAfter] },
	{ entryPoints: ['src/agents/otherTools.ts'], outfile: 'dist/hook-tools.js', metafile: true, banner: {}, plugins: [builtinNamespacesAsRequire] },
	// No import() left in it: a script run from V8's code cache (src/cli/codeCache.ts) loses Node's
	// dynamic-import callback, so esbuild turns import() into require(), and web-tree-sitter's
	// `await import("module")` (where `require` is shadowed) becomes the `module` builtin required up front.
	{
		entryPoints: ['src/cli/localJudging.ts'], outfile: 'dist/hook-engine.js', metafile: true,
		supported: { 'dynamic-import': false }, plugins: [noDynamicModuleImport],
		banner: { js: `${common.banner.js} const __tgNodeModule = require('module');` },
	},
	{ entryPoints: ['bench/engine.ts'], outfile: 'dist/bench/engine.js' },
	{ entryPoints: ['bench/terminal.ts'], outfile: 'dist/bench/terminal.js' },
	{ entryPoints: ['bench/otherTerminals.ts'], outfile: 'dist/bench/otherTerminals.js' },
	{ entryPoints: ['bench/hook.ts'], outfile: 'dist/bench/hook.js' },
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
	// The trash package runs these on macOS and Windows, found beside the bundle (new URL(name, import.meta.url)).
	for (const name of ['macos-trash', 'windows-trash.exe']) {
		fs.copyFileSync(path.join(__dirname, 'node_modules/trash/lib', name), path.join(out, name));
	}
}

/**
 * dist/package.json, `{"type":"commonjs"}`: Node looks up the nearest package.json of every script
 * it starts to learn its module type, and without this one it reads and parses the extension's
 * whole manifest (13 KB) in every hook and gate process (0.1-0.4 ms of a hook the editor answers;
 * docs/decisions.md, "Speed, the hook's exit"). bin/package.json does the same for bin/terminal-guard.
 */
function writePackageScope() {
	fs.mkdirSync(outRoot, { recursive: true });
	fs.writeFileSync(path.join(outRoot, 'package.json'), '{ "type": "commonjs" }\n');
}

/** dist/meta/<bundle>.json for the entries that ask for a metafile. */
function writeMetafiles(results) {
	for (const [i, result] of results.entries()) {
		if (result.metafile) {
			const dir = path.join(outRoot, 'meta');
			fs.mkdirSync(dir, { recursive: true });
			fs.writeFileSync(path.join(dir, `${path.basename(entries[i].outfile, '.js')}.json`), JSON.stringify(result.metafile));
		}
	}
}

async function main() {
	copyWasm();
	writePackageScope();
	const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e, outfile: path.join(outRoot, path.relative('dist', e.outfile)) })));
	if (watch) {
		await Promise.all(contexts.map((c) => c.watch()));
		return;
	}
	const results = await Promise.all(contexts.map((c) => c.rebuild()));
	writeMetafiles(results);
	await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

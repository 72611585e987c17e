// Builds the extension and installs the built copy into an editor's extensions folder, the way
// a .vsix install lays it out (<publisher>.<name>-<version>/).
'use strict';
const fs = require('fs');
const { builtinModules } = require('module');
const path = require('path');
const { HarnessError, run } = require('./proc');

const ROOT = path.join(__dirname, '..', '..');
const MANIFEST = require(path.join(ROOT, 'package.json'));
const EXTENSION_ID = `${MANIFEST.publisher}.${MANIFEST.name}`;

/** `npm run build` (esbuild: dist/extension.js, the CLI, the WASM parser files). */
async function buildExtension({ logFile } = {}) {
	await run(process.execPath, [path.join(ROOT, 'esbuild.config.js')], { cwd: ROOT, timeoutMs: 120000, logFile, label: 'build the extension (node esbuild.config.js)' });
	if (!fs.existsSync(path.join(ROOT, MANIFEST.main))) {
		throw new HarnessError(`the build did not produce ${MANIFEST.main}`);
	}
}

/** Modules dist/extension.js still `require`s at run time (esbuild externals other than vscode). */
function runtimeModules() {
	const bundle = fs.readFileSync(path.join(ROOT, MANIFEST.main), 'utf8');
	const names = new Set();
	for (const match of bundle.matchAll(/require\("([^"./][^"]*)"\)/g)) {
		const name = match[1].startsWith('@') ? match[1].split('/').slice(0, 2).join('/') : match[1].split('/')[0];
		if (name !== 'vscode' && !name.startsWith('node:') && !builtinModules.includes(name)) {
			names.add(name);
		}
	}
	return [...names];
}

/**
 * Copies the built extension (manifest, docs, dist/ without the CLI and benchmark, media/, and any
 * module the bundle leaves external) into `extensionsDir`. Returns the installed folder.
 */
function installExtension(extensionsDir) {
	const target = path.join(extensionsDir, `${EXTENSION_ID}-${MANIFEST.version}`);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	for (const file of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'bin/terminal-guard']) {
		if (fs.existsSync(path.join(ROOT, file))) {
			fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
			fs.copyFileSync(path.join(ROOT, file), path.join(target, file));
		}
	}
	// The CLI ships: the shim that hooks and guarded terminals call runs dist/cli.js and dist/gate.js.
	const skip = new Set(['bench', 'cli.js.map', 'gate.js.map', 'extension.js.map']);
	fs.cpSync(path.join(ROOT, 'dist'), path.join(target, 'dist'), { recursive: true, filter: (src) => !skip.has(path.relative(path.join(ROOT, 'dist'), src)) });
	if (fs.existsSync(path.join(ROOT, 'media'))) {
		fs.cpSync(path.join(ROOT, 'media'), path.join(target, 'media'), { recursive: true });
	}
	for (const name of runtimeModules()) {
		const from = path.join(ROOT, 'node_modules', name);
		if (!fs.existsSync(from)) {
			throw new HarnessError(`dist/extension.js requires "${name}", which is not in node_modules`);
		}
		fs.cpSync(from, path.join(target, 'node_modules', name), { recursive: true });
	}
	return target;
}

/**
 * Installs a .vsix into the profile's extensions folder with code-server's own
 * `--install-extension`, exactly as a person installs a downloaded package. Returns the folder
 * the editor unpacked it into.
 */
async function installVsix({ layout, profile, vsix, logFile }) {
	const before = new Set(fs.readdirSync(profile.extensionsDir));
	await run(layout.node ?? process.execPath, [layout.bin, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsix], {
		cwd: profile.root,
		timeoutMs: 120000,
		logFile,
		label: `install ${path.basename(vsix)} (code-server --install-extension)`,
	});
	const added = fs.readdirSync(profile.extensionsDir).filter((name) => !before.has(name) && name.startsWith(`${EXTENSION_ID}-`));
	if (added.length !== 1) {
		throw new HarnessError(`code-server --install-extension ${vsix} left ${added.length ? added.join(', ') : 'no extension folder'} in ${profile.extensionsDir}; see ${logFile}`);
	}
	return path.join(profile.extensionsDir, added[0]);
}

/**
 * Installs test/fixtures/api-probe, a second extension that records what Terminal Guard's API offers
 * another extension (test/e2e/apiProbe.test.ts). Beside a packaged Terminal Guard it is installed the
 * way a person installs one: packaged with vsce and installed with code-server's --install-extension.
 */
async function installApiProbe({ layout, profile, logFile, packaged }) {
	const source = path.join(ROOT, 'test', 'fixtures', 'api-probe');
	if (!packaged) {
		// Beside the source tree's build, which is copied in too (no extensions.json to keep in step).
		fs.cpSync(source, path.join(profile.extensionsDir, 'terminal-guard-tests.api-probe-0.0.1'), { recursive: true });
		return;
	}
	const { createVSIX } = require('@vscode/vsce');
	const packagePath = path.join(profile.root, 'api-probe.vsix');
	await createVSIX({ cwd: source, packagePath, dependencies: false, allowMissingRepository: true, skipLicense: true, gitHubIssueLinking: false, gitLabIssueLinking: false });
	await run(layout.node ?? process.execPath, [layout.bin, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', packagePath], {
		cwd: profile.root,
		timeoutMs: 120000,
		logFile,
		label: 'install api-probe.vsix (code-server --install-extension)',
	});
	if (!fs.readdirSync(profile.extensionsDir).some((name) => name.startsWith('terminal-guard-tests.api-probe-'))) {
		throw new HarnessError(`code-server --install-extension left no api-probe folder in ${profile.extensionsDir}; see ${logFile}`);
	}
}

/** Where screenshots and logs of a run go: test-results/<name>/ (git-ignored). */
function resultsDir(name, { clean = false } = {}) {
	const dir = path.join(ROOT, 'test-results', name);
	if (clean && fs.existsSync(dir)) {
		// Moved aside first: a run writing there at the same moment keeps its files, we get a clean folder.
		const old = `${dir}.old-${process.pid}`;
		try {
			fs.renameSync(dir, old);
			fs.rmSync(old, { recursive: true, force: true, maxRetries: 3 });
		} catch (error) {
			console.warn(`could not clear ${dir}: ${error.message}`);
		}
	}
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

module.exports = { ROOT, resultsDir, MANIFEST, EXTENSION_ID, buildExtension, installExtension, installVsix, installApiProbe, runtimeModules };

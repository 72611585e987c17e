// `npm run package [-- --target T[,T…]] [--out FILE]`: builds a platform-specific .vsix with
// @vscode/vsce. The extension is staged in out-package/<target>-<pid>/ (git-ignored) — a minified
// bundle, the parser's WASM files, the media, and node-pty with only the target's native binary —
// so the repository's dist/ and node_modules/ are never touched and nothing else can leak in.
// .vscodeignore then lets through only the files it lists. See docs/publishing.md.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const MANIFEST = require(path.join(ROOT, 'package.json'));
const NODE_PTY = path.join(ROOT, 'node_modules', 'node-pty');

/**
 * The targets we publish. node-pty 1.1.0's npm tarball carries prebuilt binaries for darwin and
 * win32; on Linux it compiles at install, so a Linux .vsix is built on a machine of that target.
 * `machine` is what the binary's header must say (ELF e_machine, Mach-O cputype, PE machine).
 */
const TARGETS = {
	'linux-x64': { platform: 'linux', arch: 'x64', machine: 0x3e },
	'linux-arm64': { platform: 'linux', arch: 'arm64', machine: 0xb7 },
	'darwin-x64': { platform: 'darwin', arch: 'x64', machine: 0x01000007 },
	'darwin-arm64': { platform: 'darwin', arch: 'arm64', machine: 0x0100000c },
	'win32-x64': { platform: 'win32', arch: 'x64', machine: 0x8664 },
	'win32-arm64': { platform: 'win32', arch: 'arm64', machine: 0xaa64 },
};

class PackageError extends Error {}

/** The host's own target, e.g. linux-x64. */
function hostTarget() {
	return `${process.platform}-${process.arch}`;
}

/**
 * The folder holding node-pty's native files for `target`:
 * $TG_NODE_PTY_NATIVE_DIR (a folder with pty.node built on that platform, e.g. by a CI runner), else
 * node-pty's own prebuilds/<target>/, else — for the host's own target — the binary npm compiled.
 */
function nativeSource(target) {
	const configured = process.env.TG_NODE_PTY_NATIVE_DIR;
	if (configured) {
		return path.resolve(configured);
	}
	const prebuilt = path.join(NODE_PTY, 'prebuilds', target);
	if (fs.existsSync(path.join(prebuilt, 'pty.node'))) {
		return prebuilt;
	}
	if (target === hostTarget()) {
		const built = path.join(NODE_PTY, 'build', 'Release');
		if (!fs.existsSync(path.join(built, 'pty.node'))) {
			throw new PackageError(`node-pty has no compiled binary (${path.relative(ROOT, built)}/pty.node); run \`npm rebuild node-pty\` (needs g++, make and python3)`);
		}
		return built;
	}
	throw new PackageError(
		`node-pty ${require(path.join(NODE_PTY, 'package.json')).version} ships no prebuilt binary for ${target}. ` +
			`Package ${target} on a ${target} machine (\`npm ci\` compiles node-pty there), or set TG_NODE_PTY_NATIVE_DIR ` +
			'to a folder holding a pty.node built on that platform (docs/publishing.md).',
	);
}

/** What machine a native binary is for, read from its header; undefined when the format is unknown. */
function binaryMachines(file) {
	const b = fs.readFileSync(file);
	if (b.length > 20 && b.readUInt32BE(0) === 0x7f454c46) {
		return [b[5] === 2 ? b.readUInt16BE(18) : b.readUInt16LE(18)]; // ELF
	}
	if (b.length > 8 && b.readUInt32LE(0) === 0xfeedfacf) {
		return [b.readUInt32LE(4)]; // Mach-O 64-bit
	}
	if (b.length > 8 && b.readUInt32BE(0) === 0xcafebabe) {
		// Mach-O universal: one cputype per architecture.
		return Array.from({ length: b.readUInt32BE(4) }, (_, i) => b.readUInt32BE(8 + i * 20));
	}
	if (b.length > 0x40 && b.toString('latin1', 0, 2) === 'MZ') {
		const pe = b.readUInt32LE(0x3c);
		if (b.toString('latin1', pe, pe + 4) === 'PE\0\0') {
			return [b.readUInt16LE(pe + 4)];
		}
	}
	return undefined;
}

/** node-pty as the extension loads it: its JavaScript (no tests, no maps) and one target's native files. */
function stageNodePty(target, into) {
	const { platform } = TARGETS[target];
	fs.mkdirSync(into, { recursive: true });
	for (const file of ['package.json', 'LICENSE']) {
		fs.copyFileSync(path.join(NODE_PTY, file), path.join(into, file));
	}
	fs.cpSync(path.join(NODE_PTY, 'lib'), path.join(into, 'lib'), {
		recursive: true,
		filter: (src) => fs.statSync(src).isDirectory() || (src.endsWith('.js') && !src.endsWith('.test.js')),
	});
	const from = nativeSource(target);
	// utils.loadNativeModule looks in prebuilds/<platform>-<arch>/ after build/: one place for every target.
	const to = path.join(into, 'prebuilds', target);
	fs.cpSync(from, to, { recursive: true, filter: (src) => !/\.(pdb|lib|exp|ilk)$/.test(src) && !/[\\/](obj\.target|\.deps)([\\/]|$)/.test(src) && !src.endsWith('.d') });
	const pty = path.join(to, 'pty.node');
	if (!fs.existsSync(pty)) {
		throw new PackageError(`${from} holds no pty.node`);
	}
	const machines = binaryMachines(pty);
	if (!machines || !machines.includes(TARGETS[target].machine)) {
		throw new PackageError(`${pty} is not a ${target} binary (its header says ${machines ? machines.map((m) => '0x' + m.toString(16)).join(', ') : 'an unknown format'})`);
	}
	if (platform === 'darwin') {
		// node-pty execs spawn-helper for every terminal; npm's tarball loses its exec bit, and the
		// .vsix keeps file modes, so set it here (a missing bit shows as "posix_spawnp failed").
		const helper = path.join(to, 'spawn-helper');
		if (!fs.existsSync(helper)) {
			throw new PackageError(`${from} has no spawn-helper, which node-pty needs on macOS`);
		}
		fs.chmodSync(helper, 0o755);
	}
	if (platform === 'win32') {
		for (const file of ['conpty.node', 'conpty/conpty.dll', 'conpty/OpenConsole.exe']) {
			if (!fs.existsSync(path.join(to, file))) {
				throw new PackageError(`${from} has no ${file}, which node-pty needs on Windows`);
			}
		}
	}
}

/** The manifest as shipped: no scripts (vsce would run vscode:prepublish), no development fields. */
function shippedManifest() {
	const manifest = { ...MANIFEST };
	for (const field of ['scripts', 'devDependencies', 'allowScripts']) {
		delete manifest[field];
	}
	return manifest;
}

function build(outdir) {
	const result = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.config.js'), '--production', `--outdir=${outdir}`], { cwd: ROOT, encoding: 'utf8' });
	if (result.status !== 0) {
		throw new PackageError(`the production build failed:\n${result.stdout}${result.stderr}`);
	}
}

/**
 * Lays out out-package/<target>-<pid>/ as the .vsix's extension/ folder will look (before
 * .vscodeignore); a folder per run, so a test packaging beside another run never shares one.
 */
function stage(target, dir) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	build(path.join(dir, 'dist'));
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(shippedManifest(), null, '\t') + '\n');
	for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'bin/terminal-guard', 'bin/package.json']) {
		fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
		fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
	}
	fs.cpSync(path.join(ROOT, 'media'), path.join(dir, 'media'), { recursive: true });
	// Under dist/: vsce leaves out every top-level node_modules/ when dependencies are off, and
	// require('node-pty') from dist/extension.js looks in dist/node_modules/ first.
	stageNodePty(target, path.join(dir, 'dist', 'node_modules', 'node-pty'));
}

/** Packages one target; returns the .vsix path. */
async function packageTarget(target, out) {
	if (!TARGETS[target]) {
		throw new PackageError(`unknown target "${target}"; one of: ${Object.keys(TARGETS).join(', ')}`);
	}
	const dir = path.join(ROOT, 'out-package', `${target}-${process.pid}`);
	const packagePath = path.resolve(out ?? path.join(ROOT, `${MANIFEST.name}-${target}-${MANIFEST.version}.vsix`));
	fs.mkdirSync(path.dirname(packagePath), { recursive: true });
	const { createVSIX } = require('@vscode/vsce');
	try {
		stage(target, dir);
		await createVSIX({ cwd: dir, packagePath, target, dependencies: false, gitHubIssueLinking: false, gitLabIssueLinking: false });
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
	return packagePath;
}

function parseArgs(argv) {
	const options = { targets: [hostTarget()], out: undefined };
	for (let i = 0; i < argv.length; i++) {
		const [name, inline] = argv[i].split('=', 2);
		const value = () => inline ?? argv[++i];
		if (name === '--target') {
			options.targets = value().split(',').filter(Boolean);
		} else if (name === '--out') {
			options.out = value();
		} else {
			throw new PackageError(`unknown option ${argv[i]}; usage: npm run package -- [--target ${Object.keys(TARGETS).join('|')}[,…]] [--out FILE.vsix]`);
		}
	}
	if (options.out && options.targets.length > 1) {
		throw new PackageError('--out names one file: give one --target with it');
	}
	return options;
}

async function main() {
	const { targets, out } = parseArgs(process.argv.slice(2));
	for (const target of targets) {
		const started = Date.now();
		const file = await packageTarget(target, out);
		const kb = Math.round(fs.statSync(file).size / 1024);
		console.log(`✓ ${path.relative(process.cwd(), file) || file} (${target}, ${kb} KB, ${((Date.now() - started) / 1000).toFixed(1)}s)`);
	}
}

module.exports = { TARGETS, binaryMachines, packageTarget, PackageError };

if (require.main === module) {
	main().catch((error) => {
		console.error(`npm run package: ${error instanceof PackageError ? error.message : error.stack ?? error}`);
		process.exit(1);
	});
}

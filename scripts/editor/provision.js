// Installs code-server (VS Code's server build, published on npm) into the git-ignored cache
// .vscode-test/code-server-<version>/ using nothing but the npm registry. Idempotent: a finished
// install leaves a stamp, and the next call only checks it. See docs/editor-tests.md.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { HarnessError, isAlive, run, seconds, which } = require('./proc');

/** The last code-server release whose engines.node is 20; it embeds VS Code 1.100.3. */
const CODE_SERVER_VERSION = '4.100.3';
const VSCODE_VERSION = '1.100.3';
const NODE_MAJOR = 20;

const ROOT = path.join(__dirname, '..', '..');
const CACHE = process.env.TG_EDITOR_CACHE ? path.resolve(process.env.TG_EDITOR_CACHE) : path.join(ROOT, '.vscode-test');
const DIR = path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
const STAMP = '.terminal-guard-provisioned.json';
const STEP_TIMEOUT_MS = Number(process.env.TG_PROVISION_STEP_TIMEOUT_MS ?? 15 * 60 * 1000);

/** Native modules the server and its extension host load; each is compiled here from source. */
const VSCODE_NATIVE = ['node-pty', '@vscode/spdlog', 'native-watchdog', '@parcel/watcher', '@vscode/deviceid'];

function layout(dir = DIR) {
	const pkg = path.join(dir, 'node_modules', 'code-server');
	return {
		dir,
		pkg,
		bin: path.join(pkg, 'out', 'node', 'entry.js'),
		vscode: path.join(pkg, 'lib', 'vscode'),
		log: path.join(CACHE, `provision-${CODE_SERVER_VERSION}.log`),
	};
}

function expectedStamp() {
	return { codeServer: CODE_SERVER_VERSION, vscode: VSCODE_VERSION, nodeAbi: process.versions.modules, platform: process.platform, arch: process.arch };
}

/** The files whose absence means the install is broken even if the stamp is there. */
function essentialFiles(l) {
	return [
		l.bin,
		path.join(l.vscode, 'node_modules.asar'),
		path.join(l.vscode, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
		path.join(l.vscode, 'out', 'server-main.js'),
	];
}

/** Returns the reason the cached install can't be used, or undefined when it can. */
function staleReason(l = layout()) {
	let stamp;
	try {
		stamp = JSON.parse(fs.readFileSync(path.join(l.dir, STAMP), 'utf8'));
	} catch {
		return 'not installed yet';
	}
	const want = expectedStamp();
	for (const key of Object.keys(want)) {
		if (stamp[key] !== want[key]) {
			return `installed for ${key} ${stamp[key]}, now ${want[key]}`;
		}
	}
	const missing = essentialFiles(l).find((f) => !fs.existsSync(f));
	return missing ? `${path.relative(l.dir, missing)} is missing` : undefined;
}

/** Everything a from-source install needs that a machine may lack, as "what: how to get it". */
function missingPrerequisites() {
	const missing = [];
	const major = Number(process.versions.node.split('.')[0]);
	if (major !== NODE_MAJOR) {
		missing.push(`Node ${NODE_MAJOR} (this is Node ${process.versions.node}; code-server ${CODE_SERVER_VERSION} requires engines.node ${NODE_MAJOR}): install Node ${NODE_MAJOR}, e.g. with nvm or NodeSource's nodejs package`);
	}
	if (!which('npm')) {
		missing.push('npm: it comes with Node; make sure it is on PATH');
	}
	for (const [tool, pkg] of [['g++', 'g++'], ['make', 'make'], ['python3', 'python3']]) {
		if (!which(tool)) {
			missing.push(`${tool} (node-gyp compiles code-server's native modules): apt-get install -y ${pkg}`);
		}
	}
	const headers = nodeHeaders();
	if (!headers) {
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

/**
 * Makes sure code-server is installed and returns its layout. Quick when the cache is good;
 * otherwise installs into a private temporary folder and renames it into place when complete,
 * so an interrupted run never leaves a half-install that looks finished.
 */
async function provision({ log = console.log } = {}) {
	const l = layout();
	const reason = staleReason(l);
	if (!reason) {
		return l;
	}
	const missing = missingPrerequisites();
	if (missing.length > 0) {
		throw new HarnessError(`Cannot install code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}); missing:\n${missing.map((m) => `  - ${m}`).join('\n')}`);
	}
	const start = Date.now();
	log(`Installing code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) into ${path.relative(process.cwd(), l.dir) || l.dir} (${reason}); log: ${l.log}`);
	fs.mkdirSync(CACHE, { recursive: true });
	fs.writeFileSync(l.log, `code-server ${CODE_SERVER_VERSION} install, ${new Date().toISOString()}\n`);
	removeAbandoned(l.dir);
	const work = `${l.dir}.partial-${process.pid}`;
	fs.rmSync(work, { recursive: true, force: true });
	fs.mkdirSync(work, { recursive: true });
	// Without its own package.json npm would walk up and install into the project itself.
	fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'terminal-guard-editor-cache', private: true }, null, '\t') + '\n');
	const w = layout(work);
	const env = {
		...process.env,
		npm_config_yes: 'true', // node-pty's build calls `npx node-gyp`
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
	};
	const npm = (label, cwd, args) => step(label, () => run('npm', args, { cwd, env, timeoutMs: STEP_TIMEOUT_MS, logFile: l.log, label }), log);
	const plain = ['--no-audit', '--no-fund', '--ignore-scripts'];
	try {
		// Install scripts stay off: code-server's postinstall refuses root, builds kerberos (needs
		// libkrb5-dev) and @vscode/ripgrep's downloads a binary from outside the npm registry.
		await npm(`npm install code-server@${CODE_SERVER_VERSION}`, work, ['install', ...plain, `code-server@${CODE_SERVER_VERSION}`]);
		await npm('build argon2 (loaded at start-up even with --auth none)', work, ['rebuild', 'argon2', '--build-from-source']);
		await npm("install VS Code's server dependencies", w.vscode, ['install', ...plain, '--omit=dev']);
		await npm(`build ${VSCODE_NATIVE.join(', ')}`, w.vscode, ['rebuild', ...VSCODE_NATIVE]);
		fs.symlinkSync('node_modules', path.join(w.vscode, 'node_modules.asar'));
		await npm("install the built-in extensions' dependencies", path.join(w.vscode, 'extensions'), ['install', ...plain, '--omit=dev']);
		const broken = essentialFiles(w).filter((f) => !fs.existsSync(f));
		if (broken.length > 0) {
			throw new HarnessError(`code-server install is incomplete; missing: ${broken.join(', ')} (see ${l.log})`);
		}
		fs.writeFileSync(path.join(work, STAMP), JSON.stringify({ ...expectedStamp(), installedAt: new Date().toISOString(), seconds: (Date.now() - start) / 1000 }, null, '\t') + '\n');
		if (staleReason(l) === undefined) {
			// Another run finished the same install meanwhile (and may be using it): keep that one.
			fs.rmSync(work, { recursive: true, force: true });
		} else {
			fs.rmSync(l.dir, { recursive: true, force: true });
			fs.renameSync(work, l.dir);
		}
	} catch (error) {
		fs.rmSync(work, { recursive: true, force: true });
		throw error;
	}
	log(`code-server ${CODE_SERVER_VERSION} installed in ${seconds(start)}`);
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

module.exports = { CODE_SERVER_VERSION, VSCODE_VERSION, CACHE, ROOT, layout, provision, staleReason, missingPrerequisites };

if (require.main === module) {
	const { runMain } = require('./proc');
	runMain(async () => {
		const start = Date.now();
		const l = await provision();
		console.log(`code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) is ready in ${path.relative(process.cwd(), l.dir) || l.dir} (checked in ${seconds(start)})`);
	});
}

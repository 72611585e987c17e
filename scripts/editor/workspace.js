// Folders the editor opens: a small project with a git repository, for the tests and the demo.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { HarnessError } = require('./proc');

const PRODUCTION_NOTE = `Its \`.vscode/settings.json\` sets \`terminalGuard.production\`, so every check is one
step stricter.`;

const demoReadme = (production) => `# Terminal Guard demo

This folder is a throw-away project for trying Terminal Guard.${production ? ` ${PRODUCTION_NOTE}` : ''}

Try it:

1. Press **Ctrl+Shift+P** (or F1) and run **Terminal Guard: Check a Command Line…**.
2. Type \`rm -rf victim\` and press Enter: Terminal Guard asks you to type \`victim\`.
3. Try \`ls -la\` (allowed) and \`rm -rf /\` (refused).

The shield in the status bar opens the same check.
`;

/** The files of the sample project, by relative path. */
function sampleFiles({ production }) {
	const files = {
		'README.md': demoReadme(production),
		'victim/keep-me.txt': 'A file Terminal Guard protects: deleting this folder needs its name typed.\n',
		'build/app.js': "console.log('built');\n",
		'scripts/clean.sh': '#!/bin/sh\n# Removes build output.\nrm -rf build\n',
		'db/reset.sql': 'DROP TABLE users;\n',
		'.gitignore': 'build/\n',
	};
	if (production) {
		files['.vscode/settings.json'] = JSON.stringify({ 'terminalGuard.production': true }, null, '\t') + '\n';
	}
	return files;
}

function git(dir, args) {
	const result = spawnSync('git', ['-c', 'user.name=Terminal Guard', '-c', 'user.email=demo@terminal-guard.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, encoding: 'utf8', timeout: 30000 });
	if (result.error || result.status !== 0) {
		throw new HarnessError(`git ${args.join(' ')} in ${dir} failed: ${result.error?.message ?? result.stderr.trim()}\n  (git is needed for the sample workspace: apt-get install -y git)`);
	}
}

/**
 * Writes the sample project into `dir` (which must not exist or be empty) and commits it, so the
 * editor sees a real git repository. Returns `dir`.
 */
function createWorkspace(dir, { production = false } = {}) {
	fs.mkdirSync(dir, { recursive: true });
	for (const [relative, text] of Object.entries(sampleFiles({ production }))) {
		const file = path.join(dir, relative);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, text);
	}
	git(dir, ['init', '-q']);
	git(dir, ['add', '-A']);
	git(dir, ['commit', '-q', '-m', 'Sample project for Terminal Guard']);
	return dir;
}

module.exports = { createWorkspace, sampleFiles };

// `node scripts/editor/workspace.js DIR [--production] [--if-missing]`: (re)creates a sample
// workspace; used by the F5 configurations in .vscode/.
if (require.main === module) {
	const [dir, ...flags] = process.argv.slice(2);
	if (!dir) {
		console.error('usage: node scripts/editor/workspace.js DIR [--production] [--if-missing]');
		process.exit(64);
	}
	if (!(flags.includes('--if-missing') && fs.existsSync(path.join(dir, '.git')))) {
		fs.rmSync(dir, { recursive: true, force: true });
		createWorkspace(dir, { production: flags.includes('--production') });
	}
}

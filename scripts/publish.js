// `npm run publish:vsce` / `npm run publish:ovsx [-- FILE.vsix …]`: uploads the platform .vsix
// files built by `npm run package` (one per target, see docs/publishing.md) to the VS Code
// Marketplace (token in VSCE_PAT) or Open VSX (token in OVSX_PAT). Without files it publishes every
// terminal-guard-<target>-<version>.vsix in the project root. Never packages by itself: what is
// uploaded is exactly what was built and tested.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const MANIFEST = require(path.join(ROOT, 'package.json'));

const STORES = {
	vsce: { name: 'the VS Code Marketplace', token: 'VSCE_PAT', tokenHelp: 'a Personal Access Token of the publisher, scope Marketplace › Manage (https://code.visualstudio.com/api/working-with-extensions/publishing-extension#get-a-personal-access-token)' },
	ovsx: { name: 'Open VSX', token: 'OVSX_PAT', tokenHelp: 'an access token from https://open-vsx.org/user-settings/tokens' },
};

/** The .vsix files of this version in the project root, one per target. */
function builtPackages() {
	const pattern = new RegExp(`^${MANIFEST.name}-([a-z0-9]+-[a-z0-9]+)-${MANIFEST.version.replace(/\./g, '\\.')}\\.vsix$`);
	return fs
		.readdirSync(ROOT)
		.filter((f) => pattern.test(f))
		.sort()
		.map((f) => path.join(ROOT, f));
}

async function publish(store, files, pat) {
	if (store === 'vsce') {
		const { publishVSIX } = require('@vscode/vsce');
		await publishVSIX(files, { pat });
		return;
	}
	const { publish: publishToOpenVsx } = require('ovsx');
	for (const file of files) {
		// ovsx reports failures as settled results rather than throwing.
		const results = await publishToOpenVsx({ extensionFile: file, pat });
		const failed = results.find((r) => r.status === 'rejected');
		if (failed) {
			throw new Error(`${path.basename(file)}: ${failed.reason instanceof Error ? failed.reason.message : failed.reason}`);
		}
		console.log(`✓ ${path.basename(file)}`);
	}
}

async function main() {
	const [store, ...given] = process.argv.slice(2);
	const target = STORES[store];
	if (!target) {
		throw new Error(`usage: node scripts/publish.js ${Object.keys(STORES).join('|')} [FILE.vsix …]`);
	}
	const pat = process.env[target.token];
	if (!pat) {
		throw new Error(`set ${target.token} to ${target.tokenHelp}`);
	}
	const files = given.length ? given.map((f) => path.resolve(f)) : builtPackages();
	if (files.length === 0) {
		throw new Error(`no ${MANIFEST.name}-<target>-${MANIFEST.version}.vsix in ${ROOT}; build them with \`npm run package -- --target <target>\` (docs/publishing.md)`);
	}
	const missing = files.find((f) => !fs.existsSync(f));
	if (missing) {
		throw new Error(`${missing} does not exist`);
	}
	console.log(`publishing ${files.length} package(s) to ${target.name}: ${files.map((f) => path.basename(f)).join(', ')}`);
	await publish(store, files, pat);
}

main().catch((error) => {
	console.error(`publish: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
});

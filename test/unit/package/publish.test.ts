/**
 * `npm run publish:vsce` / `publish:ovsx` before any upload: without a token, or without a package,
 * they stop with a plain message and touch no network.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

function publish(args: string[], env: NodeJS.ProcessEnv) {
	const clean = { ...process.env };
	delete clean.VSCE_PAT;
	delete clean.OVSX_PAT;
	const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'publish.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30000, env: { ...clean, ...env } });
	return { status: result.status, stderr: result.stderr };
}

describe('scripts/publish.js', () => {
	it('vsce without VSCE_PAT -> exit 1, says which token to set', () => {
		const r = publish(['vsce'], {});
		assert.equal(r.status, 1);
		assert.match(r.stderr, /set VSCE_PAT to a Personal Access Token/);
	});

	it('ovsx without OVSX_PAT -> exit 1, says which token to set', () => {
		const r = publish(['ovsx'], {});
		assert.equal(r.status, 1);
		assert.match(r.stderr, /set OVSX_PAT to an access token from https:\/\/open-vsx\.org/);
	});

	it('a package that does not exist -> exit 1 before any upload', () => {
		const r = publish(['ovsx', 'no-such-terminal-guard.vsix'], { OVSX_PAT: 'not-a-real-token' });
		assert.equal(r.status, 1);
		assert.match(r.stderr, /no-such-terminal-guard\.vsix does not exist/);
	});

	it('an unknown store -> exit 1 with the usage', () => {
		const r = publish(['marketplace'], {});
		assert.equal(r.status, 1);
		assert.match(r.stderr, /usage: node scripts\/publish\.js vsce\|ovsx/);
	});
});

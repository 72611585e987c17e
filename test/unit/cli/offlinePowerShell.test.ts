/**
 * The verdict a hook or gate gives with no editor (src/cli/offline.ts) reads a line that runs
 * PowerShell with the PowerShell grammar, even as the first line of a fresh process — which every
 * hook call is. Before, the grammar was only loaded by `terminal-guard check`, and
 * `pwsh -c 'gci C:\logs | ri -Recurse'` came back allow from the hooks.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { offlineVerdict } from '../../../src/cli/offline';

describe('offline verdict for a line that runs PowerShell', () => {
	it('the first line of the process is read with the PowerShell grammar: a piped Remove-Item alias asks', async () => {
		const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-offline-pwsh-'));
		try {
			const verdict = await offlineVerdict("pwsh -c 'gci C:\\logs | ri -Recurse'", home, home);
			assert.equal(verdict.decision, 'confirm', verdict.reason);
			assert.equal(verdict.rule, 'files:rm');
		} finally {
			fs.rmSync(home, { recursive: true, force: true });
		}
	});
});

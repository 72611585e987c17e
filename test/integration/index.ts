/**
 * Entry point VS Code calls in the extension host (`extensionTestsPath`): runs every
 * `*.test.js` beside this file with mocha and rejects when any test fails. The same file serves
 * code-server (scripts/test-integration.js) and desktop VS Code (@vscode/test-electron).
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { reportTo } from './report';

export async function run(): Promise<void> {
	const restore = reportTo(process.env.TG_TEST_REPORT);
	try {
		const mocha = new Mocha({ ui: 'tdd', color: process.env.TG_TEST_COLOR !== '0', timeout: 30000, grep: process.env.TG_TEST_GREP });
		for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
			mocha.addFile(path.join(__dirname, file));
		}
		const failures = await new Promise<number>((resolve) => mocha.run(resolve));
		if (failures > 0) {
			throw new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed`);
		}
	} finally {
		restore();
	}
}

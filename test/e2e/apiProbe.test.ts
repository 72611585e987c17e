/**
 * Another extension in the same editor gets nothing from Terminal Guard's API that answers,
 * approves or reads for the person. test/fixtures/api-probe, installed beside the packaged
 * extension like any other, records what the exported API offers it; before this was fixed it
 * found setAnswererForTests, setChoiceAnswererForTests and recentOutputForTests.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { environment, screenshotFailures, Workbench } from './workbench';

suite("Another extension and Terminal Guard's API", function () {
	this.timeout(90000);
	const env = environment();
	let workbench: Workbench;

	suiteSetup(async () => {
		workbench = await Workbench.open(env);
	});

	suiteTeardown(async () => {
		await workbench?.close();
		fs.rmSync(path.join(env.workspace, '.api-probe.json'), { force: true });
	});

	screenshotFailures(() => workbench);

	test('finds the API, and nothing in it that answers or reads for the person', async () => {
		const file = path.join(env.workspace, '.api-probe.json');
		const start = Date.now();
		while (!fs.existsSync(file)) {
			assert.ok(Date.now() - start < 60000, `the probe extension wrote no ${file} within 60 s`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { found: boolean; keys: string[]; functions: string[]; error?: string };
		assert.strictEqual(report.error, undefined);
		assert.ok(report.found, 'the probe did not find Terminal Guard');
		// It did reach the API: the public part is there.
		assert.ok(report.keys.includes('check') && report.keys.includes('apiVersion'), `the API the probe saw: ${report.keys.join(', ')}`);
		for (const key of report.keys) {
			assert.doesNotMatch(key, /ForTests$|^welcome$/, `another extension can call ${key}`);
		}
		assert.deepStrictEqual(report.functions.filter((f) => /answer|approve|confirm|output|read/i.test(f)), []);
	});
});

/**
 * Proven, not hoped: every rewrite that keeps the shell's meaning (metamorphic.ts) keeps the
 * verdict at least as strict and the target the same, over the whole corpus. A fixed seed here;
 * `npm run bench` runs many more and reports the counts.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCorpus } from './corpus';
import { REWRITE_NAMES, REWRITES, runMetamorphic, subjectOf, type Subject } from './metamorphic';
import { useEngine, verdict } from '../helpers';

useEngine();

describe('metamorphic: rewrites that keep the meaning keep the verdict', () => {
	it('holds for 4000 random rewrites of corpus lines (seed 20261206)', { timeout: 300_000 }, (t) => {
		// benign.jsonl (3,000 everyday lines, all allowed) is left out: an allowed line cannot get weaker,
		// and it would take most of the runs away from the lines that can. PowerShell and cmd lines ("shell",
		// powershell.jsonl) are left out too: the rewrites are bash syntax.
		const subjects = loadCorpus().filter((k) => !k.c.production && !k.c.cwd && k.file !== 'benign.jsonl' && k.file !== 'powershell.jsonl' && !k.c.shell).map((k) => subjectOf(k.c.command)).filter((s): s is Subject => s !== undefined);
		assert.ok(subjects.length >= 1000, `only ${subjects.length} corpus lines can be rewritten`);
		const { checked, failures } = runMetamorphic(subjects, (line) => verdict(line), 4000, 20261206);
		t.diagnostic(`subjects ${subjects.length}; checked ${JSON.stringify(checked)}`);
		for (const name of REWRITE_NAMES) {
			assert.ok(checked[name] > 0, `the ${name} rewrite never applied`);
		}
		assert.deepEqual(failures, []);
	});

	it('does not move a body that names a file (`-d @f`, quoted or not) into another file: that would post the text `@f`', () => {
		// Found by the bench's run (seed 677932867): quoting, then bodyFile, turned `-d @/tmp/instance.json` into
		// `printf '%s' "@/tmp/instance.json" > f; curl --data-binary @f`, which posts another body.
		for (const body of ['@/tmp/instance.json', '"@/tmp/instance.json"', "'@/tmp/instance.json'", '\\@/tmp/instance.json']) {
			const subject = subjectOf(`curl -X POST https://sqladmin.googleapis.com/v1/projects/acme/instances -d ${body}`);
			assert.ok(subject, body);
			for (let pick = 0; pick < 3; pick++) {
				assert.equal(REWRITES.bodyFile(subject, pick), undefined, body);
			}
		}
		const plain = subjectOf(`curl -X POST https://api.example.com/items -d '{"a":1}'`);
		assert.ok(plain && REWRITES.bodyFile(plain, 0)?.includes('--data-binary @/tmp/tg-body-0'), 'the rewrite no longer applies to a plain body');
	});
});

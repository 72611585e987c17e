/**
 * The corpus: realistic command lines in test/fixtures/corpus/*.jsonl, each with the verdict it
 * must get. One line per case:
 *   {"command": "rm -rf victim", "decision": "confirm", "target": "victim"}
 *   {"command": "git push --force-with-lease", "decision": "allow"}
 * Optional: "production": true, "cwd": "/abs/dir", "rule": "files:rm", "shell": "powershell" | "cmd", "note": "why".
 * Every case runs through the same public analyze() the product uses, with the context from helpers.ts.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PACKS } from '../../../src/engine/rules';
import { loadCorpus } from './corpus';
import { useEngine, verdict } from '../helpers';

useEngine();

const cases = loadCorpus();
const matchedRules = new Set<string>();

describe('corpus', () => {
	it('is large and balanced enough', () => {
		const destructive = cases.filter((k) => k.c.decision !== 'allow');
		const safe = cases.filter((k) => k.c.decision === 'allow');
		assert.ok(cases.length >= 1000, `corpus has ${cases.length} lines, want >= 1000`);
		assert.ok(destructive.length >= 400, `${destructive.length} destructive, want >= 400`);
		assert.ok(safe.length >= 500, `${safe.length} safe, want >= 500`);
		for (const k of destructive) {
			assert.ok(k.c.target !== undefined || k.c.decision === 'deny', `${k.file}:${k.line} destructive case without a target`);
		}
		const seen = new Set<string>();
		for (const k of cases) {
			const key = `${k.c.command}\u0000${k.c.production ?? false}\u0000${k.c.cwd ?? ''}\u0000${k.c.shell ?? ''}`;
			assert.ok(!seen.has(key), `${k.file}:${k.line} duplicates an earlier case: ${k.c.command}`);
			seen.add(key);
		}
	});

	for (const file of [...new Set(cases.map((k) => k.file))]) {
		describe(file, () => {
			for (const { line, c } of cases.filter((k) => k.file === file)) {
				it(`${line}: ${JSON.stringify(c.command).slice(0, 100)} -> ${c.decision}${c.target ? ` (${c.target})` : ''}`, () => {
					const v = verdict(c.command, { production: c.production ?? false, ...(c.cwd ? { cwd: c.cwd } : {}), ...(c.shell ? { shell: c.shell } : {}) });
					for (const hit of v.hits) {
						matchedRules.add(hit.rule);
					}
					const why = `got ${v.decision} ${v.rule ?? ''} target=${JSON.stringify(v.target)}: ${v.reason}`;
					assert.equal(v.decision, c.decision, why);
					if (c.target !== undefined) {
						assert.equal(v.target, c.target, why);
					}
					if (c.rule !== undefined) {
						assert.equal(v.rule, c.rule, why);
					}
				});
			}
		});
	}

	// Runs last (node:test runs tests in order): every rule must be exercised by some case.
	it('exercises every rule of every pack', () => {
		const unused = PACKS.flatMap((p) => p.rules.map((r) => r.id)).filter((id) => !matchedRules.has(id));
		assert.deepEqual(unused, [], `rules with no corpus case that triggers them: ${unused.join(', ')}`);
	});
});

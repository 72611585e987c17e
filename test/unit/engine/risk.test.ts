/** Risky words, the last line of defence for text the parser could not finish: all of the text is read. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { riskyWord } from '../../../src/engine/risk';
import { expectVerdict, useEngine } from '../helpers';

useEngine();

describe('risky words', () => {
	it('finds a risky word after megabytes of padding, and on the seam between two scanned pieces', () => {
		assert.equal(riskyWord('x '.repeat(1_500_000) + 'rm -rf important'), 'rm');
		for (const at of [1_048_576 - 3, 1_048_576 - 128, 1_048_576 - 256, 2 * (1_048_576 - 256) - 2]) {
			assert.equal(riskyWord('a'.repeat(at) + ' shred disk'), 'shred', `at ${at}`);
		}
		assert.equal(riskyWord('echo hello '.repeat(300_000)), undefined);
	});

	it('a destructive command after 200,000 harmless statements (1.2 MB) is not allowed', () => {
		// The parser stops collecting commands after 5,000; the rest is judged by its words.
		expectVerdict('true; '.repeat(200_000) + 'rm -rf important', 'confirm');
	});
});

describe('the flags of a recursive forced delete are a risky word', () => {
	it('-rf, -fr, -Rf and -rfv in any order; not -r or -f inside other words', () => {
		for (const flags of ['-rf', '-fr', '-Rf', '-rfv', '-vfR']) {
			assert.equal(riskyWord(`x ${flags} /srv/data`), flags);
		}
		assert.equal(riskyWord('grep -r pattern src'), undefined);
		assert.equal(riskyWord('ls --format=long'), undefined);
	});
	it('a command name only known when it runs, beside -rf, asks (it was allowed)', () => {
		expectVerdict("X=$(date +%s); ${X:0:1}m -rf /srv/data", 'confirm', '/srv/data');
	});
});

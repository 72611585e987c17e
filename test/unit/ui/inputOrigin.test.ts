/** Telling the person's lines from automation's by how the input arrived. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputOrigin, originOf } from '../../../src/ui/inputOrigin';

describe('originOf', () => {
	const t = (chunk: string, expected: ReturnType<typeof originOf>): void => {
		it(`${JSON.stringify(chunk)} -> ${expected ?? 'no line'}`, () => assert.equal(originOf(chunk), expected));
	};
	t('r', undefined);
	t('\x1b[A', undefined);
	t('\r', 'person-in-terminal');
	t('\x1b[200~echo a\rrm -rf x\x1b[201~\r', 'person-in-terminal');
	t('rm -rf x\r', 'automation-in-terminal');
	t('echo a\rrm -rf x\r', 'automation-in-terminal');
});

describe('InputOrigin', () => {
	it('a line typed key by key is the person\'s even when automation sends more before it is judged', () => {
		const origin = new InputOrigin();
		for (const key of 'rm -rf x\r') {
			origin.note(key);
		}
		origin.note('touch done\r');
		assert.equal(origin.take('rm -rf x'), 'person-in-terminal');
		assert.equal(origin.take('touch done'), 'automation-in-terminal');
	});

	it('each line of a sendText of several lines is automation\'s, once', () => {
		const origin = new InputOrigin();
		origin.note('echo a\rrm -rf x\r');
		assert.equal(origin.take('echo a'), 'automation-in-terminal');
		assert.equal(origin.take('rm -rf x'), 'automation-in-terminal');
		assert.equal(origin.take('rm -rf x'), 'person-in-terminal', 'the same line recalled later by the person');
	});

	it('a bracketed paste is the person\'s', () => {
		const origin = new InputOrigin();
		origin.note('\x1b[200~echo a\rrm -rf x\x1b[201~');
		origin.note('\r');
		assert.equal(origin.take('echo a\nrm -rf x'), 'person-in-terminal');
	});
});

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
	it('gives each judged line the origin of its own Enter, oldest first', () => {
		const origin = new InputOrigin();
		for (const key of 'rm -rf x') {
			origin.note(key);
		}
		origin.note('\r');
		origin.note('echo a\r\necho b\r');
		assert.equal(origin.take(), 'person-in-terminal');
		assert.equal(origin.take(), 'automation-in-terminal');
		assert.equal(origin.take(), 'automation-in-terminal');
		assert.equal(origin.take(), 'automation-in-terminal', 'an empty queue repeats the last origin');
	});

	it('a blank line skipped by the shell uses up its Enter', () => {
		const origin = new InputOrigin();
		origin.note('\r');
		origin.note('rm -rf x\r');
		origin.skip();
		assert.equal(origin.take(), 'automation-in-terminal');
	});
});

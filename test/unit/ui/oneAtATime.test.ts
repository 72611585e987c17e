/** The window's one-question-at-a-time person: order, abort while waiting, errors. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OneAtATime } from '../../../src/ui/oneAtATime';
import type { Answerer, ConfirmQuestion } from '../../../src/ui/person';

function question(expected: string): ConfirmQuestion {
	return { line: `rm -rf ${expected}`, cwd: '/w', expected, targets: [expected], reason: 'Deletes it.', alternative: null, production: false };
}

/** A person who answers each question only when told to. */
function slowPerson() {
	const shown: string[] = [];
	const answer: ((typed: string | undefined) => void)[] = [];
	let open = 0;
	let most = 0;
	const person: Answerer = {
		confirm: (q, signal) => new Promise((resolve) => {
			shown.push(q.expected);
			open++;
			most = Math.max(most, open);
			const done = (typed: string | undefined): void => {
				open--;
				resolve(typed);
			};
			answer.push(done);
			signal.addEventListener('abort', () => done(undefined), { once: true });
		}),
		refused: () => Promise.resolve(),
	};
	return { person, shown, answer, most: () => most };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('OneAtATime', () => {
	it('shows questions one after another, in order', async () => {
		const { person, shown, answer, most } = slowPerson();
		const one = new OneAtATime(person);
		const a = one.confirm(question('a'), new AbortController().signal);
		const b = one.confirm(question('b'), new AbortController().signal);
		await tick();
		assert.deepEqual(shown, ['a']);
		answer[0]('a');
		assert.equal(await a, 'a');
		await tick();
		assert.deepEqual(shown, ['a', 'b']);
		answer[1](undefined);
		assert.equal(await b, undefined);
		assert.equal(most(), 1);
	});

	it('a question aborted while it waits answers "not confirmed" at once and is never shown', async () => {
		const { person, shown, answer } = slowPerson();
		const one = new OneAtATime(person);
		const first = one.confirm(question('a'), new AbortController().signal);
		const waiting = new AbortController();
		const second = one.confirm(question('b'), waiting.signal);
		const third = one.confirm(question('c'), new AbortController().signal);
		waiting.abort();
		assert.equal(await second, undefined);
		answer[0]('a');
		await first;
		await tick();
		await tick();
		assert.deepEqual(shown, ['a', 'c']);
		answer[1]('c');
		assert.equal(await third, 'c');
	});

	it('a person that throws rejects that question only; the next one is still asked', async () => {
		let calls = 0;
		const one = new OneAtATime({
			confirm: () => (++calls === 1 ? Promise.reject(new Error('dialog failed')) : Promise.resolve('b')),
			refused: () => Promise.resolve(),
		});
		await assert.rejects(one.confirm(question('a'), new AbortController().signal), /dialog failed/);
		assert.equal(await one.confirm(question('b'), new AbortController().signal), 'b');
	});
});

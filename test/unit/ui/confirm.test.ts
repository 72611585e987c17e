/** The guarded terminal's judge: the engine's verdict, then the (scripted) person; refusals say why. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import type { Verdict } from '../../../src/engine/types';
import { Judgement } from '../../../src/terminal/judging';
import { createJudge, type JudgedLine } from '../../../src/ui/confirm';
import type { EditorGuard } from '../../../src/ui/guard';
import type { Answerer, ConfirmQuestion, DenyNotice } from '../../../src/ui/person';

function verdict(decision: Verdict['decision'], production = false): Verdict {
	return {
		decision, severity: 'high', rule: 'test', reason: 'Deletes victim and everything in it.', target: decision === 'confirm' ? 'victim' : null,
		targets: decision === 'confirm' ? ['victim'] : [], alternative: 'mv victim victim.bak', hits: [], production, parse: 'complete',
	};
}

/** A judge over a fixed verdict and a person who answers `answer` (or waits for the abort when 'wait'). */
function judgeWith(v: Verdict, answer: string | undefined | 'wait'): { judge: ReturnType<typeof createJudge>; questions: ConfirmQuestion[]; notices: DenyNotice[]; recorded: JudgedLine[] } {
	const recorded: JudgedLine[] = [];
	const questions: ConfirmQuestion[] = [];
	const notices: DenyNotice[] = [];
	const person: Answerer = {
		confirm: (q, signal) => {
			questions.push(q);
			if (answer === 'wait') {
				return new Promise((resolve) => signal.addEventListener('abort', () => resolve(undefined)));
			}
			return Promise.resolve(answer);
		},
		refused: (n) => {
			notices.push(n);
			return Promise.resolve();
		},
	};
	const guard = { checkInTerminal: () => Promise.resolve(v) } as unknown as EditorGuard;
	const log = { info: () => undefined, error: () => undefined } as unknown as vscode.LogOutputChannel;
	const judge = createJudge({ guard, answerer: () => person, env: {}, log, record: (e) => recorded.push(e), askedBy: (line) => (line.startsWith('rm') ? 'automation-in-terminal' : 'person-in-terminal') });
	return { judge, questions, notices, recorded };
}

const LINE = 'rm -rf victim';

describe('the guarded terminal judge', () => {
	it('runs an allowed line without asking', async () => {
		const { judge, questions } = judgeWith(verdict('allow'), 'victim');
		assert.deepEqual(await judge('ls', '/w', new AbortController().signal), { run: true });
		assert.equal(questions.length, 0);
	});

	it('runs a confirmed line only when the exact target is typed', async () => {
		const right = judgeWith(verdict('confirm'), 'victim');
		assert.deepEqual(await right.judge(LINE, '/w', new AbortController().signal), { run: true });
		assert.equal(right.questions[0].expected, 'victim');
		assert.equal(right.questions[0].alternative, 'mv victim victim.bak');
		for (const typed of ['Victim', 'victim ', 'vic']) {
			const result = await judgeWith(verdict('confirm'), typed).judge(LINE, '/w', new AbortController().signal);
			assert.equal(result.run, false);
			assert.equal(result.message, `${LINE} — "${typed}" is not "victim". Deletes victim and everything in it`);
		}
	});

	it('does not run when the person cancels, and says so', async () => {
		const result = await judgeWith(verdict('confirm', true), undefined).judge(LINE, '/w', new AbortController().signal);
		assert.deepEqual(result, { run: false, message: `PRODUCTION: ${LINE} — not confirmed (you did not type "victim"). Deletes victim and everything in it` });
	});

	it('does not run when the signal aborts while the person is asked', async () => {
		const { judge } = judgeWith(verdict('confirm'), 'wait');
		const controller = new AbortController();
		const pending = judge(LINE, '/w', controller.signal);
		await new Promise((resolve) => setImmediate(resolve));
		controller.abort();
		assert.deepEqual(await pending, { run: false, message: `${LINE} — cancelled. Deletes victim and everything in it` });
	});

	it('does not ask when the signal aborted before the verdict', async () => {
		const { judge, questions } = judgeWith(verdict('confirm'), 'victim');
		const controller = new AbortController();
		controller.abort();
		assert.equal((await judge(LINE, '/w', controller.signal)).run, false);
		assert.equal(questions.length, 0);
	});

	it('never runs a denied line; explains it to the person and in the terminal', async () => {
		const { judge, questions, notices } = judgeWith(verdict('deny'), 'victim');
		const result = await judge('rm -rf /', '/w', new AbortController().signal);
		assert.equal(result.run, false);
		assert.match(result.message ?? '', /refused outright, it cannot be confirmed here.*deny rules.*Deletes victim/);
		assert.equal(questions.length, 0);
		assert.equal(notices.length, 1);
	});

	it('a right name that arrives after Ctrl-C (a stale modal answered late) runs nothing', async () => {
		const guard = { checkInTerminal: () => Promise.resolve(verdict('confirm')) } as unknown as EditorGuard;
		const log = { info: () => undefined, error: () => undefined } as unknown as vscode.LogOutputChannel;
		const recorded: JudgedLine[] = [];
		const late: Answerer = {
			confirm: (_q, signal) => new Promise((resolve) => signal.addEventListener('abort', () => setTimeout(() => resolve('victim'), 10))),
			refused: () => Promise.resolve(),
		};
		const judge = createJudge({ guard, answerer: () => late, env: {}, log, record: (e) => recorded.push(e) });
		const controller = new AbortController();
		const pending = judge(LINE, '/w', controller.signal);
		await new Promise((resolve) => setImmediate(resolve));
		controller.abort('cancelled');
		assert.equal((await pending).run, false);
		assert.deepEqual(recorded.map((r) => r.outcome), ['cancelled']);
	});

	describe('records each outcome for the audit log', () => {
		const outcome = async (v: Verdict, answer: string | undefined | 'wait', abort?: 'cancel' | 'timeout'): Promise<JudgedLine[]> => {
			const { judge, recorded } = judgeWith(v, answer);
			const judgement = new Judgement(judge, LINE, '/w', abort === 'timeout' ? 30 : 60_000);
			if (abort === 'cancel') {
				await new Promise((resolve) => setImmediate(resolve));
				judgement.cancel('cancelled with Ctrl-C');
			}
			await judgement.result;
			await new Promise((resolve) => setImmediate(resolve));
			return recorded;
		};
		const t = (name: string, v: Verdict, answer: string | undefined | 'wait', expected: JudgedLine['outcome'] | undefined, abort?: 'cancel' | 'timeout'): void => {
			it(`${name} -> ${expected ?? 'nothing'}`, async () => {
				const recorded = await outcome(v, answer, abort);
				assert.deepEqual(recorded.map((r) => r.outcome), expected ? [expected] : []);
				for (const r of recorded) {
					assert.equal(r.askedBy, 'automation-in-terminal');
					assert.equal(r.line, LINE);
				}
			});
		};
		t('the right name', verdict('confirm'), 'victim', 'confirmed');
		t('a wrong name', verdict('confirm'), 'vic', 'refused');
		t('Escape', verdict('confirm'), undefined, 'cancelled');
		t('Ctrl-C while asked', verdict('confirm'), 'wait', 'cancelled', 'cancel');
		t('no answer in time', verdict('confirm'), 'wait', 'timed-out', 'timeout');
		t('a deny', verdict('deny'), undefined, 'denied');
		t('an allowed line', verdict('allow'), undefined, undefined);
	});
});

/** `terminal-guard shell`'s judge: the editor decides; without an editor only safe lines run. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editorJudge, localCheck, type AskEditor } from '../../../src/agents/shellSession';
import type { EditorAnswer, EditorQuestion } from '../../../src/bridge/client';
import { initParser } from '../../../src/engine/analyze';
import type { Verdict } from '../../../src/engine/types';

function verdict(decision: Verdict['decision']): Verdict {
	return { decision, severity: 'high', rule: 'test', reason: 'Deletes victim.', target: 'victim', targets: ['victim'], alternative: null, hits: [], production: false, parse: 'complete' };
}

/** An editor that answers every question with `answer`, recording the questions. */
function editor(answer: EditorAnswer): { ask: AskEditor; asked: EditorQuestion[] } {
	const asked: EditorQuestion[] = [];
	const ask: AskEditor = (q) => {
		asked.push(q);
		return Promise.resolve(answer);
	};
	return { ask, asked };
}

const signal = new AbortController().signal;

describe('terminal-guard shell judge', () => {
	it('the editor allows (a safe line, or a confirmed one) -> runs; one confirm question names the agent and cwd', async () => {
		const { ask, asked } = editor({ outcome: 'allowed', verdict: verdict('confirm') });
		assert.deepEqual(await editorJudge(ask, 'Copilot terminal', localCheck())('rm -rf victim', '/tmp', signal), { run: true });
		assert.deepEqual(asked, [{ kind: 'confirm', line: 'rm -rf victim', cwd: '/tmp', agent: 'Copilot terminal' }]);
	});

	for (const outcome of ['refused', 'timed-out'] as const) {
		it(`the editor answers ${outcome} -> not run, with the editor's reason`, async () => {
			const result = await editorJudge(editor({ outcome, reason: `because ${outcome}` }).ask, 'x', localCheck())('git status', '/tmp', signal);
			assert.deepEqual(result, { run: false, message: `because ${outcome}` });
		});
	}

	it('no editor: the local engine lets safe lines run and refuses destructive ones (fail closed)', async () => {
		await initParser();
		const { ask } = editor({ outcome: 'unreachable' });
		const judge = editorJudge(ask, 'x', localCheck());
		assert.deepEqual(await judge('git status', '/tmp', signal), { run: true });
		const refused = await judge('rm -rf ~/victim', '/tmp', signal);
		assert.equal(refused.run, false);
		assert.match(refused.message ?? '', /no editor with Terminal Guard is running/);
		const broken = await editorJudge(editor({ outcome: 'error', reason: 'bad secret' }).ask, 'x', localCheck())('rm -rf ~/victim', '/tmp', signal);
		assert.match(broken.message ?? '', /could not be asked \(bad secret\)/);
	});
});

/** `terminal-guard shell`'s judge: the editor decides; without an editor only safe lines run. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editorJudge, localCheck, type AskEditor, type EditorAnswer, type EditorQuestion } from '../../../src/agents/shellSession';
import { initParser } from '../../../src/engine/analyze';
import type { Verdict } from '../../../src/engine/types';

function verdict(decision: Verdict['decision']): Verdict {
	return { decision, severity: 'high', rule: 'test', reason: 'Deletes victim.', target: 'victim', targets: ['victim'], alternative: null, hits: [], production: false, parse: 'complete' };
}

/** An editor that answers `check` with `checked` and `confirm` with `confirmed`, recording questions. */
function editor(checked: EditorAnswer, confirmed?: EditorAnswer): { ask: AskEditor; asked: EditorQuestion[] } {
	const asked: EditorQuestion[] = [];
	const ask: AskEditor = (q) => {
		asked.push(q);
		return Promise.resolve(q.kind === 'check' ? checked : (confirmed ?? { outcome: 'error', reason: 'unexpected' }));
	};
	return { ask, asked };
}

const signal = new AbortController().signal;

describe('terminal-guard shell judge', () => {
	it('a safe line (editor verdict allow) runs without a confirmation', async () => {
		const { ask, asked } = editor({ outcome: 'allowed', verdict: verdict('allow') });
		assert.deepEqual(await editorJudge(ask, 'Copilot terminal', localCheck())('ls', '/tmp', signal), { run: true });
		assert.deepEqual(asked.map((q) => [q.kind, q.agent, q.cwd]), [['check', 'Copilot terminal', '/tmp']]);
	});

	it('a destructive line runs only after the editor confirms it', async () => {
		const { ask, asked } = editor({ outcome: 'allowed', verdict: verdict('confirm') }, { outcome: 'allowed' });
		assert.deepEqual(await editorJudge(ask, 'x', localCheck())('rm -rf victim', '/tmp', signal), { run: true });
		assert.deepEqual(asked.map((q) => q.kind), ['check', 'confirm']);
	});

	for (const outcome of ['refused', 'timed-out', 'unreachable', 'error'] as const) {
		it(`confirmation ${outcome} -> not run, with a reason`, async () => {
			const { ask } = editor({ outcome: 'allowed', verdict: verdict('confirm') }, { outcome });
			const result = await editorJudge(ask, 'x', localCheck())('rm -rf victim', '/tmp', signal);
			assert.equal(result.run, false);
			assert.ok(result.message && result.message.length > 5);
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

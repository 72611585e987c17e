/**
 * History re-execution in the real editor's guarded terminal: after a refusal, running the refused line
 * again from history (`fc -s rm`, zsh's `r rm`, `eval "$(fc -ln -1)"`) brings the same question about
 * the same line, and nothing runs. Each step waits for the refusal line and the next prompt, not a delay.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeApi, eventually, firstFolder, openGuardedTerminal, RefusingPerson, resetGuardedProfile, type TestApi } from './helpers';

const PROFILE = 'tg-history-shell';

for (const shell of ['bash', 'zsh']) {
	suite(`Guarded terminal running ${shell}: a refused line run again from history`, () => {
		const person = new RefusingPerson();
		let api: TestApi;
		let terminal: vscode.Terminal;
		let dir: string;

		suiteSetup(async () => {
			api = await activeApi();
			api.setAnswererForTests(person);
			// Not under /tmp: the engine lets anything there go.
			dir = fs.mkdtempSync(path.join(firstFolder().uri.fsPath, `tg-history-${shell}-`));
			terminal = await openGuardedTerminal(shell, PROFILE);
			const mark = api.recentOutputForTests(terminal).total;
			terminal.sendText(`cd '${dir}' && echo ready-""${shell}`);
			await eventually(`${shell} never became ready`, () => outputSince(mark).includes(`ready-${shell}`), 30000);
		});

		suiteTeardown(async () => {
			terminal?.dispose();
			api?.setAnswererForTests(undefined);
			await resetGuardedProfile();
			if (dir) {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		});

		/** What the shell printed since `mark` (a `total` from recentOutputForTests). */
		function outputSince(mark: number): string {
			const { text, total } = api.recentOutputForTests(terminal);
			return total > mark ? text.slice(-(total - mark)) : '';
		}

		/** Sends `typed` and waits until the terminal says `judged` was stopped and draws the next prompt. */
		async function stopped(typed: string, judged: string): Promise<void> {
			const mark = api.recentOutputForTests(terminal).total;
			terminal.sendText(typed);
			await eventually(`"${typed}" was not stopped as "${judged}"; the terminal shows ${JSON.stringify(outputSince(mark).slice(-600))}`, () => {
				const out = outputSince(mark);
				const stop = out.lastIndexOf(`Terminal Guard stopped: ${judged}`);
				return stop >= 0 && out.indexOf('\x1b]633;B\x07', stop) >= 0;
			});
		}

		const reruns = shell === 'zsh' ? ['r rm', 'fc -e - rm', 'eval "$(fc -ln -1)"'] : ['fc -s rm', 'fc -e - rm', 'eval "$(fc -ln -1)"'];
		for (const rerun of reruns) {
			test(`'${rerun}' after 'rm -rf victim' was refused -> asks about 'rm -rf victim' again; nothing runs`, async () => {
				const victim = path.join(dir, 'victim');
				fs.mkdirSync(victim, { recursive: true });
				person.questions.length = 0;
				await stopped('rm -rf victim', 'rm -rf victim');
				await stopped(rerun, 'rm -rf victim');
				assert.deepStrictEqual(person.questions.map((q) => q.line.trim()), ['rm -rf victim', 'rm -rf victim']);
				assert.strictEqual(person.questions[1].expected, 'victim');
				assert.ok(fs.existsSync(victim), `${rerun} deleted the victim`);
			});
		}
	});
}

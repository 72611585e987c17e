/**
 * The guarded terminal's judge with the blast radius and the safer way: the dialog is asked before the
 * count is done, the count fills in, "Move to Trash" moves the real folder to a private freedesktop
 * trash and Restore brings it back, a safer line is typed into the terminal, and an answer naming a
 * safer way the judge did not offer runs nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type * as vscode from 'vscode';

const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-safer-home-')));
process.env.HOME = home;
process.env.XDG_DATA_HOME = path.join(home, '.local', 'share');

import { analyze, initParser } from '../../../src/engine/analyze';
import { createJudge, type JudgedLine } from '../../../src/ui/confirm';
import type { EditorGuard } from '../../../src/ui/guard';
import type { Answerer, ConfirmAnswer, DialogQuestion, RestoreOffer } from '../../../src/ui/person';

const log = { info: () => undefined, error: () => undefined } as unknown as vscode.LogOutputChannel;

function setup(cwd: string, answer: (q: DialogQuestion) => Promise<ConfirmAnswer>, restore = false) {
	const questions: DialogQuestion[] = [];
	const offers: RestoreOffer[] = [];
	const typed: string[] = [];
	const recorded: JudgedLine[] = [];
	const person: Answerer = {
		confirm: (q) => {
			questions.push(q);
			return answer(q);
		},
		refused: () => Promise.resolve(),
		offerRestore: (offer) => {
			offers.push(offer);
			return Promise.resolve(restore);
		},
	};
	// The real engine's verdict, as EditorGuard gives it.
	const guard = { checkInTerminal: (line: string, where: string) => Promise.resolve(analyze(line, { cwd: where, workspaceFolders: [cwd], home, env: {} })) } as unknown as EditorGuard;
	const judge = createJudge({ guard, answerer: () => person, env: { HOME: home }, log, record: (e) => recorded.push(e), typeLine: (l) => typed.push(l), folders: () => [cwd] });
	return { judge, questions, offers, typed, recorded };
}

function project(): string {
	const dir = fs.mkdtempSync(path.join(home, 'project-'));
	fs.mkdirSync(path.join(dir, 'victim', 'sub'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'victim', 'a.txt'), 'precious');
	fs.writeFileSync(path.join(dir, 'victim', 'sub', 'b.txt'), 'more');
	return dir;
}

async function until(what: string, condition: () => boolean): Promise<void> {
	for (let i = 0; i < 500 && !condition(); i++) {
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	assert.ok(condition(), what);
}

describe('the dialog: blast radius and the safer way', () => {
	before(() => initParser());

	it('asks before the count is done ("counting…"), and the count fills in: 2 files, 2 folders, 12 bytes', async () => {
		const dir = project();
		let countedAtAsk: unknown = 'not asked';
		const { judge, questions, recorded } = setup(dir, async (q) => {
			countedAtAsk = q.blast?.report;
			await q.blast?.done;
			return 'victim-typo';
		});
		const result = await judge('rm -rf victim', dir, new AbortController().signal);
		assert.equal(result.run, false);
		assert.equal(countedAtAsk, undefined, 'the dialog was asked before the count finished');
		const report = questions[0].blast?.report;
		assert.equal(report?.findings[0].files, 2);
		assert.equal(report?.findings[0].folders, 2);
		assert.equal(report?.findings[0].bytes, 12);
		assert.match(recorded[0].blast ?? '', /2 files and 2 folders, 12 bytes/);
		assert.equal(fs.existsSync(path.join(dir, 'victim')), true);
	});

	it('"Move to Trash" moves the folder to the system trash, the line does not run, and Restore brings it back', async () => {
		const dir = project();
		const { judge, questions, offers, recorded } = setup(dir, (q) => Promise.resolve(q.safer ? { safer: q.safer } : undefined), true);
		const result = await judge('rm -rf victim', dir, new AbortController().signal);
		assert.equal(questions[0].safer?.kind, 'trash');
		assert.equal(result.run, false);
		assert.match(result.message ?? '', /moved to the system trash instead: .*victim/);
		assert.equal(recorded[0].outcome, 'safer');
		const trashed = fs.readdirSync(path.join(home, '.local', 'share', 'Trash', 'info')).map((f) => fs.readFileSync(path.join(home, '.local', 'share', 'Trash', 'info', f), 'utf8'));
		assert.ok(trashed.some((info) => info.includes(`Path=${path.join(dir, 'victim')}`)), trashed.join('\n'));
		await until('Restore brought the folder back', () => fs.existsSync(path.join(dir, 'victim', 'sub', 'b.txt')));
		assert.equal(offers[0].restorable, true);
		assert.equal(fs.readFileSync(path.join(dir, 'victim', 'a.txt'), 'utf8'), 'precious');
	});

	it('a safer line (git push --force → --force-with-lease) is typed into the terminal instead, to be judged like any line', async () => {
		const dir = project();
		const { judge, typed, recorded } = setup(dir, (q) => Promise.resolve(q.safer ? { safer: q.safer } : undefined));
		const result = await judge('git push --force origin main', dir, new AbortController().signal);
		assert.equal(result.run, false);
		assert.deepEqual(typed, ['git push --force-with-lease origin main']);
		assert.equal(recorded[0].instead, 'git push --force-with-lease origin main');
	});

	it('an answer naming a safer way the judge did not offer runs nothing and types nothing', async () => {
		const dir = project();
		const forged = { kind: 'line' as const, label: 'x', line: 'rm -rf ~', description: '' };
		const { judge, typed } = setup(dir, () => Promise.resolve({ safer: forged }));
		const result = await judge('git push --force origin main', dir, new AbortController().signal);
		assert.equal(result.run, false);
		assert.deepEqual(typed, []);
	});

	it('the typed name still runs the original line', async () => {
		const dir = project();
		const { judge } = setup(dir, () => Promise.resolve('victim'));
		assert.equal((await judge('rm -rf victim', dir, new AbortController().signal)).run, true);
	});
});

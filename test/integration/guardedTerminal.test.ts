/**
 * The guarded terminal in a real VS Code with real shells: a test answerer stands in for the person
 * (`api.setAnswererForTests`), and what ran is read off the disk (sentinel folders, marker files).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TerminalGuardApi } from '../../src/ui/api';
import type { Answerer, ConfirmQuestion, DenyNotice } from '../../src/ui/person';

const EXTENSION_ID = 'terminal-guard.terminal-guard';
const NEW_TERMINAL = 'terminalGuard.newTerminal';
const PROFILE = 'tg-integration-shell';
/** An answer that never comes: the person leaves the question open. */
const WAIT = '\u0000wait';

/** Polls until `condition` holds, failing with `what` after `timeoutMs`. */
async function eventually(what: string, condition: () => boolean, timeoutMs = 20000): Promise<void> {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > timeoutMs) {
			assert.fail(`${what} (waited ${timeoutMs / 1000}s)`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** Answers each question with the next queued answer (undefined = Escape) and records it. */
class ScriptedPerson implements Answerer {
	readonly questions: ConfirmQuestion[] = [];
	readonly refusals: DenyNotice[] = [];
	readonly answers: (string | undefined)[] = [];

	/** Questions whose signal aborted (Ctrl-C, timeout, closed terminal) while they were open. */
	aborted = 0;

	confirm(question: ConfirmQuestion, signal: AbortSignal): Promise<string | undefined> {
		this.questions.push(question);
		const answer = this.answers.shift();
		if (answer !== WAIT) {
			return Promise.resolve(answer);
		}
		// Leaves the question open until the terminal gives up on it.
		return new Promise((resolve) => {
			const done = (): void => {
				this.aborted++;
				resolve(undefined);
			};
			if (signal.aborted) {
				done();
			} else {
				signal.addEventListener('abort', done, { once: true });
			}
		});
	}

	refused(notice: DenyNotice): Promise<void> {
		this.refusals.push(notice);
		return Promise.resolve();
	}
}

for (const shell of ['bash', 'zsh', 'fish']) {
	suite(`Guarded terminal running ${shell}`, () => {
		const person = new ScriptedPerson();
		let api: TerminalGuardApi;
		let terminal: vscode.Terminal;
		let dir: string;
		let markers = 0;

		/** Sends `line`, then a marker command, and waits until the marker exists: `line` is done. */
		async function run(line: string): Promise<void> {
			const marker = path.join(dir, `.done-${++markers}`);
			terminal.sendText(line);
			terminal.sendText(`touch .done-${markers}`);
			await eventually(`"${line}" never finished in ${shell}`, () => fs.existsSync(marker));
		}

		suiteSetup(async () => {
			const ext = vscode.extensions.getExtension<TerminalGuardApi>(EXTENSION_ID);
			assert.ok(ext);
			api = await ext.activate();
			api.setAnswererForTests(person);
			const folder = vscode.workspace.workspaceFolders?.[0];
			assert.ok(folder, 'the tests need a workspace folder');
			// Not under /tmp: the engine lets anything there go.
			dir = fs.mkdtempSync(path.join(folder.uri.fsPath, `tg-${shell}-`));
			const config = vscode.workspace.getConfiguration('terminal.integrated');
			await config.update('profiles.linux', { [PROFILE]: { path: shell } }, vscode.ConfigurationTarget.Global);
			await config.update('defaultProfile.linux', PROFILE, vscode.ConfigurationTarget.Global);
			terminal = (await vscode.commands.executeCommand<vscode.Terminal>(NEW_TERMINAL))!;
			assert.ok(terminal, `${NEW_TERMINAL} returned no terminal`);
			assert.strictEqual(terminal.name, `Guarded ${shell}`);
			terminal.sendText(`cd '${dir}'`);
			await run('true');
		});

		suiteTeardown(async () => {
			terminal?.dispose();
			api?.setAnswererForTests(undefined);
			const config = vscode.workspace.getConfiguration('terminal.integrated');
			await config.update('defaultProfile.linux', undefined, vscode.ConfigurationTarget.Global);
			await config.update('profiles.linux', undefined, vscode.ConfigurationTarget.Global);
			if (dir) {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		});

		setup(() => {
			person.questions.length = 0;
			person.answers.length = 0;
		});

		test('runs safe commands without asking', async () => {
			await run('echo safe > safe.txt');
			assert.strictEqual(fs.readFileSync(path.join(dir, 'safe.txt'), 'utf8').trim(), 'safe');
			assert.deepStrictEqual(person.questions, []);
		});

		test('keeps the sentinel when the person cancels', async () => {
			fs.mkdirSync(path.join(dir, 'sentinel'));
			person.answers.push(undefined);
			await run('rm -rf sentinel');
			assert.ok(fs.existsSync(path.join(dir, 'sentinel')), 'the sentinel was deleted');
			assert.strictEqual(person.questions.length, 1);
			assert.strictEqual(person.questions[0].line, 'rm -rf sentinel');
			assert.strictEqual(person.questions[0].expected, 'sentinel');
			assert.strictEqual(person.questions[0].cwd, dir);
		});

		test('keeps the sentinel when the person types a wrong name', async () => {
			person.answers.push('sentinal');
			await run('rm -rf sentinel');
			assert.ok(fs.existsSync(path.join(dir, 'sentinel')), 'the sentinel was deleted');
			assert.strictEqual(person.questions.length, 1);
		});

		test('deletes the sentinel once the person types its name', async () => {
			person.answers.push('sentinel');
			await run('rm -rf sentinel');
			assert.ok(!fs.existsSync(path.join(dir, 'sentinel')), 'the sentinel survived');
			assert.strictEqual(person.questions.length, 1);
		});

		test('asks only about the risky line of several sent at once', async () => {
			fs.mkdirSync(path.join(dir, 'second'));
			person.answers.push(undefined);
			terminal.sendText('echo a > first.txt\nrm -rf second\n', false);
			await run('true');
			assert.ok(fs.existsSync(path.join(dir, 'first.txt')), 'the first line did not run');
			assert.ok(fs.existsSync(path.join(dir, 'second')), 'the second line ran');
			assert.deepStrictEqual(person.questions.map((q) => q.line), ['rm -rf second']);
		});

		test('keeps the sentinel when Ctrl-C is pressed while the question is open', async () => {
			fs.mkdirSync(path.join(dir, 'interrupted'));
			person.answers.push(WAIT);
			const aborted = person.aborted;
			terminal.sendText('rm -rf interrupted');
			await eventually('the person was never asked', () => person.questions.length === 1);
			terminal.sendText('\x03', false);
			await eventually('Ctrl-C did not withdraw the question', () => person.aborted === aborted + 1);
			await run('true');
			assert.ok(fs.existsSync(path.join(dir, 'interrupted')), 'the sentinel was deleted after Ctrl-C');
		});

		test('closes with the shell\'s exit code', async () => {
			const closed = new Promise<vscode.Terminal>((resolve) => {
				const listener = vscode.window.onDidCloseTerminal((t) => {
					if (t === terminal) {
						listener.dispose();
						resolve(t);
					}
				});
			});
			terminal.sendText('exit 3');
			assert.strictEqual((await closed).exitStatus?.code, 3);
		});
	});
}

/**
 * The guarded terminal in a real VS Code with real shells: a test answerer stands in for the person
 * (`api.setAnswererForTests`), and what ran is read off the disk (sentinel folders, marker files).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi as TerminalGuardApi } from './helpers';
import type { AuditEntry } from '../../src/ui/auditLog';
import type { Answerer, ConfirmQuestion, DenyNotice } from '../../src/ui/person';

const EXTENSION_ID = 'terminal-guard.terminal-guard';
const NEW_TERMINAL = 'terminalGuard.newTerminal';
const PROFILE = 'tg-integration-shell';
/** An answer that never comes: the person leaves the question open. */
const WAIT = '\u0000wait';
/** An answer given later, with `person.release(answer)`. */
const LATER = '\u0000later';

/** Polls until `condition` holds, failing with `what` after `timeoutMs`. */
async function eventually(what: string | (() => string), condition: () => boolean, timeoutMs = 20000): Promise<void> {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > timeoutMs) {
			assert.fail(`${typeof what === 'string' ? what : what()} (waited ${timeoutMs / 1000}s)`);
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
	private later: ((answer: string | undefined) => void) | undefined;

	/** Answers the question that was left open with LATER. */
	release(answer: string | undefined): void {
		assert.ok(this.later, 'no question is waiting for an answer');
		this.later(answer);
		this.later = undefined;
	}

	confirm(question: ConfirmQuestion, signal: AbortSignal): Promise<string | undefined> {
		this.questions.push(question);
		const answer = this.answers.shift();
		if (answer === LATER) {
			return new Promise((resolve) => (this.later = resolve));
		}
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

		/** Types `line` key by key, as a person does (one input chunk per key), then Enter. */
		function type(line: string, on = terminal): void {
			for (const key of line) {
				on.sendText(key, false);
			}
			on.sendText('\r', false);
		}

		/** The audit log's entries for `command` run in this suite's folder. */
		function audited(command: string): AuditEntry[] {
			const file = api.auditLogFile;
			const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
			return lines.map((l) => JSON.parse(l) as AuditEntry).filter((e) => e.cwd === dir && e.command === command);
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
			person.refusals.length = 0;
		});

		const exists = (name: string): boolean => fs.existsSync(path.join(dir, name));
		const questioned = (): string[] => person.questions.map((q) => q.line);

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

		test('keeps the sentinel when a deny rule refuses the line outright', async () => {
			const guard = vscode.workspace.getConfiguration('terminalGuard');
			await guard.update('deny', ['^rm -rf denied$'], vscode.ConfigurationTarget.Global);
			try {
				fs.mkdirSync(path.join(dir, 'denied'));
				await run('rm -rf denied');
				assert.ok(exists('denied'), 'a denied line ran');
				assert.deepStrictEqual(person.refusals.map((r) => r.line), ['rm -rf denied']);
				assert.deepStrictEqual(person.questions, [], 'a denied line offered confirmation');
			} finally {
				await guard.update('deny', undefined, vscode.ConfigurationTarget.Global);
			}
		});

		/** What the shell printed since `mark` (a `total` from recentOutputForTests). */
		function outputSince(mark: number): string {
			const { text, total } = api.recentOutputForTests(terminal);
			return total > mark ? text.slice(-(total - mark)) : '';
		}

		/**
		 * Waits until, after `mark`, `line` was stopped and the next prompt drawn (its OSC 633;B end mark):
		 * only then is the line editor reading keys again. Before that the tty is in cooked mode, where
		 * Ctrl-R is the "reprint" character and is lost, as in any terminal.
		 */
		async function stoppedAndPrompted(mark: number, line: string, what: string): Promise<void> {
			await eventually(() => `${what}; the terminal shows ${JSON.stringify(outputSince(mark).slice(-600))}`, () => {
				const out = outputSince(mark);
				const stop = out.lastIndexOf(`Terminal Guard stopped: ${line}`);
				return stop >= 0 && out.indexOf('\x1b]633;B\x07', stop) >= 0;
			});
		}

		/** Sends `line`, refuses it (Escape) and waits for the next prompt. */
		async function refuse(line: string): Promise<void> {
			person.answers.push(undefined);
			const mark = api.recentOutputForTests(terminal).total;
			terminal.sendText(line);
			await stoppedAndPrompted(mark, line, `"${line}" was not stopped`);
		}

		// fish: Up pressed right after a refusal sometimes recalled the command before it — the refused line
		// reaches fish's history through its history file, which fish had not read yet (a known gap,
		// docs/terminal.md). The core's tests cover Up in fish after the next prompt.
		test('catches a refused line recalled with Up', async () => {
			fs.mkdirSync(path.join(dir, 'uprecall'));
			await refuse('rm -rf uprecall');
			person.answers.push(undefined);
			const mark = api.recentOutputForTests(terminal).total;
			terminal.sendText('\x1b[A', false);
			terminal.sendText('\r', false);
			await stoppedAndPrompted(mark, 'rm -rf uprecall', 'Up + Enter did not bring the line back to be stopped');
			await run('true');
			assert.deepStrictEqual(questioned(), ['rm -rf uprecall', 'rm -rf uprecall']);
			assert.ok(exists('uprecall'), 'a recalled line ran');
		});

		// Ctrl-R is a search in emacs key bindings. zsh picks vi bindings when $EDITOR or $VISUAL mentions vi
		// (`npm test` exports EDITOR=vi, which reaches the editor's terminals), where Ctrl-R only redraws the
		// line: so the zsh case asks for emacs bindings first, as a person using Ctrl-R has them.
		test('catches a refused line found again with Ctrl-R', async () => {
			if (shell === 'zsh') {
				await run('bindkey -e');
			}
			fs.mkdirSync(path.join(dir, 'searched'));
			await refuse('rm -rf searched');
			person.answers.push(undefined);
			const mark = api.recentOutputForTests(terminal).total;
			terminal.sendText('\x12searched', false);
			// The search runs as the keys arrive (fish's pager in the background): Enter once it shows the
			// match (highlighted: colours are stripped).
			// eslint-disable-next-line no-control-regex
			await eventually(() => `Ctrl-R never found the line; the terminal shows ${JSON.stringify(outputSince(mark).slice(-600))}`, () => outputSince(mark).replace(/\x1b\[[0-9;]*m/g, '').includes('rm -rf searched'));
			// fish 3.6 searches in a pager: its first Enter only puts the entry on the command line.
			terminal.sendText(shell === 'fish' ? '\r\r' : '\r', false);
			await stoppedAndPrompted(mark, 'rm -rf searched', 'Ctrl-R + Enter did not bring the line back to be stopped');
			await run('true');
			assert.deepStrictEqual(questioned(), ['rm -rf searched', 'rm -rf searched']);
			assert.ok(exists('searched'), 'a line found with Ctrl-R ran');
		});

		test('runs nothing of a bracketed paste of a safe and a destructive command', async () => {
			fs.mkdirSync(path.join(dir, 'pasted'));
			person.answers.push(undefined);
			// What xterm.js sends for a paste when the shell asked for bracketed paste.
			terminal.sendText('\x1b[200~echo P > pasted.txt\rrm -rf pasted\x1b[201~', false);
			terminal.sendText('\r', false);
			await eventually('the paste was not judged', () => person.questions.length === 1);
			await run('true');
			assert.match(questioned()[0], /^echo P > pasted.txt\nrm -rf pasted$/);
			assert.ok(exists('pasted'), 'the pasted rm ran');
			assert.ok(!exists('pasted.txt'), 'the safe half of the refused paste ran');
		});

		test('runs nothing of a line with rm hidden between echos', async () => {
			fs.mkdirSync(path.join(dir, 'hidden'));
			person.answers.push(undefined);
			await run('echo start > start.txt && rm -rf hidden && echo done > done.txt');
			assert.deepStrictEqual(questioned(), ['echo start > start.txt && rm -rf hidden && echo done > done.txt']);
			assert.strictEqual(person.questions[0].expected, 'hidden');
			assert.ok(exists('hidden'), 'the hidden rm ran');
			assert.ok(!exists('start.txt') && !exists('done.txt'), 'part of the refused line ran');
		});

		test('keeps keys typed while the question is open and runs them after it, not before', async () => {
			fs.mkdirSync(path.join(dir, 'pending'));
			person.answers.push(LATER);
			terminal.sendText('rm -rf pending');
			await eventually('the question never came', () => person.questions.length === 1);
			const typed = 'echo typed > typed.txt';
			type(typed);
			// The event: every key, Enter included, reached the terminal and is held there, not sent to the shell.
			await eventually(() => `the typed keys never arrived (${api.heldInputForTests(terminal)} held)`, () => api.heldInputForTests(terminal) === typed.length + 1);
			assert.ok(!exists('typed.txt'), 'a line typed while the question was open ran before the answer');
			person.release(undefined);
			await eventually('the typed line was lost', () => exists('typed.txt'));
			assert.ok(exists('pending'), 'the refused line ran');
			assert.deepStrictEqual(questioned(), ['rm -rf pending']);
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

		test('logs a wrong name and a confirmation, and who submitted each line', async () => {
			fs.mkdirSync(path.join(dir, 'audited'));
			person.answers.push('audit');
			await run('rm -rf audited');
			assert.ok(fs.existsSync(path.join(dir, 'audited')), 'a wrong name deleted it');
			person.answers.push('audited');
			type('rm -rf audited');
			await run('true');
			assert.ok(!fs.existsSync(path.join(dir, 'audited')), 'the right name did not delete it');
			await eventually('the audit log lacks the two entries', () => audited('rm -rf audited').length === 2, 5000);
			const [refused, confirmed] = audited('rm -rf audited');
			assert.deepStrictEqual([refused.outcome, refused.askedBy], ['refused', 'automation-in-terminal']);
			assert.deepStrictEqual([confirmed.outcome, confirmed.askedBy], ['confirmed', 'person-in-terminal']);
			for (const e of [refused, confirmed]) {
				assert.strictEqual(e.workspace, vscode.workspace.workspaceFolders![0].uri.fsPath);
				assert.strictEqual(e.target, 'audited');
				assert.match(e.rule ?? '', /^files:/);
				assert.strictEqual(e.production, false);
				assert.ok(Date.now() - Date.parse(e.time) < 120000, `odd time ${e.time}`);
			}
		});

		test('keeps the sentinel when nobody answers in time (confirmTimeoutSeconds)', async () => {
			const guard = vscode.workspace.getConfiguration('terminalGuard');
			await guard.update('confirmTimeoutSeconds', 2, vscode.ConfigurationTarget.Global);
			const slow = (await vscode.commands.executeCommand<vscode.Terminal>(NEW_TERMINAL))!;
			try {
				fs.mkdirSync(path.join(dir, 'slow'));
				person.answers.push(WAIT);
				slow.sendText(`cd '${dir}'`);
				slow.sendText('rm -rf slow');
				// Typed while the question is open: held, then run after the time-out.
				slow.sendText('touch .after-timeout');
				await eventually('the terminal never went on after the time-out', () => fs.existsSync(path.join(dir, '.after-timeout')), 30000);
				assert.ok(fs.existsSync(path.join(dir, 'slow')), 'the sentinel was deleted on a time-out');
				await eventually('no time-out in the audit log', () => audited('rm -rf slow').some((e) => e.outcome === 'timed-out'), 5000);
			} finally {
				slow.dispose();
				await guard.update('confirmTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
			}
		});

		test('runs lines unchecked while terminalGuard.enabled is false in user settings', async () => {
			const guard = vscode.workspace.getConfiguration('terminalGuard');
			await guard.update('enabled', false, vscode.ConfigurationTarget.Global);
			try {
				fs.mkdirSync(path.join(dir, 'unchecked'));
				await run('rm -rf unchecked');
				assert.ok(!fs.existsSync(path.join(dir, 'unchecked')), 'the line did not run');
				assert.deepStrictEqual(person.questions, []);
			} finally {
				await guard.update('enabled', undefined, vscode.ConfigurationTarget.Global);
			}
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

/**
 * The guarded terminal in a real VS Code with a shell that has no hook (dash): the screen-reading
 * fallback must not be blinded by keys or output (issue #12). A scripted person cancels every
 * question; the question itself proves the line was judged, the surviving sentinel that it did not run.
 * Run alone: TG_TEST_GREP='fallback' npm run test:integration.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeApi, eventually, firstFolder, openGuardedTerminal, RefusingPerson, resetGuardedProfile, type TestApi } from './helpers';

const PROFILE = 'tg-integration-fallback';

suite('Guarded terminal without a hook (dash): the fallback cannot be blinded', () => {
	const person = new RefusingPerson();
	let api: TestApi;
	let terminal: vscode.Terminal;
	let dir: string;
	let markers = 0;

	/** Runs a marker command and waits for its file: everything sent before it has been handled. */
	async function settled(): Promise<void> {
		const marker = path.join(dir, `.done-${++markers}`);
		terminal.sendText(`touch .done-${markers}`);
		await eventually(`marker ${markers} never appeared`, () => fs.existsSync(marker));
	}

	function sentinel(): string {
		const target = path.join(dir, 'sentinel');
		fs.mkdirSync(target, { recursive: true });
		fs.writeFileSync(path.join(target, 'keep.txt'), 'precious\n');
		return target;
	}

	suiteSetup(async () => {
		api = await activeApi();
		api.setAnswererForTests(person);
		// Not under /tmp: the engine lets anything there go.
		dir = fs.mkdtempSync(path.join(firstFolder().uri.fsPath, 'tg-fallback-'));
		terminal = await openGuardedTerminal('dash', PROFILE);
		assert.strictEqual(terminal.name, 'Guarded dash');
		terminal.sendText(`cd '${dir}'`);
		await settled();
	});

	suiteTeardown(async () => {
		terminal?.dispose();
		api?.setAnswererForTests(undefined);
		await resetGuardedProfile();
		if (dir) {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	setup(() => {
		person.questions.length = 0;
	});

	test('asks about a line sent after a paste start (ESC[200~) while bracketed paste is off', async () => {
		const target = sentinel();
		terminal.sendText('\x1b[200~');
		terminal.sendText('rm -rf sentinel');
		await eventually('no question about rm -rf sentinel', () => person.questions.some((q) => q.line.includes('rm -rf sentinel')));
		await settled();
		assert.ok(fs.existsSync(target), 'the sentinel was deleted');
	});

	test("asks about a line sent while an alternate screen is left on (printf '\\e[?1049h')", async () => {
		const target = sentinel();
		terminal.sendText(`printf '\\033[?1049h'`);
		await settled();
		terminal.sendText('rm -rf sentinel');
		await eventually('no question about rm -rf sentinel', () => person.questions.some((q) => q.line.includes('rm -rf sentinel')));
		await settled();
		terminal.sendText(`printf '\\033[?1049l'`);
		assert.ok(fs.existsSync(target), 'the sentinel was deleted');
	});

	test('asks about a line typed while a program that does not read the terminal (sleep) is in front on the alternate screen', async () => {
		// Before: Enter went unjudged to any program in front on the alternate screen; sleep left the line in the
		// terminal's input queue and dash ran it when sleep ended, unasked. Now only a program waiting to read the
		// terminal gets Enter unjudged; this one is refused, and the Ctrl-C sent instead ends sleep and the line.
		const target = sentinel();
		const started = path.join(dir, '.sleeping');
		terminal.sendText(`printf '\\033[?1049h'; touch .sleeping; sleep 6`);
		await eventually('sleep never started', () => fs.existsSync(started));
		await new Promise((resolve) => setTimeout(resolve, 500)); // sleep in front, touch gone
		terminal.sendText('rm -rf sentinel');
		await eventually('no question about rm -rf sentinel', () => person.questions.some((q) => q.line.includes('rm -rf sentinel')));
		await settled();
		terminal.sendText(`printf '\\033[?1049l'`);
		fs.rmSync(started, { force: true });
		assert.ok(fs.existsSync(target), 'the sentinel was deleted');
	});
});

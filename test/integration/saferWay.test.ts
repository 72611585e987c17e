/**
 * Blast radius and the safer way in a real VS Code with a real bash: the question carries the count
 * (real files, real git), "Move to Trash" leaves the folder in the system trash and Restore brings it
 * back, and a force push's safer line is typed into the terminal and judged again.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { AuditEntry } from '../../src/ui/auditLog';
import type { Answerer, ConfirmAnswer, DenyNotice, DialogQuestion, RestoreOffer } from '../../src/ui/person';
import { activeApi, eventually, firstFolder, type TestApi } from './helpers';

const NEW_TERMINAL = 'terminalGuard.newTerminal';
const PROFILE = 'tg-safer-shell';

/** Chooses the safer way when `safer` is set, else types `typed`; Restore when `restore`. */
class ChoosingPerson implements Answerer {
	readonly questions: DialogQuestion[] = [];
	readonly offers: RestoreOffer[] = [];
	choice: 'safer' | 'cancel' = 'cancel';
	restore = false;

	async confirm(question: DialogQuestion): Promise<ConfirmAnswer> {
		this.questions.push(question);
		// A person reads the dialog for a moment: the count is there by the time they decide.
		await question.blast?.done;
		return this.choice === 'safer' && question.safer ? { safer: question.safer } : undefined;
	}

	refused(_notice: DenyNotice): Promise<void> {
		return Promise.resolve();
	}

	offerRestore(offer: RestoreOffer): Promise<boolean> {
		this.offers.push(offer);
		return Promise.resolve(this.restore);
	}
}

function git(cwd: string, ...args: string[]): string {
	return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' } });
}

suite('Blast radius and the safer way (guarded bash)', () => {
	const person = new ChoosingPerson();
	let api: TestApi;
	let terminal: vscode.Terminal;
	let dir: string;
	let markers = 0;

	async function run(line: string, where = dir): Promise<void> {
		const marker = path.join(where, `.done-${++markers}`);
		terminal.sendText(line);
		terminal.sendText(`touch .done-${markers}`);
		await eventually(`"${line}" never finished`, () => fs.existsSync(marker));
	}

	suiteSetup(async () => {
		api = await activeApi();
		api.setAnswererForTests(person);
		// What is counted, not how fast: the test machine may be loaded far past the 300 ms budget.
		api.setBlastBudgetForTests(60000);
		// Not under /tmp: the engine lets anything there go.
		dir = fs.mkdtempSync(path.join(firstFolder().uri.fsPath, 'tg-safer-'));
		const config = vscode.workspace.getConfiguration('terminal.integrated');
		await config.update('profiles.linux', { [PROFILE]: { path: 'bash' } }, vscode.ConfigurationTarget.Global);
		await config.update('defaultProfile.linux', PROFILE, vscode.ConfigurationTarget.Global);
		terminal = (await vscode.commands.executeCommand<vscode.Terminal>(NEW_TERMINAL))!;
		assert.ok(terminal);
		terminal.sendText(`cd '${dir}'`);
		await run('true');
	});

	suiteTeardown(async () => {
		terminal?.dispose();
		api?.setAnswererForTests(undefined);
		api?.setBlastBudgetForTests(undefined);
		const config = vscode.workspace.getConfiguration('terminal.integrated');
		await config.update('defaultProfile.linux', undefined, vscode.ConfigurationTarget.Global);
		await config.update('profiles.linux', undefined, vscode.ConfigurationTarget.Global);
		if (dir) {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	setup(() => {
		person.questions.length = 0;
		person.offers.length = 0;
	});

	test('rm -rf of a folder in git: the question counts its files, size and what git cannot restore; the audit log keeps it', async () => {
		const repo = path.join(dir, 'repo');
		fs.mkdirSync(path.join(repo, 'victim', 'sub'), { recursive: true });
		git(repo, 'init', '-q');
		fs.writeFileSync(path.join(repo, 'victim', 'committed.txt'), '1234');
		git(repo, 'add', '-A');
		git(repo, 'commit', '-q', '-m', 'first');
		fs.writeFileSync(path.join(repo, 'victim', 'sub', 'draft.txt'), 'not committed');
		person.choice = 'cancel';
		await run('rm -rf repo/victim');
		assert.ok(fs.existsSync(path.join(repo, 'victim', 'sub', 'draft.txt')), 'the folder was deleted');
		const finding = person.questions[0]?.blast?.report?.findings[0];
		assert.ok(finding, JSON.stringify(person.questions[0]));
		assert.strictEqual(finding.files, 2);
		assert.strictEqual(finding.folders, 2);
		assert.strictEqual(finding.bytes, 17);
		assert.strictEqual(finding.unrecoverable, 1);
		assert.strictEqual(person.questions[0].safer?.kind, 'trash');
		// The audit log is appended in the background: wait for the entry, then read what it says.
		const entry = (): AuditEntry | undefined => (fs.existsSync(api.auditLogFile) ? fs.readFileSync(api.auditLogFile, 'utf8') : '').split('\n').filter(Boolean)
			.map((l) => JSON.parse(l) as AuditEntry).find((e) => e.cwd === dir && e.command === 'rm -rf repo/victim');
		await eventually('the audit log has no entry for rm -rf repo/victim', () => entry() !== undefined);
		assert.match(entry()?.blast ?? '', /2 files and 2 folders, 17 bytes; 1 file git cannot restore/);
	});

	test('Move to Trash: the folder goes to the system trash, the line does not run, Restore brings it back', async () => {
		fs.mkdirSync(path.join(dir, 'precious', 'sub'), { recursive: true });
		fs.writeFileSync(path.join(dir, 'precious', 'sub', 'data.txt'), 'keep me');
		person.choice = 'safer';
		person.restore = false;
		await run('rm -rf precious');
		assert.strictEqual(fs.existsSync(path.join(dir, 'precious')), false, 'the folder is still there');
		await eventually('no Restore was offered', () => person.offers.length === 1);
		assert.strictEqual(person.offers[0].restorable, true);
		// The extension host's own freedesktop trash holds it, with where it came from.
		const trashInfo = path.join(process.env.XDG_DATA_HOME ?? path.join(process.env.HOME ?? '', '.local', 'share'), 'Trash', 'info');
		const infos = fs.readdirSync(trashInfo).map((f) => fs.readFileSync(path.join(trashInfo, f), 'utf8'));
		assert.ok(infos.some((i) => i.includes(`Path=${encodeURI(path.join(dir, 'precious'))}`)), infos.join('\n'));
		// Again, and this time the person clicks Restore.
		fs.mkdirSync(path.join(dir, 'again'));
		fs.writeFileSync(path.join(dir, 'again', 'file.txt'), 'x');
		person.restore = true;
		await run('rm -rf again');
		await eventually('Restore did not bring the folder back', () => fs.existsSync(path.join(dir, 'again', 'file.txt')));
	});

	test('git push --force: the question lists the commits it would drop; the safer --force-with-lease runs instead, judged again', async () => {
		const remote = path.join(dir, 'remote.git');
		const work = path.join(dir, 'work');
		fs.mkdirSync(work);
		git(dir, 'init', '-q', '--bare', remote);
		git(work, 'init', '-q', '-b', 'main');
		fs.writeFileSync(path.join(work, 'a'), '1');
		git(work, 'add', '-A');
		git(work, 'commit', '-q', '-m', 'base');
		git(work, 'remote', 'add', 'origin', remote);
		git(work, 'push', '-q', '-u', 'origin', 'main');
		fs.writeFileSync(path.join(work, 'b'), '2');
		git(work, 'add', '-A');
		git(work, 'commit', '-q', '-m', 'Colleague fix that would be lost');
		git(work, 'push', '-q', 'origin', 'main');
		git(work, 'reset', '-q', '--hard', 'HEAD~1');
		fs.writeFileSync(path.join(work, 'c'), '3');
		git(work, 'add', '-A');
		git(work, 'commit', '-q', '-m', 'rewrite');
		person.choice = 'safer';
		const before = git(remote, 'rev-parse', 'main').trim();
		await run(`cd '${work}'`, work);
		// Refused as a whole, so the `cd ..` does not run either: the shell stays in work.
		await run('git push --force origin main; cd ..', work);
		const question = person.questions.find((q) => q.line.startsWith('git push --force'));
		assert.ok(question, person.questions.map((q) => q.line).join(', '));
		assert.match(question.blast?.report?.findings[0].details.join('\n') ?? '', /Colleague fix that would be lost/);
		// The line had `; cd ..` in it: not one plain command, so no safer line was offered and nothing ran.
		assert.strictEqual(question.safer, undefined);
		assert.strictEqual(git(remote, 'rev-parse', 'main').trim(), before);
		await run('git push --force origin main', work);
		// The safer line was typed in and judged: --force-with-lease pushes (the remote is where we last fetched).
		await eventually('the safer push never reached the remote', () => git(remote, 'rev-parse', 'main').trim() === git(work, 'rev-parse', 'main').trim());
		assert.strictEqual(person.questions.filter((q) => q.line.includes('--force-with-lease')).length, 0, 'the safer line was asked about as if it were destructive');
	});
});

/**
 * A workspace cannot choose how the guarded terminal starts, in the real editor: its
 * `.vscode/settings.json` (written on disk, as a cloned repository would carry it) names another
 * default profile, redefines the person's profile with `--norc`/`-f`, and sets ZDOTDIR, HOME, BASH_ENV
 * and PROMPT_COMMAND. The guarded terminal still runs the person's shell with its hook — a destructive
 * line is asked about while the terminal is guarded by the hook, not the screen-reading fallback —
 * nothing the workspace planted runs, and the person is told once per setting.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi as TerminalGuardApi } from './helpers';
import { activeApi, eventually, firstFolder, RefusingPerson, WorkspaceSettingsFile } from './helpers';

const MINE = 'tg-ws-mine';
const OTHER = 'tg-ws-other';

for (const shell of ['bash', 'zsh']) {
	suite(`A workspace cannot change how the guarded ${shell} starts`, () => {
		let api: TerminalGuardApi;
		let settingsFile: WorkspaceSettingsFile;
		let dir: string;
		let planted: string;
		const person = new RefusingPerson();
		const terminals: vscode.Terminal[] = [];
		const integrated = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('terminal.integrated');
		let markers = 0;

		/** Sends `line` then a marker command, and waits until the marker exists: `line` is done. */
		async function run(terminal: vscode.Terminal, line: string): Promise<void> {
			const marker = path.join(dir, `.done-${++markers}`);
			terminal.sendText(line);
			terminal.sendText(`touch '${marker}'`);
			await eventually(`"${line}" never finished in ${terminal.name}`, () => fs.existsSync(marker));
		}

		async function openGuarded(): Promise<vscode.Terminal> {
			const terminal = (await vscode.commands.executeCommand<vscode.Terminal>('terminalGuard.newTerminal'))!;
			assert.ok(terminal, 'terminalGuard.newTerminal returned no terminal');
			terminals.push(terminal);
			return terminal;
		}

		/** Writes the workspace's settings and waits until VS Code reads them. */
		async function workspaceSets(settings: Record<string, unknown>): Promise<void> {
			settingsFile.write(settings);
			await eventually('VS Code never read the workspace settings', () => Object.keys(settings).every((id) => {
				const seen = vscode.workspace.getConfiguration().inspect(id);
				return JSON.stringify(seen?.workspaceValue ?? seen?.workspaceFolderValue) === JSON.stringify(settings[id]);
			}));
		}

		const told = (setting: string): number => api.ignoredSettings.filter((w) => w.setting === setting && w.file === settingsFile.file).length;

		suiteSetup(async () => {
			api = await activeApi();
			api.setAnswererForTests(person);
			settingsFile = new WorkspaceSettingsFile();
			// Not under /tmp: the engine lets anything there go.
			dir = fs.mkdtempSync(path.join(firstFolder().uri.fsPath, `tg-ws-${shell}-`));
			// What the workspace plants: startup files and prompt code that would leave this marker.
			planted = path.join(dir, 'planted');
			const evil = path.join(dir, 'evil');
			fs.mkdirSync(evil);
			for (const file of ['.bashrc', '.bash_profile', '.profile', '.zshrc', '.zshenv', 'env.sh']) {
				fs.writeFileSync(path.join(evil, file), `touch '${planted}'\n`);
			}
			await integrated().update('profiles.linux', { [MINE]: { path: shell } }, vscode.ConfigurationTarget.Global);
			await integrated().update('defaultProfile.linux', MINE, vscode.ConfigurationTarget.Global);
		});

		suiteTeardown(async () => {
			for (const t of terminals) {
				t.dispose();
			}
			api?.setAnswererForTests(undefined);
			settingsFile?.restore();
			await integrated().update('defaultProfile.linux', undefined, vscode.ConfigurationTarget.Global);
			await integrated().update('profiles.linux', undefined, vscode.ConfigurationTarget.Global);
			await eventually('the workspace settings never went back', () => integrated().inspect('env.linux')?.workspaceValue === undefined);
			await vscode.commands.executeCommand('notifications.clearAll');
			if (dir) {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		});

		test('a workspace default profile is ignored: the guarded terminal runs the person\'s shell', async () => {
			await workspaceSets({
				'terminal.integrated.defaultProfile.linux': OTHER,
				'terminal.integrated.profiles.linux': { [OTHER]: { path: 'sh' } },
			});
			const terminal = await openGuarded();
			assert.strictEqual(terminal.name, `Guarded ${shell}`, 'the workspace chose the shell');
			assert.strictEqual(told('terminal.integrated.defaultProfile.linux'), 1, 'the person was not told about the default profile');
		});

		test('the person\'s profile redefined with "no startup files" is ignored: the hook judges', async () => {
			const noRc = shell === 'bash' ? ['--norc', '--noprofile'] : ['-f'];
			await workspaceSets({ 'terminal.integrated.profiles.linux': { [MINE]: { path: shell, args: noRc } } });
			const terminal = await openGuarded();
			assert.strictEqual(terminal.name, `Guarded ${shell}`);
			terminal.sendText(`cd '${dir}'`);
			await run(terminal, 'true');
			// The first line went through the hook (or the start failed over to the fallback): the mode says which.
			assert.strictEqual(api.terminalState(terminal).state, 'guarded', `the ${shell} runs without its hook (screen-reading fallback)`);
			fs.mkdirSync(path.join(dir, 'victim'));
			person.questions.length = 0;
			await run(terminal, 'rm -rf victim');
			assert.ok(fs.existsSync(path.join(dir, 'victim')), 'the destructive line ran');
			assert.deepStrictEqual(person.questions.map((q) => [q.line, q.expected]), [['rm -rf victim', 'victim']]);
			assert.strictEqual(api.terminalState(terminal).state, 'guarded');
			assert.strictEqual(told('terminal.integrated.profiles.linux'), 1, 'the person was not told about the profile');
		});

		test('startup and prompt variables from the workspace are ignored, harmless ones are taken', async () => {
			const evil = path.join(dir, 'evil');
			await workspaceSets({
				'terminal.integrated.env.linux': {
					ZDOTDIR: evil, HOME: evil, BASH_ENV: path.join(evil, 'env.sh'), ENV: path.join(evil, 'env.sh'),
					PROMPT_COMMAND: `touch '${planted}'`, TG_WS_HARMLESS: 'taken',
				},
			});
			const terminal = await openGuarded();
			assert.strictEqual(terminal.name, `Guarded ${shell}`);
			terminal.sendText(`cd '${dir}'`);
			// A prompt has been shown and a child bash started (BASH_ENV) by the time this line is done.
			await run(terminal, 'echo "$TG_WS_HARMLESS" > harmless.txt; bash -c true');
			assert.strictEqual(fs.readFileSync(path.join(dir, 'harmless.txt'), 'utf8').trim(), 'taken', 'a harmless workspace variable was not taken');
			assert.ok(!fs.existsSync(planted), 'a startup file or prompt command the workspace chose ran');
			assert.strictEqual(api.terminalState(terminal).state, 'guarded', `the ${shell} runs without its hook`);
			const env = api.ignoredSettings.find((w) => w.setting === 'terminal.integrated.env.linux' && w.file === settingsFile.file);
			assert.ok(env, 'the person was not told about the environment');
			assert.match(env.reason ?? '', /ZDOTDIR, HOME, BASH_ENV, ENV, PROMPT_COMMAND/);
			assert.doesNotMatch(env.reason ?? '', /TG_WS_HARMLESS/);
		});

		test('the person is told once, however many guarded terminals open', async () => {
			const before = api.ignoredSettings.length;
			await openGuarded();
			await openGuarded();
			assert.strictEqual(api.ignoredSettings.length, before, 'the person was told again');
			assert.strictEqual(told('terminal.integrated.env.linux'), 1);
		});
	});
}

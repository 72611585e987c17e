/**
 * VS Code's own agent, run for real: VS Code 1.139.1's built-in GitHub Copilot Chat (0.67) in Agent mode,
 * offline, with no GitHub sign-in. `chat.allowAnonymousAccess` lets Copilot Chat start, and a
 * bring-your-own-key Ollama provider (`chatLanguageModels.json`) points it at the scripted model server
 * (test/agents/modelServer/), which asks the agent to call VS Code's `run_in_terminal` tool. Terminal
 * Guard is switched on with "Protect AI Agents…" from the palette, as a person does, and a person answers
 * its modal in the workbench:
 * - the VS Code agent hook (`.github/hooks/terminal-guard.json`, run by VS Code's hook runner before the
 *   tool): the agent is told why a refused command did not run;
 * - "Copilot agent terminals" (`chat.tools.terminal.terminalProfile.linux` → `terminal-guard shell`): the
 *   terminal the tool opens judges the line at Enter.
 * VS Code 1.100.3 ships no agent of its own (Copilot Chat was a Marketplace extension then), so the suite
 * runs in the editors listed in BUILT_IN_AGENT only, and fails in an editor nobody has checked.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { INCIDENT } from '../agents/incident';
import { type ModelServer, startModelServer } from '../agents/modelServer';
import { addOllamaModels, ChatView, setUserSetting, userSetting } from './chat';
import { environment, restoreVictim, screenshotFailures, Workbench } from './workbench';

/** Whether each editor of the matrix bundles VS Code's agent (GitHub Copilot Chat as a built-in extension). */
const BUILT_IN_AGENT: Record<string, boolean> = { '1.100.3': false, '1.139.1': true };

const VERSION = process.env.TG_E2E_VSCODE_VERSION ?? '';
const USER_DATA = process.env.TG_E2E_USER_DATA ?? '';
const TYPE_BUTTON = 'Type the name to confirm…';
const TERMINAL_SETTINGS = ['chat.tools.terminal.terminalProfile.linux', 'terminal.integrated.agentHostProfile.linux'];

/** What the scripted model asks for; the tests change it between requests. */
const script: { command: string } = { command: 'ls' };

if (!(VERSION in BUILT_IN_AGENT)) {
	suite('VS Code\'s own agent', () => {
		test(`VS Code ${VERSION || '(unknown)'}: nobody has checked whether it bundles an agent`, () => {
			assert.fail(`add VS Code ${VERSION} to BUILT_IN_AGENT in test/e2e/vscodeAgent.test.ts once checked`);
		});
	});
} else if (!BUILT_IN_AGENT[VERSION]) {
	// Said in the report, not skipped in silence: there is no agent in this editor to run.
	console.log(`  VS Code ${VERSION} bundles no agent of its own: "VS Code's own agent" runs in VS Code ${Object.keys(BUILT_IN_AGENT).filter((v) => BUILT_IN_AGENT[v]).join(', ')}`);
} else {
	suite('VS Code\'s own agent (Copilot Chat, Agent mode, offline model) in the workbench', function () {
		this.timeout(120000);
		const env = environment();
		const victim = path.join(env.workspace, 'victim', 'keep-me.txt');
		const hookFile = path.join(env.workspace, '.github', 'hooks', 'terminal-guard.json');
		let server: ModelServer;
		let workbench: Workbench;
		let chat: ChatView;
		let anonymousBefore: unknown;

		/** Ticks exactly `wanted` in "Protect AI Agents…", accepts, and picks the workspace when asked where. */
		async function protect(wanted: readonly string[]): Promise<void> {
			await workbench.runCommand('Terminal Guard: Protect AI Agents…');
			const quickInput = workbench.quickInput();
			await quickInput.locator('.quick-input-title', { hasText: 'Protect AI Agents' }).waitFor({ state: 'visible', timeout: 15000 });
			const rows = quickInput.locator('.quick-input-list .monaco-list-row');
			await rows.first().waitFor({ state: 'visible', timeout: 10000 });
			for (let i = 0; i < await rows.count(); i++) {
				const row = rows.nth(i);
				const label = (await row.innerText()).split('\n')[0];
				const isWanted = wanted.some((w) => label.startsWith(w));
				if ((await row.getAttribute('aria-checked') === 'true') !== isWanted) {
					await row.locator('.monaco-checkbox, input[type=checkbox]').first().click();
				}
			}
			await workbench.screenshot(`vscode-agent-protect-${wanted.join('-').replace(/\W+/g, '-')}`);
			await quickInput.getByRole('button', { name: 'OK' }).click();
			const where = quickInput.locator('.quick-input-title', { hasText: 'where to install' });
			if (wanted.includes('VS Code agent (Copilot)')) {
				await where.waitFor({ state: 'visible', timeout: 10000 });
				await workbench.pickRow('For this workspace only').click();
			}
			await workbench.notifications('Terminal Guard').first().waitFor({ state: 'visible', timeout: 15000 });
		}

		/**
		 * Sends `prompt` with the model asking for `command`; returns once the agent has reported the tool's
		 * result back to the model (the request after the tool call), with that result.
		 */
		async function task(command: string, prompt: string, person: () => Promise<void>): Promise<string> {
			script.command = command;
			const before = server.exchanges.length;
			await chat.ask(prompt);
			await person();
			const start = Date.now();
			for (;;) {
				const reported = server.exchanges.slice(before).find((e) => e.toolResults.length > 0);
				if (reported) {
					return reported.toolResults[0];
				}
				assert.ok(Date.now() - start < 90000, `the agent did not report a result for "${command}" within 90 s; the model saw: ${JSON.stringify(server.exchanges.slice(before).map((e) => e.answer))}`);
				await workbench.page.waitForTimeout(250);
			}
		}

		/** Waits for Terminal Guard's modal; checks what it says; returns its text. */
		async function modal(asker: RegExp, target: RegExp, shot: string): Promise<string> {
			const dialog = workbench.dialog();
			await dialog.waitFor({ state: 'visible', timeout: 60000 });
			const text = await dialog.innerText();
			assert.match(text, asker, text);
			assert.match(text, target, text);
			await workbench.screenshot(shot);
			return text;
		}

		async function typeTarget(program: string, name: string): Promise<void> {
			await workbench.dialog().getByRole('button', { name: TYPE_BUTTON }).click();
			await workbench.typeInInputBox(`Terminal Guard: confirm ${program}`, name);
			await workbench.page.keyboard.press('Enter');
		}

		/**
		 * Reloads the window, as a person does after changing hooks: VS Code 1.139.1 caches the hooks it
		 * gives each request, and a hook file written or removed while the window is open was not always
		 * picked up (docs/coverage.md).
		 */
		async function reloadWindowFromSummary(): Promise<void> {
			// "Protect AI Agents…" says so itself after writing the VS Code agent's hook, and offers the reload.
			const toast = workbench.notifications('Reload the window so that VS Code\'s agent uses its hooks');
			await toast.first().waitFor({ state: 'visible', timeout: 15000 });
			await workbench.settled(toast.first());
			await workbench.screenshot('vscode-agent-hook-reload-offered');
			await Promise.all([workbench.page.waitForEvent('load', { timeout: 60000 }), toast.first().getByRole('button', { name: 'Reload Window' }).click()]);
			await workbench.page.waitForLoadState('domcontentloaded');
			await workbench.statusBarItem('shield').waitFor({ state: 'visible', timeout: 60000 });
			await chat.open();
		}

		async function waitUntil(what: string, check: () => boolean, ms = 30000): Promise<void> {
			const start = Date.now();
			while (!check()) {
				assert.ok(Date.now() - start < ms, what);
				await workbench.page.waitForTimeout(250);
			}
		}

		suiteSetup(async function () {
			this.timeout(180000);
			assert.ok(USER_DATA, 'the harness sets TG_E2E_USER_DATA');
			server = await startModelServer(script);
			addOllamaModels(USER_DATA, server.url);
			anonymousBefore = userSetting(USER_DATA, 'chat.allowAnonymousAccess');
			setUserSetting(USER_DATA, 'chat.allowAnonymousAccess', true);
			workbench = await Workbench.open(env);
			await workbench.statusBarItem('shield').waitFor({ state: 'visible', timeout: 30000 });
			chat = new ChatView(workbench);
			await chat.open();
		});

		suiteTeardown(async () => {
			await workbench?.runCommand('Terminal: Kill All Terminals').catch(() => undefined);
			await workbench?.close();
			await server?.close();
			fs.rmSync(hookFile, { force: true });
			for (const key of TERMINAL_SETTINGS) {
				setUserSetting(USER_DATA, key, undefined);
			}
			setUserSetting(USER_DATA, 'chat.allowAnonymousAccess', anonymousBefore);
			fs.rmSync(path.join(USER_DATA, 'User', 'chatLanguageModels.json'), { force: true });
			restoreVictim(env.workspace);
		});

		screenshotFailures(() => workbench);

		suite('Copilot agent terminals (Protect AI Agents… → terminal-guard shell)', () => {
			suiteSetup(async () => {
				await protect(['Copilot agent terminals']);
				// Another Terminal Guard notification (the first-run summary) may already be up when protect() returns: wait for the write itself.
				await waitUntil('"Protect AI Agents…" did not write chat.tools.terminal.terminalProfile.linux', () => userSetting(USER_DATA, 'chat.tools.terminal.terminalProfile.linux') !== undefined);
				const profile = userSetting(USER_DATA, 'chat.tools.terminal.terminalProfile.linux') as { path?: string; args?: string[] } | undefined;
				assert.match(profile?.path ?? '', /terminal-guard$/);
				assert.deepStrictEqual(profile?.args?.slice(0, 1), ['shell']);
				// A new session gets a new terminal, opened from the profile.
				await chat.newSession();
			});

			test('with no sign-in, Agent mode on the local model calls run_in_terminal; ls: after VS Code\'s own Allow it runs in terminal-guard shell and the agent gets its output', async () => {
				assert.ok(fs.existsSync(victim), 'the sample workspace has victim/keep-me.txt');
				const result = await task('ls', 'list the files here', () => chat.allow());
				assert.match(await chat.modelPicker().getAttribute('aria-label') ?? '', /Scripted Agent/);
				const call = server.toolCalls()[0];
				assert.deepStrictEqual([call.tool, call.input.command], ['run_in_terminal', 'ls']);
				assert.match(result, /README\.md/, result);
				assert.ok(!(await workbench.dialog().isVisible()), 'ls was asked about');
			});

			test('rm -rf victim: the terminal asks; Escape stops it', async () => {
				const result = await task('rm -rf victim', 'delete the victim folder', async () => {
					await chat.allow();
					await modal(/Copilot terminal asks to run `rm -rf victim`/, /Target: victim/, 'vscode-agent-profile-modal');
					await workbench.page.keyboard.press('Escape');
				});
				await workbench.dialog().waitFor({ state: 'hidden', timeout: 10000 });
				assert.ok(fs.existsSync(victim), `the refused command ran; the agent was told: ${result}`);
			});

			test('typing the target lets it run', async () => {
				await task('rm -rf victim', 'delete the victim folder', async () => {
					await chat.allow();
					await modal(/Copilot terminal asks to run `rm -rf victim`/, /Target: victim/, 'vscode-agent-profile-confirm');
					await typeTarget('rm', 'victim');
				});
				await waitUntil('the confirmed command did not run', () => !fs.existsSync(victim));
				restoreVictim(env.workspace);
			});

			suiteTeardown(() => {
				// Off again (user settings apply at once), so the hook below is what stops the next commands.
				for (const key of TERMINAL_SETTINGS) {
					setUserSetting(USER_DATA, key, undefined);
				}
			});
		});

		suite('the VS Code agent hook (Protect AI Agents…, this workspace)', () => {
			suiteSetup(async () => {
				await protect(['VS Code agent (Copilot)']);
				await waitUntil('"Protect AI Agents…" did not write the workspace hook file', () => fs.existsSync(hookFile));
				assert.match(fs.readFileSync(hookFile, 'utf8'), /terminal-guard hook vscode/);
				await reloadWindowFromSummary();
				await chat.waitForPreToolUseHooks(1);
				await workbench.screenshot('vscode-agent-hook-loaded');
				await chat.newSession();
			});

			test('rm -rf victim: the modal names the agent; Escape stops it and the agent is told why', async () => {
				const result = await task('rm -rf victim', 'delete the victim folder', async () => {
					await modal(/The VS Code agent \(Copilot\) asks to run `rm -rf victim`/, /Target: victim/, 'vscode-agent-hook-modal');
					await workbench.page.keyboard.press('Escape');
				});
				assert.match(result, /^Tool execution denied: Terminal Guard stopped this command: rm -rf victim[\s\S]*It was not confirmed in the editor/);
				assert.ok(fs.existsSync(victim), 'the refused command ran');
			});

			test('the incident\'s curl … volumeDelete: a wrong volume id stops it', async () => {
				const result = await task(INCIDENT, 'clean up the old volume', async () => {
					await modal(/The VS Code agent \(Copilot\) asks to run `curl/, /volumeDelete[\s\S]*Target: 3d1c/, 'vscode-agent-hook-incident');
					await typeTarget('curl', '3d1d');
				});
				assert.match(result, /^Tool execution denied: Terminal Guard stopped this command: curl[\s\S]*typed "3d1d", not "3d1c"/);
			});

			test('typing the target lets the agent\'s rm -rf victim run', async () => {
				const result = await task('rm -rf victim', 'delete the victim folder', async () => {
					await modal(/The VS Code agent \(Copilot\) asks to run `rm -rf victim`/, /Target: victim/, 'vscode-agent-hook-confirm');
					await typeTarget('rm', 'victim');
				});
				assert.doesNotMatch(result, /denied|Terminal Guard stopped/, result);
				assert.ok(!fs.existsSync(victim), 'the confirmed command did not run');
				restoreVictim(env.workspace);
			});
		});

	});
}

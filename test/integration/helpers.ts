/** Shared by the integration suites: the extension's API, polling, and the workspace's settings file. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TerminalGuardApi, TestHooks } from '../../src/ui/api';
import type { Answerer, ConfirmQuestion, DenyNotice } from '../../src/ui/person';

export const EXTENSION_ID = 'terminal-guard.terminal-guard';

/** The API with the hooks the extension adds only when the extension host runs tests (ExtensionMode.Test). */
export type TestApi = TerminalGuardApi & TestHooks;

export async function activeApi(): Promise<TerminalGuardApi & TestHooks> {
	const ext = vscode.extensions.getExtension<TerminalGuardApi & TestHooks>(EXTENSION_ID);
	assert.ok(ext, `${EXTENSION_ID} is not loaded in this editor`);
	const api = await ext.activate();
	assert.strictEqual(typeof api.setAnswererForTests, 'function', 'the test hooks are missing: is the extension host in test mode?');
	return api;
}

export function firstFolder(): vscode.WorkspaceFolder {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'the tests need a workspace folder');
	return folder;
}

/** Polls until `condition` holds, failing with `what` after `timeoutMs`. */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20000): Promise<void> {
	const start = Date.now();
	while (!(await condition())) {
		if (Date.now() - start > timeoutMs) {
			assert.fail(`${what} (waited ${timeoutMs / 1000}s)`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/**
 * The last lines of Terminal Guard's own log in this editor (its "Terminal Guard" output channel, as
 * code-server writes it under the run's profile), for failure messages: what the bridge was asked and
 * answered. The profile is the parent of TERMINAL_GUARD_AGENTS_HOME (scripts/editor/server.js).
 */
export function extensionLogTail(lines = 30): string {
	const agentsHome = process.env.TERMINAL_GUARD_AGENTS_HOME;
	if (!agentsHome) {
		return '(no TERMINAL_GUARD_AGENTS_HOME: the log is not where the test harness puts it)';
	}
	const found: string[] = [];
	const walk = (dir: string, depth: number): void => {
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch {
			return;
		}
		for (const entry of entries) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory() && depth < 6) {
				walk(full, depth + 1);
			} else if (entry.isFile() && /Terminal Guard\.log$/.test(entry.name)) {
				found.push(full);
			}
		}
	};
	walk(path.join(path.dirname(agentsHome), 'user-data', 'logs'), 0);
	if (found.length === 0) {
		return '(no "Terminal Guard" log found under the run\'s profile)';
	}
	const newest = found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
	return `${newest}:\n${fs.readFileSync(newest, 'utf8').split('\n').slice(-lines).join('\n')}`;
}

/** The first folder's `.vscode/settings.json`, written as a person would (by hand, on disk). */
export class WorkspaceSettingsFile {
	readonly file = path.join(firstFolder().uri.fsPath, '.vscode', 'settings.json');
	private readonly original = fs.existsSync(this.file) ? fs.readFileSync(this.file, 'utf8') : undefined;

	write(settings: Record<string, unknown>): void {
		fs.mkdirSync(path.dirname(this.file), { recursive: true });
		fs.writeFileSync(this.file, JSON.stringify(settings, null, '\t') + '\n');
	}

	restore(): void {
		if (this.original === undefined) {
			fs.rmSync(this.file, { force: true });
		} else {
			fs.writeFileSync(this.file, this.original);
		}
	}
}

/** Runs `line` as a shell task (`SHELL -c line`) in the first folder and resolves with its exit code. */
export async function runShellTask(line: string, shell = '/bin/bash'): Promise<number | undefined> {
	const task = new vscode.Task({ type: 'shell' }, vscode.TaskScope.Workspace, `tg ${shell} ${line}`, 'terminal-guard-test', new vscode.ShellExecution(line, { executable: shell, shellArgs: ['-c'] }));
	task.presentationOptions = { reveal: vscode.TaskRevealKind.Never };
	const ended = new Promise<number | undefined>((resolve) => {
		const listener = vscode.tasks.onDidEndTaskProcess((e) => {
			if (e.execution.task.name === task.name) {
				listener.dispose();
				resolve(e.exitCode);
			}
		});
	});
	await vscode.tasks.executeTask(task);
	return ended;
}

/** Cancels every question (Escape: the line does not run) and records it. */
export class RefusingPerson implements Answerer {
	readonly questions: ConfirmQuestion[] = [];

	confirm(question: ConfirmQuestion): Promise<string | undefined> {
		this.questions.push(question);
		return Promise.resolve(undefined);
	}

	refused(_notice: DenyNotice): Promise<void> {
		return Promise.resolve();
	}
}

/** Makes `shell` the user's default profile under `profile` and opens a guarded terminal with it. */
export async function openGuardedTerminal(shell: string, profile: string): Promise<vscode.Terminal> {
	const config = vscode.workspace.getConfiguration('terminal.integrated');
	await config.update('profiles.linux', { [profile]: { path: shell } }, vscode.ConfigurationTarget.Global);
	await config.update('defaultProfile.linux', profile, vscode.ConfigurationTarget.Global);
	const terminal = await vscode.commands.executeCommand<vscode.Terminal>('terminalGuard.newTerminal');
	assert.ok(terminal, 'terminalGuard.newTerminal returned no terminal');
	return terminal;
}

/** Takes back what openGuardedTerminal set in the user's settings. */
export async function resetGuardedProfile(): Promise<void> {
	const config = vscode.workspace.getConfiguration('terminal.integrated');
	await config.update('defaultProfile.linux', undefined, vscode.ConfigurationTarget.Global);
	await config.update('profiles.linux', undefined, vscode.ConfigurationTarget.Global);
}


/**
 * An agent's hook against the real extension: `terminal-guard hook claude-code` runs as a separate
 * process (from an unrelated directory, with only PATH and HOME), finds this window through
 * ~/.terminal-guard/run, and the API's test answerer stands in for the person.
 */
import * as assert from 'assert';
import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi as TerminalGuardApi } from './helpers';
import type { Answerer, ConfirmQuestion } from '../../src/ui/person';

const EXTENSION_ID = 'terminal-guard.terminal-guard';

async function eventually(what: string, condition: () => boolean, timeoutMs = 20000): Promise<void> {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > timeoutMs) {
			assert.fail(`${what} (waited ${timeoutMs / 1000}s)`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** Answers with the next queued answer; with none queued, waits until the question is withdrawn. */
class ScriptedPerson implements Answerer {
	readonly questions: ConfirmQuestion[] = [];
	readonly answers: (string | undefined)[] = [];
	withdrawn = 0;

	confirm(question: ConfirmQuestion, signal: AbortSignal): Promise<string | undefined> {
		this.questions.push(question);
		if (this.answers.length > 0) {
			return Promise.resolve(this.answers.shift());
		}
		return new Promise((resolve) => signal.addEventListener('abort', () => {
			this.withdrawn++;
			resolve(undefined);
		}, { once: true }));
	}

	refused(): Promise<void> {
		return Promise.resolve();
	}
}

interface HookRun { readonly child: ChildProcess; readonly done: Promise<{ status: number | null; stdout: string; stderr: string }> }

suite('Agent hooks ask this editor', () => {
	const person = new ScriptedPerson();
	let api: TerminalGuardApi;
	let root: string;
	let folder: string;

	/** Starts `terminal-guard hook claude-code` with the incident's input shape, running `command` in `cwd`. */
	function hook(command: string, cwd = folder): HookRun {
		const input = fixture('incident.json');
		input.cwd = cwd;
		input.tool_input.command = command;
		return runHook(input);
	}

	/** A Claude Code hook input from test/fixtures/agents/claude-code. */
	function fixture(name: string) {
		return JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'agents', 'claude-code', name), 'utf8'));
	}

	/** Starts `terminal-guard hook claude-code` with `input` on its standard input. */
	function runHook(input: unknown): HookRun {
		const child = spawn(process.execPath, [path.join(root, 'bin', 'terminal-guard'), 'hook', 'claude-code'], {
			cwd: os.tmpdir(),
			env: { PATH: process.env.PATH ?? '', HOME: os.homedir() },
		});
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (c) => (stdout += c));
		child.stderr?.on('data', (c) => (stderr += c));
		child.stdin?.end(JSON.stringify(input));
		const done = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
		return { child, done };
	}

	suiteSetup(async () => {
		const ext = vscode.extensions.getExtension<TerminalGuardApi>(EXTENSION_ID);
		assert.ok(ext);
		api = await ext.activate();
		api.setAnswererForTests(person);
		root = ext.extensionPath;
		const workspace = vscode.workspace.workspaceFolders?.[0];
		assert.ok(workspace, 'the tests need a workspace folder');
		folder = workspace.uri.fsPath;
	});

	suiteTeardown(() => api?.setAnswererForTests(undefined));

	setup(() => {
		person.questions.length = 0;
		person.answers.length = 0;
	});

	test('this window has a private discovery file naming its workspace folder', async () => {
		const dir = path.join(os.homedir(), '.terminal-guard', 'run');
		await eventually('no discovery file for this window', () => fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.startsWith(`window-${process.pid}-`)));
		assert.strictEqual(fs.statSync(dir).mode & 0o777, 0o700);
		const file = path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith(`window-${process.pid}-`))!);
		assert.strictEqual(fs.statSync(file).mode & 0o777, 0o600);
		const record = JSON.parse(fs.readFileSync(file, 'utf8'));
		assert.deepStrictEqual(record.folders, [folder]);
		assert.ok(fs.statSync(record.socket).isSocket());
	});

	test('the person types the target: the hook prints allow; the question names Claude Code and the cwd', async () => {
		person.answers.push('victim');
		const { done } = hook('rm -rf victim');
		const result = await done;
		assert.strictEqual(result.status, 0, result.stderr);
		assert.strictEqual(JSON.parse(result.stdout).hookSpecificOutput.permissionDecision, 'allow');
		assert.strictEqual(person.questions.length, 1);
		assert.strictEqual(person.questions[0].askedBy, 'Claude Code');
		assert.strictEqual(person.questions[0].cwd, folder);
		assert.strictEqual(person.questions[0].expected, 'victim');
		assert.ok(fs.existsSync(path.join(folder, 'victim')), 'the hook itself must not run anything');
	});

	test('the incident: a wrong volume id -> the hook prints deny (exit 2) with the reason', async () => {
		person.answers.push('vol-3f9b');
		const incident = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'agents', 'claude-code', 'incident.json'), 'utf8')).tool_input.command;
		const result = await hook(incident).done;
		assert.strictEqual(result.status, 2);
		assert.strictEqual(JSON.parse(result.stdout).hookSpecificOutput.permissionDecision, 'deny');
		assert.match(result.stderr, /typed "vol-3f9b", not "vol-3f9a"/);
		assert.match(result.stderr, /do not retry or work around it/);
		assert.strictEqual(person.questions[0].expected, 'vol-3f9a');
	});

	test('Escape -> deny', async () => {
		person.answers.push(undefined);
		const result = await hook('git push --force origin main').done;
		assert.strictEqual(result.status, 2);
		assert.match(result.stderr, /cancelled/);
	});

	test('an Edit that takes the hook out of .claude/settings.json asks in this editor with the file as the name; typed -> allow', async () => {
		const input = fixture('edit-hook-settings.json');
		input.cwd = folder;
		input.tool_input.file_path = path.join(folder, '.claude', 'settings.json');
		const run = () => runHook(input).done;
		person.answers.push('.claude/settings.json', '.claude/setting.json');
		const typed = await run();
		assert.strictEqual(typed.status, 0, typed.stderr);
		assert.strictEqual(JSON.parse(typed.stdout).hookSpecificOutput.permissionDecision, 'allow');
		assert.strictEqual(person.questions[0].expected, '.claude/settings.json');
		assert.strictEqual(person.questions[0].askedBy, 'Claude Code');
		assert.strictEqual(person.questions[0].line, 'Edit: .claude/settings.json');
		assert.strictEqual(person.questions[0].action, 'edit', 'the modal must say "asks to edit", not "asks to run"');
		const wrong = await run();
		assert.strictEqual(wrong.status, 2);
		assert.match(wrong.stderr, /Terminal Guard stopped this file edit/);
	});

	test('a Write of a git hook that decodes rm -rf ~ for later asks with the hook as the name; a lint hook does not', async () => {
		const input = fixture('write-settings.json');
		input.cwd = folder;
		input.tool_input.file_path = path.join(folder, '.git', 'hooks', 'pre-commit');
		const run = (content: string) => {
			input.tool_input.content = content;
			return runHook(input).done;
		};
		person.answers.push(undefined);
		const planted = await run('#!/bin/sh\necho cm0gLXJmIH4K | base64 -d | sh\n');
		assert.strictEqual(planted.status, 2, planted.stderr);
		assert.match(planted.stderr, /Terminal Guard stopped this file edit/);
		assert.strictEqual(person.questions.length, 1);
		assert.strictEqual(person.questions[0].expected, '.git/hooks/pre-commit');
		assert.match(person.questions[0].reason, /plants a command that would ask for ~/);
		const lint = await run('#!/bin/sh\nnpx lint-staged\n');
		assert.strictEqual(lint.status, 0, lint.stderr);
		assert.strictEqual(lint.stdout, '');
		assert.strictEqual(person.questions.length, 1, 'a hook that runs a linter is not asked about');
	});

	test('git status -> no decision, nobody asked', async () => {
		const result = await hook('git status').done;
		assert.strictEqual(result.status, 0, result.stderr);
		assert.strictEqual(result.stdout, '');
		assert.strictEqual(person.questions.length, 0);
	});

	test('the workspace\'s production setting reaches agents: the editor judges, not the hook alone', async () => {
		const config = vscode.workspace.getConfiguration('terminalGuard', vscode.Uri.file(folder));
		await config.update('production', true, vscode.ConfigurationTarget.Workspace);
		try {
			person.answers.push(undefined);
			const result = await hook('rm -rf victim').done;
			assert.strictEqual(result.status, 2);
			assert.strictEqual(person.questions[0].production, true);
		} finally {
			// Removing the flag asks whether to stop treating the folder as production (src/ui/productionMemory.ts).
			api.setChoiceAnswererForTests((q) => Promise.resolve(q.kind === 'stop-production'));
			await config.update('production', undefined, vscode.ConfigurationTarget.Workspace);
			for (let tries = 0; (await api.check('rm -rf victim')).production; tries++) {
				assert.ok(tries < 200, 'the folder stayed production');
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			api.setChoiceAnswererForTests(undefined);
		}
	});

	test('killing the hook process withdraws its question', async () => {
		const before = person.withdrawn;
		const run = hook('rm -rf victim');
		await eventually('the person was never asked', () => person.questions.length === 1);
		run.child.kill('SIGKILL');
		await run.done;
		await eventually('killing the hook did not withdraw the question', () => person.withdrawn === before + 1);
	});
});

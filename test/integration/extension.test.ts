/**
 * Terminal Guard inside a real VS Code: activation, contributions, the status bar item and the
 * engine's verdicts as the extension host computes them. Runs under code-server
 * (`npm run test:integration`) and desktop VS Code (`npm run test:desktop`).
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestApi as TerminalGuardApi } from './helpers';
import type { Verdict } from '../../src/engine/types';
import { print } from './report';

const EXTENSION_ID = 'terminal-guard.terminal-guard';
const CHECK_COMMAND = 'terminalGuard.checkCommandLine';

function extension(): vscode.Extension<TerminalGuardApi> {
	const ext = vscode.extensions.getExtension<TerminalGuardApi>(EXTENSION_ID);
	assert.ok(ext, `${EXTENSION_ID} is not loaded in this editor`);
	return ext;
}

/** Polls until `condition` holds, failing with `what` after `timeoutMs`. */
async function eventually(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15000): Promise<void> {
	const start = Date.now();
	while (!(await condition())) {
		if (Date.now() - start > timeoutMs) {
			assert.fail(`${what} (waited ${timeoutMs / 1000}s)`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

suite('Terminal Guard in VS Code', () => {
	suiteSetup(() => {
		const where = vscode.env.remoteName ? `remote extension host: ${vscode.env.remoteName}` : 'local extension host';
		print(`\n  Running in ${vscode.env.appName} ${vscode.version} (vscode.version = ${vscode.version}; ${where}; ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI; extension host on Node ${process.versions.node})\n`);
	});

	test('runs inside the expected VS Code', () => {
		assert.match(vscode.version, /^\d+\.\d+\.\d+/);
		const expected = process.env.TG_EXPECT_VSCODE_VERSION;
		if (expected) {
			assert.strictEqual(vscode.version, expected);
		}
		// The extension host's Node: 20 in VS Code 1.100.3, 24 in 1.139.1 (code-server runs it on the Node it needs).
		const node = process.env.TG_EXPECT_NODE_MAJOR;
		if (node) {
			assert.strictEqual(process.versions.node.split('.')[0], node, `the extension host runs Node ${process.versions.node}`);
		}
	});

	test('activates by itself once start-up finishes (onStartupFinished)', async () => {
		const ext = extension();
		assert.deepStrictEqual(ext.packageJSON.activationEvents, ['onStartupFinished', 'onTerminalProfile:terminalGuard.guardedShell']);
		await eventually('the extension never activated', () => ext.isActive);
		assert.strictEqual(ext.exports.apiVersion, 1);
	});

	test('registers "Terminal Guard: Check a Command Line…"', async () => {
		const commands = await vscode.commands.getCommands(true);
		assert.ok(commands.includes(CHECK_COMMAND), `${CHECK_COMMAND} is not registered`);
		const contributed = extension().packageJSON.contributes.commands as { command: string; title: string; category: string }[];
		const entry = contributed.find((c) => c.command === CHECK_COMMAND);
		assert.ok(entry, `${CHECK_COMMAND} is not in contributes.commands`);
		assert.strictEqual(`${entry.category}: ${entry.title}`, 'Terminal Guard: Check a Command Line…');
	});

	test('shows a shield in the status bar that opens the menu', () => {
		const { statusBar } = extension().exports;
		assert.match(statusBar.text, /^\$\(shield\) /);
		assert.match(statusBar.tooltip ?? '', /Terminal Guard/);
		assert.strictEqual(statusBar.command, 'terminalGuard.showMenu');
	});

	test('declares terminalGuard.production: boolean, default false, per resource', () => {
		const declared = extension().packageJSON.contributes.configuration.properties['terminalGuard.production'];
		assert.strictEqual(declared.type, 'boolean');
		assert.strictEqual(declared.scope, 'resource');
		const inspected = vscode.workspace.getConfiguration('terminalGuard').inspect<boolean>('production');
		assert.strictEqual(inspected?.defaultValue, false);
	});
});

suite('Verdicts computed in the extension host', () => {
	let api: TerminalGuardApi;

	suiteSetup(async () => {
		api = await extension().activate();
	});

	const cases: [line: string, decision: Verdict['decision'], target: string | null][] = [
		['ls -la', 'allow', null],
		['rm -rf victim', 'confirm', 'victim'],
		['sudo bash -c "rm -rf victim"', 'confirm', 'victim'],
		['rm -rf /', 'deny', null],
	];
	for (const [line, decision, target] of cases) {
		test(`'${line}' -> ${decision}${target ? ` (type "${target}")` : ''}`, async () => {
			const verdict = await api.check(line);
			assert.strictEqual(verdict.decision, decision, verdict.reason);
			if (target) {
				assert.strictEqual(verdict.target, target);
			}
		});
	}

	test('the command returns the verdict when given a line (no input box)', async () => {
		const verdict = await vscode.commands.executeCommand<Verdict | undefined>(CHECK_COMMAND, 'rm -rf victim');
		assert.ok(verdict, 'the command returned nothing');
		assert.strictEqual(verdict.decision, 'confirm');
		assert.strictEqual(verdict.target, 'victim');
		await vscode.commands.executeCommand('notifications.clearAll');
	});

	test('terminalGuard.production makes verdicts production verdicts', async () => {
		const folder = vscode.workspace.workspaceFolders?.[0];
		assert.ok(folder, 'the tests need a workspace folder');
		const config = vscode.workspace.getConfiguration('terminalGuard', folder.uri);
		assert.strictEqual((await api.check('rm -rf victim')).production, false);
		await config.update('production', true, vscode.ConfigurationTarget.WorkspaceFolder);
		try {
			await eventually('the setting change never arrived', () => vscode.workspace.getConfiguration('terminalGuard', folder.uri).get('production') === true, 5000);
			const verdict = await api.check('rm -rf victim');
			assert.strictEqual(verdict.production, true);
			assert.strictEqual(verdict.decision, 'confirm');
		} finally {
			// Removing the flag asks whether to stop treating the folder as production (test/integration/settings.test.ts).
			api.setChoiceAnswererForTests((q) => Promise.resolve(q.kind === 'stop-production'));
			await config.update('production', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
			await eventually('the folder stayed production', async () => !(await api.check('rm -rf victim')).production, 5000);
			api.setChoiceAnswererForTests(undefined);
		}
	});

	test('resolves relative paths against the workspace folder', async () => {
		// `../<folder name>` is the workspace folder itself only if the cwd is that folder.
		const folder = vscode.workspace.workspaceFolders?.[0];
		assert.ok(folder, 'the tests need a workspace folder');
		const verdict = await api.check(`rm -rf ../${path.basename(folder.uri.fsPath)}`);
		assert.strictEqual(verdict.decision, 'confirm');
		assert.match(verdict.reason, /whole project/);
	});

	test('a line that runs PowerShell is read with its grammar the first time one comes (a piped alias of Remove-Item asks)', async () => {
		const verdict = await api.check("pwsh -c 'gci C:\\logs | ri -Recurse'");
		assert.strictEqual(verdict.decision, 'confirm', verdict.reason);
		assert.strictEqual(verdict.rule, 'files:rm');
	});

	test('a FIFO, a device or an oversized file named on the line is unknown, never read to the end, never harmless', async () => {
		// A blocking read would freeze this extension host, and with it the test: no time-out could fire.
		const folder = vscode.workspace.workspaceFolders?.[0];
		assert.ok(folder, 'the tests need a workspace folder');
		const dir = fs.mkdtempSync(path.join(folder.uri.fsPath, 'tg-reads-'));
		try {
			assert.strictEqual(spawnSync('mkfifo', [path.join(dir, 'fifo.sql')]).status, 0, 'mkfifo failed');
			fs.writeFileSync(path.join(dir, 'big.sql'), 'SELECT 1;\n'.repeat(40000));
			const rel = path.basename(dir);
			for (const file of [`${rel}/fifo.sql`, '/dev/zero', `${rel}/big.sql`]) {
				const verdict = await api.check(`psql -f ${file} shop`);
				assert.strictEqual(verdict.decision, 'confirm', `${file}: ${verdict.reason}`);
				assert.match(verdict.reason, /could not be read/);
			}
			fs.writeFileSync(path.join(dir, 'small.sql'), 'SELECT 1;\n');
			const small = await api.check(`psql -f ${rel}/small.sql shop`);
			assert.strictEqual(small.decision, 'allow', `a small harmless script is read: ${small.reason}`);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

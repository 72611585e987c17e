/**
 * OpenCode: the adapter's reading of what Terminal Guard's plugin sends, the plugin module itself run
 * with real child processes (every way the hook can fail must stop the tool), and the installer's
 * plugin file. The real OpenCode runs it in test/agents/opencode.test.ts.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ADAPTERS } from '../../../src/agents';
import { runHook } from '../../../src/agents/hook';
import { configFileOf, ConfigError, detectAgents, HOOK_TIMEOUT_SECONDS, installHook, isInstalled, removeInstalledHook, type Target } from '../../../src/agents/install';
import { isOurPlugin, opencodePluginText } from '../../../src/agents/install/opencodePlugin';
import { analyze, initParser } from '../../../src/engine/analyze';
import { guardFileOf } from '../../../src/engine/rules/self-protection-files';

const input = (fields: Record<string, unknown>): string => JSON.stringify({ hook_event_name: 'tool.execute.before', cwd: '/w', tool_name: 'bash', tool_input: { command: 'ls', description: 'List files' }, session_id: 's', call_id: 'c', ...fields });

describe('OpenCode adapter', () => {
	const { parse, reply } = ADAPTERS.opencode;

	it('bash is a command, in its workdir when it names one', () => {
		assert.deepEqual(parse(input({})), { kind: 'command', command: 'ls', cwd: '/w' });
		assert.deepEqual(parse(input({ tool_input: { command: 'rm -rf x', workdir: 'sub' } })), { kind: 'command', command: 'rm -rf x', cwd: '/w/sub' });
		assert.deepEqual(parse(input({ tool_input: { command: 'rm -rf x', workdir: '/elsewhere' } })), { kind: 'command', command: 'rm -rf x', cwd: '/elsewhere' });
	});

	it('unreadable input is malformed (refused), another event is not a command', () => {
		assert.equal(parse('').kind, 'malformed');
		assert.equal(parse(input({ tool_input: { description: 'no command' } })).kind, 'malformed');
		assert.equal(parse(input({ tool_name: undefined })).kind, 'malformed');
		assert.deepEqual(parse(input({ hook_event_name: 'tool.execute.after' })), { kind: 'not-a-command' });
	});

	it('its file tools are file edits: write, edit, apply_patch (patchText); read-only tools are nothing', () => {
		const write = parse(input({ tool_name: 'write', tool_input: { filePath: '/w/.opencode/plugins/x.js', content: 'export {}' } }));
		assert.equal(write.kind, 'file-edit');
		const edit = parse(input({ tool_name: 'edit', tool_input: { filePath: '/w/a.ts', oldString: 'a', newString: 'b' } }));
		assert.equal(edit.kind, 'file-edit');
		const patch = parse(input({ tool_name: 'apply_patch', tool_input: { patchText: '*** Begin Patch\n*** Delete File: /home/u/.config/opencode/plugins/terminal-guard.js\n*** End Patch' } }));
		assert.ok(patch.kind === 'file-edit' && patch.edit.changes.some((c) => c.path.endsWith('terminal-guard.js') && c.how === 'delete'), JSON.stringify(patch));
		for (const tool of ['read', 'glob', 'grep', 'list', 'todowrite', 'task', 'skill', 'webfetch']) {
			assert.deepEqual(parse(input({ tool_name: tool, tool_input: { filePath: '/w/a', pattern: '*' } })), { kind: 'not-a-command' }, tool);
		}
	});

	it('answers: no opinion is {} (no allow of its own), a refusal is a deny with exit 2 and the reason on stderr', () => {
		assert.deepEqual(reply({ kind: 'none' }), { stdout: '{}\n', stderr: '', exitCode: 0 });
		assert.deepEqual(reply({ kind: 'allow', reason: 'typed' }), { stdout: '{"decision":"allow","reason":"typed"}\n', stderr: '', exitCode: 0 });
		assert.deepEqual(reply({ kind: 'deny', reason: 'R' }), { stdout: '{"decision":"deny","reason":"R"}\n', stderr: 'R\n', exitCode: 2 });
	});

	it('with no editor: rm -rf is refused, ls gets no decision', async () => {
		await initParser();
		const deps = {
			ask: () => Promise.resolve({ outcome: 'unreachable' as const, reason: 'no editor (test)' }),
			localVerdict: (line: string, cwd: string) => Promise.resolve(analyze(line, { cwd, workspaceFolders: [cwd], home: '/home/dev', env: {} })),
			timeoutMs: 1000,
		};
		const refused = await runHook(ADAPTERS.opencode, input({ tool_input: { command: 'rm -rf victim' } }), deps);
		assert.equal(refused.exitCode, 2);
		assert.match(refused.stderr, /Terminal Guard stopped this command: rm -rf victim/);
		assert.deepEqual(await runHook(ADAPTERS.opencode, input({}), deps), { stdout: '{}\n', stderr: '', exitCode: 0 });
		// The agent's own file tools cannot take the plugin away or plant one before it.
		for (const [tool, toolInput] of [
			['write', { filePath: path.join(os.homedir(), '.config', 'opencode', 'plugins', 'terminal-guard.js'), content: 'export {}' }],
			['write', { filePath: '/w/.opencode/plugins/later.js', content: 'export const X = async () => ({})' }],
			['apply_patch', { patchText: `*** Begin Patch\n*** Delete File: ${path.join(os.homedir(), '.config', 'opencode', 'plugins', 'terminal-guard.js')}\n*** End Patch` }],
		] as const) {
			const reply = await runHook(ADAPTERS.opencode, input({ tool_name: tool, tool_input: toolInput }), deps);
			assert.equal(reply.exitCode, 2, `${tool} ${JSON.stringify(toolInput)}: ${reply.stdout}`);
			assert.match(reply.stderr, /Terminal Guard stopped this file edit/);
		}
		// Nor its shell: moving the plugin away asks (main allowed this `mv`).
		const moved = await runHook(ADAPTERS.opencode, input({ tool_input: { command: 'mv .opencode/plugins/terminal-guard.js /tmp/' } }), deps);
		assert.equal(moved.exitCode, 2, moved.stdout);
		const source = await runHook(ADAPTERS.opencode, input({ tool_name: 'write', tool_input: { filePath: '/w/src/app.ts', content: 'x' } }), deps);
		assert.equal(source.exitCode, 0, source.stderr);
	});

	it('self-protection: OpenCode\'s plugin folders are guard files (another plugin could undo ours)', () => {
		assert.equal(guardFileOf('/home/u/.config/opencode/plugins/terminal-guard.js', '/home/u')?.file.agent, 'OpenCode');
		assert.equal(guardFileOf('/home/u/.config/opencode/plugin/evil.ts', '/home/u')?.file.agent, 'OpenCode');
		assert.equal(guardFileOf('/p/.opencode/plugins/evil.js', '/home/u')?.file.agent, 'OpenCode');
		assert.equal(guardFileOf('/p/src/plugins/app.js', '/home/u'), undefined);
	});
});

describe('OpenCode plugin module: every failure of the hook stops the tool', () => {
	let dir: string;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-opencode-plugin-'));
	});
	afterEach(() => {
		fs.rmSync(dir, { recursive: true, force: true });
	});

	/** A stand-in for the shim: a shell script. */
	function shim(body: string): string {
		const file = path.join(dir, 'terminal-guard');
		fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
		return file;
	}

	/** Loads the plugin in Node as OpenCode loads it (an ES module), calls its tool.execute.before once, and says what happened. */
	function runPlugin(shimPath: string, timeoutSeconds = 30): { allowed: true } | { stopped: string } {
		const plugin = path.join(dir, 'terminal-guard.mjs');
		fs.writeFileSync(plugin, opencodePluginText(shimPath, timeoutSeconds, 'linux'));
		const driver = `
			const mod = await import(${JSON.stringify(plugin)});
			const fns = Object.values(mod);
			if (fns.length !== 1) throw new Error('the module exports ' + fns.length + ' values');
			const hooks = await fns[0]({ directory: ${JSON.stringify(dir)} });
			try {
				await hooks['tool.execute.before']({ tool: 'bash', sessionID: 's', callID: 'c' }, { args: { command: 'rm -rf victim' } });
				process.stdout.write(JSON.stringify({ allowed: true }));
			} catch (error) {
				process.stdout.write(JSON.stringify({ stopped: error.message }));
			}`;
		const child = spawnSync(process.execPath, ['--input-type=module', '-e', driver], { encoding: 'utf8', timeout: 20000 });
		assert.equal(child.status, 0, child.stderr);
		return JSON.parse(child.stdout) as { allowed: true } | { stopped: string };
	}

	it('passes the call to `<shim> hook opencode` as JSON on stdin, and lets it run on exit 0 with {}', () => {
		const seen = path.join(dir, 'seen');
		const result = runPlugin(shim(`echo "$*" > '${seen}.args'; cat > '${seen}.in'; echo '{}'`));
		assert.deepEqual(result, { allowed: true });
		assert.equal(fs.readFileSync(`${seen}.args`, 'utf8'), 'hook opencode\n');
		assert.deepEqual(JSON.parse(fs.readFileSync(`${seen}.in`, 'utf8')), { hook_event_name: 'tool.execute.before', tool_name: 'bash', tool_input: { command: 'rm -rf victim' }, cwd: dir, session_id: 's', call_id: 'c' });
	});

	it('a deny (exit 2, or a deny printed with exit 0) stops it with Terminal Guard\'s reason', () => {
		assert.deepEqual(runPlugin(shim(`cat >/dev/null; echo '{"decision":"deny","reason":"Terminal Guard stopped this command: rm -rf victim"}'; echo reason >&2; exit 2`)), { stopped: 'Terminal Guard stopped this command: rm -rf victim' });
		assert.deepEqual(runPlugin(shim(`cat >/dev/null; echo '{"decision":"deny","reason":"R"}'`)), { stopped: 'R' });
		assert.deepEqual(runPlugin(shim('cat >/dev/null; echo "only on stderr" >&2; exit 2')), { stopped: 'only on stderr' });
	});

	it('a missing shim, a crash, a kill, unreadable output or no answer in time stop it', () => {
		const cases: [string, RegExp, number?][] = [
			['', /could not check it: the terminal-guard command did not run/],
			['cat >/dev/null; echo boom >&2; exit 1', /ended with exit 1: boom/],
			['cat >/dev/null; exit 127', /ended with exit 127/],
			['cat >/dev/null; kill -9 $$', /ended with SIGKILL/],
			['cat >/dev/null; echo "not json"', /refused without a reason/],
			['cat >/dev/null; echo \'"allow"\'', /refused without a reason/],
			['sleep 30', /no answer within 1 s/, 1],
		];
		for (const [body, expected, timeout] of cases) {
			const file = body === '' ? path.join(dir, 'gone', 'terminal-guard') : shim(body);
			const result = runPlugin(file, timeout);
			assert.ok('stopped' in result, `${body || 'missing shim'}: the tool ran`);
			assert.match(result.stopped, expected, body);
		}
	});

	it('loading the module runs nothing (OpenCode runs on without a plugin that fails to load)', () => {
		const text = opencodePluginText('/nonexistent/terminal-guard', HOOK_TIMEOUT_SECONDS, 'linux');
		assert.ok(isOurPlugin(text));
		// Top level: imports, constants and function definitions only.
		const topLevel = text.split('\n').filter((line) => /^\S/.test(line) && !line.startsWith('//') && !line.startsWith('}'));
		assert.deepEqual(topLevel.map((line) => line.split(/[ (]/).slice(0, 2).join(' ')), ['import {', 'const SHIM', 'const TIMEOUT_MS', 'function refusal', 'function ask', 'export const']);
	});
});

describe('OpenCode installer: a plugin file of our own', () => {
	let home: string;
	let workspace: string;
	const SHIM = '/home/dev/.terminal-guard/bin/terminal-guard';
	beforeEach(() => {
		home = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-install-home-'));
		workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-install-ws-'));
	});
	afterEach(() => {
		fs.rmSync(home, { recursive: true, force: true });
		fs.rmSync(workspace, { recursive: true, force: true });
	});
	const target = (scope: Target['scope'] = 'user'): Target => ({ agent: 'opencode', scope, home, workspace });

	it('user: ~/.config/opencode/plugins/terminal-guard.js; workspace: .opencode/plugins/terminal-guard.js', () => {
		assert.equal(configFileOf(target()), path.join(home, '.config', 'opencode', 'plugins', 'terminal-guard.js'));
		assert.equal(configFileOf(target('workspace')), path.join(workspace, '.opencode', 'plugins', 'terminal-guard.js'));
	});

	it('installs, is idempotent, follows a moved shim, and removal deletes only its own file', () => {
		const file = configFileOf(target());
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(path.join(path.dirname(file), 'mine.js'), 'export const Mine = async () => ({})\n');
		assert.equal(installHook(target(), SHIM).outcome, 'installed');
		assert.ok(isInstalled(target()));
		assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`const SHIM = "${SHIM}";`));
		assert.equal(installHook(target(), SHIM).outcome, 'unchanged');
		assert.equal(installHook(target(), '/elsewhere/terminal-guard').outcome, 'updated');
		assert.equal(removeInstalledHook(target()).outcome, 'deleted');
		assert.ok(!fs.existsSync(file));
		assert.ok(!isInstalled(target()));
		assert.equal(removeInstalledHook(target()).outcome, 'absent');
		assert.ok(fs.existsSync(path.join(path.dirname(file), 'mine.js')), 'another plugin was removed');
	});

	it('never overwrites nor removes a file of the same name it did not write', () => {
		const file = configFileOf(target('workspace'));
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, 'export const Theirs = async () => ({})\n');
		assert.throws(() => installHook(target('workspace'), SHIM), ConfigError);
		assert.ok(!isInstalled(target('workspace')));
		assert.equal(removeInstalledHook(target('workspace')).outcome, 'absent');
		assert.equal(fs.readFileSync(file, 'utf8'), 'export const Theirs = async () => ({})\n');
	});

	it('is detected by ~/.config/opencode or opencode on PATH', () => {
		const none = detectAgents({ home, pathVariable: '', platform: 'linux' }).find((d) => d.agent === 'opencode');
		assert.deepEqual(none, { agent: 'opencode', found: false });
		fs.mkdirSync(path.join(home, '.config', 'opencode'), { recursive: true });
		assert.equal(detectAgents({ home, pathVariable: '', platform: 'linux' }).find((d) => d.agent === 'opencode')?.evidence, '~/.config/opencode');
	});
});

/** The agent installer: merging our hook into real-shaped agent configs, idempotence, removal, refusals, the shim. */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
	AGENTS, agentsHome, backupFileOf, ConfigError, configFileOf, detectAgents, HOOK_TIMEOUT_SECONDS, hookCommand, installHook, isInstalled, isOurCommand,
	removeInstalledHook, shimPath, writeShim, type AgentId, type Target,
} from '../../../src/agents/install';
import { cmdEchoText, shimText } from '../../../src/agents/install/shim';

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

function target(agent: AgentId, scope: Target['scope'] = 'user'): Target {
	return { agent, scope, home, workspace };
}

function put(t: Target, text: string): string {
	const file = configFileOf(t);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, text);
	return file;
}

const read = (file: string): string => fs.readFileSync(file, 'utf8');
const json = (file: string): Record<string, unknown> => JSON.parse(read(file)) as Record<string, unknown>;

/** A Claude Code settings file as people have them: permissions, another Bash hook, a PostToolUse hook, tabs. */
const CLAUDE_SETTINGS = `{
\t"permissions": {
\t\t"allow": ["Bash(npm test:*)"],
\t\t"deny": []
\t},
\t"hooks": {
\t\t"PreToolUse": [
\t\t\t{
\t\t\t\t"matcher": "Bash",
\t\t\t\t"hooks": [{ "type": "command", "command": "~/bin/log-bash.sh" }]
\t\t\t}
\t\t],
\t\t"PostToolUse": [
\t\t\t{ "matcher": "Edit|Write", "hooks": [{ "type": "command", "command": "npx prettier --write" }] }
\t\t]
\t},
\t"model": "opus"
}
`;

describe('installer: Claude Code settings.json', () => {
	it('adds one PreToolUse group for every tool ("*": Bash and the file-editing tools) after the existing hooks and keeps everything else', () => {
		const file = put(target('claude-code'), CLAUDE_SETTINGS);
		assert.equal(installHook(target('claude-code'), SHIM).outcome, 'installed');
		const config = json(file) as { permissions: unknown; model: string; hooks: { PreToolUse: { matcher: string; hooks: { command: string; timeout: number }[] }[]; PostToolUse: unknown[] } };
		assert.deepEqual(config.permissions, { allow: ['Bash(npm test:*)'], deny: [] });
		assert.equal(config.model, 'opus');
		assert.equal(config.hooks.PostToolUse.length, 1);
		assert.equal(config.hooks.PreToolUse.length, 2);
		assert.equal(config.hooks.PreToolUse[0].hooks[0].command, '~/bin/log-bash.sh');
		assert.deepEqual(config.hooks.PreToolUse[1], { matcher: '*', hooks: [{ type: 'command', command: `${SHIM} hook claude-code`, timeout: HOOK_TIMEOUT_SECONDS }] });
		assert.ok(HOOK_TIMEOUT_SECONDS >= 600, 'minutes, long enough to read and type');
		// Untouched text stays byte for byte (tabs, one-line entries).
		assert.ok(read(file).startsWith(CLAUDE_SETTINGS.slice(0, CLAUDE_SETTINGS.indexOf('\n\t\t],'))));
		assert.ok(read(file).includes('\t\t"PostToolUse": [\n\t\t\t{ "matcher": "Edit|Write", "hooks": [{ "type": "command", "command": "npx prettier --write" }] }\n\t\t]'));
		assert.ok(isInstalled(target('claude-code')));
	});

	it('is idempotent: a second install changes nothing, not even bytes', () => {
		const file = put(target('claude-code'), CLAUDE_SETTINGS);
		installHook(target('claude-code'), SHIM);
		const once = read(file);
		const mtime = fs.statSync(file).mtimeMs;
		assert.equal(installHook(target('claude-code'), SHIM).outcome, 'unchanged');
		assert.equal(read(file), once);
		assert.equal(fs.statSync(file).mtimeMs, mtime);
	});

	it('a new shim path updates our entry in place of adding a second one', () => {
		const file = put(target('claude-code'), CLAUDE_SETTINGS);
		installHook(target('claude-code'), SHIM);
		assert.equal(installHook(target('claude-code'), '/opt/other place/terminal-guard').outcome, 'updated');
		const groups = (json(file) as { hooks: { PreToolUse: { hooks: { command: string }[] }[] } }).hooks.PreToolUse;
		const ours = groups.flatMap((g) => g.hooks).filter((h) => h.command.includes('hook claude-code'));
		assert.deepEqual(ours.map((h) => h.command), ['"/opt/other place/terminal-guard" hook claude-code']);
	});

	it('an older install for Bash alone is widened to every tool (the Edit tool could otherwise take the hook out unasked)', () => {
		const file = put(target('claude-code'), `{"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"${SHIM} hook claude-code","timeout":${HOOK_TIMEOUT_SECONDS}}]}]}}`);
		assert.equal(installHook(target('claude-code'), SHIM).outcome, 'updated');
		assert.deepEqual(json(file), { hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: `${SHIM} hook claude-code`, timeout: HOOK_TIMEOUT_SECONDS }] }] } });
		assert.equal(installHook(target('claude-code'), SHIM).outcome, 'unchanged');
	});

	it('removal restores the original byte for byte when nothing else changed', () => {
		const file = put(target('claude-code'), CLAUDE_SETTINGS);
		installHook(target('claude-code'), SHIM);
		installHook(target('claude-code'), '/elsewhere/terminal-guard'); // an update in between keeps the first backup
		assert.equal(removeInstalledHook(target('claude-code')).outcome, 'restored');
		assert.equal(read(file), CLAUDE_SETTINGS);
		assert.ok(!fs.existsSync(backupFileOf(file, home)), 'the backup is gone once used');
		assert.ok(!isInstalled(target('claude-code')));
	});

	it('removal cuts out only our entry when the person changed the file since', () => {
		const file = put(target('claude-code'), CLAUDE_SETTINGS);
		installHook(target('claude-code'), SHIM);
		fs.writeFileSync(file, read(file).replace('"model": "opus"', '"model": "sonnet"'));
		assert.equal(removeInstalledHook(target('claude-code')).outcome, 'removed');
		const config = json(file) as { model: string; hooks: { PreToolUse: unknown[] } };
		assert.equal(config.model, 'sonnet');
		assert.equal(config.hooks.PreToolUse.length, 1);
		assert.ok(!read(file).includes('hook claude-code'));
	});

	it('our handler added by hand into someone else\'s group is removed without the group', () => {
		const file = put(target('claude-code'), `{"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"a.sh"},{"type":"command","command":"/x/terminal-guard hook claude-code"}]}]}}`);
		assert.equal(removeInstalledHook(target('claude-code')).outcome, 'removed');
		assert.deepEqual(json(file), { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'a.sh' }] }] } });
	});

	it('a file we created is deleted again on removal', () => {
		const file = configFileOf(target('claude-code'));
		assert.equal(installHook(target('claude-code'), SHIM).outcome, 'installed');
		assert.deepEqual(json(file), { hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: `${SHIM} hook claude-code`, timeout: HOOK_TIMEOUT_SECONDS }] }] } });
		assert.equal(removeInstalledHook(target('claude-code')).outcome, 'deleted');
		assert.ok(!fs.existsSync(file));
	});

	it('removal with nothing of ours leaves the file alone', () => {
		const file = put(target('claude-code'), CLAUDE_SETTINGS);
		assert.equal(removeInstalledHook(target('claude-code')).outcome, 'absent');
		assert.equal(read(file), CLAUDE_SETTINGS);
	});
});

describe('installer: refuses files it cannot change safely', () => {
	const cases: [string, string, RegExp][] = [
		['broken JSON', '{ "hooks": { "PreToolUse": [ }', /is not valid JSON \(.* at line 1, column \d+\)/],
		['a list at the top', '[1, 2]', /does not hold a JSON object/],
		['"hooks" that is a string', '{"hooks": "none"}', /has "hooks" that is not an object/],
		['"hooks.PreToolUse" that is an object', '{"hooks": {"PreToolUse": {"matcher": "Bash"}}}', /has "hooks\.PreToolUse" that is not a list/],
	];
	for (const [name, text, message] of cases) {
		it(`${name} -> refused in plain words, file untouched, no backup`, () => {
			const file = put(target('claude-code'), text);
			assert.throws(() => installHook(target('claude-code'), SHIM), (error: unknown) => {
				assert.ok(error instanceof ConfigError);
				assert.match(error.message, message);
				assert.ok(error.message.startsWith(file), 'names the file');
				assert.match(error.message, /Terminal Guard did not change it/);
				return true;
			});
			assert.equal(read(file), text);
			assert.ok(!fs.existsSync(backupFileOf(file, home)));
			assert.throws(() => removeInstalledHook(target('claude-code')), ConfigError);
			assert.equal(read(file), text);
		});
	}

	it('comments and trailing commas (Gemini, VS Code style) are kept, not refused', () => {
		const text = '{\n  // my theme\n  "ui": { "theme": "Dracula", },\n}\n';
		const file = put(target('gemini'), text);
		installHook(target('gemini'), SHIM);
		assert.ok(read(file).includes('// my theme'));
		removeInstalledHook(target('gemini'));
		assert.equal(read(file), text);
	});
});

describe('installer: each agent gets its own format', () => {
	it('Cursor: beforeShellExecution with failClosed, version 1, beside other hooks', () => {
		const original = '{\n  "version": 1,\n  "hooks": {\n    "afterFileEdit": [{ "command": "./format.sh" }],\n    "beforeShellExecution": [{ "command": "./audit.sh" }]\n  }\n}\n';
		const file = put(target('cursor', 'workspace'), original);
		assert.equal(file, path.join(workspace, '.cursor', 'hooks.json'));
		installHook(target('cursor', 'workspace'), SHIM);
		const config = json(file) as { version: number; hooks: { afterFileEdit: unknown[]; beforeShellExecution: unknown[] } };
		assert.equal(config.version, 1);
		assert.equal(config.hooks.afterFileEdit.length, 1);
		assert.deepEqual(config.hooks.beforeShellExecution, [{ command: './audit.sh' }, { command: `${SHIM} hook cursor`, timeout: HOOK_TIMEOUT_SECONDS, failClosed: true }]);
		assert.equal(removeInstalledHook(target('cursor', 'workspace')).outcome, 'restored');
		assert.equal(read(file), original);
	});

	it('Cursor: a new ~/.cursor/hooks.json has version 1 and goes away on removal', () => {
		installHook(target('cursor'), SHIM);
		const file = path.join(home, '.cursor', 'hooks.json');
		assert.deepEqual(json(file), { hooks: { beforeShellExecution: [{ command: `${SHIM} hook cursor`, timeout: HOOK_TIMEOUT_SECONDS, failClosed: true }] }, version: 1 });
		assert.equal(removeInstalledHook(target('cursor')).outcome, 'deleted');
		assert.ok(!fs.existsSync(file));
	});

	it('VS Code: a file of our own in .github/hooks (workspace) or ~/.copilot/hooks (user)', () => {
		installHook(target('vscode', 'workspace'), SHIM);
		const file = path.join(workspace, '.github', 'hooks', 'terminal-guard.json');
		assert.deepEqual(json(file), { hooks: { PreToolUse: [{ type: 'command', command: `${SHIM} hook vscode`, timeout: HOOK_TIMEOUT_SECONDS }] } });
		assert.equal(configFileOf(target('vscode')), path.join(home, '.copilot', 'hooks', 'terminal-guard.json'));
		assert.equal(removeInstalledHook(target('vscode', 'workspace')).outcome, 'deleted');
	});

	it('Codex: ~/.codex/hooks.json, Claude-style group for every tool (Bash, apply_patch, MCP tools)', () => {
		const original = '{"hooks":{"SessionStart":[{"hooks":[{"type":"command","command":"echo hi","timeout":5}]}]}}';
		const file = put(target('codex'), original);
		assert.equal(file, path.join(home, '.codex', 'hooks.json'));
		installHook(target('codex'), SHIM);
		const config = json(file) as { hooks: { SessionStart: unknown[]; PreToolUse: unknown[] } };
		assert.equal(config.hooks.SessionStart.length, 1);
		assert.deepEqual(config.hooks.PreToolUse, [{ matcher: '*', hooks: [{ type: 'command', command: `${SHIM} hook codex`, timeout: HOOK_TIMEOUT_SECONDS }] }]);
		assert.equal(removeInstalledHook(target('codex')).outcome, 'restored');
		assert.equal(read(file), original);
	});

	it('Gemini: BeforeTool for every tool (run_shell_command, write_file, replace), timeout in milliseconds', () => {
		const file = put(target('gemini'), '{"hooks":{"enabled":true},"tools":{"enableHooks":true}}');
		installHook(target('gemini'), SHIM);
		const config = json(file) as { hooks: { enabled: boolean; BeforeTool: unknown[] } };
		assert.equal(config.hooks.enabled, true);
		assert.deepEqual(config.hooks.BeforeTool, [{ matcher: '*', hooks: [{ name: 'terminal-guard', type: 'command', command: `${SHIM} hook gemini`, timeout: HOOK_TIMEOUT_SECONDS * 1000 }] }]);
		assert.equal(removeInstalledHook(target('gemini')).outcome, 'restored');
	});

	it('every agent has a user file under home and a workspace file under the folder', () => {
		for (const agent of Object.keys(AGENTS) as AgentId[]) {
			assert.ok(configFileOf(target(agent)).startsWith(home + path.sep), agent);
			assert.ok(configFileOf(target(agent, 'workspace')).startsWith(workspace + path.sep), agent);
		}
		assert.throws(() => configFileOf({ agent: 'claude-code', scope: 'workspace', home }), /no workspace folder is open/);
	});
});

describe('installer: home, detection, shim', () => {
	it('TERMINAL_GUARD_AGENTS_HOME stands in for the home folder only when set', () => {
		assert.equal(agentsHome({ TERMINAL_GUARD_AGENTS_HOME: home }), home);
		assert.equal(agentsHome({}), os.homedir());
		assert.equal(agentsHome({ TERMINAL_GUARD_AGENTS_HOME: '' }), os.homedir());
	});

	it('detects agents by their folder in home or their command on PATH', () => {
		fs.mkdirSync(path.join(home, '.claude'));
		const bin = path.join(home, 'bin');
		fs.mkdirSync(bin);
		fs.writeFileSync(path.join(bin, 'codex'), '#!/bin/sh\n', { mode: 0o755 });
		fs.writeFileSync(path.join(bin, 'gemini'), 'not executable', { mode: 0o644 });
		const found = Object.fromEntries(detectAgents({ home, pathVariable: `/nonexistent:${bin}`, appName: 'Cursor', platform: 'linux' }).map((d) => [d.agent, d.evidence ?? null]));
		assert.deepEqual(found, { 'claude-code': '~/.claude', codex: 'codex on PATH', cursor: 'running in Cursor', gemini: null, opencode: null, vscode: null });
	});

	it('the shim runs the bundled CLI with its arguments and exit code, from anywhere, without the editor\'s environment', () => {
		const cli = path.join(home, 'ext-1.0.0', 'dist', 'cli.js');
		fs.mkdirSync(path.dirname(cli), { recursive: true });
		fs.writeFileSync(cli, 'process.stdout.write(JSON.stringify({ args: process.argv.slice(2), electron: process.env.ELECTRON_RUN_AS_NODE ?? null })); process.exitCode = 7;');
		const shim = writeShim(home, { node: process.execPath, electron: true, cli }, 'linux');
		assert.equal(shim, shimPath(home, 'linux'));
		assert.equal(fs.statSync(shim).mode & 0o777, 0o755);
		assert.equal(fs.statSync(path.dirname(shim)).mode & 0o777, 0o700);
		const run = spawnSync(shim, ['check', '--json', '--', 'ls'], { cwd: os.tmpdir(), env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
		assert.equal(run.status, 7);
		assert.deepEqual(JSON.parse(run.stdout), { args: ['check', '--json', '--', 'ls'], electron: '1' });
		// For `hook`, a status other than 0 or 2 would let the command run: it becomes 2.
		const hook = spawnSync(shim, ['hook', 'claude-code'], { cwd: os.tmpdir(), env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
		assert.equal(hook.status, 2);
		assert.deepEqual(JSON.parse(hook.stdout), { args: ['hook', 'claude-code'], electron: '1' });
		assert.match(hook.stderr, /could not run \(exit 7\); the command is blocked/);
	});

	it('hook through the shim: stdin reaches the CLI, and its own 0 and 2 pass unchanged', () => {
		const cli = path.join(home, 'ext-echo', 'dist', 'cli.js');
		fs.mkdirSync(path.dirname(cli), { recursive: true });
		fs.writeFileSync(cli, 'let s = ""; process.stdin.on("data", (d) => { s += d; }).on("end", () => { process.stdout.write(s.toUpperCase()); process.exitCode = s.includes("rm") ? 2 : 0; });');
		const shim = writeShim(home, { node: process.execPath, electron: false, cli }, 'linux');
		const allowed = spawnSync(shim, ['hook', 'codex'], { input: '{"command":"ls"}', encoding: 'utf8' });
		assert.deepEqual([allowed.status, allowed.stdout, allowed.stderr], [0, '{"COMMAND":"LS"}', '']);
		const denied = spawnSync(shim, ['hook', 'codex'], { input: '{"command":"rm -rf x"}', encoding: 'utf8' });
		assert.deepEqual([denied.status, denied.stdout, denied.stderr], [2, '{"COMMAND":"RM -RF X"}', '']);
	});

	it('hook through the shim: a Node binary that cannot run the CLI (126, 127, a crash) -> exit 2, not "run it"', () => {
		const cli = path.join(home, 'ext-2', 'dist', 'cli.js');
		fs.mkdirSync(path.dirname(cli), { recursive: true });
		fs.writeFileSync(cli, '');
		const fakes: [string, string, number][] = [
			['missing-interpreter', '#!/nonexistent/interpreter\n', 127],
			['exit-126', '#!/bin/sh\nexit 126\n', 126],
			['crash', '#!/bin/sh\necho "SyntaxError: Unexpected token" >&2\nexit 1\n', 1],
		];
		for (const [name, text, plain] of fakes) {
			const node = path.join(home, name);
			fs.writeFileSync(node, text, { mode: 0o755 });
			const shim = writeShim(home, { node, electron: true, cli }, 'linux');
			const hook = spawnSync(shim, ['hook', 'gemini'], { input: '{}', encoding: 'utf8' });
			assert.equal(hook.status, 2, `${name}: ${hook.stderr}`);
			assert.match(hook.stderr, new RegExp(`could not run \\(exit ${plain}\\); the command is blocked`));
			assert.equal(spawnSync(shim, ['check', '--', 'ls'], { encoding: 'utf8' }).status, plain, `${name}: other commands keep their status`);
		}
		fs.rmSync(path.join(home, 'crash'));
		const gone = spawnSync(writeShim(home, { node: path.join(home, 'crash'), electron: false, cli }, 'linux'), ['hook', 'codex'], { encoding: 'utf8' });
		assert.equal(gone.status, 2);
		assert.match(gone.stderr, /is gone/);
	});

	it('hook through the shim: a TERM to the shim reaches the CLI', async () => {
		const cli = path.join(home, 'ext-wait', 'dist', 'cli.js');
		fs.mkdirSync(path.dirname(cli), { recursive: true });
		const marker = path.join(home, 'term-received');
		fs.writeFileSync(cli, `process.on('SIGTERM', () => { require('fs').writeFileSync(${JSON.stringify(marker)}, 'yes'); process.exit(2); }); process.stdout.write('ready\\n'); setInterval(() => {}, 1000);`);
		const shim = writeShim(home, { node: process.execPath, electron: false, cli }, 'linux');
		const child = spawn(shim, ['hook', 'codex'], { stdio: ['pipe', 'pipe', 'pipe'] });
		await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
		child.kill('SIGTERM');
		const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		assert.equal(status, 2);
		assert.equal(fs.readFileSync(marker, 'utf8'), 'yes');
	});

	it('Windows .cmd: checks the CLI and the Node binary exist, escapes ( ) in echoed text, maps a failed hook to exit 2', () => {
		const node = 'C:\\Program Files\\Microsoft VS Code\\Code.exe';
		const cli = 'C:\\Users\\a (x)\\.vscode\\extensions\\tg-%PATH%\\dist\\cli.js';
		const text = shimText({ node, electron: true, cli }, 'win32');
		const lines = text.split('\r\n');
		const escapedNode = node;
		const escapedCli = cli.replace(/%/g, '%%');
		assert.ok(lines.some((l) => l.startsWith(`if not exist "${escapedNode}" (`) && l.endsWith('exit /b 2)')), text);
		assert.ok(lines.some((l) => l.startsWith(`if not exist "${escapedCli}" (`) && l.endsWith('exit /b 2)')), text);
		assert.ok(lines.includes(`"${escapedNode}" "${escapedCli}" %*`), text);
		assert.deepEqual(lines.slice(-5), [
			'if /i not "%~1"=="hook" exit /b %ERRORLEVEL%',
			'if %ERRORLEVEL%==0 exit /b 0',
			lines.at(-3),
			'exit /b 2',
			'',
		]);
		assert.match(lines.at(-3) ?? '', /^if not %ERRORLEVEL%==2 \(echo .*\^\(exit %ERRORLEVEL%\^\).* 1>&2\)$/);
		// cmd.exe's reading of each line: outside quotes, ^ escapes the next character and ( ) nest.
		// Every `if … (` block must close exactly at the end of its line.
		for (const line of lines) {
			let depth = 0;
			let quoted = false;
			let closedAt = -1;
			for (let i = 0; i < line.length; i++) {
				const c = line[i];
				if (c === '"') {
					quoted = !quoted;
				} else if (!quoted && c === '^') {
					i++;
				} else if (!quoted && c === '(') {
					depth++;
				} else if (!quoted && c === ')') {
					depth--;
					assert.ok(depth >= 0, `unbalanced ) in: ${line}`);
					if (depth === 0) {
						closedAt = i;
					}
				}
			}
			assert.equal(depth, 0, line);
			assert.ok(closedAt === -1 || closedAt === line.length - 1, `a block closes early in: ${line}`);
		}
		assert.equal(cmdEchoText('a (b) & c | "d (e)" 100%'), 'a ^(b^) ^& c ^| "d (e)" 100%%');
	});

	it('the shim is rewritten for a new extension version, and fails closed (exit 2) when the extension is gone', () => {
		const old = path.join(home, 'ext-1.0.0', 'dist', 'cli.js');
		const current = path.join(home, 'ext with space\'s-1.1.0', 'dist', 'cli.js');
		for (const cli of [old, current]) {
			fs.mkdirSync(path.dirname(cli), { recursive: true });
			fs.writeFileSync(cli, `process.stdout.write(${JSON.stringify(cli)});`);
		}
		writeShim(home, { node: process.execPath, electron: false, cli: old }, 'linux');
		const shim = writeShim(home, { node: process.execPath, electron: false, cli: current }, 'linux');
		assert.equal(spawnSync(shim, [], { encoding: 'utf8' }).stdout, current);
		fs.rmSync(current);
		const gone = spawnSync(shim, ['hook', 'cursor'], { encoding: 'utf8' });
		assert.equal(gone.status, 2);
		assert.match(gone.stderr, /extension this command points at is gone/);
	});
});

describe('hookCommand', () => {
	const cases: [string, NodeJS.Platform, string][] = [
		['/home/me/.terminal-guard/bin/terminal-guard', 'linux', '/home/me/.terminal-guard/bin/terminal-guard hook codex'],
		['/home/my name/.terminal-guard/bin/terminal-guard', 'linux', '"/home/my name/.terminal-guard/bin/terminal-guard" hook codex'],
		['/home/a$b`c"d/terminal-guard', 'linux', '"/home/a\\$b\\`c\\"d/terminal-guard" hook codex'],
		['C:\\Users\\me\\.terminal-guard\\bin\\terminal-guard.cmd', 'win32', 'C:\\Users\\me\\.terminal-guard\\bin\\terminal-guard.cmd hook codex'],
		['C:\\Users\\my name\\.terminal-guard\\bin\\terminal-guard.cmd', 'win32', '"C:\\Users\\my name\\.terminal-guard\\bin\\terminal-guard.cmd" hook codex'],
	];
	for (const [shim, platform, expected] of cases) {
		it(`${platform}: ${shim} -> ${expected}`, () => {
			assert.equal(hookCommand(shim, 'codex', platform), expected);
			assert.ok(isOurCommand(expected));
		});
	}

	it('a quoted POSIX command really runs the shim', () => {
		const dir = path.join(home, 'my $dir');
		fs.mkdirSync(dir);
		const shim = path.join(dir, 'terminal-guard');
		fs.writeFileSync(shim, '#!/bin/sh\necho "args: $*"\n', { mode: 0o755 });
		assert.equal(spawnSync('/bin/sh', ['-c', hookCommand(shim, 'gemini', 'linux')], { encoding: 'utf8' }).stdout, 'args: hook gemini\n');
	});
});

describe('installer: a workspace that plants a FIFO where an agent\'s settings file goes', () => {
	it('refuses it in words at once instead of blocking the editor for ever', () => {
		const file = configFileOf(target('claude-code', 'workspace'));
		fs.mkdirSync(path.dirname(file), { recursive: true });
		assert.equal(spawnSync('mkfifo', [file]).status, 0, 'mkfifo failed');
		// In a child process: a blocking read would hang this test process where no time-out can fire.
		const module = require.resolve('../../../src/agents/install/configFiles');
		const script = `try { require(${JSON.stringify(module)}).installHook(${JSON.stringify(target('claude-code', 'workspace'))}, ${JSON.stringify(SHIM)}); process.stdout.write('installed'); } catch (e) { process.stdout.write('refused: ' + e.message); }`;
		const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10000, killSignal: 'SIGKILL' });
		assert.equal(child.signal, null, 'the installer blocked on the FIFO');
		assert.match(child.stdout, /^refused: .*settings\.json is not a regular file/);
		assert.ok(fs.statSync(file).isFIFO(), 'the FIFO was replaced');
	});
});

/**
 * Issue #12, items 7 and 8, through the hook as agents run it: an agent's file-editing tool cannot
 * take Terminal Guard's hook out without a person typing the file's name in the editor, and every tool
 * that runs something is judged — whatever the tool is called. The fixtures' /home/dev/project is
 * replaced by a real temporary project so that the files, their text and their links are real.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADAPTERS } from '../../../src/agents';
import { runHook } from '../../../src/agents/hook';
import type { AgentId, HookReply } from '../../../src/agents/types';
import { askEditor } from '../../../src/bridge/client';
import { analyze, initParser } from '../../../src/engine/analyze';
import { judgeFileEdit } from '../../../src/engine/rules/self-protection-edits';
import { fsEditContext } from '../../../src/engine/rules/self-protection-edits-fs';
import { startBridge, tempRuntimeDir, type TestBridge } from '../bridge/harness';
import { type NodeRun, runNode } from '../../shared/process';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'terminal-guard');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'agents');

const CLAUDE_SETTINGS = `{
	"hooks": {
		"PreToolUse": [
			{ "matcher": "*", "hooks": [{ "type": "command", "command": "/home/dev/.terminal-guard/bin/terminal-guard hook claude-code", "timeout": 900 }] }
		]
	}
}
`;
const VSCODE_SETTINGS = '{\n\t"editor.fontSize": 14,\n\t"terminalGuard.production": true,\n\t"files.exclude": { "**/.git": true }\n}\n';

/** Reads any agent's reply as none / allow / deny, with the reason. */
function decisionOf(agent: AgentId, reply: HookReply): { decision: 'none' | 'allow' | 'deny'; reason: string } {
	if (agent === 'cursor' || agent === 'gemini') {
		const out = JSON.parse(reply.stdout);
		const decision = agent === 'cursor' ? out.permission : out.decision;
		return decision === undefined ? { decision: 'none', reason: '' } : { decision, reason: agent === 'cursor' ? out.agent_message : out.reason };
	}
	if (reply.stdout === '') {
		assert.equal(reply.exitCode, 0);
		return { decision: 'none', reason: '' };
	}
	const out = JSON.parse(reply.stdout).hookSpecificOutput;
	return { decision: out.permissionDecision, reason: out.permissionDecisionReason };
}

describe('agents\' file-editing tools and every tool that runs something (issue #12, items 7 and 8)', () => {
	let root: string;
	let project: string;
	let home: string;
	let noEditor: string;
	let bridge: TestBridge;

	before(async () => {
		await initParser();
		root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tg-tools-')));
		project = path.join(root, 'project');
		home = path.join(root, 'home');
		for (const dir of ['.claude', '.vscode', '.codex', '.gemini', '.cursor', 'src', 'important']) {
			fs.mkdirSync(path.join(project, dir), { recursive: true });
		}
		fs.mkdirSync(home, { recursive: true });
		fs.writeFileSync(path.join(project, '.claude', 'settings.json'), CLAUDE_SETTINGS);
		fs.writeFileSync(path.join(project, '.vscode', 'settings.json'), VSCODE_SETTINGS);
		fs.writeFileSync(path.join(project, '.codex', 'hooks.json'), '{}');
		fs.writeFileSync(path.join(project, '.gemini', 'settings.json'), '{"hooks":{"BeforeTool":[]}}');
		fs.writeFileSync(path.join(project, 'src', 'app.ts'), 'export const a = 1;\n');
		noEditor = tempRuntimeDir();
		bridge = await startBridge({ runtimeDir: path.join(home, '.terminal-guard', 'run'), folders: [project] });
	});
	after(async () => {
		await bridge.stop();
		fs.rmSync(root, { recursive: true, force: true });
	});

	/** A fixture with the made-up project replaced by the real one. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures of five agents' shapes, changed in place by each test
	type Input = Record<string, any>;
	function fixture(agent: AgentId, name: string, change?: (input: Input) => void): string {
		const input = JSON.parse(fs.readFileSync(path.join(FIXTURES, agent, `${name}.json`), 'utf8').replaceAll('/home/dev/project', project)) as Input;
		change?.(input);
		return JSON.stringify(input);
	}

	function hook(agent: AgentId, stdin: string, runtimeDir = noEditor): Promise<HookReply> {
		return runHook(ADAPTERS[agent], stdin, {
			ask: (q, options) => askEditor(q, { ...options, runtimeDir }),
			localVerdict: (line, cwd) => Promise.resolve(analyze(line, { cwd, workspaceFolders: [project], home, env: {} })),
			localEditVerdict: (edit, cwd) => judgeFileEdit(edit, fsEditContext(cwd, home, [project])),
			timeoutMs: 20000,
		});
	}

	const EDITS: readonly [AgentId, string, string][] = [
		['claude-code', 'edit-hook-settings', '.claude/settings.json'],
		['claude-code', 'multiedit-settings', '.vscode/settings.json'],
		['claude-code', 'write-settings', '.claude/settings.local.json'],
		['codex', 'apply-patch-hooks', '.codex/hooks.json'],
		['gemini', 'replace-settings', '.gemini/settings.json'],
		['vscode', 'replace-string-settings', '.vscode/settings.json'],
		['cursor', 'pretooluse-write', '.cursor/hooks.json'],
	];

	describe('item 7: an edit that could take the guard out asks, with the file as the name to type', () => {
		for (const [agent, name, file] of EDITS) {
			it(`${agent} ${name}: no editor -> deny, the reason names ${file} and says the editor must confirm`, async () => {
				const reply = await hook(agent, fixture(agent, name));
				const { decision, reason } = decisionOf(agent, reply);
				assert.equal(decision, 'deny', reason);
				assert.equal(reply.exitCode, 2);
				assert.match(reason, /Terminal Guard stopped this file edit/);
				assert.ok(reason.includes(`Target: ${file}`), reason);
				assert.match(reason, /No editor with Terminal Guard could be asked to confirm it/);
				assert.match(reason, /A person must confirm this in the editor/);
			});

			it(`${agent} ${name}: the editor asks with ${file} as the name; typed -> allow, Escape -> deny`, async () => {
				const asked = bridge.person.questions.length;
				bridge.person.answers.push(file, undefined);
				const typed = decisionOf(agent, await hook(agent, fixture(agent, name), bridge.runtimeDir));
				// Codex has no "allow" (0.169 rejects it as a failed hook): a confirmed edit gets no decision.
				assert.equal(typed.decision, agent === 'codex' ? 'none' : 'allow', typed.reason);
				if (agent !== 'codex') {
					assert.ok(typed.reason.includes(`by typing "${file}"`), typed.reason);
				}
				const question = bridge.person.questions[asked];
				assert.equal(question.expected, file);
				assert.equal(question.askedBy, ADAPTERS[agent].name);
				assert.ok(question.line.includes(file), question.line);
				assert.equal(decisionOf(agent, await hook(agent, fixture(agent, name), bridge.runtimeDir)).decision, 'deny');
			});
		}

		it('ordinary edits get no decision and nobody is asked, with or without an editor', async () => {
			const asked = bridge.person.questions.length;
			for (const runtimeDir of [noEditor, bridge.runtimeDir]) {
				assert.equal(decisionOf('claude-code', await hook('claude-code', fixture('claude-code', 'edit-source'), runtimeDir)).decision, 'none');
				assert.equal(decisionOf('gemini', await hook('gemini', fixture('gemini', 'write-file'), runtimeDir)).decision, 'none');
				assert.equal(decisionOf('codex', await hook('codex', fixture('codex', 'apply-patch-hooks', (i) => { i.tool_input.command = i.tool_input.command.replace(/\*\*\* Delete File: .*\n/, ''); }), runtimeDir)).decision, 'none');
				assert.equal(decisionOf('claude-code', await hook('claude-code', fixture('claude-code', 'multiedit-settings', (i) => { i.tool_input.edits = [{ old_string: '"editor.fontSize": 14', new_string: '"editor.fontSize": 16' }]; }), runtimeDir)).decision, 'none');
			}
			assert.equal(bridge.person.questions.length, asked);
		});

		it('an editor that answers "allowed" without asking (one too old to know file edits) does not allow the edit', async () => {
			const reply = await runHook(ADAPTERS['claude-code'], fixture('claude-code', 'edit-hook-settings'), {
				ask: () => Promise.resolve({ outcome: 'allowed', verdict: analyze('Edit: .claude/settings.json', { cwd: project, env: {} }) }),
				localVerdict: () => Promise.reject(new Error('not used')),
				localEditVerdict: (edit, cwd) => judgeFileEdit(edit, fsEditContext(cwd, home, [project])),
				timeoutMs: 1000,
			});
			const { decision, reason } = decisionOf('claude-code', reply);
			assert.equal(decision, 'deny');
			assert.match(reason, /the editor did not ask the person about this file edit/);
		});

		it('the same edit under another tool name or field name: an MCP write_file, a field we never saw, a second path in a known tool', async () => {
			const call = (tool: string, toolInput: unknown) => JSON.stringify({ hook_event_name: 'PreToolUse', cwd: project, tool_name: tool, tool_input: toolInput });
			for (const stdin of [
				call('mcp__filesystem__write_file', { path: '.claude/settings.json', content: '{}' }),
				call('mcp__fs__edit_file', { edits: [{ oldText: 'x', newText: 'y' }], location: `${project}/.claude/settings.json` }),
				call('Edit', { file_path: 'src/app.ts', old_string: 'a', new_string: 'b', path: '.claude/settings.json' }),
				call('str_replace_based_edit_tool', { command: 'str_replace', path: './.claude/../.claude/settings.json', old_str: 'x', new_str: 'y' }),
			]) {
				const { decision, reason } = decisionOf('claude-code', await hook('claude-code', stdin));
				assert.equal(decision, 'deny', stdin);
				assert.match(reason, /\.claude\/settings\.json/);
			}
			assert.equal(decisionOf('claude-code', await hook('claude-code', call('Read', { file_path: '.claude/settings.json' }))).decision, 'none', 'reading is not changing');
			assert.equal(decisionOf('claude-code', await hook('claude-code', call('Edit', { old_string: 'a', new_string: 'b' }))).decision, 'deny', 'an Edit naming no file is refused');
		});

		it('Codex running apply_patch through its shell tool is judged like the apply_patch tool', async () => {
			const stdin = fixture('codex', 'git-status', (i) => { i.cwd = project; i.tool_input.command = "apply_patch <<'EOF'\n*** Begin Patch\n*** Delete File: .codex/hooks.json\n*** End Patch\nEOF"; });
			const { decision, reason } = decisionOf('codex', await hook('codex', stdin));
			assert.equal(decision, 'deny');
			assert.match(reason, /Target: \.codex\/hooks\.json/);
		});
	});

	describe('item 8: every tool that runs something is judged', () => {
		const call = (tool: string, toolInput: unknown) => JSON.stringify({ hook_event_name: 'PreToolUse', cwd: project, tool_name: tool, tool_input: toolInput });

		it('an unknown tool with a command-like field -> judged as that command (string, argv, program + args, nested, stdin of a shell)', async () => {
			for (const stdin of [
				call('mcp__shell__run', { command: 'rm -rf important' }),
				call('exec_command', { cmd: ['bash', '-lc', 'rm -rf important'], workdir: project }),
				call('mcp__proc__spawn', { program: 'rm', args: ['-rf', 'important'] }),
				call('mcp__ci__job', { params: { command_line: 'rm -rf important' } }),
				call('write_stdin', { session_id: 3, chars: 'rm -rf important\n' }),
				call('mcp__x__run', { script: 'rm -rf important' }),
			]) {
				const { decision, reason } = decisionOf('claude-code', await hook('claude-code', stdin));
				assert.equal(decision, 'deny', stdin);
				assert.match(reason, /Target: important/, stdin);
			}
			assert.equal(decisionOf('claude-code', await hook('claude-code', call('mcp__shell__run', { command: 'ls -la' }))).decision, 'none');
			assert.equal(decisionOf('gemini', await hook('gemini', JSON.stringify({ hook_event_name: 'BeforeTool', cwd: project, tool_name: 'mcp_tool_exec', tool_input: { cmd: 'rm -rf important' } }))).decision, 'deny');
			assert.ok(fs.existsSync(path.join(project, 'important')));
		});

		describe('run_task', () => {
			const runTask = (id: string) => fixture('vscode', 'run-task', (i) => { i.tool_input = { workspaceFolder: project, id }; });
			const tasks = (json: string) => fs.writeFileSync(path.join(project, '.vscode', 'tasks.json'), json);

			it('a task that cannot be found (no tasks.json, not in it, an extension\'s task) -> deny, naming the task', async () => {
				for (const id of ['clean', 'gulp: deploy']) {
					const { decision, reason } = decisionOf('vscode', await hook('vscode', runTask(id)));
					assert.equal(decision, 'deny', id);
					assert.ok(reason.includes(`the task "${id}" cannot be checked`), reason);
				}
				tasks('{ "version": "2.0.0", "tasks": [ { "label": "lint", "type": "shell", "command": "npm run lint" } ] }');
				assert.equal(decisionOf('vscode', await hook('vscode', runTask('clean'))).decision, 'deny');
				assert.equal(decisionOf('vscode', await hook('vscode', runTask('lint'))).decision, 'none');
			});

			it('variables are substituted: ${workspaceFolder}, ${env:…} from the hook\'s environment, ${config:…} from the folder\'s settings', async () => {
				process.env.TG_TEST_VICTIM = 'important';
				fs.writeFileSync(path.join(project, '.vscode', 'settings.json'), '{ "build.target": "important", "terminalGuard.production": true }');
				tasks(`{
					// JSONC, as VS Code reads it
					"version": "2.0.0",
					"tasks": [
						{ "label": "a", "type": "shell", "command": "rm -rf \${workspaceFolder}/important", },
						{ "label": "b", "type": "shell", "command": "rm", "args": ["-rf", "\${env:TG_TEST_VICTIM}"] },
						{ "label": "c", "type": "shell", "command": "rm -rf \${config:build.target}" },
						{ "label": "d", "type": "shell", "command": "rm -rf \${config:not.set}" },
						{ "label": "e", "type": "shell", "command": "rm -rf \${input:what}" },
						{ "label": "f", "type": "shell", "command": "echo \${workspaceFolderBasename}", "dependsOn": ["e"] },
					],
				}`);
				try {
					for (const id of ['a', 'b', 'c']) {
						const parsed = ADAPTERS.vscode.parse(runTask(id));
						assert.equal(parsed.kind, 'command', id);
						assert.ok(!(parsed as { command: string }).command.includes('${'), (parsed as { command: string }).command);
						const { decision, reason } = decisionOf('vscode', await hook('vscode', runTask(id)));
						assert.equal(decision, 'deny', id);
						assert.match(reason, /important/);
					}
					for (const [id, variable] of [['d', '${config:not.set}'], ['e', '${input:what}'], ['f', '${input:what}']]) {
						const { decision, reason } = decisionOf('vscode', await hook('vscode', runTask(id)));
						assert.equal(decision, 'deny', id);
						assert.ok(reason.includes(variable), reason);
					}
				} finally {
					delete process.env.TG_TEST_VICTIM;
					fs.writeFileSync(path.join(project, '.vscode', 'settings.json'), VSCODE_SETTINGS);
				}
			});

			it('an npm script is found in package.json; tasks.json that is a FIFO is refused at once, not waited on', async () => {
				fs.writeFileSync(path.join(project, 'package.json'), '{ "scripts": { "test": "node --test" } }');
				assert.deepEqual(ADAPTERS.vscode.parse(runTask('npm: test')), { kind: 'command', command: 'npm run test', cwd: project });
				fs.rmSync(path.join(project, '.vscode', 'tasks.json'), { force: true });
				assert.equal(spawnSync('mkfifo', [path.join(project, '.vscode', 'tasks.json')]).status, 0, 'mkfifo is needed for this test');
				const { decision, reason } = decisionOf('vscode', await hook('vscode', runTask('lint')));
				assert.equal(decision, 'deny');
				assert.match(reason, /is not a regular file/);
				fs.rmSync(path.join(project, '.vscode', 'tasks.json'));
			});
		});
	});

	describe('the real bundled hook, as the agent runs it (bin/terminal-guard hook <agent>)', () => {
		function bin(agent: AgentId, input: string, homeDir: string): Promise<NodeRun> {
			return runNode([BIN, 'hook', agent], { input, home: homeDir });
		}

		it('no editor reachable: Edit of .claude/settings.json removing the hook -> deny (exit 2) saying the editor must confirm; Edit of src/app.ts -> no decision', async () => {
			const emptyHome = fs.mkdtempSync(path.join(root, 'empty-home-'));
			const refused = await bin('claude-code', fixture('claude-code', 'edit-hook-settings'), emptyHome);
			assert.equal(refused.status, 2);
			assert.equal(JSON.parse(refused.stdout).hookSpecificOutput.permissionDecision, 'deny');
			assert.match(refused.stderr, /Terminal Guard stopped this file edit: Edit: \.claude\/settings\.json/);
			assert.match(refused.stderr, /No editor with Terminal Guard could be asked to confirm it/);
			assert.ok(fs.readFileSync(path.join(project, '.claude', 'settings.json'), 'utf8').includes('hook claude-code'));
			const ordinary = await bin('claude-code', fixture('claude-code', 'edit-source'), emptyHome);
			assert.deepEqual([ordinary.status, ordinary.stdout, ordinary.stderr], [0, '', '']);
			const read = await bin('claude-code', fixture('claude-code', 'other-tool'), emptyHome);
			assert.deepEqual([read.status, read.stdout], [0, '']);
		});

		it('an editor found through HOME: the modal has the file as the name; the typed name allows it', async () => {
			const asked = bridge.person.questions.length;
			bridge.person.answers.push('.codex/hooks.json');
			const r = await bin('codex', fixture('codex', 'apply-patch-hooks'), home);
			assert.equal(r.status, 0, r.stderr);
			// Codex has no "allow": a confirmed edit is exit 0 with no decision at all.
			assert.equal(r.stdout.trim(), '', r.stdout);
			assert.equal(bridge.person.questions[asked].expected, '.codex/hooks.json');
			assert.equal(bridge.person.questions[asked].askedBy, 'Codex');
		});
	});
});

/** Each adapter's reading of its agent's input: which calls are shell commands, and where they run. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADAPTERS, adapterFor } from '../../../src/agents';
import { commandText } from '../../../src/agents/types';

const claude = (fields: Record<string, unknown>): string => JSON.stringify({ hook_event_name: 'PreToolUse', cwd: '/w', tool_name: 'Bash', tool_input: { command: 'ls' }, ...fields });

describe('agent adapters: reading the input', () => {
	it('Claude-style: another event -> not a command; VS Code\'s tool name in Claude\'s hook -> a command', () => {
		assert.deepEqual(ADAPTERS['claude-code'].parse(claude({ hook_event_name: 'PostToolUse' })), { kind: 'not-a-command' });
		assert.deepEqual(ADAPTERS['claude-code'].parse(claude({ tool_name: 'run_in_terminal' })), { kind: 'command', command: 'ls', cwd: '/w' });
		assert.deepEqual(ADAPTERS.vscode.parse(JSON.stringify({ hookEventName: 'PreToolUse', cwd: '/w', tool_name: 'run_in_terminal', tool_input: { command: 'ls' } })), { kind: 'command', command: 'ls', cwd: '/w' });
	});

	it('Claude-style: no tool name -> malformed; a relative cwd -> the hook\'s own directory', () => {
		assert.equal(ADAPTERS.codex.parse(JSON.stringify({ hook_event_name: 'PreToolUse', tool_input: { command: 'ls' } })).kind, 'malformed');
		assert.deepEqual(ADAPTERS.codex.parse(claude({ cwd: 'relative/dir' })), { kind: 'command', command: 'ls', cwd: process.cwd() });
	});

	it('Cursor: no cwd -> the first workspace root; another event -> not a command', () => {
		assert.deepEqual(ADAPTERS.cursor.parse(JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'ls', workspace_roots: ['/repo'] })), { kind: 'command', command: 'ls', cwd: '/repo' });
		assert.deepEqual(ADAPTERS.cursor.parse(JSON.stringify({ hook_event_name: 'beforeMCPExecution', command: 'npx server' })), { kind: 'not-a-command' });
	});

	it('Gemini: another tool -> not a command; `directory` (older name of dir_path) moves the cwd', () => {
		assert.deepEqual(ADAPTERS.gemini.parse(JSON.stringify({ hook_event_name: 'BeforeTool', cwd: '/w', tool_name: 'write_file', tool_input: {} })), { kind: 'not-a-command' });
		assert.deepEqual(ADAPTERS.gemini.parse(JSON.stringify({ hook_event_name: 'BeforeTool', cwd: '/w', tool_name: 'run_shell_command', tool_input: { command: 'ls', directory: 'sub' } })), { kind: 'command', command: 'ls', cwd: '/w/sub' });
	});

	it('argv commands: the script of `sh -c`, else the words quoted where needed', () => {
		assert.equal(commandText(['bash', '-lc', 'rm -rf build']), 'rm -rf build');
		assert.equal(commandText(['/bin/zsh', '-c', 'ls']), 'ls');
		assert.equal(commandText(['rm', '-rf', 'my dir', "it's"]), `rm -rf 'my dir' 'it'\\''s'`);
		assert.equal(commandText([]), undefined);
		assert.equal(commandText(['ls', 3]), undefined);
	});

	it('adapterFor knows exactly the five agents', () => {
		assert.deepEqual(Object.keys(ADAPTERS).sort(), ['claude-code', 'codex', 'cursor', 'gemini', 'vscode']);
		assert.equal(adapterFor('toString'), undefined);
		assert.equal(adapterFor('copilot'), undefined);
	});
});

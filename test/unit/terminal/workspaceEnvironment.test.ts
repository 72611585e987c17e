/**
 * What the guarded shell takes from a workspace's `terminal.integrated.env.<os>`: nothing that changes
 * its startup files, its prompt code, its hook or production; other variables pass.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStartupVariable, workspaceEnvironment } from '../../../src/terminal/shellLaunch';

describe('workspaceEnvironment', () => {
	const t = (name: string, startup: boolean): void => {
		it(`${name} -> ${startup ? 'ignored' : 'taken'}`, () => assert.equal(isStartupVariable(name), startup));
	};
	// Startup files and the code a shell loads.
	for (const name of ['ZDOTDIR', 'BASH_ENV', 'ENV', 'HOME', 'INPUTRC', 'XDG_CONFIG_HOME', 'XDG_DATA_DIRS', 'FPATH', 'MODULE_PATH', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'DYLD_INSERT_LIBRARIES', 'BASH_FUNC_ls%%', 'fish_function_path', 'ZSH_CUSTOM']) {
		t(name, true);
	}
	// Code at the prompt, options, how a line is read and what runs it.
	for (const name of ['PROMPT_COMMAND', 'PS0', 'PS1', 'PROMPT', 'RPROMPT', 'RPS1', 'SHELLOPTS', 'BASHOPTS', 'POSIXLY_CORRECT', 'IFS', 'TERM', 'TERMINFO', 'PATH', 'SHELL', 'FCEDIT', 'EDITOR', 'VISUAL', 'HISTFILE', 'HISTIGNORE']) {
		t(name, true);
	}
	// Terminal Guard's markers, the Node the hooks run on, the agents' hook settings; any case.
	for (const name of ['TERMINAL_GUARD_GATED', 'TERMINAL_GUARD_ZDOTDIR', 'terminal_guard_fifo', 'NODE_OPTIONS', 'NODE_PATH', 'CLAUDE_CONFIG_DIR', 'CODEX_HOME', 'zdotdir', 'Path']) {
		t(name, true);
	}
	for (const name of ['NODE_ENV', 'JAVA_HOME', 'PYTHONPATH', 'DATABASE_URL', 'GOFLAGS', 'LANG', 'PSQL_PAGER', 'HOMEBREW_NO_ANALYTICS', 'ENVIRONMENT']) {
		t(name, false);
	}

	it('takes harmless variables (set and removed), ignores startup ones', () => {
		const r = workspaceEnvironment({ FOO: '1' }, { JAVA_HOME: '/opt/jdk', FOO: null, ZDOTDIR: '/ws/.zsh', BASH_ENV: '/ws/env', PROMPT_COMMAND: 'bind x' });
		assert.deepEqual(r.apply, { JAVA_HOME: '/opt/jdk', FOO: null });
		assert.deepEqual(r.ignored, ['ZDOTDIR', 'BASH_ENV', 'PROMPT_COMMAND']);
	});

	it('may raise production (NODE_ENV=production) but not lower it', () => {
		assert.deepEqual(workspaceEnvironment({}, { NODE_ENV: 'production' }).apply, { NODE_ENV: 'production' });
		assert.deepEqual(workspaceEnvironment({ NODE_ENV: 'development' }, { NODE_ENV: 'production' }).apply, { NODE_ENV: 'production' });
		assert.deepEqual(workspaceEnvironment({ NODE_ENV: 'production' }, { NODE_ENV: 'development' }).ignored, ['NODE_ENV']);
		assert.deepEqual(workspaceEnvironment({ RAILS_ENV: 'prod' }, { RAILS_ENV: null }).ignored, ['RAILS_ENV']);
		assert.deepEqual(workspaceEnvironment({ RAILS_ENV: 'prod' }, { RAILS_ENV: 'production' }).apply, { RAILS_ENV: 'production' });
	});

	it('ignores a value that is not a string or null, and an empty or missing setting', () => {
		assert.deepEqual(workspaceEnvironment({}, { X: 3 as unknown as string }).ignored, ['X']);
		assert.deepEqual(workspaceEnvironment({}, undefined), { apply: {}, ignored: [] });
	});
});

/**
 * VS Code agent hooks (Preview; `.github/hooks/*.json`, `~/.copilot/hooks`): Claude's PreToolUse
 * format with VS Code's terminal tool `run_in_terminal`. Matchers are ignored, so the hook sees every
 * tool and answers only for the terminal tool. Its default timeout (30 s) is too short for a person;
 * the installer raises it.
 */
import { parseClaudeStyle, replyClaudeStyle } from './claudeStyle';
import type { AgentAdapter } from './types';

export const vscodeAgent: AgentAdapter = {
	id: 'vscode',
	name: 'The VS Code agent (Copilot)',
	parse: parseClaudeStyle,
	reply: replyClaudeStyle,
};

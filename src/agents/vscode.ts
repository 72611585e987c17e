/**
 * VS Code agent hooks (Preview; `.github/hooks/*.json`, `~/.copilot/hooks`): Claude's PreToolUse
 * format (event `PreToolUse` or `preToolUse`) with VS Code's tools that run commands: `run_in_terminal`,
 * `send_to_terminal`, `create_and_run_task` and `run_task` (see claudeStyle.ts). Matchers are ignored,
 * so the hook sees every tool and answers only for those. Its default timeout (30 s) is too short for a person;
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

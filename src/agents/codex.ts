/**
 * Codex CLI (`~/.codex/hooks.json`, `.codex/hooks.json`): Claude-compatible PreToolUse for `Bash`.
 * Exit 2 with stderr blocks, which the Claude-style deny already does. The command may arrive as
 * argv (`["bash", "-lc", "…"]`); the script inside is what is judged.
 */
import { parseClaudeStyle, replyClaudeStyle } from './claudeStyle';
import type { AgentAdapter } from './types';

export const codex: AgentAdapter = {
	id: 'codex',
	name: 'Codex',
	parse: parseClaudeStyle,
	reply: replyClaudeStyle,
};

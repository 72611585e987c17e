/**
 * Claude Code (`~/.claude/settings.json` → hooks.PreToolUse, matcher `Bash`). Exit 2 blocks and its
 * stderr goes to the model; other non-zero exits let the command run, so every failure here must
 * end in exit 2. VS Code also runs hooks from Claude's settings files, with its own tool name
 * (`run_in_terminal`); both are understood.
 */
import { parseClaudeStyle, replyClaudeStyle } from './claudeStyle';
import type { AgentAdapter } from './types';

export const claudeCode: AgentAdapter = {
	id: 'claude-code',
	name: 'Claude Code',
	// PreToolUse's `updatedInput` replaces the Bash tool's input: the safer command a person chose runs instead.
	changesCommand: true,
	parse: parseClaudeStyle,
	reply: replyClaudeStyle,
};

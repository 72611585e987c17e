/**
 * Codex CLI (`~/.codex/hooks.json`, `.codex/hooks.json`): Claude-compatible PreToolUse for `Bash`.
 * Exit 2 with stderr blocks, which the Claude-style deny already does. The command may arrive as
 * argv (`["bash", "-lc", "…"]`); the script inside is what is judged.
 *
 * Codex has no "allow" (0.169.0: "PreToolUse hook returned unsupported permissionDecision:allow",
 * and the hook counts as failed), so a command a person confirmed gets no decision from us: it goes
 * on to Codex's own approval rules, as every command we do not stop does.
 */
import { parseClaudeStyle, replyClaudeStyle } from './claudeStyle';
import type { AgentAdapter } from './types';

export const codex: AgentAdapter = {
	id: 'codex',
	name: 'Codex',
	parse: parseClaudeStyle,
	reply: (decision) => replyClaudeStyle(decision.kind === 'allow' ? { kind: 'none' } : decision),
};

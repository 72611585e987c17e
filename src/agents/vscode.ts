/**
 * VS Code agent hooks (Preview; `.github/hooks/*.json`, `~/.copilot/hooks`): Claude's PreToolUse
 * format (event `PreToolUse` or `preToolUse`) with VS Code's tools that run commands: `run_in_terminal`,
 * `send_to_terminal`, `create_and_run_task` and `run_task` (see claudeStyle.ts). Matchers are ignored,
 * so the hook sees every tool and answers only for those. Its default timeout (30 s) is too short for a person;
 * the installer raises it.
 */
import { parseClaudeStyle, replyClaudeStyle } from './claudeStyle';
import { type AgentAdapter, type HookDecision, type HookReply, parseObject } from './types';

/**
 * Copilot CLI runs the same hook file (~/.copilot/hooks) but reads a deny differently: with exit 2 it
 * tells its model a top-level `permissionDecisionReason` (its documented output), and only
 * "hook exited with code 2" when the answer has `hookSpecificOutput` (seen with 1.0.102). VS Code
 * (Copilot Chat 0.67) reads only `hookSpecificOutput`. VS Code's input always carries the tool call's
 * `tool_use_id`; Copilot CLI's does not. Either answer exits 2, which both treat as "block", so a
 * wrong guess costs the reason's text, never the block.
 */
function fromCopilotCli(stdin: string): boolean {
	const input = parseObject(stdin);
	return typeof input === 'object' && !('tool_use_id' in input) && !('toolUseId' in input);
}

function replyTo(stdin: string, decision: HookDecision): HookReply {
	if (decision.kind !== 'deny' || !fromCopilotCli(stdin)) {
		return replyClaudeStyle(decision);
	}
	return { stdout: JSON.stringify({ permissionDecision: 'deny', permissionDecisionReason: decision.reason }) + '\n', stderr: decision.reason + '\n', exitCode: 2 };
}

export const vscodeAgent: AgentAdapter = {
	id: 'vscode',
	name: 'The VS Code agent (Copilot)',
	parse: parseClaudeStyle,
	reply: replyClaudeStyle,
	replyTo,
};

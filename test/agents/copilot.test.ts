/**
 * GitHub Copilot CLI, the real CLI, with no editor running (test/agents/noEditor.ts). It reads the hook
 * "Protect AI Agents…" writes for the VS Code agent (~/.copilot/hooks/terminal-guard.json). It passes a
 * deny's reason to the model only in its own output form (a top-level `permissionDecisionReason`; with
 * `hookSpecificOutput` and exit 2 it said only "hook exited with code 2"), which the hook gives it (src/agents/vscode.ts).
 */
import { noEditorSuite, terminalGuardReason } from './noEditor';

/** Copilot CLI's documented deny: `permissionDecision` at the top level, no `hookSpecificOutput`. */
function copilotDeny(stdout: string): boolean {
	const out = JSON.parse(stdout) as { permissionDecision?: string; hookSpecificOutput?: unknown };
	return out.permissionDecision === 'deny' && out.hookSpecificOutput === undefined;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

noEditorSuite('copilot', {
	// Copilot CLI masks what looks like a secret in the text it passes on ("Authorization: ******" for the
	// incident's "Authorization: Bearer $RAILWAY_TOKEN"), so the command is matched up to its first word.
	told: (command, target) => {
		const reason = terminalGuardReason(command, target).source;
		return new RegExp(`^Denied by preToolUse hook: Terminal Guard stopped this command: ${escape(command.split(' ')[0])}${reason.slice(reason.indexOf('[\\s\\S]*'))}`);
	},
	denyStdout: copilotDeny,
});

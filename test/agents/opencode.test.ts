/**
 * OpenCode, the real CLI (`opencode run`), with no editor running (test/agents/noEditor.ts). Terminal
 * Guard runs as an OpenCode plugin (~/.config/opencode/plugins/terminal-guard.js, written by the
 * installer) that calls `terminal-guard hook opencode` and throws on a refusal; OpenCode passes the
 * thrown message to the model as the tool's error.
 */
import { noEditorSuite, terminalGuardReason } from './noEditor';

noEditorSuite('opencode', {
	told: terminalGuardReason,
	denyStdout: (stdout) => (JSON.parse(stdout) as { decision?: string }).decision === 'deny',
});

/** Claude Code, the real CLI, with no editor running (test/agents/noEditor.ts). */
import { claudeStyleDeny, noEditorSuite, terminalGuardReason } from './noEditor';

noEditorSuite('claude-code', { told: terminalGuardReason, denyStdout: claudeStyleDeny });

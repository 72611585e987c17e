/** Codex CLI, the real CLI, with no editor running (test/agents/noEditor.ts). */
import { claudeStyleDeny, noEditorSuite, terminalGuardReason } from './noEditor';

noEditorSuite('codex', { told: terminalGuardReason, denyStdout: claudeStyleDeny });

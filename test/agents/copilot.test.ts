/**
 * GitHub Copilot CLI, the real CLI, with no editor running (test/agents/noEditor.ts). It reads the hook
 * "Protect AI Agents…" writes for the VS Code agent (~/.copilot/hooks/terminal-guard.json). On exit 2 it
 * tells the model only that the hook refused, not Terminal Guard's reason (which it passes on when a
 * hook denies with exit 0): docs/coverage.md.
 */
import { claudeStyleDeny, noEditorSuite } from './noEditor';

noEditorSuite('copilot', { told: () => /^Denied by preToolUse hook: hook exited with code 2$/, denyStdout: claudeStyleDeny });

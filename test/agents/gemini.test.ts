/** Gemini CLI, the real CLI, with no editor running (test/agents/noEditor.ts). */
import { noEditorSuite, terminalGuardReason } from './noEditor';

noEditorSuite('gemini', {
	told: terminalGuardReason,
	denyStdout: (stdout) => (JSON.parse(stdout) as { decision?: string }).decision === 'deny',
});

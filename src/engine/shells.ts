/**
 * Which shell runs a line, as its caller knows it. An agent's hook may name the shell (Copilot CLI's
 * `powershell` tool on Windows, Claude Code's `PowerShell` tool), a guarded terminal knows its shell's
 * path, and sometimes all that is known is that the line runs on Windows (a `C:\…` working directory)
 * where the shell may be PowerShell, cmd.exe or Git Bash. Then the line is judged as each of them and
 * the strictest verdict stands: reading PowerShell as bash (or bash as PowerShell) must not let a
 * destructive command through.
 */
import { analyze, prepare } from './analyze';
import { stricter } from './strictest';
import type { AnalysisContext, Verdict } from './types';

export { looksWindows, SHELL_HINTS, shellOfName, shellsFor, terminalShell, type ShellHint } from './shellNames';
import { shellsFor, type ShellHint } from './shellNames';

/** `prepare` for every shell the hint names (the PowerShell grammar loads only when one may be PowerShell). */
export async function prepareFor(line: string, context: AnalysisContext, hint: ShellHint | undefined): Promise<void> {
	for (const shell of shellsFor(hint)) {
		await prepare(line, { ...context, shell });
	}
}

/**
 * The verdict on `line` as run by the hinted shell; for `windows`, the strictest of bash, PowerShell
 * and cmd. `judge` is `analyze` unless the caller adds its own layers (the editor's workspace rules).
 */
export function analyzeFor(line: string, context: AnalysisContext, hint: ShellHint | undefined, judge: (line: string, context: AnalysisContext) => Verdict = analyze): Verdict {
	const [first, ...rest] = shellsFor(hint);
	let verdict = judge(line, { ...context, shell: first });
	for (const shell of rest) {
		verdict = stricter(verdict, judge(line, { ...context, shell }));
	}
	return verdict;
}

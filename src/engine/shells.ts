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

/** `windows`: a line run on Windows by a shell nobody named. */
export type ShellHint = 'bash' | 'powershell' | 'cmd' | 'windows';

export const SHELL_HINTS: readonly ShellHint[] = ['bash', 'powershell', 'cmd', 'windows'];

/** `pwsh`, `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, `cmd.exe`, `/bin/zsh` → the engine's shell; undefined for anything else. */
export function shellOfName(name: string): 'bash' | 'powershell' | 'cmd' | undefined {
	const base = name.trim().replace(/^.*[\\/]/, '').toLowerCase().replace(/\.exe$/, '').replace(/^-/, '');
	if (base === 'pwsh' || base === 'pwsh-preview' || base === 'powershell') {
		return 'powershell';
	}
	if (base === 'cmd') {
		return 'cmd';
	}
	return ['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'git-bash'].includes(base) ? 'bash' : undefined;
}

/**
 * The hint for a terminal running the shell at `shellPath`: `powershell` for pwsh/powershell.exe,
 * `cmd` for cmd.exe, undefined (a POSIX shell) for the rest.
 */
export function terminalShell(shellPath: string): ShellHint | undefined {
	const shell = shellOfName(shellPath);
	return shell === 'bash' ? undefined : shell;
}

/** A Windows working directory: `C:\…`, `C:/…` or a UNC path `\\server\share`. */
export function looksWindows(dir: string | undefined): boolean {
	return dir !== undefined && /^(?:[A-Za-z]:[\\/]|\\\\[^\\])/.test(dir);
}

/** The shells a line with this hint is judged as. */
export function shellsFor(hint: ShellHint | undefined): ('bash' | 'powershell' | 'cmd')[] {
	return hint === 'windows' ? ['bash', 'powershell', 'cmd'] : [hint ?? 'bash'];
}

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

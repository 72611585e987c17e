/**
 * Names of shells and what they tell the engine, with no engine code behind them: the lean agent hook
 * (dist/hook.js) and the bridge protocol read these without loading the parser (shells.ts judges).
 */

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

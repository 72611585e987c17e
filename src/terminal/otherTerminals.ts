/**
 * What the terminals VS Code starts itself (plain, task and extension terminals) need in their
 * environment to be guarded without a proxy: each shell asks the editor with `terminal-guard gate`.
 *  - bash: a PROMPT_COMMAND entry loads media/shell/bash/bridge.bash at the first prompt
 *    (interactive shells); BASH_ENV names media/shell/bash/gate.bash (`bash -c`).
 *  - zsh: ZDOTDIR names media/shell/zsh-bridge, whose .zshenv gives ZDOTDIR back at once, gates
 *    `zsh -c` and loads the Enter hook at the first prompt.
 * VS Code's own shell integration keeps working: it runs an inherited PROMPT_COMMAND, and reads the
 * person's ZDOTDIR from what our .zshenv leaves. Applied by src/ui/terminalEnvironment.ts; no vscode import.
 */
import * as path from 'node:path';

export interface TerminalVariables {
	/** Variables to set. */
	readonly replace: Readonly<Record<string, string>>;
	/** Text to put in front of a variable's value (PROMPT_COMMAND). */
	readonly prepend: Readonly<Record<string, string>>;
}

/** bash single quotes: a `'` becomes `'\''`. */
function bashQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The PROMPT_COMMAND entry: hands the last status on, and either runs the hook's per-prompt part or
 * (first prompt) loads it. A missing file (an extension update removed this version) is skipped.
 */
export function promptCommandEntry(bridgeScript: string): string {
	const file = bashQuote(bridgeScript);
	return `__tg_st=$?; if [ -n "\${__tg_mode-}" ]; then __tg_each_prompt; elif [ -r ${file} ]; then . ${file}; fi`;
}

/**
 * The variables for `shellDir` (media/shell) and the gate `shim`. `own` is the editor's environment:
 * a BASH_ENV or ZDOTDIR it already had is kept for the person's shells to use.
 */
export function otherTerminalVariables(shellDir: string, shim: string, own: Readonly<Record<string, string | undefined>>): TerminalVariables {
	const gate = path.join(shellDir, 'bash', 'gate.bash');
	const replace: Record<string, string> = {
		TERMINAL_GUARD_GATE: shim,
		BASH_ENV: gate,
		ZDOTDIR: path.join(shellDir, 'zsh-bridge'),
	};
	if (own.BASH_ENV && own.BASH_ENV !== gate) {
		replace.TERMINAL_GUARD_USER_BASH_ENV = own.BASH_ENV;
	}
	if (own.ZDOTDIR && own.ZDOTDIR !== replace.ZDOTDIR) {
		replace.TERMINAL_GUARD_ZDOTDIR = own.ZDOTDIR;
	}
	// The newline keeps any PROMPT_COMMAND the editor was started with as a command of its own.
	return { replace, prepend: { PROMPT_COMMAND: `${promptCommandEntry(path.join(shellDir, 'bash', 'bridge.bash'))}\n` } };
}

/** The variables applied to an environment, the way VS Code applies them to a terminal's. */
export function withTerminalVariables(env: Readonly<Record<string, string | undefined>>, variables: TerminalVariables): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(env)) {
		if (value !== undefined) {
			out[key] = value;
		}
	}
	Object.assign(out, variables.replace);
	for (const [key, value] of Object.entries(variables.prepend)) {
		out[key] = value + (out[key] ?? '');
	}
	return out;
}

/**
 * Environment variables whose value other programs run: a command line (`PAGER`, `EDITOR`, `MANPAGER`,
 * `PROMPT_COMMAND`, `SSH_ASKPASS` … — git, man, less, psql, crontab, ssh and the shells run them through
 * `sh -c`), a file a shell reads as code when it starts (`BASH_ENV`, `ENV`, `$ZDOTDIR/.zshenv`), a program
 * run in place of the shell (`npm_config_script_shell`, `SHELL`), files Node or Python load before the
 * program (`NODE_OPTIONS=--require …`, `RUBYOPT=-r…`, `PERL5OPT=-M…`, `PYTHONSTARTUP`, a PYTHONPATH
 * folder's sitecustomize.py), or prompt text whose `$(…)` runs at each prompt.
 *
 * `PAGER='rm -rf /srv/data; cat' git log` deletes /srv/data when git starts its pager, and
 * `BASH_ENV=/tmp/e bash -c true` runs /tmp/e first. Such an assignment — for one command, exported, or
 * only set for later — is judged as the code it runs, whichever program reads it (an assignment names
 * code meant to be run by something). unwrap.ts runs what this returns as shell text.
 */
import { parseLine } from './parse';
import { preloads } from './preloads';
import { riskyWord } from '../risk';
import type { ScriptLanguage } from './scripts';
import type { Assignment } from '../types';

/** Run as a shell command line. */
const COMMAND_LINES = new Set([
	'PAGER', 'MANPAGER', 'SYSTEMD_PAGER', 'GH_PAGER', 'AWS_PAGER', 'PSQL_PAGER', 'MYSQL_PAGER', 'BAT_PAGER', 'DELTA_PAGER', 'LESSPIPE',
	'EDITOR', 'VISUAL', 'SUDO_EDITOR', 'FCEDIT', 'KUBE_EDITOR', 'SVN_EDITOR', 'HGEDITOR', 'GH_EDITOR',
	'PROMPT_COMMAND', 'SSH_ASKPASS', 'SUDO_ASKPASS', 'BROWSER', 'DIFFPROG',
]);
/** A file the shell sources when it starts (bash for non-interactive shells, sh/dash/ksh for interactive ones). */
const SOURCED_FILES = new Set(['BASH_ENV', 'ENV']);
/** A program started instead of the shell (npm's and yarn's script shell; `SHELL` for tmux, script, vim's `:sh`…). */
const PROGRAMS = new Set(['npm_config_script_shell', 'NPM_CONFIG_SCRIPT_SHELL', 'YARN_SCRIPT_SHELL', 'SHELL']);
/** Prompts: a `$(…)` or backquote in them runs each time the prompt is shown (PS4 at each `set -x` line). */
const PROMPTS = new Set(['PS0', 'PS1', 'PS2', 'PS3', 'PS4', 'PROMPT', 'RPROMPT', 'RPS1']);

export interface VariableRun {
	/** Shell text that does what the value makes a program do. */
	readonly script: string;
	/** For the reason: `PAGER=…`. */
	readonly label: string;
}

/** Single-quoted shell text for a literal word. */
function quote(text: string): string {
	return `'${text.replace(/'/g, "'\\''")}'`;
}

/**
 * A value written as a path: `~` as the shell expands it in an assignment is left to the reader (input.ts),
 * and a value still holding `$X` stays an expansion (double-quoted), so what the line knows of X is used.
 */
function fileWord(value: string): string {
	if (/[$`]/.test(value)) {
		return `"${value.replace(/["\\]/g, '\\$&')}"`;
	}
	return /^~(?=\/|$)/.test(value) ? `~${quote(value.slice(1))}` : quote(value);
}

/**
 * less's input preprocessor: `|cmd %s` (a pipe), `||cmd %s`, `-` before either, or `cmd %s` (prints a file
 * name); LESSCLOSE is `cmd %s %s`. `%s` is the file less opens.
 */
function lessCommand(value: string): string {
	return value.replace(/^-?\|{0,2}/, '').replace(/%s/g, 'file');
}

/**
 * Interpreter switches any program of that language reads at start (`NODE_OPTIONS=--require …`,
 * `RUBYOPT=-r/tmp/x.rb bundle exec rake`), and Python's sitecustomize in PYTHONPATH folders (shell/preloads.ts).
 */
const ENV_PRELOADS: Record<string, [ScriptLanguage, string]> = { NODE_OPTIONS: ['javascript', 'node'], RUBYOPT: ['ruby', 'ruby'], PERL5OPT: ['perl', 'perl'], PYTHONPATH: ['python', 'python3'] };

/** The known values among the assignments: the folders RUBYOPT's `-rx` and PERL5OPT's `-Mx` look in may be set beside them. */
function knownValues(assignments: readonly Pick<Assignment, 'name' | 'value' | 'unknown' | 'elements'>[]): Record<string, string> {
	const known: Record<string, string> = {};
	for (const a of assignments) {
		if (!a.unknown && a.elements === undefined) {
			known[a.name] = a.value;
		}
	}
	return known;
}

/** Set on their own in the running shell, these are asked about by rules/self-protection.ts (the shell hook uses them). */
const HOOK_VARIABLES = new Set(['PROMPT_COMMAND', 'PS0', 'BASH_ENV', 'ZDOTDIR', 'ENV']);

/**
 * What the assignments of one command make other programs run, as shell text. `statement`: the
 * assignments stand alone (`export X=…`, `X=…;`), so those the self-protection rules ask about are left to them.
 */
export function variableRuns(assignments: readonly Pick<Assignment, 'name' | 'value' | 'unknown' | 'elements' | 'loop'>[], statement = false, usedInLine?: (name: string) => boolean): VariableRun[] {
	const runs: VariableRun[] = [];
	for (const a of assignments) {
		if (a.unknown || a.elements !== undefined || a.loop || (statement && HOOK_VARIABLES.has(a.name))) {
			continue;
		}
		// `PROMPT_COMMAND="$PROMPT_COMMAND; history -a"` keeps the old value, which this line did not set.
		const value = a.value.replace(new RegExp(`\\$(?:${a.name}\\b|\\{${a.name}(?:[:]?[-=+?][^}]*)?\\})`, 'g'), ':');
		if (value.trim() === '') {
			continue;
		}
		const label = `${a.name}=…`;
		if (COMMAND_LINES.has(a.name)) {
			runs.push({ script: value, label });
		} else if (a.name === 'LESSOPEN' || a.name === 'LESSCLOSE') {
			runs.push({ script: lessCommand(value), label });
		} else if (SOURCED_FILES.has(a.name)) {
			runs.push({ script: `. ${fileWord(value)}`, label });
		} else if (a.name === 'ZDOTDIR') {
			// zsh reads $ZDOTDIR/.zshenv in every shell, .zshrc in interactive ones.
			const dir = value.replace(/\/+$/, '');
			runs.push({ script: `. ${fileWord(`${dir}/.zshenv`)}; . ${fileWord(`${dir}/.zshrc`)}`, label });
		} else if (PROGRAMS.has(a.name)) {
			runs.push({ script: `${fileWord(value)} -c :`, label });
		} else if (a.name in ENV_PRELOADS) {
			// Files given as paths (a module name — `dotenv/config` — is a package, judged like any installed code: not here).
			const [language, program] = ENV_PRELOADS[a.name];
			for (const file of preloads(language, [], { ...knownValues(assignments), [a.name]: value }, true)) {
				runs.push({ script: `${program} ${fileWord(file)}`, label });
			}
		} else if (a.name === 'PYTHONSTARTUP') {
			runs.push({ script: `python3 ${fileWord(value)}`, label });
		} else if (PROMPTS.has(a.name) && /\$\(|`/.test(value)) {
			runs.push({ script: `: ${value}`, label });
		} else if (statement && riskyWord(value) !== undefined && usedInLine?.(a.name) === false && parseLine(value).status === 'complete') {
			// `export C='rm -rf /srv/data'`, then `$C` or `eval "$C"` in a later line of the same shell: a command
			// stored for later, judged now as `alias c='…'` is (the later line cannot know the value). A value the
			// line uses is judged where it is used (`M='rm -rf is risky'; git commit -m "$M"` is a message), and
			// text that is not a whole command line (`MSG='do not rm -rf here'`) is not code.
			runs.push({ script: value, label: `${a.name}=… (a command kept for later: $${a.name})` });
		}
	}
	return runs;
}

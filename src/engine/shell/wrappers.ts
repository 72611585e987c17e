/**
 * The wrappers unwrapping peels, part 1: the registry, privilege and process wrappers, `env`,
 * shells, `eval`, `xargs`, `find -exec`. Part 2 (remote machines, containers, runners, Windows
 * shells, interpreters) is in wrappers-remote.ts.
 *
 * A wrapper gets the words after its own name and answers with the command it runs (`argv`),
 * shell code it runs (`script`), code in another language (`code`), several of these, or nothing.
 */
import * as path from 'path';
import { commandName, firstPositional, hasOption, literalWord, optionValue, parseArgs, shortOption, withKnownFolders } from './argv';
import { outputOf, readRelative, UNKNOWN_INPUT } from './input';
import { LONG_OPTIONS } from './longOptions';
import { SUBSTITUTION } from './expand';
import { parseLine } from './parse';
import type { ScriptLanguage } from './scripts';
import { riskyWord } from '../risk';
import type { AnalysisContext, Invocation, Redirect, SimpleCommand, Stdin, Word } from '../types';

/** The result of one wrapper step. */
export type Step =
	| { readonly kind: 'argv'; readonly argv: readonly Word[]; readonly label: string; readonly env?: Record<string, string>; readonly remote?: boolean; readonly dynamicArgs?: boolean; readonly stdinText?: string | null }
	| { readonly kind: 'script'; readonly scripts: readonly string[]; readonly label: string; readonly remote?: boolean; readonly env?: Record<string, string>; readonly fromFile?: boolean; readonly dialect?: 'powershell'; readonly stdin?: StdinFeed }
	| { readonly kind: 'code'; readonly language: ScriptLanguage; readonly code: string; readonly label: string; readonly env?: Record<string, string>; readonly args?: readonly string[]; readonly fromFile?: boolean };

/**
 * What reaches the standard input of the commands a script step runs that have none of their own: by
 * default the wrapper's own, as a shell passes it on (`su postgres -c 'psql shop' < x.sql`, `ssh db1 psql
 * shop < x.sql`, where psql on the other machine reads x.sql from here); `{}` for none (`ssh -n`).
 */
export interface StdinFeed {
	readonly stdin?: Stdin;
	/** The wrapper's `< file`, read here (its text, when readable, is in `stdin`). */
	readonly redirect?: Redirect;
}

/** A wrapper may run several commands (`find -exec a ; -exec b ;`): then it answers with a list. */
export type Unwrapper = (args: readonly Word[], inv: Invocation, ctx: AnalysisContext) => Step | readonly Step[] | undefined;

export const UNWRAPPERS = new Map<string, Unwrapper>();

/**
 * Commands a program runs besides what its wrapper peels: a shell command in an option or config value
 * (`ssh -o ProxyCommand=…`, `git -c core.pager=…`). Asked for every invocation of the name, wrapper or not.
 */
export const ALSO_RUNS = new Map<string, Unwrapper>();

export function wrapper(names: string[], fn: Unwrapper): void {
	for (const n of names) {
		UNWRAPPERS.set(n, fn);
	}
}

/** Names of a process's own standard input as a file. */
const STDIN_FILES: ReadonlySet<string> = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** A wrapper whose own options come first, then the command: `nice -n 5 cmd`. */
function prefix(names: string[], withValue: string[], extra?: (args: readonly Word[], start: number) => number, assignments = false): void {
	wrapper(names, (args, inv) => {
		let start = firstPositional(args, withValue, 0, LONG_OPTIONS[inv.name]);
		if (extra) {
			start = extra(args, start);
		}
		// `sudo RAILS_ENV=production rails db:drop`: sudo and doas take assignments before the command.
		const env: Record<string, string> = {};
		while (assignments && start < args.length && /^[A-Za-z_]\w*=/.test(args[start].text)) {
			const t = args[start].text;
			env[t.slice(0, t.indexOf('='))] = t.slice(t.indexOf('=') + 1);
			start++;
		}
		if (start < args.length) {
			return { kind: 'argv', argv: args.slice(start), label: inv.name, env };
		}
		// `sudo -s <<< 'cmd'`, `sudo -i`, `doas -s`: with no command, a shell that reads its commands from standard input.
		const shell = (inv.name === 'sudo' || inv.name === 'doas') && args.some((w) => /^-[A-Za-z]*[si]$/.test(w.text) || w.text === '--shell' || w.text === '--login');
		return shell ? { kind: 'argv', argv: [literalWord('sh')], label: `${inv.name} (a shell)`, env } : undefined;
	});
}

prefix(['sudo'], ['-u', '--user', '-g', '--group', '-h', '--host', '-p', '--prompt', '-C', '--close-from', '-D', '--chdir', '-r', '--role', '-t', '--type', '-U', '--other-user', '-T', '--command-timeout', '-R', '--chroot'], undefined, true);
prefix(['doas'], ['-u', '-C'], undefined, true);
prefix(['nohup', 'setsid', 'chronic', 'unbuffer', 'torsocks', 'catchsegv', 'builtin', 'noglob', 'nocorrect', 'then', 'do', 'else'], []);
prefix(['nice'], ['-n', '--adjustment']);
prefix(['ionice'], ['-c', '--class', '-n', '--classdata', '-p', '--pid', '-P', '--pgid', '-u', '--uid']);
prefix(['stdbuf'], ['-i', '--input', '-o', '--output', '-e', '--error']);
prefix(['time'], ['-f', '--format', '-o', '--output'], undefined, true);
prefix(['caffeinate'], ['-t', '-w']);
prefix(['proxychains', 'proxychains4'], ['-f']);
prefix(['coproc', 'pkexec', 'catchsegv', 'eatmydata', 'fakeroot', 'faketime', 'tsocks', 'dbus-launch', 'dbus-run-session', 'xdg-su'], ['--user', '-u', '-c', '-l', '-s', '-f', '-b']);
prefix(['nsenter'], ['-t', '--target', '-S', '--setuid', '-G', '--setgid', '-w', '--wd', '-r', '--root']);
prefix(['unshare'], ['--propagation', '--setgroups', '-S', '--setuid', '-G', '--setgid', '-R', '--root', '-w', '--wd']);
prefix(['numactl'], ['-N', '--cpunodebind', '-m', '--membind', '-C', '--physcpubind', '-i', '--interleave', '-p', '--preferred']);
prefix(['cgexec'], ['-g']);
prefix(['prlimit'], []);
// `entr [-acdnprsz] utility …`; with -s the first argument is shell code run by $SHELL -c.
wrapper(['entr'], (args, inv) => {
	const start = firstPositional(args, []);
	if (start >= args.length) {
		return undefined;
	}
	const shell = args.slice(0, start).some((a) => /^-[a-z]*s/.test(a.text));
	return shell ? { kind: 'script', scripts: [args[start].text], label: 'entr -s' } : { kind: 'argv', argv: args.slice(start), label: inv.name };
});
// `gosu USER cmd…`, `su-exec USER cmd…`, `chroot NEWROOT cmd…`, `taskset MASK cmd…`, `sg GROUP cmd…`
prefix(['gosu', 'su-exec', 'chroot', 'taskset'], ['--userspec', '--groups', '-u', '-U', '-e'], (args, start) => (args.slice(0, start).some((a) => a.text === '-p' || a.text === '--pid') ? args.length : start + 1));
// `setpriv [opts] cmd…` and `chpst [opts] cmd…` name no user as a word of its own: the command comes right after the options.
prefix(['setpriv'], ['--reuid', '--regid', '--ruid', '--rgid', '--euid', '--egid', '--groups', '--inh-caps', '--ambient-caps', '--bounding-set', '--securebits', '--pdeathsig', '--selinux-label', '--apparmor-profile', '--landlock-access', '--landlock-rule', '--seccomp-filter']);
prefix(['chpst'], ['-u', '-U', '-e', '-/', '-n', '-l', '-L', '-m', '-d', '-o', '-p', '-f', '-c', '-r', '-t']);
// `chrt [opts] PRIORITY cmd…` (`chrt -p …` changes a running process: no command).
prefix(['chrt'], ['-T', '--sched-runtime', '-P', '--sched-period', '-D', '--sched-deadline'], (args, start) => (args.slice(0, start).some((a) => a.text === '-p' || a.text === '--pid') ? args.length : start + 1));
prefix(['tini', 'tini-static'], ['-e', '-p']);
// zsh's `repeat 3 cmd`: the count, then the command.
prefix(['repeat'], [], (_args, start) => start + 1);
prefix(['dumb-init', 'with-contenv', 'runcon', 'systemd-inhibit', 'setuidgid', 'envuidgid', 'softlimit', 'flatpak-spawn', 'catatonit'], ['-t', '-u', '-r', '-l', '-c', '--what', '--who', '--why', '--mode', '--env', '--directory', '--rewrite-signal', '-m', '-d', '-o', '-p', '-f', '-a', '-s']);
// `retry [opts] -- cmd…`
prefix(['retry'], ['-t', '--times', '--tries', '-d', '--delay', '-m', '--min', '-x', '--max', '-u', '--until', '-w', '--while']);
prefix(['xvfb-run'], ['-n', '--server-num', '-s', '--server-args', '-e', '--error-file', '-f', '--auth-file', '-p', '--xauth-protocol']);
prefix(['firejail', 'systemd-run', 'strace', 'ltrace', 'valgrind'], ['-o', '-e', '-p', '-u', '--unit', '-s']);
// bwrap [opts] cmd…: bubblewrap's options take none, one, two or (--overlay) three values.
const BWRAP_VALUES = new Map<string, number>([
	...['--bind', '--bind-try', '--dev-bind', '--dev-bind-try', '--ro-bind', '--ro-bind-try', '--symlink', '--setenv', '--file', '--bind-data', '--ro-bind-data', '--chmod'].map((o) => [o, 2] as const),
	...['--uid', '--gid', '--hostname', '--chdir', '--unsetenv', '--lock-file', '--sync-fd', '--info-fd', '--json-status-fd', '--block-fd', '--userns-block-fd', '--userns', '--userns2', '--pidns', '--seccomp', '--add-seccomp-fd', '--exec-label', '--file-label', '--proc', '--dev', '--tmpfs', '--mqueue', '--dir', '--remount-ro', '--cap-add', '--cap-drop', '--perms', '--size', '--args', '--argv0', '--overlay-src', '--tmp-overlay', '--ro-overlay'].map((o) => [o, 1] as const),
	['--overlay', 3],
]);
wrapper(['bwrap'], (args, inv) => {
	let i = 0;
	while (i < args.length && args[i].text.startsWith('--')) {
		if (args[i].text === '--') {
			i++;
			break;
		}
		i += 1 + (BWRAP_VALUES.get(args[i].text) ?? 0);
	}
	return i < args.length ? { kind: 'argv', argv: args.slice(i), label: inv.name } : undefined;
});
// timeout [opts] DURATION cmd…
prefix(['timeout', 'gtimeout'], ['-s', '--signal', '-k', '--kill-after'], (_args, start) => start + 1);
// flock [opts] FILE cmd… (flock -c 'cmd' FILE handled below)
wrapper(['flock'], (args, inv) => {
	const parsed = parseArgs(args, { withValue: ['-w', '--timeout', '-E', '--conflict-exit-code', '-c', '--command'], long: LONG_OPTIONS.flock });
	const command = optionValue(parsed, '-c', '--command');
	if (command) {
		return { kind: 'script', scripts: [command], label: 'flock -c' };
	}
	const start = firstPositional(args, ['-w', '--timeout', '-E', '--conflict-exit-code'], 0, LONG_OPTIONS.flock) + 1;
	return start < args.length ? { kind: 'argv', argv: args.slice(start), label: inv.name } : undefined;
});

wrapper(['command'], (args, inv) => {
	// `command -v rm` only looks the name up (its own options only: `command docker compose down -v` runs).
	const start = firstPositional(args, []);
	if (args.slice(0, start).some((a) => /^-[pVv]*[vV]/.test(a.text))) {
		return undefined;
	}
	return start < args.length ? { kind: 'argv', argv: args.slice(start), label: inv.name } : undefined;
});

wrapper(['exec'], (args, inv) => {
	const start = firstPositional(args, ['-a']);
	return start < args.length ? { kind: 'argv', argv: args.slice(start), label: inv.name } : undefined;
});

// `env` is in wrappers-exec.ts.

export const SHELLS = ['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'rbash', 'busybox', 'tcsh', 'csh', 'yash', 'posh', 'nu', 'xonsh', 'osh', 'ysh', 'elvish'];
wrapper(SHELLS, (args, inv, ctx) => {
	let rest = args;
	if (inv.name === 'busybox') {
		if (!rest[0] || !['sh', 'ash', 'bash'].includes(rest[0].text)) {
			return rest[0] ? { kind: 'argv', argv: rest, label: 'busybox' } : undefined;
		}
		rest = rest.slice(1);
	}
	const label = `${inv.name} -c`;
	let fromStdin = false;
	for (let i = 0; i < rest.length; i++) {
		const t = rest[i].text;
		if (t === '--command' || t === '-c' || (/^-[a-zA-Z]+$/.test(t) && t.includes('c'))) {
			return i + 1 < rest.length ? { kind: 'script', scripts: [withPositionals(codeOf(rest[i + 1], inv), rest.slice(i + 3))], label } : undefined;
		}
		if (t.startsWith('--command=') || t.startsWith('--init-command=')) {
			return { kind: 'script', scripts: [t.slice(t.indexOf('=') + 1)], label };
		}
		if (['-o', '+o', '-O', '+O', '--rcfile', '--init-file', '-C', '--init-command'].includes(t)) {
			i++;
			continue;
		}
		if (t === '-' || t === '--') {
			// `bash -` reads the script from stdin; after `--` comes the script file (or, with -s, arguments).
			if (t === '-' || fromStdin) {
				break;
			}
			continue;
		}
		if (/^-[a-zA-Z]*s[a-zA-Z]*$/.test(t) && !t.startsWith('--')) {
			// `bash -s arg…`: the script comes from stdin, the words after it are its arguments.
			fromStdin = true;
			continue;
		}
		if (t.startsWith('-') || t.startsWith('+')) {
			continue;
		}
		if (fromStdin || STDIN_FILES.has(t)) {
			// `bash /dev/stdin <<< …`: the script is standard input.
			break;
		}
		// `bash script.sh`: read the script; one that cannot be read is judged as unknown code.
		const history = historyInput(inv, rest[i]);
		if (history) {
			return history;
		}
		const script = readRelative(t, ctx);
		return script !== undefined ? { kind: 'script', scripts: [script], label: `${inv.name} ${t}`, fromFile: true } : unknownInput(rest[i], inv, ctx);
	}
	// `… | bash`, `bash <<EOF`, `bash -s`
	if (inv.stdinText !== undefined) {
		return { kind: 'script', scripts: [inv.stdinText], label: `${inv.name} (stdin)` };
	}
	return unknownStdinCode(inv, ctx);
});

/**
 * Code a shell (or `at`, `batch`) reads on standard input that the line does not spell out: lines from
 * history, a download, a file that cannot be read, or a pipeline not computed here that holds a risky word.
 */
export function unknownStdinCode(original: Invocation, ctx: AnalysisContext): Step | undefined {
	// `docker exec -i db sh < x.sh`, `curl … | kubectl exec -i pod -- sh`: the shell runs elsewhere, but what feeds
	// it is this line's (the wrapper's redirect or pipe), read here as for a local shell. A shell from a script
	// run elsewhere (`ssh host 'sh < /tmp/x'`) reads a file over there.
	const fedHere = original.remote && commandName(original.source.words[0]?.text ?? '') !== original.name;
	const inv = fedHere ? { ...original, remote: false } : original;
	// `fc -ln -1 | bash`, `history | tail -1 | sh`: lines from history.
	const history = historyInput(inv, undefined);
	if (history) {
		return history;
	}
	// `curl -fsSL URL | sh`: code downloaded as it runs.
	const producer = inv.source.stdin?.kind === 'pipe' ? inv.source.stdin.from : undefined;
	const from = producer ? downloadedFrom(producer.words) : undefined;
	if (from) {
		return unknownInput(from, inv, ctx, true);
	}
	// `bash < cleanup.sh`, `cat cleanup.sh | sh` with a file that cannot be read (missing, too large, not a
	// regular file): the code is unknown, as for `bash cleanup.sh`.
	const redirected = inv.redirects.filter((r) => r.op === '<' && r.target && (r.fd === undefined || r.fd === '0')).at(-1)?.target;
	const catted = producer && /^(?:cat|zcat|gzcat|bzcat|xzcat)$/.test(commandName(producer.words[0]?.text ?? '')) && outputOf(producer, ctx) === undefined
		? producer.words.slice(1).find((w) => !w.text.startsWith('-'))
		: undefined;
	if (redirected ?? catted) {
		return unknownInput((redirected ?? catted)!, inv, ctx);
	}
	// `echo rm -rf /srv/data | tr -d x | sh`: code made by a pipeline whose output is not computed here. With a
	// risky word in that pipeline it asks, naming the last stage. So does code made from text the line spells
	// out by a stage not computed here (`echo 'ez -es /fei/qngn' | tr a-z n-za-m | sh`: rot13 hides every word).
	// Without either (`some-tool init | sh`) it is judged as before (unknown, allowed).
	return producer && (pipelineIsRisky(producer, ctx) || transformsKnownText(producer, ctx)) ? unknownInput(literalWord(`the output of ${producer.raw.trim()}`), inv, ctx, true) : undefined;
}

/**
 * Whether any stage feeding `last` holds a risky word: as written, as expanded (`X='rm -rf …'; echo "$X" | …`),
 * or in what it prints when that is known (`cat notes.txt | tr … | sh`). Every stage is read: a risky word
 * must not hide behind a long run of `| cat` (a line has at most a few thousand commands).
 */
export function pipelineIsRisky(last: SimpleCommand, ctx: AnalysisContext): boolean {
	for (let cmd: SimpleCommand | undefined = last; cmd; cmd = cmd.stdin?.kind === 'pipe' ? cmd.stdin.from : undefined) {
		const output = outputOf(cmd, ctx);
		if (riskyWord(cmd.raw) || riskyWord(cmd.words.map((w) => w.text).join(' ')) || riskyWord(output ?? '') || (output === undefined && readsRiskyFile(cmd, ctx))) {
			return true;
		}
	}
	return false;
}

/**
 * Whether a stage whose output is not computed reads a file holding a risky word (`grep -v '^--' wipe.sql | psql`,
 * `sed 1d cleanup.sh | sh`): each of its first words that is not an option is tried as a file, as the line names it.
 */
function readsRiskyFile(cmd: SimpleCommand, ctx: AnalysisContext): boolean {
	return cmd.words.slice(1, 9).some((w) => !w.dynamic && !w.text.startsWith('-') && riskyWord(readRelative(w.text, ctx) ?? '') !== undefined);
}

/** Whether an earlier stage of the pipeline ending in `last` (whose own output is not known) prints text known here. */
function transformsKnownText(last: SimpleCommand, ctx: AnalysisContext): boolean {
	let stages = 0;
	for (let cmd = last.stdin?.kind === 'pipe' ? last.stdin.from : undefined; cmd && stages < 64; cmd = cmd.stdin?.kind === 'pipe' ? cmd.stdin.from : undefined, stages++) {
		if ((outputOf(cmd, ctx) ?? '').trim() !== '') {
			return true;
		}
	}
	return false;
}

/**
 * `sh -c 'rm -rf "$1"' _ build`: the script's `$1`… are the words after `$0`. Plain values are
 * put in place so the target can be named; anything with shell characters is left as `$1`.
 */
function withPositionals(script: string, values: readonly Word[]): string {
	if (values.length === 0 || !/\$(?:\{?[1-9]|[@*])/.test(script)) {
		return script;
	}
	const plain = values.every((w) => /^[\w./@:+,%=~-]+$/.test(w.text));
	if (!plain) {
		return script;
	}
	return script
		.replace(/\$\{?([1-9])\}?/g, (m, n: string) => values[Number(n) - 1]?.text ?? m)
		.replace(/\$\{?[@*]\}?/g, values.map((w) => w.text).join(' '));
}

// CLI deleters from package registries: `npx rimraf dist`, `rimraf '**/*.log'`.
wrapper(['rimraf', 'rimraf-cli', 'del-cli'], (args, inv) => {
	const paths = parseArgs(args, { withValue: ['--glob', '--impl', '--max-retries', '--retry-delay', '--backoff', '--max-backoff'] }).positionals;
	return paths.length > 0 && !args.some((a) => a.text === '--help' || a.text === '-h' || a.text === '--dry-run' || a.text === '-d') ? { kind: 'argv', argv: [literalWord('rm'), literalWord('-rf'), ...paths], label: inv.name } : undefined;
});

// `alias ls='rm -rf ~'`, `trap 'rm -rf /srv/data' EXIT`: code planted now that runs later, judged now.
wrapper(['alias'], (args) => {
	const scripts = args.map((w) => w.text).filter((t) => /^[^=\s]+=/.test(t)).map((t) => t.slice(t.indexOf('=') + 1)).filter((t) => t.trim() !== '');
	return scripts.length > 0 ? { kind: 'script', scripts, label: 'alias' } : undefined;
});

wrapper(['trap'], (args) => {
	const code = args[0]?.text;
	return code !== undefined && code !== '-' && !code.startsWith('-') && code.trim() !== '' && args.length > 1 ? { kind: 'script', scripts: [code], label: 'trap' } : undefined;
});

/**
 * The code a word holds, for eval and `sh -c`: `$X` where X is not known here but a substitution set it
 * (`X=$(cat y.sh) && eval "$X"`: assigned after `&&`, or from a file not read) is that substitution, so
 * the code is judged as `eval "$(cat y.sh)"` is. Anything else is the word's text.
 */
function codeOf(word: Word, inv: Invocation): string {
	const name = word.dynamic ? /^\$\{?([A-Za-z_]\w*)\}?$/.exec(word.text)?.[1] : undefined;
	const written = name === undefined ? undefined : inv.env[name];
	const substitution = written === undefined ? null : SUBSTITUTION.exec(written);
	const code = substitution ? substitution[1] ?? substitution[2] : undefined;
	// A line from the shell's history (`x=$(fc -ln -1); eval "$x"`) is asked about as such already (analyze.ts).
	return code === undefined || historyReaderIn(code) ? word.text : substitution![1] !== undefined ? `$(${code})` : `\`${code}\``;
}

// fish's `eval (cmd)` runs what cmd prints, like `eval "$(cmd)"`; in bash an unquoted `(` there is a syntax error.
wrapper(['eval'], (args, inv) => (args.length > 0 ? { kind: 'script', scripts: [args.map((w) => (/^\(.*\)$/s.test(w.raw) ? `$${w.raw}` : codeOf(w, inv))).join(' ')], label: 'eval' } : undefined));

/**
 * Name of the synthetic invocation for a command that runs lines from the shell's history, which the
 * engine cannot read (an agent's shell has none; the terminal hooks resolve the line before asking,
 * docs/terminal.md): argv is `[UNKNOWN_HISTORY, target, what it does]`.
 */
export const UNKNOWN_HISTORY = '@unknown-history';

/**
 * What a person types to confirm a re-run from history: the command as written (`fc -s rm`), or a lone
 * word made into a name that is not a program's (`r command`, `history output`).
 */
export function historyTarget(written: string, lone: 'command' | 'output'): string {
	return /\s/.test(written.trim()) ? written.trim() : `${written.trim()} ${lone}`;
}

function unknownHistory(target: string, what: string, lone: 'command' | 'output'): Step {
	return { kind: 'argv', argv: [literalWord(UNKNOWN_HISTORY), literalWord(historyTarget(target, lone)), literalWord(what)], label: target };
}

/**
 * `fc -s [old=new] [ref]`, `fc -e - …` and zsh's `r …` run a line from history again; `fc [-e EDITOR]
 * [first [last]]` runs what the editor saves. Listing (`fc -l`) and zsh's history-file options run nothing.
 * Options as bash and zsh take them: clustered (`-sl`), `-e` with its value attached or next.
 */
wrapper(['fc', 'r'], (args, inv) => {
	let execute = inv.name === 'r';
	let list = false;
	let editor: string | undefined;
	let i = 0;
	for (; i < args.length; i++) {
		const t = args[i].text;
		if (t === '--') {
			i++;
			break;
		}
		if (!/^-[A-Za-z]/.test(t)) {
			break;
		}
		for (let j = 1; j < t.length; j++) {
			const c = t[j];
			if (c === 'e' || c === 'm' || c === 't') {
				const value = j + 1 < t.length ? t.slice(j + 1) : args[++i]?.text;
				if (c === 'e') {
					editor = value;
				}
				break;
			}
			if (c === 's') {
				execute = true;
			} else if (c === 'l') {
				list = true;
			} else if ('pPRWAa'.includes(c)) {
				// zsh: push/pop the history list, read/write/append history files.
				return undefined;
			}
		}
	}
	execute ||= editor === '-';
	if (list && !execute) {
		return undefined;
	}
	const positional = args.slice(i).filter((w) => !/^[^=]*=/.test(w.text) || w.text.startsWith('-'));
	const ref = positional[0]?.text;
	const written = [inv.argv[0].raw, ...args.map((w) => w.raw)].join(' ');
	const which = ref === undefined ? 'the previous command' : /^-?\d+$/.test(ref) ? `history entry ${ref}` : `the latest command starting with "${ref}"`;
	const what = execute
		? `${written} runs ${which} from the shell's history again, and that history cannot be read here: what it runs is only known when it runs.`
		: `${written} opens ${which} from the shell's history in ${editor ?? 'an editor'} and runs what is saved, and that history cannot be read here: what it runs is only known when it runs.`;
	// The target from the words as the shell reads them, so that quoting or a variable does not change it.
	return unknownHistory([inv.name, ...args.map((w) => w.text)].join(' '), what, 'command');
});

/**
 * Commands that print lines of the shell's history (`fc -l`, `history`, fish `history search`, zsh
 * `$history[…]`): what they print is run when it reaches `eval`, a shell, `source` or a command name.
 */
export function readsHistory(words: readonly Word[]): boolean {
	const name = words[0] ? commandName(words[0].text) : '';
	return name === 'fc' || name === 'history' || words.some((w) => /\$\{?history\b/.test(w.text));
}

/** The history reader among `code`'s commands, as written (`fc -ln -1`), if there is one. */
export function historyReaderIn(code: string): string | undefined {
	if (code.length > 4096 || !/\b(?:fc|history)\b/.test(code)) {
		return undefined;
	}
	return parseLine(code).commands.find((c) => readsHistory(c.words))?.raw;
}

/** The history reader anywhere up a pipe into `cmd` (`history | tail -1 | sh`), as written. */
function historyPipedInto(inv: Invocation): string | undefined {
	for (let from = inv.source.stdin?.kind === 'pipe' ? inv.source.stdin.from : undefined, n = 0; from && n < 16; n++) {
		if (readsHistory(from.words)) {
			return from.raw;
		}
		from = from.stdin?.kind === 'pipe' ? from.stdin.from : undefined;
	}
	return undefined;
}

/** The step for a shell, `source` or `.` whose code comes from a history reader; undefined otherwise. */
function historyInput(inv: Invocation, file: Word | undefined): Step | undefined {
	const substituted = file ? /^<\(([\s\S]*)\)$/.exec(file.text) : null;
	const reader = substituted ? historyReaderIn(substituted[1]) : file ? undefined : historyPipedInto(inv);
	return reader ? unknownHistory(reader, `${inv.argv[0].raw} runs what ${reader} prints: lines from the shell's history, which cannot be read here, so what it runs is only known when it runs.`, 'output') : undefined;
}

wrapper(['source', '.'], (args, inv, ctx) => {
	// fish: `history search rm | source`, and `source <(fc -ln -1)`.
	const history = historyInput(inv, args[0]);
	if (history) {
		return history;
	}
	// `source /dev/stdin <<< 'cmd'`, `… | . /dev/stdin`: the code is standard input, as for `bash /dev/stdin`.
	if (args[0] && STDIN_FILES.has(args[0].text)) {
		return inv.stdinText !== undefined ? { kind: 'script', scripts: [inv.stdinText], label: `${inv.name} (stdin)` } : unknownStdinCode(inv, ctx);
	}
	const script = args[0] ? readRelative(args[0].text, ctx) : undefined;
	return script !== undefined ? { kind: 'script', scripts: [script], label: inv.name, fromFile: true } : args[0] ? unknownInput(args[0], inv, ctx) : undefined;
});

/**
 * The step for code a wrapper would run but cannot read: analyze.ts asks for the file by name.
 * Not for a remote command (its files are not here to read), nor inside a file that was read
 * (`[ -f ~/.bash_aliases ] && . ~/.bash_aliases` in a .bashrc: a file that is not there is skipped)
 * unless the line itself wrote that file with contents only known when it runs. `notAFile`: the word is
 * code made as the line runs (a download, a pipeline's output), not a file's name.
 */
export function unknownInput(file: Word, inv: Invocation, ctx: AnalysisContext, notAFile = false): Step | undefined {
	if (inv.remote) {
		return undefined;
	}
	// `bash <(curl -s URL)`: ask for the URL, the name a person recognises.
	const substituted = /^<\(([\s\S]*)\)$/.exec(file.text);
	const url = substituted ? downloadedFrom(parseLine(substituted[1]).commands.at(-1)?.words ?? []) : undefined;
	// Code that is not a file on disk (a download, a pipeline's output), run by text the line plants for later,
	// is as unknown as if the line ran it now.
	const planted = inv.planted !== undefined && (notAFile || url !== undefined);
	if (inv.fromFile && !planted) {
		const here = inv.cwd ?? ctx.cwd ?? process.cwd();
		const known = withKnownFolders(file.text, here, ctx.home ?? ctx.env?.HOME);
		const absolute = /[$`]/.test(known) || known.startsWith('~') ? undefined : path.resolve(here, known);
		if (absolute === undefined || !ctx.writtenInLine?.(absolute)) {
			return undefined;
		}
	}
	return { kind: 'argv', argv: [literalWord(UNKNOWN_INPUT), url ?? file, literalWord(inv.name)], label: `${inv.name} ${file.text}` };
}

/** Programs that print what they fetch over the network. */
export const FETCHERS = new Set(['curl', 'wget', 'http', 'https', 'xh', 'xhs', 'fetch', 'iwr', 'invoke-webrequest', 'aria2c']);

/** The URL a fetcher prints (`curl -fsSL https://get.docker.com`), as a word; undefined for anything else. */
export function downloadedFrom(words: readonly Word[]): Word | undefined {
	if (words.length === 0 || !FETCHERS.has(commandName(words[0].text))) {
		return undefined;
	}
	return words.slice(1).find((w) => /^(?:[a-z][\w+.-]*:\/\/|[\w-]+(?:\.[\w-]+)+\/)/i.test(w.text)) ?? words.slice(1).reverse().find((w) => !w.text.startsWith('-'));
}

wrapper(['su', 'runuser'], (args, inv) => {
	const parsed = parseArgs(args, { withValue: ['-c', '--command', '-s', '--shell', '-g', '--group', '-u', '--user'], long: LONG_OPTIONS[inv.name] });
	const command = optionValue(parsed, '-c', '--command');
	if (command) {
		return { kind: 'script', scripts: [command], label: 'su -c' };
	}
	// `runuser -u postgres -- psql …`
	const dashdash = args.findIndex((a) => a.text === '--');
	if (dashdash >= 0 && dashdash + 1 < args.length) {
		return { kind: 'argv', argv: args.slice(dashdash + 1), label: inv.name };
	}
	// `su <<< 'cmd'`, `sudo su - deploy <<< 'cmd'`: without -c, the user's shell reads standard input.
	return { kind: 'argv', argv: [literalWord('sh')], label: `${inv.name} (a shell)` };
});

wrapper(['script'], (args) => {
	const parsed = parseArgs(args, { withValue: ['-c', '--command', '-t', '--timing', '-E', '--echo'], long: LONG_OPTIONS.script });
	const command = optionValue(parsed, '-c', '--command');
	return command ? { kind: 'script', scripts: [command], label: 'script -c' } : undefined;
});

wrapper(['watch'], (args) => {
	const withValue = ['-n', '--interval', '-q', '--equexit'];
	const start = firstPositional(args, withValue, 0, LONG_OPTIONS.watch);
	if (start >= args.length) {
		return undefined;
	}
	const exec = hasOption(parseArgs(args.slice(0, start), { withValue, long: LONG_OPTIONS.watch }), '-x', '--exec');
	return exec
		? { kind: 'argv', argv: args.slice(start), label: 'watch' }
		: { kind: 'script', scripts: [args.slice(start).map((w) => w.text).join(' ')], label: 'watch' };
});

wrapper(['xargs'], (args, inv, ctx) => {
	// `-i`, `-e` and `-l` take their value only when attached (`-i{}`), so they are not listed.
	const withValue = ['-a', '--arg-file', '-d', '--delimiter', '-E', '-I', '-L', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars', '--process-slot-var', '--max-lines'];
	const start = firstPositional(args, withValue, 0, LONG_OPTIONS.xargs);
	const command = start < args.length ? args.slice(start) : [literalWord('echo')];
	const options = parseArgs(args.slice(0, start), { withValue, long: LONG_OPTIONS.xargs });
	const file = optionValue(options, '-a', '--arg-file');
	const input = file !== undefined ? readRelative(file, ctx) : inv.stdinText;
	const nul = hasOption(options, '-0', '--null');
	const items = input === undefined ? [] : (nul ? input.replace(/\n$/, '').split('\0') : input.split(/\n/)).flatMap((line) => (nul ? [line] : line.trim().split(/\s+/))).filter(Boolean);
	const iFlag = args.slice(0, start).find((a) => /^-i/.test(a.text));
	const replace = options.options.has('-I') || iFlag !== undefined || options.options.has('--replace');
	if (items.length > 0 && !replace) {
		return { kind: 'argv', argv: [...command, ...items.map((t) => literalWord(t))], label: 'xargs', stdinText: null };
	}
	const placeholder = optionValue(options, '-I', '--replace') || iFlag?.text.slice(2) || '{}';
	if (items.length > 0) {
		// `xargs -I{} cmd {}`: each input line replaces the placeholder.
		const lines = (input ?? '').split(nul ? '\0' : '\n').map((l) => l.trim()).filter(Boolean);
		return lines.slice(0, 64).map((line) => ({
			kind: 'argv' as const, argv: command.map((w) => (w.text.includes(placeholder) ? literalWord(w.text.split(placeholder).join(line)) : w)), label: 'xargs', stdinText: null,
		}));
	}
	return { kind: 'argv', argv: replace ? withoutPlaceholder(command, placeholder) : command, label: 'xargs', dynamicArgs: true, stdinText: null };
});

/**
 * The command of `xargs -I{}` or `parallel` when what replaces the placeholder is only known at run
 * time. A word that is only the placeholder goes (the arguments come from the input, as with a plain
 * `xargs rm`), so no rule takes `{}` for a name; inside a word it becomes a glob (`cache/{}` →
 * `cache/*`); inside shell code (`sh -c 'rm -rf %'`) a lone placeholder goes the same way.
 */
function withoutPlaceholder(command: readonly Word[], placeholder: string): Word[] {
	const escaped = placeholder.replace(/[$^.*+?()[\]{}|\\]/g, '\\$&');
	const alone = new RegExp(`(^|\\s)(["']?)${escaped}\\2(?=\\s|$)`, 'g');
	const out: Word[] = [];
	for (const [i, w] of command.entries()) {
		if (i === 0 || !w.text.includes(placeholder)) {
			out.push(w);
		} else if (w.text !== placeholder) {
			const text = w.text.replace(alone, '$1').split(placeholder).join('*');
			out.push({ ...w, text, dynamic: true, glob: text.includes('*') && !/\s/.test(text) });
		}
	}
	return out;
}

// `parallel` and `sem` are in wrappers-exec.ts.

/**
 * Where a `find` starts (`find -L logs src -name x` → `logs`, `src`): the words before its expression,
 * after the options `-H`, `-L`, `-P`, `-D LIST` and `-O3`. None means the working directory, `.`.
 */
export function findRoots(args: readonly Word[]): Word[] {
	let i = 0;
	while (i < args.length && /^-(?:[HLP]|D|O\d*)$/.test(args[i].text)) {
		i += args[i].text === '-D' ? 2 : 1;
	}
	const roots: Word[] = [];
	for (; i < args.length && !/^(?:-.+|[()!,])$/.test(args[i].text); i++) {
		roots.push(args[i]);
	}
	return roots;
}

/** Where `fd PATTERN [PATH…]` searches: its paths (and `--search-path`); none means `.`. */
export function fdRoots(args: readonly Word[]): Word[] {
	const first = args.findIndex((a) => isExec(a.text, true));
	const parsed = parseArgs(first < 0 ? args : args.slice(0, first), { withValue: FD_WITH_VALUE });
	const searchPaths = (parsed.options.get('--search-path') ?? []).map((p) => literalWord(p));
	return [...parsed.positionals.slice(1), ...searchPaths];
}

/** Where a `find` or `fd` (named `name`, with arguments `args`) searches; none means `.`. */
export function searchRoots(name: string, args: readonly Word[]): Word[] {
	return name.startsWith('fd') ? fdRoots(args) : findRoots(args);
}

const FD_WITH_VALUE = ['-e', '--extension', '-t', '--type', '-E', '--exclude', '-d', '--max-depth', '--min-depth', '--exact-depth', '-S', '--size', '--changed-within', '--changed-before', '-j', '--threads', '-o', '--owner', '--base-directory', '--path-separator', '-c', '--color', '--max-results', '--ignore-file', '--search-path'];
const FIND_EXEC = ['-exec', '-execdir', '-ok', '-okdir', '-x', '--exec', '-X', '--exec-batch'];
/** `-exec`, or fd's `-x`/`-X` also at the end of a bundle (`fd -Hx rm`). */
function isExec(text: string, fd: boolean): boolean {
	return FIND_EXEC.includes(text) || fd && (shortOption(text, 'x', FD_VALUE_LETTERS) === null || shortOption(text, 'X', FD_VALUE_LETTERS) === null);
}
const FD_VALUE_LETTERS = 'etEdSjocxX';
wrapper(['find', 'gfind', 'fd', 'fdfind'], (args, inv) => {
	const first = args.findIndex((a) => isExec(a.text, inv.name.startsWith('fd')));
	if (first < 0) {
		return undefined;
	}
	const fd = inv.name.startsWith('fd');
	// Several roots: the first is named here (`{}` stands for a file under any of them; the files
	// pack judges every root, from the command the invocation came from).
	const root = searchRoots(inv.name, args.slice(0, first))[0]?.text ?? '.';
	const steps: Step[] = [];
	for (let at = first; at >= 0 && at < args.length;) {
		let end = args.findIndex((a, i) => i > at && (a.text === ';' || a.text === '+' || a.text === '\\;'));
		if (end < 0) {
			end = args.length;
		}
		// `{}` stands for each file found: the search root is the closest thing that can be named.
		// fd has more: `{/}` basename, `{//}` parent, `{.}` and `{/.}` without extension.
		const placeholder = fd ? /\{(?:\/?\.?|\/\/)\}/g : /\{\}/g;
		let command = args.slice(at + 1, end).map((w) => (w.text.match(placeholder) ? { ...w, text: w.text.replace(placeholder, root), dynamic: true } : w));
		if (fd && !args.slice(at + 1, end).some((w) => /\{[/.]*\}|\{\/\/\}/.test(w.text))) {
			// fd appends the path when the command has no placeholder.
			command = [...command, { ...literalWord(root), raw: '{}', dynamic: true }];
		}
		if (command.length > 0) {
			steps.push({ kind: 'argv', argv: command, label: `${inv.name} ${args[at].text}`, dynamicArgs: true });
		}
		const next = args.slice(end + 1).findIndex((a) => isExec(a.text, fd));
		at = next < 0 ? -1 : end + 1 + next;
	}
	return steps.length > 0 ? steps : undefined;
});

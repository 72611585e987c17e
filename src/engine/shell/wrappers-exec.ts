/**
 * The wrappers unwrapping peels, part 3: programs that run a command they are given as arguments —
 * GNU `parallel` (with its `:::`, `::::`, `:::+` argument lists and `{}` replacement strings) and
 * `sem`, `env` (with `-S`/`--split-string` and bundled options), and BSD `xargs -J`.
 */
import { firstPositional, literalWord, longNames, shortOption } from './argv';
import { LONG_OPTIONS } from './longOptions';
import { readRelative } from './input';
import type { AnalysisContext, Invocation, Word } from '../types';
import { downloadedFrom, unknownInput, UNWRAPPERS, wrapper, type Step, type Unwrapper } from './wrappers';

/** Past this many commands from one `parallel` line, the rest is not judged one by one (the first ones are). */
const MAX_JOBS = 64;

// `env [-iv0] [-u NAME] [-C DIR] [-S STRING] [NAME=VALUE]… [COMMAND [ARG]…]`. Options may be bundled
// (`-iS 'rm -rf x'`, `-vu NAME`), `-S` may carry its string (`-S'rm -rf x'`, `--split-string=…`).
const ENV_VALUE_LETTERS = 'uCSP';
wrapper(['env'], (args, inv) => {
	const env: Record<string, string> = {};
	const split = (first: string, i: number): Step => ({ kind: 'script', scripts: [[first, ...args.slice(i).map((w) => w.text)].join(' ')], label: 'env -S', env });
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		if (t === '--') {
			return i + 1 < args.length ? { kind: 'argv', argv: args.slice(i + 1), label: inv.name, env } : undefined;
		}
		if (t.startsWith('--')) {
			// `--spl=…` is `--split-string=…`: env takes any unambiguous prefix.
			const eq = t.indexOf('=');
			const names = longNames(eq > 0 ? t.slice(0, eq) : t, LONG_OPTIONS.env);
			if (names.includes('--split-string')) {
				if (eq > 0) {
					return split(t.slice(eq + 1), i + 1);
				}
				return i + 1 < args.length ? split(args[i + 1].text, i + 2) : undefined;
			}
			if (eq < 0 && names.length === 1 && (names[0] === '--unset' || names[0] === '--chdir')) {
				i++;
			}
			continue;
		}
		if (t.length > 1 && t.startsWith('-')) {
			const string = shortOption(t, 'S', ENV_VALUE_LETTERS);
			if (string !== undefined) {
				if (string === null) {
					return i + 1 < args.length ? split(args[i + 1].text, i + 2) : undefined;
				}
				return split(string, i + 1);
			}
			// `-u NAME`, `-vu NAME`, `-C DIR`: the value is the next word unless written with the letter.
			if ([...'uCP'].some((letter) => shortOption(t, letter, ENV_VALUE_LETTERS) === null)) {
				i++;
			}
			continue;
		}
		if (t === '-') {
			continue;
		}
		const eq = t.indexOf('=');
		if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.slice(0, eq))) {
			env[t.slice(0, eq)] = t.slice(eq + 1);
			continue;
		}
		return { kind: 'argv', argv: args.slice(i), label: inv.name, env };
	}
	return undefined;
});

/** Options of GNU `parallel` (and `sem`) that take a value. */
const PARALLEL_VALUE = [
	'-j', '--jobs', '-P', '--max-procs', '-S', '--sshlogin', '--sshloginfile', '--slf', '--joblog', '-a', '--arg-file', '--delay', '--timeout', '-N', '-n', '--max-args',
	'-L', '--max-lines', '-I', '--colsep', '-C', '-d', '--delimiter', '-E', '--eof', '--halt', '--halt-on-error', '--retries', '--results', '--res', '--tmpdir', '--workdir', '--wd',
	'--env', '--tagstring', '--basefile', '--bf', '--return', '--transferfile', '--tf', '--memfree', '--load', '--nice', '--block', '--block-size', '--header', '--rpl', '--termseq',
	'--limit', '--id', '--semaphorename', '--st', '--semaphoretimeout', '--sql', '--sqlmaster', '--sqlworker', '--controlmaster', '--ssh', '--sshdelay', '--hostgroups', '--sqlandworker',
	'--shard', '--bin', '--group-by', '--tee', '--fifo', '--cat', '-X', '--xargs', '--max-chars', '-s', '--process-slot-var', '--tag-string', '--cr', '--csv',
].filter((o) => !['-X', '--xargs', '--tee', '--fifo', '--cat', '--cr', '--csv'].includes(o));

/** `:::` words, `::::` files of lines; a `+` links the list to the one before (`:::+`) instead of combining every pair. */
const SEPARATOR = /^::::?\+?$/;

interface Source {
	/** The values, or null when they are only known when it runs (an unreadable `::::` file). */
	readonly values: readonly Word[] | null;
	readonly linked: boolean;
}

/** The lists after the command: `::: a b :::+ c d :::: file.txt`. */
function sources(args: readonly Word[], ctx: AnalysisContext): Source[] {
	const out: Source[] = [];
	for (let i = 0; i < args.length;) {
		const sep = args[i].text;
		let end = i + 1;
		while (end < args.length && !SEPARATOR.test(args[end].text)) {
			end++;
		}
		const words = args.slice(i + 1, end);
		const linked = sep.endsWith('+');
		if (sep.startsWith('::::')) {
			const lines = words.map((w) => (w.text === '-' ? undefined : readRelative(w.text, ctx)));
			out.push({ values: lines.some((l) => l === undefined) ? null : lines.flatMap((l) => l!.split('\n').filter((x) => x.trim() !== '').map((x) => lineWord(x))), linked });
		} else {
			out.push({ values: words, linked });
		}
		i = end;
	}
	return out;
}

function lineWord(text: string): Word {
	return { ...literalWord(text), glob: /[*?[]/.test(text) };
}

/**
 * Every job's values, in order (at most MAX_JOBS): lists combine every way (`::: a b ::: 1 2` → a 1,
 * a 2, b 1, b 2); a linked list (`:::+`, or `--link`) pairs with the one before instead.
 */
function jobs(lists: readonly Source[], linkAll: boolean): Word[][] | null {
	if (lists.some((s) => s.values === null)) {
		return null;
	}
	let combos: Word[][] = [[]];
	for (const [n, list] of lists.entries()) {
		const values = list.values!;
		if (n > 0 && (list.linked || linkAll)) {
			// Linked: job k takes value k (wrapping around the shorter list, as parallel does).
			const length = Math.max(combos.length, values.length);
			combos = Array.from({ length: Math.min(length, MAX_JOBS) }, (_, k) => [...combos[k % combos.length], values[k % values.length]]);
		} else {
			combos = combos.flatMap((c) => values.map((v) => [...c, v])).slice(0, MAX_JOBS);
		}
	}
	return combos.filter((c) => c.length > 0);
}

/** `{}`, `{1}`, `{.}`, `{/}`, `{//}`, `{/.}`, `{2/.}`, `{#}`, `{%}`: GNU parallel's replacement strings. */
const REPLACEMENT = /\{(\d*)(\.|\/|\/\/|\/\.)?\}|\{[#%]\}/g;

function replaced(text: string, values: readonly Word[], custom: string | undefined): string {
	if (custom !== undefined) {
		return text.split(custom).join(values.map((v) => v.text).join(' '));
	}
	return text.replace(REPLACEMENT, (m, n: string | undefined, how: string | undefined) => {
		if (m === '{#}' || m === '{%}') {
			return '1';
		}
		const value = n ? values[Number(n) - 1]?.text ?? '' : values.map((v) => v.text).join(' ');
		const base = value.slice(value.lastIndexOf('/') + 1);
		switch (how) {
			case '.':
				return value.replace(/\.[^./]*$/, '');
			case '/':
				return base;
			case '//':
				return value.includes('/') ? value.slice(0, value.lastIndexOf('/')) : '.';
			case '/.':
				return base.replace(/\.[^.]*$/, '');
			default:
				return value;
		}
	});
}

function hasReplacement(text: string, custom: string | undefined): boolean {
	return custom !== undefined ? text.includes(custom) : new RegExp(REPLACEMENT.source).test(text);
}

/**
 * The commands of `parallel [options] command ::: values…` (or values from `-a FILE`, or stdin). The
 * command runs through a shell, once per job, with the replacement strings filled in or the values
 * appended. Unknown values leave the command with its placeholders removed, its arguments dynamic.
 */
function parallelSteps(args: readonly Word[], label: string, ctx: AnalysisContext, stdinItems: readonly string[] | undefined, inv?: Invocation): Step | readonly Step[] | undefined {
	const sep = args.findIndex((a) => SEPARATOR.test(a.text));
	const head = sep >= 0 ? args.slice(0, sep) : args;
	const start = firstPositional(head, PARALLEL_VALUE);
	const options = head.slice(0, start);
	let command = head.slice(start);
	if (options.some((o) => /^--(?:dry-?run|help|version|number-of-cpus|number-of-cores|number-of-sockets|number-of-threads|record-env|citation)$/.test(o.text))) {
		return undefined;
	}
	if (command.length === 0) {
		// `parallel ::: 'rm -rf /' 'ls'`, `printf 'rm -rf x\n' | parallel`: with no command, each job's values are the command.
		const given = sep >= 0 ? sources(args.slice(sep), ctx) : stdinItems !== undefined ? [{ values: stdinItems.map(lineWord), linked: false }] : [];
		const lines = given.length > 0 ? jobs(given, options.some((o) => o.text === '--link' || o.text === '--xapply')) : null;
		if (lines === null) {
			// `curl -s URL | parallel`: commands downloaded as it runs, like `curl … | sh`.
			const from = inv?.source.stdin?.kind === 'pipe' ? downloadedFrom(inv.source.stdin.from.words) : undefined;
			return from && inv ? unknownInput(from, inv, ctx, true) : undefined;
		}
		return lines.slice(0, MAX_JOBS).map((values): Step => ({ kind: 'script', scripts: [values.map((v) => v.text).join(' ')], label }));
	}
	const valueOf = (...names: string[]) => {
		for (let i = options.length - 1; i >= 0; i--) {
			const t = options[i].text;
			for (const name of names) {
				if (t === name) {
					return options[i + 1]?.text;
				}
				if (t.startsWith(name + '=') || (name.length === 2 && t.startsWith(name) && t.length > 2 && !t.startsWith('--'))) {
					return t.slice(name.length).replace(/^=/, '');
				}
			}
		}
		return undefined;
	};
	// `-S host`, `--sshlogin host`: the jobs run on other machines (`:` is this one).
	const logins = valueOf('-S', '--sshlogin');
	const remote = (logins !== undefined && logins.split(',').some((l) => l.trim() !== ':')) || options.some((o) => /^--(?:sshloginfile|slf)$/.test(o.text));
	const custom = valueOf('-I') ?? (options.some((o) => o.text === '-i' || o.text === '--replace') ? '{}' : undefined);
	const linkAll = options.some((o) => o.text === '--link' || o.text === '--xapply');
	let lists = sep >= 0 ? sources(args.slice(sep), ctx) : [];
	const argFile = valueOf('-a', '--arg-file');
	if (argFile !== undefined) {
		const text = readRelative(argFile, ctx);
		lists = [{ values: text === undefined ? null : text.split('\n').filter((l) => l.trim() !== '').map(lineWord), linked: false }, ...lists];
	}
	if (lists.length === 0 && stdinItems !== undefined) {
		lists = [{ values: stdinItems.map(lineWord), linked: false }];
	}
	// `parallel 'rm -rf {}' ::: a`: one word of shell code; `parallel rm -rf {} ::: a`: words joined by a shell.
	const code = command.length === 1 && /\s/.test(command[0].text);
	const all = lists.length > 0 ? jobs(lists, linkAll) : null;
	if (all === null) {
		// Values only known when it runs: the command with its placeholders taken out.
		if (code) {
			const placeholder = custom ?? '{}';
			return { kind: 'script', scripts: [command[0].text.split(placeholder).join('').replace(REPLACEMENT, '')], label, remote };
		}
		command = command.map((w, i) => (i > 0 && hasReplacement(w.text, custom) ? { ...w, text: replaced(w.text, [literalWord('*')], custom), dynamic: true } : w)).filter((w) => w.text !== '*' || w.raw === '*');
		return { kind: 'argv', argv: command, label, dynamicArgs: true, remote };
	}
	const steps: Step[] = [];
	for (const values of all.slice(0, MAX_JOBS)) {
		if (code) {
			const text = command[0].text;
			steps.push({ kind: 'script', scripts: [hasReplacement(text, custom) ? replaced(text, values, custom) : [text, ...values.map((v) => v.text)].join(' ')], label, remote });
			continue;
		}
		const uses = command.some((w) => hasReplacement(w.text, custom));
		const argv = uses ? command.map((w) => (hasReplacement(w.text, custom) ? { ...lineWord(replaced(w.text, values, custom)), raw: w.raw } : w)) : [...command, ...values];
		steps.push({ kind: 'argv', argv, label, remote });
	}
	return steps;
}

wrapper(['parallel'], (args, inv, ctx) => {
	const stdin = inv.stdinText?.split('\n').filter((l) => l.trim() !== '');
	return parallelSteps(args, 'parallel', ctx, stdin, inv);
});

// `sem [options] command…` is `parallel --semaphore`: the command runs once, as written.
wrapper(['sem'], (args, _inv, ctx) => {
	const start = firstPositional(args, PARALLEL_VALUE);
	const command = args.slice(start);
	if (command.length === 0 || args.slice(0, start).some((o) => o.text === '--wait' || o.text === '-h' || o.text === '--help')) {
		return undefined;
	}
	const steps = parallelSteps(args, 'sem', ctx, undefined);
	return steps && !Array.isArray(steps) && (steps as Step).kind === 'argv' ? { ...(steps as Step & { kind: 'argv' }), dynamicArgs: false } : steps;
});

/**
 * BSD `xargs -J REPLSTR cmd … REPLSTR …`: the input items go where REPLSTR stands, as separate
 * arguments (`xargs -J % mv % /dest`). Everything else is GNU xargs' (wrappers.ts).
 */
const xargs: Unwrapper | undefined = UNWRAPPERS.get('xargs');
const XARGS_VALUE = ['-a', '--arg-file', '-d', '--delimiter', '-E', '-I', '-J', '-L', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars', '--process-slot-var', '--max-lines', '-R', '-S'];
wrapper(['xargs'], (args, inv, ctx) => {
	const start = firstPositional(args, XARGS_VALUE, 0, LONG_OPTIONS.xargs);
	let at = -1;
	let replstr: string | undefined;
	for (let i = 0; i < start; i++) {
		const value = shortOption(args[i].text, 'J', 'adEIJLnPsRS');
		if (value !== undefined) {
			at = i;
			replstr = value ?? args[i + 1]?.text;
		}
	}
	if (replstr === undefined || !xargs) {
		return xargs?.(args, inv, ctx);
	}
	const own = args.slice(0, start).filter((_, i) => i !== at && !(i === at + 1 && args[at].text.length === 2));
	const command = args.slice(start);
	const where = command.findIndex((w, i) => i > 0 && w.text === replstr);
	if (where < 0) {
		return xargs(args.filter((_, i) => i !== at && !(i === at + 1 && args[at].text.length === 2)), inv, ctx);
	}
	// GNU xargs appends the items; moving the words after REPLSTR before it gives the same command for
	// every rule that reads operands in order… except the ones that read the last word (`mv a b DEST`).
	// So the items are put in place here when they are known, and the placeholder dropped when not.
	const inner = xargs([...own, literalWord('--'), literalWord('\u0000xargs-J')], inv, ctx);
	const first = Array.isArray(inner) ? inner[0] : inner;
	const items = first && first.kind === 'argv' && !first.dynamicArgs ? first.argv.slice(1) : undefined;
	if (items && items.length > 0) {
		return { kind: 'argv', argv: [...command.slice(0, where), ...items, ...command.slice(where + 1)], label: 'xargs -J', stdinText: null };
	}
	return { kind: 'argv', argv: command.filter((_, i) => i !== where), label: 'xargs -J', dynamicArgs: true, stdinText: null };
});

// ---- programs that run commands given as text: watchers, benchmarks, container shells, capabilities ----

/** `capsh [opts] -- ARGS…`: ARGS go to /bin/bash (`capsh -- -c 'cmd'`); `--shell=PATH` names another shell. */
wrapper(['capsh'], (args, inv) => {
	const at = args.findIndex((a) => a.text === '--');
	if (at < 0 || at + 1 >= args.length) {
		return undefined;
	}
	const shell = args.slice(0, at).find((a) => a.text.startsWith('--shell='))?.text.slice('--shell='.length) ?? '/bin/bash';
	return { kind: 'argv', argv: [literalWord(shell), ...args.slice(at + 1)], label: inv.name };
});

/**
 * `watchexec [opts] -- cmd…` or `watchexec [opts] 'cmd'` (one word: run by its shell), `nodemon --exec 'cmd'`,
 * `hyperfine [opts] 'cmd'…` (each through a shell, and `--prepare`/`--setup`/`--cleanup`/`--conclude`).
 */
const WATCHEXEC_VALUE = ['-w', '--watch', '-W', '--watch-non-recursive', '-e', '--exts', '-f', '--filter', '-i', '--ignore', '-s', '--signal', '--stop-signal', '--stop-timeout', '-d', '--debounce', '--delay-run', '--poll', '--shell', '-E', '--env', '--project-origin', '--workdir', '--emit-events-to', '--on-busy-update', '--filter-file', '--ignore-file', '--fs-events', '--log-file', '--color', '--timings'];
wrapper(['watchexec'], (args, inv) => {
	const at = args.findIndex((a) => a.text === '--');
	if (at >= 0) {
		return at + 1 < args.length ? { kind: 'argv', argv: args.slice(at + 1), label: inv.name } : undefined;
	}
	const start = firstPositional(args, WATCHEXEC_VALUE);
	if (start >= args.length) {
		return undefined;
	}
	// One word is shell code; several are a program and its arguments.
	return start === args.length - 1 ? { kind: 'script', scripts: [args[start].text], label: inv.name } : { kind: 'argv', argv: args.slice(start), label: inv.name };
});
wrapper(['nodemon'], (args, inv) => {
	const scripts: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		if ((t === '-x' || t === '--exec') && i + 1 < args.length) {
			scripts.push(args[++i].text);
		} else if (t.startsWith('--exec=')) {
			scripts.push(t.slice('--exec='.length));
		}
	}
	return scripts.length > 0 ? { kind: 'script', scripts, label: `${inv.name} --exec` } : undefined;
});
const HYPERFINE_COMMANDS = ['-p', '--prepare', '-s', '--setup', '-c', '--cleanup', '--conclude'];
const HYPERFINE_VALUE = [...HYPERFINE_COMMANDS, '-w', '--warmup', '-m', '--min-runs', '-M', '--max-runs', '-r', '--runs', '-L', '--parameter-list', '-P', '--parameter-scan', '-D', '--parameter-step-size', '-S', '--shell', '--style', '--sort', '-u', '--time-unit', '--export-asciidoc', '--export-csv', '--export-json', '--export-markdown', '--export-orgmode', '--output', '--input', '-n', '--command-name'];
wrapper(['hyperfine'], (args, inv) => {
	const scripts: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		const eq = t.indexOf('=');
		const name = t.startsWith('--') && eq > 0 ? t.slice(0, eq) : t;
		if (HYPERFINE_VALUE.includes(name)) {
			const value = name === t ? args[++i]?.text : t.slice(eq + 1);
			if (value !== undefined && HYPERFINE_COMMANDS.includes(name)) {
				scripts.push(value);
			}
			// `-L name a,b` and `-P name lo hi` take more than one value.
			i += name === '-L' || name === '--parameter-list' ? 1 : name === '-P' || name === '--parameter-scan' ? 2 : 0;
		} else if (!t.startsWith('-')) {
			scripts.push(t);
		}
	}
	return scripts.length > 0 ? { kind: 'script', scripts, label: inv.name } : undefined;
});
/** `distrobox enter BOX -- cmd…`, `toolbox run [-c BOX] cmd…`: the command runs in a container sharing the home folder. */
wrapper(['distrobox', 'distrobox-enter'], (args, inv) => {
	const at = args.findIndex((a) => a.text === '--' || a.text === '-e' || a.text === '--exec');
	return at >= 0 && at + 1 < args.length ? { kind: 'argv', argv: args.slice(at + 1), label: `${inv.name} (a container sharing this home folder)` } : undefined;
});
wrapper(['toolbox'], (args) => {
	if (args[0]?.text !== 'run') {
		return undefined;
	}
	const start = firstPositional(args, ['-c', '--container', '-d', '--distro', '-r', '--release'], 1);
	return start < args.length ? { kind: 'argv', argv: args.slice(start), label: 'toolbox run (a container sharing this home folder)' } : undefined;
});

/** `mapfile -C CALLBACK -c N NAME`: bash evaluates CALLBACK (with the index and the line appended) every N lines. */
wrapper(['mapfile', 'readarray'], (args, inv) => {
	const scripts: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		if (t === '-C' && i + 1 < args.length) {
			scripts.push(args[++i].text);
		} else if (/^-[A-Za-z]*C./.test(t)) {
			scripts.push(t.slice(t.indexOf('C') + 1));
		} else if (/^-[dnOsuc]$/.test(t)) {
			i++;
		}
	}
	return scripts.length > 0 ? { kind: 'script', scripts, label: `${inv.name} -C (its callback)` } : undefined;
});

/**
 * The wrappers unwrapping peels, part 5: programs that run a shell command named in an option, a config
 * value or an environment variable — git (`-c alias.x='!cmd'`, `core.pager`, `core.sshCommand`, filters,
 * `GIT_SSH_COMMAND`, `--upload-pack`, `ext::` URLs, and `git config` planting any of them), ssh's
 * `ProxyCommand`/`LocalCommand`, rsync's `-e`/`--rsync-path`, tar's checkpoint actions and compress
 * programs, zip's `-TT`, sed's `e`, vim's `-c '!cmd'`, gdb's `-ex 'shell cmd'`, mongosh's `--eval`.
 * Each is judged as the shell (or JavaScript) it is; the program's own rules still judge the program.
 * They are asked beside any wrapper registered for the name (ssh's remote command is still peeled).
 */
import { literalWord, parseArgs } from './argv';
import { aliasOnDisk, configEntries, GIT_COMMANDS, globalDirectory } from './gitConfig';
import { readRelative, UNKNOWN_INPUT } from './input';
import type { AnalysisContext, Invocation, Word } from '../types';
import { ALSO_RUNS, downloadedFrom, unknownInput, type Step } from './wrappers';

/** Registers `extra`: the commands the program runs from its options, asked beside its wrapper (wrappers.ts ALSO_RUNS). */
function alsoRuns(names: readonly string[], extra: (args: readonly Word[], inv: Invocation, ctx: AnalysisContext) => Step[]): void {
	for (const name of names) {
		ALSO_RUNS.set(name, (args, inv, ctx) => {
			const steps = extra(args, inv, ctx);
			return steps.length > 0 ? steps : undefined;
		});
	}
}

/** An argv word written back as shell text that reads as the same word. */
function quoted(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

function shell(commands: readonly string[], label: string, remote = false): Step[] {
	const scripts = commands.map((c) => c.trim()).filter((c) => c !== '');
	return scripts.length > 0 ? [{ kind: 'script', scripts, label, ...(remote ? { remote } : {}) }] : [];
}

// ---- git ---------------------------------------------------------------------------------------------

/**
 * Config keys whose value git runs through the shell (lower-cased; `*` is any subsection). `credential.helper`
 * and `alias.*` run the shell only with a leading `!`.
 */
const GIT_COMMAND_KEYS = /^(?:core\.(?:pager|editor|sshcommand|fsmonitor|askpass)|pager\.[^.]+|sequence\.editor|diff\.external|diff\.[^.]+\.(?:command|textconv)|merge\.[^.]+\.driver|filter\.[^.]+\.(?:clean|smudge|process)|gpg\.program|gpg\.[^.]+\.program|uploadpack\.packobjectshook|sendemail\.(?:sendmailcmd|tocmd|cccmd)|mergetool\.[^.]+\.cmd|difftool\.[^.]+\.cmd|web\.browser|browser\.[^.]+\.cmd)$/;
const GIT_COMMAND_ENV = ['GIT_SSH_COMMAND', 'GIT_SSH', 'GIT_PAGER', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_EXTERNAL_DIFF', 'GIT_ASKPASS', 'GIT_PROXY_COMMAND'];
const GIT_GLOBAL_WITH_VALUE = ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix'];

/** The options of each transport subcommand that name a program git runs (`-u` is `--upload-pack` only for these two). */
const GIT_PROGRAM_OPTIONS: Readonly<Record<string, readonly string[]>> = {
	clone: ['-u', '--upload-pack'],
	'ls-remote': ['-u', '--upload-pack'],
	fetch: ['--upload-pack'],
	pull: ['--upload-pack'],
	push: ['--receive-pack', '--exec'],
	archive: ['--exec'],
};

/** What a config value runs, if anything: `!cmd` for aliases and helpers; any other command key as it is. */
function gitConfigCommand(key: string, value: string): string | undefined {
	const k = key.toLowerCase();
	if (k.startsWith('alias.') || k === 'credential.helper' || /^credential\..+\.helper$/.test(k)) {
		return value.startsWith('!') ? value.slice(1) : undefined;
	}
	if (k === 'core.fsmonitor' && /^(?:true|false|yes|no|on|off|0|1)?$/i.test(value)) {
		return undefined;
	}
	return GIT_COMMAND_KEYS.test(k) ? value : undefined;
}

/** `include.path`, `includeIf.<cond>.path`: another config file, read as git's own. */
const GIT_INCLUDE_KEY = /^include(?:if\..+)?\.path$/;

/**
 * The commands a git config file's text sets (`[alias] x = !cmd`, `[core] pager = cmd` …), by the same
 * keys as `-c`. Sections are `[name]` or `[name "sub"]`; values are read to the end of the line.
 */
export function gitConfigCommandsIn(text: string): string[] {
	return configEntries(text).map(({ key, value }) => gitConfigCommand(key, value)).filter((c): c is string => c !== undefined && c !== '');
}

/** The hooks each subcommand runs (githooks(5)); `git config core.hooksPath DIR` plants them all for later. */
const GIT_HOOKS: Readonly<Record<string, readonly string[]>> = {
	commit: ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit'],
	push: ['pre-push', 'reference-transaction'],
	merge: ['pre-merge-commit', 'prepare-commit-msg', 'commit-msg', 'post-merge'],
	pull: ['post-merge', 'post-checkout'],
	checkout: ['post-checkout'],
	switch: ['post-checkout'],
	clone: ['post-checkout'],
	rebase: ['pre-rebase', 'post-rewrite', 'post-checkout'],
	am: ['applypatch-msg', 'pre-applypatch', 'post-applypatch'],
	gc: ['pre-auto-gc'],
};
const ALL_GIT_HOOKS = [...new Set(Object.values(GIT_HOOKS).flat())];

/**
 * Hooks in a folder named by `core.hooksPath` that the subcommand runs, as shell text when they can be read;
 * one the line writes with unknown contents is unknown input. (Hooks in `.git/hooks` written by the line are
 * asked about where they are written: rules/self-protection.ts, files whose commands run later.)
 */
function hookSteps(dir: string, hooks: readonly string[], inv: Invocation, ctx: AnalysisContext): Step[] {
	const steps: Step[] = [];
	for (const hook of hooks) {
		const file = `${dir.replace(/\/+$/, '')}/${hook}`;
		const text = readRelative(file, ctx);
		if (text !== undefined) {
			steps.push({ kind: 'script', scripts: [text], label: `git hook ${file}`, fromFile: true });
		} else {
			const step = unknownInput(literalWord(file), { ...inv, fromFile: true }, ctx);
			if (step) {
				steps.push(step);
			}
		}
	}
	return steps;
}

/** The commands in an included config file (read from the folder the command runs in). */
function includedCommands(file: string, ctx: AnalysisContext): string[] {
	const text = file === '' ? undefined : readRelative(file, ctx);
	return text === undefined ? [] : gitConfigCommandsIn(text);
}

/**
 * Settings git takes from its environment: GIT_CONFIG_KEY_<n>/GIT_CONFIG_VALUE_<n> (every pair, whatever
 * GIT_CONFIG_COUNT says: a count the line hides is not trusted) and GIT_CONFIG_PARAMETERS, which is how
 * `git -c` reaches the gits it starts (`'core.pager'='…'`, or the older `'core.pager=…'`).
 */
function environmentConfig(env: Readonly<Record<string, string | undefined>>): [string, string][] {
	const out: [string, string][] = [];
	const params = env.GIT_CONFIG_PARAMETERS;
	if (params) {
		// Single-quoted words as git writes them (a quote inside is '\''), joined by `=`.
		for (const m of params.matchAll(/'((?:[^']|'\\'')*)'(?:=(?:'((?:[^']|'\\'')*)'))?/g)) {
			const unquote = (t: string) => t.replace(/'\\''/g, "'");
			const key = unquote(m[1]);
			const eq = key.indexOf('=');
			out.push(m[2] !== undefined ? [key, unquote(m[2])] : eq < 0 ? [key, ''] : [key.slice(0, eq), key.slice(eq + 1)]);
		}
	}
	for (const name in env) {
		const n = /^GIT_CONFIG_KEY_(\d+)$/.exec(name)?.[1];
		if (n !== undefined && env[name]) {
			out.push([env[name]!, env[`GIT_CONFIG_VALUE_${n}`] ?? '']);
		}
	}
	return out.map(([k, v]) => [k.toLowerCase(), v]);
}

alsoRuns(['git'], (args, inv, ctx) => {
	const commands: string[] = [];
	const env = { ...ctx.env, ...inv.env };
	// Settings from the environment first: `-c` overrides them, as in git.
	const config = new Map<string, string>(environmentConfig(env));
	let i = 0;
	for (; i < args.length; i++) {
		const t = args[i].text;
		if (t === '-c' && i + 1 < args.length) {
			const setting = args[++i].text;
			const eq = setting.indexOf('=');
			config.set((eq < 0 ? setting : setting.slice(0, eq)).toLowerCase(), eq < 0 ? '' : setting.slice(eq + 1));
			continue;
		}
		// `--config-env=core.pager=P`: the setting's value is the variable P's.
		const configEnv = t === '--config-env' ? args[++i]?.text : t.startsWith('--config-env=') ? t.slice('--config-env='.length) : undefined;
		if (configEnv !== undefined) {
			const eq = configEnv.lastIndexOf('=');
			const value = eq > 0 ? env[configEnv.slice(eq + 1)] : undefined;
			if (value !== undefined) {
				config.set(configEnv.slice(0, eq).toLowerCase(), value);
			}
			continue;
		}
		if (GIT_GLOBAL_WITH_VALUE.includes(t)) {
			i++;
			continue;
		}
		if (!t.startsWith('-')) {
			break;
		}
	}
	const sub = args[i]?.text;
	const rest = args.slice(i + 1);
	// `git -c alias.p='push --force' p origin main`, or `p` set so in a config file git reads: git runs
	// `git push --force origin main` (an alias of git's own words; a `!` one runs the shell, below).
	if (sub !== undefined && !GIT_COMMANDS.has(sub) && !sub.startsWith('-')) {
		const name = sub.toLowerCase();
		const value = config.get(`alias.${name}`) ?? aliasOnDisk(name, inv, globalDirectory(args.slice(0, i)), ctx);
		if (value !== undefined && value.startsWith('!') && !config.has(`alias.${name}`)) {
			commands.push([value.slice(1), ...rest.map((w) => quoted(w.text))].join(' '));
		} else if (value !== undefined && !value.startsWith('!') && value.trim() !== '') {
			// The alias's own `-c alias.NAME=…` is left out: git does not expand an alias inside itself.
			const globals = args.slice(0, i).filter((w, at, all) => !(all[at - 1]?.text === '-c' && w.text.toLowerCase().startsWith(`alias.${name}=`)) && !(w.text === '-c' && all[at + 1]?.text.toLowerCase().startsWith(`alias.${name}=`)));
			commands.push(['git', ...globals.map((w) => quoted(w.text)), value, ...rest.map((w) => quoted(w.text))].join(' '));
		}
	}
	for (const [key, value] of config) {
		if (key === `alias.${sub?.toLowerCase()}` && value.startsWith('!')) {
			commands.push([value.slice(1), ...rest.map((w) => quoted(w.text))].join(' '));
		} else if (GIT_INCLUDE_KEY.test(key)) {
			commands.push(...includedCommands(value, ctx));
		} else if (!key.startsWith('alias.')) {
			commands.push(gitConfigCommand(key, value) ?? '');
		}
	}
	for (const name in inv.env) {
		if (GIT_COMMAND_ENV.includes(name)) {
			commands.push(inv.env[name]);
		}
	}
	// Config files named by the environment (`GIT_CONFIG_GLOBAL=/tmp/c git x`), or found through a HOME or
	// XDG_CONFIG_HOME the line sets (`HOME=/tmp/h git x` reads /tmp/h/.gitconfig): read as `include.path` is.
	for (const name of ['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG']) {
		if (inv.env[name]) {
			commands.push(...includedCommands(inv.env[name], ctx));
		}
	}
	const home = inv.env.HOME;
	if (home && home !== ctx.home && home !== ctx.env?.HOME) {
		commands.push(...includedCommands(`${home.replace(/\/+$/, '')}/.gitconfig`, ctx), ...includedCommands(`${home.replace(/\/+$/, '')}/.config/git/config`, ctx));
	}
	if (inv.env.XDG_CONFIG_HOME && inv.env.XDG_CONFIG_HOME !== ctx.env?.XDG_CONFIG_HOME) {
		commands.push(...includedCommands(`${inv.env.XDG_CONFIG_HOME.replace(/\/+$/, '')}/git/config`, ctx));
	}
	// `git config [--global] alias.x '!cmd'`, `git config set core.pager cmd`: planted now, run later.
	if (sub === 'config') {
		// `-f FILE`, `--blob`, `--type` … take a value: `git config -f ~/.gitconfig alias.x '!…'` names the key after it.
		const words = parseArgs(rest, { withValue: ['-f', '--file', '--blob', '-t', '--type', '--default', '--comment', '--value'], long: [] }).positionals.map((w) => w.text);
		const [first, second, third] = words[0] === 'set' || words[0] === 'add' ? words.slice(1) : words;
		if (first && second !== undefined && third === undefined) {
			commands.push(...(GIT_INCLUDE_KEY.test(first.toLowerCase()) ? includedCommands(second, ctx) : [gitConfigCommand(first, second) ?? '']));
		}
	}
	// `--upload-pack`/`-u` (clone, fetch, pull, ls-remote, archive --remote), `--receive-pack`/`--exec` (push).
	const programs = sub === undefined ? undefined : GIT_PROGRAM_OPTIONS[sub];
	// Most transport lines name no program: parse only when an option or URL could (`--upload-pack`, `-u`, `--exec`, `ext::`).
	if (programs && rest.some((w) => /^-[a-z]*u|^--[ure]|::/.test(w.text))) {
		const own = parseArgs(rest, { withValue: [...programs, '-o', '--origin', '-b', '--branch', '--depth', '--reference', '-c', '--config', '--template', '--separate-git-dir', '--filter', '-j', '--jobs', '--remote', '--format', '--prefix'], long: [] });
		for (const name of programs) {
			commands.push(...(own.options.get(name) ?? []));
		}
		// `git clone 'ext::sh -c "…"'`: the ext transport runs its command through the shell.
		for (const w of own.positionals) {
			if (/^ext::/i.test(w.text)) {
				// Its words are split at spaces; `% ` is a space inside a word, `%%` a percent sign.
				const words = w.text.slice(5).split(/(?<!%) +/).map((word) => `'${word.replace(/% /g, ' ').replace(/%%/g, '%').replace(/'/g, "'\\''")}'`);
				commands.push(words.join(' '));
			}
		}
	}
	commands.push(...gitSubcommandRuns(sub, rest));
	const steps = shell(commands, sub ? `git ${sub} (a command in git's config, options or environment)` : 'git');
	// `git -c core.hooksPath=DIR commit`: the hooks there run; `git config core.hooksPath DIR` plants them.
	const hooksDir = config.get('core.hookspath');
	if (hooksDir && sub && GIT_HOOKS[sub]) {
		steps.push(...hookSteps(hooksDir, GIT_HOOKS[sub], inv, ctx));
	}
	if (sub === 'config') {
		const words = rest.filter((w) => !w.text.startsWith('-')).map((w) => w.text);
		const [key, value] = words[0] === 'set' ? words.slice(1) : words;
		if (key?.toLowerCase() === 'core.hookspath' && value) {
			steps.push(...hookSteps(value, ALL_GIT_HOOKS, inv, ctx));
		}
	}
	return steps;
});

/**
 * Subcommands that run a command they are given: `rebase -x/--exec`, `submodule foreach`, `bisect run`,
 * `filter-branch --tree-filter` and its other filters, `difftool -x/--extcmd`, `grep -O/--open-files-in-pager`.
 */
function gitSubcommandRuns(sub: string | undefined, rest: readonly Word[]): string[] {
	const texts = rest.map((w) => w.text);
	const valuesOf = (names: readonly string[], long: readonly string[]): string[] => {
		const parsed = parseArgs(rest, { withValue: names, long });
		return names.flatMap((n) => parsed.options.get(n) ?? []);
	};
	switch (sub) {
		case 'rebase':
			return valuesOf(['-x', '--exec'], ['--exec', '--onto', '--strategy', '--strategy-option']);
		case 'submodule': {
			const at = texts.indexOf('foreach');
			const command = at < 0 ? [] : texts.slice(at + 1).filter((t, i, all) => !(t.startsWith('-') && all.slice(0, i).every((x) => x.startsWith('-'))));
			// foreach's words are joined with spaces and run by the shell (git-submodule.sh `eval "$@"`).
			return command.length > 0 ? [command.join(' ')] : [];
		}
		case 'bisect':
			// `bisect run` runs its words as a command, not through a shell: each stays one word.
			return texts[0] === 'run' && texts.length > 1 ? [texts.slice(1).map(quoted).join(' ')] : [];
		case 'filter-branch':
			// A shell script: its options are matched exactly.
			return valuesOf(['--env-filter', '--tree-filter', '--index-filter', '--parent-filter', '--msg-filter', '--commit-filter', '--tag-name-filter'], []);
		case 'difftool':
			return valuesOf(['-x', '--extcmd'], ['--extcmd', '--tool', '--dir-diff', '--gui', '--prompt', '--no-prompt', '--symlinks', '--trust-exit-code', '--tool-help']);
		case 'grep':
			return valuesOf(['-O', '--open-files-in-pager'], []);
		default:
			return [];
	}
}

// ---- man, less -------------------------------------------------------------------------------------------

/** `man -P 'cmd' ls` and `man --pager=cmd`, `man -H[browser]`: the pager and browser run through the shell. */
alsoRuns(['man'], (args) => {
	const commands: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		if ((t === '-P' || t === '--pager') && i + 1 < args.length) {
			commands.push(args[++i].text);
		} else if (/^--(?:pager|html)=/.test(t)) {
			commands.push(t.slice(t.indexOf('=') + 1));
		} else if (/^-P./.test(t) || /^-H./.test(t)) {
			commands.push(t.slice(2));
		}
	}
	return shell(commands, 'man (its pager or browser)');
});

/** `less '+!cmd' f`, `less '++!cmd' f`: a command less runs at start; `!` is its shell escape. */
alsoRuns(['less', 'more'], (args) => shell(args.map((w) => /^\+\+?!/.exec(w.text) ? w.text.replace(/^\+\+?!/, '') : '').filter((c) => c !== ''), 'less (a shell escape in its start-up command)'));

// ---- ssh, scp, sftp, rsync ---------------------------------------------------------------------------

/** `-o ProxyCommand=cmd`, `-oProxyCommand cmd`, `-o 'LocalCommand cmd'`: options whose value ssh runs locally. */
function sshOptionCommands(args: readonly Word[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		let option: string | undefined;
		if (t === '-o' && i + 1 < args.length) {
			option = args[++i].text;
		} else if (/^-o./.test(t)) {
			option = t.slice(2);
		} else if (t === '--') {
			break;
		}
		const m = option === undefined ? null : /^\s*(proxycommand|localcommand|knownhostscommand)\s*(?:=\s*|\s+)([\s\S]*)$/i.exec(option);
		if (m) {
			out.push(m[2]);
		}
	}
	return out;
}

/** ssh_config(5): `ProxyCommand`, `LocalCommand`, `KnownHostsCommand` (keyword, then a space or `=`), and `Match exec "cmd"`. */
export function sshConfigCommands(text: string): string[] {
	const out: string[] = [];
	for (const line of text.split('\n')) {
		const option = /^\s*(?:ProxyCommand|LocalCommand|KnownHostsCommand|RemoteCommand)(?:\s*=\s*|\s+)(.*)$/i.exec(line);
		if (option) {
			out.push(option[1].trim());
		}
		const exec = /^\s*Match\b.*?\bexec\s+(?:"((?:\\.|[^"\\])*)"|(\S+))/i.exec(line);
		if (exec) {
			out.push(exec[1] ?? exec[2]);
		}
	}
	return out;
}

alsoRuns(['ssh', 'scp', 'sftp', 'autossh'], (args, inv, ctx) => {
	// `-F FILE`: a config file given on the line, its ProxyCommand and the like run here (`printf 'Host *\n ProxyCommand
	// rm -rf …' > /tmp/c; ssh -F /tmp/c host`). One that cannot be read makes ssh stop before running anything.
	const files = args.flatMap((w, i) => (w.text === '-F' && args[i + 1] ? [args[i + 1].text] : /^-F./.test(w.text) ? [w.text.slice(2)] : []));
	const fromFiles = files.flatMap((f) => sshConfigCommands(readRelative(f, ctx) ?? ''));
	return shell([...sshOptionCommands(args), ...fromFiles], `${inv.name} -o ProxyCommand`);
});

alsoRuns(['rsync'], (args) => {
	const parsed = parseArgs(args, { withValue: ['-e', '--rsh', '--rsync-path'] });
	const local = [...(parsed.options.get('-e') ?? []), ...(parsed.options.get('--rsh') ?? [])];
	return [...shell(local, 'rsync -e'), ...shell(parsed.options.get('--rsync-path') ?? [], 'rsync --rsync-path (on the remote machine)', true)];
});

// ---- tar, zip ----------------------------------------------------------------------------------------

/** GNU tar's options that run a program, and the short ones for two of them. */
const TAR_PROGRAMS = ['--checkpoint-action', '--to-command', '--use-compress-program', '--info-script', '--new-volume-script'];

alsoRuns(['tar', 'gtar', 'bsdtar'], (args) => {
	const commands: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		const eq = t.indexOf('=');
		const name = eq > 0 ? t.slice(0, eq) : t;
		// tar takes unambiguous prefixes of long options (`--checkpoint-a=exec=…`, `--to-c=…`).
		const full = name.startsWith('--') && name.length > 3 ? TAR_PROGRAMS.filter((o) => o.startsWith(name)) : [];
		const value = eq > 0 ? t.slice(eq + 1) : full.length === 1 || t === '-I' || t === '-F' ? args[++i]?.text : undefined;
		if (value === undefined) {
			continue;
		}
		if (full.includes('--checkpoint-action')) {
			const exec = /^exec=([\s\S]*)$/.exec(value);
			commands.push(exec ? exec[1] : '');
		} else if (full.length > 0 || t === '-I' || t === '-F') {
			commands.push(value);
		}
	}
	return shell(commands, 'tar (a program named in its options)');
});

alsoRuns(['zip'], (args) => {
	const at = args.findIndex((w) => w.text === '-TT' || w.text === '--unzip-command' || w.text.startsWith('--unzip-command='));
	if (at < 0) {
		return [];
	}
	const t = args[at].text;
	return shell([t.includes('=') ? t.slice(t.indexOf('=') + 1) : args[at + 1]?.text ?? ''], 'zip -TT');
});

// ---- sed, vim, gdb -------------------------------------------------------------------------------------

/**
 * What GNU sed runs through the shell: `e command` (to the end of the line); a bare `e`, which runs the pattern
 * space — the input line; and `s///e`, which runs the pattern space after the substitution — the replacement, the
 * input, or the two joined (`s/^/rm -rf /e` on `/srv/data`). `input` is undefined when sed's input is unknown.
 */
function sedCommands(script: string, input: string | undefined): { commands: string[]; needsInput: boolean } {
	const commands: string[] = [];
	let needsInput = false;
	const address = String.raw`(?:(?:\d+|\$|\/(?:[^/\\]|\\.)*\/)(?:\s*,\s*(?:\d+|\$|\/(?:[^/\\]|\\.)*\/))?)?\s*!?\s*`;
	for (const m of script.matchAll(new RegExp(String.raw`(?:^|[;\n{}])\s*${address}e(?:[ \t]+([^\n]*)|(?=\s*(?:$|[;\n}])))`, 'g'))) {
		if (m[1] !== undefined && m[1].trim() !== '') {
			commands.push(m[1]);
		} else {
			needsInput = true;
		}
	}
	const lines = input === undefined ? [] : input.split('\n').filter((l) => l.trim() !== '').slice(0, 256);
	for (const m of script.matchAll(/s(.)((?:(?!\1)[^\\]|\\.)*)\1((?:(?!\1)[^\\]|\\.)*)\1([gpiImMe0-9w]*)/g)) {
		if (m[4].includes('e')) {
			const replacement = m[3].replace(/\\(.)/g, '$1');
			needsInput = true;
			commands.push(replacement, ...lines.flatMap((line) => [`${replacement}${line}`, `${line}${replacement}`]));
		}
	}
	if (needsInput) {
		commands.push(...lines);
	}
	return { commands, needsInput };
}

alsoRuns(['sed', 'gsed'], (args, inv, ctx) => {
	const parsed = parseArgs(args, { withValue: ['-e', '--expression', '-f', '--file', '-l', '--line-length'], long: ['--expression', '--file', '--in-place', '--line-length', '--null-data', '--quiet', '--regexp-extended', '--separate', '--silent', '--unbuffered', '--sandbox', '--posix', '--debug', '--follow-symlinks', '--help', '--version'] });
	const given = [...(parsed.options.get('-e') ?? []), ...(parsed.options.get('--expression') ?? [])];
	const files = [...(parsed.options.get('-f') ?? []), ...(parsed.options.get('--file') ?? [])].map((f) => readRelative(f, ctx) ?? '');
	// `--sandbox` refuses `e` and `s///e`.
	if (parsed.options.has('--sandbox')) {
		return [];
	}
	const fromOptions = given.length + files.length > 0;
	const scripts = fromOptions ? [...given, ...files] : parsed.positionals.slice(0, 1).map((w) => w.text);
	const inputFiles = parsed.positionals.slice(fromOptions ? 0 : 1);
	// The input: the files named (each readable), else standard input; unknown when any of it is.
	const read = inputFiles.map((w) => (w.text === '-' ? inv.stdinText : readRelative(w.text, ctx)));
	const input = inputFiles.length === 0 ? inv.stdinText : read.every((t) => t !== undefined) ? read.join('\n') : undefined;
	const found = scripts.map((script) => sedCommands(script, input));
	const steps = shell(found.flatMap((f) => f.commands), `${inv.name} e`);
	if (found.some((f) => f.needsInput) && input === undefined) {
		// sed runs its input lines as commands and the input is not known here: ask, naming it.
		const unknown = inputFiles.find((_w, i) => read[i] === undefined) ?? literalWord('standard input');
		const step = unknownInput(unknown, inv, ctx);
		return step ? [...steps, step] : steps;
	}
	return steps;
});

/** An ex command that runs the shell: `!cmd`, `r !cmd`, `w !cmd`, `silent !cmd`, `call system('cmd')`. */
function exCommands(command: string): string[] {
	const out: string[] = [];
	const bang = /^[\s:]*(?:silent!?\s+|exe(?:cute)?\s+)?(?:\d*,?\d*\s*)?(?:r(?:ead)?\s*|w(?:rite)?\s*|%?\s*)?!(?!!)([\s\S]*)$/.exec(command);
	if (bang) {
		out.push(bang[1]);
	}
	for (const m of command.matchAll(/\b(?:system|systemlist|jobstart|termopen)\s*\(\s*(['"])((?:(?!\1)[^\\]|\\.)*)\1/g)) {
		out.push(m[2]);
	}
	return out;
}

alsoRuns(['vim', 'vi', 'nvim', 'view', 'ex', 'gvim', 'vimdiff'], (args, inv) => {
	const commands: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		if ((t === '-c' || t === '--cmd') && i + 1 < args.length) {
			commands.push(...exCommands(args[++i].text));
		} else if (t.startsWith('+') && t.length > 1) {
			commands.push(...exCommands(t.slice(1)));
		}
	}
	return shell(commands, `${inv.name} -c '!…'`);
});

alsoRuns(['gdb'], (args) => {
	const commands: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		const value = t === '-ex' || t === '--ex' || t === '-eval-command' || t === '--eval-command' ? args[++i]?.text : /^--?eval-command=/.test(t) ? t.slice(t.indexOf('=') + 1) : undefined;
		const m = value === undefined ? null : /^\s*(?:shell\s+|!)([\s\S]*)$/.exec(value);
		if (m) {
			commands.push(m[1]);
		}
	}
	return shell(commands, 'gdb shell');
});

// ---- expect, tclsh, lua, Rscript, julia ---------------------------------------------------------------

/** Unquotes a Tcl/Lua/R/Julia string body written with backslash escapes. */
function unescaped(body: string): string {
	return body.replace(/\\(.)/g, '$1');
}

/**
 * The shell commands and deletions in a program of a language the engine does not translate: Tcl's `exec`
 * and expect's `spawn` (words to the end of the command), Lua's `os.execute`/`io.popen`/`os.remove`, R's
 * `system`/`system2`/`unlink`, Julia's `run(`…`)` and `rm`. A deletion becomes the `rm` it amounts to.
 */
function programCommands(code: string): string[] {
	const out: string[] = [];
	const str = String.raw`(["'])((?:(?!\1)[^\\]|\\.)*)\1`;
	for (const m of code.matchAll(/(?:^|[\n;[{])\s*(?:exec|spawn)\s+([^\n;\]}]+)/g)) {
		out.push(m[1].replace(/[{}]/g, ''));
	}
	for (const m of code.matchAll(new RegExp(String.raw`\b(?:os\.execute|io\.popen|system|system2|shell)\s*\(\s*${str}`, 'g'))) {
		out.push(unescaped(m[2]));
	}
	for (const m of code.matchAll(/\brun\s*\(\s*`([^`]*)`/g)) {
		out.push(m[1]);
	}
	for (const m of code.matchAll(new RegExp(String.raw`\b(?:unlink|rm|os\.remove|file\.remove)\s*\(\s*${str}([^)]*)\)`, 'g'))) {
		const recursive = /recursive\s*=\s*(?:TRUE|T|true)\b/.test(m[3]);
		out.push(`rm ${recursive ? '-rf ' : ''}'${unescaped(m[2]).replace(/'/g, "'\\''")}'`);
	}
	return out;
}

/** `-e code` / `-c code` for these interpreters, else the script file they are given, else standard input. */
alsoRuns(['expect', 'tclsh', 'wish', 'lua', 'luajit', 'Rscript', 'rscript', 'R', 'julia'], (args, inv, ctx) => {
	const codeFlags = inv.name === 'expect' ? ['-c'] : inv.name === 'julia' ? ['-e', '--eval', '-E', '--print'] : ['-e'];
	const codes: string[] = [];
	let file: string | undefined;
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		if (codeFlags.includes(t) && i + 1 < args.length) {
			codes.push(args[++i].text);
		} else if (/^--?e(?:val)?=/.test(t)) {
			codes.push(t.slice(t.indexOf('=') + 1));
		} else if (!t.startsWith('-') && file === undefined && codes.length === 0) {
			file = t;
		}
	}
	if (codes.length === 0) {
		codes.push(file !== undefined ? readRelative(file, ctx) ?? '' : inv.stdinText ?? '');
	}
	return shell(codes.flatMap(programCommands), `${inv.name} (a command its program runs)`);
});

// ---- emacs --------------------------------------------------------------------------------------------

/** An Emacs Lisp string literal's text (backslash escapes undone). */
const ELISP_STRING = String.raw`"((?:[^"\\]|\\.)*)"`;

/**
 * The shell commands and deletions in Emacs Lisp: `(shell-command "…")` and its async and
 * `-to-string` forms, `(call-process "prog" nil nil nil "arg" …)`, `(delete-directory "d" t)` (with
 * everything in it), `(delete-directory "d")` and `(delete-file "f")`.
 */
function elispCommands(code: string): string[] {
	const out: string[] = [];
	const quote = (text: string) => `'${unescaped(text).replace(/'/g, "'\\''")}'`;
	for (const m of code.matchAll(new RegExp(String.raw`\((?:async-)?shell-command(?:-to-string)?\s+${ELISP_STRING}`, 'g'))) {
		out.push(unescaped(m[1]));
	}
	for (const m of code.matchAll(new RegExp(String.raw`\((?:call|start)-process(?:-shell-command)?\s+((?:${ELISP_STRING}|nil|t|\s)+)`, 'g'))) {
		const strings = [...m[1].matchAll(new RegExp(ELISP_STRING, 'g'))].map((s) => quote(s[1]));
		out.push(strings.join(' '));
	}
	for (const m of code.matchAll(new RegExp(String.raw`\(delete-directory\s+${ELISP_STRING}([^)]*)\)`, 'g'))) {
		const recursive = /\S/.test(m[2]) && !/^\s*nil\b/.test(m[2]);
		out.push(`${recursive ? 'rm -rf' : 'rmdir'} ${quote(m[1])}`);
	}
	for (const m of code.matchAll(new RegExp(String.raw`\(delete-file\s+${ELISP_STRING}`, 'g'))) {
		out.push(`rm ${quote(m[1])}`);
	}
	// Built from pieces (`(shell-command (concat "rm -rf " dir))`, `(delete-directory (expand-file-name …) t)`):
	// read as the form's string literals joined, so a risky word or a path in them is still judged.
	for (const m of code.matchAll(/\((?:(?:async-)?shell-command(?:-to-string)?|delete-directory|delete-file)\s+\(/g)) {
		const end = closingParen(code, m.index! + m[0].length);
		const literals = [...code.slice(m.index!, end < 0 ? undefined : end).matchAll(new RegExp(ELISP_STRING, 'g'))].map((l) => unescaped(l[1]));
		if (m[0].includes('shell-command')) {
			out.push(literals.join(''));
		} else if (literals.length > 0) {
			// `(concat "/srv/" "data")` joins; `(expand-file-name "data" "/srv")` is /srv/data; any other form: its
			// first literal, the likeliest path.
			const inner = /^\(\s*([\w-]+)/.exec(code.slice(m.index! + m[0].length - 1))?.[1];
			const file = inner === 'concat' ? literals.join('') : inner === 'expand-file-name' && literals.length === 2 ? `${literals[1].replace(/\/+$/, '')}/${literals[0]}` : literals[0];
			out.push(`${m[0].includes('delete-file') ? 'rm' : 'rm -rf'} ${quote(file)}`);
		}
	}
	return out;
}

/** The index just past the `)` that closes the form opened before `start` (strings skipped), or -1. */
function closingParen(code: string, start: number): number {
	let depth = 1;
	for (let i = start; i < code.length; i++) {
		if (code[i] === '"') {
			for (i++; i < code.length && code[i] !== '"'; i++) {
				i += code[i] === '\\' ? 1 : 0;
			}
		} else if (code[i] === '(') {
			depth++;
		} else if (code[i] === ')' && --depth === 0) {
			return i + 1;
		}
	}
	return -1;
}

/** `emacs --batch --eval CODE`, `-eval`, `--eval=CODE`, `--execute`, and the files `-l`/`--load`/`--script` name. */
alsoRuns(['emacs', 'emacsclient'], (args, inv, ctx) => {
	const codes: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		if (['--eval', '-eval', '--execute', '-e'].includes(t) && i + 1 < args.length) {
			codes.push(args[++i].text);
		} else if (/^--(?:eval|execute)=/.test(t)) {
			codes.push(t.slice(t.indexOf('=') + 1));
		} else if (['-l', '--load', '-load', '--script', '-script'].includes(t) && i + 1 < args.length) {
			codes.push(readRelative(args[++i].text, ctx) ?? '');
		}
	}
	return shell(codes.flatMap(elispCommands), `${inv.name} (Lisp it evaluates)`);
});

// ---- mongosh -----------------------------------------------------------------------------------------

/** mongosh runs Node.js: `--eval` code may `require('child_process')`, judged as the engine judges `node -e`. */
alsoRuns(['mongosh', 'mongo'], (args) => {
	const parsed = parseArgs(args, { withValue: ['--eval', '--host', '--port', '-u', '--username', '-p', '--password', '--authenticationDatabase', '-f', '--file'] });
	return (parsed.options.get('--eval') ?? []).filter((code) => /\brequire\s*\(|\bprocess\b|\bchild_process\b/.test(code)).map((code): Step => ({ kind: 'code', language: 'javascript', code, label: 'mongosh --eval' }));
});

// ---- cron ------------------------------------------------------------------------------------------------

/**
 * The commands of a cron table: each entry after its five time fields (or `@reboot`, `@daily` …); blank
 * lines, comments and `NAME=value` lines set nothing to run. An unescaped `%` ends the command (the rest is
 * its standard input). A system table has a user field before the command.
 */
export function cronCommands(table: string, system = false): string[] {
	// A system table (/etc/crontab, /etc/cron.d) names the user to run as after the time fields.
	const user = system ? String.raw`\S+\s+` : '';
	const special = new RegExp(String.raw`^@\w+\s+${user}([\s\S]*)$`);
	const timed = new RegExp(String.raw`^(?:\S+\s+){5}${user}([\s\S]*)$`);
	const out: string[] = [];
	for (const raw of table.split('\n')) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#') || /^[A-Za-z_]\w*\s*=/.test(line)) {
			continue;
		}
		const m = special.exec(line) ?? timed.exec(line);
		if (m) {
			out.push(m[1].split(/(?<!\\)%/)[0].replace(/\\%/g, '%'));
		}
	}
	return out;
}

/**
 * `crontab FILE`, `crontab -` and `… | crontab`: installs a table whose commands run later, unasked —
 * judged as the commands they are. A table the line writes with contents only known when it runs is
 * unknown input; listing (`-l`), editing (`-e`, its editor is judged as a variable) and removing (`-r`) install nothing.
 */
alsoRuns(['crontab'], (args, inv, ctx) => {
	const parsed = parseArgs(args, { withValue: ['-u', '-s'], long: [] });
	if (['-l', '-e', '-r', '-i', '-V', '-T'].some((o) => parsed.options.has(o))) {
		return [];
	}
	const file = parsed.positionals[0];
	const fromStdin = file === undefined || file.text === '-';
	const table = fromStdin ? inv.stdinText : readRelative(file.text, ctx);
	if (table === undefined) {
		// Standard input from a pipe the line does not show (`crontab -l | … | crontab -`) is the person's
		// own table edited; a file written earlier in the line with unknown contents is asked about.
		// A table downloaded straight into it (`curl -s URL | crontab -`) is downloaded code: asked for its URL.
		const from = inv.source.stdin?.kind === 'pipe' ? inv.source.stdin.from : undefined;
		const url = fromStdin && from ? downloadedFrom(from.words) : undefined;
		// A file on disk that cannot be read here is not asked about (`crontab deploy/crontab.txt`: the rules
		// for replacing the table still apply); one this line writes with unknown contents is.
		const step = url ? { kind: 'argv' as const, argv: [literalWord(UNKNOWN_INPUT), url, literalWord('crontab')], label: 'crontab -' } : fromStdin ? undefined : unknownInput(file, { ...inv, fromFile: true }, ctx);
		return step ? [step] : [];
	}
	return shell(cronCommands(table), 'crontab (an entry that runs later)');
});

// ---- socat, ncat, nc --------------------------------------------------------------------------------------

/**
 * Network relays that start a program for each connection: socat's `EXEC:cmd` and `SYSTEM:cmd` addresses
 * (options after a comma), ncat's `-e`/`--exec`, `-c`/`--sh-exec` and traditional nc's `-e`/`-c`.
 */
alsoRuns(['socat'], (args, inv) => {
	const commands: string[] = [];
	let server: { host: string; port: string; tls: boolean } | undefined;
	for (const w of args) {
		const m = /^(?:EXEC|SYSTEM):([\s\S]*)$/i.exec(w.text);
		if (m) {
			// `EXEC:'rm -rf x',pty`: the address's own options follow an unquoted comma.
			commands.push(m[1].replace(/,(?:[a-z-]+(?:=[^,]*)?)(?:,[a-z-]+(?:=[^,]*)?)*$/i, ''));
		}
		const to = /^(TCP[46]?|OPENSSL|SSL):([^:,\s]+):(\d+)/i.exec(w.text);
		server ??= to ? { host: to[2], port: to[3], tls: /^(?:OPENSSL|SSL)$/i.test(to[1]) } : undefined;
	}
	const stdio = args.some((w) => w.text === '-' || /^STDIO|^STDIN/i.test(w.text));
	return [...shell(commands, 'socat EXEC'), ...(server && stdio ? rawRequest(server.host, server.port, server.tls, inv) : [])];
});

alsoRuns(['nc', 'ncat', 'netcat', 'nc.traditional', 'nc.openbsd'], (args, inv) => {
	const parsed = parseArgs(args, { withValue: ['-e', '--exec', '-c', '--sh-exec', '--lua-exec', '-p', '-s', '-w', '-i', '-q', '-x', '-X', '-b', '-g', '-G', '-m', '-T', '-V', '-O', '-I', '-W', '--proxy', '--proxy-type', '--ssl-cert', '--ssl-key', '--ssl-servername'], long: [] });
	const commands = ['-e', '--exec', '-c', '--sh-exec'].flatMap((o) => parsed.options.get(o) ?? []);
	const [host, port] = parsed.positionals.map((w) => w.text);
	const listening = parsed.options.has('-l') || parsed.options.has('--listen');
	const request = host && port && !listening && commands.length === 0 ? rawRequest(host, port, parsed.options.has('--ssl'), inv) : [];
	return [...shell(commands, `${inv.name} -e`), ...request];
});

// `printf 'POST /graphql/v2 HTTP/1.1\r\nHost: …' | openssl s_client -connect host:443`, `telnet host 80`
alsoRuns(['openssl'], (args, inv) => {
	if (args[0]?.text !== 's_client') {
		return [];
	}
	// openssl's options are single-dash words (`-connect`, `-quiet`), not bundles of letters.
	const at = args.findIndex((w) => w.text === '-connect');
	const connect = at < 0 ? undefined : args[at + 1]?.text;
	const m = connect === undefined ? undefined : /^\[?([^\]]+?)\]?:(\d+)$/.exec(connect);
	return m ? rawRequest(m[1], m[2], true, inv) : [];
});

alsoRuns(['telnet'], (args, inv) => {
	const positionals = args.filter((w) => !w.text.startsWith('-')).map((w) => w.text);
	return positionals[0] ? rawRequest(positionals[0], positionals[1] ?? '23', false, inv) : [];
});

/**
 * HTTP written by hand into a socket (`printf 'POST /x HTTP/1.1\r\nHost: h\r\n\r\nBODY' | openssl s_client -connect h:443`,
 * `nc`, `ncat --ssl`, `socat - OPENSSL:h:443`, `telnet`): the same request as curl sends it, so the HTTP rules judge
 * it — its method, URL, headers and body. What is sent is unknown (standard input the line does not show): an opaque
 * POST to that server, which asks when the server is an API the HTTP rules know. Standard input that is not HTTP
 * (`</dev/null`, a TLS check) sends no request.
 */
function rawRequest(host: string, port: string, tls: boolean, inv: Invocation): Step[] {
	// `</dev/null` (a TLS check, a port probe) sends nothing.
	const text = inv.redirects.some((r) => r.op === '<' && r.target?.text === '/dev/null') ? '' : inv.stdinText;
	const scheme = tls ? 'https' : 'http';
	const origin = (h: string) => `${scheme}://${h}${(tls && port === '443') || (!tls && port === '80') || /:\d+$/.test(h) ? '' : `:${port}`}`;
	const label = `${inv.name} (an HTTP request written by hand)`;
	if (text === undefined) {
		return [{ kind: 'argv', argv: ['curl', '-X', 'POST', `${origin(host)}/`, '--data-binary', '@-'].map((t) => literalWord(t)), label }];
	}
	const start = /^\s*([A-Z]+)\s+(\S+)\s+HTTP\/\d(?:\.\d)?\r?$/m.exec(text);
	if (!start) {
		return [];
	}
	const rest = text.slice((start.index ?? 0) + start[0].length).replace(/^\r?\n/, '');
	const split = /\r?\n\r?\n/.exec(rest);
	const head = split ? rest.slice(0, split.index) : rest;
	const body = split ? rest.slice(split.index + split[0].length) : '';
	const headers = head.split(/\r?\n/).filter((h) => /^[\w-]+:/.test(h));
	const hostHeader = headers.find((h) => /^host:/i.test(h))?.replace(/^host:\s*/i, '').trim();
	const target = /^[a-z][\w+.-]*:\/\//i.test(start[2]) ? start[2] : `${origin(hostHeader || host)}${start[2].startsWith('/') ? '' : '/'}${start[2]}`;
	const argv = ['curl', '-X', start[1], target, ...headers.filter((h) => !/^host:/i.test(h)).flatMap((h) => ['-H', h]), ...(body !== '' ? ['--data-binary', body] : [])];
	return [{ kind: 'argv', argv: argv.map((t) => literalWord(t)), label }];
}

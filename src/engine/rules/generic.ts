/**
 * The generic rule: tools no pack knows. A destructive verb as a subcommand (`borg delete …`,
 * `vault kv metadata delete …`, `rabbitmqctl purge_queue …`), as a long flag (`kafka-topics --delete
 * --topic orders`, `journalctl --vacuum-time=1s`) or in the tool's own name (`lxc-destroy -n c1`),
 * with the operand that follows as the target.
 *
 * It is `medium` (asked in production) and `high` with a flag that skips the tool's own safety
 * (`--force`, `-f`, `--yes`, `-y`, `--all`, `--recursive`, `--no-backup`, `--purge`).
 *
 * It never judges a tool a pack judges: the engine hands it only the invocations whose name no
 * rule lists (`UNJUDGED` in rule.ts, analyze.ts), so a new pack takes its tools over by naming them.
 * It also stays away from: read-only look-alikes (`--help`, `list`, `get`, `--dry-run`, `plan`),
 * tools whose arguments are data rather than subcommands (`grep delete`, `echo drop`, `pytest -k
 * remove`), process wrappers (their command is judged on its own), and package managers removing
 * packages (`npm uninstall lodash`, `pip uninstall -y requests`: reinstalled in a minute) — only
 * their data-deleting forms (`apt purge`, `--purge`, `flatpak uninstall --delete-data`) count.
 */
import type { Severity, Word } from '../types';
import { UNWRAPPERS } from '../shell/wrappers';
import { UNJUDGED, type MatchResult, type RulePack } from './rule';
import { readCli } from './subcommands';

/** The verbs, as a subcommand word or the first part of one (`delete`, `delete-topic`, `purge_queue`). */
const VERBS = new Set([
	'delete', 'destroy', 'purge', 'remove', 'rm', 'del', 'drop', 'wipe', 'erase', 'nuke', 'prune', 'vacuum', 'obliterate', 'forget', 'truncate', 'reset',
	'rmi', 'undefine', 'unregister', 'terminate', 'expunge', 'shred', 'zap', 'uninstall',
]);
/** Verbs strong enough to count in the middle of a compound word (`batch-delete-image`, `force-destroy`) or a tool's name (`lxc-destroy`). */
const STRONG = new Set(['delete', 'destroy', 'purge', 'drop', 'wipe', 'erase', 'nuke', 'obliterate', 'truncate', 'expunge', 'remove']);

/** Subcommand words that only read: a verb after them is data (`tool get delete-policy`, `tool help delete`). */
const READ_ONLY = new Set([
	'list', 'ls', 'get', 'describe', 'status', 'plan', 'show', 'info', 'view', 'inspect', 'diff', 'explain', 'help', 'search', 'cat', 'print', 'dump', 'export', 'check',
	'validate', 'lint', 'test', 'preview', 'whatif', 'what-if', 'man', 'docs', 'completion', 'version', 'find', 'grep', 'watch', 'top', 'tail', 'read', 'query', 'count',
	'verify', 'doctor', 'template', 'render', 'echo', 'why',
]);
/** Options that make a command only look (`--dry-run=false` does not). */
const LOOK_ONLY = /^--?(?:help|dry-?run|dry_run|what-?if|simulate|noop|no-op|preview|plan|version|check-only|list)(?:=(.*))?$/i;
const NOT_REALLY = /^(?:false|0|no|off|none|never)$/i;

/** Flags that skip the tool's own safety net. */
const FORCEFUL = /^(?:--?(?:force|yes|all|recursive|recurse|no-backup|purge|assume-yes|non-interactive|no-confirm|noconfirm|skip-confirmation|force-[\w-]+|delete-data|zap)(?:=(?!false$|0$|no$).*)?|-[A-Za-z]*[fy][A-Za-z]*)$/;

/** Long options whose verb is the destructive act: `--delete`, `--delete-topic=x`, `--vacuum-time=1s`, `-purge` (Go style). */
const FLAG_VERB = /^--?(delete|destroy|purge|drop|wipe|erase|nuke|prune|vacuum|obliterate|forget|truncate|reset|remove|expunge|shred|zap)(?:[-_][\w-]*)?(?:=(.*))?$/i;
/** Long flags with a verb that are harmless: a container removed on exit, an option that keeps things. */
const HARMLESS_FLAG = /^--(?:rm|remove-orphans|reset-cache|reset-terminal|prune-empty|remove-section|delete-after-send|drop-cache)$/i;

/** Option keys whose value names a resource (a target when no operand follows the verb). */
const NAMING_KEY = /(?:^|-)(?:name|id|topic|bucket|repo|repository|database|db|table|index|queue|stream|key|path|volume|app|project|cluster|service|namespace|instance|vm|domain|secret|vault|group|snapshot|backup|image|tag|branch|site|env|environment|resource|account|user|org|organization|space|collection|keyspace|channel|subject|consumer|pool|dataset|file|dir|directory|archive|target|container|sid|uuid|slug)s?$/i;

/**
 * Tools whose arguments are data, files or text rather than subcommands: `grep -r delete`, `cat
 * remove.txt`, `echo drop`, `pytest -k delete`, `make`-less build tools, editors. A verb after them
 * says nothing about what they do.
 */
const DATA_TOOLS = new Set([
	// shell builtins and keywords
	'echo', 'printf', 'print', 'cd', 'pushd', 'popd', 'pwd', 'test', '[', '[[', 'true', 'false', ':', 'read', 'set', 'shopt', 'type', 'hash', 'help', 'history', 'fc',
	'let', 'exit', 'return', 'wait', 'jobs', 'fg', 'bg', 'disown', 'ulimit', 'umask', 'complete', 'compgen', 'bind', 'enable', 'getopts', 'shift', 'times', 'suspend', 'logout',
	'function', 'if', 'elif', 'while', 'until', 'case', 'for', 'select', 'in', 'esac', 'fi', 'done', '{', '}', '(', ')', '!', 'setopt', 'unsetopt', 'zle', 'autoload', 'compdef',
	'abbr', 'funcsave', 'functions',
	// reading, searching and transforming text
	'cat', 'tac', 'less', 'more', 'most', 'bat', 'batcat', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'ugrep', 'sed', 'gsed', 'jq', 'yq', 'gojq', 'jless', 'fx',
	'cut', 'sort', 'uniq', 'wc', 'tr', 'diff', 'colordiff', 'delta', 'difft', 'cmp', 'comm', 'join', 'paste', 'column', 'fold', 'fmt', 'nl', 'rev', 'shuf', 'expand', 'unexpand',
	'iconv', 'envsubst', 'xxd', 'hexdump', 'od', 'strings', 'base64', 'base32', 'md5sum', 'md5', 'sha1sum', 'sha256sum', 'sha512sum', 'shasum', 'cksum', 'b2sum', 'tee', 'look',
	'csvlook', 'csvcut', 'mlr', 'xsv', 'qsv', 'xmllint', 'xmlstarlet', 'htmlq', 'pup', 'dasel', 'gron', 'fzf', 'peco', 'sk', 'pv', 'glow', 'mdcat', 'figlet', 'cowsay', 'lolcat',
	'say', 'espeak', 'notify-send', 'logger', 'wall', 'banner', 'seq', 'yes', 'jot', 'expr', 'bc', 'dc', 'factor', 'numfmt', 'units', 'tput', 'stty', 'clear', 'reset', 'printenv',
	// files and directories (the file rules judge the ones that delete)
	'ls', 'll', 'la', 'l', 'exa', 'eza', 'lsd', 'tree', 'broot', 'stat', 'file', 'du', 'dust', 'ncdu', 'df', 'duf', 'touch', 'mkdir', 'ln', 'basename', 'dirname', 'realpath',
	'readlink', 'which', 'whereis', 'whence', 'locate', 'mlocate', 'plocate', 'updatedb', 'fd', 'fdfind', 'z', 'zoxide', 'autojump', 'open', 'xdg-open', 'start', 'explorer', 'cygpath',
	'mktemp', 'split', 'csplit', 'lsof', 'fuser', 'getfacl', 'lsattr', 'sync',
	// documentation
	'man', 'info', 'tldr', 'cheat', 'apropos', 'whatis', 'howdoi', 'navi',
	// editors and viewers
	'vi', 'vim', 'nvim', 'gvim', 'mvim', 'view', 'vimdiff', 'nano', 'pico', 'micro', 'emacs', 'emacsclient', 'ed', 'ex', 'kak', 'hx', 'helix', 'joe', 'mcedit', 'code', 'code-insiders',
	'cursor', 'codium', 'windsurf', 'subl', 'mate', 'atom', 'zed', 'idea', 'pycharm', 'webstorm', 'goland', 'clion', 'rider', 'studio', 'xed', 'gedit', 'kate', 'notepad', 'notepad++',
	// compilers, build and test runners (their words are files, targets of their own, test names)
	'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'tcc', 'ld', 'as', 'nasm', 'javac', 'java', 'kotlinc', 'scalac', 'rustc', 'tsc', 'swiftc', 'ghc', 'ocaml', 'zig', 'nim', 'crystal',
	'esbuild', 'swc', 'babel', 'webpack', 'rollup', 'vite', 'parcel', 'turbo', 'nx', 'lerna', 'tsup', 'tsx-watch', 'nodemon', 'eslint', 'prettier', 'biome', 'stylelint', 'tslint',
	'jest', 'vitest', 'mocha', 'ava', 'tap', 'karma', 'jasmine', 'cypress', 'playwright', 'pytest', 'py.test', 'tox', 'nox', 'behave', 'nosetests', 'unittest', 'coverage', 'rspec',
	'phpunit', 'pest', 'ginkgo', 'gotestsum', 'ctest', 'bats', 'shellcheck', 'shfmt', 'hadolint', 'ruff', 'black', 'isort', 'flake8', 'pylint', 'mypy', 'pyright', 'bandit',
	'rubocop', 'golangci-lint', 'gofmt', 'goimports', 'staticcheck', 'clippy-driver', 'rustfmt', 'clang-format', 'clang-tidy', 'cppcheck', 'ktlint', 'detekt', 'swiftlint', 'checkov',
	'tflint', 'tfsec', 'trivy', 'grype', 'syft', 'semgrep', 'gitleaks', 'trufflehog', 'codespell', 'markdownlint', 'vale', 'cspell', 'commitlint', 'lint-staged', 'actionlint',
	'cmake', 'ninja', 'meson', 'scons', 'bazel', 'bazelisk', 'buck', 'buck2', 'pants', 'mvn', 'mvnw', 'gradle', 'gradlew', 'ant', 'sbt', 'lein', 'ccache', 'sccache', 'autoreconf',
	'configure', 'pkg-config', 'ldd', 'nm', 'objdump', 'readelf', 'otool', 'strip', 'gdb', 'lldb', 'perf', 'hyperfine', 'time', 'benchmark',
	// processes, system information and networking that only reads
	'ps', 'pgrep', 'top', 'htop', 'btop', 'atop', 'glances', 'uptime', 'uname', 'hostname', 'hostnamectl', 'whoami', 'id', 'groups', 'w', 'who', 'last', 'date', 'cal', 'sleep',
	'free', 'vmstat', 'iostat', 'mpstat', 'sar', 'nproc', 'lscpu', 'lsblk', 'lsusb', 'lspci', 'lsmod', 'dmesg', 'sysctl', 'ping', 'ping6', 'traceroute', 'tracepath', 'mtr', 'dig',
	'nslookup', 'host', 'whois', 'ss', 'netstat', 'ifconfig', 'iwconfig', 'arp', 'route', 'tcpdump', 'nmap', 'iperf', 'iperf3', 'speedtest', 'openssl', 'ssh-keyscan', 'ssh-copy-id',
	'scp', 'sftp', 'sshpass', 'nmcli', 'resolvectl', 'getent', 'locale', 'localectl', 'timedatectl', 'neofetch', 'fastfetch', 'screenfetch', 'inxi', 'sw_vers', 'system_profiler',
	'mdfind', 'mdls', 'pbcopy', 'pbpaste', 'xclip', 'xsel', 'wl-copy', 'wl-paste', 'osascript', 'caffeinate', 'pmset',
	// archives (their subcommands are letters, their operands files)
	'tar', 'gtar', 'bsdtar', 'zip', 'unzip', 'gzip', 'gunzip', 'zcat', 'bzip2', 'bunzip2', 'bzcat', 'xz', 'unxz', 'xzcat', 'zstd', 'unzstd', 'zstdcat', 'lz4', '7z', '7za', '7zz', 'rar',
	'unrar', 'cpio', 'ar', 'pigz', 'brotli',
	// version-control front ends whose arguments are revisions and paths
	'tig', 'lazygit', 'gitk', 'git-cliff', 'gitui', 'hg', 'svn', 'fossil', 'pre-commit', 'husky',
	// media and documents
	'ffmpeg', 'ffprobe', 'convert', 'magick', 'identify', 'mogrify', 'exiftool', 'pandoc', 'pdftotext', 'qpdf', 'gs', 'sox', 'yt-dlp',
]);

/** Package managers: removing a package is undone by installing it again. */
const PACKAGE_MANAGERS = new Set([
	'apt', 'apt-get', 'aptitude', 'dpkg', 'snap', 'flatpak', 'dnf', 'yum', 'microdnf', 'zypper', 'pacman', 'yay', 'paru', 'apk', 'emerge', 'xbps-remove', 'pkg', 'brew', 'port',
	'nix-env', 'pip', 'pip3', 'pipx', 'uv', 'poetry', 'pdm', 'rye', 'hatch', 'conda', 'mamba', 'micromamba', 'pixi', 'easy_install', 'bundle', 'bundler', 'composer', 'go', 'rustup',
	'cabal', 'stack', 'opam', 'pub', 'dart', 'flutter', 'pod', 'carthage', 'swift', 'vcpkg', 'conan', 'nuget', 'choco', 'scoop', 'winget', 'cpan', 'cpanm', 'raco', 'nimble',
	'ansible-galaxy', 'asdf', 'mise', 'rtx', 'nvm', 'fnm', 'volta', 'n', 'pyenv', 'rbenv', 'nodenv', 'goenv', 'jenv', 'sdk', 'sdkman', 'proto', 'aqua', 'krew', 'vagrant-plugin',
	'code-server', 'gh-extension', 'corepack', 'jspm', 'bower', 'elm', 'lein', 'julia', 'R', 'Rscript', 'luarocks', 'tlmgr', 'mas', 'softwareupdate', 'fwupdmgr',
]);
/** System package managers, where `purge` also deletes the package's configuration and data. */
const PURGING = new Set(['apt', 'apt-get', 'aptitude', 'dpkg', 'snap', 'zypper']);
/** Flags by which a package removal also deletes data: `--purge`, `flatpak uninstall --delete-data`, `brew uninstall --zap`, `dpkg -P`. */
const DATA_FLAGS = /^(?:--purge|--delete-data|--zap|--remove-data|--remove-home|-P)$/;

/**
 * Wrappers (shell/wrappers*.ts peel them) that are tools in their own right too: their own
 * subcommands are judged here, never the command they run (a chain stops at `run`, `exec`, `--`).
 */
const TOOL_WRAPPERS = new Set(['vagrant', 'lxc', 'incus', 'multipass', 'op', 'infisical', 'aws-vault', 'chamber', 'teller', 'sops', 'dotenvx', 'direnv', 'aws-sso',
	// Task runners and SQL clients are peeled for the recipes and shell escapes they run, and stay tools of their own.
	'make', 'gmake', 'just', 'psql', 'mysql', 'mariadb', 'sqlite3', 'duckdb']);
/** Words after which a wrapper runs another command. */
const RUNS = new Set(['run', 'exec', 'x', 'dlx', 'ssh', 'shell', 'console', 'enter', 'attach', 'sh', 'bash', 'send-keys', 'new-session', 'new', 'develop']);

/** A subcommand word: lower-case letters, digits and `-_:.` (not a path, a URL, an assignment, a name with capitals). */
const WORD = /^[a-z][a-z0-9]*(?:[-_:.][a-z0-9]+)*$/;
/** Short options that never take a value, so a word after them is not their value. */
const BOOLEAN_SHORT = /^-[fyvqrRFVia]+$/;

/** The verb a word carries: `delete`, `delete-topic` → delete; `batch-delete-image` → delete; `db:drop` → drop. */
function verbOf(word: string, strongOnly = false): string | undefined {
	const lower = word.toLowerCase();
	if (!strongOnly && VERBS.has(lower)) {
		return lower;
	}
	if (lower.length > 48 || !/[-_:]/.test(lower) && !/^[a-z]+[A-Z]/.test(word)) {
		return undefined;
	}
	// camelCase (`deleteBucket`) or separated parts (`delete-topic`, `purge_queue`, `apps:destroy`).
	const parts = /[-_:]/.test(lower) ? lower.split(/[-_:.]/) : word.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(' ');
	if (!strongOnly && VERBS.has(parts[0]) && parts[0] !== 'uninstall' && parts.length <= 6) {
		return parts[0];
	}
	return parts.find((p, i) => (i > 0 || strongOnly) && STRONG.has(p));
}

interface Found {
	readonly verb: string;
	/** The word as written. */
	readonly word: Word;
	/** Index in args of the verb word. */
	readonly at: number;
	readonly kind: 'subcommand' | 'flag' | 'name';
	/** `--delete=x`: the value written with the flag. */
	readonly value?: string;
}

/** Finds the first destructive verb in a tool's arguments, or undefined; undefined too for a read-only look-alike. */
function findVerb(args: readonly Word[], wrapperTool: boolean): Found | undefined {
	let found: Found | undefined;
	let chain = true;
	let positional = 0;
	for (let i = 0; i < args.length; i++) {
		const word = args[i];
		const t = word.text;
		if (t === '--') {
			break;
		}
		if (t.length > 1 && t.startsWith('-')) {
			const look = LOOK_ONLY.exec(t);
			if (look && !NOT_REALLY.test(look[1] ?? '')) {
				return undefined;
			}
			if (t === '-h') {
				return undefined;
			}
			if (!found && !HARMLESS_FLAG.test(t)) {
				const flag = FLAG_VERB.exec(t);
				// `-purge` (Go style) is one word; `-rf` and other short clusters are not verbs.
				if (flag && (t.startsWith('--') || t.length > 5) && !/^--?no-/.test(t)) {
					found = { verb: flag[1].toLowerCase(), word, at: i, kind: 'flag', value: flag[2] };
				}
			}
			continue;
		}
		if (found || !chain) {
			continue;
		}
		positional++;
		const lower = t.toLowerCase();
		if (positional > 4 || word.dynamic || !WORD.test(lower)) {
			chain = false;
			continue;
		}
		if (READ_ONLY.has(lower)) {
			return undefined;
		}
		if (wrapperTool && RUNS.has(lower)) {
			return undefined;
		}
		// `tool -k delete`, `screen -dmS purge …`: a word right after a short option that may take a value may be that value.
		const previous = args[i - 1]?.text ?? '';
		const valueOfShort = /^-[A-Za-z]+$/.test(previous) && !BOOLEAN_SHORT.test(previous);
		const verb = valueOfShort ? undefined : verbOf(t);
		if (verb) {
			found = { verb, word, at: i, kind: 'subcommand' };
		}
	}
	return found;
}

/** Where the target is: the operands after the verb, else a naming option's value, else the verb as written. */
function targetsOf(tool: string, args: readonly Word[], found: Found): string[] {
	if (found.value) {
		return [found.value];
	}
	const after = args.slice(found.at + 1);
	const cli = readCli(after);
	const operands = cli.positionals.map((w) => w.text).filter((t) => t.trim() !== '' && !/^(?:\{\}|\$\{?\w+\}?)$/.test(t) && !ASSIGNMENT.test(t)).slice(0, 8);
	if (operands.length > 0) {
		// `tool delete user bob`: a lone resource kind before the name goes last.
		if (operands.length >= 2 && /^[a-z]+$/.test(operands[0]) && (!/^[a-z]+$/.test(operands[1]) || KINDS.test(operands[0]))) {
			return [...operands.slice(1), operands[0]];
		}
		return operands;
	}
	const named = [...cli.options.entries(), ...readCli(args.slice(0, found.at)).options.entries()]
		.filter(([key]) => NAMING_KEY.test(key.replace(/^-+/, '')))
		.flatMap(([, values]) => values.filter((v) => v !== ''));
	if (named.length > 0) {
		return named.slice(0, 4);
	}
	// Nothing named: the verb as written (`purge`, `delete-namespaces`), never an option; a verb that is
	// also a program's name goes with its tool (`buildah rm`).
	const verb = found.word.text.replace(/^-+/, '').replace(/=.*$/, '');
	return [/^(?:rm|del|rmi|erase|shred|truncate|reset)$/i.test(verb) ? `${tool} ${verb}` : verb];
}

/** Words that say what kind of thing the next operand names (`delete user bob`). */
const KINDS = /^(?:users?|apps?|dbs?|databases?|repos?|projects?|buckets?|volumes?|services?|clusters?|instances?|keys?|secrets?|topics?|queues?|indexe?s?|tables?|pods?|nodes?|jobs?|envs?|environments?|namespaces?|tenants?|orgs?|teams?|snapshots?|backups?|images?|tags?|branch(?:es)?|releases?|domains?|records?|zones?|roles?|polic(?:y|ies)|groups?|tokens?|webhooks?|channels?|streams?|functions?|sites?|accounts?|vms?|machines?|servers?|hosts?|devices?|files?|dirs?|folders?|items?|objects?|workspaces?|deployments?)$/;

/** `make destroy ENV=prod`: a variable for the tool, not a target. */
const ASSIGNMENT = /^[A-Za-z_]\w*=/;

/** `apt purge nginx`, `apt-get remove --purge nginx`, `flatpak uninstall --delete-data org.x`: package removals that delete data. */
function packageData(name: string, args: readonly Word[]): MatchResult {
	const cli = readCli(args, { flags: ['--purge', '--delete-data', '--zap', '--remove-data', '--remove-home', '--cask', '--formula', '--assume-yes', '--noninteractive', '--auto-remove', '--autoremove', '--system', '--user', '--ignore-dependencies', '--no-prune'] });
	const purgeVerb = PURGING.has(name) && cli.path[0] === 'purge';
	const dataFlag = args.find((w) => DATA_FLAGS.test(w.text) && (w.text !== '-P' || name === 'dpkg'));
	if (!purgeVerb && !dataFlag || cli.has('--help', '-h', '--dry-run', '--simulate', '-s', '--just-print', '--no-act')) {
		return undefined;
	}
	const packages = cli.positionals.slice(purgeVerb || /^(?:remove|uninstall|rm|erase|autoremove|purge)$/.test(cli.path[0] ?? '') ? 1 : 0).map((w) => w.text);
	const how = purgeVerb ? 'purge' : dataFlag!.text;
	return {
		targets: packages.length > 0 ? packages : [how.replace(/^-+/, '')],
		severity: 'medium',
		reason: `Removes ${packages.length > 0 ? packages.join(', ') : 'packages'} with ${how}: the package's configuration and data go too, which reinstalling does not bring back.`,
		alternative: 'Remove the package without purging (its configuration stays), or back up its configuration and data first.',
	};
}

export const genericPack: RulePack = {
	name: 'generic',
	description: 'Tools no pack knows: a destructive verb as a subcommand, a long flag or in the tool\'s name, with the operand that follows as the target.',
	rules: [
		{
			id: 'generic:destructive-verb',
			severity: 'medium',
			commands: [UNJUDGED],
			reason: 'Runs a destructive subcommand of a tool no rule pack knows.',
			alternative: 'Run it with --dry-run (or the tool\'s list/describe command) first, and keep a backup of what it deletes.',
			match(inv): MatchResult {
				const name = inv.name;
				if (DATA_TOOLS.has(name) || inv.argv.length < 2 && !STRONG_NAME.test(name)) {
					return undefined;
				}
				const args = inv.argv.slice(1);
				if (PACKAGE_MANAGERS.has(name)) {
					return packageData(name, args);
				}
				const wrapperTool = TOOL_WRAPPERS.has(name);
				if (UNWRAPPERS.has(name) && !wrapperTool) {
					return undefined;
				}
				let found = findVerb(args, wrapperTool);
				if (!found) {
					// `lxc-destroy -n c1`, `kafka-delete-records …`: the verb is in the tool's name.
					const verb = STRONG_NAME.test(name) ? verbOf(name, true) : undefined;
					if (!verb || args.some((w) => LOOK_ONLY.test(w.text) && !NOT_REALLY.test(LOOK_ONLY.exec(w.text)?.[1] ?? '') || w.text === '-h')) {
						return undefined;
					}
					found = { verb, word: inv.argv[0], at: -1, kind: 'name' };
				}
				const forceful = args.filter((w) => FORCEFUL.test(w.text) && !LOOK_ONLY.test(w.text)).map((w) => w.text);
				// `uninstall` is destructive only as `uninstall --purge` (the data goes with the program).
				if (found.verb === 'uninstall' && !args.some((w) => /^--?purge$/.test(w.text))) {
					return undefined;
				}
				const severity: Severity = forceful.length > 0 ? 'high' : 'medium';
				const targets = found.kind === 'name' ? namedTargets(args, name) : targetsOf(name, args, found);
				const how = found.kind === 'flag' ? `the ${found.word.text.replace(/=.*$/, '')} option` : found.kind === 'name' ? 'its name' : `the subcommand ${found.word.text}`;
				return {
					targets,
					severity,
					reason: `${inv.argv[0].text} is told to ${found.verb} (${how}) ${targets.join(', ')}. No rule pack knows ${name}, so it is judged by that verb${forceful.length > 0 ? `, and ${forceful.join(' ')} skips the tool's own confirmation` : ''}.`,
				};
			},
		},
	],
};

/** Tool names that say they destroy: `lxc-destroy`, `kafka-delete-records`, `drop-db`. */
const STRONG_NAME = /(?:^|[-_])(?:delete|destroy|purge|drop|wipe|erase|nuke|obliterate|expunge)(?:[-_]|$)/;

function namedTargets(args: readonly Word[], fallback: string): string[] {
	const cli = readCli(args);
	const operands = cli.positionals.map((w) => w.text).filter((t) => t.trim() !== '' && !ASSIGNMENT.test(t)).slice(0, 8);
	if (operands.length > 0) {
		return operands;
	}
	const named = [...cli.options.entries()].filter(([key]) => NAMING_KEY.test(key.replace(/^-+/, ''))).flatMap(([, values]) => values.filter((v) => v !== ''));
	return named.length > 0 ? named.slice(0, 4) : [fallback];
}

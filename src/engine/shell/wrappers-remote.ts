/**
 * The wrappers unwrapping peels, part 2: remote shells and containers (their commands are marked
 * `remote`), package runners and secret injectors, terminal multiplexers, `at`, Windows shells,
 * interpreters (`python -c`, `node -e`…), `awk` and `osascript`.
 */
import * as path from 'path';
import { commandName, firstPositional, hasOption, literalWord, optionValue, parseArgs, shortOption } from './argv';
import { awkScripts } from './awk';
import { readRelative, UNKNOWN_INPUT } from './input';
import { parseLine } from './parse';
import { preloads } from './preloads';
import type { ScriptLanguage } from './scripts';
import type { AnalysisContext, Invocation, Word } from '../types';
import { downloadedFrom, SHELLS, unknownInput, unknownStdinCode, wrapper, type Step } from './wrappers';

// Remote shells and containers: the command runs elsewhere.
wrapper(['ssh', 'autossh', 'mosh'], (args, inv) => {
	const start = firstPositional(args, ['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B', '-M']);
	const command = args.slice(start + 1)[0]?.text === '--' ? args.slice(start + 2) : args.slice(start + 1);
	if (command.length > 0) {
		const text = command.map((w) => w.text).join(' ');
		// `ssh host bash -s < deploy.sh`, `ssh host 'sudo sh' <<EOF`: the remote shell reads our stdin.
		const words = command.flatMap((w) => w.text.split(/\s+/));
		const shell = words.some((w) => SHELLS.includes(commandName(w))) && !words.some((w) => /^-[a-z]*c$/.test(w));
		// `ssh -n`: the remote command reads /dev/null, not our input.
		const noInput = SSH_NO_STDIN.test(args.slice(0, start).map((w) => w.text).join(' '));
		const scripts = shell && !noInput && inv.stdinText !== undefined ? [text, inv.stdinText] : [text];
		const step: Step = { kind: 'script', scripts, label: `ssh ${args[start]?.text ?? ''}`.trim(), remote: true, ...(noInput ? { stdin: {} } : {}) };
		// `ssh host bash -s < cleanup.sh` with a local file that cannot be read: the remote shell runs unknown code.
		const file = shell && !noInput && inv.stdinText === undefined ? inv.redirects.filter((r) => r.op === '<' && r.target && (r.fd === undefined || r.fd === '0')).at(-1)?.target : undefined;
		// `< <(curl -s URL)`: the URL, as for a local shell.
		const substituted = file ? /^<\(([\s\S]*)\)$/.exec(file.text) : null;
		const source = substituted ? downloadedFrom(parseLine(substituted[1]).commands.at(-1)?.words ?? []) ?? file : file;
		return source ? [step, { kind: 'argv', argv: [literalWord(UNKNOWN_INPUT), source, literalWord(`${text} on ${args[start]?.text ?? 'the host'}`)], label: `ssh ${args[start]?.text ?? ''}`.trim() }] : step;
	}
	return inv.stdinText !== undefined ? { kind: 'script', scripts: [inv.stdinText], label: 'ssh (stdin)', remote: true } : undefined;
});

/** `ssh -n` and `ssh -f` (a cluster of ssh's flags holding n or f) give the remote command /dev/null, not our stdin. */
const SSH_NO_STDIN = /(?:^|\s)-[46AaCGgKkMNqsTtVvXxYy]*[nf][46AaCfGgKkMNnqsTtVvXxYy]*(?=\s|$)/;

function containerExec(label: string, args: readonly Word[], withValue: string[]): Step | undefined {
	const dashdash = args.findIndex((a) => a.text === '--');
	if (dashdash >= 0 && dashdash + 1 < args.length) {
		return { kind: 'argv', argv: args.slice(dashdash + 1), label, remote: true };
	}
	const target = firstPositional(args, withValue);
	return target + 1 < args.length ? { kind: 'argv', argv: args.slice(target + 1), label: `${label} ${args[target].text}`, remote: true } : undefined;
}

const DOCKER_EXEC_OPTS = ['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys', '--index'];
const DOCKER_RUN_OPTS = [
	...DOCKER_EXEC_OPTS, '-a', '--attach', '--add-host', '--blkio-weight', '-c', '--cpu-shares', '--cap-add', '--cap-drop', '--cgroup-parent', '--cgroupns', '--cidfile', '--cpus',
	'--cpuset-cpus', '--cpuset-mems', '--device', '--device-cgroup-rule', '--dns', '--dns-option', '--dns-search', '--domainname', '--entrypoint', '--expose', '--gpus', '--group-add',
	'-h', '--hostname', '--health-cmd', '--health-interval', '--health-retries', '--health-start-period', '--health-timeout', '--ip', '--ip6', '--ipc', '--isolation', '-l', '--label',
	'--label-file', '--link', '--log-driver', '--log-opt', '--mac-address', '-m', '--memory', '--memory-reservation', '--memory-swap', '--mount', '--name', '--network', '--net',
	'--network-alias', '-p', '--publish', '--pid', '--platform', '--pull', '--restart', '--runtime', '--security-opt', '--shm-size', '--stop-signal', '--stop-timeout', '--storage-opt',
	'--sysctl', '--tmpfs', '--ulimit', '--userns', '--uts', '-v', '--volume', '--volumes-from', '--pids-limit', '--oom-score-adj', '--annotation',
];
const COMPOSE_RUN_OPTS = ['-e', '--env', '--entrypoint', '-l', '--label', '--name', '-p', '--publish', '-u', '--user', '-v', '--volume', '-w', '--workdir', '--pull', '--cap-add', '--cap-drop'];
wrapper(['docker', 'podman', 'nerdctl', 'docker-compose'], (args, inv) => {
	let rest = args;
	if (rest[0]?.text === 'container' || rest[0]?.text === 'compose') {
		rest = rest.slice(1);
		// `docker compose -f x.yml exec …`
		const sub = firstPositional(rest, ['-f', '--file', '-p', '--project-name', '--env-file', '--profile']);
		rest = rest.slice(sub);
	}
	if (rest[0]?.text === 'exec') {
		return containerExec(`${inv.name} exec`, rest.slice(1), DOCKER_EXEC_OPTS);
	}
	if (rest[0]?.text === 'run') {
		// `docker run [opts] IMAGE cmd…`, `docker compose run [opts] SERVICE cmd…`: a new container, so
		// its own paths are remote; mounted volumes (`-v "$PWD":/app`) are not tracked.
		const opts = args[0]?.text === 'compose' || inv.name === 'docker-compose' ? COMPOSE_RUN_OPTS : DOCKER_RUN_OPTS;
		const image = firstPositional(rest.slice(1), opts) + 1;
		return image + 1 < rest.length ? { kind: 'argv', argv: rest.slice(image + 1), label: `${inv.name} run ${rest[image].text}`, remote: true } : undefined;
	}
	return undefined;
});

wrapper(['kubectl', 'oc', 'microk8s.kubectl', 'k'], (args, inv) => {
	const sub = firstPositional(args, ['-n', '--namespace', '--context', '--kubeconfig', '-s', '--server', '--cluster', '--user']);
	if (args[sub]?.text === 'run' || args[sub]?.text === 'debug') {
		// `kubectl run tmp --rm -it --image=busybox -- sh -c '…'`
		const dashdash = args.findIndex((a) => a.text === '--');
		return dashdash > sub && dashdash + 1 < args.length ? { kind: 'argv', argv: args.slice(dashdash + 1), label: `${inv.name} ${args[sub].text}`, remote: true } : undefined;
	}
	if (args[sub]?.text !== 'exec') {
		return undefined;
	}
	const rest = args.slice(sub + 1);
	const dashdash = rest.findIndex((a) => a.text === '--');
	return dashdash >= 0 && dashdash + 1 < rest.length ? { kind: 'argv', argv: rest.slice(dashdash + 1), label: `${inv.name} exec`, remote: true } : containerExec(`${inv.name} exec`, rest, ['-c', '--container', '-n', '--namespace', '-f', '--filename']);
});

wrapper(['lxc', 'incus', 'multipass', 'vagrant', 'wsl'], (args, inv) => {
	const dashdash = args.findIndex((a) => a.text === '--' || a.text === '-e' || a.text === '--exec');
	if (inv.name === 'vagrant' && args[0]?.text === 'ssh') {
		const parsed = parseArgs(args.slice(1), { withValue: ['-c', '--command'] });
		const command = optionValue(parsed, '-c', '--command');
		return command ? { kind: 'script', scripts: [command], label: 'vagrant ssh', remote: true } : undefined;
	}
	if (dashdash >= 0 && dashdash + 1 < args.length) {
		return { kind: 'argv', argv: args.slice(dashdash + 1), label: `${inv.name} exec`, remote: inv.name !== 'wsl' };
	}
	if (inv.name === 'wsl') {
		// `wsl rm -rf x` runs the rest in the default distribution's shell.
		let start = 0;
		while (start < args.length && args[start].text.startsWith('-')) {
			// Management options (`--unregister X`, `--list`) run nothing.
			if (!['-d', '--distribution', '-u', '--user', '--cd', '--shell-type'].includes(args[start].text)) {
				return undefined;
			}
			start += 2;
		}
		return start < args.length ? { kind: 'script', scripts: [args.slice(start).map((w) => w.text).join(' ')], label: 'wsl' } : undefined;
	}
	return undefined;
});

wrapper(['heroku'], (args) => {
	if (!args[0] || !/^run(:detached|:inside)?$/.test(args[0].text)) {
		return undefined;
	}
	const rest = args.slice(1);
	const start = firstPositional(rest, ['-a', '--app', '-r', '--remote', '-s', '--size', '-e', '--env', '--type']);
	if (start >= rest.length) {
		return undefined;
	}
	// The dyno runs the words through a shell: `heroku run 'rm -rf /app/data' -a prod` is one quoted word.
	const words = rest.slice(start).filter((w, i, all) => !/^(?:-a|--app|-r|--remote|-s|--size|-e|--env|--type)$/.test(w.text) && !/^(?:-a|--app|-r|--remote|-s|--size|-e|--env|--type)$/.test(all[i - 1]?.text ?? ''));
	return /\s/.test(words[0]?.text ?? '') ? { kind: 'script', scripts: [words.map((w) => w.text).join(' ')], label: 'heroku run', remote: true } : { kind: 'argv', argv: rest.slice(start), label: 'heroku run', remote: true };
});

// `pssh -h hosts 'cmd'`, `parallel-ssh -H host cmd…`: the command runs on every host, through its shell.
wrapper(['pssh', 'parallel-ssh'], (args) => {
	const start = firstPositional(args, ['-h', '--hosts', '-H', '--host', '-l', '--user', '-p', '--par', '-o', '--outdir', '-e', '--errdir', '-t', '--timeout', '-O', '--option', '-x', '--extra-args', '-X', '--extra-arg']);
	return start < args.length ? { kind: 'script', scripts: [args.slice(start).map((w) => w.text).join(' ')], label: 'pssh (on every host)', remote: true } : undefined;
});

wrapper(['railway'], (args) => {
	if (args[0]?.text === 'ssh') {
		// `railway ssh -- rm -rf /app/data`, `railway ssh -s api ls`: runs in the service's container.
		const rest = args.slice(1);
		const dashdash = rest.findIndex((a) => a.text === '--');
		const start = dashdash >= 0 ? dashdash + 1 : firstPositional(rest, ['-s', '--service', '-e', '--environment', '-p', '--project', '-d', '--deployment-instance']);
		return start < rest.length ? { kind: 'script', scripts: [rest.slice(start).map((w) => w.text).join(' ')], label: 'railway ssh', remote: true } : undefined;
	}
	if (args[0]?.text !== 'run') {
		return undefined;
	}
	const rest = args.slice(1);
	const parsed = parseArgs(rest, { withValue: ['-s', '--service', '-e', '--environment'] });
	const start = firstPositional(rest, ['-s', '--service', '-e', '--environment']);
	const environment = optionValue(parsed, '-e', '--environment');
	// `railway run` injects the linked environment's variables (and credentials) locally.
	return start < rest.length ? { kind: 'argv', argv: rest.slice(start), label: 'railway run', env: environment ? { RAILWAY_ENVIRONMENT: environment } : undefined } : undefined;
});

wrapper(['fly', 'flyctl'], (args) => {
	if (args[0]?.text !== 'ssh' || args[1]?.text !== 'console') {
		return undefined;
	}
	const parsed = parseArgs(args.slice(2), { withValue: ['-C', '--command', '-a', '--app', '-s', '--select', '-r', '--region', '-u', '--user', '--machine'] });
	const command = optionValue(parsed, '-C', '--command');
	return command ? { kind: 'script', scripts: [command], label: 'fly ssh console', remote: true } : undefined;
});

wrapper(['gcloud'], (args) => {
	const i = args.findIndex((a) => a.text === 'ssh');
	if (i < 0 || !args.slice(0, i).some((a) => a.text === 'compute' || a.text === 'tpus' || a.text === 'workstations')) {
		return undefined;
	}
	const parsed = parseArgs(args.slice(i + 1), { withValue: ['--command', '--zone', '--project', '--ssh-flag', '--ssh-key-file', '--strict-host-key-checking'] });
	const command = optionValue(parsed, '--command');
	if (command) {
		return { kind: 'script', scripts: [command], label: 'gcloud compute ssh', remote: true };
	}
	const dashdash = args.findIndex((a) => a.text === '--');
	return dashdash >= 0 ? { kind: 'script', scripts: [args.slice(dashdash + 1).map((w) => w.text).join(' ')], label: 'gcloud compute ssh', remote: true } : undefined;
});

// Package runners and secret injectors: `npx prisma …`, `op run -- …`, `doppler run -- …`.
function runner(label: string, args: readonly Word[], withValue: string[]): Step | undefined {
	const dashdash = args.findIndex((a) => a.text === '--');
	if (dashdash >= 0) {
		return dashdash + 1 < args.length ? { kind: 'argv', argv: args.slice(dashdash + 1), label } : undefined;
	}
	const start = firstPositional(args, withValue);
	return start < args.length ? { kind: 'argv', argv: args.slice(start), label } : undefined;
}

/** npm packages whose binary has another name: `npx @railway/cli down` runs `railway down`. */
const PACKAGE_BINARIES: Readonly<Record<string, string>> = {
	'@railway/cli': 'railway', 'firebase-tools': 'firebase', 'netlify-cli': 'netlify', 'aws-cdk': 'cdk', 'cdktf-cli': 'cdktf',
	'@heroku/cli': 'heroku', 'heroku-cli': 'heroku', 'sequelize-cli': 'sequelize', '@mikro-orm/cli': 'mikro-orm', '@nestjs/cli': 'nest',
	'@planetscale/cli': 'pscale', '@cloudflare/wrangler': 'wrangler', '@supabase/cli': 'supabase', '@angular/cli': 'ng', '@vercel/cli': 'vercel', '@neondatabase/cli': 'neonctl',
};

/** `vercel@latest` → `vercel`; `@railway/cli@3` → `railway`. */
function packageBinary(argv: readonly Word[]): readonly Word[] {
	const first = argv[0];
	if (!first || first.dynamic) {
		return argv;
	}
	const withoutVersion = first.text.replace(/^(@?[^@\s]+)@[^/\s]+$/, '$1');
	const binary = PACKAGE_BINARIES[withoutVersion] ?? withoutVersion;
	return binary === first.text ? argv : [{ ...first, text: binary }, ...argv.slice(1)];
}

function packageRunner(label: string, args: readonly Word[], withValue: string[]): Step | undefined {
	const step = runner(label, args, withValue);
	return step && step.kind === 'argv' ? { ...step, argv: packageBinary(step.argv) } : step;
}

/**
 * `npx https://…/x.tgz`, `pipx run https://…/x.py`, `uv run https://…/x.py`: what a runner starts is code
 * fetched from that URL as it runs, as `curl … | sh` runs it — asked for by the URL.
 */
function fetchedCode(step: Step | undefined, inv: Invocation, ctx: AnalysisContext): Step | undefined {
	const first = step?.kind === 'argv' ? step.argv[0] : undefined;
	return first && /^https?:\/\//i.test(first.text) ? unknownInput(first, inv, ctx, true) : step;
}

wrapper(['npx', 'bunx', 'pnpx'], (args, inv, ctx) => {
	const parsed = parseArgs(args.slice(0, firstPositional(args, ['-p', '--package', '-c', '--call'])), { withValue: ['-p', '--package', '-c', '--call'] });
	const call = optionValue(parsed, '-c', '--call');
	// `npx -p https://…/x.tgz cleanup`: the command comes from a package fetched from that URL.
	const fetched = [...(parsed.options.get('-p') ?? []), ...(parsed.options.get('--package') ?? [])].find((v) => /^https?:\/\//i.test(v));
	if (fetched !== undefined) {
		return unknownInput(args.find((w) => w.text === fetched) ?? literalWord(fetched), inv, ctx, true);
	}
	return call ? { kind: 'script', scripts: [call], label: `${inv.name} -c` } : fetchedCode(packageRunner(inv.name, args, ['-p', '--package']), inv, ctx);
});

/** The package managers' own subcommands; any other word runs a project binary or script (`yarn prisma …`). */
const MANAGER_COMMANDS = new Set([
	'add', 'audit', 'autoclean', 'bin', 'build', 'c', 'cache', 'check', 'ci', 'completion', 'config', 'create', 'dedupe', 'deploy', 'deprecate', 'dist-tag', 'docs', 'doctor',
	'env', 'explain', 'fetch', 'fund', 'generate-lock-entry', 'global', 'help', 'home', 'i', 'import', 'info', 'init', 'install', 'install-test', 'it', 'licenses', 'link', 'list',
	'ln', 'login', 'logout', 'ls', 'node', 'outdated', 'owner', 'pack', 'patch', 'patch-commit', 'pkg', 'plugin', 'pm', 'policies', 'prefix', 'profile', 'prune', 'publish',
	'rebuild', 'remove', 'repo', 'restart', 'rm', 'root', 'search', 'server', 'set', 'setup', 'stage', 'star', 'start', 'stop', 'store', 'tag', 'team', 'test', 't', 'tst',
	'un', 'uninstall', 'unlink', 'unplug', 'unpublish', 'up', 'update', 'upgrade', 'upgrade-interactive', 'version', 'versions', 'view', 'why', 'workspace', 'workspaces', 'upgrade',
]);

/** The project's package.json scripts, when it can be read. */
function packageScripts(ctx: AnalysisContext): Record<string, unknown> | undefined {
	const text = readRelative('package.json', ctx);
	if (text === undefined) {
		return undefined;
	}
	try {
		const scripts = (JSON.parse(text) as { scripts?: unknown }).scripts;
		return scripts !== null && typeof scripts === 'object' ? (scripts as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * `npm run db:reset` runs what package.json says, with its `pre` and `post` scripts around it (npm and yarn run
 * them; pnpm and bun may, so they count): each is judged like a line typed by hand.
 */
function packageScript(name: string, extra: readonly Word[], ctx: AnalysisContext): string[] | undefined {
	const scripts = packageScripts(ctx);
	const script = scripts?.[name];
	if (typeof script !== 'string') {
		return undefined;
	}
	const around = [`pre${name}`, `post${name}`].map((n) => scripts?.[n]).filter((s): s is string => typeof s === 'string');
	return [[script, ...extra.map((w) => w.text)].join(' '), ...around];
}

/**
 * The project's own lifecycle scripts a subcommand runs: installing the project (no package named) runs
 * `preinstall`, `install`, `postinstall`, `prepublish` and `prepare` with its pre and post; packing and
 * publishing run theirs. `npm install` in a folder whose package.json says `"postinstall": "rm -rf …"` runs it.
 */
function lifecycleScripts(manager: string, sub: string | undefined, rest: readonly Word[], ctx: AnalysisContext): string[] {
	const install = sub === undefined ? manager === 'yarn' : ['install', 'i', 'ci', 'clean-install', 'install-test', 'it', 'install-ci-test', 'rebuild', 'rb'].includes(sub);
	// A package named (`npm i lodash`): that package's scripts run (not judged here), not the project's.
	const named = rest.some((w) => !w.text.startsWith('-'));
	const names = install && !named
		? ['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare', ...(sub === 'install-test' || sub === 'it' || sub === 'install-ci-test' ? ['pretest', 'test', 'posttest'] : [])]
		: sub === 'pack' ? ['prepack', 'prepare', 'postpack']
			: sub === 'publish' ? ['prepublishOnly', 'prepack', 'prepare', 'postpack', 'publish', 'postpublish']
				: [];
	if (names.length === 0) {
		return [];
	}
	const scripts = packageScripts(ctx);
	return names.map((n) => scripts?.[n]).filter((s): s is string => typeof s === 'string');
}

wrapper(['npm', 'pnpm', 'yarn', 'bun'], (args, inv, ctx) => {
	const start = firstPositional(args, ['-w', '--workspace', '--filter', '-F', '-C', '--dir', '--cwd', '--prefix']);
	const sub = args[start]?.text;
	const rest = args.slice(start + 1);
	if (sub === 'exec' || sub === 'x' || sub === 'dlx') {
		const parsed = parseArgs(rest, { withValue: ['-c', '--call', '-p', '--package', '-w', '--workspace'] });
		const call = optionValue(parsed, '-c', '--call');
		return call ? { kind: 'script', scripts: [call], label: `${inv.name} exec -c` } : packageRunner(`${inv.name} ${sub}`, rest, ['-p', '--package', '-w', '--workspace']);
	}
	// `bun -e code`, `bun --print code`: the option stands before any subcommand, so firstPositional skipped it.
	const evalAt = inv.name === 'bun' ? args.findIndex((w) => ['-e', '--eval', '-p', '--print'].includes(w.text)) : -1;
	if (evalAt >= 0 && evalAt < start) {
		return args[evalAt + 1] ? { kind: 'code', language: 'javascript', code: args[evalAt + 1].text, label: 'bun -e' } : undefined;
	}
	if (inv.name === 'bun' && (sub === '-e' || sub === '--eval' || sub === 'eval')) {
		return rest[0] ? { kind: 'code', language: 'javascript', code: rest[0].text, label: 'bun -e' } : undefined;
	}
	const lifecycle = args[start]?.dynamic ? [] : lifecycleScripts(inv.name, sub, rest, ctx);
	if (lifecycle.length > 0) {
		return { kind: 'script', scripts: lifecycle, label: `${inv.name} ${sub ?? 'install'} (the project's lifecycle scripts)` };
	}
	if (sub === undefined || args[start].dynamic) {
		return undefined;
	}
	const isRun = sub === 'run' || sub === 'run-script' || sub === 'rum' || sub === 'urn';
	const scriptName = isRun ? rest[0]?.text : ['test', 't', 'tst', 'start', 'stop', 'restart'].includes(sub) && inv.name === 'npm' ? sub : MANAGER_COMMANDS.has(sub) ? undefined : sub;
	if (scriptName === undefined) {
		return undefined;
	}
	const extra = (isRun ? rest.slice(1) : rest).filter((w) => w.text !== '--');
	const script = packageScript(scriptName, extra, ctx);
	if (script !== undefined) {
		return { kind: 'script', scripts: script, label: `${inv.name} run ${scriptName}` };
	}
	// yarn, pnpm and bun run a project binary by name when there is no such script (npm does not).
	if (inv.name === 'npm' || !isRun && MANAGER_COMMANDS.has(sub)) {
		return undefined;
	}
	const argv = isRun ? rest : args.slice(start);
	return argv.length > 0 ? { kind: 'argv', argv: packageBinary(argv), label: `${inv.name} ${isRun ? 'run' : 'bin'}` } : undefined;
});

// ddev and lando pass commands into the project's containers: `ddev artisan migrate:fresh`.
const DEV_ENV_OWN = new Set(['start', 'stop', 'restart', 'config', 'describe', 'list', 'logs', 'poweroff', 'delete', 'import-db', 'export-db', 'snapshot', 'share', 'launch',
	'auth', 'clean', 'debug', 'get', 'help', 'hostname', 'init', 'info', 'rebuild', 'destroy', 'poweroff', 'version', 'xdebug', 'xhprof', 'mutagen', 'add-on', 'pull', 'push', 'import-files', 'ssh', 'setup', 'update']);
wrapper(['ddev', 'lando'], (args, inv) => {
	const sub = args[0]?.text;
	if (!sub || sub.startsWith('-') || DEV_ENV_OWN.has(sub)) {
		return undefined;
	}
	const argv = sub === 'exec' || sub === '.' ? args.slice(1).filter((w, i) => i > 0 || w.text !== '--') : args;
	return argv.length > 0 ? { kind: 'argv', argv, label: `${inv.name} ${sub}`, remote: true } : undefined;
});
wrapper(['bundle', 'poetry', 'pipenv', 'uv', 'pdm', 'rye', 'hatch', 'mise', 'asdf', 'devbox', 'pixi', 'conda', 'micromamba'], (args, inv, ctx) => {
	const sub = args[0]?.text;
	// `uv pip install -e .`: pip's interface (its setup.py is judged as pip's is).
	if (inv.name === 'uv' && sub === 'pip') {
		return { kind: 'argv', argv: [literalWord('pip'), ...args.slice(1)], label: 'uv pip' };
	}
	if (sub !== 'exec' && sub !== 'run' && sub !== 'x') {
		return undefined;
	}
	return fetchedCode(runner(`${inv.name} ${sub}`, args.slice(1), ['-n', '--name', '-p', '--python', '--with', '-e', '--env', '--project', '--directory', '--environment', '--from', '--group', '--extra', '--package']), inv, ctx);
});
wrapper(['uvx', 'pipx'], (args, inv, ctx) => fetchedCode(runner(inv.name, inv.name === 'pipx' && args[0]?.text === 'run' ? args.slice(1) : args, ['--from', '--with', '--python', '--spec']), inv, ctx));
/** `KEY=value` lines of an env file (`dotenv -e .env.production -- …`), so production settings count. */
function envFile(args: readonly Word[], ctx: AnalysisContext): Record<string, string> {
	const env: Record<string, string> = {};
	const parsed = parseArgs(args, { withValue: ['-e', '-f', '--env-file', '--file'] });
	for (const name of ['-e', '-f', '--env-file', '--file']) {
		for (const file of parsed.options.get(name) ?? []) {
			for (const line of (readRelative(file, ctx) ?? '').split(/\r?\n/)) {
				const m = /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*(['"]?)(.*?)\2\s*$/.exec(line);
				if (m) {
					env[m[1]] = m[3];
				}
			}
		}
	}
	return env;
}

wrapper(['op', 'doppler', 'infisical', 'aws-vault', 'chamber', 'dotenv', 'dotenvx', 'teller', 'envchain', 'sops', 'direnv', 'aws-sso'], (args, inv, ctx) => {
	const dashdash = args.findIndex((a) => a.text === '--');
	if (dashdash >= 0 && dashdash + 1 < args.length) {
		return { kind: 'argv', argv: args.slice(dashdash + 1), label: `${inv.name} run`, env: envFile(args.slice(0, dashdash), ctx) };
	}
	const parsed = parseArgs(args, { withValue: ['--command', '-c'] });
	const command = optionValue(parsed, '--command');
	if (command) {
		return { kind: 'script', scripts: [command], label: `${inv.name} run` };
	}
	if (inv.name === 'direnv' && args[0]?.text === 'exec' && args.length > 2) {
		return { kind: 'argv', argv: args.slice(2), label: 'direnv exec' };
	}
	return undefined;
});
wrapper(['nix-shell', 'nix'], (args) => {
	const parsed = parseArgs(args, { withValue: ['--run', '--command', '-c', '-p', '--packages', '-I', '--arg', '--argstr', '-A', '--attr'] });
	const command = optionValue(parsed, '--run', '--command');
	if (command) {
		return { kind: 'script', scripts: [command], label: 'nix-shell --run' };
	}
	const at = args.findIndex((a) => a.text === '-c' || a.text === '--command');
	return at >= 0 && at + 1 < args.length ? { kind: 'argv', argv: args.slice(at + 1), label: 'nix develop -c' } : undefined;
});

// Terminal multiplexers: `tmux new -d 'cmd'`, `tmux send-keys -t s 'cmd' Enter`, `screen -dmS s cmd`.
const TMUX_KEYS = /^(?:Enter|C-m|C-j|KPEnter|Escape|C-c|C-d|Space|Tab)$/;
wrapper(['tmux'], (args) => {
	const sub = firstPositional(args, ['-L', '-S', '-f', '-T']);
	const name = args[sub]?.text;
	const rest = args.slice(sub + 1);
	if (!name) {
		return undefined;
	}
	if (/^(?:send-keys|send)$/.test(name)) {
		const parsed = parseArgs(rest, { withValue: ['-t', '-N', '-c'] });
		const text = parsed.positionals.filter((w) => !TMUX_KEYS.test(w.text)).map((w) => w.text).join(parsed.options.has('-l') ? '' : ' ');
		return text.trim() ? { kind: 'script', scripts: [text], label: 'tmux send-keys' } : undefined;
	}
	if (/^(?:new-session|new|new-window|neww|split-window|splitw|respawn-pane|respawnp|respawn-window|respawnw|run-shell|run|display-popup|popup)$/.test(name)) {
		const parsed = parseArgs(rest, { withValue: ['-s', '-n', '-t', '-c', '-x', '-y', '-e', '-F', '-l', '-f', '-w', '-h', '-d', '-b', '-T'].filter((o) => !(o === '-d' || o === '-h' || o === '-b') || /^(?:display-popup|popup)$/.test(name)) });
		const text = parsed.positionals.map((w) => w.text).join(' ');
		return text.trim() ? { kind: 'script', scripts: [text], label: `tmux ${name}` } : undefined;
	}
	return undefined;
});
wrapper(['screen'], (args) => {
	const withValue = ['-S', '-c', '-e', '-h', '-p', '-T', '-t', '-s', '-Logfile'];
	const stuff = args.findIndex((a, i) => a.text === 'stuff' && args[i - 1]?.text === '-X');
	if (stuff >= 0) {
		const text = args.slice(stuff + 1).map((w) => w.text).join(' ').replace(/\^M|\\n|\\r|\n/g, '\n');
		return text.trim() ? { kind: 'script', scripts: [text], label: 'screen stuff' } : undefined;
	}
	const start = firstPositional(args, withValue);
	// `screen -r`, `-x`, `-X cmd` attach to or drive an existing session.
	if (args.slice(0, start).some((a) => /^-[a-zA-Z]*[Xrx]/.test(a.text) && !withValue.includes(a.text))) {
		return undefined;
	}
	return start < args.length ? { kind: 'argv', argv: args.slice(start), label: 'screen' } : undefined;
});
wrapper(['sg'], (args) => {
	const parsed = parseArgs(args, { withValue: ['-c'] });
	const command = optionValue(parsed, '-c');
	if (command !== undefined) {
		return { kind: 'script', scripts: [command], label: 'sg -c' };
	}
	return parsed.positionals.length > 1 ? { kind: 'script', scripts: [parsed.positionals.slice(1).map((w) => w.text).join(' ')], label: 'sg' } : undefined;
});

// `at now + 1 hour <<< 'cmd'`, `echo cmd | batch`, `at -f job.sh midnight`: the job is shell code.
wrapper(['at', 'batch'], (args, inv, ctx) => {
	const parsed = parseArgs(args, { withValue: ['-f', '-q', '-t'] });
	if (hasOption(parsed, '-l', '-d', '-r', '-c')) {
		return undefined;
	}
	const file = optionValue(parsed, '-f');
	const script = file !== undefined ? readRelative(file, ctx) : inv.stdinText;
	if (script !== undefined) {
		return { kind: 'script', scripts: [script], label: inv.name };
	}
	// A job that cannot be read is as unknown as `bash job.sh` with it: `at -f job.sh now`, `curl … | at now`.
	return file !== undefined ? unknownInput(args.find((w) => w.text === file) ?? literalWord(file), inv, ctx) : unknownStdinCode(inv, ctx);
});

/**
 * Windows shells. Their command lines are parsed as shell text too; backslashes (path separators
 * there, escapes here) are doubled outside single quotes and PowerShell's backtick escapes are dropped
 * so that `Remove-Item -Recurse C:\data` keeps its words.
 */
export function windowsText(text: string, powershell: boolean): string {
	let out = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === "'") {
			quoted = !quoted;
		}
		if (powershell && c === '`') {
			continue;
		}
		out += c === '\\' && !quoted ? '\\\\' : c;
	}
	return out;
}

wrapper(['cmd'], (args) => {
	const at = args.findIndex((a) => /^\/[cCkK]$/.test(a.text));
	return at >= 0 && at + 1 < args.length ? { kind: 'script', scripts: [windowsText(args.slice(at + 1).map((w) => w.text).join(' '), false)], label: 'cmd /c' } : undefined;
});

/** PowerShell code: parsed with the PowerShell grammar (unwrap.ts), or as shell text until it is loaded. */
function powershellScript(text: string, label: string): Step {
	return { kind: 'script', scripts: [text], label, dialect: 'powershell' };
}

wrapper(['powershell', 'pwsh'], (args, inv, ctx) => {
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text.toLowerCase();
		if (/^[-/](?:c|co|com|comm|comma|comman|command)$/.test(t)) {
			const text = args.slice(i + 1).map((w) => w.text).join(' ');
			return text ? powershellScript(text, `${inv.name} -Command`) : undefined;
		}
		if (/^[-/](?:e|ec|en|enc|encodedcommand|encodedcommand)$/.test(t) || /^[-/]enc/.test(t)) {
			const encoded = args[i + 1]?.text;
			if (!encoded) {
				return undefined;
			}
			// -EncodedCommand is base64 of UTF-16LE text.
			return powershellScript(Buffer.from(encoded, 'base64').toString('utf16le'), `${inv.name} -EncodedCommand`);
		}
		if (/^[-/](?:f|file)$/.test(t)) {
			const script = args[i + 1] ? readRelative(args[i + 1].text, ctx) : undefined;
			return script !== undefined ? powershellScript(script, `${inv.name} -File`) : undefined;
		}
		if (/^[-/](?:executionpolicy|ep|ex|windowstyle|w|inputformat|outputformat|of|if|configurationname|workingdirectory|wd|settingsfile|version|v)$/.test(t)) {
			i++;
			continue;
		}
		if (!t.startsWith('-') && !t.startsWith('/')) {
			// Without -Command, the rest of the line is the command.
			return powershellScript(args.slice(i).map((w) => w.text).join(' '), `${inv.name} -Command`);
		}
	}
	return undefined;
});

/** Script files by their extension: read from disk as well as from this line's writes. */
const SCRIPT_FILE = /\.(?:py|pyw|js|mjs|cjs|ts|mts|cts|rb|pl|pm|php)$/;

/**
 * The code in a file an interpreter runs or loads: a script by its extension, or any file this line wrote
 * (`printf … > /tmp/x; perl /tmp/x`: the name says nothing, the write does).
 */
function fileCode(file: string, ctx: AnalysisContext): string | undefined {
	if (/[$`]/.test(file)) {
		return undefined;
	}
	if (!SCRIPT_FILE.test(file) && ctx.writtenInLine?.(path.resolve(ctx.cwd ?? process.cwd(), file)) !== true) {
		return undefined;
	}
	return readRelative(file, ctx);
}

/** The program's own arguments (`python -c CODE a b`), as the code reads them; one the line does not know is left out. */
function texts(words: readonly Word[]): string[] {
	const out: string[] = [];
	for (const w of words) {
		if (w.dynamic) {
			break;
		}
		out.push(w.text);
	}
	return out;
}

// Interpreters: `python -c`, `node -e`, `ruby -e`, `perl -e`, `php -r`.
function interpreter(names: string[], language: ScriptLanguage, flags: string[], withValue: string[]): void {
	wrapper(names, (args, inv, ctx) => {
		const main = programOf(args, inv, ctx);
		const loaded = preloads(language, args, { ...ctx.env, ...inv.env }, false).flatMap((file): Step[] => {
			const code = fileCode(file, ctx);
			return code === undefined ? [] : [{ kind: 'code', language, code, label: `${inv.name}, loading ${file} first` }];
		});
		return loaded.length === 0 ? main : [...loaded, ...(main === undefined ? [] : Array.isArray(main) ? main : [main as Step])];
	});
	function programOf(args: readonly Word[], inv: Invocation, ctx: AnalysisContext): Step | readonly Step[] | undefined {
		for (let i = 0; i < args.length; i++) {
			const t = args[i].text;
			const eq = flags.find((f) => f.startsWith('--') && t.startsWith(f + '='));
			if (eq) {
				return { kind: 'code', language, code: t.slice(eq.length + 1), label: `${inv.name} ${eq}`, args: texts(args.slice(i + 1)) };
			}
			// `-c`, `--eval`, and clusters ending in the flag: `perl -ne`, `python -Bc`; `deno eval`.
			const isFlag = flags.includes(t) || (/^-[a-zA-Z]+$/.test(t) && flags.some((f) => f.length === 2 && t.endsWith(f[1])));
			if (isFlag || (inv.name === 'deno' && t === 'eval')) {
				return i + 1 < args.length ? { kind: 'code', language, code: args[i + 1].text, label: `${inv.name} ${t}`, args: texts(args.slice(i + 2)) } : undefined;
			}
			// `python -m mod`, `python -vm mod`: a module runs, not code from the line — `-m pip` is pip.
			const attached = t === '-m' ? null : language === 'python' ? shortOption(t, 'm', 'cmWX') : undefined;
			if (attached !== undefined) {
				const module = attached ?? args[i + 1]?.text;
				if (module === 'pip') {
					return { kind: 'argv', argv: [literalWord('pip'), ...args.slice(attached === null ? i + 2 : i + 1)], label: `${inv.name} -m pip` };
				}
				// `python3 -m x`: x.py (or the package's __main__.py) in the folder it starts in comes first on the path.
				const file = module !== undefined && /^[\w.]+$/.test(module) ? module.replace(/\./g, '/') : undefined;
				const code = file === undefined ? undefined : readRelative(`${file}.py`, ctx) ?? readRelative(`${file}/__main__.py`, ctx);
				return code !== undefined ? { kind: 'code', language, code, label: `${inv.name} -m ${module}` } : undefined;
			}
			if (withValue.includes(t)) {
				// `node -r dotenv/config -e …`, `python -W ignore -c …`
				i++;
				continue;
			}
			if (t === '-f' && language === 'php') {
				continue;
			}
			if (!t.startsWith('-') || t === '-') {
				if (t === '-' || (inv.name === 'deno' && t === 'run')) {
					continue;
				}
				// `python3 <(curl -fsSL URL)`: downloaded code, asked for by its URL.
				if (/^<\([\s\S]*\)$/.test(t)) {
					// `python3 <(echo '…')`: what the substitution prints, when the line shows it.
					const shown = readRelative(t, ctx);
					return shown !== undefined ? { kind: 'code', language, code: shown, label: `${inv.name} ${t}` } : unknownInput(args[i], inv, ctx);
				}
				// `deno run https://…/x.ts`: code fetched from the network as it runs, like `curl … | sh`.
				if (/^https?:\/\//i.test(t)) {
					return unknownInput(args[i], inv, ctx, true);
				}
				const script = args[i].dynamic ? undefined : fileCode(t, ctx);
				return script !== undefined ? { kind: 'code', language, code: script, label: `${inv.name} ${t}`, args: texts(args.slice(i + 1)), fromFile: true } : undefined;
			}
		}
		if (inv.stdinText !== undefined) {
			return { kind: 'code', language, code: inv.stdinText, label: `${inv.name} (stdin)` };
		}
		// `curl -fsSL URL | python3`: code downloaded as it runs, like `curl … | sh`.
		const from = inv.source.stdin?.kind === 'pipe' ? downloadedFrom(inv.source.stdin.from.words) : undefined;
		return from ? unknownInput(from, inv, ctx, true) : undefined;
	}
}
interpreter(['python', 'python2', 'python3', 'pypy', 'pypy3', 'python3.8', 'python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14'], 'python', ['-c'], ['-W', '-X', '--check-hash-based-pycs']);
interpreter(['node', 'nodejs', 'deno', 'ts-node', 'tsx'], 'javascript', ['-e', '--eval', '-p', '--print'], ['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--title', '--env-file', '--input-type', '--stack-size']);
interpreter(['ruby', 'jruby'], 'ruby', ['-e'], ['-I', '-r', '-C', '-E', '--encoding']);
interpreter(['perl'], 'perl', ['-e', '-E'], ['-I', '-M', '-m']);
interpreter(['php'], 'php', ['-r'], ['-d', '-c', '-z']);

/** `awk 'BEGIN { system("rm -rf x") }'`: what an awk program runs and writes, as shell (shell/awk.ts). */
wrapper(['awk', 'gawk', 'mawk', 'nawk', 'busybox-awk'], (args, inv, ctx) => {
	const parsed = parseArgs(args, { withValue: ['-F', '-v', '-f', '--file', '-i', '--include', '-e', '--source', '-l', '--load', '--field-separator', '--assign'] });
	const file = optionValue(parsed, '-f', '--file');
	// gawk's `-e`/`--source` program text, with or without a file.
	const sources = [...(parsed.options.get('-e') ?? []), ...(parsed.options.get('--source') ?? [])];
	// `awk -f /dev/stdin <<< '…'`, `awk -f - <<EOF`: the program is what arrives on standard input.
	const fromFile = file === '-' || file === '/dev/stdin' ? inv.stdinText : file !== undefined ? readRelative(file, ctx) : undefined;
	const given = [...sources, ...(fromFile !== undefined ? [fromFile] : [])];
	const inline = given.length === 0 && file === undefined;
	const program = given.length > 0 ? given.join('\n') : inline ? parsed.positionals[0]?.text : undefined;
	if (program === undefined) {
		return undefined;
	}
	const assignments = [...(parsed.options.get('-v') ?? []), ...(parsed.options.get('--assign') ?? [])];
	// The files read: the words after the program that are not `name=value` assignments.
	const inputs = parsed.positionals.slice(inline ? 1 : 0).map((w) => w.text).filter((t) => !/^[A-Za-z_]\w*=/.test(t));
	const scripts = awkScripts(program, { assignments, inputs });
	return scripts.length > 0 ? { kind: 'script', scripts, label: `${inv.name} system()` } : undefined;
});

/** `osascript -e 'do shell script "rm -rf ~/x" with administrator privileges'` */
wrapper(['osascript'], (args) => {
	const code = args.filter((w, i) => i > 0 && args[i - 1].text === '-e').map((w) => w.text).join('\n');
	const scripts = [...code.matchAll(/do shell script\s+"((?:[^"\\]|\\.)*)"/gi)].map((m) => m[1].replace(/\\(.)/g, '$1'));
	return scripts.length > 0 ? { kind: 'script', scripts, label: 'osascript' } : undefined;
});

/**
 * Remote execution services: the command they carry runs on other machines, and is judged as a
 * command (remote: its paths are not this machine's).
 */

/** The items of an AWS CLI shorthand list: `["a","b"]` (JSON or loosely quoted) or `a,b`. */
function shorthandList(value: string): string[] {
	const text = value.trim();
	if (text.startsWith('[')) {
		try {
			const parsed = JSON.parse(text) as unknown;
			if (Array.isArray(parsed)) {
				return parsed.map((v) => String(v));
			}
		} catch {
			// Not JSON: split the inside on commas outside quotes.
		}
		return splitOutsideQuotes(text.replace(/^\[|\]$/g, ''), ',').map((s) => s.trim().replace(/^(["'])([\s\S]*)\1$/, '$2'));
	}
	return splitOutsideQuotes(text, ',').map((s) => s.trim().replace(/^(["'])([\s\S]*)\1$/, '$2'));
}

function splitOutsideQuotes(text: string, separator: string): string[] {
	const out: string[] = [];
	let quote = '';
	let current = '';
	for (const c of text) {
		if (quote) {
			quote = c === quote ? '' : quote;
		} else if (c === '"' || c === "'") {
			quote = c;
		} else if (c === separator) {
			out.push(current);
			current = '';
			continue;
		}
		current += c;
	}
	return [...out, current];
}

/**
 * `commands` (or `command`) of SSM parameters written as JSON, shorthand (`commands=["…"]`) or in a
 * `file://` file; a string naming the file when it cannot be read.
 */
function ssmCommands(value: string, ctx: AnalysisContext): string[] | string {
	let text = value;
	const file = /^file(?:b64)?:\/\/(.+)$/.exec(text)?.[1];
	if (file !== undefined) {
		const read = readRelative(file, ctx);
		if (read === undefined) {
			return file;
		}
		text = /^fileb64/.test(value) ? Buffer.from(read, 'base64').toString('utf8') : read;
	}
	if (/^\s*\{/.test(text)) {
		try {
			const json = JSON.parse(text) as Record<string, unknown>;
			const params = (json.Parameters ?? json.parameters ?? json) as Record<string, unknown>;
			const commands = params.commands ?? params.command ?? params.Commands;
			return commands === undefined ? [] : (Array.isArray(commands) ? commands : [commands]).map((c) => String(c));
		} catch {
			return [];
		}
	}
	// Shorthand: `commands=["rm -rf x","ls"],workingDirectory=["/tmp"]`.
	const at = /(?:^|,)\s*commands?\s*=/.exec(text);
	if (!at) {
		return [];
	}
	let rest = text.slice(at.index + at[0].length).trim();
	if (rest.startsWith('[')) {
		let depth = 0;
		let quote = '';
		for (let i = 0; i < rest.length; i++) {
			const c = rest[i];
			if (quote) {
				quote = c === quote && rest[i - 1] !== '\\' ? '' : quote;
			} else if (c === '"' || c === "'") {
				quote = c;
			} else if (c === '[') {
				depth++;
			} else if (c === ']' && --depth === 0) {
				rest = rest.slice(0, i + 1);
				break;
			}
		}
		return shorthandList(rest);
	}
	// `commands=a,b,other=c`: up to the next `key=`.
	const next = /,\s*[A-Za-z]\w*\s*=/.exec(rest);
	return shorthandList(next ? rest.slice(0, next.index) : rest);
}

// `aws ssm send-command --document-name AWS-RunShellScript --parameters 'commands=[…]' …`, and
// `aws ssm start-session --document-name AWS-StartInteractiveCommand --parameters command=…`.
wrapper(['aws'], (args, inv, ctx) => {
	const ssm = args.findIndex((a) => a.text === 'ssm');
	const op = args[ssm + 1]?.text;
	if (ssm < 0 || (op !== 'send-command' && op !== 'start-session')) {
		return undefined;
	}
	const rest = args.slice(ssm + 2);
	const parsed = parseArgs(rest, { withValue: ['--parameters', '--document-name', '--cli-input-json', '--targets', '--instance-ids', '--comment', '--region', '--profile', '--output', '--target', '--reason'] });
	if (hasOption(parsed, '--generate-cli-skeleton', '--help')) {
		return undefined;
	}
	const document = optionValue(parsed, '--document-name') ?? '';
	const values = [...(parsed.options.get('--parameters') ?? []), ...(parsed.options.get('--cli-input-json') ?? [])];
	const read = values.map((v) => ssmCommands(v, ctx));
	const unreadable = read.find((r): r is string => typeof r === 'string');
	if (unreadable !== undefined) {
		// The commands are in a file that cannot be read here: what runs is only known when it runs.
		return unknownInput(literal(unreadable), inv, ctx);
	}
	const commands = read.flat();
	if (commands.length === 0) {
		return undefined;
	}
	const powershell = /PowerShell/i.test(document);
	return { kind: 'script', scripts: [powershell ? `powershell -Command ${quoteForShell(commands.join('; '))}` : commands.join('\n')], label: `aws ssm ${op}`, remote: true };
});

/** Single-quotes a text for the shell parser (`'` becomes `'\''`). */
function quoteForShell(text: string): string {
	return `'${text.replace(/'/g, "'\\''")}'`;
}

// `az vm run-command invoke … --scripts "a" "b"` (also `vmss`, `--scripts @file.sh`, and the newer
// `az vm run-command create … --script "…"`).
wrapper(['az'], (args, inv, ctx) => {
	const rc = args.findIndex((a) => a.text === 'run-command');
	if (rc < 1 || !['vm', 'vmss', 'connectedmachine'].includes(args[rc - 1].text) && !args.slice(0, rc).some((a) => a.text === 'vm' || a.text === 'vmss')) {
		return undefined;
	}
	const op = args[rc + 1]?.text;
	if (op !== 'invoke' && op !== 'create' && op !== 'update') {
		return undefined;
	}
	const rest = args.slice(rc + 2);
	if (rest.some((a) => a.text === '--help' || a.text === '-h')) {
		return undefined;
	}
	const scripts: string[] = [];
	let powershell = false;
	for (let i = 0; i < rest.length; i++) {
		const t = rest[i].text;
		if (t === '--command-id' && /PowerShell/i.test(rest[i + 1]?.text ?? '')) {
			powershell = true;
		}
		const eq = /^(--scripts?|--script-path)=(.*)$/.exec(t);
		if (eq) {
			scripts.push(eq[2]);
			continue;
		}
		if (t === '--scripts' || t === '--script' || t === '--script-path') {
			// az reads a list of words up to the next option.
			while (i + 1 < rest.length && !rest[i + 1].text.startsWith('--')) {
				scripts.push(rest[++i].text);
			}
		}
	}
	const missing = scripts.find((s) => s.startsWith('@') && readRelative(s.slice(1), ctx) === undefined);
	if (missing !== undefined) {
		return unknownInput(literal(missing.slice(1)), inv, ctx);
	}
	const texts = scripts.map((s) => (s.startsWith('@') ? readRelative(s.slice(1), ctx) ?? '' : s)).filter((s) => s.trim() !== '');
	if (texts.length === 0) {
		return undefined;
	}
	const code = texts.join('\n');
	return { kind: 'script', scripts: [powershell ? `powershell -Command ${quoteForShell(code)}` : code], label: `az ${args[rc - 1].text} run-command ${op}`, remote: true };
});

/** Ansible modules that run their argument as a command (`shell`, `command`, `raw`; the default module is `command`). */
const ANSIBLE_COMMAND = /^(?:ansible\.(?:builtin|legacy)\.)?(?:shell|command|raw|win_shell|win_command)$/;
/** Keyword arguments of those modules, written after the free-form command (`chdir=/srv`). */
const ANSIBLE_KEYWORDS = /^(?:chdir|creates|removes|executable|warn|stdin|stdin_add_newline|strip_empty_ends|cmd|argv|expand_argument_vars)=/;

// `ansible HOSTS [-i INVENTORY] [-m MODULE] -a ARGS [--become]`.
wrapper(['ansible'], (args, inv, ctx) => {
	const parsed = parseArgs(args, {
		withValue: ['-m', '--module-name', '-a', '--args', '-i', '--inventory', '--inventory-file', '-u', '--user', '-b', '-K', '-e', '--extra-vars', '-f', '--forks', '-l', '--limit',
			'-M', '--module-path', '-t', '--tree', '-B', '--background', '-P', '--poll', '-T', '--timeout', '-c', '--connection', '--become-user', '--become-method', '--private-key',
			'--key-file', '--vault-id', '--vault-password-file', '--ssh-common-args', '--ssh-extra-args', '--scp-extra-args', '--sftp-extra-args', '-o', '--playbook-dir', '--task-timeout'].filter((o) => o !== '-b' && o !== '-K'),
	});
	if (hasOption(parsed, '-C', '--check', '--list-hosts', '--syntax-check', '-h', '--help', '--version')) {
		return undefined;
	}
	const module = optionValue(parsed, '-m', '--module-name') ?? 'command';
	const moduleArgs = optionValue(parsed, '-a', '--args');
	const label = `ansible ${parsed.positionals[0]?.text ?? ''} -m ${module}`.trim();
	if (moduleArgs === undefined) {
		return undefined;
	}
	if (ANSIBLE_COMMAND.test(module)) {
		const words = splitOutsideQuotes(moduleArgs, ' ');
		// A JSON or `cmd=…` form names the command; otherwise it is the free-form text before the keywords.
		const cmd = /(?:^|\s)cmd=(["']?)([\s\S]*?)\1(?=\s+\w+=|$)/.exec(moduleArgs)?.[2];
		const text = cmd ?? words.filter((w) => !ANSIBLE_KEYWORDS.test(w)).join(' ');
		return text.trim() ? { kind: 'script', scripts: [text], label, remote: true } : undefined;
	}
	if (/^(?:ansible\.(?:builtin|legacy)\.)?script$/.test(module)) {
		// `-m script -a "./cleanup.sh args"`: a local script copied over and run there.
		const file = moduleArgs.trim().split(/\s+/)[0];
		const script = file ? readRelative(file, ctx) : undefined;
		return script !== undefined ? { kind: 'script', scripts: [script], label, remote: true } : file ? unknownInput(literal(file), inv, ctx) : undefined;
	}
	if (/^(?:ansible\.(?:builtin|legacy)\.)?file$/.test(module)) {
		// `-m file -a "path=/opt/app/data state=absent"` deletes the path, recursively.
		const kv = keyValues(moduleArgs);
		const path = kv.path ?? kv.dest ?? kv.name;
		return kv.state === 'absent' && path ? { kind: 'argv', argv: [literal('rm'), literal('-rf'), literal(path)], label, remote: true } : undefined;
	}
	return undefined;
});

/** `key=value key2="a b"` → { key: 'value', key2: 'a b' }. */
function keyValues(text: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const m of text.matchAll(/([A-Za-z_]\w*)=(?:"([^"]*)"|'([^']*)'|(\S*))/g)) {
		out[m[1]] = m[2] ?? m[3] ?? m[4] ?? '';
	}
	return out;
}

function literal(text: string): Word {
	return { text, raw: text, dynamic: false, glob: /[*?[]/.test(text) };
}

/** Salt functions that run their argument as shell code. */
const SALT_COMMAND = /^cmd\.(?:run|shell|run_all|run_stdout|run_stderr|run_bg|run_chroot|powershell|exec_code_all)$/;

// `salt 'TARGET' cmd.run 'rm -rf …'`, `salt-ssh 'web*' cmd.run …`, `salt-call cmd.run …` (this minion),
// `salt '*' file.remove /path`, `salt '*' cmd.script salt://cleanup.sh`.
wrapper(['salt', 'salt-ssh', 'salt-call'], (args, inv) => {
	const withValue = ['-t', '--timeout', '-c', '--config-dir', '--out', '--output', '-b', '--batch', '--batch-size', '--return', '-s', '--static', '--log-level', '-l', '--out-file', '--roster-file', '-i', '--user', '--passwd', '--priv', '--roster', '--tgt-type', '--state-output', '--id', '--local-id', '--file-root', '--pillar-root', '--retcode-passthrough'];
	const parsed = parseArgs(args, { withValue });
	if (hasOption(parsed, '--help', '-h', '--version', '--doc', '-d')) {
		return undefined;
	}
	const words = parsed.positionals;
	const fn = words.findIndex((w, i) => (inv.name === 'salt-call' || i > 0) && /^\w+\.\w+$/.test(w.text));
	if (fn < 0) {
		return undefined;
	}
	const name = words[fn].text;
	// Keyword arguments (`runas=deploy`, `cwd=/srv`) are the function's options, not the command.
	const rest = words.slice(fn + 1).filter((w) => !/^[a-z_]+=/.test(w.text));
	const remote = inv.name !== 'salt-call';
	const label = `${inv.name} ${name}`;
	if (SALT_COMMAND.test(name) && rest.length > 0) {
		const code = rest.map((w) => w.text).join(' ');
		return { kind: 'script', scripts: [name === 'cmd.powershell' ? `powershell -Command ${quoteForShell(code)}` : code], label, remote };
	}
	if ((name === 'file.remove' || name === 'file.absent') && rest.length > 0) {
		return { kind: 'argv', argv: [literal('rm'), literal('-rf'), ...rest], label, remote };
	}
	return undefined;
});

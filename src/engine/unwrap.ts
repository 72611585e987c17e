/**
 * Unwrapping: peel `sudo`, `env`, `bash -c`, `ssh host '…'`, `docker exec`, `xargs`, `python -c`…
 * until the command that really runs is reached, so that no wrapper launders it. Every layer is
 * kept as an invocation too (rules for `find -delete` need the outer one); the layers are named in
 * `via`, outermost first.
 */
import * as path from 'path';
import { commandName, firstPositional, literalWord, parseArgs, optionValue, hasOption } from './argv';
import { parseLine } from './parse';
import { scriptInvocations, type ScriptLanguage } from './scripts';
import type { AnalysisContext, Invocation, ParsedLine, SimpleCommand, Word } from './types';

/** Nested shells deeper than this (`bash -c "bash -c '…'"`) are not re-parsed, only scanned. */
const MAX_NESTING = 8;
/** Files read for `bash script.sh`, `psql -f`, `curl -d @file` are capped at this many bytes. */
export const MAX_FILE_BYTES = 256 * 1024;

/** Name of the synthetic invocation that carries text the engine could not parse (scanned for risky words). */
export const UNPARSED = '@unparsed';

interface Frame {
	readonly via: readonly string[];
	readonly env: Readonly<Record<string, string>>;
	readonly remote: boolean;
	readonly dynamicArgs: boolean;
	readonly depth: number;
}

/** The result of one wrapper step. */
type Step =
	| { readonly kind: 'argv'; readonly argv: readonly Word[]; readonly label: string; readonly env?: Record<string, string>; readonly remote?: boolean; readonly dynamicArgs?: boolean; readonly stdinText?: string | null }
	| { readonly kind: 'script'; readonly scripts: readonly string[]; readonly label: string; readonly remote?: boolean; readonly env?: Record<string, string> }
	| { readonly kind: 'code'; readonly language: ScriptLanguage; readonly code: string; readonly label: string; readonly env?: Record<string, string> };

type Unwrapper = (args: readonly Word[], inv: Invocation, ctx: AnalysisContext) => Step | undefined;

/** All invocations a parsed line would run, wrappers peeled. */
export function unwrapLine(parsed: ParsedLine, ctx: AnalysisContext, frame: Frame = ROOT): Invocation[] {
	const out: Invocation[] = [];
	for (const cmd of parsed.commands) {
		unwrapCommand(cmd, ctx, frame, out);
	}
	return out;
}

const ROOT: Frame = { via: [], env: {}, remote: false, dynamicArgs: false, depth: 0 };

function unwrapCommand(cmd: SimpleCommand, ctx: AnalysisContext, frame: Frame, out: Invocation[]): void {
	// A bare redirect (`> .env`) still writes: treat it as the no-op command `:`.
	let argv: readonly Word[] = cmd.words.length === 0 && cmd.redirects.length > 0 ? [literalWord(':')] : cmd.words;
	const env: Record<string, string> = { ...frame.env };
	for (const a of cmd.assignments) {
		env[a.name] = a.value;
	}
	let via = frame.via;
	let remote = frame.remote;
	let dynamicArgs = frame.dynamicArgs;
	let stdinText = stdinOf(cmd, ctx);
	for (let layer = 0; layer < 24 && argv.length > 0; layer++) {
		const inv: Invocation = {
			argv, name: commandName(argv[0].text), stdinText, redirects: cmd.redirects, env: { ...env }, via, remote, dynamicArgs, source: cmd,
		};
		out.push(inv);
		const unwrapper = UNWRAPPERS.get(inv.name);
		const step = unwrapper?.(argv.slice(1), inv, ctx);
		if (!step) {
			return;
		}
		if (step.env) {
			Object.assign(env, step.env);
		}
		if (step.kind === 'argv') {
			argv = step.argv;
			via = [...via, step.label];
			remote ||= step.remote ?? false;
			dynamicArgs ||= step.dynamicArgs ?? false;
			if (step.stdinText !== undefined) {
				stdinText = step.stdinText ?? undefined;
			}
			continue;
		}
		const inner: Frame = { via: [...via, step.label], env: { ...env }, remote: remote || (step.kind === 'script' && (step.remote ?? false)), dynamicArgs, depth: frame.depth + 1 };
		if (step.kind === 'script') {
			for (const script of step.scripts) {
				unwrapScript(script, ctx, inner, cmd, out);
			}
		} else {
			for (const synthetic of scriptInvocations(step.language, step.code)) {
				if (synthetic.kind === 'shell') {
					unwrapScript(synthetic.text, ctx, inner, cmd, out);
				} else {
					const words = synthetic.argv.map((t) => literalWord(t));
					unwrapCommand({ words, assignments: [], redirects: [], raw: synthetic.argv.join(' '), stdin: synthetic.stdin !== undefined ? { kind: 'text', text: synthetic.stdin, via: 'herestring' } : undefined }, ctx, inner, out);
				}
			}
		}
		return;
	}
}

/** Parses shell code found inside a wrapper and unwraps it in turn. */
export function unwrapScript(script: string, ctx: AnalysisContext, frame: Frame, source: SimpleCommand, out: Invocation[]): void {
	if (frame.depth > MAX_NESTING || script.length > 2 * MAX_FILE_BYTES) {
		out.push(unparsed(script, frame, source));
		return;
	}
	const parsed = parseLine(script);
	if (parsed.status !== 'complete' || parsed.truncated) {
		out.push(unparsed(script, frame, source));
	}
	for (const inner of parsed.commands) {
		unwrapCommand(inner, ctx, frame, out);
	}
}

function unparsed(text: string, frame: Frame, source: SimpleCommand): Invocation {
	return { argv: [literalWord(UNPARSED)], name: UNPARSED, stdinText: text, redirects: [], env: { ...frame.env }, via: frame.via, remote: frame.remote, dynamicArgs: true, source };
}

// ---- standard input ------------------------------------------------------------------------------

/** Text known to reach a command's stdin: heredoc, here-string, or what `echo`/`cat`/`base64 -d` print. */
export function stdinOf(cmd: SimpleCommand, ctx: AnalysisContext, depth = 0): string | undefined {
	if (!cmd.stdin) {
		const input = cmd.redirects.find((r) => r.op === '<' && r.target && !r.target.dynamic);
		return input?.target ? readRelative(input.target.text, ctx) : undefined;
	}
	if (cmd.stdin.kind === 'text') {
		return cmd.stdin.text;
	}
	return depth > 16 ? undefined : outputOf(cmd.stdin.from, ctx, depth + 1);
}

/** What a command prints, when the line makes that obvious. */
export function outputOf(cmd: SimpleCommand, ctx: AnalysisContext, depth = 0): string | undefined {
	const words = cmd.words;
	const name = words[0] ? commandName(words[0].text) : '';
	const args = words.slice(1);
	switch (name) {
		case 'echo': {
			const rest = args.map((w) => w.text);
			let interpret = false;
			while (rest.length > 0 && /^-[neE]+$/.test(rest[0])) {
				interpret ||= rest[0].includes('e');
				rest.shift();
			}
			const text = rest.join(' ');
			return interpret ? text.replace(/\\n/g, '\n').replace(/\\t/g, '\t') : text;
		}
		case 'printf': {
			if (args.length === 0) {
				return undefined;
			}
			const [format, ...values] = args.map((w) => w.text);
			let i = 0;
			return format.replace(/%[-0-9.]*[sdbq]/g, () => values[i++] ?? '').replace(/\\n/g, '\n').replace(/\\t/g, '\t') + (i < values.length ? values.slice(i).join(' ') : '');
		}
		case 'cat': {
			const files = args.filter((w) => !w.text.startsWith('-') || w.text === '-');
			if (files.length === 0 || (files.length === 1 && files[0].text === '-')) {
				return stdinOf(cmd, ctx, depth);
			}
			const parts = files.map((w) => (w.dynamic ? undefined : readRelative(w.text, ctx)));
			return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
		}
		case 'base64': {
			const parsed = parseArgs(args, { withValue: ['-w', '--wrap'] });
			if (!hasOption(parsed, '-d', '--decode', '-D')) {
				return undefined;
			}
			const file = parsed.positionals[0];
			const encoded = file && file.text !== '-' ? readRelative(file.text, ctx) : stdinOf(cmd, ctx, depth);
			return encoded === undefined ? undefined : Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8');
		}
		case 'xxd': {
			const parsed = parseArgs(args);
			if (!hasOption(parsed, '-r') || !hasOption(parsed, '-p', '-ps')) {
				return undefined;
			}
			const hex = stdinOf(cmd, ctx, depth);
			return hex === undefined ? undefined : Buffer.from(hex.replace(/[^0-9a-fA-F]/g, ''), 'hex').toString('utf8');
		}
		case 'rev': {
			const text = stdinOf(cmd, ctx, depth);
			return text === undefined ? undefined : text.split('\n').map((l) => [...l].reverse().join('')).join('\n');
		}
		default:
			return undefined;
	}
}

/** Reads a file named in the command, relative to the working directory, if the context allows. */
export function readRelative(file: string, ctx: AnalysisContext): string | undefined {
	if (!ctx.readFile || !file) {
		return undefined;
	}
	const expanded = file.startsWith('~/') && ctx.home ? path.join(ctx.home, file.slice(2)) : file;
	const absolute = path.isAbsolute(expanded) ? expanded : path.resolve(ctx.cwd ?? process.cwd(), expanded);
	try {
		const text = ctx.readFile(absolute);
		return text === undefined ? undefined : text.slice(0, MAX_FILE_BYTES);
	} catch {
		return undefined;
	}
}

// ---- the wrappers ----------------------------------------------------------------------------------

const UNWRAPPERS = new Map<string, Unwrapper>();

function wrapper(names: string[], fn: Unwrapper): void {
	for (const n of names) {
		UNWRAPPERS.set(n, fn);
	}
}

/** A wrapper whose own options come first, then the command: `nice -n 5 cmd`. */
function prefix(names: string[], withValue: string[], extra?: (args: readonly Word[], start: number) => number): void {
	wrapper(names, (args, inv) => {
		let start = firstPositional(args, withValue);
		if (extra) {
			start = extra(args, start);
		}
		return start < args.length ? { kind: 'argv', argv: args.slice(start), label: inv.name } : undefined;
	});
}

prefix(['sudo'], ['-u', '--user', '-g', '--group', '-h', '--host', '-p', '--prompt', '-C', '--close-from', '-D', '--chdir', '-r', '--role', '-t', '--type', '-U', '--other-user', '-T', '--command-timeout', '-R', '--chroot']);
prefix(['doas'], ['-u', '-C']);
prefix(['nohup', 'setsid', 'chronic', 'unbuffer', 'torsocks', 'catchsegv', 'builtin', 'noglob', 'nocorrect', 'then', 'do', 'else'], []);
prefix(['nice'], ['-n', '--adjustment']);
prefix(['ionice'], ['-c', '--class', '-n', '--classdata', '-p', '--pid', '-P', '--pgid', '-u', '--uid']);
prefix(['stdbuf'], ['-i', '--input', '-o', '--output', '-e', '--error']);
prefix(['time'], ['-f', '--format', '-o', '--output']);
prefix(['caffeinate'], ['-t', '-w']);
prefix(['proxychains', 'proxychains4'], ['-f']);
prefix(['xvfb-run'], ['-n', '--server-num', '-s', '--server-args', '-e', '--error-file', '-f', '--auth-file', '-p', '--xauth-protocol']);
prefix(['firejail', 'systemd-run', 'strace', 'ltrace', 'valgrind'], ['-o', '-e', '-p', '-u', '--unit', '-s']);
// timeout [opts] DURATION cmd…
prefix(['timeout', 'gtimeout'], ['-s', '--signal', '-k', '--kill-after'], (_args, start) => start + 1);
// flock [opts] FILE cmd… (flock -c 'cmd' FILE handled below)
wrapper(['flock'], (args, inv) => {
	const parsed = parseArgs(args, { withValue: ['-w', '--timeout', '-E', '--conflict-exit-code', '-c', '--command'] });
	const command = optionValue(parsed, '-c', '--command');
	if (command) {
		return { kind: 'script', scripts: [command], label: 'flock -c' };
	}
	const start = firstPositional(args, ['-w', '--timeout', '-E', '--conflict-exit-code']) + 1;
	return start < args.length ? { kind: 'argv', argv: args.slice(start), label: inv.name } : undefined;
});

wrapper(['command'], (args, inv) => {
	// `command -v rm` only looks the name up.
	if (args.some((a) => /^-[pVv]*[vV]/.test(a.text))) {
		return undefined;
	}
	const start = firstPositional(args, []);
	return start < args.length ? { kind: 'argv', argv: args.slice(start), label: inv.name } : undefined;
});

wrapper(['exec'], (args, inv) => {
	const start = firstPositional(args, ['-a']);
	return start < args.length ? { kind: 'argv', argv: args.slice(start), label: inv.name } : undefined;
});

wrapper(['env'], (args, inv) => {
	const env: Record<string, string> = {};
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		if (t === '-S' || t === '--split-string') {
			return i + 1 < args.length ? { kind: 'script', scripts: [args.slice(i + 1).map((w) => w.text).join(' ')], label: 'env -S', env } : undefined;
		}
		if (t.startsWith('-S') && t.length > 2) {
			return { kind: 'script', scripts: [[t.slice(2), ...args.slice(i + 1).map((w) => w.text)].join(' ')], label: 'env -S', env };
		}
		if (t.startsWith('--split-string=')) {
			return { kind: 'script', scripts: [[t.slice(15), ...args.slice(i + 1).map((w) => w.text)].join(' ')], label: 'env -S', env };
		}
		if (['-u', '--unset', '-C', '--chdir', '-P'].includes(t)) {
			i++;
			continue;
		}
		if (t === '--') {
			return i + 1 < args.length ? { kind: 'argv', argv: args.slice(i + 1), label: inv.name, env } : undefined;
		}
		if (t.startsWith('-')) {
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

const SHELLS = ['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'rbash', 'busybox'];
wrapper(SHELLS, (args, inv, ctx) => {
	let rest = args;
	if (inv.name === 'busybox') {
		if (!rest[0] || !['sh', 'ash', 'bash'].includes(rest[0].text)) {
			return rest[0] ? { kind: 'argv', argv: rest, label: 'busybox' } : undefined;
		}
		rest = rest.slice(1);
	}
	const label = `${inv.name} -c`;
	for (let i = 0; i < rest.length; i++) {
		const t = rest[i].text;
		if (t === '--command' || t === '-c' || (/^-[a-zA-Z]+$/.test(t) && t.includes('c'))) {
			return i + 1 < rest.length ? { kind: 'script', scripts: [rest[i + 1].text], label } : undefined;
		}
		if (t.startsWith('--command=') || t.startsWith('--init-command=')) {
			return { kind: 'script', scripts: [t.slice(t.indexOf('=') + 1)], label };
		}
		if (t === '-o' || t === '+o' || t === '--rcfile' || t === '--init-file' || t === '-C' || t === '--init-command') {
			i++;
			continue;
		}
		if (t.startsWith('-') || t.startsWith('+')) {
			continue;
		}
		// `bash script.sh`: read the script if it is there.
		const script = rest[i].dynamic ? undefined : readRelative(t, ctx);
		return script !== undefined ? { kind: 'script', scripts: [script], label: `${inv.name} ${t}` } : undefined;
	}
	// `… | bash`, `bash <<EOF`, `bash -s`
	return inv.stdinText !== undefined ? { kind: 'script', scripts: [inv.stdinText], label: `${inv.name} (stdin)` } : undefined;
});

wrapper(['eval'], (args) => (args.length > 0 ? { kind: 'script', scripts: [args.map((w) => w.text).join(' ')], label: 'eval' } : undefined));

wrapper(['source', '.'], (args, inv, ctx) => {
	const script = args[0] && !args[0].dynamic ? readRelative(args[0].text, ctx) : undefined;
	return script !== undefined ? { kind: 'script', scripts: [script], label: inv.name } : undefined;
});

wrapper(['su', 'runuser'], (args) => {
	const parsed = parseArgs(args, { withValue: ['-c', '--command', '-s', '--shell', '-g', '--group', '-u', '--user'] });
	const command = optionValue(parsed, '-c', '--command');
	return command ? { kind: 'script', scripts: [command], label: 'su -c' } : undefined;
});

wrapper(['script'], (args) => {
	const parsed = parseArgs(args, { withValue: ['-c', '--command', '-t', '--timing', '-E', '--echo'] });
	const command = optionValue(parsed, '-c', '--command');
	return command ? { kind: 'script', scripts: [command], label: 'script -c' } : undefined;
});

wrapper(['watch'], (args) => {
	const withValue = ['-n', '--interval', '-g', '-t', '-c', '-q', '--equexit'];
	const start = firstPositional(args, withValue);
	if (start >= args.length) {
		return undefined;
	}
	const exec = args.slice(0, start).some((a) => a.text === '-x' || a.text === '--exec' || /^-[a-z]*x/.test(a.text));
	return exec
		? { kind: 'argv', argv: args.slice(start), label: 'watch' }
		: { kind: 'script', scripts: [args.slice(start).map((w) => w.text).join(' ')], label: 'watch' };
});

wrapper(['xargs'], (args, inv) => {
	const withValue = ['-a', '--arg-file', '-d', '--delimiter', '-E', '-e', '-I', '-i', '-L', '-l', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars', '--process-slot-var', '--replace', '--eof'];
	const start = firstPositional(args, withValue);
	const command = start < args.length ? args.slice(start) : [literalWord('echo')];
	const appended = inv.stdinText !== undefined ? inv.stdinText.split(/[\s\0]+/).filter(Boolean).map((t) => literalWord(t)) : [];
	const replace = args.slice(0, start).some((a) => /^(-I|-i|--replace)/.test(a.text));
	if (appended.length > 0 && !replace) {
		return { kind: 'argv', argv: [...command, ...appended], label: 'xargs', stdinText: null };
	}
	return { kind: 'argv', argv: command, label: 'xargs', dynamicArgs: true, stdinText: null };
});

wrapper(['parallel'], (args) => {
	const sep = args.findIndex((a) => a.text === ':::' || a.text === '::::');
	const head = sep >= 0 ? args.slice(0, sep) : args;
	const start = firstPositional(head, ['-j', '--jobs', '-S', '--sshlogin', '--joblog', '-a', '--arg-file', '--delay', '--timeout', '-N', '-n', '--max-args']);
	const command = head.slice(start);
	if (command.length === 0) {
		return undefined;
	}
	const values = sep >= 0 ? args.slice(sep + 1).filter((a) => a.text !== ':::') : [];
	if (command.length === 1 && /\s/.test(command[0].text)) {
		const scripts = values.length > 0 ? values.map((v) => command[0].text.replace(/\{\}/g, v.text)) : [command[0].text];
		return { kind: 'script', scripts, label: 'parallel' };
	}
	return { kind: 'argv', argv: [...command, ...values], label: 'parallel', dynamicArgs: values.length === 0 };
});

wrapper(['find', 'gfind', 'fd', 'fdfind'], (args, inv) => {
	const at = args.findIndex((a) => ['-exec', '-execdir', '-ok', '-okdir', '-x', '--exec', '-X', '--exec-batch'].includes(a.text));
	if (at < 0) {
		return undefined;
	}
	let end = args.findIndex((a, i) => i > at && (a.text === ';' || a.text === '+' || a.text === '\\;'));
	if (end < 0) {
		end = args.length;
	}
	const roots = inv.name.startsWith('fd') ? args.slice(0, at).filter((a) => !a.text.startsWith('-')).slice(1) : args.slice(0, at).filter((a, i) => i === 0 || !args[i - 1].text.startsWith('-')).filter((a) => !a.text.startsWith('-') && !a.text.startsWith('(') && a.text !== '!');
	const root = inv.name.startsWith('fd') ? (roots[0]?.text ?? '.') : (roots.find((r) => !r.text.startsWith('-'))?.text ?? '.');
	const command = args.slice(at + 1, end).map((w) => (w.text.includes('{}') ? { ...w, text: w.text.replace(/\{\}/g, root), dynamic: true } : w));
	return command.length > 0 ? { kind: 'argv', argv: command, label: `${inv.name} ${args[at].text}`, dynamicArgs: true } : undefined;
});

// Remote shells and containers: the command runs elsewhere.
wrapper(['ssh', 'autossh', 'mosh'], (args, inv) => {
	const start = firstPositional(args, ['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B', '-M']);
	const command = args.slice(start + 1);
	if (command.length > 0) {
		return { kind: 'script', scripts: [command.map((w) => w.text).join(' ')], label: `ssh ${args[start]?.text ?? ''}`.trim(), remote: true };
	}
	return inv.stdinText !== undefined ? { kind: 'script', scripts: [inv.stdinText], label: 'ssh (stdin)', remote: true } : undefined;
});

function containerExec(label: string, args: readonly Word[], withValue: string[]): Step | undefined {
	const dashdash = args.findIndex((a) => a.text === '--');
	if (dashdash >= 0 && dashdash + 1 < args.length) {
		return { kind: 'argv', argv: args.slice(dashdash + 1), label, remote: true };
	}
	const target = firstPositional(args, withValue);
	return target + 1 < args.length ? { kind: 'argv', argv: args.slice(target + 1), label: `${label} ${args[target].text}`, remote: true } : undefined;
}

const DOCKER_EXEC_OPTS = ['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys', '--index'];
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
	return undefined;
});

wrapper(['kubectl', 'oc', 'microk8s.kubectl', 'k'], (args, inv) => {
	const sub = firstPositional(args, ['-n', '--namespace', '--context', '--kubeconfig', '-s', '--server', '--cluster', '--user']);
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
	return dashdash >= 0 && dashdash + 1 < args.length ? { kind: 'argv', argv: args.slice(dashdash + 1), label: `${inv.name} exec`, remote: inv.name !== 'wsl' } : undefined;
});

wrapper(['heroku'], (args) => {
	if (!args[0] || !/^run(:detached|:inside)?$/.test(args[0].text)) {
		return undefined;
	}
	const rest = args.slice(1);
	const start = firstPositional(rest, ['-a', '--app', '-r', '--remote', '-s', '--size', '-e', '--env', '--type']);
	return start < rest.length ? { kind: 'argv', argv: rest.slice(start), label: 'heroku run', remote: true } : undefined;
});

wrapper(['railway'], (args) => {
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

wrapper(['npx', 'bunx', 'pnpx'], (args, inv) => {
	const parsed = parseArgs(args.slice(0, firstPositional(args, ['-p', '--package', '-c', '--call'])), { withValue: ['-p', '--package', '-c', '--call'] });
	const call = optionValue(parsed, '-c', '--call');
	return call ? { kind: 'script', scripts: [call], label: `${inv.name} -c` } : runner(inv.name, args, ['-p', '--package']);
});
wrapper(['npm', 'pnpm', 'yarn', 'bun'], (args, inv) => {
	const sub = args[0]?.text;
	if (sub === 'exec' || sub === 'x' || sub === 'dlx') {
		const rest = args.slice(1);
		const parsed = parseArgs(rest, { withValue: ['-c', '--call', '-p', '--package', '-w', '--workspace'] });
		const call = optionValue(parsed, '-c', '--call');
		return call ? { kind: 'script', scripts: [call], label: `${inv.name} exec -c` } : runner(`${inv.name} ${sub}`, rest, ['-p', '--package', '-w', '--workspace']);
	}
	if (inv.name === 'bun' && (sub === '-e' || sub === '--eval' || sub === 'eval')) {
		return args[1] ? { kind: 'code', language: 'javascript', code: args[1].text, label: 'bun -e' } : undefined;
	}
	return undefined;
});
wrapper(['bundle', 'poetry', 'pipenv', 'uv', 'pdm', 'rye', 'hatch', 'mise', 'asdf', 'devbox', 'pixi', 'conda', 'micromamba'], (args, inv) => {
	const sub = args[0]?.text;
	if (sub !== 'exec' && sub !== 'run' && sub !== 'x') {
		return undefined;
	}
	return runner(`${inv.name} ${sub}`, args.slice(1), ['-n', '--name', '-p', '--python', '--with', '-e', '--env', '--project', '--directory', '--environment', '--from', '--group', '--extra', '--package']);
});
wrapper(['uvx', 'pipx'], (args, inv) => runner(inv.name, inv.name === 'pipx' && args[0]?.text === 'run' ? args.slice(1) : args, ['--from', '--with', '--python', '--spec']));
wrapper(['op', 'doppler', 'infisical', 'aws-vault', 'chamber', 'dotenv', 'dotenvx', 'teller', 'envchain', 'sops', 'direnv', 'with-contenv', 'aws-sso'], (args, inv) => {
	const dashdash = args.findIndex((a) => a.text === '--');
	if (dashdash >= 0 && dashdash + 1 < args.length) {
		return { kind: 'argv', argv: args.slice(dashdash + 1), label: `${inv.name} run` };
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

// Interpreters: `python -c`, `node -e`, `ruby -e`, `perl -e`, `php -r`.
function interpreter(names: string[], language: ScriptLanguage, flags: string[]): void {
	wrapper(names, (args, inv, ctx) => {
		for (let i = 0; i < args.length; i++) {
			const t = args[i].text;
			const eq = flags.find((f) => f.startsWith('--') && t.startsWith(f + '='));
			if (eq) {
				return { kind: 'code', language, code: t.slice(eq.length + 1), label: `${inv.name} ${eq}` };
			}
			// `-c`, `--eval`, and clusters ending in the flag: `perl -ne`, `python -Bc`; `deno eval`.
			const isFlag = flags.includes(t) || (/^-[a-zA-Z]+$/.test(t) && flags.some((f) => f.length === 2 && t.endsWith(f[1])));
			if (isFlag || (inv.name === 'deno' && t === 'eval')) {
				return i + 1 < args.length ? { kind: 'code', language, code: args[i + 1].text, label: `${inv.name} ${t}` } : undefined;
			}
			if (t === '-m') {
				return undefined;
			}
			if (!t.startsWith('-')) {
				const script = args[i].dynamic || !/\.(py|js|mjs|cjs|ts|rb|pl|php)$/.test(t) ? undefined : readRelative(t, ctx);
				return script !== undefined ? { kind: 'code', language, code: script, label: `${inv.name} ${t}` } : undefined;
			}
		}
		return inv.stdinText !== undefined ? { kind: 'code', language, code: inv.stdinText, label: `${inv.name} (stdin)` } : undefined;
	});
}
interpreter(['python', 'python2', 'python3', 'pypy', 'pypy3', 'python3.8', 'python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14'], 'python', ['-c']);
interpreter(['node', 'nodejs', 'deno'], 'javascript', ['-e', '--eval', '-p', '--print']);
interpreter(['ruby', 'jruby'], 'ruby', ['-e']);
interpreter(['perl'], 'perl', ['-e', '-E']);
interpreter(['php'], 'php', ['-r']);

export const _unwrappersForTests = UNWRAPPERS;

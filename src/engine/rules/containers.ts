/**
 * Docker, Podman and Compose: volumes, prunes, containers with their data.
 *
 * Targets: the volumes, containers, stacks or machines named in the command, exactly as written
 * (`docker volume rm $(docker volume ls -q)` → `$(docker volume ls -q)`). Prunes and resets name
 * nothing, so their target is the action word (`prune`, `reset`); `compose down -v` uses the
 * project name given with `-p`, else `down`.
 */
import { hasOption, optionValue, parseArgs, type ParsedArgs } from '../shell/argv';
import type { Invocation, Word } from '../types';
import { productionLooking, withProduction, type ProductionHint } from './production-hint';
import type { Match, Rule, RulePack } from './rule';

/** The container engines: the same CLI under different names. */
const ENGINES = ['docker', 'podman', 'nerdctl', 'finch', 'lima', 'docker-compose', 'podman-compose', 'nerdctl.lima'];

/** The engines' own options that take a value, before the subcommand. */
const GLOBAL_WITH_VALUE = [
	'-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey', '--connection', '--url', '--identity',
	'--root', '--runroot', '--storage-driver', '--storage-opt', '--cgroup-manager', '--module', '--tmpdir', '--events-backend', '--hooks-dir', '--runtime',
	'-n', '--namespace', '-a', '--address', '--snapshotter', '--cni-path', '--data-root', '--hosts-dir',
];

/** Compose's options before its subcommand. */
const COMPOSE_WITH_VALUE = ['-f', '--file', '-p', '--project-name', '--env-file', '--profile', '--project-directory', '--ansi', '--parallel', '--progress', '-H', '--host', '--context'];

/** Docker's management commands: `docker volume rm` has two words, `docker rm` one. */
const GROUPS = new Set(['container', 'volume', 'image', 'system', 'network', 'builder', 'buildx', 'stack', 'service', 'secret', 'config', 'swarm', 'machine', 'pod', 'context', 'plugin', 'node']);

interface EngineCall {
	/** `volume rm`, `rm`, `system prune`, `compose down`. */
	readonly command: string;
	/** Arguments after the command words. */
	readonly args: readonly Word[];
	/** Options of compose itself (`-p`, `-f`, `--dry-run`) for compose commands. */
	readonly compose?: ParsedArgs;
	readonly production?: ProductionHint;
}

/** Every container rule reads the same call: it is read once per invocation (an Invocation is never changed). */
const calls = new WeakMap<Invocation, EngineCall | null>();

function engineCall(inv: Invocation): EngineCall | undefined {
	const known = calls.get(inv);
	if (known !== undefined) {
		return known ?? undefined;
	}
	const call = readEngineCall(inv);
	calls.set(inv, call ?? null);
	return call;
}

function readEngineCall(inv: Invocation): EngineCall | undefined {
	let argv = inv.argv.slice(1);
	if (inv.name === 'lima') {
		if (argv[0]?.text !== 'nerdctl') {
			return undefined;
		}
		argv = argv.slice(1);
	}
	const env = inv.env;
	if (inv.name.endsWith('-compose')) {
		return composeCall(argv, env);
	}
	let i = 0;
	const globals: Word[] = [];
	while (i < argv.length && argv[i].text.startsWith('-')) {
		globals.push(argv[i]);
		if (GLOBAL_WITH_VALUE.includes(argv[i].text) && i + 1 < argv.length) {
			globals.push(argv[++i]);
		}
		i++;
	}
	const first = argv[i]?.text;
	if (!first || globals.some((w) => w.text === '--help' || w.text === '-h')) {
		return undefined;
	}
	const parsedGlobals = parseArgs(globals, { withValue: GLOBAL_WITH_VALUE });
	const production = productionLooking([
		['context', optionValue(parsedGlobals, '-c', '--context', '--connection')], ['host', optionValue(parsedGlobals, '-H', '--host', '--url')],
		['context', env.DOCKER_CONTEXT], ['host', env.DOCKER_HOST], ['connection', env.CONTAINER_CONNECTION],
	]);
	if (first === 'compose') {
		const call = composeCall(argv.slice(i + 1), env);
		return call && { ...call, production: call.production ?? production };
	}
	const grouped = GROUPS.has(first) && argv[i + 1] !== undefined && !argv[i + 1].text.startsWith('-');
	const command = grouped ? `${first} ${argv[i + 1].text}` : first;
	const args = argv.slice(i + (grouped ? 2 : 1));
	return args.some((w) => w.text === '--help') ? undefined : { command, args, production };
}

function composeCall(argv: readonly Word[], env: Readonly<Record<string, string>>): EngineCall | undefined {
	let i = 0;
	while (i < argv.length && argv[i].text.startsWith('-')) {
		i += COMPOSE_WITH_VALUE.includes(argv[i].text) ? 2 : 1;
	}
	const compose = parseArgs(argv.slice(0, i), { withValue: COMPOSE_WITH_VALUE });
	const sub = argv[i]?.text;
	if (!sub || hasOption(compose, '--dry-run', '--help', '-h')) {
		return undefined;
	}
	const production = productionLooking([
		['project', optionValue(compose, '-p', '--project-name') ?? env.COMPOSE_PROJECT_NAME], ['compose file', optionValue(compose, '-f', '--file') ?? env.COMPOSE_FILE],
		['env file', optionValue(compose, '--env-file')], ['profile', optionValue(compose, '--profile')],
	]);
	return { command: `compose ${sub}`, args: argv.slice(i + 1), compose, production };
}

/** A rule over one or more engine commands (`volume rm`, `rm`, …), with the production hint applied. */
function engineRule(rule: Omit<Rule, 'commands' | 'match'> & { on: readonly string[]; match: (args: ParsedArgs, call: EngineCall, inv: Invocation) => Match | undefined; withValue?: readonly string[] }): Rule {
	const { on, match, withValue, ...rest } = rule;
	return {
		...rest,
		commands: ENGINES,
		match(inv) {
			const call = engineCall(inv);
			if (!call || !on.includes(call.command)) {
				return undefined;
			}
			const found = match(parseArgs(call.args, { withValue: [...(withValue ?? []), '--filter', '--format'] }), call, inv);
			return found ? withProduction(found, rest.severity, call.production) : undefined;
		},
	};
}

/**
 * Named things, or, when the names come from elsewhere at run time (`xargs`), the kind of thing as
 * written (`volume` in `docker volume rm`; `container` for `docker rm`), never the command's name.
 */
function named(parsed: ParsedArgs, call: EngineCall): string[] {
	const kind = call.command.split(' ');
	return parsed.positionals.length > 0 ? parsed.positionals.map((w) => w.text) : [kind.length > 1 ? kind[0] : 'container'];
}

/** `$(docker volume ls -q)`: the names are a listing, usually of everything. */
function everything(parsed: ParsedArgs, inv: Invocation): boolean {
	return parsed.positionals.some((w) => w.dynamic && /\$\(|`/.test(w.raw)) || (parsed.positionals.length === 0 && inv.dynamicArgs);
}

const rules: Rule[] = [
	engineRule({
		id: 'containers:volume-rm',
		severity: 'high',
		on: ['volume rm', 'volume remove'],
		reason: 'Deletes container volumes and the data in them (databases, uploads).',
		alternative: 'Back the volume up first: docker run --rm -v NAME:/v -v "$PWD":/b alpine tar czf /b/NAME.tgz -C /v .',
		match(parsed, call, inv) {
			if (hasOption(parsed, '-a', '--all')) {
				return { targets: ['all volumes'], severity: 'critical', reason: 'Deletes every volume (--all) with all their data.' };
			}
			if (parsed.positionals.length === 0 && !inv.dynamicArgs) {
				return undefined;
			}
			const targets = named(parsed, call);
			if (everything(parsed, inv)) {
				return { targets, severity: 'critical', reason: `Deletes every volume ${parsed.positionals.length === 0 ? 'named on its input' : `that ${targets[0]} lists`}, with all their data; which ones is known only when it runs.` };
			}
			return { targets, reason: `Deletes the volume${targets.length > 1 ? 's' : ''} ${targets.join(', ')} and the data in ${targets.length > 1 ? 'them' : 'it'}.` };
		},
	}),
	engineRule({
		id: 'containers:volume-prune',
		severity: 'high',
		on: ['volume prune'],
		reason: 'Deletes every volume no container uses, with its data.',
		alternative: 'docker volume ls -f dangling=true lists what would be deleted.',
		match(parsed) {
			const all = hasOption(parsed, '-a', '--all');
			return { targets: ['prune'], severity: all ? 'critical' : undefined, reason: all ? 'Deletes every volume no running container uses — named ones too (--all) — with their data.' : undefined };
		},
	}),
	engineRule({
		id: 'containers:system-prune',
		severity: 'medium',
		on: ['system prune'],
		reason: 'Deletes stopped containers, unused networks, dangling images and build cache.',
		alternative: 'docker system df shows what would be reclaimed.',
		match(parsed) {
			if (hasOption(parsed, '--volumes')) {
				return { targets: ['prune'], severity: 'high', reason: 'Deletes stopped containers, unused images and networks, and every unused volume with its data (--volumes).' };
			}
			return { targets: ['prune'], reason: hasOption(parsed, '-a', '--all') ? 'Deletes stopped containers, unused networks, every image no container uses, and build cache.' : undefined };
		},
	}),
	engineRule({
		id: 'containers:system-reset',
		severity: 'critical',
		on: ['system reset', 'machine reset'],
		reason: 'Resets the container engine: every container, image, volume and pod is deleted.',
		match: () => ({ targets: ['reset'] }),
	}),
	engineRule({
		id: 'containers:compose-down-volumes',
		severity: 'high',
		on: ['compose down', 'compose rm'],
		reason: 'Stops the Compose project and deletes its volumes, with the data in them.',
		alternative: 'docker compose down (without -v) keeps the volumes.',
		withValue: ['-t', '--timeout', '--rmi'],
		match(parsed, call) {
			if (!hasOption(parsed, '-v', '--volumes')) {
				return undefined;
			}
			const project = call.compose ? optionValue(call.compose, '-p', '--project-name') : undefined;
			if (call.command === 'compose rm') {
				const services = parsed.positionals.map((w) => w.text);
				return { targets: services.length > 0 ? services : [project ?? 'stopped containers'], severity: 'medium', reason: 'Removes stopped service containers and their anonymous volumes.' };
			}
			const services = parsed.positionals.map((w) => w.text);
			const target = project ?? 'down';
			return { targets: services.length > 0 ? services : [target], reason: `Stops the Compose project${project ? ` ${project}` : ''} and deletes its named and anonymous volumes, with the data in them.` };
		},
	}),
	engineRule({
		id: 'containers:container-rm',
		severity: 'medium',
		on: ['rm', 'container rm', 'container remove', 'pod rm', 'pod remove'],
		reason: 'Force-removes containers, including running ones; whatever they wrote outside a volume is lost.',
		withValue: ['-t', '--time', '--cidfile', '--pod-id-file'],
		match(parsed, call, inv) {
			const volumes = hasOption(parsed, '-v', '--volumes');
			const force = hasOption(parsed, '-f', '--force') || hasOption(parsed, '-a', '--all');
			if (!volumes && !force) {
				return undefined;
			}
			const targets = hasOption(parsed, '-a', '--all') && parsed.positionals.length === 0 ? ['all containers'] : named(parsed, call);
			if (volumes) {
				return { targets, severity: 'high', reason: `Removes ${everything(parsed, inv) ? 'every listed container' : `the container ${targets.join(', ')}`} and deletes its anonymous volumes with their data (-v).` };
			}
			return { targets, reason: `Force-removes ${everything(parsed, inv) ? 'every listed container' : targets.join(', ')}, running or not; whatever they wrote outside a volume is lost.` };
		},
	}),
	engineRule({
		id: 'containers:container-prune',
		severity: 'medium',
		on: ['container prune', 'pod prune'],
		reason: 'Deletes every stopped container, with whatever it wrote outside a volume.',
		match: () => ({ targets: ['prune'] }),
	}),
	engineRule({
		id: 'containers:image-prune-all',
		severity: 'medium',
		on: ['image prune'],
		reason: 'Deletes every image no container uses, including images built locally that exist nowhere else.',
		match: (parsed) => (hasOption(parsed, '-a', '--all') ? { targets: ['prune'] } : undefined),
	}),
	engineRule({
		id: 'containers:stack-rm',
		severity: 'high',
		on: ['stack rm', 'stack remove', 'stack down', 'service rm', 'service remove', 'secret rm', 'secret remove', 'config rm'],
		reason: 'Removes a Swarm stack or service: its containers stop and the service goes down.',
		match(parsed, call) {
			const targets = named(parsed, call);
			const [group] = call.command.split(' ');
			if (group === 'stack') {
				return { targets, reason: `Removes the Swarm stack ${targets.join(', ')}: every service in it stops.` };
			}
			return { targets, severity: 'medium', reason: group === 'service' ? `Removes the Swarm service ${targets.join(', ')}.` : `Deletes the Swarm ${group} ${targets.join(', ')}; its value cannot be read back from the cluster.` };
		},
	}),
	engineRule({
		id: 'containers:swarm-leave-force',
		severity: 'high',
		on: ['swarm leave'],
		reason: 'Forces this node out of the swarm; on the last manager the swarm\'s state (services, secrets) is lost.',
		match: (parsed) => (hasOption(parsed, '-f', '--force') ? { targets: ['leave'] } : undefined),
	}),
	engineRule({
		id: 'containers:machine-rm',
		severity: 'high',
		on: ['machine rm', 'machine remove'],
		reason: 'Deletes the container VM with every container, image and volume inside it.',
		match: (parsed, call) => ({ targets: named(parsed, call) }),
	}),
	{
		id: 'containers:vm-delete',
		severity: 'high',
		commands: ['colima', 'limactl', 'docker-machine', 'orb', 'orbctl'],
		reason: 'Deletes the container VM with every container, image and volume inside it.',
		match(inv) {
			const parsed = parseArgs(inv.argv.slice(1), { withValue: ['-p', '--profile'] });
			const [sub, ...names] = parsed.positionals.map((w) => w.text);
			const verbs: Record<string, string[]> = { colima: ['delete'], limactl: ['delete', 'rm', 'remove'], 'docker-machine': ['rm'], orb: ['delete'], orbctl: ['delete'] };
			if (!sub || !verbs[inv.name].includes(sub) || hasOption(parsed, '-h', '--help')) {
				return undefined;
			}
			// Unnamed, colima, Lima and docker-machine delete the instance called `default`.
			const profile = optionValue(parsed, '-p', '--profile');
			const targets = names.length > 0 ? names : [profile ?? (inv.name === 'orb' || inv.name === 'orbctl' ? sub : 'default')];
			return { targets, reason: `Deletes the ${inv.name} VM ${names.length === 0 && !profile ? '(default profile)' : targets.join(', ')} with every container, image and volume inside it.` };
		},
	},
];

export const containersPack: RulePack = {
	name: 'containers',
	description: 'Docker, Podman and Compose: volumes, prunes, containers with their data.',
	rules,
};

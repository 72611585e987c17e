/**
 * Rules as tables of subcommand chains, for CLIs shaped `tool noun verb NAME --opt value` (the paas
 * pack's platforms, backups, secret stores, registries, CI servers, …). A tool is a list of ops; an
 * op is a chain (`volume|volumes delete|rm`), a severity (or a function refining it from the
 * options), what it destroys, and where the target sits: the words after the chain by default, or
 * what `targets` picks (an option's value, a positional further on). When the command names
 * nothing, the target is the chain's first word as written, and the reason says what is implied.
 */
import type { Invocation, Severity } from '../types';
import { productionLooking, withProduction } from './production-hint';
import { type Match, type MatchResult, type Rule } from './rule';
import { cliOf, inspectsOnly, numbered, pick, readCli, type Cli, type CliSpec } from './subcommands';

export type Level = Exclude<Severity, 'none' | 'low'>;
export type Candidates = readonly (string | readonly string[] | undefined)[];

export interface Op {
	/**
	 * Subcommand chain; `|` separates alternatives for one word: `volume|volumes delete|rm`. The
	 * empty chain matches every command of the tool (flag-driven tools: `kafka-topics --delete`); `*`
	 * matches any one word (a profile name: `duply PROFILE purge`).
	 */
	readonly path: string;
	/** A level, or a function that may refine it (undefined: not destructive after all). */
	readonly severity: Level | ((cli: Cli, rest: readonly string[], inv: Invocation) => Level | undefined);
	/** What is destroyed, for the reason: `the volume`. */
	readonly what: string;
	/** The verb of the reason; default `deletes`. */
	readonly verb?: string;
	/** Said after the target: ` and all its deployments`. */
	readonly note?: string;
	/** The subject when the command names nothing; default: `<what> that this directory is linked to`. */
	readonly linked?: string;
	/** Where the target is; default: the words after the chain. */
	readonly targets?: (cli: Cli, rest: readonly string[], inv: Invocation) => Candidates;
	/** A safer way, when it differs from the tool's. */
	readonly alternative?: string;
}

export interface Tool {
	readonly id: string;
	readonly commands: readonly string[];
	readonly severity: Level;
	readonly reason: string;
	readonly alternative?: string;
	readonly spec: CliSpec;
	readonly ops: readonly Op[];
	/** Options or words that make the command only show what it would do (`-n`, `--dry-run`, `--list-only`). */
	readonly inspects?: (cli: Cli, inv: Invocation) => boolean;
	/** Reads the argv when it is not `tool args…` (`java -jar jenkins-cli.jar …`); undefined: not this tool. */
	readonly read?: (inv: Invocation, spec: CliSpec) => Cli | undefined;
	/**
	 * Production-looking names (`secret/prod/db`, `--env=production`) raise the severity one step:
	 * the options to look at besides the targets. Off when undefined (the paas pack's platforms).
	 */
	readonly hints?: readonly string[];
}

/** A chain read once: per word, `*` (any word) or the words it may be. */
type Chain = readonly (ReadonlySet<string> | '*')[];

function readChain(chain: string): Chain {
	return chain === '' ? [] : chain.split(' ').map((alternatives) => (alternatives === '*' ? '*' : new Set(alternatives.split('|'))));
}

/** True when the subcommand words start with the chain (`volume|volumes delete|rm`). */
function startsWith(path: readonly string[], chain: Chain): boolean {
	return chain.every((word, i) => (word === '*' ? path[i] !== undefined : path[i] !== undefined && word.has(path[i])));
}

export function tableRule(t: Tool): Rule {
	// Read once, not per command judged: a tool has up to dozens of ops.
	const chains = t.ops.map((op) => readChain(op.path));
	return {
		id: t.id,
		severity: t.severity,
		commands: t.commands,
		reason: t.reason,
		alternative: t.alternative,
		match(inv): MatchResult {
			// Dokku over ssh runs `apps:destroy app` as the command itself.
			const cli = t.read ? t.read(inv, t.spec) : inv.name.includes(':') ? readCli(inv.argv, t.spec) : cliOf(inv, t.spec);
			if (!cli || inspectsOnly(cli) || t.inspects?.(cli, inv)) {
				return undefined;
			}
			for (const [at, op] of t.ops.entries()) {
				if (!startsWith(cli.path, chains[at])) {
					continue;
				}
				const length = chains[at].length;
				const rest = cli.positionals.slice(length).map((w) => w.text);
				const severity = typeof op.severity === 'function' ? op.severity(cli, rest, inv) : op.severity;
				if (!severity) {
					return undefined;
				}
				const written = cli.positionals.slice(0, length).map((w) => w.text);
				const found = pick(written[0] ?? inv.name, ...(op.targets ? op.targets(cli, rest, inv) : [rest]));
				// The chain's own words are only a fallback target, for when nothing is named.
				const named = found.filter((n) => !written.includes(n));
				const targets = named.length > 0 ? named.map((n) => numbered(n, written[0])) : found;
				const subject = named.length > 0 ? `${op.what} ${named[0]}` : op.linked ?? `${op.what} that this directory is linked to`;
				const tool = inv.name.includes(':') && written.length > 0 ? '' : `${inv.name} `;
				const match: Match = {
					targets,
					severity,
					reason: `${tool}${written.join(' ')}${written.length > 0 ? ' ' : ''}${op.verb ?? 'deletes'} ${subject}${op.note ?? ''}.`.replace(/^ +/, ''),
					...(op.alternative ? { alternative: op.alternative } : {}),
				};
				if (!t.hints) {
					return match;
				}
				const hint = productionLooking([
					...targets.map((v) => ['name', v] as const),
					...t.hints.map((o) => [o.replace(/^-+/, ''), cli.value(o)] as const),
				]);
				return withProduction(match, severity, hint);
			}
			return undefined;
		},
	};
}

/** Common option names that say which environment a command acts on. */
export const ENV_HINTS = ['--env', '-e', '--environment', '--config', '-c', '--context', '--namespace', '-n', '--project', '-p', '--profile', '--stage', '--org'];

/**
 * Reading the argv of cloud and platform CLIs (`aws`, `gcloud`, `az`, `fly`, `heroku`, …): a chain
 * of subcommand words, then a resource name, with `--key value` options anywhere. Their option
 * tables are too large to list, so an unknown `--key` followed by a plain word takes it as its
 * value unless the key is a known flag — a wrong guess can only move the target, not hide the rule.
 */
import type { Invocation, Word } from '../types';

export interface CliSpec {
	/** Options known to take no value. Anything starting with `--no-` is a flag too. */
	readonly flags?: readonly string[];
	/** Options known to take a value (short ones must be listed to take one). */
	readonly withValue?: readonly string[];
	/** AWS style: `--instance-ids i-1 i-2` — an option takes every plain word that follows. */
	readonly multi?: boolean;
	/**
	 * Go-flag style (Vault, Kafka's tools use `--`): `-mount=secret` and `-force` are whole option names,
	 * never clusters of short flags. Options are then keyed with one dash as written.
	 */
	readonly singleDashLong?: boolean;
	/**
	 * For CLIs that take unambiguous prefixes of long options (the AWS CLI's argparse): the options a
	 * `--name` written that way stands for. Several are all read, as flags.
	 */
	readonly longNames?: (name: string) => readonly string[];
}

export interface Cli {
	/** Words that are neither options nor option values, in order. */
	readonly positionals: readonly Word[];
	readonly options: ReadonlyMap<string, readonly string[]>;
	/** Option names in the order they were written. */
	readonly order: readonly string[];
	has(...names: string[]): boolean;
	/** The last value of the first of `names` given with a non-empty value. */
	value(...names: string[]): string | undefined;
	/** All values of all of `names`. */
	values(...names: string[]): string[];
	/** The positional texts, lower-cased, for matching subcommand chains. */
	readonly path: readonly string[];
	/** How many positionals came before a `--` (all of them when there was none): the words after it are another program's. */
	readonly beforeDashDash: number;
}

/** Boolean options nearly every CLI shares. */
export const COMMON_FLAGS = [
	'--yes', '--force', '--quiet', '--json', '--async', '--recursive', '--all', '--debug', '--verbose', '--confirm-delete', '--skip-confirmation',
	'--no-wait', '--wait', '--interactive', '--non-interactive', '--silent', '--dangerous', '--purge', '--permanent', '--permanently', '--hard',
];

export function readCli(args: readonly Word[], spec: CliSpec = {}): Cli {
	// Short lists searched as they are: building Sets per call cost more than it saved (readCli runs per command).
	const extraFlags = spec.flags ?? [];
	const flags = { has: (name: string) => COMMON_FLAGS.includes(name) || extraFlags.includes(name) };
	const withValue = spec.withValue ?? [];
	const options = new Map<string, string[]>();
	const order: string[] = [];
	const positionals: Word[] = [];
	let beforeDashDash: number | undefined;
	const add = (name: string, value: string) => {
		const list = options.get(name) ?? [];
		list.push(value);
		options.set(name, list);
		order.push(name);
	};
	const plain = (i: number) => i < args.length && (!args[i].text.startsWith('-') || args[i].text === '-' || /^-\d/.test(args[i].text));
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		if (t === '--') {
			beforeDashDash = positionals.length;
			positionals.push(...args.slice(i + 1));
			break;
		}
		if (!t.startsWith('-') || t === '-' || /^-\d/.test(t)) {
			positionals.push(args[i]);
			continue;
		}
		if (t.startsWith('--') || spec.singleDashLong) {
			const eq = t.indexOf('=');
			const names = spec.longNames && !spec.singleDashLong ? spec.longNames(eq > 0 ? t.slice(0, eq) : t) : undefined;
			if (names && (names.length !== 1 || eq > 0 || names[0] !== t)) {
				for (const name of names) {
					add(name, eq > 0 ? t.slice(eq + 1) : names.length === 1 && withValue.includes(name) && i + 1 < args.length ? args[i + 1].text : '');
				}
				if (eq < 0 && names.length === 1 && withValue.includes(names[0]) && i + 1 < args.length) {
					i++;
				}
				continue;
			}
			if (eq > 0) {
				add(spec.singleDashLong ? t.slice(0, eq).replace(/^--/, '-') : t.slice(0, eq), t.slice(eq + 1));
				continue;
			}
			const name = spec.singleDashLong ? t.replace(/^--/, '-') : t;
			if (name !== t) {
				// Go's flag package reads `--force` as `-force`.
				if (withValue.includes(name) && i + 1 < args.length) {
					add(name, args[++i].text);
				} else if (flags.has(name) || name.startsWith('-no-') || !plain(i + 1)) {
					add(name, '');
				} else {
					add(name, args[++i].text);
				}
			} else if (withValue.includes(t) && i + 1 < args.length) {
				add(t, args[++i].text);
			} else if (flags.has(t) || t.startsWith('--no-') || !plain(i + 1)) {
				add(t, '');
			} else if (spec.multi) {
				while (plain(i + 1)) {
					add(t, args[++i].text);
				}
			} else {
				add(t, args[++i].text);
			}
			continue;
		}
		for (let j = 1; j < t.length; j++) {
			const flag = '-' + t[j];
			if (withValue.includes(flag)) {
				const rest = t.slice(j + 1).replace(/^=/, '');
				add(flag, rest || (i + 1 < args.length ? args[++i].text : ''));
				break;
			}
			add(flag, '');
		}
	}
	return {
		positionals,
		options,
		order,
		path: positionals.map((w) => w.text.toLowerCase()),
		beforeDashDash: beforeDashDash ?? positionals.length,
		has: (...names) => names.some((n) => options.has(n)),
		value: (...names) => {
			for (const n of names) {
				const list = options.get(n)?.filter((v) => v !== '');
				if (list && list.length > 0) {
					return list[list.length - 1];
				}
			}
			return undefined;
		},
		values: (...names) => names.flatMap((n) => (options.get(n) ?? []).filter((v) => v !== '')),
	};
}

/** The CLI's arguments after its name. */
export function cliOf(inv: Invocation, spec: CliSpec = {}): Cli {
	return readCli(inv.argv.slice(1), spec);
}

/** Help, version and dry runs change nothing. */
export function inspectsOnly(cli: Cli): boolean {
	const version = cli.options.get('--version');
	return cli.has('--help', '-h', '--dry-run', '--dryrun') || version !== undefined && version.every((v) => v === '') || cli.path.includes('help');
}

/**
 * Index in `cli.path` of the first word matching `verbs`, or -1. A subcommand chain ends at `--`:
 * in `gcloud compute ssh vm -- rm -rf /x` the `rm` is the remote shell's (the wrapper judges it), not gcloud's.
 */
export function verbAt(cli: Cli, verbs: RegExp, from = 0): number {
	for (let i = from; i < cli.beforeDashDash; i++) {
		if (verbs.test(cli.path[i])) {
			return i;
		}
	}
	return -1;
}

/** The positional words after index `at`, as written. */
export function after(cli: Cli, at: number): string[] {
	return cli.positionals.slice(at + 1).map((w) => w.text);
}

/** A target list from candidates, dropping empty ones; `fallback` when none remain. */
export function pick(fallback: string, ...candidates: (string | readonly string[] | undefined)[]): string[] {
	const out: string[] = [];
	for (const c of candidates) {
		for (const v of typeof c === 'string' ? [c] : c ?? []) {
			if (v && !out.includes(v)) {
				out.push(v);
			}
		}
	}
	return out.length > 0 ? out : [fallback];
}

/**
 * A bare number names nothing a person can check: it gets the noun that says what it numbers, as
 * written but singular (`linodes` + `12345678` → `linode 12345678`, `issue` + `1432` → `issue 1432`).
 * Anything else is returned as it is.
 */
export function numbered(id: string, noun: string | undefined): string {
	if (!/^\d+$/.test(id) || !noun || !/^[a-z][\w-]*$/i.test(noun)) {
		return id;
	}
	const one = noun.replace(/ies$/, 'y').replace(/([^su])s$/, '$1');
	return `${one} ${id}`;
}

/**
 * Production-looking names shared by the infrastructure packs (kubernetes, containers, iac): a
 * `--context prod`, `-var-file=envs/production.tfvars` or `-p shop-prod` raises a rule's severity one
 * step and is named in the reason. Names are split on punctuation, so `products` does not count.
 */
import type { Severity } from '../types';
import type { Match } from './rule';

const PROD_TOKEN = /^(?:prod|production|prd|live)\d*$/i;

export interface ProductionHint {
	/** What the value is: `context`, `namespace`, `workspace`… */
	readonly what: string;
	readonly value: string;
}

/** The first value that looks like it names production: `prod`, `gke_acme_prod-eu`, `envs/production`. */
export function productionLooking(candidates: readonly (readonly [string, string | undefined])[]): ProductionHint | undefined {
	for (const [what, value] of candidates) {
		if (value !== undefined && value.split(/[^A-Za-z0-9]+/).some((t) => PROD_TOKEN.test(t))) {
			return { what, value };
		}
	}
	return undefined;
}

const ORDER: Severity[] = ['none', 'low', 'medium', 'high', 'critical'];

/** One step stronger: medium → high → critical. */
export function raised(severity: Severity): Severity {
	return ORDER[Math.min(ORDER.indexOf(severity) + 1, ORDER.length - 1)];
}

/** Applies a production hint to a match: one step stronger, and the hint named in the reason. */
export function withProduction(match: Match, base: Severity, hint: ProductionHint | undefined): Match {
	if (!hint) {
		return match;
	}
	return { ...match, severity: raised(match.severity ?? base), reason: `${match.reason ?? ''} The ${hint.what} "${hint.value}" looks like production.`.trim() };
}

/**
 * Policy: turns rule hits and the context (production, user allow/deny rules) into one verdict.
 * Escalation only ever makes a verdict stricter.
 */
import { loopValues, typeableTargets } from './targets';
import { userRegexes } from './userRegex';
import type { AnalysisContext, Decision, Invocation, ParseStatus, RuleHit, Severity, Verdict } from './types';
import { SEVERITY_RANK } from './types';

/** Environment variables whose value `production` (or `prod`, `live`) marks a production shell. */
export const PRODUCTION_VARIABLES = [
	'NODE_ENV', 'RAILS_ENV', 'RACK_ENV', 'APP_ENV', 'FLASK_ENV', 'DJANGO_ENV', 'MIX_ENV', 'ASPNETCORE_ENVIRONMENT',
	'DOTNET_ENVIRONMENT', 'RAILWAY_ENVIRONMENT', 'RAILWAY_ENVIRONMENT_NAME', 'VERCEL_ENV', 'ENVIRONMENT', 'ENV', 'STAGE',
	'DEPLOY_ENV', 'APP_STAGE', 'SPRING_PROFILES_ACTIVE', 'LARAVEL_ENV', 'SYMFONY_ENV', 'GO_ENV', 'PYTHON_ENV', 'TF_WORKSPACE',
];

const PRODUCTION_VALUE = /^(?:prod|production|live|prd)$/i;

/** True when the environment (of the shell, or set inline on a command) says production. */
export function productionSignal(env: Readonly<Record<string, string | undefined>> | undefined): string | undefined {
	if (!env || isEmpty(env)) {
		return undefined;
	}
	for (const name of PRODUCTION_VARIABLES) {
		const value = env[name];
		if (value !== undefined && PRODUCTION_VALUE.test(value.trim())) {
			return `${name}=${value}`;
		}
	}
	return undefined;
}

/** Most commands carry no environment of their own: nothing to look up then. */
function isEmpty(env: object): boolean {
	for (const _ in env) {
		return false;
	}
	return true;
}

const DECISION_RANK: Record<Decision, number> = { allow: 0, confirm: 1, deny: 2 };

/** The decision a severity earns by default. Production raises every severity one step. */
export function decisionFor(severity: Severity, production: boolean): Decision {
	const rank = SEVERITY_RANK[severity] + (production && severity !== 'none' ? 1 : 0);
	return rank >= SEVERITY_RANK.high ? 'confirm' : 'allow';
}

function escalate(severity: Severity, production: boolean): Severity {
	if (!production) {
		return severity;
	}
	const order: Severity[] = ['none', 'low', 'medium', 'high', 'critical'];
	return severity === 'none' ? 'none' : order[Math.min(SEVERITY_RANK[severity] + 1, 4)];
}

export interface PolicyInput {
	readonly line: string;
	readonly hits: readonly RuleHit[];
	readonly invocations: readonly Invocation[];
	readonly parse: ParseStatus;
	readonly context: AnalysisContext;
}

export function decide(input: PolicyInput): Verdict {
	const { context } = input;
	const production = Boolean(context.production) || productionSignal(context.env) !== undefined
		|| input.invocations.some((inv) => productionSignal(inv.env) !== undefined);
	// A loop variable or a bare number names nothing a person can check: finish it (targets.ts).
	const loops = /\b(?:for|select|read)\b/.test(input.line) ? loopValues(input.line) : new Map<string, null>();
	const hits: RuleHit[] = input.hits.map((hit) => {
		const severity = escalate(hit.severity, production);
		const { targets, runtime } = typeableTargets(hit.targets, hit.invocation?.split('   (via ')[0] ?? input.line, loops);
		const reason = runtime && !/known only when it runs|only known when it runs/.test(hit.reason) ? `${hit.reason} The exact set is known only when it runs.` : hit.reason;
		return { ...hit, severity, targets, reason, decision: hit.decision ?? decisionFor(hit.severity, production) };
	});

	const denyRules = userRegexes(context.config?.deny);
	const texts = denyRules.length === 0 ? [] : [input.line, ...input.invocations.map((inv) => inv.argv.map((w) => w.text).join(' '))];
	const denied = denyRules.find((re) => texts.some((t) => re.test(t)));
	if (denied) {
		hits.push({ rule: 'user:deny', severity: 'critical', reason: `Matches your deny rule /${denied.source}/.`, targets: [], decision: 'deny' });
	}
	// An allow rule lifts only the findings in the command it matches: `^rm -rf victim` must not also
	// wave through `rm -rf victim && rm -rf important`. Findings not tied to a command (unparsed text) stay.
	const allowRules = userRegexes(context.config?.allow);
	if (allowRules.length > 0) {
		for (let i = 0; i < hits.length; i++) {
			const command = hits[i].invocation?.split('   (via ')[0];
			const allowed = command === undefined ? undefined : allowRules.find((re) => re.test(command));
			if (allowed && hits[i].decision === 'confirm') {
				hits[i] = { ...hits[i], decision: 'allow', reason: `${hits[i].reason} (allowed by your rule /${allowed.source}/)` };
			}
		}
	}

	hits.sort((a, b) => DECISION_RANK[b.decision!] - DECISION_RANK[a.decision!] || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
	const top = hits[0];
	if (!top) {
		return { decision: 'allow', severity: 'none', rule: null, reason: 'No destructive command found.', target: null, targets: [], alternative: null, hits: [], production, parse: input.parse };
	}
	const decision = top.decision!;
	const blocking = hits.filter((h) => h.decision !== 'allow');
	const targets = unique(blocking.flatMap((h) => h.targets));
	// Never an empty name: an empty input box must not count as typing it.
	const target = decision === 'allow' ? null : (top.targets.find(isName) ?? targets[0] ?? null);
	return {
		decision,
		severity: top.severity,
		rule: top.rule,
		reason: top.reason,
		target,
		targets: decision === 'allow' ? [] : unique([...(target ? [target] : []), ...targets]),
		alternative: top.alternative ?? null,
		hits,
		production,
		parse: input.parse,
	};
}

function unique(values: readonly string[]): string[] {
	return [...new Set(values.filter(isName))];
}

/** A target a person can type: not empty, not only blanks. */
function isName(value: string): boolean {
	return value.trim() !== '';
}

/**
 * What a person must type to run a `confirm` verdict: its target, else the first other target, else
 * the command's first word. Never empty — an empty input box must never count as the answer.
 */
export function nameToType(verdict: Pick<Verdict, 'target' | 'targets'>, line: string): string {
	return [verdict.target ?? '', ...verdict.targets, ...line.trim().split(/\s+/)].find(isName) ?? 'yes';
}

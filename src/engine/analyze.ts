/**
 * The engine's one entry point: parse → unwrap → rules → policy → verdict. The guarded terminal,
 * the agent hooks and the CLI all call `analyze`. It never throws: any internal failure becomes a
 * verdict that asks for confirmation when the line contains risky words.
 */
import { initParser, isParserReady, parseLine } from './shell/parse';
import { decide } from './policy';
import { riskyWord } from './risk';
import { fallbackTarget, unparsedTarget } from './targets';
import { indexRules, PACKS } from './rules';
import { RuleContext, toMatch, type Rule } from './rules/rule';
import type { AnalysisContext, Invocation, ParsedLine, RuleHit, Verdict } from './types';
import { UNPARSED, unwrapLine } from './shell/unwrap';

export { initParser };

const RULES = indexRules(PACKS);
const EVERY = RULES.get('*') ?? [];

export interface RuleTrace {
	readonly invocation: string;
	readonly rule: string;
	readonly matched: boolean;
	readonly error?: string;
}

export interface Explanation {
	readonly parsed: ParsedLine;
	readonly invocations: readonly Invocation[];
	readonly considered: readonly RuleTrace[];
	readonly verdict: Verdict;
}

/** Analyses one command line. Call (and await) `initParser()` once before. */
export function analyze(line: string, context: AnalysisContext = {}): Verdict {
	return run(line, context, undefined).verdict;
}

/** Like `analyze`, with the parse, the unwrapped invocations and every rule considered. */
export function explain(line: string, context: AnalysisContext = {}): Explanation {
	return run(line, context, []);
}

function run(line: string, context: AnalysisContext, trace: RuleTrace[] | undefined): Explanation {
	let parsed: ParsedLine = { status: 'invalid', commands: [], truncated: true };
	let invocations: Invocation[] = [];
	try {
		if (!isParserReady()) {
			throw new Error('the shell parser is not loaded');
		}
		if (nestingDepth(line) > MAX_NESTING) {
			// tree-sitter's time grows faster than linearly on pathological nesting; no real command
			// nests this deep, so such a line is judged by its words alone.
			parsed = { status: 'invalid', commands: [], truncated: true };
		} else {
			parsed = parseLine(line);
			invocations = unwrapLine(parsed, context);
		}
		const rc = new RuleContext(context);
		const hits: RuleHit[] = [];
		const moved = new Map<string, RuleContext>();
		for (const [i, inv] of invocations.entries()) {
			rc.preceding = invocations.slice(0, i);
			hits.push(...check(inv, rc, trace));
			if (inv.cwd !== undefined) {
				// After `cd DIR` the command runs in DIR — unless the cd was inside a subshell, which the
				// parse does not track: judge it both ways and keep the stricter findings.
				let there = moved.get(inv.cwd);
				if (!there) {
					there = new RuleContext({ ...context, cwd: inv.cwd });
					moved.set(inv.cwd, there);
				}
				there.preceding = rc.preceding;
				hits.push(...check(inv, there, trace));
			}
		}
		if (parsed.status !== 'complete' || parsed.truncated) {
			hits.push(...unparsedHit(line, parsed.status === 'incomplete' ? 'The line is incomplete' : 'The line could not be parsed'));
		}
		return { parsed, invocations, considered: trace ?? [], verdict: decide({ line, hits, invocations, parse: parsed.status, context }) };
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const hits = unparsedHit(line, `The check failed (${message})`);
		return { parsed, invocations, considered: trace ?? [], verdict: decide({ line, hits, invocations: [], parse: parsed.status, context }) };
	}
}

/** Brackets nested deeper than this are not handed to the parser. */
const MAX_NESTING = 200;

/** Upper bound of the bracket nesting in a line, in one linear pass (quotes are ignored: over-counting is safe). */
export function nestingDepth(line: string): number {
	let depth = 0;
	let max = 0;
	let backticks = 0;
	for (let i = 0; i < line.length; i++) {
		const c = line.charCodeAt(i);
		if (c === 40 || c === 123) {
			// ( {
			if (++depth > max) {
				max = depth;
			}
		} else if ((c === 41 || c === 125) && depth > 0) {
			depth--;
		} else if (c === 96) {
			backticks++;
		}
	}
	// Backticks nest by escaping; a long run of them is as costly as deep brackets.
	return Math.max(max, Math.floor(backticks / 2));
}

function describe(inv: Invocation): string {
	const text = inv.argv.map((w) => w.text).join(' ');
	return inv.via.length > 0 ? `${text}   (via ${inv.via.join(' › ')})` : text;
}

function check(inv: Invocation, rc: RuleContext, trace: RuleTrace[] | undefined): RuleHit[] {
	if (inv.name === UNPARSED) {
		return unparsedHit(inv.stdinText ?? '', `Nested code could not be fully parsed (via ${inv.via.join(' › ') || 'shell'})`);
	}
	const rules: readonly Rule[] = [...(RULES.get(inv.name) ?? []), ...EVERY];
	const hits: RuleHit[] = [];
	for (const rule of rules) {
		let matched = false;
		try {
			const match = toMatch(rule.match(inv, rc));
			if (match) {
				matched = true;
				hits.push({
					rule: rule.id,
					severity: match.severity ?? rule.severity,
					reason: match.reason ?? rule.reason,
					targets: match.targets,
					alternative: match.alternative ?? rule.alternative,
					decision: match.decision,
					invocation: describe(inv),
				});
			}
			trace?.push({ invocation: describe(inv), rule: rule.id, matched });
		} catch (error) {
			// A rule that crashes on a command it is responsible for fails closed.
			const message = error instanceof Error ? error.message : String(error);
			trace?.push({ invocation: describe(inv), rule: rule.id, matched: true, error: message });
			hits.push({ rule: rule.id, severity: 'high', reason: `${rule.reason} (the check failed: ${message})`, targets: [fallbackTarget(inv.argv.map((w) => w.text))], decision: 'confirm', invocation: describe(inv) });
		}
	}
	hits.push(...userPatternHits(inv, rc));
	return hits;
}

function userPatternHits(inv: Invocation, rc: RuleContext): RuleHit[] {
	const patterns = rc.analysis.config?.patterns;
	if (!patterns || patterns.length === 0) {
		return [];
	}
	const text = inv.argv.map((w) => w.text).join(' ');
	const hits: RuleHit[] = [];
	for (const [i, p] of patterns.entries()) {
		let re: RegExp;
		try {
			re = new RegExp(p.match, 'i');
		} catch {
			continue;
		}
		const m = re.exec(text);
		if (m) {
			const target = p.target === undefined ? m[0] : typeof p.target === 'number' ? m[p.target] : m.groups?.[p.target];
			hits.push({ rule: `user:${p.id ?? `pattern-${i + 1}`}`, severity: p.severity ?? 'high', reason: p.reason ?? `Matches your pattern /${p.match}/.`, targets: [target ?? m[0]], alternative: p.alternative, invocation: describe(inv) });
		}
	}
	return hits;
}

function unparsedHit(text: string, why: string): RuleHit[] {
	const word = riskyWord(text);
	if (!word) {
		return [];
	}
	return [{ rule: 'engine:unparsed-risky', severity: 'high', reason: `${why} and contains "${word}", which can destroy data.`, targets: [unparsedTarget(text, word)], decision: 'confirm' }];
}

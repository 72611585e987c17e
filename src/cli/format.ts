/** How the CLI prints verdicts and explanations. */
import type { Explanation } from '../engine/analyze';
import type { Verdict } from '../engine/types';

/** The stable JSON shape of a verdict (docs/cli.md). */
export function verdictJson(v: Verdict): Record<string, unknown> {
	return {
		decision: v.decision,
		severity: v.severity,
		rule: v.rule,
		reason: v.reason,
		target: v.target,
		targets: v.targets,
		alternative: v.alternative,
		production: v.production,
		parse: v.parse,
	};
}

export function formatVerdict(v: Verdict, line: string): string {
	const mark = v.decision === 'allow' ? '✓ allow' : v.decision === 'confirm' ? '✋ confirm' : '⛔ deny';
	const lines = [`${mark}${v.rule ? `  (${v.severity}, ${v.rule})` : ''}${v.production ? '  PRODUCTION' : ''}`, `  command: ${line}`, `  ${v.reason}`];
	if (v.decision === 'confirm' && v.target) {
		lines.push(`  type to confirm: ${v.target}`);
	}
	if (v.targets.length > 1) {
		lines.push(`  targets: ${v.targets.join(', ')}`);
	}
	if (v.alternative && v.decision !== 'allow') {
		lines.push(`  safer: ${v.alternative}`);
	}
	return lines.join('\n') + '\n';
}

export function formatExplanation(e: Explanation): string {
	const out: string[] = [`parse: ${e.parsed.status}${e.parsed.truncated ? ' (truncated)' : ''}`, 'commands:'];
	for (const c of e.parsed.commands) {
		const stdin = c.stdin ? (c.stdin.kind === 'pipe' ? ` <pipe from ${c.stdin.from.words[0]?.text ?? '?'}>` : ` <${c.stdin.via}>`) : '';
		out.push(`  ${JSON.stringify(c.words.map((w) => w.text))}${stdin}${c.redirects.length ? ` redirects: ${c.redirects.map((r) => r.op + (r.target ? ' ' + r.target.text : '')).join(', ')}` : ''}`);
	}
	out.push('unwrapped:');
	for (const inv of e.invocations) {
		out.push(`  ${inv.name}: ${JSON.stringify(inv.argv.map((w) => w.text))}${inv.via.length ? `  via ${inv.via.join(' › ')}` : ''}${inv.remote ? '  (remote)' : ''}${inv.stdinText !== undefined ? `  stdin: ${JSON.stringify(inv.stdinText.slice(0, 80))}` : ''}`);
	}
	out.push('rules considered:');
	if (e.considered.length === 0) {
		out.push('  (none apply to these commands)');
	}
	for (const t of e.considered) {
		out.push(`  ${t.matched ? '●' : '○'} ${t.rule}  on ${t.invocation}${t.error ? `  error: ${t.error}` : ''}`);
	}
	out.push('verdict:');
	out.push(...formatVerdict(e.verdict, '').split('\n').filter((l) => l && !l.startsWith('  command:')).map((l) => `  ${l}`));
	return out.join('\n') + '\n';
}

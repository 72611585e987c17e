/** How a verdict reads in a notification. Pure: no vscode import, so it can be unit-tested. */
import type { Verdict } from '../engine/types';

export type MessageLevel = 'info' | 'warning' | 'error';

export interface VerdictMessage {
	readonly level: MessageLevel;
	readonly text: string;
}

/**
 * One line for a notification, e.g.
 * `rm -rf victim` → "Terminal Guard: confirm — type "victim" to run `rm -rf victim`. Deletes victim and everything in it."
 */
export function verdictMessage(line: string, v: Verdict): VerdictMessage {
	const production = v.production ? ' [PRODUCTION]' : '';
	const command = `\`${line}\``;
	switch (v.decision) {
		case 'allow':
			return { level: 'info', text: `Terminal Guard: allow${production} — ${command}. ${v.reason}` };
		case 'confirm': {
			const target = v.target ? `type "${v.target}" to run ${command}` : `confirm before running ${command}`;
			return { level: 'warning', text: `Terminal Guard: confirm${production} — ${target}. ${v.reason}${safer(v)}` };
		}
		case 'deny':
			return { level: 'error', text: `Terminal Guard: deny${production} — ${command} will not run${v.target ? ` (target: ${v.target})` : ''}. ${v.reason}${safer(v)}` };
	}
}

function safer(v: Verdict): string {
	return v.alternative ? ` Safer: ${v.alternative}` : '';
}

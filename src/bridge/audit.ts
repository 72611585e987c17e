/**
 * What the bridge writes to the audit log: one entry per question that was put to the person or
 * refused outright. Safe commands and broken requests are not audited (the output channel has them).
 * The shape is the audit log's `AuditEntry` (src/ui/auditLog.ts); declared here structurally so the
 * bridge does not depend on that file being present.
 */
import type { BridgeEvent } from './server';

export interface BridgeAuditEntry {
	time: string;
	workspace: string | null;
	cwd: string;
	command: string;
	rule: string | null;
	target: string | null;
	outcome: 'confirmed' | 'refused' | 'cancelled' | 'timed-out' | 'denied' | 'withdrawn';
	askedBy: string;
	production: boolean;
	blast?: string;
}

/** Anything with the audit log's `append`. */
export interface BridgeAuditSink {
	append(entry: BridgeAuditEntry): Promise<void>;
}

/** The entry for `event`, or undefined when it is not audited (allowed without asking, errors). */
export function auditEntryFor(event: BridgeEvent, workspace: string | null, time = new Date()): BridgeAuditEntry | undefined {
	const { request, verdict, outcome } = event;
	if (outcome === 'allowed' || outcome === 'error' || request.kind !== 'confirm') {
		return undefined;
	}
	return {
		time: time.toISOString(),
		workspace,
		cwd: request.cwd,
		command: request.line,
		rule: verdict?.rule ?? null,
		target: verdict?.target ?? verdict?.targets[0] ?? null,
		outcome,
		askedBy: `agent:${request.agent}`,
		production: verdict?.production ?? false,
		...(event.blast ? { blast: event.blast } : {}),
	};
}

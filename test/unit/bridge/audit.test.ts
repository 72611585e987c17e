/** What the bridge puts in the audit log, per outcome. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditEntryFor } from '../../../src/bridge/audit';
import type { BridgeEvent, BridgeOutcome } from '../../../src/bridge/server';
import type { Verdict } from '../../../src/engine/types';

const VERDICT: Verdict = {
	decision: 'confirm', severity: 'high', rule: 'http:graphql-delete', reason: 'Deletes a volume.', target: 'vol-3f9a', targets: ['vol-3f9a'],
	alternative: null, hits: [], production: true, parse: 'complete',
};

function event(outcome: BridgeOutcome, kind: 'check' | 'confirm' = 'confirm'): BridgeEvent {
	return { request: { v: 1, kind, line: 'curl … volumeDelete', cwd: '/w/app', agent: 'claude-code', env: {} }, verdict: VERDICT, outcome };
}

describe('bridge audit entries', () => {
	it('a confirmation is recorded with the agent, rule, target and production', () => {
		const time = new Date('2026-11-23T15:00:00Z');
		assert.deepEqual(auditEntryFor(event('confirmed'), '/w', time), {
			time: '2026-11-23T15:00:00.000Z', workspace: '/w', cwd: '/w/app', command: 'curl … volumeDelete', rule: 'http:graphql-delete',
			target: 'vol-3f9a', outcome: 'confirmed', askedBy: 'agent:claude-code', production: true,
		});
	});

	for (const outcome of ['refused', 'cancelled', 'timed-out', 'denied', 'withdrawn'] as const) {
		it(`'${outcome}' -> recorded as ${outcome}`, () => {
			assert.equal(auditEntryFor(event(outcome), null)?.outcome, outcome);
		});
	}

	it('allowed without asking, errors and checks -> not recorded', () => {
		assert.equal(auditEntryFor(event('allowed'), null), undefined);
		assert.equal(auditEntryFor(event('error'), null), undefined);
		assert.equal(auditEntryFor(event('refused', 'check'), null), undefined);
	});
});

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { productionLooking, raised, withProduction } from '../../../../src/engine/rules/production-hint';

describe('production hints (kubernetes, containers, iac)', () => {
	it('finds production words between punctuation', () => {
		for (const value of ['prod', 'production', 'prod-eu', 'gke_acme_europe-west1_prod', 'envs/production.tfvars', 'arn:aws:eks:us-east-1:1:cluster/prd', 'live', 'prod2']) {
			assert.deepEqual(productionLooking([['context', value]]), { what: 'context', value }, value);
		}
	});
	it('ignores words that only contain "prod"', () => {
		for (const value of ['products', 'preprod', 'productivity', 'staging', 'dev', 'livereload', undefined]) {
			assert.equal(productionLooking([['context', value]]), undefined, String(value));
		}
	});
	it('reports the first candidate that matches', () => {
		assert.deepEqual(productionLooking([['context', 'dev'], ['namespace', 'production']]), { what: 'namespace', value: 'production' });
	});
	it('raises one step and names the hint', () => {
		assert.equal(raised('medium'), 'high');
		assert.equal(raised('critical'), 'critical');
		const m = withProduction({ targets: ['x'], reason: 'Deletes x.' }, 'medium', { what: 'context', value: 'prod' });
		assert.equal(m.severity, 'high');
		assert.equal(m.reason, 'Deletes x. The context "prod" looks like production.');
		assert.deepEqual(withProduction({ targets: ['x'] }, 'high', undefined), { targets: ['x'] });
	});
});

/** The audit log: JSON Lines, appends in order, a failed write reported but never thrown. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { type AuditEntry, AuditLog } from '../../../src/ui/auditLog';

function entry(command: string, outcome: AuditEntry['outcome'] = 'refused'): AuditEntry {
	return { time: new Date().toISOString(), workspace: '/w', cwd: '/w', command, rule: 'files:rm', target: 'x', outcome, askedBy: 'person-in-terminal', production: false };
}

describe('AuditLog', () => {
	it('appends 200 concurrent entries as 200 whole lines, in call order', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-audit-'));
		const log = new AuditLog(path.join(dir, 'nested', 'audit.jsonl'));
		await Promise.all(Array.from({ length: 200 }, (_, i) => log.append(entry(`rm -rf x${i} ${'y'.repeat(i * 50)}`))));
		const lines = fs.readFileSync(log.file, 'utf8').split('\n');
		assert.equal(lines.pop(), '');
		assert.deepEqual(lines.map((l) => (JSON.parse(l) as AuditEntry).command.split(' ')[2]), Array.from({ length: 200 }, (_, i) => `x${i}`));
		assert.equal((await log.read()).length, 200);
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('reports a failed write, resolves anyway, and keeps writing afterwards', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-audit-'));
		const blocked = path.join(dir, 'file');
		fs.writeFileSync(blocked, '');
		const errors: unknown[] = [];
		const bad = new AuditLog(path.join(blocked, 'audit.jsonl'), (e) => errors.push(e));
		await bad.append(entry('rm -rf a'));
		assert.equal(errors.length, 1);
		assert.deepEqual(await bad.read(), []);
		const thrower = new AuditLog(path.join(blocked, 'audit.jsonl'), () => {
			throw new Error('the reporter broke');
		});
		await thrower.append(entry('rm -rf b'));
		fs.rmSync(dir, { recursive: true, force: true });
	});
});

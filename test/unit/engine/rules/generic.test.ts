import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain } from '../../../../src/engine/analyze';
import { indexRules, PACKS } from '../../../../src/engine/rules';
import { UNJUDGED } from '../../../../src/engine/rules/rule';
import { loadCorpus } from '../corpus';
import { expectVerdict, testContext, useEngine, verdict, verdictCase } from '../../helpers';

useEngine();

const t = verdictCase;
const prod = { production: true };
const generic = (line: string, production = true) => verdict(line, { production }).hits.filter((h) => h.rule.startsWith('generic:'));

describe('generic pack: tools no pack knows', () => {
	describe('a destructive verb as a subcommand is medium: asked in production only', () => {
		t('acmectl cluster destroy eu-west', 'allow');
		t('acmectl cluster destroy eu-west', 'confirm', 'eu-west', 'generic:destructive-verb', prod);
		t('acmevault kv metadata delete secret/prod/db', 'confirm', 'secret/prod/db', 'generic:destructive-verb', prod);
		t('borg delete /backup::2026-11-30', 'confirm', '/backup::2026-11-30', undefined, prod);
		t('rabbitmqctl purge_queue orders', 'confirm', 'orders', undefined, prod);
		t('stripe customers delete cus_Q1w2e3r4', 'confirm', 'cus_Q1w2e3r4', undefined, prod);
		t('sentry-cli releases delete 2024.06.01', 'confirm', '2024.06.01', undefined, prod);
		t('twilio api:core:messages:remove --sid SM123', 'confirm', 'SM123', undefined, prod);
		t('acmectl tenant delete user bob', 'confirm', 'bob', undefined, prod);
		t('make destroy ENV=prod', 'confirm', 'destroy', undefined, prod);
	});

	describe('a long flag or the tool\'s name carries the verb', () => {
		t('acme-topics --bootstrap-server k:9092 --delete --topic orders', 'confirm', 'orders', 'generic:destructive-verb', prod);
		t('acmelog --vacuum-time=1s', 'confirm', '1s', undefined, prod);
		t('mytool --delete=prod-db', 'confirm', 'prod-db', undefined, prod);
		t('gpg --delete-secret-keys 0xABCD1234', 'confirm', '0xABCD1234', undefined, prod);
		t('tilt down --delete-namespaces', 'confirm', 'delete-namespaces', undefined, prod);
		t('lxc-destroy -n web1', 'confirm', 'web1', undefined, prod);
		t('kafka-delete-records --bootstrap-server k:9092 --offset-json-file offsets.json', 'confirm', 'offsets.json', undefined, prod);
		// Go-style single-dash long flags.
		t('nomad job stop -purge billing-api', 'confirm', 'billing-api');
		t('consul kv delete -recurse config/app', 'confirm', 'config/app');
	});

	describe('a flag that skips the tool\'s own safety makes it high: asked everywhere', () => {
		for (const flag of ['--force', '-f', '--yes', '-y', '--all', '--recursive', '--no-backup', '--purge', '-fy', '-yf', '-Rf', '--force=true', '--assume-yes']) {
			t(`acmectl volume delete vol-123 ${flag}`, 'confirm', 'vol-123', 'generic:destructive-verb');
		}
		t('acmectl volume delete --force vol-123', 'confirm', 'vol-123');
		t('acmectl -y volume delete vol-123', 'confirm', 'vol-123');
		t('acmectl volume delete vol-123 --force=false', 'allow');
		it('is medium without one, high with one', () => {
			assert.equal(generic('acmectl volume delete vol-123', false)[0]?.severity, 'medium');
			assert.equal(generic('acmectl volume delete vol-123 --force', false)[0]?.severity, 'high');
		});
	});

	describe('other spellings of the same command', () => {
		t('/usr/local/bin/acmectl db drop orders', 'confirm', 'orders', 'generic:destructive-verb', prod);
		t('sudo acmectl db drop orders', 'confirm', 'orders', undefined, prod);
		t('ACME_ENV=prod acmectl db drop orders', 'confirm', 'orders', undefined, prod);
		t('env ACME_ENV=prod acmectl db drop orders', 'confirm', 'orders', undefined, prod);
		t(`acmectl 'db' "drop" orders`, 'confirm', 'orders', undefined, prod);
		t('acmectl DB DROP orders', 'confirm', 'orders', undefined, prod);
		t('A=drop; acmectl db $A orders', 'confirm', 'orders', undefined, prod);
		t('bash -c "acmectl db drop orders -f"', 'confirm', 'orders');
		t('ssh ops@db1 acmectl db drop orders --force', 'confirm', 'orders');
		t('acmectl --profile prod db wipe analytics', 'confirm', 'analytics', undefined, prod);
		t('acmectl db delete-all --force', 'confirm', 'delete-all');
		t('acmectl db drop --dry-run=false orders', 'confirm', 'orders', undefined, prod);
		t('acmectl.exe db drop orders', 'confirm', 'orders', undefined, prod);
	});

	describe('package managers: a removal is reinstalled in a minute; purging data is not', () => {
		t('npm uninstall lodash', 'allow', undefined, undefined, prod);
		t('pip uninstall -y requests', 'allow', undefined, undefined, prod);
		t('sudo apt-get remove nano', 'allow', undefined, undefined, prod);
		t('brew uninstall wget', 'allow', undefined, undefined, prod);
		t('pip cache purge', 'allow', undefined, undefined, prod);
		t('pnpm store prune', 'allow', undefined, undefined, prod);
		t('apt purge nginx', 'confirm', 'nginx', 'generic:destructive-verb', prod);
		t('sudo apt-get remove --purge postgresql-16', 'confirm', 'postgresql-16', undefined, prod);
		t('flatpak uninstall --delete-data org.gimp.GIMP', 'confirm', 'org.gimp.GIMP', undefined, prod);
		t('brew uninstall --zap --cask firefox', 'confirm', 'firefox', undefined, prod);
		t('apt purge --simulate nginx', 'allow', undefined, undefined, prod);
		t('mytool uninstall', 'allow', undefined, undefined, prod);
		t('mytool uninstall --purge', 'confirm', 'uninstall');
	});

	describe('read-only look-alikes stay allowed, in production too', () => {
		for (const line of [
			'acmectl tenant list', 'acmectl tenant get delete-policy', 'acmectl db drop --help', 'acmectl db drop -h', 'acmectl db drop orders --dry-run', 'acmectl help drop',
			'acmectl describe purge-schedule', 'acmectl plan destroy', 'acmectl status', 'tool prune --dryrun', 'tool nuke --what-if', 'grep -rn "acmectl db drop" docs/',
			'echo "acmectl db drop orders"', 'pytest -k delete', 'jest -t "deletes the user"', 'rg drop', 'cat delete.txt', 'man rm', 'docker run --rm alpine ls',
			'podman run --rm alpine ls', 'vagrant ssh -c "uptime"', 'op run -- npm start', 'code src/remove.ts', 'mkdir -p src/commands/delete', 'tool -k delete run', 'make test',
		]) {
			t(line, 'allow', undefined, undefined, prod);
		}
	});

	describe('yields to every tool a pack judges', () => {
		it('never runs for a command name any pack lists (new packs count without a change here)', () => {
			const names = [...indexRules(PACKS).keys()].filter((n) => n !== '*' && n !== UNJUDGED && /^[\w.-]+$/.test(n));
			assert.ok(names.length > 100);
			const offenders: string[] = [];
			for (const name of names) {
				const traced = explain(`${name} delete prod-db --force`, testContext()).considered;
				if (traced.some((r) => r.rule.startsWith('generic:') && r.invocation.startsWith(`${name} `))) {
					offenders.push(name);
				}
			}
			assert.deepEqual(offenders, []);
		});
		it('runs for a command name no pack lists', () => {
			assert.ok(explain('acmectl delete prod-db', testContext()).considered.some((r) => r.rule === 'generic:destructive-verb'));
		});
		// A pack's own verdict stands: git's, not the generic one.
		t('git branch -D feature/x', 'confirm', 'feature/x', 'git:branch-delete');
		t('terraform destroy -auto-approve', 'confirm', undefined, undefined);
		it('leaves the packs\' tools alone even when their pack has no rule for the subcommand', () => {
			assert.deepEqual(generic('kubectl delete-context staging'), []);
			assert.deepEqual(generic('docker context rm staging'), []);
		});
	});

	describe('false alarms on the benign corpus', () => {
		it('fires on at most 1% of the everyday lines, in production (where medium asks)', (ctx) => {
			const benign = loadCorpus().filter((k) => k.file === 'benign.jsonl');
			assert.ok(benign.length >= 3000, `benign corpus has ${benign.length} lines, want >= 3000`);
			const alarms = benign.filter((k) => generic(k.c.command).length > 0).map((k) => k.c.command);
			ctx.diagnostic(`generic rule fired on ${alarms.length} of ${benign.length} benign lines (${((100 * alarms.length) / benign.length).toFixed(2)}%): ${alarms.slice(0, 20).join(' | ')}`);
			assert.ok(alarms.length / benign.length <= 0.01, alarms.join('\n'));
		});
	});

	it('explains what it judged', () => {
		const v = expectVerdict('acmectl db drop orders --force', 'confirm', 'orders', 'generic:destructive-verb');
		assert.match(v.reason, /No rule pack knows acmectl/);
		assert.match(v.reason, /--force/);
	});
});

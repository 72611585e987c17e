import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectVerdict, useEngine, verdictCase } from '../../helpers';

useEngine();

describe('paas pack', () => {
	const t = verdictCase;
	const severity = (line: string, expected: string) =>
		it(`${JSON.stringify(line)} is ${expected}`, () => {
			assert.equal(expectVerdict(line, 'confirm').severity, expected);
		});

	describe('Railway', () => {
		t('railway volume delete --volume pgdata --yes', 'confirm', 'pgdata', 'paas:railway-delete');
		t('railway volume rm -v pgdata', 'confirm', 'pgdata');
		t('railway volume delete --volume=pgdata -y', 'confirm', 'pgdata');
		t('railway volume delete', 'confirm', 'volume');
		t('railway environment delete staging -y', 'confirm', 'staging');
		t('railway service delete --service api --yes', 'confirm', 'api');
		t('railway delete -p my-project -y', 'confirm', 'my-project');
		t('railway down -y', 'confirm', 'down');
		t('railway down --service web', 'confirm', 'web');
		severity('railway volume delete --volume pgdata --yes', 'critical');
		t('env RAILWAY_TOKEN=x railway volume delete --volume pgdata', 'confirm', 'pgdata');
		t('bash -c "railway environment delete pr-1 -y"', 'confirm', 'pr-1');
		t('railway volume list', 'allow');
		t('railway up', 'allow');
		t('railway volume delete --help', 'allow');
	});

	describe('Heroku', () => {
		t('heroku apps:destroy --app acme --confirm acme', 'confirm', 'acme', 'paas:heroku-destroy');
		t('heroku apps:destroy acme', 'confirm', 'acme');
		t('heroku pg:reset DATABASE_URL -a acme --confirm acme', 'confirm', 'acme', 'paas:heroku-database');
		t('heroku addons:destroy heroku-postgresql -a acme', 'confirm', 'heroku-postgresql');
		severity('heroku addons:destroy heroku-postgresql -a acme', 'critical');
		severity('heroku addons:destroy papertrail -a acme', 'high');
		t('heroku pg:backups:delete b101 -a acme', 'confirm', 'b101');
		t('heroku config:unset KEY -a acme', 'allow');
		t('heroku config:unset KEY -a acme', 'confirm', 'KEY', 'paas:heroku-config-unset', { production: true });
		t('heroku logs --tail -a acme', 'allow');
		t('heroku run rails db:migrate -a acme', 'allow');
	});

	describe('Fly, Vercel, Netlify, Supabase, Firebase, Cloudflare', () => {
		t('fly apps destroy acme -y', 'confirm', 'acme', 'paas:fly-destroy');
		t('fly volumes destroy vol_123 -y', 'confirm', 'vol_123');
		t('flyctl volumes delete --yes vol_456', 'confirm', 'vol_456');
		t('fly machine destroy 1234 --force -a acme', 'confirm', 'machine 1234');
		t('fly deploy', 'allow');
		t('vercel remove acme --yes', 'confirm', 'acme', 'paas:vercel-remove');
		t('vercel projects rm acme', 'confirm', 'acme');
		t('vercel env rm KEY production -y', 'confirm', 'KEY');
		t('vercel env rm KEY development -y', 'allow');
		t('vercel domains rm acme.dev', 'confirm', 'acme.dev');
		t('vercel --prod', 'allow');
		t('netlify sites:delete site-id --force', 'confirm', 'site-id', 'paas:netlify-delete');
		t('netlify env:unset KEY', 'allow');
		t('supabase projects delete abcdef', 'confirm', 'abcdef', 'paas:supabase-delete');
		t('supabase functions delete hello', 'confirm', 'hello');
		t('supabase db push', 'allow');
		t('firebase firestore:delete -r /users --project prod', 'confirm', '/users', 'paas:firebase-delete');
		t('firebase firestore:delete --all-collections --project prod', 'confirm', 'prod');
		t('firebase database:remove /sessions', 'confirm', '/sessions');
		t('firebase hosting:disable', 'confirm', 'hosting:disable');
		t('firebase functions:delete fn', 'confirm', 'fn');
		t('firebase deploy', 'allow');
		t('wrangler d1 delete prod-db', 'confirm', 'prod-db', 'paas:wrangler-delete');
		t('wrangler kv namespace delete --namespace-id abc', 'confirm', 'abc');
		t('wrangler r2 bucket delete uploads', 'confirm', 'uploads');
		t('wrangler delete acme-worker', 'confirm', 'acme-worker');
		t('npx wrangler d1 delete prod-db -y', 'confirm', 'prod-db');
		t('wrangler deploy', 'allow');
		t('wrangler d1 list', 'allow');
	});

	describe('GitHub, npm and others', () => {
		t('gh repo delete acme/widgets --yes', 'confirm', 'acme/widgets');
		t('gh release delete v1.0.0 -y', 'confirm', 'v1.0.0', 'paas:gh-delete');
		t('gh secret delete TOKEN', 'confirm', 'TOKEN', 'paas:gh-delete');
		t('gh variable delete REGION', 'allow');
		t('gh repo view acme/widgets', 'allow');
		t('npm unpublish pkg@1.0.0', 'confirm', 'pkg@1.0.0', 'paas:npm-unpublish');
		t('npm unpublish pkg --force', 'confirm', 'pkg');
		severity('npm unpublish pkg --force', 'critical');
		severity('npm unpublish pkg@1.0.0', 'high');
		t('npm unpublish pkg@1.0.0 --dry-run', 'allow');
		t('npm uninstall pkg', 'allow');
		t('gem yank acme -v 1.0.0', 'confirm', 'acme', 'paas:npm-unpublish');
		t('npx convex import --table messages --replace data.jsonl', 'confirm', 'messages', 'paas:convex-import-replace');
		t('npx convex import --table messages data.jsonl', 'allow');
		t('dokku apps:destroy acme --force', 'confirm', 'acme', 'paas:dokku-destroy');
		t('ssh dokku@host apps:destroy acme', 'confirm', 'acme', 'paas:dokku-destroy');
		t('dokku apps:list', 'allow');
		t('pscale database delete db --force', 'confirm', 'db', 'paas:database-platform-delete');
		t('pscale branch delete db dev', 'confirm', 'dev');
		t('neonctl projects delete proj-1', 'confirm', 'proj-1');
		t('turso db destroy db --yes', 'confirm', 'db');
		t('turso db list', 'allow');
		t('kamal remove -y', 'confirm', 'remove', 'paas:deploy-teardown');
		t('kamal accessory remove db', 'confirm', 'db');
		t('kamal deploy', 'allow');
	});

	describe('package runners', () => {
		t('npx vercel@latest remove acme --yes', 'confirm', 'acme', undefined);
		t('npx -y @railway/cli volume delete --volume pgdata', 'confirm', 'pgdata', undefined);
		t('bunx wrangler@3 d1 delete prod-db', 'confirm', 'prod-db', undefined);
		t('npx firebase-tools firestore:delete -r /users', 'confirm', '/users', 'paas:firebase-delete');
		t('npx vercel@latest deploy', 'allow');
		t('npx create-next-app@latest my-app', 'allow');
	});

	describe('mentions only', () => {
		t('echo "railway volume delete --volume pgdata"', 'allow');
		t('git commit -m "fly apps destroy old app"', 'allow');
	});
});

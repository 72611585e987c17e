import { describe } from 'node:test';
import { severityCase, useEngine, verdictCase } from '../../helpers';

useEngine();

const t = verdictCase;
const severity = severityCase;
const prod = { production: true };

describe('secrets pack', () => {
	describe('Vault', () => {
		t('vault kv metadata delete secret/app', 'confirm', 'secret/app', 'secrets:vault');
		severity('vault kv metadata delete secret/app', 'high');
		severity('vault kv metadata delete secret/prod/db', 'critical');
		t('vault kv destroy -versions=1,2 secret/app', 'confirm', 'secret/app');
		t('vault kv destroy -versions 1 secret/app', 'confirm', 'secret/app');
		t('vault kv destroy --versions=1 -mount=kv app', 'confirm', 'app');
		t('vault secrets disable secret/', 'confirm', 'secret/');
		severity('vault secrets disable secret/', 'critical');
		t('vault -namespace=ns1 auth disable github/', 'confirm', 'github/');
		t('bao delete secret/app', 'confirm', 'secret/app');
		t('vault kv delete secret/app', 'allow');
		t('vault kv delete secret/app', 'confirm', 'secret/app', 'secrets:vault', prod);
		t('vault kv delete secret/production/app', 'confirm', 'secret/production/app');
		t('vault kv delete -namespace=prod secret/app', 'confirm', 'secret/app');
		t('vault delete secret/data/app', 'allow');
		t('vault kv metadata delete -output-curl-string secret/app', 'allow');
		t('vault kv get secret/app', 'allow');
		t('vault secrets list', 'allow');
		t('vault lease revoke lease-id', 'allow');
		t('vault lease revoke -prefix aws/', 'confirm', 'aws/');
	});

	describe('1Password, Infisical, Bitwarden, pass, chamber', () => {
		t("op item delete 'DB password'", 'confirm', 'DB password', 'secrets:1password');
		t("op item delete --archive 'DB password'", 'allow');
		t('op vault delete Eng', 'confirm', 'Eng');
		severity('op vault delete Eng', 'critical');
		t('op item get x', 'allow');
		t('infisical secrets delete K --env=dev', 'allow');
		t('infisical secrets delete K --env=prod', 'confirm', 'K', 'secrets:infisical');
		t('bw delete item abc', 'allow');
		t('bw delete item abc --permanent', 'confirm', 'abc', 'secrets:bitwarden');
		t('pass rm web/github', 'confirm', 'web/github', 'secrets:password-store');
		t('pass show web/github', 'allow');
		t('chamber delete svc key', 'confirm', 'key', 'secrets:chamber');
	});
});

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { expectVerdict, useEngine, verdictCase } from '../../helpers';

useEngine();

describe('iac pack', () => {
	const t = verdictCase;

	describe('terraform destroy', () => {
		t('terraform destroy', 'confirm', 'destroy', 'iac:terraform-destroy');
		t('terraform destroy -auto-approve', 'confirm', 'destroy', 'iac:terraform-destroy');
		t('terraform destroy --auto-approve', 'confirm', 'destroy', 'iac:terraform-destroy');
		t('terraform destroy -target=aws_instance.web', 'confirm', 'aws_instance.web', 'iac:terraform-destroy');
		t('terraform destroy -target aws_db_instance.main -auto-approve', 'confirm', 'aws_db_instance.main');
		t('terraform destroy -target="module.vpc" -target=module.eks', 'confirm', 'module.vpc');
		t('terraform apply -destroy', 'confirm', 'destroy', 'iac:terraform-destroy');
		t('terraform apply -destroy -auto-approve -target=aws_s3_bucket.assets', 'confirm', 'aws_s3_bucket.assets');
		t('terraform apply destroy.tfplan', 'confirm', 'destroy.tfplan', 'iac:terraform-destroy');
		t('terraform -chdir=envs/prod destroy', 'confirm', 'destroy');
		t('tofu destroy', 'confirm', 'destroy', 'iac:terraform-destroy');
		t('tf destroy -auto-approve', 'confirm', 'destroy');
		t('terragrunt destroy', 'confirm', 'destroy');
		t('terragrunt run-all destroy --terragrunt-non-interactive', 'confirm', 'destroy');
		t('terragrunt run --all destroy', 'confirm', 'destroy');
		t('terragrunt destroy-all', 'confirm', 'destroy');
		t('terramate run -- terraform destroy -auto-approve', 'confirm', 'destroy');
		t('atmos terraform destroy vpc -s plat-ue2-dev', 'confirm', 'vpc');
		t('cd infra && terraform init && terraform destroy -auto-approve', 'confirm', 'destroy');
		t('sudo -E terraform destroy', 'confirm', 'destroy');
		t('aws-vault exec prod -- terraform destroy', 'confirm', 'destroy');
		it('a targeted destroy of a database is critical, of a server high', () => {
			assert.equal(expectVerdict('terraform destroy -target=aws_db_instance.main', 'confirm').severity, 'critical');
			assert.equal(expectVerdict('terraform destroy -target=aws_instance.web', 'confirm').severity, 'high');
		});
		it('names a production-looking var file in the reason', () => {
			const v = expectVerdict('terraform destroy -target=aws_instance.web -var-file=envs/prod.tfvars', 'confirm', 'aws_instance.web');
			assert.equal(v.severity, 'critical');
			assert.match(v.reason, /prod\.tfvars/);
		});
	});

	describe('state, workspaces, replacement', () => {
		t('terraform state rm aws_s3_bucket.logs', 'confirm', 'aws_s3_bucket.logs', 'iac:terraform-state-rm');
		t("terraform state rm 'module.db.aws_db_instance.this[0]'", 'confirm', 'module.db.aws_db_instance.this[0]');
		t('terraform state list | grep legacy | xargs -n1 terraform state rm', 'confirm', 'state', 'iac:terraform-state-rm');
		t('terraform state push -force backup.tfstate', 'confirm', 'backup.tfstate', 'iac:terraform-state-push');
		t('terraform workspace delete staging', 'confirm', 'staging', 'iac:terraform-workspace-delete');
		t('terraform workspace delete -force feature-x', 'confirm', 'feature-x', 'iac:terraform-workspace-delete');
		t('terraform apply -replace="aws_db_instance.main"', 'confirm', 'aws_db_instance.main', 'iac:terraform-replace');
		t('terraform apply -replace=aws_instance.web', 'allow');
		t('terraform apply -replace=aws_instance.web', 'confirm', 'aws_instance.web', 'iac:terraform-replace', { production: true });
		t('terraform taint aws_instance.web', 'allow');
		t('terraform force-unlock 1234-abcd', 'allow');
		t('terraform force-unlock -force 1234-abcd', 'confirm', '1234-abcd', 'iac:terraform-force-unlock', { production: true });
		t('terraform state push terraform.tfstate', 'confirm', 'terraform.tfstate', 'iac:terraform-state-push', { production: true });
	});

	describe('pulumi, CDK, SAM, Serverless, SST', () => {
		t('pulumi destroy', 'confirm', 'destroy', 'iac:pulumi-destroy');
		t('pulumi destroy -s prod --yes', 'confirm', 'prod', 'iac:pulumi-destroy');
		t('pulumi down --stack acme/api/dev -y', 'confirm', 'acme/api/dev', 'iac:pulumi-destroy');
		t('pulumi destroy --target urn:pulumi:dev::app::aws:s3/bucket:Bucket::logs', 'confirm', 'urn:pulumi:dev::app::aws:s3/bucket:Bucket::logs');
		t('pulumi stack rm dev', 'confirm', 'dev', 'iac:pulumi-stack-rm');
		t('pulumi stack rm --force -y', 'confirm', 'stack', 'iac:pulumi-stack-rm');
		t('pulumi state delete urn:pulumi:dev::app::aws:s3/bucket:Bucket::logs', 'confirm', 'urn:pulumi:dev::app::aws:s3/bucket:Bucket::logs', 'iac:pulumi-state-delete');
		t('pulumi up --replace urn:pulumi:dev::app::aws:rds/instance:Instance::db', 'confirm', 'urn:pulumi:dev::app::aws:rds/instance:Instance::db', 'iac:pulumi-replace');
		t('cdk destroy', 'confirm', 'destroy', 'iac:app-destroy');
		t('cdk destroy MyStack --force', 'confirm', 'MyStack', 'iac:app-destroy');
		t('npx cdk destroy --all', 'confirm', 'destroy', 'iac:app-destroy');
		t('npx aws-cdk destroy ApiStack-dev', 'confirm', 'ApiStack-dev', 'iac:app-destroy');
		t('cdktf destroy --auto-approve', 'confirm', 'destroy', 'iac:app-destroy');
		t('sam delete --stack-name my-app --no-prompts', 'confirm', 'my-app', 'iac:app-destroy');
		t('serverless remove --stage prod', 'confirm', 'prod', 'iac:app-destroy');
		t('sls remove -s dev -r eu-west-1', 'confirm', 'dev', 'iac:app-destroy');
		t('sls remove', 'confirm', 'remove', 'iac:app-destroy');
		t('npx sst remove --stage pr-42', 'confirm', 'pr-42', 'iac:app-destroy');
		t('yarn cdk destroy --all', 'confirm', 'destroy', 'iac:app-destroy');
		t('pnpm run sls remove --stage qa', 'confirm', 'qa', 'iac:app-destroy');
		t('yarn cdk deploy', 'allow');
		t('pnpm install', 'allow');
	});

	describe('hard negatives', () => {
		t('terraform plan', 'allow');
		t('terraform plan -destroy', 'allow');
		t('terraform plan -destroy -out=destroy.tfplan', 'allow');
		t('terraform apply', 'allow');
		t('terraform apply -auto-approve', 'allow');
		t('terraform apply tfplan', 'allow');
		t('terraform destroy -help', 'allow');
		t('terraform state list', 'allow');
		t('terraform state show aws_s3_bucket.logs', 'allow');
		t('terraform state mv aws_instance.a aws_instance.b', 'allow');
		t('terraform state rm -dry-run aws_s3_bucket.logs', 'allow');
		t('terraform workspace list', 'allow');
		t('terraform workspace select prod', 'allow');
		t('terraform init -upgrade', 'allow');
		t('terragrunt run-all plan -destroy', 'allow');
		t('pulumi preview --diff', 'allow');
		t('pulumi destroy --preview-only', 'allow');
		t('pulumi stack ls', 'allow');
		t('cdk diff', 'allow');
		t('cdk deploy --all', 'allow');
		t('sls deploy --stage dev', 'allow');
		t('ansible-playbook -i inventory/prod site.yml', 'allow');
		t('echo "terraform destroy"', 'allow');
		t('grep -r "terraform destroy" docs/', 'allow');
	});
});

describe('terraform: arguments from TF_CLI_ARGS and TF_CLI_ARGS_<command>', () => {
	// Each was allowed: terraform adds these words to the command line itself.
	verdictCase('TF_CLI_ARGS_apply="-destroy" terraform apply -auto-approve', 'confirm', 'destroy', 'iac:terraform-destroy');
	verdictCase('TF_CLI_ARGS="-destroy" tofu apply', 'confirm', 'destroy', 'iac:terraform-destroy');
	verdictCase('export TF_CLI_ARGS_apply=-destroy; terraform apply -auto-approve', 'confirm', 'destroy', 'iac:terraform-destroy');
	verdictCase('terraform apply -auto-approve', 'confirm', 'destroy', 'iac:terraform-destroy', { env: { TF_CLI_ARGS_apply: '-destroy' } });
	verdictCase("TF_CLI_ARGS_apply='-replace=aws_db_instance.main' terraform apply", 'confirm', 'aws_db_instance.main', 'iac:terraform-replace');
	// Look-alikes: another command's variable, harmless words.
	verdictCase('TF_CLI_ARGS_plan="-destroy" terraform apply', 'allow');
	verdictCase('TF_CLI_ARGS="-no-color" terraform apply', 'allow');
});

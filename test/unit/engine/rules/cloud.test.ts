import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectVerdict, useEngine, verdictCase } from '../../helpers';

useEngine();

describe('cloud pack', () => {
	const t = verdictCase;
	const severity = (line: string, expected: string) =>
		it(`${JSON.stringify(line)} is ${expected}`, () => {
			assert.equal(expectVerdict(line, 'confirm').severity, expected);
		});

	describe('AWS S3', () => {
		t('aws s3 rm s3://bucket/path --recursive', 'confirm', 's3://bucket/path', 'cloud:aws-s3');
		t('aws s3 rm --recursive "s3://my bucket/"', 'confirm', 's3://my bucket/');
		t('aws s3 rm s3://bucket/file.txt', 'confirm', 's3://bucket/file.txt');
		t('aws s3 rb s3://bucket --force', 'confirm', 's3://bucket', 'cloud:aws-s3');
		t('aws s3 sync ./dist s3://site --delete', 'confirm', 's3://site');
		t('aws s3api delete-bucket --bucket old', 'confirm', 'old', 'cloud:aws-delete');
		severity('aws s3 rm s3://bucket --recursive', 'critical');
		severity('aws s3 rb s3://bucket --force', 'critical');
		severity('aws s3 rb s3://bucket', 'high');
		t('aws s3 rm s3://bucket --recursive --dryrun', 'allow');
		t('aws s3 sync ./dist s3://site', 'allow');
		t('aws s3 sync s3://site ./local --delete', 'confirm', './local'); // local files not in the bucket are deleted, as with rsync --delete
		t('aws s3 ls s3://bucket', 'allow');
		t('aws s3 cp a.txt s3://bucket/a.txt', 'allow');
	});

	describe('AWS services', () => {
		t('aws ec2 terminate-instances --instance-ids i-123 i-456', 'confirm', 'i-123', 'cloud:aws-delete');
		t('aws ec2 terminate-instances --instance-ids=i-789', 'confirm', 'i-789');
		t('aws --region us-east-1 --profile prod ec2 terminate-instances --instance-ids i-1', 'confirm', 'i-1');
		t('aws rds delete-db-instance --db-instance-identifier prod-db --skip-final-snapshot', 'confirm', 'prod-db', 'cloud:aws-rds-delete');
		t('aws rds delete-db-instance --skip-final-snapshot --db-instance-identifier=prod-db', 'confirm', 'prod-db');
		severity('aws rds delete-db-instance --db-instance-identifier prod-db --skip-final-snapshot', 'critical');
		severity('aws rds delete-db-instance --db-instance-identifier prod-db --final-db-snapshot-identifier final', 'high');
		t('aws dynamodb delete-table --table-name Users', 'confirm', 'Users');
		severity('aws dynamodb delete-table --table-name Users', 'critical');
		t('aws cloudformation delete-stack --stack-name prod', 'confirm', 'prod');
		t('aws iam delete-role --role-name deployer', 'confirm', 'deployer');
		t('aws lambda delete-function --function-name fn', 'confirm', 'fn');
		t('aws ecr batch-delete-image --repository-name api --image-ids imageTag=v1', 'confirm', 'api');
		t('aws ec2 delete-volume --volume-id vol-1', 'confirm', 'vol-1');
		t('aws eks delete-cluster --name prod', 'confirm', 'prod');
		t('aws logs delete-log-group --log-group-name /aws/lambda/fn', 'confirm', '/aws/lambda/fn');
		t('aws secretsmanager delete-secret --secret-id db --force-delete-without-recovery', 'confirm', 'db');
		severity('aws secretsmanager delete-secret --secret-id db --force-delete-without-recovery', 'critical');
		t('aws kms schedule-key-deletion --key-id k-1', 'confirm', 'k-1');
		t('aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch file://cloud/route53-delete.json', 'confirm', 'old-api.example.com', 'cloud:aws-route53-delete');
		t('aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch file://cloud/route53-upsert.json', 'allow');
		t('aws ec2 revoke-security-group-ingress --group-id sg-1 --port 22', 'allow');
		t('aws ec2 revoke-security-group-ingress --group-id sg-1 --port 22', 'confirm', 'sg-1', 'cloud:aws-delete', { production: true });
		t('aws ec2 terminate-instances --instance-ids i-123 --dry-run', 'allow');
		t('aws ec2 describe-instances', 'allow');
		t('aws ec2 delete-tags --resources i-1 --tags Key=x', 'allow');
		t('aws sqs delete-message --queue-url q --receipt-handle r', 'allow');
		t('aws dynamodb delete-table help', 'allow');
		t('aws --endpoint-url http://localhost:4566 dynamodb delete-table --table-name t', 'allow');
		t('sudo -E aws ec2 terminate-instances --instance-ids i-9', 'confirm', 'i-9');
		t('bash -c "aws s3 rb s3://b --force"', 'confirm', 's3://b');
		t('aws-vault exec prod -- aws rds delete-db-cluster --db-cluster-identifier aurora', 'confirm', 'aurora');
		t('eb terminate prod-env --force', 'confirm', 'prod-env', 'cloud:aws-tools');
	});

	describe('Google Cloud', () => {
		t('gcloud projects delete my-project', 'confirm', 'my-project', 'cloud:gcloud-delete');
		t('gcloud sql instances delete prod-sql --quiet', 'confirm', 'prod-sql');
		t('gcloud --project acme compute instances delete --zone us-central1-a vm-1', 'confirm', 'vm-1');
		t('gcloud container clusters delete prod --region=us-central1', 'confirm', 'prod');
		t('gcloud sql databases delete mydb --instance=prod-sql', 'confirm', 'mydb');
		t('gcloud firestore databases delete --database=staging', 'confirm', 'staging');
		severity('gcloud projects delete my-project', 'critical');
		severity('gcloud run services delete api', 'high');
		severity('gcloud container node-pools delete pool-1 --cluster prod', 'high');
		severity('gcloud container clusters delete prod', 'critical');
		t('gsutil -m rm -r gs://bucket/data', 'confirm', 'gs://bucket/data', 'cloud:gcs-delete');
		t('gsutil rb gs://bucket', 'confirm', 'gs://bucket');
		t('gcloud storage rm -r gs://bucket', 'confirm', 'gs://bucket', 'cloud:gcs-delete');
		t('bq rm -r -f -d proj:dataset', 'confirm', 'proj:dataset', 'cloud:bq-rm');
		t('bq rm -f -t proj:dataset.table', 'confirm', 'proj:dataset.table', 'cloud:bq-rm');
		t('bq ls proj:dataset', 'allow');
		t('gcloud projects list', 'allow');
		t('gcloud config configurations delete old', 'allow');
		t('gcloud compute instances delete --help', 'allow');
		t('gsutil ls gs://bucket', 'allow');
		t('gsutil rsync -r ./site gs://bucket', 'allow');
	});

	describe('Azure and other providers', () => {
		t('az group delete -n rg-prod --yes', 'confirm', 'rg-prod', 'cloud:az-delete');
		t('az group delete --yes --name=rg-prod', 'confirm', 'rg-prod');
		t('az sql db delete -n mydb -s server -g rg', 'confirm', 'mydb');
		t('az storage blob delete-batch -s container --account-name acct', 'confirm', 'container');
		severity('az group delete -n rg-prod', 'critical');
		t('az storage blob delete-batch -s container --account-name acct --dryrun', 'allow');
		t('az group list', 'allow');
		t('doctl compute droplet delete web-1 --force', 'confirm', 'web-1', 'cloud:provider-delete');
		t('hcloud server delete web', 'confirm', 'web');
		t('linode-cli linodes delete 123', 'confirm', 'linode 123');
		t('doctl compute droplet list', 'allow');
	});

	describe('mentions only', () => {
		t('echo "aws s3 rb s3://bucket --force"', 'allow');
		t('grep -r "gcloud projects delete" docs/', 'allow');
	});
});

describe('aws: targets from --cli-input-json and from options that take several names', () => {
	// Each asked to type the operation's own name (`delete-db-instance`, `delete-parameters`).
	const files: Record<string, string> = { '/home/dev/project/del.json': '{\n  "DBInstanceIdentifier": "prod-db",\n  "SkipFinalSnapshot": true\n}\n' };
	verdictCase(`aws rds delete-db-instance --cli-input-json '{"DBInstanceIdentifier":"prod","SkipFinalSnapshot":true}'`, 'confirm', 'prod', 'cloud:aws-rds-delete');
	verdictCase('aws rds delete-db-instance --cli-input-json file://del.json', 'confirm', 'prod-db', 'cloud:aws-rds-delete', { readFile: (p: string) => files[p] });
	verdictCase('aws rds delete-db-instance --cli-input-json file:///tmp/nothere.json', 'confirm', '/tmp/nothere.json', 'cloud:aws-rds-delete');
	verdictCase(`aws dynamodb delete-table --cli-input-json '{"TableName":"users"}'`, 'confirm', 'users', 'cloud:aws-delete');
	verdictCase('aws ssm delete-parameters --names app-db-password app-api-key', 'confirm', 'app-db-password', 'cloud:aws-delete');
});

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kebab, sdkCommands } from '../../../src/engine/shell/sdk';
import type { ScriptLanguage } from '../../../src/engine/shell/scripts';

const argv = (language: ScriptLanguage, code: string) => sdkCommands(language, code).map((c) => c.argv.join(' '));

describe('cloud SDK calls as CLI commands', () => {
	it('names parameters the way the CLI does', () => {
		assert.equal(kebab('DBInstanceIdentifier'), 'db-instance-identifier');
		assert.equal(kebab('delete_db_instance'), 'delete-db-instance');
		assert.equal(kebab('DeleteBucket'), 'delete-bucket');
		assert.equal(kebab('SkipFinalSnapshot'), 'skip-final-snapshot');
	});

	it('reads boto3 clients, inline and through a variable', () => {
		assert.deepEqual(argv('python', "import boto3; boto3.client('s3').delete_bucket(Bucket='b')"), ['aws s3api delete-bucket --bucket b']);
		assert.deepEqual(argv('python', "rds = boto3.client('rds'); rds.delete_db_instance(DBInstanceIdentifier='db', SkipFinalSnapshot=True)"), ['aws rds delete-db-instance --db-instance-identifier db --skip-final-snapshot']);
		assert.deepEqual(argv('python', "boto3.client('ec2').terminate_instances(InstanceIds=['i-1', 'i-2'])"), ['aws ec2 terminate-instances --instance-ids i-1 i-2']);
		assert.deepEqual(argv('python', "s3 = boto3.client('s3'); s3.list_buckets(); s3.get_object(Bucket='b', Key='k')"), []);
	});

	it('reads boto3 resources', () => {
		assert.deepEqual(argv('python', "boto3.resource('s3').Bucket('b').objects.all().delete()"), ['aws s3 rm s3://b --recursive']);
		assert.deepEqual(argv('python', "b = boto3.resource('s3').Bucket('b'); b.delete()"), ['aws s3api delete-bucket --bucket b']);
		assert.deepEqual(argv('python', "boto3.resource('dynamodb').Table('t').delete()"), ['aws dynamodb delete-table --table-name t']);
	});

	it('reads the AWS SDK for JavaScript, Google Cloud, Azure and Algolia', () => {
		assert.deepEqual(argv('javascript', "require('@aws-sdk/client-s3'); c.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'k' }))"), ['aws s3api delete-object --bucket b --key k']);
		assert.deepEqual(argv('javascript', "new AWS.DynamoDB().deleteTable({TableName: 't'})"), ['aws dynamodb delete-table --table-name t']);
		assert.deepEqual(argv('javascript', "storage.bucket('b').delete()"), ['gsutil rb gs://b']);
		assert.deepEqual(argv('python', "storage.Client().bucket('b').delete(force=True)"), ['gsutil rm -r gs://b']);
		assert.deepEqual(argv('python', "bigquery.Client().delete_dataset('d', delete_contents=True)"), ['bq rm -r -f -d d']);
		assert.deepEqual(argv('python', "svc.delete_container('c')"), ['az storage container delete --name c']);
		assert.deepEqual(argv('javascript', "algoliasearch('a','k').initIndex('i').clearObjects()"), ['algolia indices clear i']);
	});

	it('leaves other deletes alone', () => {
		assert.deepEqual(argv('javascript', "const m = new Map(); m.delete('k')"), []);
		assert.deepEqual(argv('python', 'd = {}; d.pop("k"); xs.remove(1)'), []);
		assert.deepEqual(argv('ruby', "client.delete_bucket(bucket: 'b')"), []);
	});
});

/**
 * Cloud providers: deleting buckets, databases, clusters, stacks and instances through the AWS,
 * Google Cloud and Azure CLIs and the smaller providers' CLIs (doctl, hcloud, linode-cli, …).
 *
 * Targets are the resource named in the command: the identifying option's value
 * (`--db-instance-identifier prod-db`), the `s3://` or `gs://` URL as written, else the first
 * word after the delete verb. When nothing is named, the verb itself (`delete-stack`).
 */
import type { Invocation, Severity } from '../types';
import type { MatchResult, Rule, RuleContext, RulePack } from './rule';
import { after, cliOf, COMMON_FLAGS, inspectsOnly, numbered, pick, verbAt, type Cli } from './subcommands';

type Level = Exclude<Severity, 'none' | 'low'>;

// ---- AWS ---------------------------------------------------------------------------------------

const AWS_FLAGS = [
	'--debug', '--no-verify-ssl', '--no-paginate', '--no-sign-request', '--no-cli-pager', '--cli-auto-prompt', '--recursive', '--dryrun',
	'--dry-run', '--delete', '--only-show-errors', '--no-progress', '--exact-timestamps', '--size-only', '--follow-symlinks',
	'--skip-final-snapshot', '--delete-automated-backups', '--force-delete-without-recovery', '--bypass-governance-retention',
	'--force', '--force-delete', '--skip-final-cluster-snapshot', '--delete-data', '--generate-cli-skeleton', '--include-all-instances', '--terminate-instances',
];

/** Global options: one value each, even in AWS's multi-value mode. */
const AWS_GLOBAL = ['--profile', '--region', '--output', '--endpoint-url', '--query', '--color', '--ca-bundle', '--cli-read-timeout', '--cli-connect-timeout', '--cli-binary-format'];

/**
 * The AWS CLI reads its options with argparse, which takes any unambiguous prefix of a long option
 * (`aws s3 rm s3://b/ --rec` is `--recursive`, tried with aws-cli 1.45). Its first parser reads the global
 * options — so `--d` is `--debug` even after `s3 sync` — and the command's own parser the rest.
 */
const AWS_GLOBAL_ALL = ['--debug', '--endpoint-url', '--no-verify-ssl', '--no-paginate', '--output', '--query', '--profile', '--region', '--version', '--color', '--no-sign-request', '--ca-bundle', '--cli-read-timeout', '--cli-connect-timeout', '--cli-binary-format', '--no-cli-pager', '--cli-auto-prompt', '--no-cli-auto-prompt'];
/** The s3 commands' value options that are also prefixes of flags above (`--include` of `--include-all-instances`). */
const AWS_VALUE = [...AWS_GLOBAL, '--include', '--exclude'];
const AWS_INSPECTS = new Set(['--dryrun', '--dry-run', '--generate-cli-skeleton']);

/**
 * The options a `--name` the AWS CLI reads as a prefix stands for. Several of the command's own: every one
 * (the command refuses an ambiguous prefix), but never a dry run beside one that deletes — the command's
 * real options may hold only the latter.
 */
function awsLongNames(name: string): readonly string[] {
	// A name written in full is itself (`--force` is not a prefix of `--force-delete` here).
	if (name.length < 3 || AWS_GLOBAL_ALL.includes(name) || AWS_FLAGS.includes(name) || COMMON_FLAGS.includes(name) || AWS_VALUE.includes(name)) {
		return [name];
	}
	const global = AWS_GLOBAL_ALL.filter((o) => o.startsWith(name));
	if (global.length > 0) {
		return global.length === 1 ? global : [name];
	}
	const own = AWS_FLAGS.filter((o) => o.startsWith(name));
	const acting = own.filter((o) => !AWS_INSPECTS.has(o));
	return own.length === 0 ? [name] : acting.length > 0 ? acting : own;
}

function aws(cli: Cli): { service: string; op: string; rest: string[] } | undefined {
	const [service, op] = cli.path;
	return service && op ? { service, op, rest: cli.positionals.slice(2).map((w) => w.text) } : undefined;
}

/** LocalStack and other local endpoints: nothing real is lost. */
function local(cli: Cli): boolean {
	return /^https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|localstack)(?::|\/|$)/.test(cli.value('--endpoint-url') ?? '');
}

/** Options that name a container (the bucket, cluster, zone) rank after the thing inside it. */
const AWS_CONTAINER = /^--(?:bucket|cluster|cluster-name|hosted-zone-id|rest-api-id|api-id|user-pool-id|log-group-name|table-name|file-system-id|vault-name|backup-vault-name|application-name|repository-name|topic-arn|queue-url|stack-set-name|service-namespace|region|profile|output|query|endpoint-url)$/;
const AWS_ID = /^--(?:[\w-]*-(?:identifier|identifiers|ids?|arns?|name|names|url|key)|names?|ids?|keys?|arns?|bucket|cluster|service|domain-name|queue-url|secret-id|key-id|repository-name|function-name|stack-name|table-name)$/;

/**
 * `--cli-input-json '{"DBInstanceIdentifier": "prod", …}'` (or `file://x.json`, `--cli-input-yaml`): the
 * parameters come in one document. Its first name-like value (`…Identifier`, `…Id`, `…Name`, `…Arn`,
 * `Bucket`), else the file it is read from, is what a person can type; undefined when there is none.
 */
function cliInputTarget(cli: Cli, rc: RuleContext | undefined, inv: Invocation): string | undefined {
	const input = cli.value('--cli-input-json', '--cli-input-yaml');
	if (input === undefined) {
		return undefined;
	}
	const file = /^file(?:b)?:\/\/(.+)$/.exec(input)?.[1];
	const absolute = file === undefined ? undefined : rc?.resolve(file, inv);
	const text = file === undefined ? input : absolute === undefined ? undefined : rc?.readFile(absolute);
	const found = text === undefined ? undefined : /"?([A-Za-z]*(?:Identifier|Id|Name|Arn|Bucket|Url))"?\s*:\s*"([^"\n]+)"/.exec(text)?.[2];
	return found ?? file ?? undefined;
}

function awsTargets(cli: Cli, op: string): string[] {
	const specific: string[] = [];
	const containers: string[] = [];
	const shaped: string[] = [];
	for (const name of new Set(cli.order)) {
		// `--account-id` names the caller's account, except when the account itself is the subject.
		if (!AWS_ID.test(name) || (name === '--account-id' && !op.includes('account')) || name === '--owner-id') {
			continue;
		}
		for (const v of cli.values(name)) {
			if (v === '-') {
				continue;
			}
			// `--account-id 111122223333` → `account 111122223333`: a bare number says what it numbers.
			const named = numbered(v, name.replace(/^--/, '').replace(/-(?:identifiers?|ids?|arns?|names?|keys?|urls?)$/, ''));
			(/^[{[]|=|^file:\/\//.test(v) ? shaped : AWS_CONTAINER.test(name) ? containers : specific).push(named);
		}
	}
	const positional = cli.positionals.slice(2).map((w) => w.text);
	return pick(op, specific, containers, positional, shaped);
}

const AWS_CRITICAL = /^(?:delete-(?:table|stack|cluster|db-cluster|file-system|hosted-zone|backup-vault|global-cluster|replication-group|domain|elasticsearch-domain|user-pool|keyspace|database|vault|environment|organization|graph|workspace|ledger|collection|registry|bucket-replication-not)|terminate-environment|terminate-job-flows|close-account)$/;
const AWS_MEDIUM = /^(?:delete-(?:[\w-]*-)?(?:tags?|tagging|alarms?|policy|policies|cors|website|alias|aliases|change-set|metric-filter|subscription-filter|retention-policy|dashboards?|lifecycle|lifecycle-policy|lifecycle-configuration|notification-configuration|event-source-mapping|scheduled-action|launch-template-versions|key-pair|security-group|security-group-rule|network-interface|route|network-acl-entry|item|invalidation|permission|webhook|notification|subscription|access-key|login-profile|config-rule|rule|schedule|alarm)|remove-[\w-]+|revoke-[\w-]+|reset-[\w-]+|deregister-(?!image)[\w-]+|terminate-instance-in-auto-scaling-group|batch-delete-item|terminate-job|cancel-[\w-]+)$/;
/** Routine consumer and session calls: nothing worth a prompt. */
const AWS_ROUTINE = /^(?:delete-message|delete-message-batch|delete-object-tagging|delete-session|terminate-session|delete-tags|remove-tags(?:-from-[\w-]+)?|cancel-[\w-]+)$/;
const AWS_DESTRUCTIVE = /^(?:(?:batch-)?delete-[\w-]+|terminate-[\w-]+|purge-[\w-]+|remove-[\w-]+|revoke-[\w-]+|reset-[\w-]+|deregister-[\w-]+|schedule-key-deletion|close-account|empty-bucket)$/;

function awsSeverity(service: string, op: string, cli: Cli): Level {
	if (op === 'delete-repository' && cli.has('--force')) {
		return 'critical';
	}
	if (op === 'delete-secret') {
		return cli.has('--force-delete-without-recovery') || /^0$/.test(cli.value('--recovery-window-in-days') ?? '') ? 'critical' : 'high';
	}
	if (op === 'delete-bucket' && service === 's3api') {
		return 'high';
	}
	if (AWS_CRITICAL.test(op)) {
		return 'critical';
	}
	// Identity is never routine: a deleted role, policy or key breaks whatever used it.
	if ((service === 'iam' || service === 'kms') && /^delete-/.test(op)) {
		return 'high';
	}
	return AWS_MEDIUM.test(op) ? 'medium' : 'high';
}

const awsRules: Rule[] = [
	{
		id: 'cloud:aws-s3',
		severity: 'high',
		commands: ['aws'],
		reason: 'Deletes objects or a bucket in Amazon S3.',
		alternative: 'Run it with --dryrun first, and check the bucket has versioning or a backup.',
		match(inv) {
			const cli = cliOf(inv, { flags: AWS_FLAGS, withValue: AWS_VALUE, longNames: awsLongNames });
			const cmd = aws(cli);
			if (!cmd || cmd.service !== 's3' || inspectsOnly(cli)) {
				return undefined;
			}
			const paths = cmd.rest;
			const recursive = cli.has('--recursive');
			const cheap = local(cli) ? 'medium' : undefined;
			if (cmd.op === 'rm' && paths.length > 0) {
				const wild = paths.some((p) => /^s3:\/\/[^/]+\/?$/.test(p));
				return { targets: paths, severity: cheap ?? (recursive ? 'critical' : 'high'), reason: recursive ? `Deletes every object under ${paths[0]}${wild ? ' — the whole bucket' : ''}.` : `Deletes ${paths[0]} from S3.` };
			}
			if (cmd.op === 'rb' && paths.length > 0) {
				return { targets: paths, severity: cheap ?? (cli.has('--force') ? 'critical' : 'high'), reason: cli.has('--force') ? `Deletes the bucket ${paths[0]} and every object in it.` : `Deletes the bucket ${paths[0]}.` };
			}
			if (cmd.op === 'sync' && cli.has('--delete') && paths.length >= 2) {
				const dest = paths[paths.length - 1];
				// A local destination loses its files as rsync --delete's does (files:rsync-delete asks too).
				return { targets: [dest], severity: cheap ?? 'high', reason: `Deletes every file in ${dest} that is not in ${paths[0]} — an empty or wrong source empties it.` };
			}
			return undefined;
		},
	},
	{
		id: 'cloud:aws-rds-delete',
		severity: 'high',
		commands: ['aws'],
		reason: 'Deletes an RDS database instance or cluster.',
		alternative: 'Keep a final snapshot (--final-db-snapshot-identifier NAME) and turn on deletion protection for production.',
		match(inv, rc) {
			const cli = cliOf(inv, { flags: AWS_FLAGS, withValue: AWS_VALUE, longNames: awsLongNames, multi: true });
			const cmd = aws(cli);
			if (!cmd || !['rds', 'docdb', 'neptune'].includes(cmd.service) || !/^delete-db-(?:instance|cluster)$/.test(cmd.op) || inspectsOnly(cli)) {
				return undefined;
			}
			const target = cli.value('--db-instance-identifier', '--db-cluster-identifier') ?? cliInputTarget(cli, rc, inv) ?? cmd.op;
			const noSnapshot = cli.has('--skip-final-snapshot', '--delete-automated-backups');
			return {
				targets: [target],
				severity: local(cli) ? 'medium' : noSnapshot || cmd.op === 'delete-db-cluster' ? 'critical' : 'high',
				reason: noSnapshot ? `Deletes the database ${target} without a final snapshot: its data is gone for good.` : `Deletes the database ${target}.`,
			};
		},
	},
	{
		id: 'cloud:aws-route53-delete',
		severity: 'high',
		commands: ['aws'],
		reason: 'Deletes DNS records in Route 53.',
		alternative: 'Export the zone first (aws route53 list-resource-record-sets) so it can be restored.',
		match(inv, rc) {
			const cli = cliOf(inv, { flags: AWS_FLAGS, withValue: AWS_VALUE, longNames: awsLongNames });
			const cmd = aws(cli);
			if (!cmd || cmd.service !== 'route53' || cmd.op !== 'change-resource-record-sets' || inspectsOnly(cli)) {
				return undefined;
			}
			let batch = cli.value('--change-batch') ?? '';
			if (batch.startsWith('file://')) {
				const abs = rc.resolve(batch.slice(7), inv);
				batch = (abs && rc.readFile(abs)) ?? '';
			}
			if (!/"Action"\s*:\s*"DELETE"|Action=DELETE/i.test(batch)) {
				return undefined;
			}
			const name = /"Name"\s*:\s*"([^"]+)"|Name=([^,}\s]+)/.exec(batch);
			const targets = pick(cli.value('--hosted-zone-id') ?? 'DELETE', name?.[1] ?? name?.[2], cli.value('--hosted-zone-id'));
			return { targets, reason: `Deletes the DNS record ${targets[0]} from Route 53: whatever it points users at stops resolving.` };
		},
	},
	{
		id: 'cloud:aws-delete',
		severity: 'high',
		commands: ['aws'],
		reason: 'Deletes or terminates an AWS resource.',
		alternative: 'Describe the resource first (aws <service> describe-…) and take a snapshot or backup where the service has one.',
		match(inv, rc): MatchResult {
			const cli = cliOf(inv, { flags: AWS_FLAGS, withValue: AWS_VALUE, longNames: awsLongNames, multi: true });
			const cmd = aws(cli);
			if (!cmd || cmd.service === 's3' || /^delete-db-(?:instance|cluster)$/.test(cmd.op) && ['rds', 'docdb', 'neptune'].includes(cmd.service)) {
				return undefined;
			}
			if (!AWS_DESTRUCTIVE.test(cmd.op) || AWS_ROUTINE.test(cmd.op) || inspectsOnly(cli) || cmd.service === 'configure') {
				return undefined;
			}
			const severity = local(cli) ? 'medium' : awsSeverity(cmd.service, cmd.op, cli);
			const named = awsTargets(cli, cmd.op);
			const fromInput = named.length === 1 && named[0] === cmd.op ? cliInputTarget(cli, rc, inv) : undefined;
			const targets = fromInput !== undefined ? [fromInput] : named;
			const verb = /^terminate/.test(cmd.op) ? 'Terminates' : /^purge/.test(cmd.op) ? 'Empties' : 'Deletes';
			return { targets, severity, reason: `${verb} ${targets.join(', ')} (aws ${cmd.service} ${cmd.op})${severity === 'critical' ? ', with everything in it' : ''}.` };
		},
	},
	{
		id: 'cloud:aws-tools',
		severity: 'high',
		// sam belongs to the iac pack, eksctl to the kubernetes pack.
		commands: ['eb', 'copilot', 'amplify'],
		reason: 'Tears down an AWS application, environment or cluster.',
		alternative: 'List what it will remove first and make sure the data stores are backed up.',
		match(inv) {
			const cli = cliOf(inv, { withValue: ['-n', '--name', '-a', '--app', '-e', '--env', '-r', '--region', '--profile', '-c', '--cluster'] });
			if (inspectsOnly(cli)) {
				return undefined;
			}
			const [first, second] = cli.path;
			const critical = (yes: boolean): Level => (yes ? 'critical' : 'high');
			const what = inv.name === 'eb' ? 'the Elastic Beanstalk environment' : inv.name === 'amplify' ? 'the Amplify app and its backend (auth, storage, APIs)' : `the Copilot ${first}`;
			switch (inv.name) {
				case 'eb':
					return first === 'terminate' ? { targets: pick('terminate', after(cli, 0)), severity: 'critical', reason: `Terminates ${what} ${after(cli, 0)[0] ?? 'linked to this directory'}: its instances, load balancer and any database it created.` } : undefined;
				case 'amplify':
					return first === 'delete' ? { targets: ['delete'], severity: 'critical', reason: `Deletes ${what} in this directory, in the cloud and locally.` } : undefined;
				default:
					// copilot app|env|svc|job delete [--name X]
					return second === 'delete' ? { targets: pick(first, cli.value('-n', '--name', '-e', '--env', '-a', '--app')), severity: critical(first === 'app' || first === 'env'), reason: `Deletes ${what} and the resources it deployed.` } : undefined;
			}
		},
	},
];

// ---- Google Cloud ------------------------------------------------------------------------------

const GCLOUD_FLAGS = ['-q', '--async', '-r', '-R', '--all-versions', '-a', '--continue-on-error', '--log-http', '--user-output-enabled', '--keep-backups'];
/** Groups whose deletion takes data or everything with it (`projects`, `sql instances`, `container clusters`, …). */
const GCLOUD_CRITICAL = /^(?:projects|sql (?:instances|databases)|container clusters|spanner (?:instances|databases)|bigtable (?:instances|tables)|redis (?:instances|clusters)|filestore instances|alloydb clusters|firestore databases|datastore|memcache|bigquery|dataproc clusters|composer environments|storage buckets|kms keys versions|dns managed-zones|deployment-manager deployments|looker instances|netapp volumes)\b/;

const gcloudRules: Rule[] = [
	{
		id: 'cloud:gcloud-delete',
		severity: 'high',
		commands: ['gcloud'],
		reason: 'Deletes a Google Cloud resource.',
		alternative: 'Describe it first (gcloud … describe NAME) and take a backup or snapshot where the service has one.',
		match(inv) {
			const cli = cliOf(inv, { flags: GCLOUD_FLAGS });
			const verb = verbAt(cli, /^(?:delete|destroy|rm|bulk-delete)$/);
			if (verb < 1 || inspectsOnly(cli) || ['config', 'auth', 'components', 'emulators', 'topic'].includes(cli.path[0])) {
				return undefined;
			}
			const groups = cli.path.slice(0, verb).filter((g) => !/^(?:alpha|beta|preview)$/.test(g));
			if (groups[0] === 'storage' && cli.path[verb] === 'rm') {
				return undefined; // cloud:gcs-delete
			}
			const what = groups.join(' ');
			const name = after(cli, verb);
			const resource = cli.value('--database', '--instance', '--cluster', '--bucket', '--name');
			const disks = /^all$/.test(cli.value('--delete-disks') ?? '');
			const critical = GCLOUD_CRITICAL.test(what) || disks || cli.path[verb] === 'destroy';
			const targets = pick(cli.path[verb], name.map((n) => numbered(n, groups[groups.length - 1])), resource);
			return { targets, severity: critical ? 'critical' : 'high', reason: `Deletes ${targets.join(', ')} (gcloud ${what} ${cli.path[verb]})${disks ? ' and all its disks' : ''}.` };
		},
	},
	{
		id: 'cloud:gcs-delete',
		severity: 'high',
		commands: ['gsutil', 'gcloud'],
		reason: 'Deletes objects or buckets in Google Cloud Storage.',
		alternative: 'List them first (gsutil ls -r …) and check the bucket has versioning or a backup.',
		match(inv) {
			const cli = cliOf(inv, { flags: ['-m', '-r', '-R', '-a', '-f', '-I', '-e', '-c', '-C', '-n', '-q', '-d', '--recursive', '--all-versions', '--continue-on-error'], withValue: ['-o', '-h', '-u', '-D', '-x'] });
			let sub = 0;
			if (inv.name === 'gcloud') {
				sub = verbAt(cli, /^(?:rm|rsync)$/);
				if (sub < 1 || cli.path[sub - 1] !== 'storage') {
					return undefined;
				}
			}
			if (inspectsOnly(cli) || cli.has('-n', '--dry-run')) {
				return undefined;
			}
			const command = cli.path[sub];
			const urls = after(cli, sub);
			const recursive = cli.has('-r', '-R', '--recursive') || urls.some((u) => /\*\*|\/\*$|^gs:\/\/[^/]+\/?$/.test(u));
			if (command === 'rm' && urls.length > 0) {
				return { targets: urls, severity: recursive ? 'critical' : 'high', reason: recursive ? `Deletes every object under ${urls[0]}.` : `Deletes ${urls.join(', ')} from Cloud Storage.` };
			}
			if (command === 'rb' && urls.length > 0) {
				return { targets: urls, severity: cli.has('-f') ? 'critical' : 'high', reason: `Deletes the bucket ${urls.join(', ')}.` };
			}
			if (command === 'rsync' && cli.has('-d', '--delete-unmatched-destination-objects') && urls.length >= 2) {
				const dest = urls[urls.length - 1];
				return { targets: [dest], severity: dest.startsWith('gs://') ? 'high' : 'medium', reason: `Deletes every object in ${dest} that is not in ${urls[0]}.` };
			}
			return undefined;
		},
	},
	{
		id: 'cloud:bq-rm',
		severity: 'high',
		commands: ['bq'],
		reason: 'Deletes a BigQuery table, view, model or dataset.',
		alternative: 'Copy it first (bq cp) or check time-travel retention covers you.',
		match(inv) {
			const cli = cliOf(inv, { flags: ['-f', '--force', '-r', '--recursive', '-d', '--dataset', '-t', '--table', '-m', '--model', '--routine', '-a'], withValue: ['--project_id', '--location', '--format'] });
			const sub = verbAt(cli, /^rm$/);
			if (sub < 0 || inspectsOnly(cli)) {
				return undefined;
			}
			const names = after(cli, sub);
			const dataset = cli.has('-d', '--dataset', '-r', '--recursive');
			return { targets: pick('rm', names), severity: dataset ? 'critical' : 'high', reason: `Deletes the BigQuery ${dataset ? 'dataset' : 'table'} ${names.join(', ')}${cli.has('-r', '--recursive') ? ' and every table in it' : ''}.` };
		},
	},
];

// ---- Azure -------------------------------------------------------------------------------------

const AZ_FLAGS = ['-y', '--yes', '--no-wait', '--dryrun', '--only-show-errors', '--force-deletion', '--delete-snapshots-all', '--no-prompt'];
const AZ_VALUE = ['-n', '-g', '-s', '-c', '-o', '-l', '-d', '-f'];
const AZ_CRITICAL = /^(?:group|aks|cosmosdb|sql|postgres|mysql|mariadb|redis|storage account|storage container|keyvault purge|synapse|kusto|databricks|cognitiveservices account|search service|servicebus namespace|eventhubs namespace|backup vault|recoveryservices|storage share|storage fs)/;

const azRules: Rule[] = [
	{
		id: 'cloud:az-delete',
		severity: 'high',
		commands: ['az'],
		reason: 'Deletes an Azure resource.',
		alternative: 'Show it first (az … show) and check soft-delete or a backup covers it.',
		match(inv) {
			const cli = cliOf(inv, { flags: AZ_FLAGS, withValue: AZ_VALUE });
			const verb = verbAt(cli, /^(?:delete|delete-batch|purge)$/);
			if (verb < 1 || inspectsOnly(cli) || ['config', 'cache', 'extension', 'account', 'login', 'logout'].includes(cli.path[0])) {
				return undefined;
			}
			const what = cli.path.slice(0, verb).join(' ');
			const command = cli.path[verb];
			const batch = command === 'delete-batch';
			const targets = pick(command, cli.value('-n', '--name'), cli.values('--ids', '--id'), batch ? cli.value('-s', '--source') : undefined, cli.value('-c', '--container-name', '--share-name'), after(cli, verb), what === 'group' ? cli.value('-g', '--resource-group') : undefined, cli.value('--assignee', '--upn', '--object-id', '--display-name'));
			const critical = what === 'group' || AZ_CRITICAL.test(`${what} ${command}`) && !/\b(?:firewall-rule|tag|lock|ad|role|user|blob)\b/.test(what) || command === 'purge' || batch && !cli.has('--pattern');
			return { targets, severity: critical ? 'critical' : 'high', reason: `Deletes ${batch ? 'the blobs in ' : ''}${targets.join(', ')} (az ${what} ${command})${what === 'group' ? ' and every resource in it' : ''}.` };
		},
	},
];

// ---- Other providers ---------------------------------------------------------------------------

const PROVIDER_CRITICAL = /\b(?:database|databases|db|rdb|autonomous-database|cluster|clusters|kubernetes|k8s|volume|volumes|bucket|buckets|project|projects|block-storage|storage|mysql|postgres|postgresql|redis|mongodb|snapshot|backup|backups|object-storage|filesystem|file-system)\b/;

const providerRules: Rule[] = [
	{
		id: 'cloud:provider-delete',
		severity: 'high',
		commands: ['doctl', 'hcloud', 'linode-cli', 'linode', 'oci', 'vultr-cli', 'vultr', 'scw', 'civo', 'openstack', 'exo', 'upctl', 'ibmcloud', 'ionosctl', 'stackit'],
		reason: 'Deletes a cloud server, volume, database or cluster.',
		alternative: 'Take a snapshot or backup first, and check the id with the matching get/list command.',
		match(inv) {
			const cli = cliOf(inv, { flags: ['-f', '--force', '-y', '--wait', '--dangerous', '--recursive', '--purge'], withValue: ['-o', '--output', '-t', '--access-token', '-c', '--context', '--config', '-p', '--profile', '--region', '--compartment-id'] });
			const verb = verbAt(cli, /^(?:delete|destroy|rm|remove|terminate|[\w-]+-delete|d)$/);
			if (verb < 1 || inspectsOnly(cli) || cli.path[verb] === 'd' && inv.name !== 'doctl' || ['auth', 'config', 'context', 'plugin', 'completion'].includes(cli.path[0])) {
				return undefined;
			}
			const what = cli.path.slice(0, verb).join(' ');
			const ids = cli.order.filter((o) => /(?:^--|-)(?:id|ids|name)$/.test(o)).flatMap((o) => cli.values(o));
			const targets = pick(cli.path[verb], after(cli, verb), ids).map((t) => numbered(t, cli.path[verb - 1]));
			return { targets, severity: PROVIDER_CRITICAL.test(what) ? 'critical' : 'high', reason: `Deletes ${targets.join(', ')} (${inv.name} ${what} ${cli.path[verb]}).` };
		},
	},
];

export const cloudPack: RulePack = {
	name: 'cloud',
	description: 'Cloud providers: deleting buckets, databases, clusters, stacks and instances (AWS, Google Cloud, Azure, DigitalOcean, Hetzner, …).',
	rules: [...awsRules, ...gcloudRules, ...azRules, ...providerRules],
};

/**
 * Message brokers and data services: deleting topics, streams, queues and the messages in them with
 * Kafka's tools (and Redpanda's rpk), NATS, RabbitMQ, Pulsar, and search indexes with Algolia's CLI.
 * Elasticsearch/OpenSearch deletes over HTTP belong to the http pack, `clickhouse-client` SQL to the
 * sql pack, `influx` to nosql.
 *
 * A topic, stream or queue holds messages nobody else has: deleting or purging one asks everywhere.
 * Consumer positions, ACLs and configuration changes are medium. Targets: the topic, stream, queue
 * or group as written (`--topic orders`, `name=jobs`).
 */
import { tableRule, type Candidates, type Tool } from './cli-table';
import type { RulePack } from './rule';
import type { Cli } from './subcommands';

// ---- Kafka -------------------------------------------------------------------------------------

const KAFKA_FLAGS = ['--delete', '--list', '--describe', '--create', '--alter', '--if-exists', '--if-not-exists', '--help', '--version', '--execute', '--dry-run',
	'--all-groups', '--all-topics', '--to-earliest', '--to-latest', '--to-current', '--export', '--delete-offsets', '--reset-offsets', '--remove', '--add', '--force',
	'--members', '--offsets', '--state', '--verbose', '--exclude-internal', '--under-replicated-partitions', '--unavailable-partitions', '--allow-principal-all'];
const KAFKA_SPEC = { flags: KAFKA_FLAGS, withValue: ['--bootstrap-server', '--zookeeper', '--topic', '--group', '--command-config', '--entity-type', '--entity-name', '--entity-default',
	'--add-config', '--delete-config', '--offset-json-file', '--partitions', '--replication-factor', '--config', '--to-offset', '--shift-by', '--to-datetime', '--by-duration',
	'--from-file', '--allow-principal', '--deny-principal', '--operation', '--cluster', '--transactional-id', '--resource-pattern-type', '--timeout'] };

/** A topic name that is a pattern (`orders.*`, `.*`) may match many topics. */
const TOPIC_PATTERN = /[*+?[\]|^$]/;

const kafkaName = (cli: Cli, ...options: string[]): Candidates => [cli.values(...options)];

const kafkaTopics: Tool = {
	id: 'messaging:kafka-topics', commands: ['kafka-topics', 'kafka-topics.sh', 'kafka-topics.bat'], severity: 'high',
	reason: 'Deletes Kafka topics with every message in them.',
	alternative: 'Check the topic first (kafka-topics --describe --topic NAME) and that no consumer still needs its messages.',
	spec: KAFKA_SPEC,
	hints: ['--bootstrap-server', '--command-config'],
	ops: [
		{ path: '', severity: (c) => (!c.has('--delete') ? undefined : TOPIC_PATTERN.test(c.value('--topic') ?? '') ? 'critical' : 'high'), what: 'the topic', note: ' with every message in it',
			linked: 'the topics', targets: (c) => [...kafkaName(c, '--topic'), 'topic'] },
	],
};

const kafkaDeleteRecords: Tool = {
	id: 'messaging:kafka-delete-records', commands: ['kafka-delete-records', 'kafka-delete-records.sh', 'kafka-delete-records.bat'], severity: 'high',
	reason: 'Deletes Kafka records up to the offsets given in a file.',
	alternative: 'Check the offsets file and consume what you still need first.',
	spec: KAFKA_SPEC,
	hints: ['--bootstrap-server'],
	ops: [
		{ path: '', severity: (c) => (c.has('--offset-json-file') ? 'high' : undefined), what: 'the records listed in', targets: (c) => [c.value('--offset-json-file')] },
	],
};

const kafkaGroups: Tool = {
	id: 'messaging:kafka-consumer-groups', commands: ['kafka-consumer-groups', 'kafka-consumer-groups.sh', 'kafka-consumer-groups.bat'], severity: 'high',
	reason: 'Deletes a Kafka consumer group or moves its offsets: its consumers re-read or skip messages.',
	alternative: 'Export the offsets first (--reset-offsets … --dry-run --export > offsets.csv) so they can be restored.',
	spec: KAFKA_SPEC,
	hints: ['--bootstrap-server'],
	ops: [
		{ path: '', what: 'the consumer group', linked: 'every consumer group',
			severity: (c) => (c.has('--delete', '--delete-offsets') || c.has('--reset-offsets') && c.has('--execute') ? 'high' : undefined),
			verb: 'deletes or resets the offsets of', targets: (c) => [...kafkaName(c, '--group'), c.has('--all-groups') ? 'all groups' : undefined] },
	],
};

/** `--add-config retention.ms=1000` is the usual way to purge a topic: Kafka drops every older message. */
function purgesByRetention(cli: Cli): boolean {
	return cli.values('--add-config').some((v) => /(?:^|,)retention\.ms=(\d+)/.test(v) && Number(/retention\.ms=(\d+)/.exec(v)?.[1]) < 3_600_000
		|| /(?:^|,)retention\.bytes=(\d+)(?:,|$)/.test(v) && Number(/retention\.bytes=(\d+)/.exec(v)?.[1]) < 1_048_576);
}

const kafkaConfigs: Tool = {
	id: 'messaging:kafka-configs', commands: ['kafka-configs', 'kafka-configs.sh', 'kafka-configs.bat', 'kafka-acls', 'kafka-acls.sh', 'kafka-acls.bat'], severity: 'medium',
	reason: 'Changes Kafka topic or broker configuration, or removes ACLs.',
	alternative: 'Describe it first (kafka-configs --describe …) so the old values can be put back.',
	spec: KAFKA_SPEC,
	hints: ['--bootstrap-server'],
	ops: [
		{ path: '', verb: 'changes, with a retention that purges its messages, or removes settings or ACLs of', what: 'the topic or entity', linked: 'the ACLs',
			severity: (c) => (!c.has('--alter') && !c.has('--remove') ? undefined : purgesByRetention(c) ? 'high' : c.has('--delete-config') || c.has('--remove') ? 'medium' : undefined),
			targets: (c) => [c.value('--entity-name', '--topic', '--group', '--transactional-id'), c.has('--cluster') ? 'cluster' : undefined, 'ACLs'] },
	],
};

const rpk: Tool = {
	id: 'messaging:rpk', commands: ['rpk'], severity: 'high',
	reason: 'Deletes Redpanda topics, records or consumer groups.',
	alternative: 'Describe it first (rpk topic describe NAME) and check no consumer still needs it.',
	spec: { withValue: ['-X', '--brokers', '--profile', '--config', '-p', '--partitions', '--offset', '-o', '--from-file', '-f', '--format'], flags: ['-r', '--regex', '--no-confirm', '-v', '--verbose'] },
	hints: ['--brokers', '--profile'],
	ops: [
		{ path: 'topic|topics delete|rm|trim-prefix|trim', severity: (c) => (c.has('-r', '--regex') ? 'critical' : 'high'), what: 'the topics', note: ' and their messages' },
		{ path: 'group|groups delete|rm', severity: 'high', what: 'the consumer group' },
		{ path: 'acl delete', severity: 'medium', what: 'the ACLs', linked: 'the matching ACLs', targets: () => ['ACLs'] },
	],
};

// ---- NATS, RabbitMQ, Pulsar --------------------------------------------------------------------

const nats: Tool = {
	id: 'messaging:nats', commands: ['nats'], severity: 'high',
	reason: 'Deletes or purges NATS JetStream streams, consumers, key-value or object buckets.',
	alternative: 'Back the stream up first (nats stream backup NAME ./backup) and check it with nats stream info.',
	spec: { withValue: ['-s', '--server', '--creds', '--nkey', '--context', '--js-domain', '--user', '--password', '--subject', '--seq', '--keep', '--tlscert', '--tlskey', '--tlsca'], flags: ['-f', '--force', '-j', '--json', '--trace'] },
	hints: ['--context', '-s', '--server'],
	ops: [
		{ path: 'stream|str|s rm|del|delete|remove', severity: 'high', what: 'the stream', note: ' and every message in it' },
		{ path: 'stream|str|s purge', severity: 'high', verb: 'purges', what: 'the messages of the stream', targets: (_c, r) => [r] },
		{ path: 'stream|str|s rmm', severity: 'medium', what: 'a message of the stream', targets: (_c, r) => [r.slice(0, 1)] },
		{ path: 'consumer|con|obs rm|del|delete|remove', severity: 'medium', what: 'the consumer', targets: (_c, r) => [r.slice(1), r.slice(0, 1)] },
		// `kv del BUCKET` and `kv rm BUCKET` remove the bucket; `kv del BUCKET KEY` one key.
		// One key keeps its history (`kv history`) unless purged: `kv purge`, `kv del --purge`.
		{ path: 'kv rm|del|delete|purge', severity: (c, r) => (r.length >= 2 && c.path[1] !== 'purge' && !c.has('--purge') ? 'medium' : 'high'), what: 'the key-value bucket or key', targets: (_c, r) => [r.slice(1), r.slice(0, 1)] },
		// An object's data is gone with it: the object store keeps no earlier revision to go back to.
		{ path: 'object|obj rm|del|delete', severity: 'high', what: 'the object store or object', targets: (_c, r) => [r.slice(1), r.slice(0, 1)] },
	],
};

/** `name=jobs` (rabbitmqadmin 1) or `--name jobs` (rabbitmqadmin 2). */
const rabbitName = (c: Cli, r: readonly string[]): Candidates => [r.map((w) => /^name=(.+)$/.exec(w)?.[1]).filter((w): w is string => w !== undefined), c.value('--name')];

const rabbitmqadmin: Tool = {
	id: 'messaging:rabbitmqadmin', commands: ['rabbitmqadmin'], severity: 'high',
	reason: 'Deletes or purges RabbitMQ queues, exchanges or virtual hosts.',
	alternative: 'Check the queue first (rabbitmqadmin list queues name messages) and that its messages are not needed.',
	spec: { withValue: ['-H', '--host', '-P', '--port', '-u', '--username', '-p', '--password', '-V', '--vhost', '-N', '--node', '-c', '--config', '-f', '--format', '--name', '--path-prefix'], flags: ['-s', '--ssl', '-q', '--quiet', '--non-interactive'] },
	hints: ['-V', '--vhost', '-H', '--host', '-N', '--node'],
	ops: [
		{ path: 'delete|queues queue|delete', severity: 'high', what: 'the queue', note: ' and its messages', targets: rabbitName },
		{ path: 'purge queue', severity: 'high', verb: 'purges', what: 'every message of the queue', targets: rabbitName },
		{ path: 'queues purge', severity: 'high', verb: 'purges', what: 'every message of the queue', targets: rabbitName },
		{ path: 'delete|vhosts vhost|delete', severity: 'critical', what: 'the virtual host', note: ' with every queue and message in it', targets: rabbitName },
		{ path: 'delete|exchanges|users|policies|bindings exchange|user|policy|binding|delete', severity: 'medium', what: 'the', targets: rabbitName },
	],
};

const rabbitmqctl: Tool = {
	id: 'messaging:rabbitmqctl', commands: ['rabbitmqctl', 'rabbitmq-queues'], severity: 'high',
	reason: 'Deletes RabbitMQ queues or virtual hosts, or wipes a node.',
	alternative: 'Export the definitions first (rabbitmqctl export_definitions backup.json).',
	spec: { withValue: ['-n', '--node', '-p', '--vhost', '-t', '--timeout'], flags: ['-q', '--quiet', '-l', '--longnames', '--if-empty', '--if-unused', '-s', '--silent'] },
	hints: ['-n', '--node', '-p', '--vhost'],
	ops: [
		{ path: 'delete_vhost', severity: 'critical', what: 'the virtual host', note: ' with every queue and message in it' },
		{ path: 'delete_queue', severity: (c) => (c.has('--if-empty') ? 'medium' : 'high'), what: 'the queue', note: ' and its messages' },
		{ path: 'purge_queue', severity: 'high', verb: 'purges', what: 'every message of the queue' },
		{ path: 'reset|force_reset', severity: 'critical', verb: 'wipes every queue, message, user and setting of', what: 'the node', linked: 'this node', targets: (c) => [c.value('-n', '--node'), 'this node'] },
		{ path: 'forget_cluster_node', severity: 'high', verb: 'removes from the cluster', what: 'the node' },
		{ path: 'delete_user', severity: 'medium', what: 'the user' },
	],
};

const pulsar: Tool = {
	id: 'messaging:pulsar', commands: ['pulsar-admin', 'pulsarctl'], severity: 'high',
	reason: 'Deletes Pulsar topics, namespaces or tenants with their messages.',
	alternative: 'Check the stats first (pulsar-admin topics stats TOPIC) and that no subscriber still needs it.',
	spec: { withValue: ['--admin-url', '--auth-plugin', '--auth-params'], flags: ['-f', '--force', '-d', '--deleteSchema'] },
	hints: ['--admin-url'],
	ops: [
		{ path: 'topics|topic delete|delete-partitioned-topic|truncate|terminate', severity: 'high', what: 'the topic', note: ' and its messages' },
		{ path: 'namespaces|namespace|tenants|tenant delete', severity: 'critical', what: 'the', note: ' with every topic in it', targets: (_c, r) => [r] },
		{ path: 'topics|topic clear-backlog|skip-all', severity: 'medium', verb: 'drops the unread messages of', what: 'the topic' },
	],
};

// ---- search services ---------------------------------------------------------------------------

const algolia: Tool = {
	id: 'messaging:algolia', commands: ['algolia'], severity: 'high',
	reason: 'Deletes or clears an Algolia index, or its rules, synonyms or keys.',
	alternative: 'Export the index first (algolia objects browse INDEX > backup.ndjson).',
	spec: { withValue: ['--profile', '-p', '--application-id', '--api-key', '--object-ids', '--filters'], flags: ['-y', '--confirm', '--include-replicas', '--wait'] },
	hints: ['--profile'],
	ops: [
		{ path: 'indices|index delete', severity: 'critical', what: 'the index', note: ' and every record in it' },
		{ path: 'indices|index clear', severity: 'high', verb: 'removes every record from', what: 'the index' },
		{ path: 'objects delete', severity: 'medium', what: 'records of the index' },
		{ path: 'rules|synonyms delete|clear', severity: 'medium', what: 'the rules or synonyms of the index' },
		{ path: 'apikeys delete', severity: 'medium', what: 'the API key' },
	],
};

const tools: Tool[] = [kafkaTopics, kafkaDeleteRecords, kafkaGroups, kafkaConfigs, rpk, nats, rabbitmqadmin, rabbitmqctl, pulsar, algolia];

export const messagingPack: RulePack = {
	name: 'messaging',
	description: 'Message brokers and search services: deleting or purging topics, streams, queues and indexes (Kafka, Redpanda, NATS, RabbitMQ, Pulsar, Algolia).',
	rules: tools.map((t) => tableRule({ ...t, hints: t.hints ?? [] })),
};

import { describe } from 'node:test';
import { severityCase, useEngine, verdictCase } from '../../helpers';

useEngine();

const t = verdictCase;
const severity = severityCase;
const prod = { production: true };

describe('messaging pack', () => {
	t('kafka-topics --bootstrap-server k:9092 --delete --topic orders', 'confirm', 'orders', 'messaging:kafka-topics');
	t('kafka-topics.sh --delete --topic=orders --bootstrap-server k:9092', 'confirm', 'orders');
	t('/opt/kafka/bin/kafka-topics.sh --bootstrap-server k:9092 --topic orders --delete', 'confirm', 'orders');
	severity('kafka-topics --bootstrap-server k:9092 --delete --topic ".*"', 'critical');
	severity('kafka-topics --bootstrap-server kafka-prod:9092 --delete --topic orders', 'critical');
	t('kafka-topics --bootstrap-server k:9092 --describe --topic orders', 'allow');
	t('kafka-topics --bootstrap-server k:9092 --list', 'allow');
	t('kafka-delete-records --bootstrap-server k:9092 --offset-json-file o.json', 'confirm', 'o.json', 'messaging:kafka-delete-records');
	t('kafka-consumer-groups --bootstrap-server k:9092 --delete --group g', 'confirm', 'g', 'messaging:kafka-consumer-groups');
	t('kafka-consumer-groups --bootstrap-server k:9092 --reset-offsets --group g --to-earliest --topic t --execute', 'confirm', 'g');
	t('kafka-consumer-groups --bootstrap-server k:9092 --reset-offsets --group g --to-earliest --topic t', 'allow');
	t('kafka-configs --bootstrap-server k:9092 --alter --entity-type topics --entity-name t --add-config retention.ms=1000', 'confirm', 't', 'messaging:kafka-configs');
	t('kafka-configs --bootstrap-server k:9092 --alter --entity-type topics --entity-name t --add-config retention.ms=604800000', 'allow');
	t('rpk topic delete orders', 'confirm', 'orders', 'messaging:rpk');
	t('nats stream rm ORDERS -f', 'confirm', 'ORDERS', 'messaging:nats');
	t('nats stream purge ORDERS', 'confirm', 'ORDERS');
	t('nats kv del B k', 'allow');
	t('nats kv del B k', 'confirm', 'k', 'messaging:nats', prod);
	t('nats stream info ORDERS', 'allow');
	t('rabbitmqadmin delete queue name=jobs', 'confirm', 'jobs', 'messaging:rabbitmqadmin');
	t('rabbitmqadmin purge queue name=jobs', 'confirm', 'jobs');
	t('rabbitmqadmin list queues', 'allow');
	t('rabbitmqctl delete_vhost /prod', 'confirm', '/prod', 'messaging:rabbitmqctl');
	t('rabbitmqctl reset', 'confirm', 'this node');
	t('rabbitmqctl status', 'allow');
	t('pulsar-admin topics delete persistent://t/n/x', 'confirm', 'persistent://t/n/x', 'messaging:pulsar');
	t('algolia indices delete products', 'confirm', 'products', 'messaging:algolia');
	t('algolia indices list', 'allow');
	t('nats kv del CACHE k1 --purge', 'confirm', 'k1', 'messaging:nats');
	t('nats kv purge CACHE k1', 'confirm', 'k1', 'messaging:nats');
	t('nats kv del CACHE k1', 'allow');
	t('nats object rm media cover.jpg', 'confirm', 'cover.jpg', 'messaging:nats');
	t('nats object get media cover.jpg', 'allow');
});

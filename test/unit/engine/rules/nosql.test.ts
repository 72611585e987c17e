import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cypherHits, mongoHits } from '../../../../src/engine/rules/nosql';
import { useEngine, verdict, verdictCase } from '../../helpers';

useEngine();

describe('nosql pack', () => {
	const t = verdictCase;

	describe('redis', () => {
		t('redis-cli FLUSHALL', 'confirm', 'FLUSHALL', 'nosql:redis-flush');
		t('redis-cli flushall async', 'confirm', 'flushall');
		t('redis-cli -h prod-cache -p 6380 -a "$REDIS_PASSWORD" --tls FLUSHDB', 'confirm', 'FLUSHDB');
		t('redis-cli -n 3 flushdb', 'confirm', 'flushdb');
		t('redis-cli -u redis://default:pw@cache.internal:6379/0 FLUSHALL', 'confirm', 'FLUSHALL');
		t('valkey-cli FLUSHALL', 'confirm', 'FLUSHALL');
		t('keydb-cli -h 10.0.0.5 flushall', 'confirm', 'flushall');
		t('docker exec -it redis redis-cli FLUSHALL', 'confirm', 'FLUSHALL');
		t('kubectl exec -n cache redis-0 -- redis-cli flushall', 'confirm', 'flushall');
		t('echo FLUSHALL | redis-cli -h cache', 'confirm', 'FLUSHALL');
		t("redis-cli <<< 'FLUSHDB'", 'confirm', 'FLUSHDB');
		t('redis-cli --cluster call 10.0.0.1:7000 FLUSHALL', 'confirm', 'FLUSHALL');
		t('redis-cli EVAL "redis.call(\'flushdb\')" 0', 'confirm', 'flushdb');
		t('redis-cli REPLICAOF 10.0.0.9 6379', 'confirm', '10.0.0.9');
		t('redis-cli --scan --pattern "sess:*" | xargs redis-cli del', 'confirm', 'sess:*', 'nosql:redis-delete');
		t("redis-cli --scan --pattern 'cache:user:*' | xargs -L 100 redis-cli -n 2 unlink", 'confirm', 'cache:user:*');
		t("redis-cli KEYS 'tmp:*' | xargs redis-cli DEL", 'confirm', 'tmp:*');
		t("redis-cli EVAL \"return redis.call('del', unpack(redis.call('keys', ARGV[1])))\" 0 'job:*'", 'confirm', 'job:*');
		t('redis-cli GET key', 'allow');
		t('redis-cli DEL session:abc123', 'allow');
		t('redis-cli --scan --pattern "sess:*"', 'allow');
		t('redis-cli -h prod-cache INFO keyspace', 'allow');
		t('redis-cli REPLICAOF NO ONE', 'allow');
		t('redis-cli CONFIG GET maxmemory', 'allow');
		t('echo flush_all | nc localhost 11211', 'confirm', 'flush_all', 'nosql:raw-flush');
		t('echo stats | nc localhost 11211', 'allow');
		it('the reason names the server and the database number', () => {
			assert.match(verdict('redis-cli -h prod-cache -p 6380 -n 2 flushdb').reason, /prod-cache:6380, database 2/);
		});
	});

	describe('mongo', () => {
		t("mongosh mongodb://prod:27017/shop --eval 'db.dropDatabase()'", 'confirm', 'shop', 'nosql:mongo');
		t('mongosh "mongodb+srv://admin:pw@cluster0.abcd.mongodb.net/analytics" --eval "db.dropDatabase()"', 'confirm', 'analytics');
		t("mongosh --quiet --eval \"db.getSiblingDB('crm').dropDatabase()\"", 'confirm', 'crm');
		t("mongo shop --eval 'db.orders.drop()'", 'confirm', 'orders');
		t("mongosh --eval \"db.getCollection('audit-log').drop()\"", 'confirm', 'audit-log');
		t("mongosh app --eval 'db.sessions.deleteMany({})'", 'confirm', 'sessions');
		t("mongosh app --eval 'db.sessions.remove({})'", 'confirm', 'sessions');
		t("mongosh app --eval 'db.users.updateMany({}, {$set: {plan: \"free\"}})'", 'confirm', 'users');
		t("mongosh admin --eval 'db.dropAllUsers()'", 'confirm', 'dropAllUsers');
		t("mongosh --eval 'db.getCollectionNames().forEach(c => db[c].drop())'", 'confirm', 'drop');
		t("mongosh --eval \"db.runCommand({ drop: 'events' })\"", 'confirm', 'events');
		t("mongosh --eval 'db.getMongo().getDBNames().forEach(d => db.getSiblingDB(d).dropDatabase())'", 'confirm', 'dropDatabase');
		t("mongosh app --eval 'db.getCollectionNames().forEach(c => db[c].deleteMany({}))'", 'confirm', 'app');
		t('mongosh sql/clear_sessions.js', 'confirm', 'sessions');
		t('mongosh app < sql/clear_sessions.js', 'confirm', 'sessions');
		t("docker exec mongo mongosh --eval 'use shop' --eval 'db.dropDatabase()'", 'confirm', 'shop');
		t("python3 -c \"from pymongo import MongoClient; MongoClient().shop.drop_collection('orders')\"", 'confirm', 'orders');
		t('mongorestore --drop --db shop dump/shop', 'confirm', 'shop', 'nosql:mongo-restore-drop');
		t("mongorestore --uri 'mongodb://prod/shop' --drop --gzip --archive=shop.gz", 'confirm', 'shop');
		t('mongoimport --db shop --collection products --drop --file products.json', 'confirm', 'products');
		t("mongosh --eval 'db.users.find()'", 'allow');
		t("mongosh app --eval 'db.sessions.deleteMany({ expiresAt: { $lt: new Date() } })'", 'allow');
		t("mongosh app --eval 'db.users.countDocuments({})'", 'allow');
		t('mongosh sql/stats.js', 'allow');
		t('mongorestore --db shop dump/shop', 'allow');
		t('mongodump --db shop --out backup/', 'allow');
		it('mongoHits reads getSiblingDB, use and bracket access', () => {
			assert.deepEqual(mongoHits("use crm\ndb['leads'].drop()").map((h) => h.target), ['leads']);
			assert.deepEqual(mongoHits('use crm\ndb.dropDatabase()').map((h) => h.target), ['crm']);
			assert.deepEqual(mongoHits("// db.dropDatabase()\nprint('db.dropDatabase() is bad')").map((h) => h.target), []);
		});
	});

	describe('etcd, influx, neo4j, cassandra', () => {
		t('etcdctl del --prefix /registry/pods', 'confirm', '/registry/pods', 'nosql:etcd-delete');
		t('ETCDCTL_API=3 etcdctl --endpoints=https://10.0.0.2:2379 del "" --from-key', 'confirm', 'all keys');
		t('etcdctl del --prefix ""', 'confirm', 'all keys');
		t('etcdctl rm --recursive /skydns', 'confirm', '/skydns');
		t('etcdctl get --prefix /registry --keys-only', 'allow');
		t('etcdctl del /config/feature-x', 'allow');
		t('etcdctl snapshot save backup.db', 'allow');
		t('influx bucket delete --name metrics --org acme', 'confirm', 'metrics', 'nosql:influx-delete');
		t('influx delete --bucket telegraf --start 1970-01-01T00:00:00Z --stop 2030-01-01T00:00:00Z', 'confirm', 'telegraf');
		t('influx delete --bucket telegraf --start 2024-01-01T00:00:00Z --stop 2024-02-01T00:00:00Z --predicate \'_measurement="cpu"\'', 'allow');
		t('influx bucket list', 'allow');
		t('cypher-shell -u neo4j -p pw "MATCH (n) DETACH DELETE n"', 'confirm', 'DETACH DELETE', 'nosql:cypher-delete');
		t("cypher-shell 'MATCH (u:User) DETACH DELETE u'", 'confirm', 'User');
		t("cypher-shell 'MATCH (u:User {id: 1}) DETACH DELETE u'", 'allow');
		t("cypher-shell 'MATCH (u:User) WHERE u.banned DELETE u'", 'allow');
		t("cypher-shell 'MATCH (n) RETURN count(n)'", 'allow');
		t('cqlsh -e "TRUNCATE shop.carts"', 'confirm', 'shop.carts');
		t('cqlsh -e "SELECT * FROM shop.carts LIMIT 10"', 'allow');
		it('cypherHits ignores strings', () => {
			assert.equal(cypherHits("RETURN 'MATCH (n) DETACH DELETE n'"), undefined);
		});
	});
});

describe('mongo: a collection named by pieces, or only known when it runs', () => {
	// The first asked for "drop"; the others too: the database is the nearest name a person can type.
	verdictCase("mongosh shop --eval 'db.getCollection(\"us\"+\"ers\").drop()'", 'confirm', 'users', 'nosql:mongo');
	verdictCase("mongosh shop --eval 'db.getCollection(name).drop()'", 'confirm', 'shop', 'nosql:mongo');
	verdictCase("mongosh shop --eval 'db[c].deleteMany({})'", 'confirm', 'shop', 'nosql:mongo');
	verdictCase("mongosh shop --eval 'db.getCollection(\"us\"+\"ers\").find()'", 'allow');
});

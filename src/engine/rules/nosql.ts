/**
 * NoSQL stores and caches: Redis, MongoDB, etcd, Elasticsearch, Cassandra, DynamoDB local.
 */
import type { Rule, RulePack } from './rule';

const rules: Rule[] = [];

export const nosqlPack: RulePack = {
	name: 'nosql',
	description: 'NoSQL stores and caches: Redis, MongoDB, etcd, Elasticsearch, Cassandra, DynamoDB local.',
	rules,
};

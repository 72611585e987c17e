/**
 * NoSQL stores and caches: Redis (and Valkey, KeyDB), MongoDB, etcd, InfluxDB, Neo4j, memcached.
 * Cassandra's cqlsh and InfluxQL (`influx -execute`) are SQL-like and judged by the sql pack.
 *
 * Targets: the database, collection, bucket or key prefix named; `FLUSHALL`/`FLUSHDB` as typed
 * (also inside an `EVAL` script); a stable word from the command when it names nothing
 * (`dropDatabase`, `flush_all`), or `all keys` for an etcd range over everything — never an option.
 */
import { hasOption, optionValue, parseArgs, type ParsedArgs } from '../shell/argv';
import { callArguments } from '../shell/scripts';
import type { Invocation } from '../types';
import type { Match, MatchResult, Rule, RuleContext, RulePack } from './rule';
import { maskUrl, readWord } from './sql-clients';

// ---- Redis ---------------------------------------------------------------------------------------------

const REDIS = ['redis-cli', 'valkey-cli', 'keydb-cli'];
const REDIS_VALUE = ['-h', '-p', '-s', '-a', '-u', '-n', '-r', '-i', '-d', '-D', '-t', '--user', '--pass', '--cacert', '--cacertdir', '--cert', '--key', '--sni', '--tls-ciphers', '--tls-ciphersuites', '--pattern', '--quoted-pattern', '--count', '--rdb', '--functions-rdb', '--eval', '--memkeys-samples', '--pipe-timeout', '--intrinsic-latency', '--lru-test'];

interface RedisCall {
	readonly parsed: ParsedArgs;
	/** Each command the client sends: argv words (quotes removed). */
	readonly commands: readonly string[][];
	/** Server, as written: `redis://prod-cache:6379/0`, `prod-cache:6380 db 2`. */
	readonly where: string;
	/** `--cluster call host:port CMD`: sent to every node. */
	readonly cluster: boolean;
}

/** `SET "a b" c` → ['SET', 'a b', 'c'] for commands read from stdin. */
function splitLine(line: string): string[] {
	return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function redisCall(inv: Invocation): RedisCall {
	const parsed = parseArgs(inv.argv.slice(1), { withValue: REDIS_VALUE });
	let args = parsed.positionals.map((w) => w.text);
	// `--cluster call host:port FLUSHALL` runs the command on every node; other --cluster subcommands manage slots.
	const cluster = hasOption(parsed, '--cluster');
	if (cluster) {
		args = args[0] === 'call' ? args.slice(2) : [];
	}
	let commands: string[][] = args.length > 0 ? [args] : [];
	if (args.length === 0 && inv.stdinText !== undefined && !hasOption(parsed, '-x')) {
		commands = inv.stdinText.split('\n').map((l) => splitLine(l.replace(/(?:\\r|\r)+$/, ''))).filter((c) => c.length > 0);
	}
	const url = optionValue(parsed, '-u');
	const host = optionValue(parsed, '-h');
	const port = optionValue(parsed, '-p');
	const db = optionValue(parsed, '-n');
	const where = url ? maskUrl(url) : [host ? `${host}${port ? ':' + port : ''}` : port ? `port ${port}` : '', db ? `database ${db}` : ''].filter(Boolean).join(', ');
	return { parsed, commands, where, cluster };
}

function on(where: string): string {
	return where ? ` on ${where}` : '';
}

/** The key pattern a pipeline's producer lists: `redis-cli --scan --pattern 'sess:*' | xargs redis-cli del`. */
function producerPattern(inv: Invocation): string | undefined {
	const from = inv.source.stdin?.kind === 'pipe' ? inv.source.stdin.from : undefined;
	if (!from || !REDIS.includes(from.words[0]?.text.replace(/^.*\//, '') ?? '')) {
		return undefined;
	}
	const parsed = parseArgs(from.words.slice(1), { withValue: REDIS_VALUE });
	const keys = parsed.positionals.map((w) => w.text);
	return optionValue(parsed, '--pattern', '--quoted-pattern') ?? (keys[0]?.toUpperCase() === 'KEYS' ? keys[1] : hasOption(parsed, '--scan') ? '*' : undefined);
}

const redisFlush: Rule = {
	id: 'nosql:redis-flush',
	severity: 'critical',
	commands: REDIS,
	reason: 'Deletes every key in Redis.',
	alternative: 'Take a snapshot first (redis-cli BGSAVE, then copy dump.rdb), or delete by pattern with --scan.',
	match(inv) {
		const call = redisCall(inv);
		for (const command of call.commands) {
			const name = command[0]?.toUpperCase();
			if (name === 'FLUSHALL' || name === 'FLUSHDB') {
				const all = name === 'FLUSHALL' || call.cluster;
				return {
					targets: [command[0]], severity: all ? 'critical' : 'high',
					reason: `${name === 'FLUSHALL' ? 'Deletes every key in every database' : 'Deletes every key in the selected database'}${call.cluster ? ' of every node in the cluster' : ''}${on(call.where)}.`,
				};
			}
			const flush = name === 'EVAL' || name === 'EVAL_RO' || name === 'FCALL' ? /\bflush(?:all|db)\b/i.exec(command[1] ?? '') : null;
			if (flush) {
				return { targets: [flush[0]], reason: `Runs a Lua script that flushes the database (${flush[0]})${on(call.where)}.` };
			}
			if ((name === 'REPLICAOF' || name === 'SLAVEOF') && command[1] && command[1].toUpperCase() !== 'NO') {
				return { targets: [command[1]], severity: 'high', reason: `Makes this server a replica of ${command[1]}: it discards its own data and copies the other server's${on(call.where)}.` };
			}
		}
		return undefined;
	},
};

const redisDelete: Rule = {
	id: 'nosql:redis-delete',
	severity: 'high',
	commands: REDIS,
	reason: 'Deletes many Redis keys at once.',
	alternative: 'List the keys first (redis-cli --scan --pattern …) and check the count.',
	match(inv) {
		const call = redisCall(inv);
		for (const command of call.commands) {
			const name = command[0]?.toUpperCase();
			if (name === 'DEL' || name === 'UNLINK') {
				if (inv.dynamicArgs) {
					const pattern = producerPattern(inv);
					return { targets: [pattern ?? command[0]], reason: `Deletes every key ${pattern ? `matching ${pattern}` : 'piped in from the previous command'}${on(call.where)}.` };
				}
				if (command.length > 6) {
					return { targets: [command[1]], severity: 'medium', reason: `Deletes ${command.length - 1} keys${on(call.where)}.` };
				}
			}
			// `EVAL "return redis.call('del', unpack(redis.call('keys', ARGV[1])))" 0 'sess:*'`
			if ((name === 'EVAL' || name === 'EVAL_RO') && /\b(?:del|unlink)\b/i.test(command[1] ?? '') && /\b(?:keys|scan)\b/i.test(command[1] ?? '')) {
				const literal = /['"]keys['"]\s*,\s*['"]([^'"]+)['"]/i.exec(command[1])?.[1];
				const pattern = literal ?? command.slice(3).find((a) => /[*?]/.test(a)) ?? command[command.length - 1];
				return { targets: [pattern], reason: `Runs a Lua script that deletes every key matching ${pattern}${on(call.where)}.` };
			}
		}
		return undefined;
	},
};

/** `echo flush_all | nc cache 11211` (memcached), `printf 'FLUSHALL\r\n' | nc redis 6379`. */
const rawFlush: Rule = {
	id: 'nosql:raw-flush',
	severity: 'high',
	commands: ['nc', 'ncat', 'netcat', 'telnet', 'socat'],
	reason: 'Sends a flush command to a cache server over a raw connection.',
	match(inv) {
		const line = inv.stdinText?.split(/\r?\n/).map((l) => l.trim()).find((l) => /^(?:flush_all|flushall|flushdb)\b/i.test(l));
		if (!line) {
			return undefined;
		}
		const word = /^[a-z_]+/i.exec(line)?.[0] ?? line;
		const host = inv.argv.slice(1).filter((w) => !w.text.startsWith('-')).map((w) => w.text).join(' ');
		return { targets: [word], reason: `Deletes every item in the ${word.toLowerCase() === 'flush_all' ? 'memcached' : 'Redis'} server${host ? ` at ${host}` : ''}.` };
	},
};

// ---- MongoDB ---------------------------------------------------------------------------------------------

const MONGO_VALUE = ['--eval', '-f', '--file', '--host', '--port', '-u', '--username', '-p', '--password', '--authenticationDatabase', '--authenticationMechanism', '--tlsCAFile', '--tlsCertificateKeyFile', '--apiVersion', '--db'];

interface MongoCode {
	readonly code: string;
	readonly db?: string;
	readonly where?: string;
}

/** The JavaScript a mongosh/mongo invocation runs, and the database it is connected to. */
function mongoCode(inv: Invocation, rc: RuleContext): MongoCode | undefined {
	if (inv.name === '@mongo') {
		return inv.stdinText !== undefined ? { code: inv.stdinText } : undefined;
	}
	const parsed = parseArgs(inv.argv.slice(1), { withValue: MONGO_VALUE });
	const positionals = parsed.positionals.map((w) => w.text);
	const scripts = positionals.filter((p) => /\.js$/.test(p));
	// `mongosh "$MONGO_URI"`: the database is only known at run time.
	const addressWord = parsed.positionals.find((w) => !/\.js$/.test(w.text));
	const address = addressWord?.dynamic ? undefined : addressWord?.text;
	const evals = parsed.options.get('--eval') ?? [];
	const files = [...(parsed.options.get('-f') ?? []), ...(parsed.options.get('--file') ?? []), ...scripts].map((f) => readWord(f, inv, rc) ?? '');
	const code = [...evals, ...files].join('\n') || inv.stdinText;
	if (code === undefined) {
		return undefined;
	}
	// `mongodb://host/prod?…` → prod; `host/prod` → prod; `prod` → prod.
	const db = optionValue(parsed, '--db') ?? (address ? /^(?:mongodb(?:\+srv)?:\/\/[^/]+\/|[^/:]+(?::\d+)?\/)?([^/?:]+)(?:\?.*)?$/.exec(address)?.[1] : undefined);
	const host = address && /^mongodb/.test(address) ? maskUrl(address) : [optionValue(parsed, '--host'), address].filter(Boolean).join(' ');
	return { code, db: address && /^mongodb(?:\+srv)?:\/\/[^/]+\/?$/.test(address) ? undefined : db, where: host || undefined };
}

const MONGO_CALL = /((?:db|[\w$]+)(?:\s*\.\s*(?:getSiblingDB|getDB|getCollection)\s*\([^()]*\)|\s*\.\s*getMongo\s*\(\s*\)|\s*\.\s*[\w$]+|\s*\[[^\]]*\])*)\s*\.\s*(dropDatabase|drop|deleteMany|remove|updateMany|dropAllUsers|dropUser|dropIndexes|runCommand|adminCommand)\s*\(/g;

interface MongoHit {
	readonly target: string;
	readonly severity: 'medium' | 'high' | 'critical';
	readonly what: string;
}

function collectionOf(receiver: string): string | undefined {
	// `getCollection("us" + "ers")`: literal pieces joined.
	const joined = /getCollection\s*\(\s*((?:['"][^'"]*['"]\s*\+\s*)+['"][^'"]*['"])\s*\)$/.exec(receiver)?.[1];
	if (joined) {
		return [...joined.matchAll(/['"]([^'"]*)['"]/g)].map((m) => m[1]).join('') || undefined;
	}
	return /getCollection\s*\(\s*['"]([^'"]+)['"]\s*\)$/.exec(receiver)?.[1] ?? /\[\s*['"]([^'"]+)['"]\s*\]$/.exec(receiver)?.[1] ?? /^(?:db|.*\))\s*\.\s*([\w$]+)$/.exec(receiver)?.[1];
}

function empty(arg: string | undefined): boolean {
	return arg === undefined || /^\{\s*\}$/.test(arg) || /^\{\s*_id\s*:\s*\{\s*\$exists\s*:\s*(?:true|1)\s*\}\s*\}$/.test(arg);
}

/** `code` with comments and the insides of string literals blanked, offsets unchanged. */
function mask(code: string): string {
	return code.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, (m) =>
		m.startsWith('/') ? ' '.repeat(m.length) : m[0] + ' '.repeat(m.length - 2) + m[m.length - 1]);
}

/** Destructive mongosh calls in `code`, strongest first. Calls inside strings and comments are ignored. */
export function mongoHits(code: string, connectedDb?: string): MongoHit[] {
	const text = code;
	const masked = mask(code);
	const hits: MongoHit[] = [];
	const uses = [...masked.matchAll(/(?:^|[;\n])\s*use\s+([\w-]+)/g)];
	for (const m of masked.matchAll(MONGO_CALL)) {
		const method = m[2];
		const receiver = text.slice(m.index ?? 0, (m.index ?? 0) + m[1].length);
		const args = callArguments(text, (m.index ?? 0) + m[0].length);
		const use = uses.filter((u) => (u.index ?? 0) < (m.index ?? 0)).pop()?.[1];
		const dbName = /get(?:SiblingDB|DB)\s*\(\s*['"]([^'"]+)['"]/.exec(receiver)?.[1] ?? use ?? connectedDb;
		const collection = collectionOf(receiver);
		const command = method === 'runCommand' || method === 'adminCommand' ? /^\{\s*(dropDatabase|drop)\s*:\s*(?:(['"])([^'"]+)\2|1|true)/.exec(args.raw[0] ?? '') : undefined;
		const dynamicDb = /get(?:SiblingDB|DB)\s*\(\s*[^'"\s)]/.test(receiver);
		if ((method === 'dropDatabase' || command?.[1] === 'dropDatabase') && dynamicDb) {
			hits.push({ target: 'dropDatabase', severity: 'critical', what: 'drops every database the script picks at run time' });
		} else if (method === 'dropDatabase' || command?.[1] === 'dropDatabase') {
			hits.push({ target: dbName ?? 'dropDatabase', severity: 'critical', what: `drops the database ${dbName ?? 'the shell is connected to'} and every collection in it` });
		} else if (method === 'drop' || command?.[1] === 'drop') {
			const name = command?.[3] ?? collection;
			// A collection only known when it runs: the nearest concrete name is its database's.
			hits.push({ target: name ?? dbName ?? 'drop', severity: 'high', what: name ? `drops the collection ${name} and every document in it` : `drops collections chosen at run time${dbName ? ` in the database ${dbName}` : ''}` });
		} else if ((method === 'deleteMany' || method === 'remove') && empty(args.raw[0])) {
			hits.push({ target: collection ?? dbName ?? method, severity: 'high', what: `deletes every document in ${collection ? `the collection ${collection}` : `collections chosen at run time${dbName ? ` in the database ${dbName}` : ''}`}` });
		} else if (method === 'updateMany' && collection && empty(args.raw[0]) && args.raw.length > 1) {
			hits.push({ target: collection, severity: 'high', what: `changes every document in the collection ${collection}` });
		} else if (method === 'dropAllUsers') {
			hits.push({ target: 'dropAllUsers', severity: 'high', what: `removes every user of the database ${dbName ?? ''}`.trim() });
		} else if (method === 'dropUser' && args.literal[0]) {
			hits.push({ target: args.literal[0], severity: 'medium', what: `removes the user ${args.literal[0]}` });
		} else if (method === 'dropIndexes' && collection) {
			hits.push({ target: collection, severity: 'medium', what: `drops the indexes of the collection ${collection}` });
		}
	}
	const rank = { medium: 0, high: 1, critical: 2 };
	return hits.sort((a, b) => rank[b.severity] - rank[a.severity]);
}

const mongoShell: Rule = {
	id: 'nosql:mongo',
	severity: 'high',
	commands: ['mongosh', 'mongo', '@mongo'],
	reason: 'Drops a MongoDB database or collection, or deletes every document in one.',
	alternative: 'Dump it first (mongodump --db … --collection …), and count the documents the filter matches.',
	match(inv, rc): MatchResult {
		const found = mongoCode(inv, rc);
		if (!found) {
			return undefined;
		}
		const hits = mongoHits(found.code, found.db);
		if (hits.length === 0) {
			return undefined;
		}
		const [top] = hits;
		const where = found.where ? ` (on ${found.where})` : inv.name === '@mongo' ? ' (through the MongoDB driver)' : '';
		return { targets: [...new Set(hits.map((h) => h.target))], severity: top.severity, reason: `${top.what.charAt(0).toUpperCase()}${top.what.slice(1)}${where}${hits.length > 1 ? `, and ${hits.length - 1} more such call${hits.length > 2 ? 's' : ''}` : ''}.` } satisfies Match;
	},
};

const mongoTools: Rule = {
	id: 'nosql:mongo-restore-drop',
	severity: 'high',
	commands: ['mongorestore', 'mongoimport'],
	reason: 'Drops existing collections before restoring or importing into them (--drop).',
	alternative: 'Restore into a new database (--nsFrom/--nsTo) and switch over after checking it.',
	match(inv) {
		const parsed = parseArgs(inv.argv.slice(1), { withValue: ['-d', '--db', '-c', '--collection', '--uri', '-h', '--host', '--port', '-u', '--username', '-p', '--password', '--nsInclude', '--nsExclude', '--nsFrom', '--nsTo', '--file', '--type', '--archive', '--authenticationDatabase', '-j', '--numParallelCollections', '--fields', '--fieldFile'] });
		if (!hasOption(parsed, '--drop') || hasOption(parsed, '--dryRun', '--help')) {
			return undefined;
		}
		const uri = optionValue(parsed, '--uri');
		const db = optionValue(parsed, '-d', '--db') ?? optionValue(parsed, '--nsInclude')?.replace(/\.\*$/, '') ?? (uri ? /^mongodb(?:\+srv)?:\/\/[^/]+\/([^/?]+)/.exec(uri)?.[1] : undefined);
		const collection = optionValue(parsed, '-c', '--collection');
		// Unnamed, mongoimport imports into a collection named after the file; mongorestore restores `dump/`.
		const file = optionValue(parsed, '--file') ?? parsed.positionals[0]?.text;
		const fromFile = file ? file.replace(/^.*\//, '').replace(/\.[^.]*$/, '') || undefined : undefined;
		const target = inv.name === 'mongoimport' ? collection ?? fromFile ?? db ?? 'collection' : db ?? collection ?? parsed.positionals[0]?.text ?? optionValue(parsed, '--archive') ?? 'dump';
		const where = uri ? ` on ${maskUrl(uri)}` : optionValue(parsed, '-h', '--host') ? ` on ${optionValue(parsed, '-h', '--host')}` : '';
		return {
			targets: [target],
			reason: inv.name === 'mongoimport'
				? `Drops the collection ${collection ?? ''} before importing into it${where}: its current documents are lost.`.replace('  ', ' ')
				: `Drops every collection in ${db ? `the database ${db}` : 'the databases in the dump'} before restoring it${where}: documents not in the dump are lost.`,
		};
	},
};

// ---- etcd, InfluxDB, Neo4j -----------------------------------------------------------------------------

/** What an etcd range over the empty key deletes. */
const ALL_KEYS = 'all keys';

const etcd: Rule = {
	id: 'nosql:etcd-delete',
	severity: 'high',
	commands: ['etcdctl'],
	reason: 'Deletes keys from etcd.',
	alternative: 'Take a snapshot first (etcdctl snapshot save backup.db) and list the keys with `get --prefix --keys-only`.',
	match(inv) {
		const parsed = parseArgs(inv.argv.slice(1), { withValue: ['--endpoints', '--cacert', '--cert', '--key', '--user', '--password', '--command-timeout', '--dial-timeout', '-w', '--write-out'] });
		const [command, key, rangeEnd] = parsed.positionals.map((w) => w.text);
		const where = optionValue(parsed, '--endpoints') ? ` on ${optionValue(parsed, '--endpoints')}` : '';
		if (command === 'rm' || command === 'rmdir') {
			// etcd v2 API: `etcdctl rm --recursive /dir`.
			return hasOption(parsed, '-r', '--recursive') || command === 'rmdir' ? { targets: [key || ALL_KEYS], reason: `Deletes ${key ?? 'the directory'} and every key under it${where}.` } : undefined;
		}
		if (command !== 'del' || key === undefined) {
			return undefined;
		}
		if (hasOption(parsed, '--from-key')) {
			return { targets: [key || ALL_KEYS], severity: key === '' || key === '\\0' ? 'critical' : 'high', reason: `Deletes every key from ${key === '' ? 'the first one — the whole keyspace' : key + ' onwards'}${where}.` };
		}
		if (hasOption(parsed, '--prefix')) {
			const everything = key === '' || key === '/';
			return { targets: [key || ALL_KEYS], severity: everything ? 'critical' : 'high', reason: `Deletes every key ${everything ? 'in etcd' : `under ${key}`}${where}${/registry/.test(key) ? ' — Kubernetes stores its cluster state there' : ''}.` };
		}
		if (rangeEnd !== undefined) {
			return { targets: [key], reason: `Deletes every key from ${key} to ${rangeEnd}${where}.` };
		}
		return { targets: [key], severity: 'medium', reason: `Deletes the key ${key}${where}.` };
	},
};

const influx: Rule = {
	id: 'nosql:influx-delete',
	severity: 'high',
	commands: ['influx'],
	reason: 'Deletes an InfluxDB bucket or the points in it.',
	alternative: 'Back it up first (influx backup --bucket …), and narrow the delete with --predicate.',
	match(inv) {
		const parsed = parseArgs(inv.argv.slice(1), { withValue: ['-n', '--name', '-i', '--id', '-o', '--org', '--org-id', '-b', '--bucket', '--bucket-id', '--start', '--stop', '-p', '--predicate', '--host', '-t', '--token', '-c', '--active-config', '--configs-path'] });
		const [group, command] = parsed.positionals.map((w) => w.text);
		if (hasOption(parsed, '--help', '-h')) {
			return undefined;
		}
		if (group === 'bucket' && command === 'delete') {
			const bucket = optionValue(parsed, '-n', '--name', '-i', '--id');
			return bucket ? { targets: [bucket], reason: `Deletes the bucket ${bucket} and every point in it.` } : undefined;
		}
		if (group === 'delete') {
			const bucket = optionValue(parsed, '-b', '--bucket', '--bucket-id') ?? 'delete';
			const predicate = optionValue(parsed, '-p', '--predicate');
			return predicate
				? { targets: [bucket], severity: 'medium', reason: `Deletes the points in ${bucket} that match ${predicate} between --start and --stop.` }
				: { targets: [bucket], reason: `Deletes every point in the bucket ${bucket} between ${optionValue(parsed, '--start') ?? 'the start'} and ${optionValue(parsed, '--stop') ?? 'the stop time'}.` };
		}
		return undefined;
	},
};

/** Cypher that deletes whole graphs or labels: `MATCH (n) DETACH DELETE n`, `DROP DATABASE x`. */
export function cypherHits(query: string): { target: string; severity: 'high' | 'critical'; what: string } | undefined {
	const text = query.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' ').replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
	for (const statement of text.split(';')) {
		const drop = /\bDROP\s+(?:COMPOSITE\s+)?DATABASE\s+(?:IF\s+EXISTS\s+)?`?([\w.-]+)`?/i.exec(statement);
		if (drop) {
			return { target: drop[1], severity: 'critical', what: `drops the Neo4j database ${drop[1]}` };
		}
		const del = /\bMATCH\s*\(\s*(\w*)\s*(?::\s*`?(\w+)`?)?\s*\)\s*(?:WITH\s+\w+\s+)?((?:DETACH\s+)?DELETE)\b/i.exec(statement);
		if (del && !/\bWHERE\b/i.test(statement.slice(0, del.index + del[0].length)) && !/\bLIMIT\b/i.test(statement)) {
			return del[2]
				? { target: del[2], severity: 'high', what: `deletes every ${del[2]} node` }
				: { target: del[3].replace(/\s+/, ' '), severity: 'critical', what: 'deletes every node and relationship in the graph' };
		}
	}
	return undefined;
}

const cypher: Rule = {
	id: 'nosql:cypher-delete',
	severity: 'high',
	commands: ['cypher-shell'],
	reason: 'Deletes every node of a label, or the whole graph, in Neo4j.',
	alternative: 'Dump the database first (neo4j-admin database dump) and add a WHERE clause.',
	match(inv, rc) {
		const parsed = parseArgs(inv.argv.slice(1), { withValue: ['-a', '--address', '-u', '--username', '-p', '--password', '-d', '--database', '-f', '--file', '--format', '-P', '--param', '--encryption', '--access-mode'] });
		const file = optionValue(parsed, '-f', '--file');
		const query = parsed.positionals.map((w) => w.text).join(' ') || (file ? readWord(file, inv, rc) : undefined) || inv.stdinText;
		const hit = query ? cypherHits(query) : undefined;
		const db = optionValue(parsed, '-d', '--database');
		return hit ? { targets: [hit.target], severity: hit.severity, reason: `${hit.what.charAt(0).toUpperCase()}${hit.what.slice(1)}${db ? ` in the database ${db}` : ''}.` } : undefined;
	},
};

const rules: Rule[] = [redisFlush, redisDelete, rawFlush, mongoShell, mongoTools, etcd, influx, cypher];

export const nosqlPack: RulePack = {
	name: 'nosql',
	description: 'NoSQL stores and caches: Redis, MongoDB, etcd, InfluxDB, Neo4j, memcached; cqlsh goes through the sql pack.',
	rules,
};

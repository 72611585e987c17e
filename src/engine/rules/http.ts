/**
 * HTTP APIs: DELETE requests and GraphQL delete mutations through curl, wget, HTTPie, gh api.
 *
 * The incident this product exists for was one `curl` to Railway's GraphQL API carrying
 * `volumeDelete`: the body is read however it is written (inline, `@file`, stdin, form fields,
 * a translated `requests.post(…)`), and its mutations are judged by graphql-analysis.
 */
import { graphqlDeletions, stringLiterals, type GraphqlDeletion } from '../http/graphql';
import type { Invocation, Severity } from '../types';
import { HTTP_CLIENTS, httpRequestOf, urlParts, type HttpRequest, type UrlParts } from './http-requests';
import type { Rule, RuleContext, RulePack } from './rule';

/** Hosts whose APIs manage infrastructure or data stores: deleting there is the worst case. */
const PROVIDERS: readonly [RegExp, string][] = [
	[/(?:^|\.)railway\.(?:app|com)$/, 'Railway'],
	[/(?:^|\.)heroku\.com$/, 'Heroku'],
	[/(?:^|\.)(?:fly\.io|machines\.dev)$/, 'Fly.io'],
	[/(?:^|\.)vercel\.com$/, 'Vercel'],
	[/(?:^|\.)netlify\.com$/, 'Netlify'],
	[/(?:^|\.)render\.com$/, 'Render'],
	[/(?:^|\.)supabase\.(?:co|com|io)$/, 'Supabase'],
	[/(?:^|\.)cloudflare\.com$/, 'Cloudflare'],
	[/(?:^|\.)digitalocean\.com$/, 'DigitalOcean'],
	[/(?:^|\.)amazonaws\.com$/, 'AWS'],
	[/(?:^|\.)googleapis\.com$/, 'Google Cloud'],
	[/(?:^|\.)(?:management\.azure\.com|azure\.com|windows\.net)$/, 'Azure'],
	[/(?:^|\.)github\.com$|^github\./, 'GitHub'],
	[/(?:^|\.)gitlab\.com$/, 'GitLab'],
	[/(?:^|\.)stripe\.com$/, 'Stripe'],
	[/(?:^|\.)(?:neon\.tech|planetscale\.com|turso\.tech|upstash\.com|mongodb\.com|hetzner\.cloud|linode\.com|vultr\.com|scaleway\.com|pinecone\.io)$/, 'a hosting or database provider'],
	[/(?:^|[.-])(?:elastic|elasticsearch|opensearch|es)(?:[.-]|$)|(?:^|\.)(?:es\.io|elastic-cloud\.com|found\.io)$/, 'Elasticsearch'],
];
/** Well-known ports of data stores whose HTTP API deletes whole indexes and collections. */
const DATA_PORTS: Readonly<Record<string, string>> = {
	9200: 'Elasticsearch', 5984: 'CouchDB', 6333: 'Qdrant', 7700: 'Meilisearch', 8108: 'Typesense', 8500: 'Consul', 2379: 'etcd',
	8086: 'InfluxDB', 6443: 'Kubernetes', 8123: 'ClickHouse', 4001: 'etcd', 8529: 'ArangoDB', 7474: 'Neo4j',
};

function provider(req: HttpRequest, url: UrlParts): string | undefined {
	if (req.github && !url.host) {
		return 'GitHub';
	}
	const named = PROVIDERS.find(([re]) => re.test(url.host))?.[1];
	if (named) {
		return named;
	}
	if (url.port && DATA_PORTS[url.port]) {
		return DATA_PORTS[url.port];
	}
	if (url.segments[0] === 'api' && url.segments[1] === 'v1' && url.segments[2] === 'namespaces' || url.segments[0] === 'apis') {
		return 'Kubernetes';
	}
	return undefined;
}

const cache = new WeakMap<Invocation, HttpRequest | null>();

function request(inv: Invocation, rc: RuleContext): HttpRequest | undefined {
	if (!cache.has(inv)) {
		cache.set(inv, httpRequestOf(inv, rc) ?? null);
	}
	const req = cache.get(inv);
	return req && !req.offline ? req : undefined;
}

const RANK: Record<Severity, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

function strongest(list: readonly Severity[]): Severity {
	return list.reduce<Severity>((a, b) => (RANK[b] > RANK[a] ? b : a), 'none');
}

function describeHost(req: HttpRequest, url: UrlParts | undefined): string {
	if (!url) {
		return 'the API';
	}
	const name = provider(req, url);
	const host = url.host || (req.github ? 'api.github.com' : '');
	return name ? `${name}'s API${host ? ` (${host})` : ''}` : host || 'the API';
}

function allDeletions(req: HttpRequest): GraphqlDeletion[] {
	const found: GraphqlDeletion[] = [];
	for (const body of req.bodies) {
		found.push(...graphqlDeletions(body));
	}
	found.push(...graphqlDeletions(undefined, req.graphql));
	for (const url of req.urls) {
		const query = urlParts(url).query;
		if (/(?:^|&)query=/.test(query)) {
			found.push(...graphqlDeletions(query));
		}
	}
	const seen = new Set<string>();
	return found.filter((d) => {
		const key = `${d.field}\u0000${d.targets.join('\u0000')}`;
		return seen.has(key) ? false : (seen.add(key), true);
	});
}

/** The last path segment, as written: what a DELETE removes. The host when there is no path. */
function lastSegment(url: string): string {
	const parts = urlParts(url);
	return parts.segments[parts.segments.length - 1] ?? (parts.host || url);
}

/** SQL that drops or empties something, as sent to SQL-over-HTTP endpoints (Supabase, Turso, D1, ClickHouse, Hasura). */
const DESTRUCTIVE_SQL = /^\s*(?:drop\s+(table|database|schema|index|view|collection)\s+(?:if\s+exists\s+)?([\w."`[\]$-]+)|truncate\s+(?:table\s+)?([\w."`[\]$-]+)|delete\s+from\s+([\w."`[\]$-]+)(?![\s\S]*\bwhere\b))/i;

/** SQL-looking fields of a body: `{"query": "…"}`, `sql: '…'`, `"stmt": {"sql": …}`. */
const SQL_FIELD = /["']?\b(?:sql|query|stmt|statement|command|q)["']?\s*:\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/gi;

function destructiveSql(req: HttpRequest): { target: string; critical: boolean } | undefined {
	const sqlEndpoint = req.urls.some((u) => {
		const parts = urlParts(u);
		return parts.port === '8123' || parts.segments.some((s) => /^(?:sql|query|_sql|pipeline|execute|exec|run_sql|raw)$/i.test(s));
	});
	const texts = sqlEndpoint ? [...req.bodies] : [];
	for (const body of req.bodies) {
		for (const m of body.matchAll(SQL_FIELD)) {
			texts.push(...stringLiterals(m[1]));
		}
	}
	for (const url of req.urls) {
		const m = /(?:^|&)(?:query|sql|q)=([^&]*)/.exec(urlParts(url).query);
		if (m) {
			try {
				texts.push(decodeURIComponent(m[1].replace(/\+/g, ' ')));
			} catch {
				texts.push(m[1]);
			}
		}
	}
	for (const text of texts) {
		for (const statement of text.split(';')) {
			const m = DESTRUCTIVE_SQL.exec(statement);
			if (m) {
				return { target: (m[2] ?? m[3] ?? m[4]).replace(/^["`[]|["`\]]$/g, ''), critical: /database|schema/i.test(m[1] ?? '') };
			}
		}
	}
	return undefined;
}

const INTERPRETERS = ['python', 'python3', 'python2', 'pypy3', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'node', 'nodejs', 'deno', 'bun', 'ruby', 'perl', 'php', 'tsx', 'ts-node'];
/** An HTTP or GraphQL client call in code: the mutation in it is sent, not just written. */
const CLIENT_CALL = /\b(?:requests|httpx|aiohttp|urllib|urlopen|http\.client|fetch|axios|got|ky|superagent|gql|GraphQLClient|graphql-request|Net::HTTP|HTTParty|Faraday|curl_exec|Guzzle|LWP)\b/;

/**
 * Code run by an interpreter (`python -c`, `node -e`, a script file, a heredoc): the translated
 * `curl` only sees the call's arguments, so a mutation kept in a variable (`MUTATION = '…'`)
 * is looked for in the whole program.
 */
function scriptText(inv: Invocation, rc: RuleContext): string | undefined {
	const parts: string[] = [];
	for (const word of inv.argv.slice(1)) {
		parts.push(word.text);
		if (/\.(?:py|js|mjs|cjs|ts|rb|pl|php)$/.test(word.text) && !word.dynamic) {
			const abs = rc.resolve(word, inv);
			const code = abs === undefined ? undefined : rc.readFile(abs);
			if (code !== undefined) {
				parts.push(code);
			}
		}
	}
	if (inv.stdinText !== undefined) {
		parts.push(inv.stdinText);
	}
	const text = parts.join('\n');
	return /\bmutation\b/.test(text) && CLIENT_CALL.test(text) ? text : undefined;
}

const rules: Rule[] = [
	{
		id: 'http:graphql-delete',
		severity: 'high',
		commands: HTTP_CLIENTS,
		reason: 'Sends a GraphQL mutation that deletes data or infrastructure.',
		alternative: 'Query the resource first to check what the id refers to, and make sure a backup or snapshot exists — the API will not ask.',
		match(inv, rc) {
			const req = request(inv, rc);
			const deletions = req ? allDeletions(req) : [];
			if (!req || deletions.length === 0) {
				return undefined;
			}
			const url = req.urls[0] === undefined ? undefined : urlParts(req.urls[0]);
			const infra = url ? provider(req, url) : undefined;
			const severity = infra ? 'critical' : strongest(deletions.map((d) => d.severity));
			const targets = [...new Set(deletions.flatMap((d) => d.targets))];
			const calls = deletions.map((d) => (d.targets.length === 1 && d.targets[0] === d.field ? d.field : `${d.field}(${d.targets.join(', ')})`)).join(', ');
			const unparsed = deletions.some((d) => !d.parsed) ? ' The GraphQL could not be parsed, so this is judged from its words.' : '';
			return {
				targets,
				severity,
				reason: `Sends the GraphQL mutation ${calls} to ${describeHost(req, url)}: the deletion happens at once, with no undo.${unparsed}`,
			};
		},
	},
	{
		id: 'http:graphql-in-script',
		severity: 'high',
		commands: INTERPRETERS,
		reason: 'Runs code that sends a GraphQL mutation deleting data or infrastructure.',
		alternative: 'Query the resource first to check what the id refers to, and make sure a backup or snapshot exists.',
		match(inv, rc) {
			const code = scriptText(inv, rc);
			const deletions = code === undefined ? [] : graphqlDeletions(code);
			if (code === undefined || deletions.length === 0) {
				return undefined;
			}
			const hosts = [...code.matchAll(/https?:\/\/([\w.-]+)/g)].map((m) => m[1].toLowerCase());
			const infra = PROVIDERS.find(([re]) => hosts.some((h) => re.test(h)))?.[1];
			const targets = [...new Set(deletions.flatMap((d) => d.targets))];
			const fields = [...new Set(deletions.map((d) => d.field))].join(', ');
			return {
				targets,
				severity: infra ? 'critical' : strongest(deletions.map((d) => d.severity)),
				reason: `Runs code that sends the GraphQL mutation ${fields}${infra ? ` to ${infra}'s API` : ''}: ${targets.join(', ')} is deleted at once, with no undo.`,
			};
		},
	},
	{
		id: 'http:delete-request',
		severity: 'high',
		commands: HTTP_CLIENTS,
		reason: 'Sends an HTTP DELETE request, which removes the resource at that URL.',
		alternative: 'GET the same URL first to check what it points at.',
		match(inv, rc) {
			const req = request(inv, rc);
			if (!req || req.method !== 'DELETE') {
				return undefined;
			}
			if (req.urls.length === 0) {
				return { targets: ['DELETE'] };
			}
			const targets = req.urls.map(lastSegment);
			const url = urlParts(req.urls[0]);
			const infra = provider(req, url);
			const everything = targets.some((t) => /^(?:_all|\*|_all,?.*)$/.test(t));
			return {
				targets,
				severity: infra || everything ? 'critical' : 'high',
				reason: infra
					? `Sends DELETE to ${describeHost(req, url)}: it removes ${targets.join(', ')}${infra === 'Elasticsearch' ? ' and every document in it' : ''}, with no undo.`
					: `Sends DELETE ${req.urls[0]}: it removes ${targets.join(', ')}.`,
			};
		},
	},
	{
		id: 'http:destructive-post',
		severity: 'high',
		commands: HTTP_CLIENTS,
		reason: 'Calls an API endpoint that deletes or empties data.',
		alternative: 'Run the matching search or list call first and check what it would remove.',
		match(inv, rc) {
			const req = request(inv, rc);
			if (!req || !['POST', 'PUT', 'PATCH'].includes(req.method)) {
				return undefined;
			}
			for (const raw of req.urls) {
				const url = urlParts(raw);
				const last = url.segments[url.segments.length - 1] ?? '';
				if (!/^(?:_delete_by_query|delete|destroy|remove|purge|purge_cache|purge-cache|wipe|reset|truncate|clear|_truncate)$/i.test(last)) {
					continue;
				}
				const target = url.segments[url.segments.length - 2] ?? last;
				const cacheOnly = /purge/i.test(last) && /cache|cdn|zones/i.test(raw);
				return {
					targets: [target],
					severity: cacheOnly ? 'medium' : 'high',
					reason: `Calls ${last} on ${describeHost(req, url)}: it ${cacheOnly ? 'purges the cache of' : 'deletes or empties'} ${target}.`,
				};
			}
			return undefined;
		},
	},
	{
		id: 'http:sql-statement',
		severity: 'high',
		commands: HTTP_CLIENTS,
		reason: 'Sends SQL that drops or empties a table to a SQL-over-HTTP endpoint.',
		alternative: 'Take a backup (or a branch/snapshot) first, and run a SELECT to check what would be removed.',
		match(inv, rc) {
			const req = request(inv, rc);
			const found = req ? destructiveSql(req) : undefined;
			if (!req || !found) {
				return undefined;
			}
			const url = req.urls[0] === undefined ? undefined : urlParts(req.urls[0]);
			return {
				targets: [found.target],
				severity: found.critical || (url && provider(req, url)) ? 'critical' : 'high',
				reason: `Sends SQL to ${describeHost(req, url)} that drops or empties ${found.target}.`,
			};
		},
	},
	{
		id: 'http:graphql-opaque',
		severity: 'medium',
		commands: HTTP_CLIENTS,
		reason: 'Posts a body that cannot be read before it runs to an infrastructure GraphQL API.',
		alternative: 'Write the body inline or in a file in the workspace so it can be checked.',
		match(inv, rc) {
			const req = request(inv, rc);
			if (!req || req.opaque.length === 0 || allDeletions(req).length > 0) {
				return undefined;
			}
			const url = req.urls.map(urlParts).find((u) => u.segments.some((s) => /graphql/i.test(s)) && provider(req, u));
			return url ? { targets: [req.opaque[0]], reason: `Posts ${req.opaque[0]} to ${describeHost(req, url)}; what it does is only known when it runs.` } : undefined;
		},
	},
];

export const httpPack: RulePack = {
	name: 'http',
	description: 'HTTP APIs: DELETE requests and GraphQL delete mutations through curl, wget, HTTPie, gh api.',
	rules,
};

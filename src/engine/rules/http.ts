/**
 * HTTP APIs: DELETE requests, GraphQL delete mutations, and requests that cannot be read sent to an
 * infrastructure control plane, through curl, wget, HTTPie/xh, gh api, glab api, graphqurl and Invoke-RestMethod.
 *
 * The incident this product exists for was one `curl` to Railway's GraphQL API carrying
 * `volumeDelete`: the body is read however it is written (inline, `@file`, stdin, form fields, a
 * config file, a body builder such as `jq -n … |`, a translated `requests.post(…)`), and its
 * mutations are judged by http/graphql.ts. URLs are read by http/url.ts (the WHATWG parser) and
 * matched against one table of APIs (http/apis.ts). When what a request to a control plane does
 * cannot be read before it runs, a person confirms by typing the API's host.
 */
import { APIS, controlPlaneOf, describeApi, serviceOf, type ControlPlane } from '../http/apis';
import { graphqlDeletions, stringLiterals, type GraphqlDeletion, type GraphqlRequest } from '../http/graphql';
import { parseJson } from '../http/json';
import { lastShown, param, parseUrl, type Url } from '../http/url';
import type { Invocation, Severity } from '../types';
import { HTTP_CLIENTS, httpRequestOf, type HttpRequest, type OpaquePart } from './http-requests';
import type { Match, Rule, RuleContext, RulePack } from './rule';

/** The service a request reaches, for severities and reasons (`gh api` implies GitHub). */
function provider(req: HttpRequest, url: Url): string | undefined {
	return serviceOf(url) ?? req.platform;
}

/** Per invocation and rule context: after `cd DIR` the same invocation is judged again from DIR (analyze.ts), reading other files. */
const cache = new WeakMap<Invocation, { rc: RuleContext; req: HttpRequest | null }>();

function request(inv: Invocation, rc: RuleContext): HttpRequest | undefined {
	let cached = cache.get(inv);
	if (cached?.rc !== rc) {
		cached = { rc, req: httpRequestOf(inv, rc) ?? null };
		cache.set(inv, cached);
	}
	const req = cached.req;
	return req && !req.offline ? req : undefined;
}

const RANK: Record<Severity, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

function strongest(list: readonly Severity[]): Severity {
	return list.reduce<Severity>((a, b) => (RANK[b] > RANK[a] ? b : a), 'none');
}

function describeHost(req: HttpRequest, url: Url | undefined): string {
	return describeApi(url, req.platform);
}

function tryJson(text: string | undefined): Record<string, unknown> | undefined {
	const value = text === undefined ? undefined : parseJson(text);
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Two rules ask for a request's deletions (graphql-delete, and the opaque-request rules): read them once. */
const deletionsOf = new WeakMap<HttpRequest, readonly GraphqlDeletion[]>();

function allDeletions(req: HttpRequest): readonly GraphqlDeletion[] {
	let found = deletionsOf.get(req);
	if (!found) {
		found = findDeletions(req);
		deletionsOf.set(req, found);
	}
	return found;
}

function findDeletions(req: HttpRequest): GraphqlDeletion[] {
	const found: GraphqlDeletion[] = [];
	for (const body of req.bodies) {
		found.push(...graphqlDeletions(body));
	}
	// GraphQL over GET: `?query=mutation…&variables={…}`.
	// Every `query` parameter: a URL that names it twice is read by some servers first, by others last.
	const fromUrls: GraphqlRequest[] = req.urls.flatMap((u) => {
		const variables = tryJson(param(u, 'variables'));
		return u.params.filter(([k]) => k === 'query').map(([, query]) => ({ query, variables }));
	});
	found.push(...graphqlDeletions(undefined, [...req.graphql, ...fromUrls]));
	const seen = new Set<string>();
	return found.filter((d) => {
		const key = `${d.field}\u0000${d.targets.join('\u0000')}`;
		return seen.has(key) ? false : (seen.add(key), true);
	});
}

/** SQL that drops or empties something, as sent to SQL-over-HTTP endpoints (Supabase, Turso, D1, ClickHouse, Hasura). */
const DESTRUCTIVE_SQL = /^\s*(?:drop\s+(table|database|schema|index|view|collection)\s+(?:if\s+exists\s+)?([\w."`[\]$-]+)|truncate\s+(?:table\s+)?([\w."`[\]$-]+)|delete\s+from\s+([\w."`[\]$-]+)(?![\s\S]*\bwhere\b))/i;

/** SQL-looking fields of a body: `{"query": "…"}`, `sql: '…'`, `"stmt": {"sql": …}`. */
const SQL_FIELD = /["']?\b(?:sql|query|stmt|statement|command|q)["']?\s*:\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/gi;

function destructiveSql(req: HttpRequest): { target: string; critical: boolean } | undefined {
	const sqlEndpoint = req.urls.some((u) => u.port === '8123' || u.segments.some((s) => /^(?:sql|query|_sql|pipeline|execute|exec|run_sql|raw)$/i.test(s)));
	const texts = sqlEndpoint ? [...req.bodies] : [];
	for (const body of req.bodies) {
		for (const m of body.matchAll(SQL_FIELD)) {
			texts.push(...stringLiterals(m[1]));
		}
	}
	for (const url of req.urls) {
		const sql = param(url, 'query', 'sql', 'q');
		if (sql !== undefined) {
			texts.push(sql);
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
	const code = parts.join('\n');
	if (!CLIENT_CALL.test(code)) {
		return undefined;
	}
	// The body may be read from a file by the code (`data=open('q.json','rb').read()`, `File.read("q.json")`,
	// `fs.readFileSync('q.json')`): a quoted name of a file that can be read (also one written earlier in the line) counts.
	const text = [code, ...readFilesNamed(code, inv, rc)].join('\n');
	return /\bmutation\b/.test(text) ? text : undefined;
}

/** The contents of the files the code names in quotes (at most 16 names), as far as they can be read. */
function readFilesNamed(code: string, inv: Invocation, rc: RuleContext): string[] {
	const names = [...new Set([...code.matchAll(/(["'])([\w.~/-]{1,200}\.\w{1,8})\1/g)].map((m) => m[2]))].filter((n) => !/^(?:https?:)?\/\//.test(n)).slice(0, 16);
	return names.flatMap((name) => {
		const abs = rc.resolve(name, inv);
		const text = abs === undefined ? undefined : rc.readFile(abs);
		return text === undefined ? [] : [text];
	});
}

/** `volumeDelete(volumeId: …)`, or the field alone when it names nothing. */
function call(d: GraphqlDeletion): string {
	return d.targets.length === 1 && d.targets[0] === d.field ? d.field : `${d.field}(${d.targets.join(', ')})`;
}

/** Query parameters whose value decides what a request does (GraphQL over GET, method overrides, SQL). */
const SHAPING_PARAM = /^(?:query|q|sql|mutation|operationName|_method|method|x-http-method-override|action|Action)$/;

/**
 * The unknown pieces of a URL that could change what a request to this control plane does: its
 * host, a query key, the value of `query`/`_method`…, the end of the path (for anything but a
 * read), and anywhere in the path of an API that only speaks GraphQL.
 */
function shapingPieces(url: Url, plane: ControlPlane, method: string): string[] {
	const read = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
	const pieces = url.unknown.filter((p) => {
		switch (p.where) {
			case 'host':
				return true;
			case 'port':
				return false;
			case 'query-key':
				return true;
			case 'query-value':
				return SHAPING_PARAM.test(p.key ?? '') || plane.graphql;
			case 'path-end':
				return !read || plane.graphql;
			case 'path':
				return plane.api.graphql === true;
		}
		return true;
	});
	return [...new Set(pieces.map((p) => p.text))];
}

function verb(method: string): string {
	return method === 'POST' ? 'Posts' : `Sends a ${method} request with`;
}

/**
 * A request to a provider's control plane whose body, URL or method is only known when it runs.
 * `graphql` picks the GraphQL endpoints (rule http:graphql-opaque) or the others (http:opaque-request).
 */
function opaqueRequest(inv: Invocation, rc: RuleContext, graphql: boolean): Match | undefined {
	const req = request(inv, rc);
	// A DELETE, or a delete found in what could be read, is judged (with its target) by the rules above.
	if (!req || req.method === 'DELETE' || allDeletions(req).length > 0) {
		return undefined;
	}
	for (const url of req.urls) {
		const plane = controlPlaneOf(url) ?? (req.platform && !url.hostUnknown && !url.invalid ? platformPlane(req.platform, url) : undefined);
		if (!plane || plane.graphql !== graphql) {
			continue;
		}
		const api = describeApi(url, req.platform);
		const clause = 'so what the request does is only known when it runs.';
		const part: OpaquePart | undefined = req.opaque[0];
		const more = req.opaque.length > 1 ? ` (and ${req.opaque.length - 1} more part${req.opaque.length > 2 ? 's' : ''} of the request)` : '';
		let reason: string | undefined;
		if (req.methodUnknown !== undefined) {
			reason = `Sends ${req.methodUnknown} ${url.written} to ${api}; the method ${req.methodUnknown} is not set in the command line, ${clause}`;
		} else if (part) {
			reason = `${part.request ? 'Sends' : verb(req.method)} ${part.what} to ${api}${more}; ${part.why}, ${clause}`;
		} else {
			const pieces = shapingPieces(url, plane, req.method);
			if (pieces.length > 0) {
				reason = `Sends ${req.method} ${url.written} to ${api}; ${pieces.join(', ')} ${pieces.length > 1 ? 'are' : 'is'} not set in the command line, ${clause}`;
			}
		}
		if (reason) {
			return { targets: [plane.host], severity: 'high', reason };
		}
	}
	if (!graphql || req.opaque.length === 0) {
		return undefined;
	}
	// Elsewhere (an app's own GraphQL on a provider's domain): worth a look in production only.
	const url = req.urls.find((u) => provider(req, u) && u.segments.some((s) => /graphql/i.test(s)));
	return url ? { targets: [req.opaque[0].written], severity: 'medium', reason: `${verb(req.method)} ${req.opaque[0].what} to ${describeHost(req, url)}; ${req.opaque[0].why}, so what it does is only known when it runs.` } : undefined;
}

/** `gh api --hostname ghe.example.com …`, `glab api --hostname gitlab.corp …`: a self-hosted platform's API is its control plane too. */
function platformPlane(platform: 'GitHub' | 'GitLab', url: Url): ControlPlane {
	const api = APIS.find((a) => a.name === platform)!;
	return { api, host: url.host, graphql: /(?:^|\/)graphql$/i.test(url.path), guessed: false };
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
			const url = req.urls[0];
			const infra = url ? provider(req, url) : undefined;
			const severity = infra ? 'critical' : strongest(deletions.map((d) => d.severity));
			const targets = [...new Set(deletions.flatMap((d) => d.targets))];
			const calls = deletions.map(call).join(', ');
			const built = req.builtBy ? ` (the body is built by ${req.builtBy})` : '';
			const unparsed = deletions.some((d) => !d.parsed) ? ' The GraphQL could not be parsed, so this is judged from its words.' : '';
			const unknown = [...new Set(deletions.flatMap((d) => d.unknown ?? []))];
			const later = unknown.length > 0 ? ` Its ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} only known when it runs, so the confirmation names the mutation.` : '';
			return {
				targets,
				severity,
				reason: `Sends the GraphQL mutation ${calls}${built} to ${describeHost(req, url)}: the deletion happens at once, with no undo.${later}${unparsed}`,
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
			// URL-looking strings in the code, each read by the URL parser.
			const infra = [...code.matchAll(/\bhttps?:\/\/[^\s'"`<>(){}]+/gi)].map((m) => serviceOf(parseUrl(m[0]))).find((s) => s !== undefined);
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
			const targets = [...new Set(req.urls.map(lastShown))];
			const url = req.urls[0];
			const infra = provider(req, url);
			const everything = targets.some((t) => /^(?:_all|\*|_all,?.*)$/.test(t));
			return {
				targets,
				severity: infra || everything ? 'critical' : 'high',
				reason: (infra
					? `Sends DELETE to ${describeHost(req, url)}: it removes ${targets.join(', ')}${infra === 'Elasticsearch' ? ' and every document in it' : ''}, with no undo.`
					: `Sends DELETE ${url.written}: it removes ${targets.join(', ')}.`) + (req.methodUnknown !== undefined ? ` (The method ${req.methodUnknown} is only known when it runs; it is DELETE when its variable is unset or empty.)` : ''),
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
			for (const url of req.urls) {
				const at = url.segments.length - 1;
				const last = url.segments[at] ?? '';
				// Also the spellings of particular APIs: Jenkins' `doDelete`, Prometheus' `delete_series`,
				// Meilisearch's `documents/delete-batch`, `deleteAll`.
				if (!/^(?:_?delete_by_query|(?:do|_)?(?:delete|destroy|remove|purge|wipe|truncate)(?:[-_]?(?:all|batch|series|cache))?|reset|clear)$/i.test(last)) {
					continue;
				}
				const series = /series$/i.test(last) ? param(url, 'match[]', 'match') : undefined;
				// Meilisearch's `indexes/products/documents/delete-batch`: the index, not the word `documents`.
				const above = /^documents$/i.test(url.segments[at - 1] ?? '') && at >= 2 ? at - 2 : at - 1;
				const target = series ?? url.shown[above] ?? url.shown[at];
				const cacheOnly = /purge/i.test(last) && /cache|cdn|zones/i.test(url.path);
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
			const url = req.urls[0];
			return {
				targets: [found.target],
				severity: found.critical || (url && provider(req, url)) ? 'critical' : 'high',
				reason: `Sends SQL to ${describeHost(req, url)} that drops or empties ${found.target}.`,
			};
		},
	},
	{
		id: 'http:graphql-opaque',
		severity: 'high',
		commands: HTTP_CLIENTS,
		reason: "Sends a request whose body or URL cannot be read before it runs to a provider's GraphQL control plane (Railway, GitHub, …).",
		alternative: 'Write the body inline or in a file in the workspace so it can be checked.',
		match: (inv, rc) => opaqueRequest(inv, rc, true),
	},
	{
		id: 'http:opaque-request',
		severity: 'high',
		commands: HTTP_CLIENTS,
		reason: "Sends a request whose body, URL or method cannot be read before it runs to a provider's control plane (Heroku, Fly.io, Vercel, AWS, …).",
		alternative: 'Write the body inline or in a file in the workspace so it can be checked.',
		match: (inv, rc) => opaqueRequest(inv, rc, false),
	},
];

export const httpPack: RulePack = {
	name: 'http',
	description: 'HTTP APIs: DELETE requests, GraphQL delete mutations and requests that cannot be read to infrastructure APIs, through curl, wget, HTTPie, gh api.',
	rules,
};

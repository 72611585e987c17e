/**
 * The APIs the HTTP rules know, in one table: whose host a URL reaches, and whether that host is
 * the provider's control plane — the API that creates and deletes projects, volumes, databases and
 * servers. A request to a control plane whose body or URL cannot be read before it runs needs
 * confirmation; elsewhere the name only raises the severity of a delete and names the API in the reason.
 *
 * Hosts are matched on the URL as the WHATWG parser reads it (see url.ts), never on the text.
 */
import type { Url } from './url';

export interface Api {
	/** As said in a reason: `Railway`. */
	readonly name: string;
	/** Registered domains it serves; each also matches its subdomains (`railway.com` → `backboard.railway.com`). */
	readonly domains: readonly string[];
	/** Further hosts, by pattern (GitHub Enterprise, Elasticsearch clusters named for what they are). */
	readonly pattern?: RegExp;
	/**
	 * Its control plane: exact host names (`api.heroku.com`), optionally with a path prefix that must
	 * follow (`gitlab.com/api/`), or a pattern over the host name.
	 */
	readonly control?: readonly (string | RegExp)[];
	/** Path of its GraphQL endpoint on the control plane; `true`: the control plane serves only GraphQL. */
	readonly graphql?: RegExp | true;
}

/** Amazon's management endpoints (`ec2.us-east-1.amazonaws.com`), not S3 objects, load balancers or API Gateway sites. */
const AWS_CONTROL = /^(?:ec2|rds|rds-data|dynamodb|lambda|ecs|eks|iam|sts|cloudformation|elasticfilesystem|elasticache|redshift|redshift-data|route53|kms|secretsmanager|organizations|backup|ecr|logs|sqs|sns|es|elasticbeanstalk|autoscaling|apigateway|ssm|athena|glue|kinesis|firehose|s3-control|cloudfront|lightsail|docdb|neptune|memorydb|timestream|qldb|keyspaces|cassandra)(?:[.-](?:fips\.)?[a-z]{2}(?:-gov)?-[a-z]+-\d)?\.amazonaws\.com(?:\.cn)?$|^[0-9]{12}\.s3-control\.[a-z0-9-]+\.amazonaws\.com$/;
/** Google Cloud's management APIs (`sqladmin.googleapis.com`), not Gemini, Maps or Translate. */
const GCP_CONTROL = /^(?:[a-z]{2,}-[a-z]+\d-)?(?:compute|sqladmin|container|cloudresourcemanager|run|storage|firestore|firebase|firebasedatabase|firebasehosting|spanner|bigquery|bigtableadmin|redis|memcache|file|iam|cloudfunctions|appengine|pubsub|secretmanager|dns|alloydb|datastore|cloudkms|artifactregistry|serviceusage|sql|cloudbuild|deploymentmanager|dataproc|composer|workflows|cloudscheduler|cloudtasks|logging|backupdr|netapp|looker|datafusion|notebooks|aiplatform)\.googleapis\.com$/;

export const APIS: readonly Api[] = [
	{ name: 'Railway', domains: ['railway.com', 'railway.app'], control: ['backboard.railway.com', 'backboard.railway.app'], graphql: true },
	{ name: 'Heroku', domains: ['heroku.com'], control: ['api.heroku.com'] },
	{ name: 'Fly.io', domains: ['fly.io', 'machines.dev'], control: ['api.machines.dev', 'api.fly.io'], graphql: /^\/graphql(?:\/|$)/i },
	{ name: 'Vercel', domains: ['vercel.com'], control: ['api.vercel.com'] },
	{ name: 'Netlify', domains: ['netlify.com'], control: ['api.netlify.com'] },
	{ name: 'Render', domains: ['render.com'], control: ['api.render.com'] },
	{ name: 'Supabase', domains: ['supabase.co', 'supabase.com', 'supabase.io'], control: ['api.supabase.com', 'api.supabase.io'] },
	{ name: 'Cloudflare', domains: ['cloudflare.com'], control: ['api.cloudflare.com'], graphql: /^\/client\/v4\/graphql(?:\/|$)/i },
	{ name: 'DigitalOcean', domains: ['digitalocean.com'], control: ['api.digitalocean.com'] },
	{ name: 'Hetzner', domains: ['hetzner.cloud', 'hetzner.com', 'your-server.de'], control: ['api.hetzner.cloud', 'api.hetzner.com', 'dns.hetzner.com/api/', 'robot-ws.your-server.de'] },
	{ name: 'Linode', domains: ['linode.com'], control: ['api.linode.com'] },
	{ name: 'Vultr', domains: ['vultr.com'], control: ['api.vultr.com'] },
	{ name: 'Scaleway', domains: ['scaleway.com'], control: ['api.scaleway.com'] },
	{ name: 'AWS', domains: ['amazonaws.com', 'amazonaws.com.cn'], control: [AWS_CONTROL] },
	{ name: 'Google Cloud', domains: ['googleapis.com'], control: [GCP_CONTROL] },
	{
		name: 'Azure', domains: ['azure.com', 'windows.net', 'usgovcloudapi.net', 'chinacloudapi.cn'],
		control: ['management.azure.com', 'management.core.windows.net', 'management.usgovcloudapi.net', 'management.chinacloudapi.cn'],
	},
	{ name: 'GitHub', domains: ['github.com'], pattern: /^github\./, control: ['api.github.com'], graphql: /^\/graphql(?:\/|$)/i },
	{ name: 'GitLab', domains: ['gitlab.com'], control: ['gitlab.com/api/'], graphql: /^\/api\/graphql(?:\/|$)/i },
	{ name: 'Neon', domains: ['neon.tech'], control: ['console.neon.tech/api/'] },
	{ name: 'PlanetScale', domains: ['planetscale.com'], control: ['api.planetscale.com'] },
	{ name: 'Turso', domains: ['turso.tech'], control: ['api.turso.tech'] },
	{ name: 'Upstash', domains: ['upstash.com'], control: ['api.upstash.com'] },
	{ name: 'MongoDB Atlas', domains: ['mongodb.com'], control: ['cloud.mongodb.com/api/'] },
	{ name: 'Pinecone', domains: ['pinecone.io'], control: ['api.pinecone.io'] },
	{ name: 'Stripe', domains: ['stripe.com'] },
	{ name: 'Elasticsearch', domains: ['es.io', 'elastic-cloud.com', 'found.io'], pattern: /(?:^|[.-])(?:elastic|elasticsearch|opensearch|es)(?:[.-]|$)/ },
];

/** Well-known ports of data stores whose HTTP API deletes whole indexes and collections. */
const DATA_PORTS: Readonly<Record<string, string>> = {
	9200: 'Elasticsearch', 5984: 'CouchDB', 6333: 'Qdrant', 7700: 'Meilisearch', 8108: 'Typesense', 8500: 'Consul', 2379: 'etcd',
	8086: 'InfluxDB', 6443: 'Kubernetes', 8123: 'ClickHouse', 4001: 'etcd', 8529: 'ArangoDB', 7474: 'Neo4j',
};

function inDomain(host: string, domain: string): boolean {
	return host === domain || host.endsWith(`.${domain}`);
}

/** The known API whose host the URL reaches (by its literal tail when the host is partly unknown). */
export function apiOf(url: Url): Api | undefined {
	const host = url.hostUnknown ? url.hostSuffix : url.host;
	if (!host) {
		return undefined;
	}
	return APIS.find((api) => (url.hostUnknown ? api.domains.some((d) => host === `.${d}` || host.endsWith(`.${d}`)) : api.domains.some((d) => inDomain(host, d)) || api.pattern?.test(host)));
}

/** The service behind a URL, for reasons and severities: a known API, a data store's port, Kubernetes. */
export function serviceOf(url: Url): string | undefined {
	const named = apiOf(url)?.name;
	if (named) {
		return named;
	}
	if (url.port && DATA_PORTS[url.port]) {
		return DATA_PORTS[url.port];
	}
	const [a, b, c] = url.segments;
	if ((a === 'api' && b === 'v1' && c === 'namespaces') || a === 'apis') {
		return 'Kubernetes';
	}
	return undefined;
}

export interface ControlPlane {
	readonly api: Api;
	/** The control plane's host name: what a person types to confirm (`backboard.railway.com`). */
	readonly host: string;
	/** The URL is its GraphQL endpoint. */
	readonly graphql: boolean;
	/** The host was partly unknown and could be this one (`https://$SUB.railway.com/…`). */
	readonly guessed: boolean;
}

function controlHost(entry: string | RegExp, host: string, path: string): boolean {
	if (typeof entry !== 'string') {
		return entry.test(host);
	}
	const slash = entry.indexOf('/');
	return slash < 0 ? host === entry : host === entry.slice(0, slash) && `${path}/`.startsWith(entry.slice(slash));
}

/**
 * The control plane a URL reaches, if any. A host with an unknown part counts when its literal part
 * can only be a control plane (`backboard.railway.com$P`) or could be one (`$X.railway.com`).
 */
export function controlPlaneOf(url: Url): ControlPlane | undefined {
	if (url.invalid) {
		return undefined;
	}
	if (!url.hostUnknown) {
		const api = APIS.find((a) => a.control?.some((e) => controlHost(e, url.host, url.path)));
		return api ? { api, host: url.host, graphql: isGraphql(api, url), guessed: false } : undefined;
	}
	// `https://backboard.railway.com$P`: the literal host is a control plane; the expansion only adds to it.
	const byPrefix = url.hostPrefix && APIS.find((a) => a.control?.some((e) => typeof e === 'string' && e.split('/')[0] === url.hostPrefix));
	if (byPrefix) {
		return { api: byPrefix, host: url.hostPrefix, graphql: isGraphql(byPrefix, url), guessed: true };
	}
	const api = apiOf(url);
	const candidate = api?.control?.find((e): e is string => typeof e === 'string' && e.split('/')[0].endsWith(url.hostSuffix));
	return api && candidate ? { api, host: candidate.split('/')[0], graphql: api.graphql === true, guessed: true } : undefined;
}

function isGraphql(api: Api, url: Url): boolean {
	return api.graphql === true || (api.graphql?.test(url.path) ?? false) || url.segments.some((s) => /graphql/i.test(s));
}

/** How a reason names the API a URL reaches: `Railway's GraphQL API`, `Heroku's API (api.heroku.com)`, `api.example.com`. */
export function describeApi(url: Url | undefined, implied?: string): string {
	if (!url) {
		return implied ? `${implied}'s API` : 'the API';
	}
	const plane = controlPlaneOf(url);
	if (plane) {
		return plane.graphql ? `${plane.api.name}'s GraphQL API (${plane.host})` : `${plane.api.name}'s API (${plane.host})`;
	}
	const name = serviceOf(url) ?? implied;
	const host = url.host;
	return name ? `${name}'s API${host ? ` (${host})` : ''}` : host || 'the API';
}

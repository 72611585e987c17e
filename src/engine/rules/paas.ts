/**
 * Platforms: deleting apps, projects, volumes, databases and environments through the CLIs of
 * Railway, Heroku, Fly.io, Vercel, Netlify, Supabase, Firebase, Cloudflare, GitHub, npm, Dokku,
 * PlanetScale, Neon, Turso, Kamal, Serverless and friends.
 *
 * Each CLI is a table of subcommand chains (`volume delete`, `apps:destroy`) with a severity and
 * where its target sits: the app/volume/project named by option (`-a app`, `--volume v`) or the
 * first word after the chain. When the command names nothing (the linked project is implied), the
 * target is the chain's noun or verb as written (`down`, `volume`, `remove`).
 * `supabase db reset` belongs to the orm pack; `gh api -X DELETE` to the http pack.
 */
import { type RulePack } from './rule';
import { tableRule, type Tool } from './cli-table';

const DELETE = 'delete|remove|rm';
const yes = ['-y', '--yes', '-f', '--force'];

/** Names of database add-ons and services: losing them loses data. */
const DATA_STORE = /postgres|pg|mysql|maria|redis|kafka|mongo|elastic|opensearch|clickhouse|couch|database|db|timescale|memcach|rabbit|valkey|keydb/i;

const platforms: Tool[] = [
	{
		id: 'paas:railway-delete', commands: ['railway'], severity: 'critical',
		reason: 'Deletes a Railway project, environment, service or volume, with its data.',
		alternative: 'Back up the volume first (Railway dashboard → Volume → Backups), and check the id with `railway volume list`.',
		spec: { withValue: ['-p', '--project', '-e', '--environment', '-s', '--service', '-v', '--volume', '--2fa-code'], flags: yes },
		ops: [
			{ path: `volume|volumes ${DELETE}`, severity: 'critical', what: 'the volume', targets: (c, r) => [c.value('-v', '--volume'), r, 'volume'] },
			{ path: `environment|env|environments ${DELETE}`, severity: 'critical', what: 'the environment', targets: (c, r) => [r, c.value('-e', '--environment'), 'environment'] },
			{ path: `service|services ${DELETE}`, severity: 'high', what: 'the service', note: ' and all its deployments', targets: (c, r) => [c.value('-s', '--service'), r, 'service'] },
			{ path: `bucket|buckets ${DELETE}`, severity: 'critical', what: 'the bucket', targets: (c, r) => [r, c.value('-b', '--bucket'), 'bucket'] },
			{ path: `variable|variables ${DELETE}`, severity: 'medium', what: 'the variable' },
			{ path: `domain|domains ${DELETE}`, severity: 'medium', what: 'the domain' },
			{ path: `project|projects ${DELETE}`, severity: 'critical', what: 'the project', targets: (c, r) => [c.value('-p', '--project'), r, 'project'] },
			{ path: DELETE, severity: 'critical', what: 'the project', targets: (c, r) => [c.value('-p', '--project'), r, 'delete'] },
			{ path: 'down', severity: 'high', verb: 'removes', what: 'the latest deployment of', linked: 'the latest deployment of the linked service', targets: (c) => [c.value('-s', '--service'), 'down'] },
		],
	},
	{
		id: 'paas:heroku-destroy', commands: ['heroku'], severity: 'critical',
		reason: 'Destroys a Heroku app or add-on, with its data.',
		alternative: 'Capture a backup first (heroku pg:backups:capture -a APP).',
		spec: { withValue: ['-a', '--app', '-r', '--remote', '--confirm', '-s', '--space', '-p', '--pipeline'] },
		ops: [
			{ path: 'apps:destroy|destroy|apps:delete', severity: 'critical', what: 'the app', targets: (c, r) => [r, c.value('-a', '--app', '--confirm')] },
			{ path: 'addons:destroy|addons:remove|addons:delete', severity: (_c, r) => (r.some((n) => DATA_STORE.test(n)) ? 'critical' : 'high'), what: 'the add-on', targets: (c, r) => [r, c.value('-a', '--app')] },
			{ path: 'spaces:destroy', severity: 'critical', what: 'the space', targets: (c, r) => [c.value('-s', '--space'), r] },
			{ path: 'pipelines:destroy', severity: 'high', what: 'the pipeline', targets: (c, r) => [r, c.value('-p', '--pipeline')] },
		],
	},
	{
		id: 'paas:heroku-database', commands: ['heroku'], severity: 'critical',
		reason: 'Erases or overwrites a Heroku Postgres database, or deletes its backups.',
		alternative: 'Capture a backup first (heroku pg:backups:capture -a APP) and check which database the name points at.',
		spec: { withValue: ['-a', '--app', '-r', '--remote', '--confirm', '--wait-interval'] },
		ops: [
			{ path: 'pg:reset|pg:resetdb', severity: 'critical', verb: 'erases', what: 'every table in the database of', targets: (c, r) => [c.value('-a', '--app', '--confirm'), r] },
			{ path: 'pg:copy', severity: 'critical', verb: 'overwrites', what: 'the database', targets: (c, r) => [r[1], c.value('-a', '--app', '--confirm')] },
			{ path: 'pg:backups:restore|pg:restore', severity: 'critical', verb: 'overwrites', what: 'with a backup the database of', targets: (c, r) => [c.value('-a', '--app', '--confirm'), r] },
			{ path: 'pg:backups:delete|pg:backups:destroy', severity: 'high', what: 'the backup', targets: (c, r) => [r, c.value('-a', '--app')] },
			{ path: 'pg:backups delete|destroy', severity: 'high', what: 'the backup', targets: (c, r) => [r, c.value('-a', '--app')] },
			{ path: 'redis:reset|redis:destroy', severity: 'critical', verb: 'erases', what: 'every key in', targets: (c, r) => [c.value('-a', '--app', '--confirm'), r] },
		],
	},
	{
		id: 'paas:heroku-config-unset', commands: ['heroku', 'dokku'], severity: 'medium',
		reason: 'Removes configuration variables from a running app.',
		alternative: 'Print them first (heroku config -a APP) so they can be restored.',
		spec: { withValue: ['-a', '--app', '-r', '--remote'], flags: ['--no-restart', '--encoded'] },
		ops: [
			{ path: 'config:unset|config:remove', severity: 'medium', what: 'the variables', targets: (c, r) => [c.value('-a', '--app') ? r : r.slice(1), r] },
		],
	},
	{
		id: 'paas:fly-destroy', commands: ['fly', 'flyctl'], severity: 'critical',
		reason: 'Destroys a Fly.io app, volume or machine, with its data.',
		alternative: 'Snapshot the volume first (fly volumes snapshots create VOLUME_ID).',
		spec: { withValue: ['-a', '--app', '-c', '--config', '-r', '--region', '-o', '--org', '-t', '--access-token', '-s', '--select'], flags: [...yes, '--auto-confirm'] },
		ops: [
			{ path: 'apps|app destroy|delete|remove|rm', severity: 'critical', what: 'the app', targets: (c, r) => [r, c.value('-a', '--app')] },
			{ path: 'destroy|delete', severity: 'critical', what: 'the app', targets: (c, r) => [r, c.value('-a', '--app')] },
			{ path: `volumes|volume|vol destroy|${DELETE}`, severity: 'critical', what: 'the volume', targets: (c, r) => [r, c.value('-a', '--app')] },
			{ path: `machines|machine|m destroy|${DELETE}`, severity: 'high', what: 'the machine', targets: (c, r) => [r, c.value('-a', '--app')] },
			{ path: `postgres|pg|mpg|redis|storage|tigris|mysql|consul destroy|${DELETE}`, severity: 'critical', what: 'the database', targets: (c, r) => [r, c.value('-a', '--app')] },
			{ path: `ext|extensions supabase|tigris|upstash|mysql|sentry|arcjet|kubernetes|wafris destroy|${DELETE}`, severity: 'high', what: 'the extension', targets: (c, r) => [r, c.value('-a', '--app')] },
			// Fly never shows a secret's value again: an unset secret cannot be restored from Fly.
			{ path: 'secrets unset', severity: 'high', what: 'the secrets', note: ' (Fly never shows their values, so they cannot be restored)', targets: (c, r) => [r, c.value('-a', '--app')] },
			{ path: `certs ${DELETE}`, severity: 'medium', what: 'the certificate', targets: (c, r) => [r, c.value('-a', '--app')] },
		],
	},
	{
		id: 'paas:vercel-remove', commands: ['vercel', 'vc'], severity: 'high',
		reason: 'Removes Vercel deployments, projects, domains or environment variables.',
		alternative: 'List them first (vercel ls / vercel env ls) and pull the env (vercel env pull) before removing.',
		spec: { withValue: ['-S', '--scope', '-t', '--token', '--cwd', '-A', '--local-config', '-Q', '--global-config', '-T', '--team'], flags: ['-y', '--yes', '--safe', '-d', '--debug'] },
		ops: [
			{ path: 'project|projects remove|rm', severity: 'critical', what: 'the project', note: ' and all its deployments' },
			{ path: 'env remove|rm', severity: (_c, r) => (r.includes('production') ? 'high' : 'medium'), what: 'the environment variable' },
			{ path: 'domains|domain remove|rm', severity: 'high', what: 'the domain' },
			{ path: 'dns remove|rm', severity: 'high', what: 'the DNS record' },
			{ path: 'blob store remove|rm|delete', severity: 'critical', what: 'the blob store' },
			{ path: 'blob del|rm|delete', severity: 'high', what: 'the blob' },
			{ path: 'alias|aliases|certs remove|rm', severity: 'medium', what: 'the' },
			{ path: 'secrets|secret remove|rm', severity: 'high', what: 'the secret', note: ' (its value cannot be read back)' },
			{ path: 'remove|rm', severity: (c) => (c.has('--safe') ? 'medium' : 'high'), what: 'the deployments of' },
		],
	},
	{
		id: 'paas:netlify-delete', commands: ['netlify', 'ntl', 'netlify-cli'], severity: 'critical',
		reason: 'Deletes a Netlify site, its environment variables or blobs.',
		spec: { withValue: ['--context', '--scope', '--site', '--filter', '--auth'], flags: ['-f', '--force'] },
		ops: [
			{ path: 'sites:delete', severity: 'critical', what: 'the site', note: ' and all its deploys', targets: (c, r) => [r, c.value('--site'), 'sites:delete'] },
			{ path: 'env:unset', severity: (c) => (/prod/.test(c.value('--context') ?? '') ? 'high' : 'medium'), what: 'the variable' },
			{ path: 'blobs:delete', severity: 'high', what: 'the blob', targets: (_c, r) => [r[1], r[0]] },
		],
	},
	{
		id: 'paas:supabase-delete', commands: ['supabase'], severity: 'critical',
		reason: 'Deletes a Supabase project, branch, function or stored files.',
		alternative: 'Download a backup first (supabase db dump) and check the project ref.',
		spec: { withValue: ['--project-ref', '--project-id', '--workdir', '--profile', '-o', '--output'], flags: ['-r', '--recursive', '--linked', '--local', '--yes', '--experimental', '--no-backup', '--all'] },
		ops: [
			{ path: 'projects delete', severity: 'critical', what: 'the project', note: ' and its database', targets: (c, r) => [r, c.value('--project-ref')] },
			{ path: 'branches delete', severity: 'high', what: 'the branch database', targets: (c, r) => [r, c.value('--project-ref')] },
			{ path: 'functions delete', severity: 'high', what: 'the Edge Function' },
			{ path: 'storage rm', severity: (c) => (c.has('-r', '--recursive') ? 'critical' : 'high'), what: 'the objects' },
			{ path: 'secrets unset', severity: 'high', what: 'the secrets', note: ' (Supabase shows only their digests, so they cannot be restored)' },
			// The local stack's Docker volumes hold the local database and storage.
			{ path: 'stop', severity: (c) => (c.has('--no-backup') ? 'high' : undefined), verb: 'deletes the Docker volumes (local database and storage) of', what: 'the local project', linked: 'the local Supabase project (its database and storage volumes)', targets: (c) => [c.value('--project-id'), c.has('--all') ? 'all local projects' : undefined, 'stop'] },
		],
	},
	{
		id: 'paas:firebase-delete', commands: ['firebase', 'firebase-tools'], severity: 'high',
		reason: 'Deletes Firebase data, functions or hosting.',
		alternative: 'Export the data first (gcloud firestore export / firebase database:get) and check --project.',
		spec: { withValue: ['-P', '--project', '--token', '--database', '--instance', '--site', '--region', '--only'], flags: ['-r', '--recursive', '--all-collections', '--shallow', '-f', '--force', '-y', '--yes'] },
		ops: [
			{ path: 'firestore:delete', severity: (c) => (c.has('--all-collections') ? 'critical' : c.has('-r', '--recursive') ? 'high' : 'medium'), what: 'the Firestore data at', targets: (c, r) => [r, c.has('--all-collections') ? c.value('-P', '--project') ?? 'all-collections' : undefined] },
			{ path: 'firestore:databases:delete', severity: 'critical', what: 'the Firestore database' },
			{ path: 'database:remove', severity: (_c, r) => (r.some((p) => p === '/') ? 'critical' : 'high'), what: 'the Realtime Database data at' },
			{ path: 'database:set', severity: (_c, r) => (r[0] === '/' ? 'critical' : 'high'), verb: 'overwrites', what: 'the Realtime Database data at', targets: (_c, r) => [r.slice(0, 1)] },
			{ path: 'functions:delete', severity: 'high', what: 'the functions' },
			{ path: 'hosting:disable', severity: 'high', verb: 'takes down', what: 'the hosting site', linked: 'the hosting site of the current project', targets: (c) => [c.value('--site', '-P', '--project'), 'hosting:disable'] },
			{ path: 'hosting:sites:delete', severity: 'critical', what: 'the hosting site' },
			{ path: 'hosting:channel:delete', severity: 'medium', what: 'the preview channel' },
			{ path: 'projects:delete|apps:delete', severity: 'critical', what: 'the Firebase project or app', targets: (c, r) => [r, c.value('-P', '--project')] },
		],
	},
	{
		id: 'paas:wrangler-delete', commands: ['wrangler'], severity: 'high',
		reason: 'Deletes a Cloudflare Worker, D1 database, KV namespace, R2 bucket or their data.',
		alternative: 'Export first (wrangler d1 export / wrangler r2 object get) and check the name and --env.',
		spec: { withValue: ['--name', '-e', '--env', '-c', '--config', '--binding', '--namespace-id', '--project-name', '--jurisdiction', '--timestamp', '--bookmark', '--persist-to', '--account-id'], flags: ['--remote', '--local', '--preview', '-y', '--yes', '--force', '--skip-confirmation'] },
		ops: [
			{ path: 'd1 delete', severity: 'critical', what: 'the D1 database' },
			{ path: 'd1 time-travel restore', severity: 'high', verb: 'rolls back', what: 'every write after the restore point to' },
			{ path: 'kv namespace delete', severity: 'critical', what: 'the KV namespace', note: ' and all its keys', targets: (c, r) => [c.value('--namespace-id', '--binding'), r] },
			{ path: 'kv:namespace delete', severity: 'critical', what: 'the KV namespace', note: ' and all its keys', targets: (c, r) => [c.value('--namespace-id', '--binding'), r] },
			{ path: 'kv bulk delete', severity: 'high', what: 'the keys listed in' },
			{ path: 'kv:bulk delete', severity: 'high', what: 'the keys listed in' },
			{ path: 'kv key delete', severity: 'medium', what: 'the key' },
			{ path: 'kv:key delete', severity: 'medium', what: 'the key' },
			{ path: 'r2 bucket delete', severity: 'critical', what: 'the R2 bucket' },
			{ path: 'r2 object delete', severity: 'high', what: 'the R2 object' },
			{ path: 'queues delete', severity: 'high', what: 'the queue', note: ' and its messages' },
			{ path: 'vectorize delete', severity: 'critical', what: 'the vector index' },
			{ path: 'pages project delete', severity: 'high', what: 'the Pages project', targets: (c, r) => [r, c.value('--project-name')] },
			{ path: 'pages deployment delete', severity: 'medium', what: 'the Pages deployment' },
			{ path: 'secret delete', severity: 'high', what: 'the secret', note: ' (Cloudflare never shows its value, so it cannot be restored)' },
			{ path: 'hyperdrive delete', severity: 'medium', what: 'the Hyperdrive config' },
			{ path: 'delete', severity: 'high', what: 'the Worker', targets: (c, r) => [r, c.value('--name'), 'delete'] },
		],
	},
	{
		id: 'paas:gh-delete', commands: ['gh'], severity: 'high',
		reason: 'Deletes a GitHub repository, release, issue or other resource.',
		alternative: 'Archive instead of deleting (gh repo archive), or check the name with gh … view.',
		spec: { withValue: ['-R', '--repo', '-e', '--env', '-o', '--org', '-a', '--app', '-u', '--user', '-c', '--codespace', '-O', '--owner'], flags: ['-y', '--yes', '--confirm', '--cleanup-tag', '--all', '-f', '--force'] },
		ops: [
			{ path: 'repo delete', severity: 'critical', what: 'the repository', note: ' with its issues, pull requests and wiki', targets: (c, r) => [r, c.value('-R', '--repo'), 'delete'] },
			{ path: 'release delete', severity: 'high', what: 'the release', targets: (c, r) => [r, c.value('-R', '--repo')] },
			{ path: 'issue|gist|project delete', severity: 'high', what: 'the', targets: (_c, r) => [r] },
			{ path: 'codespace|cs delete', severity: (c) => (c.has('--all') ? 'critical' : 'high'), what: 'the codespace', note: ' and any unpushed work in it', targets: (c, r) => [c.value('-c', '--codespace'), r, c.has('--all') ? 'all' : undefined] },
			// Actions, Dependabot and Codespaces secrets are write-only: once deleted, nobody can read them back.
			{ path: `secret ${DELETE}`, severity: 'high', what: 'the secret', note: ' (GitHub never shows its value, so it cannot be restored)' },
			{ path: `variable|label|cache|run|ssh-key|gpg-key ${DELETE}|delete-asset`, severity: 'medium', what: 'the' },
			{ path: 'release delete-asset', severity: 'medium', what: 'the release asset' },
			{ path: 'repo deploy-key delete', severity: 'medium', what: 'the deploy key' },
		],
	},
	{
		id: 'paas:npm-unpublish', commands: ['npm', 'pnpm', 'yarn', 'bun', 'gem'], severity: 'high',
		reason: 'Removes a published package version from the registry; dependents break and the version can never be reused.',
		alternative: 'Deprecate instead: npm deprecate PKG@VERSION "message".',
		spec: { withValue: ['--registry', '--otp', '--workspace', '-w', '--tag', '-v', '--version', '--host', '-k', '--key', '--platform'], flags: ['-f', '--force'] },
		ops: [
			// A yanked gem version can never be pushed again. (`cargo yank` can be undone: not listed.)
			{ path: 'yank', severity: 'high', verb: 'yanks', what: 'the released version of', targets: (c, r) => [r, c.value('-v', '--version')] },
			{ path: 'unpublish', severity: (c, r) => (c.has('-f', '--force') || r.length === 0 || !/.@/.test(r[0]) ? 'critical' : 'high'), what: 'the package', linked: 'the package in this directory', targets: (_c, r) => [r, 'unpublish'] },
			{ path: 'npm unpublish', severity: 'critical', what: 'the package', targets: (_c, r) => [r, 'unpublish'] },
		],
	},
	{
		id: 'paas:dokku-destroy', commands: ['dokku', 'apps:destroy', 'postgres:destroy', 'mysql:destroy', 'mariadb:destroy', 'redis:destroy', 'mongo:destroy', 'elasticsearch:destroy', 'rabbitmq:destroy', 'clickhouse:destroy', 'couchdb:destroy', 'meilisearch:destroy'], severity: 'critical',
		reason: 'Destroys a Dokku app or database service, with its data.',
		alternative: 'Export the database first (dokku postgres:export NAME > backup.dump).',
		spec: { withValue: ['--app'], flags: ['-f', '--force'] },
		ops: [
			{ path: 'apps:destroy', severity: 'critical', what: 'the app' },
			{ path: 'postgres:destroy|mysql:destroy|mariadb:destroy|redis:destroy|mongo:destroy|elasticsearch:destroy|rabbitmq:destroy|clickhouse:destroy|couchdb:destroy|meilisearch:destroy', severity: 'critical', what: 'the database service' },
		],
	},
	{
		id: 'paas:database-platform-delete', commands: ['pscale', 'neonctl', 'neon', 'turso', 'xata', 'upstash', 'atlas'], severity: 'critical',
		reason: 'Deletes a hosted database, branch or backup (PlanetScale, Neon, Turso, Upstash, Atlas).',
		alternative: 'Take a backup or branch first, and check the name with the matching list command.',
		spec: { withValue: ['--org', '--service-token', '--service-token-id', '--project-id', '--branch', '--api-key', '-o', '--output', '--group', '--projectId', '--id', '--parent'], flags: ['-f', '--force', '-y', '--yes'] },
		ops: [
			{ path: 'database|db|databases destroy|delete', severity: 'critical', what: 'the database', targets: (c, r) => [r.slice(0, 1), c.value('--id')] },
			{ path: 'projects|project delete', severity: 'critical', what: 'the project', note: ' and its databases' },
			{ path: 'group|groups destroy|delete', severity: 'critical', what: 'the database group', note: ' and every database in it' },
			{ path: 'branch|branches delete', severity: 'high', what: 'the branch', targets: (c, r) => [r.length > 1 && c.path[0] === 'branch' ? r[1] : r[0], r] },
			{ path: 'branch|branches reset|restore', severity: 'high', verb: 'discards', what: 'every change on the branch', targets: (c, r) => [r.slice(0, 1)] },
			{ path: 'backup|backups delete', severity: 'high', what: 'the backup', targets: (_c, r) => [r[r.length - 1], r] },
			{ path: 'redis|kafka|vector|qstash delete', severity: 'critical', what: 'the database', targets: (c, r) => [c.value('--id'), r] },
			{ path: 'clusters|cluster delete', severity: 'critical', what: 'the cluster' },
			{ path: 'roles|role|password|passwords delete', severity: 'medium', what: 'the' },
		],
	},
	{
		id: 'paas:convex-import-replace', commands: ['convex'], severity: 'high',
		reason: 'Replaces the contents of Convex tables with an import.',
		alternative: 'Export first (npx convex export --path backup.zip).',
		spec: { withValue: ['--table', '--format', '--deployment-name', '--env-file', '--url', '--admin-key'], flags: ['--replace', '--replace-all', '--append', '-y', '--yes', '--prod'] },
		ops: [
			{ path: 'import', severity: (c) => (c.has('--replace-all') || c.has('--replace') && c.has('--prod') ? 'critical' : c.has('--replace') ? 'high' : undefined), verb: 'replaces', what: 'the contents of', targets: (c, r) => [c.value('--table'), r] },
		],
	},
	{
		id: 'paas:deploy-teardown', commands: ['kamal', 'cf', 'doppler', 'render', 'koyeb'], severity: 'high',
		reason: 'Tears down a deployed application or its configuration.',
		alternative: 'Check the stage/destination first; take backups of any data stores it owns.',
		spec: { withValue: ['-d', '--destination', '-c', '--config', '--config-file', '-s', '--stage', '-r', '--region', '--aws-profile', '-p', '--project', '--config-name', '-o', '--org'], flags: ['-y', '--yes', '-f', '--force', '--confirm'] },
		ops: [
			{ path: 'remove', severity: (c) => (/prod/.test(c.value('-s', '--stage', '-d', '--destination') ?? '') ? 'critical' : 'high'), what: 'every resource of', linked: 'every resource of the app (default stage)', targets: (c) => [c.value('-s', '--stage', '-d', '--destination'), 'remove'] },
			{ path: 'app|accessory|proxy remove', severity: 'high', what: 'the containers and data directories of', targets: (c, r) => [r, c.value('-d', '--destination'), 'remove'] },
			{ path: 'delete|delete-service|delete-space|delete-org', severity: (c) => (c.path[0] === 'delete-org' || c.path[0] === 'delete-space' ? 'critical' : 'high'), what: 'the Cloud Foundry app or service' },
			{ path: `projects|environments|configs|services|apps ${DELETE}`, severity: 'high', what: 'the' },
			{ path: `secrets ${DELETE}|unset`, severity: 'medium', what: 'the secrets' },
		],
	},
];

const platformRules = platforms.map(tableRule);

export const paasPack: RulePack = {
	name: 'paas',
	description: 'Platforms: deleting apps, projects, volumes and databases on Railway, Heroku, Fly.io, Vercel, Netlify, Supabase, Firebase, Cloudflare, GitHub, npm and others.',
	rules: platformRules,
};

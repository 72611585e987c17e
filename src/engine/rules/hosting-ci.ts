/**
 * Hosting, CI and operations services: GitLab (glab, gitlab-rake, gitlab-backup, gitlab-ctl,
 * gitlab-rails, gitlab-runner), hub, Jenkins' CLI, CircleCI, DVC, CDNs and API gateways (Fastly,
 * Apigee, Kong decK), feature-flag services (LaunchDarkly, Flipt, Split, Unleash) and monitoring
 * (Datadog, New Relic, PagerDuty, Splunk). `gh` belongs to the paas pack, `glab repo delete` to git,
 * Argo CD and Flux to kubernetes.
 *
 * What holds data or history nobody else has (a repository, a release, build history, a CI
 * context's write-only secrets, an index) asks everywhere; configuration a person can recreate
 * (a label, a monitor, a staged CDN edit, a flag segment) is medium, asked in production.
 */
import type { Invocation } from '../types';
import { tableRule, type Tool } from './cli-table';
import type { MatchResult, Rule, RulePack } from './rule';
import { numbered, readCli, type Cli, type CliSpec } from './subcommands';

// ---- GitLab and hub ----------------------------------------------------------------------------

const glab: Tool = {
	id: 'hosting-ci:glab', commands: ['glab'], severity: 'high',
	reason: 'Deletes GitLab releases, issues, merge requests, pipelines or CI/CD variables.',
	alternative: 'Check it first (glab release view TAG / glab variable get KEY) and keep a copy.',
	spec: { withValue: ['-R', '--repo', '-g', '--group', '-s', '--scope', '-F', '--output-format'], flags: ['-y', '--yes', '--with-tag', '-t'] },
	hints: ['-s', '--scope'],
	ops: [
		{ path: 'release delete', severity: 'high', what: 'the release', targets: (c, r) => [r, c.value('-R', '--repo')] },
		{ path: 'issue|mr delete', severity: 'high', what: 'the', note: ' with its discussion', targets: (_c, r) => [r] },
		{ path: `variable|var delete|remove|rm`, severity: 'medium', what: 'the CI/CD variable' },
		{ path: 'ci|pipeline delete', severity: 'medium', what: 'the pipeline', note: ' with its logs and artifacts', targets: (_c, r) => [r.map((id) => numbered(id, 'pipeline'))] },
		{ path: 'snippet|label|schedule|deploy-key delete', severity: 'medium', what: 'the', targets: (_c, r) => [r] },
	],
};

const hub: Tool = {
	id: 'hosting-ci:hub-delete', commands: ['hub'], severity: 'critical',
	reason: 'Deletes a GitHub repository with its issues, pull requests and wiki.',
	alternative: 'Archive it instead (gh repo archive).',
	spec: { flags: ['-y', '--yes'] },
	ops: [
		{ path: 'delete', severity: 'critical', what: 'the repository' },
	],
};

/** `KEY=value` words of a rake command line (`BACKUP=…`, `DRY_RUN=false`). */
function rakeVariables(cli: Cli): Map<string, string> {
	return new Map(cli.positionals.map((w) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(w.text)).filter((m): m is RegExpExecArray => m !== null).map((m) => [m[1], m[2]]));
}

const GITLAB_RESTORE = /^(?:gitlab:backup:restore|gitlab:db:drop_tables|db:drop|db:reset|db:schema:load|db:setup|gitlab:setup|db:truncate_legacy_tables:\w+)$/;

const gitlabRake: Rule = {
	id: 'hosting-ci:gitlab-rake',
	severity: 'critical',
	commands: ['gitlab-rake', 'gitlab-backup'],
	reason: 'Overwrites or erases a GitLab instance\'s database and repositories, or deletes files its cleanup tasks find.',
	alternative: 'Take a backup first (gitlab-backup create) and run cleanup tasks with DRY_RUN=true.',
	match(inv): MatchResult {
		const cli = readCli(inv.argv.slice(1), { withValue: ['-f', '--rakefile', '-I'], flags: ['--trace', '-t', '--dry-run', '-n', '-T', '--tasks', '-h', '--help', '-P', '--prereqs'] });
		if (cli.has('--dry-run', '-n', '-T', '--tasks', '-h', '--help', '-P', '--prereqs')) {
			return undefined;
		}
		const vars = rakeVariables(cli);
		const tasks = cli.path.filter((t) => !/^[a-z_][a-z0-9_]*=/.test(t));
		const task = inv.name === 'gitlab-backup' ? (tasks[0] === 'restore' ? 'gitlab:backup:restore' : undefined) : tasks.find((t) => GITLAB_RESTORE.test(t) || /^gitlab:cleanup:/.test(t));
		if (!task) {
			return undefined;
		}
		const written = cli.positionals.find((w) => w.text.toLowerCase() === task || inv.name === 'gitlab-backup' && w.text === 'restore')?.text ?? task;
		if (task.startsWith('gitlab:cleanup:')) {
			// Cleanup tasks list what they would remove unless told otherwise.
			if (!/^false$/i.test(vars.get('DRY_RUN') ?? '') && !/^true$/i.test(vars.get('REMOVE') ?? '')) {
				return undefined;
			}
			return { targets: [written], severity: 'high', reason: `${written} deletes the files it finds (orphaned uploads, artifacts or repositories) for good.` };
		}
		const backup = vars.get('BACKUP');
		return {
			targets: backup ? [backup, written] : [written],
			severity: 'critical',
			reason: task === 'gitlab:backup:restore' ? `Restores ${backup ? `the backup ${backup}` : 'the latest backup'} over this GitLab instance: its database and repositories are replaced.` : `${written} erases this GitLab instance's database.`,
		};
	},
};

const gitlabCtl: Tool = {
	id: 'hosting-ci:gitlab-ctl', commands: ['gitlab-ctl', 'gitlab-runner'], severity: 'critical',
	reason: 'Erases a GitLab installation\'s data, or unregisters CI runners.',
	alternative: 'Take a backup first (gitlab-backup create; copy /etc/gitlab).',
	spec: { withValue: ['--name', '-n', '--url', '-u', '--token', '-t', '--config', '-c'], flags: ['--all-runners', '--yes'] },
	ops: [
		{ path: 'cleanse', severity: 'critical', verb: 'deletes every repository, database and setting of', what: 'this GitLab instance', linked: 'this GitLab instance (all its data)', targets: () => ['cleanse'] },
		{ path: 'remove-accounts', severity: 'medium', verb: 'removes the system accounts of', what: 'GitLab', linked: 'GitLab\'s system users and groups', targets: () => ['remove-accounts'] },
		{ path: 'unregister', severity: 'medium', verb: 'unregisters', what: 'the runner', linked: 'every runner in the config', targets: (c) => [c.value('--name', '-n', '-t', '--token'), c.has('--all-runners') ? 'all runners' : undefined, 'unregister'] },
	],
};

/** `gitlab-rails runner "Project.destroy_all"`: Ruby that destroys records. */
const gitlabRails: Rule = {
	id: 'hosting-ci:gitlab-rails-runner',
	severity: 'critical',
	commands: ['gitlab-rails'],
	reason: 'Runs Ruby against the GitLab database that deletes records.',
	alternative: 'Try it in gitlab-rails console with a count first (Project.where(…).count), and take a backup.',
	match(inv): MatchResult {
		const args = inv.argv.slice(1).map((w) => w.text);
		if (!/^(?:runner|r)$/.test(args[0] ?? '')) {
			return undefined;
		}
		const code = args.slice(1).filter((a) => !/^-/.test(a)).join(' ');
		const m = /([A-Z]\w*(?:::\w+)*)(?:\.[\w(){}:'", =>]*?)?\.(destroy_all|delete_all|destroy!?|delete|truncate|drop_table)\b|\b(drop_table|truncate)\b/.exec(code);
		if (!m) {
			return undefined;
		}
		const target = m[1] ?? m[3] ?? 'runner';
		return { targets: [target], severity: /_all|truncate|drop_table/.test(m[2] ?? m[3] ?? '') ? 'critical' : 'high', reason: `Runs Ruby against the GitLab database that calls ${m[2] ?? m[3]} on ${target}.` };
	},
};

// ---- CI servers and data tools -----------------------------------------------------------------

const JENKINS_SPEC: CliSpec = { withValue: ['-s', '-auth', '-user', '-i', '-logger', '-bearer'], flags: ['-http', '-ssh', '-webSocket', '-websocket', '-noCertificateCheck', '-noKeyAuth', '-strictHostKey', '-remoting'], singleDashLong: true };

/** `java -jar jenkins-cli.jar -s URL delete-job x`, or a `jenkins-cli` wrapper. */
function jenkinsCli(inv: Invocation, spec: CliSpec): Cli | undefined {
	if (inv.name === 'java') {
		const at = inv.argv.findIndex((w, i) => i > 0 && w.text === '-jar' && /(?:^|\/)jenkins-cli[\w.-]*\.jar$/i.test(inv.argv[i + 1]?.text ?? ''));
		return at < 0 ? undefined : readCli(inv.argv.slice(at + 2), spec);
	}
	return readCli(inv.argv.slice(1), spec);
}

const jenkins: Tool = {
	id: 'hosting-ci:jenkins', commands: ['java', 'jenkins-cli', 'jenkins-cli.jar'], severity: 'high',
	reason: 'Deletes Jenkins jobs, builds, nodes, views or credentials.',
	alternative: 'Save the job first (jenkins-cli get-job NAME > job.xml).',
	spec: JENKINS_SPEC,
	read: jenkinsCli,
	ops: [
		{ path: 'delete-job', severity: 'high', what: 'the job', note: ' with its build history' },
		{ path: 'delete-builds', severity: 'high', what: 'builds of the job', targets: (_c, r) => [r.slice(0, 1)] },
		{ path: 'delete-credentials|delete-credentials-domain', severity: 'high', what: 'the credentials', targets: (_c, r) => [r.slice(-1)] },
		{ path: 'delete-node|delete-view', severity: 'medium', what: 'the' },
	],
};

const circleci: Tool = {
	id: 'hosting-ci:circleci', commands: ['circleci'], severity: 'high',
	reason: 'Deletes CircleCI contexts, their secrets, orbs or namespaces.',
	alternative: 'List the context first (circleci context show …); its secret values cannot be read back once deleted.',
	spec: { withValue: ['--org-id', '--token', '--host', '--integration'], flags: ['-f', '--force', '--no-prompt'] },
	ops: [
		// Context secrets are write-only: nobody can read them back to restore them.
		{ path: 'context delete', severity: 'high', what: 'the context', note: ' and every secret in it', targets: (_c, r) => [r.slice(-1)] },
		{ path: 'context remove-secret', severity: 'high', what: 'the secret', note: ' (its value cannot be read back)', targets: (_c, r) => [r.slice(-1), r.slice(-2, -1)] },
		{ path: 'orb|namespace delete', severity: 'high', what: 'the' },
		{ path: 'pipeline|pipelines delete', severity: 'high', what: 'the pipeline', note: ' and its build history', targets: (_c, r) => [r.map((id) => numbered(id, 'pipeline'))] },
	],
};

const dvc: Tool = {
	id: 'hosting-ci:dvc', commands: ['dvc'], severity: 'high',
	reason: 'Deletes DVC-tracked data from the cache or the remote storage.',
	alternative: 'Run dvc gc --dry first, and push what you need (dvc push) before collecting.',
	spec: { withValue: ['-r', '--remote', '-j', '--jobs', '--rev', '-n', '--num'], flags: ['-w', '--workspace', '-a', '--all-branches', '-T', '--all-tags', '-A', '--all-commits', '-c', '--cloud', '-f', '--force', '--dry', '-q', '-v', '-p', '--projects'] },
	inspects: (cli) => cli.has('--dry'),
	ops: [
		{ path: 'destroy', severity: 'high', what: 'the DVC project', note: ' (its .dvc directory, .dvc files and cache)', linked: 'the DVC project in this directory, with its cache', targets: () => ['.dvc'] },
		{ path: 'gc', severity: (c) => (c.has('-c', '--cloud') ? 'high' : 'medium'), what: 'every cached version not in the kept revisions from', linked: 'every cached version not in the kept revisions', targets: (c) => [c.value('-r', '--remote'), c.has('-c', '--cloud') ? 'remote storage' : '.dvc/cache'] },
	],
};

// ---- CDNs and API gateways ---------------------------------------------------------------------

const FASTLY_SPEC: CliSpec = { withValue: ['-s', '--service-id', '--service-name', '--version', '--name', '-n', '--dictionary-id', '--acl-id', '--id', '--key', '--store-id', '--token', '-t', '--profile', '-p'], flags: ['--autoclone', '-f', '--force', '--all', '--non-interactive', '-y', '--auto-yes', '--soft'] };
const fastlyService = (c: Cli, r: readonly string[]) => [c.value('-s', '--service-id', '--service-name'), r];

const fastly: Tool = {
	id: 'hosting-ci:fastly', commands: ['fastly'], severity: 'high',
	reason: 'Deletes a Fastly service, store or configuration.',
	alternative: 'Clone the active version first (fastly service-version clone) and check it with fastly service describe.',
	spec: FASTLY_SPEC,
	hints: ['--service-name', '--profile'],
	ops: [
		{ path: 'service delete', severity: 'critical', what: 'the service', note: ' and every version of its configuration', linked: 'the service of fastly.toml', targets: (c, r) => [...fastlyService(c, r), 'service'] },
		{ path: 'kv-store|config-store|secret-store delete', severity: 'high', what: 'the store', note: ' and everything in it', targets: (c, r) => [c.value('--store-id', '--id'), r] },
		// Entries of dictionaries, ACLs and stores change live, without a new version.
		{ path: 'dictionary-entry|dictionary-item|acl-entry|kv-store-entry|config-store-entry|secret-store-entry delete', severity: 'medium', what: 'the entry', targets: (c, r) => [c.value('--key', '--id'), r, c.value('--dictionary-id', '--acl-id', '--store-id')] },
		// Versioned objects: the change lands in a draft version until it is activated.
		{ path: 'domain|backend|vcl|dictionary|acl|healthcheck|logging delete', severity: 'medium', what: 'the', note: ' from a draft version', targets: (c, r) => [c.value('--name', '-n'), r] },
		{ path: 'logging * delete', severity: 'medium', what: 'the logging endpoint', targets: (c, r) => [c.value('--name', '-n'), r.slice(1)] },
		{ path: 'purge', severity: (c) => (c.has('--all') ? 'medium' : undefined), verb: 'purges the whole cache of', what: 'the service', targets: (c, r) => [...fastlyService(c, r), 'purge'] },
		{ path: 'service-version activate', severity: 'medium', verb: 'activates a new configuration version on', what: 'the service', targets: (c, r) => [...fastlyService(c, r), c.value('--version')] },
		{ path: 'service version activate', severity: 'medium', verb: 'activates a new configuration version on', what: 'the service', targets: (c, r) => [...fastlyService(c, r), c.value('--version')] },
	],
};

const apigee: Tool = {
	id: 'hosting-ci:apigee', commands: ['apigeecli'], severity: 'high',
	reason: 'Deletes Apigee API proxies, products, developers, apps or environments.',
	alternative: 'Export first (apigeecli apis export / apigeecli organizations export).',
	spec: { withValue: ['-n', '--name', '-o', '--org', '-e', '--env', '-t', '--token', '--email', '-r', '--rev', '--id', '-a', '--account', '--region'], flags: ['--all', '--default-token', '--metadata-token', '--disable-check'] },
	hints: ['-e', '--env', '-o', '--org'],
	ops: [
		{ path: 'orgs|organizations|envs|environments delete', severity: 'critical', what: 'the', note: ' with everything deployed in it', targets: (c, r) => [c.value('-n', '--name', '-e', '--env', '-o', '--org'), r] },
		{ path: 'apis|sharedflows|developers|apps|keyvaluemaps|kvms delete', severity: 'high', what: 'the', targets: (c, r) => [c.value('-n', '--name', '--email', '--id'), r] },
		{ path: 'products|targetservers|keystores|references delete', severity: 'medium', what: 'the', targets: (c, r) => [c.value('-n', '--name'), r] },
		{ path: 'apis|sharedflows undeploy', severity: 'medium', verb: 'undeploys', what: 'the proxy', targets: (c, r) => [c.value('-n', '--name'), r] },
	],
};

const deck: Tool = {
	id: 'hosting-ci:deck', commands: ['deck'], severity: 'high',
	reason: 'Deletes Kong gateway configuration (services, routes, plugins, consumers).',
	alternative: 'Dump the current state first (deck gateway dump -o backup.yaml) and run deck gateway diff.',
	spec: { withValue: ['--kong-addr', '--headers', '-s', '--state', '--select-tag', '--workspace', '-w', '--konnect-addr', '--konnect-token', '--konnect-control-plane-name', '--parallelism', '-o', '--output-file'], flags: ['-f', '--force', '--all-workspaces', '--skip-consumers', '--silence-events', '--tls-skip-verify', '--no-color'] },
	hints: ['--kong-addr', '--workspace', '-w', '--konnect-control-plane-name'],
	ops: [
		{ path: 'reset', severity: 'critical', verb: 'deletes every entity of', what: 'the Kong gateway', linked: 'every entity of the Kong gateway', targets: (c) => [c.value('--kong-addr', '--konnect-control-plane-name', '--workspace', '-w'), c.has('--all-workspaces') ? 'all workspaces' : undefined, 'reset'] },
		{ path: 'gateway reset', severity: 'critical', verb: 'deletes every entity of', what: 'the Kong gateway', linked: 'every entity of the Kong gateway', targets: (c) => [c.value('--kong-addr', '--konnect-control-plane-name', '--workspace', '-w'), c.has('--all-workspaces') ? 'all workspaces' : undefined, 'reset'] },
		// sync makes the gateway match the file, deleting whatever the file leaves out.
		{ path: 'sync', severity: 'medium', verb: 'makes the gateway match, deleting what is not in', what: 'the state file', linked: 'kong.yaml', targets: (c) => [c.values('-s', '--state'), c.value('--select-tag'), 'sync'] },
		{ path: 'gateway sync', severity: 'medium', verb: 'makes the gateway match, deleting what is not in', what: 'the state file', targets: (c, r) => [r, c.values('-s', '--state'), 'sync'] },
	],
};

// ---- feature flags -----------------------------------------------------------------------------

const FLAG_SPEC: CliSpec = { withValue: ['--project', '-p', '--environment', '-e', '--flag', '--key', '--workspace', '-w', '--namespace', '-n', '--access-token', '--api-key', '--base-uri', '--output', '-o', '--data', '-d', '--id'], flags: ['-y', '--yes', '--force', '--drop'] };

const featureFlags: Tool = {
	id: 'hosting-ci:feature-flags', commands: ['ldcli', 'flipt', 'split', 'unleash'], severity: 'high',
	reason: 'Deletes feature flags, segments, environments or projects in a feature-flag service.',
	alternative: 'Archive the flag instead of deleting it, or export the project first.',
	spec: FLAG_SPEC,
	hints: ['--environment', '-e', '--namespace'],
	ops: [
		{ path: 'projects|project|workspaces|workspace delete', severity: 'critical', what: 'the', note: ' with every flag in it', targets: (c, r) => [r, c.value('--project', '-p', '--workspace', '-w')] },
		{ path: 'namespace|namespaces delete', severity: 'critical', what: 'the namespace', note: ' with every flag in it', targets: (c, r) => [r, c.value('--namespace', '-n', '--key')] },
		{ path: 'environments|environment|traffic-types delete', severity: 'high', what: 'the', targets: (c, r) => [r, c.value('--environment', '-e')] },
		{ path: 'flags|flag|features|feature|splits delete', severity: 'high', what: 'the flag', note: ' (code still reading it gets the default)', targets: (c, r) => [r, c.value('--flag', '--key')] },
		{ path: 'splits kill', severity: 'medium', verb: 'turns off for everyone', what: 'the flag', targets: (_c, r) => [r] },
		{ path: 'segments|segment|rule|rules|constraint|variant|distribution|strategies|metrics|api-keys delete', severity: 'medium', what: 'the', targets: (c, r) => [r, c.value('--key', '--id')] },
		{ path: 'import', severity: (c) => (c.has('--drop') ? 'high' : undefined), verb: 'drops every flag and segment before importing', what: 'the data of', linked: 'every flag and segment', targets: (_c, r) => [r, 'import'] },
	],
};

// ---- monitoring --------------------------------------------------------------------------------

const monitoring: Tool = {
	id: 'hosting-ci:monitoring', commands: ['dog', 'datadog-ci', 'newrelic', 'pd'], severity: 'medium',
	reason: 'Deletes monitors, dashboards, services or schedules in a monitoring or on-call service.',
	alternative: 'Export it first (its JSON definition) so it can be recreated.',
	spec: { withValue: ['--guid', '--accountId', '-a', '--profile', '--email', '--ids', '--id', '--api-key', '--application-key'], flags: ['-y', '--yes', '--force'] },
	ops: [
		{ path: 'monitor|monitors|dashboard|dashboards|dashboard_list|synthetics|workload|schedule|schedules|escalation-policy|ep|team|user delete', severity: 'medium', what: 'the', targets: (c, r) => [r, c.value('--guid', '--id', '--ids')] },
		{ path: 'entity delete', severity: 'high', what: 'the entity', note: ' and its data', targets: (c, r) => [r, c.value('--guid')] },
		{ path: 'apm application|app delete', severity: 'high', what: 'the APM application', note: ' and its data', targets: (c, r) => [r, numbered(c.value('--applicationId') ?? '', 'application'), c.value('--guid')] },
		{ path: 'service|services delete', severity: 'high', what: 'the on-call service', note: ' and its incident history', targets: (c, r) => [r, c.value('--ids', '--id')] },
	],
};

const SPLUNK_CLEAN = /^(?:eventdata|all|userdata|kvstore|globaldata|inputdata|deployment-artifacts)$/;

const splunk: Tool = {
	id: 'hosting-ci:splunk', commands: ['splunk'], severity: 'critical',
	reason: 'Deletes Splunk indexes or the events they hold.',
	alternative: 'Back up the index directory first and check the name with splunk list index.',
	spec: { withValue: ['-index', '-auth', '-uri', '-app', '-owner'], flags: ['-f'], singleDashLong: true },
	ops: [
		{ path: 'remove index', severity: 'critical', what: 'the index', note: ' and every event in it' },
		{ path: 'clean', severity: (_c, r) => (SPLUNK_CLEAN.test(r[0] ?? '') ? 'critical' : undefined), what: 'the indexed data', linked: 'the data of every index',
			targets: (c, r) => [c.value('-index'), r[0] === 'eventdata' && !c.value('-index') ? 'all indexes' : undefined, r.slice(0, 1)] },
		{ path: 'remove user|app', severity: 'medium', what: 'the' },
	],
};

// ---- payments ----------------------------------------------------------------------------------

// A deleted customer, product or coupon is gone from the payment provider, with the customer's saved
// payment methods; the provider keeps no undo. `stripe` works on test data unless `--live`.
const payments: Tool = {
	id: 'hosting-ci:payments', commands: ['stripe', 'square'], severity: 'high',
	reason: 'Deletes customers, products, prices, coupons, catalog objects or webhook endpoints at a payment provider.',
	alternative: 'Retrieve the object first (stripe customers retrieve ID) and keep its JSON; the provider has no undo.',
	spec: { withValue: ['--api-key', '--project-name', '-p', '--stripe-account', '--color', '--log-level', '--device-name', '-d', '--data', '-e', '--expand', '--stripe-version', '--idempotency'], flags: ['--live', '--confirm', '-c', '--show-headers', '-s'] },
	ops: [
		{ path: '* delete', severity: (c) => (c.has('--live') ? 'critical' : 'high'), what: 'the', targets: (_c, r) => [r] },
	],
};

const tools: Tool[] = [glab, hub, gitlabCtl, jenkins, circleci, dvc, fastly, apigee, deck, featureFlags, monitoring, splunk, payments];

export const hostingCiPack: RulePack = {
	name: 'hosting-ci',
	description: 'Hosting, CI and operations services: GitLab, hub, Jenkins, CircleCI, DVC, Fastly, Apigee, Kong decK, feature flags (LaunchDarkly, Flipt, Split, Unleash), Datadog, New Relic, PagerDuty, Splunk, Stripe, Square.',
	rules: [...tools.map((t) => tableRule({ ...t, hints: t.hints ?? [] })), gitlabRake, gitlabRails],
};

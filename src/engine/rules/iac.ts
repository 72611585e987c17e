/**
 * Infrastructure as code: Terraform/OpenTofu/Terragrunt, Pulumi, CDK, SAM, Serverless, SST.
 * (`aws cloudformation delete-stack` and other cloud CLIs belong to the cloud pack.)
 *
 * Targets: the `-target=` / `--target` addresses when given; else the stack, stage or workspace the
 * command names (`pulumi destroy -s prod` → `prod`, `sls remove --stage dev` → `dev`); else the verb
 * itself, which is always visible in the command (`terraform destroy` → `destroy`, `sls remove` →
 * `remove`). A production-looking var file, directory, stack or stage raises the severity one step.
 */
import { commandName, hasOption, literalWord, optionValue, parseArgs, type ParsedArgs } from '../shell/argv';
import type { Invocation, Severity, Word } from '../types';
import { productionLooking, withProduction, type ProductionHint } from './production-hint';
import type { Match, Rule, RuleContext, RulePack } from './rule';

// ---- Terraform family ----------------------------------------------------------------------------

/** Terraform's single-dash options that take a value as the next word (Go `flag` style; bool flags never do). */
const TF_WITH_VALUE = new Set([
	'target', 'var', 'var-file', 'replace', 'state', 'state-out', 'backup', 'lock-timeout', 'parallelism', 'out', 'chdir', 'generate-config-out',
	'backend-config', 'plugin-dir', 'from-module', 'test-directory', 'filter',
	// Terragrunt's own
	'terragrunt-working-dir', 'working-dir', 'terragrunt-config', 'config', 'terragrunt-include-dir', 'queue-include-dir', 'terragrunt-exclude-dir',
	'queue-exclude-dir', 'terragrunt-source', 'source', 'terragrunt-iam-role', 'iam-assume-role', 'terragrunt-parallelism', 'terragrunt-log-level',
	'log-level', 'terragrunt-tfpath', 'tf-path', 'feature', 'terragrunt-strict-include',
	// Atmos
	's', 'stack',
]);

interface TfArgs {
	readonly options: Map<string, string[]>;
	readonly positionals: Word[];
}

/** Parses `-name=value`, `-name value` and `--name value` the way Go's flag package does. */
function tfParse(words: readonly Word[]): TfArgs {
	const options = new Map<string, string[]>();
	const positionals: Word[] = [];
	for (let i = 0; i < words.length; i++) {
		const t = words[i].text;
		if (t === '--') {
			continue;
		}
		if (!t.startsWith('-') || t === '-') {
			positionals.push(words[i]);
			continue;
		}
		const body = t.replace(/^--?/, '');
		const eq = body.indexOf('=');
		const name = eq >= 0 ? body.slice(0, eq) : body;
		const value = eq >= 0 ? body.slice(eq + 1) : TF_WITH_VALUE.has(name) && i + 1 < words.length ? words[++i].text : '';
		options.set(name, [...(options.get(name) ?? []), value]);
	}
	return { options, positionals };
}

interface Tf {
	readonly tool: string;
	/** `destroy`, `apply`, `state`, `workspace`… */
	readonly sub: string;
	/** Positionals after the subcommand. */
	readonly rest: readonly Word[];
	readonly args: TfArgs;
	/** Runs in every module or stack under the directory (`terragrunt run-all`, `terramate run`). */
	readonly all: boolean;
	readonly production?: ProductionHint;
}

const TF_TOOLS = ['terraform', 'tofu', 'opentofu', 'tf', 'terragrunt'];

/**
 * Terraform's own environment: `TF_CLI_ARGS` adds its words to every command, `TF_CLI_ARGS_<sub>` to
 * one (`TF_CLI_ARGS_apply=-destroy terraform apply` destroys). Words split as a shell would, quotes removed.
 */
function cliArgsFromEnvironment(sub: string, env: Readonly<Record<string, string | undefined>>): Word[] {
	const text = [env.TF_CLI_ARGS, env[`TF_CLI_ARGS_${sub.replace(/-/g, '_')}`]].filter((v) => v !== undefined && v !== '').join(' ');
	return [...text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => literalWord(m[1] ?? m[2] ?? m[3]));
}

/** The Terraform subcommand that really runs, through Terragrunt, Terramate or Atmos. */
function terraform(inv: Invocation, environment: Readonly<Record<string, string | undefined>> = {}): Tf | undefined {
	let argv = inv.argv.slice(1);
	let tool = inv.name;
	let all = false;
	if (tool === 'terramate') {
		const dd = argv.findIndex((w) => w.text === '--');
		const inner = dd >= 0 ? argv[dd + 1]?.text : undefined;
		if (!inner || !TF_TOOLS.includes(inner.replace(/^.*\//, ''))) {
			return undefined;
		}
		tool = inner;
		argv = argv.slice(dd + 2);
		all = true;
	}
	if (tool === 'atmos') {
		if (argv[0]?.text !== 'terraform') {
			return undefined;
		}
		argv = argv.slice(1);
	}
	let args = tfParse(argv);
	if (args.options.has('help') || args.options.has('h') || args.options.has('version')) {
		return undefined;
	}
	let positionals = args.positionals;
	if (tool === 'terragrunt') {
		// `terragrunt run-all destroy`, `terragrunt run --all destroy`, `terragrunt destroy-all` (old).
		all = positionals.some((w) => w.text === 'run-all' || w.text.endsWith('-all')) || args.options.has('all') || all;
		positionals = positionals.filter((w) => !['run-all', 'run', 'stack'].includes(w.text));
	}
	const subWord = positionals[0];
	if (!subWord) {
		return undefined;
	}
	const sub = subWord.text.replace(/-all$/, '');
	const fromEnvironment = TF_TOOLS.includes(tool) && tool !== 'terragrunt' ? cliArgsFromEnvironment(sub, { ...environment, ...inv.env }) : [];
	if (fromEnvironment.length > 0) {
		args = { ...tfParse([...argv, ...fromEnvironment]), positionals };
	}
	const values = (name: string) => args.options.get(name) ?? [];
	const production = productionLooking([
		...values('var-file').map((v) => ['var file', v] as const), ...values('var').map((v) => ['variable', v] as const),
		['directory', values('chdir')[0]], ['directory', values('terragrunt-working-dir')[0] ?? values('working-dir')[0]],
		['stack', values('s')[0] ?? values('stack')[0]], ['backend config', values('backend-config')[0]],
	]);
	return { tool, sub, rest: positionals.slice(1), args, all, production };
}

/** Resource addresses that hold data: destroying or replacing them loses it. */
const DATA_TOKENS = new Set([
	'db', 'rds', 'database', 'databases', 'sql', 'postgres', 'postgresql', 'mysql', 'mariadb', 'aurora', 'mongo', 'mongodb', 'mongodbatlas', 'dynamodb', 'table',
	'bucket', 's3', 'storage', 'gcs', 'blob', 'volume', 'disk', 'ebs', 'efs', 'fsx', 'filesystem', 'file', 'redis', 'elasticache', 'memorystore', 'bigtable',
	'spanner', 'firestore', 'cosmosdb', 'documentdb', 'docdb', 'backup', 'snapshot', 'kms', 'key', 'vault', 'secret', 'secretsmanager', 'opensearch',
	'elasticsearch', 'redshift', 'bigquery', 'dataset', 'kinesis', 'sqs', 'queue', 'datastore', 'neptune', 'keyspaces', 'cassandra', 'timestream',
]);

function holdsData(address: string): boolean {
	return address.toLowerCase().split(/[^a-z0-9]+/).some((t) => DATA_TOKENS.has(t));
}

type TfMatcher = (tf: Tf, inv: Invocation, rc: RuleContext) => Match | undefined;

function tfRule(rule: Omit<Rule, 'commands' | 'match'> & { match: TfMatcher }): Rule {
	const { match, ...rest } = rule;
	return {
		...rest,
		commands: [...TF_TOOLS, 'terramate', 'atmos'],
		match(inv, rc) {
			const tf = terraform(inv, rc.analysis.env);
			const found = tf && match(tf, inv, rc);
			return found ? withProduction(found, rest.severity, tf.production) : undefined;
		},
	};
}

/** Plan files written by `terraform plan -destroy -out=FILE` among the given commands. */
function destroyPlanFrom(commands: readonly Invocation[]): string[] {
	const files: string[] = [];
	for (const inv of commands) {
		const tf = TF_TOOLS.includes(inv.name) ? terraform(inv) : undefined;
		if (tf?.sub === 'plan' && tf.args.options.has('destroy') && tf.args.options.get('destroy')?.[0] !== 'false') {
			files.push(...(tf.args.options.get('out') ?? []));
		}
	}
	return files;
}

const terraformRules: Rule[] = [
	tfRule({
		id: 'iac:terraform-destroy',
		severity: 'critical',
		reason: 'Destroys every resource Terraform manages in this configuration: databases, buckets, networks, servers.',
		alternative: 'terraform plan -destroy shows exactly what would be destroyed.',
		match(tf, inv, rc) {
			const destroying = tf.sub === 'destroy' || (tf.sub === 'apply' && tf.args.options.has('destroy') && tf.args.options.get('destroy')?.[0] !== 'false');
			if (!destroying) {
				// `terraform plan -destroy -out=p && terraform apply p`: the plan was made earlier in this line.
				const planned = tf.sub === 'apply' ? destroyPlanFrom(rc.preceding).find((file) => tf.rest.some((w) => w.text === file)) : undefined;
				if (planned) {
					return { targets: [planned], reason: `Applies the plan ${planned}, made with plan -destroy earlier in this line: it destroys every resource in it.` };
				}
				// `terraform apply destroy.tfplan`: a saved plan made with `plan -destroy`.
				const plan = tf.sub === 'apply' ? tf.rest.find((w) => /destroy/i.test(w.text)) : undefined;
				return plan ? { targets: [plan.text], severity: 'high', reason: `Applies the saved plan ${plan.text}, which by its name destroys infrastructure.` } : undefined;
			}
			const auto = tf.args.options.has('auto-approve') || tf.args.options.has('force') ? ' without asking (-auto-approve)' : '';
			const targets = tf.args.options.get('target') ?? [];
			if (targets.length > 0) {
				return {
					targets,
					severity: targets.some(holdsData) ? 'critical' : 'high',
					reason: `Destroys ${targets.join(', ')}${targets.length > 1 ? '' : ' and everything that depends on it'}${auto}.`,
				};
			}
			// Atmos names the component: `atmos terraform destroy vpc -s prod`.
			const component = inv.name === 'atmos' ? tf.rest[0]?.text : undefined;
			const scope = tf.all ? 'every module under this directory' : component ? `the component ${component}` : 'this configuration';
			return { targets: [component ?? 'destroy'], reason: `Destroys every resource Terraform manages in ${scope}${auto}: databases, buckets, networks, servers.` };
		},
	}),
	tfRule({
		id: 'iac:terraform-state-rm',
		severity: 'high',
		reason: 'Removes resources from Terraform state: they keep running but Terraform forgets them, and the next apply may create duplicates.',
		alternative: 'terraform state rm -dry-run lists what would be removed; terraform state pull > backup.tfstate first.',
		match(tf, inv) {
			if (tf.sub !== 'state' || tf.rest[0]?.text !== 'rm' || tf.args.options.has('dry-run')) {
				return undefined;
			}
			const addresses = tf.rest.slice(1).map((w) => w.text);
			if (addresses.length === 0) {
				// `terraform state list | grep old | xargs terraform state rm`
				return inv.dynamicArgs ? { targets: ['state'], reason: 'Removes the addresses named on its input (from xargs) from Terraform state; which ones is known only when it runs.' } : undefined;
			}
			return { targets: addresses, reason: `Removes ${addresses.join(', ')} from Terraform state: the real resources keep running but Terraform forgets them.` };
		},
	}),
	tfRule({
		id: 'iac:terraform-state-push',
		severity: 'high',
		reason: 'Overwrites the remote Terraform state with a local file.',
		alternative: 'terraform state pull > backup.tfstate first.',
		match(tf) {
			if (tf.sub !== 'state' || tf.rest[0]?.text !== 'push' || !tf.rest[1]) {
				return undefined;
			}
			const file = tf.rest[1].text;
			return tf.args.options.has('force')
				? { targets: [file], reason: `Overwrites the remote Terraform state with ${file}, skipping the lineage and serial checks (-force).` }
				: { targets: [file], severity: 'medium', reason: `Overwrites the remote Terraform state with ${file}.` };
		},
	}),
	tfRule({
		id: 'iac:terraform-workspace-delete',
		severity: 'high',
		reason: 'Deletes a Terraform workspace and its state; resources it still tracks are orphaned.',
		match(tf) {
			// A lone `-` is no workspace name: terraform refuses it (and what follows it) as arguments.
			if (tf.sub !== 'workspace' || tf.rest[0]?.text !== 'delete' || !tf.rest[1] || tf.rest[1].text === '-') {
				return undefined;
			}
			const name = tf.rest[1].text;
			const hint = productionLooking([['workspace', name]]);
			const match: Match = { targets: [name], reason: `Deletes the Terraform workspace ${name} and its state${tf.args.options.has('force') ? ', even if it still tracks resources (-force): they are orphaned' : ''}.` };
			return hint ? withProduction(match, 'high', hint) : match;
		},
	}),
	tfRule({
		id: 'iac:terraform-replace',
		severity: 'medium',
		reason: 'Forces resources to be destroyed and created again; whatever they hold is lost.',
		match(tf) {
			const replaced = tf.sub === 'apply' ? tf.args.options.get('replace') ?? [] : tf.sub === 'taint' ? tf.rest.map((w) => w.text).slice(0, 1) : [];
			if (replaced.length === 0) {
				return undefined;
			}
			const severity: Severity = replaced.some(holdsData) ? 'high' : 'medium';
			const verb = tf.sub === 'taint' ? 'Marks' : 'Destroys and recreates';
			return { targets: replaced, severity, reason: `${verb} ${replaced.join(', ')}${tf.sub === 'taint' ? ' to be destroyed and recreated on the next apply' : ''}; whatever ${replaced.length > 1 ? 'they hold' : 'it holds'} is lost.` };
		},
	}),
	tfRule({
		id: 'iac:terraform-force-unlock',
		severity: 'medium',
		reason: 'Removes the state lock: if another run still holds it, both write the state and it can be corrupted.',
		match: (tf) => (tf.sub === 'force-unlock' && tf.rest[0] ? { targets: [tf.rest[0].text] } : undefined),
	}),
];

// ---- Pulumi, CDK, SAM, Serverless, SST ---------------------------------------------------------

const PULUMI_WITH_VALUE = ['-s', '--stack', '-C', '--cwd', '--color', '-v', '--verbose', '--config-file', '-t', '--target', '--exclude', '-m', '--message', '--parallel', '-p',
	'--replace', '--target-replace', '--tracing', '--secrets-provider', '--policy-pack', '--policy-pack-config'];

interface Pulumi {
	readonly parsed: ParsedArgs;
	readonly sub: string;
	readonly action?: string;
	readonly rest: readonly string[];
	readonly stack?: string;
}

function pulumiRule(rule: Omit<Rule, 'commands' | 'match'> & { match: (p: Pulumi) => Match | undefined }): Rule {
	const { match, ...fields } = rule;
	return {
		...fields,
		commands: ['pulumi'],
		match(inv) {
			const parsed = parseArgs(inv.argv.slice(1), { withValue: PULUMI_WITH_VALUE });
			const [sub, action, ...rest] = parsed.positionals.map((w) => w.text);
			if (!sub || hasOption(parsed, '-h', '--help', '--preview-only')) {
				return undefined;
			}
			const stack = optionValue(parsed, '-s', '--stack');
			const found = match({ parsed, sub, action, rest, stack });
			const hint = productionLooking([['stack', stack], ['stack', sub === 'stack' ? rest[0] : undefined], ['directory', optionValue(parsed, '-C', '--cwd')]]);
			return found ? withProduction(found, fields.severity, hint) : undefined;
		},
	};
}

const pulumiRules: Rule[] = [
	pulumiRule({
		id: 'iac:pulumi-destroy',
		severity: 'critical',
		reason: 'Destroys every resource in the Pulumi stack.',
		alternative: 'pulumi destroy --preview-only shows what would be destroyed.',
		match({ parsed, sub, stack }) {
			if (sub !== 'destroy' && sub !== 'down') {
				return undefined;
			}
			const targets = [...(parsed.options.get('-t') ?? []), ...(parsed.options.get('--target') ?? [])];
			if (targets.length > 0) {
				return { targets, severity: targets.some(holdsData) ? 'critical' : 'high', reason: `Destroys ${targets.join(', ')} in the Pulumi stack${stack ? ` ${stack}` : ''}.` };
			}
			return { targets: [stack ?? sub], reason: `Destroys every resource in the Pulumi stack${stack ? ` ${stack}` : ''}: databases, buckets, networks, servers.` };
		},
	}),
	pulumiRule({
		id: 'iac:pulumi-stack-rm',
		severity: 'high',
		reason: 'Removes a Pulumi stack with its state, configuration and history.',
		match({ parsed, sub, action, rest, stack }) {
			if (sub !== 'stack' || (action !== 'rm' && action !== 'remove')) {
				return undefined;
			}
			const name = rest[0] ?? stack;
			const force = hasOption(parsed, '-f', '--force');
			// Unnamed, the selected stack: `stack` is the word that names it.
			return { targets: [name ?? 'stack'], severity: force ? 'critical' : undefined, reason: `Removes the Pulumi stack${name ? ` ${name}` : ''} with its state, configuration and history${force ? ', even though it still has resources (--force): they are orphaned' : ''}.` };
		},
	}),
	pulumiRule({
		id: 'iac:pulumi-state-delete',
		severity: 'high',
		reason: 'Deletes a resource from the Pulumi state: the real resource keeps running but Pulumi forgets it.',
		match({ parsed, sub, action, rest }) {
			if (sub !== 'state' || action !== 'delete') {
				return undefined;
			}
			const urns = rest.length > 0 ? [...rest] : hasOption(parsed, '--all') ? ['--all'] : [];
			return urns.length > 0 ? { targets: urns, reason: `Deletes ${urns.join(', ')} from the Pulumi state: the real resource keeps running but Pulumi forgets it.` } : undefined;
		},
	}),
	pulumiRule({
		id: 'iac:pulumi-replace',
		severity: 'medium',
		reason: 'Forces resources to be destroyed and created again; whatever they hold is lost.',
		match({ parsed, sub }) {
			if (sub !== 'up' && sub !== 'update') {
				return undefined;
			}
			const replaced = [...(parsed.options.get('--replace') ?? []), ...(parsed.options.get('--target-replace') ?? [])];
			return replaced.length > 0 ? { targets: replaced, severity: replaced.some(holdsData) ? 'high' : undefined, reason: `Destroys and recreates ${replaced.join(', ')}; whatever ${replaced.length > 1 ? 'they hold' : 'it holds'} is lost.` } : undefined;
		},
	}),
];

/** `cdk destroy`, `cdktf destroy`, `sam delete`, `serverless remove`, `sst remove`: delete a whole deployed app. */
const APP_TOOLS: Record<string, { verbs: readonly string[]; withValue: readonly string[]; names: 'positionals' | 'stack-name' | 'stage'; label: string }> = {
	cdk: { verbs: ['destroy'], withValue: ['-a', '--app', '-c', '--context', '--profile', '-o', '--output', '-r', '--role-arn', '--plugin', '--ca-bundle-path', '--proxy', '--toolkit-stack-name'], names: 'positionals', label: 'CDK stack' },
	cdktf: { verbs: ['destroy'], withValue: ['-a', '--app', '-o', '--output', '--var', '--var-file', '--parallelism'], names: 'positionals', label: 'CDKTF stack' },
	sam: { verbs: ['delete'], withValue: ['--stack-name', '--region', '--profile', '--config-file', '--config-env', '--s3-bucket', '--s3-prefix'], names: 'stack-name', label: 'SAM stack' },
	serverless: { verbs: ['remove'], withValue: ['-s', '--stage', '-r', '--region', '--aws-profile', '-c', '--config', '--app', '--org'], names: 'stage', label: 'Serverless stage' },
	sst: { verbs: ['remove'], withValue: ['--stage', '--region', '--profile', '--config'], names: 'stage', label: 'SST stage' },
};

const appRule: Rule = {
	id: 'iac:app-destroy',
	severity: 'critical',
	commands: ['cdk', 'aws-cdk', 'cdktf', 'sam', 'serverless', 'sls', 'osls', 'sst', 'yarn', 'pnpm', 'bun'],
	reason: 'Deletes a whole deployed application: its stacks and every resource in them.',
	match(inv) {
		let argv = inv.argv;
		// `yarn cdk destroy`, `pnpm sst remove`: package managers run a project's binaries by name.
		if (['yarn', 'pnpm', 'bun'].includes(inv.name)) {
			argv = argv.slice(argv[1]?.text === 'run' ? 2 : 1);
			if (!argv[0] || !['cdk', 'cdktf', 'serverless', 'sls', 'sst'].includes(argv[0].text)) {
				return undefined;
			}
		}
		const invoked = commandName(argv[0].text);
		const name = invoked === 'aws-cdk' ? 'cdk' : invoked === 'sls' || invoked === 'osls' ? 'serverless' : invoked;
		const tool = APP_TOOLS[name];
		const parsed = parseArgs(argv.slice(1), { withValue: [...tool.withValue] });
		const [verb, ...names] = parsed.positionals.map((w) => w.text);
		if (!verb || !tool.verbs.includes(verb) || hasOption(parsed, '-h', '--help')) {
			return undefined;
		}
		const named = tool.names === 'positionals' ? names : tool.names === 'stack-name' ? [optionValue(parsed, '--stack-name')].filter((v): v is string => v !== undefined) : [optionValue(parsed, '-s', '--stage')].filter((v): v is string => v !== undefined);
		const targets = named.length > 0 ? named : [verb];
		const what = named.length > 0 ? `the ${tool.label} ${named.join(', ')}` : hasOption(parsed, '--all') ? `every ${tool.label}` : `the ${tool.label}${tool.names === 'stage' ? ' (the default stage)' : ''}`;
		const hint = productionLooking([...named.map((n) => [tool.label.split(' ')[1], n] as const), ['profile', optionValue(parsed, '--profile', '--aws-profile')]]);
		return withProduction({ targets, reason: `Deletes ${what} and every resource in it: databases, buckets, functions, queues.` }, 'critical', hint);
	},
};

const rules: Rule[] = [...terraformRules, ...pulumiRules, appRule];

export const iacPack: RulePack = {
	name: 'iac',
	description: 'Infrastructure as code: Terraform/OpenTofu/Terragrunt, Pulumi, CDK, SAM, Serverless, SST.',
	rules,
};

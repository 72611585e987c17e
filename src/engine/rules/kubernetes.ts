/**
 * Kubernetes and Helm: deletions beyond a single pod, drains, uninstalls, local clusters.
 *
 * Targets: the resource names (`kubectl delete namespace prod` → `prod`); for `-f`/`-k` the manifest
 * file or directory; for `-l` the selector; for `--all` the namespace given with `-n`, else the resource
 * type as written (`kubectl delete pods --all` → `pods`). A production-looking `--context`, `--cluster`,
 * `--kubeconfig`, `KUBECONFIG` or namespace raises the severity one step and is named in the reason.
 */
import { hasOption, optionValue, parseArgs, type ParsedArgs } from '../argv';
import type { Invocation, Severity, Word } from '../types';
import type { Match, Rule, RuleContext, RulePack } from './rule';

// ---- production-looking names (shared with the containers and iac packs) -------------------------

const PROD_TOKEN = /^(?:prod|production|prd|live)\d*$/i;

export interface ProductionHint {
	/** What the value is: `context`, `namespace`, `workspace`… */
	readonly what: string;
	readonly value: string;
}

/** The first value that looks like it names production: `prod`, `gke_acme_prod-eu`, `envs/production`. */
export function productionLooking(candidates: readonly (readonly [string, string | undefined])[]): ProductionHint | undefined {
	for (const [what, value] of candidates) {
		if (value !== undefined && value.split(/[^A-Za-z0-9]+/).some((t) => PROD_TOKEN.test(t))) {
			return { what, value };
		}
	}
	return undefined;
}

const ORDER: Severity[] = ['none', 'low', 'medium', 'high', 'critical'];

/** One step stronger: medium → high → critical. */
export function raised(severity: Severity): Severity {
	return ORDER[Math.min(ORDER.indexOf(severity) + 1, ORDER.length - 1)];
}

/** Applies a production hint to a match: one step stronger, and the hint named in the reason. */
export function withProduction(match: Match, base: Severity, hint: ProductionHint | undefined): Match {
	if (!hint) {
		return match;
	}
	return { ...match, severity: raised(match.severity ?? base), reason: `${match.reason ?? ''} The ${hint.what} "${hint.value}" looks like production.`.trim() };
}

// ---- kubectl -------------------------------------------------------------------------------------

/** Options (global and per-command) that take a value, so their values are not read as names. */
const KUBE_WITH_VALUE = [
	'-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token', '--as', '--as-group', '--as-uid',
	'--request-timeout', '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '-v', '--v', '--cache-dir',
	'--profile', '--profile-output', '--password', '--username', '--log-file', '--vmodule', '-f', '--filename', '-l', '--selector',
	'--field-selector', '--grace-period', '--timeout', '-o', '--output', '-k', '--kustomize', '--raw', '--replicas', '--current-replicas',
	'--resource-version', '--prune-allowlist', '--prune-whitelist', '--field-manager', '--pod-selector', '--chunk-size', '--template', '--for',
	'-p', '--patch', '--type', '-c', '--container', '--image', '--overrides', '--applyset', '--skip-wait-for-delete-timeout', '--server-side-field-manager',
];

/** Names under which kubectl runs; `microk8s kubectl …`, `k3s kubectl …` and `minikube kubectl -- …` are peeled here. */
const KUBECTLS = ['kubectl', 'oc', 'k', 'kubecolor', 'microk8s.kubectl', 'microk8s', 'k3s', 'minikube'];

interface Kubectl {
	readonly sub: string;
	/** Positionals after the subcommand. */
	readonly rest: readonly Word[];
	readonly parsed: ParsedArgs;
	/** A production-looking context, cluster, kubeconfig or namespace. */
	readonly production?: ProductionHint;
	readonly namespace?: string;
}

function kubectl(inv: Invocation): Kubectl | undefined {
	let args = inv.argv.slice(1);
	if (['microk8s', 'k3s', 'minikube'].includes(inv.name)) {
		if (args[0]?.text !== 'kubectl') {
			return undefined;
		}
		args = args.slice(args[1]?.text === '--' ? 2 : 1);
	}
	const parsed = parseArgs(args, { withValue: KUBE_WITH_VALUE });
	if (hasOption(parsed, '-h', '--help')) {
		return undefined;
	}
	const dry = optionValue(parsed, '--dry-run');
	if (dry !== undefined && dry !== 'none') {
		return undefined;
	}
	let positionals = parsed.positionals;
	// `oc adm drain node-1`
	if (positionals[0]?.text === 'adm') {
		positionals = positionals.slice(1);
	}
	if (positionals.length === 0) {
		return undefined;
	}
	const namespace = optionValue(parsed, '-n', '--namespace');
	const production = productionLooking([
		['context', optionValue(parsed, '--context')], ['cluster', optionValue(parsed, '--cluster')], ['kubeconfig', optionValue(parsed, '--kubeconfig')],
		['kubeconfig', inv.env.KUBECONFIG], ['server', optionValue(parsed, '-s', '--server')], ['namespace', namespace],
	]);
	return { sub: positionals[0].text, rest: positionals.slice(1), parsed, production, namespace };
}

/** Canonical singular kind for a resource type as typed: `deploy` → deployment, `pvc` → persistentvolumeclaim. */
const ALIASES: Record<string, string> = {
	po: 'pod', pods: 'pod', ns: 'namespace', namespaces: 'namespace', pvc: 'persistentvolumeclaim', persistentvolumeclaims: 'persistentvolumeclaim',
	pv: 'persistentvolume', persistentvolumes: 'persistentvolume', crd: 'customresourcedefinition', crds: 'customresourcedefinition',
	customresourcedefinitions: 'customresourcedefinition', sts: 'statefulset', statefulsets: 'statefulset', deploy: 'deployment', deployments: 'deployment',
	svc: 'service', services: 'service', ds: 'daemonset', daemonsets: 'daemonset', jobs: 'job', cj: 'cronjob', cronjobs: 'cronjob', cm: 'configmap',
	configmaps: 'configmap', secrets: 'secret', ing: 'ingress', ingresses: 'ingress', no: 'node', nodes: 'node', sc: 'storageclass',
	storageclasses: 'storageclass', rs: 'replicaset', replicasets: 'replicaset', ev: 'event', events: 'event', projects: 'project',
	volumesnapshots: 'volumesnapshot', vs: 'volumesnapshot', hpa: 'horizontalpodautoscaler', pdb: 'poddisruptionbudget', sa: 'serviceaccount',
};

function kindOf(type: string): string {
	const base = type.toLowerCase().split('.')[0];
	return ALIASES[base] ?? base;
}

/** Kinds whose deletion takes data or everything inside with it. */
const CRITICAL_KINDS = new Set(['namespace', 'project', 'persistentvolumeclaim', 'persistentvolume', 'customresourcedefinition', 'volumesnapshot', 'storageclass']);
/** Kinds a controller recreates or that are routinely cleaned up one at a time. */
const ROUTINE_KINDS = new Set(['pod', 'job', 'replicaset']);

function kindSeverity(kinds: readonly string[], mass: boolean): Severity {
	if (kinds.some((k) => CRITICAL_KINDS.has(k))) {
		return 'critical';
	}
	if (!mass && kinds.length > 0 && kinds.every((k) => ROUTINE_KINDS.has(k))) {
		return 'medium';
	}
	return 'high';
}

/** Kinds listed in a manifest (`kind: Namespace`), for `-f file`. */
function manifestKinds(text: string): string[] {
	return [...text.matchAll(/^\s*kind:\s*["']?(\w+)/gm)].map((m) => m[1].toLowerCase());
}

/** The manifests named with -f/-k: their targets and, when readable, their kinds. */
function manifests(k: Kubectl, inv: Invocation, rc: RuleContext): { targets: string[]; kinds: string[] } | undefined {
	const files = [...(k.parsed.options.get('-f') ?? []), ...(k.parsed.options.get('--filename') ?? [])];
	const dirs = [...(k.parsed.options.get('-k') ?? []), ...(k.parsed.options.get('--kustomize') ?? [])];
	if (files.length === 0 && dirs.length === 0) {
		return undefined;
	}
	const kinds: string[] = [];
	const targets: string[] = [];
	for (const written of files) {
		// The parser drops a lone `-` written just before a heredoc (`-f - <<EOF`): an empty value with stdin means `-`.
		const file = written === '' && inv.stdinText !== undefined ? '-' : written;
		const text = file === '-' ? inv.stdinText : /^https?:/.test(file) ? undefined : rc.readFile(rc.resolve(file, inv) ?? '');
		if (text !== undefined) {
			kinds.push(...manifestKinds(text));
		}
		// `-f -` reads the manifest from stdin: name the first object in it.
		const named = file === '-' && text !== undefined ? /^\s+name:\s*["']?([\w.-]+)/m.exec(text)?.[1] : undefined;
		targets.push(named ?? file);
	}
	return { targets: [...targets, ...dirs], kinds };
}

/** What goes with a deleted resource of this kind, for the reason. */
const CONSEQUENCE: Record<string, string> = {
	namespace: 'Every resource in it goes too: workloads, services, secrets and volume claims.',
	project: 'Every resource in it goes too: workloads, services, secrets and volume claims.',
	persistentvolumeclaim: 'With the usual Delete reclaim policy the disk and its data go with it.',
	persistentvolume: 'With a Delete reclaim policy the disk and its data go with it.',
	customresourcedefinition: 'Every custom resource of that kind in the cluster is deleted with it.',
	statefulset: 'Its pods stop and the service they run goes down.',
	deployment: 'Its pods stop and the service they run goes down.',
	secret: 'Secret values often exist nowhere else.',
	pod: 'Its controller, if any, starts a new one.',
};

function deleteMatch(k: Kubectl, inv: Invocation, rc: RuleContext): Match | undefined {
	const all = hasOption(k.parsed, '--all');
	const everywhere = hasOption(k.parsed, '-A', '--all-namespaces');
	const selector = optionValue(k.parsed, '-l', '--selector');
	const fieldSelector = optionValue(k.parsed, '--field-selector');
	const raw = optionValue(k.parsed, '--raw');
	if (raw) {
		return { targets: [raw], severity: 'high', reason: `Sends a raw DELETE to the API server for ${raw}.` };
	}
	const files = manifests(k, inv, rc);
	if (files) {
		const severity = files.kinds.length > 0 ? kindSeverity(files.kinds, true) : 'high';
		const listed = files.kinds.length > 0 ? ` (${[...new Set(files.kinds)].join(', ')})` : '';
		return { targets: files.targets, severity, reason: `Deletes every resource that ${files.targets.join(', ')} defines${listed}.` };
	}
	const [first, ...names] = k.rest;
	if (!first) {
		// `kubectl get ns -o name | grep preview | xargs kubectl delete`
		return inv.dynamicArgs ? { targets: ['delete'], severity: 'high', reason: 'Deletes the resources named on its input (from xargs), which are only known when it runs.' } : undefined;
	}
	let kinds: string[];
	let targets: string[];
	if (first.text.includes('/')) {
		// `kubectl delete pod/web-1 svc/web`
		const pairs = k.rest.filter((w) => w.text.includes('/'));
		kinds = pairs.map((w) => kindOf(w.text.slice(0, w.text.indexOf('/'))));
		targets = pairs.map((w) => w.text.slice(w.text.indexOf('/') + 1));
	} else {
		kinds = first.text.split(',').map(kindOf);
		targets = names.map((w) => w.text);
	}
	if (kinds.every((kind) => kind === 'event')) {
		return undefined;
	}
	const mass = all || everywhere || selector !== undefined || fieldSelector !== undefined || names.some((w) => w.dynamic);
	let severity = kindSeverity(kinds, mass);
	// Cleaning up finished or failed pods is routine.
	if (fieldSelector && /status\.phase\s*[!=]?=\s*(?:Failed|Succeeded|Evicted)/i.test(fieldSelector) && kinds.every((kind) => kind === 'pod')) {
		severity = 'medium';
	}
	if (kinds.includes('all') && mass) {
		severity = 'critical';
	}
	if (everywhere && mass && severity === 'high') {
		severity = 'critical';
	}
	const scope = everywhere ? ' in every namespace' : k.namespace ? ` in namespace ${k.namespace}` : '';
	if (targets.length === 0 && inv.dynamicArgs) {
		return { targets: [first.text], severity: severity === 'medium' ? 'high' : severity, reason: `Deletes the ${first.text} named on its input (from xargs)${scope}.` };
	}
	if (targets.length === 0) {
		if (selector !== undefined) {
			targets = [selector];
		} else if (all || fieldSelector !== undefined) {
			targets = [k.namespace && !everywhere ? k.namespace : first.text];
		} else {
			return undefined;
		}
		const which = first.text === 'all' ? 'every pod, deployment, stateful set, service and job' : `all ${first.text}`;
		const matching = selector ?? fieldSelector;
		return { targets, severity, reason: `Deletes ${which}${matching ? ` matching ${matching}` : ''}${scope}.` };
	}
	const what = first.text.includes('/') ? k.rest.map((w) => w.text).join(', ') : `${first.text} ${targets.join(', ')}`;
	const consequence = kinds.length === 1 && CONSEQUENCE[kinds[0]] ? ` ${CONSEQUENCE[kinds[0]]}` : '';
	return { targets, severity, reason: `Deletes ${what}${scope}.${consequence}` };
}

function kubectlRule(rule: Omit<Rule, 'commands' | 'match'> & { subs: readonly string[]; match: (k: Kubectl, inv: Invocation, rc: RuleContext) => Match | undefined }): Rule {
	const { subs, match, ...rest } = rule;
	return {
		...rest,
		commands: KUBECTLS,
		match(inv, rc) {
			const k = kubectl(inv);
			if (!k || !subs.includes(k.sub)) {
				return undefined;
			}
			const found = match(k, inv, rc);
			return found ? withProduction(found, rest.severity, k.production) : undefined;
		},
	};
}

function names(k: Kubectl): string[] {
	const [first, ...others] = k.rest;
	if (!first) {
		return [];
	}
	return first.text.includes('/') ? k.rest.map((w) => w.text) : others.length > 0 ? others.map((w) => w.text) : [first.text];
}

const kubectlRules: Rule[] = [
	kubectlRule({
		id: 'kubernetes:delete',
		severity: 'high',
		subs: ['delete'],
		reason: 'Deletes Kubernetes resources.',
		alternative: 'Run it with --dry-run=server first and read what would be deleted.',
		match: deleteMatch,
	}),
	kubectlRule({
		id: 'kubernetes:drain',
		severity: 'medium',
		subs: ['drain'],
		reason: 'Evicts every pod from the node.',
		alternative: 'kubectl cordon stops new pods without evicting running ones.',
		match(k) {
			const node = k.rest[0]?.text ?? optionValue(k.parsed, '-l', '--selector');
			if (!node) {
				return undefined;
			}
			if (hasOption(k.parsed, '--delete-emptydir-data', '--delete-local-data')) {
				return { targets: [node], severity: 'high', reason: `Drains ${node} and deletes the emptyDir data of the pods it evicts.` };
			}
			if (hasOption(k.parsed, '--force')) {
				return { targets: [node], severity: 'high', reason: `Drains ${node} with --force: pods without a controller are deleted for good.` };
			}
			return { targets: [node], reason: `Evicts every pod from ${node}.` };
		},
	}),
	kubectlRule({
		id: 'kubernetes:scale-to-zero',
		severity: 'medium',
		subs: ['scale'],
		reason: 'Scales workloads to zero replicas: the service they run stops.',
		match(k) {
			const replicas = optionValue(k.parsed, '--replicas');
			if (replicas === undefined || Number(replicas) !== 0) {
				return undefined;
			}
			const selector = optionValue(k.parsed, '-l', '--selector');
			if (hasOption(k.parsed, '--all') || selector !== undefined) {
				const target = selector ?? k.namespace ?? k.rest[0]?.text ?? 'all';
				return { targets: [target], severity: 'high', reason: `Scales every ${k.rest[0]?.text ?? 'workload'} ${selector ? `matching ${selector} ` : ''}to zero replicas.` };
			}
			const files = optionValue(k.parsed, '-f', '--filename');
			const targets = files ? [files] : names(k);
			return targets.length > 0 ? { targets, reason: `Scales ${targets.join(', ')} to zero replicas: the service stops.` } : undefined;
		},
	}),
	kubectlRule({
		id: 'kubernetes:replace-force',
		severity: 'high',
		subs: ['replace'],
		reason: 'Replaces resources with --force: they are deleted and recreated, and anything not in the manifest is lost.',
		alternative: 'kubectl apply updates in place.',
		match(k, inv, rc) {
			if (!hasOption(k.parsed, '--force')) {
				return undefined;
			}
			const files = manifests(k, inv, rc);
			return files ? { targets: files.targets, severity: files.kinds.length > 0 ? kindSeverity(files.kinds, true) : undefined } : undefined;
		},
	}),
	kubectlRule({
		id: 'kubernetes:apply-prune',
		severity: 'high',
		subs: ['apply'],
		reason: 'Applies with --prune: resources that are not in the manifests are deleted.',
		alternative: 'Run it with --dry-run=server first to see what --prune would delete.',
		match(k, inv, rc) {
			if (!hasOption(k.parsed, '--prune')) {
				return undefined;
			}
			const files = manifests(k, inv, rc);
			const selector = optionValue(k.parsed, '-l', '--selector');
			const targets = files?.targets ?? (selector ? [selector] : []);
			return targets.length > 0 ? { targets, reason: `Applies ${targets.join(', ')} with --prune: matching resources that are not in the manifests are deleted${hasOption(k.parsed, '--all') ? ' (every namespace-scoped kind, --all)' : ''}.` } : undefined;
		},
	}),
];

// ---- Helm and cluster tools ----------------------------------------------------------------------

const HELM_WITH_VALUE = ['-n', '--namespace', '--kube-context', '--kubeconfig', '--kube-apiserver', '--kube-as-user', '--kube-as-group', '--kube-token', '--kube-ca-file',
	'--kube-tls-server-name', '--registry-config', '--repository-cache', '--repository-config', '--burst-limit', '--qps', '--timeout', '--description', '--cascade'];

const helmRule: Rule = {
	id: 'kubernetes:helm-uninstall',
	severity: 'high',
	commands: ['helm', 'helm3'],
	reason: 'Uninstalls a Helm release: every resource it created is deleted.',
	alternative: 'helm uninstall --dry-run lists what would be deleted; --keep-history lets you roll back.',
	match(inv) {
		const parsed = parseArgs(inv.argv.slice(1), { withValue: HELM_WITH_VALUE });
		const [sub, ...releases] = parsed.positionals;
		if (!sub || !['uninstall', 'delete', 'del', 'un'].includes(sub.text) || (releases.length === 0 && !inv.dynamicArgs) || hasOption(parsed, '--dry-run', '-h', '--help')) {
			return undefined;
		}
		// `helm ls -q | xargs helm uninstall`: the releases arrive on stdin.
		const targets = releases.length > 0 ? releases.map((w) => w.text) : [sub.text];
		const ns = optionValue(parsed, '-n', '--namespace');
		const hint = productionLooking([['context', optionValue(parsed, '--kube-context')], ['kubeconfig', optionValue(parsed, '--kubeconfig')], ['kubeconfig', inv.env.KUBECONFIG], ['namespace', ns]]);
		const which = releases.length > 0 ? `the Helm release ${targets.join(', ')}` : 'the Helm releases named on its input (from xargs)';
		return withProduction({ targets, reason: `Uninstalls ${which}${ns ? ` in ${ns}` : ''}: every resource created is deleted, including volume claims the chart owns.` }, 'high', hint);
	},
};

const helmfileRule: Rule = {
	id: 'kubernetes:helmfile-destroy',
	severity: 'high',
	commands: ['helmfile'],
	reason: 'Uninstalls every release in the helmfile.',
	match(inv) {
		const parsed = parseArgs(inv.argv.slice(1), { withValue: ['-e', '--environment', '-f', '--file', '-l', '--selector', '--kube-context', '-n', '--namespace', '--state-values-set', '--state-values-file', '--args'] });
		const sub = parsed.positionals[0]?.text;
		if ((sub !== 'destroy' && sub !== 'delete') || hasOption(parsed, '--help', '-h')) {
			return undefined;
		}
		const env = optionValue(parsed, '-e', '--environment');
		const selector = optionValue(parsed, '-l', '--selector');
		const target = selector ?? env ?? sub;
		return withProduction({ targets: [target], reason: `Uninstalls every release${selector ? ` matching ${selector}` : ''} in the helmfile${env ? ` for ${env}` : ''}.` }, 'high', productionLooking([['environment', env], ['context', optionValue(parsed, '--kube-context')]]));
	},
};

/** `tool sub…` where the words after the tool name must start with `words`; returns the remaining args. */
function after(inv: Invocation, ...words: string[]): Word[] | undefined {
	const args = inv.argv.slice(1);
	const at = words.every((w, i) => args[i]?.text === w);
	return at ? args.slice(words.length) : undefined;
}

/** The cluster a local-cluster tool would delete: its name, or the default name when the tool is named after it (kind, minikube). */
function localCluster(inv: Invocation): string[] | undefined {
	const help = (args: readonly Word[]) => args.some((w) => w.text === '--help' || w.text === '-h');
	const names = (parsed: ParsedArgs, fallback: string) => (parsed.positionals.length > 0 ? parsed.positionals.map((w) => w.text) : [fallback]);
	const args = inv.name === 'kind' ? after(inv, 'delete', 'cluster') ?? after(inv, 'delete', 'clusters')
		: inv.name === 'k3d' ? after(inv, 'cluster', 'delete') ?? after(inv, 'cluster', 'rm')
			: after(inv, 'delete');
	if (!args || help(args)) {
		return undefined;
	}
	const parsed = parseArgs(args, { withValue: ['-n', '--name', '-p', '--profile', '--kubeconfig', '-c', '--config', '--namespace', '--context', '--driver'] });
	switch (inv.name) {
		case 'kind': {
			const name = optionValue(parsed, '-n', '--name');
			return name ? [name] : names(parsed, hasOption(parsed, '-A', '--all') ? 'clusters' : 'kind');
		}
		case 'minikube':
			return [optionValue(parsed, '-p', '--profile') ?? 'minikube'];
		case 'k3d':
			return names(parsed, 'delete');
		default:
			return parsed.positionals[0] ? [parsed.positionals[0].text] : undefined;
	}
}

const localClusterRule: Rule = {
	id: 'kubernetes:local-cluster-delete',
	severity: 'high',
	commands: ['kind', 'minikube', 'k3d', 'microk8s', 'kubeadm', 'k3s-uninstall.sh', 'k3s-agent-uninstall.sh', 'rke2-uninstall.sh', 'vcluster'],
	reason: 'Deletes a local Kubernetes cluster with every workload and volume in it.',
	match(inv) {
		if (inv.name.endsWith('-uninstall.sh')) {
			return { targets: [inv.argv[0].text], reason: 'Uninstalls the node\'s Kubernetes distribution and deletes its cluster data and local volumes.' };
		}
		if (inv.name === 'microk8s' || inv.name === 'kubeadm') {
			const args = after(inv, 'reset');
			if (!args || args.some((w) => w.text === '--help' || w.text === '-h')) {
				return undefined;
			}
			return inv.name === 'kubeadm'
				? { targets: ['reset'], severity: 'critical', reason: 'Resets this node: the cluster state kubeadm set up (etcd data on a control-plane node, certificates, manifests) is removed.' }
				: { targets: ['reset'], severity: args.some((w) => w.text === '--destroy-storage') ? 'critical' : 'high', reason: 'Resets MicroK8s: every workload and add-on is removed (and with --destroy-storage, the stored volumes).' };
		}
		const targets = localCluster(inv);
		if (!targets) {
			return undefined;
		}
		const which = targets[0] === 'delete' ? `the default ${inv.name} cluster` : targets[0] === 'clusters' || inv.argv.some((w) => w.text === '--all') ? `every ${inv.name} cluster` : `the ${inv.name} cluster ${targets.join(', ')}`;
		return { targets, reason: `Deletes ${which} with every workload and volume in it.` };
	},
};

const clusterRule: Rule = {
	id: 'kubernetes:cluster-delete',
	severity: 'critical',
	commands: ['eksctl', 'kops'],
	reason: 'Deletes a Kubernetes cluster with every workload on it.',
	match(inv) {
		const withValue = ['-n', '--name', '-r', '--region', '-f', '--config-file', '--state', '--profile', '--cluster'];
		const args = after(inv, 'delete', 'cluster') ?? after(inv, 'delete', 'nodegroup') ?? after(inv, 'delete', 'ng');
		if (!args) {
			return undefined;
		}
		const parsed = parseArgs(args, { withValue });
		// `kops delete cluster` without --yes only previews.
		if (hasOption(parsed, '-h', '--help') || (inv.name === 'kops' && !hasOption(parsed, '--yes', '-y'))) {
			return undefined;
		}
		const nodegroup = inv.argv[2]?.text !== 'cluster';
		const target = optionValue(parsed, '-n', '--name') ?? parsed.positionals[0]?.text ?? optionValue(parsed, '-f', '--config-file') ?? 'cluster';
		return nodegroup ? { targets: [target], severity: 'high', reason: `Deletes the node group ${target}: its nodes and the pods on them go away.` } : { targets: [target], reason: `Deletes the Kubernetes cluster ${target} with every workload on it.` };
	},
};

const gitopsRule: Rule = {
	id: 'kubernetes:gitops-delete',
	severity: 'high',
	commands: ['argocd', 'flux', 'velero'],
	reason: 'Deletes a GitOps application or backup, and with it the resources or data it manages.',
	match(inv) {
		const parsed = parseArgs(inv.argv.slice(1), { withValue: ['-n', '--namespace', '--context', '--kube-context', '--server', '--propagation-policy', '-l', '--selector', '--kubeconfig', '--grpc-web-root-path'] });
		const [a, b, ...rest] = parsed.positionals.map((w) => w.text);
		if (hasOption(parsed, '-h', '--help', '--dry-run')) {
			return undefined;
		}
		if (inv.name === 'argocd' && (a === 'app' || a === 'appset') && b === 'delete' && rest.length > 0) {
			const cascade = optionValue(parsed, '--cascade');
			return { targets: rest, severity: cascade === 'false' ? 'medium' : 'high', reason: `Deletes the Argo CD application ${rest.join(', ')}${cascade === 'false' ? '' : ' and every resource it deployed'}.` };
		}
		if (inv.name === 'flux' && a === 'uninstall') {
			return { targets: ['uninstall'], reason: 'Uninstalls Flux from the cluster, with its custom resources.' };
		}
		if (inv.name === 'flux' && a === 'delete' && b && rest.length > 0) {
			return { targets: rest, reason: `Deletes the Flux ${b} ${rest.join(', ')}; with pruning enabled, every resource it applied is deleted too.` };
		}
		if (inv.name === 'velero' && (a === 'backup' || a === 'schedule' || a === 'restore') && b === 'delete') {
			const targets = rest.length > 0 ? rest : hasOption(parsed, '--all') ? ['--all'] : optionValue(parsed, '-l', '--selector') ? [optionValue(parsed, '-l', '--selector')!] : [];
			return targets.length > 0 ? { targets, severity: a === 'backup' ? 'critical' : 'medium', reason: `Deletes the Velero ${a} ${targets.join(', ')}${a === 'backup' ? ' and its stored data: it can no longer be restored' : ''}.` } : undefined;
		}
		return undefined;
	},
};

const rules: Rule[] = [...kubectlRules, helmRule, helmfileRule, localClusterRule, clusterRule, gitopsRule];

export const kubernetesPack: RulePack = {
	name: 'kubernetes',
	description: 'Kubernetes and Helm: deletions beyond a single pod, drains, uninstalls, local clusters.',
	rules,
};

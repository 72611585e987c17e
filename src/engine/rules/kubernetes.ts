/**
 * Kubernetes and Helm: deletions beyond a single pod, drains, uninstalls, local clusters.
 *
 * Targets: the resource names (`kubectl delete namespace prod` → `prod`); for `-f`/`-k` the manifest
 * file or directory; for `-l` the selector; for `--all` the namespace given with `-n`, else the resource
 * type as written (`kubectl delete pods --all` → `pods`). A production-looking `--context`, `--cluster`,
 * `--kubeconfig`, `KUBECONFIG` or namespace raises the severity one step and is named in the reason.
 */
import { hasOption, optionValue, parseArgs, type ParsedArgs } from '../shell/argv';
import type { Invocation, Severity, Word } from '../types';
import { kubernetesToolRules } from './kubernetes-tools';
import { productionLooking, withProduction, type ProductionHint } from './production-hint';
import { stdinSource, type Match, type Rule, type RuleContext, type RulePack } from './rule';

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

/** The context chosen earlier in the line: `kubectl config use-context prod && …`, `kubectx prod && …`. */
function contextSwitchedTo(preceding: readonly Invocation[]): string | undefined {
	let context: string | undefined;
	for (const inv of preceding) {
		const words = inv.argv.slice(1).map((w) => w.text);
		if (KUBECTLS.includes(inv.name) && words[0] === 'config' && (words[1] === 'use-context' || words[1] === 'use') && words[2]) {
			context = words[2];
		} else if (inv.name === 'kubectx' && words[0] && !words[0].startsWith('-')) {
			context = words[0];
		}
	}
	return context;
}

function kubectl(inv: Invocation, preceding: readonly Invocation[] = []): Kubectl | undefined {
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
		['context', optionValue(parsed, '--context') ?? contextSwitchedTo(preceding)], ['cluster', optionValue(parsed, '--cluster')], ['kubeconfig', optionValue(parsed, '--kubeconfig')],
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
		// `-f -` reads the manifest from stdin: name the first object in it, else where it comes from
		// (`helm template app ./chart | kubectl delete -f -` → `./chart`).
		const named = file === '-' ? (text !== undefined ? /^\s+name:\s*["']?([\w.-]+)/m.exec(text)?.[1] : stdinSource(inv)) : undefined;
		targets.push(named ?? (file === '-' ? 'manifest' : file));
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
		const shown = files.targets.map((f) => (f === 'manifest' ? 'the manifest on its input' : f)).join(', ');
		return { targets: files.targets, severity, reason: `Deletes every resource that ${shown} defines${listed}.` };
	}
	const [first, ...names] = k.rest;
	if (!first) {
		// `kubectl get ns -o name | grep preview | xargs kubectl delete`: the kind listed is the nearest name.
		// Else what feeds the input (`cat list.txt | xargs kubectl delete` → list.txt).
		const listed = listedKind(inv);
		const source = listed === undefined ? stdinSource(inv) : undefined;
		return inv.dynamicArgs
			? { targets: [listed ?? source ?? 'resources'], severity: 'high', reason: `Deletes the ${listed ? `${listed} ` : 'resources '}named on its input (from xargs${listed ? `, listed by kubectl get ${listed}` : source ? `, read from ${source}` : ''}), which are only known when it runs.` }
			: undefined;
	}
	if (first.dynamic && names.length === 0 && !first.text.includes('/')) {
		// `kubectl delete $(kubectl get pods -o name)`: type/name pairs known only when it runs.
		return { targets: [first.text], severity: 'high', reason: `Deletes the resources that ${first.text} lists.` };
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
			const k = kubectl(inv, rc.preceding);
			if (!k || !subs.includes(k.sub)) {
				return undefined;
			}
			const found = match(k, inv, rc);
			return found ? withProduction(found, rest.severity, k.production) : undefined;
		},
	};
}

/**
 * A patch that empties or drops `metadata.finalizers`: `{"metadata":{"finalizers":null}}` (or `[]`, YAML's `~`),
 * a JSON patch removing or replacing `/metadata/finalizers` (or one of them).
 */
function removesFinalizers(patch: string): boolean {
	return /finalizers["']?\s*:\s*(?:null\b|~|\[\s*\]|\{\s*\}|["']{2})/.test(patch) || /"op"\s*:\s*"(?:remove|replace)"[^{}]*"\/metadata\/finalizers|"\/metadata\/finalizers[^"]*"[^{}]*"op"\s*:\s*"(?:remove|replace)"/.test(patch);
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
		id: 'kubernetes:remove-finalizers',
		severity: 'high',
		subs: ['patch'],
		reason: 'Removes finalizers: a deletion waiting on them completes at once, without the clean-up and protection they stand for.',
		alternative: 'Find out what the finalizer waits for (kubectl get … -o yaml) and let its controller finish; remove it only once the data is safe.',
		match(k) {
			const patch = optionValue(k.parsed, '-p', '--patch');
			if (patch === undefined || !removesFinalizers(patch)) {
				return undefined;
			}
			// The resources named, else the manifest naming them (`-f pvc.yaml`), else the kind as written.
			const named = names(k);
			const file = optionValue(k.parsed, '-f', '--filename');
			const targets = named.length > 0 ? named : file !== undefined ? [file] : k.rest[0] ? [k.rest[0].text] : [];
			if (targets.length === 0) {
				return undefined; // `kubectl patch -p …` naming nothing: kubectl refuses it
			}
			const what = targets.join(', ');
			return { targets, reason: `Removes the finalizers of ${what}: if it is being deleted, the deletion completes at once, without the clean-up they guard (a PersistentVolumeClaim's volume, a namespace's contents).` };
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

/** Options of `kubectl get` that take a value: the word after them is not the kind. */
const GET_WITH_VALUE = new Set(['-o', '--output', '-n', '--namespace', '-l', '--selector', '--field-selector', '--context', '--cluster', '--kubeconfig', '-L', '--label-columns', '--sort-by', '--template']);

/** The kind a `kubectl get KIND` lists into this command's input through pipes (`kubectl get ns -o name | grep x | xargs …`). */
function listedKind(inv: Invocation): string | undefined {
	let from = inv.source.stdin?.kind === 'pipe' ? inv.source.stdin.from : undefined;
	for (let i = 0; from && i < 8; i++) {
		const words = from.words.map((w) => w.text);
		const get = words.indexOf('get');
		if (/(?:^|\/)kubectl$/.test(words[0] ?? '') && get > 0) {
			return words.slice(get + 1).find((w, j, rest) => !w.startsWith('-') && !GET_WITH_VALUE.has(j > 0 ? rest[j - 1] : words[get]));
		}
		from = from.stdin?.kind === 'pipe' ? from.stdin.from : undefined;
	}
	return undefined;
}

const rules: Rule[] = [...kubectlRules, ...kubernetesToolRules];

export const kubernetesPack: RulePack = {
	name: 'kubernetes',
	description: 'Kubernetes and Helm: deletions beyond a single pod, drains, uninstalls, local clusters.',
	rules,
};

/**
 * Kubernetes tools besides kubectl: Helm and helmfile uninstalls, local clusters (kind, minikube,
 * k3d, MicroK8s, kubeadm), managed-cluster deletion (eksctl, kops) and GitOps/backup tools (Argo CD,
 * Flux, Velero).
 */
import { hasOption, optionValue, parseArgs, type ParsedArgs } from '../shell/argv';
import type { Invocation, Word } from '../types';
import { productionLooking, withProduction } from './production-hint';
import type { Rule } from './rule';

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
		const ns = optionValue(parsed, '-n', '--namespace');
		// `helm ls -q | xargs helm uninstall`: the releases arrive on stdin, known only when it runs. The
		// nearest name to type is the namespace they are listed from (here or on the `helm ls`), else `releases`.
		const targets = releases.length > 0 ? releases.map((w) => w.text) : [ns ?? listedNamespace(inv) ?? 'releases'];
		const hint = productionLooking([['context', optionValue(parsed, '--kube-context')], ['kubeconfig', optionValue(parsed, '--kubeconfig')], ['kubeconfig', inv.env.KUBECONFIG], ['namespace', ns]]);
		const which = releases.length > 0 ? `the Helm release ${targets.join(', ')}` : 'the Helm releases named on its input (from xargs)';
		return withProduction({ targets, reason: `Uninstalls ${which}${ns ? ` in ${ns}` : ''}: every resource created is deleted, including volume claims the chart owns.` }, 'high', hint);
	},
};

/** The namespace a `helm ls`/`helm list` piped into this command lists (`-n NS`, `--namespace NS`). */
function listedNamespace(inv: Invocation): string | undefined {
	let from = inv.source.stdin?.kind === 'pipe' ? inv.source.stdin.from : undefined;
	for (let i = 0; from && i < 8; i++) {
		if (/(?:^|\/)helm3?$/.test(from.words[0]?.text ?? '')) {
			const listed = parseArgs(from.words.slice(1), { withValue: HELM_WITH_VALUE });
			if (['ls', 'list'].includes(listed.positionals[0]?.text ?? '')) {
				return optionValue(listed, '-n', '--namespace');
			}
		}
		from = from.stdin?.kind === 'pipe' ? from.stdin.from : undefined;
	}
	return undefined;
}

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
			return [optionValue(parsed, '-p', '--profile') ?? (hasOption(parsed, '--all') ? 'clusters' : 'minikube')];
		case 'k3d':
			return names(parsed, hasOption(parsed, '-a', '--all') ? 'clusters' : 'k3s-default');
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
			// `k3s-uninstall.sh` removes k3s: the distribution is what is named, not the script.
			const distribution = inv.name.replace(/-uninstall\.sh$/, '');
			return { targets: [distribution], reason: `Uninstalls ${distribution} from this node and deletes its cluster data and local volumes.` };
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
		const which = targets[0] === 'clusters' || inv.argv.some((w) => w.text === '--all') ? `every ${inv.name} cluster` : `the ${inv.name} cluster ${targets.join(', ')}`;
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
			const targets = rest.length > 0 ? rest : hasOption(parsed, '--all') ? [`all ${a}s`] : optionValue(parsed, '-l', '--selector') ? [optionValue(parsed, '-l', '--selector')!] : [];
			return targets.length > 0 ? { targets, severity: a === 'backup' ? 'critical' : 'medium', reason: `Deletes the Velero ${a} ${targets.join(', ')}${a === 'backup' ? ' and its stored data: it can no longer be restored' : ''}.` } : undefined;
		}
		return undefined;
	},
};

export const kubernetesToolRules: Rule[] = [helmRule, helmfileRule, localClusterRule, clusterRule, gitopsRule];

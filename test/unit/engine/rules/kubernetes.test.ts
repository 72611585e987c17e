import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { expectVerdict, useEngine, verdictCase } from '../../helpers';
import type { AnalysisContext, Severity } from '../../../../src/engine/types';

useEngine();

const IAC = { cwd: '/home/dev/project/iac' };

describe('kubernetes pack', () => {
	const t = verdictCase;
	const severity = (line: string, expected: Severity, overrides?: Partial<AnalysisContext>) =>
		it(`${JSON.stringify(line)} is ${expected}`, () => {
			assert.equal(expectVerdict(line, expected === 'medium' || expected === 'low' ? 'allow' : 'confirm', undefined, undefined, overrides).severity, expected);
		});

	describe('kubectl delete', () => {
		t('kubectl delete namespace prod', 'confirm', 'prod', 'kubernetes:delete');
		t('kubectl delete ns staging feature-123', 'confirm', 'staging', 'kubernetes:delete');
		t('kubectl delete deployment api -n payments', 'confirm', 'api', 'kubernetes:delete');
		t('kubectl delete deploy/web svc/web', 'confirm', 'web', 'kubernetes:delete');
		t('kubectl delete statefulset postgres', 'confirm', 'postgres');
		t('kubectl delete pvc data-postgres-0', 'confirm', 'data-postgres-0');
		t('kubectl delete pv pvc-3f2a', 'confirm', 'pvc-3f2a');
		t('kubectl delete crd certificates.cert-manager.io', 'confirm', 'certificates.cert-manager.io');
		t('kubectl delete secret db-credentials -n prod', 'confirm', 'db-credentials');
		t('kubectl delete pods --all -n staging', 'confirm', 'staging');
		t('kubectl delete pods --all', 'confirm', 'pods');
		t('kubectl delete all --all', 'confirm', 'all');
		t('kubectl delete all --all -n review-42', 'confirm', 'review-42');
		t('kubectl delete deployments -l app=web', 'confirm', 'app=web');
		t('kubectl delete pods -A -l tier=cache', 'confirm', 'tier=cache');
		t('kubectl delete -f k8s/deployment.yaml', 'confirm', 'k8s/deployment.yaml', undefined, IAC);
		t('kubectl delete -f https://raw.githubusercontent.com/acme/infra/main/app.yaml', 'confirm', 'https://raw.githubusercontent.com/acme/infra/main/app.yaml');
		t('kubectl delete -k overlays/staging', 'confirm', 'overlays/staging');
		t('kubectl delete --raw /api/v1/namespaces/tmp', 'confirm', '/api/v1/namespaces/tmp');
		t('kubectl delete -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: sandbox\nEOF', 'confirm', 'sandbox');
		t('kubectl delete pod $(kubectl get pods -o name | grep old)', 'confirm', '$(kubectl get pods -o name | grep old)');
		t('oc delete project myproj', 'confirm', 'myproj');
		t('microk8s kubectl delete ns foo', 'confirm', 'foo');
		t('minikube kubectl -- delete deployment web', 'confirm', 'web');
		t('sudo k3s kubectl delete namespace monitoring', 'confirm', 'monitoring');
		t('k delete ns scratch', 'confirm', 'scratch');
		t("ssh bastion 'kubectl delete ns payments'", 'confirm', 'payments');
		t('kubectl delete namespace prod --dry-run=none', 'confirm', 'prod');
		severity('kubectl delete namespace prod', 'critical');
		severity('kubectl delete -f k8s/namespace.yaml', 'critical', IAC);
		severity('kubectl delete -f k8s/postgres.yaml', 'critical', IAC);
		severity('kubectl delete -f k8s/deployment.yaml', 'high', IAC);
		severity('kubectl delete all --all -n staging', 'critical');
		severity('kubectl delete deployments --all -A', 'critical');
		severity('kubectl delete pod web-7d9f-abc', 'medium');
		severity('kubectl delete job db-migrate-1712', 'medium');
		severity('kubectl delete pods -A --field-selector=status.phase==Failed', 'medium');
	});

	describe('production context raises the severity', () => {
		t('kubectl --context prod-eu delete pod api-123', 'confirm', 'api-123', 'kubernetes:delete');
		t('kubectl delete pod api-123 -n production', 'confirm', 'api-123');
		t('KUBECONFIG=~/.kube/prod.yaml kubectl delete pod web-1', 'confirm', 'web-1');
		it('names the context in the reason', () => {
			const v = expectVerdict('kubectl --context=gke_acme_europe-west1_prod delete svc api', 'confirm', 'api');
			assert.equal(v.severity, 'critical');
			assert.match(v.reason, /gke_acme_europe-west1_prod/);
		});
		t('kubectl --context staging delete pod api-123', 'allow');
		t('kubectl delete pod api-123 -n products', 'allow');
	});

	describe('other kubectl commands', () => {
		t('kubectl drain node-1 --ignore-daemonsets --delete-emptydir-data', 'confirm', 'node-1', 'kubernetes:drain');
		t('kubectl drain node-1 --delete-local-data --ignore-daemonsets', 'confirm', 'node-1', 'kubernetes:drain');
		t('oc adm drain worker-2 --force', 'confirm', 'worker-2', 'kubernetes:drain');
		t('kubectl drain node-1 --ignore-daemonsets', 'allow');
		t('kubectl replace --force -f k8s/deployment.yaml', 'confirm', 'k8s/deployment.yaml', 'kubernetes:replace-force', IAC);
		t('kubectl apply --prune -l app=web -f manifests/', 'confirm', 'manifests/', 'kubernetes:apply-prune');
		t('kubectl apply -f manifests/ --prune --all', 'confirm', 'manifests/', 'kubernetes:apply-prune');
		t('kubectl scale deploy web --replicas=0', 'allow');
		t('kubectl scale deploy web --replicas=0', 'confirm', 'web', 'kubernetes:scale-to-zero', { production: true });
		t('kubectl scale --replicas 0 deployment/api --context prod', 'confirm', 'deployment/api', 'kubernetes:scale-to-zero');
		t('kubectl scale deployment --all --replicas=0 -n staging', 'confirm', 'staging', 'kubernetes:scale-to-zero');
	});

	describe('helm, clusters, GitOps', () => {
		t('helm uninstall my-release -n prod', 'confirm', 'my-release', 'kubernetes:helm-uninstall');
		t('helm delete --purge old', 'confirm', 'old', 'kubernetes:helm-uninstall');
		t('helm --kube-context staging uninstall redis grafana', 'confirm', 'redis');
		// Releases from xargs: the namespace they are listed from, else `releases` — never the word `delete`.
		t('helm ls --all --short | xargs -L1 helm delete', 'confirm', 'releases', 'kubernetes:helm-uninstall');
		t('helm ls -q -n preview | grep pr- | xargs -n1 helm uninstall', 'confirm', 'preview', 'kubernetes:helm-uninstall');
		t('helm ls -q | xargs helm uninstall --namespace staging', 'confirm', 'staging', 'kubernetes:helm-uninstall');
		// The kind `kubectl get` lists is the nearest name to type; else the file the names come from.
		t('kubectl get pods -o name | grep old | xargs kubectl delete', 'confirm', 'pods', 'kubernetes:delete');
		t('kubectl -n dev get -o name ns | xargs -n1 kubectl delete', 'confirm', 'ns', 'kubernetes:delete');
		t('cat stale.txt | xargs kubectl delete', 'confirm', 'stale.txt', 'kubernetes:delete');
		t('kubectl get pods --no-headers | awk \'{print $1}\' | xargs kubectl delete pod', 'confirm', 'pod', 'kubernetes:delete');
		t('helmfile -e production destroy', 'confirm', 'production', 'kubernetes:helmfile-destroy');
		t('helmfile destroy', 'confirm', 'destroy', 'kubernetes:helmfile-destroy');
		t('kind delete cluster', 'confirm', 'kind', 'kubernetes:local-cluster-delete');
		t('kind delete cluster --name dev', 'confirm', 'dev', 'kubernetes:local-cluster-delete');
		t('minikube delete', 'confirm', 'minikube', 'kubernetes:local-cluster-delete');
		t('minikube delete -p test', 'confirm', 'test', 'kubernetes:local-cluster-delete');
		t('k3d cluster delete mycluster', 'confirm', 'mycluster', 'kubernetes:local-cluster-delete');
		t('k3d cluster delete', 'confirm', 'k3s-default', 'kubernetes:local-cluster-delete');
		t('microk8s reset --destroy-storage', 'confirm', 'reset', 'kubernetes:local-cluster-delete');
		t('sudo kubeadm reset -f', 'confirm', 'reset', 'kubernetes:local-cluster-delete');
		t('/usr/local/bin/k3s-uninstall.sh', 'confirm', 'k3s', 'kubernetes:local-cluster-delete');
		t('vcluster delete dev-1 -n team-a', 'confirm', 'dev-1', 'kubernetes:local-cluster-delete');
		t('eksctl delete cluster --name prod-cluster --region us-east-1', 'confirm', 'prod-cluster', 'kubernetes:cluster-delete');
		t('kops delete cluster --name k8s.acme.io --yes', 'confirm', 'k8s.acme.io', 'kubernetes:cluster-delete');
		t('argocd app delete guestbook', 'confirm', 'guestbook', 'kubernetes:gitops-delete');
		t('flux uninstall --silent', 'confirm', 'uninstall', 'kubernetes:gitops-delete');
		t('velero backup delete nightly-20240501 --confirm', 'confirm', 'nightly-20240501', 'kubernetes:gitops-delete');
	});

	describe('hard negatives', () => {
		t('kubectl get pods', 'allow');
		t('kubectl get ns', 'allow');
		t('kubectl describe deployment api', 'allow');
		t('kubectl delete pod web-1 --dry-run=client', 'allow');
		t('kubectl delete namespace prod --dry-run=server', 'allow');
		t('kubectl delete -f k8s/namespace.yaml --dry-run=client -o yaml', 'allow', undefined, undefined, IAC);
		t('kubectl delete events --all -n ci', 'allow');
		t('kubectl delete --help', 'allow');
		t('kubectl logs deploy/api -f', 'allow');
		t('kubectl apply -f k8s/', 'allow');
		t('kubectl scale deploy web --replicas=3', 'allow');
		t('kubectl rollout restart deployment/api', 'allow');
		t('kubectl cordon node-1', 'allow');
		t('kubectl config delete-context old-cluster', 'allow');
		t('kubectl exec -it web-0 -- ls /data', 'allow');
		t('helm list -A', 'allow');
		t('helm uninstall my-release --dry-run', 'allow');
		t('helm upgrade --install api ./chart -n prod', 'allow');
		t('kind create cluster --name dev', 'allow');
		t('minikube start', 'allow');
		t('kops delete cluster --name k8s.acme.io', 'allow');
		t('echo "kubectl delete ns prod"', 'allow');
		t('argocd app list', 'allow');
	});
	describe('velero --all names what it deletes', () => {
		t('velero backup delete --all --confirm', 'confirm', 'all backups', 'kubernetes:gitops-delete');
		t('velero backup get', 'allow');
	});
});

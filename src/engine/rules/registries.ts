/**
 * Container and artifact registries: deleting images, tags, manifests and repositories with crane,
 * skopeo, regctl, oras and the JFrog CLI, and signatures with cosign. `aws ecr`, `gcloud artifacts`
 * and `az acr` belong to the cloud pack; `npm unpublish` to paas.
 *
 * A deleted manifest or tag is gone for every deployment that pulls it by name or digest: these
 * ask everywhere. Targets: the image reference as written (`registry/app@sha256:…`,
 * `docker://registry/app:1.2`).
 */
import { tableRule, type Tool } from './cli-table';
import type { RulePack } from './rule';

const crane: Tool = {
	id: 'registries:crane', commands: ['crane', 'gcrane'], severity: 'high',
	reason: 'Deletes an image manifest from a container registry.',
	alternative: 'Copy it somewhere first (crane copy REF backup-registry/app:tag) and check the digest with crane digest.',
	spec: { withValue: ['--platform', '--user-agent'], flags: ['--insecure', '-v', '--verbose', '--allow-nondistributable-artifacts'] },
	ops: [
		{ path: 'delete', severity: 'high', what: 'the image' },
	],
};

const skopeo: Tool = {
	id: 'registries:skopeo', commands: ['skopeo'], severity: 'high',
	reason: 'Deletes an image from a container registry.',
	alternative: 'Copy it first (skopeo copy docker://REF docker://backup/REF) and check it with skopeo inspect.',
	spec: { withValue: ['--creds', '--authfile', '--cert-dir', '--registries-conf', '--override-arch', '--override-os', '--override-variant', '--command-timeout', '--registry-token', '--username', '--password', '--retry-times'], flags: ['--debug', '--insecure-policy', '--tls-verify', '--no-creds'] },
	ops: [
		{ path: 'delete', severity: 'high', what: 'the image' },
	],
};

const regctl: Tool = {
	id: 'registries:regctl', commands: ['regctl', 'oras'], severity: 'high',
	reason: 'Deletes an image, tag, manifest or blob from a registry.',
	alternative: 'Copy the image first (regctl image copy REF backup/REF) and check the digest.',
	spec: { withValue: ['--platform', '--host', '-u', '--username', '-p', '--password', '--descriptor', '--format', '--referrer', '--artifact-type', '--registry-config'], flags: ['--force-tag-dereference', '-f', '--force', '--insecure', '--plain-http', '-v', '--verbose', '--debug', '--referrers'] },
	ops: [
		{ path: 'image|manifest|tag|blob|index|artifact delete|rm', severity: 'high', what: 'the', targets: (_c, r) => [r] },
		{ path: 'repo delete|rm', severity: 'critical', what: 'the repository', note: ' with every image in it' },
	],
};

const jfrog: Tool = {
	id: 'registries:jfrog', commands: ['jf', 'jfrog'], severity: 'high',
	reason: 'Deletes artifacts or repositories in JFrog Artifactory.',
	alternative: 'Run it with --dry-run first and read the list of paths it would delete.',
	spec: { withValue: ['--server-id', '--url', '--user', '--password', '--access-token', '--spec', '--spec-vars', '--props', '--exclude-props', '--build', '--bundle', '--exclusions', '--threads', '--retries', '--sort-by', '--sort-order', '--limit', '--offset'], flags: ['--dry-run', '--quiet', '--recursive', '--archive-entries', '--fail-no-op', '--insecure-tls'] },
	ops: [
		{ path: 'rt|artifactory delete|del', severity: 'high', what: 'the artifacts matching', targets: (c, r) => [r, c.value('--spec')] },
		{ path: 'rt|artifactory repo-delete|rdel', severity: 'critical', what: 'the repository', note: ' with every artifact in it' },
	],
};

const cosign: Tool = {
	id: 'registries:cosign', commands: ['cosign'], severity: 'medium',
	reason: 'Removes signatures, attestations or SBOMs attached to an image.',
	alternative: 'Check what is attached first (cosign tree REF).',
	spec: { withValue: ['--type', '--registry-username', '--registry-password', '--k8s-keychain'], flags: ['-f', '--force', '--allow-insecure-registry', '--allow-http-registry'] },
	ops: [
		{ path: 'clean', severity: 'medium', what: 'every signature, attestation and SBOM of' },
	],
};

const tools: Tool[] = [crane, skopeo, regctl, jfrog, cosign];

export const registriesPack: RulePack = {
	name: 'registries',
	description: 'Container and artifact registries: deleting images, tags, manifests and repositories (crane, skopeo, regctl, oras, JFrog CLI, cosign clean).',
	rules: tools.map((t) => tableRule({ ...t, hints: t.hints ?? [] })),
};

/**
 * Secret stores: destroying secrets and secret engines in HashiCorp Vault (and OpenBao), 1Password,
 * Infisical, Bitwarden, pass/gopass and chamber. `aws secretsmanager`, `gcloud secrets` and
 * `az keyvault` belong to the cloud pack, Doppler and the platforms' own secrets to the paas pack.
 *
 * Severity follows what can be brought back: a delete the store keeps a version or a trash of
 * (`vault kv delete` on KV v2, `op item delete --archive`, Bitwarden's trash, Infisical's versions)
 * is medium; a delete nothing brings back (`vault kv destroy`, `kv metadata delete`, a disabled
 * secrets engine, `--permanent`) asks everywhere. Production-looking paths (`secret/prod/db`) and
 * environments (`--env=prod`) raise it one step.
 */
import { tableRule, type Tool } from './cli-table';
import type { RulePack } from './rule';
import type { Cli } from './subcommands';

// ---- Vault and OpenBao -------------------------------------------------------------------------

const VAULT_WITH_VALUE = ['-address', '-namespace', '-ns', '-format', '-field', '-mount', '-versions', '-ca-cert', '-ca-path', '-client-cert', '-client-key',
	'-tls-server-name', '-wrap-ttl', '-policy-override', '-header', '-mfa', '-agent-address', '-unlock-key', '-accessor', '-path', '-cas', '-mode'];
const VAULT_FLAGS = ['-tls-skip-verify', '-output-curl-string', '-output-policy', '-non-interactive', '-force', '-f', '-detailed', '-prefix', '-sync', '-self', '-h', '-help', '-disable-redirects'];

/** `-output-curl-string` and `-output-policy` print what would be sent instead of sending it. */
const vaultInspects = (cli: Cli) => cli.has('-output-curl-string', '-output-policy', '-h', '-help');

const vault: Tool = {
	id: 'secrets:vault', commands: ['vault', 'bao'], severity: 'high',
	reason: 'Deletes secrets, secret engines or auth methods in HashiCorp Vault.',
	alternative: 'Read the secret first (vault kv get -format=json PATH > backup) and prefer vault kv delete, which vault kv undelete reverses.',
	spec: { withValue: VAULT_WITH_VALUE, flags: VAULT_FLAGS, singleDashLong: true },
	inspects: vaultInspects,
	hints: ['-namespace', '-ns', '-address'],
	ops: [
		// KV v2 keeps deleted versions until they are destroyed: `vault kv undelete` brings them back.
		{ path: 'kv delete', severity: 'medium', what: 'the latest version of the secret', note: ' (vault kv undelete brings it back on KV v2)' },
		{ path: 'kv destroy', severity: 'high', verb: 'destroys for good', what: 'versions of the secret', targets: (c, r) => [r, c.value('-mount')] },
		{ path: 'kv metadata delete', severity: 'high', what: 'every version and the metadata of the secret', note: ': it cannot be recovered', targets: (c, r) => [r, c.value('-mount')] },
		{ path: 'secrets disable', severity: 'critical', verb: 'disables the secrets engine', what: 'mounted at', note: ' and deletes every secret stored in it' },
		{ path: 'auth disable', severity: 'high', verb: 'disables the auth method', what: 'at', note: ', deleting its roles and users and revoking every token it issued' },
		{ path: 'namespace delete', severity: 'critical', what: 'the namespace', note: ' with every secret engine, policy and auth method in it' },
		{ path: 'delete', severity: (_c, r) => (r.some((p) => /(?:^|\/)data\//.test(p)) ? 'medium' : 'high'), what: 'the secret or configuration at', note: ' (on a KV v1 engine, or for anything but KV, there is no undo)' },
		{ path: 'policy delete', severity: 'medium', what: 'the policy' },
		{ path: 'token revoke', severity: 'medium', verb: 'revokes', what: 'the token', note: ' and every token and lease it created', targets: (c, r) => [r, c.value('-accessor'), c.has('-self') ? 'self' : undefined] },
		{ path: 'lease revoke', severity: (c) => (c.has('-prefix', '-force', '-f') ? 'high' : 'medium'), verb: 'revokes', what: 'the leases at', note: ', invalidating the credentials they issued' },
		{ path: 'operator raft remove-peer', severity: 'high', verb: 'removes from the cluster', what: 'the Raft peer' },
	],
};

// ---- 1Password ---------------------------------------------------------------------------------

const OP_SPEC = { withValue: ['--vault', '--account', '--format', '--session', '--config', '--encoding', '--cache'], flags: ['--archive', '--force', '--no-color', '--iso-timestamps', '--debug'] };

const onePassword: Tool = {
	id: 'secrets:1password', commands: ['op'], severity: 'high',
	reason: 'Deletes 1Password items, documents, vaults or users.',
	alternative: 'Archive instead of deleting (op item delete --archive): an archived item can be restored.',
	spec: OP_SPEC,
	hints: ['--vault', '--account'],
	ops: [
		{ path: 'item|document|items|documents delete|remove|rm', severity: (c) => (c.has('--archive') ? 'medium' : 'high'), what: 'the', targets: (c, r) => [r, c.value('--vault')] },
		{ path: 'delete item|document', severity: (c) => (c.has('--archive') ? 'medium' : 'high'), what: 'the', targets: (c, r) => [r, c.value('--vault')] },
		{ path: 'vault|vaults delete|remove|rm', severity: 'critical', what: 'the vault', note: ' and every item in it' },
		{ path: 'delete vault', severity: 'critical', what: 'the vault', note: ' and every item in it' },
		{ path: 'user|users delete|remove|rm', severity: 'high', what: 'the user', note: ' and the items only they could reach' },
		{ path: 'group|groups delete|remove|rm', severity: 'medium', what: 'the group' },
		{ path: 'connect server|token delete|remove|rm', severity: 'medium', what: 'the Connect', targets: (_c, r) => [r] },
		{ path: 'service-account|service-accounts delete|remove|rm', severity: 'medium', what: 'the service account' },
	],
};

// ---- Infisical, Bitwarden, pass, gopass, chamber --------------------------------------------------

const infisical: Tool = {
	id: 'secrets:infisical', commands: ['infisical'], severity: 'medium',
	reason: 'Deletes secrets from Infisical.',
	alternative: 'Export them first (infisical export --env=ENV > backup.env); Infisical keeps secret versions and point-in-time recovery.',
	spec: { withValue: ['--env', '-e', '--path', '--projectId', '--project-id', '--token', '--domain', '--type', '--format'], flags: ['--silent', '--plain'] },
	hints: ['--env', '-e', '--path'],
	ops: [
		{ path: 'secrets delete|remove|rm', severity: 'medium', what: 'the secrets' },
		{ path: 'secrets folders delete|remove|rm', severity: 'high', what: 'the folder', note: ' and every secret in it', targets: (c, r) => [c.value('--name'), r] },
	],
};

const bitwarden: Tool = {
	id: 'secrets:bitwarden', commands: ['bw'], severity: 'high',
	reason: 'Deletes Bitwarden vault items.',
	alternative: 'Leave out --permanent: a deleted item stays in the trash for 30 days (bw restore item ID).',
	spec: { withValue: ['--organizationid', '--session'], flags: ['-p', '--permanent', '--pretty', '--raw', '--quiet', '--nointeraction'] },
	ops: [
		{ path: 'delete item|folder|attachment|org-collection', severity: (c) => (c.has('-p', '--permanent') ? 'high' : 'medium'), what: 'the', targets: (_c, r) => [r] },
	],
};

const pass: Tool = {
	id: 'secrets:password-store', commands: ['pass', 'gopass'], severity: 'high',
	reason: 'Deletes passwords from the password store.',
	alternative: 'Copy the entry out first (pass show NAME), or check the store is a git repository (pass git log) so it can be restored.',
	spec: { flags: ['-r', '--recursive', '-f', '--force'] },
	ops: [
		{ path: 'rm|remove|delete', severity: (c) => (c.has('-r', '--recursive') ? 'critical' : 'high'), what: 'the password', note: '' },
	],
};

const chamber: Tool = {
	id: 'secrets:chamber', commands: ['chamber'], severity: 'high',
	reason: 'Deletes a secret from AWS SSM Parameter Store (with its history).',
	alternative: 'Read it first (chamber read SERVICE KEY) so it can be written back.',
	spec: { withValue: ['-b', '--backend', '--kms-key-alias', '-r', '--retries', '--backend-s3-bucket'], flags: ['-e', '--exact-key'] },
	hints: [],
	ops: [
		{ path: 'delete', severity: 'high', what: 'the secret', targets: (_c, r) => [r[1], r[0]] },
	],
};

const tools: Tool[] = [vault, onePassword, infisical, bitwarden, pass, chamber];

export const secretsPack: RulePack = {
	name: 'secrets',
	description: 'Secret stores: destroying secrets, vaults and secret engines (Vault/OpenBao, 1Password, Infisical, Bitwarden, pass, gopass, chamber).',
	rules: tools.map((t) => tableRule({ ...t, hints: t.hints ?? [] })),
};

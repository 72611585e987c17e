/**
 * Backups and sync: deleting archives, snapshots and synced copies with borg, restic, kopia,
 * duplicity, rclone, azcopy, s3cmd and MinIO's `mc`. A backup is the copy of last resort, so deleting
 * one asks even outside production; what only reclaims space or can still be recovered is medium.
 * `aws s3 sync --delete` and `gsutil rsync -d` belong to the cloud pack, `rsync --delete` to files.
 *
 * Targets: the repository or archive as written (`/backup::2026-11-30`, `remote:backups/old`,
 * `s3://bucket/path`), else the repository the line sets (`BORG_REPO=…`, `-r …`), else the verb.
 */
import type { Invocation } from '../types';
import { tableRule, type Tool } from './cli-table';
import type { RulePack } from './rule';
import type { Cli } from './subcommands';

/** The repository a borg/restic/kopia command works on, when the line names it. */
function repository(cli: Cli, inv: Invocation, options: readonly string[], variables: readonly string[]): string | undefined {
	return cli.value(...options) ?? variables.map((v) => inv.env[v]).find((v) => v !== undefined && v !== '');
}

/** A SAS token or signed query is not part of the name a person types: `https://a.blob…/c?sv=…` → `https://a.blob…/c`. */
function withoutQuery(url: string | undefined): string | undefined {
	return url?.replace(/\?.*$/, '');
}

// ---- borg --------------------------------------------------------------------------------------

const BORG_WITH_VALUE = [
	'-r', '--repo', '-a', '--glob-archives', '--match-archives', '-P', '--prefix', '--sort-by', '--first', '--last', '--lock-wait', '--umask',
	'--remote-path', '--rsh', '--upload-ratelimit', '--upload-buffer', '--checkpoint-interval', '--keep-within', '--keep-last', '--keep-secondly',
	'--keep-minutely', '-H', '--keep-hourly', '-d', '--keep-daily', '-w', '--keep-weekly', '-m', '--keep-monthly', '-y', '--keep-yearly',
	'-e', '--exclude', '--exclude-from', '--pattern', '--patterns-from', '--exclude-if-present', '--comment', '--timestamp', '-C', '--compression',
	'--chunker-params', '--target', '--threshold', '--format', '--debug-topic', '--iec',
];
const BORG_FLAGS = ['--recompress', '-n', '--dry-run', '--list', '-s', '--stats', '--force', '--cache-only', '--keep-security-info', '--save-space', '-v', '--verbose', '--info',
	'--debug', '--progress', '-p', '--log-json', '--show-rc', '--show-version', '--bypass-lock', '--critical', '--error', '--warning', '--iec', '--consider-checkpoints',
	'--exclude-caches', '--keep-exclude-tags', '--cleanup-commands'];

const borgRepo = (cli: Cli, inv: Invocation) => repository(cli, inv, ['-r', '--repo'], ['BORG_REPO']);
const borgArchives = (cli: Cli, rest: readonly string[], inv: Invocation) => [rest.slice(0, 1), cli.value('-a', '--glob-archives', '--match-archives', '-P', '--prefix'), rest.slice(1), borgRepo(cli, inv)];
/** A borg 1 `delete` that names only a repository (no `::archive`, no archive filter) deletes the whole repository. */
const borgWholeRepo = (cli: Cli, rest: readonly string[]) =>
	!cli.has('-a', '--glob-archives', '--match-archives', '-P', '--prefix', '--first', '--last') && rest.every((r) => !r.includes('::')) && (rest.length <= 1);

const borg: Tool = {
	id: 'backups:borg', commands: ['borg', 'borg2', 'borgbackup'], severity: 'high',
	reason: 'Deletes BorgBackup archives or a whole repository.',
	alternative: 'Run it with --dry-run --list first (borg prune -n --list) and check the archive names.',
	spec: { withValue: BORG_WITH_VALUE, flags: BORG_FLAGS },
	inspects: (cli) => cli.has('-n', '--dry-run'),
	ops: [
		{ path: 'delete', severity: (c, r) => (c.has('--cache-only') ? undefined : borgWholeRepo(c, r) ? 'critical' : 'high'), what: 'the archives', note: ' from the backup repository',
			linked: 'the repository set in BORG_REPO, with every archive in it', targets: borgArchives },
		{ path: 'rdelete|repo-delete', severity: 'critical', what: 'the backup repository', note: ' with every archive in it', linked: 'the repository set in BORG_REPO, with every archive in it', targets: (c, r, inv) => [r, borgRepo(c, inv)] },
		{ path: 'prune', severity: 'high', what: 'every archive outside the keep rules in', linked: 'every archive outside the keep rules in the repository set in BORG_REPO', targets: (c, r, inv) => [r, borgRepo(c, inv)] },
		{ path: 'recreate', verb: 'rewrites', what: 'the archives', note: ', dropping what the excludes or paths leave out',
			severity: (c, r) => (c.has('-e', '--exclude', '--exclude-from', '--pattern', '--patterns-from', '--exclude-if-present', '--exclude-caches') || r.length > 1 ? 'high' : 'medium'),
			targets: borgArchives },
		{ path: 'compact', severity: 'medium', verb: 'frees for good the space of deleted archives in', what: 'the repository', linked: 'the repository set in BORG_REPO', targets: (c, r, inv) => [r, borgRepo(c, inv)] },
		{ path: 'break-lock', severity: 'medium', verb: 'removes the locks of', what: 'the repository', note: ' (a backup still running can corrupt it)', linked: 'the repository set in BORG_REPO', targets: (c, r, inv) => [r, borgRepo(c, inv)] },
	],
};

// ---- restic (and rustic) --------------------------------------------------------------------------

const RESTIC_WITH_VALUE = [
	'-r', '--repo', '--repository-file', '-p', '--password-file', '--password-command', '--cache-dir', '-o', '--option', '--limit-upload', '--limit-download',
	'--tls-client-cert', '--cacert', '--key-hint', '--pack-size', '--compression', '-l', '--keep-last', '-H', '--keep-hourly', '-d', '--keep-daily', '-w',
	'--keep-weekly', '-m', '--keep-monthly', '-y', '--keep-yearly', '--keep-within', '--keep-within-hourly', '--keep-within-daily', '--keep-within-weekly',
	'--keep-within-monthly', '--keep-within-yearly', '--keep-tag', '--host', '--tag', '--path', '-g', '--group-by', '--max-unused', '--max-repack-size',
	'--exclude', '-e', '--iexclude', '--exclude-file', '--iexclude-file', '--new-host', '--new-time',
];
const RESTIC_FLAGS = ['--prune', '-n', '--dry-run', '-c', '--compact', '--unsafe-allow-remove-all', '-v', '--verbose', '-q', '--quiet', '--json', '--no-lock', '--no-cache',
	'--insecure-tls', '--cleanup-cache', '--remove-all', '--forget', '--repack-cacheable-only', '--repack-small', '--repack-uncompressed'];

const resticRepo = (cli: Cli, inv: Invocation) => repository(cli, inv, ['-r', '--repo', '--repository-file'], ['RESTIC_REPOSITORY', 'RUSTIC_REPOSITORY']);

const restic: Tool = {
	id: 'backups:restic', commands: ['restic', 'rustic'], severity: 'high',
	reason: 'Deletes restic snapshots or the backup data they hold.',
	alternative: 'Run it with --dry-run first (restic forget --dry-run --prune …) and check which snapshots go.',
	spec: { withValue: RESTIC_WITH_VALUE, flags: RESTIC_FLAGS },
	inspects: (cli) => cli.has('-n', '--dry-run'),
	ops: [
		{ path: 'forget', what: 'the snapshots', linked: 'every snapshot outside the keep rules in the repository',
			// Without --prune the data stays in the repository and `restic recover` can bring the snapshots back.
			severity: (c) => (c.has('--unsafe-allow-remove-all') ? 'critical' : c.has('--prune') ? 'high' : 'medium'),
			note: '', targets: (c, r, inv) => [r, resticRepo(c, inv)] },
		{ path: 'prune', severity: 'high', verb: 'deletes for good the data no snapshot references in', what: 'the repository', linked: 'the repository set in RESTIC_REPOSITORY', targets: (c, r, inv) => [r, resticRepo(c, inv)] },
		{ path: 'rewrite', severity: (c) => (c.has('--forget') ? 'high' : undefined), verb: 'rewrites, dropping the excluded files,', what: 'the snapshots', linked: 'every snapshot in the repository', targets: (c, r, inv) => [r, resticRepo(c, inv)] },
		{ path: 'key remove', severity: 'medium', what: 'the repository key', targets: (c, r, inv) => [r, resticRepo(c, inv)] },
		{ path: 'unlock', severity: (c) => (c.has('--remove-all') ? 'medium' : undefined), verb: 'removes every lock, including those of running backups, on', what: 'the repository', linked: 'the repository set in RESTIC_REPOSITORY', targets: (c, r, inv) => [r, resticRepo(c, inv)] },
	],
};

// ---- kopia -------------------------------------------------------------------------------------

const kopia: Tool = {
	id: 'backups:kopia', commands: ['kopia'], severity: 'high',
	reason: 'Deletes Kopia snapshots or repository contents.',
	alternative: 'Leave out --delete first: Kopia then only lists what it would delete.',
	spec: { withValue: ['--config-file', '-p', '--password', '--log-level', '--file-log-level', '--log-dir', '--cache-directory', '--safety', '--keep-latest', '--prefix', '--min-age'], flags: ['--delete', '--all-snapshot-sources', '--unsafe-ignore-source', '--full', '--json', '--no-progress'] },
	ops: [
		{ path: 'snapshot|snapshots|snap delete|rm', severity: (c) => (c.has('--delete') && c.value('--delete') !== 'false' ? 'high' : undefined), what: 'the snapshots' },
		{ path: 'snapshot|snapshots|snap expire', severity: (c) => (c.has('--delete') && c.value('--delete') !== 'false' ? 'high' : undefined), what: 'every snapshot outside the retention policy of', linked: 'every snapshot outside the retention policy', targets: (_c, r) => [r, 'expire'] },
		{ path: 'blob|content delete|rm', severity: 'high', what: 'the repository objects', note: ' (snapshots that use them cannot be restored)' },
		{ path: 'blob gc', severity: (c) => (/^(?:yes|true)$/.test(c.value('--delete') ?? '') ? 'high' : undefined), what: 'the unreferenced blobs', linked: 'every unreferenced blob in the repository', targets: () => ['gc'] },
		{ path: 'maintenance run', severity: (c) => (c.value('--safety') === 'none' ? 'high' : undefined), verb: 'runs maintenance with --safety=none, which can delete data still in use, on', what: 'the repository', linked: 'the connected repository', targets: () => ['maintenance'] },
	],
};

// ---- duplicity ---------------------------------------------------------------------------------

const duplicity: Tool = {
	id: 'backups:duplicity', commands: ['duplicity', 'duply'], severity: 'high',
	reason: 'Deletes duplicity backup sets.',
	alternative: 'Run it without --force first: duplicity then only lists the sets it would delete.',
	spec: { withValue: ['--archive-dir', '--name', '--encrypt-key', '--sign-key', '--gpg-options', '--ssh-options', '--s3-region-name', '--file-prefix', '--log-file', '-t', '--time', '--tempdir', '--verbosity', '-v', '--volsize'], flags: ['--force', '--dry-run', '--no-encryption', '--allow-source-mismatch', '--s3-use-new-style', '--progress'] },
	// Without --force, every removal command only lists what it would remove.
	inspects: (cli) => !cli.has('--force'),
	ops: [
		{ path: 'remove-older-than', severity: 'high', what: 'every backup set older than the given time in', targets: (_c, r) => [r.slice(-1)] },
		{ path: 'remove-all-but-n-full|remove-all-inc-of-but-n-full', severity: 'high', what: 'all but the newest full backups in', targets: (_c, r) => [r.slice(-1)] },
		{ path: 'cleanup', severity: 'medium', what: 'the leftover files of failed backups in', targets: (_c, r) => [r.slice(-1)] },
		// duply PROFILE purge|purgeFull|purgeIncr --force
		{ path: '* purge|purgefull|purgeincr|purge-full|purge-incr', severity: 'high', what: 'the old backups of the profile', linked: 'the old backups of the profile', targets: (c) => [c.positionals[0]?.text] },
	],
};

// ---- rclone ------------------------------------------------------------------------------------

const RCLONE_FLAGS = ['--fast-list', '--progress', '-P', '--checksum', '-c', '--update', '-u', '--ignore-existing', '--create-empty-src-dirs', '--delete-empty-src-dirs',
	'--delete-excluded', '--delete-before', '--delete-during', '--delete-after', '--track-renames', '--no-traverse', '--interactive', '-i', '--rmdirs', '--stats-one-line',
	'--use-json-log', '--ignore-errors', '--copy-links', '-L', '--links', '-l', '--verbose', '-v', '--metadata', '-M', '--immutable', '--size-only', '--ignore-times',
	'-I', '--inplace', '--no-update-modtime', '--dry-run', '-n', '--quiet', '-q', '--resync', '--force', '--by-hash', '--ask-password', '--human-readable', '--no-check-dest',
	'--check-first', '--server-side-across-configs', '--s3-no-check-bucket', '--drive-use-trash', '--retries-sleep', '--low-level-retries'];
const RCLONE_WITH_VALUE = ['--config', '--transfers', '--checkers', '--include', '--exclude', '--filter', '--filter-from', '--include-from', '--exclude-from', '--files-from',
	'--min-age', '--max-age', '--min-size', '--max-size', '--backup-dir', '--suffix', '--log-file', '--log-level', '--bwlimit', '--dedupe-mode', '--max-depth', '--retries',
	'--compare-dest', '--copy-dest', '--max-delete', '--max-transfer', '--order-by', '--stats', '--user-agent', '--timeout', '--contimeout', '--drive-shared-with-me'];
const DEDUPE_DELETES = /^(?:skip|first|newest|oldest|largest|smallest)$/;

const rclone: Tool = {
	id: 'backups:rclone', commands: ['rclone'], severity: 'high',
	reason: 'Deletes files on a local or cloud remote.',
	alternative: 'Run it with --dry-run first (rclone sync --dry-run SRC DST) and read what it would delete.',
	spec: { withValue: RCLONE_WITH_VALUE, flags: RCLONE_FLAGS },
	inspects: (cli) => cli.has('-n', '--dry-run'),
	ops: [
		{ path: 'purge', severity: 'high', what: 'the path', note: ' and everything in it, ignoring filters' },
		{ path: 'delete', severity: 'high', what: 'the files (matching the filters) in' },
		{ path: 'deletefile', severity: 'high', what: 'the file' },
		{ path: 'sync', severity: (_c, r) => (r.length >= 2 ? 'high' : undefined), what: 'every file not in the source from', targets: (_c, r) => [r.slice(-1)] },
		{ path: 'bisync', severity: (c, r) => (r.length >= 2 && c.has('--resync') ? 'medium' : undefined), verb: 'overwrites', what: 'both sides from each other:', targets: (_c, r) => [r.slice(-1)] },
		{ path: 'move|moveto', severity: (_c, r) => (r.length >= 2 ? 'medium' : undefined), verb: 'removes after copying', what: 'the source', targets: (_c, r) => [r.slice(0, 1)] },
		{ path: 'cleanup', severity: 'high', verb: 'empties the trash and deletes old versions on', what: 'the remote', note: ': they cannot be recovered afterwards' },
		{ path: 'dedupe', what: 'duplicate files in',
			severity: (c, r) => (DEDUPE_DELETES.test(c.value('--dedupe-mode') ?? (DEDUPE_DELETES.test(r[0] ?? '') ? r[0] : '')) ? 'high' : /^(?:rename|list)$/.test(c.value('--dedupe-mode') ?? r[0] ?? '') ? undefined : 'medium'),
			targets: (_c, r) => [r.filter((p) => !DEDUPE_DELETES.test(p) && !/^(?:rename|list|interactive)$/.test(p))] },
	],
};

// ---- azcopy ------------------------------------------------------------------------------------

const azcopy: Tool = {
	id: 'backups:azcopy', commands: ['azcopy'], severity: 'high',
	reason: 'Deletes blobs or files in Azure Storage.',
	alternative: 'Run it with --dry-run first and check the container; turn on soft delete for the account.',
	spec: { withValue: ['--include-pattern', '--exclude-pattern', '--include-path', '--exclude-path', '--list-of-files', '--log-level', '--from-to', '--delete-destination', '--cap-mbps', '--output-type', '--include-before', '--include-after'], flags: ['--recursive', '--dry-run', '--force-if-read-only', '--mirror-mode', '--compare-hash'] },
	ops: [
		{ path: 'remove|rm', severity: (c) => (c.has('--recursive') && c.value('--recursive') !== 'false' ? 'critical' : 'high'), what: 'the blobs under', targets: (_c, r) => [withoutQuery(r[0])] },
		{ path: 'sync', what: 'every blob not in the source from', targets: (_c, r) => [withoutQuery(r[r.length - 1])],
			severity: (c, r) => (r.length < 2 ? undefined : /^true$/i.test(c.value('--delete-destination') ?? '') ? 'high' : /^prompt$/i.test(c.value('--delete-destination') ?? '') ? 'medium' : undefined) },
	],
};

// ---- s3cmd -------------------------------------------------------------------------------------

const s3cmd: Tool = {
	id: 'backups:s3cmd', commands: ['s3cmd'], severity: 'high',
	reason: 'Deletes objects or buckets in S3-compatible storage.',
	alternative: 'Run it with --dry-run first (s3cmd sync -n …) and check the bucket has versioning.',
	spec: { withValue: ['-c', '--config', '--exclude', '--include', '--rexclude', '--exclude-from', '--access_key', '--secret_key', '--host', '--host-bucket', '--region', '--bucket-location', '--storage-class', '--limit-rate'], flags: ['-r', '--recursive', '-f', '--force', '-n', '--dry-run', '--delete-removed', '--delete-after', '--skip-existing', '--no-check-md5', '-v', '--verbose', '--acl-public', '-P', '--no-preserve', '--progress', '--no-progress'] },
	inspects: (cli) => cli.has('-n', '--dry-run'),
	ops: [
		{ path: 'del|rm', severity: (c) => (c.has('-r', '--recursive') ? 'critical' : 'high'), what: 'the objects' },
		{ path: 'rb', severity: (c) => (c.has('-r', '--recursive') && c.has('-f', '--force') ? 'critical' : 'high'), what: 'the bucket' },
		{ path: 'sync', severity: (c, r) => (c.has('--delete-removed') && r.length >= 2 ? 'high' : undefined), what: 'every object not in the source from', targets: (_c, r) => [r.slice(-1)] },
	],
};

// ---- MinIO client ------------------------------------------------------------------------------

const mc: Tool = {
	id: 'backups:minio', commands: ['mc', 'mcli'], severity: 'high',
	reason: 'Deletes buckets or objects on MinIO or another S3-compatible server.',
	alternative: 'Run it with --dry-run first (mc rm --dry-run -r …) and check versioning is on for the bucket.',
	spec: { withValue: ['-C', '--config-dir', '--older-than', '--newer-than', '--encrypt-key', '--rewind', '--version-id', '--exclude', '--storage-class'], flags: ['-r', '--recursive', '--force', '--dangerous', '--versions', '--incomplete', '-I', '--bypass', '--fake', '--dry-run', '--remove', '--overwrite', '--watch', '-w', '--json', '--quiet', '-q', '--insecure', '--no-color', '--debug', '--purge', '--non-current'] },
	inspects: (cli) => cli.has('--fake', '--dry-run'),
	ops: [
		{ path: 'rb', severity: (c) => (c.has('--force') ? 'critical' : 'high'), what: 'the bucket', note: '' },
		{ path: 'rm', severity: (c) => (c.has('--incomplete', '-I') ? undefined : c.has('-r', '--recursive') && c.has('--force') ? 'critical' : 'high'), what: 'the objects' },
		{ path: 'mirror', severity: (c, r) => (c.has('--remove') && r.length >= 2 ? 'high' : undefined), what: 'every object not in the source from', targets: (_c, r) => [r.slice(-1)] },
		{ path: 'admin user|policy remove|rm', severity: 'medium', what: 'the', targets: (_c, r) => [r.slice(1), r] },
		{ path: 'admin bucket delete|remove|rm', severity: 'high', what: 'the bucket', targets: (_c, r) => [r.slice(1), r] },
	],
};

const tools: Tool[] = [borg, restic, kopia, duplicity, rclone, azcopy, s3cmd, mc];

export const backupsPack: RulePack = {
	name: 'backups',
	description: 'Backups and sync: deleting archives, snapshots and synced copies (borg, restic, kopia, duplicity, rclone, azcopy, s3cmd, MinIO mc).',
	rules: tools.map((t) => tableRule({ ...t, hints: t.hints ?? [] })),
};


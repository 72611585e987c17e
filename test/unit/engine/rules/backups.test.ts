import { describe } from 'node:test';
import { severityCase, useEngine, verdictCase } from '../../helpers';

useEngine();

const t = verdictCase;
const severity = severityCase;
const prod = { production: true };

describe('backups pack', () => {
	describe('borg', () => {
		t('borg delete /backup::2026-11-30', 'confirm', '/backup::2026-11-30', 'backups:borg');
		t('/usr/bin/borg delete /backup::2026-11-30', 'confirm', '/backup::2026-11-30');
		t('sudo -u backup borg delete --stats /backup::a', 'confirm', '/backup::a');
		t('borg delete /backup', 'confirm', '/backup');
		severity('borg delete /backup', 'critical');
		severity('borg delete /backup::one', 'high');
		t('BORG_REPO=/mnt/b borg delete', 'confirm', '/mnt/b');
		t('borg -r /backup delete -a "old-*"', 'confirm', 'old-*');
		t('borg prune --keep-daily=7 /backup', 'confirm', '/backup');
		t('borg prune -d 7 -w 4 /backup', 'confirm', '/backup');
		t('borg recreate /backup::a --exclude "*.tmp"', 'confirm', '/backup::a');
		t('borg recreate --recompress /backup', 'allow');
		t('borg compact /backup', 'allow');
		t('borg compact /backup', 'confirm', '/backup', 'backups:borg', prod);
		t('borg delete -n /backup::a', 'allow');
		t('borg delete --dry-run /backup::a', 'allow');
		t('borg prune --dry-run --list /backup', 'allow');
		t('borg delete --cache-only /backup', 'allow');
		t('borg list /backup', 'allow');
		t('borg create /backup::{now} src', 'allow');
	});

	describe('restic and kopia', () => {
		t('restic forget --prune --keep-last 1', 'confirm', 'forget', 'backups:restic');
		t('restic -r /srv/r forget --prune --keep-last 1', 'confirm', '/srv/r');
		t('restic --repo=/srv/r prune', 'confirm', '/srv/r');
		t('RESTIC_REPOSITORY=/srv/r restic prune', 'confirm', '/srv/r');
		severity('restic forget --unsafe-allow-remove-all --prune', 'critical');
		t('restic forget abc123', 'allow');
		t('restic forget abc123', 'confirm', 'abc123', 'backups:restic', prod);
		t('restic forget --prune --dry-run --keep-last 1', 'allow');
		t('restic prune -n', 'allow');
		t('restic snapshots', 'allow');
		t('kopia snapshot delete k1 --delete', 'confirm', 'k1', 'backups:kopia');
		t('kopia snapshot delete k1', 'allow');
		t('kopia snapshot delete k1 --delete=false', 'allow');
	});

	describe('duplicity, rclone, azcopy, s3cmd, mc', () => {
		t('duplicity remove-older-than 6M --force file:///b', 'confirm', 'file:///b', 'backups:duplicity');
		t('duplicity remove-older-than 6M file:///b', 'allow');
		t('rclone purge remote:old', 'confirm', 'remote:old', 'backups:rclone');
		t('rclone sync ./a remote:b', 'confirm', 'remote:b');
		t('rclone sync --fast-list ./a remote:b', 'confirm', 'remote:b');
		t('rclone sync -n ./a remote:b', 'allow');
		t('rclone sync ./a remote:b --dry-run', 'allow');
		t('rclone copy ./a remote:b', 'allow');
		t('rclone dedupe --dedupe-mode=newest remote:p', 'confirm', 'remote:p');
		t('rclone dedupe rename remote:p', 'allow');
		t('rclone move a: b:', 'allow');
		t('rclone move a: b:', 'confirm', 'a:', 'backups:rclone', prod);
		t('azcopy remove "https://a.blob.core.windows.net/c?sig=x" --recursive', 'confirm', 'https://a.blob.core.windows.net/c', 'backups:azcopy');
		severity('azcopy remove "https://a.blob.core.windows.net/c?sig=x" --recursive', 'critical');
		t('azcopy sync . https://a.blob.core.windows.net/c --delete-destination=true', 'confirm', 'https://a.blob.core.windows.net/c');
		t('azcopy sync . https://a.blob.core.windows.net/c --delete-destination=prompt', 'allow');
		t('azcopy sync . https://a.blob.core.windows.net/c', 'allow');
		t('s3cmd sync --delete-removed ./d/ s3://b/', 'confirm', 's3://b/', 'backups:s3cmd');
		t('s3cmd sync ./d/ s3://b/', 'allow');
		t('s3cmd sync -n --delete-removed ./d/ s3://b/', 'allow');
		severity('s3cmd rb -r -f s3://b', 'critical');
		t('mc rb --force minio/b', 'confirm', 'minio/b', 'backups:minio');
		t('mc rm -r --force minio/b/p', 'confirm', 'minio/b/p');
		t('mc rm --dry-run -r --force minio/b/p', 'allow');
		t('mc rm --incomplete -r --force minio/b', 'allow');
		t('mc mirror minio/a minio/b', 'allow');
		t('mc', 'allow');
		t('mc ~/projects', 'allow');
	});
	describe('mc admin bucket delete', () => {
		t('mc admin bucket delete local photos', 'confirm', 'photos', 'backups:minio');
		t('mc admin bucket remove local photos', 'confirm', 'photos', 'backups:minio');
		t('mc admin bucket info local photos', 'allow');
	});
});

import { describe, it } from 'node:test';
import { expectVerdict, useEngine, verdictCase } from '../../helpers';

useEngine();

describe('files pack', () => {
	const t = verdictCase;

	describe('rm', () => {
		t('rm -rf victim', 'confirm', 'victim', 'files:rm');
		t('rm -r victim', 'confirm', 'victim', 'files:rm');
		t('rm -R -f "my dir"', 'confirm', 'my dir', 'files:rm');
		t('rm --recursive --force src', 'confirm', 'src', 'files:rm');
		t('\\rm -rf victim', 'confirm', 'victim');
		t('/bin/rm -rf victim', 'confirm', 'victim');
		t("'rm' -rf victim", 'confirm', 'victim');
		t('rm -rf /', 'deny', '/');
		t('rm -rf /*', 'deny');
		t('rm -rf ~', 'deny', '~');
		t('rm -rf $HOME', 'deny', '$HOME');
		t('rm -rf /etc', 'deny', '/etc');
		t('rm -rf --no-preserve-root /', 'deny');
		t('rm -rf .', 'confirm', '.');
		t('rm -rf ../other-project', 'confirm', '../other-project');
		t('rm -rf "$BUILD_DIR/"', 'confirm', '$BUILD_DIR/');
		t('rm *.log', 'confirm', '*.log');
		t('rm .env', 'confirm', '.env');
		t('rm prod.sqlite3', 'confirm', 'prod.sqlite3');
		t('rm ~/.ssh/id_ed25519', 'confirm', '~/.ssh/id_ed25519');
		t('rm /etc/hosts', 'confirm', '/etc/hosts');
		t('shred -u secrets.txt', 'confirm', 'secrets.txt', 'files:shred');
	});

	describe('hard negatives', () => {
		t('rm notes.txt', 'allow');
		t('rm -f build.log', 'allow');
		t('rm --help', 'allow');
		t('man rm', 'allow');
		t('echo "rm -rf is bad"', 'allow');
		t('rm -rf node_modules', 'allow');
		t('rm -rf /tmp/scratch', 'allow');
		t('rmdir empty-dir', 'allow');
		t('rsync -av --delete --dry-run src/ dest/', 'allow');
		t('echo hello > out.txt', 'allow');
		t('cat x > /dev/null', 'allow');
	});

	describe('other deletions', () => {
		t('find . -name "*.tmp" -delete', 'confirm', '.', 'files:find-delete');
		t('find /var/log -mtime +7 -exec rm {} \\;', 'confirm', '/var/log');
		t('rsync -av --delete src/ backup/', 'confirm', 'backup/', 'files:rsync-delete');
		t('truncate -s 0 app.db', 'confirm', 'app.db', 'files:truncate');
		t('> .env', 'confirm', '.env', 'files:overwrite');
		t('echo "" > terraform.tfstate', 'confirm', 'terraform.tfstate');
		t('mv important.txt /dev/null', 'confirm', 'important.txt');
	});
});

describe('files pack: a workspace under /tmp is not disposable', () => {
	it('"rm -rf victim" in /tmp/clone -> confirm', () => {
		expectVerdict('rm -rf victim', 'confirm', 'victim', 'files:rm', { cwd: '/tmp/clone', workspaceFolders: ['/tmp/clone'] });
	});
	it('"rm -rf /tmp/other" from /tmp/clone -> allow', () => {
		expectVerdict('rm -rf /tmp/other', 'allow', undefined, undefined, { cwd: '/tmp/clone', workspaceFolders: ['/tmp/clone'] });
	});
});

describe('files pack: routine work stays quiet, bulk and dotfiles do not', () => {
	const t = verdictCase;
	t('pg_dump app > backup.dump', 'allow');
	t('mysqldump app > app-2026-11-23.sql', 'allow');
	t('rm config.ini.bak', 'allow');
	t('rm -rf node_modules/.cache', 'allow');
	t('rm -rf packages/web/dist', 'allow');
	t('rm -rf target/debug', 'allow');
	t('truncate -s 0 logs/app.log', 'allow');
	t('> logs/app.log', 'allow');
	t('truncate -s 0 prod.sqlite3', 'confirm', 'prod.sqlite3');
	t('ls *.log | xargs rm', 'confirm', '.');
	t('find . -name "*.orig" -print0 | xargs -0 rm -f', 'confirm', '.');
	t("echo 'export PATH=x' > ~/.bashrc", 'confirm', '~/.bashrc');
	t('cat key > ~/.ssh/config', 'confirm', '~/.ssh/config');
	t('echo hi >> ~/.bashrc', 'allow');
	describe('remote paths and remote copies', () => {
		t("ssh web-1 'rm /etc/cron.d/backup'", 'confirm', '/etc/cron.d/backup', 'files:rm');
		t("ssh web-1 'rm /srv/app/shared/db.sqlite3'", 'confirm', '/srv/app/shared/db.sqlite3', 'files:rm');
		t("ssh web-1 'rm /tmp/x.lock'", 'allow');
		t('scp sudoers root@web-1:/etc/sudoers', 'confirm', 'root@web-1:/etc/sudoers', 'files:remote-copy-over');
		t('scp tool web-1:/usr/bin/', 'confirm', 'web-1:/usr/bin/', 'files:remote-copy-over');
		t('scp tool web-1:/usr/local/bin/', 'allow');
		t('scp web-1:/etc/sudoers ./sudoers.web-1', 'allow');
		t('scp notes.txt web-1:/home/ops/', 'allow');
	});
	describe('find: -delete as an action, not a value', () => {
		t('find . -name -delete', 'allow');
		t('find . -exec echo -delete \\; -print', 'allow');
		t('find /srv/old -name "*.gz" -delete', 'confirm', '/srv/old', 'files:find-delete');
		t('find /srv/old -newer stamp -delete', 'confirm', '/srv/old', 'files:find-delete');
		t('find /srv/old -exec true \\; -delete', 'confirm', '/srv/old', 'files:find-delete');
	});
});

describe('files: data moved first and deleted where it landed; files replaced by ln -f, dd of= and tar -cf', () => {
	// Each was allowed: /tmp is scratch, and only cp, mv, install and tee were read as replacing a file.
	verdictCase('mv /srv/data /tmp/x && rm -rf /tmp/x', 'confirm', '/tmp/x', 'files:rm');
	verdictCase('mv ~/projects /tmp/p; rm -rf /tmp/p/*', 'confirm', '/tmp/p/*', 'files:rm');
	verdictCase('mv /srv/data /tmp/x/ && rm -rf /tmp/x', 'confirm', '/tmp/x', 'files:rm');
	// Found on review: a move into a folder (`-t DIR`, `DIR/`, several sources) was not followed.
	verdictCase('mv -t /tmp /srv/data && rm -rf /tmp/data', 'confirm', '/tmp/data', 'files:rm');
	verdictCase('mv /srv/data /tmp/ && rm -rf /tmp/data', 'confirm', '/tmp/data', 'files:rm');
	verdictCase('mv /srv/data /srv/logs /tmp/ && rm -rf /tmp/logs', 'confirm', '/tmp/logs', 'files:rm');
	verdictCase('mv /tmp/a /tmp/b/ && rm -rf /tmp/b', 'allow');
	verdictCase('ln -sf /dev/null /srv/data/db.sqlite', 'confirm', '/srv/data/db.sqlite', 'files:copy-over');
	verdictCase('dd if=/dev/zero of=/srv/data/db.sqlite', 'confirm', '/srv/data/db.sqlite', 'files:copy-over');
	verdictCase('tar -cf /srv/data/db.sqlite /dev/null', 'confirm', '/srv/data/db.sqlite', 'files:copy-over');
	verdictCase('tar --create --file=/srv/data/db.sqlite notes.txt', 'confirm', '/srv/data/db.sqlite', 'files:copy-over');
	// Look-alikes: scratch moved and deleted, a new link, a backup archive, dd into scratch.
	verdictCase('mv /tmp/a /tmp/b && rm -rf /tmp/b', 'allow');
	verdictCase('ln -s /srv/data/db.sqlite /srv/link', 'allow');
	verdictCase('tar -czf /tmp/backup.tgz /srv/data', 'allow');
	verdictCase('tar cvf backup.tar src', 'allow');
	verdictCase('dd if=/dev/zero of=/tmp/x bs=1M count=1', 'allow');
});

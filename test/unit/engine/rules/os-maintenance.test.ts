import { describe } from 'node:test';
import { severityCase, useEngine, verdictCase } from '../../helpers';

useEngine();

const t = verdictCase;
const severity = severityCase;
const prod = { production: true };

describe('os pack', () => {
	t('journalctl --vacuum-time=1s', 'confirm', '/var/log/journal', 'os:journal-vacuum');
	t('journalctl --vacuum-time 1s', 'confirm', '/var/log/journal');
	t('sudo journalctl --vacuum-size=1M', 'confirm', '/var/log/journal');
	t('journalctl --vacuum-files=1', 'confirm', '/var/log/journal');
	t('journalctl --vacuum-time=30d', 'allow');
	t('journalctl --vacuum-time=30d', 'confirm', '/var/log/journal', 'os:journal-vacuum', prod);
	t('journalctl -u nginx', 'allow');
	t('trash-empty', 'confirm', '~/.local/share/Trash', 'os:trash-empty');
	t('trash-empty 7', 'allow');
	t('trash-rm "*.log"', 'confirm', '*.log');
	t('gio trash --empty', 'confirm', '~/.local/share/Trash');
	t('gio trash notes.txt', 'allow');
	t('trash notes.txt', 'allow');
	t('history -c', 'confirm', 'shell history', 'os:history-clear');
	t('history 10', 'allow');
	t('sudo timeshift --delete-all', 'confirm', 'all snapshots', 'os:local-snapshots');
	t('sudo timeshift --list', 'allow');
	t('snapper delete 3-9', 'confirm', '3-9');
	t('snapper delete 3', 'allow');
	t('snapper list', 'allow');
});

describe('disks and files additions', () => {
	t('wipefs -a /dev/sd*', 'confirm', '/dev/sd*', 'disks:wipefs');
	severity('wipefs -a /dev/sd*', 'critical');
	t('wipefs /dev/sd*', 'allow');
	t('nwipe --autonuke', 'confirm', 'all disks', 'disks:nwipe');
	t('zfs destroy tank/db@%', 'confirm', 'tank/db@%', 'disks:zfs-destroy');
	t('zfs destroy tank/db@a,b', 'confirm', 'tank/db@a,b');
	t('zfs destroy tank/db@a', 'allow');
	t('sudo cp x.conf /etc/nginx/nginx.conf', 'confirm', '/etc/nginx/nginx.conf', 'files:copy-over');
	t('cp x.conf /etc/nginx/', 'confirm', '/etc/nginx/');
	t('echo 1 | sudo tee /etc/hosts', 'confirm', '/etc/hosts');
	t('echo 1 | sudo tee -a /etc/hosts', 'allow');
	t('cp -b x.conf /etc/nginx/nginx.conf', 'allow');
	t('cp /etc/hosts /etc/hosts.bak', 'allow');
	t('sudo install -m 755 tool /usr/local/bin/tool', 'allow');
	t('cp a.txt b.txt', 'allow');
	t('cp a.txt /tmp/b.txt', 'allow');
	t('cp .env.example .env.staging', 'allow');
	t('cp ~/.bashrc.new ~/.bashrc', 'confirm', '~/.bashrc', 'self:startup-file');
});

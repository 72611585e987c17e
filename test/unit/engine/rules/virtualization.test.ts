import { describe } from 'node:test';
import { severityCase, useEngine, verdictCase } from '../../helpers';

useEngine();

const t = verdictCase;
const severity = severityCase;
const prod = { production: true };

describe('virtualization pack', () => {
	t('virsh undefine --remove-all-storage vm1', 'confirm', 'vm1', 'virtualization:virsh');
	severity('virsh undefine --remove-all-storage vm1', 'critical');
	t('virsh undefine --domain vm1 --storage vda,vdb', 'confirm', 'vm1');
	t('virsh undefine vm1', 'allow');
	t('virsh undefine vm1', 'confirm', 'vm1', 'virtualization:virsh', prod);
	t('virsh vol-delete --pool default disk.qcow2', 'confirm', 'disk.qcow2');
	t('virsh pool-delete default', 'confirm', 'default');
	t('virsh destroy vm1', 'allow');
	t('virsh list --all', 'allow');
	t('qm destroy 100', 'confirm', 'VM 100', 'virtualization:proxmox');
	t('pct destroy 101 --purge', 'confirm', 'CT 101');
	t('qm list', 'allow');
	t('lxc delete web --force', 'confirm', 'web', 'virtualization:lxd');
	t('incus delete web', 'confirm', 'web');
	t('lxc delete web/snap0', 'allow');
	t('lxc storage delete default', 'confirm', 'default');
	t('lxc list', 'allow');
	t('lxc-destroy -n web', 'confirm', 'web', 'virtualization:lxc-destroy');
	t('multipass delete --purge vm1', 'confirm', 'vm1', 'virtualization:multipass');
	t('multipass delete vm1', 'allow');
	t('vagrant destroy -f', 'confirm', 'destroy', 'virtualization:vagrant');
	t('vagrant destroy -f web', 'confirm', 'web');
	t('vagrant up', 'allow');
	t('VBoxManage unregistervm dev --delete', 'confirm', 'dev', 'virtualization:virtualbox');
	t('VBoxManage unregistervm dev', 'allow');
});

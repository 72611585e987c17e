import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { expectVerdict, useEngine, verdictCase } from '../../helpers';

useEngine();

describe('containers pack', () => {
	const t = verdictCase;

	describe('volumes', () => {
		t('docker volume rm pgdata', 'confirm', 'pgdata', 'containers:volume-rm');
		t('docker volume rm -f app_redis-data app_pg-data', 'confirm', 'app_redis-data', 'containers:volume-rm');
		t('docker volume remove uploads', 'confirm', 'uploads', 'containers:volume-rm');
		t('docker volume rm $(docker volume ls -q)', 'confirm', '$(docker volume ls -q)', 'containers:volume-rm');
		t('docker volume rm `docker volume ls -qf dangling=true`', 'confirm', '`docker volume ls -qf dangling=true`', 'containers:volume-rm');
		t('docker volume ls -q | xargs docker volume rm', 'confirm', 'volume', 'containers:volume-rm');
		t('docker volume ls -q | xargs -r docker volume rm', 'confirm', 'volume', 'containers:volume-rm');
		t('podman volume rm mydata', 'confirm', 'mydata');
		t('nerdctl volume rm buildkit-cache', 'confirm', 'buildkit-cache');
		t('lima nerdctl volume rm foo', 'confirm', 'foo');
		t('sudo docker volume rm pgdata', 'confirm', 'pgdata');
		t('docker -H ssh://deploy@db1 volume rm pgdata', 'confirm', 'pgdata');
		t('podman volume rm --all', 'confirm', 'all volumes', 'containers:volume-rm');
		t('docker volume prune -f', 'confirm', 'prune', 'containers:volume-prune');
		t('docker volume prune --all --force', 'confirm', 'prune', 'containers:volume-prune');
		it('removing every listed volume is critical', () => {
			assert.equal(expectVerdict('docker volume rm $(docker volume ls -q)', 'confirm').severity, 'critical');
		});
	});

	describe('prunes and compose', () => {
		t('docker system prune --volumes', 'confirm', 'prune', 'containers:system-prune');
		t('docker system prune -af --volumes', 'confirm', 'prune', 'containers:system-prune');
		t('docker system prune -a', 'allow');
		t('docker system prune -a', 'confirm', 'prune', 'containers:system-prune', { production: true });
		t('podman system reset -f', 'confirm', 'reset', 'containers:system-reset');
		t('docker compose down -v', 'confirm', 'down', 'containers:compose-down-volumes');
		t('docker compose down --volumes --remove-orphans', 'confirm', 'down', 'containers:compose-down-volumes');
		t('docker-compose down -v', 'confirm', 'down', 'containers:compose-down-volumes');
		t('docker compose -p shop down -v', 'confirm', 'shop', 'containers:compose-down-volumes');
		t('docker compose -f docker-compose.yml -f docker-compose.dev.yml down -v --rmi all', 'confirm', 'down');
		t('podman-compose down -v', 'confirm', 'down');
		t('nerdctl compose down -v', 'confirm', 'down');
		t('cd infra && docker compose down -v && docker compose up -d', 'confirm', 'down');
		it('a production compose project is critical and named in the reason', () => {
			const v = expectVerdict('docker compose -p shop-prod down -v', 'confirm', 'shop-prod');
			assert.equal(v.severity, 'critical');
			assert.match(v.reason, /shop-prod/);
		});
	});

	describe('containers', () => {
		t('docker rm -v db', 'confirm', 'db', 'containers:container-rm');
		t('docker rm -fv $(docker ps -aq)', 'confirm', '$(docker ps -aq)', 'containers:container-rm');
		t('docker rm -f $(docker ps -aq)', 'allow');
		t('docker rm -f web', 'allow');
		t('docker rm -f web', 'confirm', 'web', 'containers:container-rm', { production: true });
		t('docker container prune -f', 'allow');
		t('docker container prune -f', 'confirm', 'prune', 'containers:container-prune', { production: true });
		t('docker image prune -a -f', 'confirm', 'prune', 'containers:image-prune-all', { production: true });
		t('docker --context prod rm -f api', 'confirm', 'api', 'containers:container-rm');
		t('docker stack rm monitoring', 'confirm', 'monitoring', 'containers:stack-rm');
		t('docker swarm leave --force', 'confirm', 'leave', 'containers:swarm-leave-force');
		t('podman machine rm -f', 'confirm', 'machine', 'containers:machine-rm');
		t('colima delete', 'confirm', 'default', 'containers:vm-delete');
		t('colima delete -p k8s', 'confirm', 'k8s', 'containers:vm-delete');
		t('docker-machine rm -y dev', 'confirm', 'dev', 'containers:vm-delete');
		t('DOCKER_HOST=ssh://prod-db docker volume rm pg', 'confirm', 'pg');
	});

	describe('hard negatives', () => {
		t('docker volume ls', 'allow');
		t('docker volume inspect pgdata', 'allow');
		t('docker volume create pgdata', 'allow');
		t('docker compose down', 'allow');
		t('docker compose down --remove-orphans', 'allow');
		t('docker compose --dry-run down -v', 'allow');
		t('docker compose up -d --build', 'allow');
		t('docker rm web', 'allow');
		t('docker rmi -f myimg:latest', 'allow');
		t('docker image prune', 'allow');
		t('docker image prune -f', 'allow');
		t('docker builder prune -af', 'allow');
		t('docker network prune -f', 'allow');
		t('docker ps -a', 'allow');
		t('docker run --rm -v pgdata:/data alpine ls /data', 'allow');
		t('docker volume rm --help', 'allow');
		t('docker stop $(docker ps -q)', 'allow');
		t('docker exec -it pg psql -U postgres -c "select 1"', 'allow');
		t('echo "docker volume rm pgdata"', 'allow');
		t('colima start', 'allow');
	});
});

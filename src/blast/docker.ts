/**
 * Docker volumes a command would delete, with their sizes and the containers using them — asked of
 * the local daemon over its Unix socket (the Engine API, read-only GETs), only when it answers within
 * the budget. No daemon, a TCP or SSH DOCKER_HOST: said plainly, never guessed.
 */
import * as http from 'http';
import * as path from 'path';
import type { Budget } from './budget';
import { formatBytes as formatSize } from './format';
import type { BlastFinding } from './measure';

const DEFAULT_SOCKET = '/var/run/docker.sock';

interface DockerVolume {
	readonly Name: string;
	readonly Labels?: Record<string, string> | null;
	readonly UsageData?: { readonly Size: number; readonly RefCount: number } | null;
}

interface DockerContainer {
	readonly Names?: readonly string[];
	readonly Mounts?: readonly { readonly Type: string; readonly Name?: string }[];
}

function getJson(socketPath: string, apiPath: string, budget: Budget): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const timeout = budget.left;
		if (timeout === 0) {
			reject(new Error('no time left'));
			return;
		}
		const request = http.get({ socketPath, path: apiPath, timeout, headers: { host: 'docker' } }, (response) => {
			const chunks: Buffer[] = [];
			let size = 0;
			response.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size > 16 * 1024 * 1024) {
					request.destroy(new Error('the answer is too large'));
					return;
				}
				chunks.push(chunk);
			});
			response.on('end', () => {
				if (response.statusCode !== 200) {
					reject(new Error(`HTTP ${response.statusCode}`));
					return;
				}
				try {
					resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
				} catch (error) {
					reject(error instanceof Error ? error : new Error(String(error)));
				}
			});
			response.on('error', reject);
		});
		request.on('timeout', () => request.destroy(new Error('no answer in time')));
		request.on('error', reject);
	});
}

/** Compose's project name for a folder: its name, lower-cased, other characters dropped. */
function composeProject(dir: string): string {
	return path.basename(dir).toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

export async function dockerVolumes(how: string, names: readonly string[], all: boolean, dockerHost: string | undefined, budget: Budget, dir = process.cwd()): Promise<BlastFinding> {
	const unknown = (why: string): BlastFinding => ({
		kind: 'docker-volumes', complete: false, details: [],
		summary: `docker ${how}: the volumes' sizes and the containers using them are unknown — ${why}.`,
	});
	if (dockerHost && !dockerHost.startsWith('unix://')) {
		return unknown(`the Docker daemon is at ${dockerHost}, which Terminal Guard does not call`);
	}
	const socketPath = dockerHost ? dockerHost.slice('unix://'.length) : DEFAULT_SOCKET;
	let volumes: DockerVolume[];
	let containers: DockerContainer[];
	try {
		const df = await getJson(socketPath, '/system/df?type=volume', budget) as { Volumes?: DockerVolume[] | null };
		volumes = df.Volumes ?? [];
		containers = await getJson(socketPath, '/containers/json?all=1', budget) as DockerContainer[];
	} catch (error) {
		return unknown(`no Docker daemon answered at ${socketPath} (${error instanceof Error ? error.message : String(error)})`);
	}
	const project = composeProject(dir);
	const chosen = all
		? volumes.filter((v) => (how.startsWith('compose') ? v.Labels?.['com.docker.compose.project'] === project : (v.UsageData?.RefCount ?? 0) === 0))
		: volumes.filter((v) => names.includes(v.Name));
	const users = (volume: string): string[] => containers.filter((c) => c.Mounts?.some((m) => m.Type === 'volume' && m.Name === volume)).map((c) => (c.Names?.[0] ?? '?').replace(/^\//, ''));
	const bytes = chosen.reduce((sum, v) => sum + Math.max(0, v.UsageData?.Size ?? 0), 0);
	const missing = all ? [] : names.filter((n) => !volumes.some((v) => v.Name === n));
	const details = chosen.slice(0, 8).map((v) => {
		const used = users(v.Name);
		const size = (v.UsageData?.Size ?? -1) >= 0 ? formatSize(v.UsageData!.Size) : 'size unknown';
		return `${v.Name}: ${size}${used.length > 0 ? `, used by ${used.join(', ')}` : ', used by no container'}`;
	});
	if (missing.length > 0) {
		details.push(`no such volume: ${missing.join(', ')}`);
	}
	return {
		kind: 'docker-volumes', complete: true, details, bytes, entries: chosen.map((v) => v.Name),
		summary: chosen.length === 0 ? `docker ${how} would delete no volume.` : `docker ${how} deletes ${chosen.length} volume${chosen.length === 1 ? '' : 's'}, ${formatSize(bytes)} of data.`,
	};
}

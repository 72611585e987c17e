/** Which AI agents look installed: their folder in home, or their command on PATH. No vscode import. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AGENTS, AGENT_IDS, type AgentId } from './agents';

export interface Detection {
	readonly agent: AgentId;
	readonly found: boolean;
	/** What showed it, e.g. "~/.claude" or "claude on PATH". */
	readonly evidence?: string;
}

export interface DetectInput {
	readonly home: string;
	readonly pathVariable: string | undefined;
	/** The editor we run in (vscode.env.appName): Cursor and VS Code count as their own agent. */
	readonly appName?: string;
	readonly platform?: NodeJS.Platform;
}

function isDirectory(p: string): boolean {
	try {
		return fs.statSync(p).isDirectory();
	} catch {
		return false;
	}
}

/** The first executable called `name` on PATH (with Windows' extensions). */
export function onPath(name: string, pathVariable: string | undefined, platform: NodeJS.Platform = process.platform): string | undefined {
	const extensions = platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''];
	for (const dir of (pathVariable ?? '').split(platform === 'win32' ? ';' : ':')) {
		if (!dir) {
			continue;
		}
		for (const extension of extensions) {
			const candidate = path.join(dir, name + extension);
			try {
				fs.accessSync(candidate, fs.constants.X_OK);
				if (fs.statSync(candidate).isFile()) {
					return candidate;
				}
			} catch {
				// not here
			}
		}
	}
	return undefined;
}

export function detectAgents(input: DetectInput): Detection[] {
	const app = (input.appName ?? '').toLowerCase();
	return AGENT_IDS.map((agent) => {
		const spec = AGENTS[agent];
		if ((agent === 'cursor' && app.includes('cursor')) || (agent === 'vscode' && (app.includes('visual studio code') || app.includes('code-server') || app.includes('code - oss')))) {
			return { agent, found: true, evidence: `running in ${input.appName}` };
		}
		const marker = spec.homeMarkers.find((m) => isDirectory(path.join(input.home, m)));
		if (marker) {
			return { agent, found: true, evidence: `~/${marker}` };
		}
		const executable = spec.executables.find((e) => onPath(e, input.pathVariable, input.platform));
		return executable ? { agent, found: true, evidence: `${executable} on PATH` } : { agent, found: false };
	});
}

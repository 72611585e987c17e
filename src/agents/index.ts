/** The agents `terminal-guard hook <agent>` knows, by id. */
import { claudeCode } from './claudeCode';
import { codex } from './codex';
import { cursor } from './cursor';
import { gemini } from './gemini';
import { opencode } from './opencode';
import type { AgentAdapter, AgentId } from './types';
import { vscodeAgent } from './vscode';

export const ADAPTERS: Readonly<Record<AgentId, AgentAdapter>> = {
	'claude-code': claudeCode,
	cursor,
	vscode: vscodeAgent,
	codex,
	gemini,
	opencode,
};

export function adapterFor(id: string): AgentAdapter | undefined {
	return Object.prototype.hasOwnProperty.call(ADAPTERS, id) ? ADAPTERS[id as AgentId] : undefined;
}

/**
 * "Protect AI Agents…" and "Remove AI Agent Protection…": the thin editor layer over
 * src/agents/install/ (pure, tested without VS Code). Also keeps the shim current at activation.
 */
import * as vscode from 'vscode';
import {
	AGENTS, AGENT_IDS, agentsHome, configFileOf, currentShimTarget, detectAgents, installHook, isInstalled, removeInstalledHook, writeShim,
	type AgentId, type FileResult, type Scope, type Target,
} from '../agents/install';
import { registerCommand } from './commands';

export const PROTECT_COMMAND = 'terminalGuard.protectAgents';
export const REMOVE_COMMAND = 'terminalGuard.removeAgentProtection';

/** Arguments for running the commands without questions (automation and the integration tests). */
export interface ProtectArgs {
	readonly agents?: readonly AgentId[];
	readonly scope?: Scope;
}
export interface RemoveArgs {
	readonly targets?: readonly { agent: AgentId; scope: Scope }[];
}
export interface Outcome {
	readonly done: FileResult[];
	readonly failed: { agent: AgentId; scope: Scope; message: string }[];
}

export function registerAgentProtection(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
	refreshShim(context, log);
	return vscode.Disposable.from(
		registerCommand(PROTECT_COMMAND, log, (args) => protectAgents(context, log, (args ?? {}) as ProtectArgs)),
		registerCommand(REMOVE_COMMAND, log, (args) => removeAgentProtection(log, (args ?? {}) as RemoveArgs)),
	);
}

/** Points ~/.terminal-guard/bin/terminal-guard at this extension version; hooks already installed follow. */
function refreshShim(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): string | undefined {
	try {
		const shim = writeShim(agentsHome(), currentShimTarget(context.extensionPath));
		log.info(`[agents] ${shim} runs ${context.extensionPath}/dist/cli.js`);
		return shim;
	} catch (error) {
		log.error('[agents] could not write the terminal-guard command for agent hooks', error);
		return undefined;
	}
}

function workspaceFolder(): string | undefined {
	return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}

function targetOf(agent: AgentId, scope: Scope): Target {
	return { agent, scope, home: agentsHome(), workspace: workspaceFolder() };
}

async function protectAgents(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, args: ProtectArgs): Promise<Outcome | undefined> {
	const agents = args.agents ?? (await pickAgents());
	if (!agents || agents.length === 0) {
		return undefined;
	}
	const scope = args.scope ?? (await pickScope(agents));
	if (!scope) {
		return undefined;
	}
	const shim = writeShim(agentsHome(), currentShimTarget(context.extensionPath));
	const outcome: Outcome = { done: [], failed: [] };
	for (const agent of agents) {
		try {
			const result = installHook(targetOf(agent, scope), shim);
			log.info(`[agents] ${AGENTS[agent].name}: ${result.outcome} ${result.file}`);
			outcome.done.push(result);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			log.error(`[agents] ${AGENTS[agent].name}: ${message}`);
			outcome.failed.push({ agent, scope, message });
		}
	}
	report(outcome, 'now ask you in the editor before running a destructive command', args.agents !== undefined);
	return outcome;
}

async function removeAgentProtection(log: vscode.LogOutputChannel, args: RemoveArgs): Promise<Outcome | undefined> {
	const installed = (['user', 'workspace'] as const).flatMap((scope) =>
		AGENT_IDS.filter((agent) => (scope === 'user' || workspaceFolder()) && isInstalled(targetOf(agent, scope))).map((agent) => ({ agent, scope })));
	let targets = args.targets;
	if (!targets) {
		if (installed.length === 0) {
			void vscode.window.showInformationMessage('Terminal Guard: no AI agent hooks of Terminal Guard are installed.');
			return { done: [], failed: [] };
		}
		const picked = await vscode.window.showQuickPick(installed.map((t) => ({ label: AGENTS[t.agent].name, description: t.scope === 'user' ? 'for you' : 'this workspace', detail: configFileOf(targetOf(t.agent, t.scope)), picked: true, target: t })), {
			title: 'Remove AI Agent Protection',
			placeHolder: 'The agents whose Terminal Guard hook to remove (other hooks and settings stay)',
			canPickMany: true,
			ignoreFocusOut: true,
		});
		targets = picked?.map((p) => p.target);
	}
	if (!targets || targets.length === 0) {
		return undefined;
	}
	const outcome: Outcome = { done: [], failed: [] };
	for (const { agent, scope } of targets) {
		try {
			const result = removeInstalledHook(targetOf(agent, scope));
			log.info(`[agents] ${AGENTS[agent].name}: ${result.outcome} ${result.file}`);
			outcome.done.push(result);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			log.error(`[agents] ${AGENTS[agent].name}: ${message}`);
			outcome.failed.push({ agent, scope, message });
		}
	}
	report(outcome, 'no longer ask Terminal Guard before running commands', args.targets !== undefined);
	return outcome;
}

async function pickAgents(): Promise<AgentId[] | undefined> {
	const detections = detectAgents({ home: agentsHome(), pathVariable: process.env.PATH, appName: vscode.env.appName });
	const items = detections.map((d) => ({
		label: AGENTS[d.agent].name,
		description: d.found ? `found: ${d.evidence}` : 'not found here',
		picked: d.found,
		agent: d.agent,
	}));
	const picked = await vscode.window.showQuickPick(items, {
		title: 'Protect AI Agents',
		placeHolder: 'Agents whose shell commands Terminal Guard should check before they run',
		canPickMany: true,
		ignoreFocusOut: true,
	});
	return picked?.map((p) => p.agent);
}

async function pickScope(agents: readonly AgentId[]): Promise<Scope | undefined> {
	const home = agentsHome();
	const workspace = workspaceFolder();
	const files = (scope: Scope): string => agents.map((a) => AGENTS[a].configFile(scope, { home, workspace })).filter((f) => f).join(', ');
	if (!workspace) {
		return 'user';
	}
	const picked = await vscode.window.showQuickPick([
		{ label: 'For me, in every folder', description: 'user configuration', detail: files('user'), scope: 'user' as const },
		{ label: 'For this workspace only', description: 'files in the folder; they name a command in your home folder, so do not commit them for others', detail: files('workspace'), scope: 'workspace' as const },
	], { title: 'Protect AI Agents: where to install the hook', ignoreFocusOut: true });
	return picked?.scope;
}

/** One message for what was done, one warning per file left alone. Quiet for automation. */
function report(outcome: Outcome, what: string, quiet: boolean): void {
	for (const failure of outcome.failed) {
		void vscode.window.showWarningMessage(`Terminal Guard: ${AGENTS[failure.agent].name}: ${failure.message}`);
	}
	const changed = outcome.done.filter((r) => r.outcome !== 'unchanged' && r.outcome !== 'absent');
	if (quiet || outcome.done.length === 0) {
		return;
	}
	const names = [...new Set(outcome.done.map((r) => AGENTS[r.agent].name))].join(', ');
	const files = changed.map((r) => `${r.file} (${r.outcome})`).join('; ');
	void vscode.window.showInformationMessage(`Terminal Guard: ${names} ${what}.${files ? ` Changed: ${files}.` : ' Nothing needed changing.'}`);
}

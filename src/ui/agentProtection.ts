/**
 * "Protect AI Agents…" and "Remove AI Agent Protection…": the thin editor layer over
 * src/agents/install/ (pure, tested without VS Code). Also keeps the shim current at activation.
 */
import * as vscode from 'vscode';
import {
	AGENTS, AGENT_IDS, agentsHome, configFileOf, currentShimTarget, detectAgents, installHook, isInstalled, removeInstalledHook, writeShim,
	type AgentId, type FileResult, type Scope, type Target,
} from '../agents/install';
import { agentTerminalsPointed, pointAgentTerminals, restoreAgentTerminals, type SettingsOutcome } from './agentTerminals';
import { registerCommand } from './commands';
import { setProtectEverythingChosen } from './protectionChoice';
import { applyTerminalEnvironment, otherTerminalsGuarded, setOtherTerminals } from './terminalEnvironment';

export const PROTECT_COMMAND = 'terminalGuard.protectAgents';
export const REMOVE_COMMAND = 'terminalGuard.removeAgentProtection';

/** Arguments for running the commands without questions (automation and the integration tests). */
export interface ProtectArgs {
	readonly agents?: readonly AgentId[];
	readonly scope?: Scope;
	/** Also point Copilot's agent terminals at `terminal-guard shell` (user settings). */
	readonly agentTerminals?: boolean;
	/** Also guard the bash and zsh terminals VS Code starts itself: plain, task and extension terminals (src/ui/terminalEnvironment.ts). */
	readonly otherTerminals?: boolean;
}
export interface RemoveArgs {
	readonly targets?: readonly { agent: AgentId; scope: Scope }[];
	/** Also put Copilot's agent terminal settings back. */
	readonly agentTerminals?: boolean;
	/** Also stop guarding the terminals VS Code starts itself. */
	readonly otherTerminals?: boolean;
}
export interface Outcome {
	readonly done: FileResult[];
	readonly failed: { agent: AgentId; scope: Scope; message: string }[];
	settings?: SettingsOutcome;
	/** The VS Code agent's hook file changed: this window's agent keeps the hooks it loaded until a reload. */
	reloadWindow?: boolean;
}

/** The quick pick's extra entry next to the agents. */
const AGENT_TERMINALS = 'agent-terminals';
const OTHER_TERMINALS = 'other-terminals';
type Extra = typeof AGENT_TERMINALS | typeof OTHER_TERMINALS;

export function registerAgentProtection(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
	applyTerminalEnvironment(context, refreshShim(context, log), log);
	return vscode.Disposable.from(
		registerCommand(PROTECT_COMMAND, log, (args) => protectAgents(context, log, (args ?? {}) as ProtectArgs)),
		registerCommand(REMOVE_COMMAND, log, (args) => removeAgentProtection(context, log, (args ?? {}) as RemoveArgs)),
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
	let agents: readonly AgentId[] | undefined = args.agents;
	let agentTerminals = args.agentTerminals === true;
	let otherTerminals = args.otherTerminals === true;
	if (!agents) {
		const picked = await pickAgents(context);
		if (!picked) {
			return undefined;
		}
		agents = picked.filter((p): p is AgentId => p !== AGENT_TERMINALS && p !== OTHER_TERMINALS);
		agentTerminals = picked.includes(AGENT_TERMINALS);
		otherTerminals = picked.includes(OTHER_TERMINALS);
	}
	if (agents.length === 0 && !agentTerminals && !otherTerminals) {
		return undefined;
	}
	const scope = agents.length === 0 ? 'user' : args.scope ?? (await pickScope(agents));
	if (!scope) {
		return undefined;
	}
	const shim = writeShim(agentsHome(), currentShimTarget(context.extensionPath));
	const outcome: Outcome = { done: [], failed: [] };
	if (otherTerminals) {
		await setOtherTerminals(context, true, shim, log);
		if (args.agents === undefined) {
			void vscode.window.showInformationMessage('Terminal Guard: new bash and zsh terminals (plain, task and extension terminals) now check each command line with you before a destructive one runs. Terminals already open are guarded once relaunched.');
		}
	}
	if (agentTerminals) {
		outcome.settings = await pointAgentTerminals(context, agentsHome(), shim);
		log.info(`[agents] agent terminal settings: changed ${outcome.settings.changed.join(', ') || 'none'}; skipped ${outcome.settings.skipped.map((k) => `${k.key} (${k.reason})`).join(', ') || 'none'}`);
	}
	for (const agent of agents) {
		editConfig(outcome, log, agent, scope, (target) => installHook(target, shim));
	}
	report(outcome, 'now ask you in the editor before running a destructive command', args.agents !== undefined);
	return outcome;
}

async function removeAgentProtection(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, args: RemoveArgs): Promise<Outcome | undefined> {
	const installed = (['user', 'workspace'] as const).flatMap((scope) =>
		AGENT_IDS.filter((agent) => (scope === 'user' || workspaceFolder()) && isInstalled(targetOf(agent, scope))).map((agent) => ({ agent, scope })));
	let targets = args.targets;
	let agentTerminals = args.agentTerminals === true;
	let otherTerminals = args.otherTerminals === true;
	if (!targets) {
		const pointed = agentTerminalsPointed(context);
		const gated = otherTerminalsGuarded(context);
		if (installed.length === 0 && !pointed && !gated) {
			void vscode.window.showInformationMessage('Terminal Guard: no AI agent hooks of Terminal Guard are installed.');
			return { done: [], failed: [] };
		}
		const items = installed.map((t) => ({ label: AGENTS[t.agent].name, description: t.scope === 'user' ? 'for you' : 'this workspace', detail: configFileOf(targetOf(t.agent, t.scope)), picked: true, target: t as { agent: AgentId; scope: Scope } | Extra }));
		if (pointed) {
			items.push({ label: 'Copilot agent terminals', description: 'user settings', detail: 'put back the terminal profile settings Terminal Guard changed', picked: true, target: AGENT_TERMINALS });
		}
		if (gated) {
			items.push({ label: 'Terminals VS Code starts (bash, zsh)', description: 'terminal environment', detail: 'stop guarding new plain, task and extension terminals', picked: true, target: OTHER_TERMINALS });
		}
		const picked = await vscode.window.showQuickPick(items, {
			title: 'Remove AI Agent Protection',
			placeHolder: 'The agents whose Terminal Guard hook to remove (other hooks and settings stay)',
			canPickMany: true,
			ignoreFocusOut: true,
		});
		if (!picked) {
			return undefined;
		}
		targets = picked.flatMap((p) => (typeof p.target === 'object' ? [p.target] : []));
		agentTerminals = picked.some((p) => p.target === AGENT_TERMINALS);
		otherTerminals = picked.some((p) => p.target === OTHER_TERMINALS);
	}
	if (targets.length === 0 && !agentTerminals && !otherTerminals) {
		return undefined;
	}
	const outcome: Outcome = { done: [], failed: [] };
	if (otherTerminals) {
		await setOtherTerminals(context, false, undefined, log);
		if (args.targets === undefined) {
			void vscode.window.showInformationMessage('Terminal Guard: new terminals are no longer guarded by their shell (the guarded terminal still is). Terminals already open keep their hook until relaunched.');
		}
	}
	if (agentTerminals) {
		outcome.settings = await restoreAgentTerminals(context);
	}
	for (const { agent, scope } of targets) {
		editConfig(outcome, log, agent, scope, removeInstalledHook);
	}
	// Taken away on purpose: "Protect Everything" no longer warns about it (protectionChoice.ts).
	await setProtectEverythingChosen(context.globalState, false);
	report(outcome, 'no longer ask Terminal Guard before running commands', args.targets !== undefined);
	return outcome;
}

/** Installs or removes one agent's hook; a failure (a malformed file) is reported and the others go on. */
function editConfig(outcome: Outcome, log: vscode.LogOutputChannel, agent: AgentId, scope: Scope, edit: (target: ReturnType<typeof targetOf>) => Outcome['done'][number]): void {
	try {
		const result = edit(targetOf(agent, scope));
		log.info(`[agents] ${AGENTS[agent].name}: ${result.outcome} ${result.file}`);
		outcome.done.push(result);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		log.error(`[agents] ${AGENTS[agent].name}: ${message}`);
		outcome.failed.push({ agent, scope, message });
	}
}

async function pickAgents(context: vscode.ExtensionContext): Promise<(AgentId | Extra)[] | undefined> {
	const detections = detectAgents({ home: agentsHome(), pathVariable: process.env.PATH, appName: vscode.env.appName });
	const items: { label: string; description: string; detail?: string; picked: boolean; agent: AgentId | Extra }[] = detections.map((d) => ({
		label: AGENTS[d.agent].name,
		description: d.found ? `found: ${d.evidence}` : 'not found here',
		picked: d.found,
		agent: d.agent,
	}));
	if (process.platform !== 'win32') {
		items.push({
			label: 'Copilot agent terminals',
			description: 'user settings',
			detail: 'Run Copilot\'s terminal tool and agent host shell through terminal-guard shell (chat.tools.terminal.terminalProfile, terminal.integrated.agentHostProfile)',
			picked: false,
			agent: AGENT_TERMINALS,
		}, {
			label: 'Terminals VS Code starts (bash, zsh)',
			description: 'terminal environment',
			detail: 'New plain, task and extension terminals check each command line, and `bash -c`/`zsh -c`, before it runs. An agent with its own hook may be asked twice.',
			picked: otherTerminalsGuarded(context),
			agent: OTHER_TERMINALS,
		});
	}
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

/**
 * VS Code 1.139.1 did not always use a hook file written or removed while the window was open until the
 * window was reloaded (2 of 5 runs, docs/coverage.md), so a change to the VS Code agent's hook says so.
 */
const RELOAD = 'Reload Window';

/** One message for what was done, one warning per file left alone. Quiet for automation. */
function report(outcome: Outcome, what: string, quiet: boolean): void {
	for (const skipped of outcome.settings?.skipped ?? []) {
		void vscode.window.showWarningMessage(`Terminal Guard: ${skipped.key} was not changed: ${skipped.reason}`);
	}
	if (!quiet && outcome.settings && outcome.settings.changed.length > 0) {
		void vscode.window.showInformationMessage(`Terminal Guard: changed ${outcome.settings.changed.join(', ')} in your user settings.`);
	}
	for (const failure of outcome.failed) {
		void vscode.window.showWarningMessage(`Terminal Guard: ${AGENTS[failure.agent].name}: ${failure.message}`);
	}
	const changed = outcome.done.filter((r) => r.outcome !== 'unchanged' && r.outcome !== 'absent');
	outcome.reloadWindow = changed.some((r) => r.agent === 'vscode');
	if (quiet || outcome.done.length === 0) {
		return;
	}
	const names = [...new Set(outcome.done.map((r) => AGENTS[r.agent].name))].join(', ');
	const files = changed.map((r) => `${r.file} (${r.outcome})`).join('; ');
	const message = `Terminal Guard: ${names} ${what}.${files ? ` Changed: ${files}.` : ' Nothing needed changing.'}`;
	if (!outcome.reloadWindow) {
		void vscode.window.showInformationMessage(message);
		return;
	}
	void vscode.window.showInformationMessage(`${message} Reload the window so that VS Code's agent uses its hooks as they are now: until then it may keep the ones it loaded.`, RELOAD).then((picked) => {
		if (picked === RELOAD) {
			void vscode.commands.executeCommand('workbench.action.reloadWindow');
		}
	});
}

/**
 * What is protected right now, in one line a person can read ("Terminals: not guarded yet · Claude
 * Code, Cursor agent: not protected"), and "Protect Everything": the guarded terminal as the default
 * profile, the hooks of the agents found on this machine (user scope), and the gate in the terminals
 * VS Code starts itself — each change written to the audit log and undone by the commands that
 * already exist (Remove AI Agent Protection…, Stop Using the Guarded Terminal as Default).
 *
 * The first-run welcome (welcome.ts), the status bar (statusBar.ts) and the menu (menu.ts) all read
 * the same summary. After the person chose "Protect Everything", something found later that is not
 * protected (a new agent, a hook removed from an agent's settings, the default profile changed back)
 * is shown as a warning in the status bar and the menu — never as a pop-up.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { AGENTS, agentsHome, detectAgents, isInstalled, type AgentId } from '../agents/install';
import type { AuditLog } from '../ui/auditLog';
import { type DefaultProfile, PROFILE_TITLE } from '../ui/defaultProfile';
import { PROTECT_EVERYTHING_COMMAND } from '../ui/menu';
import { protectEverythingChosen, setProtectEverythingChosen } from '../ui/protectionChoice';
import { otherTerminalsGuarded } from '../ui/terminalEnvironment';

export { PROTECT_EVERYTHING_COMMAND };

const PROTECT_AGENTS_COMMAND = 'terminalGuard.protectAgents';
/** How often the agents' folders and settings are looked at again while the window has focus. */
const RECHECK_MS = 60_000;

export interface ProtectionPart {
	/** `terminals`, `plain-terminals`, or an agent's id. */
	readonly id: 'terminals' | 'plain-terminals' | AgentId;
	readonly name: string;
	readonly protected: boolean;
	/** For an agent: what showed it is installed ("~/.claude"). */
	readonly evidence?: string;
}

export interface ProtectionSummary {
	readonly parts: readonly ProtectionPart[];
	/** "Terminals: guarded · Claude Code, Cursor agent: protected". */
	readonly text: string;
	/** Parts not protected while the person asked for everything to be ("Claude Code: not protected"); empty otherwise. */
	readonly warnings: readonly string[];
}

/** What "Protect Everything" changed, and how to undo each. */
export interface ProtectEverythingResult {
	readonly changed: readonly string[];
	readonly failed: readonly string[];
	readonly undo: readonly string[];
}

interface AgentOutcome {
	readonly done: { agent: AgentId; file: string; outcome: string }[];
	readonly failed: { agent: AgentId; message: string }[];
}

export class Protection implements vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<void>();
	/** Fires when the summary may have changed (settings, focus, a timer, a protection applied). */
	readonly onDidChange = this.changed.event;
	private readonly disposables: vscode.Disposable[] = [this.changed];
	private last: ProtectionSummary | undefined;

	constructor(
		private readonly context: vscode.ExtensionContext,
		private readonly defaultProfile: DefaultProfile,
		private readonly audit: AuditLog,
		private readonly log: vscode.LogOutputChannel,
	) {
		const timer = setInterval(() => {
			if (vscode.window.state.focused) {
				this.refresh();
			}
		}, RECHECK_MS);
		this.disposables.push(
			{ dispose: () => clearInterval(timer) },
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration('terminal.integrated')) {
					this.refresh();
				}
			}),
			vscode.window.onDidChangeWindowState((state) => {
				if (state.focused) {
					this.refresh();
				}
			}),
		);
		this.watchAgentSettings();
	}

	/** The summary as last computed (computed now if never). */
	get current(): ProtectionSummary {
		return this.last ?? this.refresh();
	}

	/** Agents' settings folders being watched. */
	private readonly watched = new Set<string>();

	/**
	 * Watches each agent's user settings file on its own (never the whole home folder), so a hook taken
	 * out shows at once. A folder that does not exist yet cannot be watched: it is tried again at each refresh.
	 */
	private watchAgentSettings(): void {
		const home = agentsHome();
		for (const agent of Object.values(AGENTS)) {
			const file = agent.configFile('user', { home });
			if (!file || this.watched.has(file) || !fs.existsSync(path.dirname(file))) {
				continue;
			}
			this.watched.add(file);
			const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
			this.disposables.push(watcher, watcher.onDidChange(() => this.refresh()), watcher.onDidCreate(() => this.refresh()), watcher.onDidDelete(() => this.refresh()));
		}
	}

	/** Looks at the profile, the agents and the gate again; fires onDidChange when the text changed. */
	refresh(): ProtectionSummary {
		this.watchAgentSettings();
		const before = this.last;
		const summary = this.summary();
		this.last = summary;
		if (before && (before.text !== summary.text || before.warnings.join() !== summary.warnings.join())) {
			this.changed.fire();
		}
		return summary;
	}

	private get chosen(): boolean {
		return protectEverythingChosen(this.context.globalState);
	}

	/** What is and is not protected now. */
	summary(): ProtectionSummary {
		const parts: ProtectionPart[] = [{ id: 'terminals', name: 'Terminals', protected: this.defaultProfile.isDefault }];
		if (process.platform !== 'win32') {
			parts.push({ id: 'plain-terminals', name: 'Plain terminals', protected: otherTerminalsGuarded(this.context) });
		}
		for (const found of this.foundAgents()) {
			parts.push({ id: found.agent, name: AGENTS[found.agent].name, protected: this.agentProtected(found.agent), evidence: found.evidence });
		}
		const terminals = parts[0].protected ? 'Terminals: guarded' : 'Terminals: not guarded yet';
		const agents = parts.filter((p) => p.id !== 'terminals' && p.id !== 'plain-terminals');
		const group = (wanted: boolean, word: string): string | undefined => {
			const names = agents.filter((a) => a.protected === wanted).map((a) => a.name);
			return names.length > 0 ? `${names.join(', ')}: ${word}` : undefined;
		};
		const text = [terminals, group(true, 'protected'), group(false, 'not protected'), agents.length === 0 ? 'no AI agents found' : undefined].filter((t) => t !== undefined).join(' · ');
		const warnings = this.chosen ? parts.filter((p) => !p.protected).map((p) => p.id === 'terminals'
			? `the default terminal is no longer the guarded one (${this.defaultProfile.setting})`
			: p.id === 'plain-terminals' ? 'plain terminals are no longer checked' : `${p.name} (${p.evidence}) is not protected`) : [];
		return { parts, text, warnings };
	}

	/** Makes the guarded terminal the default, installs the found agents' hooks (user scope) and the plain-terminal gate; then says what changed. */
	async protectEverything(options: { quiet?: boolean } = {}): Promise<ProtectEverythingResult> {
		const before = this.summary();
		const changed: string[] = [];
		const failed: string[] = [];
		const undo = new Set<string>();
		const wasDefault = this.defaultProfile.isDefault;
		try {
			await this.defaultProfile.make(true);
			if (!wasDefault && this.defaultProfile.isDefault) {
				changed.push(`New terminals are guarded: ${this.defaultProfile.setting} is "${PROFILE_TITLE}" in your user settings.`);
				undo.add('Terminal Guard: Stop Using the Guarded Terminal as Default');
				this.record(`set ${this.defaultProfile.setting} in the user settings`, 'setup:default-profile', this.defaultProfile.setting);
			}
		} catch (error) {
			failed.push(`the default terminal could not be changed: ${error instanceof Error ? error.message : String(error)}`);
		}
		const agents = before.parts.filter((p): p is ProtectionPart & { id: AgentId } => p.id in AGENTS && !p.protected).map((p) => p.id);
		const gate = process.platform !== 'win32' && !otherTerminalsGuarded(this.context);
		if (agents.length > 0 || gate) {
			try {
				const outcome = await vscode.commands.executeCommand<AgentOutcome | undefined>(PROTECT_AGENTS_COMMAND, { agents, scope: 'user', otherTerminals: gate });
				for (const done of outcome?.done ?? []) {
					changed.push(`${AGENTS[done.agent].name} asks Terminal Guard before every tool: its hook is in ${homeRelative(done.file)}.`);
					this.record(`installed the ${AGENTS[done.agent].name} hook (${done.outcome})`, 'setup:agent-hook', done.file);
				}
				for (const failure of outcome?.failed ?? []) {
					failed.push(`${AGENTS[failure.agent].name}: ${failure.message}`);
				}
				if ((outcome?.done.length ?? 0) > 0) {
					undo.add('Terminal Guard: Remove AI Agent Protection…');
				}
				if (gate && otherTerminalsGuarded(this.context)) {
					changed.push('bash and zsh terminals VS Code starts itself (plain, task and extension terminals) check each line before it runs.');
					this.record('turned on the plain-terminal gate (terminal environment)', 'setup:plain-terminals', null);
					undo.add('Terminal Guard: Remove AI Agent Protection…');
				}
			} catch (error) {
				failed.push(`the agents could not be protected: ${error instanceof Error ? error.message : String(error)}`);
			}
		}
		await setProtectEverythingChosen(this.context.globalState, true);
		await Promise.all(this.recording.splice(0));
		const result = { changed, failed, undo: [...undo] };
		this.log.info(`[protection] protect everything: changed ${changed.length}, failed ${failed.length}`);
		this.refresh();
		this.changed.fire();
		if (!options.quiet) {
			void this.showResult(result);
		}
		return result;
	}

	/** The summary after "Protect Everything": what changed, what failed, how to undo it. */
	private async showResult(result: ProtectEverythingResult): Promise<void> {
		const detail = [
			...(result.changed.length > 0 ? ['Changed:', ...result.changed.map((c) => `• ${c}`)] : ['Nothing needed changing.']),
			...(result.failed.length > 0 ? ['', 'Not done:', ...result.failed.map((f) => `• ${f}`)] : []),
			...(result.undo.length > 0 ? ['', `To undo: ${result.undo.map((u) => `"${u}"`).join(' and ')}. Every change is in the audit log.`] : []),
			'',
			`Now: ${this.current.text}`,
		].join('\n');
		const message = result.failed.length > 0 ? 'Terminal Guard: protection is partly on' : 'Terminal Guard is on for your terminals and agents';
		await vscode.window.showInformationMessage(message, { modal: true, detail });
	}

	/** Audit writes of the current "Protect Everything", awaited before it returns. */
	private recording: Promise<void>[] = [];

	private record(what: string, rule: string, target: string | null): void {
		this.recording.push(this.audit.append({
			time: new Date().toISOString(),
			workspace: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? null,
			cwd: agentsHome(),
			command: `Protect Everything: ${what}`,
			rule,
			target,
			outcome: 'confirmed',
			askedBy: 'person-in-editor',
			production: false,
		}));
	}

	private foundAgents(): { agent: AgentId; evidence?: string }[] {
		try {
			return detectAgents({ home: agentsHome(), pathVariable: process.env.PATH, appName: vscode.env.appName }).filter((d) => d.found);
		} catch (error) {
			this.log.error('[protection] could not look for agents', error);
			return [];
		}
	}

	private agentProtected(agent: AgentId): boolean {
		const workspace = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
		return isInstalled({ agent, scope: 'user', home: agentsHome(), workspace })
			|| (workspace !== undefined && isInstalled({ agent, scope: 'workspace', home: agentsHome(), workspace }));
	}

	dispose(): void {
		this.disposables.forEach((d) => d.dispose());
	}
}

/** `~/.claude/settings.json` for a file in the (agents') home folder: shorter, and what the person knows it as. */
function homeRelative(file: string): string {
	const home = agentsHome();
	return file.startsWith(home + path.sep) ? `~/${path.relative(home, file).split(path.sep).join('/')}` : file;
}

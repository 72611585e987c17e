/**
 * The status bar item: the ACTIVE terminal's state — guarded (shell hook), screen-reading fallback,
 * unguarded (the hook stopped answering), not guarded (a plain terminal; guarded when its own shell
 * loaded Terminal Guard's hook, hookedShells.ts), or off (`enabled: false`) —
 * and PRODUCTION on a warning background. It always starts with the shield, so it is easy to find.
 * A click opens the quick menu (menu.ts). Its tooltip also says what is protected on this machine and
 * the repository's team policy, with a warning sign when something is no longer protected.
 */
import * as vscode from 'vscode';
import type { EditorGuard } from './guard';
import type { HookedShells } from './hookedShells';
import { GuardedPty } from './guardedTerminal';
import { readSettings, SECTION } from './settings';

export const MENU_COMMAND = 'terminalGuard.showMenu';

export type TerminalState = 'guarded' | 'fallback' | 'unguarded' | 'not-guarded' | 'off' | 'no-terminal';

export interface StatusView {
	readonly state: TerminalState;
	readonly production: boolean;
	/** The guarded terminal's shell, e.g. "zsh". */
	readonly shell: string | undefined;
	readonly text: string;
	readonly tooltip: string;
	/** What is protected on this machine ("Terminals: guarded · Claude Code: protected"), the same line the welcome and the menu show. */
	readonly protection?: string;
	/** What is no longer protected although the person asked for everything to be (shown, never popped up). */
	readonly warnings?: readonly string[];
	/** The repository's team policy, in a few words. */
	readonly teamPolicy?: string;
}

/** What the status bar adds to every terminal's view: the protection summary and the team policy (onboarding/protection.ts, teamPolicy.ts). */
export interface ProtectionSource {
	readonly current: { readonly text: string; readonly warnings: readonly string[] };
	/** Looks again (the menu does, when it opens). */
	refresh(): { readonly text: string; readonly warnings: readonly string[] };
	readonly onDidChange: vscode.Event<void>;
}
export interface TeamPolicySource {
	/** "team policy .terminal-guard.json: production on main; 1 protected path", or undefined when there is none. */
	describe(): string | undefined;
	readonly policies: readonly { readonly file: string }[];
	readonly onDidChange: vscode.Event<void>;
}

/** `view` with the machine's protection and the team policy added to its tooltip, and a warning sign when something is unprotected. */
export function withProtection(view: StatusView, protection?: ProtectionSource, team?: TeamPolicySource): StatusView {
	const summary = protection?.current;
	const policy = team?.describe();
	const warnings = summary?.warnings ?? [];
	const extra = [
		summary ? `Protection: ${summary.text}.` : undefined,
		warnings.length > 0 ? `Not protected any more: ${warnings.join('; ')}. Open the menu to protect everything again.` : undefined,
		policy ? `Team ${policy}.` : undefined,
	].filter((l) => l !== undefined);
	const text = warnings.length > 0 && !view.text.includes('$(warning)') ? view.text.replace('$(shield)', '$(shield) $(warning)') : view.text;
	return { ...view, text, tooltip: [view.tooltip, ...extra].join('\n'), protection: summary?.text, warnings, teamPolicy: policy };
}

/** The GuardedPty behind `terminal`, if it is a guarded terminal. */
export function guardedPtyOf(terminal: vscode.Terminal | undefined): GuardedPty | undefined {
	const options = terminal?.creationOptions;
	return options && 'pty' in options && options.pty instanceof GuardedPty ? options.pty : undefined;
}

/** What the item says for `terminal` (pure apart from reading settings and production). */
export function describeTerminal(guard: EditorGuard, terminal: vscode.Terminal | undefined, hooked?: HookedShells): StatusView {
	const pty = guardedPtyOf(terminal);
	const cwd = pty?.cwd ?? (terminal?.shellIntegration?.cwd?.scheme === 'file' ? terminal.shellIntegration.cwd.fsPath : undefined);
	const folder = cwd ? guard.folderFor(cwd) : vscode.workspace.workspaceFolders?.[0];
	const production = guard.production.isProduction(folder?.uri);
	const prefix = production ? 'PRODUCTION ' : '';
	const prod = production ? ' This workspace is PRODUCTION: every check is one step stricter.' : '';
	const shell = pty?.shellName;
	const view = (state: TerminalState, icon: string, label: string, tooltip: string): StatusView =>
		({ state, production, shell, text: `$(shield)${icon ? ` ${icon}` : ''} ${prefix}${label}`, tooltip: `Terminal Guard: ${tooltip}${prod} Click for the menu.` });
	if (!readSettings().enabled) {
		return view('off', '', 'Guard off', 'off (terminalGuard.enabled is false in your user settings): guarded terminals run commands unchecked.');
	}
	if (!terminal) {
		return view('no-terminal', '', 'Guard', 'no terminal is active.');
	}
	if (!pty && hooked?.isHooked(terminal)) {
		return view('guarded', '', 'Guarded (shell hook)', `every command line in "${terminal.name}" is checked by Terminal Guard's hook in its shell before it runs.`);
	}
	if (!pty) {
		return view('not-guarded', '', 'Not guarded', `"${terminal.name}" is a plain terminal: its commands are not checked. Open a guarded one from the menu.`);
	}
	switch (pty.mode) {
		case 'fallback':
			return view('fallback', '$(warning)', `Guarded (screen-reading): ${shell}`, `${shell} runs without the shell hook, so commands are read off the screen at Enter — weaker (docs/terminal.md).`);
		case 'unguarded':
			return view('unguarded', '$(warning)', `Unguarded: ${shell}`, `the ${shell} hook stopped answering, so commands in this terminal may run unchecked.`);
		case 'exited':
			return view('not-guarded', '', 'Not guarded', `the ${shell} in this terminal has exited.`);
		default:
			return view('guarded', '', `Guarded: ${shell}`, `every command line in this ${shell} is checked before it runs.`);
	}
}

export class GuardStatus implements vscode.Disposable {
	readonly item = vscode.window.createStatusBarItem('terminalGuard.status', vscode.StatusBarAlignment.Left, 0);
	private readonly disposables: vscode.Disposable[] = [];
	private watched: { pty: GuardedPty; listener: vscode.Disposable } | undefined;
	private current: StatusView | undefined;

	constructor(private readonly guard: EditorGuard, private readonly hooked?: HookedShells, private readonly protection?: ProtectionSource, private readonly team?: TeamPolicySource) {
		this.item.name = 'Terminal Guard';
		this.item.command = MENU_COMMAND;
		this.disposables.push(
			vscode.window.onDidChangeActiveTerminal(() => this.update()),
			vscode.window.onDidOpenTerminal(() => this.update()),
			vscode.window.onDidCloseTerminal(() => this.update()),
			vscode.window.onDidChangeTerminalShellIntegration(() => this.update()),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration(SECTION)) {
					this.update();
				}
			}),
			// Production is released only after the person answers, well after the settings event.
			guard.production.onDidChange(() => this.update()),
		);
		if (hooked) {
			this.disposables.push(hooked.onDidChange(() => this.update()));
		}
		for (const source of [protection, team]) {
			if (source) {
				this.disposables.push(source.onDidChange(() => this.update()));
			}
		}
		this.update();
		this.item.show();
	}

	get view(): StatusView {
		return this.current ?? this.update();
	}

	update(): StatusView {
		const terminal = vscode.window.activeTerminal;
		const pty = guardedPtyOf(terminal);
		if (this.watched?.pty !== pty) {
			this.watched?.listener.dispose();
			this.watched = pty ? { pty, listener: pty.onDidChangeState(() => this.update()) } : undefined;
		}
		const view = this.describe(terminal);
		this.current = view;
		this.item.text = view.text;
		this.item.tooltip = view.tooltip;
		this.item.backgroundColor = view.production ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
		return view;
	}

	/** What the item says for `terminal` when it is active. */
	describe(terminal: vscode.Terminal | undefined): StatusView {
		return withProtection(describeTerminal(this.guard, terminal, this.hooked), this.protection, this.team);
	}

	dispose(): void {
		this.watched?.listener.dispose();
		for (const d of this.disposables) {
			d.dispose();
		}
		this.item.dispose();
	}
}

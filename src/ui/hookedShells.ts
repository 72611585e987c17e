/**
 * Which of VS Code's own terminals have Terminal Guard's Enter hook loaded in their shell (plain,
 * task and extension terminals, when "Terminals VS Code starts" is on): the hook announces its shell's
 * pid over the bridge when it loads (`terminal-guard hooked`), and a terminal counts as guarded only
 * when its process id is one of those. A terminal whose `.bashrc` dropped the hook stays "not guarded".
 */
import * as vscode from 'vscode';

export class HookedShells implements vscode.Disposable {
	private readonly pids = new Set<number>();
	/** Process ids of the open terminals, resolved once each. */
	private readonly terminalPids = new Map<vscode.Terminal, number>();
	private readonly changed = new vscode.EventEmitter<void>();
	readonly onDidChange = this.changed.event;
	private readonly disposables: vscode.Disposable[] = [this.changed];

	constructor() {
		for (const terminal of vscode.window.terminals) {
			this.track(terminal);
		}
		this.disposables.push(
			vscode.window.onDidOpenTerminal((terminal) => this.track(terminal)),
			vscode.window.onDidCloseTerminal((terminal) => {
				const pid = this.terminalPids.get(terminal);
				this.terminalPids.delete(terminal);
				if (pid !== undefined) {
					this.pids.delete(pid);
				}
			}),
		);
	}

	/** A shell with this pid loaded the hook (said over the bridge). */
	announce(pid: number): void {
		if (!this.pids.has(pid)) {
			this.pids.add(pid);
			this.changed.fire();
		}
	}

	/** True when `terminal`'s shell has said that the hook is loaded. */
	isHooked(terminal: vscode.Terminal | undefined): boolean {
		const pid = terminal && this.terminalPids.get(terminal);
		return pid !== undefined && this.pids.has(pid);
	}

	private track(terminal: vscode.Terminal): void {
		void Promise.resolve(terminal.processId).then((pid) => {
			if (pid !== undefined) {
				this.terminalPids.set(terminal, pid);
				if (this.pids.has(pid)) {
					this.changed.fire();
				}
			}
		}, () => undefined);
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}

/**
 * Production cannot silently disappear. Every folder seen with `terminalGuard.production: true` is
 * remembered outside the workspace (globalState, keyed by folder URI). When the setting later goes
 * missing or false, the folder stays production and the person is asked, in a modal, whether to stop
 * treating it so; only an explicit yes forgets it. EditorGuard (and so the terminal, the check command
 * and, later, the bridge) asks `isProduction` here.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { ChoiceAnswerer } from './choices';
import { productionSetting, SECTION, Setting } from './settings';

const STATE_KEY = 'terminalGuard.productionFolders';
export const STOP_PRODUCTION_BUTTON = 'Stop Treating as Production';

export class ProductionMemory implements vscode.Disposable {
	/** Folders whose question is open now. */
	private readonly asking = new Set<string>();
	/** Folders whose person said "keep": not asked again until the setting changes. */
	private readonly kept = new Set<string>();
	private readonly listener: vscode.Disposable;
	private readonly changed = new vscode.EventEmitter<void>();
	/** Fires after a folder was remembered or released, so views showing PRODUCTION can redraw. */
	readonly onDidChange = this.changed.event;

	constructor(
		private readonly state: vscode.Memento,
		private readonly ask: () => ChoiceAnswerer,
		private readonly log: vscode.LogOutputChannel,
	) {
		this.listener = vscode.workspace.onDidChangeConfiguration((event) => {
			if (event.affectsConfiguration(`${SECTION}.${Setting.production}`)) {
				this.kept.clear();
				this.refresh();
			}
		});
		this.refresh();
	}

	/** Folders remembered as production (URI strings). */
	get remembered(): readonly string[] {
		return this.state.get<string[]>(STATE_KEY, []);
	}

	/** Whether commands in `folder` are production: the setting, or a remembered folder not yet released. */
	isProduction(folder: vscode.Uri | undefined): boolean {
		const setting = productionSetting(folder);
		if (!folder) {
			return setting;
		}
		const key = folder.toString();
		if (setting) {
			if (!this.remembered.includes(key)) {
				void this.state.update(STATE_KEY, [...this.remembered, key]).then(() => this.changed.fire(), (error: unknown) => this.log.error('[production] could not remember the folder', error));
				this.log.info(`[production] remembering ${folder.fsPath} as production`);
			}
			return true;
		}
		if (this.remembered.includes(key)) {
			void this.askToForget(folder);
			return true;
		}
		return false;
	}

	/** Checks every open folder (at start and when the setting changes). */
	refresh(): void {
		for (const folder of vscode.workspace.workspaceFolders ?? []) {
			this.isProduction(folder.uri);
		}
	}

	dispose(): void {
		this.listener.dispose();
		this.changed.dispose();
	}

	private async askToForget(folder: vscode.Uri): Promise<void> {
		const key = folder.toString();
		if (this.asking.has(key) || this.kept.has(key)) {
			return;
		}
		this.asking.add(key);
		const name = path.basename(folder.fsPath) || folder.fsPath;
		try {
			const yes = await this.ask()({
				kind: 'stop-production',
				message: `Stop treating ${name} as production?`,
				detail: `"terminalGuard.production" is no longer true for ${folder.fsPath}. Terminal Guard keeps treating it as production (stricter checks, PRODUCTION in every question) until you confirm the change here.`,
				yes: STOP_PRODUCTION_BUTTON,
			});
			// The setting may have come back while the question was open: then there is nothing to forget.
			if (yes && !productionSetting(folder)) {
				await this.state.update(STATE_KEY, this.remembered.filter((k) => k !== key));
				this.changed.fire();
				this.log.info(`[production] the person confirmed: ${folder.fsPath} is no longer production`);
			} else if (!yes) {
				this.kept.add(key);
				this.log.info(`[production] the person kept ${folder.fsPath} as production`);
			}
		} catch (error) {
			this.log.error('[production] the question failed; the folder stays production', error);
		} finally {
			this.asking.delete(key);
		}
	}
}

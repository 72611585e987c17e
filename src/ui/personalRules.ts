/**
 * Keeps the person's rules where hooks and gates find them when no editor answers (docs/agents.md):
 * at activation, whenever a `terminalGuard.*` setting changes and whenever production memory changes,
 * this profile's file in ~/.terminal-guard/personal-rules/ is rewritten (src/ui/personalRulesFile.ts).
 *
 * Only the person's USER settings go in (`inspect().globalValue`): `deny`, `patterns`,
 * `protectedPaths`, and `production` set at user level, plus the folders production memory keeps.
 * Workspace values never do, and neither does `allow` (the reader would ignore it: a file read with
 * nobody to ask can only make a verdict stricter).
 */
import * as vscode from 'vscode';
import type { PersonalRulesData } from '../engine/personalRules';
import type { ProductionMemory } from './productionMemory';
import { writePersonalRulesFile } from './personalRulesFile';
import { readSettings, SECTION, Setting } from './settings';

/** What this profile's file holds now: user settings only. */
export function currentPersonalRules(production: ProductionMemory, writtenBy: string): Omit<PersonalRulesData, 'v'> {
	const user = readSettings().user;
	const folders = production.remembered.flatMap((key) => {
		try {
			const uri = vscode.Uri.parse(key, true);
			return uri.scheme === 'file' ? [uri.fsPath] : [];
		} catch {
			return [];
		}
	});
	return {
		writtenBy,
		written: new Date().toISOString(),
		deny: user.deny ?? [],
		patterns: user.patterns ?? [],
		protectedPaths: user.protectedPaths ?? [],
		production: {
			everywhere: vscode.workspace.getConfiguration(SECTION).inspect<boolean>(Setting.production)?.globalValue === true,
			folders: [...new Set(folders)],
		},
	};
}

export class PersonalRulesSync implements vscode.Disposable {
	private readonly disposables: vscode.Disposable[];
	private warned = false;
	/** The file last written, if the last write worked. */
	file: string | undefined;

	constructor(
		private readonly production: ProductionMemory,
		private readonly log: vscode.LogOutputChannel,
		private readonly where: { readonly home: string; readonly fileName: string; readonly writtenBy: string },
	) {
		this.disposables = [
			vscode.workspace.onDidChangeConfiguration((event) => {
				if (event.affectsConfiguration(SECTION)) {
					this.write();
				}
			}),
			production.onDidChange(() => this.write()),
		];
		this.write();
	}

	/** Rewrites the file now. A failure is logged and shown once; it never throws. */
	write(): void {
		try {
			this.file = writePersonalRulesFile(this.where.home, this.where.fileName, currentPersonalRules(this.production, this.where.writtenBy));
		} catch (error) {
			this.file = undefined;
			const message = error instanceof Error ? error.message : String(error);
			this.log.error(`[personal-rules] could not save your rules for hooks that run without an editor: ${message}`);
			if (!this.warned) {
				this.warned = true;
				void vscode.window.showWarningMessage(`Terminal Guard could not save your rules for agent hooks that run while no editor is open (${message}). Hooks that run while no editor is open may not know your latest rules.`);
			}
		}
	}

	dispose(): void {
		this.disposables.forEach((d) => d.dispose());
	}
}

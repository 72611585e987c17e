/**
 * Tells the person, once per file and setting, that a workspace tried to set a setting that would
 * weaken protection, and that it is ignored. VS Code already drops `machine`-scoped values from
 * workspace files (so `inspect()` may not even show them); the files are read to name the culprit.
 */
import * as fs from 'fs';
import * as path from 'path';
// esbuild.config.js aliases jsonc-parser to its ESM build (the UMD build's dynamic requires can't be bundled).
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { SECTION, USER_ONLY_SETTINGS } from './settings';

export interface IgnoredSetting {
	/** The file that sets it (or the folder, when only `inspect()` saw it). */
	readonly file: string;
	/** Full id, e.g. `terminalGuard.allow`. */
	readonly setting: string;
}

/** The user-only settings that the open workspace's files try to set. */
export function findIgnoredSettings(): IgnoredSetting[] {
	const found: IgnoredSetting[] = [];
	const ids = USER_ONLY_SETTINGS.map((s) => `${SECTION}.${s}`);
	const scan = (file: string, pick: (json: Record<string, unknown>) => unknown): void => {
		const settings = pick(readJsonc(file) ?? {});
		if (typeof settings === 'object' && settings !== null) {
			for (const id of ids.filter((id) => id in settings)) {
				found.push({ file, setting: id });
			}
		}
	};
	for (const folder of vscode.workspace.workspaceFolders ?? []) {
		if (folder.uri.scheme === 'file') {
			scan(path.join(folder.uri.fsPath, '.vscode', 'settings.json'), (json) => json);
		}
	}
	const workspaceFile = vscode.workspace.workspaceFile;
	if (workspaceFile?.scheme === 'file') {
		scan(workspaceFile.fsPath, (json) => json.settings);
	}
	// Whatever VS Code itself reports from a workspace scope counts too.
	for (const setting of USER_ONLY_SETTINGS) {
		for (const folder of [undefined, ...(vscode.workspace.workspaceFolders ?? [])]) {
			const seen = vscode.workspace.getConfiguration(SECTION, folder?.uri).inspect(setting);
			const id = `${SECTION}.${setting}`;
			if ((seen?.workspaceValue !== undefined || seen?.workspaceFolderValue !== undefined) && !found.some((f) => f.setting === id)) {
				found.push({ file: folder?.uri.fsPath ?? 'the workspace settings', setting: id });
			}
		}
	}
	return found;
}

function readJsonc(file: string): Record<string, unknown> | undefined {
	try {
		const json = parse(fs.readFileSync(file, 'utf8'), [], { allowTrailingComma: true }) as unknown;
		return typeof json === 'object' && json !== null && !Array.isArray(json) ? json as Record<string, unknown> : undefined;
	} catch {
		return undefined;
	}
}

/** Warns once per file and setting; `warned` lists what was said (tests read it through the API). */
export class IgnoredSettingsWarner implements vscode.Disposable {
	readonly warned: IgnoredSetting[] = [];
	private readonly disposables: vscode.Disposable[] = [];

	constructor(private readonly log: vscode.LogOutputChannel) {
		this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration(SECTION)) {
				this.check();
			}
		}));
		const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
		this.disposables.push(watcher, watcher.onDidChange(() => this.check()), watcher.onDidCreate(() => this.check()));
		this.check();
	}

	check(): void {
		for (const item of findIgnoredSettings()) {
			if (this.warned.some((w) => w.file === item.file && w.setting === item.setting)) {
				continue;
			}
			this.warned.push(item);
			this.log.warn(`[settings] ignored ${item.setting} in ${item.file}: user settings only`);
			void vscode.window.showWarningMessage(`Terminal Guard ignores "${item.setting}" in ${item.file}: settings that could weaken protection are read only from your user settings.`);
		}
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}

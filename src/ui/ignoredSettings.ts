/**
 * Tells the person, once per file and setting, that a workspace tried to set a setting that would
 * weaken protection, and that it is ignored. VS Code already drops `machine`-scoped values from
 * workspace files (so `inspect()` may not even show them); the files are read to name the culprit.
 *
 * Also told once each: a workspace's terminal settings the guarded terminal did not take (reported by
 * shellProfile.ts when a guarded terminal opens), and every `deny`/`allow`/`patterns` rule, in any
 * scope, that Terminal Guard cannot run (not a valid regex, or not linear-time: src/engine/userRegex.ts).
 * Such a rule is skipped; the other rules still apply.
 */
import * as path from 'path';
// esbuild.config.js aliases jsonc-parser to its ESM build (the UMD build's dynamic requires can't be bundled).
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { readRegularFile } from '../engine/files';
import { ruleProblems } from '../engine/userRegex';
import { Setting, SECTION, USER_ONLY_SETTINGS } from './settings';
import type { IgnoredShellSetting } from './shellProfile';

export interface IgnoredSetting {
	/** The file that sets it (or the folder, when only `inspect()` saw it). */
	readonly file: string;
	/** Full id, e.g. `terminalGuard.allow`, `terminalGuard.patterns[3]`, `terminal.integrated.env.linux`. */
	readonly setting: string;
	/** Why it is ignored, when it is not simply "user settings only". */
	readonly reason?: string;
	/** A rule that cannot run (shown as an error), rather than a setting read elsewhere. */
	readonly broken?: boolean;
}

/** Where a workspace sets `id` (a flat key in `.vscode/settings.json` or the workspace file), else a description. */
export function fileSetting(id: string): string {
	for (const folder of vscode.workspace.workspaceFolders ?? []) {
		const file = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
		if (folder.uri.scheme === 'file' && id in (readJsonc(file) ?? {})) {
			return file;
		}
	}
	const workspaceFile = vscode.workspace.workspaceFile;
	if (workspaceFile?.scheme === 'file') {
		const settings = readJsonc(workspaceFile.fsPath)?.settings;
		if (typeof settings === 'object' && settings !== null && id in settings) {
			return workspaceFile.fsPath;
		}
	}
	return 'the workspace settings';
}

/** Rules in any scope that cannot run (src/engine/userRegex.ts), each named by its setting and place. */
export function findBrokenRules(): IgnoredSetting[] {
	const found: IgnoredSetting[] = [];
	const seenIn = (file: string, rules: Record<string, unknown>): void => {
		for (const problem of ruleProblems(rules)) {
			found.push({ file, setting: `${SECTION}.${problem.where}`, reason: problem.problem, broken: true });
		}
	};
	const keys = [Setting.deny, Setting.allow, Setting.patterns];
	const scopes = (folder: vscode.WorkspaceFolder | undefined) => {
		const config = vscode.workspace.getConfiguration(SECTION, folder?.uri);
		return Object.fromEntries(keys.map((k) => [k, config.inspect(k)]));
	};
	const top = scopes(undefined);
	seenIn('your user settings', Object.fromEntries(keys.map((k) => [k, top[k]?.globalValue])));
	// `allow` is user-only: a workspace's is already reported as ignored, and never compiled.
	const workspaceRules = Object.fromEntries([Setting.deny, Setting.patterns].map((k) => [k, top[k]?.workspaceValue]));
	for (const problem of ruleProblems(workspaceRules)) {
		const setting = `${SECTION}.${problem.where}`;
		found.push({ file: fileSetting(`${SECTION}.${problem.where.replace(/\[.*$/, '')}`), setting, reason: problem.problem, broken: true });
	}
	for (const folder of vscode.workspace.workspaceFolders ?? []) {
		const own = scopes(folder);
		const file = folder.uri.scheme === 'file' ? path.join(folder.uri.fsPath, '.vscode', 'settings.json') : folder.uri.toString();
		seenIn(file, Object.fromEntries([Setting.deny, Setting.patterns].map((k) => [k, own[k]?.workspaceFolderValue])));
	}
	return found.filter((f, i) => found.findIndex((g) => g.file === f.file && g.setting === f.setting && g.reason === f.reason) === i);
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

/** Far above any real settings file. */
const MAX_SETTINGS_BYTES = 4 * 1024 * 1024;

function readJsonc(file: string): Record<string, unknown> | undefined {
	try {
		// A workspace could put a FIFO or a device where its settings file goes: never block the editor on it.
		const text = readRegularFile(file, MAX_SETTINGS_BYTES);
		if (text === undefined) {
			return undefined;
		}
		const json = parse(text, [], { allowTrailingComma: true }) as unknown;
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
		this.tell([...findIgnoredSettings(), ...findBrokenRules()]);
	}

	/** The workspace's terminal settings a guarded terminal just did not take (shellProfile.ts). */
	report(ignored: readonly IgnoredShellSetting[] | undefined): void {
		this.tell((ignored ?? []).map((i) => ({ file: fileSetting(i.setting), setting: i.setting, reason: i.reason })));
	}

	private tell(items: readonly IgnoredSetting[]): void {
		for (const item of items) {
			if (this.warned.some((w) => w.file === item.file && w.setting === item.setting && w.reason === item.reason)) {
				continue;
			}
			this.warned.push(item);
			if (item.broken) {
				this.log.error(`[settings] skipped ${item.setting} in ${item.file}: ${item.reason}`);
				void vscode.window.showErrorMessage(`Terminal Guard skips ${item.setting} in ${item.file}: ${item.reason}. The other rules still apply.`);
			} else if (item.reason) {
				this.log.warn(`[settings] the guarded terminal ignores ${item.setting} in ${item.file}: ${item.reason}`);
				void vscode.window.showWarningMessage(`Terminal Guard ignores "${item.setting}" in ${item.file} for the guarded terminal: ${item.reason}. It starts your shell as your user settings say.`);
			} else {
				this.log.warn(`[settings] ignored ${item.setting} in ${item.file}: user settings only`);
				void vscode.window.showWarningMessage(`Terminal Guard ignores "${item.setting}" in ${item.file}: settings that could weaken protection are read only from your user settings.`);
			}
		}
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}

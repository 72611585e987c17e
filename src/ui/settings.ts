/**
 * Terminal Guard's settings: ids in one place, read where they are used (docs/decisions.md).
 *
 * A workspace may raise protection but never lower it. Settings that weaken it (`enabled`, `allow`,
 * `confirmTimeoutSeconds`) are `machine`-scoped and read only from the user's settings
 * (`inspect().globalValue`); raising ones (`deny`, `patterns`, `protectedPaths`) are read from every
 * scope, and the workspace's share can only make a verdict stricter (see `src/engine/strictest.ts`).
 */
import * as vscode from 'vscode';
import type { GuardConfig, Severity, UserPattern } from '../engine/types';
import { SEVERITY_RANK } from '../engine/types';

export const SECTION = 'terminalGuard';

export const Setting = {
	/** `terminalGuard.production`: this workspace (folder) is production; every check is one step stricter. */
	production: 'production',
	/** Off = guarded terminals run unchecked (and say so). User scope only. */
	enabled: 'enabled',
	/** Regexes of commands that run without confirmation. User scope only. */
	allow: 'allow',
	/** Regexes of commands refused outright. Any scope. */
	deny: 'deny',
	/** Extra rules (docs/rules.md). Any scope. */
	patterns: 'patterns',
	/** Globs of paths whose deletion needs confirmation. Any scope. */
	protectedPaths: 'protectedPaths',
	/** How long a question waits before the command is refused. User scope only. */
	confirmTimeoutSeconds: 'confirmTimeoutSeconds',
} as const;

/** Settings that would weaken protection if a workspace could set them. */
export const USER_ONLY_SETTINGS = [Setting.enabled, Setting.allow, Setting.confirmTimeoutSeconds] as const;

export const DEFAULT_CONFIRM_TIMEOUT_SECONDS = 300;

export interface GuardSettings {
	/** `terminalGuard.enabled` from the user's settings. */
	readonly enabled: boolean;
	/** The user's own rules (user settings only). */
	readonly user: GuardConfig;
	/** Raising rules from the workspace (`.vscode/settings.json`, the workspace file, folder settings). */
	readonly workspace: GuardConfig;
	readonly confirmTimeoutMs: number;
}

/** The `terminalGuard.production` setting for `folder` (resource scope), false when unset. */
export function productionSetting(folder: vscode.Uri | undefined): boolean {
	return vscode.workspace.getConfiguration(SECTION, folder).get<boolean>(Setting.production, false) === true;
}

/**
 * The settings per folder as last read, kept while watchSettings runs (from activation): the bridge
 * judges a line for every agent command, and reading them means a configuration object and an
 * inspect per setting each time. VS Code says when any of them may have changed — a settings file
 * edited by hand included — and every kept copy is then dropped before anything reads again.
 */
let kept: Map<string, GuardSettings> | undefined;

export function watchSettings(): vscode.Disposable {
	kept = new Map();
	const forget = (): void => kept?.clear();
	const listeners = [
		vscode.workspace.onDidChangeConfiguration((event) => {
			if (event.affectsConfiguration(SECTION)) {
				forget();
			}
		}),
		vscode.workspace.onDidChangeWorkspaceFolders(forget),
		vscode.workspace.onDidGrantWorkspaceTrust(forget),
	];
	return new vscode.Disposable(() => {
		kept = undefined;
		listeners.forEach((listener) => listener.dispose());
	});
}

/** Every Terminal Guard setting that matters for a command run in `folder`. */
export function readSettings(folder?: vscode.Uri): GuardSettings {
	const key = folder?.toString() ?? '';
	const known = kept?.get(key);
	if (known) {
		return known;
	}
	const read = readSettingsNow(folder);
	kept?.set(key, read);
	return read;
}

function readSettingsNow(folder: vscode.Uri | undefined): GuardSettings {
	const config = vscode.workspace.getConfiguration(SECTION, folder);
	const user = <T>(key: string): T | undefined => config.inspect<T>(key)?.globalValue;
	const workspace = <T>(key: string): T[] => {
		const seen = config.inspect<T[]>(key);
		return [...asArray(seen?.workspaceValue), ...asArray(seen?.workspaceFolderValue)] as T[];
	};
	const seconds = user<number>(Setting.confirmTimeoutSeconds);
	return {
		enabled: user<boolean>(Setting.enabled) !== false,
		user: {
			allow: strings(user(Setting.allow)),
			deny: strings(user(Setting.deny)),
			patterns: patterns(user(Setting.patterns)),
			protectedPaths: strings(user(Setting.protectedPaths)),
		},
		workspace: {
			deny: strings(workspace(Setting.deny)),
			patterns: patterns(workspace(Setting.patterns)),
			protectedPaths: strings(workspace(Setting.protectedPaths)),
		},
		confirmTimeoutMs: (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_CONFIRM_TIMEOUT_SECONDS) * 1000,
	};
}

/** True when `config` holds at least one rule. */
export function hasRules(config: GuardConfig): boolean {
	return [config.allow, config.deny, config.patterns, config.protectedPaths].some((list) => (list?.length ?? 0) > 0);
}

function asArray(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

function strings(value: unknown): string[] {
	return asArray(value).filter((v): v is string => typeof v === 'string' && v !== '');
}

/** Keeps well-formed patterns and only their known fields. */
function patterns(value: unknown): UserPattern[] {
	const out: UserPattern[] = [];
	for (const item of asArray(value)) {
		if (typeof item !== 'object' || item === null || typeof (item as { match?: unknown }).match !== 'string') {
			continue;
		}
		const p = item as Record<string, unknown>;
		out.push({
			match: p.match as string,
			id: typeof p.id === 'string' ? p.id : undefined,
			severity: typeof p.severity === 'string' && p.severity in SEVERITY_RANK ? p.severity as Severity : undefined,
			reason: typeof p.reason === 'string' ? p.reason : undefined,
			alternative: typeof p.alternative === 'string' ? p.alternative : undefined,
			target: typeof p.target === 'number' || typeof p.target === 'string' ? p.target : undefined,
		});
	}
	return out;
}

/**
 * Which shell a guarded terminal runs, and with what: the person's default terminal profile
 * (`terminal.integrated.defaultProfile.<os>` looked up in `terminal.integrated.profiles.<os>`),
 * else `$SHELL`, else /bin/bash; the first workspace folder as cwd; process.env plus
 * `terminal.integrated.env.<os>` (a null value removes the variable). When the default profile is
 * the guarded one itself, the profile it replaced is used instead (never the guarded one: no loop).
 *
 * The shell, its arguments and its environment come from the person's user settings (and VS Code's
 * defaults), never from a workspace: a workspace's `defaultProfile`/`profiles` could start `bash
 * --norc`, `zsh -f` or `fish --no-config` (no hook: the weaker screen-reading fallback) or a shell of
 * its own. A workspace's `env` is taken except for variables that change which startup files run, what
 * runs at the prompt or which hook loads (`workspaceEnvironment` in src/terminal/shellLaunch.ts). What
 * is not taken is listed in `ignored`, and the person is told once (ignoredSettings.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { workspaceEnvironment } from '../terminal/shellLaunch';

export interface ShellLaunch {
	readonly shellPath: string;
	readonly args: readonly string[];
	readonly cwd: string | undefined;
	readonly env: Record<string, string | undefined>;
	/** Where the shell came from, for the log. */
	readonly source: string;
	/** Workspace values the guarded terminal did not take, and why (the person is told once). */
	readonly ignored?: readonly IgnoredShellSetting[];
}

/** A workspace's terminal setting the guarded terminal did not take. */
export interface IgnoredShellSetting {
	/** Full id, e.g. `terminal.integrated.env.linux`. */
	readonly setting: string;
	/** Why, in words for the person. */
	readonly reason: string;
}

interface ProfileSetting {
	readonly path?: string | readonly string[];
	readonly args?: string | readonly string[];
	readonly env?: Record<string, string | null>;
}

export function osKey(): 'linux' | 'osx' | 'windows' {
	return process.platform === 'darwin' ? 'osx' : process.platform === 'win32' ? 'windows' : 'linux';
}

/**
 * @param replaced the profile that was the default before the guarded one became it, if any.
 * @param guardedTitle the guarded profile's title, which never names a shell.
 */
export function resolveShellLaunch(replaced?: string, guardedTitle?: string): ShellLaunch {
	const terminal = vscode.workspace.getConfiguration('terminal.integrated');
	const key = osKey();
	const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
	const cwd = folder?.uri.fsPath;
	const ignored: IgnoredShellSetting[] = [];
	const id = (setting: string): string => `terminal.integrated.${setting}`;

	const userEnv = userObject<string | null>(terminal, `env.${key}`);
	const env = mergeEnv({ ...process.env }, userEnv);
	const fromWorkspace = workspaceEnvironment(env, workspaceObject<string | null>(terminal, `env.${key}`));
	mergeEnv(env, fromWorkspace.apply);
	if (fromWorkspace.ignored.length > 0) {
		ignored.push({ setting: id(`env.${key}`), reason: `it sets ${fromWorkspace.ignored.join(', ')}, which could change the startup files, the prompt or the hook of your shell, or lower production` });
	}

	const configuredSeen = terminal.inspect<string | null>(`defaultProfile.${key}`);
	const configured = configuredSeen?.globalValue ?? configuredSeen?.defaultValue;
	const workspaceDefault = configuredSeen?.workspaceFolderValue ?? configuredSeen?.workspaceValue;
	if (workspaceDefault !== undefined && workspaceDefault !== configured) {
		ignored.push({ setting: id(`defaultProfile.${key}`), reason: 'it chooses the shell' });
	}
	const name = configured !== null && configured !== undefined && configured === guardedTitle ? replaced : configured;
	if (name && workspaceObject<ProfileSetting | null>(terminal, `profiles.${key}`)?.[name] !== undefined) {
		ignored.push({ setting: id(`profiles.${key}`), reason: `it changes your profile "${name}" (its shell, arguments or environment)` });
	}
	const profile = name ? userObject<ProfileSetting | null>(terminal, `profiles.${key}`)?.[name] : undefined;
	const profilePath = profile ? firstExisting(profile.path) : undefined;
	if (profile && profilePath) {
		const args = typeof profile.args === 'string' ? [profile.args] : [...(profile.args ?? [])];
		return { shellPath: profilePath, args, cwd, env: mergeEnv(env, profile.env), source: `default profile "${name}"`, ignored };
	}
	if (process.env.SHELL && fs.existsSync(process.env.SHELL)) {
		return { shellPath: process.env.SHELL, args: [], cwd, env, source: '$SHELL', ignored };
	}
	return { shellPath: '/bin/bash', args: [], cwd, env, source: 'the fallback /bin/bash', ignored };
}

/** An object setting as the user's settings and VS Code's defaults make it (VS Code merges their keys). */
function userObject<T>(config: vscode.WorkspaceConfiguration, key: string): Record<string, T> | undefined {
	const seen = config.inspect<Record<string, T>>(key);
	const merged = { ...asObject<T>(seen?.defaultValue), ...asObject<T>(seen?.globalValue) };
	return Object.keys(merged).length > 0 ? merged : undefined;
}

/** An object setting's workspace and folder values (the folder's win, as in VS Code). */
function workspaceObject<T>(config: vscode.WorkspaceConfiguration, key: string): Record<string, T> | undefined {
	const seen = config.inspect<Record<string, T>>(key);
	if (seen?.workspaceValue === undefined && seen?.workspaceFolderValue === undefined) {
		return undefined;
	}
	return { ...asObject<T>(seen.workspaceValue), ...asObject<T>(seen.workspaceFolderValue) };
}

function asObject<T>(value: unknown): Record<string, T> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, T> : {};
}

/** The first of `paths` that exists; a bare name (VS Code's default profiles say `bash`) is looked up on PATH. */
function firstExisting(paths: string | readonly string[] | undefined): string | undefined {
	const list = typeof paths === 'string' ? [paths] : paths ?? [];
	for (const candidate of list) {
		const found = path.isAbsolute(candidate) ? candidate : onPath(candidate);
		if (found && fs.existsSync(found)) {
			return found;
		}
	}
	return undefined;
}

function onPath(name: string): string | undefined {
	if (name.includes('/')) {
		return undefined;
	}
	return (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name)).find((file) => fs.existsSync(file));
}

function mergeEnv(base: Record<string, string | undefined>, extra: Record<string, string | null> | undefined): Record<string, string | undefined> {
	for (const [name, value] of Object.entries(extra ?? {})) {
		if (value === null) {
			delete base[name];
		} else {
			base[name] = value;
		}
	}
	return base;
}

/**
 * Which shell a guarded terminal runs, and with what: the person's default terminal profile
 * (`terminal.integrated.defaultProfile.<os>` looked up in `terminal.integrated.profiles.<os>`),
 * else `$SHELL`, else /bin/bash; the first workspace folder as cwd; process.env plus
 * `terminal.integrated.env.<os>` (a null value removes the variable). When the default profile is
 * the guarded one itself, the profile it replaced is used instead (never the guarded one: no loop).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export interface ShellLaunch {
	readonly shellPath: string;
	readonly args: readonly string[];
	readonly cwd: string | undefined;
	readonly env: Record<string, string | undefined>;
	/** Where the shell came from, for the log. */
	readonly source: string;
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
	const env = mergeEnv({ ...process.env }, terminal.get<Record<string, string | null>>(`env.${key}`));
	const configured = terminal.get<string | null>(`defaultProfile.${key}`);
	const name = configured !== null && configured !== undefined && configured === guardedTitle ? replaced : configured;
	const profile = name ? terminal.get<Record<string, ProfileSetting | null>>(`profiles.${key}`)?.[name] : undefined;
	const profilePath = profile ? firstExisting(profile.path) : undefined;
	if (profile && profilePath) {
		const args = typeof profile.args === 'string' ? [profile.args] : [...(profile.args ?? [])];
		return { shellPath: profilePath, args, cwd, env: mergeEnv(env, profile.env), source: `default profile "${name}"` };
	}
	if (process.env.SHELL && fs.existsSync(process.env.SHELL)) {
		return { shellPath: process.env.SHELL, args: [], cwd, env, source: '$SHELL' };
	}
	return { shellPath: '/bin/bash', args: [], cwd, env, source: 'the fallback /bin/bash' };
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

/**
 * Points Copilot's agent terminals at `terminal-guard shell` through user settings, remembering the
 * values they replace so "Remove AI Agent Protection" can put them back:
 * - `chat.tools.terminal.terminalProfile.<os>`: the terminal Copilot's run_in_terminal tool opens
 *   ({ path, args }; a path-based profile is the only kind it uses).
 * - `terminal.integrated.agentHostProfile.<os>`: the newer agent host's shell (path only; the file
 *   name picks the tool, so it is a wrapper named after the real shell).
 * Editors without these settings (older VS Code, Cursor) refuse to write them: reported, skipped.
 */
import * as vscode from 'vscode';
import { isDeepStrictEqual } from 'util';
import { onPath, writeAgentHostWrapper } from '../agents/install';

const MEMORY_KEY = 'terminalGuard.agentTerminalSettings';

type Remembered = Record<string, { previous: unknown; ours: unknown }>;

function osKey(): 'linux' | 'osx' | 'windows' {
	return process.platform === 'darwin' ? 'osx' : process.platform === 'win32' ? 'windows' : 'linux';
}

/** The settings and the values Terminal Guard gives them. */
export function agentTerminalSettings(shim: string, agentHostWrapper: string): { key: string; value: unknown }[] {
	const os = osKey();
	return [
		{ key: `chat.tools.terminal.terminalProfile.${os}`, value: { path: shim, args: ['shell', '--agent', 'Copilot terminal'] } },
		{ key: `terminal.integrated.agentHostProfile.${os}`, value: { path: agentHostWrapper } },
	];
}

function split(key: string): [string, string] {
	const dot = key.indexOf('.', key.startsWith('chat.') ? 'chat.tools.terminal'.length : 'terminal.integrated'.length);
	return [key.slice(0, dot), key.slice(dot + 1)];
}

export interface SettingsOutcome {
	readonly changed: string[];
	readonly skipped: { key: string; reason: string }[];
}

/** Writes both settings (user scope); the first value each replaces is remembered. */
export async function pointAgentTerminals(context: vscode.ExtensionContext, home: string, shim: string): Promise<SettingsOutcome> {
	if (process.platform === 'win32') {
		return { changed: [], skipped: [{ key: 'agent terminals', reason: 'terminal-guard shell needs a Unix shell; not offered on Windows yet' }] };
	}
	const realShell = process.env.SHELL || onPath('bash', process.env.PATH) || '/bin/sh';
	const wrapper = writeAgentHostWrapper(home, shim, realShell);
	const memory = context.globalState.get<Remembered>(MEMORY_KEY) ?? {};
	const outcome: SettingsOutcome = { changed: [], skipped: [] };
	for (const { key, value } of agentTerminalSettings(shim, wrapper)) {
		const [section, name] = split(key);
		const config = vscode.workspace.getConfiguration(section);
		const current = config.inspect(name)?.globalValue;
		if (isDeepStrictEqual(current, value)) {
			continue;
		}
		try {
			await config.update(name, value, vscode.ConfigurationTarget.Global);
		} catch (error) {
			outcome.skipped.push({ key, reason: error instanceof Error ? error.message : String(error) });
			continue;
		}
		memory[key] = { previous: memory[key] ? memory[key].previous : current, ours: value };
		outcome.changed.push(key);
	}
	await context.globalState.update(MEMORY_KEY, memory);
	return outcome;
}

/** Whether settings of ours are remembered (for the removal list). */
export function agentTerminalsPointed(context: vscode.ExtensionContext): boolean {
	return Object.keys(context.globalState.get<Remembered>(MEMORY_KEY) ?? {}).length > 0;
}

/** Puts back what each setting held before, unless the person has changed it since. */
export async function restoreAgentTerminals(context: vscode.ExtensionContext): Promise<SettingsOutcome> {
	const memory = context.globalState.get<Remembered>(MEMORY_KEY) ?? {};
	const outcome: SettingsOutcome = { changed: [], skipped: [] };
	for (const [key, { previous, ours }] of Object.entries(memory)) {
		const [section, name] = split(key);
		const config = vscode.workspace.getConfiguration(section);
		if (!isDeepStrictEqual(config.inspect(name)?.globalValue, ours)) {
			outcome.skipped.push({ key, reason: 'it was changed since Terminal Guard set it, so it was left as it is' });
			continue;
		}
		try {
			await config.update(name, previous, vscode.ConfigurationTarget.Global);
			outcome.changed.push(key);
		} catch (error) {
			outcome.skipped.push({ key, reason: error instanceof Error ? error.message : String(error) });
		}
	}
	await context.globalState.update(MEMORY_KEY, undefined);
	return outcome;
}

/**
 * Installing and removing our hook in one agent config file on disk: a backup of the original
 * first, atomic writes, and on removal the original bytes back when nothing else changed.
 * No vscode import.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from '../../engine/files';
import { AGENTS, hookCommand, type AgentId, type PluginAgent, type Scope } from './agents';
import { stateDir } from './home';
import { addHook, ConfigError, findOurHandlers, jsonEqual, parseConfig, removeHook } from './hookConfig';
import { isOurPlugin } from './opencodePlugin';

export interface Target {
	readonly agent: AgentId;
	readonly scope: Scope;
	readonly home: string;
	readonly workspace?: string;
}

export interface FileResult {
	readonly agent: AgentId;
	readonly scope: Scope;
	readonly file: string;
	/** installed/updated/unchanged on install; removed/restored/deleted/absent on removal. */
	readonly outcome: 'installed' | 'updated' | 'unchanged' | 'removed' | 'restored' | 'deleted' | 'absent';
}

/** The config file of `target`; throws when the agent has no file for that scope. */
export function configFileOf(target: Target): string {
	const file = AGENTS[target.agent].configFile(target.scope, target);
	if (!file) {
		throw new Error(`${AGENTS[target.agent].name} has no ${target.scope} configuration here (no workspace folder is open)`);
	}
	return file;
}

/**
 * Where the original of `file` is kept: ~/.terminal-guard/backups/, not beside the file, so no
 * stray copy lands in a repository or in a folder an agent loads every file from. An empty backup
 * means "the file did not exist".
 */
export function backupFileOf(file: string, home: string): string {
	const hash = createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 12);
	const readable = path.resolve(file).replace(/^[/\\]+/, '').replace(/[/\\:]+/g, '_');
	return path.join(stateDir(home), 'backups', `${readable}.${hash}.orig`);
}

/** Far above any real agent configuration file. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

function readIfExists(file: string): string | undefined {
	let stat: fs.Stats;
	try {
		stat = fs.statSync(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return undefined;
		}
		throw error;
	}
	// A FIFO or a device planted where the file goes would block the editor for ever: refuse it in words.
	const text = stat.isFile() ? readRegularFile(file, MAX_CONFIG_BYTES) : undefined;
	if (text === undefined) {
		throw new Error(`${file} is not a regular file of at most ${MAX_CONFIG_BYTES / 1024 / 1024} MB; leaving it alone`);
	}
	return text;
}

/** Writes through a temporary file and a rename, keeping the old file's permissions. */
function writeAtomically(file: string, text: string): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	let mode = 0o644;
	try {
		mode = fs.statSync(file).mode & 0o7777;
	} catch {
		// new file
	}
	const temporary = `${file}.terminal-guard-${process.pid}.tmp`;
	fs.writeFileSync(temporary, text, { mode });
	fs.renameSync(temporary, file);
}

/**
 * A plugin agent's file is ours alone: written whole, replaced when its text changed, never over a
 * file of the same name that we did not write.
 */
function installPlugin(target: Target, spec: PluginAgent, shim: string): FileResult {
	const file = configFileOf(target);
	const base = { agent: target.agent, scope: target.scope, file };
	const before = readIfExists(file);
	if (before !== undefined && !isOurPlugin(before)) {
		throw new ConfigError(file, 'is not a Terminal Guard plugin');
	}
	const text = spec.pluginText(shim);
	if (before === text) {
		return { ...base, outcome: 'unchanged' };
	}
	writeAtomically(file, text);
	return { ...base, outcome: before === undefined ? 'installed' : 'updated' };
}

/** Adds our hook (running `shim hook <agent>`) to the target's config, or writes our plugin file. */
export function installHook(target: Target, shim: string): FileResult {
	const spec = AGENTS[target.agent];
	if (spec.kind === 'plugin') {
		return installPlugin(target, spec, shim);
	}
	const file = configFileOf(target);
	const { layout } = spec;
	const before = readIfExists(file);
	const after = addHook(before ?? '', layout, hookCommand(shim, target.agent), file);
	const base = { agent: target.agent, scope: target.scope, file };
	if (before !== undefined && after === before) {
		return { ...base, outcome: 'unchanged' };
	}
	const hadOurs = before !== undefined && findOurHandlers(before, layout, file).length > 0;
	if (!hadOurs) {
		// A fresh installation: remember the file as it is now (empty backup: it did not exist).
		writeAtomically(backupFileOf(file, target.home), before ?? '');
	}
	writeAtomically(file, after);
	return { ...base, outcome: hadOurs ? 'updated' : 'installed' };
}

/** Whether the target's config holds a hook of ours (false when it is absent or unreadable). */
export function isInstalled(target: Target): boolean {
	const file = AGENTS[target.agent].configFile(target.scope, target);
	const text = file && readIfExists(file);
	if (!file || text === undefined) {
		return false;
	}
	const spec = AGENTS[target.agent];
	if (spec.kind === 'plugin') {
		return isOurPlugin(text);
	}
	try {
		return findOurHandlers(text, spec.layout, file).length > 0;
	} catch {
		return false;
	}
}

/**
 * Removes exactly our hook entries. When what remains equals the backed-up original, the original
 * bytes come back (or the file goes, if we created it); otherwise only our entries are cut out.
 */
export function removeInstalledHook(target: Target): FileResult {
	const file = configFileOf(target);
	const spec = AGENTS[target.agent];
	const base = { agent: target.agent, scope: target.scope, file };
	const before = readIfExists(file);
	if (before === undefined) {
		return { ...base, outcome: 'absent' };
	}
	if (spec.kind === 'plugin') {
		// Our plugin file goes; a file of the same name we did not write stays.
		if (!isOurPlugin(before)) {
			return { ...base, outcome: 'absent' };
		}
		fs.rmSync(file);
		return { ...base, outcome: 'deleted' };
	}
	const { layout } = spec;
	const after = removeHook(before, layout, file);
	if (after === before) {
		return { ...base, outcome: 'absent' };
	}
	const backupFile = backupFileOf(file, target.home);
	const backup = readIfExists(backupFile);
	const remaining = parseConfig(after, file);
	if (backup !== undefined) {
		const original = backup === '' ? undefined : parseConfig(backup, backupFile);
		const createdByUs = original === undefined && Object.keys(remaining).every((key) => Object.hasOwn(layout.required ?? {}, key) && jsonEqual(remaining[key], layout.required?.[key]));
		if (createdByUs) {
			// Folders made for it (e.g. .github/hooks) stay: they may have existed, empty, before.
			fs.rmSync(file);
			fs.rmSync(backupFile);
			return { ...base, outcome: 'deleted' };
		}
		if (original !== undefined && jsonEqual(remaining, original)) {
			writeAtomically(file, backup);
			fs.rmSync(backupFile);
			return { ...base, outcome: 'restored' };
		}
	}
	writeAtomically(file, after);
	// The backup described the file before this installation; after other changes it is stale.
	fs.rmSync(backupFile, { force: true });
	return { ...base, outcome: 'removed' };
}

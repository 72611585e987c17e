/**
 * Where each AI agent keeps its hook configuration and what our entry looks like in it
 * (docs/agents-install.md; formats from the agents' own documentation, see
 * /work/shared/notes/agent-hooks.md). No vscode import.
 */
import * as path from 'node:path';
import type { AgentId } from '../types';
import { opencodePluginText } from './opencodePlugin';

export type { AgentId };
export type Scope = 'user' | 'workspace';

export const AGENT_IDS: readonly AgentId[] = ['claude-code', 'cursor', 'vscode', 'codex', 'gemini', 'opencode'];

/**
 * How long an agent lets our hook run before giving up on it. Minutes, not the 30 s some agents
 * default to: a person must have time to read the modal and type a name. A hook the agent kills
 * counts as a non-blocking error in Claude Code (the command would run), so this stays well above
 * the editor's own answer timeout (terminalGuard.confirmTimeoutSeconds, default 300 s), which
 * answers "deny" first.
 */
export const HOOK_TIMEOUT_SECONDS = 15 * 60;

/** How our hook sits in the agent's JSON: a plain list of handlers, or handlers inside matcher groups. */
export interface HookLayout {
	/** The list that holds our entry, e.g. ['hooks', 'PreToolUse']. */
	readonly listPath: readonly string[];
	/** Present when entries are `{ matcher, hooks: [handler] }` groups (Claude Code, Codex, Gemini). */
	readonly matcher?: string;
	/** Top-level keys the file needs when they are missing (Cursor's `version`). */
	readonly required?: Readonly<Record<string, unknown>>;
	/** Our handler, for a given hook command. */
	handler(command: string): Record<string, unknown>;
}

interface AgentSpecBase {
	readonly id: AgentId;
	readonly name: string;
	/** The config file (or, for a plugin agent, the plugin file) for a scope; undefined when the agent has no such scope. */
	configFile(scope: Scope, dirs: { home: string; workspace?: string }): string | undefined;
	/** Folders under home and executables on PATH that show the agent is installed. */
	readonly homeMarkers: readonly string[];
	readonly executables: readonly string[];
}

/** An agent whose JSON config lists hook commands: our entry is edited into that file. */
export interface ConfigHookAgent extends AgentSpecBase {
	readonly kind: 'config';
	readonly layout: HookLayout;
}

/** An agent that runs checks as code it loads (OpenCode's plugins): the whole file is ours. */
export interface PluginAgent extends AgentSpecBase {
	readonly kind: 'plugin';
	/** The plugin file's text, running `shim hook <agent>`. */
	pluginText(shim: string, platform?: NodeJS.Platform): string;
}

export type AgentSpec = ConfigHookAgent | PluginAgent;

/**
 * The matcher for agents that filter by tool name: every tool (`*`, which Claude Code, Codex and
 * Gemini CLI each read as "all tools"). The hook must see the file-editing tools (an Edit that takes
 * the hook out of .claude/settings.json) and any tool that runs a command under another name (an
 * MCP tool with a `command` field); for the others it answers "no decision" at once.
 */
export const ALL_TOOLS = '*';

function claudeStyle(matcher: string): HookLayout {
	return {
		listPath: ['hooks', 'PreToolUse'],
		matcher,
		handler: (command) => ({ type: 'command', command, timeout: HOOK_TIMEOUT_SECONDS }),
	};
}

export const AGENTS: Readonly<Record<AgentId, AgentSpec>> = {
	'claude-code': {
		id: 'claude-code',
		kind: 'config',
		name: 'Claude Code',
		configFile: (scope, { home, workspace }) => (scope === 'user' ? path.join(home, '.claude', 'settings.json') : workspace && path.join(workspace, '.claude', 'settings.json')),
		layout: claudeStyle(ALL_TOOLS),
		homeMarkers: ['.claude'],
		executables: ['claude'],
	},
	cursor: {
		id: 'cursor',
		kind: 'config',
		name: 'Cursor agent',
		configFile: (scope, { home, workspace }) => (scope === 'user' ? path.join(home, '.cursor', 'hooks.json') : workspace && path.join(workspace, '.cursor', 'hooks.json')),
		layout: {
			listPath: ['hooks', 'beforeShellExecution'],
			required: { version: 1 },
			// failClosed: a crash or time-out of the hook must not let the command run.
			handler: (command) => ({ command, timeout: HOOK_TIMEOUT_SECONDS, failClosed: true }),
		},
		homeMarkers: ['.cursor'],
		executables: ['cursor', 'cursor-agent'],
	},
	vscode: {
		id: 'vscode',
		kind: 'config',
		name: 'VS Code agent (Copilot)',
		// A file of our own in the folders VS Code reads agent hooks from.
		configFile: (scope, { home, workspace }) => (scope === 'user' ? path.join(home, '.copilot', 'hooks', 'terminal-guard.json') : workspace && path.join(workspace, '.github', 'hooks', 'terminal-guard.json')),
		layout: {
			listPath: ['hooks', 'PreToolUse'],
			// VS Code ignores matchers and runs PreToolUse hooks for every tool; the hook ignores other tools.
			handler: (command) => ({ type: 'command', command, timeout: HOOK_TIMEOUT_SECONDS }),
		},
		homeMarkers: ['.copilot', '.vscode', '.vscode-server'],
		executables: ['code', 'code-insiders'],
	},
	codex: {
		id: 'codex',
		kind: 'config',
		name: 'Codex CLI',
		configFile: (scope, { home, workspace }) => (scope === 'user' ? path.join(home, '.codex', 'hooks.json') : workspace && path.join(workspace, '.codex', 'hooks.json')),
		layout: claudeStyle(ALL_TOOLS),
		homeMarkers: ['.codex'],
		executables: ['codex'],
	},
	gemini: {
		id: 'gemini',
		kind: 'config',
		name: 'Gemini CLI',
		configFile: (scope, { home, workspace }) => (scope === 'user' ? path.join(home, '.gemini', 'settings.json') : workspace && path.join(workspace, '.gemini', 'settings.json')),
		layout: {
			listPath: ['hooks', 'BeforeTool'],
			matcher: ALL_TOOLS,
			// Gemini CLI counts hook timeouts in milliseconds.
			handler: (command) => ({ name: 'terminal-guard', type: 'command', command, timeout: HOOK_TIMEOUT_SECONDS * 1000 }),
		},
		homeMarkers: ['.gemini'],
		executables: ['gemini'],
	},
	opencode: {
		id: 'opencode',
		kind: 'plugin',
		name: 'OpenCode',
		// A plugin file of our own in the folders OpenCode loads plugins from (it also reads `plugin/`).
		configFile: (scope, { home, workspace }) => (scope === 'user' ? path.join(home, '.config', 'opencode', 'plugins', 'terminal-guard.js') : workspace && path.join(workspace, '.opencode', 'plugins', 'terminal-guard.js')),
		pluginText: (shim, platform) => opencodePluginText(shim, HOOK_TIMEOUT_SECONDS, platform),
		homeMarkers: ['.config/opencode', '.opencode'],
		executables: ['opencode'],
	},
};

/** Recognises a hook command we installed, whatever the shim's path: `… terminal-guard hook <agent>`. */
const OUR_COMMAND = /terminal-guard(?:\.cmd)?["']?\s+hook\s+(?:claude-code|cursor|vscode|codex|gemini|opencode)\b/;

export function isOurCommand(command: unknown): boolean {
	return typeof command === 'string' && OUR_COMMAND.test(command);
}

/** The command line an agent runs: the shim, quoted when needed (sh rules; cmd on Windows), then `hook <agent>`. */
export function hookCommand(shim: string, agent: AgentId, platform: NodeJS.Platform = process.platform): string {
	const plain = platform === 'win32' ? /^[\w@%+=:,./\\-]+$/ : /^[\w@%+=:,./-]+$/;
	if (plain.test(shim)) {
		return `${shim} hook ${agent}`;
	}
	const quoted = platform === 'win32' ? `"${shim}"` : `"${shim.replace(/(["\\$`])/g, '\\$1')}"`;
	return `${quoted} hook ${agent}`;
}

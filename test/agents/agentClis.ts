/**
 * The real agent CLIs, as npm installs them (pinned in package.json's devDependencies), run
 * non-interactively against the scripted model server (modelServer/), in a throw-away HOME. Each
 * entry says how to start the agent, which environment points it at the model server, and what of
 * the agent's own configuration (not the hook: the installer writes that) it needs to run offline.
 * A missing agent is an error, never a skip.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentId } from '../../src/agents/install';

export type AgentCli = 'claude-code' | 'copilot' | 'codex' | 'gemini' | 'opencode';

export interface AgentCliSpec {
	readonly cli: AgentCli;
	/** The npm package, pinned in package.json. */
	readonly packageName: string;
	/** The agent id Terminal Guard's installer ("Protect AI Agents…") uses for this agent's hook. */
	readonly installAs: AgentId;
	/** The JavaScript entry the package's `bin` points at, relative to the package (or the native program, when `native`). */
	readonly entry: string;
	/** `entry` is a native program, run as it is (not with Node). */
	readonly native?: boolean;
	/** The shell tool the agent offers the model. */
	readonly shellTool: string;
	/** Writes what the agent needs besides the hook (model provider, auth choice) into `home`. */
	prepareHome(home: string, modelUrl: string): void;
	/** Environment that points the agent at the model server. */
	env(modelUrl: string): Record<string, string>;
	/**
	 * Environment that makes the agent read its configuration from `configHome` instead of HOME: in
	 * the editor the agent's HOME is the editor's (where the editor's bridge is found), while the
	 * installer writes into the run's throw-away home (TERMINAL_GUARD_AGENTS_HOME).
	 */
	configEnv(configHome: string): Record<string, string>;
	/** Arguments for one non-interactive task with `prompt`, the shell tool allowed without asking. */
	args(prompt: string): string[];
}

function writeFile(file: string, text: string): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, text);
}

export const AGENT_CLIS: Readonly<Record<AgentCli, AgentCliSpec>> = {
	'claude-code': {
		cli: 'claude-code',
		packageName: '@anthropic-ai/claude-code',
		installAs: 'claude-code',
		// The package's postinstall is not run (package.json allowScripts); its wrapper finds the native binary.
		entry: 'cli-wrapper.cjs',
		shellTool: 'Bash',
		prepareHome: () => undefined,
		env: (url) => ({ ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: 'sk-scripted', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_TELEMETRY: '1', DISABLE_AUTOUPDATER: '1' }),
		// --dangerously-skip-permissions is refused as root; allowing Bash is what a person does.
		args: (prompt) => ['-p', prompt, '--output-format', 'json', '--allowedTools', 'Bash'],
		configEnv: (configHome) => ({ CLAUDE_CONFIG_DIR: path.join(configHome, '.claude') }),
	},
	copilot: {
		cli: 'copilot',
		packageName: '@github/copilot',
		// Copilot CLI reads ~/.copilot/hooks/*.json, the file "Protect AI Agents…" writes for the VS Code agent.
		installAs: 'vscode',
		entry: 'npm-loader.js',
		shellTool: 'bash',
		prepareHome: () => undefined,
		// BYOK: no GitHub sign-in; the provider speaks the Anthropic Messages API.
		env: (url) => ({ COPILOT_PROVIDER_BASE_URL: url, COPILOT_PROVIDER_TYPE: 'anthropic', COPILOT_PROVIDER_API_KEY: 'scripted', COPILOT_MODEL: 'claude-sonnet-4', COPILOT_OFFLINE: 'true' }),
		args: (prompt) => ['-p', prompt, '--allow-all-tools'],
		configEnv: (configHome) => ({ COPILOT_HOME: path.join(configHome, '.copilot') }),
	},
	codex: {
		cli: 'codex',
		packageName: '@openai/codex',
		installAs: 'codex',
		entry: 'bin/codex.js',
		shellTool: 'exec_command',
		prepareHome: (home, url) => writeFile(path.join(home, '.codex', 'config.toml'), [
			'model = "scripted"',
			'model_provider = "scripted"',
			'[model_providers.scripted]',
			'name = "scripted"',
			`base_url = "${url}/v1"`,
			'wire_api = "responses"',
			'env_key = "SCRIPTED_API_KEY"',
			'',
		].join('\n')),
		env: () => ({ SCRIPTED_API_KEY: 'scripted' }),
		// Codex runs a new hook only once a person has trusted it in its TUI (/hooks); `codex exec` has no
		// such screen, so the run says so with --dangerously-bypass-hook-trust (docs/coverage.md).
		args: (prompt) => ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', '--dangerously-bypass-hook-trust', prompt],
		configEnv: (configHome) => ({ CODEX_HOME: path.join(configHome, '.codex') }),
	},
	gemini: {
		cli: 'gemini',
		packageName: '@google/gemini-cli',
		installAs: 'gemini',
		entry: 'bundle/gemini.js',
		shellTool: 'run_shell_command',
		// An API key sign-in; GOOGLE_GEMINI_BASE_URL alone selects the "gateway" sign-in, which 0.61.0 rejects
		// ("Invalid auth method selected."). The installer merges its hook into this file.
		prepareHome: (home) => {
			const file = path.join(home, '.gemini', 'settings.json');
			const settings = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> : {};
			writeFile(file, `${JSON.stringify({ ...settings, security: { auth: { selectedType: 'gemini-api-key' } } }, null, 2)}\n`);
		},
		env: (url) => ({ GOOGLE_GEMINI_BASE_URL: url, GEMINI_API_KEY: 'scripted', GEMINI_CLI_TRUST_WORKSPACE: 'true' }),
		args: (prompt) => ['-p', prompt, '--yolo'],
		// Gemini CLI's stand-in for the home folder: it reads <GEMINI_CLI_HOME>/.gemini/settings.json.
		configEnv: (configHome) => ({ GEMINI_CLI_HOME: configHome }),
	},
	opencode: {
		cli: 'opencode',
		packageName: 'opencode-ai',
		installAs: 'opencode',
		// The package's postinstall (which links the platform's binary into bin/) is not run (package.json
		// allowScripts): the binary of the optional dependency for this machine is run directly. Linux x64 with AVX2.
		entry: '../opencode-linux-x64/bin/opencode',
		native: true,
		shellTool: 'bash',
		// A custom provider speaking Chat Completions (the AI SDK's openai-compatible package, built into OpenCode).
		prepareHome: (home, url) => writeFile(path.join(home, '.config', 'opencode', 'opencode.json'), `${JSON.stringify({
			autoupdate: false,
			share: 'disabled',
			model: 'scripted/scripted',
			provider: { scripted: { npm: '@ai-sdk/openai-compatible', name: 'Scripted', options: { baseURL: `${url}/v1`, apiKey: 'scripted' }, models: { scripted: { name: 'Scripted', tool_call: true } } } },
		}, null, 2)}\n`),
		// OpenCode installs @opencode-ai/plugin into each config folder at start, and waits for it when that folder
		// has plugins: a refused registry and no retries keep that off the network (it logs a warning and goes on).
		env: () => ({ OPENCODE_DISABLE_MODELS_FETCH: '1', OPENCODE_DISABLE_AUTOUPDATE: '1', OPENCODE_DISABLE_LSP_DOWNLOAD: '1', npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0' }),
		args: (prompt) => ['run', prompt],
		// OpenCode follows the XDG folders: its config (with the plugin), and its data and cache, in the run's home.
		configEnv: (configHome) => ({ XDG_CONFIG_HOME: path.join(configHome, '.config'), XDG_DATA_HOME: path.join(configHome, '.local', 'share'), XDG_CACHE_HOME: path.join(configHome, '.cache'), XDG_STATE_HOME: path.join(configHome, '.local', 'state') }),
	},
};

/** The installed package's folder and version; throws (never skips) when it is not installed. */
export function agentPackage(root: string, spec: AgentCliSpec): { dir: string; version: string; entry: string } {
	const dir = path.join(root, 'node_modules', ...spec.packageName.split('/'));
	const manifest = path.join(dir, 'package.json');
	if (!fs.existsSync(manifest)) {
		throw new Error(`${spec.packageName} is not installed in ${path.join(root, 'node_modules')}: run \`npm ci\` (it is a pinned devDependency).`);
	}
	const version = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
	const pinned = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies[spec.packageName];
	if (pinned !== version) {
		throw new Error(`${spec.packageName} ${version} is installed, package.json pins ${pinned ?? 'nothing'}: run \`npm ci\`.`);
	}
	const entry = path.join(dir, spec.entry);
	if (!fs.existsSync(entry)) {
		throw new Error(`${spec.packageName} ${version} has no ${spec.entry}`);
	}
	return { dir, version, entry };
}

export interface AgentRun {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly stdout: string;
	readonly stderr: string;
	readonly ms: number;
}

export interface RunOptions {
	readonly root: string;
	readonly home: string;
	/** Where the agent's configuration is, when not in `home` (see AgentCliSpec.configEnv). */
	readonly configHome?: string;
	readonly cwd: string;
	readonly modelUrl: string;
	readonly prompt?: string;
	/** The agent is stopped (SIGKILL, its process group) after this long; the run then fails. */
	readonly timeoutMs?: number;
	/** The Node that runs the agent's JavaScript entry (default: this process's). */
	readonly node?: string;
	readonly extraEnv?: Record<string, string>;
}

/**
 * Runs one task of the agent. Its environment is built from nothing but PATH, HOME and the agent's
 * own variables, so nothing of the caller's (an editor's bridge, TERMINAL_GUARD_AGENTS_HOME) leaks in.
 */
export function runAgent(spec: AgentCliSpec, options: RunOptions): Promise<AgentRun> {
	const { entry } = agentPackage(options.root, spec);
	const env: Record<string, string> = {
		PATH: `${path.dirname(options.node ?? process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
		// In desktop VS Code this process is Electron, which runs as Node only when told so.
		...(options.node === undefined && process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}),
		HOME: options.home,
		TERM: 'dumb',
		NO_COLOR: '1',
		LANG: 'C.UTF-8',
		...spec.env(options.modelUrl),
		...(options.configHome !== undefined && options.configHome !== options.home ? spec.configEnv(options.configHome) : {}),
		...options.extraEnv,
	};
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const args = spec.args(options.prompt ?? 'Clean up this folder.');
		const child = spawn(spec.native ? entry : options.node ?? process.execPath, spec.native ? args : [entry, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		const timer = setTimeout(() => {
			try {
				process.kill(-(child.pid as number), 'SIGKILL');
			} catch {
				child.kill('SIGKILL');
			}
		}, options.timeoutMs ?? 120000);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			// Whatever the agent left running in its group (an MCP server, a shell) goes with it.
			try {
				process.kill(-(child.pid as number), 'SIGKILL');
			} catch {
				// already gone
			}
			resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
		});
	});
}

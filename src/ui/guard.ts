/**
 * The editor's door to the engine: loads the shell parser once and describes the workspace to
 * `analyze` the way the terminal and the agent hooks will (cwd, folders, production, env, home).
 */
import * as os from 'os';
import * as vscode from 'vscode';
import { analyze, initParser, prepare } from '../engine/analyze';
import { readSmallFile, workspaceFor } from '../engine/context';
import { teamPoliciesFor } from '../engine/teamPolicy';
import { analyzeFor, prepareFor, type ShellHint } from '../engine/shells';
import type { AnalysisContext, Verdict } from '../engine/types';
import type { ProductionMemory } from './productionMemory';
import { hasRules, readSettings } from './settings';
import { stricter, withWorkspaceRules } from '../engine/strictest';
import { depthInside } from '../engine/places';

export class EditorGuard {
	private parser: Promise<void> | undefined;

	constructor(private readonly log: vscode.LogOutputChannel, readonly production: ProductionMemory) {}

	/** The verdict for `line` as if typed in a terminal opened in `folder` (default: the first workspace folder). */
	async check(line: string, folder?: vscode.WorkspaceFolder): Promise<Verdict> {
		await this.ready();
		const context = this.context(folder ?? vscode.workspace.workspaceFolders?.[0]);
		await prepare(line, context);
		const verdict = this.analyze(line, context);
		this.log.info(`[guard] ${verdict.decision}${verdict.rule ? ` (${verdict.rule})` : ''}: ${line}`);
		return verdict;
	}

	/**
	 * The workspace folder a command run in `cwd` belongs to: the one holding it (also when one of the
	 * two was reached through a symbolic link: a hook's cwd is the real path), else the first.
	 */
	folderFor(cwd: string): vscode.WorkspaceFolder | undefined {
		const folders = vscode.workspace.workspaceFolders ?? [];
		const exact = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(cwd));
		if (exact) {
			return exact;
		}
		const holding = folders.map((folder) => ({ folder, depth: depthInside(folder.uri.fsPath, cwd) })).filter((f) => f.depth >= 0);
		return holding.sort((a, b) => b.depth - a.depth)[0]?.folder ?? folders[0];
	}

	/**
	 * The verdict for `line` typed in a terminal whose shell is in `cwd` with environment `env`; `shell`
	 * when it is not a POSIX shell (PowerShell, cmd, or an unnamed Windows shell: src/engine/shells.ts).
	 */
	async checkInTerminal(line: string, cwd: string, env: Readonly<Record<string, string | undefined>>, shell?: ShellHint): Promise<Verdict> {
		await this.ready();
		const context = { ...this.context(this.folderFor(cwd)), cwd, env };
		// A line that runs PowerShell (pwsh -c …) is read with its grammar, loaded the first time one comes.
		await prepareFor(line, context, shell);
		const verdict = analyzeFor(line, context, shell, (l, c) => this.analyze(l, c));
		this.log.info(`[guard] terminal: ${verdict.decision}${verdict.rule ? ` (${verdict.rule})` : ''} in ${cwd}: ${line}`);
		return verdict;
	}

	/** Resolves once the WASM parser is loaded; a failed load is retried on the next call. */
	ready(): Promise<void> {
		this.parser ??= initParser().catch((error: unknown) => {
			this.parser = undefined;
			this.log.error('[guard] the shell parser failed to load', error);
			throw error;
		});
		return this.parser;
	}

	/** The user's rules, then the workspace's only if they make the verdict stricter (strictest.ts). */
	private analyze(line: string, context: AnalysisContext & { folder?: vscode.Uri }): Verdict {
		const { folder, ...own } = context;
		// The repository's team policy (.terminal-guard.json), read like the CLI and the hooks read it; trusted or not, it only tightens.
		const rest = own.cwd ? { ...own, team: teamPoliciesFor(own.cwd, workspaceFor(own.cwd), own.workspaceFolders) } : own;
		const settings = readSettings(folder);
		const base = analyze(line, { ...rest, config: settings.user });
		return hasRules(settings.workspace) ? stricter(base, analyze(line, { ...rest, config: withWorkspaceRules(settings.user, settings.workspace) })) : base;
	}

	private context(folder: vscode.WorkspaceFolder | undefined): AnalysisContext & { folder?: vscode.Uri } {
		const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
		return {
			cwd: folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined,
			workspaceFolders: folders,
			production: this.production.isProduction(folder?.uri),
			env: process.env,
			home: os.homedir(),
			// The one reader the CLI and the hooks use too: small regular files only, never blocking.
			readFile: readSmallFile,
			folder: folder?.uri,
		};
	}
}

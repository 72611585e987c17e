/**
 * The editor's door to the engine: loads the shell parser once and describes the workspace to
 * `analyze` the way the terminal and the agent hooks will (cwd, folders, production, env, home).
 */
import * as os from 'os';
import * as vscode from 'vscode';
import { analyze, initParser } from '../engine/analyze';
import type { AnalysisContext, Verdict } from '../engine/types';
import { isProduction } from './settings';

export class EditorGuard {
	private parser: Promise<void> | undefined;

	constructor(private readonly log: vscode.LogOutputChannel) {}

	/** The verdict for `line` as if typed in a terminal opened in `folder` (default: the first workspace folder). */
	async check(line: string, folder?: vscode.WorkspaceFolder): Promise<Verdict> {
		await this.ready();
		const verdict = analyze(line, this.context(folder ?? vscode.workspace.workspaceFolders?.[0]));
		this.log.info(`[guard] ${verdict.decision}${verdict.rule ? ` (${verdict.rule})` : ''}: ${line}`);
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

	private context(folder: vscode.WorkspaceFolder | undefined): AnalysisContext {
		const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
		return {
			cwd: folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined,
			workspaceFolders: folders,
			production: isProduction(folder?.uri),
			env: process.env,
			home: os.homedir(),
		};
	}
}

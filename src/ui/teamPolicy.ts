/**
 * The editor's view of the repository's team policy (`.terminal-guard.json`, src/engine/teamPolicy.ts).
 * The engine applies it on every check (EditorGuard reads it like the CLI does); this class only tells
 * the person about it: each problem as a diagnostic at its line in the Problems view, and once per
 * problem an error notification naming the file and the line. The JSON schema contributed in
 * package.json (`jsonValidation`) completes and checks the file while it is edited.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { workspaceFor } from '../engine/context';
import { readTeamPolicy, TEAM_POLICY_FILE, type TeamPolicyFile } from '../engine/teamPolicy';

export class TeamPolicyReporter implements vscode.Disposable {
	readonly diagnostics = vscode.languages.createDiagnosticCollection('terminal-guard-team-policy');
	/** Every error notification shown, as `file:line: message` (the tests read these through the API). */
	readonly shown: string[] = [];
	private readonly disposables: vscode.Disposable[] = [];
	private readonly changed = new vscode.EventEmitter<void>();
	/** Fires after the policies were read again. */
	readonly onDidChange = this.changed.event;
	private current: TeamPolicyFile[] = [];

	constructor(private readonly log: vscode.LogOutputChannel) {
		const watcher = vscode.workspace.createFileSystemWatcher(`**/${TEAM_POLICY_FILE}`);
		this.disposables.push(
			this.diagnostics,
			this.changed,
			watcher,
			watcher.onDidCreate(() => this.check()),
			watcher.onDidChange(() => this.check()),
			watcher.onDidDelete(() => this.check()),
			vscode.workspace.onDidSaveTextDocument((document) => {
				if (path.basename(document.uri.fsPath) === TEAM_POLICY_FILE) {
					this.check();
				}
			}),
			vscode.workspace.onDidChangeWorkspaceFolders(() => this.check()),
		);
		this.check();
	}

	/** The policies of the open folders (and of the repositories holding them), as last read. */
	get policies(): readonly TeamPolicyFile[] {
		return this.current;
	}

	/** "policy .terminal-guard.json: production on main; 1 protected path", or undefined when no open folder has one. */
	describe(): string | undefined {
		if (this.current.length === 0) {
			return undefined;
		}
		return `policy ${this.current.map((read) => `${path.basename(read.file)}${this.current.length > 1 ? ` (${path.basename(read.root)})` : ''}: ${describePolicy(read)}`).join('; ')}`;
	}

	/** Reads every open folder's policy again, and reports what is wrong. */
	check(): readonly TeamPolicyFile[] {
		const roots = new Set<string>();
		for (const folder of vscode.workspace.workspaceFolders ?? []) {
			if (folder.uri.scheme === 'file') {
				roots.add(folder.uri.fsPath);
				roots.add(workspaceFor(folder.uri.fsPath));
			}
		}
		const found: TeamPolicyFile[] = [];
		for (const root of roots) {
			const read = readTeamPolicy(root);
			if (read && !found.some((f) => f.file === read.file)) {
				found.push(read);
			}
		}
		this.current = found;
		this.diagnostics.clear();
		for (const read of found) {
			const uri = vscode.Uri.file(read.file);
			this.diagnostics.set(uri, read.problems.map((p) => {
				const line = Math.max(0, p.line - 1);
				const column = Math.max(0, p.column - 1);
				const diagnostic = new vscode.Diagnostic(new vscode.Range(line, column, line, column + 1), `${p.message}. Until it is fixed, Terminal Guard treats this repository as production.`, vscode.DiagnosticSeverity.Error);
				diagnostic.source = 'Terminal Guard';
				return diagnostic;
			}));
			for (const p of read.problems) {
				this.tell(read, p.line, p.message);
			}
			if (read.problems.length === 0) {
				this.log.info(`[team-policy] ${read.file}: ${describePolicy(read)}`);
			}
		}
		this.changed.fire();
		return found;
	}

	private tell(read: TeamPolicyFile, line: number, message: string): void {
		const key = `${read.file}:${line}: ${message}`;
		if (this.shown.includes(key)) {
			return;
		}
		this.shown.push(key);
		const where = line > 0 ? `${read.file}, line ${line}` : read.file;
		this.log.error(`[team-policy] ${where}: ${message}`);
		const open = 'Open the File';
		void vscode.window.showErrorMessage(`Terminal Guard: the team policy ${where}: ${message}. Until it is fixed, this repository counts as production (every check one step stricter); nothing in it is loosened.`, open).then(async (choice) => {
			if (choice === open) {
				const position = new vscode.Position(Math.max(0, line - 1), 0);
				await vscode.window.showTextDocument(vscode.Uri.file(read.file), { selection: new vscode.Range(position, position) });
			}
		}, (error: unknown) => this.log.error('[team-policy] the notification failed', error));
	}

	dispose(): void {
		this.disposables.forEach((d) => d.dispose());
	}
}

/** One line for a person: what the policy asks for ("production on main, release/*; 2 protected paths"). */
export function describePolicy(read: TeamPolicyFile): string {
	const p = read.policy;
	const markers = p.production;
	const parts = [
		markers.workspace ? 'the whole repository is production' : undefined,
		markers.branches.length > 0 ? `production on ${markers.branches.join(', ')}` : undefined,
		Object.keys(markers.variables).length + markers.envFiles.length + markers.kubeContexts.length + markers.cloudProfiles.length > 0 ? 'production markers' : undefined,
		p.protectedPaths.length > 0 ? `${p.protectedPaths.length} protected path${p.protectedPaths.length === 1 ? '' : 's'}` : undefined,
		p.deny.length + p.patterns.length > 0 ? `${p.deny.length + p.patterns.length} rule${p.deny.length + p.patterns.length === 1 ? '' : 's'}` : undefined,
		p.confirmTools.length > 0 ? `confirmation for ${p.confirmTools.join(', ')}` : undefined,
		read.problems.length > 0 ? `${read.problems.length} problem${read.problems.length === 1 ? '' : 's'} (treated as production)` : undefined,
	].filter((x): x is string => x !== undefined);
	return parts.join('; ') || 'no rules';
}

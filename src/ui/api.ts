/**
 * What `activate()` returns: a small, stable surface for other extensions and for the
 * integration tests (test/integration/), which run inside the real extension host.
 */
import type * as vscode from 'vscode';
import type { Verdict } from '../engine/types';
import type { AuditLog } from './auditLog';
import type { ChoiceAnswerer } from './choices';
import type { EditorGuard } from './guard';
import type { IgnoredSetting, IgnoredSettingsWarner } from './ignoredSettings';
import type { Answerer } from './person';

export interface TerminalGuardApi {
	readonly apiVersion: 1;
	/** The engine's verdict for `line`, with the context of a terminal in the first workspace folder. */
	check(line: string): Promise<Verdict>;
	/** What the status bar item shows (the API offers no way to read other extensions' items). */
	readonly statusBar: { readonly text: string; readonly tooltip: string | undefined; readonly command: string | undefined };
	/** Workspace settings that were ignored (and the person told so), in the order they were found. */
	readonly ignoredSettings: readonly IgnoredSetting[];
	/** Folders (URI strings) remembered as production until the person releases them. */
	readonly productionFolders: readonly string[];
	/** The audit log's file (JSON Lines). */
	readonly auditLogFile: string;
	/** Tests only: answer guarded terminals' questions instead of the modal; `undefined` restores the modal. */
	setAnswererForTests(answerer: Answerer | undefined): void;
	/** Tests only: answer the yes/no modals (stop treating as production, default profile); `undefined` restores them. */
	setChoiceAnswererForTests(answerer: ChoiceAnswerer | undefined): void;
}

export interface ApiDeps {
	readonly guard: EditorGuard;
	readonly status: vscode.StatusBarItem;
	readonly warner: IgnoredSettingsWarner;
	readonly audit: AuditLog;
	readonly setAnswerer: (answerer: Answerer | undefined) => void;
	readonly setChoiceAnswerer: (answerer: ChoiceAnswerer | undefined) => void;
}

export function createApi({ guard, status, warner, audit, setAnswerer, setChoiceAnswerer }: ApiDeps): TerminalGuardApi {
	return {
		auditLogFile: audit.file,
		setAnswererForTests: setAnswerer,
		setChoiceAnswererForTests: setChoiceAnswerer,
		apiVersion: 1,
		check: (line) => guard.check(line),
		get statusBar() {
			const tooltip = typeof status.tooltip === 'string' ? status.tooltip : status.tooltip?.value;
			const command = typeof status.command === 'string' ? status.command : status.command?.command;
			return { text: status.text, tooltip, command };
		},
		get ignoredSettings() {
			warner.check();
			return [...warner.warned];
		},
		get productionFolders() {
			return guard.production.remembered;
		},
	};
}

/**
 * What `activate()` returns: a small, stable surface for other extensions. Nothing in it answers,
 * approves or reads for the person. The hooks the integration tests (test/integration/) use to answer
 * questions and read terminal output are added only when the extension host runs tests
 * (`ExtensionMode.Test`): an installed extension never offers them to other extensions.
 */
import type * as vscode from 'vscode';
import type { Verdict } from '../engine/types';
import type { AuditLog } from './auditLog';
import { setBlastBudgetMs } from './blastInDialog';
import type { ChoiceAnswerer } from './choices';
import type { EditorGuard } from './guard';
import type { IgnoredSetting, IgnoredSettingsWarner } from './ignoredSettings';
import type { MenuItem } from './menu';
import type { Answerer } from './person';
import { guardedPtyOf, type GuardStatus, type StatusView } from './statusBar';

export interface TerminalGuardApi {
	readonly apiVersion: 1;
	/** The engine's verdict for `line`, with the context of a terminal in the first workspace folder. */
	check(line: string): Promise<Verdict>;
	/** What the status bar item shows now, for the active terminal (the API offers no way to read other extensions' items). */
	readonly statusBar: StatusView & { readonly command: string | undefined; readonly warningBackground: boolean };
	/** What the status bar would show for `terminal` if it were active. */
	terminalState(terminal: vscode.Terminal): StatusView;
	/** The quick menu's items (label and command), as the status bar's click shows them. */
	menuItems(): Promise<readonly Pick<MenuItem, 'label' | 'command'>[]>;
	/** Workspace settings that were ignored (and the person told so), in the order they were found. */
	readonly ignoredSettings: readonly IgnoredSetting[];
	/** Folders (URI strings) remembered as production until the person releases them. */
	readonly productionFolders: readonly string[];
	/** The audit log's file (JSON Lines). */
	readonly auditLogFile: string;
}

/** Added to the API only in `ExtensionMode.Test` (see the top of this file). */
export interface TestHooks {
	/** Answer guarded terminals' questions instead of the modal; `undefined` restores the modal. */
	setAnswererForTests(answerer: Answerer | undefined): void;
	/** The last 32 KiB the guarded `terminal`'s shell printed (escape sequences included) and the count of all it printed. */
	recentOutputForTests(terminal: vscode.Terminal): { readonly text: string; readonly total: number };
	/** How many characters typed into the guarded `terminal` are held back while its question is open. */
	heldInputForTests(terminal: vscode.Terminal): number;
	/** Answer the yes/no modals (stop treating as production, default profile); `undefined` restores them. */
	setChoiceAnswererForTests(answerer: ChoiceAnswerer | undefined): void;
	/** The blast radius's time budget (default 300 ms), so a loaded test machine does not decide what the count shows; `undefined` restores it. */
	setBlastBudgetForTests(ms: number | undefined): void;
}

export interface ApiDeps {
	readonly guard: EditorGuard;
	readonly status: GuardStatus;
	readonly menuItems: () => Promise<MenuItem[]>;
	readonly warner: IgnoredSettingsWarner;
	readonly audit: AuditLog;
}

export interface TestHookDeps {
	readonly setAnswerer: (answerer: Answerer | undefined) => void;
	readonly setChoiceAnswerer: (answerer: ChoiceAnswerer | undefined) => void;
}

/** The hooks for the integration tests; extension.ts adds them only in `ExtensionMode.Test`. */
export function createTestHooks({ setAnswerer, setChoiceAnswerer }: TestHookDeps): TestHooks {
	return {
		setAnswererForTests: setAnswerer,
		setChoiceAnswererForTests: setChoiceAnswerer,
		setBlastBudgetForTests: setBlastBudgetMs,
		recentOutputForTests: (terminal) => guardedPtyOf(terminal)?.recentOutput ?? { text: '', total: 0 },
		heldInputForTests: (terminal) => guardedPtyOf(terminal)?.heldInputLength ?? 0,
	};
}

export function createApi({ guard, status, warner, audit, menuItems }: ApiDeps): TerminalGuardApi {
	return {
		auditLogFile: audit.file,
		apiVersion: 1,
		check: (line) => guard.check(line),
		get statusBar() {
			const { item } = status;
			const command = typeof item.command === 'string' ? item.command : item.command?.command;
			return { ...status.view, command, warningBackground: item.backgroundColor !== undefined };
		},
		terminalState: (terminal) => status.describe(terminal),
		menuItems: async () => (await menuItems()).map(({ label, command }) => ({ label, command })),
		get ignoredSettings() {
			warner.check();
			return [...warner.warned];
		},
		get productionFolders() {
			return guard.production.remembered;
		},
	};
}

/**
 * What `activate()` returns: a small, stable surface for other extensions and for the
 * integration tests (test/integration/), which run inside the real extension host.
 */
import type * as vscode from 'vscode';
import type { Verdict } from '../engine/types';
import type { EditorGuard } from './guard';
import type { Answerer } from './person';

export interface TerminalGuardApi {
	readonly apiVersion: 1;
	/** The engine's verdict for `line`, with the context of a terminal in the first workspace folder. */
	check(line: string): Promise<Verdict>;
	/** What the status bar item shows (the API offers no way to read other extensions' items). */
	readonly statusBar: { readonly text: string; readonly tooltip: string | undefined; readonly command: string | undefined };
	/** Tests only: answer guarded terminals' questions instead of the modal; `undefined` restores the modal. */
	setAnswererForTests(answerer: Answerer | undefined): void;
}

export function createApi(guard: EditorGuard, status: vscode.StatusBarItem, setAnswerer: (answerer: Answerer | undefined) => void): TerminalGuardApi {
	return {
		setAnswererForTests: setAnswerer,
		apiVersion: 1,
		check: (line) => guard.check(line),
		get statusBar() {
			const tooltip = typeof status.tooltip === 'string' ? status.tooltip : status.tooltip?.value;
			const command = typeof status.command === 'string' ? status.command : status.command?.command;
			return { text: status.text, tooltip, command };
		},
	};
}

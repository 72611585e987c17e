/**
 * What the person is asked (or told) about one command: plain data built from a verdict, shown by
 * the editor's modal and sent over the bridge. Pure: no vscode import.
 */

/** A command that needs its target typed before it runs. */
export interface ConfirmQuestion {
	readonly line: string;
	readonly cwd: string;
	/** What must be typed, exactly. */
	readonly expected: string;
	readonly targets: readonly string[];
	readonly reason: string;
	readonly alternative: string | null;
	readonly production: boolean;
	/** Who asks to run it, when it is not the person at the terminal: an agent's display name ("Claude Code"). */
	readonly askedBy?: string;
	/** `edit` when an agent's file-editing tool asks to change the file named in `line` ("Edit: .claude/settings.json"). */
	readonly action?: 'run' | 'edit';
}

/** A command refused outright. */
export interface DenyNotice {
	readonly line: string;
	readonly reason: string;
	readonly production: boolean;
}

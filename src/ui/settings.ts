/** Terminal Guard's settings: ids in one place, read where they are used (docs/decisions.md). */
import * as vscode from 'vscode';

export const SECTION = 'terminalGuard';

export const Setting = {
	/** `terminalGuard.production`: this workspace (folder) is production; every check is one step stricter. */
	production: 'production',
} as const;

/** The `terminalGuard.production` setting for `folder` (resource scope), false when unset. */
export function isProduction(folder: vscode.Uri | undefined): boolean {
	return vscode.workspace.getConfiguration(SECTION, folder).get<boolean>(Setting.production, false) === true;
}

/**
 * The first-run welcome: one notification, the first time Terminal Guard activates for this user
 * (remembered in globalState, so other windows and later sessions stay quiet). It says what is and is
 * not protected right now (protection.ts) and offers one action, "Protect Everything"; "Choose…"
 * opens the walkthrough.
 */
import * as vscode from 'vscode';
import type { Protection, ProtectEverythingResult } from './protection';

/** globalState key: set once the welcome has been shown. */
export const WELCOME_SHOWN_KEY = 'terminalGuard.welcomeShown';
export const WALKTHROUGH_ID = 'terminalGuard.getStarted';
export const PROTECT_EVERYTHING = 'Protect Everything';
export const CHOOSE = 'Choose…';

/** What the welcome did at activation; read by the integration tests through the API. */
export interface WelcomeState {
	/** Settles once activation's first-run check is done: true if it showed the welcome. */
	readonly atActivation: Promise<boolean>;
	/** The welcome's text as shown (undefined until it was). */
	readonly message: string | undefined;
	/** Runs the first-run check again, as the next activation would; true if it showed the welcome. */
	showIfFirstRun(): Promise<boolean>;
	/** What the "Protect Everything" button does, without the closing summary (tests). */
	protectEverything(): Promise<ProtectEverythingResult>;
}

/** The welcome's text for a summary line: the truth first, then the offer. */
export function welcomeMessage(summary: string, everythingProtected: boolean): string {
	return everythingProtected
		? `Terminal Guard is on: ${summary}. Destructive commands wait for you to type their target.`
		: `Terminal Guard: ${summary}. Protect everything now? Destructive commands then wait for you to type their target.`;
}

export class Welcome implements WelcomeState {
	readonly atActivation: Promise<boolean>;
	message: string | undefined;

	constructor(
		private readonly context: vscode.ExtensionContext,
		private readonly protection: Protection,
		private readonly log: vscode.LogOutputChannel,
	) {
		this.atActivation = this.showIfFirstRun().catch((error: unknown) => {
			log.error('[welcome] failed', error);
			return false;
		});
	}

	/** Shows the welcome unless it has been shown before; true when it did. */
	async showIfFirstRun(): Promise<boolean> {
		if (this.context.globalState.get<boolean>(WELCOME_SHOWN_KEY)) {
			return false;
		}
		// Remembered before showing: a second window starting now must not show it too.
		await this.context.globalState.update(WELCOME_SHOWN_KEY, true);
		const summary = this.protection.refresh();
		const all = summary.parts.every((p) => p.protected);
		this.message = welcomeMessage(summary.text, all);
		this.log.info(`[welcome] first run: ${summary.text}`);
		const buttons = all ? [CHOOSE] : [PROTECT_EVERYTHING, CHOOSE];
		void vscode.window.showInformationMessage(this.message, ...buttons).then(async (choice) => {
			if (choice === PROTECT_EVERYTHING) {
				await this.protection.protectEverything();
			} else if (choice === CHOOSE) {
				await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${this.context.extension.id}#${WALKTHROUGH_ID}`, false);
			}
		}).then(undefined, (error: unknown) => {
			this.log.error('[welcome] the chosen action failed', error);
			void vscode.window.showErrorMessage(`Terminal Guard could not finish: ${error instanceof Error ? error.message : String(error)}`);
		});
		return true;
	}

	protectEverything(): Promise<ProtectEverythingResult> {
		return this.protection.protectEverything({ quiet: true });
	}
}

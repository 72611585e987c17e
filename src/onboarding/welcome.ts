/**
 * The first-run welcome: one notification, the first time Terminal Guard activates for this user
 * (remembered in globalState, so other windows and later sessions stay quiet), offering the
 * walkthrough.
 */
import * as vscode from 'vscode';

/** globalState key: set once the welcome has been shown. */
export const WELCOME_SHOWN_KEY = 'terminalGuard.welcomeShown';
export const WALKTHROUGH_ID = 'terminalGuard.getStarted';
export const WELCOME_MESSAGE = 'Terminal Guard is on: destructive commands in guarded terminals now wait for you to type their target. Set it up in a minute?';
const GET_STARTED = 'Get Started';

/** What the welcome did at activation; read by the integration tests through the API. */
export interface WelcomeState {
	/** Settles once activation's first-run check is done: true if it showed the welcome. */
	readonly atActivation: Promise<boolean>;
	/** Runs the first-run check again, as the next activation would; true if it showed the welcome. */
	showIfFirstRun(): Promise<boolean>;
}

export class Welcome implements WelcomeState {
	readonly atActivation: Promise<boolean>;

	constructor(
		private readonly context: vscode.ExtensionContext,
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
		this.log.info('[welcome] first run: offering the walkthrough');
		void vscode.window.showInformationMessage(WELCOME_MESSAGE, GET_STARTED).then(async (choice) => {
			if (choice === GET_STARTED) {
				await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${this.context.extension.id}#${WALKTHROUGH_ID}`, false);
			}
		}, (error: unknown) => this.log.error('[welcome] the walkthrough did not open', error));
		return true;
	}
}

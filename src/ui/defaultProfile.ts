/**
 * "Make Guarded Terminal the Default" / "Stop Using the Guarded Terminal as Default": after asking,
 * set `terminal.integrated.defaultProfile.<os>` in the user's settings to the contributed profile
 * (VS Code matches a contributed profile by its title), remembering the previous value to restore.
 * While the guarded profile is the default, the guarded terminal runs the remembered profile's shell
 * (shellProfile.ts), so it never tries to start itself.
 */
import * as vscode from 'vscode';
import type { ChoiceAnswerer } from './choices';
import { setProtectEverythingChosen } from './protectionChoice';
import { osKey } from './shellProfile';

export const MAKE_DEFAULT_COMMAND = 'terminalGuard.makeDefaultProfile';
export const RESTORE_DEFAULT_COMMAND = 'terminalGuard.restoreDefaultProfile';
/** The title in package.json's `contributes.terminal.profiles`: what `defaultProfile.<os>` must say. */
export const PROFILE_TITLE = 'Terminal Guard: Guarded shell';
const PREVIOUS_KEY = 'terminalGuard.previousDefaultProfile';

export class DefaultProfile {
	constructor(private readonly state: vscode.Memento, private readonly ask: () => ChoiceAnswerer, private readonly log: vscode.LogOutputChannel) {}

	private get key(): string {
		return `defaultProfile.${osKey()}`;
	}

	/** The user's own default profile name, unset = VS Code's choice. */
	private userValue(): string | undefined {
		return vscode.workspace.getConfiguration('terminal.integrated').inspect<string | null>(this.key)?.globalValue ?? undefined;
	}

	/** The setting that names the default profile, e.g. `terminal.integrated.defaultProfile.linux`. */
	get setting(): string {
		return `terminal.integrated.${this.key}`;
	}

	/** True when the user's settings make the guarded terminal the default. */
	get isDefault(): boolean {
		return this.userValue() === PROFILE_TITLE;
	}

	/** The profile that was the default before the guarded one (undefined: none was set). */
	get previous(): string | undefined {
		return this.state.get<{ value: string | null }>(PREVIOUS_KEY)?.value ?? undefined;
	}

	/**
	 * Asks, then makes the guarded terminal the default; true when it now is. `quietly`: the person
	 * already decided (first run's "Protect Everything"), so no question and no message.
	 */
	async make(quietly = false): Promise<boolean> {
		if (this.isDefault) {
			if (!quietly) {
				void vscode.window.showInformationMessage('The guarded terminal is already your default terminal.');
			}
			return true;
		}
		const before = this.userValue();
		const yes = quietly || await this.ask()({
			kind: 'make-default',
			message: 'Make the guarded terminal your default terminal?',
			detail: `New terminals will be guarded: Terminal Guard sets "terminal.integrated.${this.key}" to "${PROFILE_TITLE}" in your user settings. They still run your usual shell${before ? ` (profile "${before}")` : ''}. "Terminal Guard: Stop Using the Guarded Terminal as Default" puts it back.`,
			yes: 'Make It the Default',
		});
		if (!yes) {
			return false;
		}
		await this.state.update(PREVIOUS_KEY, { value: before ?? null });
		await vscode.workspace.getConfiguration('terminal.integrated').update(this.key, PROFILE_TITLE, vscode.ConfigurationTarget.Global);
		this.log.info(`[profile] the guarded terminal is the default (was ${before ?? 'unset'})`);
		return true;
	}

	/** Asks, then puts the previous default back; true when the guarded terminal is no longer the default. */
	async restore(): Promise<boolean> {
		if (!this.isDefault) {
			void vscode.window.showInformationMessage('The guarded terminal is not your default terminal.');
			return true;
		}
		const previous = this.previous;
		const yes = await this.ask()({
			kind: 'restore-default',
			message: 'Stop using the guarded terminal as your default terminal?',
			detail: `New terminals will ${previous ? `use your profile "${previous}" again` : 'use VS Code\'s default profile again'} and will not be guarded. Commands typed there are not checked.`,
			yes: 'Stop Using It',
		});
		if (!yes) {
			return false;
		}
		await vscode.workspace.getConfiguration('terminal.integrated').update(this.key, previous, vscode.ConfigurationTarget.Global);
		await this.state.update(PREVIOUS_KEY, undefined);
		// The person undid a part of "Protect Everything" on purpose: no warnings about it.
		await setProtectEverythingChosen(this.state, false);
		this.log.info(`[profile] the guarded terminal is no longer the default (back to ${previous ?? 'unset'})`);
		return true;
	}
}

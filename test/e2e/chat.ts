/**
 * VS Code's Chat view as a person uses it, for the end-to-end tests of VS Code's own agent (VS Code
 * 1.139's built-in GitHub Copilot Chat): a new session, a request typed into the input, VS Code's own
 * "Allow" for a terminal command. Offline, the model is a bring-your-own-key one (`chatLanguageModels.json`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits, modify, parse } from 'jsonc-parser';
import type { Locator } from 'playwright-core';
import type { Workbench } from './workbench';

/**
 * Registers an Ollama server at `url` as a bring-your-own-key model provider in the user's
 * `chatLanguageModels.json` (what "Manage Models…" → Ollama writes). Copilot Chat 0.67's `ollama`
 * provider needs no API key and no GitHub session; it lists the models of `GET /api/tags`.
 */
export function addOllamaModels(userDataDir: string, url: string): void {
	const file = path.join(userDataDir, 'User', 'chatLanguageModels.json');
	fs.writeFileSync(file, JSON.stringify([{ vendor: 'ollama', name: 'Scripted', url }], null, '\t') + '\n');
}

/** Sets (or, with `undefined`, removes) one user setting in the profile's settings.json, keeping the rest. */
export function setUserSetting(userDataDir: string, key: string, value: unknown): void {
	const file = path.join(userDataDir, 'User', 'settings.json');
	const text = settingsText(file);
	fs.writeFileSync(file, applyEdits(text, modify(text, [key], value, { formattingOptions: { insertSpaces: false, tabSize: 1 } })));
}

/** One user setting from the profile's settings.json. */
export function userSetting(userDataDir: string, key: string): unknown {
	const settings = parse(settingsText(path.join(userDataDir, 'User', 'settings.json'))) as unknown;
	return typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)[key] : undefined;
}

/**
 * The settings file's text. The editor rewrites it in place (truncate, then write) when the extension changes a
 * setting: a read in between finds it empty — CI once failed that way on a loaded machine — so an empty file is
 * read again for up to two seconds before it counts as `{}`.
 */
function settingsText(file: string): string {
	for (let waited = 0; ; waited += 25) {
		const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '{}';
		if (text.trim() !== '' || waited >= 2000) {
			return text.trim() === '' ? '{}' : text;
		}
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
	}
}

export class ChatView {
	constructor(private readonly workbench: Workbench) {}

	private get page() {
		return this.workbench.page;
	}

	/** The Chat view in the secondary side bar, shown and focused through the palette. */
	async open(): Promise<void> {
		await this.workbench.runCommand('Chat: Focus on Chat View');
		await this.input().waitFor({ state: 'visible', timeout: 15000 });
	}

	/** The view's "New Chat" button: a new session, and so a new terminal for the agent's commands. */
	async newSession(): Promise<void> {
		await this.page.locator('.part.auxiliarybar').getByRole('button', { name: /^New Chat \(/ }).first().click();
		await this.input().waitFor({ state: 'visible', timeout: 10000 });
	}

	input(): Locator {
		return this.page.locator('.part.auxiliarybar .interactive-input-editor').first();
	}

	/** The model picker's label ("Models, <name>"). */
	modelPicker(): Locator {
		return this.page.locator('.part.auxiliarybar').getByRole('button', { name: /^Models, / }).first();
	}

	/**
	 * Types `text` into the chat input and sends it (the mode stays what the view shows: Agent by default).
	 * Notifications are cleared first if any is shown: a toast (Copilot Chat's "Ollama provider is being deprecated") can cover
	 * the input, and keys typed then go nowhere; the input is checked to hold the text before Enter.
	 */
	async ask(text: string): Promise<void> {
		if (await this.workbench.notifications().first().isVisible()) {
			await this.workbench.runCommand('Notifications: Clear All Notifications');
			await this.open();
		}
		// The input starts empty, as a person would make it: keys that went astray earlier (a palette
		// that lost the focus while its filter was typed) may have landed here.
		// The editor draws spaces as no-break spaces and wraps long lines.
		const typed = async () => (await this.input().innerText()).replace(/[\s\u00a0]+/g, ' ').trim();
		for (let attempt = 1; ; attempt++) {
			await this.input().click();
			await this.page.keyboard.press('Control+A');
			await this.page.keyboard.press('Backspace');
			await this.page.keyboard.type(text, { delay: 10 });
			const start = Date.now();
			while ((await typed()) !== text && Date.now() - start < 5000) {
				await this.page.waitForTimeout(100);
			}
			if ((await typed()) === text) {
				break;
			}
			if (attempt === 2) {
				throw new Error(`the chat input holds "${await typed()}" instead of "${text}"`);
			}
		}
		await this.page.keyboard.press('Enter');
	}

	/**
	 * How many PreToolUse hooks VS Code has loaded, as "Chat: Configure Hooks..." shows them ("Pre-Tool Use (1)").
	 * VS Code finds hook files through a file watcher, so a hook just written may take a moment to show.
	 */
	async preToolUseHooks(): Promise<number> {
		await this.workbench.runCommand('Chat: Configure Hooks...');
		const row = this.workbench.quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'Pre-Tool Use' }).first();
		await row.waitFor({ state: 'visible', timeout: 10000 });
		const count = /Pre-Tool Use \((\d+)\)/.exec(await row.innerText());
		await this.page.keyboard.press('Escape');
		return count ? Number(count[1]) : 0;
	}

	/** Waits (up to `ms`) until VS Code has loaded `count` PreToolUse hooks; fails saying how many it has. */
	async waitForPreToolUseHooks(count: number, ms = 60000): Promise<void> {
		const start = Date.now();
		let seen = await this.preToolUseHooks();
		while (seen !== count) {
			if (Date.now() - start > ms) {
				throw new Error(`VS Code shows ${seen} PreToolUse hooks ("Chat: Configure Hooks..."), not ${count}, ${ms / 1000} s after the hook files changed`);
			}
			await this.page.waitForTimeout(1000);
			seen = await this.preToolUseHooks();
		}
	}

	/** VS Code's own confirmation of a terminal command, above the chat input ("Run bash command?" with Allow and Skip). */
	allowButton(): Locator {
		// Its accessible name carries the keybinding, so it is found by its text; the chat keeps hidden copies.
		return this.page.locator('.part.auxiliarybar .monaco-button:visible', { hasText: /^Allow$/ }).first();
	}

	/** Waits for VS Code's own confirmation of the agent's terminal command and allows it, as a person would. */
	async allow(): Promise<void> {
		await this.allowButton().waitFor({ state: 'visible', timeout: 60000 });
		await this.allowButton().click();
	}
}

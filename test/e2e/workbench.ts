/**
 * A person's view of the VS Code workbench, for the end-to-end tests: the keys they press and what
 * they see, through playwright-core in Debian's Chromium. Every helper waits with a time limit and
 * fails with what it was waiting for.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, openPage } from '../../scripts/editor/browser';
import { sampleFiles } from '../../scripts/editor/workspace';

/** What the harness (scripts/test-e2e.js) tells the tests. */
export interface E2eEnvironment {
	/** The workbench URL with the workspace folder open. */
	readonly url: string;
	/** Where screenshots go (git-ignored). */
	readonly shots: string;
	/** The workspace folder on disk (the `folder` of the URL). */
	readonly workspace: string;
	/** The extension's package.json. */
	readonly manifest: { contributes: { commands: { command: string; title: string; category?: string }[] } };
}

export function environment(): E2eEnvironment {
	const url = process.env.TG_E2E_URL;
	const shots = process.env.TG_E2E_SHOTS;
	const root = process.env.TG_E2E_ROOT;
	if (!url || !shots || !root) {
		throw new Error('Run the end-to-end tests with `npm run test:e2e`: it starts the editor and sets TG_E2E_URL, TG_E2E_SHOTS and TG_E2E_ROOT.');
	}
	const workspace = new URL(url).searchParams.get('folder') ?? '';
	return { url, shots, workspace, manifest: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) };
}

export class Workbench {
	private step = 0;

	private constructor(private readonly browser: Browser, readonly page: Page, private readonly shots: string) {}

	static async open(env: E2eEnvironment): Promise<Workbench> {
		const browser = await launchChromium();
		try {
			const page = await openPage(browser);
			const workbench = new Workbench(browser, page, env.shots);
			await page.goto(env.url, { timeout: 60000 });
			await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60000 });
			await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: 30000 });
			return workbench;
		} catch (error) {
			await browser.close();
			throw error;
		}
	}

	async close(): Promise<void> {
		await this.browser.close();
	}

	/** Saves what the window shows now as `NN-<name>.png`; returns the file. */
	async screenshot(name: string): Promise<string> {
		this.step++;
		const file = path.join(this.shots, `${String(this.step).padStart(2, '0')}-${name}.png`);
		await this.page.screenshot({ path: file });
		return file;
	}

	/** The status bar item showing `codicon` (e.g. `shield`). */
	statusBarItem(codicon: string): Locator {
		return this.page.locator('.part.statusbar .statusbar-item', { has: this.page.locator(`.codicon-${codicon}`) });
	}

	/**
	 * The editor shown over the workbench in a modal dialog, if any. VS Code 1.139 opens Settings
	 * there (`.part.editor.modal-editor-part`, role dialog); VS Code 1.100 opens it as a tab, and has
	 * no modal editor.
	 */
	modalEditor(): Locator {
		return this.page.locator('.part.editor.modal-editor-part');
	}

	/** Closes the modal editor, if one is open, with its Close button (as a person would). */
	async closeModalEditor(): Promise<void> {
		const modal = this.modalEditor();
		if (!(await modal.first().isVisible())) {
			return;
		}
		await modal.first().getByRole('button', { name: /^Close/ }).first().click();
		await modal.first().waitFor({ state: 'hidden', timeout: 5000 });
	}

	/**
	 * Opens the command palette the way a person does: focus the window, press F1, type. A view that
	 * focuses its own input as it opens (1.139's Chat view after "New Chat") can take the focus while the
	 * filter is being typed; then the palette closes and the person starts again, as a person would.
	 */
	async openCommandPalette(filter: string): Promise<Locator> {
		for (let attempt = 1; ; attempt++) {
			// In 1.139 a modal editor (Settings) covers the workbench: a person closes it before going on.
			await this.closeModalEditor();
			// A focused terminal swallows key chords; the editor area is always there to click.
			await this.page.locator('.part.editor:not(.modal-editor-part)').click({ position: { x: 200, y: 200 } });
			await this.page.keyboard.press('F1');
			const focused = this.quickInput().locator('input:focus');
			// 1.139's Chat view sometimes keeps the key (the palette does not open): a person presses F1 again.
			const opened = await focused.waitFor({ state: 'visible', timeout: 7000 }).then(() => true, () => false);
			if (!opened) {
				if (attempt === 3) {
					throw new Error('the command palette did not open with the focus in it (F1, 3 tries)');
				}
				console.log('      (the command palette did not open on F1; trying again)');
				await this.page.keyboard.press('Escape');
				continue;
			}
			// The focus can leave the palette between the check above and the typing (1.139's Chat view takes it back):
			// a person sees the palette lose the text and opens it again.
			const typed = await focused.pressSequentially(filter, { delay: 20, timeout: 7000 }).then(() => true, () => false);
			if (!typed) {
				if (attempt === 3) {
					throw new Error('the command palette lost the focus while typing (3 tries)');
				}
				console.log('      (the command palette lost the focus while typing; trying again)');
				await this.page.keyboard.press('Escape');
				continue;
			}
			const box = this.quickInput().locator('.quick-input-box input').first();
			const held = await this.settlesOn(box, `>${filter}`);
			if (held === undefined) {
				return this.quickInput().locator('.quick-input-list .monaco-list-row');
			}
			if (attempt === 3) {
				throw new Error(`the command palette holds "${held}" instead of ">${filter}" (3 tries; the focus left it while typing)`);
			}
			console.log(`      (the command palette held "${held}" instead of ">${filter}": the focus left it while typing; trying again)`);
			await this.page.keyboard.press('Escape');
		}
	}

	/** Runs the palette command labelled exactly `label` ("Category: Title"). */
	async runCommand(label: string): Promise<void> {
		await this.openCommandPalette(label);
		await this.pickRow(label).click();
	}

	/** Opens the Settings editor (User tab) filtered by `query`; returns the matching setting items. */
	async openSettings(query: string): Promise<Locator> {
		await this.runCommand('Preferences: Open User Settings');
		const search = this.page.locator('.settings-editor .settings-header .suggest-input-container');
		await search.waitFor({ state: 'visible', timeout: 15000 });
		await search.click();
		await this.page.keyboard.press('Control+A');
		await this.page.keyboard.type(query, { delay: 10 });
		return this.page.locator('.settings-editor .setting-item-contents');
	}

	/** Opens a new integrated terminal and returns its rows (text is in the DOM: GPU rendering is off). */
	async openTerminal(): Promise<Locator> {
		await this.runCommand('Terminal: Create New Terminal');
		const rows = this.page.locator('.terminal-wrapper.active .xterm-rows');
		await rows.waitFor({ state: 'visible', timeout: 15000 });
		return rows;
	}

	/** Opens a guarded terminal from the palette; returns its rows once the shell has drawn something. */
	async openGuardedTerminal(): Promise<Locator> {
		await this.runCommand('Terminal Guard: New Guarded Terminal');
		const rows = this.page.locator('.terminal-wrapper.active .xterm-rows');
		await rows.waitFor({ state: 'visible', timeout: 15000 });
		const start = Date.now();
		while ((await rows.innerText()).trim() === '') {
			if (Date.now() - start > 15000) {
				throw new Error('the guarded terminal showed no prompt within 15s');
			}
			await this.page.waitForTimeout(100);
		}
		return rows;
	}

	/** Types `line` into the active terminal (clicked first, so it has the keys) and presses Enter. */
	async typeInTerminal(line: string): Promise<void> {
		await this.page.locator('.terminal-wrapper.active .xterm-screen').click();
		await this.page.keyboard.type(line, { delay: 20 });
		await this.page.keyboard.press('Enter');
	}

	/** The modal dialog, if one is open (`.monaco-dialog-box`); press its buttons with getByRole. */
	dialog(): Locator {
		return this.page.locator('.monaco-dialog-box');
	}

	/**
	 * Types `text` into the input box titled `title` (once it is shown and focused) and checks the
	 * box holds exactly that before returning, so no key is lost to the palette it replaced.
	 */
	async typeInInputBox(title: string, text: string): Promise<Locator> {
		await this.quickInput().locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 10000 });
		const input = this.quickInput().locator('input:focus');
		await input.waitFor({ state: 'visible', timeout: 10000 });
		await input.pressSequentially(text, { delay: 20 });
		await this.holds(input, text, `the input box "${title}"`);
		return input;
	}

	/** Waits (up to 5 s) until `input` holds exactly `text`; fails naming `what` and what it holds. */
	private async holds(input: Locator, text: string, what: string): Promise<void> {
		const start = Date.now();
		while ((await input.inputValue()) !== text) {
			if (Date.now() - start > 5000) {
				throw new Error(`${what} holds "${await input.inputValue()}" instead of "${text}"`);
			}
			await this.page.waitForTimeout(100);
		}
	}

	/**
	 * Waits (up to 5 s) until `input` is visible, focused and holds exactly `text`: undefined then; else
	 * what it holds ("" once it has closed).
	 */
	private async settlesOn(input: Locator, text: string): Promise<string | undefined> {
		const start = Date.now();
		for (;;) {
			const open = await input.isVisible();
			const value = open ? await input.inputValue({ timeout: 1000 }).catch(() => '') : '';
			if (open && value === text && await input.evaluate((el) => el === document.activeElement).catch(() => false)) {
				return undefined;
			}
			if (Date.now() - start > 5000) {
				return value;
			}
			await this.page.waitForTimeout(100);
		}
	}

	quickInput(): Locator {
		return this.page.locator('.quick-input-widget');
	}

	/** The row of the open quick pick whose label is exactly `label`. */
	pickRow(label: string): Locator {
		// The accessible name is the label, then ", recently used" and the like.
		const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		return this.quickInput().getByRole('option', { name: new RegExp(`^${escaped}(?:,|$)`) });
	}

	/** A hover (tooltip) showing `text`. */
	hover(text: string): Locator {
		return this.page.locator('.monaco-hover, .workbench-hover', { hasText: text });
	}

	/** Waits until a notification toast has finished sliding in, so a screenshot shows it whole. */
	async settled(toast: Locator): Promise<void> {
		await toast.and(this.page.locator('.notification-fade-in-done')).waitFor({ state: 'visible', timeout: 5000 });
	}

	/** Notification toasts currently shown, optionally only those containing `text`. */
	notifications(text?: string): Locator {
		const toasts = this.page.locator('.notifications-toasts .notification-toast');
		return text ? toasts.filter({ hasText: text }) : toasts;
	}
}

/** Puts the sample workspace's victim/ back as the harness made it (suites that delete it call this last). */
export function restoreVictim(workspace: string): void {
	for (const [name, text] of Object.entries(sampleFiles({ production: false }) as Record<string, string>)) {
		if (name.startsWith('victim/')) {
			fs.mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
			fs.writeFileSync(path.join(workspace, name), text);
		}
	}
}

/** After each failed test of the suite, keeps a screenshot of the workbench and says where. */
export function screenshotFailures(workbench: () => Workbench | undefined): void {
	teardown(async function () {
		const current = workbench();
		if (this.currentTest?.state === 'failed' && current) {
			const file = await current.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
			console.log(`      screenshot of the failure: ${file}`);
		}
	});
}

// Headless Chromium from Debian (never a browser download), driven by playwright-core.
// Kept free of __dirname: test/e2e bundles this file.
'use strict';
const fs = require('fs');
const { HarnessError, which } = require('./proc');

/** Flags that work as root on these machines; the network ones stop Chromium calling home. */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
	'--no-first-run',
	'--no-default-browser-check',
];

/** The Chromium binary: $TG_CHROMIUM, else Debian's chromium on PATH. */
function chromiumPath() {
	const configured = process.env.TG_CHROMIUM;
	if (configured) {
		if (!fs.existsSync(configured)) {
			throw new HarnessError(`TG_CHROMIUM=${configured} does not exist`);
		}
		return configured;
	}
	const found = which('chromium') ?? which('chromium-browser');
	if (!found) {
		throw new HarnessError('Chromium is not installed; the editor tests drive the workbench in Debian\'s headless Chromium.\n  Install it with: sudo apt-get update && sudo apt-get install -y chromium\n  (or set TG_CHROMIUM to a Chromium/Chrome binary)');
	}
	return found;
}

/**
 * Launches headless Chromium with a fresh profile. Returns the playwright Browser; close it with
 * `browser.close()`, which stops the process playwright started (and only that one).
 */
async function launchChromium({ timeoutMs = 60000, headless = true } = {}) {
	const executablePath = chromiumPath();
	const { chromium } = require('playwright-core');
	try {
		return await chromium.launch({ executablePath, headless, args: CHROMIUM_ARGS, timeout: timeoutMs });
	} catch (error) {
		throw new HarnessError(`Chromium (${executablePath}) did not start: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
	}
}

/** A new page in a fresh context, 1280×800 (the size of the screenshots). */
async function openPage(browser) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	return context.newPage();
}

module.exports = { CHROMIUM_ARGS, chromiumPath, launchChromium, openPage };

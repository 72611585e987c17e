// `node scripts/render-icon.js`: renders media/icon.svg to media/icon.png (256×256) in Debian's
// headless Chromium. The PNG is committed: the Marketplace and Open VSX want a PNG icon.
'use strict';
const fs = require('fs');
const path = require('path');
const { launchChromium } = require('./editor/browser');

const SIZE = 256;

async function main() {
	const svg = fs.readFileSync(path.join(__dirname, '..', 'media', 'icon.svg'), 'utf8');
	const browser = await launchChromium();
	try {
		const page = await (await browser.newContext({ viewport: { width: SIZE, height: SIZE } })).newPage();
		await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
		await page.locator('svg').screenshot({ path: path.join(__dirname, '..', 'media', 'icon.png'), omitBackground: true });
	} finally {
		await browser.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

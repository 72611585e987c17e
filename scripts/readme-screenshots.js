// `node scripts/readme-screenshots.js`: copies the README's screenshots from the last
// `npm run test:e2e` (test-results/e2e/) into media/screenshots/, cropped to what they show.
'use strict';
const fs = require('fs');
const path = require('path');
const { launchChromium } = require('./editor/browser');

const ROOT = path.join(__dirname, '..');
/** README image ← e2e screenshot, and the part of the 1280×800 window to keep. */
const SHOTS = [
	{ to: 'modal.png', from: 'guarded-modal.png', clip: { x: 372, y: 208, width: 536, height: 384 } },
	{ to: 'terminal-stopped.png', from: 'guarded-stopped.png', clip: { x: 348, y: 510, width: 932, height: 125 } },
	{ to: 'walkthrough.png', from: 'first-run-walkthrough.png', clip: { x: 348, y: 30, width: 932, height: 540 } },
];

async function main() {
	const results = path.join(ROOT, 'test-results', 'e2e');
	const out = path.join(ROOT, 'media', 'screenshots');
	fs.mkdirSync(out, { recursive: true });
	const browser = await launchChromium();
	try {
		const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
		for (const { to, from, clip } of SHOTS) {
			const file = fs.readdirSync(results).find((f) => f.endsWith(`-${from}`));
			if (!file) {
				throw new Error(`no *-${from} in ${results}: run \`npm run test:e2e\` first`);
			}
			const data = fs.readFileSync(path.join(results, file)).toString('base64');
			await page.setContent(`<body style="margin:0"><img src="data:image/png;base64,${data}"></body>`);
			await page.screenshot({ path: path.join(out, to), clip });
			console.log(`media/screenshots/${to} ← ${file}`);
		}
	} finally {
		await browser.close();
	}
}

main().catch((error) => {
	console.error(error.message ?? error);
	process.exit(1);
});

/**
 * The mark before "Terminal Guard stopped" must be a character terminal fonts have. It was ✋
 * (U+270B, an emoji no monospace font here has: `fc-list :charset=270b` lists none), which the
 * terminal drew as an empty box. Every place that prints the refusal line — the guarded terminal
 * (judging.ts), the gate helper, the bash, zsh and fish hooks — is checked: its mark must be a
 * Geometric Shapes character (U+25A0–U+25FF, in DejaVu Sans Mono, Liberation Mono, Consolas, Menlo),
 * never one from the Dingbats or emoji blocks.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { stoppedMessage } from '../../../src/terminal/judging';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const PRINTERS = ['src/terminal/judging.ts', 'src/cli/gateMain.ts', 'media/shell/bash/init.bash', 'media/shell/bash/bridge.bash', 'media/shell/zsh/hook.zsh', 'media/shell/fish/init.fish'];

/** The character before " Terminal Guard stopped" in each occurrence in `text`. */
function marks(text: string): string[] {
	return [...text.matchAll(/(\S*) Terminal Guard stopped:/gu)].map((m) => m[1].replace(/^.*['"`{-]/u, ''));
}

function drawable(mark: string): boolean {
	const code = mark.codePointAt(0) ?? 0;
	return [...mark].length === 1 && code >= 0x25a0 && code <= 0x25ff;
}

describe('the refusal line\'s mark', () => {
	it('the guarded terminal prints a mark every terminal font has', () => {
		const [mark] = marks(stoppedMessage('x'));
		assert.ok(drawable(mark), `"${mark}" (U+${mark.codePointAt(0)?.toString(16)}) is not a Geometric Shapes character`);
	});

	for (const file of PRINTERS) {
		it(`${file}: every refusal line starts with a drawable mark`, () => {
			const found = marks(fs.readFileSync(path.join(ROOT, file), 'utf8'));
			assert.ok(found.length > 0, `${file} no longer prints the refusal line: update this list`);
			for (const mark of found) {
				assert.ok(drawable(mark), `${file}: "${mark}" before "Terminal Guard stopped" is not a Geometric Shapes character`);
			}
		});
	}
});

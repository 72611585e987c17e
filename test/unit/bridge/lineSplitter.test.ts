/**
 * The bridge's line framing (src/bridge/protocol.ts LineSplitter), which both the hook and the editor
 * read every request and answer through: lines come out whole and exactly as sent, however the bytes
 * were cut into chunks — a multi-byte character split between two chunks included.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter, utf8Text } from '../../../src/bridge/protocol';

function split(chunks: Buffer[], max?: number): { lines: string[]; overflowed: number } {
	const lines: string[] = [];
	let overflowed = 0;
	const splitter = new LineSplitter((line) => lines.push(line), () => overflowed++, max);
	chunks.forEach((chunk) => splitter.push(chunk));
	return { lines, overflowed };
}

describe('LineSplitter', () => {
	const text = '{"line":"rm -rf ~/données — ünïcödé 🚀"}\n{"second":true}\n';
	const bytes = Buffer.from(text, 'utf8');

	it('gives each line of one chunk, without its newline', () => {
		assert.deepEqual(split([bytes]).lines, ['{"line":"rm -rf ~/données — ünïcödé 🚀"}', '{"second":true}']);
	});

	it('gives the same lines whatever the chunk boundaries, a character cut in two included', () => {
		const expected = split([bytes]).lines;
		for (let cut = 1; cut < bytes.length; cut++) {
			assert.deepEqual(split([bytes.subarray(0, cut), bytes.subarray(cut)]).lines, expected, `cut at byte ${cut}`);
		}
		assert.deepEqual(split([...bytes].map((b) => Buffer.from([b]))).lines, expected, 'a byte at a time');
	});

	it('keeps an unfinished line until its newline comes', () => {
		const { lines } = split([Buffer.from('{"a":1}\n{"b"'), Buffer.from(':2')]);
		assert.deepEqual(lines, ['{"a":1}']);
	});

	it('a line longer than its limit is reported once and dropped', () => {
		const { lines, overflowed } = split([Buffer.from('x'.repeat(10)), Buffer.from('y'.repeat(10)), Buffer.from('\nlater\n')], 16);
		assert.deepEqual([lines, overflowed], [[], 1]);
	});
});

describe('utf8Text', () => {
	it('is what Buffer#toString("utf8", start, end) gives, invalid bytes included', () => {
		const buffer = Buffer.concat([Buffer.from('aé🚀b', 'utf8'), Buffer.from([0xff, 0xc3]), Buffer.from('z')]);
		for (let start = 0; start <= buffer.length; start++) {
			for (let end = start; end <= buffer.length; end++) {
				assert.equal(utf8Text(buffer, start, end), buffer.toString('utf8', start, end), `[${start}, ${end})`);
			}
		}
		assert.equal(utf8Text(buffer), buffer.toString('utf8'));
	});
});

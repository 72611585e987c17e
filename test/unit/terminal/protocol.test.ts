/** The private OSC protocol: split-safe parsing, nonce checks, escaping, verdict lines. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeField, encodeField, encodeSequence, formatVerdict, ProtocolParser, type PlacedEvent } from '../../../src/terminal/protocol';

const NONCE = '0123456789abcdef0123456789abcdef';

/** Feeds `chunks` in order; returns the joined output and every event. */
function feedAll(chunks: readonly string[], parser = new ProtocolParser(NONCE)): { output: string; events: PlacedEvent[] } {
	let output = '';
	const events: PlacedEvent[] = [];
	for (const chunk of chunks) {
		const parsed = parser.feed(chunk);
		events.push(...parsed.events.map((e) => ({ ...e, offset: e.offset + output.length })));
		output += parsed.output;
	}
	output += parser.flushHeldText();
	return { output, events };
}

/** Every way of cutting `text` in two. */
function everySplit(text: string): string[][] {
	return Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
}

describe('ProtocolParser', () => {
	const request = encodeSequence(NONCE, 'req', '7', '/home/me/proj', 'rm -rf x; echo "a\\b"\nls');

	it('a request between output -> removed from the output, decoded, placed where it was', () => {
		const { output, events } = feedAll([`before${request}after`]);
		assert.equal(output, 'beforeafter');
		assert.deepEqual(events, [{ type: 'request', id: '7', cwd: '/home/me/proj', line: 'rm -rf x; echo "a\\b"\nls', offset: 6 }]);
	});

	it('split at every position -> the same output and event', () => {
		const whole = feedAll([`a\x1b[31mb${request}c\x1b]633;A\x07d`]);
		for (const chunks of everySplit(`a\x1b[31mb${request}c\x1b]633;A\x07d`)) {
			assert.deepEqual(feedAll(chunks), whole, JSON.stringify(chunks));
		}
	});

	it('split into single characters -> the same output and event', () => {
		const text = `x${request}y${encodeSequence(NONCE, 'prompt', '/tmp')}z`;
		assert.deepEqual(feedAll([...text]), feedAll([text]));
	});

	it('ST (ESC \\) ends a sequence like BEL', () => {
		const { output, events } = feedAll([`a\x1b]6973;${NONCE};skip\x1b\\b`]);
		assert.equal(output, 'ab');
		assert.deepEqual(events, [{ type: 'skip', offset: 1 }]);
	});

	it('prompt, skip and nohook events', () => {
		const { events } = feedAll([encodeSequence(NONCE, 'prompt', '/a;b'), encodeSequence(NONCE, 'skip'), encodeSequence(NONCE, 'nohook')]);
		assert.deepEqual(
			events.map((e) => e.type),
			['prompt', 'skip', 'nohook'],
		);
		assert.deepEqual(events[0], { type: 'prompt', cwd: '/a;b', offset: 0 });
	});

	it('a wrong nonce -> dropped from the output and reported as forged, never a request', () => {
		const { output, events } = feedAll([`a${encodeSequence('f'.repeat(32), 'req', '1', '/', 'rm -rf /')}b`]);
		assert.equal(output, 'ab');
		assert.deepEqual(events, [{ type: 'forged', detail: 'a sequence with a wrong nonce', offset: 1 }]);
	});

	it('a malformed request (missing fields, non-numeric id) -> forged', () => {
		const { events } = feedAll([`\x1b]6973;${NONCE};req;x;/;ls\x07`, `\x1b]6973;${NONCE};req;1;/\x07`]);
		assert.deepEqual(
			events.map((e) => e.type),
			['forged', 'forged'],
		);
	});

	it('other OSC sequences (633, window title) pass through untouched', () => {
		const text = '\x1b]633;E;ls\x07\x1b]0;title\x07\x1b]69;x\x07\x1b]697;x\x07';
		assert.deepEqual(feedAll([text]), { output: text, events: [] });
	});

	it('a control character inside our sequence aborts it; the character is output', () => {
		const { output, events } = feedAll([`a\x1b]6973;${NONCE};req;1\nb`]);
		assert.equal(output, 'a\nb');
		assert.equal(events[0]?.type, 'forged');
	});

	it('ESC followed by another sequence inside ours aborts ours; the new sequence is kept', () => {
		const { output } = feedAll([`a\x1b]6973;${NONCE};re\x1b[31mb`]);
		assert.equal(output, 'a\x1b[31mb');
	});

	it('a held lone ESC at the end of a chunk is released by flushHeldText', () => {
		const parser = new ProtocolParser(NONCE);
		assert.equal(parser.feed('abc\x1b').output, 'abc');
		assert.ok(parser.hasHeldText());
		assert.equal(parser.flushHeldText(), '\x1b');
		assert.equal(parser.feed('[0m').output, '[0m');
	});

	it('a request longer than the limit -> "oversized" with its id (to be denied), nothing kept', () => {
		const parser = new ProtocolParser(NONCE, 1000);
		const { output, events } = feedAll([encodeSequence(NONCE, 'req', '42', '/', 'x'.repeat(5000)), 'after'], parser);
		assert.equal(output, 'after');
		assert.deepEqual(events, [{ type: 'oversized', id: '42', offset: 0 }]);
	});

	it('property: any line, any cwd, any chunking -> decoded exactly, output untouched', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary' }), fc.string(), fc.string({ unit: 'binary' }), fc.array(fc.nat(), { maxLength: 6 }), (line, cwd, noise, cuts) => {
				const plainNoise = noise.split('\x1b').join('');
				const text = `${plainNoise}${encodeSequence(NONCE, 'req', '3', cwd, line)}${plainNoise}`;
				const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
				const chunks = [0, ...points].map((p, i, all) => text.slice(p, all[i + 1] ?? text.length));
				const { output, events } = feedAll(chunks);
				assert.equal(output, plainNoise + plainNoise);
				assert.deepEqual(events, [{ type: 'request', id: '3', cwd, line, offset: plainNoise.length }]);
			}),
		);
	});
});

describe('field escaping', () => {
	it("'a;b\\c' + a newline -> 'a\\x3bb\\\\c\\x0a' and back", () => {
		assert.equal(encodeField('a;b\\c\n'), 'a\\x3bb\\\\c\\x0a');
		assert.equal(decodeField('a\\x3bb\\\\c\\x0a'), 'a;b\\c\n');
	});

	it('non-ASCII text is left as it is', () => {
		assert.equal(encodeField('rm -rf ünïcödé ✋'), 'rm -rf ünïcödé ✋');
	});
});

describe('formatVerdict', () => {
	it("allow -> '<id> allow'", () => {
		assert.equal(formatVerdict('5', true, 'ignored'), '5 allow\n');
	});

	it('deny -> one printable line, control characters and newlines flattened', () => {
		assert.equal(formatVerdict('6', false, 'no\nway\x1b[31m here'), '6 deny no way [31m here\n');
	});

	it('a very long message is shortened', () => {
		const line = formatVerdict('7', false, 'x'.repeat(5000));
		assert.ok(line.length < 420, String(line.length));
		assert.ok(line.endsWith('…\n'));
	});
});

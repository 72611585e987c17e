/**
 * The fallback's pieces that need no shell: the output's modes (TerminalModes), which Enters the
 * keys hold (InputScanner), what the typed line is (TypedLine, combine) and who is in front
 * (foregroundOf). Every sequence is also fed cut at every point, as a pty may deliver it.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foregroundOf } from '../../../src/terminal/foreground';
import { InputScanner } from '../../../src/terminal/inputScanner';
import { combine } from '../../../src/terminal/screenGuard';
import { TerminalModes } from '../../../src/terminal/terminalModes';
import { TypedLine } from '../../../src/terminal/typedLine';

interface ModesSeen {
	paste: boolean;
	alt: boolean;
	epoch: number;
}

function seen(modes: TerminalModes): ModesSeen {
	return { paste: modes.bracketedPaste, alt: modes.altScreen, epoch: modes.lineEpoch };
}

/** Feeds `output` whole, then cut in two at every point, then one character at a time: all must agree. */
function modesAfter(output: string): ModesSeen {
	const whole = new TerminalModes();
	whole.feed(output);
	const expected = seen(whole);
	for (let cut = 1; cut < output.length; cut++) {
		const modes = new TerminalModes();
		modes.feed(output.slice(0, cut));
		modes.feed(output.slice(cut));
		assert.deepEqual(seen(modes), expected, `cut at ${cut}`);
	}
	const bytewise = new TerminalModes();
	for (const c of output) {
		bytewise.feed(c);
	}
	assert.deepEqual(seen(bytewise), expected, 'one character at a time');
	return expected;
}

describe('TerminalModes', () => {
	const t = (output: string, expected: Partial<ModesSeen>) =>
		it(`${JSON.stringify(output)} -> ${JSON.stringify(expected)}`, () => {
			const got = modesAfter(output);
			for (const [key, value] of Object.entries(expected)) {
				assert.equal(got[key as keyof ModesSeen], value, key);
			}
		});
	t('plain text', { paste: false, alt: false, epoch: 0 });
	t('\x1b[?2004h', { paste: true });
	t('\x1b[?2004h\x1b[?2004l', { paste: false, epoch: 1 });
	t('\x1b[?2004hls\r\n\x1b[?2004l\rout\r\n\x1b[?2004h$ ', { paste: true, epoch: 1 });
	t('\x1b[?1049h', { alt: true });
	t('\x1b[?1049h\x1b[?1049l', { alt: false });
	t('\x1b[?1047h', { alt: true });
	t('\x1b[?47h', { alt: true });
	t('\x1b[?1;1049;2004h', { alt: true, paste: true });
	t('\x1b[?02004h', { paste: true });
	t('\x9b?2004h', { paste: true });
	t('\x1b[2004h', { paste: false });
	t('\x1b[?2004$h', { paste: false });
	t('\x1b[?20\x1804h', { paste: false });
	t('\x1b[?20\x1b[?1049h', { paste: false, alt: true });
	t('\x1b[?2004h\x1bc', { paste: false, alt: false, epoch: 1 });
	t('\x1b[?2004h\x1b[!p', { paste: false, epoch: 1 });
	t('\x1b]633;A\x07$ \x1b]633;B\x07', { epoch: 1 });
	t('\x1b]633;A\x1b\\$ ', { epoch: 1 });
	t('\x1b]133;A\x07', { epoch: 1 });
	t('\x1b]633;B\x07\x1b]633;P;Cwd=/x\x07\x1b]0;title\x07', { epoch: 0 });
	t('\x1b]633;AB\x07', { epoch: 0 });
	t('\x1b[?1049h\x1b]633;A\x07$ ', { alt: false, epoch: 1 });
	t('\x1b]633;A\x07\x1b[?1049h', { alt: true, epoch: 1 });
	t(`\x1b[?${'1;'.repeat(40)}2004h`, { paste: false });
	t('\x1b]0;a very long window title that goes on\x07\x1b[?2004h', { paste: true });
});

/** Output modes the scanner reads, set by the test. */
class Gate {
	bracketedPaste = true;
	lineEpoch = 0;
}

describe('InputScanner', () => {
	const t = (input: string, expected: { index: number; inPaste: boolean } | undefined, bracketedPaste = true) =>
		it(`${JSON.stringify(input)}${bracketedPaste ? '' : ' (bracketed paste off)'} -> ${JSON.stringify(expected)}`, () => {
			const gate = new Gate();
			gate.bracketedPaste = bracketedPaste;
			assert.deepEqual(new InputScanner(gate).findEnter(input), expected);
		});
	t('ls\r', { index: 2, inPaste: false });
	t('ls\n', { index: 2, inPaste: false });
	t('ls', undefined);
	t('\x1b[200~a\rb\x1b[201~', { index: 7, inPaste: true });
	t('\x1b[200~a\rb\x1b[201~', { index: 7, inPaste: false }, false);
	t('\x1b[200~ab\x1b[201~\r', { index: 14, inPaste: false });
	t('\x1b[201~\x1b[200~a\r', { index: 13, inPaste: true });
	t('\x1b\x1b[200~a\r', { index: 8, inPaste: true });
	t('\x1b[2000~a\r', { index: 8, inPaste: false });

	it('every Enter is reported, inside a paste too; pasteRest takes the paste through its end marker', () => {
		const scanner = new InputScanner(new Gate());
		const data = '\x1b[200~echo a\recho b\x1b[201~\rls\r';
		const first = scanner.findEnter(data);
		assert.deepEqual(first, { index: 12, inPaste: true });
		scanner.skip('\r');
		const rest = data.slice(13);
		const length = scanner.pasteRest(rest);
		assert.equal(rest.slice(0, length), 'echo b\x1b[201~');
		assert.deepEqual(scanner.findEnter(rest.slice(length)), { index: 0, inPaste: false });
	});

	it('a paste with no end marker yet: pasteRest takes all there is, and the paste stays open', () => {
		const scanner = new InputScanner(new Gate());
		assert.deepEqual(scanner.findEnter('\x1b[200~a\rb'), { index: 7, inPaste: true });
		scanner.skip('\r');
		assert.equal(scanner.pasteRest('b'), 1);
		assert.equal(scanner.inPaste, true);
		assert.deepEqual(scanner.findEnter('c\r'), { index: 1, inPaste: true });
	});

	it('markers cut at every point are still markers', () => {
		const data = '\x1b[200~a\rb\x1b[201~\r';
		for (let cut = 1; cut < data.length; cut++) {
			const scanner = new InputScanner(new Gate());
			const enters: { at: number; inPaste: boolean }[] = [];
			let offset = 0;
			for (const chunk of [data.slice(0, cut), data.slice(cut)]) {
				let rest = chunk;
				for (let enter = scanner.findEnter(rest); enter; enter = scanner.findEnter(rest)) {
					enters.push({ at: offset + enter.index, inPaste: enter.inPaste });
					scanner.skip(rest[enter.index]);
					offset += enter.index + 1;
					rest = rest.slice(enter.index + 1);
				}
				offset += rest.length;
			}
			assert.deepEqual(enters, [
				{ at: 7, inPaste: true },
				{ at: 15, inPaste: false },
			], `cut at ${cut}`);
		}
	});

	it('an Enter between the halves of a marker breaks it', () => {
		const scanner = new InputScanner(new Gate());
		assert.deepEqual(scanner.findEnter('\x1b[20\r0~a\r'), { index: 4, inPaste: false });
		scanner.skip('\r');
		assert.deepEqual(scanner.findEnter('0~a\r'), { index: 3, inPaste: false });
	});

	it('a paste ends when the line editor is done with the line (a new epoch), even without its end marker', () => {
		const gate = new Gate();
		const scanner = new InputScanner(gate);
		scanner.findEnter('\x1b[200~a');
		assert.equal(scanner.inPaste, true);
		gate.lineEpoch++;
		assert.equal(scanner.inPaste, false);
		assert.deepEqual(scanner.findEnter('b\r'), { index: 1, inPaste: false });
	});

	it('a paste start while bracketed paste is off is just bytes, even if it is turned on later', () => {
		const gate = new Gate();
		gate.bracketedPaste = false;
		const scanner = new InputScanner(gate);
		scanner.findEnter('\x1b[200~a');
		gate.bracketedPaste = true;
		assert.deepEqual(scanner.findEnter('b\r'), { index: 1, inPaste: false });
	});

	it('dropPaste forgets an open paste (a refused paste is dropped)', () => {
		const scanner = new InputScanner(new Gate());
		scanner.findEnter('\x1b[200~a');
		scanner.dropPaste();
		assert.deepEqual(scanner.findEnter('\r'), { index: 0, inPaste: false });
	});
});

describe('TypedLine inside a paste, and combine', () => {
	it('an Enter inside a paste becomes a newline of the typed text', () => {
		const typed = new TypedLine();
		typed.add('\x1b[200~echo a');
		typed.add('\recho b\x1b[201~');
		assert.equal(typed.take(), 'echo a\necho b');
	});
	it('keys that leave no text (an escape, an edit) still count as keys; spaces, Ctrl-U and Ctrl-C do not', () => {
		const typed = new TypedLine();
		typed.add('\x1b');
		assert.equal(typed.sawKeys, true);
		typed.take();
		typed.add('  ');
		assert.equal(typed.sawKeys, false);
		typed.add('rm x\x15');
		assert.equal(typed.sawKeys, false);
	});
	it('the typed text holds the screen line (a paste not drawn yet) -> the typed text', () => assert.equal(combine('echo b', 'echo a\necho b'), 'echo a\necho b'));
	it('the screen holds the typed text -> the screen line', () => assert.equal(combine('git rm x', 'rm x'), 'git rm x'));
	it('neither holds the other -> both', () => assert.equal(combine('ls', 'rm -rf x'), 'ls\nrm -rf x'));
});

describe('foregroundOf', () => {
	/** A pid that does not exist, so the process name decides (as on macOS). */
	const proc = (name: string) => ({ pid: 2 ** 30, process: name });
	const t = (name: string, shellPath: string, expected: string, platform: NodeJS.Platform = 'linux') =>
		it(`${name} in front of ${shellPath} on ${platform} -> ${expected}`, () => assert.equal(foregroundOf(proc(name), shellPath, platform), expected));
	t('vim', '/bin/bash', 'program');
	t('less', '/bin/dash', 'program');
	t('/bin/bash', '/bin/dash', 'shell');
	t('-zsh', '/bin/zsh', 'shell');
	t('dash', '/bin/bash', 'shell');
	t('pwsh', '/usr/bin/pwsh', 'shell');
	t('nu', '/usr/bin/pwsh', 'program');
	t('vim', '/bin/bash', 'program', 'darwin');
	t('vim', 'C:\\Windows\\System32\\cmd.exe', 'unknown', 'win32');
	it('no name -> unknown', () => assert.equal(foregroundOf(proc(''), '/bin/bash', 'darwin'), 'unknown'));
	it('the name cannot be read -> unknown', () => {
		const broken = {
			pid: 2 ** 30,
			get process(): string {
				throw new Error('EBADF');
			},
		};
		assert.equal(foregroundOf(broken, '/bin/bash', 'darwin'), 'unknown');
	});
});

/**
 * A property over random streams, around the real GuardedShell in fallback mode (its InputScanner,
 * TerminalModes, ScreenGuard and headless xterm): keys (paste markers whole and cut, CR, LF, escape
 * sequences, Ctrl-C), output (bracketed paste and alternate screen on and off, prompts, cut
 * anywhere) and foreground changes, interleaved at random. Whatever happens, every write that
 * carries an Enter to the shell while the shell is in front comes right after the judge allowed it.
 *
 * node-pty is replaced, in this file's own process, by a scripted pty: the "shell" echoes what it
 * is sent and says who is in front.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { IPty } from 'node-pty';
import type { GuardedShell as GuardedShellType } from '../../../src/terminal/guardedShell';

type Listener<T> = (value: T) => void;

/** The shell at the other end of the pty, and the oracle. */
class ScriptedPty {
	readonly pid = 2 ** 30;
	/** Who is in front: the shell, or a full-screen program it started. */
	front: 'shell' | 'program' = 'shell';
	/** Set when the judge allowed a line; the very next write may carry Enter. */
	allowed = false;
	readonly violations: string[] = [];
	enterWrites = 0;
	/** The shell's line so far holds something other than spaces (escape sequences count). */
	private lineHasKeys = false;
	passedToProgram = 0;
	private readonly dataListeners: Listener<string>[] = [];

	get process(): string {
		return this.front === 'shell' ? '/bin/dash' : 'vim';
	}

	onData(listener: Listener<string>): { dispose(): void } {
		this.dataListeners.push(listener);
		return { dispose: () => undefined };
	}

	onExit(): { dispose(): void } {
		return { dispose: () => undefined };
	}

	write(data: string): void {
		const allowed = this.allowed;
		this.allowed = false;
		for (const c of data) {
			if (c === '\r' || c === '\n') {
				if (this.front === 'program') {
					this.passedToProgram++;
				} else if (this.lineHasKeys) {
					// An Enter on a line of nothing but spaces runs nothing; any other must have been allowed.
					this.enterWrites++;
					if (!allowed) {
						this.violations.push(`Enter reached the shell unjudged: ${JSON.stringify(data)}`);
					}
				}
				this.lineHasKeys = false;
			} else if (c === '\x03' || c === '\x15') {
				// Ctrl-C and Ctrl-U drop the line, in a line editor and in a canonical tty alike.
				this.lineHasKeys = false;
			} else if (c !== ' ') {
				this.lineHasKeys = true;
			}
		}
		// A line editor's echo, later, as a real pty delivers it.
		const echo = this.front === 'shell' ? data.replace(/[^\x20-\x7e]/g, '') : '';
		if (echo) {
			setImmediate(() => this.emit(echo));
		}
	}

	emit(output: string): void {
		for (const listener of this.dataListeners) {
			listener(output);
		}
	}

	resize(): void {}
	kill(): void {}
}

let current: ScriptedPty | undefined;
const ptyPath = require.resolve('node-pty');
require.cache[ptyPath] = {
	id: ptyPath,
	filename: ptyPath,
	loaded: true,
	exports: {
		spawn: (): IPty => {
			assert.ok(current, 'no scripted pty');
			return current as unknown as IPty;
		},
	},
} as unknown as NodeModule;
// After the scripted pty is in place: guardedShell loads node-pty when it is first required.
const { GuardedShell } = require('../../../src/terminal/guardedShell') as { GuardedShell: typeof GuardedShellType };

type Step = { keys: string } | { output: string[] } | { front: 'shell' | 'program' } | { fullScreen: true } | { pause: number };

const KEYS = ['a', 'rm x', ' ', 'ls', '\r', '\n', '\r\n', '\x1b[200~', '\x1b[201~', '\x1b[20', '0~', '1~', '\x1b', '\x1b[A', '\x7f', '\x15', '\x03'];
const OUTPUT = ['\x1b[?2004h', '\x1b[?2004l', '\x1b[?1049h', '\x1b[?1049l', '\x1b]633;A\x07$ \x1b]633;B\x07', 'out\r\n', '\x1b[31mred\x1b[0m', '\x1b[?1;2004h', '\x1b]0;t\x07'];

const keysArb = fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 5 }).map((parts) => ({ keys: parts.join('') }));
/** Output sequences joined, then cut at random points into chunks. */
const outputArb = fc
	.tuple(fc.array(fc.constantFrom(...OUTPUT), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 3 }))
	.map(([parts, cuts]) => {
		const text = parts.join('');
		const points = [...new Set(cuts.map((c) => c % text.length))].sort((a, b) => a - b);
		const chunks: string[] = [];
		let from = 0;
		for (const point of points) {
			chunks.push(text.slice(from, point));
			from = point;
		}
		chunks.push(text.slice(from));
		return { output: chunks.filter((c) => c.length > 0) };
	});
const stepArb: fc.Arbitrary<Step> = fc.oneof(
	{ weight: 4, arbitrary: keysArb },
	{ weight: 3, arbitrary: outputArb },
	{ weight: 1, arbitrary: fc.constantFrom<'shell' | 'program'>('shell', 'program').map((front) => ({ front })) },
	// A full-screen program starts: it is in front and its screen is up.
	{ weight: 1, arbitrary: fc.constant<Step>({ fullScreen: true }) },
	{ weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }).map((pause) => ({ pause })) },
);

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function until(what: string, test: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!test()) {
		assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/** Totals over all runs: the property must not hold only because nothing happened. */
const totals = { judgedEnters: 0, passedToProgram: 0, refused: 0 };

async function runSteps(steps: Step[]): Promise<void> {
	const pty = new ScriptedPty();
	current = pty;
	const asked: string[] = [];
	const shell = new GuardedShell({
		shellPath: '/bin/dash',
		env: { PATH: '/usr/bin:/bin' },
		judge: async (line) => {
			asked.push(line);
			return line.includes('rm') ? { run: false, message: 'refused by the test' } : { run: true };
		},
	});
	shell.onDecision((d) => {
		if (d.run) {
			pty.allowed = true;
		} else {
			totals.refused++;
		}
	});
	try {
		assert.equal(shell.mode, 'fallback');
		for (const step of steps) {
			if ('keys' in step) {
				shell.write(step.keys);
			} else if ('output' in step) {
				for (const chunk of step.output) {
					pty.emit(chunk);
					await tick();
				}
			} else if ('front' in step) {
				pty.front = step.front;
			} else if ('fullScreen' in step) {
				pty.front = 'program';
				pty.emit('\x1b[?1049h');
			} else {
				await new Promise((resolve) => setTimeout(resolve, step.pause));
			}
			await tick();
		}
		// The end: the shell in front, a paste end and a last line. Its question proves every key
		// before it was handled (held keys are handled in order).
		pty.front = 'shell';
		shell.write('\x1b[201~\x15END\r');
		await until('the last line to be judged', () => asked.some((line) => line.includes('END')));
		await until('the last line to be passed on', () => !pty.allowed);
		assert.deepEqual(pty.violations, []);
		totals.judgedEnters += pty.enterWrites;
		totals.passedToProgram += pty.passedToProgram;
	} finally {
		shell.dispose();
		current = undefined;
	}
}

describe('fallback property: every Enter that reaches the shell in front was judged', () => {
	it('random keys, output, cuts and foreground changes', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 14 }), (steps) => runSteps(steps)),
			{ numRuns: Number(process.env.TG_PROPERTY_RUNS ?? 60) },
		);
		// Not vacuous: Enters reached the shell (each one judged) and some lines were refused.
		assert.ok(totals.judgedEnters > 0 && totals.refused > 0, JSON.stringify(totals));
	});

	it('the attacks, as fixed streams', async () => {
		// A paste start while bracketed paste is off, then Enters.
		await runSteps([{ keys: '\x1b[200~' }, { keys: 'rm x\r' }, { keys: 'ls\r' }]);
		// Bracketed paste on, a paste that never closes, a new prompt, more lines.
		await runSteps([{ output: ['\x1b[?20', '04h$ '] }, { keys: '\x1b[200~ls\r' }, { output: ['\x1b[?2004l', '\x1b]633;A\x07$ \x1b]633;B\x07'] }, { keys: 'rm x\r' }]);
		// The alternate screen left on, with the shell in front.
		await runSteps([{ output: ['\x1b[?1049h'] }, { keys: 'rm x\r' }]);
		// A program in front on the alternate screen, then it exits without leaving it.
		await runSteps([{ output: ['\x1b[?1049h'] }, { front: 'program' }, { keys: 'rm x\r' }, { front: 'shell' }, { keys: 'rm x\r' }]);
		// A paste end marker cut in two.
		await runSteps([{ output: ['\x1b[?2004h'] }, { keys: '\x1b[200~rm x' }, { keys: '\x1b[20' }, { keys: '1~\r' }]);
		// Found by the property (seed 230746969): keys typed before the first prompt ending in `1~`, then a
		// paste start and Enters inside the paste.
		await runSteps([{ keys: '1~a' }, { output: ['\x1b[?2004h\x1b]633;A\x07$ \x1b]633;B\x07'] }, { output: ['\x1b[?1049l'] }, { keys: '\x1b[200~' }, { keys: '\r\n\x15' }]);
		// And the guard is not simply judging everything: Enter to a full-screen program in front passes on.
		const before = totals.passedToProgram;
		await runSteps([{ fullScreen: true }, { keys: 'rm x\r' }]);
		assert.equal(totals.passedToProgram, before + 1);
	});
});

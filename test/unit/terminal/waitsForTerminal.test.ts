/**
 * src/terminal/waitsForTerminal.ts with real processes in a real pty (node-pty): which of them wait to
 * read the terminal (a read, a select, a poll, an epoll on it) and which do not (a sleep, a wait on a
 * socket). The fallback lets Enter go unjudged only to the first kind.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, describe, it } from 'node:test';
import type { IPty } from 'node-pty';
import { bytesRead, foregroundReader, foregroundWaitsFor, processWaitsFor } from '../../../src/terminal/waitsForTerminal';

const pty = require('node-pty') as typeof import('node-pty');
const LINUX = process.platform === 'linux';

/** `python3 -c code` (or another program) in a pty of its own, once it is blocked in a system call. */
async function blocked(file: string, args: string[]): Promise<{ proc: IPty; tty: string }> {
	const proc = pty.spawn(file, args, { name: 'xterm', cols: 80, rows: 24, cwd: process.cwd(), env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
	const started = Date.now();
	for (;;) {
		let syscall = '';
		try {
			syscall = fs.readFileSync(`/proc/${proc.pid}/syscall`, 'utf8');
		} catch {
			// not there yet
		}
		// Blocked in the call it will wait in (python's start-up makes others first): the same one twice, 50 ms apart.
		if (/^\d+ /.test(syscall)) {
			await new Promise((r) => setTimeout(r, 50));
			if (fs.readFileSync(`/proc/${proc.pid}/syscall`, 'utf8') === syscall) {
				return { proc, tty: fs.readlinkSync(`/proc/${proc.pid}/fd/0`) };
			}
		}
		if (Date.now() - started > 10_000) {
			proc.kill();
			throw new Error(`${file} ${args.join(' ')} never blocked (last: ${syscall})`);
		}
		await new Promise((r) => setTimeout(r, 20));
	}
}

describe('waitsForTerminal: who waits to read the terminal', { skip: LINUX ? false : 'Linux only: it reads /proc' }, () => {
	const procs: IPty[] = [];
	after(() => procs.forEach((p) => p.kill()));

	const cases: [string, string, string[], boolean][] = [
		['a read of the terminal (head)', 'head', ['-n1'], true],
		['a read of the terminal (os.read)', 'python3', ['-c', 'import os; os.read(0, 1)'], true],
		['a select on the terminal', 'python3', ['-c', 'import select, sys; select.select([sys.stdin], [], [])'], true],
		['a poll of the terminal', 'python3', ['-c', 'import select, sys; p = select.poll(); p.register(sys.stdin, select.POLLIN); p.poll()'], true],
		['an epoll of the terminal', 'python3', ['-c', 'import select, sys; e = select.epoll(); e.register(sys.stdin.fileno(), select.EPOLLIN); e.poll()'], true],
		['a sleep', 'sleep', ['30'], false],
		['a select on a socket, not the terminal', 'python3', ['-c', 'import select, socket; a, b = socket.socketpair(); select.select([a], [], [])'], false],
		['a poll of a socket, not the terminal', 'python3', ['-c', 'import select, socket; a, b = socket.socketpair(); p = select.poll(); p.register(a, select.POLLIN); p.poll()'], false],
		['a select on the terminal for writing only', 'python3', ['-c', 'import select, sys, time; select.select([], [sys.stdout], []); time.sleep(30)'], false],
		['a read of a pipe, not the terminal', 'python3', ['-c', 'import os; r, w = os.pipe(); os.read(r, 1)'], false],
	];
	for (const [what, file, args, waits] of cases) {
		it(`${what}: ${waits ? 'waits' : 'does not wait'} for the terminal`, async () => {
			const { proc, tty } = await blocked(file, args);
			procs.push(proc);
			assert.match(tty, /^\/dev\/pts\/\d+$/);
			assert.equal(processWaitsFor(proc.pid, tty), waits, fs.readFileSync(`/proc/${proc.pid}/syscall`, 'utf8'));
			// As the foreground group the shell sees: the process leads its own (node-pty made it a session leader).
			assert.equal(foregroundWaitsFor(proc.pid, tty), waits);
			// Another terminal is not this one.
			assert.equal(processWaitsFor(proc.pid, '/dev/pts/999999'), false);
		});
	}

	it('a child in the same group that waits (as `man` runs `less`) counts; the group leader itself need not wait', async () => {
		const { proc, tty } = await blocked('python3', ['-c', 'import subprocess; subprocess.run(["head", "-n1"])']);
		procs.push(proc);
		assert.equal(processWaitsFor(proc.pid, tty), false, 'the parent waits for its child, not for the terminal');
		assert.equal(foregroundWaitsFor(proc.pid, tty), true);
	});

	it("the reader's byte count moves only once it has read what was typed (the fallback's guard against two lines in one write)", async () => {
		const { proc, tty } = await blocked('python3', ['-c', 'import os, time\nwhile True:\n    os.read(0, 100)']);
		procs.push(proc);
		assert.equal(foregroundReader(proc.pid, tty), proc.pid);
		const before = bytesRead(proc.pid);
		assert.ok(before !== undefined);
		assert.equal(bytesRead(proc.pid), before, 'nothing typed, nothing read');
		proc.write('ls\r');
		const started = Date.now();
		while (bytesRead(proc.pid) === before && Date.now() - started < 5000) {
			await new Promise((r) => setTimeout(r, 10));
		}
		assert.ok((bytesRead(proc.pid) ?? 0n) > before, 'the line was read');
		assert.equal(bytesRead(2 ** 30), undefined, 'no such process');
	});

	it('an architecture it does not know: not waiting (Enter is then judged)', async () => {
		const { proc, tty } = await blocked('head', ['-n1']);
		procs.push(proc);
		assert.equal(processWaitsFor(proc.pid, tty, 'mips'), false);
	});
});

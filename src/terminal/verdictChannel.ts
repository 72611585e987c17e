/**
 * The proxy → shell channel: a FIFO in a private (0700) directory made for one terminal. The proxy
 * keeps it open read-write and non-blocking, so its writes never block and the shell's `read`
 * never sees end-of-file; the shell reopens it for each verdict.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export class VerdictChannel {
	readonly dir: string;
	readonly fifo: string;
	private fd: number | undefined;

	constructor(tmpDir = os.tmpdir()) {
		// mkdtemp creates the directory with mode 0700.
		this.dir = fs.mkdtempSync(path.join(tmpDir, 'terminal-guard-'));
		this.fifo = path.join(this.dir, 'verdicts');
		try {
			// Node has no mkfifo; coreutils' (or BSD's) mkfifo is everywhere node-pty runs.
			const made = spawnSync('mkfifo', ['-m', '600', this.fifo], { encoding: 'utf8' });
			if (made.status !== 0) {
				throw new Error(`mkfifo failed: ${made.error?.message ?? made.stderr.trim()}`);
			}
			this.fd = fs.openSync(this.fifo, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
		} catch (error) {
			this.dispose();
			throw error;
		}
	}

	/** Writes one verdict line (formatVerdict); a line below PIPE_BUF is written whole. */
	write(line: string): void {
		if (this.fd === undefined) {
			throw new Error('the verdict channel is closed');
		}
		fs.writeSync(this.fd, line);
	}

	dispose(): void {
		if (this.fd !== undefined) {
			fs.closeSync(this.fd);
			this.fd = undefined;
		}
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

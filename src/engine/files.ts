/**
 * Reading a file a command line names (`psql -f x.sql`, `curl -d @body.json`, `bash script.sh`) so
 * the engine can judge what it holds. The check runs before the command, on every line a person or an
 * agent types, so the read must never wait and never take more than a small file: a FIFO with no
 * writer, a terminal or a socket would block it, `/dev/zero` or `/proc/self/pagemap` (a "regular"
 * file of size 0 that never ends) would feed it without end. Pure Node `fs`: the CLI, the agent hooks
 * and the editor use this one reader.
 */
import * as fs from 'fs';

/** Read in pieces of this size, so a small file costs a small buffer. */
const CHUNK = 64 * 1024;

/**
 * The text of `absolutePath` when it is a regular file of at most `maxBytes` bytes; undefined when
 * it is missing, unreadable, not a regular file (FIFO, socket, device, directory) or longer. Never
 * throws and never blocks: the file is opened non-blocking, the open descriptor (not the path, which
 * could be swapped between a check and the open) must be a regular file, and at most `maxBytes + 1`
 * bytes are read — a size of 0 in `stat` does not mean the file ends.
 */
export function readRegularFile(absolutePath: string, maxBytes: number): string | undefined {
	let fd: number | undefined;
	try {
		// A cheap first look, so that devices are not even opened (opening some has effects).
		if (!fs.statSync(absolutePath).isFile()) {
			return undefined;
		}
		// O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting for one.
		// O_NOCTTY: a terminal never becomes this process's controlling terminal. (0 where absent: Windows.)
		fd = fs.openSync(absolutePath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0));
		const stat = fs.fstatSync(fd);
		if (!stat.isFile() || stat.size > maxBytes) {
			return undefined;
		}
		const chunks: Buffer[] = [];
		let total = 0;
		while (total <= maxBytes) {
			const chunk = Buffer.alloc(Math.min(CHUNK, maxBytes + 1 - total));
			const read = fs.readSync(fd, chunk, 0, chunk.length, null);
			if (read === 0) {
				break;
			}
			chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
			total += read;
		}
		return total > maxBytes ? undefined : Buffer.concat(chunks, total).toString('utf8');
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) {
			try {
				fs.closeSync(fd);
			} catch {
				// Nothing left to do: the descriptor is gone either way.
			}
		}
	}
}

/**
 * Where the suite's report goes. VS Code's extension host forwards console output to the window
 * and does not let it be re-assigned, and code-server shows none of it on its own output. So mocha
 * prints through `Base.consoleLog` (which its reporters call), and when the harness names a file in
 * TG_TEST_REPORT every line is also appended there; the harness prints that file as it grows.
 */
import * as fs from 'fs';
import Mocha from 'mocha';
import * as util from 'util';

type Log = (...args: unknown[]) => void;
const base = Mocha.reporters.Base as unknown as { consoleLog: Log };

/** Sends mocha's report (and `print`) to `file` as well as the console; returns the undo. */
export function reportTo(file: string | undefined): () => void {
	if (!file) {
		return () => undefined;
	}
	const fd = fs.openSync(file, 'a');
	const original = base.consoleLog;
	base.consoleLog = (...args: unknown[]) => {
		try {
			fs.writeSync(fd, util.format(...args) + '\n');
		} catch {
			// The file is a copy; the console still gets the line.
		}
		original(...args);
	};
	return () => {
		base.consoleLog = original;
		fs.closeSync(fd);
	};
}

/** Prints a line into the test report (e.g. which VS Code the suite runs in). */
export function print(...args: unknown[]): void {
	base.consoleLog(...args);
}

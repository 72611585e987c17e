// Following a mocha report as it is written, and summing it up.
'use strict';
const fs = require('fs');
const { setInterval, clearInterval } = require('timers');

/** Prints what is appended to `file` every `intervalMs`; returns a function that prints the rest and stops. */
function follow(file, write = (text) => process.stdout.write(text), intervalMs = 200) {
	let offset = 0;
	const flush = () => {
		let size;
		try {
			size = fs.statSync(file).size;
		} catch {
			return;
		}
		if (size <= offset) {
			return;
		}
		const fd = fs.openSync(file, 'r');
		try {
			const buffer = Buffer.alloc(size - offset);
			fs.readSync(fd, buffer, 0, buffer.length, offset);
			offset = size;
			write(buffer.toString('utf8'));
		} finally {
			fs.closeSync(fd);
		}
	};
	const timer = setInterval(flush, intervalMs);
	return () => {
		clearInterval(timer);
		flush();
	};
}

/** Mocha's closing counts ("12 passing", "1 failing", "2 pending"), or undefined if it never finished. */
function mochaCounts(text) {
	// eslint-disable-next-line no-control-regex
	const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
	const count = (word) => {
		const matches = [...plain.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))];
		return matches.length ? Number(matches[matches.length - 1][1]) : 0;
	};
	if (!/^\s*\d+ passing\b/m.test(plain)) {
		return undefined;
	}
	return { passed: count('passing'), failed: count('failing'), pending: count('pending') };
}

module.exports = { follow, mochaCounts };

// pyenv's rehash (run by `eval "$(pyenv init -)"` in ~/.bashrc) takes a lock file, $PYENV_ROOT/shims/.pyenv-shim,
// and removes it on exit. A bash killed while it starts can leave the lock behind (1 in 30 here, with the SIGHUP a
// closed terminal sends, in VS Code's own terminals as in ours); from then on every interactive bash waits 60 s for
// it, and every shell test after that fails ("shell integration never started"). A rehash holds the lock for well
// under a second, so one older than STALE_MS is stale: the test runs remove it, now and while they run.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { setInterval } = require('timers');

const STALE_MS = 10000;
const CHECK_MS = 2000;

function lockPath() {
	const root = process.env.PYENV_ROOT || path.join(os.homedir(), '.pyenv');
	return path.join(root, 'shims', '.pyenv-shim');
}

/** Removes a stale pyenv rehash lock; says so on stderr (a test run's log shows it happened). */
function removeStalePyenvLock(now = Date.now()) {
	const file = lockPath();
	try {
		const age = now - fs.statSync(file).mtimeMs;
		if (age > STALE_MS && fs.statSync(file).size === 0) {
			fs.rmSync(file, { force: true });
			process.stderr.write(`(removed a stale pyenv rehash lock, ${Math.round(age / 1000)} s old: ${file})\n`);
			return true;
		}
	} catch {
		// no lock, or no pyenv
	}
	return false;
}

/** Checks now and every few seconds while this process runs. */
function watchStalePyenvLock() {
	removeStalePyenvLock();
	setInterval(removeStalePyenvLock, CHECK_MS).unref();
}

module.exports = { STALE_MS, lockPath, removeStalePyenvLock, watchStalePyenvLock };

// Process helpers for the editor harness: bounded commands, cleanup on Ctrl-C, and stopping what
// we started by its own process id (never by name: others run things on this machine).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { setTimeout: sleep } = require('timers/promises');

class HarnessError extends Error {}

/** Milliseconds since `start`, as seconds with one decimal, for the duration lines we print. */
function seconds(start) {
	return `${((Date.now() - start) / 1000).toFixed(1)}s`;
}

/** The absolute path of `name` on PATH, or undefined. */
function which(name) {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const candidate = path.join(dir, name);
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
			if (fs.statSync(candidate).isFile()) {
				return candidate;
			}
		} catch {
			// not here
		}
	}
	return undefined;
}

/**
 * Sends `signal` to the process group led by `pid` (we start children with `detached: true`, so
 * the group is exactly the child and what it spawned), falling back to the process alone.
 */
function signalTree(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		try {
			process.kill(pid, signal);
			return true;
		} catch {
			return false;
		}
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Stops a child we started: SIGTERM to its group, then SIGKILL if it is still there after `graceMs`. */
async function stopProcess(child, graceMs = 5000) {
	const pid = child.pid;
	if (pid === undefined || child.exitCode !== null || child.signalCode !== null) {
		return;
	}
	const exited = new Promise((resolve) => child.once('exit', resolve));
	signalTree(pid, 'SIGTERM');
	const deadline = sleep(graceMs).then(() => 'timeout');
	if ((await Promise.race([exited, deadline])) === 'timeout') {
		signalTree(pid, 'SIGKILL');
		await Promise.race([exited, sleep(2000)]);
	}
}

/**
 * Runs a command to completion with a time limit. Output goes to `logFile` (appended) and, when it
 * fails, the last lines are put in the error so the reason is visible without opening the log.
 */
function run(command, args, { cwd, env, timeoutMs, logFile, label }) {
	return new Promise((resolve, reject) => {
		const start = Date.now();
		const log = logFile ? fs.openSync(logFile, 'a') : undefined;
		if (log !== undefined) {
			fs.writeSync(log, `\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
		}
		let tail = '';
		const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		const collect = (chunk) => {
			if (log !== undefined) {
				fs.writeSync(log, chunk);
			}
			tail = (tail + chunk.toString()).slice(-4000);
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		const forget = onInterrupt(() => signalTree(child.pid, 'SIGKILL'));
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			signalTree(child.pid, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			forget();
			reject(new HarnessError(`${label}: could not start ${command}: ${error.message}`));
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			forget();
			if (log !== undefined) {
				fs.closeSync(log);
			}
			if (timedOut) {
				reject(new HarnessError(`${label}: no result after ${timeoutMs / 1000}s (stopped). Last output:\n${lastLines(tail)}`));
			} else if (code !== 0) {
				reject(new HarnessError(`${label}: ${command} ${args.join(' ')} exited with ${code ?? signal}. Last output:\n${lastLines(tail)}`));
			} else {
				resolve({ output: tail, seconds: seconds(start) });
			}
		});
	});
}

function lastLines(text, count = 25) {
	return text.trimEnd().split('\n').slice(-count).map((l) => `    ${l}`).join('\n');
}

const cleanups = new Set();
let interrupted = false;
let handlersInstalled = false;
let interruptExitCode = 130;

/** `npm start` treats Ctrl-C as the normal way to stop (exit 0); test runs keep 130. */
function setInterruptExitCode(code) {
	interruptExitCode = code;
}

/**
 * Registers `cleanup` to run if this process is interrupted (Ctrl-C, SIGTERM, SIGHUP), so the
 * servers it started in their own process groups never outlive it. Returns the unregister function.
 */
function onInterrupt(cleanup) {
	if (!handlersInstalled) {
		handlersInstalled = true;
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
			process.on(signal, () => interrupt(signal));
		}
	}
	cleanups.add(cleanup);
	return () => cleanups.delete(cleanup);
}

function interrupt(signal) {
	if (interrupted) {
		return;
	}
	interrupted = true;
	console.error(`\n${signal}: stopping what this run started…`);
	const all = Promise.allSettled([...cleanups].map((c) => c()));
	void Promise.race([all, sleep(15000)]).then(() => {
		console.error('stopped.');
		process.exit(interruptExitCode);
	});
}

/** Runs `main`, printing a HarnessError as one clear message (no stack) and exiting non-zero. */
function runMain(main) {
	main().then(
		(code) => process.exit(code ?? 0),
		(error) => {
			if (error instanceof HarnessError) {
				console.error(`\n✗ ${error.message}`);
			} else {
				console.error(error);
			}
			process.exit(1);
		},
	);
}

module.exports = { HarnessError, onInterrupt, setInterruptExitCode, seconds, which, signalTree, isAlive, stopProcess, run, runMain, lastLines, sleep };

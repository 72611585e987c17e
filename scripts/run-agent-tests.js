// Runs the real agent CLIs (pinned in devDependencies) against the scripted model server, with
// Terminal Guard's hook installed by its own installer and no editor running: test/agents/*.test.ts,
// bundled to out-agents/ and run with node's test runner. `node scripts/run-agent-tests.js codex`
// runs only the files whose name contains "codex".
'use strict';
const { spawn, spawnSync } = require('child_process');
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const from = path.join(root, 'test', 'agents');
const out = path.join(root, 'out-agents');

async function main() {
	// The hook runs the bundled CLI (dist/cli.js), so build it first.
	const build = spawnSync(process.execPath, ['esbuild.config.js'], { cwd: root, stdio: 'inherit' });
	if (build.status !== 0) {
		process.exit(build.status ?? 1);
	}
	const filter = process.argv[2];
	const entries = fs.readdirSync(from).filter((f) => f.endsWith('.test.ts') && (!filter || f.includes(filter))).sort();
	if (entries.length === 0) {
		console.error(`No agent test files${filter ? ` matching "${filter}"` : ''} in test/agents.`);
		process.exit(1);
	}
	fs.rmSync(out, { recursive: true, force: true });
	await esbuild.build({
		entryPoints: entries.map((f) => path.join(from, f)),
		outdir: out,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		sourcemap: 'inline',
		alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
		logLevel: 'warning',
	});
	const files = entries.map((f) => path.join(out, f.replace(/\.ts$/, '.js')));
	// Its own process group, so a watchdog (and Ctrl-C) can stop every agent the tests started.
	const child = spawn(process.execPath, ['--test', '--test-reporter=spec', ...files], { cwd: root, stdio: 'inherit', detached: true });
	const stopAll = () => {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			child.kill('SIGKILL');
		}
	};
	const limitMs = Number(process.env.TG_AGENT_TESTS_TIMEOUT_MS ?? 15 * 60 * 1000);
	const watchdog = setTimeout(() => {
		console.error(`\nThe agent tests did not finish within ${limitMs / 60000} minutes; stopping them. This run FAILED.`);
		stopAll();
		process.exit(1);
	}, limitMs);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			stopAll();
			process.exit(1);
		});
	}
	child.on('exit', (code) => {
		clearTimeout(watchdog);
		process.exit(code ?? 1);
	});
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

/**
 * The bundles as they ship in the .vsix (minified: `esbuild.config.js --production`), built into
 * dist/bench/production/ for the benchmarks that start them as processes (the hook, the gate helper):
 * what people run, not the development build with its comments, which is twice the size to read and compile.
 * `bin/` beside `dist/` there, as in the repository, so bin/terminal-guard finds its bundles the same way.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface ProductionBuild {
	/** bin/terminal-guard beside the production dist/. */
	readonly bin: string;
	/** The production dist/ folder (cli.js, hook.js, gate.js, hook-engine.js). */
	readonly dist: string;
}

export function productionBuild(root: string): ProductionBuild {
	const base = path.join(root, 'dist', 'bench', 'production');
	const dist = path.join(base, 'dist');
	const built = spawnSync(process.execPath, [path.join(root, 'esbuild.config.js'), '--production', `--outdir=${dist}`], { cwd: root, stdio: 'inherit' });
	if (built.status !== 0) {
		throw new Error(`the production build for the benchmark failed (exit ${built.status})`);
	}
	const bin = path.join(base, 'bin', 'terminal-guard');
	fs.mkdirSync(path.dirname(bin), { recursive: true });
	fs.copyFileSync(path.join(root, 'bin', 'terminal-guard'), bin);
	fs.chmodSync(bin, 0o755);
	// As shipped: the package scope that spares Node reading a manifest (esbuild.config.js writes dist/'s).
	fs.copyFileSync(path.join(root, 'bin', 'package.json'), path.join(path.dirname(bin), 'package.json'));
	return { bin, dist };
}

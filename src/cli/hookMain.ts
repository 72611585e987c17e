/**
 * dist/hook.js: `terminal-guard hook <agent>` for agents, a process per command. Reads the agent's
 * input, asks the editor over the bridge and answers; only when no editor answers (or for a file
 * edit) does it require the engine (dist/hook-engine.js, beside it). No node-pty, no terminal or UI
 * code, no engine here: test/unit/cli/leanHook.test.ts checks the built bundle's inputs.
 *
 * bin/terminal-guard and the installed shim (src/agents/install/shim.ts) run `hook` here.
 */
import * as os from 'os';
import * as path from 'path';
import { failHook, hookCommand, installHookCrashHandlers } from './hook';
import type { LocalJudging } from './localJudging';

/**
 * Where the engine bundle is: beside this file, nowhere else (no variable can point the hook at
 * other code; the tests copy hook.js next to a missing or broken engine instead).
 */
function enginePath(): string {
	return path.join(__dirname, 'hook-engine.js');
}

/** Compiled engine code, per user (src/cli/codeCache.ts says why it can be trusted). */
export function codeCacheDir(home = os.homedir()): string {
	return path.join(home, '.terminal-guard', 'cache');
}

let engine: LocalJudging | undefined;
let engineFrom: 'cache' | 'source' | undefined;

/** How this process compiled the engine (undefined: not loaded); for the tests and the bench. */
export function engineCompiledFrom(): 'cache' | 'source' | undefined {
	return engineFrom;
}

/**
 * The engine, loaded at the first need, from V8's code cache when a valid one is there (written
 * after the first verdict of a run that had none). A bundle that is missing or throws makes the hook deny.
 */
export function loadLocal(): LocalJudging {
	if (!engine) {
		// Required here, not at the top: they load Node's `v8`, `vm` and `crypto`, which a hook the
		// editor answers never needs (esbuild keeps a require() of a bundled module lazy).
		const { useBaselineWasmCompiler } = require('./wasmTiers') as typeof import('./wasmTiers');
		const { requireWithCodeCache } = require('./codeCache') as typeof import('./codeCache');
		// Before anything compiles: the same V8 flags when the code cache is written and when it is read.
		useBaselineWasmCompiler();
		const load = requireWithCodeCache(enginePath(), codeCacheDir());
		engineFrom = load.from;
		const loaded = (load.exports as { localJudging?: LocalJudging }).localJudging;
		if (!loaded || typeof loaded.verdict !== 'function' || typeof loaded.editVerdict !== 'function' || typeof loaded.describeEdit !== 'function') {
			throw new Error(`${enginePath()} is not Terminal Guard's engine`);
		}
		engine = {
			verdict: async (line, cwd) => {
				const verdict = await loaded.verdict(line, cwd);
				load.save();
				return verdict;
			},
			editVerdict: (edit, cwd) => loaded.editVerdict(edit, cwd),
			describeEdit: (edit, cwd) => loaded.describeEdit(edit, cwd),
		};
	}
	return engine;
}

export function run(argv: readonly string[] = process.argv.slice(2)): void {
	const agent = argv[1];
	installHookCrashHandlers(agent);
	if (argv[0] !== 'hook') {
		failHook(agent, new Error(`hook.js runs only "hook", not ${JSON.stringify(argv[0] ?? '')}`));
		return;
	}
	hookCommand(argv.slice(1), loadLocal).then(
		(code) => {
			process.exitCode = code;
		},
		(error: unknown) => failHook(agent, error),
	);
}

if (require.main === module) {
	run();
}

/**
 * dist/hook.js: `terminal-guard hook <agent>` for agents, a process per command. Reads the agent's
 * input, asks the editor over the bridge and answers; only when no editor answers (or for a file
 * edit) does it require the engine (dist/hook-engine.js, beside it). No node-pty, no terminal or UI
 * code, no engine here: test/unit/cli/leanHook.test.ts checks the built bundle's inputs.
 *
 * bin/terminal-guard and the installed shim (src/agents/install/shim.ts) run `hook` here.
 */
import * as path from 'path';
import type { ShellHint } from '../engine/shells';
import type { Verdict } from '../engine/types';
import { readRecords } from '../bridge/discovery';
import { codeCacheDir } from './cacheDir';
import { failHook, hookCommand, installHookCrashHandlers, replyWrittenInFull } from './hook';
import { askLocalEngine, localEngineDir, startLocalEngine } from './localEngine';
import type { LocalJudging } from './localJudging';

/**
 * Where the engine bundle is: beside this file, nowhere else (no variable can point the hook at
 * other code; the tests copy hook.js next to a missing or broken engine instead).
 */
function enginePath(): string {
	return path.join(__dirname, 'hook-engine.js');
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
/** The engine bundle's exports, from the code cache when it can (and `save` to write it). */
function loadEngineBundle(): { exports: Record<string, unknown>; save(): void } {
	// Required here, not at the top: they load Node's `v8`, `vm` and `crypto`, which a hook the
	// editor answers never needs (esbuild keeps a require() of a bundled module lazy).
	const { useBaselineWasmCompiler } = require('./wasmTiers') as typeof import('./wasmTiers');
	const { requireWithCodeCache } = require('./codeCache') as typeof import('./codeCache');
	// Before anything compiles: the same V8 flags when the code cache is written and when it is read.
	useBaselineWasmCompiler();
	const load = requireWithCodeCache(enginePath(), codeCacheDir());
	engineFrom = load.from;
	return { exports: load.exports as Record<string, unknown>, save: () => load.save() };
}

export function loadLocal(): LocalJudging {
	if (!engine) {
		const load = loadEngineBundle();
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

/**
 * A command's verdict with no editor to ask: from the local engine process when one answers in time
 * (localEngine.ts), else from the engine loaded here — and then one is started for the next hooks.
 */
export async function verdictWithoutEditor(line: string, cwd: string, shell?: ShellHint): Promise<Verdict> {
	// The local engine judges only for the HOME it runs with (the personal rules come from there).
	const dir = process.env.HOME ? localEngineDir(enginePath()) : undefined;
	const answered = dir ? await askLocalEngine(dir, line, cwd, shell) : undefined;
	if (answered) {
		return answered;
	}
	const verdict = await loadLocal().verdict(line, cwd, shell);
	// One running that did not answer (busy, broken) is not joined by another.
	if (dir && readRecords(dir).windows.length === 0) {
		startLocalEngine(dir, __filename);
	}
	return verdict;
}

/** `hook.js local-engine DIR`: the local engine process (localEngineServer.ts), started by startLocalEngine. */
function runLocalEngine(dir: string | undefined): void {
	if (!dir || !path.isAbsolute(dir)) {
		process.stderr.write('terminal-guard local-engine: needs the absolute folder to serve in\n');
		process.exitCode = 64;
		return;
	}
	const serve = loadEngineBundle().exports.serveLocalEngine as ((dir: string) => Promise<void>) | undefined;
	if (typeof serve !== 'function') {
		process.exitCode = 70;
		return;
	}
	serve(dir).catch((error: unknown) => {
		process.stderr.write(`terminal-guard local-engine: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(70);
	});
}

export function run(argv: readonly string[] = process.argv.slice(2)): void {
	if (argv[0] === 'local-engine') {
		runLocalEngine(argv[1]);
		return;
	}
	const agent = argv[1];
	installHookCrashHandlers(agent);
	if (argv[0] !== 'hook') {
		failHook(agent, new Error(`hook.js runs only "hook", not ${JSON.stringify(argv[0] ?? '')}`));
		return;
	}
	hookCommand(argv.slice(1), loadLocal, verdictWithoutEditor).then(
		(code) => {
			process.exitCode = code;
			if (replyWrittenInFull()) {
				// The agent has the whole reply (synchronous writes) and nothing else is owed: end now, instead of
				// Node first tearing down the environment and the V8 heap (docs/decisions.md, "Speed, the hook's
				// exit"). 'exit' listeners still run (hook-entry.js writes hook.js's code cache in one).
				process.exit(code);
			}
		},
		(error: unknown) => failHook(agent, error),
	);
}

if (require.main === module) {
	run();
}

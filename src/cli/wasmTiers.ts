/**
 * The parser's WASM in a short-lived process: V8's baseline compiler (Liftoff) only.
 *
 * Node 20 compiles WASM lazily and tiers hot functions up to TurboFan in the background. For
 * tree-sitter-bash's 1.36 MB grammar the lexer is hot at once, and the process then waits at exit for
 * that optimizing compile: measured here, a hook that judged one line in ~50 ms of work exited after
 * ~0.4 s. With `--liftoff-only` it exits as soon as the work is done. The flag only changes how fast
 * the same code runs, never what it computes (the corpus test runs every line through both).
 *
 * Call it before the grammar is first compiled (src/engine/shell/parse.ts initParser) and only in a
 * process of our own (the CLI's hook and check): never in the extension host, which other extensions share.
 * It is set inside the process, not through NODE_OPTIONS, so no child process inherits it.
 */
import * as v8 from 'v8';

let set = false;

export function useBaselineWasmCompiler(): void {
	if (!set) {
		set = true;
		v8.setFlagsFromString('--liftoff-only');
	}
}

/**
 * A CommonJS file compiled by `vm.Script`, from V8's code cache when one is given, then run as `require`
 * would run it (its own `require`, `module`, `__filename`, `__dirname`). Shared by codeCache.ts (the engine)
 * and hookEntry.ts (the hook), which differ in how they find and trust a cache.
 *
 * Node's Module class is taken from this bundle's own `module` object, not from `require('module')`:
 * on Node 20 that public module also loads the ES module loader and the source-map support, ~1.3 ms
 * of a hook the editor answers (measured against a file that requires nothing; docs/decisions.md).
 */
import type * as NodeModule from 'module';
import * as path from 'path';
import * as vm from 'vm';

export interface CompiledModule {
	readonly exports: unknown;
	readonly script: vm.Script;
	/** True when V8 took the code from the cache it was given. */
	readonly fromCache: boolean;
}

/** Node's own wrapper (Module.wrap), so a cache made by either compiles the same source text. */
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'] as const;

type ModuleClass = typeof NodeModule;

function moduleClass(): ModuleClass {
	const own = (typeof module === 'object' && module !== null ? (module as { constructor?: unknown }).constructor : undefined) as Partial<ModuleClass> | undefined;
	return typeof own?.createRequire === 'function' ? (own as ModuleClass) : (require('module') as ModuleClass);
}

export function runCompiled(file: string, source: string, cached: Buffer | undefined): CompiledModule {
	const script = new vm.Script(WRAPPER[0] + source + WRAPPER[1], { filename: file, ...(cached ? { cachedData: cached } : {}) });
	const fromCache = cached !== undefined && script.cachedDataRejected === false;
	const module = { exports: {} as unknown, filename: file, id: file, loaded: false };
	const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
	run.call(module.exports, module.exports, moduleClass().createRequire(file), module, file, path.dirname(file));
	module.loaded = true;
	return { exports: module.exports, script, fromCache };
}

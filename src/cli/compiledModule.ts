/**
 * A CommonJS file compiled by `vm.Script`, from V8's code cache when one is given, then run as `require`
 * would run it (its own `require`, `module`, `__filename`, `__dirname`). Shared by codeCache.ts (the engine)
 * and hookEntry.ts (the hook), which differ in how they find and trust a cache.
 */
import Module = require('module');
import * as path from 'path';
import * as vm from 'vm';

export interface CompiledModule {
	readonly exports: unknown;
	readonly script: vm.Script;
	/** True when V8 took the code from the cache it was given. */
	readonly fromCache: boolean;
}

export function runCompiled(file: string, source: string, cached: Buffer | undefined): CompiledModule {
	const script = new vm.Script(Module.wrap(source), { filename: file, ...(cached ? { cachedData: cached } : {}) });
	const fromCache = cached !== undefined && script.cachedDataRejected === false;
	const module = { exports: {} as unknown, filename: file, id: file, loaded: false };
	const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
	run.call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file));
	module.loaded = true;
	return { exports: module.exports, script, fromCache };
}

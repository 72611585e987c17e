/**
 * otherTools.ts, required at the first call and not before: in the lean hook bundle it is a bundle of
 * its own (dist/hook-tools.js, esbuild.config.js), elsewhere an ordinary module.
 */
let tools: typeof import('./otherTools') | undefined;

export function otherTools(): typeof import('./otherTools') {
	tools ??= require('./otherTools') as typeof import('./otherTools');
	return tools;
}

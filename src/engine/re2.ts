/**
 * re2js, loaded on first use. Its module code builds Unicode tables (about 2 ms of every process that
 * loads the engine, such as an agent's hook without an editor), and only user rules, team policy
 * globs and `${x/pattern/…}` expansions need it.
 */
import type { RE2JS } from 're2js';

let loaded: typeof RE2JS | undefined;

export function re2(): typeof RE2JS {
	// A require here (not an import) is what makes the load lazy.
	loaded ??= (require('re2js') as typeof import('re2js')).RE2JS;
	return loaded;
}

/** Where the hook keeps V8's compiled code (the engine's, codeCache.ts; hook.js's, hookEntry.ts): per user, private. */
import * as path from 'path';
import { userHome } from '../bridge/discovery';

export function codeCacheDir(home = userHome()): string {
	return path.join(home, '.terminal-guard', 'cache');
}

/** Links a line makes (`ln -s /srv/data /tmp/l`) and the paths that lead through them later in the same line. */
import * as path from 'path';
import { parseArgs } from '../shell/argv';
import type { RuleContext } from './rule';

/**
 * The file a path leads to through a link made earlier in the line (`ln [-s] TARGET LINK`, `link TARGET LINK`,
 * `cp -l`/`cp -s`), as written and absolute (`exact`: the path is the link itself); undefined when no earlier
 * command made one there.
 */
export function linkedFile(absolute: string, rc: RuleContext): { text: string; absolute: string; exact: boolean } | undefined {
	for (const prev of rc.preceding) {
		const linking = prev.name === 'ln' || prev.name === 'link' || (prev.name === 'cp' && prev.argv.some((w) => /^-[a-zA-Z]*[ls]|^--(?:link|symbolic-link)$/.test(w.text)));
		if (prev.remote || !linking) {
			continue;
		}
		const positionals = parseArgs(prev.argv.slice(1), { withValue: ['-t', '--target-directory', '-S', '--suffix'] }).positionals;
		if (positionals.length === 0) {
			continue;
		}
		const target = positionals[0];
		const name = positionals.length >= 2 ? positionals[positionals.length - 1].text : path.basename(target.text);
		const at = rc.resolve(name, prev);
		if (at === undefined || (absolute !== at && !absolute.startsWith(`${at}/`))) {
			continue;
		}
		const rest = absolute.slice(at.length);
		const to = rc.resolve(target.text, prev);
		return to === undefined ? undefined : { text: `${target.text}${rest}`, absolute: `${to}${rest}`, exact: rest === '' };
	}
	return undefined;
}

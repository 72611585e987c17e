/**
 * `protectedPaths` globs (user or workspace settings) matched in linear time. minimatch turns a glob
 * into a backtracking JavaScript regex: `*a*a*a*a*a*a*a*a*a*a*b` against a long path never finishes,
 * and a workspace can set that glob. So minimatch parses the glob (braces, classes, `**`, `?`) and
 * its regex source is run by RE2 (re2js) instead.
 *
 * RE2 has no lookahead. minimatch adds lookaheads only to keep `*` from matching `.`/`..` segments
 * (we match with `dot: true`) and for extglobs (turned off: `!(…)` needs a negative lookahead). Without
 * the dot lookaheads a glob can only match more paths, never fewer: stricter, which is the safe side
 * for a list of paths that need confirmation. Pure: no vscode, no fs.
 */
import { GLOBSTAR, Minimatch } from 'minimatch';
import type { RE2JS } from 're2js';
import { re2 } from './re2';

export interface ProtectedGlob {
	match(candidate: string): boolean;
}

/**
 * minimatch's guard against `.` and `..` segments (with `dot: true`), the only lookahead its segment
 * sources hold once extglobs are off.
 */
const DOT_SEGMENT_GUARD = String.raw`(?!(?:^|/)\.\.?(?:$|/))`;

const compiled = new Map<string, ProtectedGlob>();

/** The compiled glob (cached: compiling costs far more than matching, and a line may name thousands of paths). */
export function protectedGlob(glob: string): ProtectedGlob {
	let m = compiled.get(glob);
	if (!m) {
		if (compiled.size > 1024) {
			compiled.clear();
		}
		m = compile(glob);
		compiled.set(glob, m);
	}
	return m;
}

function compile(glob: string): ProtectedGlob {
	// A glob without a slash matches a file of that name anywhere (minimatch's matchBase).
	const baseOnly = !glob.includes('/');
	const mm = new Minimatch(glob, { dot: true, noext: true, nonegate: true, nocomment: true });
	// minimatch's own makeRe() drops the second of two globstars (`a/**/b/**/c`), so the regex is built
	// here from its parsed segments: one alternative per brace expansion.
	const source = mm.set.map(segmentsSource).join('|');
	let program: RE2JS;
	try {
		program = re2().compile(`^(?:${source})$`);
	} catch {
		// Something RE2 cannot run (no known glob produces it): only the glob's own text matches.
		return { match: (candidate) => candidate === glob };
	}
	return {
		match(candidate: string): boolean {
			let end = candidate.length;
			while (end > 1 && candidate.charCodeAt(end - 1) === 47 /* '/' */) {
				end--;
			}
			const trimmed = candidate.slice(0, end);
			return program.matches(baseOnly ? trimmed.slice(trimmed.lastIndexOf('/') + 1) : trimmed);
		},
	};
}

/** One brace alternative's segments as a regex: `**` is any number of folders, and at the end the folder itself too. */
function segmentsSource(segments: readonly ParsedSegment[]): string {
	let out = '';
	segments.forEach((segment, i) => {
		const afterGlobstar = i > 0 && segments[i - 1] === GLOBSTAR;
		if (segment === GLOBSTAR) {
			if (i === segments.length - 1) {
				out += i === 0 ? '.*' : '(?:/.*)?';
			} else {
				out += i === 0 ? '(?:[^/]*/)*' : '/(?:[^/]*/)*';
			}
			return;
		}
		const text = typeof segment === 'string' ? escapeRegex(segment) : (segment._src ?? segment.source).split(DOT_SEGMENT_GUARD).join('');
		out += (i === 0 || afterGlobstar ? '' : '/') + text;
	});
	return out;
}

type ParsedSegment = Minimatch['set'][number][number];

function escapeRegex(text: string): string {
	return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

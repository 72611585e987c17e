/**
 * URLs as HTTP clients read them, through the WHATWG `URL` parser (the one Node ships), never by
 * hand: case, percent-encoding, default ports, a trailing dot, userinfo, IPv6 and backslashes are
 * all resolved the way a client resolves them, so `https://BACKBOARD.railway.com./%67raphql/v2`,
 * `https://backboard.railway.com:443/graphql/v2` and `https://user@backboard.railway.com/graphql/v2`
 * are one endpoint. A scheme-less URL is read as curl, wget and HTTPie read it (`http://` in front).
 *
 * Shell expansions whose value is unknown (`$ID`, `$(…)`) are kept apart: each is replaced by a
 * placeholder before parsing and reported with where it sits (host, path, query key or value), so a
 * rule can tell `/projects/$ID/members` (an id) from `?$PARAMS` (anything).
 */

/** Where an unknown piece of a URL sits. `path-end`: in the last path segment, so it may add segments. */
export type UnknownWhere = 'host' | 'port' | 'path' | 'path-end' | 'query-key' | 'query-value';

export interface UnknownPiece {
	/** The expansion as written: `$ID`, `${ZONE}`, `$(cat id)`. */
	readonly text: string;
	readonly where: UnknownWhere;
	/** For `query-value`: the parameter's name. */
	readonly key?: string;
}

export interface Url {
	/** As written in the command. */
	readonly written: string;
	/**
	 * Lower-case host name without a trailing dot, IPv6 in brackets; '' when the URL names none (a bare
	 * path) or cannot be parsed. When `hostUnknown`, the host as written with its expansions.
	 */
	readonly host: string;
	/** The host contains an expansion: which machine it reaches is only known when it runs. */
	readonly hostUnknown: boolean;
	/** For an unknown host: its literal text before the first and after the last expansion (`$ENV.railway.com` → '', '.railway.com'). */
	readonly hostPrefix: string;
	readonly hostSuffix: string;
	/** The port, when written and not the scheme's default. */
	readonly port?: string;
	/** Path segments, percent-decoded, dot segments resolved: `/%67raphql/v2` → `graphql`, `v2`. */
	readonly segments: readonly string[];
	/** The same segments as they appear in the command (for targets a person types). */
	readonly shown: readonly string[];
	/** The decoded path, `/` joined, with a leading `/`. */
	readonly path: string;
	/** The query as sent (percent-encoding kept), without `?`. */
	readonly query: string;
	/** Query parameters, decoded (`+` is a space). */
	readonly params: readonly (readonly [string, string])[];
	/** Expansions whose value is unknown, in order. */
	readonly unknown: readonly UnknownPiece[];
	/** The text could not be read as a URL at all. */
	readonly invalid: boolean;
}

export interface UrlOptions {
	/** The word holds shell expansions (`Word.dynamic`): `$…` in it is not literal. */
	readonly dynamic?: boolean;
	/** Base for a relative reference (`gh api repos/o/r` → `https://api.github.com/`). */
	readonly base?: string;
	/** HTTPie's `:3000/path` and `:/path` for localhost. */
	readonly localhostShorthand?: boolean;
}

/** A shell expansion left in a word: `${…}`, `$(…)` (two levels of nesting), `$NAME`, `$1`, backticks. */
export const EXPANSION = /\$\{[^}]*\}|\$\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)|\$[A-Za-z_]\w*|\$[0-9@*#?!$-]|`[^`]*`/g;

const PLACEHOLDER = /zqtg(\d+)gtqz/g;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** Schemes WHATWG parses leniently (`https:host`, `https:\\host`): read them as the parser does. */
const SPECIAL = /^(?:https?|wss?|ftp):/i;

/** Parses a URL as an HTTP client would; never throws. */
export function parseUrl(written: string, options: UrlOptions = {}): Url {
	const pieces: string[] = [];
	let text = written.trim();
	// An expansion starts with `$` or a backtick: text with neither has none to set aside.
	if (options.dynamic && (text.includes('$') || text.includes('`'))) {
		text = text.replace(EXPANSION, (m) => `zqtg${pieces.push(m) - 1}gtqz`);
	}
	// Most text holds no placeholder: the `includes` checks skip a regex pass (and its iterator) per piece.
	const restore = (s: string) => (pieces.length === 0 || !s.includes('zqtg') ? s : s.replace(PLACEHOLDER, (_m, i: string) => pieces[Number(i)] ?? ''));
	let relative = false;
	let source: string;
	let base: string | undefined;
	if (SCHEME.test(text) || SPECIAL.test(text)) {
		source = text;
	} else if (options.base !== undefined && !/^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?(?:\/|$)/i.test(text)) {
		source = text.replace(/^\/+/, '');
		base = options.base;
	} else if (options.localhostShorthand && text.startsWith(':')) {
		source = `http://localhost${/^:\d/.test(text) ? text : text.slice(1)}`;
	} else if (text.startsWith('//')) {
		source = `http:${text}`;
	} else if (text.startsWith('/')) {
		// A bare path (`/v1/items`): no host.
		relative = true;
		source = `http://relative.invalid${text}`;
	} else {
		// curl, wget and HTTPie put `http://` in front of a URL written without a scheme.
		source = `http://${text}`;
	}
	let unknownPort: string | undefined;
	let url = tryUrl(source, base);
	if (!url && pieces.length > 0) {
		// `localhost:$PORT/x`: an unknown port, the rest readable.
		const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*:)(zqtg\d+gtqz)(?=[/?#]|$)/i.exec(source);
		if (m) {
			unknownPort = restore(m[2]);
			url = tryUrl(source.replace(m[0], `${m[1]}1`), base);
		}
	}
	if (!url) {
		return { written, host: '', hostUnknown: pieces.length > 0, hostPrefix: '', hostSuffix: '', segments: [], shown: [], path: '', query: '', params: [], unknown: pieces.map((p) => ({ text: p, where: 'host' })), invalid: true };
	}
	const unknown: UnknownPiece[] = [];
	const note = (s: string, where: UnknownWhere, key?: string) => {
		if (!s.includes('zqtg')) {
			return;
		}
		for (const m of s.matchAll(PLACEHOLDER)) {
			unknown.push({ text: pieces[Number(m[1])] ?? m[0], where, ...(key === undefined ? {} : { key }) });
		}
	};
	// Host: lower-case (the parser already did), one trailing dot dropped.
	const hostname = url.hostname;
	let host = relative ? '' : hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
	let hostPrefix = '';
	let hostSuffix = '';
	const hostUnknown = host.includes('zqtg') && /zqtg\d+gtqz/.test(host);
	if (hostUnknown) {
		note(host, 'host');
		hostPrefix = host.slice(0, host.search(/zqtg\d+gtqz/));
		hostSuffix = host.slice(host.lastIndexOf('gtqz') + 4);
		host = restore(host);
	}
	if (unknownPort !== undefined) {
		unknown.push({ text: unknownPort, where: 'port' });
	}
	// Path: decode each segment; an encoded `/` splits it as a server that decodes it would.
	const segments: string[] = [];
	const shown: string[] = [];
	const raw = url.pathname.split('/').filter((s) => s !== '');
	for (let i = 0; i < raw.length; i++) {
		const seg = raw[i];
		note(seg, i === raw.length - 1 ? 'path-end' : 'path');
		const decoded = restore(decode(seg));
		if (decoded !== '' && !decoded.includes('/')) {
			// The usual case, one segment: no split.
			segments.push(decoded);
			shown.push(asWritten(written, restore(seg), decoded));
			continue;
		}
		const parts = decoded.split('/').filter((s) => s !== '');
		for (const part of parts) {
			segments.push(part);
			shown.push(parts.length === 1 ? asWritten(written, restore(seg), part) : part);
		}
	}
	const search = url.search;
	const query = search.startsWith('?') ? search.slice(1) : search;
	const params: [string, string][] = [];
	for (const [key, value] of query === '' ? [] : new URLSearchParams(query)) {
		note(key, 'query-key');
		note(value, 'query-value', restore(key));
		params.push([restore(key), restore(value)]);
	}
	return {
		written, host, hostUnknown, hostPrefix, hostSuffix, port: url.port === '' ? undefined : url.port, segments, shown,
		path: `/${segments.join('/')}`, query: restore(query), params, unknown, invalid: false,
	};
}

function tryUrl(source: string, base?: string): URL | undefined {
	try {
		return new URL(source, base);
	} catch {
		return undefined;
	}
}

function decode(segment: string): string {
	if (!segment.includes('%')) {
		// Nothing to decode (decodeURIComponent only reads `%` escapes).
		return segment;
	}
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/** A segment as the command shows it: encoded or decoded, whichever the command contains. */
function asWritten(written: string, encoded: string, decoded: string): string {
	return written.includes(encoded) ? encoded : decoded;
}

/** The last path segment as written (what a DELETE removes); the host when there is no path. */
export function lastShown(url: Url): string {
	return url.shown[url.shown.length - 1] ?? (url.host || url.written);
}

/** The value of a query parameter (the first one of that name), decoded. */
export function param(url: Url, ...names: string[]): string | undefined {
	return url.params.find(([k]) => names.includes(k))?.[1];
}

/**
 * curl's URL globbing (off with `-g`): `{a,b}` sets and `[1-3]`, `[a-c]` ranges, as curl expands them,
 * up to `limit` URLs. `https://backboard.railway.co{m,}/…` reaches backboard.railway.com.
 */
export function expandCurlGlob(text: string, limit = 32): string[] {
	const parts: string[][] = [];
	let literal = '';
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '\\' && (text[i + 1] === '{' || text[i + 1] === '[' || text[i + 1] === '}' || text[i + 1] === ']')) {
			literal += text[++i];
			continue;
		}
		if (c === '{') {
			const close = text.indexOf('}', i);
			if (close > i) {
				parts.push([literal]);
				literal = '';
				parts.push(text.slice(i + 1, close).split(','));
				i = close;
				continue;
			}
		}
		if (c === '[') {
			const m = /^\[(?:(\d+)-(\d+)|([a-zA-Z])-([a-zA-Z]))(?::(\d+))?\]/.exec(text.slice(i));
			const range = m ? rangeOf(m) : undefined;
			if (m && range) {
				parts.push([literal]);
				literal = '';
				parts.push(range);
				i += m[0].length - 1;
				continue;
			}
		}
		literal += c;
	}
	parts.push([literal]);
	if (parts.every((p) => p.length === 1)) {
		return [parts.map((p) => p[0]).join('')];
	}
	let out = [''];
	for (const options of parts) {
		const next: string[] = [];
		for (const prefix of out) {
			for (const option of options) {
				if (next.length < limit) {
					next.push(prefix + option);
				}
			}
		}
		out = next;
	}
	return out;
}

function rangeOf(m: RegExpExecArray): string[] | undefined {
	const step = Math.max(1, Number(m[5] ?? 1));
	const out: string[] = [];
	if (m[1] !== undefined) {
		const [from, to] = [Number(m[1]), Number(m[2])];
		const width = m[1].startsWith('0') ? m[1].length : 0;
		for (let n = from; n <= to && out.length < 64; n += step) {
			out.push(String(n).padStart(width, '0'));
		}
	} else {
		const [from, to] = [m[3].charCodeAt(0), m[4].charCodeAt(0)];
		for (let n = from; n <= to && out.length < 64; n += step) {
			out.push(String.fromCharCode(n));
		}
	}
	return out.length > 0 ? out : undefined;
}

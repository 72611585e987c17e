/**
 * curl's command line as curl reads it: clustered short options (`-sSd@x`), `--opt=value`, the
 * config file (`-K`, read into the arguments in place), `--variable` and `--expand-*`, `--url-query`,
 * `--request-target`, URL globbing, `X-HTTP-Method-Override` and `_method`.
 */
import { hasOption, optionValue, parseArgs } from '../shell/argv';
import type { RuleContext } from '../rules/rule';
import type { Invocation, Word } from '../types';
import { substitutionInner, substitutionOutput } from './bodies';
import type { GraphqlRequest } from './graphql';
import { BodyCollector, dynamicIn, hasExpansion, METHOD_OVERRIDE, STDIN_FILES, type HttpRequest } from './request';
import { EXPANSION, expandCurlGlob, parseUrl, type Url } from './url';

const CURL_VALUE = [
	'-X', '--request', '-H', '--header', '-d', '--data', '--data-raw', '--data-binary', '--data-ascii', '--data-urlencode', '--json',
	'-F', '--form', '--form-string', '-o', '--output', '-u', '--user', '-A', '--user-agent', '-e', '--referer', '-b', '--cookie',
	'-c', '--cookie-jar', '-T', '--upload-file', '-x', '--proxy', '-m', '--max-time', '--connect-timeout', '-w', '--write-out',
	'-K', '--config', '-E', '--cert', '--key', '--cacert', '--capath', '-r', '--range', '-C', '--continue-at', '--retry',
	'--retry-delay', '--retry-max-time', '-Y', '--speed-limit', '-y', '--speed-time', '--limit-rate', '--max-filesize', '--resolve',
	'--connect-to', '--url', '-U', '--proxy-user', '--oauth2-bearer', '--aws-sigv4', '--unix-socket', '--abstract-unix-socket',
	'--interface', '--dns-servers', '-z', '--time-cond', '--local-port', '-P', '--ftp-port', '-Q', '--quote', '--variable', '--url-query',
	'-t', '--telnet-option', '--trace', '--trace-ascii', '--stderr', '-D', '--dump-header', '--noproxy', '--preproxy', '--proxy-header',
	'--request-target', '--max-redirs', '--output-dir', '--rate', '--etag-compare', '--etag-save', '--cert-type', '--key-type', '--pass',
	'--ciphers', '--netrc-file', '--mail-from', '--mail-rcpt', '--keepalive-time', '--expect100-timeout', '--parallel-max', '--proto',
	'--proto-redir', '--pinnedpubkey', '--sasl-authzid', '--service-name', '--socks4', '--socks4a', '--socks5', '--socks5-hostname',
	'--happy-eyeballs-timeout-ms', '--tls-max', '--tlsuser', '--tlspassword', '--engine', '--hostpubmd5', '--hostpubsha256', '--krb',
	'--delegation', '--ftp-method', '--ftp-account', '--login-options', '--ip-tos',
];
/** Any option taking a value may be written `--expand-NAME` to expand `{{variables}}` in it (curl 8.3). */
const CURL_WITH_VALUE = [...CURL_VALUE, ...CURL_VALUE.filter((o) => o.startsWith('--')).map((o) => `--expand-${o.slice(2)}`)];
const CURL_DATA: ReadonlySet<string> = new Set(['-d', '--data', '--data-ascii', '--data-binary', '--json']);
/** The same lists as Sets: every option word of a curl line is looked up in them, several times. */
const CURL_VALUE_SET: ReadonlySet<string> = new Set(CURL_VALUE);
const CURL_WITH_VALUE_SET: ReadonlySet<string> = new Set(CURL_WITH_VALUE);

/**
 * The long options curl has that this file reads by name. curl (7.x, Debian 12's 7.88 tried here) takes any
 * unambiguous prefix of a long option — `--data-b` is `--data-binary`, `--js` is `--json` — so a word
 * that is not one of them but starts exactly one of them is read as it. A prefix curl itself finds
 * ambiguous (it knows more options than this list) makes curl refuse to run: reading it as the one here
 * is then only stricter.
 */
const CURL_LONG: readonly string[] = [...new Set([...CURL_WITH_VALUE.filter((o) => o.startsWith('--')), '--get', '--globoff', '--head'])];
const CURL_LONG_SET: ReadonlySet<string> = new Set(CURL_LONG);

/** A long option's name with an abbreviation written out (`--data-b` → `--data-binary`); any other name as it is. */
function fullLongName(name: string): string {
	if (!name.startsWith('--') || name.length < 3 || CURL_LONG_SET.has(name)) {
		return name;
	}
	const candidates = CURL_LONG.filter((o) => o.startsWith(name));
	return candidates.length === 1 ? candidates[0] : name;
}

/** `word` with an abbreviated long option written out (`--data-b=x` → `--data-binary=x`). */
function fullLongOption(word: Word): Word {
	const t = word.text;
	const eq = t.indexOf('=');
	const name = eq > 0 ? t.slice(0, eq) : t;
	const full = fullLongName(name);
	return full === name ? word : { ...word, text: full + t.slice(name.length) };
}

/**
 * `-d @<(jq …)` reaches the engine as two words, `@` and `<(jq …)`; curl sees one. Join them back
 * (a word ending in `@` or `<` followed by a process substitution).
 */
function joinSubstitutions(args: readonly Word[]): Word[] {
	const out: Word[] = [];
	for (const w of args) {
		const previous = out[out.length - 1];
		if (previous && /[@<]$/.test(previous.text) && /^[<>]\(/.test(w.text)) {
			out[out.length - 1] = { text: previous.text + w.text, raw: previous.raw + w.raw, dynamic: true, glob: false };
		} else {
			out.push(w);
		}
	}
	return out;
}

/** The option at args[i] and its value: `-d x`, `-dx`, `--data=x`, `--data x`. */
function optionAt(args: readonly Word[], i: number): { name: string; value?: string; word: Word; consumed: number } {
	const t = args[i].text;
	if (t === '--') {
		return { name: t, word: args[i], consumed: args.length };
	}
	if (t.startsWith('--')) {
		const eq = t.indexOf('=');
		if (eq > 0) {
			return { name: t.slice(0, eq), value: t.slice(eq + 1), word: { ...args[i], text: t.slice(eq + 1) }, consumed: 0 };
		}
		return CURL_WITH_VALUE_SET.has(t) && i + 1 < args.length ? { name: t, value: args[i + 1].text, word: args[i + 1], consumed: 1 } : { name: t, word: args[i], consumed: 0 };
	}
	if (/^-[A-Za-z]/.test(t)) {
		// Short cluster: the first letter taking a value ends it (`-sSd@x`, `-XDELETE`).
		for (let j = 1; j < t.length; j++) {
			const flag = '-' + t[j];
			if (CURL_VALUE_SET.has(flag)) {
				const rest = t.slice(j + 1);
				if (rest) {
					return { name: flag, value: rest, word: { ...args[i], text: rest }, consumed: 0 };
				}
				return i + 1 < args.length ? { name: flag, value: args[i + 1].text, word: args[i + 1], consumed: 1 } : { name: flag, word: args[i], consumed: 0 };
			}
		}
	}
	return { name: t, word: args[i], consumed: 0 };
}

/** curl's config file format: `--data "x"`, `data = "x"`, `url: https://…`, one option a line. */
export function curlConfigArgs(text: string): Word[] {
	const out: Word[] = [];
	const word = (t: string): Word => ({ text: t, raw: t, dynamic: false, glob: false });
	for (const line of text.split(/\r?\n/)) {
		const l = line.trim();
		if (l === '' || l.startsWith('#')) {
			continue;
		}
		const m = /^(-{0,2}[A-Za-z0-9][\w-]*)(?:\s*[=:]\s*|\s+|$)([\s\S]*)$/.exec(l);
		if (!m) {
			continue;
		}
		const name = fullLongName(m[1].startsWith('-') ? m[1] : `--${m[1]}`);
		if (!CURL_WITH_VALUE_SET.has(name)) {
			out.push(word(name));
			continue;
		}
		const rest = m[2].trim();
		let value = '';
		if (rest.startsWith('"')) {
			for (let i = 1; i < rest.length && rest[i] !== '"'; i++) {
				if (rest[i] === '\\' && i + 1 < rest.length) {
					const next = rest[++i];
					value += ({ t: '\t', n: '\n', r: '\r', v: '\v' } as Record<string, string>)[next] ?? next;
				} else {
					value += rest[i];
				}
			}
		} else {
			value = rest.split(/\s+/)[0] ?? '';
		}
		out.push(word(name), word(value));
	}
	return out;
}

/** curl `--variable`: `name=content`, `name@file`, `%ENV`, `%ENV=default`. Unknown ones keep why. */
type CurlVariables = Map<string, { value?: string; what: string; why: string }>;

function curlVariable(spec: string, dynamic: boolean, body: BodyCollector, inv: Invocation, rc: RuleContext, vars: CurlVariables): void {
	const env = /^%(\w+)(?:=([\s\S]*))?$/.exec(spec);
	if (env) {
		const value = inv.env[env[1]] ?? rc.analysis.env?.[env[1]] ?? env[2];
		vars.set(env[1], { value, what: `the environment variable ${env[1]}`, why: 'it is not set in the command line' });
		return;
	}
	const m = /^([A-Za-z_]\w*)(?:\[[\d-]*\])?([=@])([\s\S]*)$/.exec(spec);
	if (!m) {
		return;
	}
	if (m[2] === '@') {
		const text = body.peek(m[3], `--variable ${spec}`);
		vars.set(m[1], {
			value: text, what: STDIN_FILES.has(m[3]) ? 'what arrives on standard input' : `the contents of ${m[3]}`,
			why: STDIN_FILES.has(m[3]) ? 'nothing in the line says what that is' : 'the file could not be read',
		});
	} else {
		vars.set(m[1], { value: dynamic && !/[A-Za-z0-9]/.test(m[3].replace(EXPANSION, '')) ? undefined : m[3], what: m[3], why: `${m[3]} is not set in the command line` });
	}
}

/** `{{name}}` and `{{name:trim:json:url:b64}}` in an `--expand-*` value; unknown ones become `${name}`. */
function expandCurl(value: string, vars: CurlVariables, unknown: { what: string; why: string }[]): string {
	return value.replace(/\{\{([A-Za-z_]\w*)((?::\w+)*)\}\}/g, (_whole, name: string, fns: string) => {
		const v = vars.get(name);
		if (v?.value === undefined) {
			unknown.push(v ? { what: `${v.what} (as {{${name}}})`, why: v.why } : { what: `{{${name}}}`, why: `no --variable sets ${name}` });
			return `\${${name}}`;
		}
		let out = v.value;
		for (const fn of fns.split(':').filter(Boolean)) {
			out = fn === 'trim' ? out.trim() : fn === 'json' ? JSON.stringify(out).slice(1, -1) : fn === 'url' ? encodeURIComponent(out) : fn === 'b64' ? Buffer.from(out).toString('base64') : out;
		}
		return out;
	});
}

/** Reads `-K FILE` (and the configs they name) into the argument list, in place. */
function withConfigs(args: readonly Word[], body: BodyCollector, depth = 0): readonly Word[] {
	// `-K`/`--config` (alone, in a cluster or as `--config=`; an abbreviation is written out before this) is
	// written with a `K` or as `--config…`: without either there is nothing to read in.
	if (!args.some((w) => w.text.includes('K') || w.text.startsWith('--config'))) {
		return args;
	}
	const out: Word[] = [];
	for (let i = 0; i < args.length; i++) {
		const { name, value, consumed } = optionAt(args, i);
		if ((name === '-K' || name === '--config') && value !== undefined) {
			const text = depth < 3 ? body.readText(value, `${name} ${value}`) : undefined;
			if (text === undefined) {
				const part = body.opaque[body.opaque.length - 1];
				if (part?.written === `${name} ${value}`) {
					body.opaque[body.opaque.length - 1] = { ...part, what: `a request configured by ${STDIN_FILES.has(value) ? 'what arrives on standard input' : value}`, request: true };
				}
			} else {
				out.push(...withConfigs(curlConfigArgs(text), body, depth + 1));
			}
			i += consumed;
			continue;
		}
		out.push(...args.slice(i, i + consumed + 1));
		i += consumed;
	}
	return out;
}

/** The request a curl invocation sends. */
export function curlRequest(inv: Invocation, rc: RuleContext): HttpRequest {
	const body = new BodyCollector(inv, rc);
	const args = withConfigs(joinSubstitutions(inv.argv.slice(1)).map(fullLongOption), body);
	const parsed = parseArgs(args, { withValue: CURL_WITH_VALUE_SET });
	const graphql: GraphqlRequest[] = [];
	const vars: CurlVariables = new Map();
	const urlWords: { text: string; dynamic: boolean }[] = parsed.positionals.map((w) => ({ text: w.text, dynamic: w.dynamic }));
	const query: string[] = [];
	let hasData = false;
	let get = hasOption(parsed, '-G', '--get');
	let variables: Record<string, unknown> | undefined;
	let methodWord: Word | undefined;
	let override: Word | undefined;
	// The options in order, read once: variables first (an --expand-* option may use one set after it), then the rest.
	const options: ReturnType<typeof optionAt>[] = [];
	for (let i = 0; i < args.length; i++) {
		const opt = optionAt(args, i);
		i += opt.consumed;
		options.push(opt);
		if (opt.name === '--variable' && opt.value !== undefined) {
			curlVariable(opt.value, opt.word.dynamic, body, inv, rc, vars);
		}
	}
	// Walk the words again in order so that dynamic words can be told apart.
	for (const opt of options) {
		let { name, value, word } = opt;
		if (value === undefined) {
			continue;
		}
		if (name.startsWith('--expand-')) {
			const unknown: { what: string; why: string }[] = [];
			value = expandCurl(value, vars, unknown);
			name = `--${name.slice('--expand-'.length)}`;
			// An unknown variable in the URL is an expansion like any other; elsewhere it is said once, here.
			word = { ...word, text: value, dynamic: word.dynamic || (unknown.length > 0 && name === '--url') };
			if (unknown.length > 0 && name !== '--url') {
				body.unknown(opt.value!, unknown[0].what, unknown[0].why);
			}
		}
		const dynamic = word.dynamic && hasExpansion(value);
		if (CURL_DATA.has(name)) {
			hasData = true;
			if (value.startsWith('@')) {
				body.read(value.slice(1), value);
			} else {
				body.text(value, dynamic);
			}
		} else if (name === '--data-raw' || name === '--form-string') {
			hasData = true;
			body.text(name === '--form-string' ? value.replace(/^[^=]*=/, '') : value, dynamic);
		} else if (name === '--data-urlencode' || name === '--url-query') {
			hasData ||= name === '--data-urlencode';
			const spec = name === '--url-query' ? value.replace(/^\+/, '') : value;
			const m = /^([^=@]*)([=@])?([\s\S]*)$/.exec(spec);
			const key = m?.[2] ? m[1] : '';
			const content = m?.[2] === '@' ? body.readText(m[3], value) : m?.[2] ? m[3] : spec;
			if (content === undefined) {
				continue;
			}
			if (dynamic) {
				body.shaping(key ? `${key}=${content}` : content, value);
			}
			if (name === '--url-query') {
				query.push(key ? `${encodeURIComponent(key)}=${encodeURIComponent(content)}` : content);
				if (key === 'query') {
					graphql.push({ query: content });
				}
			} else if (key === 'query') {
				graphql.push({ query: content });
			} else if (key === 'variables') {
				try {
					variables = JSON.parse(content) as Record<string, unknown>;
				} catch {
					// unreadable: the field name stands in for the target
				}
			} else {
				body.text(content);
			}
		} else if (name === '-F' || name === '--form') {
			hasData = true;
			const eq = value.indexOf('=');
			const content = value.slice(eq + 1);
			if (/^[@<]/.test(content)) {
				body.read(content.slice(1).replace(/;(?:type|filename|headers|encoder)=.*$/, ''), content);
			} else {
				body.text(content, dynamic);
			}
		} else if (name === '-T' || name === '--upload-file') {
			hasData = true;
			body.read(value === '.' ? '-' : value, `${name} ${value}`);
		} else if (name === '-X' || name === '--request') {
			methodWord = word;
		} else if ((name === '-H' || name === '--header') && METHOD_OVERRIDE.test(value)) {
			override = { ...word, text: METHOD_OVERRIDE.exec(value)![1] };
		} else if (name === '--url') {
			urlWords.push({ text: value, dynamic });
		}
	}
	body.finish();
	const requests = graphql.map((r) => (variables ? { ...r, variables } : r));
	let method = methodWord?.text.toUpperCase();
	if (hasOption(parsed, '-I', '--head')) {
		method ??= 'HEAD';
		get = true;
	}
	method ??= get ? 'GET' : hasData ? (hasOption(parsed, '-T', '--upload-file') ? 'PUT' : 'POST') : 'GET';
	const unknownMethod = [methodWord, override].find((w) => w && w.dynamic && hasExpansion(w.text));
	if (override && !unknownMethod) {
		method = override.text.trim().toUpperCase();
	}
	if (unknownMethod && mayBeDelete(unknownMethod.text)) {
		// `-X ${M:-DELETE}`, `-X DEL${X}ETE`: DELETE whenever the variable is unset or empty.
		method = 'DELETE';
	}
	for (const w of parsed.positionals) {
		// `curl $OPTS https://…`: a word that is only an expansion may hold options (`-X DELETE`, `-d @x`).
		if (w.dynamic && hasExpansion(w.text) && w.text.replace(EXPANSION, '').trim() === '' && substitutionInner(w.text.trim()) === undefined) {
			body.unknown(w.text, `a request with ${w.text} among its arguments`, `${w.text} is not set in the command line, and may hold options`);
			body.opaque[body.opaque.length - 1] = { ...body.opaque[body.opaque.length - 1], request: true };
		}
	}
	for (const u of urlWords) {
		// `curl "$(echo https://…)"`: a substitution whose output the line shows.
		const produced = u.dynamic && substitutionInner(u.text.trim()) !== undefined ? substitutionOutput(u.text, rc.analysis) : undefined;
		if (produced?.exact && produced.unknown.length === 0 && !produced.expands) {
			u.text = produced.texts.join('').trim();
			u.dynamic = false;
		}
	}
	const target = optionValue(parsed, '--request-target');
	if (target !== undefined) {
		// `--request-target /apps/x`: sent instead of the URL's own path and query.
		for (const u of urlWords) {
			const origin = /^(?:[a-z][a-z0-9+.-]*:\/\/)?[^/?#]*/i.exec(u.text)?.[0] ?? '';
			u.text = `${origin}${target.startsWith('/') ? '' : '/'}${target}`;
			u.dynamic ||= dynamicIn(inv, target);
		}
	}
	const globOff = hasOption(parsed, '-g', '--globoff');
	const urls = urlWords.flatMap((u) => {
		const texts = !globOff && /^(?:[a-z][a-z0-9+.-]*:\/\/)?[^/?#]*[{[]/i.test(u.text) && !/^(?:[a-z][a-z0-9+.-]*:\/\/)?\[[0-9a-f:.]+\]/i.test(u.text) ? expandCurlGlob(u.text) : [u.text];
		return texts.map((t) => {
			const withQuery = query.length > 0 ? `${t}${t.includes('?') ? '&' : '?'}${query.join('&')}` : t;
			return parseUrl(withQuery, { dynamic: u.dynamic || hasExpansion(withQuery) && query.some(hasExpansion) });
		});
	});
	return {
		tool: 'curl', method: overridden(method, urls, body.bodies), ...(unknownMethod ? { methodUnknown: unknownMethod.text } : {}), urls, bodies: body.bodies,
		opaque: body.opaque, graphql: requests, builtBy: body.builtBy,
	};
}

/** Rails, Laravel and others read `_method=DELETE` (in the query or a form body) as the method of a POST. */
function overridden(method: string, urls: readonly Url[], bodies: readonly string[]): string {
	if (method !== 'POST') {
		return method;
	}
	const fromUrl = urls.map((u) => u.params.find(([k]) => k === '_method')?.[1]).find((m) => m !== undefined);
	const fromBody = bodies.map((b) => /(?:^|&)_method=([A-Za-z]+)(?:&|$)/.exec(b.trim())?.[1]).find((m) => m !== undefined);
	const m = (fromUrl ?? fromBody)?.toUpperCase();
	return m && /^(?:DELETE|PUT|PATCH)$/.test(m) ? m : method;
}

/** A method only known when it runs that is DELETE when its variables are unset or empty (`${M:-DELETE}`, `DEL${X}ETE`). */
export function mayBeDelete(written: string): boolean {
	const defaults = written.replace(/\$\{[A-Za-z_]\w*:?[-=]([^}]*)\}/g, '$1');
	const empty = written.replace(EXPANSION, '');
	return [defaults, empty].some((t) => t.replace(/["']/g, '').trim().toUpperCase() === 'DELETE');
}

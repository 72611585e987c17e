/**
 * Reads the HTTP request a client command line will send — method, URLs, body — for curl, wget,
 * HTTPie/xh, `gh api` and PowerShell's Invoke-RestMethod. Bodies named by file (`-d @body.json`)
 * or stdin (`-d @-`) are read when the context allows; the rest are kept as written, as opaque.
 */
import { hasOption, optionValue, parseArgs } from '../shell/argv';
import type { GraphqlRequest } from '../http/graphql';
import type { Invocation, Word } from '../types';
import type { RuleContext } from './rule';

export interface HttpRequest {
	readonly tool: string;
	readonly method: string;
	readonly urls: readonly string[];
	/** Body texts that are known (inline, read from a file or stdin). */
	readonly bodies: readonly string[];
	/** Bodies that cannot be known before it runs, as written (`@$FILE`, `$BODY`, unreadable files). */
	readonly opaque: readonly string[];
	/** GraphQL requests assembled from fields (`gh api -f query=…`, HTTPie `query=…`). */
	readonly graphql: readonly GraphqlRequest[];
	/** GitHub's API host is implied (`gh api`). */
	readonly github?: boolean;
	/** Only prints the request (`http --offline`). */
	readonly offline?: boolean;
}

export const HTTP_CLIENTS = ['curl', 'wget', 'wget2', 'http', 'https', 'xh', 'xhs', 'gh', 'gq', 'invoke-restmethod', 'irm', 'invoke-webrequest', 'iwr'];

/** A body word after `@`: the file's text, stdin, or undefined when it cannot be known. */
function readAt(file: string, inv: Invocation, rc: RuleContext): string | undefined {
	if (file === '-') {
		return inv.stdinText;
	}
	const abs = rc.resolve(file, inv);
	return abs === undefined ? undefined : rc.readFile(abs);
}

/**
 * `$NAME` replaced by a value the line itself assigned (`BODY='…' curl -d "$BODY"`). The shell
 * would expand an inline assignment too late for the arguments, but reading it can only find more.
 */
export function expand(text: string, env: Readonly<Record<string, string>>): string {
	return text.includes('$') ? text.replace(/\$(?:\{(\w+)\}|(\w+))/g, (whole, a?: string, b?: string) => env[a ?? b ?? ''] ?? whole) : text;
}

class BodyCollector {
	readonly bodies: string[] = [];
	readonly opaque: string[] = [];
	constructor(private readonly inv: Invocation, private readonly rc: RuleContext) {}

	text(word: string, dynamic = false): void {
		// `-d "$(cat body.json)"` and `-d "$(< body.json)"` name a file.
		const cat = /^\$\((?:cat|<)\s+([^\s|;&$`()]+)\s*\)$/.exec(word.trim());
		if (cat) {
			this.file(cat[1].replace(/^['"]|['"]$/g, ''), word);
			return;
		}
		if (word !== '') {
			this.bodies.push(word);
		}
		if (dynamic && /^\$\{?\w+\}?$|^\$\(/.test(word.trim())) {
			this.opaque.push(word);
		}
	}

	file(name: string, written: string): void {
		const text = readAt(name, this.inv, this.rc);
		if (text === undefined) {
			this.opaque.push(written);
		} else {
			this.bodies.push(text);
		}
	}
}

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
	'--delegation', '--ftp-method', '--ftp-account', '--login-options', '--ip-tos', '--expand-data', '--expand-url', '--expand-header',
];

function curl(inv: Invocation, rc: RuleContext): HttpRequest {
	const args = inv.argv.slice(1);
	const parsed = parseArgs(args, { withValue: CURL_VALUE });
	const body = new BodyCollector(inv, rc);
	const graphql: GraphqlRequest[] = [];
	let hasData = false;
	let get = hasOption(parsed, '-G', '--get');
	let variables: Record<string, unknown> | undefined;
	// Walk the words again in order so that dynamic words can be told apart.
	for (let i = 0; i < args.length; i++) {
		const { name, value, word, consumed } = optionAt(args, i);
		i += consumed;
		if (value === undefined) {
			continue;
		}
		if (['-d', '--data', '--data-ascii', '--data-binary', '--json'].includes(name)) {
			hasData = true;
			if (value.startsWith('@')) {
				body.file(value.slice(1), value);
			} else {
				body.text(value, word.dynamic);
			}
		} else if (name === '--data-raw' || name === '--form-string') {
			hasData = true;
			body.text(name === '--form-string' ? value.replace(/^[^=]*=/, '') : value, word.dynamic);
		} else if (name === '--data-urlencode') {
			hasData = true;
			const m = /^([^=@]*)([=@])?([\s\S]*)$/.exec(value);
			const key = m?.[2] ? m[1] : '';
			const content = m?.[2] === '@' ? readAt(m[3], inv, rc) : m?.[2] ? m[3] : value;
			if (content === undefined) {
				body.opaque.push(value);
			} else if (key === 'query') {
				graphql.push({ query: content });
			} else if (key === 'variables') {
				try {
					variables = JSON.parse(content) as Record<string, unknown>;
				} catch {
					// unreadable: the field name stands in for the target
				}
			} else {
				body.text(content, word.dynamic);
			}
		} else if (name === '-F' || name === '--form') {
			hasData = true;
			const eq = value.indexOf('=');
			const content = value.slice(eq + 1);
			if (/^[@<]/.test(content)) {
				body.file(content.slice(1).replace(/;.*$/, ''), content);
			} else {
				body.text(content, word.dynamic);
			}
		} else if (name === '-T' || name === '--upload-file') {
			hasData = true;
		}
	}
	if (body.bodies.length > 1) {
		body.bodies.push(body.bodies.join('&'));
	}
	const requests = graphql.map((r) => (variables ? { ...r, variables } : r));
	let method = optionValue(parsed, '-X', '--request')?.toUpperCase();
	if (hasOption(parsed, '-I', '--head')) {
		method ??= 'HEAD';
		get = true;
	}
	method ??= get ? 'GET' : hasData ? (hasOption(parsed, '-T', '--upload-file') ? 'PUT' : 'POST') : 'GET';
	const urls = [...parsed.positionals.map((w) => w.text), ...(parsed.options.get('--url') ?? [])];
	return { tool: 'curl', method, urls, bodies: body.bodies, opaque: body.opaque, graphql: requests };
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
		return CURL_VALUE.includes(t) && i + 1 < args.length ? { name: t, value: args[i + 1].text, word: args[i + 1], consumed: 1 } : { name: t, word: args[i], consumed: 0 };
	}
	if (/^-[A-Za-z]/.test(t)) {
		// Short cluster: the first letter taking a value ends it (`-sSd@x`, `-XDELETE`).
		for (let j = 1; j < t.length; j++) {
			const flag = '-' + t[j];
			if (CURL_VALUE.includes(flag)) {
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

const WGET_VALUE = [
	'--method', '--post-data', '--post-file', '--body-data', '--body-file', '--header', '-O', '--output-document', '-o', '--output-file',
	'-a', '--append-output', '-P', '--directory-prefix', '-U', '--user-agent', '--user', '--password', '--http-user', '--http-password',
	'-t', '--tries', '-T', '--timeout', '-e', '--execute', '-i', '--input-file', '-B', '--base', '-w', '--wait', '--limit-rate', '-l',
	'--level', '-A', '--accept', '-R', '--reject', '-D', '--domains', '--load-cookies', '--save-cookies', '--referer', '--ca-certificate',
	'--certificate', '--private-key', '--bind-address', '-Q', '--quota', '--restrict-file-names', '--config',
];

function wget(inv: Invocation, rc: RuleContext): HttpRequest {
	const parsed = parseArgs(inv.argv.slice(1), { withValue: WGET_VALUE });
	const body = new BodyCollector(inv, rc);
	for (const name of ['--post-data', '--body-data']) {
		for (const value of parsed.options.get(name) ?? []) {
			body.text(value);
		}
	}
	for (const name of ['--post-file', '--body-file']) {
		for (const value of parsed.options.get(name) ?? []) {
			body.file(value, value);
		}
	}
	const posting = hasOption(parsed, '--post-data', '--post-file');
	const method = (optionValue(parsed, '--method') ?? (posting ? 'POST' : 'GET')).toUpperCase();
	return { tool: 'wget', method, urls: parsed.positionals.map((w) => w.text), bodies: body.bodies, opaque: body.opaque, graphql: [] };
}

const HTTPIE_VALUE = [
	'-a', '--auth', '-A', '--auth-type', '-o', '--output', '--session', '--session-read-only', '--verify', '--cert', '--cert-key',
	'--cert-key-pass', '--timeout', '--proxy', '--pretty', '-s', '--style', '-p', '--print', '-P', '--history-print', '--raw',
	'--format-options', '--max-redirects', '--default-scheme', '--ssl', '--ciphers', '--response-charset', '--response-mime',
	'--boundary', '--bearer', '--unix-socket', '--max-time', '--resolve', '--interface', '--http-version',
];
const METHOD = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT|PURGE)$/i;

function httpie(inv: Invocation, rc: RuleContext): HttpRequest {
	const parsed = parseArgs(inv.argv.slice(1), { withValue: HTTPIE_VALUE });
	const body = new BodyCollector(inv, rc);
	const positionals = parsed.positionals.map((w) => w.text);
	let method: string | undefined;
	if (positionals.length > 1 && METHOD.test(positionals[0])) {
		method = positionals.shift()!.toUpperCase();
	}
	const url = positionals.shift();
	const data: Record<string, unknown> = {};
	let hasData = false;
	for (const item of positionals) {
		const m = /^((?:[^\\=:@]|\\.)*?)(:=@|:=|==|=@|=|@|:)([\s\S]*)$/.exec(item);
		if (!m || m[2] === '==' || m[2] === ':' || !m[1]) {
			continue;
		}
		hasData = true;
		const [, key, sep, raw] = m;
		let value: unknown = raw;
		if (sep === '=@' || sep === ':=@' || sep === '@') {
			const text = readAt(raw, inv, rc);
			if (text === undefined) {
				body.opaque.push(item);
				continue;
			}
			value = text;
		}
		if (sep === ':=' || sep === ':=@') {
			try {
				value = JSON.parse(String(value)) as unknown;
			} catch {
				body.text(String(value));
			}
		}
		setPath(data, key, value);
	}
	if (hasData) {
		body.text(JSON.stringify(data));
	}
	const raw = optionValue(parsed, '--raw');
	if (raw !== undefined) {
		hasData = true;
		body.text(raw);
	}
	if (!hasData && inv.stdinText !== undefined && !hasOption(parsed, '-I', '--ignore-stdin')) {
		hasData = true;
		body.text(inv.stdinText);
	}
	return {
		tool: inv.name, method: method ?? (hasData ? 'POST' : 'GET'), urls: url === undefined ? [] : [url], bodies: body.bodies, opaque: body.opaque,
		graphql: [], offline: hasOption(parsed, '--offline'),
	};
}

/** HTTPie's nested JSON keys: `variables[id]=x` → `{variables: {id: 'x'}}`. */
function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
	const parts = key.replace(/\\(.)/g, '$1').split(/\[|\]\[?/).filter((p) => p !== '');
	let node = target;
	for (const part of parts.slice(0, -1)) {
		const next = node[part];
		node = (typeof next === 'object' && next !== null ? next : (node[part] = {})) as Record<string, unknown>;
	}
	node[parts[parts.length - 1] ?? key] = value;
}

const GH_VALUE = ['-X', '--method', '-f', '--raw-field', '-F', '--field', '-H', '--header', '--input', '-q', '--jq', '-t', '--template', '--hostname', '-p', '--preview', '--cache', '-R', '--repo'];

function ghApi(inv: Invocation, rc: RuleContext): HttpRequest | undefined {
	const sub = inv.argv.findIndex((w, i) => i > 0 && !w.text.startsWith('-'));
	if (sub < 0 || inv.argv[sub].text !== 'api') {
		return undefined;
	}
	const parsed = parseArgs(inv.argv.slice(sub + 1), { withValue: GH_VALUE });
	const body = new BodyCollector(inv, rc);
	const endpoint = parsed.positionals[0]?.text ?? '';
	const fields: Record<string, unknown> = {};
	for (const [flags, typed] of [[['-f', '--raw-field'], false], [['-F', '--field'], true]] as const) {
		for (const flag of flags) {
			for (const item of parsed.options.get(flag) ?? []) {
				const eq = item.indexOf('=');
				if (eq <= 0) {
					continue;
				}
				let value: unknown = item.slice(eq + 1);
				if (typed && typeof value === 'string' && value.startsWith('@')) {
					value = readAt(value.slice(1), inv, rc);
					if (value === undefined) {
						body.opaque.push(item);
						continue;
					}
				} else if (typed && /^(?:true|false|null|-?\d+)$/.test(String(value))) {
					value = JSON.parse(String(value)) as unknown;
				}
				setPath(fields, item.slice(0, eq).replace(/\[\]$/, ''), value);
			}
		}
	}
	const input = optionValue(parsed, '--input');
	if (input !== undefined) {
		body.file(input, `--input ${input}`);
	}
	const graphql: GraphqlRequest[] = [];
	const { query, ...variables } = fields;
	if (typeof query === 'string') {
		graphql.push({ query, variables });
	} else if (Object.keys(fields).length > 0) {
		body.text(JSON.stringify(fields));
	}
	const hasBody = Object.keys(fields).length > 0 || input !== undefined;
	const method = (optionValue(parsed, '-X', '--method') ?? (hasBody ? 'POST' : 'GET')).toUpperCase();
	return { tool: 'gh api', method, urls: [endpoint], bodies: body.bodies, opaque: body.opaque, graphql, github: true };
}

/** Hasura's graphqurl: `gq URL -q 'mutation …' -v id=x` (variables as `-v name=value` or `--variablesJSON`). */
function graphqurl(inv: Invocation, rc: RuleContext): HttpRequest {
	const parsed = parseArgs(inv.argv.slice(1), { withValue: ['-q', '--query', '-H', '--header', '-v', '--variable', '-n', '--name', '--variablesJSON', '--queryFile', '--variablesFile', '-l', '--endpoint'] });
	const body = new BodyCollector(inv, rc);
	const variables: Record<string, unknown> = {};
	for (const item of parsed.options.get('-v') ?? []) {
		const eq = item.indexOf('=');
		if (eq > 0) {
			variables[item.slice(0, eq)] = item.slice(eq + 1);
		}
	}
	try {
		Object.assign(variables, JSON.parse(optionValue(parsed, '--variablesJSON') ?? '{}') as Record<string, unknown>);
	} catch {
		// unreadable variables: the field name stands in for the target
	}
	const file = optionValue(parsed, '--queryFile');
	const query = optionValue(parsed, '-q', '--query') ?? (file === undefined ? undefined : readAt(file, inv, rc));
	const graphql = query === undefined ? [] : [{ query, variables }];
	const urls = [...parsed.positionals.map((w) => w.text), ...(parsed.options.get('--endpoint') ?? [])];
	return { tool: 'gq', method: 'POST', urls, bodies: body.bodies, opaque: body.opaque, graphql };
}

/** PowerShell: `Invoke-RestMethod -Method Delete -Uri … -Body …` (parameter names are case-insensitive). */
function powershell(inv: Invocation, rc: RuleContext): HttpRequest {
	const body = new BodyCollector(inv, rc);
	const urls: string[] = [];
	let method = 'GET';
	const args = inv.argv.slice(1);
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		const m = /^-(\w+)(?::(.*))?$/.exec(t);
		if (!m) {
			urls.push(t);
			continue;
		}
		const name = m[1].toLowerCase();
		const value = m[2] ?? args[i + 1]?.text;
		if (m[2] === undefined && !['usebasicparsing', 'usedefaultcredentials', 'skipcertificatecheck', 'disablekeepalive', 'passthru'].includes(name)) {
			i++;
		}
		if (value === undefined) {
			continue;
		}
		if (name === 'method' || name === 'custommethod') {
			method = value.toUpperCase();
		} else if (name === 'uri' || name === 'url') {
			urls.push(value);
		} else if (name === 'body') {
			body.text(value, args[i]?.dynamic);
		} else if (name === 'infile') {
			body.file(value, value);
		}
	}
	return { tool: 'Invoke-RestMethod', method, urls, bodies: body.bodies, opaque: body.opaque, graphql: [] };
}

/** The request an invocation of an HTTP client sends, or undefined if it is not one. */
export function httpRequestOf(original: Invocation, rc: RuleContext): HttpRequest | undefined {
	const env = original.env;
	const inv = Object.keys(env).length === 0 ? original : { ...original, argv: original.argv.map((w) => (w.text.includes('$') ? { ...w, text: expand(w.text, env) } : w)) };
	switch (inv.name) {
		case 'curl':
			return curl(inv, rc);
		case 'wget':
		case 'wget2':
			return wget(inv, rc);
		case 'http':
		case 'https':
		case 'xh':
		case 'xhs':
			return httpie(inv, rc);
		case 'gh':
			return ghApi(inv, rc);
		case 'gq':
			return graphqurl(inv, rc);
		case 'invoke-restmethod':
		case 'irm':
		case 'invoke-webrequest':
		case 'iwr':
			return powershell(inv, rc);
		default:
			return undefined;
	}
}

export interface UrlParts {
	readonly host: string;
	readonly port?: string;
	/** Path segments as written (not decoded). */
	readonly segments: readonly string[];
	readonly query: string;
}

/** Splits a URL as written, tolerating a missing scheme and unexpanded `$VARS`. */
export function urlParts(url: string): UrlParts {
	let rest = url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
	const hash = rest.indexOf('#');
	if (hash >= 0) {
		rest = rest.slice(0, hash);
	}
	const q = rest.indexOf('?');
	const query = q >= 0 ? rest.slice(q + 1) : '';
	if (q >= 0) {
		rest = rest.slice(0, q);
	}
	const [authority, ...segments] = rest.split('/');
	const hostPort = authority.replace(/^[^@]*@/, '');
	const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(hostPort);
	const relative = url.startsWith('/') || (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/[.:]|^localhost$/i.test(authority));
	// `gh api repos/o/r` and `/v1/x` have no host: every part is path.
	return relative
		? { host: '', segments: rest.split('/').filter(Boolean), query }
		: { host: (m?.[1] ?? hostPort).toLowerCase(), port: m?.[2], segments: segments.filter(Boolean), query };
}

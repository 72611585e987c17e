/**
 * Reads the HTTP request a client command line will send — method, URLs, body — for curl
 * (http/curl.ts), wget, HTTPie/xh, `gh api`, `glab api`, graphqurl and PowerShell's Invoke-RestMethod. URLs are
 * parsed by http/url.ts; bodies are collected by http/request.ts, which keeps what cannot be read
 * as opaque parts.
 */
import { hasOption, optionValue, parseArgs } from '../shell/argv';
import { curlRequest, mayBeDelete } from '../http/curl';
import type { GraphqlRequest } from '../http/graphql';
import { BodyCollector, dynamicIn, expand, hasExpansion, METHOD_OVERRIDE, type HttpRequest } from '../http/request';
import { parseUrl, type Url } from '../http/url';
import type { Invocation } from '../types';
import type { RuleContext } from './rule';

export type { HttpRequest, OpaquePart } from '../http/request';

export const HTTP_CLIENTS = ['curl', 'wget', 'wget2', 'http', 'https', 'xh', 'xhs', 'gh', 'glab', 'gq', 'invoke-restmethod', 'irm', 'invoke-webrequest', 'iwr'];

// ---- wget ----------------------------------------------------------------------------------------

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
			body.text(value, dynamicIn(inv, value));
		}
	}
	for (const name of ['--post-file', '--body-file']) {
		for (const value of parsed.options.get(name) ?? []) {
			body.read(value, `${name}=${value}`);
		}
	}
	body.finish();
	const posting = hasOption(parsed, '--post-data', '--post-file');
	const written = optionValue(parsed, '--method');
	const override = (parsed.options.get('--header') ?? []).map((h) => METHOD_OVERRIDE.exec(h)?.[1]).find((m) => m !== undefined);
	const unknownMethod = [written, override].find((m) => m !== undefined && dynamicIn(inv, m));
	const method = unknownMethod !== undefined && mayBeDelete(unknownMethod) ? 'DELETE' : ((unknownMethod ? undefined : override) ?? written ?? (posting ? 'POST' : 'GET')).toUpperCase();
	const urls = parsed.positionals.map((w) => parseUrl(w.text, { dynamic: w.dynamic }));
	return { tool: 'wget', method, ...(unknownMethod ? { methodUnknown: unknownMethod } : {}), urls, bodies: body.bodies, opaque: body.opaque, graphql: [], builtBy: body.builtBy };
}

// ---- HTTPie and xh -------------------------------------------------------------------------------

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
	const positionals = [...parsed.positionals];
	let method: string | undefined;
	let methodUnknown: string | undefined;
	if (positionals.length > 1 && (METHOD.test(positionals[0].text) || (positionals[0].dynamic && /^\$\{?\w+\}?$/.test(positionals[0].text)))) {
		const word = positionals.shift()!;
		method = word.text.toUpperCase();
		methodUnknown = word.dynamic ? word.text : undefined;
	}
	const url = positionals.shift();
	const data: Record<string, unknown> = {};
	let hasData = false;
	for (const word of positionals) {
		const item = word.text;
		if (item.startsWith('@') && item.length > 1) {
			// `http POST url @body.json`: the file is the raw body.
			hasData = true;
			body.read(item.slice(1), item);
			continue;
		}
		const m = /^((?:[^\\=:@]|\\.)*?)(:=@|:=|==|=@|=|@|:)([\s\S]*)$/.exec(item);
		if (!m || !m[1]) {
			continue;
		}
		const [, key, sep, raw] = m;
		if (sep === ':' && METHOD_OVERRIDE.test(`${key}:${raw}`)) {
			if (word.dynamic && hasExpansion(raw)) {
				methodUnknown = raw;
			} else {
				method = raw.trim().toUpperCase();
			}
		}
		if (sep === '==' || sep === ':') {
			continue;
		}
		hasData = true;
		let value: unknown = raw;
		if (sep === '=@' || sep === ':=@' || sep === '@') {
			const text = body.readText(raw, item);
			if (text === undefined) {
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
		if (word.dynamic && hasExpansion(raw)) {
			body.shaping(JSON.stringify({ [key]: raw }), item);
		}
		setPath(data, key, value);
	}
	if (hasData) {
		body.text(JSON.stringify(data));
	}
	const raw = optionValue(parsed, '--raw');
	if (raw !== undefined) {
		hasData = true;
		body.text(raw, dynamicIn(inv, raw));
	}
	// HTTPie sends what arrives on stdin as the body when it is not a terminal.
	const redirected = inv.stdinText !== undefined || inv.source.stdin !== undefined || inv.redirects.some((r) => r.op === '<' || r.op === '<<' || r.op === '<<<');
	if (!hasData && redirected && !hasOption(parsed, '-I', '--ignore-stdin')) {
		hasData = true;
		body.read('-', '< stdin');
	}
	body.finish();
	return {
		tool: inv.name, method: method ?? (hasData ? 'POST' : 'GET'), ...(methodUnknown ? { methodUnknown } : {}),
		urls: url === undefined ? [] : [parseUrl(url.text, { dynamic: url.dynamic, localhostShorthand: true })], bodies: body.bodies, opaque: body.opaque,
		graphql: [], offline: hasOption(parsed, '--offline'), builtBy: body.builtBy,
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

// ---- gh api, glab api ----------------------------------------------------------------------------

const GH_VALUE = ['-X', '--method', '-f', '--raw-field', '-F', '--field', '-H', '--header', '--input', '-q', '--jq', '-t', '--template', '--hostname', '-p', '--preview', '--cache', '-R', '--repo'];
const GLAB_VALUE = ['-X', '--method', '-f', '--raw-field', '-F', '--field', '-H', '--header', '--input', '--hostname', '-R', '--repo', '--output'];

/** Where `gh api ENDPOINT` and `glab api ENDPOINT` send a relative endpoint. */
function platformBase(platform: 'GitHub' | 'GitLab', host: string | undefined, endpoint: string): { base: string; endpoint: string } {
	if (platform === 'GitHub') {
		return { base: host && host !== 'github.com' ? `https://${host}/api/v3/` : 'https://api.github.com/', endpoint };
	}
	// glab: `projects/1` and `/projects/1` are both under /api/v4/; `graphql` is /api/graphql.
	const root = `https://${host ?? 'gitlab.com'}/api/`;
	const relative = endpoint.replace(/^\/+/, '');
	return /^graphql(?:[/?#]|$)/i.test(relative) ? { base: root, endpoint: relative } : { base: `${root}v4/`, endpoint: relative };
}

/** `gh api` and `glab api`: a REST or GraphQL call to the hosting platform's API, with fields as the body. */
function platformApi(inv: Invocation, rc: RuleContext, platform: 'GitHub' | 'GitLab'): HttpRequest | undefined {
	// The first word that is neither an option nor its value (`glab -R group/proj api …`).
	const sub = inv.argv.findIndex((w, i) => i > 0 && !w.text.startsWith('-') && !/^(?:-R|--repo|--hostname)$/.test(inv.argv[i - 1].text));
	if (sub < 0 || inv.argv[sub].text !== 'api') {
		return undefined;
	}
	const parsed = parseArgs(inv.argv.slice(sub + 1), { withValue: platform === 'GitHub' ? GH_VALUE : GLAB_VALUE });
	const body = new BodyCollector(inv, rc);
	const endpoint = parsed.positionals[0];
	const fields: Record<string, unknown> = {};
	let given = 0;
	for (const [flags, typed] of [[['-f', '--raw-field'], false], [['-F', '--field'], true]] as const) {
		for (const flag of flags) {
			for (const item of parsed.options.get(flag) ?? []) {
				const eq = item.indexOf('=');
				if (eq <= 0) {
					continue;
				}
				given++;
				let value: unknown = item.slice(eq + 1);
				if (typed && typeof value === 'string' && value.startsWith('@')) {
					value = body.readText(value.slice(1), item);
					if (value === undefined) {
						continue;
					}
				} else if (typed && /^(?:true|false|null|-?\d+)$/.test(String(value))) {
					value = JSON.parse(String(value)) as unknown;
				} else if (dynamicIn(inv, item)) {
					body.shaping(JSON.stringify({ [item.slice(0, eq)]: value }), item);
				}
				setPath(fields, item.slice(0, eq).replace(/\[\]$/, ''), value);
			}
		}
	}
	const input = optionValue(parsed, '--input');
	if (input !== undefined) {
		body.read(input, `--input ${input}`);
	}
	const graphql: GraphqlRequest[] = [];
	const { query, ...variables } = fields;
	if (typeof query === 'string') {
		graphql.push({ query, variables });
	} else if (Object.keys(fields).length > 0) {
		body.text(JSON.stringify(fields));
	}
	body.finish();
	const hasBody = given > 0 || input !== undefined;
	const written = optionValue(parsed, '-X', '--method');
	const methodUnknown = written !== undefined && dynamicIn(inv, written) ? written : undefined;
	const method = (written ?? (hasBody ? 'POST' : 'GET')).toUpperCase();
	const host = optionValue(parsed, '--hostname');
	const target = endpoint ? platformBase(platform, host, endpoint.text) : undefined;
	const urls = endpoint && target ? [parseUrl(target.endpoint, { base: target.base, dynamic: endpoint.dynamic })] : [];
	const tool = platform === 'GitHub' ? 'gh api' : 'glab api';
	return { tool, method, ...(methodUnknown ? { methodUnknown } : {}), urls, bodies: body.bodies, opaque: body.opaque, graphql, platform, builtBy: body.builtBy };
}

// ---- graphqurl, PowerShell -----------------------------------------------------------------------

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
	const inline = optionValue(parsed, '-q', '--query');
	if (inline !== undefined && dynamicIn(inv, inline)) {
		body.shaping(JSON.stringify({ query: inline }), inline);
	}
	const query = inline ?? (file === undefined ? undefined : body.readText(file, `--queryFile ${file}`));
	const graphql = query === undefined ? [] : [{ query, variables }];
	const urls = [...parsed.positionals, ...(parsed.options.get('--endpoint') ?? []).map((t) => ({ text: t, dynamic: dynamicIn(inv, t) }))].map((w) => parseUrl(w.text, { dynamic: w.dynamic }));
	return { tool: 'gq', method: 'POST', urls, bodies: body.bodies, opaque: body.opaque, graphql, builtBy: body.builtBy };
}

/** PowerShell: `Invoke-RestMethod -Method Delete -Uri … -Body …` (parameter names are case-insensitive). */
function powershell(inv: Invocation, rc: RuleContext): HttpRequest {
	const body = new BodyCollector(inv, rc);
	const urls: Url[] = [];
	let method = 'GET';
	let methodUnknown: string | undefined;
	const args = inv.argv.slice(1);
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		const m = /^-(\w+)(?::(.*))?$/.exec(t);
		if (!m) {
			urls.push(parseUrl(t, { dynamic: args[i].dynamic }));
			continue;
		}
		const name = m[1].toLowerCase();
		const word = m[2] === undefined ? args[i + 1] : { ...args[i], text: m[2] };
		if (m[2] === undefined && !['usebasicparsing', 'usedefaultcredentials', 'skipcertificatecheck', 'disablekeepalive', 'passthru'].includes(name)) {
			i++;
		}
		if (word === undefined) {
			continue;
		}
		const value = word.text;
		if (name === 'method' || name === 'custommethod') {
			method = value.toUpperCase();
			methodUnknown = word.dynamic && hasExpansion(value) ? value : undefined;
		} else if (name === 'uri' || name === 'url') {
			urls.push(parseUrl(value, { dynamic: word.dynamic }));
		} else if (name === 'body') {
			body.text(value, word.dynamic && hasExpansion(value));
		} else if (name === 'infile') {
			body.read(value, `-InFile ${value}`);
		}
	}
	body.finish();
	return { tool: 'Invoke-RestMethod', method, ...(methodUnknown ? { methodUnknown } : {}), urls, bodies: body.bodies, opaque: body.opaque, graphql: [], builtBy: body.builtBy };
}

/** The request an invocation of an HTTP client sends, or undefined if it is not one. */
export function httpRequestOf(original: Invocation, rc: RuleContext): HttpRequest | undefined {
	const env = original.env;
	const inv = Object.keys(env).length === 0 ? original : { ...original, argv: original.argv.map((w) => (w.text.includes('$') ? { ...w, text: expand(w.text, env) } : w)) };
	switch (inv.name) {
		case 'curl':
			return curlRequest(inv, rc);
		case 'wget':
		case 'wget2':
			return wget(inv, rc);
		case 'http':
		case 'https':
		case 'xh':
		case 'xhs':
			return httpie(inv, rc);
		case 'gh':
			return platformApi(inv, rc, 'GitHub');
		case 'glab':
			return platformApi(inv, rc, 'GitLab');
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

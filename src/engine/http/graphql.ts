/**
 * GraphQL bodies → the destructive mutation fields they contain, with their targets.
 *
 * The body of an HTTP request may arrive as JSON (`{"query": "mutation …", "variables": {…}}`),
 * a batch array, a form (`query=mutation…`), a bare document, or — from the `python -c` /
 * `node -e` translations — the raw text of a Python dict or JS object literal. The document is
 * found in whichever of these it is, then parsed with the `graphql` package; only the top-level
 * fields of mutation operations are judged. A body that says `mutation` and names a deletion but
 * cannot be parsed fails closed.
 */
// The language part of the package only (the lexer and parser): the package's index also loads its type
// system, validation and execution, ~10 ms of module code in every hook process that loads the engine.
import { Kind } from 'graphql/language/kinds';
import { parse } from 'graphql/language/parser';
import type { DocumentNode, SelectionSetNode, ValueNode } from 'graphql/language/ast';
import { parseJson } from './json';

export type DeletionSeverity = 'medium' | 'high' | 'critical';

export interface GraphqlRequest {
	readonly query: string;
	readonly variables?: Readonly<Record<string, unknown>>;
}

export interface GraphqlDeletion {
	/** The mutation field, e.g. `volumeDelete` (not its alias). */
	readonly field: string;
	/** Ids or names it acts on, as written (a variable's value when known); else the field name. */
	readonly targets: readonly string[];
	readonly severity: DeletionSeverity;
	/** False when the document could not be parsed and the field was found by scanning (fail closed). */
	readonly parsed: boolean;
	/** Arguments naming what it acts on whose value is a variable nobody set: only known when it runs. */
	readonly unknown?: readonly string[];
}

// ---- which fields destroy ------------------------------------------------------------------------

const VERBS = new Set([
	'delete', 'deletes', 'deletion', 'destroy', 'destroys', 'remove', 'removes', 'removal', 'drop', 'drops', 'purge', 'purges',
	'wipe', 'wipes', 'reset', 'resets', 'erase', 'erases', 'terminate', 'terminates', 'termination', 'revoke', 'revokes',
	'truncate', 'truncates', 'nuke', 'obliterate', 'expunge', 'deprovision', 'decommission', 'clear', 'uninstall', 'unpublish',
]);
/** Glued forms: `deleteall`, `purgeall`, `bulkdelete` written in one lower-case word. */
const VERB_PREFIX = /^(?:delete|destroy|purge|wipe|truncate|nuke|erase|obliterate)|(?:delete|destroy|purge|wipe)$/;
/** A verb after one of these undoes or only inspects a deletion: `restoreDeletedProject`, `cancelDeletion`. */
const NEGATORS = new Set(['restore', 'undelete', 'undo', 'recover', 'cancel', 'abort', 'revert', 'preview', 'validate', 'estimate', 'can', 'is', 'prevent', 'protect', 'unschedule']);
/** `resetPassword` and friends send an e-mail; they destroy nothing. */
const HARMLESS_RESET = new Set(['password', 'pass', 'passwd', 'pin', 'otp', 'mfa', 'totp', 'email', 'verification', 'filter', 'filters', 'form', 'view', 'layout', 'ui', 'onboarding', 'tour', 'counter', 'preferences', 'zoom']);
/** Small, recreatable things: losing them is routine. */
const MINOR = new Set(['cache', 'caches', 'cached', 'reaction', 'reactions', 'star', 'stars', 'label', 'labels', 'tag', 'tags', 'session', 'sessions', 'notification', 'notifications', 'bookmark', 'bookmarks', 'favorite', 'favorites', 'favourite', 'like', 'likes', 'draft', 'drafts', 'cookie', 'cookies', 'cart', 'reminder', 'assignee', 'assignees', 'reviewer', 'reviewers', 'soft']);
/** Infrastructure and whole data stores: losing them is the worst case. */
const MAJOR = new Set([
	'volume', 'volumes', 'database', 'databases', 'db', 'project', 'projects', 'environment', 'environments', 'cluster', 'clusters',
	'bucket', 'buckets', 'organization', 'organisation', 'org', 'workspace', 'workspaces', 'account', 'instance', 'instances', 'table',
	'tables', 'backup', 'backups', 'snapshot', 'snapshots', 'repository', 'repositories', 'repo', 'app', 'apps', 'application',
	'index', 'indices', 'collection', 'collections', 'schema', 'namespace', 'storage', 'data', 'all', 'everything', 'server',
	'servers', 'tenant', 'tenants', 'site', 'sites', 'service', 'services', 'store', 'keyspace', 'team', 'teams',
]);

function words(name: string): string[] {
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(Boolean);
}

/** How bad running the mutation field `name` is, or undefined if it does not destroy. */
export function destructiveField(name: string): DeletionSeverity | undefined {
	const parts = words(name);
	const at = parts.findIndex((w) => VERBS.has(w) || VERB_PREFIX.test(w));
	if (at < 0 || parts.slice(0, at).some((w) => NEGATORS.has(w)) || NEGATORS.has(parts[0])) {
		return undefined;
	}
	const verb = parts[at];
	const nouns = parts.filter((_w, i) => i !== at);
	if ((verb === 'reset' || verb === 'resets') && nouns.some((w) => HARMLESS_RESET.has(w))) {
		return undefined;
	}
	if (verb === 'uninstall' || verb === 'unpublish') {
		return 'high';
	}
	if (nouns.some((w) => MAJOR.has(w)) || /all$/.test(verb)) {
		return 'critical';
	}
	if (nouns.some((w) => MINOR.has(w)) || verb === 'clear' || verb === 'revoke' && nouns.some((w) => w.startsWith('session'))) {
		return 'medium';
	}
	return 'high';
}

// ---- finding the document -----------------------------------------------------------------------

const MAX_DEPTH = 4;

/** Every GraphQL request that can be found in a request body, however it is encoded. */
export function findGraphqlRequests(body: string, depth = 0): GraphqlRequest[] {
	const text = body.trim();
	if (!text || depth > MAX_DEPTH) {
		return [];
	}
	const json = tryJson(text);
	if (json !== undefined) {
		return typeof json === 'string' ? findGraphqlRequests(json, depth + 1) : withRepeatedKeys(text, fromJson(json, depth));
	}
	if (/^[\w.[\]%-]+=/.test(text) && !/^\w+\s*=\s*[{[]/.test(text)) {
		const form = fromForm(text, depth);
		if (form.length > 0) {
			return form;
		}
	}
	if (/^(?:mutation|query|subscription|fragment)\b|^\{\s*\w+\s*[({]/.test(text)) {
		return [{ query: text, variables: looseVariables(text) }];
	}
	// Code or a loose literal: look inside every string literal that may hold the document.
	const found: GraphqlRequest[] = [];
	const variables = looseVariables(text);
	for (const literal of stringLiterals(text)) {
		if (/\bmutation\b/.test(literal) || /^\s*[{[]/.test(literal) && /\bquery\b/.test(literal)) {
			for (const request of findGraphqlRequests(literal, depth + 1)) {
				found.push(request.variables || !variables ? request : { ...request, variables });
			}
		}
	}
	// Nothing usable in the literals (quotes nested wrongly, say): read from the keyword on.
	const at = text.search(/\bmutation\b/);
	if (at >= 0 && !found.some((r) => parseDocument(r.query))) {
		const whole = { query: text.slice(at), variables };
		return parseDocument(whole.query) || found.length === 0 ? [whole] : found;
	}
	return found;
}

function tryJson(text: string): unknown {
	return /^[[{"]/.test(text) ? parseJson(text) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fromJson(value: unknown, depth: number): GraphqlRequest[] {
	const out: GraphqlRequest[] = [];
	const visit = (node: unknown, level: number) => {
		if (level > 6) {
			return;
		}
		if (Array.isArray(node)) {
			node.forEach((n) => visit(n, level + 1));
			return;
		}
		if (!isRecord(node)) {
			// A string elsewhere in the JSON counts only if it is a document (or JSON holding one), not prose.
			if (typeof node === 'string' && /^\s*(?:mutation\b|[{[])/.test(node) && /\bmutation\b/.test(node)) {
				out.push(...findGraphqlRequests(node, depth + 1));
			}
			return;
		}
		const query = node.query ?? node.mutation;
		if (typeof query === 'string') {
			let variables = node.variables;
			if (typeof variables === 'string') {
				variables = tryJson(variables.trim());
			}
			out.push({ query, variables: isRecord(variables) ? variables : undefined });
		}
		for (const [key, child] of Object.entries(node)) {
			if (key !== 'query' && key !== 'mutation' && key !== 'variables') {
				visit(child, level + 1);
			}
		}
	};
	visit(value, 0);
	return out;
}

/**
 * A JSON object that names `query` twice is read by JSON.parse with the last value, by other servers with
 * the first: every string value under a `query`/`mutation` key counts (keys compared decoded, so
 * `"qu\u0065ry"` is `query`). Found by scanning the text's string tokens, which can only find more.
 */
function withRepeatedKeys(text: string, found: GraphqlRequest[]): GraphqlRequest[] {
	// Only a text naming `query`/`mutation` twice, or writing a key with escapes, can hide one.
	if ((text.match(/"(?:query|mutation)"\s*:/g)?.length ?? 0) < 2 && !/\\u/.test(text)) {
		return found;
	}
	const seen = new Set(found.map((r) => r.query));
	for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
		const key = jsonString(m[1]);
		const value = key === 'query' || key === 'mutation' ? jsonString(m[2]) : undefined;
		if (value !== undefined && !seen.has(value)) {
			seen.add(value);
			found.push({ query: value, variables: found[0]?.variables });
		}
	}
	return found;
}

function jsonString(body: string): string | undefined {
	try {
		return JSON.parse(`"${body}"`) as string;
	} catch {
		return undefined;
	}
}

function fromForm(text: string, depth: number): GraphqlRequest[] {
	// A key given twice is every value: servers differ on which one they take (first, last, a list).
	const params = new Map<string, string[]>();
	for (const part of text.split('&')) {
		const eq = part.indexOf('=');
		const key = decode(eq < 0 ? part : part.slice(0, eq));
		params.set(key, [...(params.get(key) ?? []), decode(eq < 0 ? '' : part.slice(eq + 1))]);
	}
	const queries = params.get('query');
	if (queries !== undefined) {
		const variables = tryJson((params.get('variables')?.at(-1) ?? '').trim());
		return queries.map((query) => ({ query, variables: isRecord(variables) ? variables : undefined }));
	}
	// Multipart uploads carry the request as `operations=<json>`.
	return (params.get('operations') ?? []).flatMap((operations) => findGraphqlRequests(operations, depth + 1));
}

function decode(text: string): string {
	try {
		return decodeURIComponent(text.replace(/\+/g, ' '));
	} catch {
		return text;
	}
}

/** The contents of every quoted string in code (Python, JS, shell-ish), escapes resolved. */
export function stringLiterals(code: string): string[] {
	const out: string[] = [];
	for (let i = 0; i < code.length && out.length < 200; i++) {
		const c = code[i];
		if (c !== '"' && c !== "'" && c !== '`') {
			continue;
		}
		const quote = code.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
		let j = i + quote.length;
		let value = '';
		while (j < code.length && !code.startsWith(quote, j)) {
			if (code[j] === '\\' && j + 1 < code.length) {
				const next = code[j + 1];
				value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
				j += 2;
				continue;
			}
			value += code[j++];
		}
		out.push(value);
		i = j + quote.length - 1;
	}
	return out;
}

/**
 * Variables written as code rather than JSON: `'variables': {'id': 'x'}` (Python) or
 * `variables: { id: "x" }` (JS). Only flat string and number values are read.
 */
function looseVariables(text: string): Record<string, unknown> | undefined {
	const m = /["']?variables["']?\s*[:=]\s*\{/.exec(text);
	if (!m) {
		return undefined;
	}
	const start = m.index + m[0].length - 1;
	const end = closingBracket(text, start);
	const block = text.slice(start, end < 0 ? text.length : end + 1);
	const json = tryJson(block);
	if (isRecord(json)) {
		return json;
	}
	const variables: Record<string, unknown> = {};
	for (const pair of block.matchAll(/["']?([A-Za-z_]\w*)["']?\s*:\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(-?\d+(?:\.\d+)?))/g)) {
		variables[pair[1]] = pair[2] ?? pair[3] ?? pair[4];
	}
	return Object.keys(variables).length > 0 ? variables : undefined;
}

/** Index of the bracket closing the one at `open`, skipping quoted strings; -1 if unbalanced. */
export function closingBracket(text: string, open: number): number {
	let depth = 0;
	for (let i = open; i < text.length; i++) {
		const c = text[i];
		if (c === '"' || c === "'") {
			let j = i + 1;
			while (j < text.length && text[j] !== c) {
				j += text[j] === '\\' ? 2 : 1;
			}
			i = j;
			continue;
		}
		if (c === '{' || c === '[') {
			depth++;
		} else if ((c === '}' || c === ']') && --depth === 0) {
			return i;
		}
	}
	return -1;
}

// ---- judging the document -----------------------------------------------------------------------

/** Documents parsed lately, by text: several rules read the same request, and a text that is not a document costs most. */
const recent = new Map<string, DocumentNode | null>();

/** Parses the document, trying the usual manglings (escaped quotes, trailing junk) before giving up. */
function parseDocument(query: string): DocumentNode | undefined {
	const known = recent.get(query);
	if (known !== undefined) {
		return known ?? undefined;
	}
	const unescaped = query.replace(/\\"/g, '"').replace(/\\n/g, '\n');
	const candidates = [query, unescaped, cutAtOperation(query), cutAtOperation(unescaped)];
	let document: DocumentNode | undefined;
	// graphql-js reports a syntax error by throwing; a stack trace for each failed form is most of its cost.
	const limit = Error.stackTraceLimit;
	Error.stackTraceLimit = 0;
	try {
		for (const candidate of candidates) {
			if (candidate === undefined) {
				continue;
			}
			try {
				document = parse(candidate, { noLocation: true, maxTokens: 20000 });
				break;
			} catch {
				// try the next form
			}
		}
	} finally {
		Error.stackTraceLimit = limit;
	}
	if (recent.size >= 64) {
		recent.clear();
	}
	recent.set(query, document ?? null);
	return document;
}

/** True when the text parses as a GraphQL document (after the usual manglings). */
export function isDocument(query: string): boolean {
	return parseDocument(query) !== undefined;
}

/** From the `mutation` keyword to the brace that closes its selection set. */
function cutAtOperation(text: string): string | undefined {
	const at = text.search(/\bmutation\b/);
	if (at < 0) {
		return undefined;
	}
	const open = text.indexOf('{', at);
	const close = open < 0 ? -1 : closingBracket(text, open);
	return close < 0 ? undefined : text.slice(at, close + 1);
}

/** The destructive mutation fields of one request. */
export function mutationDeletions(request: GraphqlRequest): GraphqlDeletion[] {
	const doc = parseDocument(request.query);
	if (!doc) {
		return failClosed(request.query);
	}
	const fragments = new Map<string, SelectionSetNode>();
	for (const def of doc.definitions) {
		if (def.kind === Kind.FRAGMENT_DEFINITION) {
			fragments.set(def.name.value, def.selectionSet);
		}
	}
	const out: GraphqlDeletion[] = [];
	for (const def of doc.definitions) {
		if (def.kind !== Kind.OPERATION_DEFINITION || def.operation !== 'mutation') {
			continue;
		}
		const variables: Record<string, unknown> = {};
		for (const v of def.variableDefinitions ?? []) {
			if (v.defaultValue) {
				variables[v.variable.name.value] = plain(v.defaultValue, {});
			}
		}
		Object.assign(variables, request.variables ?? {});
		collectFields(def.selectionSet, fragments, variables, out, 0);
	}
	return out;
}

function collectFields(set: SelectionSetNode, fragments: Map<string, SelectionSetNode>, variables: Record<string, unknown>, out: GraphqlDeletion[], depth: number): void {
	if (depth > 8) {
		return;
	}
	for (const selection of set.selections) {
		if (selection.kind === Kind.INLINE_FRAGMENT) {
			collectFields(selection.selectionSet, fragments, variables, out, depth + 1);
			continue;
		}
		if (selection.kind === Kind.FRAGMENT_SPREAD) {
			const spread = fragments.get(selection.name.value);
			if (spread) {
				collectFields(spread, fragments, variables, out, depth + 1);
			}
			continue;
		}
		const field = selection.name.value;
		let severity = destructiveField(field);
		if (!severity) {
			continue;
		}
		const args: [string, unknown][] = (selection.arguments ?? []).map((a) => [a.name.value, plain(a.value, variables)]);
		// Hasura-style `delete_orders(where: {})`: an empty filter matches every row.
		if (args.some(([name, value]) => /^(?:where|filter)$/i.test(name) && isRecord(value) && Object.keys(value).length === 0)) {
			severity = 'critical';
		}
		const targets = identifiers(args);
		// `volumeDelete(volumeId: $id)` with no value for `$id`: the id is only known when it runs.
		const unknown = (selection.arguments ?? []).flatMap((a) => unknownVariables(a.name.value, a.value, variables));
		out.push({ field, targets: targets.length > 0 ? targets : [field], severity, parsed: true, ...(unknown.length > 0 ? { unknown } : {}) });
	}
}

/** Names (argument or input field) whose value is a variable without a value: `volumeId` in `volumeDelete(volumeId: $id)`. */
function unknownVariables(name: string, value: ValueNode, variables: Record<string, unknown>, depth = 0): string[] {
	if (value.kind === Kind.VARIABLE) {
		return value.name.value in variables ? [] : [name];
	}
	if (depth > 4) {
		return [];
	}
	if (value.kind === Kind.OBJECT) {
		return value.fields.flatMap((f) => unknownVariables(f.name.value, f.value, variables, depth + 1));
	}
	return value.kind === Kind.LIST ? value.values.flatMap((v) => unknownVariables(name, v, variables, depth + 1)) : [];
}

/** A GraphQL value as plain data; a variable becomes its value, or undefined when unknown. */
function plain(value: ValueNode, variables: Record<string, unknown>): unknown {
	switch (value.kind) {
		case Kind.VARIABLE:
			return value.name.value in variables ? variables[value.name.value] : undefined;
		case Kind.STRING:
		case Kind.ENUM:
		case Kind.INT:
		case Kind.FLOAT:
			return value.value;
		case Kind.BOOLEAN:
			return value.value;
		case Kind.LIST:
			return value.values.map((v) => plain(v, variables));
		case Kind.OBJECT:
			return Object.fromEntries(value.fields.map((f) => [f.name.value, plain(f.value, variables)]));
		default:
			return undefined;
	}
}

/** Rank of an argument name as an identifier: `id` first, then `*Id`, then names. */
function idRank(name: string): number {
	if (/^(?:id|ids|uuid)$/i.test(name)) {
		return 0;
	}
	if (/(?:Id|ID|Ids|IDs|_id|_ids|Uuid)$/.test(name)) {
		return 1;
	}
	if (/^(?:name|names|slug|key|ref|handle)$/i.test(name) || /(?:Name|_name|Slug|Key)$/.test(name)) {
		return 2;
	}
	return -1;
}

/** Identifier values among the arguments (searching input objects too), best first. */
function identifiers(args: readonly [string, unknown][], level = 0): string[] {
	const ranked: { rank: number; value: string }[] = [];
	const nested: string[] = [];
	for (const [name, value] of args) {
		const rank = idRank(name);
		const scalars = (Array.isArray(value) ? value : [value]).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
		if (rank >= 0) {
			ranked.push(...scalars.map((v) => ({ rank, value: String(v) })));
		} else if (isRecord(value) && level < 3) {
			nested.push(...identifiers(Object.entries(value), level + 1));
		}
	}
	ranked.sort((a, b) => a.rank - b.rank);
	return [...new Set([...ranked.map((r) => r.value), ...nested])].filter((v) => v !== '');
}

/** No parsable document: a `mutation` that names a deletion is still treated as one. */
function failClosed(text: string): GraphqlDeletion[] {
	if (!/\bmutation\b/.test(text)) {
		return [];
	}
	for (const m of text.matchAll(/[A-Za-z_]\w*/g)) {
		const severity = destructiveField(m[0]);
		if (severity) {
			return [{ field: m[0], targets: [m[0]], severity: severity === 'critical' ? 'critical' : 'high', parsed: false }];
		}
	}
	return [];
}

/** Every destructive mutation in a request body (plus requests assembled elsewhere, e.g. `gh api -f query=…`). */
export function graphqlDeletions(body: string | undefined, extra: readonly GraphqlRequest[] = []): GraphqlDeletion[] {
	const requests = [...(body === undefined ? [] : findGraphqlRequests(body)), ...extra];
	const out = requests.flatMap((r) => mutationDeletions(r));
	// Fail closed only on a body that could not be read at all (valid JSON without a document is not GraphQL).
	if (out.length === 0 && requests.length === 0 && body !== undefined && tryJson(body.trim()) === undefined) {
		return failClosed(body);
	}
	return out;
}

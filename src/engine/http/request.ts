/**
 * The request an HTTP client command line will send, as the rules see it — method, URLs, known
 * bodies and the parts that cannot be known before it runs — and the collector the client readers
 * (rules/http-requests.ts, http/curl.ts) fill it with. Bodies named by file (`-d @body.json`), stdin
 * (`-d @-`, `@/dev/stdin`), process substitution (`-d @<(jq …)`) and `$(…)` are read when the line
 * allows; what cannot be read is kept as an opaque part, saying what it is and why it is unknown.
 */
import { writtenExactly } from '../shell/input';
import type { RuleContext } from '../rules/rule';
import type { Invocation } from '../types';
import { hasGraphqlDocument, inputOf, producedBy, shapingExpansions, substitutionInner, substitutionOutput, type Produced } from './bodies';
import type { GraphqlRequest } from './graphql';
import { EXPANSION, type Url } from './url';

/** Part of a request that cannot be known before it runs. */
export interface OpaquePart {
	/** As written: `@/tmp/q.json`, `$PAYLOAD`, `@-`. */
	readonly written: string;
	/** What is sent, for a reason: `the contents of /tmp/q.json`, `the output of jq`. */
	readonly what: string;
	/** Why it is not known, as a clause: `the file could not be read`. */
	readonly why: string;
	/** `what` names the whole request (`a request configured by /tmp/curl.cfg`), not its body. */
	readonly request?: boolean;
}

export interface HttpRequest {
	readonly tool: string;
	readonly method: string;
	/** The method as written when it is an expansion (`-X "$METHOD"`): only known when it runs. */
	readonly methodUnknown?: string;
	readonly urls: readonly Url[];
	/** Body texts that are known (inline, read from a file or stdin, or what a body builder is built from). */
	readonly bodies: readonly string[];
	/** What cannot be known before it runs. */
	readonly opaque: readonly OpaquePart[];
	/** GraphQL requests assembled from fields (`gh api -f query=…`, HTTPie `query=…`). */
	readonly graphql: readonly GraphqlRequest[];
	/** The hosting platform whose API host is implied (`gh api`: GitHub, `glab api`: GitLab). */
	readonly platform?: 'GitHub' | 'GitLab';
	/** Only prints the request (`http --offline`). */
	readonly offline?: boolean;
	/** The body is built by another command of the line (`jq -n … | curl -d @-`): its name. */
	readonly builtBy?: string;
}

/** File names that are the command's own standard input. */
export const STDIN_FILES = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** `a`, `a and b`, `a, b and c`. */
export function list(items: readonly string[]): string {
	return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const AN_EXPANSION = new RegExp(EXPANSION.source);

export function hasExpansion(text: string): boolean {
	return AN_EXPANSION.test(text);
}

/** True when `text` (an option's value) came from a word with an expansion the line does not resolve. */
export function dynamicIn(inv: Invocation, text: string): boolean {
	return text !== '' && hasExpansion(text) && inv.argv.some((w) => w.dynamic && w.text.includes(text));
}

/**
 * `$NAME` replaced by a value the line itself assigned (`BODY='…' curl -d "$BODY"`). The shell
 * would expand an inline assignment too late for the arguments, but reading it can only find more.
 */
export function expand(text: string, env: Readonly<Record<string, string>>): string {
	return text.includes('$') ? text.replace(/\$(?:\{(\w+)\}|(\w+))/g, (whole, a?: string, b?: string) => env[a ?? b ?? ''] ?? whole) : text;
}

/**
 * The known stdin text may still hold expansions the shell fills in: `echo "$BODY" |`, a heredoc
 * (`<<EOF` expands `$X`; the parse does not say whether the delimiter was quoted, so every heredoc
 * counts), a here-string not in single quotes.
 */
function stdinMayExpand(inv: Invocation): boolean {
	const stdin = inv.source.stdin;
	if (stdin?.kind === 'pipe') {
		// Every stage: `echo "$P" | cat | curl -d @-` (and `| tee log |`) passes echo's unknown value on unchanged.
		return !writtenExactly(stdin.from);
	}
	return stdin?.kind === 'text' && (stdin.via === 'heredoc' || /<<<\s*(?!')/.test(inv.source.raw));
}

export class BodyCollector {
	readonly bodies: string[] = [];
	readonly opaque: OpaquePart[] = [];
	builtBy?: string;
	constructor(private readonly inv: Invocation, private readonly rc: RuleContext) {}

	/** An inline body; `dynamic` when its word holds expansions. */
	text(value: string, dynamic = false, written = value): void {
		const trimmed = value.trim();
		// `-d "$(cat body.json)"` and `-d "$(< body.json)"` name a file.
		const cat = /^\$\((?:cat|<)\s+([^\s|;&$`()]+)\s*\)$/.exec(trimmed);
		if (cat) {
			this.read(cat[1].replace(/^['"]|['"]$/g, ''), written);
			return;
		}
		if (dynamic && trimmed.startsWith('$(') && substitutionInner(trimmed) !== undefined) {
			const produced = substitutionOutput(trimmed, this.rc.analysis);
			const text = produced ? this.produced(produced, written) : undefined;
			if (text !== undefined) {
				this.bodies.push(text);
			}
			if (produced) {
				return;
			}
		}
		if (value !== '') {
			this.bodies.push(value);
		}
		if (dynamic) {
			this.shaping(value, written);
		}
	}

	/** Records the expansions of a dynamic text that could change what the request does. */
	shaping(value: string, written = value): void {
		const found = shapingExpansions(value);
		if (found.length === 0) {
			return;
		}
		const whole = !/[A-Za-z0-9]/.test(value.replace(EXPANSION, ''));
		this.opaque.push(
			whole
				? { written, what: value.trim(), why: `${found.length > 1 ? 'their values are' : 'its value is'} not set in the command line` }
				: { written, what: `a body built from ${list(found)}`, why: `${list(found)} ${found.length > 1 ? 'are' : 'is'} not set in the command line` },
		);
	}

	/**
	 * A body read from a file, stdin or `<(…)`: its text when known (and recorded as a body), else
	 * undefined (and recorded as opaque).
	 */
	read(name: string, written: string): string | undefined {
		const text = this.readText(name, written);
		if (text !== undefined) {
			this.bodies.push(text);
		}
		return text;
	}

	readText(name: string, written: string): string | undefined {
		if (STDIN_FILES.has(name)) {
			return this.stdin(written);
		}
		if (/^[<>]\(/.test(name) && substitutionInner(name) !== undefined) {
			const produced = substitutionOutput(name, this.rc.analysis);
			return produced ? this.produced(produced, written) : this.unknown(written, `the output of ${name}`, 'the engine does not run it');
		}
		if (hasExpansion(name)) {
			return this.unknown(written, `the file named by ${name}`, `${name} is not set in the command line`);
		}
		const abs = this.rc.resolve(name, this.inv);
		const text = abs === undefined ? undefined : this.rc.readFile(abs);
		return text ?? this.unknown(written, `the contents of ${name}`, 'the file could not be read');
	}

	/** Standard input: text the line gives, or what the command piped in prints. */
	stdin(written: string): string | undefined {
		if (this.inv.stdinText !== undefined) {
			if (stdinMayExpand(this.inv)) {
				this.shaping(this.inv.stdinText, written);
			}
			return this.inv.stdinText;
		}
		const source = this.inv.source;
		if (source.stdin?.kind === 'pipe') {
			return this.produced(producedBy(source.stdin.from, this.rc.analysis), written);
		}
		const input = inputOf(source, this.rc.analysis);
		if (input.texts.length === 0 && input.unknown.length === 0) {
			return this.unknown(written, 'what arrives on standard input', 'nothing in the line says what that is');
		}
		return this.produced(input, written);
	}

	/** What another command prints: exact text, or the texts it is built from plus what is unknown. */
	produced(p: Produced, written: string): string | undefined {
		if (p.exact && p.unknown.length === 0) {
			const text = p.texts.join('');
			if (p.expands) {
				this.shaping(text, written);
			}
			return text;
		}
		// `cat /tmp/q.json |`: say which file, not which command.
		const files = p.unknown.filter((u) => u.startsWith('the contents of '));
		if (p.texts.length === 0 && files.length === p.unknown.length && files.length > 0 && ['cat', 'head', 'tail', 'tee', ''].includes(p.by)) {
			return this.unknown(written, list(files), files.length > 1 ? 'the files could not be read' : 'the file could not be read');
		}
		this.bodies.push(...p.texts);
		this.builtBy ??= p.by || undefined;
		const by = p.by || 'the command';
		const inputs = p.unknown.filter((u) => !/^what .* prints$/.test(u));
		if (inputs.length > 0 && inputs.every((u) => u.startsWith('the contents of '))) {
			const names = inputs.map((u) => u.slice('the contents of '.length));
			return this.unknown(written, `the output of ${by}`, `it reads ${list(names)}, which could not be read`);
		}
		if (inputs.length > 0) {
			return this.unknown(written, `the output of ${by}`, `it is built from ${list(inputs)}, which ${inputs.length > 1 ? 'are' : 'is'} only known when it runs`);
		}
		if (p.unknown.length > 0) {
			return this.unknown(written, `the output of ${by}`, `the engine does not run ${by}`);
		}
		if (!hasGraphqlDocument(p.texts)) {
			return this.unknown(written, `the output of ${by}`, `the engine does not run ${by}`);
		}
		return undefined;
	}

	/** Like readText, without recording anything as opaque (`--variable name@file` counts only where it is used). */
	peek(name: string, written: string): string | undefined {
		const before = this.opaque.length;
		const text = this.readText(name, written);
		this.opaque.length = before;
		return text;
	}

	unknown(written: string, what: string, why: string): undefined {
		this.opaque.push({ written, what, why });
		return undefined;
	}

	finish(): void {
		// `{"extensions":{"persistedQuery":{"sha256Hash":"…"}}}` without its query: the server runs the
		// operation it stored under that hash, which the line does not show (a `volumeDelete` as well as any).
		for (const body of this.bodies) {
			const hash = persistedQueryHash(body);
			if (hash !== undefined) {
				this.opaque.push({ written: body.length > 80 ? `${body.slice(0, 77)}...` : body, what: `a persisted GraphQL operation (hash ${hash.slice(0, 12)})`, why: 'the server runs the operation it stored under that hash, which the line does not show' });
				break;
			}
		}
		if (this.bodies.length > 1) {
			this.bodies.push(this.bodies.join('&'));
		}
	}
}

/** The hash of a GraphQL request (or the first in a batch) that names a persisted operation and sends no query text. */
function persistedQueryHash(body: string): string | undefined {
	if (!body.includes('persistedQuery')) {
		return undefined;
	}
	let json: unknown;
	try {
		json = JSON.parse(body);
	} catch {
		return undefined;
	}
	for (const item of Array.isArray(json) ? json : [json]) {
		const request = item as { query?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } } | null;
		const hash = request?.extensions?.persistedQuery?.sha256Hash;
		if (request && typeof request === 'object' && typeof request.query !== 'string' && typeof hash === 'string') {
			return hash;
		}
	}
	return undefined;
}

/** `X-HTTP-Method-Override: DELETE` and its cousins: the method a server acts on. */
export const METHOD_OVERRIDE = /^\s*x-(?:http-)?method(?:-override)?\s*:\s*(.*)$/i;

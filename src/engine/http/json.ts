/**
 * `JSON.parse` that answers undefined instead of throwing. Request bodies are often not JSON (a jq
 * program `{query: …}`, a form, a GraphQL document), and a thrown SyntaxError, with its stack trace,
 * was the largest single cost of reading such a body: text that cannot be JSON by its first and last
 * characters is turned away without parsing, and a parse that fails builds no stack trace.
 */
export function parseJson(text: string): unknown {
	if (!couldBeJson(text)) {
		return undefined;
	}
	const limit = Error.stackTraceLimit;
	Error.stackTraceLimit = 0;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	} finally {
		Error.stackTraceLimit = limit;
	}
}

/** JSON's own whitespace (the only characters `JSON.parse` skips around values). */
function isJsonSpace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * False only when `JSON.parse(text)` is sure to throw: nothing but whitespace, an object not closed by
 * `}` or whose first member does not start with `"`, an array not closed by `]`, a string not closed
 * by `"`. Anything else is left to the parser.
 */
function couldBeJson(text: string): boolean {
	let start = 0;
	let end = text.length - 1;
	while (start <= end && isJsonSpace(text.charCodeAt(start))) {
		start++;
	}
	while (end >= start && isJsonSpace(text.charCodeAt(end))) {
		end--;
	}
	if (start > end) {
		return false;
	}
	const first = text[start];
	const last = text[end];
	if (first === '{') {
		let next = start + 1;
		while (next < end && isJsonSpace(text.charCodeAt(next))) {
			next++;
		}
		return last === '}' && end > start && (text[next] === '"' || next === end);
	}
	if (first === '[') {
		return last === ']' && end > start;
	}
	if (first === '"') {
		return last === '"' && end > start;
	}
	return true;
}

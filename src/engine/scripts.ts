/**
 * One-liners in other languages (`python -c`, `node -e`, `ruby -e`, `perl -e`, `php -r`) translated
 * into the shell commands they amount to, so the ordinary rule packs judge them:
 * `shutil.rmtree('data')` → `rm -rf data`, `os.system('…')` → that shell line,
 * `cur.execute('DROP TABLE x')` → SQL `DROP TABLE x`, `requests.delete(url)` → `curl -X DELETE url`.
 *
 * This is recognition of well-known library calls in short code, not a parser for these languages:
 * arguments are read with a quote-aware scanner, and anything not recognised is left alone.
 */

export type ScriptLanguage = 'python' | 'javascript' | 'ruby' | 'perl' | 'php';

export type SyntheticCommand =
	| { readonly kind: 'shell'; readonly text: string }
	/** argv of an equivalent command; `@sql` carries SQL on stdin, `@mongo` carries mongosh code. */
	| { readonly kind: 'argv'; readonly argv: readonly string[]; readonly stdin?: string };

interface CallPattern {
	/** Regex for the call up to and including its opening parenthesis. */
	readonly call: RegExp;
	readonly languages: readonly ScriptLanguage[];
	readonly translate: (args: CallArgs, code: string) => SyntheticCommand | undefined;
}

interface CallArgs {
	/** Raw text of each argument. */
	readonly raw: readonly string[];
	/** The string value of each argument when it is a plain literal. */
	readonly literal: readonly (string | undefined)[];
}

/** The value of a plain string literal (`'x'`, `"x"`, `r'x'`, `` `x` `` without `${}`), else undefined. */
export function stringLiteral(raw: string): string | undefined {
	const m = /^\s*(?:[rRbBuUfF]{0,2})(?:'''([\s\S]*)'''|"""([\s\S]*)"""|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`((?:[^`\\$]|\\.)*)`)\s*$/.exec(raw);
	if (!m) {
		return undefined;
	}
	const body = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
	return body.replace(/\\(["'\\`nt])/g, (_x, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** Splits the argument list that starts right after `(` at `code[start]`, respecting quotes and brackets. */
export function callArguments(code: string, start: number): CallArgs {
	const raw: string[] = [];
	let depth = 0;
	let current = '';
	for (let i = start; i < code.length; i++) {
		const c = code[i];
		if (c === '"' || c === "'" || c === '`') {
			const triple = code.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
			let j = i + triple.length;
			while (j < code.length && !code.startsWith(triple, j)) {
				j += code[j] === '\\' ? 2 : 1;
			}
			current += code.slice(i, j + triple.length);
			i = j + triple.length - 1;
			continue;
		}
		if (c === '(' || c === '[' || c === '{') {
			depth++;
		} else if (c === ')' || c === ']' || c === '}') {
			if (depth === 0) {
				break;
			}
			depth--;
		} else if (c === ',' && depth === 0) {
			raw.push(current.trim());
			current = '';
			continue;
		}
		current += c;
	}
	if (current.trim()) {
		raw.push(current.trim());
	}
	return { raw, literal: raw.map(stringLiteral) };
}

const ALL: readonly ScriptLanguage[] = ['python', 'javascript', 'ruby', 'perl', 'php'];

/** The path argument as it should be typed: the literal, else the expression text. */
function pathOf(args: CallArgs, i = 0): string | undefined {
	return args.literal[i] ?? args.raw[i];
}

function rm(flags: string, target: string | undefined): SyntheticCommand | undefined {
	return target === undefined ? undefined : { kind: 'argv', argv: flags ? ['rm', flags, target] : ['rm', target] };
}

/** Strings in a list literal: `['rm', '-rf', 'x']` → argv. */
function listLiteral(raw: string | undefined): string[] | undefined {
	if (!raw || !/^[[(]/.test(raw.trim())) {
		return undefined;
	}
	const inner = callArguments(raw.trim().slice(1), 0);
	return inner.literal.every((l) => l !== undefined) ? (inner.literal as string[]) : undefined;
}

/** A shell string or an argv list, whichever the first argument is. */
function command(args: CallArgs): SyntheticCommand | undefined {
	const list = listLiteral(args.raw[0]);
	if (list && list.length > 0) {
		// `['sh', '-c', '…']` is left to the shell unwrapper.
		return { kind: 'argv', argv: list };
	}
	const text = args.literal[0];
	return text !== undefined ? { kind: 'shell', text } : undefined;
}

function http(method: string | undefined, args: CallArgs): SyntheticCommand | undefined {
	const url = args.literal[0] ?? args.raw[0];
	if (url === undefined) {
		return undefined;
	}
	const rest = args.raw.slice(1).join(', ');
	const verb = method ?? /method\s*[:=]\s*['"](\w+)['"]/i.exec(rest)?.[1]?.toUpperCase() ?? 'GET';
	const argv = ['curl', '-X', verb.toUpperCase(), url];
	if (rest) {
		argv.push('--data', rest);
	}
	return { kind: 'argv', argv };
}

const CALLS: readonly CallPattern[] = [
	// Files
	{ call: /\b(?:shutil\.rmtree|rmtree|remove_tree|FileUtils\.(?:rm_rf|rm_r|remove_dir|remove_entry_secure|rmtree)|fse?\.(?:remove|removeSync|emptyDir|emptyDirSync)|rimraf(?:\.sync)?|deleteSync|del\.sync)\s*\(/, languages: ALL, translate: (a) => rm('-rf', pathOf(a)) },
	{ call: /\bfs(?:\.promises)?\.(?:rmSync|rm|rmdirSync|rmdir)\s*\(/, languages: ['javascript'], translate: (a) => rm(/recursive\s*:\s*true/.test(a.raw.slice(1).join(',')) ? '-rf' : '', pathOf(a)) },
	{ call: /\b(?:os\.(?:remove|unlink|rmdir|removedirs)|fs(?:\.promises)?\.(?:unlinkSync|unlink)|File\.(?:delete|unlink)|FileUtils\.rm(?:_f)?|unlink)\s*\(/, languages: ALL, translate: (a, code) => rm(/\bfor\b|\.forEach|\bmap\(|\beach\b/.test(code) ? '-r' : '', pathOf(a)) },
	{ call: /\b(?:Path|pathlib\.Path)\s*\(/, languages: ['python'], translate: (a, code) => (/\)\s*\.\s*(?:unlink|rmdir)\s*\(/.test(code) ? rm('', pathOf(a)) : undefined) },
	// Shell out
	{ call: /\b(?:os\.(?:system|popen)|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|child_process\.(?:exec|execSync|spawn|spawnSync|execFile|execFileSync)|(?<![.\w])(?:execSync|exec|spawnSync|spawn|execFileSync|system|shell_exec|passthru|proc_open|popen|qx|Open3\.capture2e?|Kernel\.system|IO\.popen)|\$\.?(?:sh|exec))\s*\(/, languages: ALL, translate: (a) => {
		// execFile('rm', ['-rf', 'x']) and spawn('rm', [...]): program plus a list.
		const list = listLiteral(a.raw[1]);
		if (a.literal[0] !== undefined && list) {
			return { kind: 'argv', argv: [a.literal[0], ...list] };
		}
		return command(a);
	} },
	// SQL through drivers and ORMs
	{ call: /\.(?:execute|executescript|executemany|exec|query|raw|run|prepare|sql|unsafe|\$executeRawUnsafe|\$executeRaw|\$queryRawUnsafe|do|select_all|exec_query)\s*\(/, languages: ALL, translate: (a) => (a.literal[0] !== undefined && looksLikeSql(a.literal[0]) ? { kind: 'argv', argv: ['@sql'], stdin: a.literal[0] } : undefined) },
	// HTTP clients
	{ call: /\b(?:requests|httpx|session|s|client|axios|got|ky|superagent|http)\.(delete|post|put|patch|request)\s*\(/, languages: ALL, translate: (a, code) => {
		const m = /\.(delete|post|put|patch|request)\s*\($/.exec(code);
		const verb = m?.[1]?.toLowerCase();
		if (verb === 'request') {
			return http(a.literal[0]?.toUpperCase(), { raw: a.raw.slice(1), literal: a.literal.slice(1) });
		}
		return http(verb?.toUpperCase(), a);
	} },
	{ call: /\bfetch\s*\(/, languages: ['javascript'], translate: (a) => http(undefined, a) },
	{ call: /\b(?:urllib\.request\.)?Request\s*\(/, languages: ['python'], translate: (a) => http(undefined, a) },
	// Redis and Mongo drivers
	{ call: /\.(?:flushall|flushAll|flushdb|flushDb)\s*\(/, languages: ALL, translate: (_a, code) => ({ kind: 'argv', argv: ['redis-cli', /flushall\s*\($/i.test(code) ? 'FLUSHALL' : 'FLUSHDB'] }) },
	{ call: /\.(?:drop_database|dropDatabase)\s*\(/, languages: ALL, translate: (a) => ({ kind: 'argv', argv: ['@mongo'], stdin: a.literal[0] !== undefined ? `db.getSiblingDB('${a.literal[0]}').dropDatabase()` : 'db.dropDatabase()' }) },
	{ call: /\.(?:drop_collection|dropCollection)\s*\(/, languages: ALL, translate: (a) => ({ kind: 'argv', argv: ['@mongo'], stdin: `db.${a.literal[0] ?? a.raw[0] ?? 'collection'}.drop()` }) },
	{ call: /\b(\w+)\.(?:delete_many|deleteMany|remove)\s*\(/, languages: ALL, translate: (a, code) => {
		const collection = /(\w+)\.(?:delete_many|deleteMany|remove)\s*\($/.exec(code)?.[1] ?? 'collection';
		return a.raw.length === 0 || /^\{\s*\}$/.test(a.raw[0]) ? { kind: 'argv', argv: ['@mongo'], stdin: `db.${collection}.deleteMany({})` } : undefined;
	} },
];

const SQL_START = /^\s*(?:drop|truncate|delete|update|alter|create|insert|select|with|grant|revoke|replace|merge|begin|pragma|vacuum|attach|detach)\b/i;

function looksLikeSql(text: string): boolean {
	return SQL_START.test(text);
}

/** Translates the recognised calls in `code` into equivalent commands, in source order. */
export function scriptInvocations(language: ScriptLanguage, code: string): SyntheticCommand[] {
	const found: { at: number; command: SyntheticCommand }[] = [];
	const text = code.length > 262144 ? code.slice(0, 262144) : code;
	for (const pattern of CALLS) {
		if (!pattern.languages.includes(language)) {
			continue;
		}
		const re = new RegExp(pattern.call.source, 'g');
		let m: RegExpExecArray | null;
		let guard = 0;
		while ((m = re.exec(text)) && guard++ < 200) {
			const end = m.index + m[0].length;
			const translated = pattern.translate(callArguments(text, end), text.slice(0, end));
			if (translated) {
				found.push({ at: m.index, command: translated });
			}
		}
	}
	// Perl and Ruby backticks, `qx{}` and `%x()` run shell code.
	if (language === 'perl' || language === 'ruby' || language === 'php') {
		for (const m of text.matchAll(/`([^`]{1,4096})`|\bqx\{([^}]{1,4096})\}|%x\(([^)]{1,4096})\)/g)) {
			found.push({ at: m.index ?? 0, command: { kind: 'shell', text: m[1] ?? m[2] ?? m[3] ?? '' } });
		}
	}
	return found.sort((a, b) => a.at - b.at).map((f) => f.command);
}

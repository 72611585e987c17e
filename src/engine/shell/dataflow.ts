/**
 * Files written earlier in the same line: `printf '…' > /tmp/q.json && curl --data @/tmp/q.json …`.
 * What a later command reads from such a file is what the line wrote there, not what is on disk
 * now, so a request body, an SQL script or a shell script moved into a file is judged all the same.
 *
 * Writes are recorded in the order the line runs them, each with the index of the invocation
 * that wrote it; a read sees only writes by earlier invocations (`position`). A write whose
 * content is not known (`curl -o f`, `cmd > f`) makes the file unknown from then on: a reader of
 * it is judged as reading something it cannot see.
 */
import * as path from 'path';
import { commandName, parseArgs, shortOption, withKnownFolders } from './argv';
import { aliasWrite } from './gitConfig';
import { outputOf } from './input';
import { ARGUMENT_WRITERS, argumentOutputs } from './outputFiles';
import type { AnalysisContext, SimpleCommand, Word } from '../types';

interface Write {
	readonly path: string;
	readonly index: number;
	/** `undefined`: written, but what was written is not known. */
	readonly content: string | undefined;
	readonly append: boolean;
	/** An in-place edit's new text, when it shows it (`sed -i '1a …'`): not the file's content, only what it adds. */
	readonly inserted?: string;
}

/** Caps the work on a line that writes many files. */
const MAX_WRITES = 256;

export class InlineFiles {
	private readonly writes: Write[] = [];
	/** `mv FROM TO` earlier in the line: what is at TO afterwards is what was at FROM. */
	private readonly moves: { readonly from: string; readonly to: string; readonly index: number }[] = [];
	/** Reads see writes made by invocations before this index. */
	position = Number.POSITIVE_INFINITY;

	constructor(private readonly base: AnalysisContext['readFile']) {}

	/** A file as the command at `position` will find it: the line's writes over what is on disk. */
	readonly read = (absolute: string): string | undefined => {
		let content: string | undefined;
		let written = false;
		for (const w of this.writes) {
			if (w.index >= this.position || w.path !== absolute) {
				continue;
			}
			if (!w.append) {
				content = w.content;
			} else {
				const before = written ? content : this.base?.(absolute) ?? '';
				content = before === undefined || w.content === undefined ? undefined : before + w.content;
			}
			written = true;
		}
		return written ? content : this.base?.(absolute);
	};

	/** The files named `name` the line writes before `position`. */
	writtenNamed(name: string): string[] {
		return this.writes.filter((w) => w.index < this.position && path.basename(w.path) === name).map((w) => w.path);
	}

	/** How many writes are recorded: a mark for `since`. */
	get count(): number {
		return this.writes.length;
	}

	/** The writes recorded after `mark`, in order. */
	since(mark: number): readonly { readonly path: string; readonly content: string | undefined; readonly inserted?: string }[] {
		return this.writes.slice(mark);
	}

	/** The moves made before `position`, in order (empty when none). */
	movesBefore(): readonly { readonly from: string; readonly to: string }[] {
		return this.moves.length === 0 ? [] : this.moves.filter((m) => m.index < this.position);
	}

	/**
	 * `mv FROM TO`, `mv FROM… DIR/`, `mv -t DIR FROM…`: where each source lands. A destination written with a
	 * trailing slash, named by -t, or taking several sources is a folder the sources keep their names in.
	 */
	private recordMoves(args: readonly Word[], index: number, at: (file: string) => string | undefined): void {
		const parsed = parseArgs(args, { withValue: ['-t', '--target-directory', '-S', '--suffix'] });
		const folder = parsed.options.get('-t')?.at(-1) ?? parsed.options.get('--target-directory')?.at(-1);
		const sources = folder !== undefined ? parsed.positionals : parsed.positionals.slice(0, -1);
		const dest = folder ?? parsed.positionals.at(-1)?.text;
		if (dest === undefined || sources.length === 0) {
			return;
		}
		const into = folder !== undefined || dest.endsWith('/') || sources.length > 1;
		for (const source of sources) {
			const from = at(source.text);
			const to = at(into ? path.posix.join(dest, path.posix.basename(source.text.replace(/\/+$/, ''))) : dest);
			if (from !== undefined && to !== undefined && this.moves.length < MAX_WRITES) {
				this.moves.push({ from, to, index });
			}
		}
	}

	/** True when the line writes the file before `position` (so a failed read means "unknown", not "absent"). */
	writtenBefore(absolute: string): boolean {
		return this.writes.some((w) => w.index < this.position && w.path === absolute);
	}

	/** Records what a command's redirections write (`> f`, `>> f`, `&> f`), as invocation `index`. */
	recordRedirects(cmd: SimpleCommand, index: number, ctx: AnalysisContext, cwd: string | undefined): void {
		const at = (file: string) => resolve(file, ctx, cwd);
		const name = cmd.words[0] ? commandName(cmd.words[0].text) : '';
		let output: string | undefined | null = null;
		const stdout = () => (output === null ? (output = outputOf(cmd, ctx)) : output);
		for (const r of cmd.redirects) {
			if (this.writes.length >= MAX_WRITES) {
				return;
			}
			if (!r.target || !/^(?:>|>>|>\||&>|&>>)$/.test(r.op)) {
				continue;
			}
			const file = at(r.target.text);
			if (file === undefined) {
				continue;
			}
			const append = r.op === '>>' || r.op === '&>>';
			// Standard error of a printing builtin is empty; anything else written to fd 2 is unknown.
			const content = r.fd === '2' ? (PRINTERS.has(name) ? '' : undefined) : stdout();
			this.writes.push({ path: file, index, content, append });
		}
	}

	/**
	 * Records what a program writes into files named in its arguments (`tee f`, `cp a f`,
	 * `curl -o f`, `sed -i … f`), as invocation `index`. `stdinText` is what reaches its stdin.
	 */
	recordProgram(words: readonly Word[], stdinText: string | undefined, index: number, ctx: AnalysisContext, cwd: string | undefined): void {
		if (this.writes.length >= MAX_WRITES || words.length === 0) {
			return;
		}
		const at = (file: string) => resolve(file, ctx, cwd);
		const name = commandName(words[0].text);
		const args = words.slice(1);
		if (name === 'tee') {
			const parsed = parseArgs(args);
			const append = parsed.options.has('-a') || parsed.options.has('--append');
			const content = stdinText;
			for (const w of parsed.positionals) {
				const file = at(w.text);
				if (file !== undefined) {
					this.writes.push({ path: file, index, content, append });
				}
			}
		} else if (name === 'cp' || name === 'mv' || name === 'install') {
			const positionals = parseArgs(args, { withValue: ['-t', '--target-directory', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group'] }).positionals;
			const [source, dest] = positionals.length === 2 ? positionals : [undefined, undefined];
			const from = source ? at(source.text) : undefined;
			const to = dest ? at(dest.text) : undefined;
			if (to !== undefined) {
				this.writes.push({ path: to, index, content: from === undefined ? undefined : this.read(from), append: false });
			}
			if (name === 'mv') {
				this.recordMoves(args, index, at);
			}
		} else if (DOWNLOADERS.has(name)) {
			// `curl -o f URL`, `wget -O f URL`: whatever the server sends.
			for (const value of downloadedTo(name, args)) {
				const file = at(value);
				if (file !== undefined) {
					this.writes.push({ path: file, index, content: undefined, append: false });
				}
			}
		} else if (name === 'git') {
			// `git config alias.p 'push --force'; git p origin main`: the alias is in the config file from then on (gitConfig.ts).
			const write = aliasWrite(args, ctx, cwd);
			if (write) {
				this.writes.push({ path: write.file, index, content: write.content, append: true });
			}
		} else if (name === 'dd') {
			// `dd of=f` writes its input: `if=FILE`, else standard input (`conv=notrunc`, `seek=` patch it in place).
			const operand = (key: string) => args.find((w) => w.text.startsWith(`${key}=`))?.text.slice(key.length + 1);
			const to = operand('of');
			const file = to === undefined ? undefined : at(to);
			if (file !== undefined) {
				const from = operand('if');
				const patched = args.some((w) => /^(?:seek|oseek)=|^conv=.*notrunc/.test(w.text));
				const source = from === undefined ? stdinText : at(from);
				const content = patched ? undefined : from === undefined ? source : source === undefined ? undefined : this.read(source);
				this.writes.push({ path: file, index, content, append: false });
			}
		} else if (ARGUMENT_WRITERS.has(name) && name !== 'sed' && name !== 'gsed') {
			// `sort -o f`, `uniq in f`, `patch f`, `vim -c … f`: text only known when it runs (outputFiles.ts).
			for (const output of argumentOutputs(name, args, stdinText, () => [])) {
				const file = output.tree ? undefined : at(output.word.text);
				if (file !== undefined) {
					this.writes.push({ path: file, index, content: undefined, append: false });
				}
			}
		} else if (name === 'sed' || name === 'perl') {
			const scripts = name === 'sed' ? sedScripts(args, (file) => {
				const absolute = at(file);
				return absolute === undefined ? undefined : this.read(absolute);
			}) : undefined;
			// sed's `w FILE` and `s///w FILE` write lines of its input there (all of it, taken as the upper bound).
			for (const file of scripts === undefined ? [] : sedWrittenFiles(scripts.texts)) {
				const absolute = at(file);
				if (absolute !== undefined) {
					this.writes.push({ path: absolute, index, content: scripts?.input(stdinText), append: false });
				}
			}
			// `sed -i`, `perl -pi`: edited in place, the result is not computed here — but what sed adds is kept.
			if (args.some((w) => /^-[a-zA-Z]*i/.test(w.text) || w.text.startsWith('--in-place'))) {
				const inserted = scripts === undefined ? undefined : sedInserted(scripts.texts);
				for (const w of args.filter((a) => !a.text.startsWith('-') && !a.dynamic)) {
					const file = at(w.text);
					if (file !== undefined) {
						this.writes.push({ path: file, index, content: undefined, append: false, ...(inserted ? { inserted } : {}) });
					}
				}
			}
		}
	}
}

/**
 * A sed command's scripts (`-e`, `--expression`, the text of `-f` files; undefined when a `-f` file cannot be
 * read) and its input: the files after the script, else standard input.
 */
function sedScripts(args: readonly Word[], read: (file: string) => string | undefined): { readonly texts: readonly string[] | undefined; input(stdin: string | undefined): string | undefined } {
	const parsed = parseArgs(args, { withValue: ['-e', '--expression', '-f', '--file', '-l', '--line-length'], long: ['--expression', '--file', '--in-place', '--line-length'] });
	const given = [...(parsed.options.get('-e') ?? []), ...(parsed.options.get('--expression') ?? [])];
	const files = [...(parsed.options.get('-f') ?? []), ...(parsed.options.get('--file') ?? [])].map(read);
	const fromOptions = given.length + files.length > 0;
	const texts = files.some((t) => t === undefined) ? undefined : [...given, ...(files as string[]), ...(fromOptions ? [] : parsed.positionals.slice(0, 1).map((w) => w.text))];
	const inputs = parsed.positionals.slice(fromOptions ? 0 : 1);
	return {
		texts,
		input: (stdin) => {
			if (inputs.length === 0) {
				return stdin;
			}
			const parts = inputs.map((w) => read(w.text));
			return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
		},
	};
}

/** The files a sed script writes with `w FILE` or `s///w FILE` (to the end of the line, as sed reads it). */
/** The files sed's `w F` and `s///w F` write, each with what it writes at most (its input, when known). */
export function sedWriteTargets(args: readonly Word[], stdin: string | undefined, read: (file: string) => string | undefined): { file: string; content: string | undefined }[] {
	const scripts = sedScripts(args, read);
	return sedWrittenFiles(scripts.texts).map((file) => ({ file, content: scripts.input(stdin) }));
}

function sedWrittenFiles(texts: readonly string[] | undefined): string[] {
	const out: string[] = [];
	for (const script of (texts ?? []).slice(0, 16)) {
		const text = script.slice(0, 65536);
		// `w FILE`, `wFILE` (GNU sed needs no space), and `W FILE` (the first line of the pattern space).
		for (const m of text.matchAll(new RegExp(String.raw`(?:^|[;\n{}])\s*${SED_ADDRESS}[wW][ \t]*([^\n]+)`, 'g'))) {
			out.push(m[1].trim());
		}
		for (const m of text.matchAll(/s(.)(?:(?!\1)[^\\]|\\.)*\1(?:(?!\1)[^\\]|\\.)*\1[gpiImMe0-9]*w[ \t]*([^\n]+)/g)) {
			out.push(m[2].trim());
		}
	}
	return out.filter((f) => f !== '' && f !== '/dev/stdout' && f !== '/dev/stderr');
}

/** A sed address (a line, `$`, a `/regex/`, a range of two) and an optional `!`. */
const SED_ADDRESS = String.raw`(?:(?:\d+|\$|\/(?:[^/\\\n]|\\.)*\/)(?:\s*,\s*(?:\d+|\$|\/(?:[^/\\\n]|\\.)*\/))?)?\s*!?\s*`;

/**
 * The text a sed script puts into the file: what `a`, `i` and `c` add (`1a text`, `$a\\` then the text) and the
 * replacements of `s` commands. Not the file's content — only the new text, for judging what it plants. (A `-f`
 * script that cannot be read adds nothing known: the edit stays an unjudged in-place edit, as before.)
 */
function sedInserted(scripts: readonly string[] | undefined): string | undefined {
	if (scripts === undefined) {
		return undefined;
	}
	const parts: string[] = [];
	const added = new RegExp(String.raw`(?:^|[;\n{}])\s*${SED_ADDRESS}[aic](?:\\\n|\\?[ \t]*)([^\n]*)`, 'g');
	for (const script of scripts.slice(0, 16)) {
		for (const m of script.slice(0, 65536).matchAll(added)) {
			// GNU sed reads escapes in the text: `\t` is a tab, a backslash before anything else is dropped.
			parts.push(m[1].replace(/\\t/g, '\t').replace(/\\(.)/g, '$1'));
		}
		for (const m of script.slice(0, 65536).matchAll(/s(.)((?:(?!\1)[^\\]|\\.)*)\1((?:(?!\1)[^\\]|\\.)*)\1/g)) {
			parts.push(m[3].replace(/\\n/g, '\n').replace(/\\(.)/g, '$1'));
		}
	}
	const text = parts.join('\n');
	return text.trim() === '' ? undefined : text;
}

const PRINTERS = new Set(['echo', 'printf', 'cat', ':', 'true']);
/** Programs recordProgram knows to write files named in their arguments. */
export const WRITERS = new Set(['tee', 'cp', 'mv', 'install', 'curl', 'wget', 'sed', 'perl', 'dd', 'git', ...ARGUMENT_WRITERS]);
const DOWNLOADERS = new Set(['curl', 'wget']);
/** Their short options that take a value, so `-so f` is read as `-s -o f` and `-Hx` is not taken for `-o`. */
const DOWNLOAD_VALUE_LETTERS: Readonly<Record<string, string>> = { curl: 'AbcCdDeEFHKmoPQrtTuUwxXyYz', wget: 'OoaeiBtTwQPUlARDIX' };

/**
 * The files `curl -o f URL` / `wget -O f URL` write (`-o f`, `-of`, `-so f` — a bundle ending in the
 * letter — `--output f`, `--output-document=f`), as written; not `-` (standard output).
 */
export function downloadedTo(name: string, args: readonly Word[]): string[] {
	const letters = DOWNLOAD_VALUE_LETTERS[name];
	if (letters === undefined) {
		return [];
	}
	const files: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		const short = [...(name === 'curl' ? 'o' : 'Oo')].map((letter) => shortOption(t, letter, letters)).find((v) => v !== undefined);
		const long = /^(?:--output=|--output-document=)(.*)$/.exec(t)?.[1] ?? (/^(?:--output|--output-document)$/.test(t) ? args[i + 1]?.text : undefined);
		const value = short === null ? args[i + 1]?.text : short === undefined || short === '' ? long : short;
		if (value !== undefined && value !== '-') {
			files.push(value);
		}
	}
	return files;
}

function resolve(file: string, ctx: AnalysisContext, cwd: string | undefined): string | undefined {
	const home = ctx.home ?? ctx.env?.HOME;
	const here = cwd ?? ctx.cwd ?? process.cwd();
	const text = withKnownFolders(file, here, home);
	if (text.startsWith('~') || text === '' || /[$`]/.test(text)) {
		return undefined;
	}
	return path.isAbsolute(text) ? path.normalize(text) : path.resolve(here, text);
}

/**
 * Files a program writes because its arguments name them, beyond redirects and the writers read
 * elsewhere (`tee`, `cp`, `curl -o`, `sed -i`, `dd of=` — dataflow.ts, self-protection-writes.ts):
 *
 *   find … -fprint F, sort -o F …, uniq IN OUT, xxd IN OUT, iconv -o F, openssl … -out F, gpg -o F, patch F (or -o F),
 *   sed 'w F' / 's/a/b/w F', gawk -i inplace … F, an editor run with a script (`vim -c … F`, `ex … F`,
 *   `ed F`, and paths its script names), and an archive unpacked into a named folder (`tar -x -C D`,
 *   `unzip -d D`, `7z x -oD`: everything in D).
 *
 * Their text is not known here (sorted, decoded, patched, edited), except what sed's `w F` writes: at
 * most its input. Each was a way to change a shell startup file or a git hook unasked.
 */
import { literalWord, parseArgs } from './argv';
import type { Word } from '../types';

export interface ArgumentOutput {
	readonly word: Word;
	/** `unpack`: an archive unpacked into the folder `word`, everything in it. */
	readonly how: 'overwrite' | 'edit' | 'unpack';
	/** A folder and everything in it (an archive unpacked there). */
	readonly tree?: boolean;
	/** The text written, when it is known. */
	readonly content?: string;
}

const EDITORS = new Set(['vim', 'vi', 'nvim', 'gvim', 'view', 'vimdiff', 'ex', 'ed', 'red']);

/** The programs argumentOutputs knows (sed is here for its `w F` without `-i`). */
export const ARGUMENT_WRITERS = new Set(['find', 'sort', 'uniq', 'xxd', 'iconv', 'openssl', 'gpg', 'gpg2', 'patch', 'sed', 'gsed', 'awk', 'gawk', 'tar', 'bsdtar', 'gtar', 'unzip', '7z', '7za', ...EDITORS]);

/** What sed's `w F` commands write: sedWriteTargets (dataflow.ts) with the scripts' input. */
export type SedWrites = (args: readonly Word[], stdin: string | undefined) => readonly { readonly file: string; readonly content: string | undefined }[];

/** Every value of the options `names` (`-o F`, `--output F`, `--output=F`): the last one wins, but each is taken. */
function wordsAfter(args: readonly Word[], names: readonly string[]): Word[] {
	const out: Word[] = [];
	for (let i = 0; i < args.length; i++) {
		const text = args[i].text;
		for (const name of names) {
			if (text === name && args[i + 1]) {
				out.push(args[i + 1]);
			} else if (name.startsWith('--') && text.startsWith(`${name}=`)) {
				out.push({ ...args[i], text: text.slice(name.length + 1) });
			}
		}
	}
	return out;
}

function wordAfter(args: readonly Word[], names: readonly string[]): Word | undefined {
	return wordsAfter(args, names)[0];
}

/** Editors with a script (`-c`, `+cmd`, `-s`, `-e`, `-S`, `--cmd`): scripted, so nobody sees what they change. */
function scriptedEditor(name: string, args: readonly Word[]): boolean {
	return name === 'ex' || name === 'ed' || name === 'red' || args.some((w) => /^\+/.test(w.text) || /^(?:-c|--cmd|-S|-s|-e|-E|-es|-Es|-ens|-u)$/.test(w.text) || /^-[A-Za-z]*[esE][A-Za-z]*$/.test(w.text));
}

/** True when an archive tool unpacks into the folder it runs in (no `-C`/`-d`/`-o` given). */
export function unpacksHere(name: string, args: readonly Word[]): boolean {
	return ['tar', 'bsdtar', 'gtar', 'unzip', '7z', '7za'].includes(name) && unpacks(name, args) && unpackedInto(name, args) === undefined;
}

function unpacks(name: string, args: readonly Word[]): boolean {
	if (name === 'unzip') {
		return !args.some((w) => /^-[A-Za-z]*[lvtZ]/.test(w.text)); // -l/-v/-t/-Z list or test
	}
	if (name === '7z' || name === '7za') {
		return /^[xe]$/.test(args[0]?.text ?? '');
	}
	return args.some((w, i) => w.text === '--extract' || w.text === '--get' || /^-[A-Za-z]*x/.test(w.text) || (i === 0 && /^[A-Za-z]*x[A-Za-z]*$/.test(w.text)));
}

/** The folder an archive tool unpacks into, when the line names one; undefined when it does not unpack or names none. */
function unpackedInto(name: string, args: readonly Word[]): Word | undefined {
	if (!unpacks(name, args)) {
		return undefined;
	}
	if (name === 'unzip') {
		const attached = args.find((w) => /^-d./.test(w.text));
		return attached ? { ...attached, text: attached.text.slice(2) } : wordAfter(args, ['-d']);
	}
	if (name === '7z' || name === '7za') {
		const out = args.find((w) => /^-o./.test(w.text));
		return out ? { ...out, text: out.text.slice(2) } : undefined;
	}
	// tar: `-x`, a bundle with x (`-xzf`, or `xzf` as the first word), `--extract`, `--get` (unpacks()).
	const attached = args.find((w) => /^-C./.test(w.text));
	return attached ? { ...attached, text: attached.text.slice(2) } : wordAfter(args, ['-C', '--directory']);
}

/** The files `name ARGS` writes because its arguments name them (see the module comment). */
export function argumentOutputs(name: string, args: readonly Word[], stdin: string | undefined, sedWrites: SedWrites): ArgumentOutput[] {
	const out: ArgumentOutput[] = [];
	const overwrite = (word: Word | undefined, content?: string) => {
		if (word && word.text !== '' && word.text !== '-' && word.text !== '/dev/stdout' && word.text !== '/dev/stderr') {
			out.push({ word, how: 'overwrite', ...(content !== undefined ? { content } : {}) });
		}
	};
	switch (name) {
		case 'find':
			// `-fprint F`, `-fprint0 F`, `-fprintf F FORMAT`, `-fls F`: find writes its output to F.
			args.forEach((w, i) => {
				if (/^-(?:fprint0?|fprintf|fls)$/.test(w.text)) {
					overwrite(args[i + 1]);
				}
			});
			break;
		case 'sort':
			wordsAfterOption(args, '-o', '--output').forEach((w) => overwrite(w));
			break;
		case 'uniq':
			overwrite(parseArgs(args, { withValue: ['-f', '--skip-fields', '-s', '--skip-chars', '-w', '--check-chars'] }).positionals[1]);
			break;
		case 'xxd':
			overwrite(parseArgs(args, { withValue: ['-c', '-cols', '-g', '-groupsize', '-l', '-len', '-o', '-offset', '-s', '-seek', '-n', '-name'] }).positionals[1]);
			break;
		case 'iconv':
			wordsAfterOption(args, '-o', '--output').forEach((w) => overwrite(w));
			break;
		case 'openssl':
			wordsAfter(args, ['-out']).forEach((w) => overwrite(w));
			break;
		case 'gpg':
		case 'gpg2':
			wordsAfterOption(args, '-o', '--output').forEach((w) => overwrite(w));
			break;
		case 'awk':
		case 'gawk':
			out.push(...awkInPlace(args).map((word) => ({ word, how: 'edit' as const })));
			break;
		case 'patch': {
			const parsed = parseArgs(args, { withValue: ['-p', '-i', '--input', '-o', '--output', '-r', '--reject-file', '-D', '--ifdef', '-F', '--fuzz', '-B', '--prefix', '-d', '--directory', '-z', '--suffix', '-V', '--version-control', '-Y', '--basename-prefix', '--backup-if-mismatch', '--quoting-style'] });
			const to = wordsAfterOption(args, '-o', '--output');
			if (to.length > 0) {
				to.forEach((w) => overwrite(w));
			} else if (parsed.positionals[0]) {
				out.push({ word: parsed.positionals[0], how: 'edit' });
			}
			break;
		}
		case 'sed':
		case 'gsed':
			for (const w of sedWrites(args, stdin)) {
				overwrite(literalWord(w.file, /[$`]/.test(w.file)), w.content);
			}
			break;
		case 'tar':
		case 'bsdtar':
		case 'gtar':
		case 'unzip':
		case '7z':
		case '7za': {
			const into = unpackedInto(name, args);
			if (into) {
				out.push({ word: into, how: 'unpack', tree: true });
			}
			break;
		}
		default:
			if (EDITORS.has(name) && scriptedEditor(name, args)) {
				const parsed = parseArgs(args, { withValue: ['-c', '--cmd', '-S', '-u', '-U', '-i', '-T', '-w', '-W', '-p', '-t', '-q', '--servername'] });
				out.push(...[...parsed.positionals.filter((w) => !w.text.startsWith('+')), ...scriptPaths(args)].map((word) => ({ word, how: 'edit' as const })));
			}
	}
	return out;
}

/** Every value of a short or long option, as its own word or attached (`-oF`, `--output=F`). */
function wordsAfterOption(args: readonly Word[], short: string, long: string): Word[] {
	const attached = args.filter((w) => w.text.startsWith(short) && w.text.length > short.length && !w.text.startsWith('--')).map((w) => ({ ...w, text: w.text.slice(short.length) }));
	return [...attached, ...wordsAfter(args, [short, long])];
}

/** Paths an editor's script names (`-c 'w ~/.bashrc'`, `+'call writefile([…], "~/.zshrc")'`): any of them may be written. */
function scriptPaths(args: readonly Word[]): Word[] {
	const scripts = args.flatMap((w, i) => (w.text.startsWith('+') ? [w.text.slice(1)] : /^(?:-c|--cmd)$/.test(w.text) && args[i + 1] ? [args[i + 1].text] : []));
	return scripts.flatMap((script) => [...script.slice(0, 4096).matchAll(/(?:^|[\s'"(,=])((?:~|\$HOME|\.{0,2})\/[^\s'"(),|]+|\.[A-Za-z][^\s'"(),|/]*(?:\/[^\s'"(),|]+)?)/g)].map((m) => literalWord(m[1])));
}

/** gawk's in-place edit (`-i inplace`, `--include=inplace`): the files after the program are rewritten. */
function awkInPlace(args: readonly Word[]): Word[] {
	const inplace = args.some((w, i) => (/^(?:-i|--include)$/.test(w.text) && args[i + 1]?.text === 'inplace') || /^(?:-iinplace|--include=inplace)$/.test(w.text));
	if (!inplace) {
		return [];
	}
	const parsed = parseArgs(args, { withValue: ['-F', '-v', '-f', '--file', '-i', '--include', '-e', '--source', '--field-separator', '--assign', '-l', '--load'] });
	const programGiven = parsed.options.has('-f') || parsed.options.has('--file') || parsed.options.has('-e') || parsed.options.has('--source');
	return parsed.positionals.slice(programGiven ? 0 : 1).filter((w) => !w.text.includes('='));
}


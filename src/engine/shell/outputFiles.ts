/**
 * Files a program writes because its arguments name them, beyond redirects and the writers read
 * elsewhere (`tee`, `cp`, `curl -o`, `sed -i`, `dd of=` — dataflow.ts, self-protection-writes.ts):
 *
 *   sort -o F …, uniq IN OUT, xxd IN OUT, iconv -o F, openssl … -out F, gpg -o F, patch F (or -o F),
 *   sed 'w F' / 's/a/b/w F', an editor run with a script (`vim -c … F`, `ex … F`, `ed F`), and an
 *   archive unpacked into a named folder (`tar -x -C D`, `unzip -d D`, `7z x -oD`: everything in D).
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
export const ARGUMENT_WRITERS = new Set(['sort', 'uniq', 'xxd', 'iconv', 'openssl', 'gpg', 'gpg2', 'patch', 'sed', 'gsed', 'tar', 'bsdtar', 'gtar', 'unzip', '7z', '7za', ...EDITORS]);

/** What sed's `w F` commands write: sedWriteTargets (dataflow.ts) with the scripts' input. */
export type SedWrites = (args: readonly Word[], stdin: string | undefined) => readonly { readonly file: string; readonly content: string | undefined }[];

function wordAfter(args: readonly Word[], names: readonly string[]): Word | undefined {
	for (let i = 0; i < args.length; i++) {
		const text = args[i].text;
		for (const name of names) {
			if (text === name) {
				return args[i + 1];
			}
			if (name.startsWith('--') && text.startsWith(`${name}=`)) {
				return { ...args[i], text: text.slice(name.length + 1) };
			}
		}
	}
	return undefined;
}

/** Editors with a script (`-c`, `+cmd`, `-s`, `-e`, `-S`, `--cmd`): scripted, so nobody sees what they change. */
function scriptedEditor(name: string, args: readonly Word[]): boolean {
	return name === 'ex' || name === 'ed' || name === 'red' || args.some((w) => /^\+/.test(w.text) || /^(?:-c|--cmd|-S|-s|-e|-E|-es|-Es|-ens|-u)$/.test(w.text) || /^-[A-Za-z]*[esE][A-Za-z]*$/.test(w.text));
}

/** The folder an archive tool unpacks into, when the line names one; undefined when it does not unpack or names none. */
function unpackedInto(name: string, args: readonly Word[]): Word | undefined {
	if (name === 'unzip') {
		const attached = args.find((w) => /^-d./.test(w.text));
		return attached ? { ...attached, text: attached.text.slice(2) } : wordAfter(args, ['-d']);
	}
	if (name === '7z' || name === '7za') {
		if (!/^[xe]$/.test(args[0]?.text ?? '')) {
			return undefined;
		}
		const out = args.find((w) => /^-o./.test(w.text));
		return out ? { ...out, text: out.text.slice(2) } : undefined;
	}
	// tar: `-x`, a bundle with x (`-xzf`, or `xzf` as the first word), `--extract`, `--get`.
	const extracts = args.some((w, i) => w.text === '--extract' || w.text === '--get' || /^-[A-Za-z]*x/.test(w.text) || (i === 0 && /^[A-Za-z]*x[A-Za-z]*$/.test(w.text)));
	if (!extracts) {
		return undefined;
	}
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
		case 'sort':
			overwrite(wordAfterOption(args, '-o', '--output'));
			break;
		case 'uniq':
			overwrite(parseArgs(args, { withValue: ['-f', '--skip-fields', '-s', '--skip-chars', '-w', '--check-chars'] }).positionals[1]);
			break;
		case 'xxd':
			overwrite(parseArgs(args, { withValue: ['-c', '-cols', '-g', '-groupsize', '-l', '-len', '-o', '-offset', '-s', '-seek', '-n', '-name'] }).positionals[1]);
			break;
		case 'iconv':
			overwrite(wordAfterOption(args, '-o', '--output'));
			break;
		case 'openssl':
			overwrite(wordAfter(args, ['-out']));
			break;
		case 'gpg':
		case 'gpg2':
			overwrite(wordAfterOption(args, '-o', '--output'));
			break;
		case 'patch': {
			const parsed = parseArgs(args, { withValue: ['-p', '-i', '--input', '-o', '--output', '-r', '--reject-file', '-D', '--ifdef', '-F', '--fuzz', '-B', '--prefix', '-d', '--directory', '-z', '--suffix', '-V', '--version-control', '-Y', '--basename-prefix', '--backup-if-mismatch', '--quoting-style'] });
			const to = wordAfterOption(args, '-o', '--output');
			if (to) {
				overwrite(to);
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
				out.push(...parsed.positionals.filter((w) => !w.text.startsWith('+')).map((word) => ({ word, how: 'edit' as const })));
			}
	}
	return out;
}

/** The value of a short or long option as its own word or attached (`-oF`, `--output=F`). */
function wordAfterOption(args: readonly Word[], short: string, long: string): Word | undefined {
	const attached = args.find((w) => w.text.startsWith(short) && w.text.length > short.length && !w.text.startsWith('--'));
	return attached ? { ...attached, text: attached.text.slice(short.length) } : wordAfter(args, [short, long]);
}


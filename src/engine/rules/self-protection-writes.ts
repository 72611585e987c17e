/**
 * For the self-protection pack: which files a command writes, moves over, empties or deletes, and —
 * when the line shows it (`echo`/`printf` words, a heredoc, a here-string, what is piped into `tee`) —
 * the text it writes. Redirects, `tee`, `sponge`, `sed -i`, `perl -pi`, `cp`, `mv`, `ln`, `install`,
 * `rsync`, `dd of=`, `truncate`, `curl -o`/`wget -O`, `rm`/`unlink`/`shred`/`trash`, and the files other
 * programs' arguments name (shell/outputFiles.ts: `sort -o`, `patch`, `sed 'w f'`, `vim -c`, `tar -C` …).
 */
import * as path from 'path';
import { commandName, hasOption, literalWord, longNames, optionValue } from '../shell/argv';
import { gitArgs, gitCall } from './git-shared';
import { LONG_OPTIONS, toolArgs } from '../shell/longOptions';
import { downloadedTo, sedWriteTargets } from '../shell/dataflow';
import { outputOf, readRelative } from '../shell/input';
import { ARGUMENT_WRITERS, argumentOutputs, unpacksHere } from '../shell/outputFiles';
import { UNWRAPPERS } from '../shell/wrappers';
import type { Invocation, SimpleCommand, Word } from '../types';
import type { RuleContext } from './rule';
import { patchFiles } from './self-protection-patch';

/** Variables whose value cannot turn a written line into a hook change (`export PATH=$HOME/bin:$PATH`). */
const PLAIN_VARIABLES = new Set(['HOME', 'PATH', 'USER', 'PWD', 'SHELL', 'LANG']);

/** How a command changes a file. */
export type How = 'append' | 'overwrite' | 'edit' | 'copy' | 'move' | 'link' | 'delete' | 'move-away' | 'empty' | 'unpack' | 'permissions';

/** One file a command changes. `content` is the text written, when the line shows it. */
export interface Write {
	readonly word: Word;
	readonly how: How;
	readonly content?: string;
	/** A directory and everything in it (`rm -r`, `cp -r`): it counts when it holds a protected file. */
	readonly tree?: boolean;
	/** The word as written, when `word` was derived from it (`cp .bashrc ~` writes `~/.bashrc`; the target is `~`). */
	readonly written?: string;
}

/** `$NAME` from variables set earlier in the line; undefined when the value is only known at run time. */
export function expand(text: string, inv: Invocation): string | undefined {
	let unknown = false;
	const out = text.replace(/\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))|\$\{[^}]*\}?|\$.|`/g, (m, braced?: string, plain?: string) => {
		const name = braced ?? plain;
		if (name !== undefined && Object.prototype.hasOwnProperty.call(inv.env, name) && !/[$`]/.test(inv.env[name])) {
			return inv.env[name];
		}
		unknown ||= name === undefined || !PLAIN_VARIABLES.has(name);
		return m;
	});
	return unknown ? undefined : out;
}

/** What a command prints when the line shows it (`echo`, `printf`, `cat <<EOF`); undefined when unknown. */
function printed(cmd: SimpleCommand, inv: Invocation, rc: RuleContext): string | undefined {
	const name = commandName(cmd.words[0]?.text ?? '');
	if (name === ':' || name === 'true') {
		return '';
	}
	const words: Word[] = [];
	for (const w of cmd.words) {
		const text = w.dynamic ? expand(w.text, inv) : w.text;
		if (text === undefined || w.glob) {
			return undefined;
		}
		words.push({ ...w, text });
	}
	return outputOf({ ...cmd, words }, rc.analysis);
}

/** The layer that really writes: `sudo tee f` and `env X=1 echo … >> f` share the redirect with the inner command. */
function peelsFurther(inv: Invocation, rc: RuleContext): boolean {
	const answer = UNWRAPPERS.get(inv.name)?.(inv.argv.slice(1), inv, rc.analysis);
	return [answer ?? []].flat().some((step) => step.kind === 'argv');
}

/** Options of `cp`/`mv`/`ln`/`install`/`rsync` that take a value. */
const COPY_OPTIONS: Readonly<Record<string, readonly string[]>> = {
	common: ['-t', '--target-directory', '-S', '--suffix'],
	install: ['-m', '--mode', '-o', '--owner', '-g', '--group'],
	rsync: ['-e', '--rsh', '--exclude', '--include', '-f', '--filter', '--exclude-from', '--include-from', '--files-from'],
};

/** Paths written by `cp`/`mv`/`ln`/`install`/`rsync`: the destination, or each source's name inside it. */
/** The files `chmod MODE F…`, `chown OWNER F…`, `chgrp GROUP F…`, `chattr [+-=]ATTRS F…` and `setfacl -m SPEC F…` change. */
function permissionTargets(inv: Invocation): Word[] {
	if (inv.name === 'chattr') {
		// `chattr -i f`: attribute changes start with - + =, like its few options (-R -V -f, -v N, -p N).
		const args = inv.argv.slice(1);
		return args.filter((w, i) => !/^[-+=]/.test(w.text) && !/^-[vp]$/.test(args[i - 1]?.text ?? ''));
	}
	if (inv.name === 'setfacl') {
		return toolArgs(inv, { withValue: ['-m', '--modify', '-M', '--modify-file', '-x', '--remove', '-X', '--remove-file', '--set', '--set-file'] }).positionals;
	}
	if (inv.name === 'chmod') {
		// `chmod -x f`: a mode may start with `-`; only -c -f -v -R (and long options) are options.
		const args = inv.argv.slice(1).filter((w) => !/^--/.test(w.text) && !/^-[cfvR]+$/.test(w.text));
		return inv.argv.some((w) => w.text.startsWith('--reference')) ? args : args.slice(1);
	}
	const parsed = toolArgs(inv, { withValue: ['--reference', '--from'] });
	// The owner or group comes first, unless --reference names a file that gives it.
	return optionValue(parsed, '--reference') !== undefined ? parsed.positionals : parsed.positionals.slice(1);
}

function destinations(inv: Invocation, how: How): Write[] {
	const parsed = toolArgs(inv, { withValue: [...COPY_OPTIONS.common, ...(COPY_OPTIONS[inv.name] ?? [])] });
	if (inv.name === 'install' && hasOption(parsed, '-d', '--directory')) {
		return [];
	}
	const tree = hasOption(parsed, '-r', '-R', '--recursive', '-a', '--archive');
	const dir = optionValue(parsed, '-t', '--target-directory');
	const positionals = parsed.positionals;
	const sources = dir !== undefined ? positionals : positionals.slice(0, -1);
	const into = dir !== undefined ? literalWord(dir) : positionals.length >= 2 ? positionals[positionals.length - 1] : inv.name === 'ln' && positionals.length === 1 ? literalWord('.') : undefined;
	if (!into) {
		return [];
	}
	const writes: Write[] = [{ word: into, how }];
	for (const source of sources) {
		// `cp .bashrc ~`, `cp -r fish ~/.config/`: the source's name inside the destination directory.
		const base = path.basename(source.text);
		writes.push({ word: { ...into, text: `${into.text.replace(/\/+$/, '')}/${base}` }, how, tree, written: into.text });
	}
	if (inv.name === 'mv') {
		writes.push(...sources.map((word) => ({ word, how: 'move-away' as const, tree: true })));
	}
	return writes;
}

const found = new WeakMap<Invocation, { readonly rc: RuleContext; readonly writes: readonly Write[] }>();

/** Every file the invocation writes, moves over, empties or deletes (worked out once: three rules ask). */
export function writes(inv: Invocation, rc: RuleContext): readonly Write[] {
	const known = found.get(inv);
	if (known?.rc === rc) {
		return known.writes;
	}
	const list = findWrites(inv, rc);
	// Most commands write nothing: that answer is cheap to find again and is not kept.
	if (list.length > 0) {
		found.set(inv, { rc, writes: list });
	}
	return list;
}

function findWrites(inv: Invocation, rc: RuleContext): Write[] {
	const out: Write[] = [];
	const redirects = inv.redirects.length === 0 ? inv.redirects : inv.redirects.filter((r) => r.target && /^(?:>|>>|>\||&>|&>>|>&)$/.test(r.op) && !/^&?\d*-?$/.test(r.target.text));
	if (redirects.length > 0 && !peelsFurther(inv, rc)) {
		const content = printed({ ...inv.source, words: inv.argv }, inv, rc);
		for (const r of redirects) {
			// Only what goes to stdout is known: `2>> ~/.bashrc` writes error messages.
			const text = r.fd === undefined || r.fd === '1' ? content : undefined;
			out.push({ word: r.target!, how: r.op.endsWith('>>') ? 'append' : text === '' ? 'empty' : 'overwrite', content: text });
		}
	}
	const args = inv.argv.slice(1);
	switch (inv.name) {
		case 'tee':
		case 'sponge': {
			const parsed = toolArgs(inv);
			const from = inv.source.stdin?.kind === 'pipe' ? inv.source.stdin.from : undefined;
			const content = from ? printed(from, inv, rc) : inv.stdinText;
			const how = hasOption(parsed, '-a', '--append') ? 'append' : 'overwrite';
			out.push(...parsed.positionals.map((word) => ({ word, how, content }) as Write));
			break;
		}
		case 'sed':
		case 'gsed':
		case 'perl':
			// In place: any word naming a protected file is one it rewrites (the script is not a path).
			if (args.some((w) => (/^-[a-zA-Z0-9]*i|^--in-place/.test(w.text) || (inv.name !== 'perl' && /^--i/.test(w.text) && longNames(w.text.replace(/=.*/, ''), LONG_OPTIONS.sed).includes('--in-place'))) && (inv.name !== 'perl' || /^-[lnpaws0-9]*i/.test(w.text)))) {
				out.push(...args.filter((w) => !w.text.startsWith('-')).map((word) => ({ word, how: 'edit' as const })));
			}
			break;
		case 'cp':
		case 'install':
		case 'rsync':
			out.push(...destinations(inv, 'copy'));
			break;
		case 'mv':
			out.push(...destinations(inv, 'move'));
			break;
		case 'ln':
			out.push(...destinations(inv, 'link'));
			break;
		case 'curl':
		case 'wget':
			// `curl -o ~/.bashrc URL`, `wget -O .git/hooks/pre-push URL`: whatever the server sends.
			out.push(...downloadedTo(inv.name, args).map((text) => ({ word: { ...literalWord(text), dynamic: /[$`]/.test(text) }, how: 'overwrite' as const })));
			break;
		case 'dd':
			out.push(...args.filter((w) => w.text.startsWith('of=')).map((w) => ({ word: { ...w, text: w.text.slice(3) }, how: 'overwrite' as const })));
			break;
		case 'chmod':
		case 'chown':
		case 'chgrp':
		case 'chattr':
		case 'setfacl':
			// `chmod -x ~/.terminal-guard/bin/terminal-guard`: an agent's hook that cannot run does not block.
			out.push(...permissionTargets(inv).map((word) => ({ word, how: 'permissions' as const, tree: args.some((w) => /^-[a-zA-Z]*R|^--recursive$/.test(w.text)) })));
			break;
		case 'truncate':
			out.push(...toolArgs(inv, { withValue: ['-s', '--size', '-r', '--reference'] }).positionals.map((word) => ({ word, how: 'empty' as const })));
			break;
		case 'apply_patch':
		case 'applypatch': {
			// Codex applies `apply_patch <<'EOF' … EOF` (or the patch as an argument) itself, as its apply_patch tool.
			out.push(...patchWrites([...args.map((w) => w.text), inv.stdinText ?? ''].join('\n')));
			break;
		}
		case 'patch': {
			// `patch -p1 < x.diff`, `patch -i x.diff`: the files the diff names (a named file or -o is outputFiles.ts's).
			const parsed = toolArgs(inv, { withValue: ['-p', '-i', '--input', '-o', '--output', '-r', '--reject-file', '-D', '--ifdef', '-F', '--fuzz', '-B', '--prefix', '-d', '--directory', '-z', '--suffix', '-V', '--version-control', '-Y', '--basename-prefix'] });
			if (parsed.positionals.length === 0 && optionValue(parsed, '-o', '--output') === undefined) {
				const input = optionValue(parsed, '-i', '--input');
				const text = input !== undefined ? readRelative(input, rc.analysis) : stdinText(inv, rc);
				out.push(...patchWrites(text ?? '', optionValue(parsed, '-d', '--directory')));
			}
			break;
		}
		case 'git':
			out.push(...gitWrites(inv, rc));
			break;
		case 'rm':
		case 'unlink':
		case 'shred':
		case 'srm':
		case 'trash':
		case 'trash-put': {
			const parsed = toolArgs(inv, { withValue: ['-n', '--iterations', '-s', '--size'] });
			const tree = hasOption(parsed, '-r', '-R', '--recursive');
			out.push(...parsed.positionals.map((word) => ({ word, how: 'delete' as const, tree })));
			break;
		}
	}
	if (ARGUMENT_WRITERS.has(inv.name)) {
		// `sort -o f`, `uniq in f`, `patch f`, `sed 'w f'`, `vim -c … f`, `tar -x -C d` (shell/outputFiles.ts).
		const stdin = stdinText(inv, rc);
		const sedWrites = (sedArgs: readonly Word[], input: string | undefined) => sedWriteTargets(sedArgs, input, (file) => readRelative(file, rc.analysis));
		for (const o of argumentOutputs(inv.name, args, stdin, sedWrites)) {
			out.push({ word: o.word, how: o.how, ...(o.content !== undefined ? { content: o.content } : {}), ...(o.tree ? { tree: true } : {}) });
		}
		// `cd ~ && tar xf dotfiles.tar`: unpacked where the line moved to (in the folder the line starts in, a
		// project holds `.claude/` and `.git/hooks`, and every `tar xf` there would ask: not judged).
		if (inv.cwd !== undefined && unpacksHere(inv.name, args)) {
			out.push({ word: literalWord(inv.cwd), how: 'unpack', tree: true });
		}
	}
	return out;
}

/** What reaches the command's standard input when the line shows it (a heredoc, a here-string, a printer piped in). */
function stdinText(inv: Invocation, rc: RuleContext): string | undefined {
	const from = inv.source.stdin?.kind === 'pipe' ? inv.source.stdin.from : undefined;
	return from ? printed(from, inv, rc) : inv.stdinText;
}

const PATCH_HOWS = { add: 'overwrite', edit: 'edit', delete: 'delete', move: 'move', 'move-away': 'move-away' } as const;

/** The files a patch text changes (self-protection-patch.ts), under `dir` when it is applied there. */
function patchWrites(text: string, dir?: string): Write[] {
	const under = (p: string) => (dir === undefined || p.startsWith('/') ? p : `${dir.replace(/\/+$/, '')}/${p}`);
	return patchFiles(text).map((f) => ({ word: literalWord(under(f.path)), how: PATCH_HOWS[f.how], content: f.how === 'add' ? f.content : undefined }));
}

/**
 * `git apply x.diff`, `git am x.patch`: the files the patches name (read when they can be); `git checkout REF --
 * PATH`, `git restore [--source=REF] PATH`, `git stash push PATH`: the paths, written with another version's text.
 */
function gitWrites(inv: Invocation, rc: RuleContext): Write[] {
	const call = gitCall(inv);
	if (!call) {
		return [];
	}
	const under = (w: Word): Word => (call.dir === undefined || w.text.startsWith('/') ? w : { ...w, text: `${call.dir.replace(/\/+$/, '')}/${w.text}` });
	switch (call.sub) {
		case 'apply':
		case 'am': {
			const parsed = gitArgs(call.sub, call.args, ['-p', '-C', '--exclude', '--include', '--directory', '--whitespace', '--build-fake-ancestor', '-S', '--gpg-sign', '--patch-format', '--quoted-cr']);
			if (parsed.options.has('--check') || parsed.options.has('--stat') || parsed.options.has('--numstat') || parsed.options.has('--summary') || parsed.options.has('--cached') && call.sub === 'apply' && !parsed.options.has('--index')) {
				return [];
			}
			const texts = parsed.positionals.length === 0 ? [stdinText(inv, rc)] : parsed.positionals.map((w) => readRelative(w.text, rc.analysis));
			const directory = optionValue(parsed, '--directory');
			return texts.flatMap((text) => patchWrites(text ?? '', directory)).map((w) => ({ ...w, word: under(w.word) }));
		}
		case 'checkout':
		case 'restore': {
			const parsed = gitArgs(call.sub, call.args, ['-s', '--source', '-b', '-B', '--orphan', '--conflict', '--pathspec-from-file']);
			// checkout: the paths after `--`, or after the tree-ish (`git checkout HEAD~1 .claude/settings.json`; a lone
			// word may be a branch to switch to); restore: every path, unless only --staged.
			const dash = call.args.findIndex((w) => w.text === '--');
			const paths = call.sub === 'checkout' ? (dash >= 0 ? call.args.slice(dash + 1) : parsed.positionals.slice(1)) : parsed.options.has('--staged') && !parsed.options.has('--worktree') ? [] : parsed.positionals;
			return paths.map((w) => ({ word: under(w), how: 'overwrite' as const }));
		}
		case 'stash': {
			// `git stash [push] [-- ] PATHS`: the named files go back to the committed version (an uncommitted hook
			// entry goes into the stash). A bare `git stash` names nothing: not read here.
			const args = call.args[0]?.text === 'push' || call.args[0]?.text === 'save' ? call.args.slice(1) : call.args;
			const parsed = gitArgs('stash', args, ['-m', '--message', '--pathspec-from-file']);
			const dash = args.findIndex((w) => w.text === '--');
			const paths = dash >= 0 ? args.slice(dash + 1) : call.args[0]?.text === 'push' ? parsed.positionals : [];
			return paths.map((w) => ({ word: under(w), how: 'overwrite' as const }));
		}
		default:
			return [];
	}
}

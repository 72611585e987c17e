/**
 * What a command reads and prints when the line makes it plain: heredocs, here-strings, files
 * after `<`, and the output of `echo`, `printf`, `cat`, `base64 -d`, `xxd -r -p`, `rev` piped into it.
 * Files are read through the context (never directly) and capped at MAX_FILE_BYTES.
 */
import * as path from 'path';
import { commandName, hasOption, parseArgs } from './argv';
import type { AnalysisContext, SimpleCommand } from '../types';

/** Files read for `bash script.sh`, `psql -f`, `curl -d @file` are capped at this many bytes. */
export const MAX_FILE_BYTES = 256 * 1024;

/** Text known to reach a command's stdin: heredoc, here-string, or what `echo`/`cat`/`base64 -d` print. */
export function stdinOf(cmd: SimpleCommand, ctx: AnalysisContext, depth = 0): string | undefined {
	if (!cmd.stdin) {
		const input = cmd.redirects.find((r) => r.op === '<' && r.target && !r.target.dynamic);
		return input?.target ? readRelative(input.target.text, ctx) : undefined;
	}
	if (cmd.stdin.kind === 'text') {
		return cmd.stdin.text;
	}
	return depth > 16 ? undefined : outputOf(cmd.stdin.from, ctx, depth + 1);
}

/** What a command prints, when the line makes that obvious. */
export function outputOf(cmd: SimpleCommand, ctx: AnalysisContext, depth = 0): string | undefined {
	const words = cmd.words;
	const name = words[0] ? commandName(words[0].text) : '';
	const args = words.slice(1);
	switch (name) {
		case 'echo': {
			const rest = args.map((w) => w.text);
			let interpret = false;
			while (rest.length > 0 && /^-[neE]+$/.test(rest[0])) {
				interpret ||= rest[0].includes('e');
				rest.shift();
			}
			const text = rest.join(' ');
			return interpret ? text.replace(/\\n/g, '\n').replace(/\\t/g, '\t') : text;
		}
		case 'printf': {
			if (args.length === 0) {
				return undefined;
			}
			const [format, ...values] = args.map((w) => w.text);
			let i = 0;
			return format.replace(/%[-0-9.]*[sdbq]/g, () => values[i++] ?? '').replace(/\\n/g, '\n').replace(/\\t/g, '\t') + (i < values.length ? values.slice(i).join(' ') : '');
		}
		case 'cat': {
			const files = args.filter((w) => !w.text.startsWith('-') || w.text === '-');
			if (files.length === 0 || (files.length === 1 && files[0].text === '-')) {
				return stdinOf(cmd, ctx, depth);
			}
			const parts = files.map((w) => (w.dynamic ? undefined : readRelative(w.text, ctx)));
			return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
		}
		case 'base64': {
			const parsed = parseArgs(args, { withValue: ['-w', '--wrap'] });
			if (!hasOption(parsed, '-d', '--decode', '-D')) {
				return undefined;
			}
			const file = parsed.positionals[0];
			const encoded = file && file.text !== '-' ? readRelative(file.text, ctx) : stdinOf(cmd, ctx, depth);
			return encoded === undefined ? undefined : Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8');
		}
		case 'xxd': {
			const parsed = parseArgs(args);
			if (!hasOption(parsed, '-r') || !hasOption(parsed, '-p', '-ps')) {
				return undefined;
			}
			const hex = stdinOf(cmd, ctx, depth);
			return hex === undefined ? undefined : Buffer.from(hex.replace(/[^0-9a-fA-F]/g, ''), 'hex').toString('utf8');
		}
		case 'rev': {
			const text = stdinOf(cmd, ctx, depth);
			return text === undefined ? undefined : text.split('\n').map((l) => [...l].reverse().join('')).join('\n');
		}
		default:
			return undefined;
	}
}

/** Reads a file named in the command, relative to the working directory, if the context allows. */
export function readRelative(file: string, ctx: AnalysisContext): string | undefined {
	if (!ctx.readFile || !file) {
		return undefined;
	}
	const expanded = file.startsWith('~/') && ctx.home ? path.join(ctx.home, file.slice(2)) : file;
	const absolute = path.isAbsolute(expanded) ? expanded : path.resolve(ctx.cwd ?? process.cwd(), expanded);
	try {
		const text = ctx.readFile(absolute);
		return text === undefined ? undefined : text.slice(0, MAX_FILE_BYTES);
	} catch {
		return undefined;
	}
}

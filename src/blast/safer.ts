/**
 * The safer way to do what a destructive line asks, derived by Terminal Guard from the parsed line —
 * never taken from the line's text, an agent or a setting — and offered only when the line is one plain
 * command (no wrappers, no other commands, nothing whose value the shell decides at run time), so the
 * safer command does exactly the same job minus the loss. Whatever runs instead is judged again.
 * Pure: no I/O.
 */
import * as path from 'path';
import { gitCall } from '../engine/rules/git-shared';
import { parseArgs } from '../engine/shell/argv';
import type { Invocation } from '../engine/types';

export type SaferWay =
	/** Move these (absolute) paths to the system trash instead of deleting them; they can be restored. */
	| { readonly kind: 'trash'; readonly label: string; readonly paths: readonly string[]; readonly description: string }
	/** Run this line instead (judged again before it runs). */
	| { readonly kind: 'line'; readonly label: string; readonly line: string; readonly description: string };

/** A word as the shell needs it written to mean exactly `word`. */
export function quote(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function line(words: readonly string[]): string {
	return words.map(quote).join(' ');
}

function trashWay(inv: Invocation, cwd: string, home: string | undefined): SaferWay | undefined {
	const parsed = parseArgs(inv.argv.slice(1));
	if (parsed.positionals.length === 0 || parsed.positionals.some((w) => w.dynamic || w.glob) || [...parsed.options.keys()].some((o) => !['-r', '-R', '-f', '--recursive', '--force', '-v', '--verbose', '-d', '--dir', '-I', '-i'].includes(o))) {
		return undefined;
	}
	const paths = parsed.positionals.map((w) => {
		const text = home && (w.text === '~' || w.text.startsWith('~/')) ? path.join(home, w.text.slice(1)) : w.text;
		// A trailing slash on a link deletes what it points to; the trash would move the link: not the same job.
		return text.length > 1 && text.endsWith('/') ? undefined : path.resolve(cwd, text);
	});
	if (paths.some((p) => p === undefined || p === path.parse(p).root)) {
		return undefined;
	}
	const list = paths as string[];
	return { kind: 'trash', label: 'Move to Trash', paths: list, description: `Moves ${list.length === 1 ? list[0] : `${list.length} paths`} to the system trash instead; Restore brings ${list.length === 1 ? 'it' : 'them'} back.` };
}

function gitWay(inv: Invocation): SaferWay | undefined {
	const call = gitCall(inv);
	if (!call) {
		return undefined;
	}
	const argv = inv.argv.map((w) => w.text);
	const subAt = argv.length - call.args.length - 1;
	const before = argv.slice(0, subAt + 1);
	const args = call.args.map((w) => w.text);
	switch (call.sub) {
		case 'push': {
			if (args.includes('--mirror') || args.some((a) => a.startsWith('--force-with-lease') || a === '--delete' || a === '-d' || a.startsWith(':'))) {
				return undefined;
			}
			const rewritten: string[] = [];
			let dashdash = false;
			for (const arg of args) {
				if (dashdash || !arg.startsWith('-') || arg.startsWith('--')) {
					dashdash ||= arg === '--';
					if (!dashdash && (arg === '--force')) {
						continue;
					}
					rewritten.push(!arg.startsWith('-') && arg.startsWith('+') ? arg.slice(1) : arg);
					continue;
				}
				// A short cluster: -fu → -u
				const rest = arg.slice(1).replace(/f/g, '');
				if (rest !== '') {
					rewritten.push(`-${rest}`);
				}
			}
			// Without a value, --force-with-lease expects each remote branch to be where our remote-tracking ref says.
			return { kind: 'line', label: 'Use --force-with-lease', line: line([...before, '--force-with-lease', ...rewritten]), description: 'Pushes only if the remote branch is still where you last fetched it, so commits pushed since are not dropped.' };
		}
		case 'reset': {
			const parsed = parseArgs(call.args, { withValue: ['--pathspec-from-file'] });
			if (!parsed.options.has('--hard') || [...parsed.options.keys()].some((o) => o !== '--hard' && o !== '-q' && o !== '--quiet')) {
				return undefined;
			}
			const stash = line([...before.slice(0, -1), 'stash', 'push', '--include-untracked', '-m', 'Terminal Guard: saved before git reset --hard']);
			const ref = parsed.positionals.map((w) => w.text);
			// reset --keep moves the branch but refuses to overwrite local changes: after the stash there are none.
			const then = ref.length > 0 ? ` && ${line([...before, '--keep', ...ref])}` : '';
			return { kind: 'line', label: 'Stash changes first', line: `${stash}${then}`, description: `Saves every uncommitted and untracked change in a stash (git stash pop brings it back)${then ? ', then moves the branch with reset --keep' : ' instead of throwing it away'}.` };
		}
		case 'clean': {
			const kept = args.filter((a) => a !== '-f' && a !== '--force' && !/^-[a-zA-Z]*f/.test(a) || /^-[a-zA-Z]+$/.test(a) && a.replace(/f/g, '') !== '-');
			const flags = kept.map((a) => (/^-[a-zA-Z]+$/.test(a) ? a.replace(/f/g, '') : a));
			return { kind: 'line', label: 'Preview with git clean -n', line: line([...before, '-n', ...flags]), description: 'Lists what git clean would delete, deleting nothing.' };
		}
		default:
			return undefined;
	}
}

function toolWay(inv: Invocation): SaferWay | undefined {
	const argv = inv.argv.map((w) => w.text);
	const verbs = argv.slice(1).filter((w) => !w.startsWith('-'));
	if (inv.name === 'terraform' || inv.name === 'tofu') {
		const at = argv.indexOf('destroy');
		if (at < 0 || argv.slice(1, at).some((w) => !w.startsWith('-chdir='))) {
			return undefined;
		}
		const rest = argv.slice(at + 1).filter((w) => !/^-auto-approve(=.*)?$/.test(w) && !/^--auto-approve(=.*)?$/.test(w));
		return { kind: 'line', label: 'Preview with plan -destroy', line: line([...argv.slice(0, at), 'plan', '-destroy', ...rest]), description: 'Shows what destroy would remove, changing nothing.' };
	}
	if (inv.name === 'kubectl' && verbs[0] === 'delete' && !argv.some((w) => w.startsWith('--dry-run'))) {
		return { kind: 'line', label: 'Dry run on the server', line: line([...argv, '--dry-run=server']), description: 'The cluster checks the delete and reports what it would remove, deleting nothing.' };
	}
	if ((inv.name === 'docker' && verbs[0] === 'compose' || inv.name === 'docker-compose') && argv.includes('down')) {
		const kept = argv.filter((w) => w !== '-v' && w !== '--volumes');
		return kept.length === argv.length ? undefined : { kind: 'line', label: 'Keep the volumes', line: line(kept), description: 'Stops and removes the containers but keeps their volumes (the data).' };
	}
	return undefined;
}

/**
 * The safer way for a line, or undefined. `invocations` are the engine's for the line; only a line
 * that is exactly one plain command (as written: no `sudo`, no `bash -c`, no `&&`, no variables) gets one.
 */
export function saferWay(invocations: readonly Invocation[], cwd: string, home?: string): SaferWay | undefined {
	if (invocations.length !== 1) {
		return undefined;
	}
	const [inv] = invocations;
	if (inv.via.length > 0 || inv.remote || inv.fromFile || inv.dynamicArgs || inv.cwd !== undefined || inv.redirects.length > 0 || Object.keys(inv.env).length > 0 || inv.argv.some((w) => w.dynamic && !w.glob)) {
		return undefined;
	}
	if (inv.name === 'rm') {
		return trashWay(inv, cwd, home);
	}
	return inv.name === 'git' ? gitWay(inv) : toolWay(inv);
}

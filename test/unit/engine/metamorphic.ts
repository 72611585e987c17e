/**
 * Metamorphic rewrites: ways of writing a command line that the shell runs exactly the same, so
 * the engine must judge them the same. A rewrite may never weaken the verdict nor change the
 * target. Used by metamorphic.test.ts (a fixed seed, in `npm test`) and bench/engine.ts (more runs).
 */
import fc from 'fast-check';
import { parseLine } from '../../../src/engine/shell/parse';
import type { Decision, Verdict } from '../../../src/engine/types';

/** A command line whose words can be cut apart: one simple command, written word by word. */
export interface Subject {
	readonly command: string;
	/** The words as written (`raw`), in order; joined with single spaces they are the command. */
	readonly raws: readonly string[];
}

/** A rewrite of a subject; undefined when it does not apply to this one. */
export type Rewrite = (s: Subject, pick: number) => string | undefined;

/** Shell builtins and keywords: wrapping them in `env`/`sudo` would change what they do. */
const BUILTINS = new Set(['add-zle-hook-widget', 'functions', 'unfunction', 'bindkey', 'add-zsh-hook', 'autoload', 'zle', 'setopt', 'unsetopt', 'emulate', 'funcsave', 'abbr', 'cd', 'export', 'source', '.', 'eval', 'set', 'unset', 'alias', 'declare', 'local', 'readonly', 'typeset', 'trap', 'bind', 'exit', 'exec', 'shift', 'read', 'pushd', 'popd', 'ulimit', 'umask', 'builtin', 'command', 'let', 'return', 'wait', 'kill', 'hash', 'fc', 'history', 'jobs', 'fg', 'bg', 'disown', 'type', 'enable', 'shopt', 'complete', 'compgen', 'mapfile', 'readarray', 'getopts', 'test', '[', 'printf', 'echo', 'true', 'false', ':', 'time', 'function', 'if', 'for', 'while', 'until', 'case', 'select', '{', '(', '[[', '!']);
/** A word that means the same bare, single-quoted or double-quoted. */
const PLAIN = /^[A-Za-z0-9_./:@%+,=-]+$/;

/** Lines the rewrites can take apart without changing what the shell runs. */
export function subjectOf(command: string): Subject | undefined {
	if (command.includes('\n') || command.length > 400) {
		return undefined;
	}
	const parsed = parseLine(command);
	if (parsed.status !== 'complete' || parsed.commands.length !== 1) {
		return undefined;
	}
	const cmd = parsed.commands[0];
	if (cmd.assignments.length > 0 || cmd.redirects.length > 0 || cmd.stdin || cmd.words.length < 2) {
		return undefined;
	}
	const raws = cmd.words.map((w) => w.raw);
	// A word opening with `(` is fish's command substitution (`eval (history search rm)`, in the corpus as
	// fish lines): bash reads it otherwise (`V=(…)` is an array), so bash rewrites would change its meaning.
	if (raws.join(' ') !== command || raws.some((r) => r === '' || /^[{}]$|^#|^\(/.test(r))) {
		return undefined;
	}
	return { command, raws };
}

const join = (raws: readonly string[]) => raws.join(' ');
const at = (s: Subject, pick: number) => pick % s.raws.length;

/** Words that a variable or a substitution can carry unchanged: no expansions, no globs, no braces, no tilde. */
function movable(raw: string): boolean {
	return !/[$`*?[{}~\\!]/.test(raw);
}

export const REWRITES: Readonly<Record<string, Rewrite>> = {
	/** `rm -rf 2>/dev/null x`: a redirection of stderr anywhere among the words. */
	redirection(s, pick) {
		const i = pick % (s.raws.length + 1);
		const redirect = ['2>/dev/null', '2>>/tmp/tg-err.log', '2>&1', '2> /dev/null'][pick % 4];
		return join([...s.raws.slice(0, i), redirect, ...s.raws.slice(i)]);
	},
	/** `V=-rf; rm "$V" x`: a word moved into a variable assigned earlier in the line. */
	variable(s, pick) {
		const i = at(s, pick);
		const raw = s.raws[i];
		if (!movable(raw)) {
			return undefined;
		}
		const use = i === 0 ? '$TGV' : '"$TGV"';
		return `TGV=${raw}; ${join(s.raws.map((r, k) => (k === i ? use : r)))}`;
	},
	/** `rm "$(printf %s -rf)" x`: the word printed by a substitution. */
	substitution(s, pick) {
		const i = at(s, pick);
		const raw = s.raws[i];
		if (!movable(raw)) {
			return undefined;
		}
		return join(s.raws.map((r, k) => (k === i ? `"$(printf %s ${raw})"` : r)));
	},
	/** `'rm' -rf "x"`: a plain word quoted another way. */
	quoting(s, pick) {
		const i = at(s, pick);
		const raw = s.raws[i];
		if (!PLAIN.test(raw)) {
			return undefined;
		}
		const forms = [`'${raw}'`, `"${raw}"`, raw.length > 1 ? `${raw[0]}'${raw.slice(1)}'` : `"${raw}"`, raw.length > 1 ? `${raw[0]}\\${raw.slice(1)}` : `'${raw}'`];
		return join(s.raws.map((r, k) => (k === i ? forms[pick % forms.length] : r)));
	},
	/** `command rm`, `\rm`, `/usr/bin/rm`: the same program named another way. */
	commandName(s, pick) {
		const name = s.raws[0];
		if (!/^[a-z][\w.-]*$/.test(name) || BUILTINS.has(name)) {
			return undefined;
		}
		const forms = [`command ${name}`, `\\${name}`, `/usr/bin/${name}`];
		return join([forms[pick % forms.length], ...s.raws.slice(1)]);
	},
	/** `rm \<newline>-rf x`: a line continuation between words. */
	continuation(s, pick) {
		const i = 1 + (pick % (s.raws.length - 1));
		return `${join(s.raws.slice(0, i))} \\\n${join(s.raws.slice(i))}`;
	},
	/** `env rm -rf x`, `sudo rm -rf x`: a wrapper that runs the command as it is. */
	wrapper(s, pick) {
		if (BUILTINS.has(s.raws[0]) || !/^[\w./-]+$/.test(s.raws[0])) {
			return undefined;
		}
		const forms = ['env', 'sudo', 'env TG_TEST=1', 'sudo -u root', 'nice -n 5', 'timeout 60'];
		return `${forms[pick % forms.length]} ${s.command}`;
	},
	/** `printf '%s' BODY > /tmp/tg-body; curl --data-binary @/tmp/tg-body …`: a body moved to a file written first. */
	bodyFile(s, pick) {
		const name = s.raws[0];
		const flag = s.raws.findIndex((r, k) => k > 0 && /^(?:-d|--data|--data-raw|--data-binary|-c|--command)$/.test(r));
		if (flag < 0 || flag + 1 >= s.raws.length) {
			return undefined;
		}
		const body = s.raws[flag + 1];
		// `-d @file` (however quoted: `"@file"` after the quoting rewrite) reads a file: written into
		// another file it would be posted as the text `@file`, another request.
		if (/[$`]/.test(body) || body.replace(/^['"\\]+/, '').startsWith('@')) {
			return undefined;
		}
		const file = `/tmp/tg-body-${pick % 3}`;
		if (name === 'curl' && /^-d|^--data/.test(s.raws[flag])) {
			return `printf '%s' ${body} > ${file}; ${join([...s.raws.slice(0, flag), '--data-binary', `@${file}`, ...s.raws.slice(flag + 2)])}`;
		}
		if (name === 'psql' && /^(?:-c|--command)$/.test(s.raws[flag])) {
			return `printf '%s\\n' ${body} > ${file}.sql && ${join([...s.raws.slice(0, flag), '-f', `${file}.sql`, ...s.raws.slice(flag + 2)])}`;
		}
		return undefined;
	},
};

export const REWRITE_NAMES = Object.keys(REWRITES);

const RANK: Record<Decision, number> = { allow: 0, confirm: 1, deny: 2 };

export interface Counts {
	/** Rewrites checked, by kind. */
	readonly checked: Record<string, number>;
	/** Rewrites that weakened the verdict or changed the target. */
	readonly failures: string[];
}

/**
 * Runs `runs` random rewrites (fast-check, `seed`) of the subjects and checks each against the
 * original's verdict. Collects failures instead of stopping at the first, so a run reports them all.
 */
export function runMetamorphic(subjects: readonly Subject[], judge: (line: string) => Verdict, runs: number, seed: number): Counts {
	const checked: Record<string, number> = Object.fromEntries(REWRITE_NAMES.map((n) => [n, 0]));
	const failures: string[] = [];
	const originals = new Map<string, Verdict>();
	const arb = fc.tuple(fc.nat(subjects.length - 1), fc.constantFrom(...REWRITE_NAMES), fc.nat(1000), fc.nat(1000), fc.boolean());
	fc.assert(
		fc.property(arb, ([index, kind, pick, pick2, twice]) => {
			const subject = subjects[index];
			let line = REWRITES[kind](subject, pick);
			if (line === undefined) {
				return;
			}
			// Sometimes a second rewrite on top of the first, when the result can still be taken apart.
			let label = kind;
			if (twice) {
				const again = subjectOf(line);
				const second = REWRITE_NAMES[pick2 % REWRITE_NAMES.length];
				const twiceLine = again ? REWRITES[second](again, pick2) : undefined;
				if (twiceLine !== undefined) {
					line = twiceLine;
					label = `${kind}+${second}`;
				}
			}
			let before = originals.get(subject.command);
			if (!before) {
				before = judge(subject.command);
				originals.set(subject.command, before);
			}
			const after = judge(line);
			checked[kind]++;
			const weaker = RANK[after.decision] < RANK[before.decision];
			const moved = before.decision !== 'allow' && after.decision !== 'allow' && after.target !== before.target;
			if ((weaker || moved) && failures.length < 50) {
				failures.push(`${label}: ${JSON.stringify(subject.command)} → ${before.decision} ${JSON.stringify(before.target)}, but ${JSON.stringify(line)} → ${after.decision} ${JSON.stringify(after.target)} (${after.rule ?? ''})`);
			}
		}),
		{ seed, numRuns: runs },
	);
	return { checked, failures };
}

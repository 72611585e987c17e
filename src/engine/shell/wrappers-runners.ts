/**
 * The wrappers unwrapping peels, part 6: task runners whose recipes are shell lines in a file of the
 * project — `make` (Makefile recipes, with their prerequisites and the file's simple variables) and
 * `just` (justfile recipes). `make clean` whose recipe is `rm -rf /srv/data` is that `rm`, as
 * `npm run clean` already is. A runner file that cannot be read leaves the line as it is (nothing known).
 */
import * as path from 'path';
import { readRelative } from './input';
import type { AnalysisContext, Invocation, Word } from '../types';
import { literalWord } from './argv';
import { unknownInput, wrapper, type Step } from './wrappers';

/** Past this many recipes (prerequisites included) the rest are not read. */
const MAX_RECIPES = 64;
const MAX_DEPTH = 8;

function here(inv: Invocation, ctx: AnalysisContext, dir?: string): AnalysisContext {
	const cwd = inv.cwd ?? ctx.cwd ?? process.cwd();
	return { ...ctx, cwd: dir === undefined ? cwd : path.resolve(cwd, dir) };
}

/**
 * A runner file the line itself writes with contents only known when it runs (`curl -o Makefile … && make`)
 * is unknown input, asked about as a script would be; one that is simply not there leaves nothing to judge.
 */
function writtenUnknown(names: readonly string[], inv: Invocation, ctx: AnalysisContext): Step | undefined {
	const name = names.find((n) => ctx.writtenInLine?.(path.resolve(ctx.cwd ?? process.cwd(), n)));
	return name === undefined ? undefined : unknownInput(literalWord(name), inv, ctx);
}

function firstReadable(names: readonly string[], ctx: AnalysisContext): string | undefined {
	for (const name of names) {
		const text = readRelative(name, ctx);
		if (text !== undefined) {
			return text;
		}
	}
	return undefined;
}

/** make's own variables a recipe may use; anything else undefined expands to nothing, as in make. */
const MAKE_DEFAULTS: ReadonlyMap<string, string> = new Map([['MAKE', 'make'], ['RM', 'rm -f'], ['SHELL', '/bin/sh'], ['CC', 'cc'], ['CXX', 'g++']]);

/**
 * A recipe line as make hands it to the shell: `$(NAME)`/`${NAME}` expanded (undefined is empty), `$@` the
 * target, `$(shell cmd)` kept as the shell's own `$(cmd)` (so it is judged), other functions (`$(wildcard …)`)
 * as an unknown value, `$$` a literal `$`.
 */
function substitute(text: string, vars: ReadonlyMap<string, string>, target: string): string {
	let out = text;
	for (let i = 0; i < 4 && /\$[({][\w.-]+[)}]/.test(out); i++) {
		out = out.replace(/\$[({]([\w.-]+)[)}]/g, (_whole, name: string) => vars.get(name) ?? MAKE_DEFAULTS.get(name) ?? '');
	}
	out = out.replace(/\$\(shell\s+/g, '$(').replace(/\$\((?:wildcard|patsubst|subst|foreach|filter|filter-out|notdir|dir|basename|addprefix|addsuffix|sort|word|firstword|lastword|abspath|realpath|call|if|or|and|strip|findstring|join|words|origin|value|eval|info|warning|error)\s[^)]*\)/g, '$MAKE_FUNCTION');
	return out.replace(/\$@/g, target).replace(/\$\$/g, '$');
}

interface MakeRule {
	readonly prerequisites: string[];
	readonly recipe: string[];
}

/** A Makefile's explicit rules and simple variables (pattern rules and conditionals are not followed). */
function readMakefile(text: string, overrides: ReadonlyMap<string, string>): { rules: Map<string, MakeRule>; first?: string; vars: Map<string, string> } {
	const vars = new Map<string, string>();
	const rules = new Map<string, MakeRule>();
	let first: string | undefined;
	let current: MakeRule[] = [];
	const lines = text.replace(/\\\r?\n[ \t]*/g, ' ').split(/\r?\n/);
	for (const line of lines) {
		if (line.startsWith('\t')) {
			const command = line.slice(1).replace(/^[@+\- \t]+/, '');
			current.forEach((r) => r.recipe.push(command));
			continue;
		}
		const bare = line.replace(/(^|[^\\])#.*$/, '$1').trimEnd();
		// Conditionals keep the rule they stand in: both branches' lines are read (either may be the one that runs).
		if (/^\s*(?:ifeq|ifneq|ifdef|ifndef|else|endif)\b/.test(bare)) {
			continue;
		}
		const assignment = /^(?:export\s+|override\s+)?([\w.-]+)\s*([:+?!]?=|::=)\s*(.*)$/.exec(bare);
		if (assignment) {
			const [, name, op, value] = assignment;
			if (!overrides.has(name) && !(op === '?=' && vars.has(name))) {
				vars.set(name, op === '+=' ? `${vars.get(name) ?? ''} ${value}`.trim() : value);
			}
			current = [];
			continue;
		}
		const rule = /^([^:=#\t][^:=#]*?)\s*::?\s*([^=].*)?$/.exec(bare);
		if (!rule || /%/.test(rule[1])) {
			current = bare === '' ? current : [];
			continue;
		}
		const [deps, inline] = (rule[2] ?? '').split(';', 2);
		current = [];
		for (const target of rule[1].split(/\s+/).filter(Boolean)) {
			const made = rules.get(target) ?? { prerequisites: [], recipe: [] };
			made.prerequisites.push(...deps.split(/\s+/).filter(Boolean));
			if (inline !== undefined && inline.trim() !== '') {
				made.recipe.push(inline.trim());
			}
			rules.set(target, made);
			current.push(made);
			if (first === undefined && !target.startsWith('.')) {
				first = target;
			}
		}
	}
	for (const [name, value] of overrides) {
		vars.set(name, value);
	}
	return { rules, first, vars };
}

/** The text with `include`d files (`include a.mk`, `-include`, `sinclude`) put after it, up to 4 levels; globs and variables are not read. */
function withIncludes(text: string, ctx: AnalysisContext, depth: number): string {
	if (depth >= 4) {
		return text;
	}
	const included: string[] = [];
	for (const m of text.matchAll(/^[ \t]*-?s?include[ \t]+([^\n#]+)/gm)) {
		for (const name of m[1].trim().split(/\s+/)) {
			const body = /[$*?[]/.test(name) ? undefined : readRelative(name, ctx);
			if (body !== undefined) {
				included.push(withIncludes(body, ctx, depth + 1));
			}
		}
	}
	return included.length > 0 ? [text, ...included].join('\n') : text;
}

/** Whether a short-option cluster holds `-n` or `-q` before any letter that takes the rest as its value (`-kCnode`: no). */
function makeDryRun(word: string): boolean {
	for (const c of word.slice(1)) {
		if (c === 'n' || c === 'q') {
			return true;
		}
		if ('CfIoWEjl'.includes(c) || !/[a-zA-Z]/.test(c)) {
			return false;
		}
	}
	return false;
}

/** `make [-C dir] [-f file] [VAR=value…] [target…]`: the recipes it runs, prerequisites first. */
wrapper(['make', 'gmake'], (args, inv, ctx) => {
	if (inv.remote) {
		return undefined; // another machine's Makefile
	}
	let dir: string | undefined;
	const files: string[] = [];
	const targets: string[] = [];
	const overrides = new Map<string, string>();
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		const value = (short: string, long: string): string | undefined => (t === short || t === long ? args[++i]?.text : t.startsWith(`${long}=`) ? t.slice(long.length + 1) : t.length > 2 && t.startsWith(short) ? t.slice(2) : undefined);
		const c = value('-C', '--directory');
		if (c !== undefined) {
			dir = dir === undefined ? c : path.join(dir, c);
			continue;
		}
		const f = t === '--makefile' ? args[++i]?.text : value('-f', '--file');
		if (f !== undefined) {
			files.push(f);
			continue;
		}
		// `-n`/`--dry-run` and `-q` print or test, running no recipe (a `+` line still runs: not followed here).
		if (['--dry-run', '--just-print', '--recon', '--question'].includes(t) || (!t.startsWith('--') && makeDryRun(t))) {
			return undefined;
		}
		if (t.startsWith('-')) {
			// -j/-l/-o/-W/-I take a value only when attached or as the next word (-j alone means "no limit").
			if (/^-[IoWE]$/.test(t)) {
				i++;
			}
			continue;
		}
		const eq = t.indexOf('=');
		if (eq > 0 && /^[\w.-]+$/.test(t.slice(0, eq))) {
			overrides.set(t.slice(0, eq), t.slice(eq + 1));
		} else {
			targets.push(t);
		}
	}
	const where = here(inv, ctx, dir);
	const names = files.length > 0 ? files.filter((f) => f !== '-') : ['GNUmakefile', 'makefile', 'Makefile'];
	const text = files.length > 0 ? files.map((f) => (f === '-' ? inv.stdinText ?? '' : readRelative(f, where) ?? '')).join('\n') : firstReadable(names, where);
	if (text === undefined || (text === '' && files.length > 0)) {
		return writtenUnknown(names, inv, where);
	}
	const { rules, first, vars } = readMakefile(withIncludes(text, where, 0), overrides);
	const scripts: string[] = [];
	const seen = new Set<string>();
	const visit = (target: string, depth: number) => {
		const rule = rules.get(target);
		if (!rule || seen.has(target) || depth > MAX_DEPTH || seen.size >= MAX_RECIPES) {
			return;
		}
		seen.add(target);
		rule.prerequisites.forEach((p) => visit(p, depth + 1));
		scripts.push(...rule.recipe.map((line) => substitute(line, vars, target)));
	};
	// With no target named, make builds `.DEFAULT_GOAL` when the file sets it, else the first target.
	const goal = vars.get('.DEFAULT_GOAL')?.trim().split(/\s+/)[0] || first;
	const chosen = targets.length > 0 ? targets : goal ? [goal] : [];
	chosen.forEach((t) => visit(t, 0));
	return scripts.length > 0 ? { kind: 'script', scripts, label: `make ${chosen.join(' ')} (its recipe)`, fromFile: true } : undefined;
});

/** A justfile's recipes: name, dependencies, body lines (a shebang body is run whole when it is a shell). */
function readJustfile(text: string): { recipes: Map<string, { deps: string[]; body: string[] }>; first?: string; vars: Map<string, string>; aliases: Map<string, string> } {
	const recipes = new Map<string, { deps: string[]; body: string[] }>();
	const aliases = new Map<string, string>();
	const vars = new Map<string, string>();
	let first: string | undefined;
	let current: { deps: string[]; body: string[] } | undefined;
	for (const line of text.split(/\r?\n/)) {
		if (/^[ \t]+\S/.test(line) && current) {
			current.body.push(line.trim().replace(/^[@-]+/, ''));
			continue;
		}
		// `alias n := nuke`: `just n` runs nuke.
		const alias = /^alias\s+([A-Za-z_][\w-]*)\s*:=\s*([A-Za-z_][\w-]*)\s*$/.exec(line);
		if (alias) {
			aliases.set(alias[1], alias[2]);
			current = undefined;
			continue;
		}
		const assignment = /^(?:export\s+)?([A-Za-z_][\w-]*)\s*:=\s*(['"]?)(.*?)\2\s*$/.exec(line);
		if (assignment) {
			vars.set(assignment[1], assignment[3]);
			current = undefined;
			continue;
		}
		const recipe = /^@?([A-Za-z_][\w-]*)([^:=]*):(?!=)(.*)$/.exec(line);
		if (recipe) {
			current = { deps: recipe[3].split(/\s+/).map((d) => d.replace(/^\(|\)$/g, '')).filter((d) => /^[A-Za-z_][\w-]*$/.test(d)), body: [] };
			recipes.set(recipe[1], current);
			first ??= recipe[1];
			continue;
		}
		if (line.trim() !== '' && !line.startsWith('#')) {
			current = undefined;
		}
	}
	return { recipes, first, vars, aliases };
}

wrapper(['just'], (args, inv, ctx) => {
	if (inv.remote) {
		return undefined;
	}
	let file: string | undefined;
	let dir: string | undefined;
	const words: Word[] = [];
	for (let i = 0; i < args.length; i++) {
		const t = args[i].text;
		if (t === '-f' || t === '--justfile') {
			file = args[++i]?.text;
		} else if (t === '-d' || t === '--working-directory') {
			dir = args[++i]?.text;
		} else if (['-n', '--dry-run', '-l', '--list', '--summary', '--show', '-s', '--evaluate', '--dump', '--fmt', '--help', '-h', '--version', '-V', '--choose'].includes(t)) {
			return undefined;
		} else if (!t.startsWith('-')) {
			words.push(args[i]);
		}
	}
	const where = here(inv, ctx, dir);
	// `-f` is relative to where just is started; without it the justfile is looked up in `-d`'s folder.
	const names = file !== undefined ? [file] : ['justfile', 'Justfile', '.justfile'];
	const from = file !== undefined ? here(inv, ctx) : where;
	const text = firstReadable(names, from);
	if (text === undefined) {
		return writtenUnknown(names, inv, from);
	}
	const { recipes, first, vars, aliases } = readJustfile(text);
	const name = words[0] ? aliases.get(words[0].text) ?? words[0].text : first;
	const scripts: string[] = [];
	const seen = new Set<string>();
	const visit = (recipe: string, depth: number) => {
		const r = recipes.get(recipe);
		if (!r || seen.has(recipe) || depth > MAX_DEPTH || seen.size >= MAX_RECIPES) {
			return;
		}
		seen.add(recipe);
		r.deps.forEach((d) => visit(d, depth + 1));
		const body = r.body.map((line) => line.replace(/\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/g, (whole, v: string) => vars.get(v) ?? whole));
		const shebang = /^#!\s*(?:\S*\/)?(?:env\s+)?(\S+)/.exec(body[0] ?? '');
		if (!shebang) {
			scripts.push(...body);
		} else if (/^(?:ba|z|da|k)?sh$/.test(shebang[1])) {
			scripts.push(body.slice(1).join('\n'));
		}
	};
	if (name !== undefined) {
		visit(name, 0);
	}
	return scripts.length > 0 ? ([{ kind: 'script', scripts, label: `just ${name} (its recipe)`, fromFile: true }] as Step[]) : undefined;
});

// ---- pip ---------------------------------------------------------------------------------------------

/** pip install's options that take a value (so the value is not read as a package or a folder). */
const PIP_WITH_VALUE = ['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-t', '--target', '--prefix', '--root', '-i', '--index-url', '--extra-index-url',
	'-f', '--find-links', '--python', '--src', '-C', '--config-settings', '--global-option', '--install-option', '--upgrade-strategy', '--platform', '--python-version',
	'--implementation', '--abi', '--only-binary', '--no-binary', '--progress-bar', '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--trusted-host', '--cert',
	'--client-cert', '--cache-dir', '--report', '--root-user-action', '--group'];

/**
 * `pip install .`, `pip install -e ./pkg`: installing a project from a folder builds it, which runs its
 * setup.py — judged as the Python it is (`shutil.rmtree(…)` in a setup.py runs on install). A package from an
 * index is not on this machine to read.
 */
export function pipInstallSteps(args: readonly Word[], label: string, ctx: AnalysisContext): Step[] {
	if (args[0]?.text !== 'install') {
		return [];
	}
	const rest = args.slice(1);
	const folders: string[] = [];
	for (let i = 0; i < rest.length; i++) {
		const t = rest[i].text;
		if (t === '-e' || t === '--editable') {
			folders.push(rest[++i]?.text ?? '');
		} else if (/^--editable=/.test(t) || /^-e./.test(t)) {
			folders.push(t.replace(/^--editable=|^-e/, ''));
		} else if (PIP_WITH_VALUE.includes(t)) {
			i++;
		} else if (!t.startsWith('-') && /^(?:\.{1,2}(?:\/|$)|\/|~\/)/.test(t)) {
			folders.push(t);
		}
	}
	const steps: Step[] = [];
	for (const folder of folders.filter((f) => f !== '').slice(0, 8)) {
		const code = readRelative(`${folder.replace(/\/+$/, '')}/setup.py`, ctx);
		if (code !== undefined) {
			steps.push({ kind: 'code', language: 'python', code, label: `${label} ${folder} (its setup.py)` });
		}
	}
	return steps;
}

/** Rake's DSL in plain Ruby: its `sh` is `system`, and FileUtils' methods are called bare (`rm_rf 'tmp'`). */
function rakeAsRuby(code: string): string {
	return code
		.replace(/(?<![\w.$:@])sh(?=\s*[("'%])/g, 'system')
		.replace(/(?<![\w.$:@])(rm_rf|rm_r|rm_f|rm|remove_dir|mv|cp|cp_r|ln_s|ln_sf)(?=\s*[("'%])/g, 'FileUtils.$1');
}

/**
 * `rake`: a Rakefile is Ruby, and any task may run any of it. One the line itself writes is judged as the Ruby
 * it is (`printf 'task :x do sh "rm -rf …" end' > Rakefile; rake x`); a project's own Rakefile on disk is
 * not read (its `clean` task would make every `rake test` ask).
 */
wrapper(['rake'], (args, inv, ctx) => {
	if (inv.remote) {
		return undefined;
	}
	const words = args.map((w) => w.text);
	const named = words.findIndex((t) => t === '-f' || t === '--rakefile');
	const names = named >= 0 && words[named + 1] ? [words[named + 1]] : ['Rakefile', 'rakefile', 'Rakefile.rb', 'rakefile.rb'];
	const where = here(inv, ctx);
	const written = names.find((n) => where.writtenInLine?.(path.resolve(where.cwd ?? process.cwd(), n)));
	if (written === undefined) {
		return undefined;
	}
	const code = readRelative(written, where);
	return code === undefined ? unknownInput(literalWord(written), inv, where) : { kind: 'code', language: 'ruby', code: rakeAsRuby(code), label: `rake (${written})` };
});

/**
 * direnv runs a folder's `.envrc` in the shell at every `cd` into it once it is allowed — no line is typed then:
 * `direnv allow [PATH]` (also `permit`, `grant`) is where its code is judged, and `direnv exec DIR cmd` runs it
 * before cmd. An `.envrc` that cannot be read leaves direnv nothing to allow.
 */
wrapper(['direnv'], (args, inv, ctx) => {
	const sub = args[0]?.text;
	if (inv.remote || !sub || !['allow', 'permit', 'grant', 'exec', 'reload'].includes(sub)) {
		return undefined;
	}
	const given = sub === 'reload' ? undefined : args[1]?.text;
	const where = given === undefined || given.startsWith('-') ? '.' : given;
	const file = path.posix.basename(where) === '.envrc' ? where : path.posix.join(where, '.envrc');
	const code = readRelative(file, here(inv, ctx));
	const steps: Step[] = code === undefined ? [] : [{ kind: 'script', scripts: [code], label: `direnv ${sub} (${file} runs at every cd into it)` }];
	if (sub === 'exec' && args.length > 2) {
		steps.push({ kind: 'argv', argv: args.slice(2), label: 'direnv exec' });
	}
	return steps.length === 0 ? undefined : steps.length === 1 ? steps[0] : steps;
});

wrapper(['pip', 'pip3'], (args, inv, ctx) => {
	const steps = pipInstallSteps(args, `${inv.name} install`, here(inv, ctx));
	return steps.length > 0 ? steps : undefined;
});

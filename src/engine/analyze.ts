/**
 * The engine's one entry point: parse → unwrap → rules → policy → verdict. The guarded terminal,
 * the agent hooks and the CLI all call `analyze`. It never throws: any internal failure becomes a
 * verdict that asks for confirmation when the line contains risky words.
 */
import { initParser, isParserReady, parseLine, withLineParses } from './shell/parse';
import { decide } from './policy';
import { judgeWithTeamPolicy } from './teamPolicy';
import { riskyWord, riskyWordSplitAnyhow } from './risk';
import { fallbackTarget, unparsedTarget } from './targets';
import { indexRules, PACKS } from './rules';
import { RuleContext, toMatch, UNJUDGED, type Rule } from './rules/rule';
import { displayPath } from './rules/self-protection-edits';
import { commandName, literalWord } from './shell/argv';
import { downloadedFrom, historyReaderIn, historyTarget, UNKNOWN_HISTORY } from './shell/wrappers';
import { SEVERITY_RANK, type AnalysisContext, type Invocation, type ParsedLine, type RuleHit, type Verdict, type Word } from './types';
import { InlineFiles } from './shell/dataflow';
import { UNKNOWN_INPUT, UNPARSED, unwrapLine } from './shell/unwrap';
import { compileUserRegex, isRefusal } from './userRegex';
import { initPowerShell, isPowerShellReady, parsePowerShell } from './powershell/parse';
import { asWritten, windowsParse } from './powershell/paths';
import { windowsText } from './shell/wrappers-remote';

export { initParser, initPowerShell };

/** A bash line that hands code to PowerShell (`pwsh -c '…'`, `powershell.exe -enc …`, `P=powershell; $P -c …`). */
const MENTIONS_POWERSHELL = /(?:^|[\s;&|(`'"/\\=])(?:pwsh|powershell)(?:\.exe)?(?=$|[\s;&|)`'"])/i;

/**
 * Loads what `analyze` needs for this line: the bash grammar always, the PowerShell grammar only for a
 * PowerShell line or a line that starts PowerShell (so bash lines never wait for it).
 */
export async function prepare(line: string, context: AnalysisContext = {}): Promise<void> {
	await initParser();
	if (context.shell === 'powershell' || MENTIONS_POWERSHELL.test(line)) {
		await initPowerShell();
	}
}

const RULES = indexRules(PACKS);
const EVERY = RULES.get('*') ?? [];
/** For the commands no rule names: the generic rule (rules/generic.ts). */
const UNKNOWN_TOOL = RULES.get(UNJUDGED) ?? [];
/**
 * What `check` runs for a command name: built once per name (was a fresh array per invocation), when
 * the name is first judged (building all ~900 when the module loads cost every hook process ~1 ms).
 */
const ALL_FOR = new Map<string, readonly Rule[]>();
const ALL_FOR_UNKNOWN: readonly Rule[] = [...EVERY, ...UNKNOWN_TOOL];

function rulesFor(name: string): readonly Rule[] {
	let rules = ALL_FOR.get(name);
	if (!rules) {
		const own = RULES.get(name);
		if (!own) {
			return ALL_FOR_UNKNOWN;
		}
		rules = [...EVERY, ...own];
		ALL_FOR.set(name, rules);
	}
	return rules;
}

export interface RuleTrace {
	readonly invocation: string;
	readonly rule: string;
	readonly matched: boolean;
	readonly error?: string;
}

export interface Explanation {
	readonly parsed: ParsedLine;
	readonly invocations: readonly Invocation[];
	readonly considered: readonly RuleTrace[];
	readonly verdict: Verdict;
}

/** Analyses one command line. Call (and await) `prepare(line, context)` (or `initParser()` for bash) before. */
export function analyze(line: string, context: AnalysisContext = {}): Verdict {
	// The repository's team policy, when the context carries one, can only raise the verdict (teamPolicy.ts).
	return context.team?.length ? judgeWithTeamPolicy(line, context, (l, c) => run(l, c, undefined).verdict) : run(line, context, undefined).verdict;
}

/** Like `analyze`, with the parse, the unwrapped invocations and every rule considered. */
export function explain(line: string, context: AnalysisContext = {}): Explanation {
	if (!context.team?.length) {
		return run(line, context, []);
	}
	// The team policy's judging runs first with the team's rules in force: that run's trace is the one to show.
	let withTeam: Explanation | undefined;
	const verdict = judgeWithTeamPolicy(line, context, (l, c) => {
		const explained = run(l, c, []);
		withTeam ??= explained;
		return explained.verdict;
	});
	return { ...(withTeam ?? run(line, context, [])), verdict };
}

function run(line: string, context: AnalysisContext, trace: RuleTrace[] | undefined): Explanation {
	return withLineParses(() => runLine(line, context, trace));
}

function runLine(line: string, context: AnalysisContext, trace: RuleTrace[] | undefined): Explanation {
	let parsed: ParsedLine = { status: 'invalid', commands: [], truncated: true };
	let invocations: Invocation[] = [];
	// Files the line writes are read back by the commands after the write (shell/dataflow.ts). Every
	// look at a file while unwrapping is counted: a line that looked at none needs no second pass after a cd.
	let looked = 0;
	const base = context.readFile;
	const files = new InlineFiles(base && ((file) => (looked++, base(file))));
	const lineContext = withContext(context, { readFile: (file) => (looked++, files.read(file)), writtenInLine: (file) => (looked++, files.writtenBefore(file)), writtenNamed: (name) => {
		// Asked for every command name: it counts as a look only when the line wrote such a file.
		const found = files.writtenNamed(name);
		looked += found.length > 0 ? 1 : 0;
		return found;
	} });
	try {
		if (!isParserReady()) {
			throw new Error('the shell parser is not loaded');
		}
		if (nestingDepth(line) > MAX_NESTING) {
			// tree-sitter's time grows faster than linearly on pathological nesting; no real command
			// nests this deep, so such a line is judged by its words alone.
			parsed = { status: 'invalid', commands: [], truncated: true };
		} else if (context.shell === 'powershell') {
			if (!isPowerShellReady()) {
				void initPowerShell().catch(() => undefined);
				throw new Error('the PowerShell parser is not loaded');
			}
			parsed = parsePowerShell(line);
			invocations = unwrapLine(parsed, lineContext, files);
		} else {
			// cmd.exe lines are split as shell text, its backslashes (path separators) kept.
			parsed = context.shell === 'cmd' ? windowsParse(parseLine(windowsText(line, false)), 'cmd') : parseLine(line);
			invocations = unwrapLine(parsed, lineContext, files);
		}
		// The second pass differs from the first only in the folder files are read from (unwrap.ts
		// `inDirectory`): when the first read nothing, the second would find nothing more.
		if (looked > 0 && invocations.some((inv) => inv.cwd !== undefined)) {
			invocations = withReadsAfterCd(parsed, lineContext, context.readFile, invocations);
		}
		const rc = new RuleContext(lineContext);
		const hits: RuleHit[] = [];
		const moved = new Map<string, RuleContext>();
		const unknowns = new UnknownValues(line);
		for (const [i, inv] of invocations.entries()) {
			rc.preceding = invocations.slice(0, i);
			files.position = i;
			const judge = (variant: Invocation) => check(variant, rc, trace);
			// A guessed value is judged by the command's own rules only (not the rules every command gets).
			const judgeGuess = (variant: Invocation) => check(variant, rc, trace, true);
			// A word over a loop's listed values is judged with each value instead of as unknown.
			const each = unknowns.everyValue(inv, judge);
			if (inv.cwd !== undefined) {
				// After `cd DIR` the command runs in DIR — unless the cd was inside a subshell, which the
				// parse does not track: judge it both ways and keep the stricter findings. DIR's come first,
				// so that of two as strict the one that reads the line as a person does is shown.
				let there = moved.get(inv.cwd);
				if (!there) {
					there = new RuleContext(withContext(lineContext, { cwd: inv.cwd }));
					moved.set(inv.cwd, there);
				}
				there.preceding = rc.preceding;
				hits.push(...check(inv, there, trace));
			}
			const found = each ?? check(inv, rc, trace);
			hits.push(...found, ...(each ? [] : unknowns.hits(inv, found, judge, judgeGuess)));
		}
		if (parsed.status !== 'complete' || parsed.truncated) {
			hits.push(...unparsedHit(line, parsed.status === 'incomplete' ? 'The line is incomplete' : 'The line could not be parsed'));
		}
		return { parsed, invocations, considered: trace ?? [], verdict: windowsPaths(decide({ line, hits, invocations, parse: parsed.status, context }), line, context) };
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const hits = unparsedHit(line, `The check failed (${message})`);
		return { parsed, invocations, considered: trace ?? [], verdict: decide({ line, hits, invocations: [], parse: parsed.status, context }) };
	}
}

/**
 * What `text`, written into `file` (absolute) by an agent's file tool, plants for later when the file's
 * commands run later (a git hook, a cron table, git config …; shell/planted.ts): the findings on the
 * planted commands, judged as the shell path judges the same text written by `cat > file <<'EOF'` — which
 * is how it is judged here, keeping only the findings inside the planted text. Needs `initParser()`.
 */
export function plantedHits(file: string, text: string, context: AnalysisContext): readonly RuleHit[] {
	if (!isParserReady()) {
		return [{ rule: 'engine:unparsed-risky', severity: 'high', reason: 'The shell parser is not loaded, so the commands this text plants could not be judged.', targets: [file], decision: 'confirm' }];
	}
	let end = 'TG_PLANTED';
	while (text.includes(end)) {
		end += '_';
	}
	const line = `cat > '${file.replace(/'/g, "'\\''")}' <<'${end}'\n${text}${text.endsWith('\n') ? '' : '\n'}${end}\n`;
	const inside = `planted in ${file} (runs later)`;
	return run(line, context, undefined).verdict.hits.filter((hit) => hit.invocation?.includes(inside) === true);
}

/**
 * `{ ...context, ...changes }`, built with Object.assign: V8 copies a spread object that holds a function
 * (the context's readFile) and then adds to it on a slow path, measured at 1–3 µs a call, about a tenth
 * of an ordinary line (docs/decisions.md "Engine speed, per line").
 */
export function withContext(context: AnalysisContext, changes: Partial<AnalysisContext>): AnalysisContext {
	return Object.assign({}, context, changes);
}

/**
 * A line with a `cd`: the files its commands read while being unwrapped (`bash y.sh`, `< x.sql`,
 * `cat y.sh |`) were read from the starting folder; unwrapped again reading them from the folder the cd
 * moved to, whatever that finds in addition is judged too. Both, because the parse cannot tell a cd in a
 * subshell (`(cd sub) && bash y.sh` stays put) from one that moves the rest of the line.
 */
function withReadsAfterCd(parsed: ParsedLine, lineContext: AnalysisContext, readFile: AnalysisContext['readFile'], first: Invocation[]): Invocation[] {
	const files = new InlineFiles(readFile);
	const second = unwrapLine(parsed, withContext(lineContext, { readFile: files.read, writtenInLine: (file) => files.writtenBefore(file), writtenNamed: (name) => files.writtenNamed(name), followCd: true }), files);
	const key = (inv: Invocation) => JSON.stringify([inv.argv.map((w) => w.text), inv.stdinText ?? null, inv.cwd ?? null, inv.via, inv.remote, inv.env]);
	const seen = new Set(first.map(key));
	const extra = second.filter((inv) => !seen.has(key(inv)));
	return extra.length === 0 ? first : [...first, ...extra];
}

/** A PowerShell or cmd line, or one that starts either: its verdict names paths as the line wrote them (powershell/paths.ts). */
function windowsPaths(verdict: Verdict, line: string, context: AnalysisContext): Verdict {
	return context.shell === 'powershell' || context.shell === 'cmd' || MENTIONS_POWERSHELL.test(line) || /\bcmd(?:\.exe)?\s+\/[cCkK]\b/.test(line) ? asWritten(verdict, line) : verdict;
}

/** Brackets nested deeper than this are not handed to the parser. */
const MAX_NESTING = 200;

/** Upper bound of the bracket nesting in a line, in one linear pass (quotes are ignored: over-counting is safe). */
export function nestingDepth(line: string): number {
	let depth = 0;
	let max = 0;
	let backticks = 0;
	for (let i = 0; i < line.length; i++) {
		const c = line.charCodeAt(i);
		if (c === 40 || c === 123) {
			// ( {
			if (++depth > max) {
				max = depth;
			}
		} else if ((c === 41 || c === 125) && depth > 0) {
			depth--;
		} else if (c === 96) {
			backticks++;
		}
	}
	// Backticks nest by escaping; a long run of them is as costly as deep brackets.
	return Math.max(max, Math.floor(backticks / 2));
}

function describe(inv: Invocation): string {
	const text = inv.argv.map((w) => w.text).join(' ');
	return inv.via.length > 0 ? `${text}   (via ${inv.via.join(' › ')})` : text;
}

function check(inv: Invocation, rc: RuleContext, trace: RuleTrace[] | undefined, ownRulesOnly = false): RuleHit[] {
	if (inv.name === UNPARSED) {
		return unparsedHit(inv.stdinText ?? '', `Nested code could not be fully parsed (via ${inv.via.join(' › ') || 'shell'})`);
	}
	if (inv.name === UNKNOWN_HISTORY) {
		return [historyHit(inv, inv.argv[1].text, inv.argv[2].text)];
	}
	if (inv.name === UNKNOWN_INPUT) {
		const [, file, consumer] = inv.argv;
		const downloaded = /^[a-z][\w+.-]*:\/\/|^[\w-]+(?:\.[\w-]+)+\//i.test(file.text);
		return [{
			rule: downloaded ? 'engine:downloaded-code' : 'engine:unknown-input',
			severity: 'high',
			reason: downloaded
				? `${consumer?.text ?? 'The shell'} runs code downloaded from ${file.text}: what it does is only known when it runs.`
				: `${consumer?.text ?? 'The shell'} runs ${file.text}, whose contents could not be read (missing, unreadable, not a regular file, over 256 KB, or written earlier in this line with contents only known when it runs): what it does is only known then.`,
			targets: [file.text],
			decision: 'confirm',
			invocation: describe(inv),
		}];
	}
	const rules: readonly Rule[] = ownRulesOnly ? RULES.get(inv.name) ?? [] : rulesFor(inv.name);
	const hits: RuleHit[] = [];
	for (const rule of rules) {
		let matched = false;
		try {
			const match = toMatch(rule.match(inv, rc));
			if (match) {
				matched = true;
				const reason = match.reason ?? rule.reason;
				hits.push({
					rule: rule.id,
					severity: match.severity ?? rule.severity,
					reason: inv.planted === undefined ? reason : plantedReason(reason, inv.planted, rc),
					targets: match.targets,
					alternative: match.alternative ?? rule.alternative,
					decision: match.decision,
					invocation: describe(inv),
				});
			}
			trace?.push({ invocation: describe(inv), rule: rule.id, matched });
		} catch (error) {
			// A rule that crashes on a command it is responsible for fails closed.
			const message = error instanceof Error ? error.message : String(error);
			trace?.push({ invocation: describe(inv), rule: rule.id, matched: true, error: message });
			hits.push({ rule: rule.id, severity: 'high', reason: `${rule.reason} (the check failed: ${message})`, targets: [fallbackTarget(inv.argv.map((w) => w.text))], decision: 'confirm', invocation: describe(inv) });
		}
	}
	if (!ownRulesOnly) {
		hits.push(...userPatternHits(inv, rc));
	}
	return hits;
}

/** A finding on a command the line writes into a file that runs it later: the reason says where and when. */
function plantedReason(reason: string, file: string, rc: RuleContext): string {
	const { cwd, home, env } = rc.analysis;
	const shown = displayPath(file, cwd ?? process.cwd(), home ?? env?.HOME ?? '/nonexistent');
	return `Written into ${shown}, which runs it later without it being typed: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
}

/**
 * Words whose value is only known when the line runs. A loop variable over a listed set is judged
 * with each value (`for d in build /srv/data; do rm -rf "$d"; done`). Otherwise, when the line holds
 * risky words: an unknown command name asks; an unknown argument is tried with the values that
 * would make the command destructive (`git push $F origin main` with F=--force), and asks if one
 * does. Bounded: a few words, a few values each.
 */
class UnknownValues {
	private risky: string | null | undefined;
	private budget = 400;

	constructor(private readonly line: string) {}

	private history: boolean | undefined;

	/** The line reads the shell's history (`fc`, `history`, `$history`): a word-level look, cheap and generous. */
	private readsHistory(): boolean {
		this.history ??= /(?:^|[\s;|&(`"'])(?:fc|history)(?=[\s;|&)`"']|$)|\$\{?history\b/.test(this.line);
		return this.history;
	}

	private riskyWord(): string | null {
		// A line that sets IFS splits words where it says: `IFS=$X; read -r a b <<< 'ls:rm -rf …'; eval "$b"`
		// runs `rm` though the text glues it to `ls:`. There, a command name glued to anything counts.
		// Escapes printf, echo -e and $'…' turn into line breaks and tabs separate words too:
		// `readarray -t a < <(printf 'rm\n-rf\n/srv/data'); "${a[@]}"` glues `rm` to `\n` as written.
		this.risky ??= (/(?:^|[^\w$])IFS\+?=/.test(this.line) ? riskyWordSplitAnyhow(this.line) : riskyWord(this.line) ?? (this.line.includes('\\') ? riskyWord(this.line.replace(/\\[ntrvf]/g, ' ')) : undefined)) ?? null;
		return this.risky;
	}

	/**
	 * When every unknown word is a loop variable over listed values, the hits of every combination
	 * of values (the command as it will really run), else undefined.
	 */
	everyValue(inv: Invocation, judge: (variant: Invocation) => RuleHit[]): RuleHit[] | undefined {
		if (!hasDynamicWord(inv)) {
			return undefined;
		}
		const dynamic = inv.argv.map((w, i) => [w, i] as const).filter(([w]) => w.dynamic);
		if (dynamic.length === 0 || dynamic.some(([w]) => !w.candidates)) {
			return undefined;
		}
		let combos: Word[][] = [[...inv.argv]];
		for (const [word, index] of dynamic) {
			combos = combos.flatMap((argv) => word.candidates!.map((value) => argv.map((w, i) => (i === index ? { ...literalWord(value), raw: word.raw, glob: /[*?[]/.test(value) } : w))));
			if (combos.length > 32 || combos.length > this.budget) {
				return undefined;
			}
		}
		this.budget -= combos.length;
		const every = dynamic.map(([w]) => `${w.raw} = ${w.candidates!.join(', ')}`).join('; ');
		return combos.flatMap((argv) => {
			const when = combos.length === 1 ? dynamic.map(([w, i]) => `${w.raw} is ${argv[i].text}`).join(', ') : `the loop runs it with ${every}`;
			return judge({ ...inv, argv, name: commandName(argv[0].text) }).map((h) => ({ ...h, reason: `${h.reason} (when ${when})` }));
		});
	}

	hits(inv: Invocation, found: readonly RuleHit[], judge: (variant: Invocation) => RuleHit[], judgeGuess: (variant: Invocation) => RuleHit[]): RuleHit[] {
		if (inv.name === UNPARSED || !hasDynamicWord(inv)) {
			return [];
		}
		const out: RuleHit[] = [];
		const seen = new Set(found.map((h) => h.rule));
		const tryVariant = (index: number, value: string, why: (hit: RuleHit) => string, targetFor: (hit: RuleHit) => readonly string[], guess = false) => {
			if (this.budget-- <= 0) {
				return;
			}
			const argv = inv.argv.map((w, i) => (i === index ? literalWord(value) : w));
			const variant: Invocation = { ...inv, argv, name: index === 0 ? commandName(value) : inv.name };
			for (const hit of (guess ? judgeGuess : judge)(variant)) {
				if (!seen.has(hit.rule) || hit.decision === 'deny') {
					seen.add(hit.rule);
					out.push({ ...hit, reason: why(hit), targets: targetFor(hit) });
				}
			}
		};
		let probed = 0;
		for (const [index, word] of inv.argv.entries()) {
			if (!word.dynamic) {
				continue;
			}
			if (word.candidates) {
				for (const value of word.candidates) {
					tryVariant(index, value, (h) => `${h.reason} (when ${word.raw} is ${value})`, (h) => h.targets);
				}
				continue;
			}
			// Only a word that is wholly unknown can be any value (`HEAD:$B` cannot be `--force`).
			if (!/^(?:\$|`)/.test(word.text)) {
				continue;
			}
			const substituted = index === 0 ? /^\$\(([\s\S]*)\)$|^`([\s\S]*)`$/.exec(word.text) : null;
			if (index === 0 && !substituted && /^[$`]/.test(inv.name) && this.readsHistory()) {
				// `x=$(fc -ln -1); $x`, fish `eval $history[1]`: a command name that may be a line from history.
				out.push(historyHit(inv, historyTarget(inv.argv[0].raw, 'command'), `The command name ${inv.argv[0].raw} is only known when it runs, and the line reads the shell's history, which cannot be read here: it may run a line from it again.`));
				continue;
			}
			if (substituted) {
				// The whole command is what `$(…)` prints: judged harmless only for a shell's own init code.
				const hit = substitutedCommandHit(inv, substituted[1] ?? substituted[2]);
				if (hit) {
					out.push(hit);
					continue;
				}
			}
			// The line as written, or the words as the program gets them (`-'-force'` is `--force`).
			const risky = this.riskyWord() ?? riskyWord(inv.argv.map((w) => w.text).join(' ')) ?? null;
			if (!risky) {
				continue;
			}
			if (index === 0) {
				out.push(unknownCommandHit(inv, risky, this.line));
				continue;
			}
			// A command that already asks needs no guessing; probing is for one that would run. A word
			// after an option is most likely its value (`-P "$PASSWORD"`), not a flag of its own.
			if (probed >= 3 || found.some((h) => SEVERITY_RANK[h.severity] >= SEVERITY_RANK.high) || /^-/.test(inv.argv[index - 1]?.text ?? '')) {
				continue;
			}
			probed++;
			// The subcommand's place is tried with verbs, the other places with flags.
			for (const value of index === 1 ? VERB_PROBES : FLAG_PROBES) {
				tryVariant(
					index,
					value,
					(h) => `${word.raw} is only known when it runs; if it is ${value}: ${h.reason}`,
					(h) => (h.targets.some((t) => t.includes(value)) || h.targets.length === 0 ? [word.raw] : h.targets),
					true,
				);
			}
		}
		return out;
	}
}

function hasDynamicWord(inv: Invocation): boolean {
	for (const w of inv.argv) {
		if (w.dynamic) {
			return true;
		}
	}
	return false;
}

/** Values that turn a harmless command into a destructive one, tried for an unknown argument. */
const FLAG_PROBES = ['--force', '-rf', '-f', '--hard', '-D', '--delete', '--all', '--mirror', '+HEAD', '-y', '--yes', '--recursive'];
const VERB_PROBES = ['delete', 'destroy', 'drop', 'rm', 'push', 'reset', 'clean', 'purge', 'prune', 'down', 'remove', 'terminate', '--force', '-rf', '-f'];

/** Tools whose output is shell code meant to be evaluated (`eval "$(pyenv init -)"`, `eval "$(ssh-agent -s)"`). */
const INIT_CODE = /^(?:init|hook|shellenv|env|completion|completions|activate|setup)$/;
const INIT_TOOLS = new Set(['ssh-agent', 'dircolors', 'keychain', 'gpg-agent', 'resize']);

/**
 * `$(curl -s URL)`, `eval "$(curl … )"`, `bash -c "$(wget -qO- URL)"`: the command is the output of
 * another, only known when it runs. Downloaded code asks for its URL; other output asks unless the
 * producer is a tool that prints its own shell set-up code.
 */
function substitutedCommandHit(inv: Invocation, code: string): RuleHit | undefined {
	const reader = historyReaderIn(code);
	if (reader) {
		return historyHit(inv, historyTarget(reader, 'output'), `The command to run is what ${reader} prints: lines from the shell's history, which cannot be read here, so what it runs is only known when it runs.`);
	}
	const parsed = code.length > 4096 ? undefined : parseLine(code);
	const producer = parsed?.status === 'complete' ? parsed.commands[parsed.commands.length - 1]?.words ?? [] : [];
	const url = downloadedFrom(producer);
	if (url) {
		return { rule: 'engine:downloaded-code', severity: 'high', reason: `Runs code downloaded from ${url.text}: what it does is only known when it runs.`, targets: [url.text], decision: 'confirm', alternative: 'Download it to a file first, read it, then run the file.', invocation: describe(inv) };
	}
	const name = producer[0] ? commandName(producer[0].text) : '';
	if (INIT_TOOLS.has(name) || producer.slice(1).some((w) => INIT_CODE.test(w.text))) {
		return undefined;
	}
	const concrete = [...producer.slice(1)].reverse().find((w) => !w.dynamic && !w.text.startsWith('-') && w.text.trim() !== '');
	return { rule: 'engine:unknown-command', severity: 'high', reason: `The command to run is what ${inv.argv[0].raw} prints, only known when it runs.`, targets: [concrete?.text ?? inv.argv[0].raw], decision: 'confirm', invocation: describe(inv) };
}

/** A line that runs lines from the shell's history, not known here (shell/wrappers.ts `fc`, `r`). */
function historyHit(inv: Invocation, target: string, reason: string): RuleHit {
	return {
		rule: 'engine:history-rerun',
		severity: 'high',
		reason,
		targets: [target],
		decision: 'confirm',
		alternative: 'Type the command itself instead of running it again from history.',
		invocation: describe(inv),
	};
}

function unknownCommandHit(inv: Invocation, risky: string, line: string): RuleHit {
	// The nearest concrete name: the last argument the line spells out that is not an option, else the
	// last such word after the risky one in the line (`… <<< 'ls:rm -rf /srv/data'; eval "$b"` → /srv/data).
	const concrete = [...inv.argv.slice(1)].reverse().find((w) => !w.dynamic && !w.text.startsWith('-') && w.text.trim() !== '')?.text ?? afterRiskyWord(line, risky);
	return {
		rule: 'engine:unknown-command',
		severity: 'high',
		reason: `The command name ${inv.argv[0].raw} is only known when it runs, and the line contains "${risky}".`,
		targets: [concrete ?? inv.argv[0].raw],
		decision: 'confirm',
		invocation: describe(inv),
	};
}

/** The last word that is not an option in the run of plain words after `risky` in the line (up to a quote or an operator). */
function afterRiskyWord(written: string, risky: string): string | undefined {
	const line = written.includes('\\') ? written.replace(/\\[ntrvf]/g, ' ') : written;
	const at = line.toLowerCase().indexOf(risky.toLowerCase());
	if (at < 0) {
		return undefined;
	}
	const run = /^[^'"`;&|()<>\n]*/.exec(line.slice(at + risky.length, at + risky.length + 4096))?.[0] ?? '';
	return run.split(/\s+/).filter((w) => w !== '' && !w.startsWith('-') && !/[$`]/.test(w)).at(-1);
}

function userPatternHits(inv: Invocation, rc: RuleContext): RuleHit[] {
	const patterns = rc.analysis.config?.patterns;
	if (!patterns || patterns.length === 0) {
		return [];
	}
	const text = inv.argv.map((w) => w.text).join(' ');
	const hits: RuleHit[] = [];
	for (const [i, p] of patterns.entries()) {
		// A rule RE2 cannot run (or no regex at all) is skipped here and reported by ruleProblems().
		const re = typeof p.match === 'string' ? compileUserRegex(p.match) : undefined;
		if (!re || isRefusal(re)) {
			continue;
		}
		const m = re.exec(text);
		if (m) {
			const target = p.target === undefined ? m[0] : typeof p.target === 'number' ? m[p.target] : m.groups?.[p.target];
			hits.push({ rule: p.id?.startsWith('team:') ? p.id : `user:${p.id ?? `pattern-${i + 1}`}`, severity: p.severity ?? 'high', reason: p.reason ?? `Matches your pattern /${p.match}/.`, targets: [target ?? m[0]], alternative: p.alternative, invocation: describe(inv) });
		}
	}
	return hits;
}

function unparsedHit(text: string, why: string): RuleHit[] {
	const word = riskyWord(text);
	if (!word) {
		return [];
	}
	return [{ rule: 'engine:unparsed-risky', severity: 'high', reason: `${why} and contains "${word}", which can destroy data.`, targets: [unparsedTarget(text, word)], decision: 'confirm' }];
}

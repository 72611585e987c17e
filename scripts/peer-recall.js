// Recall of the engine on the peers' own test corpora: shellfirm, dcg (destructive_command_guard) and
// cc-safety-net, read from their mirrored git repositories at measurement time (nothing of theirs is
// committed but the reviewed list of lines our policy allows on purpose, test/fixtures/peers/policy-differs.json).
//   node scripts/peer-recall.js [--tree DIR] [--mirrors DIR] [--peer NAME] [--misses] [--alarms] [--strict-list]
// DIR defaults to this checkout (give another checkout, e.g. /work/main, for "before").
// --misses prints each line a peer blocks that is destructive by our policy and that we do not catch;
// --alarms prints each line a peer allows that we ask about; --strict-list exits 1 when a line of the
// policy list is no longer in the peer's corpus or is caught anyway (the list must stay reviewed and small).
// A line is caught when the verdict is not `allow` and names a target that is not a command name, an
// option or a placeholder. A line the engine crashes on counts as missed.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const args = process.argv.slice(2);
function option(name, fallback) {
	const at = args.indexOf(name);
	return at >= 0 ? args.splice(at, 2)[1] : fallback;
}
function flag(name) {
	const at = args.indexOf(name);
	return at >= 0 && args.splice(at, 1).length > 0;
}
const repoRoot = path.join(__dirname, '..');
const tree = path.resolve(option('--tree', repoRoot));
const mirrors = path.resolve(option('--mirrors', '/work/.mirror'));
const onlyPeer = option('--peer', undefined);
const showMisses = flag('--misses');
const showAlarms = flag('--alarms');
const strictList = flag('--strict-list');

// ---------------------------------------------------------------------------------------------
// Reading the mirrors (bare git directories: no work tree).

function git(dir, ...gitArgs) {
	return execFileSync('git', ['-C', dir, ...gitArgs], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
function mirrorOf(name) {
	const dir = path.join(mirrors, name, 'repo');
	if (!fs.existsSync(dir)) {
		// A missing peer is an error, never a silent zero.
		throw new Error(`peer mirror missing: ${dir} (fetch github:${name.replace('+', '/')} first)`);
	}
	return dir;
}
function files(dir, filter) {
	return git(dir, 'ls-tree', '-r', '--name-only', 'HEAD').split('\n').filter((f) => f && filter(f));
}
function show(dir, file) {
	return git(dir, 'show', `HEAD:${file}`);
}

/**
 * Rust string literals from `at` on: "…" with escapes (and `\` + newline continuing the string) and
 * raw r"…", r#"…"#. Returns { value, end } or undefined when no literal starts at `at`.
 */
function rustString(text, at) {
	const raw = /^r(#*)"/.exec(text.slice(at, at + 10));
	if (raw) {
		const close = `"${raw[1]}`;
		const start = at + raw[0].length;
		const end = text.indexOf(close, start);
		return end < 0 ? undefined : { value: text.slice(start, end), end: end + close.length };
	}
	if (text[at] !== '"') {
		return undefined;
	}
	let value = '';
	for (let i = at + 1; i < text.length; i++) {
		const c = text[i];
		if (c === '"') {
			return { value, end: i + 1 };
		}
		if (c !== '\\') {
			value += c;
			continue;
		}
		const e = text[++i];
		if (e === '\n') {
			while (/\s/.test(text[i + 1] ?? '')) {
				i++;
			}
		} else if (e === 'u') {
			const m = /^\{([0-9a-fA-F]+)\}/.exec(text.slice(i + 1));
			value += String.fromCodePoint(parseInt(m[1], 16));
			i += m[0].length;
		} else if (e === 'x') {
			value += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
			i += 2;
		} else {
			value += { n: '\n', t: '\t', r: '\r', 0: '\0' }[e] ?? e;
		}
	}
	return undefined;
}

function skipSpace(text, at) {
	while (at < text.length) {
		if (/\s/.test(text[at])) {
			at++;
		} else if (text.startsWith('//', at)) {
			at = text.indexOf('\n', at);
			at = at < 0 ? text.length : at;
		} else {
			return at;
		}
	}
	return at;
}

/** The first argument of a call that is a string literal (after an optional `&pack,`), or undefined. */
function rustCallCommand(text, open) {
	let at = skipSpace(text, open + 1);
	const pack = /^&?[A-Za-z_][\w.]*(\(\))?\s*,/.exec(text.slice(at, at + 80));
	if (pack && !text.slice(at).startsWith('"') && !/^r#*"/.test(text.slice(at))) {
		at = skipSpace(text, at + pack[0].length);
	}
	return rustString(text, at)?.value;
}

/** Every string literal of the slice `&[ … ]` or `vec![ … ]` that is the call's first list argument. */
function rustCallList(text, open) {
	const start = text.indexOf('[', open);
	const out = [];
	let at = start + 1;
	for (;;) {
		at = skipSpace(text, at);
		if (text[at] === ']' || at >= text.length) {
			return out;
		}
		const s = rustString(text, at);
		if (!s) {
			return out;
		}
		out.push(s.value);
		at = skipSpace(text, s.end);
		if (text[at] === ',') {
			at++;
		}
	}
}

const DCG_BLOCKS = ['assert_blocks', 'assert_blocks_with_pattern', 'assert_blocks_with_severity', 'assert_rm_parser_denies', 'assert_denies_with_rule'];
const DCG_ALLOWS = ['assert_allows', 'assert_safe_pattern_matches', 'assert_no_match', 'assert_rm_parser_allows', 'assert_allows_command'];

/** Minimal TOML: `command = "…"`/`'…'`/`"""…"""` and `expected = …`/`expected_decision = …` per `[[case]]`. */
function tomlCases(text) {
	const cases = [];
	for (const block of text.split(/^\[\[case\]\]\s*$/m).slice(1)) {
		const body = block.split(/^\[(?!\[)/m)[0];
		const expected = /^(?:expected|expected_decision)\s*=\s*"(\w+)"/m.exec(body)?.[1];
		let command;
		const m = /^command\s*=\s*/m.exec(body);
		if (m) {
			const at = m.index + m[0].length;
			if (body.startsWith('"""', at)) {
				const end = body.indexOf('"""', at + 3);
				command = JSON.parse(`"${body.slice(at + 3, end).replace(/^\n/, '').replace(/\n/g, '\\n')}"`);
			} else if (body.startsWith("'''", at)) {
				command = body.slice(at + 3, body.indexOf("'''", at + 3)).replace(/^\n/, '');
			} else if (body[at] === "'") {
				command = body.slice(at + 1, body.indexOf("'", at + 1));
			} else {
				command = rustString(body, at)?.value;
			}
		}
		if (command !== undefined && expected !== undefined) {
			cases.push({ command, expected });
		}
	}
	return cases;
}

function extractDcg() {
	const dir = mirrorOf('Dicklesworthstone+destructive_command_guard');
	const yaml = require(path.join(repoRoot, 'node_modules', 'js-yaml'));
	const lines = [];
	const add = (command, blocked, source) => lines.push({ command, blocked, source });
	for (const file of files(dir, (f) => f.startsWith('src/packs/') && f.endsWith('.rs'))) {
		const text = show(dir, file);
		const calls = new RegExp(`\\b(${[...DCG_BLOCKS, ...DCG_ALLOWS, 'test_batch_blocks', 'test_batch_allows'].join('|')})\\s*\\(`, 'g');
		for (const m of text.matchAll(calls)) {
			if (/\bfn\s+$/.test(text.slice(Math.max(0, m.index - 10), m.index))) {
				continue;
			}
			const open = m.index + m[0].length - 1;
			const lineNo = text.slice(0, m.index).split('\n').length;
			const blocked = DCG_BLOCKS.includes(m[1]) || m[1] === 'test_batch_blocks';
			const commands = m[1].startsWith('test_batch_') ? rustCallList(text, open) : [rustCallCommand(text, open)];
			for (const c of commands) {
				if (c !== undefined) {
					add(c, blocked, `${file}:${lineNo}`);
				}
			}
		}
	}
	for (const file of files(dir, (f) => f.startsWith('tests/corpus/') && f.endsWith('.toml'))) {
		for (const c of tomlCases(show(dir, file))) {
			if (c.expected === 'deny' || c.expected === 'allow') {
				add(c.command, c.expected === 'deny', file);
			}
		}
	}
	for (const [file, blocked] of [['tests/fixtures/destructive_commands.yaml', true], ['tests/fixtures/safe_commands.yaml', false]]) {
		// Read line by line: destructive_commands.yaml is not valid YAML (unescaped quotes in a few curl
		// lines), and dcg's own tests never load it. A command is the text between the outer quotes.
		for (const l of show(dir, file).split('\n')) {
			const m = /^\s*- command:\s*"(.*)"\s*$/.exec(l);
			if (m) {
				add(m[1].replace(/\\(["\\])/g, '$1'), blocked, file);
			}
		}
	}
	const edge = yaml.load(show(dir, 'tests/fixtures/edge_cases.yaml'));
	for (const e of edge.false_positives) {
		add(e.command, false, 'tests/fixtures/edge_cases.yaml');
	}
	for (const e of edge.false_negatives) {
		add(e.command, true, 'tests/fixtures/edge_cases.yaml');
	}
	for (const [file, blocked] of [['tests/e2e/fixtures/commands/dangerous.txt', true], ['tests/e2e/fixtures/commands/safe.txt', false]]) {
		for (const l of show(dir, file).split('\n')) {
			if (l.trim() && !l.startsWith('#')) {
				add(l, blocked, file);
			}
		}
	}
	// `EXPECT:command`; a line with no prefix continues the command above it (a heredoc's body), and
	// heredocs.txt writes line breaks as `\n`. WARN lines are neither blocked nor allowed.
	for (const file of ['tests/e2e/fixtures/commands/edge_cases.txt', 'tests/e2e/fixtures/commands/heredocs.txt']) {
		let current;
		const flush = () => {
			if (current && current.expect !== 'WARN' && current.command.trim() !== '') {
				add(current.command, current.expect === 'BLOCK', file);
			}
			current = undefined;
		};
		for (const l of show(dir, file).split('\n')) {
			const m = /^(BLOCK|ALLOW|WARN):(.*)$/.exec(l);
			if (m) {
				flush();
				current = { expect: m[1], command: file.endsWith('heredocs.txt') ? m[2].replace(/\\n/g, '\n') : m[2] };
			} else if (l.startsWith('#') || l.trim() === '') {
				flush();
			} else if (current) {
				current.command += `\n${l}`;
			}
		}
		flush();
	}
	const deny = JSON.parse(show(dir, 'agent_baseline/test_deny.json'));
	add(deny.command, deny.decision === 'deny', 'agent_baseline/test_deny.json');
	return lines;
}

function extractShellfirm() {
	const dir = mirrorOf('kaplanelad+shellfirm');
	const yaml = require(path.join(repoRoot, 'node_modules', 'js-yaml'));
	const lines = [];
	for (const file of files(dir, (f) => f.startsWith('shellfirm/tests/checks/') && f.endsWith('.yaml'))) {
		for (const c of yaml.load(show(dir, file))) {
			lines.push({ command: c.test, blocked: c.expect_ids.length > 0, source: file });
		}
	}
	return lines;
}

function extractSafetyNet() {
	const dir = mirrorOf('kenryu42+claude-code-safety-net');
	const ts = require(path.join(repoRoot, 'node_modules', 'typescript'));
	const lines = [];
	// rules-custom-integration.test.ts blocks lines by the test's own custom rules (`git add -A`), not by the tool's.
	for (const file of files(dir, (f) => f.startsWith('tests/') && f.endsWith('.test.ts') && !f.endsWith('rules-custom-integration.test.ts'))) {
		const source = ts.createSourceFile(file, show(dir, file), ts.ScriptTarget.Latest, true);
		const visit = (node) => {
			if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && /^assert(Blocked|Allowed)$/.test(node.expression.text)) {
				const first = node.arguments[0];
				// Only literal commands: a template with ${…} depends on the test's temporary folders.
				if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
					const lineNo = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
					lines.push({ command: first.text, blocked: node.expression.text === 'assertBlocked', source: `${file}:${lineNo}` });
				}
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return lines;
}

const PEERS = [
	{ name: 'shellfirm', extract: extractShellfirm },
	{ name: 'cc-safety-net', extract: extractSafetyNet },
	{ name: 'dcg', extract: extractDcg },
];

/** One entry per distinct line; a line some test of the peer blocks counts as blocked. */
function distinct(lines) {
	const byCommand = new Map();
	for (const l of lines) {
		const seen = byCommand.get(l.command);
		if (!seen || (l.blocked && !seen.blocked)) {
			byCommand.set(l.command, l);
		}
	}
	return [...byCommand.values()];
}

// ---------------------------------------------------------------------------------------------
// Judging with the engine of `tree`.

/** Names a person cannot type as the thing destroyed: the line's command names. */
function commandNames(line) {
	const names = new Set();
	for (const m of line.matchAll(/(?:^|[;&|(`]|\$\(|\b(?:sudo|env|xargs|exec|command|nohup|time|then|do)\s)\s*(?:[A-Za-z_]\w*=\S*\s+)*([^\s;&|()'"`<>]+)/g)) {
		names.add(m[1].toLowerCase());
		names.add(path.basename(m[1]).toLowerCase());
	}
	return names;
}
function typeable(target, line) {
	if (typeof target !== 'string' || target.trim() === '') {
		return false;
	}
	if (target.startsWith('-') || /\{\}/.test(target) || /^(?:%|_|@|\$[0-9@*#?!$-]|\$\{[0-9@*#]\})$/.test(target) || /^[+-]?\d+$/.test(target)) {
		return false;
	}
	return !commandNames(line).has(target.toLowerCase());
}

function loadEngine() {
	const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-peers-'));
	require(path.join(repoRoot, 'node_modules', 'esbuild')).buildSync({
		entryPoints: [path.join(tree, 'src', 'engine', 'analyze.ts')], bundle: true, platform: 'node', format: 'cjs', logLevel: 'error',
		outfile: path.join(out, 'analyze.js'),
		// jsonc-parser's default (UMD) build requires its parts at run time, which a bundle cannot follow (as in esbuild.config.js).
		alias: { 'jsonc-parser': path.join(repoRoot, 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') },
		define: { 'import.meta.url': JSON.stringify(`file://${path.join(repoRoot, 'node_modules', 'web-tree-sitter', 'x.js')}`) },
	});
	for (const wasm of ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm']) {
		fs.copyFileSync(path.join(repoRoot, 'node_modules', wasm), path.join(out, path.basename(wasm)));
	}
	const engine = require(path.join(out, 'analyze.js'));
	return { engine, out };
}

function pct(n, d) {
	return d ? `${(100 * n / d).toFixed(1)}%` : '-';
}

(async () => {
	const differs = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'peers', 'policy-differs.json'), 'utf8'));
	const { engine, out } = loadEngine();
	await engine.initParser();
	const ctx = { cwd: '/home/dev/project', workspaceFolders: ['/home/dev/project'], home: '/home/dev', env: {} };
	const judge = (command) => {
		try {
			return engine.analyze(command, ctx);
		} catch (error) {
			return { decision: 'allow', crashed: String(error) };
		}
	};
	let listProblems = 0;
	const totals = { blocked: 0, destructive: 0, caught: 0, allowed: 0, alarms: 0 };
	for (const peer of PEERS.filter((p) => !onlyPeer || p.name === onlyPeer)) {
		const lines = distinct(peer.extract());
		const onPurpose = new Map((differs.lines[peer.name] ?? []).map((e) => [e.command, e.why]));
		for (const why of onPurpose.values()) {
			if (!differs.reasons[why]) {
				throw new Error(`${peer.name}: reason "${why}" is not one of policy-differs.json's reasons`);
			}
		}
		const blocked = lines.filter((l) => l.blocked);
		const allowed = lines.filter((l) => !l.blocked);
		const destructive = blocked.filter((l) => !onPurpose.has(l.command));
		const misses = [];
		let caught = 0;
		for (const l of destructive) {
			const v = judge(l.command);
			if (v.decision !== 'allow' && typeable(v.target, l.command)) {
				caught++;
			} else {
				misses.push({ ...l, verdict: v.crashed ? `crashed: ${v.crashed}` : `${v.decision} ${v.target ?? ''} ${v.rule ?? v.hits?.[0]?.rule ?? ''}` });
			}
		}
		const blockedCommands = new Set(blocked.map((l) => l.command));
		for (const [command] of onPurpose) {
			if (!blockedCommands.has(command)) {
				listProblems++;
				console.log(`  policy-differs: no longer blocked in ${peer.name}'s corpus: ${JSON.stringify(command)}`);
			} else if (strictList && judge(command).decision !== 'allow') {
				listProblems++;
				console.log(`  policy-differs: listed as allowed on purpose but asked: ${JSON.stringify(command)}`);
			}
		}
		const alarms = [];
		for (const l of allowed) {
			const v = judge(l.command);
			if (v.decision !== 'allow') {
				alarms.push({ ...l, verdict: `${v.decision} ${v.target ?? ''}` });
			}
		}
		console.log(`${peer.name.padEnd(14)} lines ${String(lines.length).padStart(5)}  peer blocks ${String(blocked.length).padStart(5)}  destructive by our policy ${String(destructive.length).padStart(5)}  caught ${String(caught).padStart(5)} (${pct(caught, destructive.length)})  false alarms ${alarms.length}/${allowed.length} (${pct(alarms.length, allowed.length)})`);
		if (showMisses) {
			for (const m of misses) {
				console.log(`  MISS ${JSON.stringify(m.command)}  -> ${m.verdict.trim()}  [${m.source}]`);
			}
		}
		if (showAlarms) {
			for (const a of alarms) {
				console.log(`  ALARM ${JSON.stringify(a.command)}  -> ${a.verdict.trim()}  [${a.source}]`);
			}
		}
		totals.blocked += blocked.length;
		totals.destructive += destructive.length;
		totals.caught += caught;
		totals.allowed += allowed.length;
		totals.alarms += alarms.length;
	}
	console.log(`${'all peers'.padEnd(14)} peer blocks ${totals.blocked}  destructive by our policy ${totals.destructive}  caught ${totals.caught} (${pct(totals.caught, totals.destructive)})  false alarms ${totals.alarms}/${totals.allowed} (${pct(totals.alarms, totals.allowed)})`);
	fs.rmSync(out, { recursive: true, force: true });
	process.exitCode = strictList && listProblems > 0 ? 1 : 0;
})();

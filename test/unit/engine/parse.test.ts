/**
 * The shell parser: words after quote removal, the commands a line runs (including those inside
 * substitutions, subshells, functions and compound commands), redirects, standard input, and
 * whether the line is complete, incomplete (more input could finish it) or invalid.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FORK_BOMB, parseLine } from '../../../src/engine/shell/parse';
import type { ParsedLine, ParseStatus, SimpleCommand } from '../../../src/engine/types';
import { useEngine } from '../helpers';

useEngine();

const words = (c: SimpleCommand) => c.words.map((w) => w.text);
const all = (p: ParsedLine) => p.commands.map(words);

function commandsOf(line: string, expected: string[][], status: ParseStatus = 'complete'): void {
	it(`${JSON.stringify(line)} runs ${JSON.stringify(expected)}`, () => {
		const parsed = parseLine(line);
		assert.equal(parsed.status, status, `status of ${JSON.stringify(line)}`);
		assert.deepEqual(all(parsed), expected);
	});
}

function statusOf(line: string, status: ParseStatus): void {
	it(`${JSON.stringify(line)} is ${status}`, () => {
		assert.equal(parseLine(line).status, status);
	});
}

function only(line: string): SimpleCommand {
	const parsed = parseLine(line);
	const named = parsed.commands.filter((c) => c.words.length > 0);
	assert.equal(named.length >= 1, true, `no command in ${JSON.stringify(line)}`);
	return named[named.length - 1];
}

describe('parse: quoting and escapes', () => {
	commandsOf('echo "a b"', [['echo', 'a b']]);
	commandsOf("echo 'x'", [['echo', 'x']]);
	commandsOf("echo $'a\\nb'", [['echo', 'a\nb']]);
	commandsOf("echo $'\\x41\\101\\u00e9\\t'", [['echo', 'AA\u00e9\t']]);
	commandsOf('echo a\\ b', [['echo', 'a b']]);
	commandsOf("r''m -rf x", [['rm', '-rf', 'x']]);
	commandsOf('r\\m -rf x', [['rm', '-rf', 'x']]);
	commandsOf('"rm" -rf "my dir"', [['rm', '-rf', 'my dir']]);
	commandsOf('echo "it\'s" \'say "hi"\'', [['echo', "it's", 'say "hi"']]);
	commandsOf('echo "a \\"b\\" \\$c \\\\d"', [['echo', 'a "b" $c \\d']]);
	commandsOf('echo "line one\nline two"', [['echo', 'line one\nline two']]);
	commandsOf('echo "a\\\nb"', [['echo', 'ab']]);
	commandsOf('echo x\\\ny', [['echo', 'xy']]);
	commandsOf('r\\\nm -rf x', [['rm', '-rf', 'x']]);
	commandsOf("echo 'a\\\nb'", [['echo', 'a\\\nb']]);
	commandsOf('echo pre"mid"\'end\'', [['echo', 'premidend']]);

	it('marks words with expansions as dynamic and unquoted globs as globs', () => {
		const [echo] = parseLine('echo $HOME "$USER" *.log "*.txt" plain ~/x').commands;
		assert.deepEqual(echo.words.map((w) => [w.text, w.dynamic, w.glob]), [
			['echo', false, false], ['$HOME', true, false], ['$USER', true, false], ['*.log', false, true], ['*.txt', false, false], ['plain', false, false], ['~/x', false, false],
		]);
	});

	it('keeps the raw text of every word', () => {
		const [cmd] = parseLine('rm -rf "my dir" \'x y\'').commands;
		assert.deepEqual(cmd.words.map((w) => w.raw), ['rm', '-rf', '"my dir"', "'x y'"]);
	});
});

describe('parse: lists, pipelines and control operators', () => {
	commandsOf('a; b && c || d | e & f\ng', [['a'], ['b'], ['c'], ['d'], ['e'], ['f'], ['g']]);
	commandsOf('make && rm -rf dist', [['make'], ['rm', '-rf', 'dist']]);
	commandsOf('rm -rf x &', [['rm', '-rf', 'x']]);
	commandsOf('! rm -rf x', [['rm', '-rf', 'x']]);
	commandsOf('rm x |& tee log', [['rm', 'x'], ['tee', 'log']]);

	it('links each pipeline stage to the one before it', () => {
		const [a, b, c] = parseLine('cat dump.sql | gunzip | psql').commands;
		assert.equal(a.stdin, undefined);
		assert.equal(b.stdin?.kind === 'pipe' && b.stdin.from, a);
		assert.equal(c.stdin?.kind === 'pipe' && c.stdin.from, b);
	});
});

describe('parse: subshells, substitutions and nesting', () => {
	commandsOf('(cd x && rm y)', [['cd', 'x'], ['rm', 'y']]);
	commandsOf('{ rm a; rm b; }', [['rm', 'a'], ['rm', 'b']]);
	commandsOf('echo $(rm -rf x)', [['rm', '-rf', 'x'], ['echo', '$(rm -rf x)']]);
	commandsOf('echo `rm -rf x`', [['rm', '-rf', 'x'], ['echo', '`rm -rf x`']]);
	commandsOf('echo $(rm $(ls) `pwd`)', [['ls'], ['pwd'], ['rm', '$(ls)', '`pwd`'], ['echo', '$(rm $(ls) `pwd`)']]);
	commandsOf('echo `echo \\`rm victim\\``', [['rm', 'victim'], ['echo', '`rm victim`'], ['echo', '`echo \\`rm victim\\``']]);
	commandsOf('echo "$(rm -rf "a b")"', [['rm', '-rf', 'a b'], ['echo', '$(rm -rf "a b")']]);
	commandsOf('diff <(ls a) >(cat)', [['ls', 'a'], ['cat'], ['diff', '<(ls a)', '>(cat)']]);
	commandsOf('x=$(rm -rf y) cmd', [['rm', '-rf', 'y'], ['cmd']]);
	commandsOf('export X=$(rm z)', [['rm', 'z'], ['export']]);
	commandsOf("RM='rm -rf'; $RM x", [[], ['$RM', 'x']]);
	commandsOf('echo ${x:-$(rm w)}', [['rm', 'w'], ['echo', '${x:-$(rm w)}']]);
	commandsOf('[[ $(rm -rf x) ]]', [['rm', '-rf', 'x']]);
	commandsOf('echo $(( $(rm x) + 1 ))', [['rm', 'x'], ['echo', '$(( $(rm x) + 1 ))']]);
});

describe('parse: redirections', () => {
	it('records every redirect with its operator, descriptor and target', () => {
		const cmd = only('cat > out 2>&1 < in >> log');
		assert.deepEqual(cmd.redirects.map((r) => [r.op, r.fd ?? '', r.target?.text]), [['>', '', 'out'], ['>&', '2', '1'], ['<', '', 'in'], ['>>', '', 'log']]);
	});

	it('keeps a bare redirect as a command without words', () => {
		const [cmd] = parseLine('> .env').commands;
		assert.deepEqual(cmd.words, []);
		assert.equal(cmd.redirects[0].target?.text, '.env');
	});

	it('applies a group redirect to every command inside', () => {
		const parsed = parseLine('{ echo a; echo b; } > out.txt');
		assert.deepEqual(parsed.commands.map((c) => c.redirects.map((r) => r.target?.text)), [['out.txt'], ['out.txt']]);
	});

	it('reads &> and 2> as writes', () => {
		const cmd = only('cmd &>all.log 2>/dev/null');
		assert.deepEqual(cmd.redirects.map((r) => [r.op, r.target?.text]), [['&>', 'all.log'], ['>', '/dev/null']]);
	});
});

describe('parse: heredocs and here-strings', () => {
	it('gives an unquoted heredoc body as stdin', () => {
		const cmd = only('psql <<EOF\nDROP TABLE users;\nEOF');
		assert.deepEqual(cmd.stdin, { kind: 'text', text: 'DROP TABLE users;\n', via: 'heredoc' });
	});

	it("keeps a quoted heredoc body verbatim (<<'EOF', <<\"EOF\")", () => {
		assert.equal(only("cat <<'EOF'\n$HOME `x`\nEOF").stdin?.kind === 'text' && (only("cat <<'EOF'\n$HOME `x`\nEOF").stdin as { text: string }).text, '$HOME `x`\n');
		const double = only('cat <<"EOF"\n$x\nEOF');
		assert.equal(double.stdin?.kind === 'text' ? double.stdin.text : undefined, '$x\n');
	});

	it('strips leading tabs with <<-', () => {
		const cmd = only('cat <<-EOF\n\tone\n\t\ttwo\n\tEOF');
		assert.equal(cmd.stdin?.kind === 'text' ? cmd.stdin.text : undefined, 'one\ntwo\n');
	});

	it('runs the substitutions of an unquoted heredoc, not of a quoted one', () => {
		assert.deepEqual(all(parseLine('cat <<EOF\na $(rm -rf x) `rm y`\nEOF')), [['cat'], ['rm', '-rf', 'x'], ['rm', 'y']]);
		assert.deepEqual(all(parseLine("cat <<'EOF'\n$(rm -rf x)\nEOF")), [['cat']]);
	});

	it('pipes a heredoc into the next command (cat <<EOF | psql)', () => {
		const [cat, psql] = parseLine('cat <<EOF | psql\nDROP TABLE x;\nEOF').commands;
		assert.deepEqual(words(psql), ['psql']);
		assert.equal(psql.stdin?.kind === 'pipe' && psql.stdin.from, cat);
		assert.equal(cat.stdin?.kind === 'text' ? cat.stdin.text : undefined, 'DROP TABLE x;\n');
	});

	it('keeps commands after a heredoc on the same line (<<EOF && next, | psql && echo)', () => {
		assert.deepEqual(all(parseLine('cat <<EOF && rm y\nz\nEOF')), [['cat'], ['rm', 'y']]);
		assert.deepEqual(all(parseLine('cat <<EOF | psql && echo done\nDROP TABLE x;\nEOF')), [['cat'], ['psql'], ['echo', 'done']]);
	});

	it('gives the heredoc to the command when a redirect follows it (psql <<EOF > out)', () => {
		const cmd = only('psql <<EOF > out.txt\nx\nEOF');
		assert.equal(cmd.stdin?.kind === 'text' ? cmd.stdin.text : undefined, 'x\n');
		assert.ok(cmd.redirects.some((r) => r.op === '>' && r.target?.text === 'out.txt'));
	});

	it('gives a here-string as stdin, quotes removed', () => {
		assert.deepEqual(only('bash <<< "rm -rf x"').stdin, { kind: 'text', text: 'rm -rf x', via: 'herestring' });
		assert.deepEqual(only("mysql <<< 'DROP DATABASE app'").stdin, { kind: 'text', text: 'DROP DATABASE app', via: 'herestring' });
	});
});

describe('parse: assignments, comments and functions', () => {
	it('separates inline assignments from the words', () => {
		const cmd = only('A=1 B="x y" RAILS_ENV=production cmd arg');
		assert.deepEqual(cmd.assignments.map((a) => [a.name, a.value]), [['A', '1'], ['B', 'x y'], ['RAILS_ENV', 'production']]);
		assert.deepEqual(words(cmd), ['cmd', 'arg']);
	});

	commandsOf('echo hi # rm -rf /', [['echo', 'hi']]);
	commandsOf('# rm -rf /', []);
	commandsOf('echo "# not a comment"', [['echo', '# not a comment']]);
	// A function the line calls runs its body at the call, after `set --` with the call's words; one never
	// called is judged where it is defined.
	commandsOf('f() { rm -rf x; }; f', [['f'], ['set', '--'], ['rm', '-rf', 'x']]);
	commandsOf('f() { rm -rf "$1"; }; f a; f b', [['f', 'a'], ['set', '--', 'a'], ['rm', '-rf', '$1'], ['f', 'b'], ['set', '--', 'b'], ['rm', '-rf', '$1']]);
	commandsOf('function g { rm -rf x; }', [['rm', '-rf', 'x']]);
	commandsOf('f() { f x; }; f', [['f'], ['set', '--'], ['f', 'x']]);

	it('reports a fork bomb as a synthetic command', () => {
		const parsed = parseLine(':(){ :|:& };:');
		assert.ok(parsed.commands.some((c) => words(c)[0] === FORK_BOMB && words(c)[1] === ':'));
		assert.ok(parseLine('bomb() { bomb | bomb & }; bomb').commands.some((c) => words(c)[0] === FORK_BOMB));
	});

	it('does not call an ordinary recursive function a fork bomb', () => {
		const parsed = parseLine('walk() { for d in "$1"/*; do walk "$d"; done; }; walk .');
		assert.ok(!parsed.commands.some((c) => words(c)[0] === FORK_BOMB));
	});
});

describe('parse: loops, if and case', () => {
	// The loop variable is announced by a synthetic assignment-only command (its value is unknown).
	commandsOf('for i in a b; do rm $i; done', [[], ['rm', '$i']]);
	commandsOf('for ((i=0;i<3;i++)); do rm $i; done', [['rm', '$i']]);
	commandsOf('while true; do sleep 1; done', [['true'], ['sleep', '1']]);
	commandsOf('until false; do rm x; done', [['false'], ['rm', 'x']]);
	commandsOf('select x in a; do rm $x; done', [[], ['rm', '$x']]);
	commandsOf('if [ -f x ]; then rm x; elif true; then :; else echo; fi', [['rm', 'x'], ['true'], [':'], ['echo']]);
	commandsOf('case $x in a) rm a;; b|c) echo;; esac', [['rm', 'a'], ['echo']]);
	// A loop's body starts with a synthetic command making what it assigns unknown (`read f`).
	commandsOf('ls | while read f; do rm "$f"; done', [['ls'], [], ['read', 'f'], ['rm', '$f']]);
});

describe('parse: incomplete input', () => {
	statusOf("echo 'abc", 'incomplete');
	statusOf('echo "abc', 'incomplete');
	statusOf("echo $'abc", 'incomplete');
	statusOf('echo abc \\', 'incomplete');
	statusOf('ls && \\', 'incomplete');
	statusOf('cat <<EOF\nabc', 'incomplete');
	statusOf('cat <<EOF | bash\nrm', 'incomplete');
	statusOf('ls &&', 'incomplete');
	statusOf('ls ||', 'incomplete');
	statusOf('ls |', 'incomplete');
	statusOf('if true; then echo', 'incomplete');
	statusOf('if true', 'incomplete');
	statusOf('for i in a; do', 'incomplete');
	statusOf('while true', 'incomplete');
	statusOf('case x in', 'incomplete');
	statusOf('f() {', 'incomplete');
	statusOf('{ ls;', 'incomplete');
	statusOf('(ls', 'incomplete');
	statusOf('echo $(ls', 'incomplete');
	statusOf('echo "$(ls', 'incomplete');
	statusOf('echo `ls', 'incomplete');
	statusOf('echo ${x', 'incomplete');
	statusOf('echo $((1+', 'incomplete');
	statusOf('[[ -f x', 'incomplete');

	it('still lists the commands it could read, without empty words', () => {
		const parsed = parseLine('rm -rf x &&');
		assert.equal(parsed.status, 'incomplete');
		assert.deepEqual(all(parsed).filter((w) => w.length > 0), [['rm', '-rf', 'x']]);
		assert.ok(parsed.commands.every((c) => c.words.every((w) => w.text !== '')));
	});
});

describe('parse: invalid input', () => {
	statusOf('echo a )', 'invalid');
	statusOf('fi', 'invalid');
	statusOf('done', 'invalid');
	statusOf('then', 'invalid');
	statusOf('esac', 'invalid');
	statusOf('}', 'invalid');
	statusOf('in', 'invalid');
	statusOf('echo a; fi', 'invalid');
	statusOf(';;', 'invalid');
	statusOf('&& ls', 'invalid');
	statusOf('| ls', 'invalid');
	statusOf('ls ; ;', 'invalid');
});

describe('parse: valid lines that look odd', () => {
	statusOf('echo a }', 'complete');
	statusOf('echo fi done then', 'complete');
	statusOf('"fi"', 'complete');
	statusOf('echo {a,b}', 'complete');
	statusOf('', 'complete');
	statusOf('   ', 'complete');
});

describe('parse: a lone `-` before a heredoc', () => {
	it('keeps `-` as an argument (tree-sitter-bash drops it)', () => {
		const parsed = parseLine('kubectl delete -f - <<EOF\nkind: Namespace\nEOF');
		assert.deepEqual(parsed.commands[0].words.map((w) => w.text), ['kubectl', 'delete', '-f', '-']);
	});
});

describe('parse: descriptor 0 written against its redirection', () => {
	// tree-sitter-bash reads `0<` as a number argument and a redirection without a descriptor.
	commandsOf('bash 0< x.sh', [['bash']]);
	commandsOf('cat 0<x.sh y', [['cat', 'y']]);
	commandsOf('cat 0<&3', [['cat']]);
	commandsOf("bash 0<<< 'echo hi'", [['bash']]);
	// With a blank before the redirection, 0 is an argument.
	commandsOf('echo 0 > x', [['echo', '0']]);
	commandsOf('rm -rf 0 > log', [['rm', '-rf', '0']]);
	it('gives the redirection descriptor 0', () => {
		const [cmd] = parseLine('bash 0< x.sh').commands;
		assert.deepEqual(cmd.redirects.map((r) => [r.op, r.fd]), [['<', '0']]);
	});
});

describe('parse: a brace expansion where a command starts', () => {
	// One word to bash (`rm -rf /srv/data` after expansion), an unclosed `{ …; }` group to tree-sitter-bash.
	commandsOf('{rm,-rf,/srv/data}', [['rm', '-rf', '/srv/data']]);
	commandsOf('cd /tmp && {rm,-rf,/srv/data}', [['cd', '/tmp'], ['rm', '-rf', '/srv/data']]);
	commandsOf('if true; then {rm,-rf,/srv/data}; fi', [['true'], ['rm', '-rf', '/srv/data']]);
	commandsOf('{ echo hi; }', [['echo', 'hi']]);
	// As an argument it stays one word here (expand.ts expands it).
	commandsOf('echo {a,b}', [['echo', '{a,b}']]);
});

describe('parse: code in an array subscript runs', () => {
	// bash expands a subscript's substitutions, and evaluates a value used in arithmetic as an expression.
	commandsOf('a[$(rm -rf /srv/data)]=1', [['rm', '-rf', '/srv/data'], []]);
	commandsOf('declare a[$(rm x)]=1', [['rm', 'x'], ['declare']]);
	commandsOf("x='a[$(rm x)]'; echo $((x))", [[], ['echo', '$((x))'], ['rm', 'x']]);
	commandsOf("unset 'a[$(rm x)]'", [['unset', 'a[$(rm x)]'], ['rm', 'x']]);
	commandsOf("x='a[1+$(rm x)]'; (( x ))", [[], ['rm', 'x']]);
	// Text that is never evaluated (no arithmetic in the line) runs nothing.
	commandsOf("echo 'a[$(rm x)]' > notes.txt", [['echo', 'a[$(rm x)]']]);
});

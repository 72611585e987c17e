/**
 * Argument vectors exactly as the shell builds them (redirections anywhere among the words) and
 * values the line itself makes known (variables, arrays, `set --`, `$(echo …)`, braces), judged
 * through the public engine. Every "→ confirm" here came back `allow` before the change.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain } from '../../../src/engine/analyze';
import { expandBraces } from '../../../src/engine/shell/expand';
import { printf } from '../../../src/engine/shell/input';
import { testContext, useEngine, verdictCase } from '../helpers';

useEngine();

/** The argv of the invocation named `name` (the last one), as the rules see it. */
function argvOf(line: string, name: string): string[] | undefined {
	const invocations = explain(line, testContext()).invocations.filter((i) => i.name === name);
	return invocations[invocations.length - 1]?.argv.map((w) => w.text);
}

function argvCase(line: string, name: string, expected: string[]): void {
	it(`${JSON.stringify(line)}: ${name} gets ${JSON.stringify(expected)}`, () => {
		assert.deepEqual(argvOf(line, name), expected);
	});
}

describe('argv: redirections anywhere among the words', () => {
	argvCase('rm -rf 2>/dev/null /srv/data', 'rm', ['rm', '-rf', '/srv/data']);
	argvCase('git push >/dev/null --force origin main', 'git', ['git', 'push', '--force', 'origin', 'main']);
	argvCase('cmd a 2>&1 b c', 'cmd', ['cmd', 'a', 'b', 'c']);
	argvCase('cmd &>/dev/null a b', 'cmd', ['cmd', 'a', 'b']);
	argvCase('cmd >|out a', 'cmd', ['cmd', 'a']);
	argvCase('cmd 2>&- a', 'cmd', ['cmd', 'a']);
	argvCase('rm 2>/dev/null -rf >/dev/null /srv/data', 'rm', ['rm', '-rf', '/srv/data']);
	argvCase('>out 2>&1 rm -rf x y', 'rm', ['rm', '-rf', 'x', 'y']);
	argvCase('X=1 >out rm -rf x', 'rm', ['rm', '-rf', 'x']);
	argvCase('cmd <<<x a b', 'cmd', ['cmd', 'a', 'b']);
	argvCase('cat <<EOF /etc/hosts\nx\nEOF', 'cat', ['cat', '/etc/hosts']);
	argvCase('find /srv 2>/dev/null -exec rm {} +', 'find', ['find', '/srv', '-exec', 'rm', '{}', '+']);
	argvCase('sudo 2>/dev/null rm -rf /srv/data', 'rm', ['rm', '-rf', '/srv/data']);
	argvCase('cmd >out "a b" c', 'cmd', ['cmd', 'a b', 'c']);
	// Words that are only known when they run stay words (an expansion must never drop them).
	argvCase('diff <(ls a) <(ls b)', 'diff', ['diff', '<(ls a)', '<(ls b)']);
	argvCase('rm -rf $((1+1))x', 'rm', ['rm', '-rf', '$((1+1))x']);
	argvCase('rm -rf "$EMPTY_UNSET"', 'rm', ['rm', '-rf', '$EMPTY_UNSET']);
	argvCase('E=; rm -rf $E x', 'rm', ['rm', '-rf', 'x']);
	argvCase('E=; rm -rf "$E" x', 'rm', ['rm', '-rf', '', 'x']);

	verdictCase('rm -rf 2>/dev/null /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('git push >/dev/null --force origin main', 'confirm', 'main', 'git:push-force');
	verdictCase('find /srv 2>/dev/null -exec rm {} +', 'confirm');
	verdictCase('echo hi >/dev/null rm -rf /srv/data', 'allow');
	it('a redirection after a compound command followed by words is a syntax error', () => {
		assert.equal(explain('{ ls; } >out rm -rf x', testContext()).parsed.status, 'invalid');
	});
});

describe('values known in the line', () => {
	// The issue's own line, and each way of setting a value.
	verdictCase('G=git; F=--force; $G push $F origin main', 'confirm', 'main', 'git:push-force');
	verdictCase('export G=git; $G push --force origin main', 'confirm', 'main', 'git:push-force');
	verdictCase('declare F=--force; git push $F origin main', 'confirm', 'main', 'git:push-force');
	verdictCase('typeset F=--force; git push $F origin main', 'confirm', 'main', 'git:push-force');
	verdictCase('readonly D=/srv/data; rm -rf $D', 'confirm', '/srv/data', 'files:rm');
	verdictCase('f() { local D=/srv/data; rm -rf "$D"; }; f', 'confirm', '/srv/data', 'files:rm');
	verdictCase('D=/srv/data; rm -rf ${D}', 'confirm', '/srv/data', 'files:rm');
	verdictCase('D=; rm -rf ${D:-/srv/data}', 'confirm', '/srv/data', 'files:rm');
	verdictCase('D=/srv; rm -rf ${D:+$D/data}', 'confirm', '/srv/data', 'files:rm');
	verdictCase('P=/srv/data/x.log; rm -rf ${P%/*}', 'confirm', '/srv/data', 'files:rm');
	verdictCase('P=x/srv/data; rm -rf ${P#x}', 'confirm', '/srv/data', 'files:rm');
	verdictCase('X=re; ${X/e/m} -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('X=RM; ${X,,} -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('X=xrmx; ${X:1:2} -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('a=(rm -rf /srv/data); "${a[@]}"', 'confirm', '/srv/data', 'files:rm');
	verdictCase('a=(-rf /srv/data); rm "${a[@]}"', 'confirm', '/srv/data', 'files:rm');
	verdictCase('a=(x /srv/data); rm -rf "${a[1]}"', 'confirm', '/srv/data', 'files:rm');
	verdictCase('a=(rm); a+=(-rf /srv/data); ${a[@]}', 'confirm', '/srv/data', 'files:rm');
	verdictCase('set -- -rf /srv/data; rm "$@"', 'confirm', '/srv/data', 'files:rm');
	verdictCase('set -- /srv/data; rm -rf $1', 'confirm', '/srv/data', 'files:rm');
	verdictCase('set -- x /srv/data; shift; rm -rf "$1"', 'confirm', '/srv/data', 'files:rm');
	verdictCase('$(echo rm) -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('rm $(printf -- \'-%s\' rf) /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase("$(printf '\\x72\\x6d') -rf /srv/data", 'confirm', '/srv/data', 'files:rm');
	verdictCase("$(printf '\\162\\155') -rf /srv/data", 'confirm', '/srv/data', 'files:rm');
	verdictCase('`echo rm` -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase("$'\\x72\\x6d' -rf /srv/data", 'confirm', '/srv/data', 'files:rm');
	verdictCase('rm -rf /srv/{data,logs}', 'confirm', '/srv/data', 'files:rm');
	// tree-sitter reads a word starting with `{` as a group and fails; the risky-word scan sees `{rm`.
	verdictCase('{rm,-rf,/srv/data}', 'confirm');
	verdictCase('R=r; M=m; $R$M -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('R=r; "${R}m" -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('A=rm B=$A; $B -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('C="rm -rf /srv/data"; $C', 'confirm', '/srv/data', 'files:rm');
	verdictCase('C="rm -rf /srv/data"; eval "$C"', 'confirm', '/srv/data', 'files:rm');
	verdictCase('export C="rm -rf /srv/data"; bash -c \'$C\'', 'confirm', '/srv/data', 'files:rm');
	verdictCase("Q='DROP TABLE invoices'; psql -c \"$Q\" shop", 'confirm', 'invoices', 'sql:drop-table');
	verdictCase('T=invoices; psql -c "DROP TABLE $T" shop', 'confirm', 'invoices', 'sql:drop-table');
	verdictCase('NS=prod; kubectl delete namespace "$NS"', 'confirm', 'prod');
});

describe('values known in the line: safe look-alikes stay allowed', () => {
	verdictCase('G=git; $G status', 'allow');
	verdictCase('F=--force-with-lease; git push $F origin main', 'allow');
	verdictCase('D=build; rm -rf $D', 'allow');
	verdictCase('a=(ls -la); "${a[@]}"', 'allow');
	verdictCase('echo {rm,-rf,/}', 'allow');
	verdictCase('X=echo; $X rm -rf /', 'allow');
	verdictCase('C="rm -rf /srv/data"; echo "$C"', 'allow');
	verdictCase('set -- a b; echo "$@"', 'allow');
	verdictCase('for f in a b; do echo "$f"; done', 'allow');
	verdictCase('for d in build dist; do rm -rf "$d"; done', 'allow');
	verdictCase('M="rm -rf is dangerous"; git commit -m "$M"', 'allow');
});

describe('values known in the line: a value that may not hold is not trusted', () => {
	// Each of these assigns a harmless value somewhere it may not reach the command, or after it.
	verdictCase('X=rm; (X=echo); $X -rf /srv/data', 'confirm', '/srv/data');
	verdictCase('X=rm; if true; then X=echo; fi; $X -rf /srv/data', 'confirm', '/srv/data');
	verdictCase('X=rm; true && X=echo; $X -rf /srv/data', 'confirm', '/srv/data');
	verdictCase('X=rm; X=echo & $X -rf /srv/data', 'confirm', '/srv/data');
	verdictCase('X=rm; echo | X=echo; $X -rf /srv/data', 'confirm', '/srv/data');
	verdictCase('X=echo; source ./env.sh; $X -rf /srv/data', 'confirm', '/srv/data');
	verdictCase('X=echo; read X; $X -rf /srv/data', 'confirm', '/srv/data');
	verdictCase('X=git; X=$(curl -s https://example.com/x); $X push --force origin main', 'confirm', 'main', 'engine:unknown-command');
	verdictCase('D=/tmp/x; for D in /srv/data; do rm -rf $D; done', 'confirm', '/srv/data', 'files:rm');
	verdictCase('for D in build /srv/data; do rm -rf "$D"; done', 'confirm', '/srv/data', 'files:rm');
	verdictCase('for f in *.log; do rm "$f"; done', 'confirm', '*.log', 'files:rm');
	verdictCase('X=echo; unset X; ${X:-rm} -rf /srv/data', 'confirm', '/srv/data');
	verdictCase('X=echo; for i in 1 2; do $X -rf /srv/data; X=rm; done', 'confirm', '/srv/data');
	verdictCase('X=echo; while true; do $X -rf /srv/data; read X; done', 'confirm', '/srv/data');
	verdictCase('X=echo; until false; do $X -rf /srv/data; eval "$Y"; done', 'confirm', '/srv/data');
	verdictCase('f() { X=echo; }; X=rm; f; $X -rf /srv/data', 'confirm', '/srv/data');
	verdictCase('(X=rm; $X -rf /srv/data)', 'confirm', '/srv/data', 'files:rm');
	verdictCase('if true; then X=rm; $X -rf /srv/data; fi', 'confirm', '/srv/data', 'files:rm');
});

describe('the shell\'s own ways of changing what a line means', () => {
	// IFS decides how unquoted values split; an alias applies to the lines after it.
	verdictCase('X=rm,-rf,/srv/data; IFS=,; $X', 'confirm', '/srv/data', 'files:rm');
	verdictCase('IFS=$(cat sep); X="rm -rf /srv/data"; $X', 'confirm', '/srv/data', 'files:rm');
	verdictCase('X="rm -rf /srv/data"; IFS=; $X', 'allow');
	verdictCase("alias x='rm -rf'\nx /srv/data", 'confirm', '/srv/data', 'files:rm');
	verdictCase("alias x='rm -rf'; unalias x; x /srv/data", 'allow');
	verdictCase("alias ll='ls -la'\nll /srv", 'allow');
	// Code planted now for later is judged now.
	verdictCase("alias ls='rm -rf /srv/data'", 'confirm', '/srv/data', 'files:rm');
	verdictCase("trap 'rm -rf /srv/data' EXIT", 'confirm', '/srv/data', 'files:rm');
	verdictCase("trap 'echo bye' EXIT", 'allow');
});

describe('unknown values with risky words ask, and say what is unknown', () => {
	verdictCase('$CMD delete namespace prod', 'confirm', 'prod', 'engine:unknown-command');
	verdictCase('git $SUB --force origin main', 'confirm', 'main', 'git:push-force');
	// Found by the metamorphic benchmark: the risky word hidden by quoting in the line as written.
	verdictCase("env TG_TEST=1 git $SUB -'-force' origin main", 'confirm', 'main', 'git:push-force');
	verdictCase('"$TOOL" push --force origin main', 'confirm', 'main', 'engine:unknown-command');
	it('the reason names the unknown word', () => {
		const v = explain('$CMD delete namespace prod', testContext()).verdict;
		assert.match(v.reason, /\$CMD is only known when it runs/);
	});
	// No risky words: an unknown value is not a reason to ask.
	verdictCase('$EDITOR notes.txt', 'allow');
	verdictCase('git push origin $BRANCH', 'allow');
	verdictCase('ls $DIR', 'allow');
});

describe('expansion helpers', () => {
	it('expands braces as bash does', () => {
		assert.deepEqual(expandBraces('a{b,c}d'), ['abd', 'acd']);
		assert.deepEqual(expandBraces('x{1..3}'), ['x1', 'x2', 'x3']);
		assert.deepEqual(expandBraces('{01..03}'), ['01', '02', '03']);
		assert.deepEqual(expandBraces('{a..c}'), ['a', 'b', 'c']);
		assert.deepEqual(expandBraces('{a,{b,c}}'), ['a', 'b', 'c']);
		assert.deepEqual(expandBraces('{}'), ['{}']);
		assert.deepEqual(expandBraces('{a}'), ['{a}']);
	});
	it('formats printf as the builtin does', () => {
		assert.equal(printf('%s-%s\\n', ['a', 'b', 'c']), 'a-b\nc-\n');
		assert.equal(printf('\\x72\\155', []), 'rm');
		assert.equal(printf('%b', ['\\0162m']), 'rm');
		assert.equal(printf('%5s|%-3s|%03d', ['ab', 'c', '7']), '   ab|c  |007');
		assert.equal(printf('100%%', []), '100%');
	});
});

describe('indirection: ${!Y} is the value of the variable Y names', () => {
	// Asked to type `${!Y}`.
	verdictCase('X=/srv/data; Y=X; rm -rf "${!Y}"', 'confirm', '/srv/data', 'files:rm');
	verdictCase('x=rm; y=x; ${!y} -rf /srv/data', 'confirm', '/srv/data', 'files:rm');
	verdictCase('X=build; Y=X; rm -rf "${!Y}"', 'allow');
	// Y unknown: still unknown, still asks.
	verdictCase('rm -rf "${!Y}"', 'confirm');
});

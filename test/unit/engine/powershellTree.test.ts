/**
 * The PowerShell walker reads a plain copy of tree-sitter's tree (shell/syntax.ts `plainTree` with
 * powershell/parse.ts `TREE_OPTIONS`). The copy must be the tree the walk used to read through
 * web-tree-sitter's Node API, on every corpus line read as PowerShell; and a hostile line (deep or huge)
 * must stay bounded, as the walk's MAX_DEPTH and MAX_COMMANDS bound it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { parsePowerShell, TREE_OPTIONS } from '../../../src/engine/powershell/parse';
import { plainTree, type SyntaxNode } from '../../../src/engine/shell/syntax';
import { loadCorpus } from './corpus';
import { useEngine } from '../helpers';

useEngine();

const ROOT = path.join(__dirname, '..', '..', '..', '..');

const EXTRA = [
	'Remove-Item "x', "ri 'x", 'ri (', '$a = ', 'foo { Remove-Item x', 'if (', '@"\nhi $(ri x)\n"@', 'ri -Path:', '= 5',
	"$p = 'C:\\x'; [IO.Directory]::Delete($p, $true)", 'gci C:\\d | ri -r', "ri 'é漢字' 😀; ri `\n-r x",
	// Assignments, whose `value` field the walk reads: compound, multiple, with a comment after, a statement as value.
	'$x += 1', '$a, $b = 1, 2', "$v = 'C:\\x' # why", '$r = if ($x) { 1 } else { 2 }', '$l = :outer foreach ($i in 1) { }',
	'$h = @{ a = 1 }; $h.a = 2', '$env:X = "y"; ${p q} = 3', '[int]$n = 5', '$s = Get-ChildItem x | ri',
	// Comments between arguments (inside the separators the copy leaves out), and after `-Name:`.
	'ri x <#c#> y # end', 'ri -Path: <#c#> C:\\x', 'ri -r:<#c#>$false x', "$a <#c#> = <#d#> 'x'",
];

function compare(plain: SyntaxNode, real: Node, isRoot: boolean, where: string, count: { nodes: number }, errors: boolean): void {
	count.nodes++;
	const at = `${where} › ${real.type}@${real.startIndex}`;
	assert.equal(plain.type, real.type, at);
	assert.equal(plain.startIndex, real.startIndex, at);
	assert.equal(plain.endIndex, real.endIndex, at);
	assert.equal(plain.text, real.text, at);
	assert.equal(plain.isNamed, real.isNamed, `${at} isNamed`);
	assert.equal(plain.isMissing, real.isMissing, `${at} isMissing`);
	assert.equal(plain.hasError, real.hasError, `${at} hasError`);
	const children = real.children.filter((c): c is Node => c !== null);
	if (!errors && TREE_OPTIONS.leafTypes?.has(real.type)) {
		// leafTypes: in a tree without errors these hold tokens and comments, which the walk does not read.
		assert.deepEqual(plain.children, [], at);
		assert.deepEqual(children.filter((c) => c.isNamed && c.type !== 'comment').map((c) => c.type), [], `${at} named children`);
		return;
	}
	// anonymousLeaves: the grammar gives anonymous nodes no children, so the copy does not look for any.
	assert.equal(plain.children.length, children.length, `${at} children`);
	const cursor = real.walk();
	const fields: (string | null)[] = [];
	if (cursor.gotoFirstChild()) {
		do {
			fields.push(cursor.currentFieldName ?? null);
		} while (cursor.gotoNextSibling());
	}
	cursor.delete();
	// fieldsOf: only an assignment's children have their field names read (the walk asks for `value`).
	assert.deepEqual(plain.fields, real.type === 'assignment_expression' ? fields : fields.map(() => null), `${at} fields`);
	assert.equal(plain.childForFieldName('value')?.startIndex, real.type === 'assignment_expression' ? real.childForFieldName('value')?.startIndex : undefined, `${at} value`);
	assert.equal(plain.parent === null, isRoot, `${at} parent`);
	children.forEach((child, i) => compare(plain.children[i], child, false, at, count, errors));
}

describe('the PowerShell walker’s plain tree is tree-sitter’s tree', () => {
	let parser: Parser;
	before(async () => {
		const language = await Language.load(fs.readFileSync(path.join(ROOT, 'node_modules', 'tree-sitter-powershell', 'tree-sitter-powershell.wasm')));
		parser = new Parser();
		parser.setLanguage(language);
	});

	it('on every node of every corpus line read as PowerShell, and of lines with errors', () => {
		const lines = [...loadCorpus().map((c) => c.c.command), ...EXTRA];
		const count = { nodes: 0 };
		let withErrors = 0;
		let assignments = 0;
		for (const line of lines) {
			const tree = parser.parse(line);
			assert.ok(tree, line);
			try {
				withErrors += tree.rootNode.hasError ? 1 : 0;
				assignments += tree.rootNode.descendantsOfType('assignment_expression').length;
				const plain = plainTree(tree, line, TREE_OPTIONS);
				assert.equal(plain.truncated, false, line);
				compare(plain, tree.rootNode, true, JSON.stringify(line).slice(0, 80), count, tree.rootNode.hasError);
			} finally {
				tree.delete();
			}
		}
		assert.ok(count.nodes > lines.length * 5, `${count.nodes} nodes`);
		assert.ok(withErrors >= 100, `${withErrors} lines with errors`);
		assert.ok(assignments >= 15, `${assignments} assignments`);
	});
});

describe('PowerShell parsing of hostile lines stays bounded', () => {
	const deep = (open: string, inner: string, close: string, n: number) => open.repeat(n) + inner + close.repeat(n);
	const cases: [string, string][] = [
		['3,000 nested parentheses', deep('(', 'ri x', ')', 3000)],
		['3,000 nested $(', deep('$(', 'ri x', ')', 3000)],
		['2,000 nested @( in an argument', `ri ${deep('@(', 'x', ')', 2000)}`],
		['2,000 nested script blocks', deep('& {', 'ri x', '}', 2000)],
		['1,000 nested strings with subexpressions', `ri "${deep('$(ri "', 'x', '")', 1000)}"`],
		['5,000 chained assignments (no bracket: 10,000 tree levels)', `${'$a = '.repeat(5000)}'C:\\x'; ri $a`],
		['10,000 commands', 'ri a -r; '.repeat(10_000)],
		['5,000 piped commands', `${'gci x | '.repeat(5000)}ri`],
	];
	for (const [name, line] of cases) {
		it(`${name}: no stack overflow, truncated, in bounded time`, () => {
			const started = process.hrtime.bigint();
			const parsed = parsePowerShell(line);
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			// Past MAX_DEPTH / MAX_COMMANDS (or the copy's depth limit) the parse says it is incomplete.
			assert.equal(parsed.truncated || parsed.commands.length > 5000, true, `${name}: ${parsed.commands.length} commands`);
			// Generous for a loaded CI machine: a quiet one takes 15–300 ms; the point is no blow-up.
			assert.ok(ms < 10_000, `${name} took ${ms.toFixed(0)} ms`);
		});
	}
});

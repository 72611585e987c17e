/**
 * src/engine/shell/syntax.ts copies tree-sitter's tree into plain objects so the walk in parse.ts does
 * not cross into WASM on every property read. The copy must be the same tree: every node of every
 * corpus line (and of lines with errors, missing nodes, non-ASCII text and deep nesting) is compared
 * with what web-tree-sitter's own Node API says — type, range, text, flags, children, field names.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { initParser } from '../../../src/engine/shell/parse';
import { plainTree, setDirectWalk, walksDirectly, type SyntaxNode } from '../../../src/engine/shell/syntax';
import { loadCorpus } from './corpus';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

const EXTRA = [
	'echo "abc', 'if true; then', 'echo a )', 'ls &&', '$(', 'for x in a b; do', 'case $x in a) rm -rf x', '{ a; } >f b', 'fi',
	'echo $(( 1 + ', 'cat <<EOF\n`rm -rf x`\n', "echo 'é漢字 $(rm -rf ü)' 😀 && rm 😀", 'x=(1 2 "3 4"); echo "${x[@]}"',
	'\u0000\u00ff\u001b[31m\\"\'`|&;<>(){}'.repeat(20), '$('.repeat(150) + ' rm -rf x', 'rm -rf 2>/dev/null /srv/data >|out <<<"x" 3>&-',
	'function f { rm -rf "$1"; }; f /x', ':(){ :|:& };:', 'a=1 b=2 env -S "rm -rf x"', 'echo ${x:-$(rm y)} `ls \\`pwd\\``',
];

function compare(plain: SyntaxNode, real: Node, fields: (string | null)[] | undefined, where: string, count: { nodes: number }): void {
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
	assert.equal(plain.children.length, children.length, `${at} children`);
	// Field names as a cursor reads them (what parse.ts's withFields read before), and childForFieldName.
	const realFields: (string | null)[] = [];
	const cursor = real.walk();
	if (cursor.gotoFirstChild()) {
		do {
			realFields.push(cursor.currentFieldName ?? null);
		} while (cursor.gotoNextSibling());
	}
	cursor.delete();
	assert.deepEqual(plain.fields, realFields, `${at} fields`);
	for (const name of new Set(realFields.filter((f): f is string => f !== null))) {
		const want = real.childForFieldName(name);
		const got = plain.childForFieldName(name);
		assert.equal(got?.startIndex, want?.startIndex, `${at} field ${name}`);
		assert.equal(got?.type, want?.type, `${at} field ${name}`);
	}
	assert.equal(fields === undefined ? plain.parent : plain.parent?.type, fields === undefined ? null : real.parent?.type, `${at} parent`);
	children.forEach((child, i) => {
		assert.equal(plain.children[i].parent, plain, `${at} parent link`);
		compare(plain.children[i], child, realFields, at, count);
	});
}

describe('the plain syntax tree is tree-sitter’s tree', () => {
	let parser: Parser;
	before(async () => {
		// The engine's own set-up: web-tree-sitter's module is adopted for the direct walk there.
		await initParser();
		await Parser.init({ wasmBinary: fs.readFileSync(path.join(ROOT, 'node_modules', 'web-tree-sitter', 'tree-sitter.wasm')) });
		const bash = await Language.load(fs.readFileSync(path.join(ROOT, 'node_modules', 'tree-sitter-bash', 'tree-sitter-bash.wasm')));
		parser = new Parser();
		parser.setLanguage(bash);
	});

	for (const direct of [true, false]) {
		it(`on every node of every corpus line and of lines with errors (${direct ? "the binding's cursor functions called directly" : "web-tree-sitter's TreeCursor"})`, () => {
			// The direct walk is what the engine uses; it must be on here, or this would compare the other walk twice.
			assert.equal(walksDirectly(), true, 'the engine did not adopt web-tree-sitter\'s cursor functions');
			setDirectWalk(direct);
			try {
				const lines = [...loadCorpus().map((c) => c.c.command), ...EXTRA];
				const count = { nodes: 0 };
				let withErrors = 0;
				for (const line of lines) {
					const tree = parser.parse(line);
					assert.ok(tree, line);
					try {
						withErrors += tree.rootNode.hasError ? 1 : 0;
						compare(plainTree(tree, line), tree.rootNode, undefined, JSON.stringify(line).slice(0, 80), count);
					} finally {
						tree.delete();
					}
				}
				// The comparison covered real trees, with errors among them.
				assert.ok(count.nodes > lines.length * 5, `${count.nodes} nodes`);
				assert.ok(withErrors >= 15, `${withErrors} lines with errors`);
			} finally {
				setDirectWalk(true);
			}
		});
	}
});

/**
 * tree-sitter's tree copied into plain JavaScript objects in one cursor walk.
 *
 * web-tree-sitter's `Node` crosses into WASM on every property read (`type`, `text`, `children`,
 * `childForFieldName` each marshal the node and call the C library, and `children` allocates a fresh
 * `Node` per child). The walk in parse.ts reads the same nodes many times, so that cost was about a
 * third of the engine's time per line (`npm run bench`, docs/decisions.md "Engine speed"). Here every
 * visible node is read exactly once, through one TreeCursor, and the walk reads plain fields after that.
 *
 * Only what parse.ts uses is copied: type, indices (web-tree-sitter's are UTF-16 code units into the
 * parsed string), named/missing/error flags, children with their field names, and the parent. `text` is the slice of the parsed string, as web-tree-sitter's own `text` is.
 * test/unit/engine/syntax.test.ts compares every node with web-tree-sitter's over the corpus.
 */
import type { Language, Tree, TreeCursor } from 'web-tree-sitter';

export class SyntaxNode {
	readonly children: SyntaxNode[] = [];
	/** Field name of each child (`name`, `argument`, `destination`…), or null; same order as `children`. */
	readonly fields: (string | null)[] = [];
	hasError = false;
	/** On the root: nodes deeper than `PlainTreeOptions.maxDepth` were left out. */
	truncated = false;
	private cachedText: string | undefined;

	constructor(
		readonly type: string,
		readonly startIndex: number,
		readonly endIndex: number,
		readonly isNamed: boolean,
		readonly isMissing: boolean,
		readonly parent: SyntaxNode | null,
		private readonly source: string,
	) {}

	get text(): string {
		this.cachedText ??= this.source.slice(this.startIndex, this.endIndex);
		return this.cachedText;
	}

	get namedChildren(): SyntaxNode[] {
		return this.children.filter((c) => c.isNamed);
	}

	child(index: number): SyntaxNode | null {
		return this.children[index] ?? null;
	}

	/** The first child in the field `name`, as tree-sitter's `childForFieldName`. */
	childForFieldName(name: string): SyntaxNode | null {
		const at = this.fields.indexOf(name);
		return at < 0 ? null : this.children[at];
	}
}

/** Calls into WASM a caller can spare, when it knows what it will not read (the default copies everything). */
export interface PlainTreeOptions {
	/** Field names are read only for the children of these node types; every other child's is null. */
	readonly fieldsOf?: ReadonlySet<string>;
	/** The grammar's anonymous nodes never have children, so the cursor does not look for any. */
	readonly anonymousLeaves?: boolean;
	/** Node types whose children are not copied when the tree has no error (the caller reads only their type and text then). */
	readonly leafTypes?: ReadonlySet<string>;
	/** Nodes deeper than this (the root is at 0) are left out, and the root says so (`truncated`). */
	readonly maxDepth?: number;
}

/**
 * The tree's root as plain nodes. `source` must be the string the tree was parsed from. When the tree
 * has no error anywhere (the usual line), no node is missing and none has an error, so those two flags
 * are only read from WASM, node by node, for a tree with errors.
 */
export function plainTree(tree: Tree, source: string, options: PlainTreeOptions = {}): SyntaxNode {
	const { fieldsOf, anonymousLeaves = false, leafTypes, maxDepth = Infinity } = options;
	const language = tree.language;
	const types = language.types;
	const fieldNames = language.fields;
	let named = namedTypes.get(language);
	if (!named) {
		named = [];
		namedTypes.set(language, named);
	}
	const isNamed = (id: number): boolean => (named[id] ??= language.nodeTypeIsNamed(id));
	const errors = tree.rootNode.hasError;
	const leaves = errors ? undefined : leafTypes;
	const cursor = tree.walk();
	try {
		const node = (parent: SyntaxNode | null): SyntaxNode => {
			const id = cursor.nodeTypeId;
			return new SyntaxNode(types[id] || 'ERROR', cursor.startIndex, cursor.endIndex, isNamed(id), errors && cursor.nodeIsMissing, parent, source);
		};
		const root = node(null);
		let current = root;
		let depth = 0;
		// Depth-first, iterative: deep trees must not exhaust the JavaScript stack.
		if (cursor.gotoFirstChild()) {
			for (;;) {
				const child = node(current);
				current.children.push(child);
				current.fields.push(fieldsOf && !fieldsOf.has(current.type) ? null : fieldOf(cursor, fieldNames));
				if ((child.isNamed || !anonymousLeaves) && !leaves?.has(child.type) && cursor.gotoFirstChild()) {
					if (depth + 2 <= maxDepth) {
						current = child;
						depth++;
						continue;
					}
					cursor.gotoParent();
					root.truncated = true;
				}
				if (errors) {
					child.hasError = errorAt(cursor);
				}
				// No children: the next sibling, or climb until a node has one.
				while (!cursor.gotoNextSibling()) {
					if (!cursor.gotoParent() || current.parent === null) {
						if (errors) {
							current.hasError = errorAt(cursor);
						}
						return root;
					}
					if (errors) {
						current.hasError = errorAt(cursor);
					}
					current = current.parent;
					depth--;
				}
			}
		}
		if (errors) {
			root.hasError = errorAt(cursor);
		}
		return root;
	} finally {
		cursor.delete();
	}
}

/** Whether each node type (by id) is named, per grammar: one WASM call per type instead of one per node. */
const namedTypes = new WeakMap<Language, boolean[]>();

function fieldOf(cursor: TreeCursor, fieldNames: readonly (string | null)[]): string | null {
	const id = cursor.currentFieldId;
	return id === 0 ? null : fieldNames[id] ?? null;
}

/**
 * tree-sitter's own `hasError` for the cursor's node. Only asked in a tree with an error somewhere: it is
 * not a plain function of the node's children (an ERROR token inside an ERROR node has none of its own).
 */
function errorAt(cursor: TreeCursor): boolean {
	return cursor.currentNode.hasError;
}

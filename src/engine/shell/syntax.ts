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
	const errors = tree.rootNode.hasError;
	// A tree without errors (the usual line) is walked through the binding's own cursor functions.
	return !errors && cursorFunctions ? plainTreeDirect(tree, source, options, cursorFunctions) : plainTreeByCursor(tree, source, options, errors);
}

function plainTreeByCursor(tree: Tree, source: string, options: PlainTreeOptions, errors: boolean): SyntaxNode {
	const { fieldsOf, anonymousLeaves = false, leafTypes, maxDepth = Infinity } = options;
	const language = tree.language;
	const types = language.types;
	const fieldNames = language.fields;
	const named = namedOf(language);
	const isNamed = (id: number): boolean => (named[id] ??= language.nodeTypeIsNamed(id));
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

function namedOf(language: Language): boolean[] {
	let named = namedTypes.get(language);
	if (!named) {
		named = [];
		namedTypes.set(language, named);
	}
	return named;
}

// ---- the direct walk ------------------------------------------------------------------------------

/**
 * The binding's C functions for a tree cursor (web-tree-sitter's lib/tree-sitter.c), as its emscripten
 * module exports them. Each reads the cursor from the module's transfer buffer; the moves write it back
 * there. web-tree-sitter's TreeCursor keeps a JavaScript copy of the cursor and writes it into the buffer
 * (four `setValue` calls, each with a type-string switch) before every call and reads it back after every
 * move: in a copy of the tree that glue cost more than the C calls. The direct walk writes the cursor
 * once, calls the functions, and hands the final cursor back to the TreeCursor to delete it.
 */
interface CursorFunctions {
	readonly module: { readonly HEAP_DATA_VIEW: DataView };
	/** Byte address of the transfer buffer. */
	readonly transfer: number;
	readonly typeId: (tree: number) => number;
	readonly startIndex: (tree: number) => number;
	readonly endIndex: (tree: number) => number;
	readonly fieldId: (tree: number) => number;
	readonly firstChild: (tree: number) => number;
	readonly nextSibling: (tree: number) => number;
	readonly parent: (tree: number) => number;
}

let cursorFunctions: CursorFunctions | undefined;

/** Whether plainTree walks trees without errors directly (for the tests: both walks are compared). */
export function walksDirectly(): boolean {
	return cursorFunctions !== undefined;
}

/** Tests only: walk every tree through web-tree-sitter's TreeCursor (`false`), or directly again (`true`, when adopted). */
let adopted: CursorFunctions | undefined;
export function setDirectWalk(on: boolean): void {
	cursorFunctions = on ? adopted : undefined;
}

/**
 * Takes the cursor functions from the object given to web-tree-sitter's `Parser.init` (emscripten's
 * MODULARIZE build uses that very object as its module). Anything not as expected leaves the direct
 * walk off, and the copy goes through the public TreeCursor as before: the same tree, only slower.
 */
export function adoptTreeSitterModule(module: unknown): boolean {
	const m = module as Record<string, unknown> | null;
	const fn = (name: string) => (m && typeof m[name] === 'function' ? (m[name] as (...args: number[]) => number) : undefined);
	const init = fn('_ts_init');
	const typeId = fn('_ts_tree_cursor_current_node_type_id_wasm');
	const startIndex = fn('_ts_tree_cursor_start_index_wasm');
	const endIndex = fn('_ts_tree_cursor_end_index_wasm');
	const fieldId = fn('_ts_tree_cursor_current_field_id_wasm');
	const firstChild = fn('_ts_tree_cursor_goto_first_child_wasm');
	const nextSibling = fn('_ts_tree_cursor_goto_next_sibling_wasm');
	const parent = fn('_ts_tree_cursor_goto_parent_wasm');
	if (!m || !init || !typeId || !startIndex || !endIndex || !fieldId || !firstChild || !nextSibling || !parent || !(m.HEAP_DATA_VIEW instanceof DataView)) {
		return false;
	}
	// ts_init returns the transfer buffer's address (it also writes the language versions into it, which
	// web-tree-sitter reads only while loading a language; every later use writes before it reads).
	const transfer = init();
	if (!Number.isInteger(transfer) || transfer <= 0 || transfer % 4 !== 0) {
		return false;
	}
	adopted = { module: m as unknown as CursorFunctions['module'], transfer, typeId, startIndex, endIndex, fieldId, firstChild, nextSibling, parent };
	cursorFunctions = adopted;
	return true;
}

/** web-tree-sitter's handles: a Tree's C address and a TreeCursor's four words (the fields it keeps as [0]…[3]). */
type Handles = Record<0 | 1 | 2 | 3, number>;

function plainTreeDirect(tree: Tree, source: string, options: PlainTreeOptions, f: CursorFunctions): SyntaxNode {
	const { fieldsOf, anonymousLeaves = false, leafTypes, maxDepth = Infinity } = options;
	const language = tree.language;
	const types = language.types;
	const fieldNames = language.fields;
	const named = namedOf(language);
	const isNamed = (id: number): boolean => (named[id] ??= language.nodeTypeIsNamed(id));
	const address = (tree as unknown as Handles)[0];
	const cursor = tree.walk();
	const words = cursor as unknown as Handles;
	const transfer = (write: boolean) => {
		// Read the view at each use: the module's memory can grow (and the view be replaced) during a walk.
		const view = f.module.HEAP_DATA_VIEW;
		for (let i = 0 as 0 | 1 | 2 | 3; i < 4; i = (i + 1) as 0 | 1 | 2 | 3) {
			if (write) {
				view.setInt32(f.transfer + 4 * i, words[i], true);
			} else {
				words[i] = view.getInt32(f.transfer + 4 * i, true);
			}
		}
	};
	transfer(true);
	try {
		const node = (parent: SyntaxNode | null): SyntaxNode => {
			const id = f.typeId(address);
			return new SyntaxNode(types[id] || 'ERROR', f.startIndex(address), f.endIndex(address), isNamed(id), false, parent, source);
		};
		const root = node(null);
		let current = root;
		let depth = 0;
		if (f.firstChild(address)) {
			for (;;) {
				const child = node(current);
				current.children.push(child);
				if (fieldsOf && !fieldsOf.has(current.type)) {
					current.fields.push(null);
				} else {
					const fieldId = f.fieldId(address);
					current.fields.push(fieldId === 0 ? null : fieldNames[fieldId] ?? null);
				}
				if ((child.isNamed || !anonymousLeaves) && !leafTypes?.has(child.type) && f.firstChild(address)) {
					if (depth + 2 <= maxDepth) {
						current = child;
						depth++;
						continue;
					}
					f.parent(address);
					root.truncated = true;
				}
				while (!f.nextSibling(address)) {
					if (!f.parent(address) || current.parent === null) {
						return root;
					}
					current = current.parent;
					depth--;
				}
			}
		}
		return root;
	} finally {
		// The cursor as the walk left it (its stack may have moved in memory), for TreeCursor.delete to free.
		transfer(false);
		cursor.delete();
	}
}

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

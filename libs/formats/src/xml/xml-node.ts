/**
 * A namespace-agnostic element tree. Invoice files use any prefix (cbc:, cac:, ram:, a default
 * namespace, ...), so elements and attributes are addressed by local name only.
 */
export interface XmlNode {
  name: string; // local name
  qname: string; // name as written, with prefix
  attrs: Record<string, string>; // local attribute names (namespace declarations dropped)
  children: XmlNode[];
  text: string; // direct text content, trimmed
  parent?: XmlNode;
}

/**
 * A new empty array, made by copying rather than by an array literal. V8 watches each literal's
 * allocation site and, once it has seen the site's arrays survive a young-generation collection, may
 * allocate all later ones directly in the old generation ("allocation-site pretenuring"): a big
 * document, or the first documents a process reads while its young generation is still small, can
 * decide it. An old array that lists the elements of a document keeps them, and through their parents
 * the whole tree, alive through every young-generation collection until the next full one: measured
 * on the official UBL examples, 17-30 % of what was allocated survived each scavenge instead of < 1 %.
 * `slice` has no allocation site, so these arrays always start young and die with their document.
 */
export function freshList<T>(): T[] {
  return (EMPTY as T[]).slice();
}
/**
 * Empty, but of V8's elements kind for any value (PACKED_ELEMENTS): a copy keeps its kind, so the lists
 * start as lists of objects. A copy of `[]` is a list of small integers (PACKED_SMI_ELEMENTS) that changes
 * kind at its first push; an array literal learns its kind at its allocation site, but `slice` has none,
 * so every list of every document changed kind once and the parser's pushes saw both kinds. Parse of
 * the official UBL examples 0.942 of before, read + validate 0.956 (node bench/xml-ab.mjs).
 */
const EMPTY: unknown[] = [emptyKindSeed()];
EMPTY.length = 0;
function emptyKindSeed(): unknown {
  return {};
}

/** `freshList` holding `first`: the per-name and per-attribute lists start with their first element. */
export function listWith<T>(first: T): T[] {
  const list = freshList<T>();
  list.push(first);
  return list;
}

/**
 * The same text as V8's internalized string (a property key comes back from Object.keys as one): the
 * readers and rules compare element names with string literals, which are internalized, and two
 * internalized strings are equal exactly when they are the same object, so a comparison is a pointer
 * check instead of a look at the characters. Done once per distinct name (the name table), and once per
 * step of each path the syntax checks compile: a name cut out of a path by `split` is a new string, and
 * each comparison of it with an element's name, or lookup of it in the per-name index, compared characters.
 */
export function internalized(text: string): string {
  return Object.keys({ [text]: 0 })[0];
}

export function childrenNamed(node: XmlNode | undefined, name: string): XmlNode[] {
  const out: XmlNode[] = freshList();
  if (!node) return out;
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) if (kids[i].name === name) out.push(kids[i]);
  return out;
}

function firstChildNamed(node: XmlNode, name: string): XmlNode | undefined {
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) if (kids[i].name === name) return kids[i];
  return undefined;
}

/**
 * First element along a path of local names, e.g. child(party, 'PostalAddress', 'Country'). The steps
 * are separate parameters (up to six), not a rest array: the readers call this a few hundred times
 * per invoice, and an array per call was a measurable share of reading.
 */
export function child(
  node: XmlNode | undefined,
  p0?: string,
  p1?: string,
  p2?: string,
  p3?: string,
  p4?: string,
  p5?: string,
): XmlNode | undefined {
  if (p0 === undefined || !node) return node;
  let current = firstChildNamed(node, p0);
  if (p1 === undefined || !current) return current;
  current = firstChildNamed(current, p1);
  if (p2 === undefined || !current) return current;
  current = firstChildNamed(current, p2);
  if (p3 === undefined || !current) return current;
  current = firstChildNamed(current, p3);
  if (p4 === undefined || !current) return current;
  current = firstChildNamed(current, p4);
  if (p5 === undefined || !current) return current;
  return firstChildNamed(current, p5);
}

/** `child` with the path as an array. */
export function childAlong(node: XmlNode | undefined, path: readonly string[]): XmlNode | undefined {
  let current = node;
  for (let p = 0; p < path.length && current; p++) current = firstChildNamed(current, path[p]);
  return current;
}

/** All elements reached by a path; every step may branch. Document order. */
export function all(node: XmlNode | undefined, p0?: string, ...rest: string[]): XmlNode[] {
  if (!node) return [];
  if (p0 === undefined) return listWith(node);
  if (rest.length === 0) return childrenNamed(node, p0);
  return allAlong(node, [p0, ...rest]);
}

/** `all` with the path as an array (paths compiled once by their callers). */
export function allAlong(node: XmlNode | undefined, path: readonly string[]): XmlNode[] {
  if (!node) return [];
  if (path.length === 0) return listWith(node);
  if (path.length === 1) return childrenNamed(node, path[0]);
  const out: XmlNode[] = freshList();
  collect(node, path, 0, out);
  return out;
}

function collect(node: XmlNode, path: readonly string[], step: number, out: XmlNode[]): void {
  const kids = node.children;
  const name = path[step];
  const last = step === path.length - 1;
  for (let i = 0; i < kids.length; i++) {
    if (kids[i].name !== name) continue;
    if (last) out.push(kids[i]);
    else collect(kids[i], path, step + 1, out);
  }
}

/** Trimmed text of the element at path, or undefined when absent or empty. */
export function text(
  node: XmlNode | undefined,
  p0?: string,
  p1?: string,
  p2?: string,
  p3?: string,
  p4?: string,
  p5?: string,
): string | undefined {
  const target = child(node, p0, p1, p2, p3, p4, p5);
  return target && target.text !== '' ? target.text : undefined;
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.attrs[name];
  return value === undefined ? undefined : value.trim();
}

/** "/Invoice/AccountingSupplierParty/Party" — used to point findings at an element. */
export function elementPath(node: XmlNode): string {
  // Built by concatenation, without an array: a literal array here was pretenured by V8 once hot (see
  // freshList), and each old array kept its young backing store alive until the next full collection.
  let path = '';
  for (let n: XmlNode | undefined = node; n; n = n.parent) path = '/' + n.name + path;
  return path;
}

/**
 * What the parser knows about a whole document: its elements in document order, the per-attribute
 * index (collected while the attributes are read) and, built on first use, the per-name index. Kept on the root element under a symbol, not in
 * WeakMaps keyed by the root: a tree held as a WeakMap value survived V8's young-generation
 * collections (it was copied at every scavenge, promoted, and freed only by a full collection), which
 * made parsing about 1.5 × slower than the tree itself costs.
 */
class DocumentIndex {
  byName?: Map<string, XmlNode[]>;
  constructor(
    readonly order: XmlNode[],
    public byAttribute?: Map<string, XmlNode[]>,
  ) {}
}

const DOCUMENT_INDEX = Symbol('xml.documentIndex');
type IndexedRoot = XmlNode & { [DOCUMENT_INDEX]?: DocumentIndex };

const indexOf = (node: XmlNode): DocumentIndex | undefined => (node as IndexedRoot)[DOCUMENT_INDEX];

/**
 * Called by the parser with the elements of the document it built, in document order (no walk later),
 * and, when it collected them while reading attributes, the elements carrying each attribute.
 */
export function rememberDocumentOrder(root: XmlNode, elements: XmlNode[], byAttribute?: Map<string, XmlNode[]>): void {
  // Not enumerable: the tree reads, compares and clones as before. Configurable: the root of a document
  // read in chunks (readUblInChunks) is indexed once per chunk while it is read, then once more at the end.
  // A class instance, not an object literal: an instance has no allocation site to pretenure (freshList).
  Object.defineProperty(root, DOCUMENT_INDEX, {
    value: new DocumentIndex(elements, byAttribute),
    enumerable: false,
    configurable: true,
  });
}

/** The element and all its descendants, depth first in document order (read-only: may be shared). */
export function descendants(node: XmlNode): readonly XmlNode[] {
  const known = indexOf(node);
  if (known) return known.order;
  const out: XmlNode[] = [];
  const stack: XmlNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

/** Every element of the tree under `root` (itself included) with this local name, in document order. */
export function descendantsNamed(root: XmlNode, name: string): readonly XmlNode[] {
  const known = indexOf(root);
  // Trees not built by the parser may change: no index is kept for them.
  if (!known) return descendants(root).filter((n) => n.name === name);
  return byNameOf(known).get(name) ?? [];
}

/**
 * The local names of the elements of a document the parser built (root included), or undefined for a
 * tree built otherwise: lets a check of many paths look only at the paths whose element occurs.
 */
export function localNamesIn(root: XmlNode): Iterable<string> | undefined {
  const known = indexOf(root);
  return known ? byNameOf(known).keys() : undefined;
}

function byNameOf(known: DocumentIndex): Map<string, XmlNode[]> {
  let index = known.byName;
  if (!index) {
    index = new Map();
    for (const n of known.order) {
      const list = index.get(n.name);
      if (list) list.push(n);
      else index.set(n.name, listWith(n));
    }
    known.byName = index;
  }
  return index;
}

/** Every element of the tree under `root` (itself included) that carries this attribute, in document order. */
export function descendantsWithAttribute(root: XmlNode, attribute: string): readonly XmlNode[] {
  const known = indexOf(root);
  if (!known) return descendants(root).filter((n) => n.attrs[attribute] !== undefined);
  let index = known.byAttribute;
  if (!index) {
    index = new Map();
    for (const n of known.order) {
      for (const a in n.attrs) {
        const list = index.get(a);
        if (list) list.push(n);
        else index.set(a, listWith(n));
      }
    }
    known.byAttribute = index;
  }
  return index.get(attribute) ?? [];
}

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

export function childrenNamed(node: XmlNode | undefined, name: string): XmlNode[] {
  const out: XmlNode[] = [];
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

/** First element along a path of local names, e.g. child(party, 'PostalAddress', 'Country'). */
export function child(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let current = node;
  for (let p = 0; p < path.length && current; p++) current = firstChildNamed(current, path[p]);
  return current;
}

/** All elements reached by a path; every step may branch. Document order. */
export function all(node: XmlNode | undefined, ...path: string[]): XmlNode[] {
  return allAlong(node, path);
}

/** `all` with the path as an array (paths compiled once by their callers). */
export function allAlong(node: XmlNode | undefined, path: readonly string[]): XmlNode[] {
  if (!node) return [];
  if (path.length === 0) return [node];
  if (path.length === 1) return childrenNamed(node, path[0]);
  const out: XmlNode[] = [];
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
export function text(node: XmlNode | undefined, ...path: string[]): string | undefined {
  const target = child(node, ...path);
  return target && target.text !== '' ? target.text : undefined;
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.attrs[name];
  return value === undefined ? undefined : value.trim();
}

/** "/Invoice/AccountingSupplierParty/Party" — used to point findings at an element. */
export function elementPath(node: XmlNode): string {
  const names: string[] = [];
  for (let n: XmlNode | undefined = node; n; n = n.parent) names.unshift(n.name);
  return '/' + names.join('/');
}

// Elements of a parsed document in document order, remembered by the parser (one array per document, no walk).
const documentOrder = new WeakMap<XmlNode, XmlNode[]>();
const byName = new WeakMap<XmlNode, Map<string, XmlNode[]>>();
const byAttribute = new WeakMap<XmlNode, Map<string, XmlNode[]>>();

export function rememberDocumentOrder(root: XmlNode, elements: XmlNode[]): void {
  documentOrder.set(root, elements);
}

/** The element and all its descendants, depth first in document order (read-only: may be shared). */
export function descendants(node: XmlNode): readonly XmlNode[] {
  const known = documentOrder.get(node);
  if (known) return known;
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
  let index = byName.get(root);
  if (!index) {
    // Trees not built by the parser may change: no index is kept for them.
    if (!documentOrder.has(root)) return descendants(root).filter((n) => n.name === name);
    index = new Map();
    for (const n of descendants(root)) {
      const list = index.get(n.name);
      if (list) list.push(n);
      else index.set(n.name, [n]);
    }
    byName.set(root, index);
  }
  return index.get(name) ?? [];
}

/** Every element of the tree under `root` (itself included) that carries this attribute, in document order. */
export function descendantsWithAttribute(root: XmlNode, attribute: string): readonly XmlNode[] {
  let index = byAttribute.get(root);
  if (!index) {
    if (!documentOrder.has(root)) return descendants(root).filter((n) => n.attrs[attribute] !== undefined);
    index = new Map();
    for (const n of descendants(root)) {
      for (const a in n.attrs) {
        const list = index.get(a);
        if (list) list.push(n);
        else index.set(a, [n]);
      }
    }
    byAttribute.set(root, index);
  }
  return index.get(attribute) ?? [];
}

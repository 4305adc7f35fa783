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
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** First element along a path of local names, e.g. child(party, 'PostalAddress', 'Country'). */
export function child(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let current = node;
  for (const name of path) {
    current = current?.children.find((c) => c.name === name);
    if (!current) return undefined;
  }
  return current;
}

/** All elements reached by a path; every step may branch. */
export function all(node: XmlNode | undefined, ...path: string[]): XmlNode[] {
  let current: XmlNode[] = node ? [node] : [];
  for (const name of path) current = current.flatMap((n) => childrenNamed(n, name));
  return current;
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

/** Depth-first walk over the element and all its descendants. */
export function* descendants(node: XmlNode): Generator<XmlNode> {
  yield node;
  for (const c of node.children) yield* descendants(c);
}

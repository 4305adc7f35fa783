import { descendants, descendantsNamed, descendantsWithAttribute, type XmlNode } from '../../xml/xml-node';

/**
 * Matches a small path language over local names: "A/B" from the root, "//A/B" anywhere in the
 * document, and a trailing "@attr" to require an attribute on the matched element.
 */
export function matchPath(root: XmlNode, path: string): XmlNode[] {
  return matchCompiled(root, compilePath(path));
}

/**
 * Many paths asked of one document at once (the UBL-CR rules: some 680 paths, nearly all absent).
 * One pass over the document's elements in document order finds the first element of every path,
 * the element that `matchPath(root, path)[0]` would give; the paths are sorted by their last
 * element name once, so an element is compared only with the paths that end with its name.
 */
export class PathSet {
  private readonly byLastName = new Map<string, { at: number; path: CompiledPath }[]>();
  /** Paths without an element step ("//@attr"): any element with the attribute. */
  private readonly anyElement: { at: number; attribute: string | undefined }[] = [];

  constructor(private readonly paths: readonly string[]) {
    paths.forEach((text, at) => {
      const path = compilePath(text);
      if (path.steps.length === 0) {
        this.anyElement.push({ at, attribute: path.attribute });
        return;
      }
      const last = path.steps[path.steps.length - 1];
      const list = this.byLastName.get(last);
      if (list) list.push({ at, path });
      else this.byLastName.set(last, [{ at, path }]);
    });
  }

  /** For each path (same order as given), its first element in document order, or undefined. */
  firstMatches(root: XmlNode): (XmlNode | undefined)[] {
    const first: (XmlNode | undefined)[] = new Array<XmlNode | undefined>(this.paths.length).fill(undefined);
    for (const n of descendants(root)) {
      const candidates = this.byLastName.get(n.name);
      if (candidates !== undefined) {
        for (const { at, path } of candidates) if (first[at] === undefined && endsAt(root, n, path)) first[at] = n;
      }
      for (const { at, attribute } of this.anyElement) {
        if (first[at] === undefined && (attribute === undefined || n.attrs[attribute] !== undefined)) first[at] = n;
      }
    }
    return first;
  }
}

/** Whether element `n`, named as the path's last step, is reached by the path (see matchCompiled). */
function endsAt(root: XmlNode, n: XmlNode, { anywhere, steps, attribute }: CompiledPath): boolean {
  if (attribute !== undefined && n.attrs[attribute] === undefined) return false;
  let p: XmlNode | undefined = n;
  for (let s = steps.length - 2; s >= 0; s--) {
    p = p.parent;
    if (p === undefined || p.name !== steps[s]) return false;
  }
  return anywhere || p.parent === root;
}

interface CompiledPath {
  anywhere: boolean;
  steps: string[];
  attribute?: string;
}

const compiled = new Map<string, CompiledPath>();

function compilePath(path: string): CompiledPath {
  let c = compiled.get(path);
  if (!c) {
    const anywhere = path.startsWith('//');
    const [elementPart, attribute] = (anywhere ? path.slice(2) : path).split('@');
    c = { anywhere, steps: elementPart.split('/').filter(Boolean), attribute };
    compiled.set(path, c);
  }
  return c;
}

/**
 * Looked up from the last step: the elements of the document with that name (kept per document
 * and name), kept when their ancestors spell the path. A path whose last element is absent, as most
 * are, costs one map lookup instead of a walk.
 */
function matchCompiled(root: XmlNode, { anywhere, steps, attribute }: CompiledPath): XmlNode[] {
  if (steps.length === 0) return [...(attribute ? descendantsWithAttribute(root, attribute) : descendants(root))];
  const out: XmlNode[] = [];
  // Candidates: the elements with the last name or, when the path asks for an attribute and fewer
  // elements carry it, the elements with that attribute.
  const named = descendantsNamed(root, steps[steps.length - 1]);
  const withAttribute = attribute !== undefined ? descendantsWithAttribute(root, attribute) : undefined;
  const byAttribute = withAttribute !== undefined && withAttribute.length < named.length;
  const candidates = byAttribute ? withAttribute : named;
  const last = steps[steps.length - 1];
  for (const n of candidates) {
    if (byAttribute ? n.name !== last : attribute !== undefined && n.attrs[attribute] === undefined) continue;
    let p: XmlNode | undefined = n;
    let ok = true;
    for (let s = steps.length - 2; s >= 0 && ok; s--) {
      p = p?.parent;
      ok = p !== undefined && p.name === steps[s];
    }
    if (ok && (anywhere || p?.parent === root)) out.push(n);
  }
  return out;
}

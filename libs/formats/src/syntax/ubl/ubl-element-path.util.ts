import {
  descendants,
  descendantsNamed,
  descendantsWithAttribute,
  freshList,
  internalized,
  type XmlNode,
} from '../../xml/xml-node';

/**
 * Matches a small path language over local names: "A/B" from the root, "//A/B" anywhere in the
 * document, and a trailing "@attr" to require an attribute on the matched element.
 */
export function matchPath(root: XmlNode, path: string): XmlNode[] {
  return matchCompiled(root, compilePath(path), false);
}

/**
 * The first element (document order) that `matchPath` would return, for a path compiled once by its
 * caller (`compilePath`): no look-up of the path's text per document.
 */
export function firstMatchOf(root: XmlNode, path: CompiledPath): XmlNode | undefined {
  return matchCompiled(root, path, true)[0];
}

export interface CompiledPath {
  anywhere: boolean;
  steps: string[];
  attribute?: string;
}

const compiled = new Map<string, CompiledPath>();

/**
 * A path in the form `firstMatchOf` takes, compiled once per text: callers that match the same paths
 * in every document keep what it returns.
 */
export function compilePath(path: string): CompiledPath {
  let c = compiled.get(path);
  if (!c) {
    const anywhere = path.startsWith('//');
    const [elementPart, attribute] = (anywhere ? path.slice(2) : path).split('@');
    // Internalized, as the parser's names are: compared with them and looked up in the per-name index.
    c = {
      anywhere,
      steps: elementPart.split('/').filter(Boolean).map(internalized),
      attribute: attribute === undefined ? undefined : internalized(attribute),
    };
    compiled.set(path, c);
  }
  return c;
}

/**
 * Looked up from the last step: the elements of the document with that name (an index kept per
 * document), kept when they carry the attribute asked for and their ancestors spell the path. A path
 * whose last element is absent, as most are, costs one map lookup instead of a walk; a path of an
 * attribute alone ("//@attr") reads the per-attribute index.
 */
function matchCompiled(root: XmlNode, { anywhere, steps, attribute }: CompiledPath, firstOnly: boolean): XmlNode[] {
  if (steps.length === 0) {
    const every = attribute === undefined ? descendants(root) : descendantsWithAttribute(root, attribute);
    return firstOnly ? every.slice(0, 1) : every.slice();
  }
  const last = steps[steps.length - 1];
  const named = descendantsNamed(root, last);
  // With an attribute, the shorter of the two indexes (both in document order) is walked: a path such
  // as "//ClassifiedTaxCategory/ID@schemeID" would otherwise look at every ID of the document, one per
  // line of a large invoice, to find the few elements carrying a schemeID.
  const carriers = attribute === undefined ? undefined : descendantsWithAttribute(root, attribute);
  const byAttribute = carriers !== undefined && carriers.length < named.length;
  // A list of the document's elements: made by freshList, never by a literal (see there).
  const out: XmlNode[] = freshList();
  for (const n of byAttribute ? carriers : named) {
    if (byAttribute ? n.name !== last : attribute !== undefined && n.attrs[attribute] === undefined) continue;
    let p: XmlNode | undefined = n;
    let ok = true;
    for (let s = steps.length - 2; s >= 0 && ok; s--) {
      p = p?.parent;
      ok = p !== undefined && p.name === steps[s];
    }
    if (ok && (anywhere || p?.parent === root)) {
      out.push(n);
      if (firstOnly) break;
    }
  }
  return out;
}

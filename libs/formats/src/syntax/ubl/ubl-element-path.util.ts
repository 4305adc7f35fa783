import { descendants, descendantsNamed, descendantsWithAttribute, type XmlNode } from '../../xml/xml-node';

/**
 * Matches a small path language over local names: "A/B" from the root, "//A/B" anywhere in the
 * document, and a trailing "@attr" to require an attribute on the matched element.
 */
export function matchPath(root: XmlNode, path: string): XmlNode[] {
  return matchCompiled(root, compilePath(path));
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
 * Looked up from the last step: the elements of the document with that name (an index kept per
 * document), kept when their ancestors spell the path. A path whose last element is absent, as most
 * are, costs one map lookup instead of a walk.
 */
function matchCompiled(root: XmlNode, { anywhere, steps, attribute }: CompiledPath): XmlNode[] {
  if (steps.length === 0) return [...(attribute ? descendantsWithAttribute(root, attribute) : descendants(root))];
  const out: XmlNode[] = [];
  for (const n of descendantsNamed(root, steps[steps.length - 1])) {
    if (attribute !== undefined && n.attrs[attribute] === undefined) continue;
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

import { all, descendants, type XmlNode } from '../../xml/xml-node';

/**
 * Matches a small path language over local names: "A/B" from the root, "//A/B" anywhere in the
 * document, and a trailing "@attr" to require an attribute on the matched element.
 */
export function matchPath(root: XmlNode, path: string): XmlNode[] {
  const anywhere = path.startsWith('//');
  const [elementPart, attribute] = (anywhere ? path.slice(2) : path).split('@');
  const steps = elementPart.split('/').filter(Boolean);
  let matches: XmlNode[];
  if (steps.length === 0) matches = [...descendants(root)];
  else if (anywhere) {
    const [first, ...rest] = steps;
    matches = [...descendants(root)].filter((n) => n.name === first).flatMap((n) => all(n, ...rest));
  } else matches = all(root, ...steps);
  return attribute ? matches.filter((n) => n.attrs[attribute] !== undefined) : matches;
}

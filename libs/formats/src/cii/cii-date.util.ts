import { attr, child, type XmlNode } from '../xml/xml-node';

/**
 * CII dates are udt:DateTimeString / qdt:DateTimeString with a format attribute; format 102
 * (CCYYMMDD) becomes ISO YYYY-MM-DD. Other formats are kept as written so rules can report them.
 */
export function ciiDate(container: XmlNode | undefined): string | undefined {
  const node = child(container, 'DateTimeString') ?? child(container, 'DateString');
  const value = node?.text;
  if (!value) return undefined;
  const format = attr(node, 'format') ?? '102';
  if (format === '102' && /^\d{8}$/.test(value))
    return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  return value;
}

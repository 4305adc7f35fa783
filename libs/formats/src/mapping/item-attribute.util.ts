import type { XmlNode } from '../xml/xml-node';

/** BG-32: an element present but empty reads as '' (BR-54 asks for the elements, not their text). */
export function itemAttribute(
  name: XmlNode | undefined,
  value: XmlNode | undefined,
): { name?: string; value?: string } {
  return { ...(name ? { name: name.text } : {}), ...(value ? { value: value.text } : {}) };
}

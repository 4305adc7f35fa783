import type { XmlNode } from '../xml/xml-node';

/** BG-32: an element present but empty reads as '' (BR-54 asks for the elements, not their text). */
export function itemAttribute(
  name: XmlNode | undefined,
  value: XmlNode | undefined,
): { name?: string; value?: string } {
  // Set one by one rather than spread from two conditional literals (a generic copy in V8, per attribute).
  const attribute: { name?: string; value?: string } = {};
  if (name) attribute.name = name.text;
  if (value) attribute.value = value.text;
  return attribute;
}

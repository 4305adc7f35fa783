import type { Finding } from '@app/rules/engine/rule';
import type { XmlNode } from '../xml/xml-node';

export function checkUblSyntax(_root: XmlNode): Finding[] {
  return [];
}

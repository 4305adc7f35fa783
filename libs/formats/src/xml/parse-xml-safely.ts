import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FormatError } from '../errors/format-error';
import { decodeXmlText } from './decode-xml-text.util';
import type { XmlNode } from './xml-node';

export const DEFAULT_MAX_XML_BYTES = 10 * 1024 * 1024;

export interface ParseXmlOptions {
  maxBytes?: number;
}

// Invoices never need a DTD; refusing any declaration closes XXE and entity-expansion attacks
// before a single byte is parsed.
const DTD_PATTERN = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b/i;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false, // decoded by decodeXmlText so no entity table is ever consulted
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type OrderedEntry = Record<string, unknown> & { ':@'?: Record<string, string> };

export function xmlToString(xml: string | Buffer): string {
  if (typeof xml === 'string') return xml.replace(/^\uFEFF/, '');
  if (xml.length >= 2 && xml[0] === 0xff && xml[1] === 0xfe) return xml.subarray(2).toString('utf16le');
  return xml.toString('utf8').replace(/^\uFEFF/, '');
}

/** Parses an XML document into a namespace-agnostic tree, refusing anything unsafe or broken. */
export function parseXmlSafely(xml: string | Buffer, opts: ParseXmlOptions = {}): XmlNode {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  const size = typeof xml === 'string' ? Buffer.byteLength(xml, 'utf8') : xml.length;
  if (size > maxBytes) {
    throw new FormatError('XML_TOO_LARGE', `Document is ${size} bytes; the limit is ${maxBytes} bytes`);
  }
  const source = xmlToString(xml);
  if (source.trim() === '') throw new FormatError('XML_EMPTY', 'Document is empty');
  if (DTD_PATTERN.test(source)) {
    throw new FormatError('XML_FORBIDDEN_DTD', 'Document type and entity declarations are not allowed');
  }
  const validation = XMLValidator.validate(source);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw new FormatError('XML_MALFORMED', `Malformed XML: ${msg}`, `line ${line}, column ${col}`);
  }
  const entries = parser.parse(source) as OrderedEntry[];
  const roots = entries.map((e) => toNode(e)).filter((n): n is XmlNode => n !== undefined);
  if (roots.length === 0) throw new FormatError('XML_EMPTY', 'Document has no root element');
  return roots[0];
}

function toNode(entry: OrderedEntry, parent?: XmlNode): XmlNode | undefined {
  const qname = Object.keys(entry).find((k) => k !== ':@' && k !== '#text');
  if (!qname || qname.startsWith('?') || qname.startsWith('!')) return undefined;
  const node: XmlNode = { name: localName(qname), qname, attrs: {}, children: [], text: '', parent };
  for (const [key, value] of Object.entries(entry[':@'] ?? {})) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    node.attrs[localName(key)] = decodeXmlText(String(value));
  }
  let raw = '';
  for (const item of (entry[qname] as OrderedEntry[]) ?? []) {
    if ('#text' in item) raw += String(item['#text']);
    else {
      const c = toNode(item, node);
      if (c) node.children.push(c);
    }
  }
  node.text = decodeXmlText(raw).trim();
  return node;
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

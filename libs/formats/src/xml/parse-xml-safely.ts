import { FormatError } from '../errors/format-error';
import type { XmlNode } from './xml-node';
import { DepthError, NOT_XML_CHAR, type RootChildTaker, scanXml } from './xml-scanner';

export const DEFAULT_MAX_XML_BYTES = 10 * 1024 * 1024;
/** Deepest element nesting read (an invoice needs about 8). */
export const MAX_XML_DEPTH = 100;

export interface ParseXmlOptions {
  maxBytes?: number;
  /** Elements and attributes are counted by a cheap scan before parsing; over either limit the document is refused. */
  maxElements?: number;
  maxAttributes?: number;
}

// Invoices never need a DTD; refusing any declaration closes XXE and entity-expansion attacks
// before a single byte is parsed. Sticky: tried only where the text has `<!` (see hasDtd).
const DTD_AT = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b/iy;

/**
 * Whether a declaration starts at any `<!` of the text. The `<!` are found with indexOf (invoices
 * have a few, for comments and CDATA) instead of running the case-insensitive pattern over every
 * character of the document.
 */
function hasDtd(source: string): boolean {
  // Found by their '!', rare in an invoice, where a search for '<!' stops at every '<' of the markup.
  for (let at = source.indexOf('!', 1); at >= 0; at = source.indexOf('!', at + 1)) {
    if (source.charCodeAt(at - 1) !== 0x3c) continue; // <
    DTD_AT.lastIndex = at - 1;
    if (DTD_AT.test(source)) return true;
  }
  return false;
}

// The white space of String.prototype.trim is the \s of a regular expression.
const NOT_SPACE = /\S/;

// One character class, scanned fast: only a document that has one of these characters (a control
// character, U+FFFE/U+FFFF or any surrogate, paired ones included) needs the exact test (NOT_XML_CHAR).
const MAYBE_NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function xmlToString(xml: string | Buffer): string {
  if (typeof xml === 'string') return xml.replace(/^\uFEFF/, '');
  if (xml.length >= 2 && xml[0] === 0xff && xml[1] === 0xfe) return xml.subarray(2).toString('utf16le');
  return xml.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * Parses an XML document into a namespace-agnostic tree, refusing anything unsafe or broken. With a
 * `taker`, children of the root it takes are handed to it as they are read and left out of the tree.
 */
export function parseXmlSafely(xml: string | Buffer, opts: ParseXmlOptions = {}, taker?: RootChildTaker): XmlNode {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  // A UTF-16 code unit takes at most 3 bytes in UTF-8: a string that short cannot be over the limit.
  const size =
    typeof xml !== 'string' ? xml.length : xml.length * 3 <= maxBytes ? xml.length : Buffer.byteLength(xml, 'utf8');
  if (size > maxBytes) {
    throw new FormatError('XML_TOO_LARGE', `Document is ${size} bytes; the limit is ${maxBytes} bytes`);
  }
  const source = xmlToString(xml);
  // Any character that is not white space (as trim sees it) will do: found at the first '<' of a
  // document, instead of making the trimmed text of the whole document to compare it with ''.
  if (!NOT_SPACE.test(source)) throw new FormatError('XML_EMPTY', 'Document is empty');
  if (hasDtd(source)) {
    throw new FormatError('XML_FORBIDDEN_DTD', 'Document type and entity declarations are not allowed');
  }
  // Characters XML does not allow are looked for by the scanner as it reads (see scanXml's checkChars):
  // one pass over the text less. Any of them is reported before anything else wrong with the document,
  // as when the whole text was checked first.
  const checkChars = () => refuseNotXmlChars(source);
  try {
    refuseTooManyNodes(source, opts);
    return scanXml(source, MAX_XML_DEPTH, taker, checkChars);
  } catch (error) {
    refuseNotXmlChars(source);
    if (error instanceof DepthError) {
      throw new FormatError(
        'XML_TOO_DEEP',
        `Elements are nested deeper than ${MAX_XML_DEPTH} levels`,
        '$',
        `at most ${MAX_XML_DEPTH} levels of nested elements`,
      );
    }
    throw error;
  }
}

/** Refuses the document at its first character XML does not allow (NUL and most C0 controls, U+FFFE/U+FFFF, unpaired surrogates). */
function refuseNotXmlChars(source: string): void {
  const bad = MAYBE_NOT_XML_CHAR.test(source) ? NOT_XML_CHAR.exec(source) : null;
  if (!bad) return;
  const { line, col } = positionOf(source, bad.index);
  throw new FormatError(
    'XML_MALFORMED',
    `Malformed XML: character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`,
    `line ${line}, column ${col}`,
    'XML 1.0 characters only',
  );
}

/**
 * Counts start tags and attributes in one pass over the text (an upper bound: markup-like text in
 * comments or CDATA counts too) so that an oversized tree is refused before it is built.
 */
function refuseTooManyNodes(source: string, opts: ParseXmlOptions): void {
  const maxElements = opts.maxElements ?? Infinity;
  const maxAttributes = opts.maxAttributes ?? Infinity;
  if (maxElements === Infinity && maxAttributes === Infinity) return;
  let elements = 0;
  let attributes = 0;
  let inTag = false;
  let quote = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (inTag) {
      if (c === 0x3e)
        inTag = false; // >
      else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3d) attributes++; // =
    } else if (c === 0x3c) {
      // <
      const next = source.charCodeAt(i + 1);
      if (next !== 0x2f && next !== 0x21 && next !== 0x3f) {
        // not </ <! <?
        elements++;
        inTag = true;
      }
    }
  }
  if (elements > maxElements) {
    throw new FormatError(
      'XML_TOO_MANY_NODES',
      `Document has ${elements} elements; the limit is ${maxElements}`,
      '$',
      `at most ${maxElements} elements`,
    );
  }
  if (attributes > maxAttributes) {
    throw new FormatError(
      'XML_TOO_MANY_NODES',
      `Document has ${attributes} attributes; the limit is ${maxAttributes}`,
      '$',
      `at most ${maxAttributes} attributes`,
    );
  }
}

function positionOf(source: string, index: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < index; i = source.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: index - start + 1 };
}

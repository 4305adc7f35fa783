import { readFileSync } from 'node:fs';
import { FormatError, readInvoiceXml } from '../index';
import { parseXmlSafely } from './parse-xml-safely';
import { EN16931_DIR } from '@app/testing/shared-dir';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof FormatError ? error.code : `not a FormatError: ${String(error)}`;
  }
  return undefined;
}

const UBL_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';

describe('parseXmlSafely', () => {
  it('refuses an external entity (XXE) before parsing', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Invoice xmlns="${UBL_NS}"><ID>&xxe;</ID></Invoice>`;
    expect(codeOf(() => readInvoiceXml(xxe))).toBe('XML_FORBIDDEN_DTD');
  });

  it('refuses entity expansion (billion laughs)', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><Invoice>&lol2;</Invoice>`;
    expect(codeOf(() => readInvoiceXml(lol))).toBe('XML_FORBIDDEN_DTD');
  });

  it('refuses a declaration wherever it stands: first in the text, after a comment with "!", in lower case, spaced', () => {
    const tail = `<Invoice xmlns="${UBL_NS}"><ID>1</ID></Invoice>`;
    for (const doc of [
      `<!DOCTYPE Invoice>${tail}`,
      `<?xml version="1.0"?><!-- urgent! --><Note>!</Note><!DOCTYPE Invoice>${tail}`,
      `<?xml version="1.0"?><!doctype Invoice>${tail}`,
      `<?xml version="1.0"?><!  ENTITY x "y">${tail}`,
      `<?xml version="1.0"?>${tail}<!ATTLIST Invoice a CDATA #IMPLIED>`,
    ])
      expect([doc, codeOf(() => parseXmlSafely(doc))]).toEqual([doc, 'XML_FORBIDDEN_DTD']);
    // '!' in text, comments and CDATA is no declaration
    const plain = `<?xml version="1.0"?><!-- hi! --><Invoice xmlns="${UBL_NS}"><Note>Pay now!<![CDATA[ <!x> ]]></Note></Invoice>`;
    expect(codeOf(() => parseXmlSafely(plain))).toBeUndefined();
  });

  it('refuses documents over the size limit, counting bytes not characters', () => {
    const doc = `<Invoice xmlns="${UBL_NS}"><Note>${'ä'.repeat(600)}</Note></Invoice>`;
    expect(codeOf(() => readInvoiceXml(doc, { maxBytes: 1000 }))).toBe('XML_TOO_LARGE');
    expect(codeOf(() => readInvoiceXml(doc, { maxBytes: 2000 }))).toBeUndefined();
  });

  it('admits the 3.2 MB official example under the default limit', () => {
    const big = readFileSync(`${EN16931_DIR}/examples/ubl/FT-G2G_TD01-con-Allegato-Bonifico-e-Split-Payment.xml`);
    expect(big.length).toBeGreaterThan(3_000_000);
    expect(readInvoiceXml(big).invoice.invoiceNumber).toBe('1316/85');
  });

  it('reports malformed XML with a position', () => {
    let error: FormatError | undefined;
    try {
      readInvoiceXml(`<Invoice xmlns="${UBL_NS}"><ID>1</Invoice>`);
    } catch (e) {
      error = e as FormatError;
    }
    expect(error?.code).toBe('XML_MALFORMED');
    expect(error?.path).toMatch(/line 1/);
    expect(codeOf(() => readInvoiceXml('not xml at all'))).toBe('XML_MALFORMED');
  });

  it('reports empty input', () => {
    expect(codeOf(() => readInvoiceXml(''))).toBe('XML_EMPTY');
    expect(codeOf(() => readInvoiceXml(Buffer.from('  \n')))).toBe('XML_EMPTY');
  });

  it('refuses a well-formed document that is not an invoice', () => {
    expect(
      codeOf(() =>
        readInvoiceXml('<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>1</ID></Order>'),
      ),
    ).toBe('XML_UNSUPPORTED_DOCUMENT');
  });

  it('addresses elements by local name whatever the prefix, and decodes character references', () => {
    const root = parseXmlSafely(
      '<x:Invoice xmlns:x="u" xmlns:b="v"><b:Note a:lang="en" xmlns:a="w">A &amp; B &#x41;&#66; &amp;#67;</b:Note></x:Invoice>',
    );
    expect(root.name).toBe('Invoice');
    expect(root.children[0].name).toBe('Note');
    expect(root.children[0].attrs).toEqual({ lang: 'en' });
    expect(root.children[0].text).toBe('A & B AB &#67;');
  });

  it('reads a Buffer with a UTF-8 byte order mark', () => {
    const buf = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`<Invoice xmlns="${UBL_NS}"><ID>Ä1</ID></Invoice>`),
    ]);
    expect(readInvoiceXml(buf).invoice.invoiceNumber).toBe('Ä1');
  });

  it('refuses elements nested deeper than the limit with XML_TOO_DEEP (not a parser crash)', () => {
    const doc = `<Invoice xmlns="${UBL_NS}">${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}</Invoice>`;
    expect(codeOf(() => readInvoiceXml(doc))).toBe('XML_TOO_DEEP');
  });

  it('counts elements and attributes before parsing and refuses documents over the limits', () => {
    // xmlns counts as an attribute: 4 in all
    const doc = `<Invoice xmlns="${UBL_NS}"><Note a="1" b="2">x</Note><Note c="3">y</Note></Invoice>`;
    expect(codeOf(() => readInvoiceXml(doc, { maxElements: 2 }))).toBe('XML_TOO_MANY_NODES');
    expect(codeOf(() => readInvoiceXml(doc, { maxAttributes: 2 }))).toBe('XML_TOO_MANY_NODES');
    expect(codeOf(() => readInvoiceXml(doc, { maxElements: 3, maxAttributes: 4 }))).toBeUndefined();
  });

  it('refuses characters XML does not allow (a raw NUL) with their position', () => {
    let error: FormatError | undefined;
    try {
      readInvoiceXml(`<Invoice xmlns="${UBL_NS}">\n<ID>1\u00002</ID></Invoice>`);
    } catch (e) {
      error = e as FormatError;
    }
    expect(error?.code).toBe('XML_MALFORMED');
    expect(error?.path).toBe('line 2, column 6');
  });

  it('refuses a character XML does not allow wherever it stands, at its first position, before any other error', () => {
    const long = 'a description longer than twelve characters';
    // Each place the scanner passes over characters: short and long text and attribute values, CDATA,
    // comments, processing instructions, the declaration, names, white space in tags and between them.
    const places = [
      (x: string) => `<r><a>1${x}2</a></r>`,
      (x: string) => `<r><a>${long}${x}${long}</a></r>`,
      (x: string) => `<r><a v="1${x}"/></r>`,
      (x: string) => `<r><a v="${long}${x}"/></r>`,
      (x: string) => `<r><a><![CDATA[${long}${x}]]></a></r>`,
      (x: string) => `<r><!-- ${x} --><a/></r>`,
      (x: string) => `<!-- ${x} --><r/>`,
      (x: string) => `<r/><!-- ${x} -->`,
      (x: string) => `<r><?pi ${x}?></r>`,
      (x: string) => `<?xml version="1.0" encoding="UTF-8${x}"?><r/>`,
      (x: string) => `<r><a${x}b/></r>`,
      (x: string) => `<r><a b="1"${x}c="2"/></r>`,
      (x: string) => `<r><a b${x}="1"/></r>`,
      (x: string) => `<r>\n  ${x}<a/></r>`,
      (x: string) => `<r><a></a${x}></r>`,
      (x: string) => `<r/>${x}`,
      (x: string) => `${x}<r/>`,
      (x: string) => `<r><a>1</a>${x}`, // unclosed as well: the character is reported first
    ];
    for (const bad of ['\u0001', '\u001F', '\uFFFE', '\uFFFF', '\uD800', '\uDC00']) {
      const code = `U+${bad.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      for (const place of places) {
        const doc = place(bad);
        const at = doc.indexOf(bad);
        const lineStart = doc.lastIndexOf('\n', at) + 1;
        const position = `line ${doc.slice(0, at).split('\n').length}, column ${at - lineStart + 1}`;
        let error: unknown;
        try {
          parseXmlSafely(doc);
        } catch (e) {
          error = e;
        }
        expect({
          doc,
          code: (error as FormatError)?.code,
          message: (error as FormatError)?.message,
          position: (error as FormatError)?.path,
        }).toEqual({
          doc,
          code: 'XML_MALFORMED',
          message: `Malformed XML: character ${code} is not allowed in XML`,
          position,
        });
      }
    }
  });

  it('refuses a character XML does not allow in a document read in chunks of lines as in one piece, and reads paired surrogates there', () => {
    const example = readFileSync(`${EN16931_DIR}/examples/ubl/ubl-tc434-example1.xml`, 'utf8');
    // In the last of its 20 lines, after the scanner has handed the first ones to the reader.
    const at = example.lastIndexOf('</cbc:Name>');
    const inChunks = { readInChunksFrom: 0, linesPerChunk: 1 };
    for (const bad of ['\u0002', '\uFFFF', '\uDBFF']) {
      const doc = example.slice(0, at) + bad + example.slice(at);
      const whole = (() => {
        try {
          parseXmlSafely(doc);
        } catch (e) {
          return e as FormatError;
        }
      })();
      let chunked: FormatError | undefined;
      try {
        readInvoiceXml(doc, inChunks);
      } catch (e) {
        chunked = e as FormatError;
      }
      expect(whole?.message).toMatch(/is not allowed in XML/);
      expect([chunked?.code, chunked?.message, chunked?.path]).toEqual([whole?.code, whole?.message, whole?.path]);
    }
    const pair = '\u{1F9FE}';
    const doc = example.slice(0, at) + pair + example.slice(at);
    const lines = readInvoiceXml(doc, inChunks).invoice.lines ?? [];
    expect(lines).toHaveLength(20);
    expect(lines[19].name?.endsWith(pair)).toBe(true);
  });

  it('reads paired surrogates (characters beyond the BMP) in every place text may hold them', () => {
    const pair = '\u{1F9FE}';
    const doc = `<?xml version="1.0"?><!-- ${pair} --><r a="${pair}" b="a long value with ${pair} in it"><s>${pair}</s><t>a long text with ${pair} in it</t><u><![CDATA[${pair}]]></u><?pi ${pair}?></r>`;
    const root = parseXmlSafely(doc);
    expect(root.attrs).toEqual({ a: pair, b: `a long value with ${pair} in it` });
    expect(root.children.map((c) => c.text)).toEqual([pair, `a long text with ${pair} in it`, pair]);
  });

  it('refuses a character reference to NUL (&#0;) anywhere, with the element path', () => {
    let error: FormatError | undefined;
    try {
      readInvoiceXml(
        `<Invoice xmlns="${UBL_NS}"><TaxTotal><TypeCode>a&#0;b</TypeCode></TaxTotal><Note x="&#x0;">n</Note></Invoice>`,
      );
    } catch (e) {
      error = e as FormatError;
    }
    expect(error?.code).toBe('XML_MALFORMED');
    expect(error?.path).toBe('/Invoice/TaxTotal/TypeCode');
    expect(codeOf(() => readInvoiceXml(`<Invoice xmlns="${UBL_NS}"><Note x="&#x0;">n</Note></Invoice>`))).toBe(
      'XML_MALFORMED',
    );
    expect(codeOf(() => readInvoiceXml(`<Invoice xmlns="${UBL_NS}"><Note>&#xD800;</Note></Invoice>`))).toBe(
      'XML_MALFORMED',
    );
    expect(
      codeOf(() => readInvoiceXml(`<Invoice xmlns="${UBL_NS}"><Note>&#9;&#x1F9FE;</Note></Invoice>`)),
    ).toBeUndefined();
  });
});

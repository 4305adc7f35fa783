import { join } from 'node:path';
import { EN16931_DIR, xmlDocsIn } from '@app/testing';
import type { Finding } from '@app/rules';
import { readInvoiceXml, type ReadInvoiceXmlResult } from '../read-invoice-xml';
import { loadFormatFixtures, readFormatFixture } from '../testing/fixtures';
import { loadUnitTestSets } from '../testing/unit-test-sets';
import { descendants, descendantsNamed, descendantsWithAttribute, type XmlNode } from '../xml/xml-node';
import { readUblInChunks } from './ubl-in-chunks.reader';

/** The tree read whole (the default below READ_IN_CHUNKS_FROM_CHARS) and read in chunks of `lines`. */
const whole = (xml: string) => readInvoiceXml(xml, { readInChunksFrom: Infinity });
const inChunks = (xml: string, lines: number) => readInvoiceXml(xml, { readInChunksFrom: 0, linesPerChunk: lines });

/** Each rule's findings in order; the rules sorted (the rules' findings come header first, then by line). */
function byRule(findings: Finding[]): [string, Finding[]][] {
  const out = new Map<string, Finding[]>();
  for (const f of findings) out.set(f.ruleId, [...(out.get(f.ruleId) ?? []), f]);
  return [...out.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function expectSameRead(a: ReadInvoiceXmlResult, b: ReadInvoiceXmlResult): void {
  expect(b.format).toBe(a.format);
  expect(b.invoice).toEqual(a.invoice);
  expect(byRule(b.syntaxFindings)).toEqual(byRule(a.syntaxFindings));
}

const ublUnitTests = ['Invoice-unit-UBL', 'CreditNote-unit-UBL'].flatMap((dir) =>
  loadUnitTestSets(join(EN16931_DIR, 'unit-tests', dir)).flatMap((set) =>
    set.tests.map((t, i) => ({ name: `${dir}/${set.file}#${i + 1}`, xml: t.xml })),
  ),
);

/** A UBL invoice of `lines` lines from the Finnish fixture, with `edit` applied to every line. */
function withLines(lines: number, edit: (line: string, i: number) => string = (l) => l): string {
  const doc = readFormatFixture('ubl/fi-valid-invoice.xml');
  const first = doc.indexOf('<cac:InvoiceLine>');
  const end = doc.indexOf('</cac:InvoiceLine>') + '</cac:InvoiceLine>'.length;
  const line = doc.slice(first, end);
  const body = Array.from({ length: lines }, (_, i) =>
    edit(line.replace('<cbc:ID>1</cbc:ID>', `<cbc:ID>${i + 1}</cbc:ID>`), i),
  );
  return doc.slice(0, first) + body.join('\n') + '\n</Invoice>\n';
}

describe('readUblInChunks: a large UBL document read a chunk of lines at a time', () => {
  it('reads the official examples, the unit-test documents and the fixtures as the whole tree does, in chunks of 1 and 3 lines', () => {
    const docs = [
      ...xmlDocsIn(join(EN16931_DIR, 'examples', 'ubl')).map((xml, i) => ({ name: `example ${i}`, xml })),
      ...ublUnitTests,
      ...loadFormatFixtures()
        .filter((f) => f.format === 'ubl')
        .map((f) => ({ name: f.file, xml: readFormatFixture(f.file) })),
    ];
    expect(docs.length).toBeGreaterThan(300);
    let readInChunks = 0;
    for (const { name, xml } of docs) {
      let a: ReadInvoiceXmlResult;
      try {
        a = whole(xml);
      } catch (e) {
        // A document that cannot be read fails the same way in chunks.
        expect(() => inChunks(xml, 1)).toThrow((e as Error).message);
        continue;
      }
      for (const lines of [1, 3]) {
        try {
          expectSameRead(a, inChunks(xml, lines));
        } catch (e) {
          throw new Error(`${name}, chunks of ${lines}: ${(e as Error).message}`);
        }
      }
      if (readUblInChunks(xml, {}, 1)?.result) readInChunks++;
    }
    // Most documents with lines are read in chunks (the others need the whole tree, see the reader).
    expect(readInChunks).toBeGreaterThan(200);
  });

  it('reads a 2,000-line invoice with defects on some lines as the whole tree does', () => {
    const xml = withLines(2000, (line, i) => {
      if (i % 97 === 5) line = line.replace('</cbc:ID>', '</cbc:ID><cbc:Note>a</cbc:Note><cbc:Note>b</cbc:Note>'); // UBL-SR-34
      if (i % 131 === 7) line = line.replace(/currencyID="EUR"/, 'currencyID="EUR" format="x"'); // UBL-DT-12, first only
      if (i % 113 === 3) line = line.replace(/<cac:ClassifiedTaxCategory>[\s\S]*?<\/cac:ClassifiedTaxCategory>/, ''); // UBL-SR-48
      if (i % 211 === 9) line = line.replace(/(<cbc:LineExtensionAmount[^>]*>)([\d.]+)/, '$1$2001'); // UBL-DT-01
      return line;
    });
    const a = whole(xml);
    const b = inChunks(xml, 200);
    expectSameRead(a, b);
    // With CR LF line ends (normalised before the scan), and as bytes (the command-line validator reads
    // files): UTF-8, and UTF-16 with its byte order mark.
    const crlf = xml.replace(/\n/g, '\r\n');
    expectSameRead(whole(crlf), inChunks(crlf, 200));
    expectSameRead(a, readInvoiceXml(Buffer.from(xml, 'utf8'), { readInChunksFrom: 0 }));
    expectSameRead(
      a,
      readInvoiceXml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]), { readInChunksFrom: 0 }),
    );
    expect(a.invoice.lines).toHaveLength(2000);
    const ids = new Set(a.syntaxFindings.map((f) => f.ruleId));
    for (const id of ['UBL-SR-34', 'UBL-SR-48', 'UBL-DT-12', 'UBL-DT-01']) expect(ids).toContain(id);
    expect(a.syntaxFindings.filter((f) => f.ruleId === 'UBL-DT-12')).toHaveLength(1);
    // Nothing of the lines is left in the tree or its indexes once read (they would stay in memory).
    const read = readUblInChunks(xml, {}, 200)!;
    expect(read.result).toBeDefined();
    const inALine = (n: XmlNode): boolean => {
      for (let p: XmlNode | undefined = n; p; p = p.parent) if (p.name === 'InvoiceLine') return true;
      return false;
    };
    expect(descendants(read.root).some(inALine)).toBe(false);
    for (const attribute of ['currencyID', 'unitCode', 'format'])
      expect(descendantsWithAttribute(read.root, attribute).some(inALine)).toBe(false);
    expect(descendantsNamed(read.root, 'InvoiceLine')).toEqual([]);
  });

  it('reads the whole tree when a child of the root follows the lines or a line holds an element counted across lines', () => {
    const after = withLines(5).replace('\n</Invoice>', '<cbc:Note>after the lines</cbc:Note>\n</Invoice>');
    // In a chunk read while scanning (line 3 of 5, chunks of 2) and in the last chunk (line 5).
    const partyIn = (line: number) =>
      withLines(5, (l, i) =>
        i === line - 1
          ? l.replace(
              '</cac:InvoiceLine>',
              '<cac:Delivery><cac:DeliveryParty><cac:PartyIdentification><cbc:ID schemeID="SEPA">X</cbc:ID></cac:PartyIdentification></cac:DeliveryParty></cac:Delivery></cac:InvoiceLine>',
            )
          : l,
      );
    for (const xml of [after, partyIn(3), partyIn(5)]) {
      expect(readUblInChunks(xml, {}, 2)).toBeUndefined();
      expectSameRead(whole(xml), inChunks(xml, 2));
    }
  });
});

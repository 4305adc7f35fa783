import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { EN16931_DIR } from '@app/testing/shared-dir';
import { prng } from '@app/testing/prng';
import { FormatError } from '../errors/format-error';
import { FORMAT_FIXTURES_DIR } from '../testing/fixtures';
import { decodeXmlText } from './decode-xml-text.util';
import { parseXmlSafely } from './parse-xml-safely';
import { descendants, elementPath, type XmlNode } from './xml-node';

/**
 * The single-pass reader against the general-purpose parser the product used before it (validate,
 * then parse into an ordered tree, then convert): on the official examples, the country fixtures
 * and 1,500 mutated variants of them, both accept the same documents with
 * the same element tree, or both refuse them as XML_MALFORMED. Intended differences, where the old
 * parser was not XML: a CDATA section is taken as written (it decoded `&amp;` inside it; the mutations
 * never put a reference inside CDATA); markup `<!x>` that is neither a comment nor CDATA is refused (it
 * made an element of it and dropped what it contained); a processing instruction ends at the first
 * `?>` whatever the quotes before it (it looked for quotes).
 */
const oracleParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 100,
});
type Entry = Record<string, unknown> & { ':@'?: Record<string, string> };
type Plain = { name: string; qname: string; attrs: Record<string, string>; children: Plain[]; text: string };
const local = (q: string) => (q.includes(':') ? q.slice(q.indexOf(':') + 1) : q);

function oracle(source: string): Plain | string {
  if (source.trim() === '') return 'XML_EMPTY';
  if (XMLValidator.validate(source) !== true) return 'XML_MALFORMED';
  let entries: Entry[];
  try {
    entries = oracleParser.parse(source) as Entry[];
  } catch (e) {
    return /nested tags/i.test(String(e)) ? 'XML_TOO_DEEP' : 'XML_MALFORMED';
  }
  const convert = (entry: Entry): Plain | undefined => {
    const qname = Object.keys(entry).find((k) => k !== ':@' && k !== '#text');
    if (!qname || qname.startsWith('?') || qname.startsWith('!')) return undefined;
    const node: Plain = { name: local(qname), qname, attrs: {}, children: [], text: '' };
    for (const [k, v] of Object.entries(entry[':@'] ?? {}))
      if (k !== 'xmlns' && !k.startsWith('xmlns:')) node.attrs[local(k)] = decodeXmlText(String(v));
    let raw = '';
    for (const item of (entry[qname] as Entry[]) ?? []) {
      if ('#text' in item) raw += String(item['#text']);
      else {
        const c = convert(item);
        if (c) node.children.push(c);
      }
    }
    node.text = decodeXmlText(raw).trim();
    return node;
  };
  return entries.map(convert).find((n) => n !== undefined) ?? 'XML_EMPTY';
}

function ours(source: string): Plain | string {
  let root: XmlNode;
  try {
    root = parseXmlSafely(source);
  } catch (e) {
    if (e instanceof FormatError) return e.code;
    throw e;
  }
  const plain = (n: XmlNode): Plain => ({
    name: n.name,
    qname: n.qname,
    attrs: { ...n.attrs },
    children: n.children.map(plain),
    text: n.text,
  });
  return plain(root);
}

function documents(): string[] {
  const dirs = [
    join(EN16931_DIR, 'examples/ubl'),
    join(EN16931_DIR, 'examples/cii'),
    join(FORMAT_FIXTURES_DIR, 'ubl'),
    join(FORMAT_FIXTURES_DIR, 'cii'),
  ];
  const out: string[] = [];
  for (const dir of dirs)
    for (const f of readdirSync(dir).sort())
      if (f.endsWith('.xml')) {
        const text = readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, '');
        if (text.length < 200_000) out.push(text);
      }
  return out;
}

const INSERTS = [
  '<',
  '>',
  '&',
  '"',
  "'",
  '/',
  '=',
  ' ',
  ']]>',
  '<!-- c -->',
  '<![CDATA[x<y]]>',
  '<?pi x?>',
  '&amp;',
  '&#65;',
  '&#x42;',
  '&foo;',
  '&#;',
  '<a/>',
  '</a>',
  '<b x="1">t</b>',
  ' y="2"',
  ' y="2" y="3"',
  ' p:y="2"',
  ' xmlns:q="u"',
  '<?xml version="1.0"?>',
  '<!--',
  '<![CDATA[',
  '\r\n',
  '\r',
  '&#;',
  '&x.y;',
  '&abcdefghijklmnopqrstuvwxyz;',
  '<?pi x="?>',
  '<!x>',
  'é',
  '<1x>',
  '< x>',
  '</ x>',
];

function mutate(doc: string, rnd: () => number): string {
  const at = Math.floor(rnd() * doc.length);
  switch (Math.floor(rnd() * 4)) {
    case 0:
      return doc.slice(0, at) + INSERTS[Math.floor(rnd() * INSERTS.length)] + doc.slice(at);
    case 1:
      return doc.slice(0, at) + doc.slice(at + 1 + Math.floor(rnd() * 5));
    case 2: {
      // a tag or text near `at`, duplicated
      const from = doc.lastIndexOf('<', at);
      const to = doc.indexOf('>', at);
      return from < 0 || to < 0 ? doc : doc.slice(0, to + 1) + doc.slice(from, to + 1) + doc.slice(to + 1);
    }
    default:
      return doc.slice(0, at);
  }
}

/** The documented differences: `<!x>` refused, processing instructions ended by the first `?>`. */
function intendedDifference(doc: string, actual: Plain | string): boolean {
  if (actual === 'XML_MALFORMED' && /<!(?!--|\[CDATA\[)/.test(doc)) return true;
  return /.<\?(?!xml[ ?])[^?]*["'][^?]*\?>/s.test(doc);
}

describe('single-pass XML reader agrees with the general-purpose parser', () => {
  const docs = documents();

  it('reads every official example and country fixture into the same tree', () => {
    expect(docs.length).toBeGreaterThan(80);
    for (const doc of docs) expect(ours(doc)).toEqual(oracle(doc));
  });

  it('accepts and refuses the same mutated documents, with the same tree when accepted', () => {
    const rnd = prng(20261130);
    let accepted = 0;
    let refused = 0;
    for (let k = 0; k < 1500; k++) {
      let doc = docs[k % docs.length];
      const times = 1 + Math.floor(rnd() * 3);
      for (let m = 0; m < times; m++) doc = mutate(doc, rnd);
      const expected = oracle(doc);
      const actual = ours(doc);
      if (typeof expected === 'string') refused++;
      else accepted++;
      if (JSON.stringify(actual) !== JSON.stringify(expected) && !intendedDifference(doc, actual)) {
        // names the case; toEqual prints the difference
        expect({ case: k, doc: doc.length > 4000 ? `${doc.length} chars` : doc, result: actual }).toEqual({
          case: k,
          doc: doc.length > 4000 ? `${doc.length} chars` : doc,
          result: expected,
        });
      }
    }
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('gives every element its children in document order and links each child to it', () => {
    // The children arrays are made when an element closes, from one stack shared by all open
    // elements: a child given to the wrong element, lost or given twice shows here (and in the tree
    // compared above), a wrong parent only here.
    const rnd = prng(20261201);
    let checked = 0;
    for (let k = 0; k < 600; k++) {
      let doc = docs[k % docs.length];
      for (let m = Math.floor(rnd() * 3); m > 0; m--) doc = mutate(doc, rnd);
      let root: XmlNode;
      try {
        root = parseXmlSafely(doc);
      } catch {
        continue;
      }
      const walk: XmlNode[] = [];
      const visit = (n: XmlNode) => {
        walk.push(n);
        for (const c of n.children) {
          if (c.parent !== n) throw new Error(`case ${k}: <${c.qname}> is not linked to its parent <${n.qname}>`);
          visit(c);
        }
      };
      visit(root);
      expect(root.parent).toBeUndefined();
      const order = descendants(root);
      expect(order.length).toBe(walk.length);
      for (let i = 0; i < walk.length; i++)
        if (order[i] !== walk[i]) throw new Error(`case ${k}: element ${i} out of order`);
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('tells names apart that share a hash, a length or a prefix, tag and attribute names alike', () => {
    // Names are looked up in one table by a hash of their characters: "Aa" and "BB" have the same
    // hash, "currency" is a prefix of "currencyID", and an attribute may carry a tag's name.
    const root = parseXmlSafely(
      '<r><Aa BB="1" p:Aa="2"/><BB Aa="3" currency="x" currencyID="y"/><currencyID Aa="4" r="5"/><x:Aa Ab="6"/></r>',
    );
    expect(root.children.map((c) => [c.qname, c.name, c.attrs])).toEqual([
      ['Aa', 'Aa', { BB: '1', Aa: '2' }],
      ['BB', 'BB', { Aa: '3', currency: 'x', currencyID: 'y' }],
      ['currencyID', 'currencyID', { Aa: '4', r: '5' }],
      ['x:Aa', 'Aa', { Ab: '6' }],
    ]);
    expect(() => parseXmlSafely('<r Aa="1" BB="2" Aa="3"/>')).toThrow("Attribute 'Aa' is repeated.");
    expect(() => parseXmlSafely('<r BB="1"><BB 1B="2"/></r>')).toThrow("Attribute '1B' is an invalid name.");
  });

  it('reads short texts and attribute values that share a hash, a length or a prefix as written', () => {
    // Short values are looked up in a table by a hash of their characters ("Aa" and "BB" have the
    // same hash) and shared with their earlier occurrences, in this document or an earlier one.
    const values = ['Aa', 'BB', 'AaBB', 'BBAa', 'AaBBAaBBAaBB', 'AaBBAaBBAaBBA', 'A', 'B', 'Aa ', 'x', 'EUR', 'EU'];
    for (const order of [values, [...values].reverse()]) {
      const doc = `<r>${order.map((v, k) => `<v${k} a="${v}" b="${order[(k + 1) % order.length]}">${v}</v${k}>`).join('')}</r>`;
      const root = parseXmlSafely(doc);
      expect(root.children.map((c) => [c.text, c.attrs.a, c.attrs.b])).toEqual(
        order.map((v, k) => [v.trim(), v, order[(k + 1) % order.length]]),
      );
    }
  });

  it('refuses nesting beyond the limit where the old reader did', () => {
    for (const depth of [99, 100, 101, 102]) {
      const doc = `<a>${'<x>'.repeat(depth - 1)}${'</x>'.repeat(depth - 1)}</a>`;
      const expected = oracle(doc);
      expect(typeof ours(doc) === 'string' ? ours(doc) : 'ok').toBe(typeof expected === 'string' ? expected : 'ok');
    }
  });

  it("drops the white space before an element's first text and keeps the text around its children", () => {
    const cases = [
      '<a>  <b/>  </a>',
      '<a>\n\t<b>x</b>\r\n</a>',
      '<a>  x <b/> y </a>',
      '<a><b/>  z</a>',
      '<a> \n </a>',
      '<a> &amp; <b/>\n</a>',
      '<a>\n  <b>\n    <c> v </c>\n  </b>\n  w\n</a>',
      '<a>   ',
      '<a> x ',
    ];
    for (const doc of cases) expect({ doc, tree: ours(doc) }).toEqual({ doc, tree: oracle(doc) });
  });

  it('takes a CDATA section as written', () => {
    expect(parseXmlSafely('<a>x<![CDATA[&amp; <b>]]>y &amp; z</a>').text).toBe('x&amp; <b>y & z');
  });
});

describe('elementPath', () => {
  it('names every ancestor by local name, root first, whatever the prefixes', () => {
    const root = parseXmlSafely(
      '<Invoice xmlns:cac="urn:a" xmlns:cbc="urn:b"><cac:AccountingSupplierParty><cac:Party>' +
        '<cbc:EndpointID schemeID="0088">1</cbc:EndpointID></cac:Party></cac:AccountingSupplierParty></Invoice>',
    );
    const [, supplier, party, endpoint] = descendants(root);
    expect(elementPath(root)).toBe('/Invoice');
    expect(elementPath(supplier)).toBe('/Invoice/AccountingSupplierParty');
    expect(elementPath(endpoint)).toBe('/Invoice/AccountingSupplierParty/Party/EndpointID');
    expect(elementPath(party.children[0])).toBe(elementPath(endpoint));
  });
});

import fc from 'fast-check';

/** Values put into an element's text or an attribute (already escaped for XML where they must be). */
const hostileText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'EURO',
    'FIN',
    'SW',
    'XX',
    'eur',
    '&#0;',
    'a&#0;b',
    '&#xD800;',
    '&#x1F9FE;',
    '&amp;',
    '&lt;x&gt;',
    '2026-02-30',
    '0000-01-01',
    '20261301',
    '-1',
    '1e999',
    '9'.repeat(5000),
    '0.0000001',
    '-0',
    'NaN',
    '١٢٣',
    'x'.repeat(200),
    'z'.repeat(20000),
    '<![CDATA[<b>]]>',
    '<!-- c -->',
    "'; DROP TABLE invoices; --",
  ),
  fc.string({ maxLength: 30 }).map(escapeXml),
  fc.integer().map(String),
  fc.double({ noNaN: true }).map(String),
);

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

type Mutation = { kind: string; pick: number; text: string; n: number };

const LEAF = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(\s[^>]*)?>([^<]*)<\/\1?\2>/g;
const ELEMENT_START = /<([A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*[\s>]/g;

function matches(doc: string, re: RegExp): RegExpExecArray[] {
  re.lastIndex = 0;
  return [...doc.matchAll(re)];
}

/** Applies one mutation to an XML text; returns the text and what was done. */
function mutate(doc: string, m: Mutation): [string, string] {
  const leaves = matches(doc, LEAF);
  const leaf = leaves.length ? leaves[m.pick % leaves.length] : undefined;
  switch (m.kind) {
    case 'text':
      if (!leaf) return [doc, 'none'];
      return [
        doc.slice(0, leaf.index) +
          leaf[0].replace(`>${leaf[4]}<`, `>${m.text}<`) +
          doc.slice(leaf.index + leaf[0].length),
        `text of ${leaf[2]}`,
      ];
    case 'delete':
      if (!leaf) return [doc, 'none'];
      return [doc.slice(0, leaf.index) + doc.slice(leaf.index + leaf[0].length), `delete ${leaf[2]}`];
    case 'duplicate':
      if (!leaf) return [doc, 'none'];
      return [
        doc.slice(0, leaf.index) + leaf[0].repeat(1 + (m.n % 50)) + doc.slice(leaf.index),
        `duplicate ${leaf[2]}`,
      ];
    case 'attribute': {
      const starts = matches(doc, ELEMENT_START);
      if (!starts.length) return [doc, 'none'];
      const at = starts[m.pick % starts.length];
      const pos = at.index + at[0].length - 1;
      return [
        `${doc.slice(0, pos)} currencyID="${m.text.replace(/"/g, '&quot;')}" x${m.n}="1"${doc.slice(pos)}`,
        'attribute',
      ];
    }
    case 'nest': {
      if (!leaf) return [doc, 'none'];
      const depth = m.n % 300;
      return [
        doc.slice(0, leaf.index) +
          '<d>'.repeat(depth) +
          leaf[0] +
          '</d>'.repeat(depth) +
          doc.slice(leaf.index + leaf[0].length),
        `nest ${depth}`,
      ];
    }
    case 'truncate':
      return [doc.slice(0, m.pick % Math.max(1, doc.length)), 'truncate'];
    case 'byte': {
      const pos = m.pick % Math.max(1, doc.length);
      const chars = ['\u0000', '\u0001', '\uFFFE', '\ud800', '<', '&', '"', ']]>'];
      return [doc.slice(0, pos) + chars[m.n % chars.length] + doc.slice(pos), 'byte'];
    }
    case 'dtd':
      return [doc.replace(/^(<\?xml[^>]*\?>)?/, '$1<!DOCTYPE x [<!ENTITY e "e">]>'), 'dtd'];
    case 'root':
      return [
        doc.replace(/<(\/?)([A-Za-z_][\w.-]*:)?(Invoice|CreditNote|CrossIndustryInvoice)([\s>])/g, '<$1$2Order$4'),
        'root',
      ];
    default:
      return [doc, 'none'];
  }
}

/** A mutated official example: 1–3 mutations, mostly to element text (codes, amounts, dates), some structural. */
export function mutatedDocument(examples: string[]): fc.Arbitrary<{ doc: string; describe: string; example: number }> {
  const mutation = fc.record({
    kind: fc.oneof(
      { weight: 12, arbitrary: fc.constant('text') },
      { weight: 3, arbitrary: fc.constant('delete') },
      { weight: 2, arbitrary: fc.constant('duplicate') },
      { weight: 1, arbitrary: fc.constantFrom('attribute', 'nest', 'truncate', 'byte', 'dtd', 'root') },
    ),
    pick: fc.nat(),
    text: hostileText,
    n: fc.nat(),
  });
  return fc
    .tuple(fc.nat({ max: examples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.nat())
    .map(([example, ms, serial]) => {
      // A fresh invoice number keeps most documents from being duplicates of each other.
      let doc = examples[example].replace(
        /(<(?:cbc:)?ID>|<ram:ID>)([^<]*)(<\/(?:cbc:)?ID>|<\/ram:ID>)/,
        `$1$2-f${serial}$3`,
      );
      const notes: string[] = [];
      for (const m of ms) {
        const [next, note] = mutate(doc, m);
        doc = next;
        notes.push(note);
      }
      return { doc, describe: notes.join(', '), example };
    });
}

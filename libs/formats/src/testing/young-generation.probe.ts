/**
 * Run by xml-young-generation.spec.ts in a plain Node process (`node --allow-natives-syntax
 * scripts/demo-data/ts-run.mjs <this file> [warm-up ms]`), as the API and the worker run: reads and
 * validates the official UBL examples hot for a few seconds, then parses each once more and prints, as JSON, which
 * of the arrays listing a document's elements V8 allocated in its old generation.
 */
import { join } from 'node:path';
import { validateInvoice } from '@app/rules';
import { EN16931_DIR, xmlDocsIn } from '@app/testing';
import { readInvoiceXml } from '../read-invoice-xml';
import { parseXmlSafely } from '../xml/parse-xml-safely';
import { descendants, descendantsNamed, descendantsWithAttribute, type XmlNode } from '../xml/xml-node';

// V8's runtime function, reachable because the process was started with --allow-natives-syntax.
const inYoungGeneration = new Function('o', 'return %InYoungGeneration(o)') as (o: object) => boolean;

const docs = xmlDocsIn(join(EN16931_DIR, 'examples', 'ubl'));

/** The arrays a parsed document keeps that list its elements (each reaches the whole tree through parents). */
function elementLists(root: XmlNode): { what: string; list: readonly XmlNode[] }[] {
  const lists = [{ what: 'document order', list: descendants(root) }];
  for (const n of descendants(root)) if (n.children.length > 0) lists.push({ what: 'children', list: n.children });
  for (const name of ['ID', 'Party', 'InvoiceLine'])
    lists.push({ what: `elements named ${name}`, list: descendantsNamed(root, name) });
  lists.push({ what: 'elements with currencyID', list: descendantsWithAttribute(root, 'currencyID') });
  return lists.filter((l) => l.list.length > 0);
}

/** The first example with its first invoice line repeated to `lines` lines: a big invoice. */
function withLines(lines: number): string {
  const doc = docs.find((d) => d.includes('<cac:InvoiceLine>'))!;
  const from = doc.indexOf('<cac:InvoiceLine>');
  const to = doc.indexOf('</cac:InvoiceLine>') + '</cac:InvoiceLine>'.length;
  return doc.slice(0, from) + doc.slice(from, to).repeat(lines) + doc.slice(to);
}

const warmMs = Number(process.argv[2] ?? 3000);
// A big invoice first, as a worker may meet one: its tree outlives young-generation collections, and V8
// grows the young generation to its maximum, where it starts deciding which allocation sites to pretenure.
for (let i = 0; i < 3; i++) readInvoiceXml(withLines(2_000));
const until = Date.now() + warmMs;
let rounds = 0;
while (Date.now() < until) {
  for (const doc of docs) {
    const { format, invoice, syntaxFindings } = readInvoiceXml(doc);
    validateInvoice(invoice, { format, syntaxFindings });
  }
  rounds++;
}
const old = new Map<string, number>();
let lists = 0;
for (const doc of docs) {
  for (const { what, list } of elementLists(parseXmlSafely(doc))) {
    lists++;
    if (!inYoungGeneration(list)) old.set(what, (old.get(what) ?? 0) + 1);
  }
}
process.stdout.write(
  JSON.stringify({ probeWorks: inYoungGeneration({}), rounds, lists, old: Object.fromEntries(old) }) + '\n',
);

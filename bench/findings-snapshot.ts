/**
 * Everything the XML readers and the rule packs produce for every invoice we have, one JSON line per
 * invoice: the canonical invoice, the syntax findings (or the refusal) and the findings of every pack,
 * with the English, German and Finnish texts of each distinct finding. Written before and after a change
 * to the readers or the rules (a speed-up must not change a single finding), then compared with `cmp`.
 *
 * Inputs: the official EN 16931 examples (UBL, CII) and unit tests, each example with every typical
 * defect of the defect spec, the libs/formats fixtures, the country fixtures (canonical JSON), UBL
 * invoices of 1 to 1,000 lines, and generated rule traffic (supplier pack on, 12% planted defects).
 *
 * Run:  node scripts/demo-data/ts-run.mjs bench/findings-snapshot.ts <out.jsonl> [trafficCount]
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadUnitTestSets, readInvoiceXml } from '@app/formats';
import { localizeFinding, validateInvoice, type Finding, type ValidateOptions } from '@app/rules';
import { COUNTRY_FIXTURES, domesticInvoice } from '@app/rules/testing';
import { EN16931_DIR } from '@app/testing';
import { INVOICE_DEFECTS } from '../libs/rules/src/packs/en16931/testing/invoice-defects.testing';
import { ublWithLines } from './lib/xml-read';
import { generateTraffic } from './rules-traffic.generator';

const root = join(__dirname.includes('.cache') ? process.cwd() : join(__dirname, '..'));
const out: string[] = [];
const texts = new Map<string, string>();

function record(label: string, findings: Finding[], extra: Record<string, unknown> = {}): void {
  for (const f of findings) {
    const key = JSON.stringify(f);
    if (!texts.has(key))
      texts.set(key, JSON.stringify((['en', 'de', 'fi'] as const).map((lang) => localizeFinding(f, lang))));
  }
  out.push(JSON.stringify({ label, ...extra, findings }));
}

function xmlCase(label: string, xml: string): void {
  let read;
  try {
    read = readInvoiceXml(xml);
  } catch (err) {
    const e = err as { name?: string; code?: string; message?: string };
    out.push(JSON.stringify({ label, refused: { name: e.name, code: e.code, message: e.message } }));
    return;
  }
  const { format, invoice, syntaxFindings } = read;
  const buyerCountry = invoice.buyer?.countryCode ?? undefined;
  record(label, validateInvoice(invoice, { format, syntaxFindings, buyerCountry }), {
    format,
    invoice,
    syntaxFindings,
  });
  // The same invoice posted as canonical JSON meets the rules the XML readers do not already check.
  record(`${label} as json`, validateInvoice(invoice, { buyerCountry }));
}

const xmlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => ({ file: f, xml: readFileSync(join(dir, f), 'utf8') }));

function main(): void {
  const file = process.argv[2];
  const trafficCount = Number(process.argv[3] ?? 20_000);
  if (!file) throw new Error('usage: findings-snapshot.ts <out.jsonl> [trafficCount]');

  for (const format of ['ubl', 'cii'] as const) {
    for (const { file: name, xml } of xmlFiles(join(EN16931_DIR, 'examples', format))) {
      xmlCase(`example ${format}/${name}`, xml);
      for (const defect of INVOICE_DEFECTS) {
        const mutated = defect[format]?.(xml);
        if (mutated && mutated !== xml) xmlCase(`example ${format}/${name}: ${defect.name}`, mutated);
      }
    }
  }
  for (const dir of ['Invoice-unit-UBL', 'CreditNote-unit-UBL', 'cii'])
    for (const set of loadUnitTestSets(join(EN16931_DIR, 'unit-tests', dir)))
      set.tests.forEach((t, i) => xmlCase(`unit ${dir}/${set.file}#${i}`, t.xml));
  for (const format of ['ubl', 'cii'])
    for (const { file: name, xml } of xmlFiles(join(root, 'libs/formats/fixtures', format)))
      xmlCase(`fixture ${format}/${name}`, xml);
  for (const lines of [1, 10, 100, 1000]) xmlCase(`ubl ${lines} lines`, ublWithLines(root, lines));

  for (const cc of Object.keys(COUNTRY_FIXTURES)) {
    const invoice = domesticInvoice(cc);
    record(`country ${cc}`, validateInvoice(invoice, { buyerCountry: cc }));
  }
  generateTraffic({ count: trafficCount }).forEach((c, i) => {
    const options: ValidateOptions = c.options;
    record(`traffic #${i} ${c.planted?.kind ?? 'clean'}`, validateInvoice(c.invoice, options));
  });

  for (const [finding, localized] of texts) out.push(`text ${finding} ${localized}`);
  const body = out.join('\n') + '\n';
  writeFileSync(file, body);
  const findings = out.reduce((n, l) => n + (l.match(/"ruleId"/g)?.length ?? 0), 0);
  console.log(
    `${out.length} lines, ${texts.size} distinct findings, ${findings} ruleIds, sha256 ${createHash('sha256').update(body).digest('hex').slice(0, 16)}`,
  );
}

main();

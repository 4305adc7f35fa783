import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CanonicalInvoice } from '@app/domain';
import { readInvoiceXml } from '@app/formats';
import { toCii, toUbl } from '@app/formats/testing';
import { EN16931_DIR } from '@app/testing/shared-dir';
import { RuleEngine } from '../../engine/rule-engine';
import { defaultRuleSettings } from '../../settings';
import { categoryInvoice, validInvoice } from '../../testing/invoice.builder';
import { domesticInvoice } from '../countries/shared/testing/domestic-invoice.fixture';
import { EN16931_RULES } from './index';
import { INVOICE_DEFECTS } from './testing/invoice-defects.testing';

/**
 * Same rule, same verdict in UBL and CII: twin documents (the official examples published in both
 * syntaxes, and canonical invoices written in both by a test-only writer) must give the same blocking
 * EN 16931 rule ids, also with one defect each.
 *
 * Left out are the rules whose official Schematron itself differs between the syntaxes (so the
 * official validator gives different verdicts on twins): code lists that differ (BR-CL-01 and BR-CL-06's
 * code values; BR-CL-14/15 differ only for AN and SS and stay in), rules judging syntax-only data
 * (BR-CL-03 currencyID, BR-CL-07/10/11 scheme contexts, BR-CL-08 subject codes, BR-52 line references), BR-61 (CII judges only a present
 * account), BR-DEC-13/15 (never in UBL), BR-53 and BR-B-01 (CII/UBL collect different elements) and
 * BR-CO-15 (in CII a total with VAT equal to the total without VAT passes whatever the VAT total says).
 */
const SYNTAX_DEPENDENT = new Set([
  'BR-CL-01',
  'BR-CL-03',
  'BR-CL-06',
  'BR-CL-07',
  'BR-CL-08',
  'BR-CL-10',
  'BR-CL-11',
  'BR-CO-15',
  'BR-52',
  'BR-53',
  'BR-61',
  'BR-DEC-13',
  'BR-DEC-15',
  'BR-B-01',
]);
const engine = new RuleEngine(EN16931_RULES, defaultRuleSettings);
const EXAMPLES = join(EN16931_DIR, 'examples');

function blocking(xml: string): string[] {
  const { format, invoice } = readInvoiceXml(xml);
  return [
    ...new Set(
      engine
        .validate(invoice, { format })
        .filter((f) => f.severity === 'blocking' && !SYNTAX_DEPENDENT.has(f.ruleId))
        .map((f) => f.ruleId),
    ),
  ].sort();
}

/** The CEN examples published in both syntaxes (same invoice numbers and content). */
const PAIRS = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({
  name: `example ${n}`,
  ubl: readFileSync(join(EXAMPLES, 'ubl', `ubl-tc434-example${n}.xml`), 'utf8'),
  cii: readFileSync(join(EXAMPLES, 'cii', `CII_example${n}.xml`), 'utf8'),
}));

const DEFECT_TWINS = PAIRS.flatMap((p) =>
  INVOICE_DEFECTS.filter((d) => d.ubl && d.cii).flatMap((d) => {
    const ubl = d.ubl!(p.ubl);
    const cii = d.cii!(p.cii);
    return ubl && cii && ubl !== p.ubl && cii !== p.cii ? [{ name: `${p.name}: ${d.name}`, ubl, cii }] : [];
  }),
);

/** Canonical invoices (valid ones and one-defect variants) written in both syntaxes. */
type Mutation = [string, (i: CanonicalInvoice) => void];
const line0 = (i: CanonicalInvoice) => i.lines![0];
const MUTATIONS: Mutation[] = [
  ['no invoice number', (i) => delete i.invoiceNumber],
  ['no issue date', (i) => delete i.issueDate],
  ['no currency', (i) => delete i.currency],
  ['no seller name', (i) => delete i.seller!.name],
  ['no buyer name', (i) => delete i.buyer!.name],
  ['payable off by one', (i) => (i.totals!.payable = '1.00')],
  ['line sum off', (i) => (i.totals!.lineNetTotal = '1100.01')],
  ['VAT total off', (i) => (i.totals!.taxTotal = '1.00')],
  ['no line quantity', (i) => delete line0(i).quantity],
  ['no line unit', (i) => delete line0(i).unitCode],
  ['no item name', (i) => delete line0(i).name],
  ['negative price', (i) => (line0(i).unitPrice = '-500.00')],
  ['line period reversed', (i) => (line0(i).period = { startDate: '2026-03-31', endDate: '2026-03-01' })],
  ['invoice period reversed', (i) => (i.invoicePeriod = { startDate: '2026-03-31', endDate: '2026-03-01' })],
  ['unknown unit code', (i) => (line0(i).unitCode = 'XYZ1')],
  [
    'unknown payment means',
    (i) => (i.paymentMeans = [{ typeCode: '999', accounts: [{ iban: 'FI2112345600000785' }] }]),
  ],
  ['unknown currency', (i) => (i.currency = 'EUX')],
  ['unknown VAT category on a line', (i) => (line0(i).vatCategory = 'V')],
  [
    'unknown exemption code',
    (i) => {
      i.vatBreakdown![0].exemptionReasonCode = 'VATEX-EU-999';
    },
  ],
  ['item attribute without value', (i) => (line0(i).attributes = [{ name: 'Colour' }])],
  ['supporting document without reference', (i) => (i.additionalDocuments = [{ id: '', description: 'Timesheet' }])],
  [
    'attachment of an unlisted MIME code',
    (i) => (i.additionalDocuments = [{ id: 'TS-1', attachment: { mimeCode: 'application/xml', filename: 'ts.xml' } }]),
  ],
  [
    'split payment next to standard rate',
    (i) => i.lines!.push({ ...line0(i), id: '9', vatCategory: 'B', vatRate: '0' }),
  ],
  ['seller electronic address without scheme', (i) => (i.seller!.electronicAddress = { id: 'a@example.com' })],
  ['item id without scheme', (i) => (line0(i).standardItemId = { id: '4006381333931' })],
  [
    'tax representative without VAT id',
    (i) => (i.sellerTaxRepresentative = { name: 'Rep AB', address: { countryCode: 'SE' } }),
  ],
  ['preceding invoice without number', (i) => (i.precedingInvoices = [{ number: '' }])],
  ["payee with the seller's name", (i) => (i.payee = { name: i.seller!.name })],
];

function canonicalBases(): [string, CanonicalInvoice][] {
  const bases: [string, CanonicalInvoice][] = [['valid invoice', validInvoice()]];
  for (const c of ['Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M'] as const) bases.push([`category ${c}`, categoryInvoice(c)]);
  for (const cc of ['EE', 'FI', 'SE', 'NO', 'DK', 'LV', 'LT', 'PL', 'DE', 'NL'])
    bases.push([`domestic ${cc}`, domesticInvoice(cc)]);
  return bases.map(([n, inv]) => [n, { customizationId: 'urn:cen.eu:en16931:2017', ...inv }]);
}

/** Every base as it is; the one-defect variants on the bases whose categories and countries differ most. */
const MUTATED_BASES = new Set([
  'valid invoice',
  'category Z',
  'category AE',
  'category K',
  'domestic SE',
  'domestic DE',
]);
const CANONICAL_TWINS = canonicalBases().flatMap(([name, base]) => [
  { name, invoice: base },
  ...MUTATIONS.filter(() => MUTATED_BASES.has(name)).map(([m, mutate]) => {
    const invoice = structuredClone(base);
    mutate(invoice);
    return { name: `${name}: ${m}`, invoice };
  }),
]);

describe('UBL / CII parity of the EN 16931 verdicts', () => {
  it('has enough twins to matter', () => {
    expect(PAIRS).toHaveLength(9);
    expect(DEFECT_TWINS.length).toBeGreaterThan(100);
    expect(CANONICAL_TWINS.length).toBeGreaterThan(150);
  });

  it.each(PAIRS.map((p) => [p.name, p]))('official %s: same blocking ids in UBL and CII', (_n, p) => {
    expect(blocking(p.cii)).toEqual(blocking(p.ubl));
  });

  it.each(DEFECT_TWINS.map((t) => [t.name, t]))('official %s: same blocking ids in UBL and CII', (_n, t) => {
    const ubl = blocking(t.ubl);
    expect(ubl.length).toBeGreaterThan(0); // the defect is seen at all
    expect(blocking(t.cii)).toEqual(ubl);
  });

  it.each(CANONICAL_TWINS.map((t) => [t.name, t.invoice]))('%s: same blocking ids in UBL and CII', (_n, invoice) => {
    expect(blocking(toCii(invoice))).toEqual(blocking(toUbl(invoice)));
  });

  it('the writer keeps what the rules judge: a one-defect twin is blocked for that defect in both syntaxes', () => {
    const invoice = validInvoice();
    line0(invoice).attributes = [{ name: 'Colour' }];
    expect(blocking(toUbl(invoice))).toContain('BR-54');
    expect(blocking(toCii(invoice))).toContain('BR-54');
    expect(blocking(toUbl(validInvoice()))).toEqual([]);
  });
});

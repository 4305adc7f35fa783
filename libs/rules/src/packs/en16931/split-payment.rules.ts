import type { RuleDefinition } from '../../engine/rule';
import { en16931Rule } from './support/en16931-rule.util';
import { type InvoiceFacts } from './support/invoice-facts.util';

/** BR-B-*: VAT category B, split payment (Italy), as the official Schematron words them. */

/** Every country code of the document, as the Schematron collects them (UBL also counts countries of origin). */
function countryCodes(f: InvoiceFacts): { path: string; code: string }[] {
  const out: { path: string; code: string }[] = [];
  const inv = f.inv;
  for (const [name, p] of [
    ['seller', inv.seller],
    ['buyer', inv.buyer],
    ['payee', inv.payee],
    ['sellerTaxRepresentative', inv.sellerTaxRepresentative],
  ] as const) {
    const code = p?.address?.countryCode ?? (f.format === 'json' ? p?.countryCode : undefined);
    if (code !== undefined) out.push({ path: `${name}.address.countryCode`, code });
  }
  const delivery = inv.delivery?.address?.countryCode;
  if (delivery !== undefined) out.push({ path: 'delivery.address.countryCode', code: delivery });
  if (f.format !== 'cii')
    f.lines.forEach((l, i) => {
      if (l.originCountry !== undefined) out.push({ path: `lines[${i}].originCountry`, code: l.originCountry });
    });
  return out;
}

export const SPLIT_PAYMENT_RULES: RuleDefinition[] = [
  en16931Rule({
    id: 'BR-B-01',
    category: 'regulatory',
    description:
      'An invoice where the VAT category code (BT-151, BT-95 or BT-102) is "Split payment" shall be a domestic Italian invoice.',
    hint: 'Split payment (category B) applies only between Italian parties; use the category that fits the supply.',
    check(f, report) {
      if (!f.touchedCats.has('B')) return;
      const foreign = countryCodes(f).find((c) => c.code !== 'IT');
      if (foreign) report({ fieldPath: foreign.path, expected: 'IT (domestic Italian invoice)', actual: foreign.code });
    },
  }),
  en16931Rule({
    id: 'BR-B-02',
    category: 'regulatory',
    description:
      'An invoice with the VAT category code "Split payment" (B) on a line, a document allowance or charge or in the VAT breakdown shall not contain the category "Standard rated" (S).',
    hint: 'Do not mix split payment (B) and standard rate (S) in one invoice; issue two invoices.',
    check(f, report) {
      if (f.touchedCats.has('B') && f.touchedCats.has('S'))
        report({ fieldPath: 'vatBreakdown', expected: 'no category S next to category B', actual: 'B and S' });
    },
  }),
];

import type { CanonicalTotals } from '@app/domain';
import type { RuleDefinition } from '../../engine/rule';
import { en16931Rule } from './support/en16931-rule.util';
import { type InvoiceFacts } from './support/invoice-facts.util';
import { fractionDigits, parseDec } from './support/decimal.util';

/** BR-DEC-*: amounts carry at most two decimals (unit prices and quantities may have more). */

/**
 * Visits each amount a rule judges; the path is built only when the amount is reported, since every
 * line of every invoice passes through these rules and almost all of them are fine.
 */
type Visit = (value: string | undefined, path: () => string) => void;
type Amounts = (f: InvoiceFacts, visit: Visit) => void;

function decRule(id: string, what: string, amounts: Amounts): RuleDefinition {
  return en16931Rule({
    id,
    category: 'data-quality',
    description: `The allowed maximum number of decimals for the ${what} is 2.`,
    hint: 'Round the amount to two decimals (cents); only prices and quantities may carry more.',
    check(f, report) {
      amounts(f, (value, path) => {
        if (fractionDigits(value) > 2) report({ fieldPath: path(), expected: 'at most 2 decimals', actual: value });
      });
    },
  });
}

/**
 * BR-DEC-13 / BR-DEC-15 as the artefacts word them. UBL: the test compares the amount's currencyID
 * with a DocumentCurrencyCode / TaxCurrencyCode child of the amount, which never exists, so the
 * assertion always holds. CII: the VAT totals pass when one of them is in the currency with at most
 * two decimals by value (20.730 is fine) or — BR-DEC-13 — is in another currency, or — BR-DEC-15 —
 * there is no VAT accounting currency. Canonical JSON keeps the plain decimals check.
 */
function vatTotalDecRule(
  id: string,
  what: string,
  key: 'taxTotal' | 'taxTotalAccountingCurrency',
  currencyOf: (f: InvoiceFacts) => string | undefined,
): RuleDefinition {
  return en16931Rule({
    id,
    category: 'data-quality',
    description: `The allowed maximum number of decimals for the ${what} is 2.`,
    hint: 'Round the amount to two decimals (cents); only prices and quantities may carry more.',
    check(f, report) {
      if (f.format === 'json') {
        const value = f.inv.totals?.[key];
        if (fractionDigits(value) > 2)
          report({ fieldPath: `totals.${key}`, expected: 'at most 2 decimals', actual: value });
        return;
      }
      if (f.format !== 'cii') return;
      const totals = f.inv.taxTotals ?? [];
      if (totals.length === 0) return;
      const currency = currencyOf(f);
      if (currency === undefined) return; // no currency to compare with: the assertion holds
      const ok = totals.some((t) => (t.currency === currency ? twoDecimalsByValue(t.amount) : id === 'BR-DEC-13'));
      if (!ok)
        report({
          fieldPath: `totals.${key}`,
          expected: 'at most 2 decimals',
          actual: totals.map((t) => t.amount).join(', '),
        });
    },
  });
}

function twoDecimalsByValue(value: string): boolean {
  const d = parseDec(value);
  return !!d && d.decimalPlaces() <= 2;
}

const total =
  (key: keyof CanonicalTotals): Amounts =>
  (f, visit) =>
    visit(f.inv.totals?.[key], () => `totals.${key}`);

const docAc =
  (charge: boolean, key: 'amount' | 'baseAmount'): Amounts =>
  (f, visit) => {
    for (const { ac, index } of charge ? f.docCharges : f.docAllowances)
      visit(ac[key], () => `allowanceCharges[${index}].${key}`);
  };

const lineAc =
  (charge: boolean, key: 'amount' | 'baseAmount'): Amounts =>
  (f, visit) => {
    f.lines.forEach((l, li) => {
      const acs = l.allowanceCharges;
      if (!acs) return;
      acs.forEach((ac, ai) => {
        if (ac.chargeIndicator === charge) visit(ac[key], () => `lines[${li}].allowanceCharges[${ai}].${key}`);
      });
    });
  };

export const DECIMAL_PLACES_RULES: RuleDefinition[] = [
  decRule('BR-DEC-01', 'document level allowance amount (BT-92)', docAc(false, 'amount')),
  decRule('BR-DEC-02', 'document level allowance base amount (BT-93)', docAc(false, 'baseAmount')),
  decRule('BR-DEC-05', 'document level charge amount (BT-99)', docAc(true, 'amount')),
  decRule('BR-DEC-06', 'document level charge base amount (BT-100)', docAc(true, 'baseAmount')),
  decRule('BR-DEC-09', 'sum of invoice line net amounts (BT-106)', total('lineNetTotal')),
  decRule('BR-DEC-10', 'sum of allowances on document level (BT-107)', total('allowanceTotal')),
  decRule('BR-DEC-11', 'sum of charges on document level (BT-108)', total('chargeTotal')),
  decRule('BR-DEC-12', 'invoice total amount without VAT (BT-109)', total('taxExclusive')),
  vatTotalDecRule('BR-DEC-13', 'invoice total VAT amount (BT-110)', 'taxTotal', (f) => f.inv.currency),
  decRule('BR-DEC-14', 'invoice total amount with VAT (BT-112)', total('taxInclusive')),
  vatTotalDecRule(
    'BR-DEC-15',
    'invoice total VAT amount in accounting currency (BT-111)',
    'taxTotalAccountingCurrency',
    (f) => f.inv.taxCurrency,
  ),
  decRule('BR-DEC-16', 'paid amount (BT-113)', total('prepaid')),
  decRule('BR-DEC-17', 'rounding amount (BT-114)', total('rounding')),
  decRule('BR-DEC-18', 'amount due for payment (BT-115)', total('payable')),
  decRule('BR-DEC-19', 'VAT category taxable amount (BT-116)', (f, visit) =>
    f.breakdown.forEach((b, i) => visit(b.taxableAmount, () => `vatBreakdown[${i}].taxableAmount`)),
  ),
  decRule('BR-DEC-20', 'VAT category tax amount (BT-117)', (f, visit) =>
    f.breakdown.forEach((b, i) => visit(b.taxAmount, () => `vatBreakdown[${i}].taxAmount`)),
  ),
  decRule('BR-DEC-23', 'invoice line net amount (BT-131)', (f, visit) =>
    f.lines.forEach((l, i) => visit(l.netAmount, () => `lines[${i}].netAmount`)),
  ),
  decRule('BR-DEC-24', 'invoice line allowance amount (BT-136)', lineAc(false, 'amount')),
  decRule('BR-DEC-25', 'invoice line allowance base amount (BT-137)', lineAc(false, 'baseAmount')),
  decRule('BR-DEC-27', 'invoice line charge amount (BT-141)', lineAc(true, 'amount')),
  decRule('BR-DEC-28', 'invoice line charge base amount (BT-142)', lineAc(true, 'baseAmount')),
];

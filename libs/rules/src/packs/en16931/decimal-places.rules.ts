import type { CanonicalTotals } from '@app/domain';
import type { RuleDefinition } from '../../engine/rule';
import { en16931Rule } from './support/en16931-rule.util';
import { type InvoiceFacts } from './support/invoice-facts.util';
import { fractionDigits } from './support/decimal.util';

/** BR-DEC-*: amounts carry at most two decimals (unit prices and quantities may have more). */

type Amounts = (f: InvoiceFacts) => { path: string; value: string | undefined }[];

function decRule(id: string, what: string, amounts: Amounts): RuleDefinition {
  return en16931Rule({
    id, category: 'data-quality',
    description: `The allowed maximum number of decimals for the ${what} is 2.`,
    hint: 'Round the amount to two decimals (cents); only prices and quantities may carry more.',
    check(f, report) {
      for (const { path, value } of amounts(f)) {
        if (fractionDigits(value) > 2) report({ fieldPath: path, expected: 'at most 2 decimals', actual: value });
      }
    },
  });
}

const total = (key: keyof CanonicalTotals): Amounts => (f) => [{ path: `totals.${key}`, value: f.inv.totals?.[key] }];

const docAc = (charge: boolean, key: 'amount' | 'baseAmount'): Amounts => (f) =>
  (charge ? f.docCharges : f.docAllowances).map(({ ac, index }) => ({ path: `allowanceCharges[${index}].${key}`, value: ac[key] }));

const lineAc = (charge: boolean, key: 'amount' | 'baseAmount'): Amounts => (f) =>
  f.lines.flatMap((l, li) =>
    (l.allowanceCharges ?? []).flatMap((ac, ai) => (ac.chargeIndicator === charge ? [{ path: `lines[${li}].allowanceCharges[${ai}].${key}`, value: ac[key] }] : [])),
  );

export const DECIMAL_PLACES_RULES: RuleDefinition[] = [
  decRule('BR-DEC-01', 'document level allowance amount (BT-92)', docAc(false, 'amount')),
  decRule('BR-DEC-02', 'document level allowance base amount (BT-93)', docAc(false, 'baseAmount')),
  decRule('BR-DEC-05', 'document level charge amount (BT-99)', docAc(true, 'amount')),
  decRule('BR-DEC-06', 'document level charge base amount (BT-100)', docAc(true, 'baseAmount')),
  decRule('BR-DEC-09', 'sum of invoice line net amounts (BT-106)', total('lineNetTotal')),
  decRule('BR-DEC-10', 'sum of allowances on document level (BT-107)', total('allowanceTotal')),
  decRule('BR-DEC-11', 'sum of charges on document level (BT-108)', total('chargeTotal')),
  decRule('BR-DEC-12', 'invoice total amount without VAT (BT-109)', total('taxExclusive')),
  decRule('BR-DEC-13', 'invoice total VAT amount (BT-110)', total('taxTotal')),
  decRule('BR-DEC-14', 'invoice total amount with VAT (BT-112)', total('taxInclusive')),
  decRule('BR-DEC-15', 'invoice total VAT amount in accounting currency (BT-111)', total('taxTotalAccountingCurrency')),
  decRule('BR-DEC-16', 'paid amount (BT-113)', total('prepaid')),
  decRule('BR-DEC-17', 'rounding amount (BT-114)', total('rounding')),
  decRule('BR-DEC-18', 'amount due for payment (BT-115)', total('payable')),
  decRule('BR-DEC-19', 'VAT category taxable amount (BT-116)', (f) => f.breakdown.map((b, i) => ({ path: `vatBreakdown[${i}].taxableAmount`, value: b.taxableAmount }))),
  decRule('BR-DEC-20', 'VAT category tax amount (BT-117)', (f) => f.breakdown.map((b, i) => ({ path: `vatBreakdown[${i}].taxAmount`, value: b.taxAmount }))),
  decRule('BR-DEC-23', 'invoice line net amount (BT-131)', (f) => f.lines.map((l, i) => ({ path: `lines[${i}].netAmount`, value: l.netAmount }))),
  decRule('BR-DEC-24', 'invoice line allowance amount (BT-136)', lineAc(false, 'amount')),
  decRule('BR-DEC-25', 'invoice line allowance base amount (BT-137)', lineAc(false, 'baseAmount')),
  decRule('BR-DEC-27', 'invoice line charge amount (BT-141)', lineAc(true, 'amount')),
  decRule('BR-DEC-28', 'invoice line charge base amount (BT-142)', lineAc(true, 'baseAmount')),
];

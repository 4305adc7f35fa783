import type { CanonicalInvoice } from '@app/domain';
import Decimal from 'decimal.js';
import { boundedMemo } from '../../../engine/bounded-memo.util';
import type { RuleDefinition } from '../../../engine/rule';
import { vatRatesOn } from '../../../settings/vat-rates-on.util';
import { defineCountryRule } from './country-rule.util';
import { chargingVatCountry, vatDecisionDate } from './invoice-countries.util';
import { categoryUsesOf } from './vat-categories.util';

// A handful of distinct rates occur, so each is parsed once instead of on every line of every invoice.
const rateOf = boundedMemo((value: string): Decimal | null => {
  try {
    return new Decimal(value);
  } catch {
    return null;
  }
}, 1_000);

function sameRate(a: string, b: string): boolean {
  const x = rateOf(a);
  const y = x && rateOf(b);
  return !!y && x!.eq(y);
}

/**
 * <CC>-VAT-RATE: standard-rated (S) lines, allowances/charges and breakdown rows charged under CC's VAT
 * carry a rate of CC in force on the VAT decision date, read from the effective-dated settings.
 */
export function vatRateRule(
  cc: string,
  id = `${cc}-VAT-RATE`,
  skip?: (invoice: CanonicalInvoice) => boolean,
): RuleDefinition {
  return defineCountryRule({
    id,
    country: cc,
    description: `Standard-rated amounts charged under ${cc} VAT use a ${cc} rate in force on the tax point / delivery / issue date`,
    check(ctx) {
      if (chargingVatCountry(ctx.invoice) !== cc || skip?.(ctx.invoice)) return [];
      const decision = vatDecisionDate(ctx.invoice);
      if (!decision) return [];
      const rates = vatRatesOn(ctx.settings, cc, decision.date);
      if (!rates) return [];
      const allowed = [rates.standard, ...rates.reduced];
      // Thousands of lines carry a few distinct rates: each is judged once per invoice.
      const judged = new Map<string, boolean>();
      const isAllowed = (rate: string) => {
        let ok = judged.get(rate);
        if (ok === undefined) judged.set(rate, (ok = allowed.some((r) => sameRate(r, rate))));
        return ok;
      };
      const wrong = categoryUsesOf(ctx).filter((u) => u.category === 'S' && u.rate !== undefined && !isAllowed(u.rate));
      if (wrong.length === 0) return [];
      const expected = `${allowed.join(', ')} (${cc} rates on ${decision.date})`;
      return wrong.map((u) => ({
        fieldPath: u.fieldPath,
        message: `VAT rate ${u.rate}% is not a ${cc} rate on ${decision.date} (${decision.source}).`,
        expected,
        actual: u.rate,
        hint: `Rates change over time (standard ${rates.standard}% on that date). Check the ${decision.source}; if the supply falls in another rate period the supplier must correct the invoice.`,
      }));
    },
  });
}

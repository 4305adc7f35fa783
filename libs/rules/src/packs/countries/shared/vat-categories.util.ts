import type { CanonicalInvoice } from '@app/domain';
import type { RuleContext } from '../../../engine/rule';

export interface CategoryUse {
  category: string;
  rate?: string;
  fieldPath: string; // path of the rate (lines[0].vatRate, vatBreakdown[1].rate, allowanceCharges[0].vatRate)
  categoryPath: string;
}

/** Every place an invoice names a VAT category: lines, document allowances/charges and the breakdown. */
export function categoryUses(invoice: CanonicalInvoice): CategoryUse[] {
  const uses: CategoryUse[] = [];
  (invoice.lines ?? []).forEach((l, i) => {
    if (l?.vatCategory)
      uses.push({
        category: l.vatCategory.trim().toUpperCase(),
        rate: l.vatRate,
        fieldPath: `lines[${i}].vatRate`,
        categoryPath: `lines[${i}].vatCategory`,
      });
  });
  (invoice.allowanceCharges ?? []).forEach((a, i) => {
    if (a?.vatCategory)
      uses.push({
        category: a.vatCategory.trim().toUpperCase(),
        rate: a.vatRate,
        fieldPath: `allowanceCharges[${i}].vatRate`,
        categoryPath: `allowanceCharges[${i}].vatCategory`,
      });
  });
  (invoice.vatBreakdown ?? []).forEach((b, i) => {
    if (b?.category)
      uses.push({
        category: b.category.trim().toUpperCase(),
        rate: b.rate,
        fieldPath: `vatBreakdown[${i}].rate`,
        categoryPath: `vatBreakdown[${i}].category`,
      });
  });
  return uses;
}

// The engine builds one context per validation; the uses ride on it, as the EN 16931 facts do.
const USES = Symbol('country.categoryUses');
type WithUses = RuleContext & { [USES]?: CategoryUse[] };

/**
 * categoryUses of the invoice being validated, listed once per validation: the VAT-rate, reverse-charge
 * and intra-community rules of every country in scope read the same list. Read-only.
 */
export function categoryUsesOf(ctx: RuleContext): readonly CategoryUse[] {
  const c = ctx as WithUses;
  return (c[USES] ??= categoryUses(ctx.invoice));
}

/** The first place the invoice being validated names this VAT category, if any. */
export function usesCategoryIn(ctx: RuleContext, category: string): CategoryUse | undefined {
  return categoryUsesOf(ctx).find((u) => u.category === category);
}

import type { CanonicalInvoice } from '@app/domain';

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

export function usesCategory(invoice: CanonicalInvoice, category: string): CategoryUse | undefined {
  return categoryUses(invoice).find((u) => u.category === category);
}

import type { CanonicalInvoice } from '@app/domain';
import type { RuleContext } from '../../../engine/rule';

export interface CategoryUse {
  category: string;
  rate?: string;
  /** Path of the rate (lines[0].vatRate, vatBreakdown[1].rate, allowanceCharges[0].vatRate). */
  readonly fieldPath: string;
  readonly categoryPath: string;
}

type UseList = 'lines' | 'allowanceCharges' | 'vatBreakdown';

/**
 * One use; its paths are written only when a rule reports it (a finding's field path), not for every
 * line of every invoice: a 10,000-line invoice listed 20,000 path strings per validation for the few
 * findings that need one.
 */
class Use implements CategoryUse {
  constructor(
    readonly category: string,
    readonly rate: string | undefined,
    private readonly list: UseList,
    private readonly index: number,
  ) {}

  get fieldPath(): string {
    return `${this.list}[${this.index}].${this.list === 'vatBreakdown' ? 'rate' : 'vatRate'}`;
  }

  get categoryPath(): string {
    return `${this.list}[${this.index}].${this.list === 'vatBreakdown' ? 'category' : 'vatCategory'}`;
  }
}

/** Every place an invoice names a VAT category: lines, document allowances/charges and the breakdown. */
export function categoryUses(invoice: CanonicalInvoice): CategoryUse[] {
  const uses: CategoryUse[] = [];
  const lines = invoice.lines ?? [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l?.vatCategory) uses.push(new Use(l.vatCategory.trim().toUpperCase(), l.vatRate, 'lines', i));
  }
  const acs = invoice.allowanceCharges ?? [];
  for (let i = 0; i < acs.length; i++) {
    const a = acs[i];
    if (a?.vatCategory) uses.push(new Use(a.vatCategory.trim().toUpperCase(), a.vatRate, 'allowanceCharges', i));
  }
  const breakdown = invoice.vatBreakdown ?? [];
  for (let i = 0; i < breakdown.length; i++) {
    const b = breakdown[i];
    if (b?.category) uses.push(new Use(b.category.trim().toUpperCase(), b.rate, 'vatBreakdown', i));
  }
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

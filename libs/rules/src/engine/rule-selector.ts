import type { InvoiceFormat, RuleDefinition } from './rule';

/**
 * Picks the rules that apply to one invoice: by scope (format, buyer or seller country) and by the
 * rule's own effective dates. The scope part is cached per (format, buyer, seller) because the
 * registry is fixed at start-up and validation is the hot path of the worker.
 */
export class RuleSelector {
  private readonly byScope = new Map<string, { undated: RuleDefinition[]; dated: RuleDefinition[] }>();

  constructor(private readonly rules: readonly RuleDefinition[]) {}

  select(
    format: InvoiceFormat,
    buyerCountry: string | undefined,
    sellerCountry: string | undefined,
    on: string | undefined,
  ): RuleDefinition[] {
    const key = `${format}|${buyerCountry ?? ''}|${sellerCountry ?? ''}`;
    let scoped = this.byScope.get(key);
    if (!scoped) {
      const matching = this.rules.filter((r) => inScope(r, format, buyerCountry, sellerCountry));
      scoped = {
        undated: matching.filter((r) => !r.effectiveFrom && !r.effectiveTo),
        dated: matching.filter((r) => r.effectiveFrom || r.effectiveTo),
      };
      this.byScope.set(key, scoped);
    }
    if (scoped.dated.length === 0) return scoped.undated;
    return scoped.undated.concat(scoped.dated.filter((r) => isEffective(r, on)));
  }
}

function inScope(
  rule: RuleDefinition,
  format: InvoiceFormat,
  buyer: string | undefined,
  seller: string | undefined,
): boolean {
  const scope = rule.scope;
  if (!scope) return true;
  if (scope.formats && !scope.formats.includes(format)) return false;
  if (scope.countries) {
    return (!!buyer && scope.countries.includes(buyer)) || (!!seller && scope.countries.includes(seller));
  }
  return true;
}

/** Inclusive from, exclusive to; an invoice without a date is judged by rules in force today. */
export function isEffective(rule: { effectiveFrom?: string; effectiveTo?: string }, on: string | undefined): boolean {
  const day = on && /^\d{4}-\d{2}-\d{2}/.test(on) ? on.slice(0, 10) : new Date().toISOString().slice(0, 10);
  if (rule.effectiveFrom && day < rule.effectiveFrom) return false;
  if (rule.effectiveTo && day >= rule.effectiveTo) return false;
  return true;
}

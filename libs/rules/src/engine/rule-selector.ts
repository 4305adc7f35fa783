import type { InvoiceFormat, RuleDefinition } from './rule';

/**
 * The rules of one scope laid out for the engine's loop: their preconditions and evaluate functions in
 * arrays of their own, so that stepping over a rule whose precondition is false, or calling one, does
 * not first load the rule's object (300 objects spread over the heap, read again for every invoice).
 */
export interface RulePlan {
  rules: readonly RuleDefinition[];
  whens: readonly (RuleDefinition['when'] | undefined)[];
  evaluates: readonly RuleDefinition['evaluate'][];
}

function planOf(rules: readonly RuleDefinition[]): RulePlan {
  return { rules, whens: rules.map((r) => r.when), evaluates: rules.map((r) => r.evaluate) };
}

/**
 * Picks the rules that apply to one invoice: by scope (format, buyer or seller country) and by the
 * rule's own effective dates. The scope part is cached per (format, buyer, seller) because the
 * registry is fixed at start-up and validation is the hot path of the worker.
 */
export class RuleSelector {
  private readonly byScope = new Map<string, { dated: RuleDefinition[]; plan: RulePlan }>();

  constructor(private readonly rules: readonly RuleDefinition[]) {}

  /** The rules in scope of an invoice, as a RulePlan: the scope's cached one when no rule of it has dates of its own. */
  plan(
    format: InvoiceFormat,
    buyerCountry: string | undefined,
    sellerCountry: string | undefined,
    on: string | undefined,
  ): RulePlan {
    const key = `${format}|${buyerCountry ?? ''}|${sellerCountry ?? ''}`;
    let scoped = this.byScope.get(key);
    if (!scoped) {
      const matching = this.rules.filter((r) => inScope(r, format, buyerCountry, sellerCountry));
      const undated = matching.filter((r) => !r.effectiveFrom && !r.effectiveTo);
      scoped = { dated: matching.filter((r) => r.effectiveFrom || r.effectiveTo), plan: planOf(undated) };
      this.byScope.set(key, scoped);
    }
    if (scoped.dated.length === 0) return scoped.plan;
    return planOf(scoped.plan.rules.concat(scoped.dated.filter((r) => isEffective(r, on))));
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

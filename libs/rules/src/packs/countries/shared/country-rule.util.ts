import type { Finding, RuleCategory, RuleContext, RuleDefinition, Severity } from '../../../engine/rule';
import { defaultRouteKey } from '../../../engine/route-key.util';
import { buyingCountry } from './invoice-countries.util';

export type FindingDetails = Pick<Finding, 'fieldPath' | 'message' | 'expected' | 'actual' | 'hint'> & {
  severity?: Severity;
};

export interface CountryRuleSpec {
  id: string;
  country: string;
  description: string;
  severity?: Severity;
  /** VAT questions go to vat.<CC>, everything else a country requires (addresses, ids, payment) to data.<CC>. */
  category?: RuleCategory;
  effectiveFrom?: string;
  effectiveTo?: string;
  /** Returns the problems found; the helper adds rule id, severity, category and route key. */
  check(ctx: RuleContext): FindingDetails[];
}

/** Route key of a country finding: the queue of the buying entity's country (vat.XX / data.XX when unknown). */
export function countryRouteKey(category: RuleCategory, ctx: RuleContext): string {
  return defaultRouteKey(category, buyingCountry(ctx));
}

export function defineCountryRule(spec: CountryRuleSpec): RuleDefinition {
  const severity = spec.severity ?? 'blocking';
  const category = spec.category ?? 'regulatory';
  return {
    id: spec.id,
    category,
    severity,
    description: spec.description,
    pack: `country.${spec.country}`,
    scope: { countries: [spec.country] },
    effectiveFrom: spec.effectiveFrom,
    effectiveTo: spec.effectiveTo,
    evaluate(ctx) {
      if (!ctx?.invoice) return [];
      const details = spec.check(ctx);
      // Most invoices pass: no route key and no new array unless there is something to report.
      if (details.length === 0) return NONE;
      const routeKey = countryRouteKey(category, ctx);
      return details.map((d) => ({
        ruleId: spec.id,
        severity: d.severity ?? severity,
        category,
        fieldPath: d.fieldPath,
        message: d.message,
        expected: d.expected,
        actual: d.actual,
        hint: d.hint,
        routeKey,
      }));
    },
  };
}

export function isBlank(value: string | undefined | null): boolean {
  return value === undefined || value === null || value.trim() === '';
}

const NONE = Object.freeze([]) as unknown as Finding[];

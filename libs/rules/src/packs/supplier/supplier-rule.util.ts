import type { Finding, RuleContext, RuleDefinition, Severity } from '../../engine/rule';
import type { SupplierContext } from '../../engine/supplier-context';

export type SupplierFindingDetails = Pick<Finding, 'fieldPath' | 'message' | 'expected' | 'actual' | 'hint'> & {
  severity?: Severity;
};

export interface SupplierRuleSpec {
  id: string;
  description: string;
  severity: Severity;
  /** Review queue of every finding of the rule (supplier.*, po.*, duplicate.*). */
  routeKey: string;
  check(ctx: RuleContext, supplier: SupplierContext): SupplierFindingDetails[];
}

/** A master-data rule: silent when the caller did not load supplier data (ctx.supplier undefined). */
export function defineSupplierRule(spec: SupplierRuleSpec): RuleDefinition {
  return {
    id: spec.id,
    category: 'supplier',
    severity: spec.severity,
    description: spec.description,
    pack: 'supplier',
    evaluate(ctx) {
      if (!ctx?.invoice || !ctx.supplier) return [];
      const details = spec.check(ctx, ctx.supplier);
      if (details.length === 0) return NONE;
      return details.map((d) => ({
        ruleId: spec.id,
        severity: d.severity ?? spec.severity,
        category: 'supplier' as const,
        fieldPath: d.fieldPath,
        message: d.message,
        expected: d.expected,
        actual: d.actual,
        hint: d.hint,
        routeKey: spec.routeKey,
      }));
    },
  };
}

// Most invoices pass every supplier rule: one shared empty result instead of an array per rule.
const NONE = Object.freeze([]) as unknown as Finding[];

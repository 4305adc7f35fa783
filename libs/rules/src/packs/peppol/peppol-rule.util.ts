import type { CanonicalInvoice } from '@app/domain';
import type { Finding, InvoiceFormat, RuleCategory, RuleContext, RuleDefinition, Severity } from '../../engine/rule';
import { isPeppolBis } from '../shared/peppol-document.util';

export const PEPPOL_PACK = 'peppol';

export interface PeppolViolation {
  fieldPath: string;
  message?: string;
  expected?: string;
  actual?: string;
}

export interface PeppolRuleSpec {
  id: string;
  /** Peppol's flag: fatal → blocking, warning → warning. */
  severity: Severity;
  category?: RuleCategory;
  /** One line, for GET /v1/rules and as the default message. */
  description: string;
  /** Where the rule looks (canonical JSON path); findings give the exact element. */
  fieldPath: string;
  hint: string;
  formats?: InvoiceFormat[];
  /** Formats whose reader checks the rule on the document itself (the canonical check is skipped there). */
  readerChecked?: InvoiceFormat[];
  check(invoice: CanonicalInvoice, report: (v: PeppolViolation) => void): void;
}

/**
 * A Peppol BIS Billing 3.0 rule: it judges only documents that declare Peppol BIS (BT-24 / BT-23),
 * and routes like the EN 16931 rules (the data desk of the buying country; the engine fills the route).
 */
export function peppolRule(spec: PeppolRuleSpec): RuleDefinition {
  const category = spec.category ?? 'data-quality';
  return {
    id: spec.id,
    category,
    severity: spec.severity,
    description: spec.description,
    pack: PEPPOL_PACK,
    fieldPath: spec.fieldPath,
    hint: spec.hint,
    scope: spec.formats ? { formats: spec.formats } : undefined,
    when: declaresPeppolBis,
    evaluate(ctx: RuleContext): Finding[] {
      if (!declaresPeppolBis(ctx) || (spec.readerChecked && ctx.format && spec.readerChecked.includes(ctx.format)))
        return NONE;
      // One shared collector (evaluation is synchronous and never nested) instead of a closure per call.
      collector.out = undefined;
      collector.spec = spec;
      collector.category = category;
      spec.check(ctx.invoice, collector.report);
      const out = collector.out;
      collector.out = undefined;
      return out ?? NONE;
    },
  };
}

/**
 * The precondition of every Peppol rule, one function object for the whole pack (see RuleDefinition.when).
 * The answer is kept on the validation's context: every Peppol rule asks it again when it is evaluated,
 * and searching the CustomizationID each time cost more than some of the rules themselves. The context
 * is made for one validation of one invoice, so the answer cannot outlive the document it is about.
 */
const declaresPeppolBis = (ctx: RuleContext): boolean =>
  ((ctx as WithPeppol)[DECLARES_PEPPOL] ??= isPeppolBis(ctx.invoice));

const DECLARES_PEPPOL = Symbol('peppol.declared');
type WithPeppol = RuleContext & { [DECLARES_PEPPOL]?: boolean };

const collector: {
  out: Finding[] | undefined;
  spec: PeppolRuleSpec | undefined;
  category: RuleCategory;
  report: (v: PeppolViolation) => void;
} = {
  out: undefined,
  spec: undefined,
  category: 'data-quality',
  report: (v: PeppolViolation) => {
    const spec = collector.spec!;
    (collector.out ??= []).push({
      ruleId: spec.id,
      severity: spec.severity,
      category: collector.category,
      fieldPath: v.fieldPath,
      message: v.message ?? spec.description,
      expected: v.expected,
      actual: v.actual,
      hint: spec.hint,
      routeKey: '',
    });
  },
};

const NONE = Object.freeze([]) as unknown as Finding[];

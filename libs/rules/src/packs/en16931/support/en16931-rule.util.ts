import type { Finding, InvoiceFormat, RuleCategory, RuleContext, RuleDefinition, Severity } from '../../../engine/rule';
import { factsOf, type InvoiceFacts } from './invoice-facts.util';

export const EN16931_PACK = 'en16931';

/** What a check reports; the rule fills id, severity, category and the default message. */
export interface Violation {
  fieldPath: string;
  message?: string;
  expected?: string;
  actual?: string;
  hint?: string;
}

export type Report = (v: Violation) => void;

export interface En16931RuleSpec {
  id: string;
  category: RuleCategory;
  severity?: Severity;
  formats?: InvoiceFormat[];
  /** One line: what the standard requires (shown in GET /v1/rules and as the default message). */
  description: string;
  /** Default hint for the reviewer when a check gives none. */
  hint: string;
  check(f: InvoiceFacts, report: Report, ctx: RuleContext): void;
  /** Shared precondition (see RuleDefinition.when): false only when check would report nothing. */
  when?: (ctx: RuleContext) => boolean;
}

/**
 * Turns a compact spec into a RuleDefinition. routeKey is left empty on purpose: the engine routes
 * by category and buying country (vat.<CC> / data.<CC>).
 */
export function en16931Rule(spec: En16931RuleSpec): RuleDefinition {
  const severity = spec.severity ?? 'blocking';
  const check = spec.check; // read from the closure: the spec object is not touched per invoice
  const toFinding = (v: Violation): Finding => ({
    ruleId: spec.id,
    severity,
    category: spec.category,
    fieldPath: v.fieldPath,
    message: v.message ?? spec.description,
    expected: v.expected,
    actual: v.actual,
    hint: v.hint ?? spec.hint,
    routeKey: '',
  });
  return {
    id: spec.id,
    category: spec.category,
    severity,
    description: spec.description,
    pack: EN16931_PACK,
    scope: spec.formats ? { formats: spec.formats } : undefined,
    when: spec.when,
    evaluate(ctx: RuleContext): Finding[] {
      // One shared collector (evaluation is synchronous and never nested) instead of a closure per call.
      collector.out = undefined;
      collector.toFinding = toFinding;
      check(factsOf(ctx), collector.report, ctx);
      const out = collector.out;
      collector.out = undefined;
      return out ?? NONE;
    },
  };
}

const collector: { out: Finding[] | undefined; toFinding: (v: Violation) => Finding; report: Report } = {
  out: undefined,
  toFinding: () => {
    throw new Error('no rule is being evaluated');
  },
  report: (v: Violation) => {
    (collector.out ??= []).push(collector.toFinding(v));
  },
};

const NONE = Object.freeze([]) as unknown as Finding[];

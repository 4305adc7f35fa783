import type { RuleDefinition } from '../../../engine/rule';
import { defineCountryRule, isBlank, type FindingDetails } from './country-rule.util';
import { buyingCountry } from './invoice-countries.util';

const NEEDS_REASON = new Set(['E', 'AE', 'K', 'G', 'O']);

/** VATEX codes that belong to exactly one category; the E codes are the exemption articles of the Directive. */
function categoryOfVatex(code: string): string | undefined {
  const c = code.trim().toUpperCase();
  if (c === 'VATEX-EU-AE') return 'AE';
  if (c === 'VATEX-EU-IC') return 'K';
  if (c === 'VATEX-EU-G') return 'G';
  if (c === 'VATEX-EU-O') return 'O';
  if (/^VATEX-EU-(79-C|132|132-1[A-Z]|143|143-1[A-Z]+|148|148-[A-Z]|151|151-1[A-Z]+|309|D|F|I|J)$/.test(c)) return 'E';
  return undefined;
}

/**
 * <CC>-VAT-EXEMPTION: a breakdown row without VAT (E, AE, K, G, O) on an invoice to CC states why
 * (reason text or VATEX code), and a VATEX code matches the category it is given for.
 */
export function vatExemptionRule(cc: string): RuleDefinition {
  return defineCountryRule({
    id: `${cc}-VAT-EXEMPTION`,
    country: cc,
    description: `VAT exemption, reverse charge, intra-community and export rows to ${cc} state a reason that matches the category`,
    check(ctx) {
      if (buyingCountry(ctx) !== cc) return [];
      const out: FindingDetails[] = [];
      (ctx.invoice.vatBreakdown ?? []).forEach((b, i) => {
        const category = b?.category?.trim().toUpperCase();
        if (!category || !NEEDS_REASON.has(category)) return;
        if (isBlank(b.exemptionReason) && isBlank(b.exemptionReasonCode)) {
          out.push({
            fieldPath: `vatBreakdown[${i}].exemptionReason`,
            message: `VAT category ${category} charges no VAT but the invoice does not say why.`,
            expected: 'exemption reason text or VATEX code',
            actual: '',
            hint: 'Without the legal ground the invoice cannot support the zero VAT; ask the supplier to state it (e.g. "Reverse charge", VATEX-EU-AE).',
          });
          return;
        }
        const codeCategory = b.exemptionReasonCode ? categoryOfVatex(b.exemptionReasonCode) : undefined;
        if (codeCategory && codeCategory !== category) {
          // A warning: the official validation accepts such pairs (XRechnung-O.xml gives VATEX-EU-132-1A with O).
          out.push({
            severity: 'warning',
            fieldPath: `vatBreakdown[${i}].exemptionReasonCode`,
            message: `Exemption code ${b.exemptionReasonCode} belongs to category ${codeCategory}, not ${category}.`,
            expected: `a VATEX code for ${category}`,
            actual: b.exemptionReasonCode,
            hint: 'Category and exemption code contradict each other; ask the supplier which treatment applies.',
          });
        }
      });
      return out;
    },
  });
}

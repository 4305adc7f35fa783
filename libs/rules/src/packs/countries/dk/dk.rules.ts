import Decimal from 'decimal.js';
import type { RuleDefinition } from '../../../engine/rule';
import { defineCountryRule, isBlank, type CountryRuleSpec } from '../shared/country-rule.util';
import { isCreditNote, sellerCountry } from '../shared/invoice-countries.util';
import { standardCountryRules } from '../shared/standard-country-rules';

const danishSeller = (rule: CountryRuleSpec) =>
  defineCountryRule({ category: 'data-quality', ...rule, check: (ctx) => (sellerCountry(ctx.invoice) === 'DK' ? rule.check(ctx) : []) });

/** Danish national rules of Peppol BIS Billing 3 (DK-R-*). */
const DK_R_002 = danishSeller({
  id: 'DK-R-002',
  country: 'DK',
  description: 'Danish supplier states its legal entity id (CVR number)',
  check(ctx) {
    if (!isBlank(ctx.invoice.seller?.legalRegistrationId)) return [];
    return [{ fieldPath: 'seller.legalRegistrationId', message: 'A Danish supplier must state its CVR number as legal registration id.', expected: '8-digit CVR number', actual: '', hint: 'Take the CVR number from the supplier master data (cvr.dk) and ask the supplier to include it.' }];
  },
});

const DK_PAYMENT_MEANS = ['1', '10', '31', '42', '48', '49', '50', '58', '59', '93', '97'];

const DK_R_005 = danishSeller({
  id: 'DK-R-005',
  country: 'DK',
  description: `Danish supplier uses payment means code ${DK_PAYMENT_MEANS.join(', ')}`,
  check(ctx) {
    return (ctx.invoice.paymentMeans ?? []).flatMap((pm, i) =>
      pm?.typeCode && !DK_PAYMENT_MEANS.includes(pm.typeCode.trim())
        ? [{ fieldPath: `paymentMeans[${i}].typeCode`, message: `Payment means code ${pm.typeCode} is not allowed for Danish suppliers.`, expected: DK_PAYMENT_MEANS.join(', '), actual: pm.typeCode, hint: 'Ask the supplier how it wants to be paid (e.g. 31 bank transfer, 58 SEPA, 93 FIK).' }]
        : [],
    );
  },
});

const DK_R_006 = danishSeller({
  id: 'DK-R-006',
  country: 'DK',
  description: 'Danish supplier paying by bank transfer (31, 42) gives account number and bank registration number',
  check(ctx) {
    return (ctx.invoice.paymentMeans ?? []).flatMap((pm, i) => {
      if (!pm?.typeCode || !['31', '42'].includes(pm.typeCode.trim())) return [];
      const ok = (pm.accounts ?? []).some((a) => !isBlank(a.iban ?? a.accountId) && !isBlank(a.bic));
      return ok ? [] : [{ fieldPath: `paymentMeans[${i}].accounts`, message: 'A Danish bank transfer needs the account number and the bank registration (branch) number.', expected: 'account id and branch id', actual: JSON.stringify(pm.accounts ?? []), hint: 'Ask the supplier for the full payment details; do not take them from another channel.' }];
    });
  },
});

const DK_R_016 = danishSeller({
  id: 'DK-R-016',
  country: 'DK',
  description: 'Danish credit note does not have a negative amount due',
  check(ctx) {
    const payable = ctx.invoice.totals?.payable;
    if (!isCreditNote(ctx.invoice) || isBlank(payable)) return [];
    try {
      if (!new Decimal(payable!).isNegative()) return [];
    } catch {
      return [];
    }
    return [{ fieldPath: 'totals.payable', message: 'A Danish credit note cannot have a negative amount due.', expected: '>= 0', actual: payable, hint: 'Credit notes carry positive amounts; ask the supplier for a corrected credit note.' }];
  },
});

export const DK_RULES: RuleDefinition[] = [...standardCountryRules('DK'), DK_R_002, DK_R_005, DK_R_006, DK_R_016];

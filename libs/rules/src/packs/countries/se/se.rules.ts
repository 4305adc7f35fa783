import type { RuleDefinition } from '../../../engine/rule';
import { defineCountryRule, isBlank } from '../shared/country-rule.util';
import { sellerCountry } from '../shared/invoice-countries.util';
import { standardCountryRules } from '../shared/standard-country-rules';
import { normaliseVatId } from '../shared/vat-id.util';

/** Luhn over the 10 digits of a Swedish organisation number (the last digit is the check digit). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const swedishSeller = (rule: Parameters<typeof defineCountryRule>[0]) =>
  defineCountryRule({ ...rule, check: (ctx) => (sellerCountry(ctx.invoice) === 'SE' ? rule.check(ctx) : []) });

/** The Swedish national rules of Peppol BIS Billing 3 (SE-R-*), with their official flags. */
const SE_R_001 = swedishSeller({
  id: 'SE-R-001',
  country: 'SE',
  description: 'Swedish supplier VAT id has 14 characters',
  check(ctx) {
    const vatId = ctx.invoice.seller?.vatId;
    if (isBlank(vatId) || normaliseVatId(vatId!).length === 14) return [];
    return [{ fieldPath: 'seller.vatId', message: 'A Swedish VAT id has 14 characters (SE + organisation number + 01).', expected: 'SE999999999901', actual: vatId, hint: 'Ask the supplier for its VAT registration number (momsregistreringsnummer).' }];
  },
});

const SE_R_002 = swedishSeller({
  id: 'SE-R-002',
  country: 'SE',
  description: 'Swedish supplier VAT id has 12 digits after SE',
  check(ctx) {
    const vatId = ctx.invoice.seller?.vatId;
    if (isBlank(vatId) || /^SE\d{12}$/.test(normaliseVatId(vatId!))) return [];
    return [{ fieldPath: 'seller.vatId', message: 'A Swedish VAT id is SE followed by 12 digits.', expected: 'SE + 12 digits', actual: vatId, hint: 'Ask the supplier for its VAT registration number.' }];
  },
});

const orgNumberOf = (ctx: Parameters<RuleDefinition['evaluate']>[0]) => ctx.invoice.seller?.legalRegistrationId?.replace(/[\s-]/g, '');

const SE_R_003 = swedishSeller({
  id: 'SE-R-003',
  country: 'SE',
  severity: 'warning',
  category: 'data-quality',
  description: 'Swedish organisation number is numeric',
  check(ctx) {
    const org = orgNumberOf(ctx);
    if (isBlank(org) || /^\d+$/.test(org!)) return [];
    return [{ fieldPath: 'seller.legalRegistrationId', message: 'A Swedish organisation number contains digits only.', expected: '10 digits', actual: ctx.invoice.seller?.legalRegistrationId, hint: 'Compare with the supplier master data (Bolagsverket).' }];
  },
});

const SE_R_004 = swedishSeller({
  id: 'SE-R-004',
  country: 'SE',
  severity: 'warning',
  category: 'data-quality',
  description: 'Swedish organisation number has 10 characters',
  check(ctx) {
    const org = orgNumberOf(ctx);
    if (isBlank(org) || org!.length === 10) return [];
    return [{ fieldPath: 'seller.legalRegistrationId', message: 'A Swedish organisation number has 10 digits.', expected: '10 digits', actual: ctx.invoice.seller?.legalRegistrationId, hint: 'Compare with the supplier master data (Bolagsverket).' }];
  },
});

const SE_R_005 = swedishSeller({
  id: 'SE-R-005',
  country: 'SE',
  category: 'data-quality',
  description: 'Swedish supplier tax registration states "Godkänd för F-skatt"',
  check(ctx) {
    const reg = ctx.invoice.seller?.taxRegistrationId;
    if (isBlank(reg) || /godk[aä]nd f[oö]r f-skatt/i.test(reg!)) return [];
    return [{ fieldPath: 'seller.taxRegistrationId', message: 'A Swedish supplier that gives a tax registration must state "Godkänd för F-skatt".', expected: 'Godkänd för F-skatt', actual: reg, hint: 'Without F-skatt approval we may have to withhold tax; check the supplier in Skatteverket\'s register.' }];
  },
});

const SE_R_013 = swedishSeller({
  id: 'SE-R-013',
  country: 'SE',
  severity: 'warning',
  category: 'data-quality',
  description: 'Swedish organisation number has a valid Luhn check digit',
  check(ctx) {
    const org = orgNumberOf(ctx);
    if (isBlank(org) || !/^\d{10}$/.test(org!) || luhnValid(org!)) return [];
    return [{ fieldPath: 'seller.legalRegistrationId', message: 'The Swedish organisation number fails the Luhn check digit test.', expected: '10 digits with a valid check digit', actual: ctx.invoice.seller?.legalRegistrationId, hint: 'The number is mistyped; compare with the supplier master data.' }];
  },
});

// SE-R-006 (only 25, 12 and 6 for standard-rated amounts) is the data-driven VAT rate rule.
export const SE_RULES: RuleDefinition[] = [
  ...standardCountryRules('SE', { skipSeller: 'format', vatRateRuleId: 'SE-R-006' }),
  SE_R_001,
  SE_R_002,
  SE_R_003,
  SE_R_004,
  SE_R_005,
  SE_R_013,
];

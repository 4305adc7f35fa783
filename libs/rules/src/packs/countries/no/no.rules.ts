import type { RuleDefinition } from '../../../engine/rule';
import { defineCountryRule, isBlank } from '../shared/country-rule.util';
import { sellerCountry } from '../shared/invoice-countries.util';
import { standardCountryRules } from '../shared/standard-country-rules';
import { checkVatId } from '../shared/vat-id.util';

/** NO-R-001 (Peppol BIS 3, fatal): a Norwegian supplier's VAT id is NO + valid 9-digit organisation number + MVA. */
const NO_R_001 = defineCountryRule({
  id: 'NO-R-001',
  country: 'NO',
  description: 'Norwegian supplier VAT id is NO + valid organisation number (mod 11) + MVA',
  check(ctx) {
    const vatId = ctx.invoice.seller?.vatId;
    if (sellerCountry(ctx.invoice) !== 'NO' || isBlank(vatId)) return [];
    const result = checkVatId(vatId!);
    if (result.valid && result.country === 'NO') return [];
    const problem = result.problem === 'checksum' ? 'its organisation number fails the mod 11 check' : 'it does not have the form NO999999999MVA';
    return [{ fieldPath: 'seller.vatId', message: `The Norwegian supplier's VAT id is invalid: ${problem}.`, expected: 'NO + 9-digit organisation number + MVA', actual: vatId, hint: 'Check the number in Brønnøysundregistrene and ask the supplier for a corrected invoice.' }];
  },
});

/** NO-R-002 (Peppol BIS 3, warning): companies registered in Foretaksregisteret must say so on the invoice. */
const NO_R_002 = defineCountryRule({
  id: 'NO-R-002',
  country: 'NO',
  severity: 'warning',
  category: 'data-quality',
  description: 'Norwegian supplier states "Foretaksregisteret" (foretaksregisterloven § 10-2)',
  check(ctx) {
    if (sellerCountry(ctx.invoice) !== 'NO') return [];
    const texts = [ctx.invoice.seller?.taxRegistrationId, ...(ctx.invoice.notes ?? [])];
    if (texts.some((t) => t && /foretaksregisteret/i.test(t))) return [];
    return [{ fieldPath: 'seller.taxRegistrationId', message: 'The Norwegian supplier does not state "Foretaksregisteret".', expected: 'Foretaksregisteret', actual: ctx.invoice.seller?.taxRegistrationId ?? '', hint: 'Required for AS, ASA and branches of foreign companies; tell the supplier, the invoice can still be processed.' }];
  },
});

export const NO_RULES: RuleDefinition[] = [...standardCountryRules('NO', { skipSeller: 'all' }), NO_R_001, NO_R_002];

import type { RuleDefinition } from '../../../engine/rule';
import { normalizeSpace, peppolSupplierCountry } from '../../shared/peppol-document.util';
import { defineCountryRule } from '../shared/country-rule.util';
import { standardCountryRules } from '../shared/standard-country-rules';

/** The Peppol Schematron's u:mod11 (Norwegian organisation number): weights 2..7 from the right, number > 0. */
export function mod11Valid(value: string): boolean {
  if (!/^\d+$/.test(value) || Number(value) <= 0) return false;
  const body = value.slice(0, -1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * ((i % 6) + 2);
  return (11 - (sum % 11)) % 11 === Number(value[value.length - 1]);
}

/**
 * The Norwegian national rules judge a supplier the Peppol way ($supplierCountry): by the prefix of its
 * VAT id, else of its tax representative's, else by its address. A supplier known only by its VAT id
 * has no address country for the engine to select rules by, so these two rules run on every invoice
 * and decide themselves (one string comparison).
 */
const everywhere = (rule: RuleDefinition): RuleDefinition => ({ ...rule, scope: undefined });

/** NO-R-001 (fatal): a Norwegian VAT id of the supplier is NO + 9-digit organisation number (mod 11) + MVA. */
const NO_R_001 = everywhere(
  defineCountryRule({
    id: 'NO-R-001',
    country: 'NO',
    description: 'Norwegian supplier VAT id is NO + valid organisation number (mod 11) + MVA',
    check(ctx) {
      const vatId = ctx.invoice.seller?.vatId;
      if (peppolSupplierCountry(ctx.invoice) !== 'NO' || !vatId?.startsWith('NO')) return [];
      if (/^[0-9]{9}MVA$/.test(vatId.slice(2)) && mod11Valid(vatId.slice(2, 11))) return [];
      return [
        {
          fieldPath: 'seller.vatId',
          message: "The Norwegian supplier's VAT id must be NO, a valid 9-digit organisation number and MVA.",
          expected: 'NO + 9-digit organisation number + MVA',
          actual: vatId,
          hint: 'Check the number in Brønnøysundregistrene and ask the supplier for a corrected invoice.',
        },
      ];
    },
  }),
);

/** NO-R-002 (warning): companies registered in Foretaksregisteret must say so (tax scheme TAX, BT-32). */
const NO_R_002 = everywhere(
  defineCountryRule({
    id: 'NO-R-002',
    country: 'NO',
    severity: 'warning',
    category: 'data-quality',
    description:
      'Norwegian supplier states "Foretaksregisteret" as its tax registration (foretaksregisterloven § 10-2)',
    check(ctx) {
      if (
        peppolSupplierCountry(ctx.invoice) !== 'NO' ||
        normalizeSpace(ctx.invoice.seller?.taxRegistrationId) === 'Foretaksregisteret'
      )
        return [];
      return [
        {
          fieldPath: 'seller.taxRegistrationId',
          message: 'The Norwegian supplier does not state "Foretaksregisteret".',
          expected: 'Foretaksregisteret',
          actual: ctx.invoice.seller?.taxRegistrationId ?? '',
          hint: 'Required for AS, ASA and branches of foreign companies; tell the supplier, the invoice can still be processed.',
        },
      ];
    },
  }),
);

export const NO_RULES: RuleDefinition[] = [...standardCountryRules('NO', { skipSeller: 'all' }), NO_R_001, NO_R_002];

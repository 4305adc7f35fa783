import type { CanonicalParty } from '@app/domain';
import type { RuleDefinition } from '../../../engine/rule';
import { defineCountryRule, isBlank, type FindingDetails } from './country-rule.util';
import { partyCountry } from './invoice-countries.util';
import { checkVatId, vatIdCountry } from './vat-id.util';

export interface VatIdRuleOptions {
  /**
   * Seller VAT ids of this country are checked by official national rules instead: 'all' (NO-R-001 covers
   * form and checksum) or 'format' (SE-R-001/002 cover the form; the checksum stays here).
   */
  skipSeller?: 'all' | 'format';
}

const PARTIES: { key: 'seller' | 'buyer' | 'sellerTaxRepresentative'; label: string }[] = [
  { key: 'seller', label: 'seller' },
  { key: 'buyer', label: 'buyer' },
  { key: 'sellerTaxRepresentative', label: "seller's tax representative" },
];

/** <CC>-VAT-ID: every VAT id of country CC on the invoice (seller, buyer, tax representative) has the right form and checksum. */
export function vatIdRule(cc: string, options: VatIdRuleOptions = {}): RuleDefinition {
  return defineCountryRule({
    id: `${cc}-VAT-ID`,
    country: cc,
    description: `${cc} VAT identifiers of seller, buyer and tax representative have the ${cc} form and a valid checksum`,
    check(ctx) {
      const out: FindingDetails[] = [];
      for (const { key, label } of PARTIES) {
        if (key === 'seller' && options.skipSeller === 'all') continue;
        const party: CanonicalParty | undefined = ctx.invoice[key];
        const raw = party?.vatId;
        if (isBlank(raw)) continue;
        const prefix = vatIdCountry(raw);
        // A VAT id without a letter prefix is judged by the pack of the party's country.
        if (prefix ? prefix !== cc : partyCountry(party) !== cc) continue;
        const result = checkVatId(raw!);
        if (result.valid) continue;
        if (key === 'seller' && options.skipSeller === 'format' && result.problem !== 'checksum') continue;
        const fieldPath = `${key}.vatId`;
        const form = result.expectedForm ?? `${cc} + national number`;
        if (result.problem === 'missing-prefix') {
          out.push({
            fieldPath,
            message: `The ${label} VAT id has no country prefix.`,
            expected: form,
            actual: raw,
            hint: `Ask the supplier to state the VAT id with the ${cc} prefix; check it in VIES.`,
          });
        } else if (result.problem === 'format') {
          out.push({
            fieldPath,
            message: `The ${label} VAT id does not have the ${cc} form.`,
            expected: form,
            actual: raw,
            hint: 'Compare with the VAT id in the supplier master data or VIES and ask for a corrected invoice.',
          });
        } else {
          out.push({
            fieldPath,
            message: `The ${label} VAT id fails the ${cc} check digit test: it is mistyped or not a real number.`,
            expected: `${form} with a valid check digit`,
            actual: raw,
            hint: 'Look the number up in VIES (or the national register) and ask the supplier for a corrected invoice.',
          });
        }
      }
      return out;
    },
  });
}

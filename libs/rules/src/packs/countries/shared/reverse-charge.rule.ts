import type { RuleDefinition } from '../../../engine/rule';
import { defineCountryRule, isBlank, type FindingDetails } from './country-rule.util';
import { buyingCountry } from './invoice-countries.util';
import { usesCategoryIn } from './vat-categories.util';
import { vatIdCountry } from './vat-id.util';

/**
 * <CC>-REVERSE-CHARGE: with reverse charge (AE) the buying entity in CC self-assesses the VAT, so the
 * invoice must name the seller's VAT registration and our VAT id. Seller and buyer may be in the same
 * country: domestic reverse-charge schemes exist in all ten countries (construction, scrap metal, ...).
 */
export function reverseChargeRule(cc: string): RuleDefinition {
  return defineCountryRule({
    id: `${cc}-REVERSE-CHARGE`,
    country: cc,
    description: `Reverse charge (AE) to ${cc}: seller VAT registration and the buyer's ${cc} VAT id are stated`,
    check(ctx) {
      if (buyingCountry(ctx) !== cc) return [];
      const use = usesCategoryIn(ctx, 'AE');
      if (!use) return [];
      const inv = ctx.invoice;
      const out: FindingDetails[] = [];
      if (
        isBlank(inv.seller?.vatId) &&
        isBlank(inv.sellerTaxRepresentative?.vatId) &&
        isBlank(inv.seller?.taxRegistrationId)
      ) {
        out.push({
          fieldPath: 'seller.vatId',
          message: 'A reverse-charge invoice needs the seller VAT id or tax registration.',
          expected: 'seller VAT id',
          actual: '',
          hint: 'Ask the supplier to state its VAT id.',
        });
      }
      const buyerVat = inv.buyer?.vatId;
      if (isBlank(buyerVat)) {
        out.push({
          fieldPath: 'buyer.vatId',
          message: 'A reverse-charge invoice needs our VAT id as buyer: we account for the VAT.',
          expected: `${cc} VAT id of the buying entity`,
          actual: '',
          hint: 'Ask the supplier to add our VAT id.',
        });
      } else if (vatIdCountry(buyerVat) !== cc) {
        out.push({
          severity: 'warning' as const,
          fieldPath: 'buyer.vatId',
          message: `The buyer VAT id is not a ${cc} VAT id, though the buying entity is in ${cc}.`,
          expected: `${cc} VAT id`,
          actual: buyerVat,
          hint: 'Check which of our VAT registrations self-assesses this VAT.',
        });
      }
      return out;
    },
  });
}

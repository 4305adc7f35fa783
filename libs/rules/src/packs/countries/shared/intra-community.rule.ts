import type { RuleDefinition } from '../../../engine/rule';
import { defineCountryRule, isBlank, type FindingDetails } from './country-rule.util';
import { isEuMember } from './eu-member-states';
import { buyingCountry } from './invoice-countries.util';
import { usesCategoryIn } from './vat-categories.util';
import { vatIdCountry } from './vat-id.util';

/**
 * <CC>-INTRA-COMMUNITY: an intra-community supply (category K) to the buying entity in CC names the VAT
 * ids of seller and buyer, both in EU member states and in two different ones (art. 138 VAT Directive).
 */
export function intraCommunityRule(cc: string): RuleDefinition {
  return defineCountryRule({
    id: `${cc}-INTRA-COMMUNITY`,
    country: cc,
    description: `Intra-community supply (K) to ${cc}: seller and buyer VAT ids present, in two different EU member states`,
    check(ctx) {
      if (buyingCountry(ctx) !== cc) return [];
      const use = usesCategoryIn(ctx, 'K');
      if (!use) return [];
      const sellerVat = ctx.invoice.sellerTaxRepresentative?.vatId ?? ctx.invoice.seller?.vatId;
      const buyerVat = ctx.invoice.buyer?.vatId;
      const sellerPath = ctx.invoice.sellerTaxRepresentative?.vatId ? 'sellerTaxRepresentative.vatId' : 'seller.vatId';
      const out: FindingDetails[] = [];
      if (!isEuMember(cc)) {
        out.push({
          fieldPath: use.categoryPath,
          message: `${cc} is not in the EU: a supply to it cannot be an intra-community supply (K).`,
          expected: 'G (export) or O / S',
          actual: 'K',
          hint: 'Ask the supplier to invoice the supply as an export (G) or under the local VAT rules.',
        });
        return out;
      }
      if (isBlank(sellerVat))
        out.push({
          fieldPath: 'seller.vatId',
          message: 'An intra-community supply needs the seller VAT id.',
          expected: 'seller VAT id of an EU member state',
          actual: '',
          hint: 'Ask the supplier for its VAT id (check it in VIES).',
        });
      if (isBlank(buyerVat))
        out.push({
          fieldPath: 'buyer.vatId',
          message: 'An intra-community supply needs our VAT id as buyer.',
          expected: `${cc} VAT id of the buying entity`,
          actual: '',
          hint: 'Ask the supplier to add our VAT id; without it the supply is not exempt.',
        });
      if (out.length) return out;
      const sc = vatIdCountry(sellerVat);
      const bc = vatIdCountry(buyerVat);
      if (!isEuMember(sc))
        out.push({
          fieldPath: sellerPath,
          message: `The seller VAT id is not from an EU member state (${sc ?? 'no prefix'}), so the supply cannot be intra-community.`,
          expected: 'EU VAT id',
          actual: sellerVat,
          hint: 'Goods from outside the EU are imports: the invoice should not use category K.',
        });
      if (!isEuMember(bc))
        out.push({
          fieldPath: 'buyer.vatId',
          message: `The buyer VAT id is not from an EU member state (${bc ?? 'no prefix'}).`,
          expected: 'EU VAT id',
          actual: buyerVat,
          hint: 'Use our EU VAT id as buyer.',
        });
      if (out.length === 0 && sc === bc)
        out.push({
          fieldPath: use.categoryPath,
          message: `Seller and buyer VAT ids are both from ${sc}: a domestic supply is not intra-community.`,
          expected: 'VAT ids of two different member states',
          actual: `${sellerVat} / ${buyerVat}`,
          hint: 'Ask the supplier to charge domestic VAT (S) or correct the VAT ids.',
        });
      return out;
    },
  });
}

import type { CanonicalInvoice } from '@app/domain';
import type { RuleDefinition } from '../../../engine/rule';
import { intraCommunityRule } from './intra-community.rule';
import { reverseChargeRule } from './reverse-charge.rule';
import { vatExemptionRule } from './vat-exemption.rule';
import { vatIdRule, type VatIdRuleOptions } from './vat-id.rule';
import { vatRateRule } from './vat-rate.rule';

export interface StandardRuleOptions extends VatIdRuleOptions {
  /** Official id of the national VAT rate rule when one exists. */
  vatRateRuleId?: string;
  /** Invoices the data-driven VAT rate rule leaves to a national rule (SE-R-006 for Swedish suppliers). */
  skipVatRate?: (invoice: CanonicalInvoice) => boolean;
}

/** The VAT rules every country pack has: VAT ids, rates, intra-community supply, reverse charge, exemptions. */
export function standardCountryRules(cc: string, options: StandardRuleOptions = {}): RuleDefinition[] {
  return [
    vatIdRule(cc, options),
    vatRateRule(cc, options.vatRateRuleId, options.skipVatRate),
    intraCommunityRule(cc),
    reverseChargeRule(cc),
    vatExemptionRule(cc),
  ];
}

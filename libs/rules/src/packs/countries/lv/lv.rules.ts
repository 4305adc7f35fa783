import type { RuleDefinition } from '../../../engine/rule';
import { standardCountryRules } from '../shared/standard-country-rules';

/** LV: VAT ids, VAT rates in force, intra-community supply, reverse charge, exemptions. No national Peppol rules exist for LV. */
export const LV_RULES: RuleDefinition[] = standardCountryRules('LV');

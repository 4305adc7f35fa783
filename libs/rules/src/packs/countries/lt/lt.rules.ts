import type { RuleDefinition } from '../../../engine/rule';
import { standardCountryRules } from '../shared/standard-country-rules';

/** LT: VAT ids, VAT rates in force, intra-community supply, reverse charge, exemptions. No national Peppol rules exist for LT. */
export const LT_RULES: RuleDefinition[] = standardCountryRules('LT');

import type { RuleDefinition } from '../../../engine/rule';
import { standardCountryRules } from '../shared/standard-country-rules';

/** FI: VAT ids, VAT rates in force, intra-community supply, reverse charge, exemptions. No national Peppol rules exist for FI. */
export const FI_RULES: RuleDefinition[] = standardCountryRules('FI');

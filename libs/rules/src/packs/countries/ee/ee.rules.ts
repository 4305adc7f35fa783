import type { RuleDefinition } from '../../../engine/rule';
import { standardCountryRules } from '../shared/standard-country-rules';

/** EE: VAT ids, VAT rates in force, intra-community supply, reverse charge, exemptions. No national Peppol rules exist for EE. */
export const EE_RULES: RuleDefinition[] = standardCountryRules('EE');

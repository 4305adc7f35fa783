import type { RuleDefinition } from '../../../engine/rule';
import { standardCountryRules } from '../shared/standard-country-rules';

/** PL: VAT ids, VAT rates in force, intra-community supply, reverse charge, exemptions. No national Peppol rules exist for PL. */
export const PL_RULES: RuleDefinition[] = standardCountryRules('PL');

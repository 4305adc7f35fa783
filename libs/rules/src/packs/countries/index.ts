import type { RuleDefinition } from '../../engine/rule';
import { DE_RULES } from './de/de.rules';
import { DK_RULES } from './dk/dk.rules';
import { EE_RULES } from './ee/ee.rules';
import { FI_RULES } from './fi/fi.rules';
import { LT_RULES } from './lt/lt.rules';
import { LV_RULES } from './lv/lv.rules';
import { NL_RULES } from './nl/nl.rules';
import { NO_RULES } from './no/no.rules';
import { PL_RULES } from './pl/pl.rules';
import { SE_RULES } from './se/se.rules';

export { DE_RULES, DK_RULES, EE_RULES, FI_RULES, LT_RULES, LV_RULES, NL_RULES, NO_RULES, PL_RULES, SE_RULES };
export { checkVatId, normaliseVatId, vatIdCountry } from './shared/vat-id.util';
export type { VatIdCheck } from './shared/vat-id.util';
export { EU_MEMBER_STATES, PACK_COUNTRIES } from './shared/eu-member-states';

/**
 * Every country rule. Each rule is scoped to its country (the engine selects it when buyer or seller is
 * there) and decides itself which side it judges: VAT ids by prefix, VAT rates by the VAT the seller
 * charges, national Peppol rules by the supplier's country, cross-border rules by the buying entity.
 */
export const COUNTRY_RULES: RuleDefinition[] = [
  ...EE_RULES,
  ...FI_RULES,
  ...SE_RULES,
  ...NO_RULES,
  ...DK_RULES,
  ...LV_RULES,
  ...LT_RULES,
  ...PL_RULES,
  ...DE_RULES,
  ...NL_RULES,
];

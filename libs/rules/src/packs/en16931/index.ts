import type { RuleDefinition } from '../../engine/rule';
import { MANDATORY_ELEMENT_RULES } from './mandatory-elements.rules';
import { DOCUMENT_TOTALS_RULES } from './document-totals.rules';
import { VAT_CATEGORY_RULES } from './vat-category.rules';
import { CODE_LIST_RULES } from './code-list.rules';
import { DECIMAL_PLACES_RULES } from './decimal-places.rules';
import { SPLIT_PAYMENT_RULES } from './split-payment.rules';

/** The EN 16931 business-rule pack, with the official rule ids and flags. */
export const EN16931_RULES: RuleDefinition[] = [
  ...MANDATORY_ELEMENT_RULES,
  ...DOCUMENT_TOTALS_RULES,
  ...VAT_CATEGORY_RULES,
  ...CODE_LIST_RULES,
  ...DECIMAL_PLACES_RULES,
  ...SPLIT_PAYMENT_RULES,
];

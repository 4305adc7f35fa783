import type { RuleDefinition } from '../../engine/rule';
import { PEPPOL_CANONICAL_RULES } from './peppol.rules';
import { PEPPOL_UBL_CATALOGUE } from './peppol-ubl.catalogue';

export { PEPPOL_PACK } from './peppol-rule.util';
export { PEPPOL_UBL_RULES_INFO, PEPPOL_UBL_CL008 } from './peppol-ubl.catalogue';
export { PEPPOL_CURRENCY_CODES, PEPPOL_EAS_CODES, PEPPOL_MIME_CODES } from './peppol-code-lists';

/**
 * Peppol BIS Billing 3.0: the generic PEPPOL rules, applied to documents that declare Peppol BIS.
 * The national rule sets Peppol includes (SE, NO, DK, NL, DE) live in the country packs.
 */
export const PEPPOL_RULES: RuleDefinition[] = [...PEPPOL_CANONICAL_RULES, ...PEPPOL_UBL_CATALOGUE];

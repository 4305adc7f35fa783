import type { RuleDefinition } from '../engine/rule';
import { EN16931_RULES } from './en16931';
import { COUNTRY_RULES } from './countries';
import { PEPPOL_RULES } from './peppol';
import { SUPPLIER_RULES } from './supplier';

/** Every rule pack the engine runs, in reporting order: standard first, then Peppol BIS, country, supplier. */
export const ALL_RULES: RuleDefinition[] = [...EN16931_RULES, ...PEPPOL_RULES, ...COUNTRY_RULES, ...SUPPLIER_RULES];

export { EN16931_RULES, PEPPOL_RULES, COUNTRY_RULES, SUPPLIER_RULES };

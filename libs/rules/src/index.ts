export * from './engine/rule';
export * from './engine/rule-settings';
export * from './engine/supplier-context';
export { RuleEngine, ENGINE_RULE_ERROR, type ValidateOptions, type RuleSummary } from './engine/rule-engine';
export { isEffective } from './engine/rule-selector';
export { defaultRouteKey } from './engine/route-key.util';
export { validateInvoice, listRules, ruleEngine } from './engine/validate-invoice';
export { ALL_RULES, EN16931_RULES, PEPPOL_RULES, COUNTRY_RULES, SUPPLIER_RULES } from './packs';
export {
  PEPPOL_CURRENCY_CODES,
  PEPPOL_EAS_CODES,
  PEPPOL_MIME_CODES,
  PEPPOL_UBL_CL008,
  PEPPOL_UBL_RULES_INFO,
} from './packs/peppol';
export { checkVatId, type VatIdCheck } from './packs/countries/shared/vat-id.util';
export {
  RULE_PACKS,
  RULE_PACK_VERSIONS,
  SYNTAX_PACK,
  rulePacks,
  packsApplied,
  canonicalJson,
  settingsHash,
  runProvenance,
  type RunProvenance,
  type RulePackInfo,
  type PackSelection,
} from './provenance/rule-packs';
export * from './i18n';

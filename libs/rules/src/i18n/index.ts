export {
  SUPPORTED_LANGUAGES,
  DEFAULT_LANGUAGE,
  type Language,
  isSupportedLanguage,
  normalizeLanguage,
  negotiateLanguage,
  countryLanguage,
  supplierLanguage,
  type SupplierLanguageSource,
} from './languages';
export {
  CATALOGUE_FAMILIES,
  type CatalogueFamily,
  type CatalogueEntry,
  type CatalogueEntries,
  SYNTAX_RULE_TEXTS,
  COMMON_FINDING_IDS,
  catalogueFile,
  catalogueEntry,
  formatMessage,
  messagePlaceholders,
} from './catalogue';
export {
  localizeFinding,
  localizeRule,
  findingDetail,
  catalogueLabel,
  type LocalizableFinding,
  type LocalizedFindingText,
  type LocalizedRuleText,
} from './localize';

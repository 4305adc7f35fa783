export { defaultRuleSettings, DEFAULT_TOLERANCES } from './default-rule-settings';
export type { ToleranceSettings } from './default-rule-settings';
export { vatRatesOn, valueOn } from './vat-rates-on.util';
export type { VatRatesOnDate } from './vat-rates-on.util';
export { mergeSettings } from './merge-settings.util';
export type { RuleSettingsOverrides } from './merge-settings.util';
export { settingOf } from './setting-of.util';

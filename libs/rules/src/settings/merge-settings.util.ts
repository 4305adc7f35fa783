import type { RuleSettings, VatRateTable } from '../engine/rule-settings';

/** What the database may override: any knob, and VAT rate tables per country. */
export type RuleSettingsOverrides = Partial<Omit<RuleSettings, 'vatRates'>> & {
  vatRates?: Record<string, Partial<VatRateTable>>;
};

/**
 * Overrides win key by key. A country's VAT table is replaced list by list (standard, reduced) rather
 * than merged period by period: an administrator correcting a rate edits the whole timeline of that
 * list, which keeps the periods free of overlaps the shipped data could not foresee.
 * Undefined values in the overrides are ignored so a partial row from the database cannot erase a default.
 */
export function mergeSettings(base: RuleSettings, overrides: RuleSettingsOverrides | undefined): RuleSettings {
  if (!overrides) return base;
  const merged: RuleSettings = { ...base, vatRates: { ...base.vatRates } };
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'vatRates' || value === undefined) continue;
    merged[key] = value;
  }
  for (const [country, table] of Object.entries(overrides.vatRates ?? {})) {
    const cc = country.toUpperCase();
    const current = merged.vatRates[cc];
    merged.vatRates[cc] = {
      country: cc,
      standard: table.standard ?? current?.standard ?? [],
      reduced: table.reduced ?? current?.reduced ?? [],
    };
  }
  return merged;
}

import type { EffectiveDated, RuleSettings } from '../engine/rule-settings';

export interface VatRatesOnDate {
  standard: string;
  reduced: string[];
}

/** The VAT rates of a country in force on an ISO date, or undefined when the tables do not cover it. */
export function vatRatesOn(settings: RuleSettings, country: string, isoDate: string): VatRatesOnDate | undefined {
  const table = settings.vatRates?.[country.toUpperCase()];
  const day = isoDate?.slice(0, 10);
  if (!table || !day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const standard = valueOn(table.standard, day);
  if (standard === undefined) return undefined;
  return { standard, reduced: [...(valueOn(table.reduced, day) ?? [])] };
}

/** Inclusive validFrom, exclusive validTo; ISO dates compare correctly as strings. */
export function valueOn<T>(periods: EffectiveDated<T>[] | undefined, day: string): T | undefined {
  return periods?.find((p) => p.validFrom <= day && (!p.validTo || day < p.validTo))?.value;
}

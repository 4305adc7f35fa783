import type { RuleSettings, VatRateTable } from '../engine/rule-settings';
import tolerances from './data/tolerances.json';
import { VAT_RATE_TABLES } from './vat-rates.data';

/** Knobs beyond the contract's two required keys; rules read them through settingOf with these defaults. */
export interface ToleranceSettings {
  amountTolerance: string;
  defaultPriceTolerancePct: string;
  defaultQuantityTolerancePct: string;
  duplicateWindowDays: number;
  nearDuplicateMaxEditDistance: number;
  nearDuplicateSeverity: 'blocking' | 'warning';
  paymentTermsToleranceDays: number;
}

export const DEFAULT_TOLERANCES: ToleranceSettings = tolerances as ToleranceSettings;

/** Fresh settings built from the data files (a new object each call, so callers may mutate it). */
export function defaultRuleSettings(): RuleSettings {
  const vatRates: Record<string, VatRateTable> = {};
  for (const table of VAT_RATE_TABLES) vatRates[table.country] = structuredClone(table);
  return { ...structuredClone(DEFAULT_TOLERANCES), vatRates };
}

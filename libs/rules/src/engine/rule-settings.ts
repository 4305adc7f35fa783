/** Effective-dated data the rules read instead of constants. */
export interface EffectiveDated<T> {
  validFrom: string; // ISO date, inclusive
  validTo?: string; // ISO date, exclusive
  value: T;
}

export interface VatRateTable {
  country: string;
  standard: EffectiveDated<string>[]; // decimal strings, e.g. "25.5"
  reduced: EffectiveDated<string[]>[];
}

export interface RuleSettings {
  vatRates: Record<string, VatRateTable>;
  /** Absolute tolerance on document-level sums, in currency units (decimal string). */
  amountTolerance: string;
  /** Extra knobs; each read with a default by the rule that needs it. */
  [key: string]: unknown;
}

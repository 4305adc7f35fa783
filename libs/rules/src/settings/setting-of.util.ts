import type { RuleSettings } from '../engine/rule-settings';
import { DEFAULT_TOLERANCES, type ToleranceSettings } from './default-rule-settings';

/** Reads a knob from (possibly partial, database-provided) settings, falling back to the shipped default. */
export function settingOf<K extends keyof ToleranceSettings>(
  settings: RuleSettings | undefined,
  key: K,
): ToleranceSettings[K] {
  const value = settings?.[key];
  return (
    value === undefined || value === null || value === '' ? DEFAULT_TOLERANCES[key] : value
  ) as ToleranceSettings[K];
}

import Decimal from 'decimal.js';
import { boundedMemo } from '../../engine/bounded-memo.util';

/** A decimal from a string the invoice or master data holds, or undefined when it is not a number. */
export function dec(value: string | undefined | null): Decimal | undefined {
  if (value === undefined || value === null) return undefined;
  // Decimals are immutable, so one parse per distinct string serves every rule and invoice (PO prices,
  // tolerances and earlier payables repeat for a supplier).
  return typeof value === 'string' ? parsedDec(value) : parseDecimal(value);
}

function parseDecimal(value: string): Decimal | undefined {
  if (value.trim() === '') return undefined;
  try {
    return new Decimal(value.trim());
  } catch {
    return undefined;
  }
}

const parsedDec = boundedMemo(parseDecimal, 20_000);

/** Whole days from a to b (ISO dates), or undefined when either is not a date. */
export function daysBetween(a: string | undefined, b: string | undefined): number | undefined {
  const ta = a ? Date.parse(`${a.slice(0, 10)}T00:00:00Z`) : NaN;
  const tb = b ? Date.parse(`${b.slice(0, 10)}T00:00:00Z`) : NaN;
  if (Number.isNaN(ta) || Number.isNaN(tb)) return undefined;
  return Math.round((tb - ta) / 86_400_000);
}

import Decimal from 'decimal.js';

/** One decimal configuration for the pack: enough precision for any invoice amount, XPath rounding. */
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_CEIL });
export type Dec = InstanceType<typeof D>;

export const ZERO = new D(0);
export const ONE = new D(1);
export const HUNDRED = new D(100);

const DECIMAL_RE = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/;

/** Parses an xs:decimal lexical value; anything else (absent, empty, "1e3", "abc") is null. */
export function parseDec(value: string | number | undefined | null): Dec | null {
  if (value === undefined || value === null) return null;
  const s = typeof value === 'number' ? String(value) : value;
  // Decimals are immutable, so parsed values are shared across invoices: rates and common amounts
  // repeat, and fewer allocations is most of the engine's speed.
  if (s.length > SHARED_MAX_LENGTH) return DECIMAL_RE.test(s) ? new D(s.trim()) : null;
  const hit = SHARED.get(s);
  if (hit !== undefined) return hit;
  const d = DECIMAL_RE.test(s) ? new D(s.trim()) : null;
  if (SHARED.size >= SHARED_MAX) SHARED.clear();
  SHARED.set(s, d);
  return d;
}

/**
 * Whether an xs:decimal lexical value is below zero, or null when it is not a decimal (as parseDec).
 * Answers from the text alone: a minus sign with a non-zero digit is negative ("-0.00" is not).
 */
export function isNegativeDec(value: string | number | undefined | null): boolean | null {
  if (typeof value !== 'string') {
    const d = parseDec(value);
    return d === null ? null : d.lt(0);
  }
  if (!DECIMAL_RE.test(value)) return null;
  return value.trim().startsWith('-') && NON_ZERO_DIGIT_RE.test(value);
}

const NON_ZERO_DIGIT_RE = /[1-9]/;

export { toCents } from '../../shared/cents.util';

/** Only short values (rates, quantities, small amounts) repeat often enough to be worth sharing. */
export const SHARED_MAX_LENGTH = 6;

const SHARED = new Map<string, Dec | null>();
const SHARED_MAX = 50_000;

/** XPath round(): half towards positive infinity, to an integer. */
export function xround(d: Dec): Dec {
  return d.toDecimalPlaces(0, Decimal.ROUND_HALF_CEIL);
}

/** The Schematron's `round(x * 10 * 10) div 100`: two decimals, half towards positive infinity. */
export function round2(d: Dec): Dec {
  return d.toDecimalPlaces(2, Decimal.ROUND_HALF_CEIL);
}

/** Number of fraction digits as written (BR-DEC counts characters after the point). */
export function fractionDigits(value: string | undefined): number {
  if (value === undefined) return 0;
  const t = value.trim();
  const dot = t.indexOf('.');
  return dot < 0 ? 0 : t.length - dot - 1;
}

export function fmt(d: Dec | null | undefined): string {
  return d ? d.toFixed() : '(missing)';
}

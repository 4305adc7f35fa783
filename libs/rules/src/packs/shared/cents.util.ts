/**
 * An amount in whole cents when it is written plainly ("-1234.5", "12.34": optional sign, at most 11
 * integer digits, at most 2 decimals, no spaces), else null. Sums of such values in cents are exact
 * JS integers, so the common case of the totals rules needs no decimal objects; anything else
 * (more decimals, exponents, padding, huge values) takes the decimal path.
 */
export function toCents(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const n = value.length;
  let i = 0;
  let negative = false;
  const first = value.charCodeAt(0);
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45;
    i = 1;
  }
  let whole = 0;
  const wholeStart = i;
  for (; i < n; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  const wholeDigits = i - wholeStart;
  if (wholeDigits === 0 || wholeDigits > 11) return null;
  let cents = whole * 100;
  if (i < n) {
    if (value.charCodeAt(i) !== 46 /* . */) return null;
    const fracDigits = n - i - 1;
    if (fracDigits > 2) return null;
    for (let k = 1, scale = 10; k <= fracDigits; k++, scale /= 10) {
      const c = value.charCodeAt(i + k) - 48;
      if (c < 0 || c > 9) return null;
      cents += c * scale;
    }
  }
  return negative ? -cents : cents;
}

/**
 * `sum + cents` while it is exact, else null: null when either is null (an amount not written plainly,
 * or a sum that already left the fast path), and null when the result leaves the safe-integer range.
 * Every plain amount is an integer below 10^13 cents, so a running sum that is still a safe integer is
 * exact, and one that leaves the range ends the fast path (the caller takes the decimal path) instead of
 * rounding. No cap on the number of terms: a 10,000-line invoice stays on the integer path.
 */
export function addCents(sum: number | null, cents: number | null): number | null {
  if (sum === null || cents === null) return null;
  const s = sum + cents;
  return Number.isSafeInteger(s) ? s : null;
}

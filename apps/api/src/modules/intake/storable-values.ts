/**
 * The typed columns (numeric, date) hold a value only when PostgreSQL can store it; anything else is
 * kept as written in the canonical JSON and left for the rules to report.
 */
const DECIMAL = /^-?\d{1,20}(\.\d{1,20})?$/;

export function storableDecimal(v: unknown): string | null {
  return typeof v === 'string' && DECIMAL.test(v) ? v : null;
}

/** A real calendar date YYYY-MM-DD (2026-02-30 or year 0000 would make PostgreSQL refuse the row). */
export function storableDate(v: unknown): string | null {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  const [y, m, d] = v.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return y >= 1 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? v : null;
}

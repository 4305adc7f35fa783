/** Dates, amounts, percentages and durations in the user's locale (Intl). */
const locale = typeof navigator !== 'undefined' ? navigator.language || undefined : undefined;

const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
const percent1 = new Intl.NumberFormat(locale, {
  style: 'percent',
  maximumFractionDigits: 1,
  minimumFractionDigits: 1,
});
const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });

export const fmtDateTime = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—');
/** A calendar date (YYYY-MM-DD) shown as written, without a time-zone shift. */
export const fmtDate = (ymd: string | null | undefined) =>
  ymd && /^\d{4}-\d{2}-\d{2}/.test(ymd) ? dateOnly.format(new Date(`${ymd.slice(0, 10)}T00:00:00Z`)) : ymd || '—';
export const fmtPct = (v: number | null | undefined) =>
  v === null || v === undefined || Number.isNaN(v) ? '—' : percent1.format(v);
export const fmtInt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : integer.format(v));
export const fmtNum = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined
    ? '—'
    : new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);

/** A decimal string amount with its currency; the string is formatted without going through a float where it matters (up to 15 digits). */
export function fmtMoney(amount: string | number | null | undefined, currency?: string | null): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const n = Number(amount);
  if (!Number.isFinite(n)) return String(amount);
  const decimals = Math.max(2, (String(amount).split('.')[1] ?? '').length);
  try {
    return new Intl.NumberFormat(
      locale,
      currency
        ? { style: 'currency', currency, minimumFractionDigits: decimals, maximumFractionDigits: decimals }
        : { minimumFractionDigits: decimals, maximumFractionDigits: decimals },
    ).format(n);
  } catch {
    return `${amount} ${currency ?? ''}`.trim();
  }
}

/** A duration in seconds in words ("3 min", "2.5 h", "4.1 d"). */
export function fmtDuration(s: number | null | undefined): string {
  if (s === null || s === undefined) return '—';
  const a = Math.abs(s);
  if (a < 90) return `${Math.round(s)} s`;
  if (a < 5400) return `${Math.round(s / 60)} min`;
  if (a < 172800) return `${fmtNum(s / 3600, 1)} h`;
  return `${fmtNum(s / 86400, 1)} d`;
}

/** "in 3 h" / "2.1 d overdue" relative to now. */
export function fmtDue(
  iso: string | null | undefined,
  now = Date.now(),
): { text: string; overdue: boolean; soon: boolean } {
  if (!iso) return { text: 'no SLA', overdue: false, soon: false };
  const left = (new Date(iso).getTime() - now) / 1000;
  return left < 0
    ? { text: `${fmtDuration(-left)} overdue`, overdue: true, soon: false }
    : { text: `due in ${fmtDuration(left)}`, overdue: false, soon: left < 2 * 3600 };
}

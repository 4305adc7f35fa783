const DAY_MS = 86_400_000;

export interface MetricPeriod {
  from: Date;
  to: Date;
}

/** Which whole UTC days come from the roll-up and which time ranges must be read from raw rows. */
export interface PeriodPlan {
  /** Inclusive first and last roll-up day ('YYYY-MM-DD'), or null when nothing is rolled up. */
  rolled: { first: string; last: string } | null;
  raw: MetricPeriod[];
}

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const midnight = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);

/**
 * Splits [from, to) into roll-up days (whole UTC days up to `rolledThrough`) and raw edges
 * (a partial first day, and everything after the roll-up watermark).
 */
export function planPeriod(p: MetricPeriod, rolledThrough: string | null): PeriodPlan {
  const { from, to } = p;
  if (!rolledThrough || to <= from) return { rolled: null, raw: to > from ? [{ from, to }] : [] };
  const firstFull = midnight(from).getTime() === from.getTime() ? from : new Date(midnight(from).getTime() + DAY_MS);
  const watermarkEnd = new Date(Date.parse(`${rolledThrough}T00:00:00Z`) + DAY_MS);
  const rolledEnd = new Date(Math.min(midnight(to).getTime(), watermarkEnd.getTime()));
  if (rolledEnd <= firstFull) return { rolled: null, raw: [{ from, to }] };
  const raw: MetricPeriod[] = [];
  if (from < firstFull) raw.push({ from, to: firstFull });
  if (rolledEnd < to) raw.push({ from: rolledEnd, to });
  return { rolled: { first: isoDay(firstFull), last: isoDay(new Date(rolledEnd.getTime() - DAY_MS)) }, raw };
}

/** Each UTC day touched by [from, to), as 'YYYY-MM-DD'. */
export function daysOf(p: MetricPeriod): string[] {
  const out: string[] = [];
  for (let t = midnight(p.from).getTime(); t < p.to.getTime(); t += DAY_MS) out.push(isoDay(new Date(t)));
  return out;
}

export const periodHours = (p: MetricPeriod) => (p.to.getTime() - p.from.getTime()) / 3_600_000;

/**
 * Splits inclusive days [first, last] into whole calendar months (first days, 'YYYY-MM-01') and the
 * leftover day ranges before and after them.
 */
export function splitMonths(
  first: string,
  last: string,
): { months: string[]; days: { first: string; last: string }[] } {
  const months: string[] = [];
  const startOfNext = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  const f = new Date(`${first}T00:00:00Z`);
  const l = new Date(`${last}T00:00:00Z`);
  let m = f.getUTCDate() === 1 ? f : startOfNext(f);
  const firstMonth = m;
  while (startOfNext(m).getTime() - DAY_MS <= l.getTime()) {
    months.push(isoDay(m));
    m = startOfNext(m);
  }
  if (!months.length) return { months, days: [{ first, last }] };
  const days: { first: string; last: string }[] = [];
  if (firstMonth > f) days.push({ first, last: isoDay(new Date(firstMonth.getTime() - DAY_MS)) });
  if (m <= l) days.push({ first: isoDay(m), last });
  return { months, days };
}

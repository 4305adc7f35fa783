import { isNationalHoliday } from '../holidays/national-holidays';
import { isoDate, zonedParts, zonedTimeToUtc } from './zoned-time.util';

/**
 * Working days (ISO weekday 1-7), daily window "HH:MM"-"HH:MM" (end may be "24:00"), the country (and
 * region) whose public holidays close it, and further closing dates (company days an admin added).
 */
export interface BusinessCalendar {
  days: number[];
  start: string;
  end: string;
  holidays?: string[];
  country?: string | null;
  region?: string | null;
}

/** Whether a local date is closed by the calendar's country holidays or its own closing dates. */
export function isClosingDay(cal: BusinessCalendar, date: string, extra?: Set<string>): boolean {
  return (
    (extra ?? new Set(cal.holidays ?? [])).has(date) ||
    (!!cal.country && isNationalHoliday(cal.country, date, cal.region))
  );
}

const MINUTE = 60_000;
const MAX_DAYS = 3700; // ten years: a calendar with no working day must not loop forever

function hm(s: string): [number, number] {
  const [h, m] = s.split(':').map(Number);
  return [h, m || 0];
}

/** Walks the business windows that start at or after `from`, local day by local day. */
function* windows(from: Date, cal: BusinessCalendar, timeZone: string): Generator<[number, number]> {
  if (!cal.days.length) return;
  const [sh, sm] = hm(cal.start);
  const [eh, em] = hm(cal.end);
  const holidays = new Set(cal.holidays ?? []);
  const z = zonedParts(from, timeZone);
  const day = new Date(Date.UTC(z.year, z.month - 1, z.day));
  for (let i = 0; i < MAX_DAYS; i++, day.setUTCDate(day.getUTCDate() + 1)) {
    const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    const weekday = ((day.getUTCDay() + 6) % 7) + 1;
    if (!cal.days.includes(weekday) || isClosingDay(cal, isoDate(y, m, d), holidays)) continue;
    const open = Math.max(zonedTimeToUtc(y, m, d, sh, sm, timeZone).getTime(), from.getTime());
    const close = zonedTimeToUtc(y, m, d, eh, em, timeZone).getTime();
    if (open < close) yield [open, close];
  }
}

/** The instant `minutes` business minutes after `start` (SLA due time). */
export function addBusinessMinutes(start: Date, minutes: number, cal: BusinessCalendar, timeZone: string): Date {
  let remaining = Math.max(0, minutes) * MINUTE;
  for (const [open, close] of windows(start, cal, timeZone)) {
    if (remaining <= close - open) return new Date(open + remaining);
    remaining -= close - open;
  }
  throw new Error('business calendar has no working time within ten years');
}

/** Business minutes elapsed between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(from: Date, to: Date, cal: BusinessCalendar, timeZone: string): number {
  let total = 0;
  if (to <= from) return 0;
  for (const [open, close] of windows(from, cal, timeZone)) {
    if (open >= to.getTime()) break;
    total += Math.min(close, to.getTime()) - open;
  }
  return total / MINUTE;
}

/** Whether `at` falls inside a business window. */
export function isBusinessTime(at: Date, cal: BusinessCalendar, timeZone: string): boolean {
  const first = windows(at, cal, timeZone).next();
  return !first.done && first.value[0] === at.getTime();
}

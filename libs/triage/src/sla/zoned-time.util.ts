/** Wall-clock arithmetic in IANA time zones with Intl only (no tz database copy to keep current). */
export interface ZonedParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  isoWeekday: number; // 1 = Monday … 7 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock parts of `at` in `timeZone`, read from Intl (the reference; a few µs per call). */
export function zonedPartsUncached(at: Date, timeZone: string): ZonedParts {
  const p: Record<string, string> = {};
  for (const { type, value } of formatter(timeZone).formatToParts(at)) p[type] = value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    second: Number(p.second),
    isoWeekday: WEEKDAYS[p.weekday],
  };
}

function offsetMsUncached(at: number, timeZone: string): number {
  const z = zonedPartsUncached(new Date(at), timeZone);
  return Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second) - Math.floor(at / 1000) * 1000;
}

/**
 * A zone's UTC offset per hour of UTC, for hours whose first and last second have the same offset (an
 * hour with a change in it is asked of Intl each time). SLA planning asks for the same few hours (day
 * starts, window ends) over and over, and `formatToParts` was 6 % of the worker's busy time. Bounded:
 * cleared when full.
 */
const HOUR = 3_600_000;
const OFFSETS_MAX = 50_000;
const offsets = new Map<string, number | null>();

function offsetMs(at: number, timeZone: string): number {
  const hour = Math.floor(at / HOUR);
  const key = `${timeZone} ${hour}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const first = offsetMsUncached(hour * HOUR, timeZone);
    offset = first === offsetMsUncached(hour * HOUR + HOUR - 1000, timeZone) ? first : null;
    if (offsets.size >= OFFSETS_MAX) offsets.clear();
    offsets.set(key, offset);
  }
  return offset ?? offsetMsUncached(at, timeZone);
}

/** The wall-clock parts of `at` in `timeZone`: the UTC parts of `at` moved by the zone's offset then. */
export function zonedParts(at: Date, timeZone: string): ZonedParts {
  const t = at.getTime();
  const wall = new Date(Math.floor(t / 1000) * 1000 + offsetMs(t, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    isoWeekday: wall.getUTCDay() === 0 ? 7 : wall.getUTCDay(),
  };
}

/** The instant a local wall time names (hour 24 = next midnight; a time skipped by DST moves forward). */
export function zonedTimeToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall - offsetMs(wall, timeZone);
  const corrected = wall - offsetMs(guess, timeZone);
  if (corrected !== guess) guess = corrected;
  return new Date(guess);
}

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

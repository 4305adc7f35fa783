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

export function zonedParts(at: Date, timeZone: string): ZonedParts {
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

function offsetMs(at: number, timeZone: string): number {
  const z = zonedParts(new Date(at), timeZone);
  return Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second) - Math.floor(at / 1000) * 1000;
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

import Holidays from 'date-holidays';

/** One day a country (or one of its regions) does not work, as its local date. */
export interface NationalHoliday {
  date: string; // YYYY-MM-DD
  name: string;
}

/**
 * Days the law names as public holidays are closed everywhere. Some countries also close on days the
 * law calls ordinary but collective agreements and custom make days off: Finland and Sweden on
 * Midsummer Eve and Christmas Eve, Sweden also on New Year's Eve. date-holidays marks those "bank";
 * only the ones named here count (other bank days, such as Germany's Silvester, are working days).
 */
const CUSTOMARY_DAYS_OFF: Record<string, string[]> = {
  FI: ['juhannusaatto', 'jouluaatto'],
  SE: ['midsommarafton', 'julafton', 'nyårsafton'],
};

const cache = new Map<string, Map<string, string>>();

/** The closing days of a country (region optional, e.g. DE-BY) in one year, from the date-holidays tables. */
export function nationalHolidays(country: string, year: number, region?: string | null): NationalHoliday[] {
  return [...holidayMap(country, year, region).entries()].map(([date, name]) => ({ date, name }));
}

/** Whether a local date is a closing day of the country; unknown countries have none. */
export function isNationalHoliday(country: string, date: string, region?: string | null): boolean {
  return holidayMap(country, Number(date.slice(0, 4)), region).has(date);
}

function holidayMap(country: string, year: number, region?: string | null): Map<string, string> {
  const key = `${country}-${region ?? ''}-${year}`;
  let days = cache.get(key);
  if (days) return days;
  days = new Map();
  if (Object.hasOwn(new Holidays().getCountries(), country)) {
    const hd = region ? new Holidays(country, region) : new Holidays(country);
    const customary = CUSTOMARY_DAYS_OFF[country] ?? [];
    for (const h of hd.getHolidays(year)) {
      if (h.type === 'public' || (h.type === 'bank' && customary.includes(h.name.toLowerCase())))
        days.set(h.date.slice(0, 10), h.name);
    }
  }
  cache.set(key, days);
  return days;
}

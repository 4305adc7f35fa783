/**
 * The ten countries we buy in: the one list the API, worker, seed, demo data and web pages read.
 * Pure data, no imports: the web bundle imports it as `@app/domain/vocabulary`.
 */
export interface CountryInfo {
  /** ISO 3166-1 alpha-2. */
  readonly code: CountryCode;
  readonly name: string;
  /** IANA time zone of the buying entity and of the country's review desks. */
  readonly timeZone: string;
  /** Main language (BCP 47, the code the message catalogue uses): Norwegian is Bokmål, `nb`. */
  readonly language: string;
  /** Languages a reviewer of the country's desks may read. */
  readonly languages: readonly string[];
  /** ISO 4217 currency of the country. */
  readonly currency: string;
}

export const COUNTRY_CODES = ['EE', 'FI', 'SE', 'NO', 'DK', 'LV', 'LT', 'PL', 'DE', 'NL'] as const;
export type CountryCode = (typeof COUNTRY_CODES)[number];

export const COUNTRIES: readonly CountryInfo[] = [
  { code: 'EE', name: 'Estonia', timeZone: 'Europe/Tallinn', language: 'et', languages: ['et'], currency: 'EUR' },
  {
    code: 'FI',
    name: 'Finland',
    timeZone: 'Europe/Helsinki',
    language: 'fi',
    languages: ['fi', 'sv'],
    currency: 'EUR',
  },
  { code: 'SE', name: 'Sweden', timeZone: 'Europe/Stockholm', language: 'sv', languages: ['sv'], currency: 'SEK' },
  { code: 'NO', name: 'Norway', timeZone: 'Europe/Oslo', language: 'nb', languages: ['nb', 'nn'], currency: 'NOK' },
  { code: 'DK', name: 'Denmark', timeZone: 'Europe/Copenhagen', language: 'da', languages: ['da'], currency: 'DKK' },
  { code: 'LV', name: 'Latvia', timeZone: 'Europe/Riga', language: 'lv', languages: ['lv'], currency: 'EUR' },
  { code: 'LT', name: 'Lithuania', timeZone: 'Europe/Vilnius', language: 'lt', languages: ['lt'], currency: 'EUR' },
  { code: 'PL', name: 'Poland', timeZone: 'Europe/Warsaw', language: 'pl', languages: ['pl'], currency: 'PLN' },
  { code: 'DE', name: 'Germany', timeZone: 'Europe/Berlin', language: 'de', languages: ['de'], currency: 'EUR' },
  { code: 'NL', name: 'Netherlands', timeZone: 'Europe/Amsterdam', language: 'nl', languages: ['nl'], currency: 'EUR' },
];

/** Route-key country of invoices whose buying country is unknown or not one of ours. */
export const UNKNOWN_COUNTRY = 'XX';

/** Time zone of queues without a country (supplier desks, unknown countries). */
export const DEFAULT_TIME_ZONE = 'Europe/Helsinki';

const BY_CODE: ReadonlyMap<string, CountryInfo> = new Map(COUNTRIES.map((c) => [c.code, c]));

export function isCountryCode(code: string | null | undefined): code is CountryCode {
  return !!code && BY_CODE.has(code);
}

/** The country's facts, or undefined for a code outside the ten. */
export function countryInfo(code: string | null | undefined): CountryInfo | undefined {
  return code ? BY_CODE.get(code) : undefined;
}

/** Record of one fact per country, built from the list (never copied by hand). */
export function byCountry<T>(pick: (c: CountryInfo) => T): Record<CountryCode, T> {
  return Object.fromEntries(COUNTRIES.map((c) => [c.code, pick(c)])) as Record<CountryCode, T>;
}

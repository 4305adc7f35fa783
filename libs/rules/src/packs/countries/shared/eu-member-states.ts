import { COUNTRY_CODES, type CountryCode } from '@app/domain';

/** EU member states (ISO 3166-1) for intra-community rules; XI is Northern Ireland, in the EU VAT area for goods. */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'XI',
]);

/** The ten countries we buy in, each with its own pack. */
export const PACK_COUNTRIES = COUNTRY_CODES;
export type PackCountry = CountryCode;

export function isEuMember(country: string | undefined): boolean {
  return !!country && EU_MEMBER_STATES.has(country);
}

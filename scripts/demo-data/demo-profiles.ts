import { COUNTRY_CODES, byCountry, type CountryCode } from '@app/domain';

/** What a realistic month looks like: volumes per buying entity, error habits of suppliers, reviewer desks. */

export const COUNTRIES = COUNTRY_CODES;
export type Country = CountryCode;

/** Share of the invoice volume per buying entity. */
export const COUNTRY_WEIGHT: Record<Country, number> = {
  EE: 6,
  FI: 16,
  SE: 15,
  NO: 8,
  DK: 7,
  LV: 4,
  LT: 5,
  PL: 12,
  DE: 17,
  NL: 10,
};
export const UTC_OFFSET_HOURS: Record<Country, number> = {
  EE: 2,
  FI: 2,
  SE: 1,
  NO: 1,
  DK: 1,
  LV: 2,
  LT: 2,
  PL: 1,
  DE: 1,
  NL: 1,
};
export const LANGUAGE: Record<Country, string> = byCountry((c) => c.language);
export const CURRENCY: Record<Country, string> = byCountry((c) => c.currency);
export const STANDARD_VAT: Record<Country, string> = {
  EE: '24',
  FI: '25.5',
  SE: '25',
  NO: '25',
  DK: '25',
  LV: '21',
  LT: '21',
  PL: '23',
  DE: '19',
  NL: '21',
};

/**
 * A kind of mistake a supplier makes: a deliberate defect applied to an otherwise correct invoice. What
 * it leads to (findings, route keys, queues) is decided by the real rules, never written here.
 */
export type DefectKind =
  | 'vat-amount' // breakdown VAT one unit off the taxable amount × rate (totals follow it)
  | 'vat-rate-outdated' // a rate the country no longer (or never) charges, amounts consistent with it
  | 'seller-vat-typo' // seller VAT id with one digit changed
  | 'totals-inclusive' // total with VAT not the sum of total without VAT and VAT
  | 'line-net-total' // sum of line net amounts ≠ line net total
  | 'buyer-country-missing' // buyer address without country
  | 'new-bank-account' // an account the supplier master data does not have
  | 'long-payment-terms' // due date far beyond the agreed payment terms
  | 'near-duplicate'; // same amount, close date, number one character off an earlier invoice

export interface ErrorHabit {
  defect: DefectKind;
}
// No purchase-order defects: the demo has no purchase orders in its master data, and a PO finding without
// a PO would be false (the PO rules and the 3-way match are exercised by the tests with real POs).

export const HABITS: ErrorHabit[] = (
  [
    'vat-amount',
    'vat-rate-outdated',
    'seller-vat-typo',
    'totals-inclusive',
    'line-net-total',
    'buyer-country-missing',
    'new-bank-account',
    'long-payment-terms',
    'near-duplicate',
  ] as DefectKind[]
).map((defect) => ({ defect }));

/** Work minutes by route family: median handle time of one item. */
export const HANDLE_MEDIAN_MINUTES: Record<string, number> = { vat: 7, data: 4, supplier: 12, po: 9, duplicate: 3 };

export const FIRST_NAMES = [
  'Anna',
  'Mikko',
  'Liis',
  'Jonas',
  'Sofia',
  'Lars',
  'Ieva',
  'Tomas',
  'Kasia',
  'Jan',
  'Emma',
  'Nils',
  'Marta',
  'Pieter',
  'Ingrid',
  'Rasmus',
  'Kristiina',
  'Andris',
  'Greta',
  'Ole',
  'Aino',
  'Piotr',
  'Lena',
  'Daan',
];
export const SUPPLIER_WORDS = [
  'Nordic',
  'Baltic',
  'Metro',
  'Polar',
  'Amber',
  'Fjord',
  'Delta',
  'Harbor',
  'Granite',
  'Linden',
  'Aurora',
  'Vista',
  'Pine',
  'Cobalt',
  'Summit',
  'River',
];
export const SUPPLIER_TRADES = [
  'Logistics',
  'Office Supply',
  'IT Services',
  'Cleaning',
  'Catering',
  'Packaging',
  'Electric',
  'Consulting',
  'Print',
  'Security',
  'Freight',
  'Tools',
];
export const COMPANY_SUFFIX: Record<Country, string> = {
  EE: 'OÜ',
  FI: 'Oy',
  SE: 'AB',
  NO: 'AS',
  DK: 'ApS',
  LV: 'SIA',
  LT: 'UAB',
  PL: 'Sp. z o.o.',
  DE: 'GmbH',
  NL: 'B.V.',
};

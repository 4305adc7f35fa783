import { randomInt } from 'node:crypto';
import { composeIBAN, isValidIBAN } from 'ibantools';
import * as jsvat from 'jsvat';
import { checkVatId } from '@app/rules';

const COUNTRIES = {
  EE: jsvat.estonia,
  FI: jsvat.finland,
  SE: jsvat.sweden,
  NO: jsvat.norway,
  DK: jsvat.denmark,
  LV: jsvat.latvia,
  LT: jsvat.lithuania,
  PL: jsvat.poland,
  DE: jsvat.germany,
  NL: jsvat.netherlands,
} as const;
const VAT_BODY: Record<string, () => string> = {
  EE: () => `10${digits(7)}`,
  FI: () => digits(8),
  SE: () => `${digits(10)}01`,
  NO: () => `9${digits(8)}`,
  DK: () => digits(8),
  LV: () => `4${digits(10)}`,
  LT: () => `${digits(7)}1${digits(1)}`,
  PL: () => digits(10),
  DE: () => `${randomInt(1, 10)}${digits(8)}`,
  NL: () => `${digits(9)}B01`,
};
const BBAN: Record<string, () => string> = {
  EE: () => digits(16),
  FI: () => digits(14),
  SE: () => digits(20),
  NO: () => digits(11),
  DK: () => digits(14),
  LV: () => `HABA${digits(13)}`,
  LT: () => digits(16),
  PL: () => digits(24),
  DE: () => digits(18),
  NL: () => `ABNA${digits(10)}`,
};

function digits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += randomInt(0, 10);
  return s;
}

/**
 * A VAT id that passes the country's checksum as our rules judge it (checkVatId: jsvat plus the national
 * corrections, e.g. Finnish remainder 1 and Polish remainder 10 are never issued), found by trying random
 * numbers; a few tries suffice.
 */
export function demoVatId(country: keyof typeof COUNTRIES): string {
  for (let i = 0; i < 10_000; i++) {
    const body = VAT_BODY[country]();
    const candidate = country === 'NO' ? `NO${body}MVA` : `${country}${body}`;
    if (jsvat.checkVAT(candidate, [COUNTRIES[country]]).isValid && checkVatId(candidate).valid) return candidate;
  }
  throw new Error(`could not make a VAT id for ${country}`);
}

/** An IBAN with correct check digits (and national check digit where the country has one). */
export function demoIban(country: keyof typeof COUNTRIES): string {
  for (let i = 0; i < 10_000; i++) {
    const iban = composeIBAN({ countryCode: country, bban: BBAN[country]() });
    if (iban && isValidIBAN(iban)) return iban;
  }
  throw new Error(`could not make an IBAN for ${country}`);
}

/**
 * The buying entities' own VAT ids: fixed, so the README example (buyer FI12345671) is the seeded Finnish
 * entity, and each passes its country's checksum rule (apps/api/src/cli/seed.spec.ts).
 */
export const BUYING_ENTITY_VAT_IDS: Record<keyof typeof COUNTRIES, string> = {
  EE: 'EE102156784',
  FI: 'FI12345671',
  SE: 'SE556036079301',
  NO: 'NO984851006MVA',
  DK: 'DK31271231',
  LV: 'LV40003123453',
  LT: 'LT100001919017',
  PL: 'PL5260250274',
  DE: 'DE811907980',
  NL: 'NL812345678B01',
};

export const DEMO_COUNTRIES = Object.keys(COUNTRIES) as (keyof typeof COUNTRIES)[];

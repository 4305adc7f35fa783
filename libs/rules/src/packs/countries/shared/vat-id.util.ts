import { checkVAT, countries as jsvatCountries } from 'jsvat';
import { boundedMemo } from '../../../engine/bounded-memo.util';

export type VatIdProblem = 'missing-prefix' | 'format' | 'checksum';

export interface VatIdCheck {
  /** Upper case, spaces, dots and dashes removed. */
  normalised: string;
  /** ISO country of the prefix (EL → GR), or undefined when there is no letter prefix. */
  country?: string;
  valid: boolean;
  problem?: VatIdProblem;
  /** The form we expect for this country, for the reviewer ("EE + 9 digits starting 10"). */
  expectedForm?: string;
}

/**
 * Formats we enforce ourselves before asking jsvat for the checksum: jsvat accepts "NO999999999" without
 * the MVA suffix that a Norwegian VAT id requires, and Danish CVR numbers never start with 0.
 */
const FORMATS: Record<string, { pattern: RegExp; form: string }> = {
  EE: { pattern: /^EE10\d{7}$/, form: 'EE + 9 digits starting with 10' },
  FI: { pattern: /^FI\d{8}$/, form: 'FI + 8 digits (business id without the dash)' },
  SE: { pattern: /^SE\d{10}01$/, form: 'SE + 10-digit organisation number + 01' },
  NO: { pattern: /^NO\d{9}MVA$/, form: 'NO + 9-digit organisation number + MVA' },
  DK: { pattern: /^DK[1-9]\d{7}$/, form: 'DK + 8-digit CVR number' },
  LV: { pattern: /^LV\d{11}$/, form: 'LV + 11 digits' },
  LT: { pattern: /^LT(\d{9}|\d{12})$/, form: 'LT + 9 or 12 digits' },
  PL: { pattern: /^PL\d{10}$/, form: 'PL + 10-digit NIP' },
  DE: { pattern: /^DE[1-9]\d{8}$/, form: 'DE + 9 digits' },
  NL: { pattern: /^NL\d{9}B\d{2}$/, form: 'NL + 9 digits + B + 2 digits' },
};

const weighted = (digits: string, weights: number[]) => weights.reduce((sum, w, i) => sum + w * Number(digits[i]), 0);

/**
 * Where jsvat is too lenient (measured in vat-id.util.spec.ts): it maps an impossible check digit 10 to 0
 * instead of rejecting the number. The tax authorities never issue such numbers.
 */
const STRICTER: Record<string, (digits: string) => boolean> = {
  // Y-tunnus: remainder 1 has no check digit (vero.fi / PRH).
  FI: (d) => weighted(d, [7, 9, 10, 5, 8, 4, 2]) % 11 !== 1,
  // NIP: remainder 10 is never issued (Ministerstwo Finansów).
  PL: (d) => weighted(d, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 !== 10,
  // Legal entities (first digit above 3): sum with check digit weighted 1 must leave 3 (as python-stdnum).
  LV: (d) => Number(d[0]) <= 3 || weighted(d, [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 === 3,
};

export function normaliseVatId(raw: string): string {
  return raw.toUpperCase().replace(/[\s.\-/]+/g, '');
}

export function vatIdCountry(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  // Read by several rules per invoice (charging country, seller country, VAT id rules).
  return typeof raw === 'string' ? prefixCountry(raw) : computePrefixCountry(raw);
}

const prefixCountry = boundedMemo(computePrefixCountry, 20_000);

function computePrefixCountry(raw: string): string | undefined {
  const prefix = normaliseVatId(raw).slice(0, 2);
  if (!/^[A-Z]{2}$/.test(prefix)) return undefined;
  return prefix === 'EL' ? 'GR' : prefix;
}

/** Format and checksum of a VAT id; countries outside our ten are checked by jsvat alone when it knows them. */
export function checkVatId(raw: string): VatIdCheck {
  // A supplier sends the same VAT ids on every invoice: the jsvat check runs once per distinct value.
  // Callers get their own copy so nothing they do changes the remembered answer.
  return typeof raw === 'string' ? { ...checkedVatId(raw) } : computeVatIdCheck(raw);
}

const checkedVatId = boundedMemo(computeVatIdCheck, 20_000);

function computeVatIdCheck(raw: string): VatIdCheck {
  const normalised = normaliseVatId(raw);
  const country = vatIdCountry(normalised);
  if (!country) return { normalised, valid: false, problem: 'missing-prefix' };
  const format = FORMATS[country];
  if (format && !format.pattern.test(normalised))
    return { normalised, country, valid: false, problem: 'format', expectedForm: format.form };
  const result = checkVAT(normalised, jsvatCountries);
  if (!result.isSupportedCountry) return { normalised, country, valid: true };
  if (!format && !result.isValidFormat) return { normalised, country, valid: false, problem: 'format' };
  const digits = normalised.slice(2).replace(/\D.*$/, '');
  const valid = result.isValid && (STRICTER[country]?.(digits) ?? true);
  return valid
    ? { normalised, country, valid }
    : { normalised, country, valid: false, problem: 'checksum', expectedForm: format?.form };
}

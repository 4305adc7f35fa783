import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  COUNTRIES,
  COUNTRY_CODES,
  UNKNOWN_COUNTRY,
  byCountry,
  countryFamilyOf,
  countryInfo,
  countryRouteKey,
  isCountryCode,
  parseRouteKey,
} from './index';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('country vocabulary', () => {
  it('lists the ten countries once, in the code order', () => {
    expect(COUNTRIES.map((c) => c.code)).toEqual([...COUNTRY_CODES]);
    expect(new Set(COUNTRY_CODES).size).toBe(10);
  });

  it.each(COUNTRIES.map((c) => [c.code, c] as const))('%s has a real time zone, language and currency', (_, c) => {
    expect(() => new Intl.DateTimeFormat('en', { timeZone: c.timeZone })).not.toThrow();
    expect(Intl.getCanonicalLocales(c.language)).toEqual([c.language]);
    expect(c.languages).toContain(c.language);
    expect(new Intl.NumberFormat('en', { style: 'currency', currency: c.currency }).resolvedOptions().currency).toBe(
      c.currency,
    );
  });

  it('calls Norwegian Bokmål nb everywhere (the message catalogue code), never no', () => {
    expect(countryInfo('NO')?.language).toBe('nb');
    expect(byCountry((c) => c.language).NO).toBe('nb');
  });

  it('knows only its ten countries', () => {
    expect(isCountryCode('EE')).toBe(true);
    expect(isCountryCode('SW')).toBe(false);
    expect(isCountryCode(undefined)).toBe(false);
    expect(countryInfo('XX')).toBeUndefined();
  });
});

describe('route keys', () => {
  it('builds country desk keys, falling back to the unknown-country desk', () => {
    expect(countryRouteKey('vat', 'ee')).toBe('vat.EE');
    expect(countryRouteKey('data', ' fi ')).toBe('data.FI');
    expect(countryRouteKey('vat', 'SW')).toBe('vat.SW');
    expect(countryRouteKey('vat', 'S1')).toBe(`vat.${UNKNOWN_COUNTRY}`);
    expect(countryRouteKey('data', undefined)).toBe('data.XX');
    expect(countryFamilyOf('regulatory')).toBe('vat');
    expect(countryFamilyOf('data-quality')).toBe('data');
  });

  it('parses what it builds', () => {
    for (const cc of COUNTRY_CODES) {
      expect(parseRouteKey(countryRouteKey('vat', cc))).toEqual({
        family: 'vat',
        subject: cc,
        country: cc,
        isCountryFamily: true,
      });
    }
    expect(parseRouteKey('vat.XX')).toMatchObject({ family: 'vat', country: null, isCountryFamily: true });
    expect(parseRouteKey('po.price-variance')).toEqual({
      family: 'po',
      subject: 'price-variance',
      country: null,
      isCountryFamily: false,
    });
    expect(parseRouteKey('system')).toMatchObject({ family: 'system', subject: '' });
  });
});

describe('one source, no copies', () => {
  // A second hand-written list of the ten countries (or of their time zones) is how the lists drifted
  // before ("nb" in the seed, "no" in the demo data). Everything derives from COUNTRIES instead.
  const files = execFileSync('git', ['ls-files', 'apps', 'libs', 'scripts', 'bench'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|tsx|mjs)$/.test(f) && !/\.spec\.ts$|e2e-spec\.ts$/.test(f));
  const vocabulary = relative(ROOT, join(__dirname, 'countries.ts'));

  it('has no other list of the ten country codes', () => {
    const copies = files
      .filter((f) => f !== vocabulary)
      .filter((f) => /['"]EE['"],\s*['"]FI['"],\s*['"]SE['"],\s*['"]NO['"]/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(copies).toEqual([]);
  });

  it('has no other table of the countries time zones', () => {
    const copies = files
      .filter((f) => f !== vocabulary)
      .filter((f) => /EE:\s*['"]Europe\/Tallinn['"]/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(copies).toEqual([]);
  });
});

import { isNegativeDec, parseDec, toCents } from './decimal.util';

// The fast paths must agree with the decimal parse on every input, or a verdict could change.
const SAMPLES = [
  '0',
  '-0',
  '+0',
  '-0.00',
  '0.001',
  '-0.001',
  '12',
  '12.',
  '12.3',
  '12.34',
  '-12.34',
  '+12.34',
  '.5',
  '-.5',
  '12.345',
  ' 12.34',
  '12.34 ',
  '1e3',
  'abc',
  '',
  '-',
  '+',
  '.',
  '1.2.3',
  '99999999999.99',
  '100000000000.00',
  '-99999999999.99',
  '00012.30',
  '12,34',
  '0x10',
  '١٢',
  '5-',
  '--5',
  '1 000',
  '\u00a012.5',
];

describe('isNegativeDec', () => {
  it.each(SAMPLES)('agrees with parseDec(%p).lt(0)', (s) => {
    const d = parseDec(s);
    expect(isNegativeDec(s)).toBe(d === null ? null : d.lt(0));
  });

  it('handles absent and numeric values as parseDec does', () => {
    expect(isNegativeDec(undefined)).toBeNull();
    expect(isNegativeDec(null)).toBeNull();
    expect(isNegativeDec(-3)).toBe(true);
    expect(isNegativeDec(1e-7)).toBeNull();
  });
});

describe('toCents', () => {
  it.each(SAMPLES)('is exact or null for %p', (s) => {
    const c = toCents(s);
    if (c === null) return;
    const d = parseDec(s);
    expect(d).not.toBeNull();
    expect(d!.times(100).eq(c)).toBe(true);
  });

  it('takes the plain forms and refuses the rest', () => {
    expect(toCents('12.34')).toBe(1234);
    expect(toCents('-12.3')).toBe(-1230);
    expect(toCents('12.')).toBe(1200);
    expect(toCents('+7')).toBe(700);
    expect(toCents('99999999999.99')).toBe(9999999999999);
    expect(toCents('100000000000')).toBeNull();
    expect(toCents('12.345')).toBeNull();
    expect(toCents(' 12')).toBeNull();
    expect(toCents('.5')).toBeNull();
    expect(toCents('1e3')).toBeNull();
    expect(toCents(undefined)).toBeNull();
    expect(toCents(12)).toBeNull();
  });
});

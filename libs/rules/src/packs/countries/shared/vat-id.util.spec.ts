import { checkVAT, countries } from 'jsvat';
import { checkVatId, vatIdCountry } from './vat-id.util';

/**
 * Known-good numbers: real registrations (Nokia FI01120389, Equinor NO923609016MVA, Novo Nordisk DK24256790,
 * Volvo SE556012579001, ...) or published examples, each re-computed by hand with the national algorithm.
 * Known-bad: the same numbers with the check digit changed.
 */
const GOOD: Record<string, string[]> = {
  EE: ['EE100931558', 'EE102156784'],
  FI: ['FI01120389', 'FI02089088'],
  SE: ['SE556012579001', 'SE556036079301'],
  NO: ['NO923609016MVA', 'NO984851006MVA'],
  DK: ['DK24256790', 'DK31271231'],
  LV: ['LV40003009497', 'LV40003123453'],
  LT: ['LT119511515', 'LT100001919017'],
  PL: ['PL8567346215', 'PL5260250274'],
  DE: ['DE136695976', 'DE811907980'],
  NL: ['NL004495445B01', 'NL812345678B01', 'NL8200.98.395.B.01'],
};

const BAD_CHECK_DIGIT: Record<string, string[]> = {
  EE: ['EE100931559'],
  FI: ['FI01120388'],
  SE: ['SE556012579101'],
  NO: ['NO923609017MVA', 'NO123456789MVA'],
  DK: ['DK24256791', 'DK12345678'],
  LV: ['LV40003009498'],
  LT: ['LT119511516'],
  PL: ['PL8567346216'],
  DE: ['DE136695977'],
  NL: ['NL004495446B01'],
};

describe('jsvat answers, measured', () => {
  it.each(Object.entries(GOOD))('accepts known-good %s numbers', (_cc, ids) => {
    for (const id of ids) expect([id, checkVAT(id, countries).isValid]).toEqual([id, true]);
  });

  it.each(Object.entries(BAD_CHECK_DIGIT))('rejects %s numbers with a wrong check digit', (_cc, ids) => {
    for (const id of ids) expect([id, checkVAT(id, countries).isValid]).toEqual([id, false]);
  });

  // The three places where jsvat turns an impossible check digit (10) into 0 and accepts the number,
  // and the Norwegian VAT id without MVA: we keep these expectations so an upgrade that fixes jsvat shows up.
  it.each([
    ['FI10000080', 'FI remainder 1 has no check digit'],
    ['PL5260000070', 'PL NIP remainder 10 is never issued'],
    ['LV40003000060', 'LV legal entity remainder 4 has no check digit'],
    ['NO923609016', 'NO VAT id needs the MVA suffix'],
  ])('jsvat wrongly accepts %s (%s)', (id) => {
    expect(checkVAT(id, countries).isValid).toBe(true);
  });
});

describe('checkVatId', () => {
  it.each(Object.values(GOOD).flat())('accepts %s', (id) => {
    expect(checkVatId(id)).toMatchObject({ valid: true });
  });

  it.each(Object.values(BAD_CHECK_DIGIT).flat())('rejects %s on its checksum', (id) => {
    expect(checkVatId(id)).toMatchObject({ valid: false, problem: 'checksum' });
  });

  it.each(['FI10000080', 'PL5260000070', 'LV40003000060'])('rejects %s where jsvat is too lenient', (id) => {
    expect(checkVatId(id)).toMatchObject({ valid: false, problem: 'checksum' });
  });

  it.each([
    ['NO923609016', 'NO + 9-digit organisation number + MVA'],
    ['EE20093155', 'EE + 9 digits starting with 10'],
    ['DK04256790', 'DK + 8-digit CVR number'],
    ['SE5560125790', 'SE + 10-digit organisation number + 01'],
    ['NL004495445', 'NL + 9 digits + B + 2 digits'],
  ])('rejects the form of %s', (id, form) => {
    expect(checkVatId(id)).toMatchObject({ valid: false, problem: 'format', expectedForm: form });
  });

  it('reports a missing prefix', () => {
    expect(checkVatId('100931558')).toMatchObject({ valid: false, problem: 'missing-prefix' });
  });

  it('checks other EU countries with jsvat and maps EL to GR', () => {
    expect(checkVatId('FR40303265045')).toMatchObject({ valid: true, country: 'FR' });
    expect(checkVatId('FR40303265046').valid).toBe(false);
    expect(vatIdCountry('EL094014201')).toBe('GR');
  });
});

import { defaultRuleSettings, mergeSettings, settingOf, vatRatesOn } from './index';

const COUNTRIES = ['EE', 'FI', 'SE', 'NO', 'DK', 'LV', 'LT', 'PL', 'DE', 'NL'];

describe('defaultRuleSettings', () => {
  it('ships a VAT table for each of the ten buying countries and the document tolerance', () => {
    const s = defaultRuleSettings();
    expect(Object.keys(s.vatRates).sort()).toEqual([...COUNTRIES].sort());
    expect(s.amountTolerance).toBe('0.01');
    expect(settingOf(s, 'defaultPriceTolerancePct')).toBe('2.0');
  });

  it.each(COUNTRIES)('%s periods are ordered, contiguous and open-ended at the end', (cc) => {
    const table = defaultRuleSettings().vatRates[cc];
    for (const list of [table.standard, table.reduced] as { validFrom: string; validTo?: string }[][]) {
      for (let i = 1; i < list.length; i++) expect(list[i].validFrom).toBe(list[i - 1].validTo);
      expect(list[list.length - 1].validTo).toBeUndefined();
    }
  });

  it('returns a fresh copy each time', () => {
    const a = defaultRuleSettings();
    a.vatRates.EE.standard.pop();
    expect(defaultRuleSettings().vatRates.EE.standard.length).toBeGreaterThan(a.vatRates.EE.standard.length);
  });
});

describe('vatRatesOn', () => {
  const s = defaultRuleSettings();
  it.each([
    ['EE', '2023-12-31', '20'],
    ['EE', '2024-01-01', '22'],
    ['EE', '2025-06-30', '22'],
    ['EE', '2025-07-01', '24'],
    ['FI', '2024-08-31', '24'],
    ['FI', '2024-09-01', '25.5'],
    ['SE', '2018-07-31', '25'],
    ['DE', '2020-08-15', '16'],
    ['DE', '2021-01-01', '19'],
    ['NL', '2026-11-02', '21'],
  ])('%s on %s: standard %s', (cc, day, standard) => {
    expect(vatRatesOn(s, cc, day)?.standard).toBe(standard);
  });

  it('gives the reduced rates of the day', () => {
    expect(vatRatesOn(s, 'EE', '2025-03-01')?.reduced.sort()).toEqual(['13', '9']);
    expect(vatRatesOn(s, 'SE', '2026-05-01')?.reduced.sort()).toEqual(['12', '6']);
    expect(vatRatesOn(s, 'DK', '2026-05-01')?.reduced).toEqual([]);
  });

  it('is undefined for an unknown country, a date before the tables or a malformed date', () => {
    expect(vatRatesOn(s, 'FR', '2025-01-01')).toBeUndefined();
    expect(vatRatesOn(s, 'EE', '1990-01-01')).toBeUndefined();
    expect(vatRatesOn(s, 'EE', '01.07.2025')).toBeUndefined();
  });
});

describe('mergeSettings', () => {
  it('overrides knobs and replaces one country table list without touching the others', () => {
    const base = defaultRuleSettings();
    const merged = mergeSettings(base, {
      amountTolerance: '0.05',
      defaultPriceTolerancePct: undefined,
      vatRates: { ee: { standard: [{ validFrom: '2000-01-01', value: '30' }] } },
    });
    expect(merged.amountTolerance).toBe('0.05');
    expect(settingOf(merged, 'defaultPriceTolerancePct')).toBe('2.0');
    expect(vatRatesOn(merged, 'EE', '2025-07-01')).toEqual({ standard: '30', reduced: ['13', '9'] });
    expect(vatRatesOn(merged, 'FI', '2025-07-01')?.standard).toBe('25.5');
    expect(vatRatesOn(base, 'EE', '2025-07-01')?.standard).toBe('24');
  });

  it('adds a country the data files do not have', () => {
    const merged = mergeSettings(defaultRuleSettings(), {
      vatRates: { FR: { standard: [{ validFrom: '2014-01-01', value: '20' }] } },
    });
    expect(vatRatesOn(merged, 'FR', '2025-01-01')).toEqual({ standard: '20', reduced: [] });
  });
});

import { addBusinessMinutes, businessMinutesBetween } from '../sla/business-hours';
import { isNationalHoliday, nationalHolidays } from './national-holidays';

const closed = (country: string, date: string, region?: string) => isNationalHoliday(country, date, region);

describe('national holidays of our ten countries', () => {
  it('FI: Midsummer Eve (juhannusaatto) and Christmas Eve close Finland; New Year’s Eve does not', () => {
    expect(closed('FI', '2026-06-19')).toBe(true); // Friday between 19 and 25 June
    expect(closed('FI', '2027-06-25')).toBe(true);
    expect(closed('FI', '2026-12-24')).toBe(true);
    expect(closed('FI', '2026-12-06')).toBe(true); // itsenäisyyspäivä
    expect(closed('FI', '2026-12-31')).toBe(false);
  });

  it('SE: Midsommarafton, the national day 6 June, Christmas Eve and New Year’s Eve', () => {
    expect(closed('SE', '2026-06-19')).toBe(true);
    expect(closed('SE', '2026-06-06')).toBe(true);
    expect(closed('SE', '2026-12-24')).toBe(true);
    expect(closed('SE', '2026-12-31')).toBe(true);
    expect(closed('SE', '2026-06-18')).toBe(false);
  });

  it('NO: Constitution Day 17 May, Maundy Thursday and Whit Monday', () => {
    expect(closed('NO', '2027-05-17')).toBe(true); // a Monday
    expect(closed('NO', '2026-04-02')).toBe(true); // skjærtorsdag
    expect(closed('NO', '2026-05-25')).toBe(true);
    expect(closed('NO', '2026-05-18')).toBe(false);
  });

  it('DK: Store Bededag is a holiday up to 2023 and abolished from 2024 by law', () => {
    expect(closed('DK', '2023-05-05')).toBe(true);
    expect(nationalHolidays('DK', 2023).map((h) => h.name)).toContain('Store Bededag');
    expect(closed('DK', '2024-04-26')).toBe(false); // the fourth Friday after Easter 2024
    expect(nationalHolidays('DK', 2024).map((h) => h.name)).not.toContain('Store Bededag');
    expect(closed('DK', '2026-05-01')).toBe(false); // Store Bededag would have been 1 May 2026
    expect(closed('DK', '2026-06-05')).toBe(false); // Grundlovsdag is no public holiday by law
  });

  it('LV: Līgo and Jāņi (23 and 24 June), the restoration of independence 4 May, 18 November', () => {
    expect(closed('LV', '2026-06-23')).toBe(true);
    expect(closed('LV', '2026-06-24')).toBe(true);
    expect(closed('LV', '2026-05-04')).toBe(true);
    expect(closed('LV', '2026-11-18')).toBe(true);
  });

  it('LT: Joninės 24 June, Statehood Day 6 July, All Souls’ Day 2 November', () => {
    expect(closed('LT', '2026-06-24')).toBe(true);
    expect(closed('LT', '2026-07-06')).toBe(true);
    expect(closed('LT', '2026-11-02')).toBe(true);
    expect(closed('LT', '2026-06-23')).toBe(false);
  });

  it('EE: Victory Day and Midsummer (23 and 24 June), Independence Day 24 February, 20 August', () => {
    expect(closed('EE', '2026-06-23')).toBe(true);
    expect(closed('EE', '2026-06-24')).toBe(true);
    expect(closed('EE', '2026-02-24')).toBe(true);
    expect(closed('EE', '2026-08-20')).toBe(true);
    expect(closed('EE', '2026-06-19')).toBe(false);
  });

  it('PL: Epiphany 6 January, Corpus Christi, and Christmas Eve only from 2025 (the 2024 law)', () => {
    expect(closed('PL', '2026-01-06')).toBe(true);
    expect(closed('PL', '2026-06-04')).toBe(true);
    expect(closed('PL', '2024-12-24')).toBe(false);
    expect(closed('PL', '2025-12-24')).toBe(true);
    expect(closed('PL', '2026-11-11')).toBe(true);
  });

  it('DE: German Unity Day everywhere, Corpus Christi only in regions such as Bavaria', () => {
    expect(closed('DE', '2026-10-03')).toBe(true);
    expect(closed('DE', '2026-06-04')).toBe(false);
    expect(closed('DE', '2026-06-04', 'BY')).toBe(true);
    expect(closed('DE', '2026-12-31')).toBe(false);
  });

  it('NL: King’s Day moves to 26 April when 27 April is a Sunday', () => {
    expect(closed('NL', '2026-04-27')).toBe(true);
    expect(closed('NL', '2025-04-26')).toBe(true);
    expect(closed('NL', '2025-04-27')).toBe(false);
  });

  it('a country we do not know has no holidays', () => {
    expect(nationalHolidays('XX', 2026)).toEqual([]);
  });
});

describe('business hours with a country calendar', () => {
  const cal = (country: string) => ({ days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00', country });

  it('an SLA running into Midsummer in Helsinki resumes on Monday', () => {
    // Thursday 2026-06-18 16:00 Helsinki (UTC+3) + 2 h: Friday is juhannusaatto → Monday 22 June 09:00
    expect(addBusinessMinutes(new Date('2026-06-18T13:00:00Z'), 120, cal('FI'), 'Europe/Helsinki').toISOString()).toBe(
      '2026-06-22T06:00:00.000Z',
    );
    // Tallinn works on 19 June; Estonia's own Midsummer (23 and 24 June) closes the next week instead.
    expect(addBusinessMinutes(new Date('2026-06-18T13:00:00Z'), 120, cal('EE'), 'Europe/Tallinn').toISOString()).toBe(
      '2026-06-19T06:00:00.000Z',
    );
    expect(
      businessMinutesBetween(
        new Date('2026-06-22T05:00:00Z'),
        new Date('2026-06-25T05:00:00Z'),
        cal('EE'),
        'Europe/Tallinn',
      ),
    ).toBe(9 * 60);
  });

  it('Latvian Christmas: 24, 25 and 26 December and New Year’s Eve are closed', () => {
    // Wednesday 23 December 16:00 Riga + 2 h → Monday 28 December 09:00 Riga
    expect(addBusinessMinutes(new Date('2026-12-23T14:00:00Z'), 120, cal('LV'), 'Europe/Riga').toISOString()).toBe(
      '2026-12-28T07:00:00.000Z',
    );
  });
});

import fc from 'fast-check';
import { zonedParts, zonedPartsUncached, zonedTimeToUtc } from './zoned-time.util';

// Zones with DST at odd hours, half-hour and 45-minute offsets, and offsets in seconds (before 1937).
const ZONES = [
  'Europe/Helsinki',
  'Europe/Tallinn',
  'Europe/Amsterdam',
  'Europe/Dublin',
  'America/New_York',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'UTC',
];

describe('zoned time', () => {
  it('zonedParts agrees with Intl at every instant, across DST changes and odd offsets', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1920, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (zone, at) => {
          expect(zonedParts(new Date(at), zone)).toEqual(zonedPartsUncached(new Date(at), zone));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('agrees at each minute around the 2026 DST changes of Helsinki, New York and Lord Howe', () => {
    const around = [
      ['Europe/Helsinki', Date.UTC(2026, 2, 29, 1)],
      ['Europe/Helsinki', Date.UTC(2026, 9, 25, 1)],
      ['America/New_York', Date.UTC(2026, 2, 8, 7)],
      ['America/New_York', Date.UTC(2026, 10, 1, 6)],
      ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 15)],
    ] as const;
    for (const [zone, change] of around)
      for (let at = change - 3 * 3600_000; at <= change + 3 * 3600_000; at += 59_999)
        expect(zonedParts(new Date(at), zone)).toEqual(zonedPartsUncached(new Date(at), zone));
  });

  it('a wall time skipped by DST moves forward; a repeated one is its first instant', () => {
    // 2026-03-29 03:30 does not exist in Helsinki (03:00 → 04:00): 04:30 EEST = 01:30 UTC.
    expect(zonedTimeToUtc(2026, 3, 29, 3, 30, 'Europe/Helsinki').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedTimeToUtc(2026, 6, 1, 9, 0, 'Europe/Helsinki').toISOString()).toBe('2026-06-01T06:00:00.000Z');
    expect(zonedTimeToUtc(2026, 1, 5, 24, 0, 'Europe/Tallinn').toISOString()).toBe('2026-01-05T22:00:00.000Z');
  });
});

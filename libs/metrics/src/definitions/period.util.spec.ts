import { daysOf, planPeriod } from './period.util';

const d = (s: string) => new Date(s);

describe('planPeriod', () => {
  it('reads everything raw before the first roll-up', () => {
    const p = { from: d('2026-03-01T10:00:00Z'), to: d('2026-03-05T00:00:00Z') };
    expect(planPeriod(p, null)).toEqual({ rolled: null, raw: [p] });
  });

  it('takes whole days from the roll-up and the partial edges and unrolled tail from raw rows', () => {
    const plan = planPeriod({ from: d('2026-03-01T10:00:00Z'), to: d('2026-03-10T12:00:00Z') }, '2026-03-07');
    expect(plan.rolled).toEqual({ first: '2026-03-02', last: '2026-03-07' });
    expect(plan.raw).toEqual([
      { from: d('2026-03-01T10:00:00Z'), to: d('2026-03-02T00:00:00Z') },
      { from: d('2026-03-08T00:00:00Z'), to: d('2026-03-10T12:00:00Z') },
    ]);
  });

  it('uses no roll-up when the period holds no whole rolled day', () => {
    const p = { from: d('2026-03-09T10:00:00Z'), to: d('2026-03-10T12:00:00Z') };
    expect(planPeriod(p, '2026-03-20')).toEqual({ rolled: null, raw: [p] });
    expect(daysOf(p)).toEqual(['2026-03-09', '2026-03-10']);
  });
});

describe('splitMonths', () => {
  it('uses whole months and leaves the ragged ends as days', () => {
    const { splitMonths } = jest.requireActual('./period.util') as typeof import('./period.util');
    expect(splitMonths('2026-01-15', '2026-04-03')).toEqual({
      months: ['2026-02-01', '2026-03-01'],
      days: [
        { first: '2026-01-15', last: '2026-01-31' },
        { first: '2026-04-01', last: '2026-04-03' },
      ],
    });
    expect(splitMonths('2026-02-01', '2026-02-28')).toEqual({ months: ['2026-02-01'], days: [] });
    expect(splitMonths('2026-02-03', '2026-02-20')).toEqual({
      months: [],
      days: [{ first: '2026-02-03', last: '2026-02-20' }],
    });
  });
});

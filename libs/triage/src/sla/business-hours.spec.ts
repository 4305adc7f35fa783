import { addBusinessMinutes, businessMinutesBetween, isBusinessTime } from './business-hours';
import { planSla } from './sla-plan';

const weekdays = { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00', holidays: [] as string[] };

describe('business hours', () => {
  it('adds minutes within the same working day (Tallinn is UTC+2 in winter)', () => {
    // Wednesday 2026-11-25 10:00 Tallinn = 08:00Z
    expect(addBusinessMinutes(new Date('2026-11-25T08:00:00Z'), 60, weekdays, 'Europe/Tallinn').toISOString()).toBe(
      '2026-11-25T09:00:00.000Z',
    );
  });

  it('carries over the night and the weekend', () => {
    // Friday 16:00 Tallinn + 2 h → Monday 09:00 Tallinn
    expect(addBusinessMinutes(new Date('2026-11-27T14:00:00Z'), 120, weekdays, 'Europe/Tallinn').toISOString()).toBe(
      '2026-11-30T07:00:00.000Z',
    );
  });

  it('starts at the next opening when work arrives outside hours', () => {
    // Saturday noon → Monday 08:00 + 30 min
    expect(addBusinessMinutes(new Date('2026-11-28T10:00:00Z'), 30, weekdays, 'Europe/Tallinn').toISOString()).toBe(
      '2026-11-30T06:30:00.000Z',
    );
  });

  it('skips holidays', () => {
    const cal = { ...weekdays, holidays: ['2026-11-30'] };
    expect(addBusinessMinutes(new Date('2026-11-27T14:00:00Z'), 120, cal, 'Europe/Tallinn').toISOString()).toBe(
      '2026-12-01T07:00:00.000Z',
    );
  });

  it('a 24 h SLA spans more than two and a half working days', () => {
    // Wednesday 08:00 local + 24 business hours (9 h days) = Friday 14:00 local
    expect(
      addBusinessMinutes(new Date('2026-11-25T06:00:00Z'), 24 * 60, weekdays, 'Europe/Tallinn').toISOString(),
    ).toBe('2026-11-27T12:00:00.000Z');
  });

  it('follows daylight saving time changes (Helsinki, last Sunday of March)', () => {
    // Friday 2026-03-27 16:00 local (UTC+2) + 2 h → Monday 2026-03-30 09:00 local (UTC+3)
    expect(addBusinessMinutes(new Date('2026-03-27T14:00:00Z'), 120, weekdays, 'Europe/Helsinki').toISOString()).toBe(
      '2026-03-30T06:00:00.000Z',
    );
  });

  it('counts business minutes between instants and is the inverse of adding', () => {
    const start = new Date('2026-11-26T13:17:00Z');
    const due = addBusinessMinutes(start, 1000, weekdays, 'Europe/Berlin');
    expect(businessMinutesBetween(start, due, weekdays, 'Europe/Berlin')).toBe(1000);
    expect(businessMinutesBetween(due, start, weekdays, 'Europe/Berlin')).toBe(0);
  });

  it('round-the-clock calendars behave like wall time', () => {
    const always = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };
    expect(addBusinessMinutes(new Date('2026-11-28T23:30:00Z'), 90, always, 'UTC').toISOString()).toBe(
      '2026-11-29T01:00:00.000Z',
    );
  });

  it('knows whether an instant is business time', () => {
    expect(isBusinessTime(new Date('2026-11-25T08:00:00Z'), weekdays, 'Europe/Tallinn')).toBe(true);
    expect(isBusinessTime(new Date('2026-11-28T08:00:00Z'), weekdays, 'Europe/Tallinn')).toBe(false);
  });

  it('plans the warning at a share of the SLA', () => {
    const plan = planSla(new Date('2026-11-25T06:00:00Z'), {
      slaMinutes: 8 * 60,
      warnAtShare: 0.75,
      calendar: weekdays,
      timeZone: 'Europe/Tallinn',
    });
    expect(plan.warnAt.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(plan.dueAt.toISOString()).toBe('2026-11-25T14:00:00.000Z');
  });

  it('refuses a calendar without working days', () => {
    expect(() => addBusinessMinutes(new Date(), 10, { days: [], start: '08:00', end: '17:00' }, 'UTC')).toThrow(
      /no working time/,
    );
  });
});

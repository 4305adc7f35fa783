import { triageClock } from '@app/triage';
import { bootTriage, get, post, staff, TriageHarness } from './triage.fixtures';
import { seedQueueHistory } from './staffing-forecast.fixtures';

/** The staffing forecast and its what-if over HTTP, by the controllable clock. */
describe('staffing forecast and what-if (PostgreSQL)', () => {
  let h: TriageHarness;
  beforeAll(async () => {
    h = await bootTriage('staffing-forecast', { worker: false });
    triageClock.set('2026-11-30T00:00:00Z'); // Monday midnight UTC
    await seedQueueHistory(h.ds, h.integrationId, { until: new Date('2026-11-30T00:00:00Z'), perHour: 6, backlog: 40 });
  });
  afterAll(async () => h?.close());

  it('forecasts a short team missing the SLA and shows what two more Estonian reviewers from Tuesday 08:00 change', async () => {
    const manager = await staff(h, { role: 'manager' });
    const day = { days: [1, 2, 3, 4, 5], start: '08:00', end: '16:00' };
    await staff(h, { countries: ['EE'], categories: ['regulatory'], timeZone: 'UTC', workingHours: day });
    const reviewer = await staff(h, {
      countries: ['EE'],
      categories: ['regulatory'],
      timeZone: 'UTC',
      workingHours: day,
    });

    const overview = await get(h, '/v1/forecast?days=3', manager);
    expect(overview.status).toBe(200);
    const ee = overview.body.queues.find((q: { queueKey: string }) => q.queueKey === 'vat.EE');
    expect(ee).toMatchObject({ backlog: 40, handleMinutes: 20 });
    // 48 arrivals a working day against 2 reviewers × 3 items an hour × 8 hours = 48: the backlog of 40 stays.
    expect(ee.days[0]).toMatchObject({ day: '2026-11-30', arrivals: 48, capacity: 48, backlogEnd: 40 });
    expect(ee.days[0].attainment).toBeLessThan(0.9);
    expect(overview.body.lastWeek.days).toHaveLength(7);
    // Every week of the history is alike: the weekdays are forecast exactly (Sunday night brought the backlog of 40).
    const week = overview.body.lastWeek.days;
    expect(
      week.filter((d: { predicted: number; actual: number }) => d.predicted === 48 && d.actual === 48),
    ).toHaveLength(5);
    expect(overview.body.lastWeek.wape).toBeCloseTo(40 / (5 * 48 + 40), 5);

    const body = {
      queueKey: 'vat.EE',
      days: 3,
      add: [
        {
          count: 2,
          countries: ['EE'],
          categories: ['regulatory'],
          from: '2026-12-01T08:00:00Z',
          timeZone: 'UTC',
          workingHours: day,
        },
      ],
    };
    expect((await post(h, '/v1/forecast/what-if', reviewer, body)).status).toBe(403);
    const bad = await post(h, '/v1/forecast/what-if', manager, { add: [{ count: 0, countries: ['Estonia'] }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['add[0].count', 'add[0].countries', 'add[0].categories', 'add[0].from']),
    );
    const w = await post(h, '/v1/forecast/what-if', manager, body);
    expect(w.status).toBe(200);
    const [q] = w.body.queues;
    expect(q.baseline[0]).toEqual(q.whatIf[0]); // Monday: the extra reviewers have not joined yet
    expect(q.whatIf[1].capacity).toBe(96);
    expect(q.whatIf[1].backlogEnd).toBe(0);
    expect(q.whatIf[1].attainment).toBeGreaterThan(q.baseline[1].attainment);
    expect(q.whatIf[1].attainment).toBeGreaterThan(0.95);
  });

  it('covers the rest of today and the next N whole days, whatever the hour of the request', async () => {
    const manager = await staff(h, { role: 'manager' });
    const daysAt = async (iso: string) => {
      triageClock.set(iso);
      const res = await get(h, '/v1/forecast?days=3', manager);
      expect(res.status).toBe(200);
      return res.body.queues.find((q: { queueKey: string }) => q.queueKey === 'vat.EE').days as {
        day: string;
        arrivals: number;
      }[];
    };
    try {
      for (const iso of ['2026-11-30T00:00:00Z', '2026-11-30T00:45:00Z', '2026-11-30T13:30:00Z']) {
        const days = await daysAt(iso);
        // The page says "today and the next 3 days": four days, the last one whole (a weekday brings 48).
        expect(days.map((d) => d.day)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']);
        expect(days[3].arrivals).toBe(48);
      }
    } finally {
      triageClock.set('2026-11-30T00:00:00Z');
    }
  });
});

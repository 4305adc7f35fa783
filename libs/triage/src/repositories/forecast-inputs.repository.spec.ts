import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { queueAggregateId } from '../queues/queue-aggregate-id';
import { ALWAYS, TriageFixtures } from '../testing/triage-fixtures';
import { detectSurges, loadForecastInputs, SURGE_MIN_ARRIVALS } from './forecast-inputs.repository';

describe('forecast inputs repository (PostgreSQL)', () => {
  let db: TestDatabase;
  let fx: TriageFixtures;
  let invoice: string;
  const HOUR = 3_600_000;
  /** Wednesday 09:00 UTC: hour 57 of the ISO week. */
  const at = new Date('2026-11-25T09:00:00Z');
  const ago = (hours: number) => new Date(at.getTime() - hours * HOUR);
  const system = { type: 'system' as const, id: 'system' };

  beforeAll(async () => {
    db = await openTestDatabase('triage_forecast_repo');
    fx = await new TriageFixtures(db.ds).init();
    await fx.queue('vat.FI', { requiredCountries: ['FI'] });
    await fx.queue('vat.EE', { requiredCountries: ['EE'] });
    await fx.queue('system.failed');
    await fx.reviewer({ countries: ['FI'] });
    await fx.reviewer({ countries: ['FI', 'EE'] });
    await fx.reviewer({ countries: ['FI'], capacity: 0 }); // not staffing anything
    invoice = await fx.invoice();
    // A week ago, Wednesday 10:00–11:00 (hour 58): four arrivals in vat.FI, two of them handled for 20 minutes.
    for (let i = 0; i < 4; i++) {
      const id = await fx.exception(invoice, 'vat.FI', { createdAt: new Date(ago(167).getTime() + i * 60_000) });
      if (i < 2)
        await db.ds.query(
          `UPDATE exceptions SET status = 'resolved', resolved_at = $2, handle_seconds = 1200 WHERE id = $1`,
          [id, ago(166)],
        );
    }
  });
  afterAll(() => db?.close());

  it('learns arrivals per hour of week, handle time and backlog, and counts who is on shift per queue', async () => {
    const trainFrom = ago(14 * 24);
    const inputs = await loadForecastInputs(db.ds, { at, hours: 2, trainFrom, trainTo: at });
    expect(inputs.map((q) => q.queueKey)).toEqual(['vat.EE', 'vat.FI']); // system.failed is not forecast
    const fi = inputs.find((q) => q.queueKey === 'vat.FI')!;
    // History starts on the day of the first arrival: 7 days and 9 hours, so weeks = 177 / 168.
    expect(fi.arrivalsByHourOfWeek[58]).toBeCloseTo(4 / (177 / 168), 9);
    expect(fi.arrivalsByHourOfWeek.filter((x) => x > 0)).toHaveLength(1);
    expect(fi.handleMinutes).toBe(20);
    expect(fi.backlog).toBe(2);
    expect(fi.slaMinutes).toBe(60);
    // Hour 57 has no arrivals anywhere: the FI+EE reviewer counts half in each queue. Hour 58: all FI.
    expect(fi.agentsByHour).toEqual([1.5, 2]);
    const ee = inputs.find((q) => q.queueKey === 'vat.EE')!;
    expect(ee).toMatchObject({ handleMinutes: 15, backlog: 0, agentsByHour: [0.5, 0] });
  });

  it('adds what-if reviewers from the hour they join, and narrows to one queue', async () => {
    const [fi] = await loadForecastInputs(db.ds, {
      at,
      hours: 2,
      trainFrom: ago(14 * 24),
      trainTo: at,
      queueKey: 'vat.FI',
      extra: [
        {
          countries: ['FI'],
          languages: [],
          categories: [],
          workingHours: ALWAYS,
          timeZone: 'UTC',
          homeCountry: null,
          from: new Date(at.getTime() + HOUR),
        },
      ],
    });
    expect(fi.queueKey).toBe('vat.FI');
    expect(fi.agentsByHour).toEqual([1.5, 3]);
  });

  it('starts surge mode when the last hour brought more than the team serves, and ends it when arrivals calm down', async () => {
    // The team serves 1.5 agents × 60 / 20 minutes = 4.5 items an hour in vat.FI.
    for (let i = 0; i < SURGE_MIN_ARRIVALS + 1; i++)
      await fx.exception(invoice, 'vat.FI', { createdAt: new Date(at.getTime() - (i + 1) * 60_000) });
    const started = await db.ds.transaction((em) => detectSurges(em, at, system));
    expect(started).toEqual([{ queueKey: 'vat.FI', surging: true, arrivals: 6, capacity: 4.5 }]);
    const [q] = await db.ds.query(`SELECT surge_since FROM review_queues WHERE key = 'vat.FI'`);
    expect(q.surge_since).toEqual(at);
    expect(await fx.auditActions(queueAggregateId('vat.FI'))).toEqual(['surge_started']);
    expect(await db.ds.transaction((em) => detectSurges(em, at, system))).toEqual([]); // no change, nothing written

    const later = new Date(at.getTime() + 2 * HOUR);
    const ended = await db.ds.transaction((em) => detectSurges(em, later, system));
    expect(ended).toEqual([expect.objectContaining({ queueKey: 'vat.FI', surging: false, arrivals: 0 })]);
    expect(await fx.auditActions(queueAggregateId('vat.FI'))).toEqual(['surge_started', 'surge_ended']);
  });
});
